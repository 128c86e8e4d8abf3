// Pooling, reductions, selection and resampling; numbers derived by hand in the comments.
#include <gtest/gtest.h>

#include "cost/node_builder.hpp"

namespace infergy {
namespace {

using testing::NodeBuilder;

NodeBuilder pool(const char* op, std::vector<std::int64_t> x) {
  NodeBuilder b(op, "ai.onnx", 12);
  b.in(std::move(x)).attr_ints("kernel_shape", {2, 2}).attr_ints("strides", {2, 2});
  return b;
}

// MaxPool X [1, 2, 6, 6], 2x2 stride 2 -> Y [1, 2, 3, 3] = 18 outputs * 4 compares = 72, from
// the inferred output or from the attributes.
TEST(PoolingCost, MaxPool) {
  EXPECT_EQ(pool("MaxPool", {1, 2, 6, 6}).out({1, 2, 3, 3}).run().flops, 72);
  EXPECT_EQ(pool("MaxPool", {1, 2, 6, 6}).out_unknown().run().flops, 72);
}

// X [1, 1, 5, 5], 2x2 stride 2: floor mode (5 - 2)/2 + 1 = 2 -> 4 outputs * 4 = 16; ceil mode
// 3 -> 9 outputs * 4 = 36.
TEST(PoolingCost, CeilModeFromAttributes) {
  EXPECT_EQ(pool("MaxPool", {1, 1, 5, 5}).out_unknown().run().flops, 16);
  EXPECT_EQ(pool("MaxPool", {1, 1, 5, 5}).attr_i("ceil_mode", 1).out_unknown().run().flops, 36);
}

// AveragePool 18 outputs * (4 adds + 1 divide) = 90.
// LpPool p 2: 18 * (4*2 + 1 root) = 162; p 1: 18 * 4*2 = 144; p 3: 18 * (4*3 + 1) = 234.
TEST(PoolingCost, AverageAndLpPool) {
  EXPECT_EQ(pool("AveragePool", {1, 2, 6, 6}).out({1, 2, 3, 3}).run().flops, 90);
  EXPECT_EQ(pool("LpPool", {1, 2, 6, 6}).out({1, 2, 3, 3}).run().flops, 162);
  EXPECT_EQ(pool("LpPool", {1, 2, 6, 6}).attr_i("p", 1).out({1, 2, 3, 3}).run().flops, 144);
  EXPECT_EQ(pool("LpPool", {1, 2, 6, 6}).attr_i("p", 3).out({1, 2, 3, 3}).run().flops, 234);
}

// Global pools over X [2, 3, 4, 4] (96 elements, 6 planes): max 96; average 96 + 6 = 102;
// Lp (p 2) 96*2 + 6 = 198.
TEST(PoolingCost, GlobalPools) {
  EXPECT_EQ(NodeBuilder("GlobalMaxPool").in({2, 3, 4, 4}).run().flops, 96);
  EXPECT_EQ(NodeBuilder("GlobalAveragePool").in({2, 3, 4, 4}).run().flops, 102);
  EXPECT_EQ(NodeBuilder("GlobalLpPool").in({2, 3, 4, 4}).run().flops, 198);
}

// RoiAlign Y [3, 4, 2, 2] = 48 outputs, sampling_ratio 2 -> 4 samples of 9 (bilinear) + 1
// (accumulate), + 1 divide for avg: 48 * 41 = 1968; max: 48 * 40 = 1920. sampling_ratio 0
// depends on the boxes.
TEST(PoolingCost, RoiAlign) {
  auto roi = [](const char* mode, std::int64_t ratio) {
    return NodeBuilder("RoiAlign", "ai.onnx", 16)
        .in({1, 4, 8, 8})
        .in({3, 4})
        .in({3}, DataType::int64)
        .attr_s("mode", mode)
        .attr_i("output_height", 2)
        .attr_i("output_width", 2)
        .attr_i("sampling_ratio", ratio)
        .out({3, 4, 2, 2})
        .run();
  };
  EXPECT_EQ(roi("avg", 2).flops, 1968);
  EXPECT_EQ(roi("max", 2).flops, 1920);
  EXPECT_THROW(roi("avg", 0), DataDependentCost);
}

// Ops whose arithmetic depends on values report it; DataDependentCost is an UnknownShape so
// an analysis that knows only that reports the node as unknown, never as zero.
TEST(PoolingCost, DataDependentOpsThrow) {
  EXPECT_THROW(NodeBuilder("NonMaxSuppression", "ai.onnx", 11).in({1, 10, 4}).in({1, 2, 10}).run(),
               DataDependentCost);
  EXPECT_THROW(NodeBuilder("MaxRoiPool").in({1, 4, 8, 8}).in({3, 5}).run(), UnknownShape);
}

TEST(PoolingCost, MaxUnpoolIsDataMovement) {
  const OpCost c = NodeBuilder("MaxUnpool").in({1, 1, 2, 2}).in({1, 1, 2, 2}).run();
  EXPECT_EQ(c.flops, 0);
}

// Reductions of X [2, 3, 4] (24 elements) over axis 1 -> 8 outputs, whether keepdims keeps
// [2, 1, 4] or drops to [2, 4]: ReduceSum 24; ReduceMean 24 + 8 = 32; ReduceL2 2*24 + 8 = 56;
// ReduceLogSumExp 2*24 + 8 = 56; ReduceL1 48; ReduceSumSquare 48; ReduceLogSum 32; Max, Min,
// Prod 24.
TEST(ReductionCost, KeepdimsDoesNotChangeTheCount) {
  struct Case {
    const char* op;
    std::int64_t flops;
  };
  for (const Case& c : {Case{"ReduceSum", 24}, Case{"ReduceMean", 32}, Case{"ReduceL2", 56},
                        Case{"ReduceLogSumExp", 56}, Case{"ReduceL1", 48},
                        Case{"ReduceSumSquare", 48}, Case{"ReduceLogSum", 32},
                        Case{"ReduceMax", 24}, Case{"ReduceMin", 24}, Case{"ReduceProd", 24}}) {
    EXPECT_EQ(NodeBuilder(c.op, "ai.onnx", 18).in({2, 3, 4}).ints({1}).out({2, 1, 4}).run().flops,
              c.flops)
        << c.op;
    EXPECT_EQ(NodeBuilder(c.op, "ai.onnx", 18)
                  .in({2, 3, 4})
                  .ints({1})
                  .attr_i("keepdims", 0)
                  .out({2, 4})
                  .run()
                  .flops,
              c.flops)
        << c.op;
    // Output shape unknown: the count comes from the axes.
    EXPECT_EQ(NodeBuilder(c.op, "ai.onnx", 18).in({2, 3, 4}).ints({-2}).out_unknown().run().flops,
              c.flops)
        << c.op;
  }
}

// Opset 13 ReduceMean with the axes attribute (output from attributes): 32.
TEST(ReductionCost, AxesAttribute) {
  EXPECT_EQ(NodeBuilder("ReduceMean", "ai.onnx", 13)
                .in({2, 3, 4})
                .attr_ints("axes", {1})
                .out_unknown()
                .run()
                .flops,
            32);
}

// No axes: all axes are reduced (24 adds + 1 divide for the mean), unless
// noop_with_empty_axes makes the op an identity (0).
TEST(ReductionCost, EmptyAxes) {
  EXPECT_EQ(NodeBuilder("ReduceSum", "ai.onnx", 13).in({2, 3, 4}).out_unknown().run().flops, 24);
  EXPECT_EQ(NodeBuilder("ReduceMean", "ai.onnx", 18).in({2, 3, 4}).out_unknown().run().flops, 25);
  EXPECT_EQ(NodeBuilder("ReduceSum", "ai.onnx", 13)
                .in({2, 3, 4})
                .attr_i("noop_with_empty_axes", 1)
                .out({2, 3, 4})
                .run()
                .flops,
            0);
  EXPECT_EQ(NodeBuilder("ReduceSum", "ai.onnx", 13)
                .in({2, 3, 4})
                .ints({})
                .attr_i("noop_with_empty_axes", 1)
                .run()
                .flops,
            0);
}

TEST(ReductionCost, UnknownAxesAndOutputThrow) {
  EXPECT_THROW(NodeBuilder("ReduceMax", "ai.onnx", 18).in({2, 3, 4}).in({1}).out_unknown().run(),
               UnknownShape);
}

// ArgMax [3, 4]: 12 compares; CumSum [10]: 10 adds.
TEST(SelectionCost, ArgMaxAndCumSum) {
  EXPECT_EQ(NodeBuilder("ArgMax").in({3, 4}).run().flops, 12);
  EXPECT_EQ(NodeBuilder("CumSum").in({10}).scalar(0).run().flops, 10);
}

// TopK X [2, 10], k 3: 20 * ceil(log2 4) = 40 heap compares + sorted 2 rows * 3 * ceil(log2 3)
// = 12: 52; unsorted 40. k from the constant input when the output is unknown: the same.
TEST(SelectionCost, TopK) {
  EXPECT_EQ(NodeBuilder("TopK", "ai.onnx", 11).in({2, 10}).ints({3}).out({2, 3}).run().flops, 52);
  EXPECT_EQ(NodeBuilder("TopK", "ai.onnx", 11)
                .in({2, 10})
                .ints({3})
                .attr_i("sorted", 0)
                .out({2, 3})
                .run()
                .flops,
            40);
  EXPECT_EQ(NodeBuilder("TopK", "ai.onnx", 11).in({2, 10}).ints({3}).out_unknown().run().flops, 52);
}

// Unique of 8 elements: 8 * 3 sort compares + 8 = 32; along axis 0 of [4, 3]: 4 items of 3,
// 4 * 2 * 3 + 12 = 36.
TEST(SelectionCost, Unique) {
  EXPECT_EQ(NodeBuilder("Unique").in({8}).run().flops, 32);
  EXPECT_EQ(NodeBuilder("Unique").in({4, 3}).attr_i("axis", 0).run().flops, 36);
}

NodeBuilder resize(const char* mode, std::vector<std::int64_t> x, std::vector<std::int64_t> y) {
  NodeBuilder b("Resize", "ai.onnx", 13);
  b.in(std::move(x)).absent().weight({4}).attr_s("mode", mode).out(std::move(y));
  return b;
}

// Resize [1, 3, 4, 4] -> [1, 3, 8, 8] (192 outputs, 2 axes resized): nearest 0; linear 3 lerps
// of 3 = 9 each -> 1728; cubic 4 cubic rows of 7 + 1 of 7 = 35 each -> 6720.
// One axis [1, 1, 4] -> [1, 1, 8]: 8 * 3 = 24. Trilinear [1, 1, 2, 2, 2] -> [1, 1, 4, 4, 4]:
// 64 * 7 lerps * 3 = 1344.
TEST(ResampleCost, ResizeModes) {
  EXPECT_EQ(resize("nearest", {1, 3, 4, 4}, {1, 3, 8, 8}).run().flops, 0);
  EXPECT_EQ(resize("linear", {1, 3, 4, 4}, {1, 3, 8, 8}).run().flops, 1728);
  EXPECT_EQ(resize("cubic", {1, 3, 4, 4}, {1, 3, 8, 8}).run().flops, 6720);
  EXPECT_EQ(resize("linear", {1, 1, 4}, {1, 1, 8}).run().flops, 24);
  EXPECT_EQ(resize("linear", {1, 1, 2, 2, 2}, {1, 1, 4, 4, 4}).run().flops, 1344);
}

// Antialiased linear 8x8 -> 4x4: each downscaled axis uses ceil(2 * 8/4) = 4 taps: per output
// (2*4 - 1)*4 + (2*4 - 1) = 35, 16 outputs -> 560.
TEST(ResampleCost, ResizeAntialias) {
  EXPECT_EQ(NodeBuilder("Resize", "ai.onnx", 18)
                .in({1, 1, 8, 8})
                .absent()
                .weight({4})
                .attr_s("mode", "linear")
                .attr_i("antialias", 1)
                .out({1, 1, 4, 4})
                .run()
                .flops,
            560);
}

// Upsample (opset 9) bilinear [1, 1, 2, 2] -> [1, 1, 4, 4]: 16 * 9 = 144.
TEST(ResampleCost, Upsample) {
  EXPECT_EQ(NodeBuilder("Upsample", "ai.onnx", 9)
                .in({1, 1, 2, 2})
                .weight({4})
                .attr_s("mode", "linear")
                .out({1, 1, 4, 4})
                .run()
                .flops,
            144);
}

// GridSample X [1, 3, 4, 4], grid [1, 5, 5, 2]: 25 locations x 2 coordinates.
// bilinear: 25*2*4 = 200 + 75 outputs * 9 = 875; nearest: 25*2*3 = 150; bicubic:
// 25*2*28 = 1400 + 75 * 35 = 4025. Opset 20 names bilinear "linear": 875.
TEST(ResampleCost, GridSample) {
  auto gs = [](std::int64_t opset, const char* mode) {
    return NodeBuilder("GridSample", "ai.onnx", opset)
        .in({1, 3, 4, 4})
        .in({1, 5, 5, 2})
        .attr_s("mode", mode)
        .run()
        .flops;
  };
  EXPECT_EQ(gs(16, "bilinear"), 875);
  EXPECT_EQ(gs(16, "nearest"), 150);
  EXPECT_EQ(gs(16, "bicubic"), 4025);
  EXPECT_EQ(gs(20, "linear"), 875);
  EXPECT_EQ(
      NodeBuilder("GridSample", "com.microsoft", 1).in({1, 3, 4, 4}).in({1, 5, 5, 2}).run().flops,
      875);
}

// AffineGrid theta [2, 2, 3], grid [2, 4, 5, 2]: 40 locations, each 2x2 MACs + 2 adds:
// MACs 160, FLOPs 320 + 80 = 400.
TEST(ResampleCost, AffineGrid) {
  const OpCost c = NodeBuilder("AffineGrid", "ai.onnx", 20)
                       .in({2, 2, 3})
                       .ints({2, 3, 4, 5})
                       .out({2, 4, 5, 2})
                       .run();
  EXPECT_EQ(c.macs, 160);
  EXPECT_EQ(c.flops, 400);
}

// com.microsoft QLinearAveragePool X [1, 2, 4, 4], 2x2 stride 2 -> 8 outputs * (4 + 7) = 88;
// QLinearGlobalAveragePool: 32 + 2 planes * 7 = 46.
TEST(PoolingCost, QLinearPools) {
  EXPECT_EQ(NodeBuilder("QLinearAveragePool", "com.microsoft", 1)
                .in({1, 2, 4, 4}, DataType::uint8)
                .attr_ints("kernel_shape", {2, 2})
                .attr_ints("strides", {2, 2})
                .out_unknown()
                .run()
                .flops,
            88);
  EXPECT_EQ(NodeBuilder("QLinearGlobalAveragePool", "com.microsoft", 1)
                .in({1, 2, 4, 4}, DataType::uint8)
                .run()
                .flops,
            46);
}

// ArgMin [3, 4]: 12 compares; CumProd [10]: 10 multiplies; com.microsoft NhwcMaxPool
// X [1, 6, 6, 2] (channels last), 2x2 stride 2 -> 3x3x2 = 18 outputs * 4 = 72.
TEST(SelectionCost, ArgMinCumProdNhwcMaxPool) {
  EXPECT_EQ(NodeBuilder("ArgMin").in({3, 4}).run().flops, 12);
  EXPECT_EQ(NodeBuilder("CumProd", "ai.onnx", 25).in({10}).scalar(0).run().flops, 10);
  EXPECT_EQ(NodeBuilder("NhwcMaxPool", "com.microsoft", 1)
                .in({1, 6, 6, 2}, DataType::uint8)
                .attr_ints("kernel_shape", {2, 2})
                .attr_ints("strides", {2, 2})
                .out_unknown()
                .run()
                .flops,
            72);
}

}  // namespace
}  // namespace infergy
