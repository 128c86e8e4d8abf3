// A table of models known by their numbers (`infergy estimate --table`), the study's way of
// describing a model: name, GFLOPs (or GMACs), and optionally parameters, activations and batch.
#include <fmt/format.h>

#include <cmath>

#include "datasets/rows.hpp"
#include "infergy/datasets.hpp"
#include "infergy/error.hpp"
#include "infergy/files.hpp"

namespace infergy {

std::optional<std::string> check_model_number(double value, std::string_view what) {
  // Far above any published model (GPT-4-class ≈ 1e4 GFLOPs per token, 2e6 M parameters): a
  // value past it is a unit mistake, not a model.
  constexpr double kMax = 1e9;
  if (!std::isfinite(value) || value <= 0) {
    return fmt::format("{} must be a positive number (got {})", what, value);
  }
  if (value > kMax) return fmt::format("{} = {} is beyond any model (max {})", what, value, kMax);
  return std::nullopt;
}

namespace {

struct NumberColumns {
  std::size_t name;
  std::optional<std::size_t> gflops, gmacs, params_m, activations_m, batch;
};

// Millions, as the study's tables and timm's benchmark give them ("params" is accepted too).
std::optional<std::size_t> either(const datasets::Sheet& sheet, std::string_view name,
                                  std::string_view alias) {
  auto c = datasets::optional_column(sheet, name);
  return c ? c : datasets::optional_column(sheet, alias);
}

NumberColumns find_columns(const datasets::Sheet& sheet) {
  NumberColumns c{
      datasets::required_column(sheet, "name"),      datasets::optional_column(sheet, "gflops"),
      datasets::optional_column(sheet, "gmacs"),     either(sheet, "params_m", "params"),
      either(sheet, "activations_m", "activations"), datasets::optional_column(sheet, "batch")};
  if (!c.gflops && !c.gmacs) {
    throw input_error(fmt::format("{}: needs a 'gflops' or a 'gmacs' column", sheet.table.source));
  }
  return c;
}

ModelNumbers read_numbers(datasets::RowReader& r, const NumberColumns& c) {
  ModelNumbers m;
  m.name = r.required_text(c.name);
  const std::size_t flops_col = c.gflops ? *c.gflops : *c.gmacs;
  if (const auto gflops = r.number(c.gflops)) {
    m.gflops = *gflops;
    r.expect(*c.gflops, check_model_number(*gflops, "GFLOPs"));
  } else if (const auto gmacs = r.number(c.gmacs)) {
    m.gflops = 2 * *gmacs;
    r.expect(*c.gmacs, check_model_number(m.gflops, "GFLOPs (2 x gmacs)"));
  } else if (r.problems().empty()) {
    r.fail(flops_col, "no gflops or gmacs value");
  }
  const auto millions = [&](std::optional<std::size_t> col, std::string_view what) {
    const auto v = r.number(col);
    if (v) r.expect(*col, check_model_number(*v, what));
    return v;
  };
  m.params_m = millions(c.params_m, "parameters (M)");
  m.activations_m = millions(c.activations_m, "activations (M)");
  m.batch = r.integer(c.batch);
  if (m.batch && *m.batch < 1)
    r.fail(*c.batch, fmt::format("batch {} must be at least 1", *m.batch));
  m.origin = r.origin();
  return m;
}

}  // namespace

std::vector<ModelNumbers> parse_model_numbers(std::string_view text, const std::string& source,
                                              RowPolicy policy, LoadReport* report) {
  const auto sheet = datasets::parse_sheet(text, source);
  const auto columns = find_columns(sheet);
  std::vector<ModelNumbers> models;
  for (const auto& row : sheet.table.rows) {
    datasets::RowReader reader(sheet.table, row);
    auto m = read_numbers(reader, columns);
    if (datasets::accept_row(reader, policy, report)) models.push_back(std::move(m));
  }
  return models;
}

std::vector<ModelNumbers> load_model_numbers(const std::filesystem::path& path, RowPolicy policy,
                                             LoadReport* report) {
  return parse_model_numbers(read_text_file(path), path.string(), policy, report);
}

}  // namespace infergy
