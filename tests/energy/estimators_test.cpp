// The study estimator against worked numbers, the roofline on synthetic workloads, and the
// multiplicative factor, each derived by hand in the comments.
#include <gtest/gtest.h>

#include "infergy/analysis.hpp"
#include "infergy/energy.hpp"
#include "infergy/error.hpp"
#include "infergy/hw.hpp"

namespace infergy {
namespace {

using energy::Work;
using energy::WorkKind;
using energy::Workload;

// A made-up accelerator with round numbers: 100 TFLOPS fp16 matrix, 10 TFLOPS fp32/fp16
// vector, 1000 GB/s, 200 W.
const char* kCatalogue =
    "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,fp16_vector_tflops,"
    "fp16_matrix_tflops,memory_bw_gbs,checked,sources\n"
    "round-1,Round One,Test,server-gpu,2020-01-01,200,10,10,100,1000,vendor,https://example.org\n"
    "nobw-1,No Bandwidth,Test,server-gpu,2020-01-01,200,10,10,100,,vendor,https://example.org\n";

const hw::HardwareSpec& round_gpu() {
  static const hw::Catalogue c = hw::Catalogue::parse(kCatalogue, "test.csv");
  return c.get("round-1");
}

const hw::Catalogue& shipped() {
  static const hw::Catalogue c = hw::Catalogue::builtin(INFERGY_DATA_DIR);
  return c;
}

// The study's own worked example: BERT-Base, 29 GFLOPs per inference (ELECTRA paper, length
// 128), on a V100's tensor cores at 125 TFLOPS / 300 W = 416.67 GFLOPS/W:
// E = 29e9 / 416.67e9 = 0.0696 J.
TEST(Study, BertBaseOnV100TensorCores) {
  const auto e = energy::estimate_study(29e9, shipped().get("v100-sxm2-16gb"), Precision::fp16);
  EXPECT_NEAR(e.gflops_per_watt, 416.6667, 1e-3);
  EXPECT_EQ(e.unit, hw::ComputeUnit::matrix);
  EXPECT_NEAR(e.joules_per_inference, 0.0696, 5e-5);
}

// FP32 on the GTX 580 (1.581 TFLOPS, 244 W → 6.4795 GFLOPS/W, the study's 6.48): AlexNet's
// 1.43 GFLOPs (2 × 0.714 GMACs) → 1.43e9 / 6.4795e9 = 0.2207 J.
TEST(Study, AlexNetOnGtx580) {
  const auto e = energy::estimate_study(1.43e9, shipped().get("gtx-580"), Precision::fp32);
  EXPECT_NEAR(e.gflops_per_watt, 1581.0 / 244.0, 1e-9);
  EXPECT_NEAR(e.joules_per_inference, 0.2207, 1e-4);
}

TEST(Study, MissingPrecisionNamesWhatTheHardwareHas) {
  try {
    (void)energy::estimate_study(1e9, round_gpu(), Precision::int8);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("fp16 (vector+matrix)"), std::string::npos) << e.what();
  }
}

Workload one_item(WorkKind kind, double flops, double bytes, std::int64_t batch = 1) {
  Workload w;
  w.name = "synthetic";
  w.batch = batch;
  w.items.push_back(Work{"item", kind, flops, bytes});
  return w;
}

energy::RooflineParams ideal() {
  return {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
}

// A large fp16 MatMul [4096 × 4096] × [4096 × 4096]: 2·4096³ = 137.4 GFLOP, bytes = 3 matrices
// × 4096² × 2 B = 100.7 MB. Compute time 137.4e9 / 100e12 = 1.374 ms; memory time 100.7e6 /
// 1e12 = 0.1007 ms: compute-bound, t = 1.374 ms, E = 1.374 ms × 200 W = 0.2749 J.
TEST(Roofline, LargeMatMulIsComputeBound) {
  const double flops = 2.0 * 4096.0 * 4096.0 * 4096.0;
  const double bytes = 3.0 * 4096.0 * 4096.0 * 2.0;
  const auto e = energy::estimate_roofline(one_item(WorkKind::matrix, flops, bytes), round_gpu(),
                                           Precision::fp16, ideal());
  EXPECT_FALSE(e.items[0].memory_bound);
  EXPECT_NEAR(e.batch_seconds.typical, flops / 100e12, 1e-12);
  EXPECT_NEAR(e.joules_per_inference.typical, flops / 100e12 * 200, 1e-9);
  EXPECT_DOUBLE_EQ(e.ridge_flops_per_byte, 100.0);  // 100e12 / 1e12
}

// An elementwise fp16 Add of two 16M-element tensors: 16.8 MFLOP, bytes = 3 × 16.8M × 2 =
// 100.7 MB. Compute 16.8e6 / 10e12 = 1.68 µs (vector unit); memory 100.7 µs: memory-bound.
TEST(Roofline, ElementwiseAddIsMemoryBound) {
  const double n = 16.0 * 1024 * 1024;
  const auto e = energy::estimate_roofline(one_item(WorkKind::vector, n, 3 * n * 2), round_gpu(),
                                           Precision::fp16, ideal());
  EXPECT_TRUE(e.items[0].memory_bound);
  EXPECT_NEAR(e.batch_seconds.typical, 3 * n * 2 / 1e12, 1e-12);
  EXPECT_DOUBLE_EQ(e.memory_bound_time_share, 1.0);
}

// Ranges: best time uses the high efficiencies and the low power fraction, worst the opposite.
// Compute-bound item of 1e12 FLOPs on 100 TFLOPS: t = 10 ms / η. With η = (0.25, 0.5, 1):
// times 10, 20, 40 ms; power fractions (0.5, 0.8, 1): energy 10 ms × 200 W × 0.5 = 1 J,
// 20 ms × 200 × 0.8 = 3.2 J, 40 ms × 200 × 1 = 8 J.
TEST(Roofline, RangesCombineEfficiencyAndPowerBounds) {
  const energy::RooflineParams p{{0.25, 0.5, 1.0}, {1, 1, 1}, {0.5, 0.8, 1.0}};
  const auto e = energy::estimate_roofline(one_item(WorkKind::matrix, 1e12, 1), round_gpu(),
                                           Precision::fp16, p);
  EXPECT_NEAR(e.batch_seconds.low, 0.010, 1e-12);
  EXPECT_NEAR(e.batch_seconds.typical, 0.020, 1e-12);
  EXPECT_NEAR(e.batch_seconds.high, 0.040, 1e-12);
  EXPECT_NEAR(e.joules_per_inference.low, 1.0, 1e-9);
  EXPECT_NEAR(e.joules_per_inference.typical, 3.2, 1e-9);
  EXPECT_NEAR(e.joules_per_inference.high, 8.0, 1e-9);
  EXPECT_NEAR(e.inferences_per_second.high, 100.0, 1e-9);
}

// A Gemm [B × 1024] × [1024 × 1024] at fp16, analyzed from a real graph so that the weights are
// read once per batch. FLOPs = 2·B·1024² (+ bias B·1024); bytes = (B·1024 + 1024² + 1024 +
// B·1024) × 2. Intensity at B = 1: ≈ 2.1e6 / 2.1e6 ≈ 1 FLOP/byte, far under the ridge (100):
// memory-bound. At B = 256: 537 MFLOP / 3.15 MB ≈ 171 FLOP/byte, past the ridge: compute-bound.
Model gemm_model() {
  Model m;
  m.path = "gemm.onnx";
  m.opsets["ai.onnx"] = 14;
  Graph& g = m.graph;
  const TensorId x = g.add_tensor("x", TensorKind::graph_input);
  g.tensor(x).dtype = DataType::float16;
  g.tensor(x).dims = std::vector<std::int64_t>{-1, 1024};
  g.tensor(x).dim_symbols = {"batch", ""};
  g.inputs.push_back(x);
  const TensorId w = g.add_tensor("w", TensorKind::initializer);
  g.tensor(w).dtype = DataType::float16;
  g.tensor(w).dims = std::vector<std::int64_t>{1024, 1024};
  const TensorId b = g.add_tensor("b", TensorKind::initializer);
  g.tensor(b).dtype = DataType::float16;
  g.tensor(b).dims = std::vector<std::int64_t>{1024};
  const TensorId y = g.add_tensor("y", TensorKind::intermediate);
  Node n;
  n.name = "fc";
  n.op_type = "Gemm";
  n.domain = "ai.onnx";
  n.opset = 14;
  n.inputs = {x, w, b};
  n.outputs = {y};
  g.tensor(y).producer = 0;
  g.nodes.push_back(n);
  g.outputs.push_back(y);
  return m;
}

energy::RooflineEstimate gemm_at(std::int64_t batch) {
  Model m = gemm_model();
  const BoundShapes bound = bind_inputs(m, {.dims = {}, .batch = batch});
  infer_shapes(m);
  const Analysis a = analyze(m, {.precision = Precision::fp16, .bound = bound});
  return energy::estimate_roofline(energy::workload_from_analysis(a), round_gpu(), Precision::fp16,
                                   ideal());
}

TEST(Roofline, BatchMovesAGemmAcrossTheRidge) {
  const auto one = gemm_at(1);
  const auto many = gemm_at(256);
  EXPECT_TRUE(one.items[0].memory_bound);
  EXPECT_LT(one.items[0].intensity, 2.0);
  EXPECT_FALSE(many.items[0].memory_bound);
  // 2·256·1024² + 256·1024 = 537,133,056 FLOPs; bytes = (256·1024·2 + 1024² + 1024) × 2.
  const double flops = 2.0 * 256 * 1024 * 1024 + 256 * 1024;
  const double bytes = (256.0 * 1024 * 2 + 1024.0 * 1024 + 1024) * 2;
  EXPECT_NEAR(many.items[0].intensity, flops / bytes, 1e-9);
  // Energy per inference falls with batch: the weights' bytes are shared by 256 inferences.
  EXPECT_LT(many.joules_per_inference.typical, one.joules_per_inference.typical / 50);
}

TEST(Roofline, NeedsABandwidth) {
  static const hw::Catalogue c = hw::Catalogue::parse(kCatalogue, "test.csv");
  EXPECT_THROW(energy::estimate_roofline(one_item(WorkKind::matrix, 1e9, 1e6), c.get("nobw-1"),
                                         Precision::fp16),
               Error);
}

TEST(Roofline, RejectsInconsistentRanges) {
  const energy::RooflineParams bad{{0.8, 0.5, 0.9}, {1, 1, 1}, {1, 1, 1}};
  EXPECT_THROW(energy::estimate_roofline(one_item(WorkKind::matrix, 1e9, 1e6), round_gpu(),
                                         Precision::fp16, bad),
               Error);
}

// A CPU whose peaks are stated at a 2.0 GHz base clock and which boosts to 3.0 GHz: 8 cores x 2.0
// GHz x 32 FP32 FLOPs = 0.512 TFLOPS as stated, 0.768 at boost; 50 GB/s; 65 W.
const char* kCpuCatalogue =
    "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,memory_bw_gbs,units,unit_name,"
    "clock_ghz,boost_ghz,ops_per_cycle,sources\n"
    "cpu-1,Boost CPU,Test,cpu,2022-01-01,65,0.512,50,8,core,2.0,3.0,fp32_vector=32,"
    "https://example.org\n";

// Compute-bound work of 7.68e11 FLOPs at η = 1: 1 s at the boost clock's 0.768 TFLOPS (typical
// and best), 1.5 s in the worst case, which falls back to the 0.512 TFLOPS of the base clock.
TEST(Roofline, ACpuComputesAtBoostAndAtBaseInTheWorstCase) {
  static const hw::Catalogue c = hw::Catalogue::parse(kCpuCatalogue, "cpu.csv");
  const auto& cpu = c.get("cpu-1");
  EXPECT_DOUBLE_EQ(cpu.boost_factor(), 1.5);
  const auto e = energy::estimate_roofline(one_item(WorkKind::vector, 7.68e11, 1), cpu,
                                           Precision::fp32, ideal());
  EXPECT_NEAR(e.peak_vector_tflops, 0.768, 1e-12);
  EXPECT_DOUBLE_EQ(e.clock_factor, 1.5);
  EXPECT_NEAR(e.batch_seconds.low, 1.0, 1e-12);
  EXPECT_NEAR(e.batch_seconds.typical, 1.0, 1e-12);
  EXPECT_NEAR(e.batch_seconds.high, 1.5, 1e-12);
  // A GPU row has no boost factor: its peaks are quoted at boost already.
  EXPECT_DOUBLE_EQ(round_gpu().boost_factor(), 1.0);
}

// Each class takes its own calibration, and a user's figure replaces only what it names.
TEST(Roofline, ClassDefaultsAndOverrides) {
  static const hw::Catalogue c = hw::Catalogue::parse(kCpuCatalogue, "cpu.csv");
  const auto& cpu = c.get("cpu-1");
  const auto gpu_params = energy::default_roofline_params(energy::RooflineClass::gpu);
  const auto cpu_params = energy::default_roofline_params(energy::RooflineClass::cpu);
  EXPECT_EQ(energy::roofline_class(cpu.kind), energy::RooflineClass::cpu);
  EXPECT_EQ(energy::roofline_class(round_gpu().kind), energy::RooflineClass::gpu);
  EXPECT_NE(gpu_params.eta_compute.typical, cpu_params.eta_compute.typical);
  const auto e =
      energy::estimate_roofline(one_item(WorkKind::vector, 7.68e11, 1), cpu, Precision::fp32);
  EXPECT_EQ(e.calibration, energy::RooflineClass::cpu);
  EXPECT_NEAR(e.batch_seconds.typical, 1.0 / cpu_params.eta_compute.typical, 1e-12);
  energy::RooflineOverrides o;
  o.eta_compute = energy::Range{0.1, 0.2, 0.4};
  const auto p = energy::roofline_params(cpu, o);
  EXPECT_DOUBLE_EQ(p.eta_compute.typical, 0.2);
  EXPECT_DOUBLE_EQ(p.eta_memory.typical, cpu_params.eta_memory.typical);
  EXPECT_DOUBLE_EQ(energy::roofline_params(round_gpu(), {}).eta_memory.typical,
                   gpu_params.eta_memory.typical);
  o.eta_memory = energy::Range{0.5, 0.4, 0.6};
  EXPECT_THROW(energy::check_roofline_overrides(o), Error);
}

// The multiplicative factor: 0.0696 J per inference × PUE 1.5 = 0.1044 J at the wall;
// 1e9 inferences a day = 1.044e8 J = 29.0 kWh/day (÷ 3.6e6); × 365 / 1000 = 10.58 MWh/year;
// at 400 g/kWh: 10,585 kWh × 0.4 kg = 4.234 t CO2e/year; at 0.10 USD/kWh: 1,058.5 USD/year.
TEST(Footprint, ScalesByPueAndInferencesPerDay) {
  const auto f = energy::footprint(0.0696, 1e9, {400, 0.10, "USD", 1.5});
  EXPECT_NEAR(f.joules_per_inference, 0.1044, 1e-12);
  EXPECT_NEAR(f.kwh_per_day, 0.1044e9 / 3.6e6, 1e-9);
  EXPECT_NEAR(f.mwh_per_year, 0.1044e9 / 3.6e6 * 365 / 1000, 1e-9);
  EXPECT_NEAR(f.t_co2e_per_year, 0.1044e9 / 3.6e6 * 365 * 400 / 1e6, 1e-9);
  EXPECT_NEAR(f.cost_per_year, 0.1044e9 / 3.6e6 * 365 * 0.10, 1e-6);
  EXPECT_NEAR(f.inferences_per_kwh, 3.6e6 / 0.1044, 1e-6);
  EXPECT_THROW(energy::footprint(1, 1, {400, 0.1, "USD", 0.5}), Error);  // PUE < 1
}

TEST(Workload, FromNumbersFollowsTheDocumentedBytes) {
  // 4 GFLOPs, 25 M params, 10 M activations, batch 8, fp16: bytes = 25e6·2 + 10e6·2·2·8.
  const auto w = energy::workload_from_numbers("m", 4, 25, 10, 8, Precision::fp16);
  EXPECT_DOUBLE_EQ(w.flops(), 4e9 * 8);
  EXPECT_DOUBLE_EQ(w.bytes(), 25e6 * 2 + 10e6 * 2 * 2 * 8);
  EXPECT_THROW(energy::workload_from_numbers("m", -1, 25, 10, 8, Precision::fp16), Error);
  EXPECT_THROW(energy::workload_from_numbers("m", 1e12, 25, 10, 8, Precision::fp16), Error);
}

}  // namespace
}  // namespace infergy
