"""Serve the app as production does, for Lighthouse: the image's gunicorn command behind nginx
running deploy/nginx.conf (TLS, gzip), with a bare page beside it through the same nginx.

What differs from production is only what tests/test_slow_clients.py swaps in (its helpers are
used here, so the two cannot drift apart): loopback addresses and ports, a self-signed certificate
for kwys.example.org, the log folder. The bare page ("hello", on its own TLS port) is the floor:
the first paint Lighthouse's simulated network allows any page served this way.

Usage: behind_nginx.py SECRET   Prints {"site": port, "floor": port} once both answer, then runs
until it is stopped (SIGTERM or SIGINT), and stops gunicorn and nginx with it.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_slow_clients import (  # noqa: E402
    HOST,
    NGINX,
    free_port,
    image_command,
    image_env,
    site_config,
    write_certificate,
)

WORKERS = 3  # the production default (docs/deployment.md)


def main(secret: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="kwys-nginx-"))
    app_port, http_port, site_port, floor_port = (free_port() for _ in range(4))
    write_certificate(folder)
    env = image_env(secret, WORKERS)
    command = image_command()[1:]
    command[command.index("--bind") + 1] = f"127.0.0.1:{app_port}"
    log = (folder / "gunicorn.log").open("wb")
    app = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *command], cwd=ROOT, env=env, stdout=log, stderr=log
    )

    (folder / "site.conf").write_text(site_config(folder, app_port, http_port, site_port))
    temp = "\n".join(
        f"    {k}_temp_path {folder}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    floor = (
        f"    server {{\n        listen 127.0.0.1:{floor_port} ssl;\n        server_name {HOST};\n"
        f"        ssl_certificate {folder}/fullchain.pem;\n        ssl_certificate_key {folder}/privkey.pem;\n"
        '        location / { default_type text/html; return 200 "hello"; }\n    }\n'
    )
    (folder / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        f"events {{ worker_connections 512; }}\n"
        f"http {{\n    access_log off;\n{temp}\n    include {folder}/site.conf;\n{floor}}}\n"
    )
    user: dict[str, object] = {}
    if os.geteuid() == 0:  # as root, nginx would start as root: run it as nobody instead
        nobody = pwd.getpwnam("nobody")
        for path in (folder, *folder.iterdir()):
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
        user = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    proxy = subprocess.Popen(
        [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")], **user
    )

    def stop(*_: object) -> None:
        for process in (proxy, app):
            process.terminate()
        for process in (proxy, app):
            process.wait(timeout=10)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if app.poll() is not None or proxy.poll() is not None:
            print((folder / "gunicorn.log").read_text(), file=sys.stderr)
            stop()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{app_port}/healthz", timeout=1)
            break
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    print(json.dumps({"site": site_port, "floor": floor_port}), flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main(sys.argv[1])
