#include "workload_args.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdio>

#include "command.hpp"
#include "infergy/analysis.hpp"
#include "infergy/error.hpp"

namespace infergy::cli {

Precision precision_arg(const std::string& text) {
  const auto p = parse_precision(text);
  if (!p) {
    throw usage_error(
        fmt::format("--precision '{}': use fp64, fp32, tf32, fp16, bf16, fp8, int8 or int4", text));
  }
  return *p;
}

hw::Catalogue load_catalogue(const std::string& hardware_file) {
  auto c = hw::Catalogue::builtin(data_dir());
  if (!hardware_file.empty()) c.merge(hw::Catalogue::load(hardware_file));
  return c;
}

LoadedWorkload load_workload(const WorkloadArgs& a, Precision precision) {
  if (a.batch < 1) throw usage_error(fmt::format("--batch must be at least 1 (got {})", a.batch));
  if (!a.model.empty()) {
    if (a.gflops || a.gmacs) throw usage_error("give a model file or --gflops/--gmacs, not both");
    DimBindings b;
    for (const auto& d : a.dims) {
      const auto eq = d.rfind('=');
      std::int64_t v = 0;
      if (eq == std::string::npos || eq == 0 ||
          std::from_chars(d.data() + eq + 1, d.data() + d.size(), v).ec != std::errc()) {
        throw usage_error(fmt::format("--dim '{}': expected NAME=VALUE", d));
      }
      b.dims[d.substr(0, eq)] = v;
    }
    b.batch = a.batch;
    AnalyzeOptions options;
    options.precision = precision;
    const Analysis analysis = analyze_file(a.model, b, options);
    if (!analysis.uncounted.empty()) {
      fmt::print(stderr, "infergy: warning: {}: {} op type(s) not counted; see `infergy analyze`\n",
                 a.model, analysis.uncounted.size());
    }
    return {energy::workload_from_analysis(analysis, a.batch), analysis.totals.params};
  }
  if (a.gflops && a.gmacs) throw usage_error("give --gflops or --gmacs, not both");
  if (!a.gflops && !a.gmacs) throw usage_error("give a model file, --gflops or --gmacs");
  const double gflops = a.gflops ? *a.gflops : 2 * *a.gmacs;
  return {energy::workload_from_numbers(a.name.empty() ? "model" : a.name, gflops, a.params_m,
                                        a.activations_m, a.batch, precision),
          std::nullopt};
}

}  // namespace infergy::cli
