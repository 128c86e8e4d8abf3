// `infergy estimate` and `infergy measure --compare` end to end.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run.hpp"

namespace infergy {
namespace {

using testing::run_cli;

const std::string kModels = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/";

// resnet50 at fp16 on an A100 SXM4 (312 TFLOPS fp16 matrix, 400 W → 780 GFLOPS/W):
// 8,206,520,296 FLOPs per image (infergy analyze) / 780e9 = 0.010521 J.
TEST(EstimateCli, StudyMethodOnAModelFile) {
  const auto r = run_cli("estimate " + kModels +
                         "resnet50.onnx --hw a100-sxm4-40gb --precision fp16 --batch 32 "
                         "--per-day 1e9 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_DOUBLE_EQ(j["flops_per_inference"].get<double>(), 8'206'520'296.0);
  EXPECT_NEAR(j["study"]["gflops_per_watt"].get<double>(), 780.0, 1e-9);
  EXPECT_NEAR(j["study"]["joules_per_inference"].get<double>(), 8.206520296 / 780.0, 1e-12);
  const auto& roof = j["roofline"]["joules_per_inference"];
  EXPECT_LE(roof["low"].get<double>(), roof["typical"].get<double>());
  EXPECT_LE(roof["typical"].get<double>(), roof["high"].get<double>());
  // Footprint at the default PUE (1.56, references.csv): wall J = device J × 1.56; 1e9 a day.
  const double wall = 8.206520296 / 780.0 * 1.56;
  EXPECT_NEAR(j["study"]["footprint"]["kwh_per_day"].get<double>(), wall * 1e9 / 3.6e6, 1e-6);
}

// The study's worked example from numbers alone: BERT-Base, 29 GFLOPs, V100 tensor cores.
TEST(EstimateCli, StudyMethodFromNumbers) {
  const auto r = run_cli(
      "estimate --gflops 29 --hw 'Tesla V100' --precision fp16 --method study "
      "--format json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NEAR(nlohmann::json::parse(r.out)["study"]["joules_per_inference"].get<double>(), 0.0696,
              5e-5);
}

TEST(EstimateCli, AllHardwareIsRankedByJoules) {
  const auto r = run_cli(
      "estimate --gmacs 4.1 --params-m 25.6 --activations-m 11.1 --batch 64 "
      "--hw all --precision fp16 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_GE(j.size(), 50u);
  for (std::size_t i = 1; i < j.size(); ++i) {
    EXPECT_LE(j[i - 1]["roofline_joules"]["typical"].get<double>(),
              j[i]["roofline_joules"]["typical"].get<double>());
  }
}

TEST(EstimateCli, TableModeAndItsErrors) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto good = dir / "infergy_models.csv";
  std::ofstream(good) << "name,gmacs,params_m,activations_m,batch\n"
                         "resnet50,4.11,25.56,11.11,256\nvit_b_16,17.58,86.57,23.9,256\n";
  auto r =
      run_cli("estimate --table " + good.string() + " --hw rtx-4090 --precision fp16 --format csv");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("resnet50,rtx-4090,fp16,256,8.22,"), std::string::npos) << r.out;

  const auto bad = dir / "infergy_bad_models.csv";
  std::ofstream(bad) << "name,gmacs,params_m\nok,1.0,5\nbroken,abc,5\n";
  r = run_cli("estimate --table " + bad.string() + " --hw rtx-4090 --precision fp16");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.err.find("infergy_bad_models.csv:3:2 (gmacs): 'abc' is not a number"),
            std::string::npos)
      << r.err;

  std::ofstream(bad) << "name,gmacs,params_m\nneg,-4,5\n";
  r = run_cli("estimate --table " + bad.string() + " --hw rtx-4090 --precision fp16");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.err.find("infergy_bad_models.csv:2"), std::string::npos) << r.err;
}

TEST(EstimateCli, BadInputIsExplained) {
  auto r = run_cli("estimate --gflops 10 --hw a1000 --precision fp16");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.err.find("closest"), std::string::npos) << r.err;

  r = run_cli("estimate --gflops 10 --hw gtx-580 --precision fp16 --method study");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.err.find("it has: fp64"), std::string::npos) << r.err;

  r = run_cli("estimate --gflops -3 --hw rtx-4090");
  EXPECT_EQ(r.code, 64);
  r = run_cli("estimate --gflops 1e15 --hw rtx-4090");
  EXPECT_EQ(r.code, 64);
  r = run_cli("estimate --gflops 3 --hw rtx-4090 --pue 0.7");
  EXPECT_EQ(r.code, 64);
  r = run_cli("estimate --gflops 3 --hw rtx-4090 --eta-compute 0.9,0.5,0.7");
  EXPECT_EQ(r.code, 64);
  r = run_cli("estimate --gflops 3");
  EXPECT_EQ(r.code, 64);
}

// measure --compare with a fake NVML reporting 1000, 2000, ... mJ: the measurement and both
// estimates side by side, and their ratio.
TEST(MeasureCompare, EstimateBesideMeasurement) {
  const std::string env = std::string("INFERGY_NVML_LIBRARY=") + INFERGY_FAKE_NVML +
                          " FAKE_NVML_NAME0='NVIDIA GeForce RTX 4090' "
                          "FAKE_NVML_ENERGY0=1000,2000,3000,4000,5000,6000,7000,8000 ";
  const std::string cmd = "measure --interval-ms 20 --inferences 320 --compare " + kModels +
                          "resnet50.onnx --hw rtx-4090 --precision fp16 --batch 32 --format json "
                          "-o - -- sleep 0.1";
  const auto out = std::filesystem::temp_directory_path() /
                   ("infergy_compare_" + std::to_string(::getpid()) + ".json");
  const std::string line = env + INFERGY_CLI + " " + cmd + " > " + out.string() + " 2>/dev/null";
  ASSERT_EQ(std::system(line.c_str()), 0);
  const auto j = nlohmann::json::parse(testing::slurp(out));
  const auto& c = j["compare"];
  EXPECT_EQ(c["hardware"], "rtx-4090");
  // RTX 4090 fp16 matrix 165.2 TFLOPS at 450 W: 8,206,520,296 / 367.11e9 = 0.022354 J.
  EXPECT_NEAR(c["study_joules_per_inference"].get<double>(), 8.206520296 / (165200.0 / 450.0),
              1e-9);
  EXPECT_GT(c["measured_joules_per_inference"].get<double>(), 0);
  EXPECT_TRUE(c["roofline_joules_per_inference"].contains("typical"));

  // The estimate is checked before anything runs: a bad --hw costs no measurement.
  const auto r = run_cli("measure --inferences 1 --compare " + kModels +
                         "resnet50.onnx --hw nonsense-gpu -- true");
  EXPECT_EQ(r.code, 65);
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace infergy
