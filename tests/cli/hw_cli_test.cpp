// `infergy hw list` filters, `hw compare`, `hw detect` and `--hw local`, run as a user would; the
// machine is a fake /proc and /sys tree (INFERGY_SYSTEM_ROOT) so the tests do not depend on the
// computer they run on.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run.hpp"

namespace infergy::testing {
namespace {

// A fake root whose /proc/cpuinfo reports `model_name` on two cores with AVX2.
struct FakeMachine {
  std::filesystem::path dir;
  explicit FakeMachine(const std::string& model_name)
      : dir(std::filesystem::temp_directory_path() /
            ("infergy_hw_cli_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "proc");
    std::ofstream cpuinfo(dir / "proc" / "cpuinfo");
    for (int i = 0; i < 2; ++i) {
      cpuinfo << "processor\t: " << i << "\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\n"
              << "model name\t: " << model_name << "\ncpu MHz\t\t: 2000.000\n"
              << "physical id\t: 0\ncore id\t\t: " << i << "\nflags\t\t: sse2 avx fma avx2\n\n";
    }
    std::ofstream(dir / "proc" / "meminfo") << "MemTotal: 8000000 kB\n";
  }
  ~FakeMachine() { std::filesystem::remove_all(dir); }

  // Runs infergy with this machine as the local one and no NVML.
  CliResult run(const std::string& args) const {
    return run_cli(args, "INFERGY_SYSTEM_ROOT='" + dir.string() +
                             "' INFERGY_NVML_LIBRARY=/nonexistent/libnvidia-ml.so");
  }
};

TEST(HwListCli, FiltersByKindVendorAndPeak) {
  const auto r = run_cli("hw list --kind cpu --vendor amd --format csv");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("epyc-9654"), std::string::npos);
  EXPECT_EQ(r.out.find("xeon-platinum-8380"), std::string::npos);
  EXPECT_EQ(r.out.find("desktop-gpu"), std::string::npos);

  // Every row kept has a best fp16 peak of at least 100 TFLOPS (checked row by row in json).
  const auto j = run_cli("hw list --min-tflops fp16=100 --precision fp16 --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto rows = nlohmann::json::parse(j.out);
  ASSERT_FALSE(rows.empty());
  bool has_h100 = false;
  for (const auto& row : rows) {
    EXPECT_GE(row["peak_tflops"].get<double>(), 100.0) << row["id"];
    has_h100 = has_h100 || row["id"] == "h100-sxm5-80gb";
  }
  EXPECT_TRUE(has_h100);
}

// Apple's Neural Engine rows carry the whole Mac's power as TDP ([tdp:upper-bound]): every format
// says the TDP is an upper bound and GFLOPS/W a lower one.
TEST(HwListCli, UpperBoundTdpIsSaidInEveryFormat) {
  for (const std::string format : {"table", "markdown", "csv"}) {
    const auto r =
        run_cli("hw list --vendor apple --kind edge --precision fp16 --format " + format);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("(upper bound)"), std::string::npos) << format;
    EXPECT_NE(r.out.find("(lower bound)"), std::string::npos) << format;
    const auto c = run_cli("hw compare apple-m1-ane rtx-4090 --format " + format);
    EXPECT_NE(c.out.find("(upper bound)"), std::string::npos) << format;
  }
  const auto j = run_cli("hw list --vendor apple --kind edge --format json");
  const auto rows = nlohmann::json::parse(j.out);
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) EXPECT_TRUE(row["tdp_is_upper_bound"].get<bool>());
  const auto show = nlohmann::json::parse(run_cli("hw show apple-m1-ane --format json").out);
  EXPECT_TRUE(show["tdp_is_upper_bound"].get<bool>());
  const auto gpu = nlohmann::json::parse(run_cli("hw show rtx-4090 --format json").out);
  EXPECT_FALSE(gpu["tdp_is_upper_bound"].get<bool>());
}

TEST(HwListCli, YearAndBandwidthBounds) {
  const auto j = run_cli("hw list --year 2020 --min-bandwidth 1000 --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  for (const auto& row : nlohmann::json::parse(j.out)) {
    EXPECT_EQ(row["release_date"].get<std::string>().substr(0, 4), "2020") << row["id"];
    EXPECT_GE(row["memory_bw_gbs"].get<double>(), 1000.0) << row["id"];
  }
}

TEST(HwListCli, UsageErrors) {
  EXPECT_EQ(run_cli("hw list --year 2020 --since 2019").code, 64);
  EXPECT_EQ(run_cli("hw list --year 20x0").code, 64);
  EXPECT_EQ(run_cli("hw list --since 2021 --until 2020").code, 64);
  EXPECT_EQ(run_cli("hw list --min-tflops fp99=1").code, 64);
  EXPECT_EQ(run_cli("hw list --min-tflops fp16").code, 64);
  EXPECT_EQ(run_cli("hw list --min-tflops fp16=1 --min-tflops fp16=2").code, 64);
  EXPECT_EQ(run_cli("hw list --min-memory nan").code, 64);
}

TEST(HwCompareCli, SideBySideInEveryFormat) {
  const auto j = run_cli("hw compare v100-sxm2-16gb 'H100 SXM5' --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto rows = nlohmann::json::parse(j.out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["id"], "v100-sxm2-16gb");
  EXPECT_EQ(rows[1]["id"], "h100-sxm5-80gb");
  EXPECT_TRUE(rows[0]["peaks"].contains("fp16_matrix_tflops"));
  const auto t = run_cli("hw compare v100-sxm2-16gb h100-sxm5-80gb");
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("fp16 matrix TFLOPS"), std::string::npos);
  const auto m = run_cli("hw compare v100-sxm2-16gb h100-sxm5-80gb --format markdown");
  EXPECT_NE(m.out.find("| field |"), std::string::npos);
  const auto c = run_cli("hw compare v100-sxm2-16gb h100-sxm5-80gb --format csv");
  EXPECT_EQ(c.out.rfind("field,v100-sxm2-16gb,h100-sxm5-80gb\n", 0), 0u) << c.out;
}

TEST(HwCompareCli, Errors) {
  EXPECT_EQ(run_cli("hw compare v100-sxm2-16gb").code, 64);
  EXPECT_EQ(run_cli("hw compare v100-sxm2-16gb 'Tesla V100'").code, 64);  // one row twice
  const auto r = run_cli("hw compare v100-sxm2-16gb no-such-card");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.err.find("no-such-card"), std::string::npos);
}

