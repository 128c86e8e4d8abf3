// Normalization, softmax and loss rules; numbers derived by hand in the comments.
#include <gtest/gtest.h>

#include "cost/node_builder.hpp"

namespace infergy {
namespace {

using testing::NodeBuilder;

// BatchNormalization X [2, 3, 4, 4] (96 elements, 3 channels), inference: 2*96 + 5*3 = 207.
// training_mode: 6*96 + 13*3 = 576 + 39 = 615.
TEST(NormalizationCost, BatchNormalization) {
  auto bn = [](std::int64_t training) {
    return NodeBuilder("BatchNormalization", "ai.onnx", 15)
        .in({2, 3, 4, 4})
        .weight({3})
        .weight({3})
        .weight({3})
        .weight({3})
        .attr_i("training_mode", training)
        .out({2, 3, 4, 4})
        .run();
  };
  EXPECT_EQ(bn(0).flops, 207);
  EXPECT_EQ(bn(0).macs, 0);
  EXPECT_EQ(bn(1).flops, 615);
}

// LayerNormalization X [2, 5, 8] over the last axis: 80 elements, 10 rows. Per element: mean
// sum, square, sum of squares, subtract, divide, scale (6) + shift (1); per row: 2 divides,
// mean squared, variance subtract, add epsilon, sqrt (6).
// With bias: 80*7 + 10*6 = 620; without: 80*6 + 60 = 540. Over axis 1 (rows of 40, 2 rows):
// 80*7 + 2*6 = 572. Requesting the InvStdDev output adds a reciprocal per row: 630.
TEST(NormalizationCost, LayerNormalization) {
  EXPECT_EQ(NodeBuilder("LayerNormalization").in({2, 5, 8}).weight({8}).weight({8}).run().flops,
            620);
  EXPECT_EQ(NodeBuilder("LayerNormalization").in({2, 5, 8}).weight({8}).run().flops, 540);
  EXPECT_EQ(NodeBuilder("LayerNormalization")
                .in({2, 5, 8})
                .weight({5, 8})
                .weight({5, 8})
                .attr_i("axis", 1)
                .run()
                .flops,
            572);
  EXPECT_EQ(NodeBuilder("LayerNormalization")
                .in({2, 5, 8})
                .weight({8})
                .weight({8})
                .out({2, 5, 8})
                .out({2, 5, 1})
                .out({2, 5, 1})
                .run()
                .flops,
            630);
  EXPECT_EQ(NodeBuilder("LayerNormalization", "com.microsoft", 1)
                .in({2, 5, 8})
                .weight({8})
                .weight({8})
                .run()
                .flops,
            620);
}

// RMS norm over [2, 5, 8]: per element square, sum, divide, scale (4); per row divide, add
// epsilon, sqrt (3): 80*4 + 10*3 = 350 for every spelling of it.
TEST(NormalizationCost, RmsNorm) {
  EXPECT_EQ(NodeBuilder("SimplifiedLayerNormalization").in({2, 5, 8}).weight({8}).run().flops, 350);
  EXPECT_EQ(NodeBuilder("SimplifiedLayerNormalization", "com.microsoft", 1)
                .in({2, 5, 8})
                .weight({8})
                .run()
                .flops,
            350);
  EXPECT_EQ(NodeBuilder("RMSNormalization", "ai.onnx", 23).in({2, 5, 8}).weight({8}).run().flops,
            350);
}

// SkipLayerNormalization with beta and bias: per element 1 skip + 1 bias + 6 + 1 beta = 9:
// 80*9 + 10*6 = 780. SkipSimplifiedLayerNormalization without bias: 80*(1 + 4) + 10*3 = 430.
TEST(NormalizationCost, SkipNorms) {
  EXPECT_EQ(NodeBuilder("SkipLayerNormalization", "com.microsoft", 1)
                .in({2, 5, 8})
                .in({2, 5, 8})
                .weight({8})
                .weight({8})
                .weight({8})
                .run()
                .flops,
            780);
  EXPECT_EQ(NodeBuilder("SkipSimplifiedLayerNormalization", "com.microsoft", 1)
                .in({2, 5, 8})
                .in({2, 5, 8})
                .weight({8})
                .run()
                .flops,
            430);
}

// EmbedLayerNormalization: B 2, S 3, H 8 -> 6 tokens, 48 elements. Per element 1 position add
// + 1 segment add + 6 + 1 beta = 9 -> 432; 6 rows * 6 = 36; mask sums 6: FLOPs 474.
// Reads: ids 6 and 6, word table min(800, 48) = 48, positions S*H = 24 of 128, the whole
// 2x8 segment table (16 < 48), gamma 8, beta 8, mask 6.
TEST(NormalizationCost, EmbedLayerNormalization) {
  const OpCost c = NodeBuilder("EmbedLayerNormalization", "com.microsoft", 1)
                       .in({2, 3}, DataType::int32)
                       .in({2, 3}, DataType::int32)
                       .weight({100, 8})
                       .weight({16, 8})
                       .weight({2, 8})
                       .weight({8})
                       .weight({8})
                       .in({2, 3}, DataType::int32)
                       .run();
  EXPECT_EQ(c.flops, 474);
  EXPECT_EQ(c.input_elements_read, (std::vector<std::int64_t>{6, 6, 48, 24, 16, 8, 8, 6}));
}

// InstanceNormalization X [2, 3, 4, 4]: 96*7 + 6 blocks*6 = 708.
// GroupNormalization X [2, 6, 4], 3 groups: 48*7 + 6*6 = 372.
TEST(NormalizationCost, InstanceAndGroup) {
  EXPECT_EQ(
      NodeBuilder("InstanceNormalization").in({2, 3, 4, 4}).weight({3}).weight({3}).run().flops,
      708);
  EXPECT_EQ(NodeBuilder("GroupNormalization", "ai.onnx", 18)
                .in({2, 6, 4})
                .weight({3})
                .weight({3})
                .attr_i("num_groups", 3)
                .run()
                .flops,
            372);
}

// com.microsoft GroupNorm X [1, 4, 4, 8] NHWC, 2 groups, Swish: 128*(7 + 5) + 2*6 = 1548.
TEST(NormalizationCost, MicrosoftGroupNorm) {
  EXPECT_EQ(NodeBuilder("GroupNorm", "com.microsoft", 1)
                .in({1, 4, 4, 8})
                .weight({8})
                .weight({8})
                .attr_i("groups", 2)
                .attr_i("activation", 1)
                .run()
                .flops,
            1548);
}

// MeanVarianceNormalization X [2, 3, 4, 4], default axes (0, 2, 3): blocks of 32, 3 blocks:
// 96*5 + 3*6 = 498.
TEST(NormalizationCost, MeanVarianceNormalization) {
  EXPECT_EQ(NodeBuilder("MeanVarianceNormalization").in({2, 3, 4, 4}).run().flops, 498);
}

// LpNormalization X [4, 10]: p 2: 40*3 + 4 sqrt = 124; p 1: 120.
TEST(NormalizationCost, LpNormalization) {
  EXPECT_EQ(NodeBuilder("LpNormalization").in({4, 10}).run().flops, 124);
  EXPECT_EQ(NodeBuilder("LpNormalization").in({4, 10}).attr_i("p", 1).run().flops, 120);
}

// LRN X [1, 8, 4, 4] (128 elements), size 3: (2*3 + 4) per element = 1280.
TEST(NormalizationCost, Lrn) {
  EXPECT_EQ(NodeBuilder("LRN").in({1, 8, 4, 4}).attr_i("size", 3).run().flops, 1280);
}

// Softmax [2, 10]: 20*5 = 100. LogSoftmax adds a log per row: opset 13, axis -1: 2 rows ->
// 102; opset 11 [2, 3, 4] axis 1 coerces to 2 rows of 12: 24*5 + 2 = 122; opset 13 axis 1 on
// [2, 3, 4]: rows of 3, 8 rows: 128. Hardmax [3, 4]: 12 compares.
TEST(NormalizationCost, SoftmaxFamily) {
  EXPECT_EQ(NodeBuilder("Softmax", "ai.onnx", 13).in({2, 10}).run().flops, 100);
  EXPECT_EQ(NodeBuilder("LogSoftmax", "ai.onnx", 13).in({2, 10}).run().flops, 102);
  EXPECT_EQ(NodeBuilder("LogSoftmax", "ai.onnx", 11).in({2, 3, 4}).attr_i("axis", 1).run().flops,
            122);
  EXPECT_EQ(NodeBuilder("LogSoftmax", "ai.onnx", 13).in({2, 3, 4}).attr_i("axis", 1).run().flops,
            128);
  EXPECT_EQ(NodeBuilder("Hardmax", "ai.onnx", 13).in({3, 4}).run().flops, 12);
  EXPECT_EQ(NodeBuilder("BiasSoftmax", "com.microsoft", 1).in({2, 10}).in({10}).run().flops, 120);
  EXPECT_EQ(NodeBuilder("QLinearSoftmax", "com.microsoft", 1).in({2, 10}).run().flops, 240);
}

// NegativeLogLikelihoodLoss input [3, 5], target [3], weight [5], mean: 3 negations + 3
// weight multiplies + 3 adds + 1 divide + 3 weight adds = 13; reads 3 of the 15 inputs.
// reduction none, no weight: 3 negations.
TEST(NormalizationCost, NegativeLogLikelihoodLoss) {
  const OpCost c = NodeBuilder("NegativeLogLikelihoodLoss", "ai.onnx", 13)
                       .in({3, 5})
                       .in({3}, DataType::int64)
                       .weight({5})
                       .run();
  EXPECT_EQ(c.flops, 13);
  EXPECT_EQ(c.input_elements_read, (std::vector<std::int64_t>{3, 3, 5}));
  EXPECT_EQ(NodeBuilder("NegativeLogLikelihoodLoss", "ai.onnx", 13)
                .in({3, 5})
                .in({3}, DataType::int64)
                .attr_s("reduction", "none")
                .run()
                .flops,
            3);
}

// ignore_index on input [3, 5], target [3], mean, no weight: per picked entry negate,
// compare, zero the loss (3 * 3 = 9); mean: 3 adds + 1 divide + 3 selects masking the entries
// + 3 adds counting them: 9 + 3 + 1 + 6 = 19.
TEST(NormalizationCost, NegativeLogLikelihoodLossIgnoreIndex) {
  EXPECT_EQ(NodeBuilder("NegativeLogLikelihoodLoss", "ai.onnx", 13)
                .in({3, 5})
                .in({3}, DataType::int64)
                .attr_i("ignore_index", -1)
                .run()
                .flops,
            19);
}

// SoftmaxCrossEntropyLoss scores [3, 5], labels [3], mean: LogSoftmax 15*5 + 3 logs = 78,
// then 3 negations + 3 adds + 1 divide = 7: 85.
TEST(NormalizationCost, SoftmaxCrossEntropyLoss) {
  EXPECT_EQ(NodeBuilder("SoftmaxCrossEntropyLoss", "ai.onnx", 13)
                .in({3, 5})
                .in({3}, DataType::int64)
                .run()
                .flops,
            85);
}

TEST(NormalizationCost, UnknownShapeThrows) {
  EXPECT_THROW(NodeBuilder("LayerNormalization").in({2, kUnknownDim, 8}).weight({8}).run(),
               UnknownShape);
  EXPECT_THROW(NodeBuilder("Softmax").in_unknown_rank().out_unknown().run(), UnknownShape);
  EXPECT_THROW(NodeBuilder("BatchNormalization").in_unknown_rank().run(), UnknownShape);
}

// com.microsoft SkipGroupNorm X [1, 4, 4, 8], skip, bias, 2 groups, no activation: per element
// 1 skip add + 1 bias + 7 = 9: 128*9 + 2*6 = 1164.
TEST(NormalizationCost, MicrosoftSkipGroupNorm) {
  EXPECT_EQ(NodeBuilder("SkipGroupNorm", "com.microsoft", 1)
                .in({1, 4, 4, 8})
                .weight({8})
                .weight({8})
                .in({1, 4, 4, 8})
                .weight({8})
                .attr_i("groups", 2)
                .run()
                .flops,
            1164);
}

}  // namespace
}  // namespace infergy
