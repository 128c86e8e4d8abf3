// torchvision's detection and segmentation exports (tests/fixtures/models/detection/, shape-only,
// with references from torch in references.json: forward hooks on every Conv and Linear, see
// that folder's README). The exact part (every node whose shapes follow from the input alone)
// must match torch's data-independent MACs within 0.5%; the upper bound must be at least what
// torch counted at the trace input's detection counts, and equals torch's count at the model's
// caps; parameters are torch's less the BatchNorm statistics folded into the convolutions, plus
// the float constants the graph reads as data that torch keeps outside its parameters
// (normalisation mean and std, anchor offsets), both listed in references.json.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "infergy/analysis.hpp"

namespace infergy {
namespace {

const std::string kDir = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/detection/";

nlohmann::json references() {
  std::ifstream in(kDir + "references.json");
  return nlohmann::json::parse(in);
}

TEST(DetectionModels, ExactPartRangeAndParametersMatchTorch) {
  const auto refs = references();
  ASSERT_GE(refs.at("models").size(), 5u);
  for (const auto& item : refs.at("models").items()) {
    const std::string name = item.key();
    const auto& ref = item.value();
    SCOPED_TRACE(name);
    const Analysis a = analyze_file(kDir + name + ".onnx");
    const auto exact = ref.at("macs").at("data_independent_macs").get<double>();
    EXPECT_NEAR(static_cast<double>(a.totals.macs), exact, 0.005 * exact);
    const auto at_trace = ref.at("macs").at("whole_model_macs_at_trace_counts").get<std::int64_t>();
    const auto at_caps = ref.at("macs").at("whole_model_macs_at_caps").get<std::int64_t>();
    const std::int64_t upper = a.upper ? a.upper->macs : a.totals.macs;
    EXPECT_GE(upper, at_trace);
    EXPECT_EQ(upper, at_caps);
    // Of the float constants outside torch's parameters, those only Resize reads are its scales,
    // an argument input (docs/counting.md), never a parameter; single-element weights are not
    // parameters by the convention (analysis.hpp).
    const auto& params = ref.at("params");
    const auto& constants = params.at("onnx_float_constants");
    std::int64_t expected =
        params.at("expected_onnx_params").get<std::int64_t>() -
        static_cast<std::int64_t>(constants.at("one_element_layer_weights").size());
    for (const auto& c : constants.at("not_torch_parameters")) {
      if (c.at("read_by") != nlohmann::json::array({"Resize"})) {
        expected += c.at("elements").get<std::int64_t>();
      }
    }
    EXPECT_EQ(a.totals.params, expected);
  }
}

}  // namespace
}  // namespace infergy
