// Gemm, MatMul and their quantized/fused forms, Det, DFT and STFT; numbers derived by hand.
#include <gtest/gtest.h>

#include "cost/node_builder.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

using testing::NodeBuilder;

// Gemm A 4x5, B 5x3: MACs = 4*3*5 = 60, FLOPs = 120.
TEST(GemmCost, Plain) {
  const OpCost c = NodeBuilder("Gemm").in({4, 5}).weight({5, 3}).out({4, 3}).run();
  EXPECT_EQ(c.macs, 60);
  EXPECT_EQ(c.flops, 120);
}

// transA: A is 5x4 (K x M), transB: B is 3x5 (N x K); M 4, K 5, N 3 -> 60 MACs. C of 3
// elements, alpha = beta = 1: adding C is 4*3 = 12 FLOPs. FLOPs = 120 + 12 = 132.
TEST(GemmCost, TransposesAndBias) {
  const OpCost c = NodeBuilder("Gemm")
                       .in({5, 4})
                       .weight({3, 5})
                       .weight({3})
                       .attr_i("transA", 1)
                       .attr_i("transB", 1)
                       .out({4, 3})
                       .run();
  EXPECT_EQ(c.macs, 60);
  EXPECT_EQ(c.flops, 132);
}

// alpha 0.5: 12 multiplies; C 4x3 with beta 2: 12 multiplies of C and 12 adds.
// FLOPs = 120 + 12 + 12 + 12 = 156.
TEST(GemmCost, AlphaBeta) {
  const OpCost c = NodeBuilder("Gemm")
                       .in({4, 5})
                       .weight({5, 3})
                       .weight({4, 3})
                       .attr_f("alpha", 0.5)
                       .attr_f("beta", 2.0)
                       .out({4, 3})
                       .run();
  EXPECT_EQ(c.macs, 60);
  EXPECT_EQ(c.flops, 156);
}

// beta = 0 drops C: 120.
TEST(GemmCost, BetaZeroIgnoresC) {
  const OpCost c =
      NodeBuilder("Gemm").in({4, 5}).weight({5, 3}).weight({4, 3}).attr_f("beta", 0.0).run();
  EXPECT_EQ(c.flops, 120);
}

TEST(GemmCost, MismatchedInnerDimsIsAnInputError) {
  try {
    NodeBuilder("Gemm").in({4, 5}).weight({6, 3}).run();
    FAIL() << "expected an input error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
  }
}

// numpy matmul with vectors: [4] x [4, 6] is a 1x4 row times 4x6: 24 MACs; [3, 4] x [4] is
// 3x4 times a column: 12; [7] x [7] a dot product: 7.
TEST(MatMulCost, VectorOperands) {
  EXPECT_EQ(NodeBuilder("MatMul").in({4}).weight({4, 6}).out({6}).run().macs, 24);
  EXPECT_EQ(NodeBuilder("MatMul").in({3, 4}).in({4}).out({3}).run().macs, 12);
  const OpCost dot = NodeBuilder("MatMul").in({7}).in({7}).out({}).run();
  EXPECT_EQ(dot.macs, 7);
  EXPECT_EQ(dot.flops, 14);
}

// [2, 1, 3, 4] x [5, 4, 6]: batch dims [2, 1] and [5] broadcast to [2, 5] = 10 products of
// 3x4 by 4x6: MACs = 10 * 3*4*6 = 720, FLOPs = 1440.
TEST(MatMulCost, BatchedBroadcast) {
  const OpCost c = NodeBuilder("MatMul").in({2, 1, 3, 4}).in({5, 4, 6}).out({2, 5, 3, 6}).run();
  EXPECT_EQ(c.macs, 720);
  EXPECT_EQ(c.flops, 1440);
}

TEST(MatMulCost, UnknownDimThrows) {
  EXPECT_THROW(NodeBuilder("MatMul").in({kUnknownDim, 4}).weight({4, 6}).out_unknown().run(),
               UnknownShape);
}

// [2^31, 2^31] x [2^31, 1]: MACs = 2^62 fits in int64, FLOPs = 2^63 does not.
TEST(MatMulCost, OverflowThrowsCountOverflow) {
  const std::int64_t big = std::int64_t{1} << 31;
  EXPECT_THROW(NodeBuilder("MatMul").in({big, big}).in({big, 1}).run(), CountOverflow);
}

