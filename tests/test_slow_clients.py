"""Slow clients cannot stall the site when it runs as docs/deployment.md says: gunicorn behind nginx.

gunicorn runs the container image's own command, read from the Dockerfile (two workers, through
WEB_CONCURRENCY as the image reads it, on a loopback socket), and nginx runs deploy/nginx.conf as
shipped, with only the addresses, ports, certificate and log folder swapped in. nginx runs as an
unprivileged user, everything it writes in a temporary folder.

Connections that send their request a byte at a time, or nothing at all, far outnumber the
workers. Through nginx a page still answers at once; the same connections straight to gunicorn
stall it (the control test), so the first test proves something.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import http.client
import json
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from helpers import SECRET, csrf
from questionnaire.content.tree import load_trees
from questionnaire.privacy.security import SecurityHeaders

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "kwys.example.org"  # the name deploy/nginx.conf serves
WORKERS = 2
SLOW_PER_KIND = 8  # silent, slow headers, slow body: 24 connections against 2 one-request workers
FAST = 2.0  # seconds an ordinary page may take while the slow clients hang on
DRIP = 0.3  # seconds between two bytes of a slow client
READY_TIMEOUT = 30.0

# The headers the app puts on its pages (with QUESTIONNAIRE_TLS=1), as (name, value) pairs.
PAGE_HEADERS = SecurityHeaders(lambda environ, start_response: [], "/static", hsts=True).page


def image_command() -> list[str]:
    """The container image's command, as the Dockerfile's CMD writes it."""
    text = (ROOT / "Dockerfile").read_text()
    match = re.search(r"^CMD (\[.*?\])\s*$", text, re.MULTILINE | re.DOTALL)
    assert match, "the Dockerfile has no CMD [...]"
    return json.loads(match.group(1).replace("\\\n", ""))


def site_config(folder: Path, app_port: int, http_port: int, https_port: int) -> str:
    """deploy/nginx.conf with only what differs on a test machine swapped in."""
    text = SITE.read_text()
    swaps = [
        (r"(?m)^([ \t]*server )127\.0\.0\.1:8000\b", rf"\g<1>127.0.0.1:{app_port}", 1),
        (r"(?m)^[ \t]*listen \[::\]:.*\n", "", 3),  # no IPv6 needed on loopback
        (r"(?m)^([ \t]*listen )80\b", rf"\g<1>127.0.0.1:{http_port}", 1),
        (r"(?m)^([ \t]*listen )443\b", rf"\g<1>127.0.0.1:{https_port}", 2),
        (r"/etc/letsencrypt/live/kwys\.example\.org/", f"{folder}/", 2),
        (r"/var/log/nginx/", f"{folder}/", 2),
    ]
    for pattern, replacement, count in swaps:
        text, found = re.subn(pattern, replacement, text)
        assert found == count, (
            f"deploy/nginx.conf changed shape: {pattern!r} found {found} times, not {count}"
        )
    return text


def write_certificate(folder: Path) -> Path:
    """A self-signed certificate for HOST where the site file expects Let's Encrypt's."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    chain = folder / "fullchain.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    private = folder / "privkey.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    private.chmod(0o600)
    return chain


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raw_request(path: str = "/en/", extra: bytes = b"", method: str = "GET") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Language: en\r\nConnection: close\r\n"
    return head.encode() + extra + b"\r\n"


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def exchange(sock: socket.socket, request: bytes) -> Reply:
    """Send one request on a fresh connection and read the whole response."""
    with sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        try:
            response.begin()
            return Reply(response.status, response.msg, response.read())
        finally:
            response.close()


def send_plain(port: int, request: bytes, timeout: float = 10) -> Reply:
    """One request over plain HTTP on loopback."""
    return exchange(socket.create_connection(("127.0.0.1", port), timeout=timeout), request)


