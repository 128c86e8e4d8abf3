// estimate() and rank(): every figure of the methods asked for, devices that cannot run a method
// as values (not exceptions), the ranking, and the sourced footprint defaults. Each number is
// derived by hand in the comment above it.
#include <gtest/gtest.h>

#include <limits>

#include "infergy/energy.hpp"
#include "infergy/error.hpp"
#include "infergy/hw.hpp"

namespace infergy {
namespace {

using energy::Work;
using energy::WorkKind;
using energy::Workload;

// Round numbers: "round" 100 TFLOPS fp16 matrix, 10 TFLOPS vector, 1000 GB/s, 200 W; "hot" the
// same at 400 W; "nobw" without a bandwidth.
const hw::Catalogue& devices() {
  static const hw::Catalogue c = hw::Catalogue::parse(
      "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,fp16_vector_tflops,"
      "fp16_matrix_tflops,memory_bw_gbs,checked,sources\n"
      "hot-1,Hot One,Test,server-gpu,2020-01-01,400,10,10,100,1000,vendor,https://example.org\n"
      "round-1,Round One,Test,server-gpu,2020-01-01,200,10,10,100,1000,vendor,https://example.org\n"
      "nobw-1,No Bandwidth,Test,server-gpu,2020-01-01,200,10,10,100,,vendor,https://example.org\n",
      "test.csv");
  return c;
}

// 1e12 FLOPs of matrix work and 1e9 bytes, one inference per pass.
Workload teraflop() {
  Workload w;
  w.name = "teraflop";
  w.items.push_back(Work{"all", WorkKind::matrix, 1e12, 1e9});
  return w;
}

energy::EstimateOptions options() {
  energy::EstimateOptions o;
  o.precision = Precision::fp16;
  o.roofline = {energy::Range{1, 1, 1}, energy::Range{1, 1, 1}, energy::Range{1, 1, 1}};
  o.footprint = {400, 0.10, "USD", 1.5};
  o.inferences_per_day = 1e6;
  return o;
}

// study: 100 TFLOPS / 200 W = 500 GFLOPS/W, 1e12 / 500e9 = 2 J. roofline: compute 1e12 / 100e12
// = 10 ms, memory 1e9 / 1e12 = 1 ms, so 10 ms × 200 W = 2 J. Footprint: 2 J × PUE 1.5 = 3 J at
// the wall; 1e6 a day = 3e6 J = 0.8333 kWh/day; × 365 / 1000 = 0.30417 MWh/year.
TEST(Estimate, EveryFigureOfBothMethods) {
  const auto e = energy::estimate(teraflop(), devices().get("round-1"), options());
  ASSERT_TRUE(e.complete());
  EXPECT_EQ(e.unavailable(), "");
  EXPECT_DOUBLE_EQ(e.flops_per_inference, 1e12);
  EXPECT_NEAR(e.study->joules_per_inference, 2.0, 1e-12);
  EXPECT_NEAR(e.roofline->joules_per_inference.typical, 2.0, 1e-12);
  EXPECT_NEAR(e.roofline->batch_seconds.typical, 0.010, 1e-15);
  EXPECT_NEAR(e.study_footprint->joules_per_inference, 3.0, 1e-12);
  EXPECT_NEAR(e.study_footprint->kwh_per_day, 3e6 / 3.6e6, 1e-12);
  EXPECT_NEAR(e.roofline_footprint->typical.mwh_per_year, 3e6 / 3.6e6 * 365 / 1000, 1e-12);
  EXPECT_NEAR(e.ranking_joules(), 2.0, 1e-12);
}

// A method the device cannot run is a value: int8 on a device without an int8 peak, a roofline
// without a bandwidth. Nothing throws; the reason names what the device has.
TEST(Estimate, ADeviceThatCannotRunAMethodSaysWhy) {
  auto o = options();
  o.precision = Precision::int8;
  const auto none = energy::estimate(teraflop(), devices().get("round-1"), o);
  EXPECT_FALSE(none.complete());
  EXPECT_FALSE(none.study);
  EXPECT_NE(none.study_unavailable.find("fp16 (vector+matrix)"), std::string::npos)
      << none.study_unavailable;
  EXPECT_EQ(none.unavailable(), none.study_unavailable);

  const auto half = energy::estimate(teraflop(), devices().get("nobw-1"), options());
  EXPECT_TRUE(half.study);
  EXPECT_FALSE(half.roofline);
  EXPECT_NE(half.roofline_unavailable.find("no memory bandwidth"), std::string::npos);
  EXPECT_EQ(energy::study_unavailable(devices().get("nobw-1"), Precision::fp16), std::nullopt);

  // Asking for the study alone, the device without a bandwidth is complete.
  o = options();
  o.methods = {true, false};
  EXPECT_TRUE(energy::estimate(teraflop(), devices().get("nobw-1"), o).complete());
}

TEST(Estimate, InconsistentOptionsAreUsageErrors) {
  auto o = options();
  o.footprint.pue = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW((void)energy::estimate(teraflop(), devices().get("round-1"), o), Error);
  o = options();
  o.roofline.eta_compute = {0.9, 0.5, 0.7};
  EXPECT_THROW((void)energy::estimate(teraflop(), devices().get("round-1"), o), Error);
}

// Joules per inference: round 2 J, hot 4 J (twice the power for the same time); nobw has no
// roofline, so it is skipped when both methods are asked for.
TEST(Rank, FewestJoulesFirstAndTheOthersWithWhy) {
  const auto r = energy::rank(teraflop(), devices().all(), options());
  ASSERT_EQ(r.ranked.size(), 2u);
  EXPECT_EQ(r.ranked[0].hardware.id, "round-1");
  EXPECT_EQ(r.ranked[1].hardware.id, "hot-1");
  EXPECT_NEAR(r.ranked[1].ranking_joules(), 4.0, 1e-12);
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].hardware.id, "nobw-1");
  EXPECT_NE(r.skipped[0].unavailable().find("bandwidth"), std::string::npos);

