// The rows of `infergy estimate --table FILE`: models known only by their numbers, one per row
// (the study's way, and timm's benchmark CSVs).
#include <fmt/format.h>

#include "infergy/csv.hpp"
#include "infergy/energy.hpp"
#include "infergy/error.hpp"

namespace infergy::energy {

std::vector<TableModel> parse_model_table(std::string_view text, const std::string& source,
                                          std::int64_t default_batch, Precision precision) {
  const CsvTable csv = parse_csv(text, source);
  const std::size_t name_col = csv.column("name");
  const auto gflops_col = csv.find_column("gflops");
  const auto gmacs_col = csv.find_column("gmacs");
  // Millions, as the study's tables and timm's benchmark give them ("params" is accepted too).
  const auto either = [&](const char* name, const char* alias) {
    auto c = csv.find_column(name);
    return c ? c : csv.find_column(alias);
  };
  const auto params_col = either("params_m", "params");
  const auto acts_col = either("activations_m", "activations");
  const auto batch_col = csv.find_column("batch");
  if (!gflops_col && !gmacs_col) {
    throw input_error(fmt::format("{}: needs a 'gflops' or a 'gmacs' column", csv.source));
  }
  std::vector<TableModel> out;
  out.reserve(csv.rows.size());
  for (const CsvRow& row : csv.rows) {
    TableModel m;
    m.name = csv.required(row, name_col);
    std::optional<double> gflops = gflops_col ? csv.number(row, *gflops_col) : std::nullopt;
    if (!gflops && gmacs_col) {
      if (auto macs = csv.number(row, *gmacs_col)) gflops = 2 * *macs;
    }
    if (!gflops) {
      throw input_error(fmt::format("{}: no gflops or gmacs value",
                                    csv.where(row, gflops_col ? *gflops_col : *gmacs_col)));
    }
    std::int64_t batch = default_batch;
    if (batch_col) {
      if (auto b = csv.integer(row, *batch_col)) batch = *b;
    }
    const auto positive = [&](std::optional<std::size_t> col) -> std::optional<double> {
      if (!col) return std::nullopt;
      auto v = csv.number(row, *col);
      if (v && !(*v > 0)) {
        throw input_error(fmt::format("{}: must be positive", csv.where(row, *col)));
      }
      return v;
    };
    try {
      if (!(*gflops > 0)) throw usage_error("GFLOPs must be positive");
      m.work = workload_from_numbers(m.name, *gflops, positive(params_col), positive(acts_col),
                                     batch, precision);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::usage) throw;
      throw input_error(fmt::format("{}:{}: {}", csv.source, row.line, e.what()));
    }
    m.gflops = *gflops;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace infergy::energy
