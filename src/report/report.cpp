// write_report: the report directory, in the order that keeps a refused or half-failed run
// harmless: check every target, write data and scripts, render figures, then index.html.
#include <fmt/format.h>

#include <cstring>
#include <system_error>

#include "infergy/error.hpp"
#include "infergy/files.hpp"
#include "infergy/report.hpp"
#include "report/gnuplot.hpp"
#include "report/html.hpp"

namespace infergy::report {

namespace {

namespace fs = std::filesystem;

struct PlannedFile {
  std::string path;  // relative to out_dir
  std::string content;
};

std::vector<PlannedFile> data_files(const trends::Study& s) {
  return {
      {"data/study.json", study_json(s)},
      {"data/trends.csv", trends_table(s.trends()).to_csv()},
      {"data/hardware-points.csv", hardware_points_table(s.hardware).to_csv()},
      {"data/hardware-at-date.csv", assignment_table(s.hardware.steps).to_csv()},
      {"data/imagenet-models.csv", models_table(s.imagenet).to_csv()},
      {"data/glue-models.csv", models_table(s.glue).to_csv()},
      {"data/imagenet-yearly.csv", yearly_table(s.imagenet).to_csv()},
      {"data/glue-yearly.csv", yearly_table(s.glue).to_csv()},
      {"data/imagenet-fronts.csv", fronts_table(s.imagenet).to_csv()},
      {"data/glue-fronts.csv", fronts_table(s.glue).to_csv()},
      {"data/human-references.csv", humans_table(s).to_csv()},
      {"data/multiplicative-factor.csv", factor_table(s).to_csv()},
  };
}

void refuse_existing(const fs::path& out, const std::vector<std::string>& targets) {
  std::size_t existing = 0;
  std::string first;
  for (const auto& t : targets) {
    std::error_code ec;
    if (fs::exists(out / t, ec)) {
      if (first.empty()) first = (out / t).string();
      ++existing;
    }
  }
  if (existing == 0) return;
  throw output_error(fmt::format(
      "{} exists{}; the report would overwrite it (use --force to allow; nothing was written)",
      first, existing > 1 ? fmt::format(" (and {} more report files)", existing - 1) : ""));
}

void make_directory(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw output_error(fmt::format("cannot create directory {}: {}", dir.string(), ec.message()));
}

bool non_empty(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && fs::file_size(p, ec) > 0 && !ec;
}

std::string first_line(const std::string& text) {
  const auto end = text.find('\n');
  return text.substr(0, end);
}

}  // namespace

ReportResult write_report(const trends::Study& s, const ReportOptions& o) {
  if (o.out_dir.empty()) throw usage_error("the report needs an output directory (--out DIR)");
  const fs::path out = o.out_dir;
  auto data = data_files(s);
  auto figs = figures(s);
  if (!o.llm_data_dir.empty()) {
    auto llm = llm_section(o.llm_data_dir);
    data.push_back({"data/llm-factor.csv", llm.factor.to_csv()});
    data.push_back({"data/llm-validation.csv", llm.validation.to_csv()});
    for (auto& f : llm.figures) figs.push_back(std::move(f));
  }

  std::vector<std::string> targets{"index.html"};
  for (const auto& d : data) targets.push_back(d.path);
  for (const auto& f : figs) {
    for (const char* ext : {".gp", ".svg", ".png"}) targets.push_back("figures/" + f.name + ext);
  }
  if (!o.force) refuse_existing(out, targets);
  const auto overwrite = o.force ? Overwrite::allow : Overwrite::refuse;

  make_directory(out / "data");
  make_directory(out / "figures");
  ReportResult result;
  std::vector<std::string> data_names;
  for (const auto& d : data) {
    write_file(out / d.path, d.content, overwrite);
    result.files.emplace_back(d.path);
    data_names.push_back(d.path);
  }

  detail::Probe probe{"pngcairo", ""};
  if (!o.render_figures) {
    probe.failure = "figure rendering was turned off (--no-figures).";
  } else {
    probe = detail::probe_gnuplot(o.gnuplot, out / "figures");
  }
  result.png_terminal = probe.failure.empty() ? probe.png_terminal : "";
  std::vector<std::vector<std::string>> jobs;
  for (const auto& f : figs) {
    write_file(out / "figures" / (f.name + ".gp"),
               gnuplot_script(f, probe.png_terminal.empty() ? "pngcairo" : probe.png_terminal),
               overwrite);
    result.files.emplace_back("figures/" + f.name + ".gp");
    jobs.push_back({f.name + ".gp"});
  }

  std::vector<detail::FigureEntry> entries;
  std::vector<std::string> failures;
  if (probe.failure.empty()) {
    const auto outcomes = detail::run_all(o.gnuplot, out / "figures", jobs);
    for (std::size_t i = 0; i < figs.size(); ++i) {
      const auto& f = figs[i];
      const auto& r = outcomes[i];
      if (!r.stderr_text.empty()) {
        result.gnuplot_messages.push_back(f.name + ": " + r.stderr_text);
      }
      const auto svg = out / "figures" / (f.name + ".svg");
      const auto png = out / "figures" / (f.name + ".png");
      const bool ok = r.started && r.exit_status == 0 && non_empty(svg) && non_empty(png);
      if (ok) {
        ++result.figures_rendered;
        result.files.emplace_back("figures/" + f.name + ".svg");
        result.files.emplace_back("figures/" + f.name + ".png");
      } else {
        failures.push_back(
            fmt::format("{} (status {}: {})", f.name, r.exit_status, first_line(r.stderr_text)));
      }
      entries.push_back({f, ok});
    }
  } else {
    result.figures_skipped = probe.failure;
    for (const auto& f : figs) entries.push_back({f, false});
  }

  write_file(out / "index.html", detail::index_html(s, entries, result.figures_skipped, data_names),
             overwrite);
  result.files.emplace_back("index.html");
  if (!failures.empty()) {
    throw internal_error(
        fmt::format("gnuplot failed on {} figure(s): {}", failures.size(), failures.front()));
  }
  return result;
}

}  // namespace infergy::report
