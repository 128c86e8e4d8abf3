// The shipped catalogue: it loads cleanly, covers what the study needs, and reproduces the
// study's GFLOPS/W figures exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "infergy/hw.hpp"

namespace infergy::hw {
namespace {

const Catalogue& shipped() {
  static const Catalogue catalogue = Catalogue::builtin(INFERGY_DATA_DIR);
  return catalogue;
}

double round2(double v) {
  return std::round(v * 100) / 100;
}

struct StudyFigure {
  const char* hardware;  // looked up by the study's own name, through the aliases
  Precision precision;
  ComputeUnit unit;
  double gflops_per_watt;  // as printed in the study (Desislavov et al. 2023, hardware table)
};

// Each figure is TFLOPS x 1000 / W from /work/shared/data/study/gpus.csv:
//   GTX 580 1.58/244 = 6.475 -> 6.48 (the catalogue stores 512 x 1544 MHz x 2 = 1.581: 6.4795)
//   TITAN X Pascal 10.97/250 = 43.88; TITAN Xp 12.15/250 = 48.60; RTX 2080 10.07/215 = 46.837
//   RTX 3090 35.6/350 = 101.714; V100 tensor 125/300 = 416.667; A100 19.5/400 = 48.75
//   A30 10.3/165 = 62.424; A30 tensor 165/165 = 1000.00
const StudyFigure kStudy[] = {
    {"GeForce GTX 580", Precision::fp32, ComputeUnit::vector, 6.48},
    {"TITAN X Pascal", Precision::fp32, ComputeUnit::vector, 43.88},
    {"TITAN Xp", Precision::fp32, ComputeUnit::vector, 48.60},
    {"GeForce RTX 2080", Precision::fp32, ComputeUnit::vector, 46.84},
    {"GeForce RTX 3090", Precision::fp32, ComputeUnit::vector, 101.71},
    {"Tesla V100", Precision::fp16, ComputeUnit::matrix, 416.67},
    {"A100", Precision::fp32, ComputeUnit::vector, 48.75},
    {"A30", Precision::fp32, ComputeUnit::vector, 62.42},
    {"A30", Precision::fp16, ComputeUnit::matrix, 1000.00},
};

TEST(ShippedCatalogue, ReproducesTheStudysGflopsPerWatt) {
  for (const auto& s : kStudy) {
    SCOPED_TRACE(s.hardware);
    const auto* spec = shipped().find(s.hardware);
    ASSERT_NE(spec, nullptr);
    const auto value = spec->gflops_per_watt(s.precision, s.unit);
    ASSERT_TRUE(value.has_value());
    EXPECT_DOUBLE_EQ(round2(*value), s.gflops_per_watt);
  }
}

TEST(ShippedCatalogue, StudyRowsUseTheStudysPowerAndPeaks) {
  // The inputs behind the figures above, so that a compensating pair of errors cannot pass.
  const auto& v100 = shipped().get("v100-sxm2-16gb");
  EXPECT_DOUBLE_EQ(v100.tdp_w, 300);
  EXPECT_DOUBLE_EQ(*v100.peak_tflops(Precision::fp16, ComputeUnit::matrix), 125);
  EXPECT_DOUBLE_EQ(*v100.peak_tflops(Precision::fp16, ComputeUnit::vector), 31.4);
  const auto& a30 = shipped().get("a30");
  EXPECT_DOUBLE_EQ(a30.tdp_w, 165);
  EXPECT_DOUBLE_EQ(*a30.best_peak_tflops(Precision::fp16), 165);
  const auto& k10 = shipped().get("Tesla K10");
  EXPECT_DOUBLE_EQ(round2(*k10.gflops_per_watt(Precision::fp32, ComputeUnit::vector)), 20.36);
  const auto& gtx1080 = shipped().get("GTX 1080");
  EXPECT_DOUBLE_EQ(round2(*gtx1080.gflops_per_watt(Precision::fp32, ComputeUnit::vector)),
                   49.29);  // 8.873 x 1000 / 180
  const auto& rtx2080 = shipped().get("RTX 2080");
  EXPECT_DOUBLE_EQ(round2(*rtx2080.gflops_per_watt(Precision::fp16, ComputeUnit::vector)),
                   93.67);  // 20.14 x 1000 / 215
}

TEST(ShippedCatalogue, HasAtLeast200RowsFrom2010WithSources) {
  const auto& rows = shipped().all();
  EXPECT_GE(rows.size(), 200u);
  for (const auto& spec : rows) {
    SCOPED_TRACE(spec.id);
    EXPECT_FALSE(spec.sources.empty());
    EXPECT_GE(spec.release, (Date{2010, 1, 1}));
    EXPECT_FALSE(spec.precisions().empty());
    EXPECT_FALSE(spec.checked.empty());
  }
}

TEST(ShippedCatalogue, EpochRowsCreditEpochAi) {
  std::size_t from_epoch = 0;
  for (const auto& spec : shipped().all()) {
    for (const auto& s : spec.sources) {
      if (s.find("epoch.ai/data/machine-learning-hardware") != std::string::npos) {
        EXPECT_NE(s.find("Epoch AI, Machine Learning Hardware data set"), std::string::npos);
        ++from_epoch;
      }
    }
  }
  EXPECT_GE(from_epoch, 100u);
}

TEST(ShippedCatalogue, CoversEveryKindAndTheRequiredProducts) {
  std::map<HardwareKind, int> per_kind;
  for (const auto& spec : shipped().all()) ++per_kind[spec.kind];
  for (auto kind : all_hardware_kinds()) EXPECT_GT(per_kind[kind], 0) << to_string(kind);
  EXPECT_GE(per_kind[HardwareKind::cpu], 10);
  for (const char* name : {"GTX 580",
                           "GTX 680",
                           "GTX 780",
                           "GTX 980",
                           "GTX 980 Ti",
                           "GTX 1080",
                           "GTX 1080 Ti",
                           "TITAN X (Maxwell)",
                           "TITAN X (Pascal)",
                           "TITAN Xp",
                           "TITAN V",
                           "TITAN RTX",
                           "RTX 2080",
                           "RTX 2080 Ti",
                           "RTX 3080",
                           "RTX 3090",
                           "RTX 4090",
                           "RTX 5090",
                           "T4",
                           "L4",
                           "A10",
                           "A30",
                           "A40",
                           "L40S",
                           "RTX A6000",
                           "RTX 6000 Ada",
                           "Jetson Nano",
                           "Jetson TX2",
                           "Jetson Xavier NX",
                           "Jetson AGX Orin",
                           "K10",
                           "K20",
                           "K40",
                           "K80",
                           "M40",
                           "M60",
                           "P4",
                           "P40",
                           "P100",
                           "V100 PCIe",
                           "V100 SXM2",
                           "A100",
                           "TPU v4",
                           "Xeon Platinum 8480+",
                           "EPYC 9654"}) {
    EXPECT_NE(shipped().find(name), nullptr) << name;
  }
}

TEST(ShippedCatalogue, CpusWithAmxHaveMatrixPeaks) {
  // 56 cores x 2.0 GHz x 1024 BF16 ops/cycle = 114.688 TFLOPS; x 64 FP32 FLOPs/cycle = 7.168.
  const auto& spr = shipped().get("xeon-platinum-8480+");
  EXPECT_EQ(spr.kind, HardwareKind::cpu);
  EXPECT_NEAR(*spr.peak_tflops(Precision::bf16, ComputeUnit::matrix), 114.688, 1e-9);
  EXPECT_NEAR(*spr.peak_tflops(Precision::fp32, ComputeUnit::vector), 7.168, 1e-9);
  EXPECT_NEAR(*spr.peak_tflops(Precision::int8, ComputeUnit::matrix), 229.376, 1e-9);
}

TEST(ShippedCatalogue, GeForceMatrixFp16IsTheFp32AccumulateFigure) {
  // Ada whitepaper: RTX 4090 330.3 TFLOPS FP16 with FP16 accumulate, half with FP32 accumulate.
  const auto& rtx4090 = shipped().get("rtx-4090");
  EXPECT_DOUBLE_EQ(*rtx4090.peak_tflops(Precision::fp16, ComputeUnit::matrix), 165.2);
  EXPECT_NE(rtx4090.notes.find("330.3"), std::string::npos);
}

TEST(ShippedCatalogue, GeForceBlackwellHasTheWhitepapersDenseTensorPeaks) {
  // RTX Blackwell whitepaper, RTX 5090 (170 SMs, 2407 MHz): FP16/BF16 with FP32 accumulate
  // 209.5 dense (419 sparse), FP8 419, INT8 838 TOPS; FP32 104.8.
  const auto& rtx5090 = shipped().get("RTX 5090");
  EXPECT_NEAR(*rtx5090.peak_tflops(Precision::fp16, ComputeUnit::matrix), 209.5, 0.1);
  EXPECT_NEAR(*rtx5090.peak_tflops(Precision::bf16, ComputeUnit::matrix), 209.5, 0.1);
  EXPECT_NEAR(*rtx5090.peak_tflops(Precision::fp8, ComputeUnit::matrix), 419.0, 0.1);
  EXPECT_NEAR(*rtx5090.peak_tflops(Precision::int8, ComputeUnit::matrix), 838.0, 0.1);
  EXPECT_NEAR(*rtx5090.peak_tflops(Precision::fp32, ComputeUnit::vector), 104.8, 0.1);
  EXPECT_EQ(rtx5090.units, 170.0);
  EXPECT_NE(rtx5090.notes.find("[exempt:half-rate-fp32-accumulate]"), std::string::npos);
  // Every GeForce RTX card has tensor figures.
  for (const auto& spec : shipped().all()) {
    if (spec.vendor == "NVIDIA" && spec.name.find("GeForce RTX") != std::string::npos) {
      EXPECT_TRUE(spec.peak_tflops(Precision::fp16, ComputeUnit::matrix).has_value()) << spec.id;
    }
  }
}

TEST(ShippedCatalogue, CoversDesktopLaptopAndServerCpus) {
  // AMD's spec page: Ryzen 9 7950X, 16 cores at 4.5 GHz base; Zen 4 AVX2/AVX-512 on two 256-bit
  // FMA pipes, 32 FP32 FLOPs per cycle: 2.304 TFLOPS. Dual-channel DDR5-5200: 83.2 GB/s.
  const auto& r7950x = shipped().get("Ryzen 9 7950X");
  EXPECT_NEAR(*r7950x.peak_tflops(Precision::fp32, ComputeUnit::vector), 2.304, 1e-9);
  EXPECT_NEAR(*r7950x.memory_bw_gbs, 83.2, 1e-9);
  for (const char* name : {"Core i7-8700K", "Core Ultra 9 285K", "Ryzen 5 3600", "Ryzen 7 7840U",
                           "Ryzen AI 9 HX 370", "EPYC 9965", "Xeon 6972P", "Raspberry Pi 5"}) {
    EXPECT_NE(shipped().find(name), nullptr) << name;
  }
  EXPECT_GE(shipped().all().size(), 400u);
}

TEST(ShippedCatalogue, ReleasedByFollowsDates) {
  const auto before_2012 = shipped().released_by(Date{2011, 12, 31});
  std::set<std::string> ids;
  for (const auto* spec : before_2012) {
    EXPECT_LE(spec->release, (Date{2011, 12, 31}));
    ids.insert(spec->id);
  }
  EXPECT_TRUE(ids.count("gtx-580"));
  EXPECT_FALSE(ids.count("gtx-680"));  // 2012-03-22
  EXPECT_EQ(shipped().released_by(Date{2100, 1, 1}).size(), shipped().all().size());
}

// The derivation in words, as `hw show` prints it, from a row that gives one.
TEST(Catalogue, DerivationTextSpellsOutThePeakDerivation) {
  const auto c = Catalogue::parse(
      "id,name,vendor,kind,release_date,tdp_w,fp64_vector_tflops,fp32_vector_tflops,units,"
      "unit_name,clock_ghz,boost_ghz,ops_per_cycle,sources\n"
      "cx,C,X,cpu,2022-01,65,0.256,0.512,8,core,2,3.5,fp64_vector=16;fp32_vector=32,https://e.org\n"
      "gx,G,X,server-gpu,2022-01,65,1,2,,,,,,https://e.org\n",
      "d.csv");
  EXPECT_EQ(derivation_text(c.get("cx")),
            "8 cores x 2 GHz (boost 3.5 GHz) x ops per cycle fp64 vector 16, fp32 vector 32");
  EXPECT_EQ(derivation_text(c.get("gx")), "");
}

}  // namespace
}  // namespace infergy::hw
