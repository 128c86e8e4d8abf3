#!/usr/bin/env bash
# `make demo`: the study of Desislavov et al. reproduced on the shipped data, as one report.
# Usage: scripts/demo.sh [BUILD_DIR]   (default: build; the Makefile builds it first)
# Writes BUILD_DIR/report/ (index.html, figures/*.svg|png, data/*.csv|json), replacing the
# previous demo report there, prints the main fitted trends and where the report is.
set -euo pipefail

build=${1:-build}
infergy="$build/bin/infergy"
if [[ ! -x "$infergy" ]]; then
  echo "demo.sh: $infergy not found; build first (make build, or cmake --build $build)" >&2
  exit 66
fi
out="$build/report"

start=$(date +%s%N)
echo "== GPU efficiency and the models' compute and energy, fitted against time =="
"$infergy" trends
echo
echo "== The report =="
# The report directory belongs to this build: each demo replaces the previous one.
"$infergy" report --out "$out" --force
ms=$(( ($(date +%s%N) - start) / 1000000 ))
printf 'Demo finished in %d.%02d s. Open %s/index.html in a browser.\n' \
  $((ms / 1000)) $((ms % 1000 / 10)) "$(cd "$out" && pwd)"
