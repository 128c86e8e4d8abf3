// Tables of serving configurations in the ML.ENERGY Leaderboard's columns.
#include <fmt/format.h>

#include <cmath>

#include "infergy/csv.hpp"
#include "infergy/error.hpp"
#include "infergy/llm.hpp"

namespace infergy::llm {

std::vector<TableRow> read_table(const std::filesystem::path& path) {
  const CsvTable csv = read_csv(path);
  const std::size_t model = csv.column("model_id");
  const std::size_t gpu = csv.column("gpu_model");
  const std::size_t gpus = csv.column("num_gpus");
  const std::size_t batch = csv.column("avg_batch_size");
  const std::size_t output = csv.column("avg_output_len");
  const auto tp = csv.find_column("tensor_parallel");
  const auto ep = csv.find_column("expert_parallel");
  const auto dp = csv.find_column("data_parallel");
  const auto precision = csv.find_column("weight_precision");
  const auto prompt = csv.find_column("prompt_len");
  std::vector<TableRow> rows;
  for (const CsvRow& r : csv.rows) {
    TableRow t;
    t.line = r.line;
    t.model_id = csv.required(r, model);
    t.gpu = csv.required(r, gpu);
    const auto positive_int = [&](std::size_t col, std::int64_t fallback) {
      const auto v = csv.integer(r, col);
      if (!v) return fallback;
      if (*v < 1 || *v > 4096)
        throw input_error(fmt::format("{}: must be 1 to 4096", csv.where(r, col)));
      return *v;
    };
    t.num_gpus = positive_int(gpus, 1);
    if (tp) t.tensor_parallel = positive_int(*tp, 1);
    if (ep) t.expert_parallel = positive_int(*ep, 1);
    if (dp) t.data_parallel = positive_int(*dp, 1);
    if (precision) t.weight_precision = std::string(csv.field(r, *precision));
    const auto positive = [&](std::size_t col) {
      const auto v = csv.number(r, col);
      if (!v) throw input_error(fmt::format("{}: is required", csv.where(r, col)));
      if (!(*v >= 1) || !std::isfinite(*v) || *v > 1e8)
        throw input_error(fmt::format("{}: must be a number from 1 to 10^8", csv.where(r, col)));
      return *v;
    };
    t.avg_batch_size = positive(batch);
    t.avg_output_len = positive(output);
    if (prompt) {
      if (const auto v = csv.number(r, *prompt)) {
        if (!(*v >= 0) || *v > 1e8)
          throw input_error(fmt::format("{}: must be 0 to 10^8", csv.where(r, *prompt)));
        t.prompt_len = *v;
      }
    }
    rows.push_back(std::move(t));
  }
  return rows;
}

Deployment deployment_for(const TableRow& row, const ModelSpec& model, double default_prompt) {
  Deployment d;
  d.devices = row.num_gpus;
  d.batch = row.avg_batch_size;
  d.output = row.avg_output_len;
  d.prompt = row.prompt_len.value_or(default_prompt);
  // ML.ENERGY lists tp × dp below num_gpus for runs made with vLLM's
  // `--tensor-parallel-size num_gpus --enable-expert-parallel`: attention tensor-parallel over
  // all GPUs per data-parallel replica, experts over expert_parallel.
  const std::int64_t tp_dp = row.tensor_parallel * row.data_parallel;
  d.tensor_parallel = tp_dp < row.num_gpus ? row.num_gpus / row.data_parallel : row.tensor_parallel;
  d.expert_parallel = row.expert_parallel > 1 ? row.expert_parallel : 0;
  if (!row.weight_precision.empty()) {
    const auto f = parse_number_format(row.weight_precision);
    if (!f) {
      throw input_error(
          fmt::format("line {}: weight_precision '{}' is not a number format "
                      "(bfloat16, fp8, int4, ...)",
                      row.line, row.weight_precision));
    }
    // The row's precision names the checkpoint: the model's own scheme when it matches, the
    // online quantization of its block matrices when it does not.
    // (A table may name either: ML.ENERGY lists bfloat16 for bf16 checkpoints and fp8 for fp8.)
    if (*f != model.weights.dominant() && *f != model.weights.base) {
      d.weights = quantized_linear_weights(*f, model.arch.dtype);
    }
  }
  return d;
}

}  // namespace infergy::llm
