// Shape rules of ONNX Runtime's com.microsoft operators (src/shape/contrib.cpp), on shapes
// worked out by hand from ONNX Runtime's ContribOperators.md.
#include <gtest/gtest.h>

#include <string>

#include "shape/shape_case.hpp"

namespace infergy {
namespace {

using testing::Dims;
using testing::ShapeCase;

constexpr const char* kMs = "com.microsoft";

TEST(ContribShape, FusedMatMulTransposesTheLastTwoAxes) {
  // A [2, 3, 4] x B^T with B [2, 5, 4]: [2, 3, 4] x [2, 4, 5] = [2, 3, 5].
  EXPECT_EQ(ShapeCase("FusedMatMul", kMs, 1)
                .in({2, 3, 4})
                .in({2, 5, 4})
                .attr_i("transB", 1)
                .run()
                .dims(0),
            (Dims{2, 3, 5}));
  EXPECT_NE(ShapeCase("FusedMatMul", kMs, 1)
                .in({2, 3, 4})
                .in({2, 5, 4})
                .error()
                .find("MatMul inner dims differ"),
            std::string::npos);
}

TEST(ContribShape, MatMulNBitsTakesNFromItsAttribute) {
  // A [1, 7, 4096] times a packed B of logical shape [K 4096, N 11008]: [1, 7, 11008].
  EXPECT_EQ(ShapeCase("MatMulNBits", kMs, 1)
                .in({1, 7, 4096})
                .weight({11008, 128, 16}, DataType::uint8)
                .attr_i("K", 4096)
                .attr_i("N", 11008)
                .run()
                .dims(0),
            (Dims{1, 7, 11008}));
}

TEST(ContribShape, SkipLayerNormalizationOutputs) {
  // output like input; mean and inv_std_var [.., 1]; input_skip_bias_sum like input.
  const auto r = ShapeCase("SkipLayerNormalization", kMs, 1)
                     .in({2, 8, 64})
                     .in({2, 8, 64})
                     .weight({64})
                     .outputs(4)
                     .run();
  EXPECT_EQ(r.dims(0), (Dims{2, 8, 64}));
  EXPECT_EQ(r.dims(1), (Dims{2, 8, 1}));
  EXPECT_EQ(r.dims(2), (Dims{2, 8, 1}));
  EXPECT_EQ(r.dims(3), (Dims{2, 8, 64}));
}

TEST(ContribShape, EmbedLayerNormalization) {
  // input_ids [B 2, S 16], segment_ids, word_embedding [30522, 768]: output [2, 16, 768],
  // mask_index [2] (int32), embedding_sum [2, 16, 768].
  const auto r = ShapeCase("EmbedLayerNormalization", kMs, 1)
                     .in({2, 16}, DataType::int32)
                     .in({2, 16}, DataType::int32)
                     .weight({30522, 768})
                     .outputs(3)
                     .run();
  EXPECT_EQ(r.dims(0), (Dims{2, 16, 768}));
  EXPECT_EQ(r.dims(1), Dims{2});
  EXPECT_EQ(r.dtype(1), DataType::int32);
  EXPECT_EQ(r.dims(2), (Dims{2, 16, 768}));
}

TEST(ContribShape, AttentionAndItsPresentState) {
  // input [2, 4, 8], weights [8, 24] (Q, K, V of 8 each): output [2, 4, 8]; present
  // [2, B 2, heads 2, past 3 + 4, head 8 / 2 = 4].
  const auto r = ShapeCase("Attention", kMs, 1)
                     .in({2, 4, 8})
                     .weight({8, 24})
                     .weight({24})
                     .absent()
                     .in({2, 2, 2, 3, 4})
                     .outputs(2)
                     .attr_i("num_heads", 2)
                     .run();
  EXPECT_EQ(r.dims(0), (Dims{2, 4, 8}));
  EXPECT_EQ(r.dims(1), (Dims{2, 2, 2, 7, 4}));
  // qkv_hidden_sizes gives V's width: 6.
  EXPECT_EQ(ShapeCase("Attention", kMs, 1)
                .in({2, 4, 8})
                .weight({8, 22})
                .attr_i("num_heads", 2)
                .attr_ints("qkv_hidden_sizes", {8, 8, 6})
                .run()
                .dims(0),
            (Dims{2, 4, 6}));
  EXPECT_NE(ShapeCase("Attention", kMs, 1)
                .in({2, 4, 8})
                .weight({8, 25})
                .error()
                .find("not divisible by 3"),
            std::string::npos);
}

TEST(ContribShape, MultiHeadAndGroupQueryAttention) {
  // MultiHeadAttention with query [2, 5, 64] and value [2, 9, 32]: [2, 5, 32].
  EXPECT_EQ(ShapeCase("MultiHeadAttention", kMs, 1)
                .in({2, 5, 64})
                .in({2, 9, 64})
                .in({2, 9, 32})
                .run()
                .dims(0),
            (Dims{2, 5, 32}));
  // Packed QKV [B 2, S 5, N 4, 3, H 16]: [2, 5, 4 x 16].
  EXPECT_EQ(ShapeCase("MultiHeadAttention", kMs, 1).in({2, 5, 4, 3, 16}).run().dims(0),
            (Dims{2, 5, 64}));
  // GroupQueryAttention with packed QKV of width (N 8 + 2 x N_kv 2) x H 16 = 192: the output
  // has the query heads only, 8 x 16 = 128.
  EXPECT_EQ(ShapeCase("GroupQueryAttention", kMs, 1)
                .in({1, 3, 192})
                .attr_i("num_heads", 8)
                .attr_i("kv_num_heads", 2)
                .run()
                .dims(0),
            (Dims{1, 3, 128}));
}

TEST(ContribShape, QuantizedBinaryAndGemm) {
  // QLinearAdd broadcasts A (input 0) with B (input 3).
  EXPECT_EQ(ShapeCase("QLinearAdd", kMs, 1)
                .in({2, 3}, DataType::uint8)
                .scalar(1)
                .scalar(0)
                .in({3}, DataType::uint8)
                .run()
                .dims(0),
            (Dims{2, 3}));
  // QGemm A [4, 6], B^T from [5, 6]: [4, 5]; float without y_scale.
  const auto g = ShapeCase("QGemm", kMs, 1)
                     .in({4, 6}, DataType::uint8)
                     .scalar(1)
                     .scalar(0)
                     .weight({5, 6}, DataType::uint8)
                     .attr_i("transB", 1)
                     .run();
  EXPECT_EQ(g.dims(0), (Dims{4, 5}));
  EXPECT_EQ(g.dtype(0), DataType::float32);
}

}  // namespace
}  // namespace infergy
