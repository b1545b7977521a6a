#!/usr/bin/env bash
# Builds relreview, starts the local development server on the bundled demo data, and opens the
# app connected to it: approving a row really sends a PUT to the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh --target relreview relreview-devserver

# A throwaway token shared by the demo server and the app; never a real credential.
export RELREVIEW_DEVSERVER_TOKEN="demo-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export RELREVIEW_TOKEN="$RELREVIEW_DEVSERVER_TOKEN"
export RELREVIEW_DATA_DIR="${RELREVIEW_DATA_DIR:-$PWD/build/demo-data}"
mkdir -p "$RELREVIEW_DATA_DIR"

ready="$(mktemp)"
build/tests/devserver/relreview-devserver --demo --port 0 --latency-ms 40 >"$ready" \
    2>"$RELREVIEW_DATA_DIR/devserver.log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$ready"' EXIT

for _ in $(seq 1 100); do
    grep -q "listening on" "$ready" && break
    kill -0 $server 2>/dev/null || { cat "$RELREVIEW_DATA_DIR/devserver.log" >&2; exit 1; }
    sleep 0.1
done
read -r _ _ _ url _ source <"$ready"
echo "relreview demo: development server at $url (log: $RELREVIEW_DATA_DIR/devserver.log)"

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
    echo "No display found: running under xvfb-run (set QT_QPA_PLATFORM=offscreen to skip)." >&2
    xvfb-run -a build/app/relreview --base-url "$url" --source "$source" "$@"
else
    build/app/relreview --base-url "$url" --source "$source" "$@"
fi
