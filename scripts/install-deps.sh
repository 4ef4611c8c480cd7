#!/usr/bin/env bash
# Installs the Debian packages Headroom needs, only those that are missing.
# Idempotent; reaches no network beyond Debian's package archive.
#   scripts/install-deps.sh           build + test dependencies
#   scripts/install-deps.sh --extras  also the optional tools (SimPy and the real systems for bench/,
#                                     Xvfb for screenshots, clang for the libFuzzer target in tests/fuzz)
set -euo pipefail

packages=(
  cmake make g++ pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev libgl-dev
  libqcustomplot-dev libeigen3-dev libyaml-cpp-dev
  libgraphviz-dev        # the diagram's layered layout and edge routing (ui/diagram_layout)
  nlohmann-json3-dev     # JSON read and written through one well-kept library (io/json)
  poppler-utils          # pdftotext/pdfinfo: the report tests read the PDF back
  fonts-dejavu-core      # a font for offscreen rendering (GUI tests, reports)
  python3-jsonschema python3-yaml   # the format_schema test checks presets against docs/headroom.schema.json
  chromium               # tst_report_browser opens the HTML report in a real (headless) browser
  # issue 20: studies run their shards on engines users already have; the tests run them
  parallel               # GNU parallel: tst_study runs 4 shards through it (docs/studies.md)
  slurm-wlm munge        # a single-node Slurm on localhost: tests/slurm_study_check.sh (sbatch --array)
)
if [[ "${1:-}" == "--extras" ]]; then
  packages+=(python3-simpy xvfb xauth clang)
  # issue 19: the real systems bench/*_calibrate.py measure and calibrate against
  packages+=(postgresql-15 pgbouncer nginx wrk curl)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "install-deps: missing packages (${missing[*]}) and not root; install them as root" >&2
    exit 1
  fi
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
