// The whole study in one call, and the loading of its inputs (shipped data plus a user's files).
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "infergy/csv.hpp"
#include "infergy/error.hpp"
#include "infergy/files.hpp"
#include "infergy/text.hpp"
#include "infergy/trends.hpp"

namespace infergy::trends {

std::vector<std::string> default_notable_models() {
  return {"AlexNet",
          "VGG-16",
          "ResNet-50",
          "MobileNetV2",
          "EfficientNet-B0",
          "EfficientNet-B7",
          "EfficientNet-L2 (Noisy Student)",
          "ViT-B/16",
          "ViT-H/14 CLIP (LAION-2B, 336)",
          "CoAtNet-7",
          "ConvNeXt-T",
          "Transformer (base)",
          "ELMo",
          "BERT-Base",
          "BERT-Large",
          "GPT-2",
          "T5-11B",
          "MobileBERT",
          "GPT-3 175B",
          "PaLM 540B",
          "Llama 3.1 405B"};
}

std::vector<std::string> default_factor_models() {
  return {"AlexNet",   "ResNet-50", "EfficientNet-B7", "ViT-H/14 CLIP (LAION-2B, 336)",
          "BERT-Base", "GPT-3 175B"};
}

std::vector<const Trend*> Study::trends() const {
  std::vector<const Trend*> out;
  for (const auto& s : hardware.series) out.push_back(&s.trend);
  for (const auto* d : {&imagenet, &glue}) {
    for (const auto& q : d->quantities) {
      for (const auto* t : {&q.all, &q.best, &q.yearly_mean, &q.yearly_geomean}) out.push_back(t);
    }
  }
  return out;
}

Domain detect_model_file(std::string_view text, const std::string& source) {
  const auto table = parse_csv(text, source);
  if (table.find_column("top1")) return Domain::imagenet;
  if (table.find_column("glue_test")) return Domain::glue;
  throw input_error(fmt::format(
      "{}: not a model file: its header has neither 'top1' (columns of data/models-imagenet.csv) "
      "nor 'glue_test' (data/models-glue.csv)",
      source));
}

namespace {

template <typename Model>
void merge_named(std::vector<Model>& shipped, std::vector<Model> user) {
  for (auto& m : user) {
    auto same = std::find_if(shipped.begin(), shipped.end(),
                             [&](const Model& s) { return iequals(s.name, m.name); });
    if (same != shipped.end()) {
      *same = std::move(m);
    } else {
      shipped.push_back(std::move(m));
    }
  }
}

}  // namespace

void merge_models(std::vector<ImageNetModel>& shipped, std::vector<ImageNetModel> user) {
  merge_named(shipped, std::move(user));
}

void merge_models(std::vector<GlueModel>& shipped, std::vector<GlueModel> user) {
  merge_named(shipped, std::move(user));
}

StudyInputs load_study_inputs(const InputFiles& files, LoadReport* report) {
  StudyInputs in{hw::Catalogue::builtin(files.data_dir), {}, {}, {}};
  if (!files.hardware_file.empty()) in.hardware.merge(hw::Catalogue::load(files.hardware_file));
  // The shipped files are the project's own: any problem in them is a bug to stop at.
  in.imagenet = load_imagenet_models(files.data_dir / "models-imagenet.csv");
  in.glue = load_glue_models(files.data_dir / "models-glue.csv");
  in.references = load_references(files.data_dir / "references.csv");

  bool imagenet_replaced = false;
  bool glue_replaced = false;
  for (const auto& path : files.model_files) {
    const std::string text = read_text_file(path);
    const std::string source = path.string();
    if (detect_model_file(text, source) == Domain::imagenet) {
      auto user = parse_imagenet_models(text, source, files.policy, report);
      if (files.replace_models && !imagenet_replaced) in.imagenet.clear();
      imagenet_replaced = true;
      merge_models(in.imagenet, std::move(user));
    } else {
      auto user = parse_glue_models(text, source, files.policy, report);
      if (files.replace_models && !glue_replaced) in.glue.clear();
      glue_replaced = true;
      merge_models(in.glue, std::move(user));
    }
  }
  return in;
}

namespace {

template <typename Model>
std::vector<Model> dated_within(const std::vector<Model>& models, const StudyOptions& o) {
  std::vector<Model> kept;
  for (const auto& m : models) {
    if (o.since && m.date < *o.since) continue;
    if (o.until && *o.until < m.date) continue;
    kept.push_back(m);
  }
  return kept;
}

void note_missing_hardware(const DomainStudy& d, std::vector<std::string>& notes) {
  std::size_t missing = 0;
  const ModelPoint* first = nullptr;
  for (const auto& m : d.models) {
    if (m.hardware) continue;
    ++missing;
    if (!first) first = &m;
  }
  if (missing == 0) return;
  notes.push_back(fmt::format(
      "{} {} model(s) have no hardware at their date and no joules (first: {}, {}: {})", missing,
      to_string(d.domain), first->name, first->date.to_string(), first->hardware_missing));
}

std::pair<Date, Date> model_span(const Study& s) {
  std::optional<Date> from, to;
  for (const auto* d : {&s.imagenet, &s.glue}) {
    for (const auto& m : d->models) {
      if (!from || m.date < *from) from = m.date;
      if (!to || *to < m.date) to = m.date;
    }
  }
  if (!from) return {Date{2012, 1, 1}, today()};
  return {*from, *to};
}

}  // namespace

StudyOptions parse_study_flags(const StudyFlags& flags) {
  StudyOptions o;
  o.hw_rule = parse_hw_rule(flags.hw_rule);
  o.eras = parse_eras(flags.eras);
  o.gpus = parse_gpu_filter(flags.gpu_kinds, flags.gpu_vendors);
  // --since 2021 starts on 2021-01-01 and --until 2021 ends on 2021-12-31: both include 2021.
  const auto date = [](const std::string& text, const char* flag,
                       std::optional<Date> (*parse)(std::string_view)) -> std::optional<Date> {
    if (text.empty()) return std::nullopt;
    const auto d = parse(text);
    if (!d) throw usage_error(fmt::format("{}: '{}' is not a date (YYYY[-MM[-DD]])", flag, text));
    return d;
  };
  o.since = date(flags.since, "--since", parse_date);
  o.until = date(flags.until, "--until", parse_date_end);
  if (o.since && o.until && *o.until < *o.since) {
    throw usage_error(fmt::format("--until {} is before --since {}", flags.until, flags.since));
  }
  if (!(flags.confidence > 0 && flags.confidence < 1)) {
    throw usage_error(fmt::format("--confidence must be in (0, 1) (got {})", flags.confidence));
  }
  o.confidence = flags.confidence;
  return o;
}

Study run_study(const StudyInputs& inputs, const StudyOptions& options) {
  if (!(options.confidence > 0 && options.confidence < 1)) {
    throw usage_error(fmt::format("confidence must be in (0, 1) (got {})", options.confidence));
  }
  Study s;
  s.options = options;
  const HardwareAtDate rule(inputs.hardware, options.gpus, options.eras, options.hw_rule,
                            options.confidence);
  s.hardware = analyze_hardware(inputs.hardware, options.gpus, options.confidence);
  s.imagenet = analyze_models(Domain::imagenet,
                              imagenet_points(dated_within(inputs.imagenet, options), rule),
                              options.confidence);
  s.glue = analyze_models(Domain::glue, glue_points(dated_within(inputs.glue, options), rule),
                          options.confidence);
  const auto [from, to] = model_span(s);
  s.hardware.steps = assignment_steps(rule, from, to);

  s.humans = human_references(inputs.references);
  for (const auto* d : {&s.imagenet, &s.glue}) {
    for (auto& c : compare_with_humans(s.humans, *d)) s.human_comparisons.push_back(std::move(c));
  }
  std::vector<std::string> missing;
  s.factor = multiplicative_factor(s, options.factor_models, options.factor_volumes, &missing);
  for (const auto& name : missing) {
    s.notes.push_back(
        fmt::format("multiplicative factor: '{}' is not in the data (or has no joules)", name));
  }
  note_missing_hardware(s.imagenet, s.notes);
  note_missing_hardware(s.glue, s.notes);
  return s;
}

}  // namespace infergy::trends
