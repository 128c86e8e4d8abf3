// The Arm rows of the shipped catalogue (scripts/hardware/families_arm.py): Apple silicon as CPU,
// GPU and Neural Engine rows, and Arm server CPUs, each peak against a hand derivation.
#include <gtest/gtest.h>

#include <string>

#include "infergy/hw.hpp"

namespace infergy::hw {
namespace {

const Catalogue& shipped() {
  static const Catalogue catalogue = Catalogue::builtin(INFERGY_DATA_DIR);
  return catalogue;
}

// The generator prints four significant digits.
constexpr double kFourDigits = 5e-4;

TEST(ArmCatalogue, GraceSuperchipReproducesNvidiasFp64Peak) {
  // 144 Neoverse V2 cores x 3.1 GHz x (4 x 128-bit FMA pipes = 16 FP64 FLOPs/cycle) = 7.1424
  // TFLOPS, NVIDIA's quoted "7.1 TFLOPS FP64 peak"; FP32 twice that.
  const auto& grace = shipped().get("Grace CPU Superchip");
  EXPECT_EQ(grace.kind, HardwareKind::cpu);
  EXPECT_NEAR(*grace.peak_tflops(Precision::fp64, ComputeUnit::vector), 7.1424,
              7.1424 * kFourDigits);
  EXPECT_NEAR(*grace.peak_tflops(Precision::fp32, ComputeUnit::vector), 14.2848,
              14.2848 * kFourDigits);
  EXPECT_EQ(grace.units, 144.0);
  EXPECT_DOUBLE_EQ(*grace.memory_bw_gbs, 1000);
}

TEST(ArmCatalogue, AltraPeakAndBandwidthFromCoresAndChannels) {
  // Neoverse N1: 2 x 128-bit FMA pipes = 16 FP32 FLOPs/cycle; 80 cores x 3.0 GHz = 3.84 TFLOPS.
  // Eight DDR4-3200 channels x 8 bytes = 204.8 GB/s.
  const auto& altra = shipped().get("Altra Q80-30");
  EXPECT_NEAR(*altra.peak_tflops(Precision::fp32, ComputeUnit::vector), 3.84, 1e-9);
  EXPECT_NEAR(*altra.peak_tflops(Precision::fp64, ComputeUnit::vector), 1.92, 1e-9);
  EXPECT_NEAR(*altra.memory_bw_gbs, 204.8, 1e-9);
  EXPECT_DOUBLE_EQ(altra.tdp_w, 210);
}

TEST(ArmCatalogue, AppleM1CpuSumsItsTwoCoreTypes) {
  // Firestorm: 4 FMLA pipes x 4 lanes x 2 = 32 FP32 FLOPs/cycle; Icestorm: 2 pipes, 16.
  // 4 x 3.204 GHz x 32 + 4 x 2.064 GHz x 16 = 410.112 + 132.096 = 542.208 GFLOPS.
  const auto& cpu = shipped().get("apple-m1-cpu");
  EXPECT_EQ(cpu.kind, HardwareKind::cpu);
  EXPECT_NEAR(*cpu.peak_tflops(Precision::fp32, ComputeUnit::vector), 0.542208,
              0.542208 * kFourDigits);
  // NEON FP16 FMLA (8 lanes) at twice FP32; SDOT 16 INT8 multiply-adds per pipe: 4x FP32.
  EXPECT_NEAR(*cpu.peak_tflops(Precision::fp16, ComputeUnit::vector), 1.084416,
              1.084416 * kFourDigits);
  EXPECT_NEAR(*cpu.peak_tflops(Precision::int8, ComputeUnit::vector), 2.168832,
              2.168832 * kFourDigits);
  EXPECT_NE(cpu.notes.find("P-cores"), std::string::npos);
}

TEST(ArmCatalogue, AppleGpuRowsCarryTheirDerivation) {
  // Turner's measured M1 GPU: 8 cores x 1.278 GHz x 256 FLOPs/cycle = 2617 GFLOPS at FP32 and
  // FP16 alike; M2 Pro 19 cores x 1.398 GHz = 6.80 TFLOPS.
  const auto& m1 = shipped().get("apple-m1-gpu");
  EXPECT_EQ(m1.kind, HardwareKind::desktop_gpu);
  EXPECT_NEAR(*m1.peak_tflops(Precision::fp32, ComputeUnit::vector), 2.617, 1e-3);
  EXPECT_EQ(m1.peak_tflops(Precision::fp16, ComputeUnit::vector),
            m1.peak_tflops(Precision::fp32, ComputeUnit::vector));
  EXPECT_EQ(m1.units, 8.0);
  EXPECT_NE(m1.notes.find("unified memory"), std::string::npos);
  const auto& m2pro = shipped().get("M2 Pro GPU");
  EXPECT_NEAR(*m2pro.peak_tflops(Precision::fp32, ComputeUnit::vector), 6.80, 5e-3);
}

TEST(ArmCatalogue, NeuralEngineFiguresKeepApplesPrecision) {
  // M2: 15.8 (FP16); M4: 38 read as INT8, with no FP16 figure invented beside it.
  const auto& m2 = shipped().get("M2 ANE");
  EXPECT_EQ(m2.kind, HardwareKind::edge);
  EXPECT_DOUBLE_EQ(*m2.peak_tflops(Precision::fp16, ComputeUnit::matrix), 15.8);
  EXPECT_FALSE(m2.peak_tflops(Precision::int8, ComputeUnit::matrix).has_value());
  const auto& m4 = shipped().get("apple-m4-ane");
  EXPECT_DOUBLE_EQ(*m4.peak_tflops(Precision::int8, ComputeUnit::matrix), 38);
  EXPECT_FALSE(m4.peak_tflops(Precision::fp16, ComputeUnit::matrix).has_value());
}

TEST(ArmCatalogue, AChipsUnitsShareItsUnifiedMemory) {
  // M1 Max: 512-bit LPDDR5-6400 = 409.6 GB/s (Apple: 400 GB/s), base 32 GB, for all three units.
  for (const char* id : {"apple-m1-max-cpu", "apple-m1-max-gpu", "apple-m1-max-ane"}) {
    const auto& row = shipped().get(id);
    EXPECT_DOUBLE_EQ(*row.memory_gb, 32) << id;
    EXPECT_NEAR(*row.memory_bw_gbs, 409.6, 1e-9) << id;
    EXPECT_DOUBLE_EQ(row.tdp_w, 115) << id;
  }
}

}  // namespace
}  // namespace infergy::hw
