// The study's analyses (Desislavov, Martínez-Plumed, Hernández-Orallo, arXiv 2109.05472) on the
// shipped datasets: how GFLOPs, parameters and joules per inference, and the hardware's GFLOPS
// per watt, moved with time. No rendering here: report.hpp draws and writes what this computes.
//
// One call does it all:
//
//   auto inputs = trends::load_study_inputs({.data_dir = "data"});
//   trends::Study study = trends::run_study(inputs, trends::StudyOptions{});
//   for (const trends::Trend* t : study.trends())
//     if (t->growth) fmt::print("{}: doubles every {:.1f} months\n", t->label, t->growth->months);
//
// and every piece is callable on its own (tests build three models and two GPUs by hand):
//
//   hardware-at-date   HardwareAtDate::at(date) — the GFLOPS/W a model of that date is given
//   hardware trends    analyze_hardware(catalogue, filter, confidence) — GFLOPS/W vs release
//                      date per precision
//   model trends       analyze_models(Domain::imagenet, imagenet_points(models, rule), confidence)
//                      — all, best, yearly means; Pareto fronts
//   humans             human_references(references) — the J a person spends on one task
//   multiplicative     multiplicative_factor(study, names, volumes) — kWh/day, MWh/year
//
// Conventions
// - x is the decimal year of a date (Date::decimal_year). Every trend is an OLS fit of log10(y)
//   on x (stats::fit_log10); growth is read with stats::growth_from_log10_fit: a doubling time in
//   months, or a halving time when the slope is negative, with the fit's confidence interval.
// - GFLOPs are the datasets' own (2 × GMACs for ImageNet; ELECTRA-style counts for GLUE, at each
//   row's input length); energy is the study's estimator E = FLOPs / (GFLOPS/W × 1e9)
//   (energy::study_joules) with the GFLOPS/W the hardware rule assigns.
// - "Best models" are the record setters of the score (Top-1 or GLUE test average) at their
//   date (stats::record_setters). "Yearly mean" fits the arithmetic mean of each calendar year at
//   mid-year (year + 0.5), the literal reading of the study's "average per year"; the geometric
//   mean is fitted too ("yearly-geomean") because the two differ when a year has one huge model.
// - The hardware the study fitted and assigned is GPUs; by default NVIDIA desktop and server
//   GPUs as in its table (GpuFilter). A GPU joins a precision series only when that path runs at
//   least at half its own FP32 vector rate: Pascal's 1/64-rate FP16 is a path nobody would run,
//   and its 0.7 GFLOPS/W points would only measure that (half, not all: GeForce TF32 equals FP32
//   up to rounding).
// - Analyses throw infergy::Error (one line); a subset too small to fit (n < 3, one date) is not
//   an error: its Trend says why in `skipped`.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/datasets.hpp"
#include "infergy/date.hpp"
#include "infergy/hw.hpp"
#include "infergy/precision.hpp"
#include "infergy/stats.hpp"

namespace infergy::trends {

// ---------------------------------------------------------------------------------------------
// Peak paths: which peak of a device an analysis reads.

/// A precision on one compute unit, or on the faster of the two (unit = nullopt).
struct PeakPath {
  Precision precision = Precision::fp32;
  std::optional<hw::ComputeUnit> unit;

  /// "fp32-vector", "fp16-matrix", or "int8" (best of both units).
  std::string id() const;
  /// The device's GFLOPS/W on this path; nullopt when it has no such peak.
  std::optional<double> gflops_per_watt(const hw::HardwareSpec& device) const;
  std::optional<double> peak_tflops(const hw::HardwareSpec& device) const;
  bool operator==(const PeakPath&) const = default;
};

/// Parses "fp16-matrix", "fp32-vector", "tf32" (best unit), case-insensitive; also "_" for "-".
/// Usage error naming the text otherwise.
PeakPath parse_peak_path(std::string_view text);

/// Whether a device belongs to a series on `path`: it has the peak, and the peak is at least half
/// its FP32 vector peak (when it has one). See the header comment for why.
bool path_is_native(const PeakPath& path, const hw::HardwareSpec& device);

// ---------------------------------------------------------------------------------------------
// Which hardware: GPU filter, precision eras, and the rule that gives a model its GFLOPS/W.

struct GpuFilter {
  /// Kinds kept; the study's table has desktop and server cards.
  std::vector<hw::HardwareKind> kinds{hw::HardwareKind::server_gpu, hw::HardwareKind::desktop_gpu};
  /// Vendors kept (case-insensitive); empty keeps every vendor. The study used NVIDIA only.
  std::vector<std::string> vendors{"NVIDIA"};

