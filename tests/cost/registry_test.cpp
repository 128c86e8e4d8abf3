// The built-in registry as a whole: coverage of ai.onnx, well-formed rules, and that no rule
// answers a shape it cannot see with a count.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

#include "cost/node_builder.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

using testing::NodeBuilder;

// Every ai.onnx operator schema of ONNX 1.12 (Debian's python3-onnx:
// sorted({s.name for s in onnx.defs.get_all_schemas() if s.domain == ""})).
constexpr std::string_view kOnnx112Ops[] = {
    "Abs",
    "Acos",
    "Acosh",
    "Add",
    "And",
    "ArgMax",
    "ArgMin",
    "Asin",
    "Asinh",
    "Atan",
    "Atanh",
    "AveragePool",
    "BatchNormalization",
    "Bernoulli",
    "BitShift",
    "BlackmanWindow",
    "Cast",
    "CastLike",
    "Ceil",
    "Celu",
    "Clip",
    "Compress",
    "Concat",
    "ConcatFromSequence",
    "Constant",
    "ConstantOfShape",
    "Conv",
    "ConvInteger",
    "ConvTranspose",
    "Cos",
    "Cosh",
    "CumSum",
    "DFT",
    "DepthToSpace",
    "DequantizeLinear",
    "Det",
    "Div",
    "Dropout",
    "DynamicQuantizeLinear",
    "Einsum",
    "Elu",
    "Equal",
    "Erf",
    "Exp",
    "Expand",
    "EyeLike",
    "Flatten",
    "Floor",
    "GRU",
    "Gather",
    "GatherElements",
    "GatherND",
    "Gemm",
    "GlobalAveragePool",
    "GlobalLpPool",
    "GlobalMaxPool",
    "Greater",
    "GreaterOrEqual",
    "GridSample",
    "HammingWindow",
    "HannWindow",
    "HardSigmoid",
    "HardSwish",
    "Hardmax",
    "Identity",
    "If",
    "InstanceNormalization",
    "IsInf",
    "IsNaN",
    "LRN",
    "LSTM",
    "LayerNormalization",
    "LeakyRelu",
    "Less",
    "LessOrEqual",
    "Log",
    "LogSoftmax",
    "Loop",
    "LpNormalization",
    "LpPool",
    "MatMul",
    "MatMulInteger",
    "Max",
    "MaxPool",
    "MaxRoiPool",
    "MaxUnpool",
    "Mean",
    "MeanVarianceNormalization",
    "MelWeightMatrix",
    "Min",
    "Mod",
    "Mul",
    "Multinomial",
    "Neg",
    "NegativeLogLikelihoodLoss",
    "NonMaxSuppression",
    "NonZero",
    "Not",
    "OneHot",
    "Optional",
    "OptionalGetElement",
    "OptionalHasElement",
    "Or",
    "PRelu",
    "Pad",
    "Pow",
    "QLinearConv",
    "QLinearMatMul",
    "QuantizeLinear",
    "RNN",
    "RandomNormal",
    "RandomNormalLike",
    "RandomUniform",
    "RandomUniformLike",
    "Range",
    "Reciprocal",
    "ReduceL1",
    "ReduceL2",
    "ReduceLogSum",
    "ReduceLogSumExp",
    "ReduceMax",
    "ReduceMean",
    "ReduceMin",
    "ReduceProd",
    "ReduceSum",
    "ReduceSumSquare",
    "Relu",
    "Reshape",
    "Resize",
    "ReverseSequence",
    "RoiAlign",
    "Round",
    "STFT",
    "Scan",
    "Scatter",
    "ScatterElements",
    "ScatterND",
    "Selu",
    "SequenceAt",
    "SequenceConstruct",
    "SequenceEmpty",
    "SequenceErase",
    "SequenceInsert",
    "SequenceLength",
    "SequenceMap",
    "Shape",
    "Shrink",
    "Sigmoid",
    "Sign",
    "Sin",
    "Sinh",
    "Size",
    "Slice",
    "Softmax",
    "SoftmaxCrossEntropyLoss",
    "Softplus",
    "Softsign",
    "SpaceToDepth",
    "Split",
    "SplitToSequence",
    "Sqrt",
    "Squeeze",
    "StringNormalizer",
    "Sub",
    "Sum",
    "Tan",
    "Tanh",
    "TfIdfVectorizer",
    "ThresholdedRelu",
    "Tile",
    "TopK",
    "Transpose",
    "Trilu",
    "Unique",
    "Unsqueeze",
    "Upsample",
    "Where",
    "Xor",
};

// Operators added after ONNX 1.12 (opsets 18-24) that infergy counts.
constexpr std::string_view kLaterOps[] = {
    "AffineGrid", "Attention",          "BitwiseAnd", "BitwiseNot",       "BitwiseOr",
    "BitwiseXor", "CenterCropPad",      "Col2Im",     "CumProd",          "DeformConv",
    "Gelu",       "GroupNormalization", "Mish",       "RMSNormalization", "RotaryEmbedding",
    "Swish",      "TensorScatter",
};

