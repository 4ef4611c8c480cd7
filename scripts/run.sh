#!/usr/bin/env bash
# One command from a fresh Debian machine to a running Headroom:
# installs what is missing, builds (Release, -j2), then runs the main job on the
# bundled default architecture: the desktop app when a display is present,
# otherwise the CLI printing the roadmap to 100,000 users.
#   scripts/run.sh [FILE.yaml]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
file=${1:-architectures/01-monolith.yaml}
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && "${CI:-}" != "true" && -x build/app/headroom ]]; then
  exec build/app/headroom "$file"
fi
exec build/app/headroom-cli roadmap "$file"
