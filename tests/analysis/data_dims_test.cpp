// Data-dependent dims through analyze_file, on tests/fixtures/models/values/nms_head.onnx (its
// script says what it holds): NonMaxSuppression keeps 0 to 10 boxes, and a MatMul by a [4, 8]
// weight costs 4 x 8 = 32 MACs per kept box. The exact part counts nothing of that; the range is
// 0 to 320 MACs; pinned at 7 boxes the total is exact, 224 MACs. The weight's 32 parameters count
// whether or not the MatMul could be costed.
#include <gtest/gtest.h>

#include <string>

#include "infergy/analysis.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

const std::string kModel =
    std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models/values/nms_head.onnx";

TEST(DataDependentAnalysis, ExactPartAndRange) {
  const Analysis a = analyze_file(kModel);
  ASSERT_EQ(a.data_dims.size(), 1u);
  EXPECT_EQ(a.data_dims[0].name, "nms_0");
  EXPECT_EQ(a.data_dims[0].lower, 0);
  EXPECT_EQ(a.data_dims[0].upper, 10);
  EXPECT_EQ(a.unpinned_data_dims(), 1u);
  EXPECT_EQ(a.totals.macs, 0);
  ASSERT_TRUE(a.lower && a.upper);
  EXPECT_EQ(a.lower->macs, 0);
  EXPECT_EQ(a.upper->macs, 320);
  EXPECT_EQ(a.upper->flops, 640);
}

TEST(DataDependentAnalysis, PinMakesTheTotalExact) {
  const Analysis a = analyze_file(kModel, {.pins = {{"nms_0", 7}}});
  EXPECT_EQ(a.unpinned_data_dims(), 0u);
  EXPECT_FALSE(a.lower);
  EXPECT_EQ(a.totals.macs, 224);
  EXPECT_TRUE(a.uncounted.empty() ||
              a.uncounted.front().op_type == "NonMaxSuppression");  // NMS has no cost rule value
}

TEST(DataDependentAnalysis, PinOutsideTheRangeOrUnknownIsAUsageError) {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::int64_t>>{{"nms_0", 11}, {"nms_1", 3}}) {
    try {
      analyze_file(kModel, {.pins = {{name, value}}});
      ADD_FAILURE() << name;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::usage) << e.what();
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
}

TEST(ParametersIndependentOfShapes, UncountedNodeStillHoldsItsWeight) {
  // The MatMul is not costed (its input's rows depend on the detections), its weight counts.
  EXPECT_EQ(analyze_file(kModel).totals.params, 32);
}

}  // namespace
}  // namespace infergy
