#!/usr/bin/env bash
# Builds relreview, starts the local development server on the bundled demo data, and opens the
# app connected to it: approving a row really sends a PUT to the server.
#
#   scripts/demo.sh [--https] [app options...]
#
# --https puts the tests' production-like front between them (nginx with TLS, HTTP/2 and gzip,
# a throwaway CA and certificate made for this run; tests/tools/relreview-front.cpp): the app
# talks HTTPS to it and trusts that CA through --ca-certificates.
set -euo pipefail
cd "$(dirname "$0")/.."
https=0
if [ "${1:-}" = "--https" ]; then
    https=1
    shift
fi
scripts/deps.sh
scripts/build.sh --target relreview relreview-devserver relreview-front

# A throwaway token shared by the demo server and the app; never a real credential.
export RELREVIEW_DEVSERVER_TOKEN="demo-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export RELREVIEW_TOKEN="$RELREVIEW_DEVSERVER_TOKEN"
export RELREVIEW_DATA_DIR="${RELREVIEW_DATA_DIR:-$PWD/build/demo-data}"
mkdir -p "$RELREVIEW_DATA_DIR"

ready="$(mktemp)"
build/tests/devserver/relreview-devserver --demo --port 0 --latency-ms 40 >"$ready" \
    2>"$RELREVIEW_DATA_DIR/devserver.log" &
server=$!
front=""
trap 'kill $server $front 2>/dev/null || true; wait 2>/dev/null || true; rm -f "$ready"' EXIT

for _ in $(seq 1 100); do
    grep -q "listening on" "$ready" && break
    kill -0 $server 2>/dev/null || { cat "$RELREVIEW_DATA_DIR/devserver.log" >&2; exit 1; }
    sleep 0.1
done
read -r _ _ _ url _ source <"$ready"
echo "relreview demo: development server at $url (log: $RELREVIEW_DATA_DIR/devserver.log)"

trust=()
if [ "$https" = 1 ]; then
    : >"$ready"
    build/tests/tools/relreview-front --backend "$url" >"$ready" \
        2>"$RELREVIEW_DATA_DIR/front.log" &
    front=$!
    for _ in $(seq 1 100); do
        grep -q "listening on" "$ready" && break
        kill -0 $front 2>/dev/null || { cat "$RELREVIEW_DATA_DIR/front.log" >&2; exit 1; }
        sleep 0.1
    done
    read -r _ _ _ url _ ca <"$ready"
    trust=(--ca-certificates "$ca")
    echo "relreview demo: HTTPS front (nginx, HTTP/2, gzip) at $url, its throwaway CA $ca"
fi

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
    echo "No display found: running under xvfb-run (set QT_QPA_PLATFORM=offscreen to skip)." >&2
    xvfb-run -a build/app/relreview --base-url "$url" --source "$source" "${trust[@]}" "$@"
else
    build/app/relreview --base-url "$url" --source "$source" "${trust[@]}" "$@"
fi
