#!/bin/sh
# Screenshots of the desktop app for docs/ and the README: runs the real app
# under Xvfb on a preset, waits for its simulation at the given users, and
# lets the app grab its own window (QWidget::grab, via --screenshot).
#   scripts/screenshots.sh [BUILD_DIR]     (default: build)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/build"}
app="$build/app/headroom"
out="$here/docs/images"
[ -x "$app" ] || { echo "screenshots.sh: error: $app not built (cmake --build $build --target headroom)" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "screenshots.sh: error: xvfb-run is not installed" >&2; exit 2; }
mkdir -p "$out"
# A throw-away settings folder: no saved window layout or recent files leak in.
settings=$(mktemp -d)
trap 'rm -rf "$settings"' EXIT
shot() {
    name=$1; shift
    HOME="$settings" XDG_CONFIG_HOME="$settings" XDG_DATA_HOME="$settings" HEADROOM_SOURCE_DIR="$here" \
        xvfb-run -a -s "-screen 0 1700x1050x24 -dpi 96" \
        "$app" --size 1600x1000 --screenshot "$out/$name.png" "$@"
}
shot desktop-monolith --preset 01 --users 3000
shot desktop-cache --preset 04 --users 4000
shot desktop-dark --preset 03 --users 2500 --dark
# The roadmap panel by date: 01 with a growth forecast (15% a month from 2026-12-01).
# Build next: the alternatives' columns whole (figures on one line, reasons wrapped).
shot desktop-build-next --preset 01 --users 3000 --raise buildNextDock
shot desktop-timeline --users 1000 --raise roadmapDock "$here/tests/data/01-monolith-growth.yaml"
echo "screenshots in $out"
