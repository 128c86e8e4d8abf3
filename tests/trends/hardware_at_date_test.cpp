// The hardware-at-date rule on hand-made catalogues: which GPU (and so which GFLOPS/W) a model of
// a given date is given, across era switches, before any GPU exists, under each rule.
#include <gtest/gtest.h>

#include <cmath>

#include "infergy/error.hpp"
#include "infergy/trends.hpp"

namespace infergy::trends {
namespace {

const std::string kHeader =
    "id,name,aliases,vendor,kind,release_date,tdp_w,fp32_vector_tflops,fp16_vector_tflops,"
    "fp16_matrix_tflops,sources,notes\n";

// GFLOPS/W = TFLOPS × 1000 / W:
//   old     2012-01-01  FP32 2 / 200 W = 10
//   new     2014-01-01  FP32 5 / 250 W = 20
//   tensor  2017-06-21  FP32 15 / 300 W = 50; FP16 vector 30 / 300 = 100; FP16 matrix 120 / 300
//                       = 400
//   studio  2013-01-01  workstation, FP32 4 / 40 W = 100 (left out by the default kinds)
//   radeon  2013-01-01  AMD, FP32 6 / 100 W = 60 (left out by the default vendor)
//   pascal  2016-06-01  FP32 9 / 180 W = 50; FP16 vector at 1/64: 0.14 / 180 = 0.78 (not native)
const std::string kRows =
    "old,Old GPU,,NVIDIA,desktop-gpu,2012-01-01,200,2,,,https://example.com/old,\n"
    "new,New GPU,,NVIDIA,server-gpu,2014-01-01,250,5,,,https://example.com/new,\n"
    "tensor,Tensor GPU,,NVIDIA,server-gpu,2017-06-21,300,15,30,120,https://example.com/t,\n"
    "studio,Studio GPU,,NVIDIA,workstation-gpu,2013-01-01,40,4,,,https://example.com/s,\n"
    "radeon,Radeon GPU,,AMD,desktop-gpu,2013-01-01,100,6,,,https://example.com/r,\n"
    "pascal,Pascal GPU,,NVIDIA,desktop-gpu,2016-06-01,180,9,0.14,,https://example.com/p,"
    "[exempt:slow-fp16-vector] 1/64-rate FP16\n";

hw::Catalogue catalogue() {
  return hw::Catalogue::parse(kHeader + kRows, "hand.csv");
}

std::vector<Era> two_eras() {
  return parse_eras("fp32-vector,2017-06-21:fp16-matrix");
}

Date d(int y, int m, int day) {
  return Date{y, m, day};
}

TEST(HardwareAtDate, BestRuleFollowsReleasesAndTheEraSwitch) {
  const HardwareAtDate rule(catalogue(), GpuFilter{}, two_eras(), HwRule{});
  // 2011: nothing released yet.
  EXPECT_FALSE(rule.at(d(2011, 6, 1)));
  EXPECT_NE(rule.why_none(d(2011, 6, 1)).find("no FP32 GPU"), std::string::npos);
  EXPECT_NE(rule.why_none(d(2011, 6, 1)).find("released by 2011-06-01"), std::string::npos);
  // The release day itself counts.
  EXPECT_EQ(rule.at(d(2012, 1, 1))->device_id, "old");
  EXPECT_DOUBLE_EQ(rule.at(d(2013, 5, 1))->gflops_per_watt, 10.0);
  EXPECT_EQ(rule.at(d(2015, 1, 1))->device_id, "new");
  EXPECT_DOUBLE_EQ(rule.at(d(2015, 1, 1))->gflops_per_watt, 20.0);
  // The day before the tensor era the best FP32 card of 2016 is pascal (50 > 20)...
  const auto before = rule.at(d(2017, 6, 20));
  EXPECT_EQ(before->device_id, "pascal");
  EXPECT_DOUBLE_EQ(before->gflops_per_watt, 50.0);
  EXPECT_EQ(before->path.id(), "fp32-vector");
  EXPECT_EQ(before->era, "FP32");
  // ...and from the era's first day mixed precision on the tensor card: 400.
  const auto after = rule.at(d(2017, 6, 21));
  EXPECT_EQ(after->device_id, "tensor");
  EXPECT_DOUBLE_EQ(after->gflops_per_watt, 400.0);
  EXPECT_EQ(after->path.id(), "fp16-matrix");
  EXPECT_EQ(after->era, "FP16/FP32 tensor");
  EXPECT_EQ(after->device_release, "2017-06-21");
}

TEST(HardwareAtDate, AnEraBeforeItsFirstGpuHasNothingToGive) {
  // Mixed precision from 2016 but no tensor card until mid-2017: a 2016 model gets nothing, and
  // a TF32 era with no TF32 card at all never does.
  const HardwareAtDate rule(catalogue(), GpuFilter{},
                            parse_eras("fp32-vector,2016-01-01:fp16-matrix,2019-01-01:tf32-matrix"),
                            HwRule{});
  EXPECT_EQ(rule.at(d(2015, 12, 31))->device_id, "new");
  EXPECT_FALSE(rule.at(d(2016, 6, 1)));
  EXPECT_NE(rule.why_none(d(2016, 6, 1)).find("FP16/FP32 tensor"), std::string::npos);
  EXPECT_EQ(rule.at(d(2018, 1, 1))->device_id, "tensor");
  EXPECT_FALSE(rule.at(d(2020, 1, 1)));
  EXPECT_EQ(rule.why_none(d(2018, 1, 1)), "");
}

TEST(HardwareAtDate, FilterDecidesWhichGpusCount) {
  // With workstation cards the 2013 studio card (100) beats old (10) and, later, new (20).
  const HardwareAtDate with_workstations(catalogue(), parse_gpu_filter("gpu", "NVIDIA"), two_eras(),
                                         HwRule{});
  EXPECT_EQ(with_workstations.at(d(2015, 1, 1))->device_id, "studio");
  EXPECT_DOUBLE_EQ(with_workstations.at(d(2015, 1, 1))->gflops_per_watt, 100.0);
  // With any vendor, the AMD card of 2013 (60) beats old and new.
  const HardwareAtDate any_vendor(catalogue(), parse_gpu_filter("desktop-gpu,server-gpu", "any"),
                                  two_eras(), HwRule{});
  EXPECT_EQ(any_vendor.at(d(2015, 1, 1))->device_id, "radeon");
}

// A row whose TDP is an upper bound has only a lower bound of GFLOPS/W: never a candidate, even
// where that bound (FP32 8 / 20 W = 400) would beat every other card.
TEST(HardwareAtDate, UpperBoundTdpRowsAreNotCandidates) {
  const auto cat = hw::Catalogue::parse(
      kHeader + kRows +
          "soc,SoC GPU,,NVIDIA,desktop-gpu,2013-01-01,20,8,,,https://example.com/soc,"
          "[tdp:upper-bound] the whole computer's power\n",
      "hand.csv");
  const HardwareAtDate rule(cat, GpuFilter{}, two_eras(), HwRule{});
  EXPECT_EQ(rule.at(d(2015, 1, 1))->device_id, "new");
  EXPECT_FALSE(GpuFilter{}.accepts(cat.get("soc")));
  EXPECT_TRUE(GpuFilter{}.accepts(cat.get("new")));
}

TEST(HardwareAtDate, SlowPathsAreNotCandidates) {
  // FP16 on CUDA cores: pascal has a figure (0.78 GFLOPS/W) but at 1/64 rate it is no path
  // anyone would use; tensor's FP16 vector (100) is the only candidate.
  const auto cat = catalogue();
  const PeakPath fp16_vector{Precision::fp16, hw::ComputeUnit::vector};
  EXPECT_FALSE(path_is_native(fp16_vector, *cat.find("pascal")));
  EXPECT_TRUE(path_is_native(fp16_vector, *cat.find("tensor")));
  std::vector<const hw::HardwareSpec*> all;
  for (const auto& spec : cat.all()) all.push_back(&spec);
  EXPECT_EQ(best_released_by(all, d(2017, 1, 1), fp16_vector), nullptr);
  EXPECT_EQ(best_released_by(all, d(2018, 1, 1), fp16_vector)->id, "tensor");
}

TEST(HardwareAtDate, TiesGoToTheEarlierRelease) {
  const auto cat = hw::Catalogue::parse(
      kHeader +
          "late,Late,,NVIDIA,server-gpu,2015-01-01,100,3,,,https://example.com/l,\n"
          "early,Early,,NVIDIA,server-gpu,2014-01-01,200,6,,,https://example.com/e,\n",
      "tie.csv");
  std::vector<const hw::HardwareSpec*> all;
  for (const auto& spec : cat.all()) all.push_back(&spec);
  // Both are 30 GFLOPS/W.
  EXPECT_EQ(best_released_by(all, d(2016, 1, 1), {Precision::fp32, hw::ComputeUnit::vector})->id,
            "early");
}

TEST(HardwareAtDate, TrendRuleReadsTheFittedLine) {
  // GFLOPS/W 10, 100, 1000 on 2012-01-01, 2014-01-01, 2016-01-01 (decimal years 2012, 2014,
  // 2016): log10 = 1 + 0.5 (year − 2012) exactly. At 2015-01-01: 10^2.5 = 316.2278.
  const auto cat = hw::Catalogue::parse(
      kHeader +
          "ga,A,,NVIDIA,server-gpu,2012-01-01,100,1,,,https://example.com/a,\n"
          "gb,B,,NVIDIA,server-gpu,2014-01-01,100,10,,,https://example.com/b,\n"
          "gc,C,,NVIDIA,server-gpu,2016-01-01,100,100,,,https://example.com/c,\n",
      "trend.csv");
  HwRule trend;
  trend.kind = HwRuleKind::trend;
  const HardwareAtDate rule(cat, GpuFilter{}, parse_eras("fp32-vector"), trend);
  const auto a = rule.at(d(2015, 1, 1));
  ASSERT_TRUE(a);
  EXPECT_NEAR(a->gflops_per_watt, std::pow(10.0, 2.5), 1e-9);
  EXPECT_EQ(a->device_id, "");
  EXPECT_NE(a->device_name.find("3 GPUs"), std::string::npos);
  // Before the series' first GPU the line is not extrapolated.
  EXPECT_FALSE(rule.at(d(2011, 1, 1)));
  ASSERT_TRUE(rule.trend_of({Precision::fp32, hw::ComputeUnit::vector}));
  EXPECT_NEAR(rule.trend_of({Precision::fp32, hw::ComputeUnit::vector})->slope, 0.5, 1e-12);
}

TEST(HardwareAtDate, TrendRuleWithTooFewGpusSaysWhy) {
  HwRule trend;
  trend.kind = HwRuleKind::trend;
  // Only one tensor card: no fp16-matrix trend can be fitted.
  const HardwareAtDate rule(catalogue(), GpuFilter{}, two_eras(), trend);
  EXPECT_TRUE(rule.at(d(2016, 1, 1)));  // three FP32 cards: old, new, pascal
  EXPECT_FALSE(rule.at(d(2018, 1, 1)));
  EXPECT_NE(rule.why_none(d(2018, 1, 1)).find("no fp16-matrix trend"), std::string::npos);
}

TEST(HardwareAtDate, FixedRuleUsesOneDeviceAtTheEraOfItsRelease) {
  // tensor was released in the FP16/FP32 tensor era: 400 GFLOPS/W for a model of any date.
  const HardwareAtDate rule(catalogue(), GpuFilter{}, two_eras(), parse_hw_rule("fixed:tensor"));
  EXPECT_DOUBLE_EQ(rule.at(d(2013, 1, 1))->gflops_per_watt, 400.0);
  EXPECT_DOUBLE_EQ(rule.at(d(2024, 1, 1))->gflops_per_watt, 400.0);
  EXPECT_EQ(rule.rule().describe(), "fixed:tensor@fp16-matrix");
  // An explicit path; and the filter does not apply to a device asked for by name.
  const HardwareAtDate fp32(catalogue(), GpuFilter{}, two_eras(),
                            parse_hw_rule("fixed:Tensor GPU@fp32-vector"));
  EXPECT_DOUBLE_EQ(fp32.at(d(2013, 1, 1))->gflops_per_watt, 50.0);
  const HardwareAtDate studio(catalogue(), GpuFilter{}, two_eras(), parse_hw_rule("fixed:studio"));
  EXPECT_DOUBLE_EQ(studio.at(d(2013, 1, 1))->gflops_per_watt, 100.0);
}

TEST(HardwareAtDate, FixedRuleErrors) {
  try {
    HardwareAtDate(catalogue(), GpuFilter{}, two_eras(), parse_hw_rule("fixed:old@fp16-matrix"));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("old has no fp16-matrix peak"), std::string::npos);
  }
  try {
    HardwareAtDate(catalogue(), GpuFilter{}, two_eras(), parse_hw_rule("fixed:tensr"));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("tensor"), std::string::npos) << e.what();
  }
}

