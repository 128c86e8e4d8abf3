#include <fmt/format.h>

#include <cmath>

#include "infergy/analysis.hpp"
#include "infergy/datasets.hpp"
#include "infergy/energy.hpp"
#include "infergy/error.hpp"

namespace infergy::energy {

double Workload::flops() const {
  double total = 0;
  for (const auto& w : items) total += w.flops;
  return total;
}

double Workload::bytes() const {
  double total = 0;
  for (const auto& w : items) total += w.bytes;
  return total;
}

namespace {

// Families whose arithmetic is matrix products, which tensor/matrix units accelerate.
bool runs_on_matrix_units(std::string_view family) {
  return family == "conv" || family == "matmul" || family == "attention" || family == "recurrent";
}

}  // namespace

Workload workload_from_analysis(const Analysis& analysis) {
  if (analysis.batch < 1) {
    throw internal_error(fmt::format("{}: batch {} below 1", analysis.model, analysis.batch));
  }
  Workload w;
  w.name = analysis.model;
  w.batch = analysis.batch;
  const CostRegistry& registry = CostRegistry::builtin();
  for (const auto& n : analysis.nodes) {
    if (n.status != CostStatus::counted || !n.in_totals) continue;
    const CostRule* rule = registry.find(n.domain, n.op_type);
    Work item;
    item.name = n.name;
    item.kind = rule && runs_on_matrix_units(rule->family) ? WorkKind::matrix : WorkKind::vector;
    item.flops = static_cast<double>(n.counts.flops);
    item.bytes =
        static_cast<double>(n.counts.bytes_read) + static_cast<double>(n.counts.bytes_written);
    w.items.push_back(std::move(item));
  }
  return w;
}

Workload workload_from_numbers(const std::string& name, double gflops_per_inference,
                               std::optional<double> params_m, std::optional<double> activations_m,
                               std::int64_t batch, Precision precision) {
  const auto check = [](double v, std::string_view what) {
    if (auto problem = check_model_number(v, what)) throw usage_error(*problem);
  };
  check(gflops_per_inference, "GFLOPs");
  if (params_m) check(*params_m, "parameters (M)");
  if (activations_m) check(*activations_m, "activations (M)");
  if (batch < 1) throw usage_error(fmt::format("batch must be at least 1 (got {})", batch));
  const double size = element_bytes(precision);
  const auto b = static_cast<double>(batch);
  Workload w;
  w.name = name;
  w.batch = batch;
  Work item;
  item.name = name;
  item.kind = WorkKind::matrix;
  item.flops = gflops_per_inference * 1e9 * b;
  item.bytes = params_m.value_or(0) * 1e6 * size + activations_m.value_or(0) * 1e6 * size * 2 * b;
  w.items.push_back(item);
  return w;
}

Workload workload_from_numbers(const ModelNumbers& model, std::int64_t batch, Precision precision) {
  return workload_from_numbers(model.name, model.gflops, model.params_m, model.activations_m,
                               model.batch.value_or(batch), precision);
}

}  // namespace infergy::energy
