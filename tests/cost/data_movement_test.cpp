// Data movement: zero FLOPs, partial reads, and the argument inputs that are never parameters.
#include <gtest/gtest.h>

#include "cost/node_builder.hpp"

namespace infergy {
namespace {

using testing::NodeBuilder;

TEST(DataMovementCost, PlainCopiesHaveNoArithmeticAndReadEverything) {
  for (const char* op : {"Reshape", "Transpose", "Concat", "Split", "Expand", "Tile", "Pad",
                         "Identity", "Flatten", "Squeeze", "Unsqueeze", "DepthToSpace",
                         "SpaceToDepth", "Trilu", "NonZero", "Compress", "OneHot"}) {
    const OpCost c = NodeBuilder(op).in({2, 3}).out({2, 3}).run();
    EXPECT_EQ(c.flops, 0) << op;
    EXPECT_EQ(c.macs, 0) << op;
    EXPECT_TRUE(c.input_elements_read.empty()) << op;
  }
}

// Gather of 2x3 token ids from a 100x8 table reads 6 rows of 8 = 48 table elements and the 6
// ids; the same when the output shape is unknown. Along axis 1 of [4, 10] with 3 indices:
// 3 columns of 4 = 12.
TEST(DataMovementCost, GatherReadsTheSelectedSlices) {
  const std::vector<std::int64_t> expected{48, 6};
  EXPECT_EQ(NodeBuilder("Gather")
                .weight({100, 8})
                .in({2, 3}, DataType::int64)
                .out({2, 3, 8})
                .run()
                .input_elements_read,
            expected);
  EXPECT_EQ(NodeBuilder("Gather")
                .weight({100, 8})
                .in({2, 3}, DataType::int64)
                .out_unknown()
                .run()
                .input_elements_read,
            expected);
  EXPECT_EQ(NodeBuilder("Gather")
                .in({4, 10})
                .in({3}, DataType::int64)
                .attr_i("axis", 1)
                .out_unknown()
                .run()
                .input_elements_read,
            (std::vector<std::int64_t>{12, 3}));
}

// GatherElements: one data element per index (6 of 12). GatherND data [2, 3, 4], indices
// [2, 1]: 2 slices of 3*4 = 24; with batch_dims 1 each index picks a row of 4: 8.
TEST(DataMovementCost, GatherElementsAndGatherNd) {
  EXPECT_EQ(NodeBuilder("GatherElements")
                .in({3, 4})
                .in({3, 2}, DataType::int64)
                .run()
                .input_elements_read,
            (std::vector<std::int64_t>{6, 6}));
  EXPECT_EQ(NodeBuilder("GatherND")
                .in({2, 3, 4})
                .in({2, 1}, DataType::int64)
                .out_unknown()
                .run()
                .input_elements_read,
            (std::vector<std::int64_t>{24, 2}));
  EXPECT_EQ(NodeBuilder("GatherND")
                .in({2, 3, 4})
                .in({2, 1}, DataType::int64)
                .attr_i("batch_dims", 1)
                .out_unknown()
                .run()
                .input_elements_read,
            (std::vector<std::int64_t>{8, 2}));
}

// Slice of rows 0..5 of a 10x10 matrix reads its 50-element window and the 1-element args.
TEST(DataMovementCost, SliceReadsItsWindow) {
  const OpCost c =
      NodeBuilder("Slice").in({10, 10}).ints({0}).ints({5}).ints({0}).out({5, 10}).run();
  EXPECT_EQ(c.input_elements_read, (std::vector<std::int64_t>{50, 1, 1, 1}));
}

TEST(DataMovementCost, SliceWithUnknownOutputThrows) {
  EXPECT_THROW(NodeBuilder("Slice").in({10, 10}).in({1}).in({1}).out_unknown().run(), UnknownShape);
}

// Shape and Size read no elements of their input.
TEST(DataMovementCost, MetadataOps) {
  for (const char* op : {"Shape", "Size", "EyeLike"}) {
    const OpCost c = NodeBuilder(op).in({1000, 1000}).run();
    EXPECT_EQ(c.flops, 0) << op;
    EXPECT_EQ(c.input_elements_read, (std::vector<std::int64_t>{0})) << op;
  }
}

// ScatterND with reduction add: 2 updates of 4 elements = 8 adds; without a reduction 0.
TEST(DataMovementCost, ScatterReduction) {
  EXPECT_EQ(NodeBuilder("ScatterND", "ai.onnx", 16)
                .in({4, 4})
                .in({2, 1}, DataType::int64)
                .in({2, 4})
                .attr_s("reduction", "add")
                .run()
                .flops,
            8);
  EXPECT_EQ(NodeBuilder("ScatterND", "ai.onnx", 16)
                .in({4, 4})
                .in({2, 1}, DataType::int64)
                .in({2, 4})
                .run()
                .flops,
            0);
}

// Dropout at inference is the identity; with training_mode known true: draw, compare and
// scale each of 6 elements = 18.
TEST(DataMovementCost, Dropout) {
  EXPECT_EQ(NodeBuilder("Dropout", "ai.onnx", 13).in({2, 3}).run().flops, 0);
  EXPECT_EQ(NodeBuilder("Dropout", "ai.onnx", 13).in({2, 3}).weight({}).scalar(1).run().flops, 18);
}

std::uint32_t mask(const char* op, const char* domain = "ai.onnx") {
  const CostRule* r = CostRegistry::builtin().find(domain, op);
  EXPECT_NE(r, nullptr) << op;
  return r == nullptr ? 0 : r->non_data_inputs;
}

// Inputs that are shapes, indices, axes, pads, scales, sizes, k, ...: their constants are not
// parameters.
TEST(NonDataInputs, ShapeAndIndexArguments) {
  EXPECT_EQ(mask("Reshape"), 0b10u);
  EXPECT_EQ(mask("Resize"), 0b1110u);
  EXPECT_EQ(mask("Upsample"), 0b10u);
  EXPECT_EQ(mask("Slice"), 0b11110u);
  EXPECT_EQ(mask("Unsqueeze"), 0b10u);
  EXPECT_EQ(mask("Squeeze"), 0b10u);
  EXPECT_EQ(mask("Expand"), 0b10u);
  EXPECT_EQ(mask("Tile"), 0b10u);
  EXPECT_EQ(mask("Pad"), 0b1110u);
  EXPECT_EQ(mask("TopK"), 0b10u);
  EXPECT_EQ(mask("ReduceSum"), 0b10u);
  EXPECT_EQ(mask("ReduceMean"), 0b10u);
  EXPECT_EQ(mask("ConstantOfShape"), 0b1u);
  EXPECT_EQ(mask("Range"), 0b111u);
  EXPECT_EQ(mask("OneHot") & 0b10u, 0b10u);
  EXPECT_EQ(mask("Gather"), 0b10u);
  EXPECT_EQ(mask("GatherND"), 0b10u);
  EXPECT_EQ(mask("GatherElements"), 0b10u);
  EXPECT_EQ(mask("Split"), 0b10u);
  EXPECT_EQ(mask("Clip"), 0b110u);
  EXPECT_EQ(mask("QuantizeLinear"), 0b110u);
  EXPECT_EQ(mask("DequantizeLinear"), 0b110u);
  EXPECT_EQ(mask("CumSum"), 0b10u);
  EXPECT_EQ(mask("LSTM"), 0b10000u);
  // BatchNormalization's running mean and variance are statistics, not learned parameters.
  EXPECT_EQ(mask("BatchNormalization"), 0b11000u);
  // Data inputs stay data: weights, biases, the Gather table.
  EXPECT_EQ(mask("Conv"), 0u);
  EXPECT_EQ(mask("Gemm"), 0u);
  EXPECT_EQ(mask("MatMul"), 0u);
  EXPECT_EQ(mask("LayerNormalization"), 0u);
  // QLinearConcat: Y_scale, Y_zero_point, then (tensor, scale, zero point) triples.
  EXPECT_EQ(mask("QLinearConcat", "com.microsoft") & 0xFFu, 0b11011011u);
}

}  // namespace
}  // namespace infergy
