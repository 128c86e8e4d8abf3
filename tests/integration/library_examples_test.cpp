// The code examples of README.md ("Library") and of the public headers' opening comments
// (analysis.hpp, shapes.hpp, energy.hpp, trends.hpp), line for line with the fixtures' paths in
// place of the examples' file names, so an example that no longer compiles or no longer does
// what its comment says fails here. Change both together.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>

#include "infergy/analysis.hpp"
#include "infergy/energy.hpp"
#include "infergy/onnx.hpp"
#include "infergy/onnx_fallback.hpp"
#include "infergy/trends.hpp"

namespace infergy {
namespace {

const std::string kModels = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/";
const std::string kData = INFERGY_DATA_DIR;

// README "Library" (bert.onnx: the BERT-base-sized encoder fixture).
TEST(LibraryExamples, Readme) {
  std::ostringstream cout;
  infergy::Model model = infergy::load_onnx(kModels + "transformer_encoder.onnx");
  auto bound = infergy::bind_inputs(model, {.dims = {{"sequence", 128}}, .batch = 8});
  infergy::infer_shapes(model, {.fallback = infergy::make_onnx_shape_fallback()});
  infergy::Analysis a =
      infergy::analyze(model, {.precision = infergy::Precision::fp16, .bound = bound});
  cout << infergy::render(a, {.format = infergy::OutputFormat::markdown, .by_op = true});

  auto gpus = infergy::hw::Catalogue::builtin(kData);
  infergy::energy::EstimateOptions o{.precision = infergy::Precision::fp16,
                                     .footprint = infergy::energy::footprint_defaults(kData),
                                     .inferences_per_day = 1e9};
  auto work = infergy::energy::workload_from_analysis(a);
  auto e = infergy::energy::estimate(work, gpus.get("a100-sxm4-40gb"), o);
  auto ranking = infergy::energy::rank(work, gpus.all(), o);

  EXPECT_EQ(a.batch, 8);
  EXPECT_EQ(work.batch, 8);
  EXPECT_NE(cout.str().find("## By op type"), std::string::npos);
  EXPECT_TRUE(e.complete());
  EXPECT_GT(e.study_footprint->kwh_per_day, 0);
  ASSERT_FALSE(ranking.ranked.empty());
  EXPECT_LE(ranking.ranked.front().ranking_joules(), e.ranking_joules());
}

// analysis.hpp: "or all at once ... a.batch is 8".
TEST(LibraryExamples, AnalysisHeader) {
  const Analysis a = infergy::analyze_file(kModels + "transformer_encoder.onnx",
                                           {.dims = {{"sequence", 128}}, .batch = 8});
  EXPECT_EQ(a.batch, 8);
}

// shapes.hpp: "bound.batch == 8".
TEST(LibraryExamples, ShapesHeader) {
  Model model = load_onnx(kModels + "transformer_encoder.onnx");
  auto bound = infergy::bind_inputs(model, {.dims = {{"sequence", 128}}, .batch = 8});
  infergy::infer_shapes(model, {.fallback = infergy::make_onnx_shape_fallback()});
  EXPECT_EQ(bound.batch, 8);
}

// energy.hpp (resnet50.onnx at batch 32).
TEST(LibraryExamples, EnergyHeader) {
  std::string printed;
  infergy::Analysis a = infergy::analyze_file(kModels + "resnet50.onnx", {.batch = 32});
  infergy::energy::Workload work = infergy::energy::workload_from_analysis(a);
  auto gpus = infergy::hw::Catalogue::builtin(kData);
  infergy::energy::EstimateOptions o{.precision = infergy::Precision::fp16,
                                     .footprint = infergy::energy::footprint_defaults(kData)};
  infergy::energy::Estimate e = infergy::energy::estimate(work, gpus.get("a100-sxm4-40gb"), o);
  if (e.roofline) printed = fmt::format("{} J\n", e.roofline->joules_per_inference.typical);
  infergy::energy::Ranking r = infergy::energy::rank(work, gpus.all(), o);
  EXPECT_EQ(work.batch, 32);
  EXPECT_FALSE(printed.empty());
  EXPECT_FALSE(r.ranked.empty());
}

// trends.hpp: "One call does it all".
TEST(LibraryExamples, TrendsHeader) {
  std::string printed;
  auto inputs = trends::load_study_inputs({.data_dir = kData});
  trends::Study study = trends::run_study(inputs, trends::StudyOptions{});
  for (const trends::Trend* t : study.trends())
    if (t->growth)
      printed += fmt::format("{}: doubles every {:.1f} months\n", t->label, t->growth->months);
  EXPECT_NE(printed.find(": doubles every "), std::string::npos) << printed;
}

}  // namespace
}  // namespace infergy