  /// Of a kind and vendor kept, and with an exact TDP (a row marked [tdp:upper-bound] has only a
  /// lower bound of GFLOPS/W, which an efficiency trend cannot use).
  bool accepts(const hw::HardwareSpec& device) const;
  /// "server-gpu+desktop-gpu, NVIDIA".
  std::string describe() const;
};

/// Parses "server-gpu,desktop-gpu" (or "gpu" for the three GPU kinds, "all" for every kind) and
/// "NVIDIA,AMD" (or "any"). Usage errors name the bad item and the choices.
GpuFilter parse_gpu_filter(std::string_view kinds, std::string_view vendors);

/// From `start` on (until the next era), models are assumed to run on `path`.
struct Era {
  Date start;  // ignored for the first era, which also covers every earlier date
  PeakPath path;
  std::string label;  // "FP32", "FP16/FP32 tensor", ...
};

/// The study's eras: FP32 on CUDA cores; FP16/FP32 mixed precision on tensor cores from the
/// V100's launch (2017-06-21); TF32 on tensor cores from the A100's (2020-05-14).
std::vector<Era> study_eras();
/// "study" (study_eras), or a list "fp32-vector,2017-06-21:fp16-matrix,2020-05-14:tf32-matrix":
/// the first item has no date; later ones "DATE:PATH" in increasing date order. Usage error
/// naming the bad item otherwise.
std::vector<Era> parse_eras(std::string_view spec);
/// The era a date falls in (eras must be non-empty and sorted by start).
const Era& era_at(const std::vector<Era>& eras, const Date& date);
/// "fp32-vector, 2017-06-21:fp16-matrix, ..." (parse_eras reads it back).
std::string describe_eras(const std::vector<Era>& eras);

/// How a model is given its hardware efficiency.
enum class HwRuleKind {
  best,   // the most efficient filtered GPU released by the model's date on the era's path
  trend,  // the fitted GFLOPS/W trend of the era's path (all filtered GPUs) at the model's date
  fixed,  // one device for every model
};

struct HwRule {
  HwRuleKind kind = HwRuleKind::best;
  std::string device;            // fixed: id, name or alias in the catalogue
  std::optional<PeakPath> path;  // fixed: the path to read; default: the era of its release

  /// "best", "trend", "fixed:a100-sxm4-40gb", "fixed:v100@fp16-matrix".
  std::string describe() const;
};
/// Parses the forms describe() writes. Usage error otherwise.
HwRule parse_hw_rule(std::string_view text);

/// The most efficient of `devices` released on or before `date` on `path`, in GFLOPS/W (ties:
/// the earlier release, then the earlier in the list). Devices that fail path_is_native are not
/// candidates. nullptr when none qualifies ("no GPU released yet").
const hw::HardwareSpec* best_released_by(const std::vector<const hw::HardwareSpec*>& devices,
                                         const Date& date, const PeakPath& path);

/// What a model of some date is given.
struct Assignment {
  double gflops_per_watt = 0;
  PeakPath path;
  std::string era;          // label of the era (or of the fixed device's path)
  std::string device_id;    // best/fixed: the device; trend: empty
  std::string device_name;  // trend: "trend of fp16-matrix (42 GPUs)"
  std::string device_release;
};

/// The hardware-at-date rule over a catalogue. Keeps its own copies: the catalogue may go.
class HardwareAtDate {
 public:
  /// Throws usage/input errors for an unknown fixed device (with suggestions) or a fixed path the
  /// device lacks; eras must be non-empty.
  HardwareAtDate(const hw::Catalogue& catalogue, GpuFilter filter, std::vector<Era> eras,
                 HwRule rule, double confidence = 0.95);

