// `infergy analyze` end to end: formats, flags and the documented exit codes
// (64 usage, 65 invalid input, 66 input not found, 73 output exists).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run.hpp"

namespace infergy {
namespace {

using testing::run_cli;

const std::string kResnet =
    std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/resnet18.onnx";
const std::string kEncoder =
    std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/transformer_encoder.onnx";

std::size_t lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

TEST(AnalyzeCli, TableStatesTotalsUncountedAndTheConvention) {
  const auto r = run_cli("analyze " + kResnet + " --by-op");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("1,814,073,344"), std::string::npos);  // resnet18 MACs (hooks, profiler)
  EXPECT_NE(r.out.find("By op type"), std::string::npos);
  EXPECT_NE(r.out.find("Not counted"), std::string::npos);
  EXPECT_NE(r.out.find("MAC = one multiply-accumulate"), std::string::npos);
}

TEST(AnalyzeCli, JsonIsParseableAndExact) {
  const auto r = run_cli("analyze " + kEncoder + " --dim sequence=128 --format json --per-node");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["totals"]["macs"].get<std::int64_t>(), 11'173'625'856);  // the per-layer formula
  EXPECT_EQ(j["per_node"].size(), j["nodes"].get<std::size_t>());
  EXPECT_FALSE(j["convention"].get<std::string>().empty());
}

TEST(AnalyzeCli, CsvAndMarkdownCarryTheConvention) {
  auto r = run_cli("analyze " + kResnet + " --format csv");
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("# MAC = one", 0), 0u);
  EXPECT_EQ(lines(r.out), 3u);  // convention, header, one row
  r = run_cli("analyze " + kResnet + " --format markdown --per-node");
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("| \\# | graph | node |"), std::string::npos);
}

TEST(AnalyzeCli, BadInputGetsOneLineAndItsExitCode) {
  auto r = run_cli("analyze /nonexistent.onnx");
  EXPECT_EQ(r.code, 66);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("/nonexistent.onnx: no such file"), std::string::npos);

  r = run_cli("analyze " + std::string(INFERGY_SOURCE_DIR));
  EXPECT_EQ(r.code, 66);
  EXPECT_NE(r.err.find("is a directory"), std::string::npos);

  const auto junk = std::filesystem::temp_directory_path() / "infergy_junk.onnx";
  std::ofstream(junk) << "this is not protobuf at all, just text\n";
  r = run_cli("analyze " + junk.string());
  EXPECT_EQ(r.code, 65);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("not an ONNX model"), std::string::npos);

  r = run_cli("analyze " + kEncoder);  // sequence unbound
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.err.find("--dim sequence=N"), std::string::npos);

  r = run_cli("analyze " + kResnet + " --precision fp12");
  EXPECT_EQ(r.code, 64);
  r = run_cli("analyze " + kResnet + " --no-such-flag");
  EXPECT_EQ(r.code, 64);
  r = run_cli("analyze " + kResnet + " --dim batch=-3");
  EXPECT_EQ(r.code, 64);
}

TEST(AnalyzeCli, NeverOverwritesAnOutputWithoutForce) {
  const auto path = std::filesystem::temp_directory_path() / "infergy_existing.txt";
  std::ofstream(path) << "mine\n";
  auto r = run_cli("analyze " + kResnet + " -o " + path.string());
  EXPECT_EQ(r.code, 73);
  EXPECT_EQ(testing::slurp(path), "mine\n");
  r = run_cli("analyze " + kResnet + " -o " + path.string() + " --force");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(testing::slurp(path).find("Totals"), std::string::npos);
}

TEST(AnalyzeCli, ADirectoryOfModelsGivesOneRowEach) {
  const auto r = run_cli("analyze --recursive " + std::string(INFERGY_SOURCE_DIR) +
                         "/tests/fixtures/models --batch 1 --format csv");
  // transformer_encoder needs --dim sequence: its row carries the error, the command exits 64.
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.out.find("resnet50.onnx,true,4089184256,"), std::string::npos);
  EXPECT_NE(r.out.find("unbound symbolic dims"), std::string::npos);
}

}  // namespace
}  // namespace infergy
