// Inputs the fuzzer (fuzz/fuzz_analyze.cpp) once broke, kept so they stay fixed. Each must end
// in a result or an infergy::Error, and every rendering must succeed.
#include <gtest/gtest.h>

#include <filesystem>

#include "infergy/analysis.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

TEST(FuzzRegressions, EveryKeptInputAnalyzesOrFailsCleanly) {
  const std::filesystem::path dir = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/fuzz";
  std::size_t inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++inputs;
    try {
      const Analysis a = analyze_file(entry.path());
      for (auto format :
           {OutputFormat::table, OutputFormat::markdown, OutputFormat::csv, OutputFormat::json}) {
        EXPECT_FALSE(render(a, {.format = format, .per_node = true, .by_op = true}).empty());
      }
    } catch (const Error&) {
      // A clear error is a fine outcome; anything else escapes and fails the test.
    }
  }
  EXPECT_GE(inputs, 1u);
}

// reshape-to-a-billion-dims.onnx: a Reshape whose (unknown) target tensor has a huge length
// allocated that many dims; a shape of more than 1,024 dims is now refused first.
// integer-constant-overflow.onnx: folding 768 x -1.15e18 in a shape computation overflowed
// (UB); dim arithmetic and constant folding are now checked and report the overflow.
// argmax-of-a-scalar.onnx: ArgMax on a rank-0 input erased from an empty dims vector (UB);
// the axis check now rejects any axis of a scalar.
//
// The first kept input: an op type with an invalid UTF-8 byte ("Softp\xEDus") made the JSON
// rendering throw nlohmann's type_error; the byte now becomes U+FFFD.
TEST(FuzzRegressions, InvalidUtf8InNamesIsReplacedInJson) {
  const Analysis a = analyze_file(std::string(INFERGY_SOURCE_DIR) +
                                  "/tests/fixtures/fuzz/invalid-utf8-op-name.onnx");
  const std::string json = render(a, {.format = OutputFormat::json});
  EXPECT_NE(json.find("Softp\xEF\xBF\xBDus"), std::string::npos);
}

}  // namespace
}  // namespace infergy
