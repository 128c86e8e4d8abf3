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

#include "args.hpp"
#include "command.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/report.hpp"
#include "infergy/trends.hpp"

namespace infergy::cli {

namespace {

struct ReportFlags {
  std::string out;
  bool force = false;
  std::string gnuplot = "gnuplot";
  bool no_figures = false;
  StudyArgs study;
};

void run(const ReportFlags& o) {
  const auto start = std::chrono::steady_clock::now();
  report::ReportOptions ro;
  ro.out_dir = o.out;
  ro.force = o.force;
  ro.gnuplot = o.gnuplot;
  ro.render_figures = !o.no_figures;
  ro.llm_data_dir = data_dir();     // the LLM serving section (docs/llm.md)
  report::check_report_output(ro);  // before the study: a refused --out costs nothing
  const auto study = run_study(o.study);
  for (const auto& n : study.notes) fmt::print(stderr, "infergy: note: {}\n", visible(n));

  const auto result = report::write_report(study, ro);
  for (const auto& m : result.gnuplot_messages) fmt::print(stderr, "gnuplot: {}", visible_lines(m));

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
  add_study_options(*cmd, o->study);
  cmd->footer("See docs/trends.md for what each figure and table shows.");
  cmd->callback([o] { run(*o); });
}

const CommandRegistration kRegistration(65, setup);

}  // namespace
}  // namespace infergy::cli
