// The ops infergy leaves out by design live in the registry with their reason, apart from the
// ops that merely have no rule yet.
#include <gtest/gtest.h>

#include <optional>

#include "infergy/cost.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

TEST(Exclusions, DocumentedOpsAreExcludedWithAReason) {
  const CostRegistry& r = CostRegistry::builtin();
  for (const char* op : {"SequenceMap", "StringNormalizer", "TfIdfVectorizer", "RegexFullMatch",
                         "StringConcat", "StringSplit", "ImageDecoder"}) {
    const ExcludedOp* e = r.excluded("ai.onnx", op);
    ASSERT_NE(e, nullptr) << op;
    EXPECT_FALSE(e->why.empty()) << op;
    EXPECT_EQ(r.find("ai.onnx", op), nullptr) << op;
  }
  // Whole domains: every op of ai.onnx.ml and of the training domains.
  EXPECT_NE(r.excluded("ai.onnx.ml", "TreeEnsembleClassifier"), nullptr);
  EXPECT_NE(r.excluded("ai.onnx.preview.training", "Adam"), nullptr);
  // Not excluded: ops with a rule, and ops with no rule yet.
  EXPECT_EQ(r.excluded("ai.onnx", "Conv"), nullptr);
  EXPECT_EQ(r.excluded("com.microsoft", "BeamSearch"), nullptr);
  EXPECT_EQ(r.find("com.microsoft", "BeamSearch"), nullptr);
}

TEST(Exclusions, AnExcludedOpCannotAlsoHaveARule) {
  const CostFn fn = CostRegistry::builtin().find("ai.onnx", "Relu")->fn;
  CostRegistry r;
  r.add({"ai.onnx", "Relu", "elementwise", "FLOPs = 1 per element", fn, 0});
  const auto kind_of = [](auto&& f) -> std::optional<ErrorKind> {
    try {
      f();
    } catch (const Error& e) {
      return e.kind();
    }
    return std::nullopt;
  };
  EXPECT_EQ(kind_of([&] { r.exclude({"ai.onnx", "Relu", "no"}); }), ErrorKind::internal);
  EXPECT_EQ(kind_of([&] { r.exclude({"ai.onnx", "", "no"}); }), ErrorKind::internal);
  r.exclude({"ai.onnx", "Strings", "text"});
  EXPECT_EQ(kind_of([&] { r.exclude({"ai.onnx", "Strings", "again"}); }), ErrorKind::internal);
  EXPECT_EQ(kind_of([&] {
              r.add({"ai.onnx", "Strings", "x", "FLOPs = 1", fn, 0});
            }),
            ErrorKind::internal);
}

}  // namespace
}  // namespace infergy
