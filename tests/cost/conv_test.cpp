// Convolution rules, each number derived by hand in the comment above it.
#include <gtest/gtest.h>

#include "cost/node_builder.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

using testing::NodeBuilder;

// Conv 1x3x8x8 -> 1x4x6x6, k = 3x3, groups 1: MACs = 1*4*6*6 * 3*3*3 = 144 * 27 = 3888;
// bias adds 144; FLOPs = 2*3888 + 144 = 7920.
TEST(ConvCost, BasicWithBias) {
  const OpCost c =
      NodeBuilder("Conv").in({1, 3, 8, 8}).weight({4, 3, 3, 3}).weight({4}).out({1, 4, 6, 6}).run();
  EXPECT_EQ(c.macs, 3888);
  EXPECT_EQ(c.flops, 7920);
  EXPECT_TRUE(c.input_elements_read.empty());
}

// Same without bias: FLOPs = 2*3888 = 7776.
TEST(ConvCost, NoBias) {
  const OpCost c =
      NodeBuilder("Conv").in({1, 3, 8, 8}).weight({4, 3, 3, 3}).out({1, 4, 6, 6}).run();
  EXPECT_EQ(c.macs, 3888);
  EXPECT_EQ(c.flops, 7776);
}

// Grouped: X 1x8x10x10, 4 groups of 2 input channels, 16 outputs (W 16x2x3x3), Y 1x16x8x8.
// MACs = 16*8*8 outputs * (8/4)*3*3 = 1024 * 18 = 18432; FLOPs = 36864.
TEST(ConvCost, Grouped) {
  const OpCost c = NodeBuilder("Conv")
                       .in({1, 8, 10, 10})
                       .weight({16, 2, 3, 3})
                       .attr_i("group", 4)
                       .out({1, 16, 8, 8})
                       .run();
  EXPECT_EQ(c.macs, 18432);
  EXPECT_EQ(c.flops, 36864);
}

// Depthwise 3x3 with padding 1: X 1x32x14x14, W 32x1x3x3, group 32, Y 1x32x14x14.
// MACs = 32*14*14 * 1*9 = 6272 * 9 = 56448; bias 6272; FLOPs = 112896 + 6272 = 119168.
TEST(ConvCost, Depthwise) {
  const OpCost c = NodeBuilder("Conv")
                       .in({1, 32, 14, 14})
                       .weight({32, 1, 3, 3})
                       .weight({32})
                       .attr_i("group", 32)
                       .attr_ints("pads", {1, 1, 1, 1})
                       .out({1, 32, 14, 14})
                       .run();
  EXPECT_EQ(c.macs, 56448);
  EXPECT_EQ(c.flops, 119168);
}

// Dilation 2 on a 3x3 kernel spans 5: X 1x2x10x10 -> (10 - 5) + 1 = 6, Y 1x3x6x6 = 108
// outputs; MACs = 108 * 2*3*3 = 1944. The rule gives the same from the attributes alone when
// shape inference left Y unknown.
TEST(ConvCost, DilationFromOutputAndFromAttributes) {
  auto node = [](bool output_known) {
    NodeBuilder b("Conv");
    b.in({1, 2, 10, 10}).weight({3, 2, 3, 3}).attr_ints("dilations", {2, 2});
    if (output_known) {
      b.out({1, 3, 6, 6});
    } else {
      b.out_unknown();
    }
    return b.run();
  };
  EXPECT_EQ(node(true).macs, 1944);
  EXPECT_EQ(node(false).macs, 1944);
  EXPECT_EQ(node(false).flops, 3888);
}

// 1-D: X 2x4x20, W 5x4x3, stride 2: out = (20 - 3)/2 + 1 = 9, Y 2x5x9 = 90 outputs.
// MACs = 90 * 4*3 = 1080; bias 90; FLOPs = 2160 + 90 = 2250.
TEST(ConvCost, OneDimensional) {
  const OpCost c = NodeBuilder("Conv")
                       .in({2, 4, 20})
                       .weight({5, 4, 3})
                       .weight({5})
                       .attr_ints("strides", {2})
                       .out({2, 5, 9})
                       .run();
  EXPECT_EQ(c.macs, 1080);
  EXPECT_EQ(c.flops, 2250);
}

// 3-D: X 1x2x4x6x6, W 4x2x3x3x3, Y 1x4x2x4x4 = 128 outputs; MACs = 128 * 2*27 = 6912.
TEST(ConvCost, ThreeDimensional) {
  const OpCost c =
      NodeBuilder("Conv").in({1, 2, 4, 6, 6}).weight({4, 2, 3, 3, 3}).out({1, 4, 2, 4, 4}).run();
  EXPECT_EQ(c.macs, 6912);
  EXPECT_EQ(c.flops, 13824);
}

