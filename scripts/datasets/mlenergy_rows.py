#!/usr/bin/python3
"""Writes one GPU's rows of the ML.ENERGY leaderboard's LLM chat task as a CSV.

Usage:
  /usr/bin/python3 scripts/datasets/mlenergy_rows.py LM_ARENA_CHAT_JSON GPU_MODEL > OUT.csv

LM_ARENA_CHAT_JSON is `public/data/tasks/lm-arena-chat.json` of github.com/ml-energy/leaderboard
(commit 0cd52da for the shipped files). The columns are those of
../shared/data/mlenergy/llm-lm-arena-chat-h100.csv, in the leaderboard's order of
configurations; numbers are written as Python's repr of the JSON values, so the H100 rows come
out as that snapshot, value for value (it differs only in its CRLF line ends).
"""

import csv
import json
import sys

COLUMNS = [
    "task", "model_id", "nickname", "architecture", "total_params_billions",
    "activated_params_billions", "weight_precision", "gpu_model", "num_gpus", "tensor_parallel",
    "expert_parallel", "data_parallel", "max_num_seqs", "avg_batch_size", "avg_output_len",
    "avg_power_watts", "energy_per_token_joules", "energy_per_request_joules",
    "output_throughput_tokens_per_sec", "median_itl_ms", "p90_itl_ms",
]


def rows(task, gpu):
    for c in task["configurations"]:
        if c["gpu_model"] == gpu:
            yield [task["task"] if k == "task" else c[k] for k in COLUMNS]


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    with open(argv[1], encoding="utf-8") as f:
        task = json.load(f)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(COLUMNS)
    n = 0
    for r in rows(task, argv[2]):
        out.writerow(r)
        n += 1
    if n == 0:
        sys.exit(f"{argv[1]}: no configuration with gpu_model {argv[2]}")


if __name__ == "__main__":
    main(sys.argv)