TEST(HwDetectCli, NamesTheRowOfAKnownCpu) {
  const FakeMachine m("AMD EPYC 7763 64-Core Processor");
  const auto r = m.run("hw detect --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["cpu"]["row"], "epyc-7763");
  EXPECT_EQ(j["cpu"]["physical_cores"], 2);
  EXPECT_EQ(j["cpu"]["isa"], "avx2");
  EXPECT_TRUE(j["gpus"].empty());
  EXPECT_FALSE(j.contains("needed_row"));
}

TEST(HwDetectCli, PrintsTheRowAnUnknownCpuWouldNeed) {
  const FakeMachine m("AMD Imaginary 1234 8-Core Processor");
  const auto r = m.run("hw detect");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("none (no catalogue row)"), std::string::npos);
  EXPECT_NE(r.out.find("derived, unverified"), std::string::npos);
  // 2 cores x 2000 MHz x 32 (AVX2) = 128 GFLOPS = 0.128 TFLOPS.
  EXPECT_NE(r.out.find("amd-imaginary-1234,AMD Imaginary 1234,"), std::string::npos);
  EXPECT_NE(r.out.find(",0.128,"), std::string::npos);
  for (const std::string format : {"json", "csv", "markdown"}) {
    const auto f = m.run("hw detect --format " + format);
    ASSERT_EQ(f.code, 0) << f.err;
    EXPECT_NE(f.out.find("derived, unverified"), std::string::npos) << format;
  }
}

TEST(HwLocalCli, EstimateOnTheLocalCpu) {
  const FakeMachine m("AMD EPYC 7763 64-Core Processor");
  const auto r = m.run("estimate --gflops 10 --hw local --precision fp32 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["hardware"]["id"], "epyc-7763");
}

TEST(HwLocalCli, NoRowSaysWhatToAdd) {
  const FakeMachine m("AMD Imaginary 1234 8-Core Processor");
  const auto r = m.run("estimate --gflops 10 --hw local --precision fp32");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.err.find("AMD Imaginary 1234"), std::string::npos);
  EXPECT_NE(r.err.find("infergy hw detect"), std::string::npos);
  const auto g = m.run("estimate --gflops 10 --hw local-gpu --precision fp32");
  EXPECT_EQ(g.code, 65);
  EXPECT_NE(g.err.find("no GPU"), std::string::npos);
}

TEST(HwLocalCli, LocalIsReservedInUserRows) {
  const FakeMachine m("AMD EPYC 7763 64-Core Processor");
  const auto csv = m.dir / "user.csv";
  std::ofstream(csv)
      << "id,name,aliases,vendor,kind,release_date,tdp_w,fp32_vector_tflops,"
         "sources,notes\nlocal,My Box,,Me,cpu,2024-01-01,65,1,https://example.com,\n";
  EXPECT_EQ(m.run("hw list --hardware-file '" + csv.string() + "'").code, 64);
}

}  // namespace
}  // namespace infergy::testing
