#!/usr/bin/env bash
# Builds relreview and runs every test (unit, integration against the local development server,
# GUI tests offscreen and again on Xvfb with the xcb platform, packaging checks), then builds the
# libFuzzer targets with the fuzz preset (clang, only those targets and the libraries they use)
# and runs each briefly over its corpus.
# RELREVIEW_SKIP_FUZZ=1 skips the fuzz part.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
export QT_QPA_PLATFORM=offscreen
ctest --preset default "$@"

if [ "${RELREVIEW_SKIP_FUZZ:-0}" != 1 ]; then
    export CCACHE_BASEDIR="$PWD"
    if [ ! -f build-fuzz/build.ninja ]; then
        cmake --preset fuzz >/dev/null
    fi
    cmake --build --preset fuzz -j "$(nproc)"
    ctest --preset fuzz
fi
