#!/usr/bin/env bash
# Load test of `cahier serve` on loopback: wrk with hundreds of concurrent clients on a page
# of the preview while the site rebuilds (a content file is touched during the run). Bounded:
# one run of DURATION seconds. Needs wrk (installed from Debian when missing and root).
#
#   bench/serve-load.sh                 # 2 × 1,000-page synthetic site, 200 clients, 10 s
#   PAGES=200 CONNECTIONS=400 DURATION=5 bench/serve-load.sh
#
# Environment: PAGES (per language, default 1000), CONNECTIONS (200), THREADS (2),
# DURATION (10), CAHIER_BIN (default target/debug/cahier, built here).
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${PAGES:-1000}
connections=${CONNECTIONS:-200}
threads=${THREADS:-2}
duration=${DURATION:-10}

if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y -qq wrk >/dev/null
  else
    echo "serve-load: install wrk (Debian package)" >&2
    exit 2
  fi
fi
if [[ -z ${CAHIER_BIN:-} ]]; then
  cargo build --quiet
fi
bin=${CAHIER_BIN:-target/debug/cahier}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cahier-serve-load.XXXXXX")
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then
    kill -INT "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

python3 bench/gen_site.py --pages "$pages" --out "$tmp/site" >/dev/null
root=$tmp/site/cahier
# The synthetic site has no 404 template and the theme's does not render with it yet
# (`home_url` is set in base.html only): give it a minimal one.
[[ -e $root/templates/404.html ]] || echo '<!doctype html><html lang="{{ lang }}"><body><h1>404</h1></body></html>' >"$root/templates/404.html"
"$bin" --root "$root" serve --port 0 2>"$tmp/serve.log" &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q "first build" "$tmp/serve.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 2; }
  sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.log" | head -1)
grep "first build" "$tmp/serve.log" >&2

# Touch a content file a third and two thirds of the way through: two rebuilds under load.
edit=$root/content/s0/p3.md
(
  sleep $((duration / 3))
  echo "Edited under load." >>"$edit"
  sleep $((duration / 3))
  echo "Edited under load again." >>"$edit"
) &
editor=$!

echo "serve-load: wrk -t$threads -c$connections -d${duration}s --latency $url/s0/p3/" >&2
wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 5s --latency "$url/s0/p3/"
wait "$editor"
# The rebuilds started during the run; wait for them to land (a debug 2 x 1,000 build is slow).
for _ in $(seq 1 600); do
  curl -s "$url/s0/p3/" | grep -q "Edited under load again" && break
  sleep 0.5
done
sleep 1
echo "--- server log (rebuilds during the run) ---"
grep -E "changed|error" "$tmp/serve.log" || echo "(no rebuild logged)"
# Check that the page still answers 200 with the last edit.
status=$(curl -s -o "$tmp/page.html" -w '%{http_code}' "$url/s0/p3/")
echo "after the run: GET /s0/p3/ -> $status; edited text present: $(grep -c 'Edited under load again' "$tmp/page.html")"
