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

#include "args.hpp"
#include "command.hpp"
#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/report.hpp"
#include "infergy/trends.hpp"

namespace infergy::cli {
namespace {

struct TrendsOptions {
  std::string domain = "all";
  StudyArgs study;
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
  const auto study = run_study(o.study);

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
  std::string text = header(study) + table.render(format);
  if (!study.notes.empty()) {
    text += "\nNotes:\n";
    for (const auto& n : study.notes) {
      text += "- " + (format == OutputFormat::markdown ? markdown_escape(n) : visible(n)) + "\n";
    }
  }
  o.out.write(text);
}

void setup(CLI::App& root) {
  auto o = std::make_shared<TrendsOptions>();
  auto* cmd = root.add_subcommand(
      "trends",
      "The study's fitted trends: GFLOPs, parameters, joules and GPU GFLOPS/W against time, with "
      "doubling times and confidence intervals");
  cmd->add_option("--domain", o->domain, "imagenet, glue, hardware or all")
      ->capture_default_str()
      ->check(CLI::IsMember({"imagenet", "glue", "hardware", "all"}));
  add_study_options(*cmd, o->study);
  add_output_options(*cmd, o->out);
  cmd->footer(
      "Subsets: all models, best models (record setters of Top-1 / GLUE score at their date), "
      "yearly mean (arithmetic, at mid-year) and yearly geometric mean. See docs/trends.md.");
  cmd->callback([o] { run(*o); });
}

const CommandRegistration kRegistration(60, setup);

}  // namespace
}  // namespace infergy::cli