// Output from attributes: X 1x3x8x8, k 3, pads 1, stride 2: (8 + 2 - 3)/2 + 1 = 4, Y 1x4x4x4
// = 64 outputs, MACs = 64 * 27 = 1728. SAME_UPPER with stride 2: ceil(8/2) = 4, same count.
TEST(ConvCost, OutputFromPadsStridesAndAutoPad) {
  const OpCost explicit_pads = NodeBuilder("Conv")
                                   .in({1, 3, 8, 8})
                                   .weight({4, 3, 3, 3})
                                   .attr_ints("pads", {1, 1, 1, 1})
                                   .attr_ints("strides", {2, 2})
                                   .out_unknown()
                                   .run();
  EXPECT_EQ(explicit_pads.macs, 1728);
  const OpCost same = NodeBuilder("Conv")
                          .in({1, 3, 8, 8})
                          .weight({4, 3, 3, 3})
                          .attr_s("auto_pad", "SAME_UPPER")
                          .attr_ints("strides", {2, 2})
                          .out_unknown()
                          .run();
  EXPECT_EQ(same.macs, 1728);
}

// ConvTranspose X 1x4x5x5, W 4x3x3x3 (Cin 4, Cout 3), stride 2: Y 1x3x11x11 ((5-1)*2 + 3).
// Each of the 100 input elements meets 3*3*3 weights: MACs = 100 * 27 = 2700; bias adds
// 3*11*11 = 363; FLOPs = 5400 + 363 = 5763.
TEST(ConvCost, ConvTranspose) {
  const OpCost c = NodeBuilder("ConvTranspose")
                       .in({1, 4, 5, 5})
                       .weight({4, 3, 3, 3})
                       .weight({3})
                       .attr_ints("strides", {2, 2})
                       .out({1, 3, 11, 11})
                       .run();
  EXPECT_EQ(c.macs, 2700);
  EXPECT_EQ(c.flops, 5763);
}

// Grouped ConvTranspose: X 1x4x5x5, 2 groups, W 4x1x2x2 (Cout/group 1): MACs = 100 * 1*2*2.
TEST(ConvCost, ConvTransposeGrouped) {
  const OpCost c = NodeBuilder("ConvTranspose")
                       .in({1, 4, 5, 5})
                       .weight({4, 1, 2, 2})
                       .attr_i("group", 2)
                       .out({1, 2, 10, 10})
                       .run();
  EXPECT_EQ(c.macs, 400);
  EXPECT_EQ(c.flops, 800);
}

// ConvInteger as the basic Conv (3888 MACs); x's zero point 128 is subtracted from each of its
// 192 elements; w's zero point is known to be 0: FLOPs = 7776 + 192 = 7968.
TEST(ConvCost, ConvInteger) {
  const OpCost c = NodeBuilder("ConvInteger")
                       .in({1, 3, 8, 8}, DataType::uint8)
                       .weight({4, 3, 3, 3}, DataType::uint8)
                       .scalar(128)
                       .scalar(0)
                       .out({1, 4, 6, 6}, DataType::int32)
                       .run();
  EXPECT_EQ(c.macs, 3888);
  EXPECT_EQ(c.flops, 7968);
}

// QLinearConv: 3888 MACs; x zero point 3 on 192 elements; w is a constant (zero point folded);
// per output 5 requantize + 1 bias: 144 * 6 = 864. FLOPs = 7776 + 192 + 864 = 8832.
TEST(ConvCost, QLinearConv) {
  const OpCost c = NodeBuilder("QLinearConv")
                       .in({1, 3, 8, 8}, DataType::uint8)
                       .weight({})
                       .scalar(3)
                       .weight({4, 3, 3, 3}, DataType::uint8)
                       .weight({4})
                       .scalar(5)
                       .weight({})
                       .scalar(0)
                       .weight({4}, DataType::int32)
                       .out({1, 4, 6, 6}, DataType::uint8)
                       .run();
  EXPECT_EQ(c.macs, 3888);
  EXPECT_EQ(c.flops, 8832);
}

// com.microsoft FusedConv with bias, Z and Relu, output shape from attributes (6x6):
// 144 outputs * (1 bias + 1 Z + 1 Relu) = 432; FLOPs = 7776 + 432 = 8208.
TEST(ConvCost, FusedConv) {
  const OpCost c = NodeBuilder("FusedConv", "com.microsoft", 1)
                       .in({1, 3, 8, 8})
                       .weight({4, 3, 3, 3})
                       .weight({4})
                       .in({1, 4, 6, 6})
                       .attr_s("activation", "Relu")
                       .out_unknown()
                       .run();
  EXPECT_EQ(c.macs, 3888);
  EXPECT_EQ(c.flops, 8208);
}

