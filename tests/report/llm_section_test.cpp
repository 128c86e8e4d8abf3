// The report's LLM section: the factor table over its deployments and volumes, the validation
// against every measured configuration, and its two figures.
#include <gtest/gtest.h>

#include <string>

#include "infergy/error.hpp"
#include "infergy/report.hpp"

namespace infergy::report {
namespace {

TEST(LlmSection, TablesAndFigures) {
  const auto s = llm_section(INFERGY_DATA_DIR);
  // 6 deployments × 3 volumes; energy per day proportional to the volume.
  ASSERT_EQ(s.factor.rows().size(), 18u);
  const double a = std::stod(s.factor.rows()[0][6]), b = std::stod(s.factor.rows()[1][6]);
  EXPECT_NEAR(b / a, 100, 1e-3);
  // One validation row per measured configuration of data/mlenergy/lm-arena-chat-h100.csv.
  EXPECT_EQ(s.validation.rows().size(), 177u);
  ASSERT_EQ(s.figures.size(), 2u);
  EXPECT_EQ(s.figures[0].name, "llm-factor");
  EXPECT_EQ(s.figures[1].name, "llm-validation");
  EXPECT_NE(s.figures[1].caption.find("within 2x"), std::string::npos);
}

TEST(LlmSection, SweepFigureNeedsOneEstimatePerValue) {
  EXPECT_THROW(llm_sweep_figure({}, "batch", {1}), Error);
}

}  // namespace
}  // namespace infergy::report
