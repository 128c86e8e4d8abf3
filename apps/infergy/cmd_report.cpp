// `infergy report --out DIR`: the study reproduced as a directory: index.html, the figures as SVG
// and PNG (gnuplot), and CSV/JSON of every derived table. Existing files are never overwritten
// without --force. When gnuplot cannot be run, everything else is still written, index.html says
// the figures were skipped, and the command ends with an error (exit 73) saying so.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "infergy/error.hpp"
#include "infergy/report.hpp"
#include "infergy/trends.hpp"

namespace infergy::cli {

// Defined in cmd_trends.cpp: the flags both study commands share.
void add_study_flags(CLI::App& cmd, trends::StudyFlags& flags, std::vector<std::string>& models,
                     bool& replace_models, bool& strict, std::string& hardware_file);

namespace {

struct ReportFlags {
  std::string out;
  bool force = false;
  std::string gnuplot = "gnuplot";
  bool no_figures = false;
  std::vector<std::string> model_files;
  bool replace_models = false;
  bool strict = false;
  std::string hardware_file;
  trends::StudyFlags flags;
};

void run(const ReportFlags& o) {
  const auto start = std::chrono::steady_clock::now();
  trends::InputFiles files;
  files.data_dir = data_dir();
  for (const auto& f : o.model_files) files.model_files.emplace_back(f);
  files.replace_models = o.replace_models;
  files.hardware_file = o.hardware_file;
  files.policy = o.strict ? RowPolicy::fatal : RowPolicy::skip;
  LoadReport problems;
  const auto options = trends::parse_study_flags(o.flags);
  const auto inputs = trends::load_study_inputs(files, &problems);
  for (const auto& p : problems.problems) {
    fmt::print(stderr, "infergy: warning: {} (row skipped; --strict makes this fatal)\n", p);
  }
  const auto study = trends::run_study(inputs, options);
  for (const auto& n : study.notes) fmt::print(stderr, "infergy: note: {}\n", n);

  report::ReportOptions ro;
  ro.out_dir = o.out;
  ro.force = o.force;
  ro.gnuplot = o.gnuplot;
  ro.render_figures = !o.no_figures;
  ro.llm_data_dir = data_dir();  // the LLM serving section (docs/llm.md)
  const auto result = report::write_report(study, ro);
  for (const auto& m : result.gnuplot_messages) fmt::print(stderr, "gnuplot: {}", m);

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto index = std::filesystem::path(o.out) / "index.html";
  fmt::print("Report written to {} ({} files, {} figures as SVG and PNG{}, {:.1f} s)\n",
             index.string(), result.files.size(), result.figures_rendered,
             result.png_terminal.empty() ? "" : " via " + result.png_terminal, seconds);
  if (!result.figures_skipped.empty() && !o.no_figures) {
    throw output_error(fmt::format("figures skipped: {} (the tables, CSV/JSON and {} were written)",
                                   result.figures_skipped, index.string()));
  }
}

void setup(CLI::App& root) {
  auto o = std::make_shared<ReportFlags>();
  auto* cmd = root.add_subcommand(
      "report",
      "Reproduce the study as a report: figures (SVG, PNG), index.html, CSV/JSON of every table");
  cmd->add_option("--out", o->out, "Directory to write the report into (created if needed)")
      ->required();
  cmd->add_flag("--force", o->force, "Overwrite report files that already exist in --out");
  cmd->add_option("--gnuplot", o->gnuplot, "gnuplot executable (searched on PATH)")
      ->capture_default_str();
  cmd->add_flag("--no-figures", o->no_figures,
                "Write the scripts but do not run gnuplot (tables, data and HTML only)");
  add_study_flags(*cmd, o->flags, o->model_files, o->replace_models, o->strict, o->hardware_file);
  cmd->footer("See docs/trends.md for what each figure and table shows.");
  cmd->callback([o] { run(*o); });
}

const CommandRegistration kRegistration(65, setup);

}  // namespace
}  // namespace infergy::cli