TEST(ConvCost, FusedConvUnknownActivationIsAnInputError) {
  NodeBuilder b("FusedConv", "com.microsoft", 1);
  b.in({1, 3, 8, 8}).weight({4, 3, 3, 3}).attr_s("activation", "Swoosh").out({1, 4, 6, 6});
  try {
    b.run();
    FAIL() << "expected an input error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("Swoosh"), std::string::npos);
  }
}

// NhwcConv X 1x8x8x3 (channels last), W 4x3x3x3: output 1x6x6x4 = 144 from attributes;
// MACs = 144 * 27 = 3888.
TEST(ConvCost, NhwcConv) {
  const OpCost c = NodeBuilder("NhwcConv", "com.microsoft", 1)
                       .in({1, 8, 8, 3})
                       .weight({4, 3, 3, 3})
                       .out_unknown()
                       .run();
  EXPECT_EQ(c.macs, 3888);
}

// DeformConv X 1x2x5x5, W 3x2x3x3, offset 1x18x3x3, B 3, mask 1x9x3x3, Y 1x3x3x3 (27).
// MACs = 27 * 2*9 = 486. Samples = N*out spatial*Cin*kernel = 9*2*9 = 162, each 9 (bilinear)
// + 1 (mask) = 1620; offset adds = 18*9 = 162; bias 27. FLOPs = 972 + 1620 + 162 + 27 = 2781.
TEST(ConvCost, DeformConv) {
  const OpCost c = NodeBuilder("DeformConv", "ai.onnx", 19)
                       .in({1, 2, 5, 5})
                       .weight({3, 2, 3, 3})
                       .in({1, 18, 3, 3})
                       .weight({3})
                       .in({1, 9, 3, 3})
                       .out({1, 3, 3, 3})
                       .run();
  EXPECT_EQ(c.macs, 486);
  EXPECT_EQ(c.flops, 2781);
}

// Col2Im adds each of the 1 x 8 x 9 = 72 column elements into the image.
TEST(ConvCost, Col2Im) {
  const OpCost c = NodeBuilder("Col2Im", "ai.onnx", 18)
                       .in({1, 8, 9})
                       .ints({4, 4})
                       .ints({2, 2})
                       .out({1, 2, 4, 4})
                       .run();
  EXPECT_EQ(c.flops, 72);
  EXPECT_EQ(c.macs, 0);
}

TEST(ConvCost, UnknownWeightShapeThrows) {
  EXPECT_THROW(NodeBuilder("Conv").in({1, 3, 8, 8}).in_unknown_rank().out({1, 4, 6, 6}).run(),
               UnknownShape);
  EXPECT_THROW(
      NodeBuilder("Conv").in({1, 3, kUnknownDim, 8}).weight({4, 3, 3, 3}).out_unknown().run(),
      UnknownShape);
}

// com.microsoft NhwcFusedConv X 1x8x8x3, W 4x3x3x3, bias, Sigmoid: 144 outputs (from the
// attributes, channels last) * (1 bias + 4 sigmoid) = 720; FLOPs = 7776 + 720 = 8496.
// com.microsoft QLinearConv with channels_last: x 1x8x8x3 (zero point known 0, so no
// subtraction), w constant: 3888 MACs + 144 * 5 requantize = 7776 + 720 = 8496.
TEST(ConvCost, ChannelsLastMicrosoftConvs) {
  const OpCost fused = NodeBuilder("NhwcFusedConv", "com.microsoft", 1)
                           .in({1, 8, 8, 3})
                           .weight({4, 3, 3, 3})
                           .weight({4})
                           .attr_s("activation", "Sigmoid")
                           .out_unknown()
                           .run();
  EXPECT_EQ(fused.macs, 3888);
  EXPECT_EQ(fused.flops, 8496);
  const OpCost q = NodeBuilder("QLinearConv", "com.microsoft", 1)
                       .in({1, 8, 8, 3}, DataType::uint8)
                       .weight({})
                       .scalar(0)
                       .weight({4, 3, 3, 3}, DataType::int8)
                       .weight({4})
                       .scalar(0)
                       .weight({})
                       .scalar(0)
                       .attr_i("channels_last", 1)
                       .out_unknown()
                       .run();
  EXPECT_EQ(q.macs, 3888);
  EXPECT_EQ(q.flops, 8496);
}

}  // namespace
}  // namespace infergy
