#!/usr/bin/env bash
# Requests per second of a bare Flask "hello" and of our question and outcome pages, all served by
# gunicorn with two sync workers in the same run, driven by wrk on loopback. Prints the ratios.
# Other work on the machine moves every figure, so the pages are measured in interleaved rounds
# (hello, then each page, again and again) and the median of each is compared.
# Usage: benchmarks/throughput.sh [seconds per run, default 10] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
ROUNDS=${2:-3}
make -s .venv/.installed
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
BIN=.venv/bin
SECRET=benchmark-secret-long-enough-for-production-use
export QUESTIONNAIRE_SECRET_KEY=$SECRET
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

$BIN/gunicorn --workers 2 --worker-class sync --bind 127.0.0.1:8101 --chdir benchmarks hello:app --log-level warning & pids+=($!)
$BIN/gunicorn --workers 2 --worker-class sync --bind 127.0.0.1:8102 "questionnaire:create_app()" --log-level warning & pids+=($!)
for port in 8101 8102; do
  for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/" -H 'Accept-Language: en' && break; sleep 0.2; done
done
# The cookie a person holds after answering (with its form token), made afresh before each run:
# a browser gets a re-issued cookie at least once a minute, wrk keeps the one it was given.
cookie() { $BIN/python benchmarks/cookie.py "$SECRET" local_police "$1"; }
TEXAS='{"state": "TX"}'
HARRIS='{"state": "TX", "county": "48201"}'

rps() {  # url [cookie]
  local args=(-t2 -c16 -d"${DURATION}s" --latency)
  [ -n "${2:-}" ] && args+=(-H "Cookie: s=$2")
  wrk "${args[@]}" "$1" | awk '/Requests\/sec/ {print $2} /Non-2xx/ {print "ERRORS " $0 > "/dev/stderr"}'
}
check() { curl -fs -o /dev/null -w '%{http_code}' ${2:+-H "Cookie: s=$2"} "$1"; }
[ "$(check http://127.0.0.1:8102/en/local_police/q/state)" = 200 ]
[ "$(check http://127.0.0.1:8102/en/local_police/q/county "$(cookie "$TEXAS")")" = 200 ]
[ "$(check http://127.0.0.1:8102/en/local_police/result "$(cookie "$HARRIS")")" = 200 ]

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
results=()
for round in $(seq "$ROUNDS"); do
  hello=$(rps http://127.0.0.1:8101/)
  # A first visit: no cookie yet, so each request also starts a session (form token, encryption).
  question=$(rps http://127.0.0.1:8102/en/local_police/q/state)
  county=$(rps http://127.0.0.1:8102/en/local_police/q/county "$(cookie "$TEXAS")")
  outcome=$(rps http://127.0.0.1:8102/en/local_police/result "$(cookie "$HARRIS")")
  echo "round $round: hello $hello, question $question, county $county, outcome $outcome"
  results+=("$hello" "$question" "$county" "$outcome")
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "${results[@]}" <<'PY'
import statistics
import sys

values = list(map(float, sys.argv[1:]))
hello, question, county, outcome = (statistics.median(values[i::4]) for i in range(4))
print(f"hello                   {hello:9.1f} req/s (median of {len(values) // 4} runs)")
pages = (
    ("question (state)", question),
    ("question (254 counties)", county),
    ("outcome (Texas)", outcome),
)
for name, value in pages:
    ratio = value / hello
    print(f"{name:23s} {value:9.1f} req/s  ratio {ratio:.2f}  {'ok' if ratio >= 0.5 else 'BELOW TARGET 0.5'}")
PY
$BIN/python benchmarks/startup.py
