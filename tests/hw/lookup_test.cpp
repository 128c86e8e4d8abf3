// Lookup by id, name and alias; suggestions; merging a user's file; date filtering.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "infergy/error.hpp"
#include "infergy/hw.hpp"

namespace infergy::hw {
namespace {

const std::string kHeader =
    "id,name,aliases,vendor,kind,release_date,tdp_w,fp32_vector_tflops,fp16_matrix_tflops,sources,"
    "notes\n";
const std::string kRows =
    "v100-sxm2-16gb,NVIDIA Tesla V100 SXM2 16 GB,Tesla V100;V100,NVIDIA,server-gpu,2017-06-21,300,"
    "15.7,125,https://example.com/v100,\n"
    "a100-sxm4-40gb,NVIDIA A100 SXM4 40 GB,A100,NVIDIA,server-gpu,2020-05-14,400,19.5,312,"
    "https://example.com/a100,\n"
    "gtx-580,NVIDIA GeForce GTX 580,GTX 580,NVIDIA,desktop-gpu,2010-11-09,244,1.581,,"
    "https://example.com/580,\n";

Catalogue small() {
  return Catalogue::parse(kHeader + kRows, "small.csv");
}

TEST(Lookup, FindsByIdNameAliasIgnoringCaseAndPunctuation) {
  const auto c = small();
  EXPECT_EQ(c.find("v100-sxm2-16gb")->id, "v100-sxm2-16gb");
  EXPECT_EQ(c.find("nvidia tesla v100 sxm2 16 gb")->id, "v100-sxm2-16gb");
  EXPECT_EQ(c.find("TESLA V100")->id, "v100-sxm2-16gb");
  EXPECT_EQ(c.find("gtx580")->id, "gtx-580");
  EXPECT_EQ(c.find("A100 SXM4 40GB")->id, "a100-sxm4-40gb");
  EXPECT_EQ(c.find("H100"), nullptr);
  EXPECT_EQ(c.find(""), nullptr);
}

TEST(Lookup, UnknownNameListsClosestIds) {
  const auto c = small();
  try {
    (void)c.get("V10");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_STREQ(e.what(), "unknown hardware 'V10'; closest ids: v100-sxm2-16gb, a100-sxm4-40gb");
  }
  const auto s = c.suggestions("a10", 5);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.front(), "a100-sxm4-40gb");  // substring of its alias "A100"
  EXPECT_TRUE(c.suggestions("zzzzzzzzzz").empty());
  EXPECT_THROW((void)c.get("zzzzzzzzzz"), Error);
}

TEST(Lookup, PeaksAndEfficiency) {
  const auto catalogue = small();
  const auto& v100 = catalogue.get("v100");
  EXPECT_DOUBLE_EQ(*v100.best_peak_tflops(Precision::fp16), 125);
  EXPECT_FALSE(v100.peak_tflops(Precision::fp16, ComputeUnit::vector).has_value());
  EXPECT_FALSE(v100.peak_tflops(Precision::int8, ComputeUnit::matrix).has_value());
  // 125 TFLOPS x 1000 / 300 W = 416.666...
  EXPECT_NEAR(*v100.best_gflops_per_watt(Precision::fp16), 416.6666667, 1e-6);
  EXPECT_EQ(v100.precisions(), (std::vector<Precision>{Precision::fp32, Precision::fp16}));
}

TEST(Lookup, ReleasedByKeepsRowsUpToTheDate) {
  const auto c = small();
  EXPECT_EQ(c.released_by(Date{2010, 11, 8}).size(), 0u);
  EXPECT_EQ(c.released_by(Date{2010, 11, 9}).size(), 1u);
  EXPECT_EQ(c.released_by(Date{2019, 1, 1}).size(), 2u);
  EXPECT_EQ(c.released_by(Date{2020, 5, 14}).size(), 3u);
}

TEST(Merge, UserRowsOverrideByIdOrAppend) {
  auto c = small();
  const auto user = Catalogue::parse(
      kHeader +
          "gtx-580,My GTX 580,,NVIDIA,desktop-gpu,2010-11-09,200,1.6,,https://example.com/mine,\n"
          "my-npu,My NPU,npu1,Acme,accelerator,2024-01,10,,40,https://example.com/npu,\n",
      "mine.csv");
  c.merge(user);
  ASSERT_EQ(c.all().size(), 4u);
  EXPECT_EQ(c.get("gtx-580").name, "My GTX 580");
  EXPECT_DOUBLE_EQ(c.get("gtx-580").tdp_w, 200);
  // The shipped row's name went with it; the id still answers (to the user's row).
  EXPECT_EQ(c.find("NVIDIA GeForce GTX 580"), nullptr);
  EXPECT_EQ(c.get("npu1").id, "my-npu");
  EXPECT_EQ(c.get("my-npu").origin.to_string(), "mine.csv:3");
  EXPECT_EQ(c.all().back().id, "my-npu");
}

TEST(Merge, ClashWithAShippedNameNamesTheUsersCell) {
  auto c = small();
  const auto user = Catalogue::parse(
      kHeader + "my-card,My Card,Tesla V100,NVIDIA,server-gpu,2021-01,250,10,,https://e.com,\n",
      "mine.csv");
  try {
    c.merge(user);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "mine.csv:2:3 (aliases): 'Tesla V100' is already a name of 'v100-sxm2-16gb' "
                 "(small.csv:2)");
  }
}

TEST(Load, ReadsAFileAndReportsAMissingOne) {
  const auto dir = std::filesystem::temp_directory_path() / "infergy-hw-test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "hardware.csv");
    out << kHeader << kRows;
  }
  const auto c = Catalogue::builtin(dir);
  EXPECT_EQ(c.all().size(), 3u);
  EXPECT_EQ(c.all()[0].origin.file, (dir / "hardware.csv").string());
  try {
    (void)Catalogue::load(dir / "missing.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::no_input);
  }
  std::filesystem::remove_all(dir);
}

TEST(Kinds, RoundTrip) {
  for (auto k : all_hardware_kinds()) EXPECT_EQ(parse_hardware_kind(to_string(k)), k);
  EXPECT_EQ(parse_hardware_kind("Server-GPU"), HardwareKind::server_gpu);
  EXPECT_FALSE(parse_hardware_kind("gpu").has_value());
  EXPECT_EQ(parse_compute_unit("tensor"), ComputeUnit::matrix);
  EXPECT_EQ(parse_compute_unit("vector"), ComputeUnit::vector);
  EXPECT_FALSE(parse_compute_unit("best").has_value());
}

}  // namespace
}  // namespace infergy::hw