  // The study alone ranks all three; round and nobw tie at 2 J and keep the devices' order.
  auto o = options();
  o.methods = {true, false};
  const auto study = energy::rank(teraflop(), devices().all(), o);
  ASSERT_EQ(study.ranked.size(), 3u);
  EXPECT_EQ(study.ranked[0].hardware.id, "round-1");
  EXPECT_EQ(study.ranked[1].hardware.id, "nobw-1");
  EXPECT_EQ(study.ranked[2].hardware.id, "hot-1");
}

// A row whose TDP is above the unit's own draw ([tdp:upper-bound] in its notes): every format of
// every renderer says its energies are upper bounds; a row without the token says nothing.
TEST(Render, AnUpperBoundTdpIsSaidInEveryFormat) {
  static const hw::Catalogue c = hw::Catalogue::parse(
      "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,fp16_vector_tflops,"
      "fp16_matrix_tflops,memory_bw_gbs,sources,notes\n"
      "npu-1,NPU One,Test,edge,2024-01-01,28,10,10,100,100,https://example.org,"
      "[tdp:upper-bound] the SoC's TDP\n",
      "npu.csv");
  const auto& npu = c.get("npu-1");
  ASSERT_TRUE(npu.tdp_is_upper_bound());
  EXPECT_FALSE(devices().get("round-1").tdp_is_upper_bound());
  const auto e = energy::estimate(teraflop(), npu, options());
  const auto as = [](OutputFormat format) {
    energy::EstimateRenderOptions o;
    o.format = format;
    return o;
  };
  for (auto format : {OutputFormat::table, OutputFormat::markdown, OutputFormat::csv}) {
    EXPECT_NE(energy::render(e, as(format)).find("upper bound"), std::string::npos);
    EXPECT_NE(energy::render(energy::rank(teraflop(), {npu}, options()), format)
                  .find("npu-1 (energy: upper bound)"),
              std::string::npos);
    EXPECT_NE(energy::render_rows({e}, format).find("npu-1 (energy: upper bound)"),
              std::string::npos);
  }
  EXPECT_NE(energy::render(e, as(OutputFormat::json)).find("\"energy_is_upper_bound\": true"),
            std::string::npos);
  const auto plain = energy::estimate(teraflop(), devices().get("round-1"), options());
  EXPECT_EQ(energy::render(plain, as(OutputFormat::table)).find("upper bound"), std::string::npos);
}

// The footprint of a range is the footprint of each bound: 1, 2, 4 J × PUE 1.5.
TEST(Footprint, OfARangeIsTheFootprintOfEachBound) {
  const auto f = energy::footprint(energy::Range{1, 2, 4}, 0, {400, 0.10, "USD", 1.5});
  EXPECT_DOUBLE_EQ(f.low.joules_per_inference, 1.5);
  EXPECT_DOUBLE_EQ(f.typical.joules_per_inference, 3.0);
  EXPECT_DOUBLE_EQ(f.high.joules_per_inference, 6.0);
}

// The defaults are data/references.csv's sourced rows: Ember's 2023 world grid intensity
// (480 g/kWh), EIA's 2023 US commercial price (0.1259 USD/kWh), Uptime's 2024 PUE (1.56).
TEST(Footprint, DefaultsComeFromTheSourcedReferences) {
  const auto p = energy::footprint_defaults(INFERGY_DATA_DIR);
  EXPECT_DOUBLE_EQ(p.grid_g_co2e_per_kwh, 480);
  EXPECT_DOUBLE_EQ(p.price_per_kwh, 0.1259);
  EXPECT_EQ(p.currency, "USD");
  EXPECT_DOUBLE_EQ(p.pue, 1.56);
}

TEST(Methods, ParseTheFlagSpellings) {
  EXPECT_TRUE(energy::parse_methods("both")->study);
  EXPECT_FALSE(energy::parse_methods("roofline")->study);
  EXPECT_FALSE(energy::parse_methods("Study"));
  EXPECT_EQ(energy::parse_peak_unit("matrix"), energy::PeakUnit::matrix);
  EXPECT_FALSE(energy::parse_peak_unit("tensor"));
}

}  // namespace
}  // namespace infergy
