#!/usr/bin/env bash
# Requests per second of a bare Flask "hello" and of our question and outcome pages (each a GET of
# /en/walk with the cookie that puts it on screen), all served by gunicorn with two sync workers in
# the same run, driven by wrk on loopback. Prints the ratios.
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

$BIN/gunicorn --workers 2 --worker-class sync --bind 127.0.0.1:8101 --chdir benchmarks hello:app --no-control-socket --log-level warning & pids+=($!)
$BIN/gunicorn --workers 2 --worker-class sync --bind 127.0.0.1:8102 "questionnaire:create_app()" --no-control-socket --log-level warning & pids+=($!)
for port in 8101 8102; do
  for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/" -H 'Accept-Language: en' && break; sleep 0.2; done
done
# Every page of a walk is at /en/walk; the encrypted cookie says which is on screen. The cookie a
# person holds with that page on screen (with its form token), made through the app's own forms and
# afresh before each run: a browser gets a re-issued cookie at least once a minute, wrk keeps the one
# it was given.
cookie() { $BIN/python benchmarks/cookie.py "$SECRET" local_police "$@"; }
WALK=http://127.0.0.1:8102/en/walk
STATE=('{}')                                          # just opened: the state question
TEXAS=('{"state": "TX"}')                             # the county question, 254 counties
HARRIS=('{"state": "TX", "county": "48201"}' result)  # the outcome for Harris County

rps() {  # url [cookie]
  local args=(-t2 -c16 -d"${DURATION}s" --latency)
  [ -n "${2:-}" ] && args+=(-H "Cookie: s=$2")
  wrk "${args[@]}" "$1" | awk '/Requests\/sec/ {print $2} /Non-2xx/ {print "ERRORS " $0 > "/dev/stderr"}'
}
# Which page each cookie shows: the question's hidden `page` field, or the outcome's "Start again".
shows() {  # cookie what-the-page-must-contain
  curl -fs -H "Cookie: s=$1" "$WALK" | grep -F -- "$2" >/dev/null || { echo "not on screen: $2" >&2; exit 1; }
}
shows "$(cookie "${STATE[@]}")" 'name="page" value="state"'
shows "$(cookie "${TEXAS[@]}")" 'name="page" value="county"'
shows "$(cookie "${HARRIS[@]}")" 'name="go" value="restart"'

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
results=()
for round in $(seq "$ROUNDS"); do
  hello=$(rps http://127.0.0.1:8101/)
  question=$(rps "$WALK" "$(cookie "${STATE[@]}")")
  county=$(rps "$WALK" "$(cookie "${TEXAS[@]}")")
  outcome=$(rps "$WALK" "$(cookie "${HARRIS[@]}")")
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
