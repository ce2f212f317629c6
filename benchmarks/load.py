"""Drive full walks of every questionnaire against a running server and report speed, errors and memory.

Each virtual user is one thread with its own cookie jar and its own connection. It picks a
questionnaire and one of its paths at random (fixed seed), then walks it like a browser. Every page
of a walk is at /en/walk, and the encrypted cookie says which one is on screen, so the user reads it
from the page, as a person does: it presses the questionnaire's button on the home page (POST
/en/walk go=start), follows the redirect, reads the question on screen from its form's hidden
`page` field, posts the answer with the page's CSRF token, follows the redirect, ... until "Check
your answers", presses "See what this means for you" (go=result), and gets the outcome, whose <h1>
must be the outcome the path should reach. It ends with "Start again" (go=restart: the first
question must be on screen again) or "Quick exit" (the cookie must be gone).

Only loopback addresses are accepted as targets, and a redirect to another host (Quick exit sends
the browser to a neutral outside site) is never followed. New walks start until --seconds have
passed and never after --max-walks; each request gives up after --timeout seconds, so a run always
ends by itself, at worst one walk's worth of timeouts after --seconds.

Usage (benchmarks/load.sh starts gunicorn and calls this):
    python benchmarks/load.py --url http://127.0.0.1:8000 [--seconds 60] [--connections 64]
        [--seed 1] [--master-pid PID]
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import os
import random
import re
import resource
import subprocess
import sys
import threading
import time
import typing as t
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from markupsafe import escape

from questionnaire.content.jurisdictions import load_jurisdictions
from questionnaire.content.paths import Path, enumerate_paths
from questionnaire.content.tree import Tree, load_trees

LANG = "en"  # the <h1> check compares with the English titles in the trees
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
PAGE = re.compile(r'name="page" value="([^"]+)"')
CHECK, RESULT = "the check page", "the outcome"


class WalkError(Exception):
    """The walk went somewhere it should not have (counted as an error)."""


class HttpError(WalkError):
    """A 4xx or 5xx status, or a broken connection (counted as an error)."""


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # seconds, one per request
    requests: int = 0
    walks: int = 0
    http_errors: int = 0
    walk_errors: int = 0
    messages: list[str] = field(default_factory=list)


class VirtualUser:
    """One browser: a connection, a cookie jar, and the requests it made."""

    def __init__(self, host: str, port: int, timeout: float, stats: Stats) -> None:
        self.host, self.port = host, port
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)
        self.cookies: dict[str, str] = {}
        self.headers: http.client.HTTPMessage | None = None  # of the last response
        self.stats = stats

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """Send one request; returns (status, same-host Location path or "", body)."""
        headers = {"Accept-Language": LANG, "User-Agent": "questionnaire-load/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            # http.client reopens the connection by itself after a "Connection: close" response
            # (gunicorn's sync workers close after every response).
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            raise HttpError(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        self.stats.latencies.append(time.perf_counter() - started)
        self.stats.requests += 1
        self.headers = response.headers
        for header in response.headers.get_all("Set-Cookie") or ():
            self._store(header)
        if response.status >= 400:
            raise HttpError(f"{method} {path}: status {response.status}")
        return response.status, self._location(response.headers.get("Location", "")), text

    def _store(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)  # Flask deletes a cookie with Max-Age=0 and an empty value
            else:
                self.cookies[name] = morsel.value

    def _location(self, location: str) -> str:
        """The path of a same-host redirect; "" for none; "external" for another host (never followed)."""
        if not location:
            return ""
        url = urllib.parse.urlsplit(location)
        if url.netloc and url.netloc != f"{self.host}:{self.port}":
            return "external"
        return url.path

    def expect(
        self, method: str, path: str, status: int, form: dict[str, str] | None = None
    ) -> tuple[str, str]:
        got, location, text = self.request(method, path, form)
        if got != status:
            raise WalkError(f"{method} {path}: status {got}, expected {status} (Location {location!r})")
        return location, text


def csrf_token(html: str, where: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise WalkError(f"{where}: no csrf_token on the page")
    return match.group(1)


def on_screen(html: str) -> str:
    """Which page of the walk is showing: a question's node id (its form's hidden `page` field),
    CHECK, or RESULT. The address is /<lang>/walk for all of them, so only the page can tell."""
    match = PAGE.search(html)
    if match and ('name="answer"' in html or 'id="continue"' in html):
        return match.group(1)
    if 'name="go" value="result"' in html:
        return CHECK
    if 'name="go" value="restart"' in html:
        return RESULT
    return "neither a question, the check page nor an outcome"


def walk(user: VirtualUser, tree: Tree, path: Path, rng: random.Random) -> None:
    """One person's full walk of one path; raises WalkError at the first thing that is wrong."""
    walk_url = f"/{LANG}/walk"

    def press(html: str, where: str, form: dict[str, str]) -> None:
        """Submit a form of the page on screen; every one redirects back to the walk."""
        data = {"csrf_token": csrf_token(html, where), "tree": tree.id, **form}
        url, _ = user.expect("POST", walk_url, 302, data)
        if url != walk_url:
            raise WalkError(f"{where}: {form} sent to {url}, expected {walk_url}")

    # The home page lists every questionnaire as a button of a form; open this one.
    _, home = user.expect("GET", f"/{LANG}/", 200)
    if f'name="tree" value="{tree.id}"' not in home:
        raise WalkError(f"the home page offers no {tree.id}")
    press(home, "home", {"go": "start"})
    for node_id, value in path.answers:
        _, page = user.expect("GET", walk_url, 200)
        shown = on_screen(page)
        if shown != node_id:
            raise WalkError(f"{path.describe()}: expected question {node_id} on screen, found {shown}")
        form = {"page": node_id}
        if tree.node(node_id).kind != "info":  # an information page posts only its token and page
            form["answer"] = value
        press(page, node_id, form)
    _, page = user.expect("GET", walk_url, 200)
    if (shown := on_screen(page)) != CHECK:
        raise WalkError(f"after the last answer of {path.describe()}, on screen: {shown}")
    press(page, CHECK, {"go": "result"})  # "See what this means for you"
    _, page = user.expect("GET", walk_url, 200)
    heading = H1.search(page)
    wanted = str(escape(tree.node(path.outcome).title))
    if on_screen(page) != RESULT or heading is None or heading.group(1).strip() != wanted:
        found = heading.group(1).strip() if heading else None
        raise WalkError(f"{path.describe()}: outcome <h1> {found!r}, expected {wanted!r}")
    if rng.random() < 0.5:
        # Start again: every answer forgotten, this questionnaire open at its first question.
        press(page, RESULT, {"go": "restart"})
        if user.headers is None or '"cache"' not in user.headers.get("Clear-Site-Data", ""):
            raise WalkError("Start again did not ask the browser to drop its copies of pages")
        _, page = user.expect("GET", walk_url, 200)
        first = path.answers[0][0]
        if (shown := on_screen(page)) != first:
            raise WalkError(f"after Start again, on screen: {shown}, expected the first question {first}")
    else:
        url, _ = user.expect("GET", "/exit", 302)
        if url != "external":
            raise WalkError(f"quick exit sent to {url}, expected the outside exit site")
        if user.cookies.get("s"):
            raise WalkError("the state cookie survived Quick exit")


