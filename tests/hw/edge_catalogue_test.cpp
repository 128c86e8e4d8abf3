// The shipped edge rows (scripts/hardware/edge_npu.csv and the Jetson rows of handmade.csv)
// against figures derived by hand from NVIDIA's Jetson data sheets, so that a dense peak entered
// as NVIDIA's sparse module figure, or a DLA counted into the GPU, fails here.
#include <gtest/gtest.h>

#include "infergy/hw.hpp"

namespace infergy::hw {
namespace {

const Catalogue& shipped() {
  static const Catalogue catalogue = Catalogue::builtin(INFERGY_DATA_DIR);
  return catalogue;
}

double peak(const HardwareSpec& spec, Precision p, ComputeUnit unit) {
  const auto value = spec.peak_tflops(p, unit);
  EXPECT_TRUE(value.has_value()) << spec.id << " lacks " << to_string(p);
  return value.value_or(0);
}

TEST(EdgeCatalogue, OrinNxDenseInt8IsTheGpuShareOfNvidiasSparseModuleFigure) {
  // Data sheet DS-10712-001 v1.5: Orin NX 16GB, 1024 CUDA cores (8 SMs of 128) at 918 MHz; the
  // module gives 100 sparse INT8 TOPS, of which its two DLAs give 40. Ampere's tensor cores on
  // Orin run 4096 dense INT8 ops per SM and clock: 8 x 0.918 GHz x 4096 = 30.081 TOPS, which is
  // (100 - 40) / 2 = 30 within NVIDIA's rounding. Twice that (a sparse figure) or 50 (the
  // module's dense figure, DLAs included) would both be wrong.
  const auto& nx = shipped().get("jetson-orin-nx-16gb");
  EXPECT_EQ(nx.kind, HardwareKind::edge);
  const double int8 = peak(nx, Precision::int8, ComputeUnit::matrix);
  EXPECT_NEAR(int8, 8 * 0.918 * 4096 / 1000, 0.01);
  EXPECT_NEAR(int8, (100.0 - 40.0) / 2, 0.3);
  // NVIDIA's CUDA-core figures: 1.88 FP32 and 3.76 FP16 TFLOPS (1024 x 0.918 GHz x 2, and twice).
  EXPECT_NEAR(peak(nx, Precision::fp32, ComputeUnit::vector), 1.88, 0.005);
  EXPECT_NEAR(peak(nx, Precision::fp16, ComputeUnit::vector), 3.76, 0.005);
  // FP16 tensor at half the INT8 rate, as the AGX Orin data sheet quotes (85 FP16 vs 170 INT8).
  EXPECT_NEAR(peak(nx, Precision::fp16, ComputeUnit::matrix), int8 / 2, 0.01);
}

TEST(EdgeCatalogue, SuperModesAreSeparateRowsAtTheirOwnClocks) {
  // MAXN_SUPER: the GPU at 1173 MHz, module 157 sparse TOPS with the DLAs at 80 sparse, so the
  // GPU gives (157 - 80) / 2 = 38.5 dense; 8 x 1.173 x 4096 = 38.437.
  const auto& nx_super = shipped().get("jetson-orin-nx-16gb-super");
  EXPECT_NEAR(peak(nx_super, Precision::int8, ComputeUnit::matrix), (157.0 - 80.0) / 2, 0.3);
  EXPECT_DOUBLE_EQ(nx_super.tdp_w, 40);
  // Orin Nano 8GB Super (DS-11105-001 v1.5): 1020 MHz, no DLA, NVIDIA quotes 67 sparse / 33
  // dense; 8 x 1.02 x 4096 = 33.42. The original row stays at 625 MHz and 15 W.
  const auto& nano_super = shipped().get("Jetson Orin Nano Super");
  EXPECT_EQ(nano_super.id, "jetson-orin-nano-8gb-super");
  EXPECT_NEAR(peak(nano_super, Precision::int8, ComputeUnit::matrix), 67.0 / 2, 0.2);
  const auto& nano = shipped().get("jetson-orin-nano-8gb");
  EXPECT_NEAR(peak(nano, Precision::int8, ComputeUnit::matrix), 40.0 / 2, 0.5);
  EXPECT_DOUBLE_EQ(nano.tdp_w, 15);
}

TEST(EdgeCatalogue, OrinVectorFp16IsTwiceFp32AsTheDataSheetsQuote) {
  // DS-10662-001 v1.6: AGX Orin 64GB "5.32 FP32 TFLOPS or 10.649 FP16 TFLOPS (CUDA cores)"; the
  // row once carried 5.32 as its FP16 figure.
  const auto& agx = shipped().get("jetson-agx-orin-64gb");
  EXPECT_NEAR(peak(agx, Precision::fp16, ComputeUnit::vector), 10.649, 0.01);
  EXPECT_NEAR(peak(agx, Precision::fp32, ComputeUnit::vector), 5.32, 0.01);
  // AGX Orin 32GB: 1792 cores (14 SMs) at 939 MHz, 108 sparse INT8 TOPS for the GPU.
  const auto& agx32 = shipped().get("jetson-agx-orin-32gb");
  EXPECT_NEAR(peak(agx32, Precision::fp32, ComputeUnit::vector), 3.365, 0.005);
  EXPECT_NEAR(peak(agx32, Precision::int8, ComputeUnit::matrix), 108.0 / 2, 0.3);
}

TEST(EdgeCatalogue, ClientNpusCarryTheirInt8Figure) {
  // Vendor figures as quoted: Intel Lunar Lake NPU 48 TOPS (12,288 INT8 MACs per Intel's data
  // sheet), AMD XDNA 2 50 TOPS, Hailo-10H 40 TOPS INT4 = 20 TOPS INT8.
  for (const auto& [name, int8] : {std::pair<const char*, double>{"intel-npu-lunar-lake", 48},
                                   {"amd-xdna2-strix-point", 50},
                                   {"hailo-10h", 20}}) {
    const auto& npu = shipped().get(name);
    EXPECT_EQ(npu.kind, HardwareKind::edge) << name;
    EXPECT_DOUBLE_EQ(peak(npu, Precision::int8, ComputeUnit::matrix), int8) << name;
  }
  EXPECT_DOUBLE_EQ(peak(shipped().get("hailo-10h"), Precision::int4, ComputeUnit::matrix), 40);
}

}  // namespace
}  // namespace infergy::hw
