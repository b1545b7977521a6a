#!/usr/bin/env bash
# Configures (once) and builds with the default preset. Used by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache (when installed) hashes paths relative to the checkout, so clones share one cache.
export CCACHE_BASEDIR="$PWD"
if [ ! -f build/build.ninja ]; then
    cmake --preset default >/dev/null
fi
cmake --build --preset default -j "$(nproc)" "$@"
