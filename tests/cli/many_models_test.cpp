// `infergy analyze` over many models and its completeness verdict, end to end: --jobs gives the
// same bytes as one job, --shard parts cover every file exactly once, nothing but the verdict
// reaches a stderr that is not a terminal, and --strict exits 3 after writing the output.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "../onnx/builder.hpp"
#include "run.hpp"

namespace infergy {
namespace {

namespace fs = std::filesystem;
using testing::run_cli;

const fs::path kFixtures = fs::path(INFERGY_SOURCE_DIR) / "tests/fixtures/models";

// A directory of 11 models (copies of three fixtures under distinct names, in two folders).
fs::path model_zoo() {
  const fs::path dir = fs::temp_directory_path() / ("infergy_zoo_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  const char* sources[] = {"alexnet.onnx", "resnet18.onnx", "vgg16.onnx"};
  for (int i = 0; i < 11; ++i) {
    const fs::path to = (i % 2 ? dir / "sub" : dir) / ("m" + std::to_string(i) + ".onnx");
    fs::copy_file(kFixtures / sources[i % 3], to);
  }
  return dir;
}

// The model column of a CSV rendering (after the '#' line and the header).
std::vector<std::string> csv_models(const std::string& csv) {
  std::vector<std::string> models;
  std::istringstream in(csv);
  std::string line;
  std::size_t row = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || row++ == 0) continue;
    models.push_back(line.substr(0, line.find(',')));
  }
  return models;
}

TEST(ManyModels, AnyNumberOfJobsGivesTheSameBytes) {
  const fs::path zoo = model_zoo();
  for (const char* format : {"csv", "json", "table"}) {
    const auto one = run_cli("analyze -r " + zoo.string() + " --jobs 1 --format " + format);
    const auto four = run_cli("analyze -r " + zoo.string() + " --jobs 4 --format " + format);
    ASSERT_EQ(one.code, 0) << one.err;
    ASSERT_EQ(four.code, 0) << four.err;
    EXPECT_EQ(one.out, four.out) << format;
  }
  const auto one = run_cli("analyze -r " + zoo.string() + " --jobs 1 --format csv");
  const auto models = csv_models(one.out);
  EXPECT_EQ(models.size(), 11u);
  EXPECT_TRUE(std::is_sorted(models.begin(), models.end()));
  fs::remove_all(zoo);
}

TEST(ManyModels, ShardsCoverEveryFileExactlyOnce) {
  const fs::path zoo = model_zoo();
  const auto all = csv_models(run_cli("analyze -r " + zoo.string() + " --format csv").out);
  ASSERT_EQ(all.size(), 11u);
  for (std::size_t n : {1u, 3u, 4u, 11u, 13u}) {
    std::multiset<std::string> seen;
    std::vector<std::string> merged;
    for (std::size_t i = 0; i < n; ++i) {
      const auto r = run_cli("analyze -r " + zoo.string() + " --format csv --jobs 2 --shard " +
                             std::to_string(i) + "/" + std::to_string(n));
      ASSERT_EQ(r.code, 0) << r.err;
      const auto part = csv_models(r.out);
      // Part i holds the files at positions i, i+n, ... of the sorted list.
      for (std::size_t k = 0; k < part.size(); ++k) EXPECT_EQ(part[k], all[i + k * n]);
      seen.insert(part.begin(), part.end());
      merged.insert(merged.end(), part.begin(), part.end());
    }
    EXPECT_EQ(seen, std::multiset<std::string>(all.begin(), all.end())) << n << " shards";
    std::sort(merged.begin(), merged.end());
    EXPECT_EQ(merged, all);
  }
  fs::remove_all(zoo);
}

// scripts/merge_shards.py over the parts gives what one unsharded run prints.
TEST(ManyModels, MergedShardsEqualOneRun) {
  const fs::path zoo = model_zoo();
  const fs::path tmp = fs::temp_directory_path();
  const std::string pid = std::to_string(::getpid());
  const std::string merge =
      "/usr/bin/python3 " + std::string(INFERGY_SOURCE_DIR) + "/scripts/merge_shards.py";
  for (const std::string format : {"csv", "json"}) {
    const auto whole = run_cli("analyze -r " + zoo.string() + " --format " + format);
    ASSERT_EQ(whole.code, 0) << whole.err;
    std::string parts;
    for (int i = 0; i < 3; ++i) {
      const fs::path part = tmp / ("infergy_part" + std::to_string(i) + "_" + pid + "." + format);
      fs::remove(part);
      ASSERT_EQ(run_cli("analyze -r " + zoo.string() + " --format " + format + " --shard " +
                        std::to_string(i) + "/3 -o " + part.string())
                    .code,
                0);
      parts += " " + part.string();
    }
    const fs::path merged = tmp / ("infergy_merged_" + pid + "." + format);
    ASSERT_EQ(std::system((merge + parts + " > " + merged.string()).c_str()), 0);
    if (format == "csv") {
      EXPECT_EQ(testing::slurp(merged), whole.out);
    } else {
      EXPECT_EQ(nlohmann::json::parse(testing::slurp(merged)), nlohmann::json::parse(whole.out));
    }
  }
  fs::remove_all(zoo);
}

TEST(ManyModels, ABadShardOrJobsIsAUsageError) {
  for (const char* bad : {"--shard 3/3", "--shard 1", "--shard a/2", "--shard 0/0", "--shard=-1/2",
                          "--jobs 0", "--jobs x"}) {
    const auto r = run_cli("analyze -r " + kFixtures.string() + " " + bad);
    EXPECT_EQ(r.code, 64) << bad;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), bad[2] == 's' ? 1 : 2) << r.err;
  }
}

