#!/usr/bin/env bash
# Installs the Debian 12 packages relreview needs to build, test and run. As root it runs apt-get;
# otherwise it prints the exact command to run and fails.
set -euo pipefail

RELREVIEW_PACKAGES=(
    build-essential cmake ninja-build ccache git pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libqt6sql6-sqlite
    libgl-dev libxkbcommon-dev qt6-svg-dev qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools
    qtkeychain-qt6-dev libsimdjson-dev libcpp-httplib-dev libssl-dev
    qt6-qpa-plugins fonts-dejavu-core
    xvfb xauth curl jq python3
    nginx-light openssl # tests: a TLS front (tests/support/TlsFront)
    python3-yaml # tests: the dbt export is read back by a real YAML parser
    dpkg-dev desktop-file-utils appstream
    clang libclang-rt-14-dev llvm
    libgraphviz-dev # the relationship graph's layout (libgvc, libcgraph)
)

missing=()
for package in "${RELREVIEW_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    echo "relreview: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
    echo "relreview needs these Debian packages. Install them with:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
