// write_report: the report directory, in the order that keeps a refused or half-failed run
// harmless: check every target, write data and scripts, render figures, then index.html.
#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <system_error>

#include "infergy/error.hpp"
#include "infergy/files.hpp"
#include "infergy/report.hpp"
#include "report/gnuplot.hpp"
#include "report/html.hpp"

namespace infergy::report {

namespace {

namespace fs = std::filesystem;

// The data files of every report: their names are known before the study runs, so that a
// refused output is found before any work.
struct DataFile {
  const char* path;  // relative to out_dir
  std::string (*render)(const trends::Study&);
};

constexpr DataFile kDataFiles[] = {
    {"data/study.json", [](const trends::Study& s) { return study_json(s); }},
    {"data/trends.csv", [](const trends::Study& s) { return trends_table(s.trends()).to_csv(); }},
    {"data/hardware-points.csv",
     [](const trends::Study& s) { return hardware_points_table(s.hardware).to_csv(); }},
    {"data/hardware-at-date.csv",
     [](const trends::Study& s) { return assignment_table(s.hardware.steps).to_csv(); }},
    {"data/imagenet-models.csv",
     [](const trends::Study& s) { return models_table(s.imagenet).to_csv(); }},
    {"data/glue-models.csv", [](const trends::Study& s) { return models_table(s.glue).to_csv(); }},
    {"data/imagenet-yearly.csv",
     [](const trends::Study& s) { return yearly_table(s.imagenet).to_csv(); }},
    {"data/glue-yearly.csv", [](const trends::Study& s) { return yearly_table(s.glue).to_csv(); }},
    {"data/imagenet-fronts.csv",
     [](const trends::Study& s) { return fronts_table(s.imagenet).to_csv(); }},
    {"data/glue-fronts.csv", [](const trends::Study& s) { return fronts_table(s.glue).to_csv(); }},
    {"data/human-references.csv", [](const trends::Study& s) { return humans_table(s).to_csv(); }},
    {"data/multiplicative-factor.csv",
     [](const trends::Study& s) { return factor_table(s).to_csv(); }},
};

constexpr const char* kSubdirectories[] = {"data", "figures"};

// The report's directories may exist, as directories; a link or a file in their place would
// send the report elsewhere. (out_dir itself is the user's own path and may be a link.)
void check_directories(const fs::path& out) {
  std::error_code ec;
  const auto status = fs::status(out, ec);
  if (!ec && fs::exists(status) && !fs::is_directory(status)) {
    throw output_error(fmt::format("{}: exists and is not a directory", out.string()));
  }
  for (const char* sub : kSubdirectories) {
    const auto own = fs::symlink_status(out / sub, ec);
    if (ec || !fs::exists(own) || fs::is_directory(own)) continue;
    throw output_error(fmt::format("{}: is not a directory (a report writes its {} files there)",
                                   (out / sub).string(), sub));
  }
}

// Every target that exists must be one write_file() may overwrite; without --force, none may
// exist (one message for all of them, and nothing written).
void check_targets(const fs::path& out, const std::vector<std::string>& targets, bool force) {
  std::size_t existing = 0;
  std::string first;
  for (const auto& t : targets) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(out / t, ec))) continue;
    check_output(out / t, Overwrite::allow);  // a link, a directory, a socket: refused
    if (first.empty()) first = (out / t).string();
    ++existing;
  }
  if (existing == 0 || force) return;
  throw output_error(fmt::format(
      "{} exists{}; the report would overwrite it (use --force to allow; nothing was written)",
      first, existing > 1 ? fmt::format(" (and {} more report files)", existing - 1) : ""));
}

// The LLM serving section's tables, when the report has one (ReportOptions::llm_data_dir).
constexpr const char* kLlmFactorFile = "data/llm-factor.csv";
constexpr const char* kLlmValidationFile = "data/llm-validation.csv";

std::vector<std::string> fixed_targets(const ReportOptions& o) {
  std::vector<std::string> targets{"index.html"};
  for (const auto& d : kDataFiles) targets.emplace_back(d.path);
  if (!o.llm_data_dir.empty()) {
    targets.emplace_back(kLlmFactorFile);
    targets.emplace_back(kLlmValidationFile);
  }
  return targets;
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

void check_report_output(const ReportOptions& o) {
  if (o.out_dir.empty()) throw usage_error("the report needs an output directory (--out DIR)");
  check_directories(o.out_dir);
  check_targets(o.out_dir, fixed_targets(o), o.force);
}

ReportResult write_report(const trends::Study& s, const ReportOptions& o) {
  if (o.out_dir.empty()) throw usage_error("the report needs an output directory (--out DIR)");
  const fs::path out = o.out_dir;
  auto figs = figures(s);
  std::optional<LlmSection> llm;
  if (!o.llm_data_dir.empty()) {
    llm = llm_section(o.llm_data_dir);
    for (auto& f : llm->figures) figs.push_back(std::move(f));
  }

  std::vector<std::string> targets = fixed_targets(o);
  for (const auto& f : figs) {
    for (const char* ext : {".gp", ".svg", ".png"}) targets.push_back("figures/" + f.name + ext);
  }
  check_directories(out);
  check_targets(out, targets, o.force);
  const auto overwrite = o.force ? Overwrite::allow : Overwrite::refuse;

  for (const char* sub : kSubdirectories) make_directory(out / sub);
  ReportResult result;
  std::vector<std::string> data_names;
  for (const auto& d : kDataFiles) {
    write_file(out / d.path, d.render(s), overwrite);
    result.files.emplace_back(d.path);
    data_names.emplace_back(d.path);
  }
  if (llm) {
    for (const auto& [path, table] : {std::pair{kLlmFactorFile, &llm->factor},
                                      std::pair{kLlmValidationFile, &llm->validation}}) {
      write_file(out / path, table->to_csv(), overwrite);
      result.files.emplace_back(path);
      data_names.emplace_back(path);
    }
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
    // Run from the private directory below, so the script's relative outputs land there.
    jobs.push_back({"../" + f.name + ".gp"});
  }

  std::vector<detail::FigureEntry> entries;
  std::vector<std::string> failures;
  if (probe.failure.empty()) {
    // gnuplot writes its SVG and PNG where the script says, following any link found there; it
    // writes into a directory only infergy can have created, and each file is then moved into
    // place by install_file's rules.
    const detail::RenderDirectory render(out / "figures");
    const auto outcomes = detail::run_all(o.gnuplot, render.path(), jobs);
    for (std::size_t i = 0; i < figs.size(); ++i) {
      const auto& f = figs[i];
      const auto& r = outcomes[i];
      if (!r.stderr_text.empty()) {
        result.gnuplot_messages.push_back(f.name + ": " + r.stderr_text);
      }
      const auto svg = render.path() / (f.name + ".svg");
      const auto png = render.path() / (f.name + ".png");
      const bool ok = r.started && r.exit_status == 0 && non_empty(svg) && non_empty(png);
      if (ok) {
        install_file(svg, out / "figures" / (f.name + ".svg"), overwrite);
        install_file(png, out / "figures" / (f.name + ".png"), overwrite);
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