// MatMulInteger A 2x4 (run time, zero point 7), B 4x3 constant without zero point:
// MACs 24, FLOPs = 48 + 8 subtractions = 56.
TEST(MatMulCost, MatMulInteger) {
  const OpCost c = NodeBuilder("MatMulInteger")
                       .in({2, 4}, DataType::uint8)
                       .weight({4, 3}, DataType::int8)
                       .scalar(7)
                       .out({2, 3}, DataType::int32)
                       .run();
  EXPECT_EQ(c.macs, 24);
  EXPECT_EQ(c.flops, 56);
}

// QLinearMatMul: a's zero point known 0, b constant: no subtraction; requantize 6 outputs * 5.
// FLOPs = 48 + 30 = 78.
TEST(MatMulCost, QLinearMatMul) {
  const OpCost c = NodeBuilder("QLinearMatMul")
                       .in({2, 4}, DataType::uint8)
                       .weight({})
                       .scalar(0)
                       .weight({4, 3}, DataType::uint8)
                       .weight({})
                       .scalar(128)
                       .weight({})
                       .scalar(0)
                       .out({2, 3}, DataType::uint8)
                       .run();
  EXPECT_EQ(c.macs, 24);
  EXPECT_EQ(c.flops, 78);
}

// FusedMatMul A [2, 3, 4] with transA -> [2, 4, 3] (M 4, K 3), B [2, 3, 5]: MACs = 2*4*5*3 =
// 120; alpha 2 scales 2*4*5 = 40 outputs: FLOPs = 240 + 40 = 280.
TEST(MatMulCost, FusedMatMulTransposeAndAlpha) {
  const OpCost c = NodeBuilder("FusedMatMul", "com.microsoft", 1)
                       .in({2, 3, 4})
                       .in({2, 3, 5})
                       .attr_i("transA", 1)
                       .attr_f("alpha", 2.0)
                       .run();
  EXPECT_EQ(c.macs, 120);
  EXPECT_EQ(c.flops, 280);
}

// transBatchA moves dim 0 behind the batch dims: A [3, 2, 4] -> [2, 3, 4] (M 3, K 4); with B
// [2, 4, 5]: MACs = 2*3*5*4 = 120.
TEST(MatMulCost, FusedMatMulTransBatch) {
  const OpCost c = NodeBuilder("FusedMatMul", "com.microsoft", 1)
                       .in({3, 2, 4})
                       .in({2, 4, 5})
                       .attr_i("transBatchA", 1)
                       .run();
  EXPECT_EQ(c.macs, 120);
  EXPECT_EQ(c.flops, 240);
}

// FusedGemm 4x5 by 5x3 with LeakyRelu (2 per output): 120 + 12*2 = 144.
TEST(MatMulCost, FusedGemm) {
  const OpCost c = NodeBuilder("FusedGemm", "com.microsoft", 1)
                       .in({4, 5})
                       .weight({5, 3})
                       .attr_s("activation", "LeakyRelu")
                       .run();
  EXPECT_EQ(c.macs, 60);
  EXPECT_EQ(c.flops, 144);
}

// MatMulIntegerToFloat 2x4 by 4x3 with bias, no zero points: 24 MACs; per output scale 1 +
// bias 1: FLOPs = 48 + 12 = 60.
TEST(MatMulCost, MatMulIntegerToFloat) {
  const OpCost c = NodeBuilder("MatMulIntegerToFloat", "com.microsoft", 1)
                       .in({2, 4}, DataType::uint8)
                       .weight({4, 3}, DataType::int8)
                       .weight({})
                       .weight({3})
                       .absent()
                       .absent()
                       .weight({3})
                       .run();
  EXPECT_EQ(c.macs, 24);
  EXPECT_EQ(c.flops, 60);
}

// DynamicQuantizeMatMul: quantizing A's 8 elements costs 8*7 + 9 = 65, its run-time zero
// point 8 more; 24 MACs; 6 outputs scaled: FLOPs = 48 + 65 + 8 + 6 = 127.
TEST(MatMulCost, DynamicQuantizeMatMul) {
  const OpCost c = NodeBuilder("DynamicQuantizeMatMul", "com.microsoft", 1)
                       .in({2, 4})
                       .weight({4, 3}, DataType::int8)
                       .weight({3})
                       .run();
  EXPECT_EQ(c.macs, 24);
  EXPECT_EQ(c.flops, 127);
}

// MatMulNBits A [1, 5, 64], K 64, N 32: MACs = 5*32*64 = 10240; dequantizing the 32*64
// weights costs 2 each = 4096: FLOPs = 20480 + 4096 = 24576.
TEST(MatMulCost, MatMulNBits) {
  const OpCost c = NodeBuilder("MatMulNBits", "com.microsoft", 1)
                       .in({1, 5, 64})
                       .weight({32, 2, 16}, DataType::uint8)
                       .weight({64})
                       .attr_i("K", 64)
                       .attr_i("N", 32)
                       .attr_i("bits", 4)
                       .attr_i("block_size", 32)
                       .run();
  EXPECT_EQ(c.macs, 10240);
  EXPECT_EQ(c.flops, 24576);
}

