// Rendering of the study (trends.hpp): tables, CSV and JSON of every derived number, gnuplot
// figures as SVG and PNG, and a self-contained index.html. No analysis here: everything drawn or
// printed is read from a trends::Study.
//
//   auto study = trends::run_study(trends::load_study_inputs({.data_dir = "data"}), {});
//   auto result = report::write_report(study, {.out_dir = "report"});
//   // report/index.html, report/figures/*.svg|png|gp, report/data/*.csv|json
//
// Files are never overwritten unless ReportOptions::force: before writing anything,
// write_report checks every path it would write and refuses (output error naming the first)
// when one exists, so a refused run leaves the directory as it was.
//
// Figures: one gnuplot script per figure (figures/NAME.gp, data inlined as datablocks) run as
// `gnuplot NAME.gp` in figures/, no shell involved, each writing NAME.svg and NAME.png (pngcairo
// when gnuplot has it, else libgd's png). When gnuplot cannot be started the rest of the report
// is still written and index.html says the figures were skipped; ReportResult says why.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/llm.hpp"
#include "infergy/table.hpp"
#include "infergy/trends.hpp"

namespace infergy::report {

// ---------------------------------------------------------------------------------------------
// Tables (Table renders as text, Markdown or CSV).

/// One row per trend: domain, quantity, subset, n, years, slope (log10/yr) with CI, ×/yr with
/// CI, doubling or halving time in months with CI, R², p. Unfitted trends say why.
Table trends_table(const std::vector<const trends::Trend*>& trends);
/// Per model: name, date, GFLOPs, parameters, score, extra data, input size, era, device,
/// GFLOPS/W, joules, best/front flags, sources.
Table models_table(const trends::DomainStudy& domain);
/// Per series and GPU: GFLOPS/W, peak, TDP, release date.
Table hardware_points_table(const trends::HardwareStudy& hardware);
/// The hardware-at-date rule as steps: from date, era, device, GFLOPS/W.
Table assignment_table(const std::vector<trends::AssignmentStep>& steps);
/// Per quantity and year: n, arithmetic and geometric means.
Table yearly_table(const trends::DomainStudy& domain);
/// The Pareto fronts: overall and at the end of each year, per cost (GFLOPs, joules).
Table fronts_table(const trends::DomainStudy& domain);
/// Human references (W × s = J) and how many models of each domain spend more.
Table humans_table(const trends::Study& study);
/// The multiplicative factor: model, J per inference, volume, kWh/day, MWh/year.
Table factor_table(const trends::Study& study);

/// "doubles every 9.1 months [7.4, 11.6]", "halves every 45.9 months [22.1, inf]", or the
/// reason a trend was not fitted.
std::string describe_growth(const trends::Trend& trend);

/// Every fitted number (all digits) and derived table as one JSON document. `parts` selects
/// top-level keys among "options", "hardware", "imagenet", "glue", "humans", "factor", "notes"
/// (empty: all).
std::string study_json(const trends::Study& study, const std::vector<std::string>& parts = {});

// ---------------------------------------------------------------------------------------------
// Figures.

struct Figure {
  std::string name;     // file stem: "imagenet-gflops"
  std::string title;    // shown above the plot and in index.html
  std::string caption;  // what it shows and the fitted numbers, for index.html
  std::string body;     // gnuplot commands (terminal-independent) with inline datablocks
};

/// The study's figures (at least 12), in the order index.html shows them.
std::vector<Figure> figures(const trends::Study& study);

/// The script that renders `figure` to NAME.svg and NAME.png in the working directory, the PNG
/// with `png_terminal` ("pngcairo", or "png" where gnuplot lacks cairo).
std::string gnuplot_script(const Figure& figure, std::string_view png_terminal = "pngcairo");

// ---------------------------------------------------------------------------------------------
// The report directory.

// ---------------------------------------------------------------------------------------------
// Language-model serving (report/llm.cpp): the multiplicative factor of LLM serving and the
// serving model against ML.ENERGY's measurements (data/mlenergy/).

struct LlmSection {
  Table
      factor;  // model, deployment, J per request, requests per day, kWh/day, MWh/year, t CO2e/year
  Table validation;  // per measured configuration: measured and estimated J/token and ITL
  std::vector<Figure> figures;
};
/// The section from the presets, the catalogue and the measurements under `data_dir`.
LlmSection llm_section(const std::filesystem::path& data_dir);

/// J/token and inter-token latency against the swept value (`infergy llm --sweep`).
Figure llm_sweep_figure(const std::vector<llm::ServingEstimate>& points, std::string_view swept,
                        const std::vector<double>& values);

/// Writes STEM.gp and renders STEM.svg and STEM.png with `gnuplot` in STEM's directory; returns
/// the files written. Existing files are an output_error unless `force` (nothing is written
/// then); a gnuplot that cannot run, or fails, is an output_error saying why.
std::vector<std::filesystem::path> render_figure(const Figure& figure,
                                                 const std::filesystem::path& stem,
                                                 const std::string& gnuplot, bool force);

struct ReportOptions {
  std::filesystem::path out_dir;
  bool force = false;                  // overwrite existing report files
  std::string gnuplot = "gnuplot";     // executable; searched on PATH when it has no '/'
  bool render_figures = true;          // false: no figures (and no gnuplot needed)
  std::filesystem::path llm_data_dir;  // data/ for the LLM serving section; empty: left out
};

struct ReportResult {
  std::vector<std::filesystem::path> files;   // every file written, under out_dir
  std::size_t figures_rendered = 0;           // each as SVG and PNG
  std::string figures_skipped;                // why figures are missing; empty when rendered
  std::string png_terminal;                   // "pngcairo" or "png"
  std::vector<std::string> gnuplot_messages;  // what gnuplot printed on stderr, per figure
};

/// Checks, before the study runs, what can be checked without it: `out_dir` is a directory or
/// can be made one, and index.html and the data files are absent (or, with force, regular files).
/// Throws the output_error write_report() would.
void check_report_output(const ReportOptions& options);

/// Writes the report. Throws output_error when a file exists and !force (nothing is written),
/// or when a file cannot be written; throws internal_error when gnuplot rejects a script (a bug).
/// A gnuplot that cannot be started is not an exception: see ReportResult::figures_skipped.
ReportResult write_report(const trends::Study& study, const ReportOptions& options);

}  // namespace infergy::report
