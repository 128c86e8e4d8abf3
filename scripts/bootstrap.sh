#!/usr/bin/env bash
# Installs what infergy needs from Debian 12's apt, and nothing when it is all there already.
# Usage: scripts/bootstrap.sh [build|test|ci]   (default: build)
#   build  compilers and libraries for the library and CLI, gnuplot for figures, python3-dev,
#          pybind11 and setuptools for the Python module (`import infergy`, `pip install .`)
#   test   + GoogleTest, Google Benchmark, ONNX test data, Node.js/npm (real third-party models),
#          python3 numpy/scipy/statsmodels/mpmath (independent reference computations),
#          pytest, onnx, pandas, torch and torchvision (the Python module's tests)
#   ci     + clang (libFuzzer), for .ci/run
set -euo pipefail

profile=${1:-build}
# Tests also use Debian's python3 stack for independent reference computations (statistics,
# the study's trends); those tests skip themselves when it is missing.
test_packages=(libgtest-dev libgmock-dev libbenchmark-dev libonnx-testdata nodejs npm
               python3-numpy python3-scipy python3-statsmodels python3-mpmath util-linux
               python3-pytest python3-onnx python3-pandas python3-torch python3-torchvision)
packages=(build-essential cmake ninja-build pkg-config
          libonnx-dev libprotobuf-dev protobuf-compiler libcli11-dev libfmt-dev nlohmann-json3-dev
          libboost-dev gnuplot-nox python3-dev pybind11-dev python3-setuptools python3-venv)
case "$profile" in
  build) ;;
  test) packages+=("${test_packages[@]}") ;;
  ci) packages+=("${test_packages[@]}" clang libclang-rt-14-dev clang-format) ;;
  *) echo "bootstrap.sh: unknown profile '$profile' (build, test or ci)" >&2; exit 64 ;;
esac

missing=()
for p in "${packages[@]}"; do
  # A package counts as present only when dpkg says it is installed, not merely known.
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm may come from outside Debian (e.g. NodeSource); any working npm will do.
if command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == npm || $p == nodejs ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "bootstrap: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
