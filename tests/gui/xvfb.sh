#!/bin/sh
# A virtual X display for the GUI tests on the xcb platform (CTest fixture "xvfb").
#
#   xvfb.sh start STATE_DIR   starts Xvfb (1920x1080x24, 96 dpi) on a free display it picks
#                             itself (-displayfd), and writes the display number to
#                             STATE_DIR/display and its process id to STATE_DIR/pid
#   xvfb.sh stop STATE_DIR    stops the Xvfb that `start` left in STATE_DIR
#   xvfb.sh run STATE_DIR PROGRAM [ARGS...]
#                             runs PROGRAM on that display (DISPLAY set, QT_QPA_PLATFORM=xcb)
#
# Only the Xvfb this script started (by its recorded process id) is ever stopped.
set -eu

usage() {
    echo "usage: xvfb.sh start|stop STATE_DIR, or xvfb.sh run STATE_DIR PROGRAM [ARGS...]" >&2
    exit 2
}

[ $# -ge 2 ] || usage
command=$1
state=$2
shift 2

# The recorded Xvfb, if it still runs (and is an Xvfb, not a process that took its id since).
recorded_pid() {
    [ -f "$state/pid" ] || return 1
    pid=$(cat "$state/pid")
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q Xvfb || return 1
    echo "$pid"
}

stop() {
    if pid=$(recorded_pid); then
        kill "$pid" 2>/dev/null || true
        # Xvfb exits within milliseconds of SIGTERM; wait for it, bounded (5 s).
        tries=0
        while kill -0 "$pid" 2>/dev/null && [ $tries -lt 50 ]; do
            sleep 0.1
            tries=$((tries + 1))
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$state/pid" "$state/display" "$state/displayfd"
}

case $command in
start)
    command -v Xvfb >/dev/null 2>&1 || {
        echo "xvfb.sh: Xvfb is not installed (Debian package xvfb; scripts/deps.sh installs it)" >&2
        exit 1
    }
    mkdir -p "$state"
    stop # an Xvfb left over from an interrupted run
    mkfifo "$state/displayfd"
    # Xvfb writes the display number it chose to the pipe once it accepts connections. Its
    # output goes to a log, not to CTest's pipes: CTest would wait for them to close.
    # shellcheck disable=SC2094
    Xvfb -displayfd 3 -screen 0 1920x1080x24 -dpi 96 -nolisten tcp -noreset \
        </dev/null >"$state/xvfb.log" 2>&1 3>"$state/displayfd" &
    echo $! >"$state/pid"
    display=""
    read -r display <"$state/displayfd" || true
    rm -f "$state/displayfd"
    if [ -z "$display" ]; then
        echo "xvfb.sh: Xvfb did not start; its log ($state/xvfb.log):" >&2
        cat "$state/xvfb.log" >&2 || true
        stop
        exit 1
    fi
    echo "$display" >"$state/display"
    echo "xvfb.sh: Xvfb on :$display (1920x1080x24)"
    ;;
stop)
    stop
    ;;
run)
    [ $# -ge 1 ] || usage
    if ! recorded_pid >/dev/null || [ ! -s "$state/display" ]; then
        echo "xvfb.sh: no Xvfb in $state; the CTest fixture xvfb_start starts it" >&2
        exit 1
    fi
    DISPLAY=":$(cat "$state/display")"
    QT_QPA_PLATFORM=xcb
    export DISPLAY QT_QPA_PLATFORM
    exec "$@"
    ;;
*)
    usage
    ;;
esac
