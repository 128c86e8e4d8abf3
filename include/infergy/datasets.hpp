// The study's model datasets (data/models-imagenet.csv, data/models-glue.csv), the constants its
// analyses use (data/references.csv) and a user's table of models known by their numbers
// (estimate --table): loading, validation, lookup.
//
// Every shipped row carries a source, and every rule a row must obey (dates within 2010..today,
// positive sizes, GFLOPs = 2 × GMACs, Top-5 ≥ Top-1, a known extra-data tag, ...) is checked on
// load, so the trend analyses can trust what they get. A user's own file (--models FILE) goes
// through the same loaders: RowPolicy::skip reports each bad row as "file:line:col (column): ..."
// and keeps the good ones; RowPolicy::fatal stops at the first. Problems with the file as a whole
// (unreadable, broken CSV, a missing required column) always throw.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/date.hpp"

namespace infergy {

/// How a loader treats a row that breaks a rule.
enum class RowPolicy {
  fatal,  // throw the first problem as an input_error
  skip,   // record it in LoadReport::problems (when one is given), leave the row out, carry on
};

struct LoadReport {
  /// One line per problem: "file:line:col (column): what is wrong".
  std::vector<std::string> problems;
};

/// One ImageNet-1k classifier as published (data/models-imagenet.csv).
struct ImageNetModel {
  std::string name;
  std::string family;
  Date date;  // first publication (arXiv v1 or venue)
  double params_m = 0;
  double gmacs = 0;                    // multiply-accumulates per image at `resolution`, in 1e9
  double gflops = 0;                   // 2 × gmacs (infergy's convention), in 1e9
  std::optional<double> paper_gflops;  // the number the paper printed as "FLOPs"/"Mult-Adds"
  int resolution = 0;                  // input side in pixels (square)
  std::optional<double> top1;          // ImageNet-1k validation accuracy, percent
  std::optional<double> top5;
  std::string eval;                  // single-crop, 10-crop, ... (how top1/top5 were measured)
  std::string extra_data;            // "none" or a tag of extra_data_vocabulary()
  std::string metrics_from;          // paper | timm | torchvision
  std::string gmacs_from;            // timm | count | paper
  std::string torchvision;           // torchvision builder whose export these params/GMACs describe
  std::vector<std::string> sources;  // every reference of the row (date, metrics)
  std::string notes;
  std::string origin;  // "file:line" of the row

  bool uses_extra_data() const { return extra_data != "none"; }
};

/// One language model with its GLUE score (data/models-glue.csv).
struct GlueModel {
  std::string name;
  Date date;
  double params_m = 0;
  double gflops = 0;                // per forward pass over `input_tokens` tokens
  int input_tokens = 0;             // sequence length the GFLOPs refer to
  std::optional<double> glue_test;  // GLUE test average, where published
  std::string glue_convention;      // how glue_test averages: glue_convention_vocabulary()
  std::string gflops_method;        // paper | derived | study
  std::vector<std::string> sources;
  std::string notes;
  std::string origin;
};

/// One constant the analyses use (data/references.csv).
struct Reference {
  std::string id;
  std::string quantity;
  double value = 0;
  std::string unit;
  int year = 0;  // the year the value describes or was published
  std::string source;
  std::string notes;
  std::string origin;
};

/// One model known by its numbers, the study's way (`infergy estimate --table`): a CSV with
/// columns name, gflops or gmacs (per inference), and optionally params_m (or params) and
/// activations_m (or activations), both in millions as timm's benchmark gives them, and batch.
struct ModelNumbers {
  std::string name;
  double gflops = 0;  // per inference: the gflops cell, else 2 × gmacs
  std::optional<double> params_m;
  std::optional<double> activations_m;
  std::optional<std::int64_t> batch;
  std::string origin;  // "file:line"
};

/// The rule every GFLOPs, parameter or activation count (millions) of a model known by its
/// numbers obeys: finite, positive and at most 1e9 (far above any published model, so a value
/// past it is a unit slip). The problem in words ("GFLOPs must be a positive number (got -3)"),
/// or nullopt.
std::optional<std::string> check_model_number(double value, std::string_view what);

/// The extra_data tags a row may use ("none" first).
const std::vector<std::string>& extra_data_vocabulary();
/// The gflops_method values of models-glue.csv.
const std::vector<std::string>& gflops_method_vocabulary();
/// The glue_convention values of models-glue.csv: "leaderboard" (the GLUE benchmark score, all
/// nine tasks, WNLI included), "no-wnli" (the mean of the other eight, BERT's Table 1
/// convention), "unstated" (the source does not say). The two differ by about a point, so
/// scores of different conventions are not strictly comparable.
const std::vector<std::string>& glue_convention_vocabulary();

std::vector<ImageNetModel> load_imagenet_models(const std::filesystem::path& path,
                                                RowPolicy policy = RowPolicy::fatal,
                                                LoadReport* report = nullptr);
std::vector<GlueModel> load_glue_models(const std::filesystem::path& path,
                                        RowPolicy policy = RowPolicy::fatal,
                                        LoadReport* report = nullptr);
std::vector<ModelNumbers> load_model_numbers(const std::filesystem::path& path,
                                             RowPolicy policy = RowPolicy::fatal,
                                             LoadReport* report = nullptr);
std::vector<Reference> load_references(const std::filesystem::path& path,
                                       RowPolicy policy = RowPolicy::fatal,
                                       LoadReport* report = nullptr);

/// The same loaders over CSV text; `source` names it in messages (tests, stdin).
std::vector<ImageNetModel> parse_imagenet_models(std::string_view text, const std::string& source,
                                                 RowPolicy policy = RowPolicy::fatal,
                                                 LoadReport* report = nullptr);
std::vector<GlueModel> parse_glue_models(std::string_view text, const std::string& source,
                                         RowPolicy policy = RowPolicy::fatal,
                                         LoadReport* report = nullptr);
std::vector<ModelNumbers> parse_model_numbers(std::string_view text, const std::string& source,
                                              RowPolicy policy = RowPolicy::fatal,
                                              LoadReport* report = nullptr);
std::vector<Reference> parse_references(std::string_view text, const std::string& source,
                                        RowPolicy policy = RowPolicy::fatal,
                                        LoadReport* report = nullptr);

/// The reference with this id; an unknown id is an input_error with "did you mean" suggestions.
const Reference& find_reference(const std::vector<Reference>& references, std::string_view id);

}  // namespace infergy
