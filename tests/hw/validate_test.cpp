// Each validation rule fires on a hand-made bad row and names file:line:column; a good row
// passes. The rows are small: only the columns a rule needs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "hw/validate.hpp"
#include "infergy/error.hpp"
#include "infergy/hw.hpp"

namespace infergy::hw {
namespace {

const std::string kHeader =
    "id,name,aliases,vendor,kind,release_date,tdp_w,fp64_vector_tflops,fp32_vector_tflops,"
    "tf32_matrix_tflops,fp16_vector_tflops,fp16_matrix_tflops,bf16_vector_tflops,"
    "bf16_matrix_tflops,int8_matrix_tops,memory_gb,memory_bw_gbs,sources,notes\n";
// Columns: 1 id, 2 name, 3 aliases, 4 vendor, 5 kind, 6 release_date, 7 tdp_w, 8 fp64_vector,
// 9 fp32_vector, 10 tf32_matrix, 11 fp16_vector, 12 fp16_matrix, 13 bf16_vector, 14 bf16_matrix,
// 15 int8_matrix, 16 memory_gb, 17 memory_bw_gbs, 18 sources, 19 notes.
// A valid A100-like row: tf32 156 -> fp16 312 (2x) -> int8 624 (2x).
const std::string kGood =
    "a100-test,Test A100,Test A;TA,NVIDIA,server-gpu,2020-05-14,400,9.7,19.5,156,78,312,39,312,"
    "624,40,1555,https://example.com/a100.pdf,\n";

std::string error_of(const std::string& rows) {
  try {
    (void)Catalogue::parse(kHeader + rows, "bad.csv");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "";
}

// `row` with column `col` (1-based) replaced by `value`.
std::string with_cell(std::size_t col, const std::string& value, std::string row = kGood) {
  std::size_t start = 0;
  for (std::size_t i = 1; i < col; ++i) start = row.find(',', start) + 1;
  const auto end = row.find_first_of(",\n", start);
  return row.substr(0, start) + value + row.substr(end);
}

void expect_error(const std::string& rows, const std::string& where, const std::string& words) {
  const auto message = error_of(rows);
  EXPECT_EQ(message.rfind(where, 0), 0u) << message;
  EXPECT_NE(message.find(words), std::string::npos) << message;
}

TEST(Validate, GoodRowPasses) {
  const auto c = Catalogue::parse(kHeader + kGood, "good.csv");
  ASSERT_EQ(c.all().size(), 1u);
  EXPECT_EQ(c.all()[0].origin.to_string(), "good.csv:2");
  EXPECT_DOUBLE_EQ(*c.all()[0].gflops_per_watt(Precision::fp32, ComputeUnit::vector), 48.75);
}

TEST(Validate, CellRulesNameFileLineAndColumn) {
  expect_error(with_cell(1, "A100 Test"), "bad.csv:2:1 (id)", "lowercase");
  expect_error(with_cell(5, "gpu"), "bad.csv:2:5 (kind)", "not a hardware kind");
  expect_error(with_cell(6, "2020"), "bad.csv:2:6 (release_date)", "YYYY-MM");
  expect_error(with_cell(6, "2020-13"), "bad.csv:2:6 (release_date)", "YYYY-MM");
  expect_error(with_cell(6, "2007-12"), "bad.csv:2:6 (release_date)", "outside 2008-01-01");
  expect_error(with_cell(6, "2099-01-01"), "bad.csv:2:6 (release_date)", "outside");
  expect_error(with_cell(7, "2500"), "bad.csv:2:7 (tdp_w)", "outside 1..2000 W");
  expect_error(with_cell(7, "0.5"), "bad.csv:2:7 (tdp_w)", "outside 1..2000 W");
  expect_error(with_cell(7, ""), "bad.csv:2:7 (tdp_w)", "required");
  expect_error(with_cell(9, "19.5e12"), "bad.csv:2:9 (fp32_vector_tflops)", "outside (0, 50000]");
  expect_error(with_cell(9, "-1"), "bad.csv:2:9 (fp32_vector_tflops)", "outside");
  expect_error(with_cell(9, "19,5"), "bad.csv:2:20", "fields");  // the CSV reader refuses
  expect_error(with_cell(9, "abc"), "bad.csv:2:9 (fp32_vector_tflops)", "not a number");
  expect_error(with_cell(16, "40000000000"), "bad.csv:2:16 (memory_gb)", "GB");
  expect_error(with_cell(17, "1555000000000"), "bad.csv:2:17 (memory_bw_gbs)", "GB/s");
  expect_error(with_cell(18, ""), "bad.csv:2:18 (sources)", "required");
  expect_error(with_cell(18, "the datasheet"), "bad.csv:2:18 (sources)", "no http(s) URL");
  expect_error(with_cell(3, "A;;B"), "bad.csv:2:3 (aliases)", "empty");
  expect_error(with_cell(2, ""), "bad.csv:2:2 (name)", "required");
}

TEST(Validate, IdlePowerAndInterconnect) {
  const std::string header =
      "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,idle_w,interconnect,"
      "interconnect_gbs,sources\n";
  const auto parse = [&](const std::string& cells) {
    return Catalogue::parse(header + "x1,X One,NV,server-gpu,2022-09-20,700,66.9," + cells +
                                ",https://example.com/x.pdf\n",
                            "ic.csv");
  };
  const auto row = parse("70,NVLink 4,900").all().front();
  EXPECT_EQ(row.idle_w, 70.0);
  EXPECT_EQ(row.interconnect, "NVLink 4");
  EXPECT_EQ(row.interconnect_gbs, 900.0);
  const auto message = [&](const std::string& cells) {
    try {
      (void)parse(cells);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_THAT(message("700,,"), ::testing::HasSubstr("ic.csv:2:8 (idle_w)"));
  EXPECT_THAT(message("0,,"), ::testing::HasSubstr("outside (0, TDP 700 W)"));
  EXPECT_THAT(message(",,900"), ::testing::HasSubstr("ic.csv:2:10 (interconnect_gbs)"));
  EXPECT_THAT(message(",,900"), ::testing::HasSubstr("needs the link's name"));
  EXPECT_THAT(message(",NVLink 4,1e9"), ::testing::HasSubstr("outside (0, 20000] GB/s"));
}

TEST(Validate, HeaderRulesNameTheColumn) {
  try {
    (void)Catalogue::parse("id,name,vendor,kind,release_date,tdp_w,sources,fp16_matrx_tflops\n",
                           "h.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "h.csv: column 8 'fp16_matrx_tflops' is not a hardware column; did you mean "
                 "'fp16_matrix_tflops'?");
  }
  try {
    (void)Catalogue::parse("id,name,vendor,kind,release_date,sources\n", "h.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "h.csv: missing column 'tdp_w'");
  }
}

TEST(Validate, Fp16VectorBelowFp32NeedsTheExemptionToken) {
  // Pascal GeForce: FP16 at 1/64 of 12.15 TFLOPS.
  const auto pascal = with_cell(11, "0.19");
  expect_error(pascal, "bad.csv:2:11 (fp16_vector_tflops)", "[exempt:slow-fp16-vector]");
  const auto exempt = pascal.substr(0, pascal.size() - 1) + "[exempt:slow-fp16-vector] 1/64\n";
  EXPECT_EQ(error_of(exempt), "");
  // The same token on a row whose FP16 is fast is stale.
  expect_error(kGood.substr(0, kGood.size() - 1) + "[exempt:slow-fp16-vector]\n",
               "bad.csv:2:19 (notes)", "not needed");
}

TEST(Validate, SparseFigureInADenseColumnIsCaught) {
  // A100 INT8 with sparsity is 1248: exactly twice the 624 that FP16 312 allows.
  expect_error(with_cell(15, "1248"), "bad.csv:2:15 (int8_matrix_tops)", "exactly twice");
  expect_error(with_cell(15, "1248"), "bad.csv:2:15", "sparsity");
  // FP16 624 (sparse) against TF32 156: twice the 312 a dense unit gives.
  const auto sparse_fp16 = with_cell(12, "624");
  expect_error(sparse_fp16, "bad.csv:2:12 (fp16_matrix_tflops)", "exactly twice the 312");
  // Above the limit but not at 2x is reported too, without the sparsity guess.
  const auto odd = error_of(with_cell(15, "900"));
  EXPECT_NE(odd.find("above the 624"), std::string::npos) << odd;
  EXPECT_EQ(odd.find("sparsity"), std::string::npos) << odd;
}

TEST(Validate, GeForceHalfRateTokenDoublesTheIntegerLimit) {
  // RTX 3090: TF32 35.6, FP16 (FP32 acc) 71, INT8 284 = 4 x 71.
  const std::string row =
      "rtx-3090-t,T3090,,NVIDIA,desktop-gpu,2020-09-24,350,0.556,35.6,35.6,35.6,71,,71,284,24,936,"
      "https://example.com,";
  expect_error(row + "\n", "bad.csv:2:15 (int8_matrix_tops)", "exactly twice");
  EXPECT_EQ(error_of(row + "[exempt:half-rate-fp32-accumulate]\n"), "");
  expect_error(kGood.substr(0, kGood.size() - 1) + "[exempt:half-rate-fp32-accumulate]\n",
               "bad.csv:2:19 (notes)", "not needed");
  // The general ratio exemption silences the rule, and is stale where nothing breaks it.
  EXPECT_EQ(error_of(with_cell(19, "[exempt:matrix-ratio] odd by design", with_cell(15, "1248"))),
            "");
  expect_error(kGood.substr(0, kGood.size() - 1) + "[exempt:matrix-ratio]\n",
               "bad.csv:2:19 (notes)", "not needed");
}

TEST(Validate, PrecisionOrderingRules) {
  expect_error(with_cell(8, "30"), "bad.csv:2:8 (fp64_vector_tflops)", "above the FP32 peak");
  expect_error(with_cell(13, "10"), "bad.csv:2:13 (bf16_vector_tflops)", "below fp32");
  // A matrix FP16 figure below FP32 is a swapped or mistyped column.
  expect_error(with_cell(12, "15"), "bad.csv:2:12 (fp16_matrix_tflops)", "below the FP32 peak");
  // Matrix below vector at one precision: columns swapped.
  expect_error(with_cell(14, "30"), "bad.csv:2:14 (bf16_matrix_tflops)", "columns swapped");
  // A row with no peak at all.
  const std::string empty = "none,None,,X,cpu,2020-01,100,,,,,,,,,,,https://example.com,\n";
  expect_error(empty, "bad.csv:2:1 (id)", "no peak figure");
}

// Rows with a derivation: units x clock x ops per cycle, the columns the derivation rules read.
const std::string kDerivedHeader =
    "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,fp16_vector_tflops,"
    "fp16_matrix_tflops,int8_matrix_tops,memory_bw_gbs,units,unit_name,clock_ghz,ops_per_cycle,"
    "sources,notes\n";
// Columns: 7 fp32_vector, 8 fp16_vector, 9 fp16_matrix, 10 int8_matrix, 11 memory_bw_gbs,
// 12 units, 13 unit_name, 14 clock_ghz, 15 ops_per_cycle.
// A 16-core AVX2 desktop CPU at 5.0 GHz all-core: 16 x 5.0 x 32 (2 FMA x 8 lanes x 2) = 2.56.
const std::string kCpu =
    "cpu-t,Test CPU,X,cpu,2022-09,170,2.56,,,,83.2,16,core,5.0,fp32_vector=32,"
    "https://example.com/cpu,\n";
// RTX 4090 by the Ada whitepaper: 128 SM x 2.52 GHz; per SM per cycle 256 FP32 FLOPs, 512 FP16
// tensor FLOPs with FP32 accumulate, 2048 INT8 tensor ops: 82.58, 165.2, 660.6.
const std::string kGpu =
    "gpu-t,Test GPU,NV,desktop-gpu,2022-10-12,450,82.58,82.58,165.2,660.6,1008,128,SM,2.52,"
    "fp32_vector=256;fp16_vector=256;fp16_matrix=512;int8_matrix=2048,https://example.com/ada,"
    "[exempt:half-rate-fp32-accumulate]\n";

std::string derived_error(const std::string& row) {
  try {
    (void)Catalogue::parse(kDerivedHeader + row, "d.csv");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Validate, PeaksAgreeWithTheirDerivation) {
  EXPECT_EQ(derived_error(kCpu), "");
  EXPECT_EQ(derived_error(kGpu), "");
  const auto c = Catalogue::parse(kDerivedHeader + kGpu, "d.csv");
  EXPECT_EQ(c.all()[0].units, 128.0);
  EXPECT_EQ(c.all()[0].unit_name, "SM");
  ASSERT_EQ(c.all()[0].ops_per_cycle.size(), 4u);
  EXPECT_EQ(c.all()[0].ops_per_cycle[2].precision, Precision::fp16);
  EXPECT_EQ(c.all()[0].ops_per_cycle[2].unit, ComputeUnit::matrix);
  EXPECT_EQ(c.all()[0].ops_per_cycle[2].ops, 512.0);
}

TEST(Validate, CpuPeakThatDisagreesWithItsDerivationIsCaught) {
  // 3.2 TFLOPS typed for a 16 x 5.0 GHz x 32 part (2.56): a wrong clock or FMA count.
  const auto message = derived_error(with_cell(7, "3.2", kCpu));
  EXPECT_THAT(message, ::testing::StartsWith("d.csv:2:7 (fp32_vector_tflops)"));
  EXPECT_THAT(message,
              ::testing::HasSubstr("disagrees with its derivation 16 x 5 GHz x 32 = 2.56"));
  EXPECT_THAT(message, ::testing::Not(::testing::HasSubstr("sparsity")));
  // Within 2% (a datasheet's rounding) passes.
  EXPECT_EQ(derived_error(with_cell(7, "2.6", kCpu)), "");
  // A term with no peak beside it, or a derivation without units/clock, is refused.
  EXPECT_THAT(derived_error(with_cell(15, "fp32_vector=32;int8_matrix=1024", kCpu)),
              ::testing::HasSubstr("d.csv:2:10 (int8_matrix_tops): empty, but ops_per_cycle "
                                   "derives 81.92"));
  EXPECT_THAT(derived_error(with_cell(12, "", kCpu)),
              ::testing::HasSubstr("d.csv:2:15 (ops_per_cycle): a derivation needs 'units'"));
}

TEST(Validate, SparseFigureEnteredAsDenseIsCaughtByTheDerivation) {
  // NVIDIA's RTX 4090 page quotes FP16 tensor with sparsity (330.4 with FP32 accumulate): twice
  // the 128 x 2.52 x 512 the SMs give densely.
  const auto message = derived_error(with_cell(9, "330.4", kGpu));
  EXPECT_THAT(message, ::testing::StartsWith("d.csv:2:9 (fp16_matrix_tflops)"));
  EXPECT_THAT(message, ::testing::HasSubstr("exactly twice"));
  EXPECT_THAT(message, ::testing::HasSubstr("\"with sparsity\" figure entered as dense"));
}

TEST(Validate, BoostClockBelongsToCpuRowsAboveTheirBaseClock) {
  const std::string header =
      "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,units,clock_ghz,boost_ghz,"
      "ops_per_cycle,sources\n";
  const auto error = [&header](const std::string& row) {
    try {
      (void)Catalogue::parse(header + row, "b.csv");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  // 8 cores x 2.0 GHz x 32 = 0.512 TFLOPS at the base clock; boost 3.0 GHz.
  EXPECT_EQ(error("cx,C,X,cpu,2022-01,65,0.512,8,2.0,3.0,fp32_vector=32,https://e.org\n"), "");
  EXPECT_THAT(error("cx,C,X,cpu,2022-01,65,0.512,8,2.0,1.5,fp32_vector=32,https://e.org\n"),
              ::testing::HasSubstr("b.csv:2:10 (boost_ghz): 1.5 GHz is below clock_ghz 2 GHz"));
  EXPECT_THAT(error("cx,C,X,cpu,2022-01,65,0.512,,,3.0,,https://e.org\n"),
              ::testing::HasSubstr("(boost_ghz): a boost clock needs the base clock"));
  EXPECT_THAT(error("gx,G,X,desktop-gpu,2022-01,65,0.512,8,2.0,3.0,fp32_vector=32,https://e.org\n"),
              ::testing::HasSubstr("only cpu rows take a boost clock"));
}

TEST(Validate, Fp4FollowsTheOperandWidthRules) {
  const std::string header =
      "id,name,vendor,kind,release_date,tdp_w,fp32_vector_tflops,fp16_matrix_tflops,"
      "fp8_matrix_tflops,fp4_matrix_tflops,int8_matrix_tops,sources,notes\n";
  const auto error = [&header](const std::string& row) {
    try {
      (void)Catalogue::parse(header + row, "f.csv");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  // B200 dense: FP16 2250, FP8 4500, FP4 9000 (2x per halving); 18000 is the sparse figure.
  EXPECT_EQ(error("bx,B,NV,server-gpu,2024-12,1000,80,2250,4500,9000,4500,https://e.org,\n"), "");
  EXPECT_THAT(error("bx,B,NV,server-gpu,2024-12,1000,80,2250,4500,18000,4500,https://e.org,\n"),
              ::testing::HasSubstr("f.csv:2:10 (fp4_matrix_tflops): 18000 is exactly twice"));
  // RTX 5090: FP8 with FP32 accumulate 419 at half rate, FP4 1676 at full rate (4x), INT8 838.
  const std::string rtx = "rx,R,NV,desktop-gpu,2025-01,575,104.8,209.5,419,1676,838,https://e.org,";
  EXPECT_EQ(error(rtx + "[exempt:half-rate-fp32-accumulate]\n"), "");
  EXPECT_THAT(error(rtx + "\n"), ::testing::HasSubstr("(fp4_matrix_tflops)"));
  EXPECT_EQ(parse_precision("FP4"), Precision::fp4);
  EXPECT_EQ(parse_precision("nvfp4"), Precision::fp4);
  EXPECT_EQ(element_bytes(Precision::fp4), 1.0);
}

TEST(Validate, OpsPerCycleSyntax) {
  EXPECT_THAT(
      derived_error(with_cell(15, "fp32_vectr=32", kCpu)),
      ::testing::HasSubstr("d.csv:2:15 (ops_per_cycle): 'fp32_vectr' names no peak column"));
  EXPECT_THAT(derived_error(with_cell(15, "fp32_vector", kCpu)),
              ::testing::HasSubstr("not of the form"));
  EXPECT_THAT(derived_error(with_cell(15, "fp32_vector=-3", kCpu)),
              ::testing::HasSubstr("positive number"));
  EXPECT_THAT(derived_error(with_cell(15, "fp32_vector=32;fp32_vector=32", kCpu)),
              ::testing::HasSubstr("given twice"));
  EXPECT_THAT(derived_error(with_cell(14, "5000", kCpu)),
              ::testing::HasSubstr("d.csv:2:14 (clock_ghz): 5000 GHz is outside (0, 10] GHz"));
  EXPECT_THAT(derived_error(with_cell(12, "0", kCpu)), ::testing::HasSubstr("d.csv:2:12 (units)"));
}

TEST(Validate, VectorPeaksThatBreakTheRatioPatternAreFlagged) {
  // H100 NVL as once shipped: the FP16 tensor figure (835.5) in the vector column, 14x FP32.
  const std::string nvl =
      "nvl-t,NVL T,NV,server-gpu,2023-03-21,400,60,835.5,835.5,1670.5,3938,,,,,"
      "https://example.com/nvl,\n";
  const auto message = derived_error(nvl);
  EXPECT_THAT(message, ::testing::StartsWith("d.csv:2:8 (fp16_vector_tflops)"));
  EXPECT_THAT(message, ::testing::HasSubstr("is not below fp16_matrix_tflops 835.5"));
  // Without the matrix figure the 4x rule still catches it.
  EXPECT_THAT(derived_error(with_cell(9, "", nvl)),
              ::testing::HasSubstr("d.csv:2:8 (fp16_vector_tflops): 835.5 is 13.93x "
                                   "fp32_vector_tflops 60; no SIMD path exceeds 4x"));
  // A100's 4x (78 vs 19.5) is the documented maximum and passes.
  EXPECT_EQ(derived_error("a-t,A T,NV,server-gpu,2020-05,400,19.5,78,312,624,1555,,,,,"
                          "https://example.com/a,\n"),
            "");
}

TEST(Validate, KindBoundsCatchImplausibleFigures) {
  // A CPU at 900 W, a CPU at 3000 GB/s, a desktop GPU at 1200 W, an edge module at 800 GB/s.
  EXPECT_THAT(
      derived_error(with_cell(6, "900", kCpu)),
      ::testing::HasSubstr("d.csv:2:6 (tdp_w): 900 W is above the 600 W plausible for kind cpu"));
  EXPECT_THAT(derived_error(with_cell(11, "3000", kCpu)),
              ::testing::HasSubstr("d.csv:2:11 (memory_bw_gbs): 3000 GB/s is above the 1000 GB/s"));
  EXPECT_THAT(
      derived_error(with_cell(6, "1200", kGpu)),
      ::testing::HasSubstr("(tdp_w): 1200 W is above the 700 W plausible for kind desktop-gpu"));
  EXPECT_THAT(derived_error(with_cell(4, "edge", with_cell(6, "60", with_cell(11, "800", kCpu)))),
              ::testing::HasSubstr("800 GB/s is above the 500 GB/s plausible for kind edge"));
  // A CPU peak in GFLOPS typed as TFLOPS (2560) is above a CPU's 2000.
  EXPECT_THAT(derived_error(with_cell(15, "", with_cell(7, "2560", kCpu))),
              ::testing::HasSubstr("(fp32_vector_tflops): 2560 is above the 2000 plausible"));
}

TEST(Validate, DuplicateIdsAndNamesAreRefused) {
  expect_error(kGood + kGood, "bad.csv:3:1 (id)", "duplicate id 'a100-test'");
  // A different id whose alias is the first row's name, ignoring case and punctuation.
  const std::string clash =
      "other,Other,TEST-a100,NVIDIA,server-gpu,2020-05-14,400,,19.5,,,,,,,,,https://example.com,\n";
  expect_error(kGood + clash, "bad.csv:3:3 (aliases)", "already a name of 'a100-test' (bad.csv:2)");
}

TEST(Validate, NameKeyIgnoresCaseAndPunctuation) {
  EXPECT_EQ(name_key("GeForce RTX-3090 Ti"), "geforcertx3090ti");
  EXPECT_EQ(name_key("a100-sxm4-40gb"), "a100sxm440gb");
  EXPECT_EQ(name_key("--"), "");
}

}  // namespace
}  // namespace infergy::hw
