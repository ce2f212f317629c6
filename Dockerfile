# Know Where You Stand: the production image. See docs/deployment.md for how to run it.
#
#   docker build -t know-where-you-stand .
#   docker run --rm -p 127.0.0.1:8000:8000 --read-only --tmpfs /tmp \
#     --env-file /etc/kwys/env know-where-you-stand
# (/etc/kwys/env, mode 600, holds QUESTIONNAIRE_SECRET_KEY=... and the other settings, so the
# secret never appears on a command line, in shell history or in `ps`.)
#
# Pin the base to a digest in your registry for reproducible builds:
#   docker build --build-arg PYTHON_IMAGE=python:3.11-slim@sha256:... .
ARG PYTHON_IMAGE=python:3.11-slim
FROM ${PYTHON_IMAGE}

# The package finds trees/ and translations/ beside its own folder (questionnaire/tree.py and
# i18n.py look in Path(__file__).parent.parent), so it runs from /app, not from site-packages:
# PYTHONPATH puts /app first. `pip install .` installs its dependencies (and an unused copy of the
# package) exactly as pyproject.toml declares them.
ENV PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WEB_CONCURRENCY=3

# A system user with no home, no shell and no write access to the code.
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so that editing a tree or a translation does not reinstall them.
# gunicorn 25.1 or newer: the command below turns off its control socket (--no-control-socket).
COPY pyproject.toml README.md ./
COPY questionnaire/ questionnaire/
RUN pip install . "gunicorn>=25.1" \
    && rm -rf build questionnaire.egg-info

# What the app reads at run time: the questionnaires, their data, and the catalogs.
COPY trees/ trees/
COPY translations/ translations/

# Compile the catalogs and the bytecode now: the running app cannot write to /app, and at start it
# only compiles a catalog whose .mo is missing or older than its .po. Then build the app once, so
# that a broken tree or catalog fails the build instead of the deployment.
RUN python -c "from questionnaire.catalogs import compile_catalogs; compile_catalogs()" \
    && python -m compileall -q questionnaire \
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
