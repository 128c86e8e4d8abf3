// The attribute and input checks that run before each rule (ONNX's constraints on values,
// whatever the shapes): one case per rule class, the error naming the model, the node and the
// rule, and for each class a value at the edge of what ONNX allows that must still pass.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "shape_case.hpp"

namespace infergy {
namespace {

using testing::Dims;
using testing::ShapeCase;

// The error names the model and node (as the driver does for every shape error) and holds
// `rule`.
::testing::AssertionResult rejects(const ShapeCase& c, const std::string& op,
                                   const std::string& rule) {
  const std::string e = c.error();
  const std::string prefix = "case.onnx: node 'node' (" + op + "): ";
  if (e.rfind(prefix, 0) != 0 || e.find(rule) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "expected '" << prefix << "..." << rule << "', got '" << e << "'";
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult accepts(const ShapeCase& c) {
  const std::string e = c.error();
  if (!e.empty()) return ::testing::AssertionFailure() << e;
  return ::testing::AssertionSuccess();
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

ShapeCase conv(const std::string& op = "Conv") {
  ShapeCase c(op);
  c.in({1, 4, 8, 8}).weight({4, 4, 3, 3});
  return c;
}

// ---- nn.cpp ----

TEST(WindowChecks, StridesDilationsKernelAtLeastOnePadsAtLeastZero) {
  // ConvTranspose and MaxUnpool read strides without the forward window's check.
  EXPECT_TRUE(rejects(conv("ConvTranspose").attr_ints("strides", {0, 0}), "ConvTranspose",
                      "attribute strides must be >= 1 (got [0,0])"));
  EXPECT_TRUE(rejects(conv("ConvTranspose").attr_ints("dilations", {1, 0}), "ConvTranspose",
                      "attribute dilations must be >= 1"));
  EXPECT_TRUE(rejects(conv("ConvTranspose").attr_ints("pads", {0, -1, 0, 0}), "ConvTranspose",
                      "attribute pads must be >= 0"));
  EXPECT_TRUE(rejects(ShapeCase("MaxUnpool")
                          .in({1, 1, 2, 2})
                          .in({1, 1, 2, 2}, DataType::int64)
                          .attr_ints("kernel_shape", {2, 2})
                          .attr_ints("strides", {0, 2}),
                      "MaxUnpool", "attribute strides must be >= 1"));
  EXPECT_TRUE(rejects(ShapeCase("MaxPool").in({1, 1, 4, 4}).attr_ints("kernel_shape", {0, 2}),
                      "MaxPool", "attribute kernel_shape must be >= 1"));
  EXPECT_TRUE(rejects(conv().attr_ints("strides", {0, 1}), "Conv",
                      "attribute strides must be >= 1 (got [0,1])"));
  EXPECT_TRUE(
      accepts(conv("ConvTranspose").attr_ints("strides", {1, 1}).attr_ints("pads", {0, 0, 0, 0})));
}

TEST(WindowChecks, AutoPadIsOneOfFour) {
  EXPECT_TRUE(rejects(conv().attr_s("auto_pad", "BOGUS"), "Conv",
                      "attribute auto_pad must be one of NOTSET, SAME_UPPER, SAME_LOWER, VALID "
                      "(got 'BOGUS')"));
  EXPECT_TRUE(rejects(ShapeCase("AveragePool")
                          .in({1, 1, 4, 4})
                          .attr_ints("kernel_shape", {2, 2})
                          .attr_s("auto_pad", "same_upper"),
                      "AveragePool", "attribute auto_pad must be one of"));
  for (const char* p : {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"}) {
    EXPECT_TRUE(accepts(conv().attr_s("auto_pad", p))) << p;
  }
}

TEST(WindowChecks, PoolPadsSmallerThanTheKernel) {
  const auto pool = [](Dims pads) {
    ShapeCase c("MaxPool");
    c.in({1, 1, 6, 6}).attr_ints("kernel_shape", {3, 3}).attr_ints("pads", std::move(pads));
    return c;
  };
  EXPECT_TRUE(rejects(pool({0, 0, 3, 0}), "MaxPool",
                      "pads [0,0,3,0] must be smaller than kernel_shape [3,3]"));
  EXPECT_TRUE(accepts(pool({2, 2, 2, 2})));
  EXPECT_TRUE(
      rejects(ShapeCase("LpPool").in({1, 1, 6, 6}).attr_ints("kernel_shape", {2, 2}).attr_i("p", 0),
              "LpPool", "attribute p must be >= 1"));
}

TEST(ConvChecks, KernelShapeEqualsTheWeightsSpatialDims) {
  EXPECT_TRUE(rejects(conv().attr_ints("kernel_shape", {5, 5}), "Conv",
                      "kernel_shape [5,5] differs from the weights' spatial dims [3,3]"));
  EXPECT_TRUE(rejects(conv("ConvTranspose").attr_ints("kernel_shape", {3, 2}), "ConvTranspose",
                      "kernel_shape [3,2] differs"));
  EXPECT_TRUE(accepts(conv().attr_ints("kernel_shape", {3, 3})));
  // A weight of another rank than the input.
  EXPECT_TRUE(rejects(ShapeCase("Conv").in({1, 4, 8, 8}).weight({4, 4, 3}), "Conv",
                      "weights of rank 3 for an input of rank 4"));
}

TEST(ConvChecks, GroupDividesBothChannelCounts) {
  // Conv: X [1, 4, ...], W [6, 1, 3, 3], group 4: input channels agree (1 x 4), but 6 output
  // channels do not split into 4 groups.
  EXPECT_TRUE(rejects(ShapeCase("Conv").in({1, 4, 8, 8}).weight({6, 1, 3, 3}).attr_i("group", 4),
                      "Conv", "group 4 does not divide the weights' 6 output channels"));
  EXPECT_TRUE(accepts(ShapeCase("Conv").in({1, 4, 8, 8}).weight({8, 1, 3, 3}).attr_i("group", 4)));
  EXPECT_TRUE(rejects(conv().attr_i("group", 0), "Conv", "attribute group must be >= 1 (got 0)"));
  // ConvTranspose: W [C, M/group, ...]; C = 6 does not split into 4 groups, and X must have C.
  EXPECT_TRUE(
      rejects(ShapeCase("ConvTranspose").in({1, 6, 8, 8}).weight({6, 2, 3, 3}).attr_i("group", 4),
              "ConvTranspose", "group 4 does not divide the weights' 6 input channels"));
  EXPECT_TRUE(rejects(ShapeCase("ConvTranspose").in({1, 5, 8, 8}).weight({4, 2, 3, 3}),
                      "ConvTranspose", "input has 5 channels but the weights expect 4"));
  EXPECT_TRUE(
      accepts(ShapeCase("ConvTranspose").in({1, 8, 8, 8}).weight({8, 2, 3, 3}).attr_i("group", 4)));
}

TEST(ConvChecks, OutputPaddingBelowStrideOrDilation) {
  EXPECT_TRUE(rejects(conv("ConvTranspose").attr_ints("output_padding", {1, 0}), "ConvTranspose",
                      "output_padding [1,0] must be less than strides [1,1] or dilations [1,1]"));
  EXPECT_TRUE(rejects(
      conv("ConvTranspose").attr_ints("strides", {2, 2}).attr_ints("output_padding", {2, 0}),
      "ConvTranspose", "output_padding [2,0] must be less than"));
  EXPECT_TRUE(rejects(conv("ConvTranspose").attr_ints("output_padding", {-1, 0}), "ConvTranspose",
                      "attribute output_padding must be >= 0"));
  EXPECT_TRUE(accepts(
      conv("ConvTranspose").attr_ints("strides", {2, 2}).attr_ints("output_padding", {1, 1})));
  // Below the dilation is enough (PyTorch exports output_padding < max(stride, dilation)).
  EXPECT_TRUE(accepts(
      conv("ConvTranspose").attr_ints("dilations", {2, 2}).attr_ints("output_padding", {1, 1})));
}

ShapeCase gru() {
  ShapeCase c("GRU");
  c.in({7, 3, 5}).weight({1, 12, 5}).weight({1, 12, 4}).outputs(2).attr_i("hidden_size", 4);
  return c;
}

TEST(RecurrentChecks, DirectionHiddenSizeAndWeights) {
  EXPECT_TRUE(rejects(gru().attr_s("direction", "sideways"), "GRU",
                      "attribute direction must be one of forward, reverse, bidirectional "
                      "(got 'sideways')"));
  EXPECT_TRUE(accepts(gru().attr_s("direction", "reverse")));
  EXPECT_TRUE(rejects(gru().attr_s("direction", "bidirectional"), "GRU",
                      "W has 1 directions but direction 'bidirectional' needs 2"));
  EXPECT_TRUE(rejects(gru().attr_i("layout", 2), "GRU", "attribute layout must be 0 or 1"));
  EXPECT_TRUE(rejects(ShapeCase("LSTM").in({7, 3, 5}).weight({1, 12, 5}).attr_i("hidden_size", 4),
                      "LSTM", "W has 12 rows but 4 gates of hidden_size 4 need 16"));
  EXPECT_TRUE(rejects(ShapeCase("RNN").in({7, 3, 5}).weight({1, 4, 5}).attr_i("hidden_size", 0),
                      "RNN", "attribute hidden_size must be >= 1"));
}

TEST(EnumChecks, ModesOfNnOps) {
  EXPECT_TRUE(rejects(ShapeCase("RoiAlign")
                          .in({1, 8, 10, 10})
                          .in({3, 4})
                          .in({3}, DataType::int64)
                          .attr_s("mode", "mean"),
                      "RoiAlign", "attribute mode must be one of avg, max"));
  EXPECT_TRUE(rejects(
      ShapeCase("GridSample").in({1, 1, 4, 4}).in({1, 2, 2, 2}).attr_s("padding_mode", "wrap"),
      "GridSample", "attribute padding_mode must be one of"));
  EXPECT_TRUE(
      accepts(ShapeCase("GridSample").in({1, 1, 4, 4}).in({1, 2, 2, 2}).attr_s("mode", "bicubic")));
  EXPECT_TRUE(rejects(
      ShapeCase("DepthToSpace").in({1, 8, 2, 2}).attr_i("blocksize", 2).attr_s("mode", "RCD"),
      "DepthToSpace", "attribute mode must be one of DCR, CRD"));
  EXPECT_TRUE(rejects(ShapeCase("Gemm").in({2, 3}).in({3, 4}).attr_i("transA", 2), "Gemm",
                      "attribute transA must be 0 or 1"));
}

ShapeCase einsum(const std::string& eq) {
  ShapeCase c("Einsum");
  c.in({2, 3}).in({3, 4}).attr_s("equation", eq);
  return c;
}

TEST(EinsumChecks, LettersOfTheEquation) {
  EXPECT_TRUE(rejects(einsum("ij,jk->ikk"), "Einsum",
                      "Einsum equation 'ij,jk->ikk': output letter 'k' appears twice"));
  EXPECT_TRUE(rejects(einsum("i1,jk->ik"), "Einsum", "'1' is not a letter"));
  EXPECT_TRUE(rejects(einsum("ij,jk->i->k"), "Einsum", "more than one '->'"));
  EXPECT_TRUE(rejects(einsum("ij,jk->...ik"), "Einsum", "output '...' without an input '...'"));
  EXPECT_TRUE(rejects(einsum("ij,jk->iz"), "Einsum", "output letter 'z' is not in any input"));
  EXPECT_TRUE(accepts(einsum("ij,jk->ik")));
  EXPECT_TRUE(accepts(einsum("ij, jk")));  // implicit output, spaces allowed
  EXPECT_TRUE(accepts(
      ShapeCase("Einsum").in({5, 2, 3}).in({5, 3, 4}).attr_s("equation", "...ij,...jk->...ik")));
}

TEST(InputChecks, TopKAndQuantizeAxes) {
  EXPECT_TRUE(rejects(ShapeCase("TopK").in({4, 5}).floats({2}).outputs(2), "TopK",
                      "input 1 (K) must be of type int64 (got float32)"));
  EXPECT_TRUE(accepts(ShapeCase("TopK").in({4, 5}).ints({2}).outputs(2)));
  // Per-axis scale of 5 values: axis 2 is outside X's rank 2.
  EXPECT_TRUE(rejects(ShapeCase("DequantizeLinear")
                          .in({4, 5}, DataType::int8)
                          .floats({1, 1, 1, 1, 1})
                          .attr_i("axis", 2),
                      "DequantizeLinear", "attribute axis must lie in [-2, 1]"));
  // A per-tensor scale ignores the axis (ONNX: "Ignored for per-tensor quantization").
  EXPECT_TRUE(accepts(ShapeCase("DequantizeLinear")
                          .in({4, 5}, DataType::int8)
                          .floats({1}, Dims{})
                          .attr_i("axis", 7)));
}

// ---- elementwise.cpp ----

TEST(AxisChecks, SoftmaxFamilyAxisWithinRank) {
  EXPECT_TRUE(rejects(ShapeCase("Softmax").in({2, 3}).attr_i("axis", 100), "Softmax",
                      "attribute axis must lie in [-2, 1] for an input of rank 2 (got 100)"));
  EXPECT_TRUE(rejects(ShapeCase("LogSoftmax").in({2, 3}).attr_i("axis", -3), "LogSoftmax",
                      "attribute axis must lie in [-2, 1]"));
  EXPECT_TRUE(accepts(ShapeCase("Hardmax").in({2, 3}).attr_i("axis", -2)));
  EXPECT_TRUE(rejects(ShapeCase("CumSum").in({2, 3}).ints({2}, Dims{}), "CumSum",
                      "axis 2 must lie in [-2, 1]"));
  EXPECT_TRUE(accepts(ShapeCase("CumSum").in({2, 3}).ints({-2}, Dims{})));
  EXPECT_TRUE(rejects(ShapeCase("LpNormalization").in({2, 3}).attr_i("axis", 2), "LpNormalization",
                      "attribute axis must lie in"));
  EXPECT_TRUE(
      rejects(ShapeCase("MeanVarianceNormalization").in({1, 2, 3, 4}).attr_ints("axes", {0, 4}),
              "MeanVarianceNormalization", "axes value 4 must lie in [-4, 3]"));
}

TEST(ValueChecks, ElementwiseAttributes) {
  EXPECT_TRUE(rejects(ShapeCase("LpNormalization").in({2, 3}).attr_i("p", 3), "LpNormalization",
                      "attribute p must be 1 or 2 (got 3)"));
  EXPECT_TRUE(rejects(ShapeCase("LRN").in({1, 4, 2, 2}).attr_i("size", 0), "LRN",
                      "attribute size must be >= 1"));
  EXPECT_TRUE(rejects(
      ShapeCase("GroupNormalization").in({1, 6, 2, 2}).in({4}).in({4}).attr_i("num_groups", 4),
      "GroupNormalization", "num_groups 4 does not divide the 6 channels"));
  EXPECT_TRUE(accepts(
      ShapeCase("GroupNormalization").in({1, 6, 2, 2}).in({3}).in({3}).attr_i("num_groups", 3)));
  EXPECT_TRUE(rejects(ShapeCase("ReverseSequence")
                          .in({4, 3, 2})
                          .in({3}, DataType::int64)
                          .attr_i("batch_axis", 0)
                          .attr_i("time_axis", 0),
                      "ReverseSequence", "batch_axis and time_axis must differ"));
  EXPECT_TRUE(
      rejects(ShapeCase("Mod").in({2}).in({2}), "Mod", "a floating-point Mod needs fmod=1"));
  EXPECT_TRUE(accepts(ShapeCase("Mod").in({2}).in({2}).attr_i("fmod", 1)));
  EXPECT_TRUE(accepts(ShapeCase("Mod").in({2}, DataType::int32).in({2}, DataType::int32)));
  EXPECT_TRUE(rejects(ShapeCase("BitShift")
                          .in({2}, DataType::uint8)
                          .in({2}, DataType::uint8)
                          .attr_s("direction", "UP"),
                      "BitShift", "attribute direction must be one of LEFT, RIGHT"));
}

// ---- tensor.cpp ----

TEST(ShapeInputChecks, IntegerTypeAndRankOne) {
  EXPECT_TRUE(rejects(ShapeCase("Reshape").in({2, 3}).floats({3, 2}), "Reshape",
                      "input 1 (shape) must be of type int64 (got float32)"));
  EXPECT_TRUE(rejects(ShapeCase("Reshape").in({2, 3}).ints({3, 2}, Dims{1, 2}), "Reshape",
                      "input 1 (shape) must be 1-D (got rank 2)"));
  EXPECT_TRUE(rejects(ShapeCase("Expand").in({1, 3}).ints({2, 3}, std::nullopt, DataType::int32),
                      "Expand", "input 1 (shape) must be of type int64 (got int32)"));
  EXPECT_TRUE(rejects(ShapeCase("ConstantOfShape").ints({2}, Dims{}), "ConstantOfShape",
                      "input 0 (shape) must be 1-D (got rank 0)"));
  EXPECT_TRUE(rejects(ShapeCase("Tile").in({2, 3}).floats({1, 2}), "Tile",
                      "input 1 (repeats) must be of type int64"));
  EXPECT_TRUE(rejects(ShapeCase("Slice", "ai.onnx", 13).in({4}).floats({0}).ints({2}), "Slice",
                      "input 1 (starts) must be of type int32 or int64 (got float32)"));
  EXPECT_TRUE(accepts(ShapeCase("Slice", "ai.onnx", 13)
                          .in({4})
                          .ints({0}, std::nullopt, DataType::int32)
                          .ints({2}, std::nullopt, DataType::int32)));
  EXPECT_TRUE(rejects(ShapeCase("Unsqueeze", "ai.onnx", 13).in({4}).ints({0}, Dims{1, 1}),
                      "Unsqueeze", "input 1 (axes) must be 1-D"));
  EXPECT_TRUE(rejects(ShapeCase("ReduceSum", "ai.onnx", 13).in({4, 2}).floats({0}), "ReduceSum",
                      "input 1 (axes) must be of type int64"));
  EXPECT_TRUE(rejects(ShapeCase("Pad", "ai.onnx", 13).in({4}).floats({1, 1}), "Pad",
                      "input 1 (pads) must be of type int64"));
  EXPECT_TRUE(rejects(ShapeCase("Split", "ai.onnx", 13).in({4}).ints({2, 2}, Dims{1, 2}).outputs(2),
                      "Split", "input 1 (split) must be 1-D"));
  EXPECT_TRUE(rejects(ShapeCase("Gather").in({4, 2}).floats({1}), "Gather",
                      "input 1 (indices) must be int32 or int64 (got float32)"));
}

ShapeCase resize(std::vector<double> scales) {
  ShapeCase c("Resize", "ai.onnx", 13);
  c.in({1, 1, 4, 4}).absent().floats(std::move(scales));
  return c;
}

TEST(ResizeChecks, ScalesFiniteAndPositiveModesEnumerated) {
  EXPECT_TRUE(
      rejects(resize({1, 1, kNaN, kNaN}), "Resize", "scales [1,1,nan,nan] must be finite and > 0"));
  EXPECT_TRUE(rejects(resize({1, 1, kInf, 2}), "Resize", "must be finite and > 0"));
  EXPECT_TRUE(rejects(resize({1, 1, 0, 2}), "Resize", "must be finite and > 0"));
  EXPECT_TRUE(accepts(resize({1, 1, 0.5, 2})));
  EXPECT_TRUE(rejects(ShapeCase("Resize", "ai.onnx", 10).in({1, 1, 4, 4}).floats({1, 1, kNaN, 2}),
                      "Resize", "must be finite and > 0"));
  EXPECT_TRUE(rejects(
      ShapeCase("Upsample", "ai.onnx", 7).in({1, 1, 4, 4}).attr_floats("scales", {1, 1, 0.5, 2}),
      "Upsample", "scales [1,1,0.5,2] must be finite and >= 1"));
  EXPECT_TRUE(rejects(resize({1, 1, 2, 2}).attr_s("mode", "bilinear"), "Resize",
                      "attribute mode must be one of nearest, linear, cubic (got 'bilinear')"));
  EXPECT_TRUE(rejects(resize({1, 1, 2, 2}).attr_s("coordinate_transformation_mode", "centre"),
                      "Resize", "attribute coordinate_transformation_mode must be one of"));
  EXPECT_TRUE(rejects(resize({1, 1, 2, 2}).attr_s("nearest_mode", "round"), "Resize",
                      "attribute nearest_mode must be one of"));
  EXPECT_TRUE(rejects(resize({1, 1, 2, 2}).ints({1, 1, 8, 8}), "Resize",
                      "only one of scales and sizes may be given"));
  EXPECT_TRUE(rejects(
      ShapeCase("Resize", "ai.onnx", 13).in({1, 1, 4, 4}).absent().absent().floats({1, 1, 8, 8}),
      "Resize", "input 3 (sizes) must be of type int64 (got float32)"));
}

TEST(TensorChecks, AxesIndicesAndEnumerations) {
  // OneHot inserts an axis: [-r-1, r].
  const auto one_hot = [](std::int64_t axis) {
    ShapeCase c("OneHot");
    c.in({2, 3}, DataType::int64).ints({5}, Dims{}).floats({0, 1}).attr_i("axis", axis);
    return c;
  };
  EXPECT_TRUE(accepts(one_hot(2)));
  EXPECT_TRUE(accepts(one_hot(-3)));
  EXPECT_TRUE(rejects(one_hot(3), "OneHot", "attribute axis must lie in [-3, 2]"));
  EXPECT_TRUE(rejects(ShapeCase("GatherElements").in({4, 2}).in({4}, DataType::int64),
                      "GatherElements", "indices of rank 1 for data of rank 2"));
  EXPECT_TRUE(
      rejects(ShapeCase("GatherND").in({4, 2}).in({4, 1}, DataType::int64).attr_i("batch_dims", 2),
              "GatherND", "batch_dims 2 must be less than both input ranks"));
  EXPECT_TRUE(rejects(ShapeCase("ScatterElements")
                          .in({4, 2})
                          .in({4, 2}, DataType::int64)
                          .in({4, 2})
                          .attr_s("reduction", "sub"),
                      "ScatterElements", "attribute reduction must be one of"));
  EXPECT_TRUE(rejects(ShapeCase("ScatterElements")
                          .in({4, 2})
                          .in({4, 2}, DataType::int64)
                          .in({4, 2})
                          .attr_i("axis", 2),
                      "ScatterElements", "attribute axis must lie in [-2, 1]"));
  EXPECT_TRUE(rejects(ShapeCase("Pad").in({4}).ints({1, 1}).attr_s("mode", "mirror"), "Pad",
                      "attribute mode must be one of constant, reflect, edge, wrap"));
  EXPECT_TRUE(rejects(ShapeCase("EyeLike").in({2, 2, 2}), "EyeLike",
                      "EyeLike input must be 2-D (got rank 3)"));
  EXPECT_TRUE(rejects(ShapeCase("Constant").attr_i("value_int", 1).attr_f("value_float", 1),
                      "Constant", "Constant needs exactly one value attribute (has 2)"));
  EXPECT_TRUE(rejects(ShapeCase("Reshape").in({2, 3}).ints({6}).attr_i("allowzero", 5), "Reshape",
                      "attribute allowzero must be 0 or 1"));
  EXPECT_TRUE(
      rejects(ShapeCase("Split", "ai.onnx", 11).in({4}).attr_ints("split", {6, -2}).outputs(2),
              "Split", "attribute split must be >= 0"));
}

// ---- contrib.cpp ----

TEST(ContribChecks, HeadsAndQuantisationBlocks) {
  EXPECT_TRUE(rejects(ShapeCase("Attention", "com.microsoft", 1)
                          .in({1, 4, 8})
                          .weight({8, 24})
                          .attr_i("num_heads", 0),
                      "Attention", "attribute num_heads must be >= 1"));
  EXPECT_TRUE(rejects(ShapeCase("GroupQueryAttention", "com.microsoft", 1)
                          .in({1, 4, 64})
                          .attr_i("num_heads", 6)
                          .attr_i("kv_num_heads", 4),
                      "GroupQueryAttention", "num_heads 6 is not a multiple of kv_num_heads 4"));
  EXPECT_TRUE(rejects(ShapeCase("MatMulNBits", "com.microsoft", 1)
                          .in({1, 64})
                          .attr_i("K", 64)
                          .attr_i("N", 32)
                          .attr_i("block_size", 24),
                      "MatMulNBits", "attribute block_size must be a power of 2, at least 16"));
  EXPECT_TRUE(accepts(ShapeCase("MatMulNBits", "com.microsoft", 1)
                          .in({1, 64})
                          .attr_i("K", 64)
                          .attr_i("N", 32)
                          .attr_i("block_size", 32)));
}

}  // namespace
}  // namespace infergy
