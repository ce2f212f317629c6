#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile, its default form factor and throttling) against the app served by
# gunicorn on loopback: the first urgent page ("Police or ICE are at my door", its first page), a
# question page and an outcome page (all three at /en/walk, with a cookie).
# Prints the four category scores of each page, whether each meets its target, and the audits that
# cost points when one does not.
# Targets: performance >= 0.98, accessibility 1.0, best practices 1.0, SEO >= 0.9; the first
# urgent page paints in one round trip: first contentful paint 0.6 s or less.
# Also audited: a bare page ("hello", benchmarks/hello.py) served by gunicorn the same way, the
# floor under Lighthouse's simulated network: the gap to it is what our page adds. And the first
# urgent page as deployed, behind nginx with deploy/nginx.conf (TLS and gzip; the bare page
# through the same nginx beside it): benchmarks/behind_nginx.py.
# Usage: benchmarks/lighthouse.sh        (reports are kept in $LIGHTHOUSE_OUT, default a temp dir)
set -euo pipefail
cd "$(dirname "$0")/.."
make -s .venv/.installed
BIN=.venv/bin
LIGHTHOUSE_VERSION=12.2.3
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
[ -x "$CHROME_PATH" ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }

# Lighthouse is a measuring tool, not a dependency of the app: it goes into a cache folder
# outside the repository, never into package.json.
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/questionnaire-lighthouse
LH="$CACHE/node_modules/.bin/lighthouse"
if ! [ -x "$LH" ] || [ "$("$LH" --version)" != "$LIGHTHOUSE_VERSION" ]; then
  mkdir -p "$CACHE"
  npm install --no-save --no-audit --no-fund --silent --prefix "$CACHE" "lighthouse@$LIGHTHOUSE_VERSION"
fi

SECRET=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(48))')
export QUESTIONNAIRE_SECRET_KEY=$SECRET
PORT=$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
OUT=${LIGHTHOUSE_OUT:-$(mktemp -d)}
mkdir -p "$OUT"

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
FLOOR_PORT=$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
$BIN/gunicorn --workers 3 --worker-class sync --bind "127.0.0.1:$FLOOR_PORT" --chdir benchmarks hello:app \
  --no-control-socket --log-level warning & pids+=($!)

# The production settings (docs/deployment.md), on loopback only.
$BIN/gunicorn "questionnaire:create_app()" --bind "127.0.0.1:$PORT" \
  --workers 3 --worker-class sync --preload --timeout 20 \
  --limit-request-line 2048 --limit-request-fields 50 --limit-request-field_size 4096 \
  --no-control-socket --log-level warning &
pid=$!
pids+=("$pid")
for _ in $(seq 150); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/en/" && curl -fs -o /dev/null "http://127.0.0.1:$FLOOR_PORT/" && break
  kill -0 "$pid" 2>/dev/null || { echo "gunicorn exited before it was ready" >&2; exit 1; }
  sleep 0.2
done

# Every page of a walk is at /en/walk; the encrypted cookie says which one is on screen. Lighthouse
# is given that cookie as an extra header (its --extra-headers option): the state question of a walk
# just opened, and the outcome of a finished walk (New York County, NY). Each cookie is made through
# the app's own forms by benchmarks/cookie.py.
URGENT_COOKIE=$($BIN/python benchmarks/cookie.py "$SECRET" ice_at_door '{}')
QUESTION_COOKIE=$($BIN/python benchmarks/cookie.py "$SECRET" local_police '{}')
OUTCOME_COOKIE=$($BIN/python benchmarks/cookie.py "$SECRET" local_police '{"state": "NY", "county": "36061"}' result)
WALK="http://127.0.0.1:$PORT/en/walk"
shows() {  # cookie what-the-page-must-contain
  curl -fs -H "Cookie: s=$1" "$WALK" | grep -F -- "$2" >/dev/null || { echo "not on screen: $2" >&2; exit 1; }
}
shows "$URGENT_COOKIE" 'name="page" value="right_now"'
shows "$QUESTION_COOKIE" 'name="page" value="state"'
shows "$OUTCOME_COOKIE" 'name="go" value="restart"'
# A site that has been serving has made its pages: the first request a worker gets for a page
# renders it (about 50 ms), and Lighthouse would count that as server time. Each of the three
# workers gets each page a few times first.
for cookie in "$URGENT_COOKIE" "$QUESTION_COOKIE" "$OUTCOME_COOKIE"; do
  for _ in $(seq 15); do curl -fs -o /dev/null -H "Cookie: s=$cookie" "$WALK"; done
done

CATEGORIES=performance,accessibility,best-practices,seo
FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
audit() {  # name url [extra headers as JSON]
  local args=("$2" --quiet --output=json --output-path="$OUT/$1.json" --chrome-flags="$FLAGS"
    --only-categories="$CATEGORIES")
  [ -n "${3:-}" ] && args+=(--extra-headers "$3")
  # Lighthouse sometimes fails to record a trace (NO_NAVSTART) on a page that loads fine: once more.
  "$LH" "${args[@]}" || { echo "again: $1" >&2; "$LH" "${args[@]}"; }
}
audit urgent "$WALK" "{\"Cookie\": \"s=$URGENT_COOKIE\"}"
audit question "$WALK" "{\"Cookie\": \"s=$QUESTION_COOKIE\"}"
audit outcome "$WALK" "{\"Cookie\": \"s=$OUTCOME_COOKIE\"}"
audit floor "http://127.0.0.1:$FLOOR_PORT/"

