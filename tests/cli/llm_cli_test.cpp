// `infergy llm` end to end: every mode, every output format, and the documented exit codes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run.hpp"

namespace infergy {
namespace {

using testing::run_cli;

const std::string kData = std::string(INFERGY_SOURCE_DIR) + "/data/";

std::filesystem::path temp_dir(const std::string& name) {
  const auto d = std::filesystem::temp_directory_path() /
                 ("infergy_llm_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

TEST(LlmCli, ListsThePresets) {
  const auto r = run_cli("llm --list --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_GE(j.size(), 45u);
  bool found = false;
  for (const auto& p : j) {
    if (p["id"] == "meta-llama/Llama-3.1-8B") {
      found = true;
      EXPECT_EQ(p["params_total"].get<std::int64_t>(), 8030261248);
      EXPECT_EQ(p["kv_bytes_per_token"].get<double>(), 131072);
    }
  }
  EXPECT_TRUE(found);
}

TEST(LlmCli, CountsAConfigWithoutHardware) {
  const auto r =
      run_cli("llm " + std::string(INFERGY_SOURCE_DIR) +
              "/tests/fixtures/llm/tiny_decoder.json --prompt 99 --output 1 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["params_total"].get<std::int64_t>(), 125248);
  // infergy analyze of the decode graph at 99 past tokens counts 278,127 FLOPs, of which 2
  // layers × 4 heads × 100 keys are the mask adds the causal count has no need of.
  EXPECT_EQ(j["decode_step"]["flops"].get<double>(), 278127 - 800);
}

// The catalogue's H100 SXM row without its idle power, as a user's --hardware-file.
std::string hardware_without_idle(const std::filesystem::path& dir) {
  std::ifstream in(kData + "hardware.csv");
  std::string header, line, row;
  std::getline(in, header);
  while (std::getline(in, line)) {
    if (line.rfind("h100-sxm5-80gb,", 0) == 0) row = line;
  }
  // id, name and aliases become the test's own; idle_w (found by name in the header) is emptied.
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (char c : row) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells.push_back(cell);
  cells[0] = "test-h100-no-idle";
  cells[1] = "Test H100 without idle power";
  cells[2] = "";
  const auto idle_at = std::string(",") + header + ",";
  const auto idle_column =
      std::count(idle_at.begin(), idle_at.begin() + idle_at.find(",idle_w,"), ',');
  cells[static_cast<std::size_t>(idle_column)] = "";
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
  const auto path = dir / "hardware.csv";
  std::ofstream(path) << header << "\n" << out << "\n";
  return path.string();
}

TEST(LlmCli, OneDeploymentInEveryFormat) {
  const auto dir = temp_dir("single");
  const std::string base =
      "llm meta-llama/Llama-3.1-70B-Instruct --hw test-h100-no-idle "
      "--hardware-file '" +
      hardware_without_idle(dir) + "' --gpus 4 --batch 64 --prompt 1024 --output 512 --per-day 1e6";
  const auto j = run_cli(base + " --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto d = nlohmann::json::parse(j.out);
  EXPECT_EQ(d["deployment"]["tensor_parallel"], 4);
  const auto& e = d["energy_per_token_joules"];
  EXPECT_LT(e["low"].get<double>(), e["typical"].get<double>());
  EXPECT_LT(e["typical"].get<double>(), e["high"].get<double>());
  // Per request = per token × output; per day × 365 = per year, at the wall (× PUE).
  EXPECT_NEAR(d["energy_per_request_joules"]["typical"].get<double>(),
              512 * e["typical"].get<double>(), 1e-9);
  const auto& f = d["footprint_typical"];
  EXPECT_NEAR(f["kwh_per_day"].get<double>(),
              d["energy_per_request_joules"]["typical"].get<double>() * f["pue"].get<double>() *
                  1e6 / 3.6e6,
              1e-6);
  // The study's estimator is far below: decode is memory-bound.
  EXPECT_LT(d["study_energy_per_token_joules"].get<double>(), e["low"].get<double>());
  // The missing idle power of the catalogue row is stated in every format.
  ASSERT_FALSE(d["assumptions"].empty());
  for (const char* fmt : {"table", "markdown", "csv"}) {
    const auto r = run_cli(base + " --format " + fmt);
    ASSERT_EQ(r.code, 0) << fmt << r.err;
    EXPECT_NE(r.out.find("energy per output token"), std::string::npos) << fmt;
    EXPECT_NE(r.out.find(d["assumptions"][0].get<std::string>()), std::string::npos) << fmt;
  }
  std::filesystem::remove_all(dir);
}

TEST(LlmCli, RanksTheDevicesAModelFitsOn) {
  const auto r = run_cli("llm Qwen/Qwen3-8B --hw all --batch 16 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_GT(j.size(), 10u);
  for (std::size_t i = 1; i < j.size(); ++i) {
    EXPECT_LE(j[i - 1]["energy_per_token_joules"]["typical"].get<double>(),
              j[i]["energy_per_token_joules"]["typical"].get<double>());
    EXPECT_TRUE(j[i]["memory_per_device"]["fits"].get<bool>());
  }
}

TEST(LlmCli, SweepWritesATableAndAFigure) {
  const auto dir = temp_dir("sweep");
  const auto stem = (dir / "fig").string();
  const auto r = run_cli(
      "llm meta-llama/Llama-3.1-8B-Instruct --hw h100-sxm5-80gb --sweep batch=1,8,64 "
      "--format csv --figure '" +
      stem + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find(',')), "batch");
  EXPECT_TRUE(std::filesystem::exists(dir / "fig.gp"));
  // gnuplot is installed by scripts/bootstrap.sh; the figure is rendered both ways.
  EXPECT_TRUE(std::filesystem::exists(dir / "fig.svg"));
  EXPECT_TRUE(std::filesystem::exists(dir / "fig.png"));
  // A second run refuses to overwrite the figure.
  const auto again = run_cli(
      "llm meta-llama/Llama-3.1-8B-Instruct --hw h100-sxm5-80gb --sweep batch=1,8 "
      "--figure '" +
      stem + "'");
  EXPECT_EQ(again.code, 73) << again.err;
  std::filesystem::remove_all(dir);
}

TEST(LlmCli, TableRowsOutInOrder) {
  const auto dir = temp_dir("table");
  const auto csv = dir / "in.csv";
  std::ofstream(csv) << "model_id,gpu_model,num_gpus,tensor_parallel,expert_parallel,"
                        "weight_precision,avg_batch_size,avg_output_len,extra\n"
                        "Qwen/Qwen3-8B,H100,1,1,1,bfloat16,8,600,ignored\n"
                        "meta-llama/Llama-3.1-70B-Instruct,H100,4,4,1,bfloat16,64,600,\n";
  const auto r = run_cli("llm --table '" + csv.string() + "' --format csv");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  for (const char* col :
       {"params_total", "params_active", "kv_bytes_per_token", "ttft_ms", "itl_ms", "itl_ms_low",
        "itl_ms_high", "energy_per_token_joules", "energy_per_token_joules_low",
        "energy_per_token_joules_high", "energy_per_request_joules", "assumptions"}) {
    EXPECT_NE(header.find(col), std::string::npos) << col;
  }
  EXPECT_EQ(first.rfind("Qwen/Qwen3-8B,", 0), 0u);
  EXPECT_EQ(second.rfind("meta-llama/Llama-3.1-70B-Instruct,", 0), 0u);
  // The assumed prompt of rows without one is in the row.
  EXPECT_NE(first.find(",256,"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(LlmCli, ErrorsAndExitCodes) {
  // Unknown model: 65 with the closest presets.
  auto r = run_cli("llm lama-3.1-8b --hw h100-sxm5-80gb");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.err.find("closest presets: meta-llama/Llama-3.1-8B"), std::string::npos) << r.err;
  // Does not fit: 65, saying what it needs.
  r = run_cli("llm meta-llama/Llama-3.1-405B --hw h100-sxm5-80gb");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.err.find("does not fit on 1× h100-sxm5-80gb: needs"), std::string::npos) << r.err;
  // Usage: tensor parallel that does not divide, a bad sweep, a bad format name.
  EXPECT_EQ(run_cli("llm Qwen/Qwen3-8B --hw h100-sxm5-80gb --gpus 4 --tp 3").code, 64);
  EXPECT_EQ(run_cli("llm Qwen/Qwen3-8B --hw h100-sxm5-80gb --sweep cats=1,2").code, 64);
  EXPECT_EQ(run_cli("llm Qwen/Qwen3-8B --hw h100-sxm5-80gb --weights fp7").code, 64);
  EXPECT_EQ(run_cli("llm --hw h100-sxm5-80gb").code, 64);
  // A config that is not one: 65 naming the file.
  const auto dir = temp_dir("bad");
  std::ofstream(dir / "config.json") << R"({"model_type": "llama", "hidden_size": -1})";
  r = run_cli("llm '" + dir.string() + "'");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.err.find("config.json: field 'hidden_size'"), std::string::npos) << r.err;
  // A table row that names an unknown GPU: 65 with file and line.
  std::ofstream(dir / "t.csv") << "model_id,gpu_model,num_gpus,avg_batch_size,avg_output_len\n"
                                  "Qwen/Qwen3-8B,H999,1,8,100\n";
  r = run_cli("llm --table '" + (dir / "t.csv").string() + "'");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.err.find("t.csv:2: unknown hardware 'H999'"), std::string::npos) << r.err;
  // Missing table: 66.
  EXPECT_EQ(run_cli("llm --table '" + (dir / "none.csv").string() + "'").code, 66);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace infergy
