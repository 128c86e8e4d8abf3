// data/models-glue.csv: language models with their GLUE scores and inference cost.

#include <fmt/format.h>

#include <algorithm>

#include "datasets/rows.hpp"
#include "infergy/datasets.hpp"
#include "infergy/error.hpp"
#include "infergy/files.hpp"

namespace infergy {

const std::vector<std::string>& gflops_method_vocabulary() {
  static const std::vector<std::string> methods = {
      "paper",    // printed by the model's paper or a paper that measured it
      "derived",  // computed from the architecture with the formula in data/README.md
      "study",    // the value Desislavov et al. used, whose own source is not known
  };
  return methods;
}

const std::vector<std::string>& glue_convention_vocabulary() {
  static const std::vector<std::string> conventions = {"leaderboard", "no-wnli", "unstated"};
  return conventions;
}

namespace {

struct GlueColumns {
  std::size_t name, date, params_m, gflops, input_tokens, gflops_method;
  std::optional<std::size_t> glue_test, glue_convention, source_date, source_compute, source_glue,
      notes;
};

GlueColumns find_columns(const datasets::Sheet& sheet) {
  using datasets::optional_column;
  using datasets::required_column;
  GlueColumns c{required_column(sheet, "name"),         required_column(sheet, "date"),
                required_column(sheet, "params_m"),     required_column(sheet, "gflops"),
                required_column(sheet, "input_tokens"), required_column(sheet, "gflops_method"),
                optional_column(sheet, "glue_test"),    optional_column(sheet, "glue_convention"),
                optional_column(sheet, "source_date"),  optional_column(sheet, "source_compute"),
                optional_column(sheet, "source_glue"),  optional_column(sheet, "notes")};
  if (!c.source_date && !c.source_compute && !c.source_glue) {
    (void)required_column(sheet, "source_compute");
  }
  return c;
}

void read_compute(datasets::RowReader& r, const GlueColumns& c, GlueModel& m) {
  const auto params = r.required_number(c.params_m);
  if (params) {
    m.params_m = *params;
    r.expect(c.params_m, datasets::check_positive_in_range(*params, 1, 2e6, "M params"));
  }
  const auto gflops = r.required_number(c.gflops);
  if (gflops) {
    m.gflops = *gflops;
    r.expect(c.gflops, datasets::check_positive_in_range(*gflops, 0.01, 1e8, "GFLOPs"));
  }
  const auto tokens = r.required_integer(c.input_tokens);
  if (tokens) {
    r.expect(c.input_tokens, datasets::check_input_tokens(*tokens));
    m.input_tokens = static_cast<int>(std::clamp<std::int64_t>(*tokens, 0, 1 << 30));
  }
  if (params && gflops && tokens && *params > 0 && *tokens > 0) {
    r.expect(c.gflops, datasets::check_glue_compute_plausible(*gflops, *params, *tokens));
  }
  m.gflops_method = r.required_text(c.gflops_method);
  if (!m.gflops_method.empty()) {
    r.expect(c.gflops_method,
             datasets::check_in_vocabulary(m.gflops_method, gflops_method_vocabulary()));
  }
}

// A score without its convention would be compared with scores averaged over other tasks; a
// convention without a score describes nothing.
void read_convention(datasets::RowReader& r, const GlueColumns& c, GlueModel& m) {
  m.glue_convention = r.text(c.glue_convention);
  if (!m.glue_convention.empty()) {
    r.expect(*c.glue_convention,
             datasets::check_in_vocabulary(m.glue_convention, glue_convention_vocabulary()));
    if (!m.glue_test) r.fail(*c.glue_convention, "a glue_convention needs a glue_test score");
  } else if (m.glue_test && c.glue_convention) {
    r.fail(*c.glue_convention,
           "a glue_test score needs its glue_convention (leaderboard, "
           "no-wnli or unstated)");
  }
}

GlueModel read_model(datasets::RowReader& r, const GlueColumns& c, const Date& latest) {
  GlueModel m;
  m.name = r.required_text(c.name);
  if (const auto date = r.required_date(c.date, latest)) m.date = *date;
  read_compute(r, c, m);
  m.glue_test = r.number(c.glue_test);
  if (m.glue_test) r.expect(*c.glue_test, datasets::check_accuracy_percent(*m.glue_test));
  read_convention(r, c, m);
  for (const auto& col : {c.source_date, c.source_compute, c.source_glue}) {
    for (auto& s : datasets::split_sources(r.text(col))) m.sources.push_back(std::move(s));
  }
  if (m.sources.empty()) {
    const auto col =
        c.source_compute ? c.source_compute : (c.source_date ? c.source_date : c.source_glue);
    r.fail(*col, "a source is required");
  }
  m.notes = r.text(c.notes);
  m.origin = r.origin();
  return m;
}

}  // namespace

std::vector<GlueModel> parse_glue_models(std::string_view text, const std::string& source,
                                         RowPolicy policy, LoadReport* report) {
  const auto sheet = datasets::parse_sheet(text, source);
  const auto columns = find_columns(sheet);
  const Date latest = today();
  return datasets::read_named_rows<GlueModel>(
      sheet, columns.name,
      [&](datasets::RowReader& reader) { return read_model(reader, columns, latest); }, policy,
      report);
}

std::vector<GlueModel> load_glue_models(const std::filesystem::path& path, RowPolicy policy,
                                        LoadReport* report) {
  return parse_glue_models(read_text_file(path), path.string(), policy, report);
}

}  // namespace infergy