# As deployed: nginx in front, over TLS for kwys.example.org (mapped to loopback in Chromium, which
# accepts the self-signed certificate), gzip on. The cookie's name over TLS is __Host-s.
$BIN/python benchmarks/behind_nginx.py "$SECRET" > "$OUT/nginx-ports.json" & pids+=($!)
for _ in $(seq 150); do [ -s "$OUT/nginx-ports.json" ] && break; sleep 0.2; done
SITE_PORT=$($BIN/python -c 'import json, sys; print(json.load(open(sys.argv[1]))["site"])' "$OUT/nginx-ports.json")
TLS_FLOOR_PORT=$($BIN/python -c 'import json, sys; print(json.load(open(sys.argv[1]))["floor"])' "$OUT/nginx-ports.json")
TLS_WALK="https://kwys.example.org:$SITE_PORT/en/walk"
for _ in $(seq 15); do
  curl -fsk --resolve "kwys.example.org:$SITE_PORT:127.0.0.1" -H "Cookie: __Host-s=$URGENT_COOKIE" \
    -H 'Accept-Encoding: gzip' -o /dev/null "$TLS_WALK"
done
curl -fsk --resolve "kwys.example.org:$SITE_PORT:127.0.0.1" -H "Cookie: __Host-s=$URGENT_COOKIE" "$TLS_WALK" \
  | grep -F 'name="page" value="right_now"' >/dev/null || { echo "not on screen behind nginx" >&2; exit 1; }
FLAGS="$FLAGS --ignore-certificate-errors --host-resolver-rules=\"MAP kwys.example.org 127.0.0.1\""
audit urgent-nginx "$TLS_WALK" "{\"Cookie\": \"__Host-s=$URGENT_COOKIE\"}"
audit floor-nginx "https://kwys.example.org:$TLS_FLOOR_PORT/"

# Scores, targets, and every audit that cost points (in any category below 1, met or not).
$BIN/python - "$OUT/urgent.json" "$OUT/question.json" "$OUT/outcome.json" "$OUT/floor.json" \
  "$OUT/urgent-nginx.json" "$OUT/floor-nginx.json" <<'PY'
import json
import sys


def fcp_of(path):
    return json.load(open(path, encoding="utf-8"))["audits"]["first-contentful-paint"]["numericValue"]


*pages, floor_path, tls_path, tls_floor_path = sys.argv[1:]
floor = fcp_of(floor_path)

TARGETS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 0.9}
missed = 0
for path in pages:
    report = json.load(open(path, encoding="utf-8"))
    name = path.rsplit("/", 1)[-1].removesuffix(".json")  # every page is at /en/walk
    print(f"{name}: {report['finalDisplayedUrl'].split('/', 3)[3]}  (Lighthouse {report['lighthouseVersion']}, "
          f"{report['configSettings']['formFactor']})")
    for key, target in TARGETS.items():
        category = report["categories"][key]
        score = category["score"]
        ok = score is not None and score >= target
        missed += not ok
        print(f"  {key:15s} {score if score is not None else 'n/a':>5}  target {target}  {'ok' if ok else 'MISSED'}")
        if score is not None and score >= 1:
            continue
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                print(f"    failed: {ref['id']}: {audit['title']}{value}")
    metrics = report["audits"]
    fcp = metrics["first-contentful-paint"]["numericValue"]
    print(f"  first contentful paint: {fcp:.0f} ms, {fcp - floor:+.0f} ms on a bare page's"
          + (f"  target 600 ms  {'ok' if fcp <= 600 else 'MISSED'}" if name == "urgent" else ""))
    missed += name == "urgent" and fcp > 600
    print("  metrics: " + ", ".join(
        f"{m} {metrics[m]['displayValue']}"
        for m in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                  "cumulative-layout-shift", "speed-index")
    ))
print(f"floor: a bare page (\"hello\") served the same way paints at {floor:.0f} ms")
tls, tls_floor = fcp_of(tls_path), fcp_of(tls_floor_path)
tls_report = json.load(open(tls_path, encoding="utf-8"))
sizes = [r["transferSize"] for r in tls_report["audits"]["network-requests"]["details"]["items"]]
scores = ", ".join(f"{k} {v['score']}" for k, v in tls_report["categories"].items())
print(f"urgent, as deployed (nginx, TLS, gzip): first contentful paint {tls:.0f} ms, {tls - tls_floor:+.0f} ms "
      f"on a bare page's ({tls_floor:.0f} ms); {scores}; bytes per request {sizes}")
print(f"reports: {' '.join(sys.argv[1:])}")
sys.exit(1 if missed else 0)
PY
