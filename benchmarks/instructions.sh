#!/usr/bin/env bash
# Instructions per request of a bare Flask "hello" and of the pages throughput.sh measures, counted
# by valgrind with the WSGI app called in this process. Unlike requests per second, the count does
# not move with the machine's other load, so it shows what a change to the code does (runs agree
# within about 2 %); it leaves out gunicorn, the kernel and wrk, which throughput.sh includes.
# Each page's program runs twice, serving N requests and none after the same warm-up; the
# difference, divided by N, is one request.
# Usage: benchmarks/instructions.sh [N, default 300] [pages, default: hello question county outcome]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300}
PAGES=("${@:2}")
[ ${#PAGES[@]} -gt 0 ] || PAGES=(hello question county outcome)
make -s .venv/.installed
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }
export PYTHONHASHSEED=0  # the same dict layouts in both runs
count() {  # page requests -> instructions of the whole program
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    .venv/bin/python benchmarks/instructions.py "$1" "$2" 2>&1 >/dev/null |
    awk '/I *refs:/ {gsub(",", "", $NF); print $NF}'
}
declare -A per
for page in "${PAGES[@]}"; do
  none=$(count "$page" 0)
  some=$(count "$page" "$N")
  per[$page]=$(( (some - none) / N ))
  printf '%-9s %9d instructions per request\n' "$page" "${per[$page]}"
done
if [ -n "${per[hello]:-}" ]; then
  for page in "${PAGES[@]}"; do
    [ "$page" = hello ] || python3 -c "print(f'{\"$page\":9s} {${per[$page]} / ${per[hello]}:9.2f} times hello')"
  done
fi
