// Elementwise rules: a table of per-element costs checked on one 24-element shape, then the
// ops whose count depends on inputs, attributes or broadcasting.
#include <gtest/gtest.h>

#include <string>

#include "cost/node_builder.hpp"

namespace infergy {
namespace {

using testing::NodeBuilder;

struct PerElement {
  const char* op;
  const char* domain;
  std::int64_t flops;  // per element, from the op's formula (comment)
};

std::ostream& operator<<(std::ostream& os, const PerElement& p) {
  return os << p.domain << "/" << p.op;
}

class UnaryCost : public ::testing::TestWithParam<PerElement> {};

// X [2, 3, 4] -> 24 elements: FLOPs = 24 * the per-element count.
TEST_P(UnaryCost, TwentyFourElements) {
  const PerElement& p = GetParam();
  const OpCost c = NodeBuilder(p.op, p.domain, 20).in({2, 3, 4}).out({2, 3, 4}).run();
  EXPECT_EQ(c.flops, 24 * p.flops);
  EXPECT_EQ(c.macs, 0);
  // With the output shape unknown the rule takes the input's.
  EXPECT_EQ(NodeBuilder(p.op, p.domain, 20).in({2, 3, 4}).out_unknown().run().flops, 24 * p.flops);
}

INSTANTIATE_TEST_SUITE_P(
    Table, UnaryCost,
    ::testing::Values(
        // One elementary operation or special function each.
        PerElement{"Abs", "ai.onnx", 1}, PerElement{"Neg", "ai.onnx", 1},
        PerElement{"Floor", "ai.onnx", 1}, PerElement{"Ceil", "ai.onnx", 1},
        PerElement{"Round", "ai.onnx", 1}, PerElement{"Sign", "ai.onnx", 1},
        PerElement{"Reciprocal", "ai.onnx", 1}, PerElement{"Sqrt", "ai.onnx", 1},
        PerElement{"Exp", "ai.onnx", 1}, PerElement{"Log", "ai.onnx", 1},
        PerElement{"Erf", "ai.onnx", 1}, PerElement{"Sin", "ai.onnx", 1},
        PerElement{"Cos", "ai.onnx", 1}, PerElement{"Tan", "ai.onnx", 1},
        PerElement{"Asin", "ai.onnx", 1}, PerElement{"Acos", "ai.onnx", 1},
        PerElement{"Atan", "ai.onnx", 1}, PerElement{"Sinh", "ai.onnx", 1},
        PerElement{"Cosh", "ai.onnx", 1}, PerElement{"Asinh", "ai.onnx", 1},
        PerElement{"Acosh", "ai.onnx", 1}, PerElement{"Atanh", "ai.onnx", 1},
        PerElement{"Tanh", "ai.onnx", 1}, PerElement{"Not", "ai.onnx", 1},
        PerElement{"BitwiseNot", "ai.onnx", 1}, PerElement{"IsNaN", "ai.onnx", 1},
        PerElement{"IsInf", "ai.onnx", 1}, PerElement{"Relu", "ai.onnx", 1},  // max(x, 0)
        PerElement{"ThresholdedRelu", "ai.onnx", 1},                          // select(x > a, x, 0)
        PerElement{"LeakyRelu", "ai.onnx", 2},                                // mul, select
        PerElement{"Elu", "ai.onnx", 4},          // exp, sub, mul, select
        PerElement{"Selu", "ai.onnx", 5},         // exp, sub, mul, select, mul
        PerElement{"Celu", "ai.onnx", 6},         // alpha*Elu(x/alpha): div, Elu 4, mul
        PerElement{"Sigmoid", "ai.onnx", 4},      // neg, exp, add, div
        PerElement{"HardSigmoid", "ai.onnx", 4},  // mul, add, min, max
        PerElement{"HardSwish", "ai.onnx", 5},    // HardSigmoid 4, mul
        PerElement{"Softplus", "ai.onnx", 3},     // exp, add, log
        PerElement{"Softsign", "ai.onnx", 3},     // abs, add, div
        PerElement{"Mish", "ai.onnx", 5},         // exp, add, log, tanh, mul
        PerElement{"Swish", "ai.onnx", 6},        // mul, Sigmoid 4, mul
        PerElement{"Gelu", "ai.onnx", 5},         // div, erf, add, mul, mul
        PerElement{"Shrink", "ai.onnx", 3},       // 2 selects, add or sub
        PerElement{"Bernoulli", "ai.onnx", 2},    // draw, compare
        PerElement{"Cast", "ai.onnx", 0}, PerElement{"Gelu", "com.microsoft", 5},
        PerElement{"QuickGelu", "com.microsoft", 6},        // mul, Sigmoid 4, mul
        PerElement{"FastGelu", "com.microsoft", 9},         // tanh approximation, no bias
        PerElement{"BiasAdd", "com.microsoft", 2},          // + bias + skip
        PerElement{"QLinearSigmoid", "com.microsoft", 11},  // dequantize 2, 4, requantize 5
        PerElement{"QLinearLeakyRelu", "com.microsoft", 9}  // 2 + 2 + 5
        ));

// Binary ops broadcast [2, 1, 4] with [3, 1] to [2, 3, 4] = 24 outputs, 1 FLOP each; the
// count is the same when shape inference left the output unknown.
TEST(ElementwiseCost, BroadcastBinary) {
  for (const char* op : {"Add", "Sub", "Mul", "Div", "Pow", "Equal", "Less", "And", "Mod"}) {
    EXPECT_EQ(NodeBuilder(op).in({2, 1, 4}).in({3, 1}).out({2, 3, 4}).run().flops, 24) << op;
    EXPECT_EQ(NodeBuilder(op).in({2, 1, 4}).in({3, 1}).out_unknown().run().flops, 24) << op;
  }
}

// Where over [2, 3, 4], [1], [3, 4]: 24 selects. PRelu [2, 3, 4] with slope [3, 1]: 2 each.
TEST(ElementwiseCost, WhereAndPRelu) {
  EXPECT_EQ(NodeBuilder("Where")
                .in({2, 3, 4}, DataType::boolean)
                .in({1})
                .in({3, 4})
                .out_unknown()
                .run()
                .flops,
            24);
  EXPECT_EQ(NodeBuilder("PRelu").in({2, 3, 4}).weight({3, 1}).out({2, 3, 4}).run().flops, 48);
}

// Variadic: Sum of 3 inputs of 6 elements = 2 adds each = 12; one input = 0. Mean of 3 = 2
// adds + 1 divide = 18. Max of 2 = 6.
TEST(ElementwiseCost, Variadic) {
  EXPECT_EQ(NodeBuilder("Sum").in({2, 3}).in({2, 3}).in({2, 3}).out({2, 3}).run().flops, 12);
  EXPECT_EQ(NodeBuilder("Sum").in({2, 3}).out({2, 3}).run().flops, 0);
  EXPECT_EQ(NodeBuilder("Mean").in({2, 3}).in({2, 3}).in({2, 3}).out({2, 3}).run().flops, 18);
  EXPECT_EQ(NodeBuilder("Max").in({2, 3}).in({2, 3}).out({2, 3}).run().flops, 6);
}

// Clip counts each bound given: opset 13 with min only 24, with both 48, with none 0; opset 6
// with min and max attributes 48.
TEST(ElementwiseCost, Clip) {
  EXPECT_EQ(NodeBuilder("Clip", "ai.onnx", 13).in({2, 3, 4}).scalar(0).run().flops, 24);
  EXPECT_EQ(NodeBuilder("Clip", "ai.onnx", 13).in({2, 3, 4}).scalar(0).scalar(6).run().flops, 48);
  EXPECT_EQ(NodeBuilder("Clip", "ai.onnx", 13).in({2, 3, 4}).run().flops, 0);
  EXPECT_EQ(NodeBuilder("Clip", "ai.onnx", 13).in({2, 3, 4}).absent().scalar(6).run().flops, 24);
  EXPECT_EQ(NodeBuilder("Clip", "ai.onnx", 6)
                .in({2, 3, 4})
                .attr_f("min", 0.0)
                .attr_f("max", 6.0)
                .run()
                .flops,
            48);
}

// Gelu with approximate = tanh: 9 per element (x^3 2, mul, add, mul, tanh, add, mul, mul).
TEST(ElementwiseCost, GeluTanh) {
  EXPECT_EQ(
      NodeBuilder("Gelu", "ai.onnx", 20).in({2, 3, 4}).attr_s("approximate", "tanh").run().flops,
      216);
}

// QuantizeLinear: divide, round, clamp x2 = 4, + 1 with a zero point: 120 / 96 on 24 elements
// (per-axis scale [3] does not broadcast numpy-style, the output has X's shape).
// DequantizeLinear: 2 with a zero point (48), 1 without (24). DynamicQuantizeLinear:
// 7*24 + 9 = 177.
TEST(ElementwiseCost, Quantization) {
  EXPECT_EQ(NodeBuilder("QuantizeLinear", "ai.onnx", 13)
                .in({2, 3, 4})
                .weight({3})
                .weight({3}, DataType::uint8)
                .attr_i("axis", 1)
                .out_unknown()
                .run()
                .flops,
            120);
  EXPECT_EQ(NodeBuilder("QuantizeLinear", "ai.onnx", 13).in({2, 3, 4}).weight({}).run().flops, 96);
  EXPECT_EQ(NodeBuilder("DequantizeLinear", "ai.onnx", 13)
                .in({2, 3, 4}, DataType::uint8)
                .weight({})
                .weight({}, DataType::uint8)
                .run()
                .flops,
            48);
  EXPECT_EQ(NodeBuilder("DequantizeLinear", "ai.onnx", 13)
                .in({2, 3, 4}, DataType::int8)
                .weight({})
                .run()
                .flops,
            24);
  EXPECT_EQ(NodeBuilder("DynamicQuantizeLinear", "ai.onnx", 11).in({2, 3, 4}).run().flops, 177);
}

// CastLike converts (0 FLOPs) and reads only the type of input 1.
TEST(ElementwiseCost, CastLikeReadsNoTargetElements) {
  const OpCost c = NodeBuilder("CastLike", "ai.onnx", 15).in({2, 3, 4}).in({100}).run();
  EXPECT_EQ(c.flops, 0);
  EXPECT_EQ(c.input_elements_read, (std::vector<std::int64_t>{24, 0}));
}

// Generators. RandomNormal [2, 3] with the default N(0, 1): a draw each = 6; scale 2 and
// mean 1 add a multiply and an add: 18. RandomUniformLike reads only its input's shape; the
// default U(0, 1) is a draw each: 6. Hann window of 10: n, multiply, cos, multiply, subtract =
// 5 each = 50; Blackman 9 each = 90; MelWeightMatrix [9, 4]: 4 each = 144. Multinomial
// [2, 10], 3 samples: 2*2*10 + 2*3*(1 + ceil(log2 10) = 4) = 70. Range(0, 10, 2): 5 elements
// + 4 for the count = 9, from the known output or from the constant inputs.
TEST(ElementwiseCost, Generators) {
  EXPECT_EQ(NodeBuilder("RandomNormal").attr_ints("shape", {2, 3}).out({2, 3}).run().flops, 6);
  EXPECT_EQ(NodeBuilder("RandomNormal")
                .attr_ints("shape", {2, 3})
                .attr_f("scale", 2.0)
                .attr_f("mean", 1.0)
                .out({2, 3})
                .run()
                .flops,
            18);
  const OpCost like = NodeBuilder("RandomUniformLike").in({2, 3}).out({2, 3}).run();
  EXPECT_EQ(like.flops, 6);
  EXPECT_EQ(like.input_elements_read, (std::vector<std::int64_t>{0}));
  EXPECT_EQ(NodeBuilder("HannWindow").scalar(10).out({10}).run().flops, 50);
  EXPECT_EQ(NodeBuilder("BlackmanWindow").scalar(10).out({10}).run().flops, 90);
  EXPECT_EQ(NodeBuilder("MelWeightMatrix")
                .scalar(4)
                .scalar(16)
                .scalar(8000)
                .scalar(0)
                .scalar(4000)
                .out({9, 4})
                .run()
                .flops,
            144);
  EXPECT_EQ(NodeBuilder("Multinomial").in({2, 10}).attr_i("sample_size", 3).run().flops, 70);
  EXPECT_EQ(NodeBuilder("Range").scalar(0).scalar(10).scalar(2).out({5}).run().flops, 9);
  EXPECT_EQ(NodeBuilder("Range").scalar(0).scalar(10).scalar(2).out_unknown().run().flops, 9);
  EXPECT_THROW(NodeBuilder("Range").in({}).in({}).in({}).out_unknown().run(), UnknownShape);
}

// com.microsoft: FastGelu with its bias 10 per element (240); BiasGelu [2, 3, 4] + [4]: 6 each
// (144); BiasSplitGelu X [1, 2, 8]: 16 bias adds + 8 outputs * 6 = 64; BiasDropout with a
// residual: 2 each (48); QLinearAdd of [2, 3] and scalars, output unknown: 6 outputs * 10 = 60;
// QLinearConcat output [2, 6]: 12 * 6 = 72.
TEST(ElementwiseCost, MicrosoftFusions) {
  EXPECT_EQ(NodeBuilder("FastGelu", "com.microsoft", 1).in({2, 3, 4}).weight({4}).run().flops, 240);
  EXPECT_EQ(NodeBuilder("BiasGelu", "com.microsoft", 1).in({2, 3, 4}).weight({4}).run().flops, 144);
  EXPECT_EQ(NodeBuilder("BiasSplitGelu", "com.microsoft", 1).in({1, 2, 8}).weight({8}).run().flops,
            64);
  EXPECT_EQ(NodeBuilder("BiasDropout", "com.microsoft", 1)
                .in({2, 3, 4})
                .weight({4})
                .in({2, 3, 4})
                .run()
                .flops,
            48);
  EXPECT_EQ(NodeBuilder("QLinearAdd", "com.microsoft", 1)
                .in({2, 3}, DataType::uint8)
                .weight({})
                .weight({}, DataType::uint8)
                .in({2, 3}, DataType::uint8)
                .weight({})
                .weight({}, DataType::uint8)
                .weight({})
                .weight({}, DataType::uint8)
                .out_unknown()
                .run()
                .flops,
            60);
  EXPECT_EQ(NodeBuilder("QLinearConcat", "com.microsoft", 1)
                .weight({})
                .weight({}, DataType::uint8)
                .in({2, 3}, DataType::uint8)
                .weight({})
                .weight({}, DataType::uint8)
                .in({2, 3}, DataType::uint8)
                .weight({})
                .weight({}, DataType::uint8)
                .out({2, 6}, DataType::uint8)
                .run()
                .flops,
            72);
}

TEST(ElementwiseCost, UnknownShapeThrows) {
  EXPECT_THROW(NodeBuilder("Relu").in_unknown_rank().out_unknown().run(), UnknownShape);
  EXPECT_THROW(NodeBuilder("Add").in({2, 3}).in({kUnknownDim}).out_unknown().run(), UnknownShape);
  // A known output is enough.
  EXPECT_EQ(NodeBuilder("Add").in({2, 3}).in({kUnknownDim}).out({2, 3}).run().flops, 6);
}

// The other binary comparisons and bitwise ops: 1 per output element of [2, 3] = 6.
TEST(ElementwiseCost, MoreBinaryOps) {
  for (const char* op : {"Greater", "GreaterOrEqual", "LessOrEqual", "Or", "Xor", "BitShift",
                         "BitwiseAnd", "BitwiseOr", "BitwiseXor", "Min"}) {
    EXPECT_EQ(NodeBuilder(op, "ai.onnx", 18).in({2, 3}).in({2, 3}).out({2, 3}).run().flops, 6)
        << op;
  }
}

// HammingWindow of 8: 5 each = 40. RandomUniform U(-1, 1) over [4]: draw, scale by 2, shift
// by -1 = 3 each = 12. RandomNormalLike N(0, 1) over [2, 3]: 6. com.microsoft
// QuantizeLinear/DequantizeLinear with zero points on 24 elements: 5 * 24 = 120 and 2 * 24 = 48.
TEST(ElementwiseCost, MoreGenerators) {
  EXPECT_EQ(NodeBuilder("HammingWindow").scalar(8).out({8}).run().flops, 40);
  EXPECT_EQ(NodeBuilder("RandomUniform")
                .attr_ints("shape", {4})
                .attr_f("low", -1.0)
                .attr_f("high", 1.0)
                .out({4})
                .run()
                .flops,
            12);
  EXPECT_EQ(NodeBuilder("RandomNormalLike").in({2, 3}).out({2, 3}).run().flops, 6);
  EXPECT_EQ(NodeBuilder("QuantizeLinear", "com.microsoft", 1)
                .in({2, 3, 4})
                .weight({})
                .weight({}, DataType::uint8)
                .run()
                .flops,
            120);
  EXPECT_EQ(NodeBuilder("DequantizeLinear", "com.microsoft", 1)
                .in({2, 3, 4}, DataType::uint8)
                .weight({})
                .weight({}, DataType::uint8)
                .run()
                .flops,
            48);
}

}  // namespace
}  // namespace infergy