TEST(HardwareAtDate, StepsChangeWhereTheAssignmentDoes) {
  const HardwareAtDate rule(catalogue(), GpuFilter{}, two_eras(), HwRule{});
  const auto steps = assignment_steps(rule, d(2011, 6, 1), d(2018, 1, 1));
  // none (2011-06-01), old (2012-01-01), new (2014-01-01), pascal (2016-06-01), tensor
  // (2017-06-21, era start and release).
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_FALSE(steps[0].assignment);
  const char* ids[] = {"old", "new", "pascal", "tensor"};
  const Date dates[] = {d(2012, 1, 1), d(2014, 1, 1), d(2016, 6, 1), d(2017, 6, 21)};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(steps[i + 1].date, dates[i]);
    EXPECT_EQ(steps[i + 1].assignment->device_id, ids[i]);
  }
}

TEST(Parsing, PeakPathsRulesErasAndFilters) {
  EXPECT_EQ(parse_peak_path("FP16_Matrix").id(), "fp16-matrix");
  EXPECT_EQ(parse_peak_path("int8").id(), "int8");
  EXPECT_EQ(parse_peak_path("tf32-best").id(), "tf32");
  EXPECT_THROW(parse_peak_path("fp17-matrix"), Error);
  EXPECT_THROW(parse_peak_path("fp16-tensorcore"), Error);

  EXPECT_EQ(parse_hw_rule("best").kind, HwRuleKind::best);
  EXPECT_EQ(parse_hw_rule("TREND").kind, HwRuleKind::trend);
  const auto fixed = parse_hw_rule("fixed:a100-sxm4-40gb@fp16-matrix");
  EXPECT_EQ(fixed.device, "a100-sxm4-40gb");
  EXPECT_EQ(fixed.path->id(), "fp16-matrix");
  EXPECT_EQ(fixed.describe(), "fixed:a100-sxm4-40gb@fp16-matrix");
  for (const char* bad : {"", "fastest", "fixed:", "fixed:x@fp99"}) {
    try {
      (void)parse_hw_rule(bad);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::usage) << bad;
    }
  }

  const auto study = study_eras();
  ASSERT_EQ(study.size(), 3u);
  EXPECT_EQ(describe_eras(study), "fp32-vector,2017-06-21:fp16-matrix,2020-05-14:tf32-matrix");
  EXPECT_EQ(describe_eras(parse_eras(describe_eras(study))), describe_eras(study));
  EXPECT_EQ(era_at(study, d(2009, 1, 1)).path.id(), "fp32-vector");  // before every start
  EXPECT_EQ(era_at(study, d(2017, 6, 20)).path.id(), "fp32-vector");
  EXPECT_EQ(era_at(study, d(2017, 6, 21)).path.id(), "fp16-matrix");
  EXPECT_EQ(era_at(study, d(2020, 5, 14)).path.id(), "tf32-matrix");
  for (const char* bad : {"", "2017-01-01:fp16-matrix", "fp32-vector,fp16-matrix",
                          "fp32-vector,2018-01-01:fp16-matrix,2017-01-01:tf32-matrix",
                          "fp32-vector,2017-13-01:fp16-matrix"}) {
    EXPECT_THROW((void)parse_eras(bad), Error) << bad;
  }

  const auto f = parse_gpu_filter("server-gpu", "nvidia, amd");
  EXPECT_EQ(f.kinds.size(), 1u);
  EXPECT_EQ(f.vendors.size(), 2u);
  EXPECT_TRUE(parse_gpu_filter("all", "any").vendors.empty());
  EXPECT_EQ(parse_gpu_filter("all", "any").kinds.size(), hw::all_hardware_kinds().size());
  EXPECT_THROW((void)parse_gpu_filter("gpus", "any"), Error);
  EXPECT_THROW((void)parse_gpu_filter("", "any"), Error);
}

}  // namespace
}  // namespace infergy::trends