def run_user(
    index: int,
    args: argparse.Namespace,
    plans: list[tuple[Tree, list[Path]]],
    deadline: float,
    budget: t.Iterator[int],
    lock: threading.Lock,
    stats: Stats,
) -> None:
    """One virtual user's loop; it writes only to its own stats, merged when all have finished."""
    rng = random.Random(args.seed * 100_003 + index)  # each user's choices are reproducible
    url = urllib.parse.urlsplit(args.url)
    user = VirtualUser(url.hostname or "", url.port or 80, args.timeout, stats)
    try:
        while time.monotonic() < deadline:
            with lock:
                if next(budget, None) is None:  # the run's walk budget is spent
                    return
            tree, paths = rng.choice(plans)
            path = rng.choice(paths)
            user.cookies.clear()  # a new person
            try:
                walk(user, tree, path, rng)
                stats.walks += 1
            except HttpError as exc:
                stats.http_errors += 1
                stats.messages.append(str(exc))
                time.sleep(0.05)  # a refused or broken connection: do not spin on it
            except WalkError as exc:
                stats.walk_errors += 1
                stats.messages.append(str(exc))
    finally:
        user.conn.close()


def worker_memory(master_pid: int | None) -> dict[int, int]:
    """RSS in KiB of each gunicorn worker (the master's children), from /proc/<pid>/status."""
    if master_pid is None:
        return {}
    found = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True, check=False)
    rss = {}
    for pid in map(int, found.stdout.split()):
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as f:
                line = next(line for line in f if line.startswith("VmRSS:"))
            rss[pid] = int(line.split()[1])
        except (OSError, StopIteration):
            pass  # the worker went away between pgrep and the read
    return rss