  /// The assignment for a model of `date`; nullopt when the rule has nothing there: no filtered
  /// GPU on the era's path released by then (best, and trend before the series' first GPU), or
  /// a series too small to fit (trend). why_none says which.
  std::optional<Assignment> at(const Date& date) const;
  std::string why_none(const Date& date) const;

  const std::vector<Era>& eras() const { return eras_; }
  const HwRule& rule() const { return rule_; }
  const GpuFilter& filter() const { return filter_; }
  /// The filtered GPUs the best and trend rules choose from, in catalogue order.
  const std::vector<hw::HardwareSpec>& devices() const { return devices_; }
  /// The trend fitted for an era's path (trend rule only; nullopt otherwise or when unfittable).
  std::optional<stats::LinearFit> trend_of(const PeakPath& path) const;

 private:
  std::vector<hw::HardwareSpec> devices_;  // filtered GPUs (best, trend)
  std::optional<hw::HardwareSpec> fixed_;
  GpuFilter filter_;
  std::vector<Era> eras_;
  HwRule rule_;
  double confidence_;
  struct PathTrend {
    PeakPath path;
    std::optional<stats::LinearFit> fit;
    std::size_t n = 0;
    double first_year = 0;
    std::string skipped;
  };
  std::vector<PathTrend> trends_;
  const PathTrend* trend_for(const PeakPath& path) const;
};

/// The assignment as a step function: one row per date where it changes (best, fixed) or per
/// month (trend), from `from` to `to`. For the "what a model of date D gets" figure and table.
struct AssignmentStep {
  Date date;
  std::optional<Assignment> assignment;
};
std::vector<AssignmentStep> assignment_steps(const HardwareAtDate& rule, const Date& from,
                                             const Date& to);

// ---------------------------------------------------------------------------------------------
// Fitted trends.

struct Trend {
  std::string domain;    // "hardware", "imagenet", "glue"
  std::string quantity;  // "gflops_per_watt", "gflops", "params", "joules"
  std::string subset;    // "all", "best", "yearly-mean", "yearly-geomean", or a path id
  std::string label;     // "ImageNet GFLOPs, best models"
  std::string unit;      // of y: "GFLOPS/W", "GFLOPs", "M params", "J"
  std::size_t n = 0;     // points offered (fitted when `fit` is set)
  double x_min = 0;      // decimal years spanned
  double x_max = 0;
  std::optional<stats::LinearFit> fit;  // log10(y) on decimal year
  std::optional<stats::Growth> growth;
  std::string skipped;  // why there is no fit (n < 3, a single date)
};

/// Fits log10(y) on x; a fit the data cannot support becomes `skipped` (input errors of stats
/// only; anything else propagates).
Trend fit_trend(std::string domain, std::string quantity, std::string subset, std::string label,
                std::string unit, const std::vector<double>& x, const std::vector<double>& y,
                double confidence);

// ---------------------------------------------------------------------------------------------
// Hardware: GFLOPS/W vs release date per precision series.

struct HardwarePoint {
  std::string id;
  std::string name;
  std::string vendor;
  hw::HardwareKind kind = hw::HardwareKind::server_gpu;
  Date release;
  double year = 0;
  double peak_tflops = 0;
  double tdp_w = 0;
  double gflops_per_watt = 0;
  std::vector<std::string> sources;
};

struct HardwareSeries {
  std::string id;     // the path id: "fp16-matrix"
  std::string label;  // "FP16/FP32 tensor (mixed precision)"
  PeakPath path;
  std::vector<HardwarePoint> points;  // by release date
  std::size_t not_native = 0;         // GPUs with the peak left out by path_is_native
  Trend trend;
};

/// The series the study's hardware figure has, plus what came after: FP32 vector, FP16 vector,
/// FP16 matrix (the study's "FP16/FP32 Tensor"), TF32, BF16 and FP8 matrix, INT8 (best unit).
struct SeriesDef {
  PeakPath path;
  std::string label;
};
const std::vector<SeriesDef>& hardware_series_defs();

struct HardwareStudy {
  GpuFilter filter;
  std::vector<HardwareSeries> series;
  std::vector<AssignmentStep> steps;  // the hardware-at-date rule over the models' span
};

/// Every series over the filtered catalogue (steps left empty; run_study fills them).
HardwareStudy analyze_hardware(const hw::Catalogue& catalogue, const GpuFilter& filter,
                               double confidence);

// ---------------------------------------------------------------------------------------------
// Models: ImageNet and GLUE.

enum class Domain { imagenet, glue };
std::string_view to_string(Domain d);  // "imagenet", "glue"

struct ModelPoint {
  std::string name;
  std::string family;  // ImageNet family; GLUE: empty
  Date date;
  double year = 0;
  double gflops = 0;
  double params_m = 0;
  std::optional<double> score;  // Top-1 % or GLUE test average
  bool extra_data = false;      // ImageNet: trained with data beyond ImageNet-1k
  int input_size = 0;           // ImageNet: resolution in px; GLUE: input tokens
  std::optional<Assignment> hardware;
  std::optional<double> joules;  // per inference (one image; one forward pass of input_size)
  std::string hardware_missing;  // why `hardware` is empty
  std::vector<std::string> sources;
  std::string origin;  // "file:line"
};

enum class Quantity { gflops, params, joules };
std::string_view to_string(Quantity q);  // "gflops", "params", "joules"
std::string_view unit_of(Quantity q);    // "GFLOPs", "M params", "J"
/// The quantity's value for a model (nullopt: joules without hardware).
std::optional<double> value_of(const ModelPoint& m, Quantity q);

struct QuantityTrends {
  Quantity quantity = Quantity::gflops;
  std::vector<stats::YearlyMean> yearly;  // over the models that have the quantity
  Trend all;
  Trend best;
  Trend yearly_mean;
  Trend yearly_geomean;
};

/// Pareto front of score (max) against a cost (min) over the scored models, and its state at the
/// end of every year. Indices refer to DomainStudy::models.
struct Front {
  Quantity cost = Quantity::gflops;
  std::vector<std::size_t> front;
  struct Year {
    int year = 0;
    std::vector<std::size_t> front;
  };
  std::vector<Year> by_year;
};

struct DomainStudy {
  Domain domain = Domain::imagenet;
  std::string score_label;                 // "Top-1 (%)", "GLUE score"
  std::vector<ModelPoint> models;          // by date, then name
  std::vector<std::size_t> best;           // record setters of the score, by date
  std::vector<QuantityTrends> quantities;  // gflops, params, joules
  Front front_gflops;
  Front front_joules;

