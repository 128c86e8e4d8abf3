// Shape rules of src/shape/nn.cpp on shapes worked out by hand (each derivation beside its
// case), and the errors those rules raise for inconsistent nodes.
#include <gtest/gtest.h>

#include "shape/shape_case.hpp"

namespace infergy {
namespace {

using testing::Dims;
using testing::ShapeCase;

// ---- Convolutions ----

TEST(ConvShape, ResNetStem) {
  // [1, 3, 224, 224] * W [64, 3, 7, 7], stride 2, pads 3: channels from W[0] = 64, each spatial
  // floor((224 + 6 - 7) / 2) + 1 = 112.
  const auto r = ShapeCase("Conv")
                     .in({1, 3, 224, 224})
                     .weight({64, 3, 7, 7})
                     .attr_ints("strides", {2, 2})
                     .attr_ints("pads", {3, 3, 3, 3})
                     .run();
  EXPECT_EQ(r.dims(0), (Dims{1, 64, 112, 112}));
  EXPECT_EQ(r.dtype(0), DataType::float32);
}

TEST(ConvShape, OneDimensionalDilatedAndGrouped) {
  // [2, 8, 50], W [16, 4, 3], group 2 (8 = 4 x 2), dilation 2: span 5, out 50 - 5 + 1 = 46.
  const auto r = ShapeCase("Conv")
                     .in({2, 8, 50})
                     .weight({16, 4, 3})
                     .attr_i("group", 2)
                     .attr_ints("dilations", {2})
                     .run();
  EXPECT_EQ(r.dims(0), (Dims{2, 16, 46}));
}

TEST(ConvShape, KernelShapeFromTheAttributeAndSamePadding) {
  // SAME_UPPER, stride 2 on [1, 1, 15, 16]: ceil(15 / 2) = 8, ceil(16 / 2) = 8; the weight's
  // dims are unknown, so its channels are unknown too.
  const auto r = ShapeCase("Conv")
                     .in({1, 1, 15, 16})
                     .in_unknown_rank()
                     .attr_ints("kernel_shape", {3, 3})
                     .attr_ints("strides", {2, 2})
                     .attr_s("auto_pad", "SAME_UPPER")
                     .run();
  EXPECT_EQ(r.dims(0), (Dims{1, kUnknownDim, 8, 8}));
}

TEST(ConvShape, IntegerAndQuantizedOutputTypes) {
  // ConvInteger accumulates in int32; QLinearConv takes y_zero_point's type (input 7).
  EXPECT_EQ(ShapeCase("ConvInteger")
                .in({1, 2, 4, 4}, DataType::uint8)
                .weight({3, 2, 3, 3}, DataType::uint8)
                .run()
                .dtype(0),
            DataType::int32);
  const auto q = ShapeCase("QLinearConv")
                     .in({1, 2, 4, 4}, DataType::uint8)
                     .scalar(1)
                     .scalar(0)
                     .weight({3, 2, 3, 3}, DataType::int8)
                     .scalar(1)
                     .scalar(0)
                     .scalar(1)
                     .ints({0}, Dims{}, DataType::int8)
                     .run();
  // (4 - 3) / 1 + 1 = 2; channels from the weight (input 3).
  EXPECT_EQ(q.dims(0), (Dims{1, 3, 2, 2}));
  EXPECT_EQ(q.dtype(0), DataType::int8);
}

TEST(ConvShape, Errors) {
  // 4 input channels against a weight for 3 x group 1.
  EXPECT_NE(ShapeCase("Conv")
                .in({1, 4, 8, 8})
                .weight({8, 3, 3, 3})
                .error()
                .find("input has 4 channels but weights expect 3 x group 1"),
            std::string::npos);
  // A 9-wide kernel does not fit 8 without padding.
  EXPECT_NE(ShapeCase("Conv")
                .in({1, 3, 8, 8})
                .weight({8, 3, 9, 9})
                .error()
                .find("window of 9 does not fit input size 8"),
            std::string::npos);
  EXPECT_NE(ShapeCase("Conv")
                .in({1, 3, 8, 8})
                .weight({8, 3, 3, 3})
                .attr_ints("strides", {0, 1})
                .error()
                .find("attribute strides must be >= 1 (got [0,1])"),
            std::string::npos);
  // The message names the model and the node.
  EXPECT_EQ(ShapeCase("Conv").in({1, 3, 8, 8}).weight({8, 3, 3, 3}).attr_i("group", 0).error(),
            "case.onnx: node 'node' (Conv): attribute group must be >= 1 (got 0)");
}

TEST(ConvTransposeShape, StridesPaddingAndOutputPadding) {
  // [1, 16, 7, 7], W [16, 8, 3, 3] (Cin, Cout/group), stride 2, pads 1, output_padding 1:
  // 2 * (7 - 1) + 1 + 3 - 2 = 14; channels W[1] x group = 8.
  const auto r = ShapeCase("ConvTranspose")
                     .in({1, 16, 7, 7})
                     .weight({16, 8, 3, 3})
                     .attr_ints("strides", {2, 2})
                     .attr_ints("pads", {1, 1, 1, 1})
                     .attr_ints("output_padding", {1, 1})
                     .run();
  EXPECT_EQ(r.dims(0), (Dims{1, 8, 14, 14}));
  // output_shape overrides the formula; group 2 doubles the channels.
  const auto s = ShapeCase("ConvTranspose")
                     .in({1, 16, 7, 7})
                     .weight({16, 4, 3, 3})
                     .attr_i("group", 2)
                     .attr_ints("output_shape", {20, 21})
                     .run();
  EXPECT_EQ(s.dims(0), (Dims{1, 8, 20, 21}));
}

TEST(ConvTransposeShape, Errors) {
  // Pads 3 + 3 on a 1-wide input and kernel 1: 1 * 0 + 1 - 6 = -5.
  EXPECT_NE(ShapeCase("ConvTranspose")
                .in({1, 2, 1})
                .weight({2, 2, 1})
                .attr_ints("pads", {3, 3})
                .error()
                .find("ConvTranspose output size is not positive"),
            std::string::npos);
  EXPECT_NE(ShapeCase("ConvTranspose")
                .in({1, 2, 5})
                .weight({2, 2, 3})
                .attr_ints("output_padding", {0, 0})
                .error()
                .find("ConvTranspose attributes do not match the spatial rank"),
            std::string::npos);
}

// ---- Pooling ----

TEST(PoolShape, MaxPoolWithIndicesAndCeilMode) {
  // 3x3 / 2 over 56, ceil_mode: (56 - 3) / 2 = 26.5 -> 27 + 1 = 28; floor would give 27.
  const auto r = ShapeCase("MaxPool")
                     .in({1, 64, 56, 56})
                     .outputs(2)
                     .attr_ints("kernel_shape", {3, 3})
                     .attr_ints("strides", {2, 2})
                     .attr_i("ceil_mode", 1)
                     .run();
  EXPECT_EQ(r.dims(0), (Dims{1, 64, 28, 28}));
  EXPECT_EQ(r.dims(1), (Dims{1, 64, 28, 28}));
  EXPECT_EQ(r.dtype(1), DataType::int64);
  EXPECT_EQ(ShapeCase("AveragePool")
                .in({1, 64, 56, 56})
                .attr_ints("kernel_shape", {3, 3})
                .attr_ints("strides", {2, 2})
                .run()
                .dims(0),
            (Dims{1, 64, 27, 27}));
}

TEST(PoolShape, GlobalPoolsKeepNAndC) {
  EXPECT_EQ(ShapeCase("GlobalAveragePool").in({2, 512, 7, 9}).run().dims(0), (Dims{2, 512, 1, 1}));
  EXPECT_EQ(ShapeCase("GlobalMaxPool").in({2, 8, 3, 4, 5}).run().dims(0), (Dims{2, 8, 1, 1, 1}));
}

TEST(PoolShape, Errors) {
  // kernel_shape for one axis on a 2-D image.
  EXPECT_NE(ShapeCase("MaxPool")
                .in({1, 1, 4, 4})
                .attr_ints("kernel_shape", {2})
                .error()
                .find("window attributes do not match 2 spatial dims"),
            std::string::npos);
}

TEST(MaxUnpoolShape, FromAttributesOrOutputShape) {
  // (in - 1) * stride + kernel - pads: (4 - 1) * 2 + 2 = 8.
  EXPECT_EQ(ShapeCase("MaxUnpool")
                .in({1, 3, 4, 4})
                .in({1, 3, 4, 4}, DataType::int64)
                .attr_ints("kernel_shape", {2, 2})
                .attr_ints("strides", {2, 2})
                .run()
                .dims(0),
            (Dims{1, 3, 8, 8}));
  // An output_shape input (9 x 9, the odd size a 2 / 2 pool lost) wins.
  EXPECT_EQ(ShapeCase("MaxUnpool")
                .in({1, 3, 4, 4})
                .in({1, 3, 4, 4}, DataType::int64)
                .ints({1, 3, 9, 9})
                .attr_ints("kernel_shape", {2, 2})
                .attr_ints("strides", {2, 2})
                .run()
                .dims(0),
            (Dims{1, 3, 9, 9}));
}

// ---- Matrix products ----

TEST(GemmShape, TransposesAndInnerDims) {
  // A' = A^T is [3, 5], B' = B^T is [5, 7]: [3, 7].
  EXPECT_EQ(ShapeCase("Gemm")
                .in({5, 3})
                .weight({7, 5})
                .attr_i("transA", 1)
                .attr_i("transB", 1)
                .run()
                .dims(0),
            (Dims{3, 7}));
  EXPECT_NE(ShapeCase("Gemm").in({2, 3}).weight({4, 5}).error().find("Gemm inner dims differ"),
            std::string::npos);
  EXPECT_NE(ShapeCase("Gemm").in({2, 3, 4}).weight({4, 5}).error().find("must be 2-D"),
            std::string::npos);
}

TEST(MatMulShape, BatchBroadcastAndVectors) {
  // [2, 1, 3, 4] x [5, 4, 6]: batch [2, 1] with [5] -> [2, 5], then [3, 6].
  EXPECT_EQ(ShapeCase("MatMul").in({2, 1, 3, 4}).in({5, 4, 6}).run().dims(0), (Dims{2, 5, 3, 6}));
  // A 1-D A is a row vector whose dim is dropped: [4] x [4, 6] -> [6]; a 1-D B likewise.
  EXPECT_EQ(ShapeCase("MatMul").in({4}).in({4, 6}).run().dims(0), (Dims{6}));
  EXPECT_EQ(ShapeCase("MatMul").in({3, 4}).in({4}).run().dims(0), (Dims{3}));
  EXPECT_EQ(ShapeCase("MatMulInteger").in({3, 4}, DataType::uint8).in({4, 2}).run().dtype(0),
            DataType::int32);
  EXPECT_NE(ShapeCase("MatMul").in({2, 3}).in({4, 5}).error().find(
                "MatMul inner dims differ: [2,3] x [4,5]"),
            std::string::npos);
  EXPECT_NE(ShapeCase("MatMul").in({2, 3, 4}).in({3, 4, 5}).error().find("cannot broadcast"),
            std::string::npos);
}

TEST(EinsumShape, ExplicitImplicitAndEllipsis) {
  // bij,bjk->bik on [2, 3, 4], [2, 4, 5]: [2, 3, 5].
  EXPECT_EQ(ShapeCase("Einsum")
                .in({2, 3, 4})
                .in({2, 4, 5})
                .attr_s("equation", "bij,bjk->bik")
                .run()
                .dims(0),
            (Dims{2, 3, 5}));
  // Implicit output: the letters used once, sorted: "ij,jk" -> "ik".
  EXPECT_EQ(ShapeCase("Einsum").in({3, 4}).in({4, 5}).attr_s("equation", "ij,jk").run().dims(0),
            (Dims{3, 5}));
  // "...ij->...ji" keeps the broadcast dims in front.
  EXPECT_EQ(ShapeCase("Einsum").in({7, 2, 3}).attr_s("equation", "...ij->...ji").run().dims(0),
            (Dims{7, 3, 2}));
  EXPECT_NE(ShapeCase("Einsum")
                .in({3, 4})
                .attr_s("equation", "ij,jk")
                .error()
                .find("has 2 operands but the node has 1 inputs"),
            std::string::npos);
  EXPECT_NE(ShapeCase("Einsum")
                .in({3, 4})
                .in({5, 6})
                .attr_s("equation", "ij,jk")
                .error()
                .find("Einsum letter 'j' has sizes 4 and 5"),
            std::string::npos);
}

// ---- Normalization, recurrent, selection ----

TEST(LayerNormShape, StatisticsKeepTheLeadingAxes) {
  // axis -1 on [2, 5, 8]: Y [2, 5, 8], Mean and InvStdDev [2, 5, 1].
  const auto r = ShapeCase("LayerNormalization").in({2, 5, 8}).weight({8}).outputs(3).run();
  EXPECT_EQ(r.dims(0), (Dims{2, 5, 8}));
  EXPECT_EQ(r.dims(1), (Dims{2, 5, 1}));
  EXPECT_EQ(r.dims(2), (Dims{2, 5, 1}));
  EXPECT_EQ(r.dtype(1), DataType::float32);
  EXPECT_NE(ShapeCase("LayerNormalization")
                .in({2, 5})
                .attr_i("axis", 2)
                .error()
                .find("axis 2 is out of range for rank 2"),
            std::string::npos);
}

TEST(RecurrentShape, LayoutsAndDirections) {
  // X [seq 7, batch 3, input 5], bidirectional, hidden 4: Y [7, 2, 3, 4], Y_h [2, 3, 4].
  const auto r = ShapeCase("LSTM")
                     .in({7, 3, 5})
                     .weight({2, 16, 5})
                     .weight({2, 16, 4})
                     .outputs(3)
                     .attr_i("hidden_size", 4)
                     .attr_s("direction", "bidirectional")
                     .run();
  EXPECT_EQ(r.dims(0), (Dims{7, 2, 3, 4}));
  EXPECT_EQ(r.dims(1), (Dims{2, 3, 4}));
  EXPECT_EQ(r.dims(2), (Dims{2, 3, 4}));
  // layout 1: X [batch 3, seq 7, input 5] -> Y [3, 7, 1, 4], Y_h [3, 1, 4].
  const auto b = ShapeCase("GRU")
                     .in({3, 7, 5})
                     .weight({1, 12, 5})
                     .weight({1, 12, 4})
                     .outputs(2)
                     .attr_i("hidden_size", 4)
                     .attr_i("layout", 1)
                     .run();
  EXPECT_EQ(b.dims(0), (Dims{3, 7, 1, 4}));
  EXPECT_EQ(b.dims(1), (Dims{3, 1, 4}));
  EXPECT_NE(ShapeCase("RNN").in({7, 5}).attr_i("hidden_size", 4).error().find("must be 3-D"),
            std::string::npos);
}

TEST(RoiShape, RoiAlignAndMaxRoiPool) {
  // 10 boxes of [1, 256, 50, 50], 7 x 7 bins: [10, 256, 7, 7].
  EXPECT_EQ(ShapeCase("RoiAlign")
                .in({1, 256, 50, 50})
                .in({10, 4})
                .in({10}, DataType::int64)
                .attr_i("output_height", 7)
                .attr_i("output_width", 7)
                .run()
                .dims(0),
            (Dims{10, 256, 7, 7}));
  EXPECT_EQ(ShapeCase("MaxRoiPool")
                .in({1, 256, 50, 50})
                .in({10, 5})
                .attr_ints("pooled_shape", {6, 6})
                .run()
                .dims(0),
            (Dims{10, 256, 6, 6}));
  // The attribute check runs whatever the shapes: here the data's rank is unknown.
  EXPECT_NE(ShapeCase("MaxRoiPool")
                .in_unknown_rank()
                .in({10, 5})
                .error()
                .find("MaxRoiPool needs a 2-value pooled_shape"),
            std::string::npos);
}

TEST(GridSampleShape, OutputTakesTheGridsLocations) {
  // X [2, 3, 10, 10], grid [2, 5, 6, 2]: [2, 3, 5, 6].
  EXPECT_EQ(ShapeCase("GridSample").in({2, 3, 10, 10}).in({2, 5, 6, 2}).run().dims(0),
            (Dims{2, 3, 5, 6}));
}

TEST(SpaceDepthShape, BlocksizeMovesElementsBetweenAxes) {
  // DepthToSpace b = 2: C 16 / 4 = 4, H and W x 2.
  EXPECT_EQ(ShapeCase("DepthToSpace").in({1, 16, 3, 5}).attr_i("blocksize", 2).run().dims(0),
            (Dims{1, 4, 6, 10}));
  // SpaceToDepth b = 2: C 3 x 4 = 12, H and W / 2.
  EXPECT_EQ(ShapeCase("SpaceToDepth").in({1, 3, 6, 10}).attr_i("blocksize", 2).run().dims(0),
            (Dims{1, 12, 3, 5}));
  EXPECT_NE(ShapeCase("DepthToSpace")
                .in({1, 18, 3, 5})
                .attr_i("blocksize", 2)
                .error()
                .find("channels not divisible by blocksize"),
            std::string::npos);
  EXPECT_NE(ShapeCase("SpaceToDepth")
                .in({1, 3, 5, 10})
                .attr_i("blocksize", 2)
                .error()
                .find("spatial size not divisible by blocksize"),
            std::string::npos);
  EXPECT_NE(ShapeCase("SpaceToDepth")
                .in_unknown_rank()
                .attr_i("blocksize", 0)
                .error()
                .find("blocksize must be positive"),
            std::string::npos);
}

TEST(TopKShape, KFromTheInputAlongTheAxis) {
  // k = 5 along axis 1 of [4, 100]: values and indices [4, 5], indices int64.
  const auto r = ShapeCase("TopK").in({4, 100}).ints({5}).outputs(2).attr_i("axis", 1).run();
  EXPECT_EQ(r.dims(0), (Dims{4, 5}));
  EXPECT_EQ(r.dims(1), (Dims{4, 5}));
  EXPECT_EQ(r.dtype(1), DataType::int64);
  // k unknown: that axis only is unknown.
  EXPECT_EQ(ShapeCase("TopK").in({4, 100}).in({1}, DataType::int64).run().dims(0),
            (Dims{4, kUnknownDim}));
}

TEST(QuantizeShape, Types) {
  // QuantizeLinear takes the zero point's type (uint8 without one); DequantizeLinear the
  // scale's; DynamicQuantizeLinear gives uint8 data and scalar scale and zero point.
  EXPECT_EQ(ShapeCase("QuantizeLinear")
                .in({2, 3})
                .floats({0.5}, Dims{})
                .ints({0}, Dims{}, DataType::int8)
                .run()
                .dtype(0),
            DataType::int8);
  EXPECT_EQ(ShapeCase("QuantizeLinear").in({2, 3}).floats({0.5}, Dims{}).run().dtype(0),
            DataType::uint8);
  EXPECT_EQ(ShapeCase("DequantizeLinear")
                .in({2, 3}, DataType::int8)
                .floats({0.5}, Dims{}, DataType::float16)
                .run()
                .dtype(0),
            DataType::float16);
  const auto d = ShapeCase("DynamicQuantizeLinear").in({2, 3}).outputs(3).run();
  EXPECT_EQ(d.dims(0), (Dims{2, 3}));
  EXPECT_EQ(d.dtype(0), DataType::uint8);
  EXPECT_EQ(d.dims(1), Dims{});
  EXPECT_EQ(d.dtype(2), DataType::uint8);
}

}  // namespace
}  // namespace infergy
