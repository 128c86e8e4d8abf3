#!/bin/sh
# Wall time of `infergy analyze --recursive` over 1,000 generated models, --jobs 1 against more
# jobs (default: 1 and 2; pass others as arguments). Each setting runs three times; the best
# and the median wall times are printed with the machine's load average before the runs.
#   bench/many_models.sh [BUILD_DIR] [JOBS...]
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
jobs=${*:-1 2}
zoo="$build/bench-cache/zoo"
"$build/bench/bench_generate_zoo" "$zoo" 1000
infergy="$build/bin/infergy"
echo "models: $(find "$zoo" -name '*.onnx' | wc -l), $(du -sh "$zoo" | cut -f1); cores: $(nproc)"
"$infergy" analyze -r "$zoo" --jobs 1 --format csv > /dev/null  # warm the page cache
for j in $jobs; do
  times=""
  for run in 1 2 3; do
    start=$(date +%s.%N)
    "$infergy" analyze -r "$zoo" --jobs "$j" --format csv > /dev/null
    end=$(date +%s.%N)
    times="$times $(echo "$end - $start" | bc)"
  done
  sorted=$(echo $times | tr ' ' '\n' | sort -n)
  echo "jobs $j: best $(echo "$sorted" | head -1) s, median $(echo "$sorted" | sed -n 2p) s" \
       "(load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
done
