// `infergy trends`: the study's fitted trends (slope, growth per year, doubling or halving time
// with its confidence interval, R², n, p) for the hardware, ImageNet and GLUE, on the shipped data
// plus a user's own rows.
//
// A user's model file (--models, repeatable) is recognised by its header (top1: ImageNet,
// glue_test: GLUE). Its rows are added to the shipped ones (a row named like a shipped row
// replaces it), or replace the shipped file with --replace-models. A bad row is reported on
// stderr as "file:line:col (column): ..." and skipped; with --strict it is fatal (exit 65).
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/report.hpp"
#include "infergy/trends.hpp"

namespace infergy::cli {
namespace {

struct TrendsOptions {
  std::string domain = "all";
  std::vector<std::string> model_files;
  bool replace_models = false;
  bool strict = false;
  std::string hardware_file;
  trends::StudyFlags flags;
  OutputOptions out;
};

std::vector<const trends::Trend*> selected(const trends::Study& study, const std::string& domain) {
  std::vector<const trends::Trend*> out;
  for (const auto* t : study.trends()) {
    if (domain == "all" || t->domain == domain) out.push_back(t);
  }
  return out;
}

std::string header(const trends::Study& study) {
  const auto& o = study.options;
  return fmt::format(
      "Trends of log10(y) on the publication (release) year, OLS with {:.0f}% CIs.\n"
      "Hardware rule: {}; eras: {}; GPUs: {}.\n"
      "Models: {} ImageNet, {} GLUE{}{}. Energy per inference = GFLOPs / (GFLOPS/W).\n\n",
      o.confidence * 100, o.hw_rule.describe(), trends::describe_eras(o.eras), o.gpus.describe(),
      study.imagenet.models.size(), study.glue.models.size(),
      o.since ? ", since " + o.since->to_string() : "",
      o.until ? ", until " + o.until->to_string() : "");
}

void run(const TrendsOptions& o) {
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
    fmt::print(stderr, "infergy: warning: {} (row skipped; --strict makes this fatal)\n",
               visible(p));
  }
  const auto study = trends::run_study(inputs, options);

  const auto format = o.out.format();
  if (format == OutputFormat::json) {
    std::vector<std::string> parts{"options", "notes"};
    if (o.domain == "all") {
      parts.clear();
    } else {
      parts.push_back(o.domain);
    }
    o.out.write(report::study_json(study, parts));
    return;
  }
  const auto table = report::trends_table(selected(study, o.domain));
  if (format == OutputFormat::csv) {
    o.out.write(table.to_csv());
    return;
  }
  std::string text = header(study);
  text += format == OutputFormat::markdown ? table.to_markdown() : table.to_text();
  if (!study.notes.empty()) {
    text += "\nNotes:\n";
    for (const auto& n : study.notes) {
      text += "- " + (format == OutputFormat::markdown ? markdown_escape(n) : visible(n)) + "\n";
    }
  }
  o.out.write(text);
}

}  // namespace

/// The flags `infergy trends` and `infergy report` share.
void add_study_flags(CLI::App& cmd, trends::StudyFlags& flags, std::vector<std::string>& models,
                     bool& replace_models, bool& strict, std::string& hardware_file) {
  cmd.add_option("--models", models,
                 "Your own model CSV (columns of data/models-imagenet.csv or models-glue.csv); "
                 "repeatable. Rows are added, a row named like a shipped one replaces it");
  cmd.add_flag("--replace-models", replace_models,
               "A --models file replaces the shipped file of its kind instead of adding to it");
  cmd.add_flag("--strict", strict,
               "A malformed row in a --models file is fatal (default: reported and skipped)");
  cmd.add_option("--hardware-file", hardware_file,
                 "Merge your own rows into the hardware catalogue (columns of data/hardware.csv)");
  cmd.add_option("--hw-rule", flags.hw_rule,
                 "GFLOPS/W given to a model: best (best GPU released by its date, in its era's "
                 "precision), trend (the fitted GPU trend at its date), fixed:ID[@PATH]")
      ->capture_default_str();
  cmd.add_option("--eras", flags.eras,
                 "Precision eras: 'study' (fp32-vector, 2017-06-21:fp16-matrix, "
                 "2020-05-14:tf32-matrix) or your own list in that form")
      ->capture_default_str();
  cmd.add_option("--gpu-kinds", flags.gpu_kinds,
                 "Hardware kinds fitted and assigned (server-gpu, desktop-gpu, workstation-gpu, "
                 "gpu, all, ...)")
      ->capture_default_str();
  cmd.add_option("--gpu-vendors", flags.gpu_vendors, "Vendors fitted and assigned, or 'any'")
      ->capture_default_str();
  cmd.add_option("--since", flags.since, "Only models published on or after DATE");
  cmd.add_option("--until", flags.until, "Only models published on or before DATE");
  cmd.add_option("--confidence", flags.confidence, "Confidence level of every interval")
      ->capture_default_str();
}

namespace {

void setup(CLI::App& root) {
  auto o = std::make_shared<TrendsOptions>();
  auto* cmd = root.add_subcommand(
      "trends",
      "The study's fitted trends: GFLOPs, parameters, joules and GPU GFLOPS/W against time, with "
      "doubling times and confidence intervals");
  cmd->add_option("--domain", o->domain, "imagenet, glue, hardware or all")
      ->capture_default_str()
      ->check(CLI::IsMember({"imagenet", "glue", "hardware", "all"}));
  add_study_flags(*cmd, o->flags, o->model_files, o->replace_models, o->strict, o->hardware_file);
  add_output_options(*cmd, o->out);
  cmd->footer(
      "Subsets: all models, best models (record setters of Top-1 / GLUE score at their date), "
      "yearly mean (arithmetic, at mid-year) and yearly geometric mean. See docs/trends.md.");
  cmd->callback([o] { run(*o); });
}

const CommandRegistration kRegistration(60, setup);

}  // namespace
}  // namespace infergy::cli
