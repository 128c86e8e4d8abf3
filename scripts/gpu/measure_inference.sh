#!/usr/bin/env bash
# Measures the energy per inference of ResNet-50 and a BERT-base-sized encoder on an NVIDIA GPU
# with `infergy measure`, beside `infergy estimate` for that GPU (docs/measurements.md).
#
# Each configuration runs twice, with N and 2N iterations of the same loop; the difference of the
# two measurements is the energy of N × batch inferences in steady state, free of Python start-up,
# model construction and warm-up (which both runs share).
#
# Usage: scripts/gpu/measure_inference.sh INFERGY_BINARY HW_ID OUT_DIR
set -uo pipefail
infergy=$1 hw=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export INFERGY_DATA_DIR="$root/data"
results="$out/measurements.jsonl"
: > "$results"

# name  onnx fixture                 extra estimate flags       batch  N
configs=(
  "resnet50 resnet50.onnx            -                          1      1500"
  "resnet50 resnet50.onnx            -                          128    250"
  "encoder  transformer_encoder.onnx --dim=sequence=128         1      1500"
  "encoder  transformer_encoder.onnx --dim=sequence=128         64     600"
)
nvidia-smi --query-gpu=name,power.limit,clocks.max.sm --format=csv,noheader | tee "$out/gpu.txt"
python3 -c 'import torch, torchvision; print("torch", torch.__version__, "torchvision", torchvision.__version__, "cuda", torch.cuda.is_available())'
"$infergy" --version || exit 1
for cfg in "${configs[@]}"; do
  read -r name onnx extra batch n <<< "$cfg"
  flags=()
  [ "$extra" != "-" ] && flags+=("$extra")
  for iterations in "$n" "$((2 * n))"; do
    report="$out/tmp-report.json"
    loop="$out/tmp-loop.json"
    # shellcheck disable=SC2068
    "$infergy" measure --interval-ms 20 --inferences $((iterations * batch)) \
      --compare "$root/tests/fixtures/models/$onnx" ${flags[@]} --hw "$hw" --precision fp16 \
      --batch "$batch" --format json -o "$report" --force \
      -- python3 "$here/infer_loop.py" "$name" "$batch" "$iterations" > "$loop" ||
      { echo "$name batch $batch x $iterations: failed (status $?)"; continue; }
    python3 - "$report" "$loop" "$iterations" >> "$results" <<'PY'
import json, sys
report, loop, iterations = json.load(open(sys.argv[1])), json.loads(open(sys.argv[2]).read()), int(sys.argv[3])
print(json.dumps({"iterations": iterations, "loop": loop, "measure": report}))
PY
    echo "$name batch $batch x $iterations: $(tail -n 1 "$results" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(round(r["measure"]["compare"]["measured_joules_per_inference"],5), "J/inference over the command,", round(r["loop"]["inferences_per_second"]), "inferences/s in the loop")')"
  done
done
rm -f "$out/tmp-report.json" "$out/tmp-loop.json"