@dataclass
class Site:
    folder: Path
    app_port: int
    http_port: int
    https_port: int
    tls: ssl.SSLContext

    def connect(self, timeout: float = 10) -> socket.socket:
        """A TLS connection to nginx, for HOST."""
        sock = socket.create_connection(("127.0.0.1", self.https_port), timeout=timeout)
        try:
            return self.tls.wrap_socket(sock, server_hostname=HOST)
        except BaseException:
            sock.close()
            raise

    def send(self, request: bytes, timeout: float = 10) -> Reply:
        """One request through nginx."""
        return exchange(self.connect(timeout), request)

    def send_direct(self, request: bytes, timeout: float = 10) -> Reply:
        """One request straight to gunicorn, as if nothing stood in front of it."""
        return send_plain(self.app_port, request, timeout)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # both gunicorn and nginx stop their workers and exit on SIGTERM
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until(ready, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{log.read_text()}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{what} did not answer within {READY_TIMEOUT} s:\n{log.read_text()}")


def image_env(secret: str, workers: int) -> dict[str, str]:
    """The environment the image's gunicorn runs with behind the shipped nginx site (TLS, one host),
    without any QUESTIONNAIRE_ or GUNICORN_ setting of the machine running the tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUESTIONNAIRE_", "GUNICORN_"))}
    return env | {
        "WEB_CONCURRENCY": str(workers),
        "QUESTIONNAIRE_SECRET_KEY": secret,
        "QUESTIONNAIRE_TLS": "1",
        "QUESTIONNAIRE_BASE_URL": f"https://{HOST}",
        "QUESTIONNAIRE_HOSTS": HOST,
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
    }


def _start_gunicorn(request: pytest.FixtureRequest, folder: Path) -> int:
    """The image's gunicorn command on a loopback socket bound here (no race for the port)."""
    command = image_command()
    assert command[0] == "gunicorn" and "--bind" in command, command
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    args = command[1:]
    args[args.index("--bind") + 1] = f"fd://{listener.fileno()}"
    env = image_env(SECRET, WORKERS)
    log = folder / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
        )
    request.addfinalizer(lambda: _stop(process))
    listener.close()  # the child has its own copy
    _wait_until(lambda: send_plain(port, raw_request("/healthz"), 2).status == 200, process, log, "gunicorn")
    return port


def _start_nginx(request: pytest.FixtureRequest, site: Site) -> None:
    """nginx with the shipped site file, as an unprivileged user, all its files in site.folder."""
    folder = site.folder
    (folder / "know-where-you-stand.conf").write_text(
        site_config(folder, site.app_port, site.http_port, site.https_port)
    )
    temp = "\n".join(f"    {kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi"))
    temp += "\n" + "\n".join(f"    {kind}_temp_path {folder}/{kind};" for kind in ("uwsgi", "scgi"))
    (folder / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        f"events {{ worker_connections 512; }}\n"
        f"http {{\n    access_log off;\n{temp}\n    include {folder}/know-where-you-stand.conf;\n}}\n"
    )
    log = folder / "error.log"
    log.touch()
    user = {}
    if os.geteuid() == 0:  # as root, nginx would start as root: run it as nobody instead
        nobody = pwd.getpwnam("nobody")
        for path in (folder, *folder.iterdir()):
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
        user = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    with log.open("ab") as out:  # what nginx says before it opens its own log goes there too
        process = subprocess.Popen(
            [NGINX, "-p", str(folder), "-e", str(log), "-c", str(folder / "nginx.conf")],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            **user,
        )
    request.addfinalizer(lambda: _stop(process))
    _wait_until(lambda: site.send(raw_request("/healthz"), 2).status == 200, process, log, "nginx")