  const QuantityTrends& trends_of(Quantity q) const;
  /// The model of that name (case-insensitive); nullptr if none.
  const ModelPoint* find(std::string_view name) const;
};

/// Model points from the datasets, sorted by date then name, each assigned its hardware and
/// joules (or, where the rule has none, `hardware_missing`).
std::vector<ModelPoint> imagenet_points(const std::vector<ImageNetModel>& models,
                                        const HardwareAtDate& hardware);
std::vector<ModelPoint> glue_points(const std::vector<GlueModel>& models,
                                    const HardwareAtDate& hardware);

/// All analyses of one domain over its points.
DomainStudy analyze_models(Domain domain, std::vector<ModelPoint> models, double confidence);

// ---------------------------------------------------------------------------------------------
// Humans and the multiplicative factor.

/// The energy a person spends on one task: a power (references.csv) × human_task_seconds.
struct HumanReference {
  std::string id;     // the power's id in references.csv
  std::string label;  // "human internal (metabolic)"
  double watts = 0;
  double seconds = 0;
  double joules = 0;
  std::string source;
};

/// From references.csv: human_internal_power, human_brain_power, world_power_per_capita and
/// us_power_per_capita, each × human_task_seconds. An absent id is an input error (with "did you
/// mean").
std::vector<HumanReference> human_references(const std::vector<Reference>& references);

/// How one domain's models compare with one human reference.
struct HumanComparison {
  std::string reference_id;
  Domain domain = Domain::imagenet;
  std::size_t models = 0;  // with joules
  std::size_t above = 0;   // spending more than the reference
  std::string most_model;  // the most energy-hungry model and its joules
  double most_joules = 0;
};
std::vector<HumanComparison> compare_with_humans(const std::vector<HumanReference>& humans,
                                                 const DomainStudy& domain);

/// One model at one volume: inferences per day × J per inference.
struct FactorRow {
  Domain domain = Domain::imagenet;
  std::string model;
  double joules = 0;  // per inference
  double inferences_per_day = 0;
  double kwh_per_day = 0;
  double mwh_per_year = 0;  // 365 days
};

// ---------------------------------------------------------------------------------------------
// The whole study.

struct StudyInputs {
  hw::Catalogue hardware;
  std::vector<ImageNetModel> imagenet;
  std::vector<GlueModel> glue;
  std::vector<Reference> references;
};

/// Where the inputs come from. Model files are recognised by their header (a `top1` column:
/// ImageNet; `glue_test`: GLUE). By default a user's rows are added to the shipped ones, a row
/// named like a shipped row (ignoring case) replacing it; with replace_models a user file
/// replaces the shipped file of its kind. Bad rows follow `policy` (skip: reported in
/// `report->problems` as "file:line:col (column): ..."; fatal: the first throws).
struct InputFiles {
  std::filesystem::path data_dir;
  std::vector<std::filesystem::path> model_files;
  bool replace_models = false;
  std::filesystem::path hardware_file;  // merged into the catalogue (hw::Catalogue::merge)
  RowPolicy policy = RowPolicy::skip;
};
StudyInputs load_study_inputs(const InputFiles& files, LoadReport* report = nullptr);

/// Which dataset a model CSV holds, from its header; an input error naming the file when neither.
Domain detect_model_file(std::string_view text, const std::string& source);

/// Adds `user` rows to `shipped`: same name (ignoring case) replaces, others are appended.
void merge_models(std::vector<ImageNetModel>& shipped, std::vector<ImageNetModel> user);
void merge_models(std::vector<GlueModel>& shipped, std::vector<GlueModel> user);

/// Models labelled in figures, and those the multiplicative-factor table uses (names that are
/// not in the data are left out, and said so in Study::notes).
std::vector<std::string> default_notable_models();
std::vector<std::string> default_factor_models();

struct StudyOptions {
  HwRule hw_rule;
  std::vector<Era> eras = study_eras();
  GpuFilter gpus;
  double confidence = 0.95;
  std::optional<Date> since;  // models published before are left out
  std::optional<Date> until;  // and after (both bounds included)
  std::vector<std::string> notable_models = default_notable_models();
  std::vector<std::string> factor_models = default_factor_models();
  std::vector<double> factor_volumes{1e6, 1e9, 1e11};  // inferences per day
};

struct Study {
  StudyOptions options;
  HardwareStudy hardware;
  DomainStudy imagenet;
  DomainStudy glue;
  std::vector<HumanReference> humans;
  std::vector<HumanComparison> human_comparisons;
  std::vector<FactorRow> factor;
  std::vector<std::string> notes;  // models without hardware, factor models not found, ...

