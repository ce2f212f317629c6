#!/usr/bin/env bash
# Serve the app the production way (gunicorn, the settings docs/deployment.md recommends) on a free
# loopback port, drive full walks of every questionnaire against it with benchmarks/load.py, and
# print requests/s, p50/p99 latency, errors and the workers' memory before and after.
# Usage: benchmarks/load.sh [--seconds 60] [--connections 64] [--seed 1]   (options go to load.py)
# WORKERS, WORKER_CLASS and THREADS override the gunicorn settings, to compare them.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s .venv/.installed
BIN=.venv/bin

WORKERS=${WORKERS:-3}
WORKER_CLASS=${WORKER_CLASS:-sync}
THREADS=${THREADS:-1}
# A fresh random key each run: nothing in a benchmark should be readable by a later one.
QUESTIONNAIRE_SECRET_KEY=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(48))')
export QUESTIONNAIRE_SECRET_KEY
# A free port on loopback, chosen by the kernel (only loopback is ever used for load).
PORT=$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
WORK=$(mktemp -d)

pid=""
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The production flags (see docs/deployment.md), except --max-requests: recycling workers would
# hide exactly the memory growth this run is meant to show.
$BIN/gunicorn "questionnaire:create_app()" \
  --bind "127.0.0.1:$PORT" \
  --workers "$WORKERS" --worker-class "$WORKER_CLASS" --threads "$THREADS" \
  --preload --timeout 20 --graceful-timeout 20 \
  --limit-request-line 2048 --limit-request-fields 50 --limit-request-field_size 4096 \
  --no-control-socket --log-level warning \
  --access-logfile "$WORK/access.log" \
  --access-logformat '%(m)s %(U)s %(s)s %(M)sms' &
pid=$!

# Ready when it answers; give up after 30 s rather than hang.
for _ in $(seq 150); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/en/" && break
  kill -0 "$pid" 2>/dev/null || { echo "gunicorn exited before it was ready" >&2; exit 1; }
  sleep 0.2
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/en/"
echo "gunicorn: $WORKERS $WORKER_CLASS workers x $THREADS threads on 127.0.0.1:$PORT (2 cores shared with the load generator)"

status=0
$BIN/python benchmarks/load.py --url "http://127.0.0.1:$PORT" --master-pid "$pid" "$@" || status=$?

# The access log must name method, path, status and time only: never a query, cookie or answer.
lines=$(wc -l <"$WORK/access.log")
if grep -Eq 'csrf_token|answer=|Cookie|\?' "$WORK/access.log"; then
  echo "access log: FOUND a query string, token or cookie" >&2
  status=1
else
  echo "access log: $lines lines, method/path/status/time only (e.g. $(tail -n 1 "$WORK/access.log"))"
fi
exit "$status"