@pytest.fixture(scope="module")
def site(request) -> Site:
    """gunicorn as the image runs it, and nginx with deploy/nginx.conf in front."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make test` installs it (apt-get install nginx)")
    folder = Path(tempfile.mkdtemp(prefix="kwys-nginx-"))  # not under pytest's folder: nobody reads it
    request.addfinalizer(lambda: shutil.rmtree(folder, ignore_errors=True))
    folder.chmod(0o755)
    chain = write_certificate(folder)
    app_port = _start_gunicorn(request, folder)
    site = Site(folder, app_port, free_port(), free_port(), ssl.create_default_context(cafile=chain))
    _start_nginx(request, site)
    return site


class SlowClients:
    """Connections that never finish their request: silent, headers a byte at a time, body a byte at a time."""

    def __init__(self, connect, connect_silent, per_kind: int) -> None:
        self.silent = [connect_silent() for _ in range(per_kind)]
        self.dripping: list[socket.socket] = []
        for _ in range(per_kind):
            sock = connect()
            sock.sendall(f"GET /en/ HTTP/1.1\r\nHost: {HOST}\r\nX-Slow: ".encode())
            self.dripping.append(sock)
        for _ in range(per_kind):
            sock = connect()
            sock.sendall(  # every answer is posted to /en/walk, which reads the whole form
                raw_request(
                    "/en/walk",
                    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 9000\r\n",
                    "POST",
                )
                + b"answer="
            )
            self.dripping.append(sock)
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._drip, daemon=True)

    def _drip(self) -> None:
        while not self.done.wait(DRIP):
            for sock in self.dripping:
                try:
                    sock.sendall(b"a")
                except OSError:
                    pass  # closed by the far end; that is its right

    def __enter__(self) -> SlowClients:
        self.thread.start()
        time.sleep(1)  # every connection accepted and a few bytes further
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()
        for sock in self.silent + self.dripping:
            sock.close()


def timed(send) -> tuple[int, float]:
    started = time.monotonic()
    status = send().status
    return status, time.monotonic() - started


def test_pages_answer_at_once_while_slow_clients_outnumber_the_workers(site):
    silent = lambda: socket.create_connection(("127.0.0.1", site.https_port), timeout=10)  # noqa: E731
    with SlowClients(site.connect, silent, SLOW_PER_KIND):
        for _ in range(3):
            status, seconds = timed(lambda: site.send(raw_request("/en/"), timeout=10))
            assert status == 200
            assert seconds < FAST, f"a page took {seconds:.1f} s behind nginx with slow clients waiting"


def test_without_nginx_the_same_slow_clients_stall_gunicorn(site):
    """The control: straight to gunicorn, the slow connections hold every worker."""
    direct = lambda: socket.create_connection(("127.0.0.1", site.app_port), timeout=10)  # noqa: E731
    with SlowClients(direct, direct, SLOW_PER_KIND):
        started = time.monotonic()
        try:
            status = site.send_direct(raw_request("/en/"), timeout=2 * FAST).status
        except TimeoutError:
            status = None
        took = time.monotonic() - started
    assert status is None, (
        f"gunicorn alone answered ({status}) in {took:.1f} s with {3 * SLOW_PER_KIND} slow clients: "
        "the test above proves nothing until slow clients stall gunicorn again"
    )
    status, seconds = timed(lambda: site.send_direct(raw_request("/en/")))  # free again once they go
    assert status == 200 and seconds < FAST


RESPONSES = [
    ("a page", raw_request("/en/"), 200),
    ("the app's own 404", raw_request("/en/nope/"), 404),
    ("gunicorn's 414: a request line over 2048 bytes", raw_request("/en/?" + "a" * 3000), 414),
    (
        "gunicorn's 431: more than 50 headers",
        raw_request("/en/", b"".join(b"X-Pad-%d: 1\r\n" % i for i in range(60))),
        431,
    ),
    ("nginx's 414: a request line over 4 KB", raw_request("/en/?" + "a" * 5000), 414),
    ("nginx's 400: a header over 4 KB", raw_request("/en/", b"X-Big: " + b"a" * 5000 + b"\r\n"), 400),
    ("nginx's 400: no HTTP at all", b"NONSENSE\r\n\r\n", 400),
    ("nginx's 413: a body over 16 KB", raw_request("/en/", b"Content-Length: 20000\r\n", "POST"), 413),
]


def headers_for(body: bytes) -> list[tuple[str, str]]:
    """The headers a response must carry: a page with an inline stylesheet names it in the CSP by
    the sha256 of its exact text; an error page of gunicorn or nginx has none to name."""
    styles = re.findall(rb"<style>(.*?)</style>", body, re.DOTALL)
    if not styles:
        return PAGE_HEADERS
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(text).digest()).decode()}'" for text in styles
    )
    csp = f"{dict(PAGE_HEADERS)['Content-Security-Policy']}; style-src 'self' {hashes}"
    return [(name, csp if name == "Content-Security-Policy" else value) for name, value in PAGE_HEADERS]


@pytest.mark.parametrize(("what", "request_bytes", "status"), RESPONSES, ids=[case[0] for case in RESPONSES])
def test_every_response_through_nginx_has_each_security_header_once(site, what, request_bytes, status):
    reply = site.send(request_bytes)
    assert reply.status == status, (what, reply.body[:300])
    if what.startswith(("a page", "the app's")):
        assert b"<style>" in reply.body, what  # the app's pages carry their stylesheet inline
    for name, value in headers_for(reply.body):
        assert reply.headers.get_all(name) == [value], (what, name)


def test_plain_http_redirects_other_names_are_refused_and_the_log_has_no_query(site):
    reply = send_plain(site.http_port, raw_request("/en/?name=Rosa"))
    assert reply.status == 301 and reply.headers["Location"] == f"https://{HOST}/en/?name=Rosa"

    with socket.create_connection(("127.0.0.1", site.https_port), timeout=10) as sock:
        with pytest.raises(ssl.SSLError):
            site.tls.wrap_socket(sock, server_hostname="elsewhere.example.org").close()

    assert site.send(raw_request("/en/?name=Rosa")).status == 200
    log = site.folder / "kwys-access.log"
    deadline = time.monotonic() + 5
    while " GET /en/ 200 " not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)  # nginx writes the line once the response is sent
    text = log.read_text()
    assert " GET /en/ 200 " in text
    assert "Rosa" not in text and "?" not in text and "127.0.0.1" not in text


def test_a_walk_through_the_documented_setup_leaves_no_answer_or_question_in_either_log(site):
    """The access logs of gunicorn (as the image writes it) and nginx, after a real walk over TLS."""
    cookie = ""

    def call(path: str, form: dict[str, str] | None = None) -> Reply:
        nonlocal cookie
        extra = f"Cookie: {cookie}\r\n".encode() if cookie else b""
        body = b""
        if form is not None:
            body = urlencode(form).encode()
            extra += (
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n".encode()
            )
        reply = site.send(raw_request(path, extra, "POST" if form is not None else "GET") + body)
        if reply.headers.get("Set-Cookie"):
            cookie = reply.headers["Set-Cookie"].split(";", 1)[0]
        return reply

    def token() -> str:
        return csrf(call("/en/walk").body.decode())

    home = call("/en/").body.decode()
    assert call("/en/walk", {"csrf_token": csrf(home), "tree": "local_police", "go": "start"}).status == 302
    for node, value in (("state", "TX"), ("county", "48201")):
        form = {"csrf_token": token(), "tree": "local_police", "page": node, "answer": value}
        assert call("/en/walk", form).status == 302
    assert call("/en/walk", {"csrf_token": token(), "tree": "local_police", "go": "result"}).status == 302
    outcome = call("/en/walk")
    assert outcome.status == 200 and "Harris County" in outcome.body.decode()

    trees = load_trees()
    names = {"TX", "48201", "Harris", "Texas"} | set(trees)
    names |= {node for tree in trees.values() for node in tree.nodes}
    time.sleep(0.5)  # both write a line once the response is sent
    for log in (site.folder / "gunicorn.log", site.folder / "kwys-access.log"):
        lines = [line for line in log.read_text().splitlines() if " /en/walk " in line]
        assert len(lines) >= 8, (log.name, lines)  # each of the 4 forms and 4 pages was logged
        leaked = [
            (line, name) for line in lines for name in names if re.search(rf"\b{re.escape(name)}\b", line)
        ]
        assert not leaked, (log.name, leaked)