TEST(ManyModels, NoProgressOnAPipe) {
  const fs::path zoo = model_zoo();
  const auto r = run_cli("analyze -r " + zoo.string() + " --jobs 3");
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(r.err, "");  // stderr is a file here: no progress bar, no escape codes
  fs::remove_all(zoo);
}

// x[1,4] -> com.microsoft.NoSuchOp -> y: a node infergy has no rule for.
fs::path incomplete_model() {
  onnx::GraphProto g;
  g.set_name("incomplete");
  *g.add_input() = testing::value_info("x", onnx::TensorProto::FLOAT, {1, 4});
  *g.add_node() = testing::node("NoSuchOp", {"x"}, {"y"}, "mystery", "com.microsoft");
  *g.add_output() = testing::value_info("y", onnx::TensorProto::FLOAT, {1, 4});
  onnx::ModelProto m = testing::model(g);
  auto* ms = m.add_opset_import();
  ms->set_domain("com.microsoft");
  ms->set_version(1);
  return testing::write_model(m, "infergy_incomplete_" + std::to_string(::getpid()) + ".onnx");
}

TEST(Completeness, OneWarningLineAndStrictExitsThree) {
  const fs::path model = incomplete_model();
  auto r = run_cli("analyze " + model.string());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.rfind("infergy: warning: " + model.string() + ": incomplete: 1 of 1 nodes", 0),
            0u)
      << r.err;
  const auto first = r.out.substr(0, r.out.find('\n', r.out.find('\n') + 1));
  EXPECT_NE(first.find("INCOMPLETE: 1 of 1 nodes not counted"), std::string::npos) << r.out;

  r = run_cli("analyze " + model.string() + " --strict --format json");
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.rfind("infergy: error: ", 0), 0u) << r.err;
  const auto j = nlohmann::json::parse(r.out);  // the output is written all the same
  EXPECT_FALSE(j["complete"].get<bool>());
  EXPECT_EQ(j["uncounted_nodes"][0]["name"], "mystery");

  // Complete models: no line on stderr, --strict exits 0.
  r = run_cli("analyze " + (kFixtures / "resnet18.onnx").string() + " --strict");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err, "");

  // Over many models: one line for all of them, and the 'complete' column.
  const fs::path dir = fs::temp_directory_path() / ("infergy_mixed_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(model, dir / "a.onnx");
  fs::copy_file(model, dir / "b.onnx");
  fs::copy_file(kFixtures / "resnet18.onnx", dir / "c.onnx");
  r = run_cli("analyze -r " + dir.string() + " --format csv");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("2 of 3 models analyzed are incomplete"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("/a.onnx,false,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/c.onnx,true,"), std::string::npos) << r.out;
  r = run_cli("analyze -r " + dir.string() + " --strict");
  EXPECT_EQ(r.code, 3);
  fs::remove_all(dir);
  fs::remove(model);
}

}  // namespace
}  // namespace infergy
