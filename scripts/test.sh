#!/usr/bin/env bash
# Builds relreview and runs every test (unit, integration against the local development server,
# GUI tests offscreen, packaging checks).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
export QT_QPA_PLATFORM=offscreen
ctest --preset default "$@"