  /// Every fitted trend: hardware series, then ImageNet and GLUE (gflops, params, joules × all,
  /// best, yearly-mean, yearly-geomean).
  std::vector<const Trend*> trends() const;
};

Study run_study(const StudyInputs& inputs, const StudyOptions& options);

/// StudyOptions as the command line spells them (`infergy trends` and `infergy report` share
/// it); the defaults are StudyOptions' own.
struct StudyFlags {
  std::string hw_rule = "best";                      // parse_hw_rule
  std::string eras = "study";                        // parse_eras
  std::string gpu_kinds = "server-gpu,desktop-gpu";  // parse_gpu_filter
  std::string gpu_vendors = "NVIDIA";
  std::string since;  // YYYY[-MM[-DD]] from its first day on; empty: open
  std::string until;  // up to the last day it names: "2021" includes all of 2021
  double confidence = 0.95;
};
/// Usage errors name the flag and the bad value.
StudyOptions parse_study_flags(const StudyFlags& flags);

/// The factor rows of `names` (looked up in both domains) × `volumes`; names not found are
/// skipped (and listed in `missing` when given).
std::vector<FactorRow> multiplicative_factor(const Study& study,
                                             const std::vector<std::string>& names,
                                             const std::vector<double>& volumes,
                                             std::vector<std::string>* missing = nullptr);

}  // namespace infergy::trends
