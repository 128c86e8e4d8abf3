// The model analyses on datasets small enough to work by hand: joules from the hardware at each
// model's date, record setters, yearly means, exact exponential fits, Pareto fronts.
#include <gtest/gtest.h>

#include <cmath>

#include "infergy/trends.hpp"

namespace infergy::trends {
namespace {

// Two GPUs: old (2012-01-01, FP32 2 TFLOPS / 200 W = 10 GFLOPS/W) and tensor (2017-06-21, FP16
// matrix 120 TFLOPS / 300 W = 400 GFLOPS/W; FP32 15 / 300 = 50).
const std::string kGpus =
    "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,fp16_vector_tflops,"
    "fp16_matrix_tflops,sources\n"
    "old,Old GPU,NVIDIA,desktop-gpu,2012-01-01,200,2,,,https://example.com/old\n"
    "tensor,Tensor GPU,NVIDIA,server-gpu,2017-06-21,300,15,30,120,https://example.com/t\n";

const std::string kImageNetHeader =
    "name,family,date,params_m,gmacs,gflops,resolution,top1,top5,extra_data,source_date,"
    "source_metrics\n";

HardwareAtDate study_rule() {
  return HardwareAtDate(hw::Catalogue::parse(kGpus, "gpus.csv"), GpuFilter{}, study_eras(),
                        HwRule{});
}

TEST(Models, JoulesComeFromTheGpuOfEachModelsDate) {
  // A (2013): FP32 era, old at 10 GFLOPS/W: 1.5 GFLOPs / 10 = 0.15 J.
  // B (2016): still old (tensor not out): 8 / 10 = 0.8 J.
  // C (2018): FP16/FP32 tensor era, tensor at 400: 40 / 400 = 0.1 J.
  const auto models =
      parse_imagenet_models(kImageNetHeader +
                                "C,X,2018-01-01,20,20,40,224,80,95,none,https://a,https://a\n"
                                "A,X,2013-05-01,5,0.75,1.5,224,60,80,none,https://a,https://a\n"
                                "B,X,2016-01-01,10,4,8,224,70,90,jft-300m,https://a,https://a\n",
                            "three.csv");
  const auto points = imagenet_points(models, study_rule());
  ASSERT_EQ(points.size(), 3u);
  // Sorted by date.
  EXPECT_EQ(points[0].name, "A");
  EXPECT_EQ(points[1].name, "B");
  EXPECT_EQ(points[2].name, "C");
  EXPECT_DOUBLE_EQ(*points[0].joules, 0.15);
  EXPECT_DOUBLE_EQ(*points[1].joules, 0.8);
  EXPECT_DOUBLE_EQ(*points[2].joules, 0.1);
  EXPECT_EQ(points[1].hardware->device_id, "old");
  EXPECT_EQ(points[2].hardware->device_id, "tensor");
  EXPECT_EQ(points[2].hardware->era, "FP16/FP32 tensor");
  EXPECT_TRUE(points[1].extra_data);
  EXPECT_FALSE(points[0].extra_data);
  EXPECT_EQ(points[0].origin, "three.csv:3");
}

TEST(Models, AModelBeforeAnyGpuHasNoJoulesAndSaysWhy) {
  const auto models = parse_imagenet_models(
      kImageNetHeader + "Early,X,2011-06-01,5,0.75,1.5,224,60,80,none,https://a,https://a\n",
      "early.csv");
  const auto points = imagenet_points(models, study_rule());
  ASSERT_EQ(points.size(), 1u);
  EXPECT_FALSE(points[0].joules);
  EXPECT_NE(points[0].hardware_missing.find("released by 2011-06-01"), std::string::npos);
  // The joules trend then has nothing to fit, and says so instead of failing.
  const auto s = analyze_models(Domain::imagenet, points, 0.95);
  EXPECT_FALSE(s.trends_of(Quantity::joules).all.fit);
  EXPECT_EQ(s.trends_of(Quantity::joules).all.n, 0u);
  EXPECT_FALSE(s.trends_of(Quantity::joules).all.skipped.empty());
}

TEST(Models, GlueJoulesAtEachRowsInputLength) {
  // BERT-Base 29 GFLOPs at 128 tokens, 2018-10-11: tensor era, 29 / 400 = 0.0725 J.
  const auto glue = parse_glue_models(
      "name,date,params_m,gflops,input_tokens,gflops_method,glue_test,source_date\n"
      "BERT-Base,2018-10-11,110,29,128,paper,79.6,https://arxiv.org/abs/1810.04805\n",
      "glue.csv");
  const auto points = glue_points(glue, study_rule());
  ASSERT_EQ(points.size(), 1u);
  EXPECT_DOUBLE_EQ(*points[0].joules, 29.0 / 400.0);
  EXPECT_EQ(points[0].input_size, 128);
  EXPECT_DOUBLE_EQ(*points[0].score, 79.6);
}

ModelPoint point(const char* name, Date date, double gflops, std::optional<double> score,
                 double joules) {
  ModelPoint m;
  m.name = name;
  m.date = date;
  m.year = date.decimal_year();
  m.gflops = gflops;
  m.params_m = gflops * 10;
  m.score = score;
  m.joules = joules;
  return m;
}

// GFLOPs 1, 2, 4, 8 on the first days of 2016..2019 (decimal years exactly 2016..2019) double
// every year; E (2019-07-02) adds 32 GFLOPs to 2019.
std::vector<ModelPoint> doubling() {
  return {
      point("A", {2016, 1, 1}, 1, 70, 0.01),  point("B", {2017, 1, 1}, 2, 75, 0.01),
      point("C", {2018, 1, 1}, 4, 72, 0.01),  point("D", {2019, 1, 1}, 8, 80, 0.01),
      point("E", {2019, 7, 2}, 32, 78, 0.01),
  };
}

TEST(Models, RecordSettersAreTheBestModels) {
  const auto s = analyze_models(Domain::imagenet, doubling(), 0.95);
  // Top-1 70 (A), 75 (B), 72 (C: no record), 80 (D), 78 (E: no record).
  ASSERT_EQ(s.best.size(), 3u);
  EXPECT_EQ(s.models[s.best[0]].name, "A");
  EXPECT_EQ(s.models[s.best[1]].name, "B");
  EXPECT_EQ(s.models[s.best[2]].name, "D");
}

TEST(Models, BestModelsFitAnExactDoubling) {
  const auto s = analyze_models(Domain::imagenet, doubling(), 0.95);
  // A, B, D: log10 GFLOPs 0, log10 2, 3 log10 2 at years 2016, 2017, 2019: slope log10 2 per
  // year exactly, so ×2 per year, doubling every 12 months, R² = 1.
  const auto& best = s.trends_of(Quantity::gflops).best;
  ASSERT_TRUE(best.fit);
  EXPECT_EQ(best.n, 3u);
  EXPECT_NEAR(best.fit->slope, std::log10(2.0), 1e-12);
  EXPECT_NEAR(best.growth->factor_per_year, 2.0, 1e-12);
  EXPECT_NEAR(best.growth->months, 12.0, 1e-9);
  EXPECT_NEAR(best.fit->r2, 1.0, 1e-12);
  EXPECT_FALSE(best.growth->halving);
  EXPECT_EQ(best.label, "ImageNet GFLOPs, best models");
  // Joules are flat (0.01 J each): slope 0, no doubling time.
  const auto& joules = s.trends_of(Quantity::joules).all;
  ASSERT_TRUE(joules.fit);
  EXPECT_NEAR(joules.fit->slope, 0.0, 1e-12);
  EXPECT_TRUE(std::isinf(joules.growth->months));
}

TEST(Models, YearlyMeansArithmeticAndGeometric) {
  const auto s = analyze_models(Domain::imagenet, doubling(), 0.95);
  const auto& yearly = s.trends_of(Quantity::gflops).yearly;
  ASSERT_EQ(yearly.size(), 4u);
  EXPECT_EQ(yearly[3].year, 2019);
  EXPECT_EQ(yearly[3].n, 2u);
  EXPECT_DOUBLE_EQ(yearly[3].mean, 20.0);              // (8 + 32) / 2
  EXPECT_NEAR(yearly[3].geometric_mean, 16.0, 1e-12);  // sqrt(8 × 32)
  // The yearly geometric means 1, 2, 4, 16 at mid-years 2016.5..2019.5:
  // log10 = (0, 1, 2, 4) log10 2; x = 0..3; slope = Σ(x−1.5)(y−ȳ)/Σ(x−1.5)² with ȳ = 1.75 log10 2
  //   = [(−1.5)(−1.75) + (−0.5)(−0.75) + (0.5)(0.25) + (1.5)(2.25)] log10 2 / 5 = 6.5/5 log10 2.
  const auto& geo = s.trends_of(Quantity::gflops).yearly_geomean;
  ASSERT_TRUE(geo.fit);
  EXPECT_NEAR(geo.fit->slope, 1.3 * std::log10(2.0), 1e-12);
  EXPECT_NEAR(geo.x_min, 2016.5, 1e-12);
  EXPECT_NEAR(geo.x_max, 2019.5, 1e-12);
  // Arithmetic means 1, 2, 4, 20: log10 20 = log10 2 + 1 (not a power of 2), so:
  // y = (0, a, 2a, a + 1) with a = log10 2, ȳ = (4a + 1)/4;
  // slope = [(−1.5)(−ȳ) + (−0.5)(a − ȳ) + (0.5)(2a − ȳ) + (1.5)(a + 1 − ȳ)] / 5
  //       = [−0.5a + a + 1.5a + 1.5] / 5 = (2a + 1.5) / 5.
  const double a = std::log10(2.0);
  EXPECT_NEAR(s.trends_of(Quantity::gflops).yearly_mean.fit->slope, (2 * a + 1.5) / 5, 1e-12);
}

TEST(Models, ParetoFrontsOverallAndByYear) {
  const auto s = analyze_models(Domain::imagenet, doubling(), 0.95);
  // (GFLOPs, Top-1): A (1, 70), B (2, 75), C (4, 72), D (8, 80), E (32, 78).
  // C is beaten by B (cheaper and better), E by D. Front: A, B, D, by cost.
  const auto names = [&](const std::vector<std::size_t>& idx) {
    std::vector<std::string> out;
    for (auto i : idx) out.push_back(s.models[i].name);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names(s.front_gflops.front), (V{"A", "B", "D"}));
  ASSERT_EQ(s.front_gflops.by_year.size(), 4u);
  EXPECT_EQ(names(s.front_gflops.by_year[0].front), (V{"A"}));
  EXPECT_EQ(names(s.front_gflops.by_year[1].front), (V{"A", "B"}));
  EXPECT_EQ(names(s.front_gflops.by_year[2].front), (V{"A", "B"}));  // C dominated
  EXPECT_EQ(names(s.front_gflops.by_year[3].front), (V{"A", "B", "D"}));
  // All joules are equal: only the best score survives, D.
  EXPECT_EQ(names(s.front_joules.front), (V{"D"}));
}

TEST(Models, SubsetsTooSmallToFitSayWhy) {
  auto two = doubling();
  two.resize(2);
  const auto s = analyze_models(Domain::glue, two, 0.95);
  const auto& all = s.trends_of(Quantity::gflops).all;
  EXPECT_FALSE(all.fit);
  EXPECT_EQ(all.n, 2u);
  EXPECT_FALSE(all.skipped.empty());
  EXPECT_EQ(s.score_label, "GLUE score");
}

}  // namespace
}  // namespace infergy::trends
