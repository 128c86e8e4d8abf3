// The rows of `estimate --table`: what each column means, and the one-line error for each way a
// row can be wrong (non-numbers, NaN and infinities included).
#include <gtest/gtest.h>

#include "infergy/datasets.hpp"
#include "infergy/energy.hpp"
#include "infergy/error.hpp"

namespace infergy::energy {
namespace {

std::string error_of(const std::string& text) {
  try {
    for (const auto& m : parse_model_numbers(text, "t.csv")) {
      (void)workload_from_numbers(m, 1, Precision::fp16);
    }
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return {};
}

TEST(ModelTable, GmacsDoubleAndParamsAreBytesAtThePrecision) {
  const auto rows = parse_model_numbers("name,gmacs,params_m,batch\nresnet,4.1,25.6,8\n", "t.csv");
  ASSERT_EQ(rows.size(), 1u);
  // 4.1 GMACs = 8.2 GFLOPs per inference; batch 8 from the row; 25.6 M params x 2 bytes.
  EXPECT_DOUBLE_EQ(rows[0].gflops, 8.2);
  const Workload work = workload_from_numbers(rows[0], 2, Precision::fp16);
  EXPECT_EQ(work.batch, 8);
  EXPECT_DOUBLE_EQ(work.flops(), 8.2e9 * 8);
  EXPECT_DOUBLE_EQ(work.bytes(), 25.6e6 * 2);
}

TEST(ModelTable, EveryBadCellIsNamed) {
  EXPECT_NE(error_of("name,gflops\nm,nan\n").find("t.csv:2:2 (gflops): 'nan' is not a number"),
            std::string::npos);
  EXPECT_NE(error_of("name,gflops\nm,inf\n").find("'inf' is not a number"), std::string::npos);
  EXPECT_NE(error_of("name,gflops\nm,1e999\n").find("is not a number"), std::string::npos);
  EXPECT_NE(
      error_of("name,gflops\nm,-3\n").find("t.csv:2:2 (gflops): GFLOPs must be a positive number"),
      std::string::npos);
  EXPECT_NE(error_of("name,gflops,params\nm,3,NaN\n").find("'NaN' is not a number"),
            std::string::npos);
  EXPECT_NE(
      error_of("name,gflops,batch\nm,3,0\n").find("t.csv:2:3 (batch): batch 0 must be at least 1"),
      std::string::npos);
  EXPECT_NE(error_of("name,params\nm,3\n").find("needs a 'gflops' or a 'gmacs' column"),
            std::string::npos);
  EXPECT_NE(error_of("name,gflops\n,3\n").find("t.csv:2:1 (name): value required"),
            std::string::npos);
  EXPECT_NE(error_of("name,gflops\nm,\n").find("no gflops or gmacs value"), std::string::npos);
}

}  // namespace
}  // namespace infergy::energy