// QGemm 2x4 by 4x3, no C, no y_scale (float output): 24 MACs + 6 scalings: 48 + 6 = 54.
TEST(MatMulCost, QGemm) {
  const OpCost c = NodeBuilder("QGemm", "com.microsoft", 1)
                       .in({2, 4}, DataType::uint8)
                       .weight({})
                       .absent()
                       .weight({4, 3}, DataType::uint8)
                       .weight({})
                       .absent()
                       .run();
  EXPECT_EQ(c.macs, 24);
  EXPECT_EQ(c.flops, 54);
}

// GemmFastGelu 2x4 by 4x3 + bias: per output 1 bias + 9 FastGelu: 48 + 6*10 = 108.
TEST(MatMulCost, GemmFastGelu) {
  const OpCost c =
      NodeBuilder("GemmFastGelu", "com.microsoft", 1).in({2, 4}).weight({4, 3}).weight({3}).run();
  EXPECT_EQ(c.macs, 24);
  EXPECT_EQ(c.flops, 108);
}

// Det of 2x2: pivot compare 1, multiplier a21/a11 1, a22 -= l*a12 1 MAC, det = u11*u22 1:
// MACs 1, FLOPs = 2 + 3 = 5. Det of two 3x3: per matrix MACs 2^2 + 1^2 = 5, divisions 2 + 1
// = 3, compares 3, diagonal product 2: MACs 10, FLOPs = 20 + 2*8 = 36.
TEST(LinearAlgebraCost, Det) {
  const OpCost two = NodeBuilder("Det").in({2, 2}).out({}).run();
  EXPECT_EQ(two.macs, 1);
  EXPECT_EQ(two.flops, 5);
  const OpCost three = NodeBuilder("Det").in({2, 3, 3}).out({2}).run();
  EXPECT_EQ(three.macs, 10);
  EXPECT_EQ(three.flops, 36);
}

// DFT (opset 17, axis 1) of 2 real signals of length 16: 5*16*4/2 = 160 each = 320. Complex:
// 5*16*4 = 320 each = 640; inverse adds a 1/N scaling of 2*16*2 = 64 outputs: 704.
TEST(TransformCost, Dft) {
  EXPECT_EQ(NodeBuilder("DFT").in({2, 16, 1}).out({2, 16, 2}).run().flops, 320);
  EXPECT_EQ(NodeBuilder("DFT").in({2, 16, 1}).scalar(16).out({2, 16, 2}).run().flops, 320);
  EXPECT_EQ(NodeBuilder("DFT").in({2, 16, 2}).out({2, 16, 2}).run().flops, 640);
  EXPECT_EQ(NodeBuilder("DFT").in({2, 16, 2}).attr_i("inverse", 1).out({2, 16, 2}).run().flops,
            704);
}

// DFT opset 20: axis defaults to -2 (the last signal dim): 2 complex transforms of length 8,
// 5*8*3 = 120 each.
TEST(TransformCost, DftOpset20) {
  EXPECT_EQ(NodeBuilder("DFT", "ai.onnx", 20).in({2, 8, 2}).out({2, 8, 2}).run().flops, 240);
}

TEST(TransformCost, DftUnknownLengthThrows) {
  EXPECT_THROW(NodeBuilder("DFT").in({2, 16, 1}).in({}).out_unknown().run(), UnknownShape);
}

// STFT of a real 64-sample signal, frame_step 8, window of 16: frames (64 - 16)/8 + 1 = 7;
// per frame 16 window multiplies + 5*16*4/2 = 160: FLOPs = 7 * 176 = 1232.
TEST(TransformCost, Stft) {
  const OpCost c =
      NodeBuilder("STFT").in({1, 64, 1}).scalar(8).weight({16}).out({1, 7, 9, 2}).run();
  EXPECT_EQ(c.flops, 1232);
}

// com.microsoft TransposeMatMul is FusedMatMul by another name: A [3, 2] with transA is 2x3,
// B [3, 4]: 2*4*3 = 24 MACs.
TEST(MatMulCost, TransposeMatMul) {
  const OpCost c = NodeBuilder("TransposeMatMul", "com.microsoft", 1)
                       .in({3, 2})
                       .in({3, 4})
                       .attr_i("transA", 1)
                       .run();
  EXPECT_EQ(c.macs, 24);
  EXPECT_EQ(c.flops, 48);
}

}  // namespace
}  // namespace infergy