// Not counted, with the reason in docs/counting.md: subgraph ops (the analysis counts their
// bodies) and text featurizers.
constexpr std::string_view kExcluded[] = {
    "If", "Loop", "Scan", "SequenceMap", "StringNormalizer", "TfIdfVectorizer",
};

bool excluded(std::string_view op) {
  for (std::string_view e : kExcluded) {
    if (e == op) return true;
  }
  return false;
}

TEST(CostRegistry, CoversEveryOnnxOpButTheDocumentedExclusions) {
  const CostRegistry& r = CostRegistry::builtin();
  for (std::string_view op : kOnnx112Ops) {
    if (excluded(op)) {
      EXPECT_EQ(r.find("ai.onnx", op), nullptr) << op << " is excluded but has a rule";
    } else {
      EXPECT_NE(r.find("ai.onnx", op), nullptr) << op << " has no rule";
    }
  }
  for (std::string_view op : kLaterOps) EXPECT_NE(r.find("ai.onnx", op), nullptr) << op;
}

TEST(CostRegistry, RulesAreWellFormedAndUnique) {
  const std::set<std::string_view> families{"conv",        "matmul",       "normalization",
                                            "elementwise", "pooling",      "recurrent",
                                            "attention",   "data_movement"};
  std::set<std::string> keys;
  std::set<std::string_view> seen_families;
  for (const CostRule& rule : CostRegistry::builtin().rules()) {
    const std::string key = std::string(rule.domain) + "/" + std::string(rule.op_type);
    EXPECT_TRUE(keys.insert(key).second) << "duplicate " << key;
    EXPECT_FALSE(rule.formula.empty()) << key;
    EXPECT_TRUE(families.contains(rule.family)) << key << " family " << rule.family;
    EXPECT_NE(rule.fn, nullptr) << key;
    EXPECT_TRUE(rule.domain == "ai.onnx" || rule.domain == "com.microsoft") << key;
    EXPECT_EQ(CostRegistry::builtin().find(rule.domain, rule.op_type), &rule) << key;
    seen_families.insert(rule.family);
  }
  EXPECT_EQ(seen_families, families);
}

TEST(CostRegistry, AddingASecondRuleForAnOpIsAnInternalError) {
  CostRegistry r;
  const CostRule rule{"ai.onnx",
                      "Relu",
                      "elementwise",
                      "FLOPs = 1 per element",
                      CostRegistry::builtin().find("ai.onnx", "Relu")->fn,
                      0};
  r.add(rule);
  try {
    r.add(rule);
    FAIL() << "expected an internal error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::internal);
  }
}

// Every rule, shown a node whose inputs and outputs have no known shape and no attributes,
// must throw UnknownShape (or reject the node as malformed) - never answer with a count. The
// only rules that may answer are those whose formula is "FLOPs = 0 ...": they do no
// arithmetic whatever the shapes.
TEST(CostRegistry, NoRuleCountsWhatItCannotSee) {
  for (const CostRule& rule : CostRegistry::builtin().rules()) {
    NodeBuilder b(std::string(rule.op_type), std::string(rule.domain), 18);
    for (int i = 0; i < 3; ++i) b.in_unknown_rank();
    b.out_unknown();
    const std::string key = std::string(rule.domain) + "/" + std::string(rule.op_type);
    try {
      const OpCost c = b.run();
      EXPECT_TRUE(rule.formula.starts_with("FLOPs = 0")) << key << " counted unknown shapes";
      EXPECT_EQ(c.flops, 0) << key;
      EXPECT_EQ(c.macs, 0) << key;
    } catch (const UnknownShape&) {
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::input) << key << ": " << e.what();
    }
  }
}

// A count beyond 64 bits is CountOverflow, never a wrapped number: a convolution with 2^60
// outputs of 2^10 MACs each, and output dims whose product alone overflows.
TEST(CostRegistry, OverflowThrowsCountOverflow) {
  const std::int64_t p30 = std::int64_t{1} << 30;
  EXPECT_THROW(
      NodeBuilder("Conv").in({1, 4, 8, 8}).weight({p30, 4, 16, 16}).out({1, p30, p30, 1}).run(),
      CountOverflow);
  EXPECT_THROW(NodeBuilder("Relu").in({p30, p30, p30}).out({p30, p30, p30}).run(), CountOverflow);
  EXPECT_THROW(NodeBuilder("LSTM", "ai.onnx", 14)
                   .in({p30, p30, 3})
                   .weight({1, 16, 3})
                   .weight({1, 16, 4})
                   .run(),
               CountOverflow);
}

}  // namespace
}  // namespace infergy
