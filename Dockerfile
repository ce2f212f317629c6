# Know Where You Stand: the production image. See docs/deployment.md for how to run it.
#
#   docker build -t know-where-you-stand .
#   docker run --rm -p 127.0.0.1:8000:8000 --read-only --tmpfs /tmp \
#     --env-file /etc/kwys/env know-where-you-stand
# (/etc/kwys/env, mode 600, holds QUESTIONNAIRE_SECRET_KEY=... and the other settings, so the
# secret never appears on a command line, in shell history or in `ps`.)
#
# The base is pinned by digest, so that every build starts from the same bytes: the python:3.11-slim
# image index of 2026-09-01 (Python 3.11.16, Debian trixie), as Docker's official image records
# list it (github.com/docker-library/repo-info, repos/python/remote/3.11-slim.md, commit cc54a6ea).
# A pin also keeps out Debian's later security fixes, so move it to the tag's current build
# regularly: `docker buildx imagetools inspect python:3.11-slim` prints that build's digest (the
# "Digest:" line). Put it below, or try it for one build:
#   docker build --build-arg PYTHON_IMAGE=python:3.11-slim@sha256:<digest> .
ARG PYTHON_IMAGE=python:3.11-slim@sha256:9534e5a8e315485d4061ed659af0fd78a284c015f9b73661b41d6bab25604534
FROM ${PYTHON_IMAGE}

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WEB_CONCURRENCY=3

# A system user with no home, no shell and no write access to the code.
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so that editing the code, a tree or a translation does not reinstall them:
# exactly the releases requirements/main.txt pins, each file checked against its sha256 before it
# is installed. The lock holds gunicorn 25.1 or newer: the command below turns off its control
# socket (--no-control-socket).
COPY requirements/main.txt requirements/main.txt
RUN pip install --require-hashes -r requirements/main.txt

# Then the package with nothing more; its build backend (setuptools, and Babel for the catalogs)
# came from the lock. The build puts the questionnaires and the compiled catalogs inside the package
# (setup.py), so the app runs from site-packages and the source is removed: nothing beside the
# package is read, and the running app writes nothing. Then build the app once, from an empty
# folder, so that a broken tree or catalog fails the build instead of the deployment.
COPY pyproject.toml setup.py README.md ./
COPY questionnaire/ questionnaire/
COPY trees/ trees/
COPY translations/ translations/
RUN pip install --no-deps --no-build-isolation . \
    && cd / && rm -rf /app/* \
    && python -c "from questionnaire import create_app; create_app({'SECRET_KEY': 'build-check-only'})"

USER app
EXPOSE 8000

# Healthy when a worker answers /healthz, which answers any Host (QUESTIONNAIRE_HOSTS may be set).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).close()"]

# gunicorn settings and why: docs/deployment.md, "Gunicorn". The worker count comes from
# WEB_CONCURRENCY (3 for 2 cores; cores + 1), the trusted proxy from FORWARDED_ALLOW_IPS, and
# any extra flag from GUNICORN_CMD_ARGS. The access log holds method, path, status and duration
# only: no query string, no client address, no cookie, no header, and never a request body.
# It listens on 0.0.0.0 because a published port reaches the container through the container's
# own network interface, never its loopback: bound to 127.0.0.1 it could not be reached at all.
# Who can reach it is decided where the port is published: on the host's loopback
# (`-p 127.0.0.1:8000:8000`, above) for nginx on the same host, on a private address for a load
# balancer, never on a public one. The sync workers need a buffering proxy in front
# (deploy/nginx.conf): a few clients that send slowly would hold every one of them.
CMD ["gunicorn", "questionnaire:create_app()", \
     "--bind", "0.0.0.0:8000", \
     "--worker-class", "sync", \
     "--preload", \
     "--timeout", "20", \
     "--graceful-timeout", "8", \
     "--max-requests", "20000", \
     "--max-requests-jitter", "2000", \
     "--limit-request-line", "2048", \
     "--limit-request-fields", "50", \
     "--limit-request-field_size", "4096", \
     "--worker-tmp-dir", "/dev/shm", \
     "--no-control-socket", \
     "--log-level", "info", \
     "--error-logfile", "-", \
     "--access-logfile", "-", \
     "--access-logformat", "%(t)s %(m)s %(U)s %(s)s %(M)sms"]
