#!/usr/bin/env bash
# Runs two infergy binaries' `analyze --format json --per-node` on every model given (files or
# folders searched for *.onnx) and reports how many outputs (stdout, stderr, exit status) are
# identical: the check that a refactor leaves results alone.
# Usage: scripts/compare_analyze.sh OLD_BINARY NEW_BINARY OUT_DIR PATH...
#   e.g. scripts/compare_analyze.sh /tmp/infergy-before build/bin/infergy /tmp/cmp \
#          tests/fixtures/models tests/fixtures/fuzz /usr/share/libonnx-testdata
# OUT_DIR/old and OUT_DIR/new keep every output; OUT_DIR/differing.txt lists the models that
# differ. Exit status 0 when all are identical, 1 otherwise.
set -uo pipefail
if [ $# -lt 4 ]; then
  sed -n '2,10p' "$0" >&2
  exit 64
fi
old=$1 new=$2 out=$3
shift 3
mkdir -p "$out/old" "$out/new"
mapfile -t models < <(for p in "$@"; do
  if [ -d "$p" ]; then find "$p" -name '*.onnx'; else echo "$p"; fi
done | sort)
same=0 differ=0
: > "$out/differing.txt"
for m in "${models[@]}"; do
  key=$(printf '%s' "$m" | md5sum | cut -c1-16)
  for side in old new; do
    bin=${!side}
    "$bin" analyze "$m" --format json --per-node > "$out/$side/$key.json" 2> "$out/$side/$key.err"
    echo "exit $?" >> "$out/$side/$key.err"
  done
  if cmp -s "$out/old/$key.json" "$out/new/$key.json" && cmp -s "$out/old/$key.err" "$out/new/$key.err"; then
    same=$((same + 1))
  else
    differ=$((differ + 1))
    echo "$key $m" >> "$out/differing.txt"
  fi
done
echo "models: ${#models[@]}  identical: $same  differing: $differ (list: $out/differing.txt)"
[ "$differ" -eq 0 ]