def worker_cpu(master_pid: int | None) -> float:
    """CPU seconds the workers have used so far (user + system), from /proc/<pid>/stat."""
    if master_pid is None:
        return 0.0
    found = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True, check=False)
    ticks = 0
    for pid in found.stdout.split():
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat(5)
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def describe_memory(label: str, rss: dict[int, int]) -> str:
    if not rss:
        return f"memory {label:7s} (no workers found)"
    each = ", ".join(f"{pid}: {kib / 1024:.1f}" for pid, kib in sorted(rss.items()))
    return f"memory {label:7s} total {sum(rss.values()) / 1024:6.1f} MiB  (worker pid: RSS MiB  {each})"


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def check_loopback(url: str) -> None:
    """Refuse any target but this machine: load is never sent anywhere else."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        ok = ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = host == "localhost"
    if not ok:
        sys.exit(f"load.py: refusing {url}: only loopback addresses (127.0.0.0/8, ::1) may be targets")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", required=True, help="base URL of the server, on loopback")
    parser.add_argument("--seconds", type=float, default=60, help="how long to start new walks (default 60)")
    parser.add_argument("--connections", type=int, default=64, help="concurrent virtual users (default 64)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for trees and paths (default 1)")
    parser.add_argument("--max-walks", type=int, default=1_000_000, help="stop after this many walks")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for one response")
    parser.add_argument("--master-pid", type=int, help="gunicorn master, to report its workers' memory")
    args = parser.parse_args()
    check_loopback(args.url)

    trees, data = load_trees(), load_jurisdictions()
    plans = [(tree, enumerate_paths(tree, data)) for _, tree in sorted(trees.items())]
    count = sum(len(paths) for _, paths in plans)
    print(
        f"load: {len(plans)} questionnaires, {count} paths, {args.connections} connections, {args.seconds:g} s"
    )
    # Other work on the machine skews every figure: say how busy it was.
    print("load average before  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

    cold = worker_memory(args.master_pid)
    cpu_before = worker_cpu(args.master_pid)
    mine = resource.getrusage(resource.RUSAGE_SELF)
    per_user = [Stats() for _ in range(args.connections)]
    lock = threading.Lock()
    budget = iter(range(args.max_walks))
    started = time.monotonic()
    deadline = started + args.seconds
    threads = [
        threading.Thread(
            target=run_user, args=(i, args, plans, deadline, budget, lock, per_user[i]), daemon=True
        )
        for i in range(args.connections)
    ]
    for thread in threads:
        thread.start()

    # Memory after the caches have filled (a fifth of the run), then a few samples, then the end:
    # growth after warm-up is what a leak would show.
    samples: list[tuple[float, dict[int, int]]] = []
    warm_at = started + min(max(args.seconds / 5, 1), args.seconds)
    step = max(args.seconds / 6, 1)
    next_sample = warm_at
    while any(thread.is_alive() for thread in threads):
        if time.monotonic() >= next_sample:
            samples.append((time.monotonic() - started, worker_memory(args.master_pid)))
            next_sample += step
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    after = worker_memory(args.master_pid)
    server_cpu = worker_cpu(args.master_pid) - cpu_before
    usage = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = usage.ru_utime + usage.ru_stime - mine.ru_utime - mine.ru_stime

    stats = Stats()
    for one in per_user:
        stats.latencies += one.latencies
        stats.requests += one.requests
        stats.walks += one.walks
        stats.http_errors += one.http_errors
        stats.walk_errors += one.walk_errors
        stats.messages += one.messages
    latencies = sorted(stats.latencies)
    print("load average after   {:.2f} {:.2f} {:.2f} (includes this run)".format(*os.getloadavg()))
    errors = stats.http_errors + stats.walk_errors
    print(f"requests     {stats.requests} in {elapsed:.1f} s, {len(stats.latencies)} timed")
    print(f"throughput   {stats.requests / elapsed:.1f} requests/s, {stats.walks / elapsed:.1f} walks/s")
    print(
        f"latency      p50 {percentile(latencies, 0.50) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms"
    )
    print(f"walks        {stats.walks} completed")
    print(
        f"errors       {errors} ({stats.http_errors} HTTP 4xx/5xx or connection, {stats.walk_errors} wrong walk)"
    )
    for message in stats.messages[:10]:
        print(f"  error: {message}")
    # Both share the machine's cores: how much of them each side used.
    print(
        f"cpu          workers {server_cpu / elapsed:.2f} cores, this load generator {client_cpu / elapsed:.2f} cores"
    )
    if args.master_pid is not None:
        print(describe_memory("before", cold))
        warm = samples[0][1] if samples else {}
        print(describe_memory("warm", warm))
        for at, rss in samples[1:]:
            print(f"memory at {at:5.1f} s total {sum(rss.values()) / 1024:6.1f} MiB")
        print(describe_memory("after", after))
        if set(after) != set(cold):
            print("memory: the worker pids changed during the run (a worker was restarted)")
        elif warm:
            growth = (sum(after.values()) - sum(warm.values())) / 1024
            print(f"memory       {growth:+.1f} MiB after warm-up across all workers")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
