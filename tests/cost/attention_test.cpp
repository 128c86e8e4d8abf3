// Attention ops; numbers derived by hand in the comments.
#include <gtest/gtest.h>

#include "cost/node_builder.hpp"

namespace infergy {
namespace {

using testing::NodeBuilder;

// com.microsoft Attention: input [2, 4, 8], weights [8, 24] (Q, K, V of 8 each), bias, 2
// heads of 4, mask_index. Projection MACs = 2*4*8*24 = 1536, bias 2*4*24 = 192 adds.
// scores = 2*2*4*4 = 64; QK^T 64*4 + AV 64*4 = 512 MACs; per score 1 scale + 5 softmax + 1
// mask = 7 -> 448. MACs = 2048; FLOPs = 4096 + 192 + 448 = 4736.
TEST(AttentionCost, MicrosoftAttention) {
  const OpCost c = NodeBuilder("Attention", "com.microsoft", 1)
                       .in({2, 4, 8})
                       .weight({8, 24})
                       .weight({24})
                       .in({2}, DataType::int32)
                       .attr_i("num_heads", 2)
                       .run();
  EXPECT_EQ(c.macs, 2048);
  EXPECT_EQ(c.flops, 4736);
}

// Several heads: 4 heads of 2, no bias or mask. The products keep 512 MACs (heads x head size
// is constant) but there are twice the scores: 2*4*4*4 = 128, * 6 = 768.
// MACs = 1536 + 512 = 2048; FLOPs = 4096 + 768 = 4864.
TEST(AttentionCost, MicrosoftAttentionFourHeads) {
  const OpCost c = NodeBuilder("Attention", "com.microsoft", 1)
                       .in({2, 4, 8})
                       .weight({8, 24})
                       .attr_i("num_heads", 4)
                       .run();
  EXPECT_EQ(c.macs, 2048);
  EXPECT_EQ(c.flops, 4864);
}

// With past [2, 2, 2, 3, 4] (3 cached positions) and unidirectional: T = 3 + 4 = 7; scores =
// 2*2*4*7 = 112; products 112*8 = 896; MACs = 1536 + 896 = 2432; per score 7 -> 784.
// FLOPs = 4864 + 192 + 784 = 5840.
TEST(AttentionCost, MicrosoftAttentionWithPast) {
  const OpCost c = NodeBuilder("Attention", "com.microsoft", 1)
                       .in({2, 4, 8})
                       .weight({8, 24})
                       .weight({24})
                       .absent()
                       .in({2, 2, 2, 3, 4})
                       .attr_i("num_heads", 2)
                       .attr_i("unidirectional", 1)
                       .run();
  EXPECT_EQ(c.macs, 2432);
  EXPECT_EQ(c.flops, 5840);
}

// qkv_hidden_sizes 8, 8, 4: head_k 4, head_v 2; projection 2*4*8*20 = 1280; scores 64:
// 64*4 + 64*2 = 384. MACs 1664; FLOPs = 3328 + 64*6 = 3712.
TEST(AttentionCost, MicrosoftAttentionQkvSizes) {
  const OpCost c = NodeBuilder("Attention", "com.microsoft", 1)
                       .in({2, 4, 8})
                       .weight({8, 20})
                       .attr_i("num_heads", 2)
                       .attr_ints("qkv_hidden_sizes", {8, 8, 4})
                       .run();
  EXPECT_EQ(c.macs, 1664);
  EXPECT_EQ(c.flops, 3712);
}

// QAttention as the first case without a mask: projection 1536 MACs, its 192 outputs scaled
// and biased (2 each = 384), the input's zero point subtracted from 64 elements; core 512
// MACs, 64 scores * 6 = 384. MACs 2048; FLOPs = 4096 + 384 + 64 + 384 = 4928.
TEST(AttentionCost, QAttention) {
  const OpCost c = NodeBuilder("QAttention", "com.microsoft", 1)
                       .in({2, 4, 8}, DataType::uint8)
                       .weight({8, 24}, DataType::uint8)
                       .weight({24})
                       .weight({})
                       .weight({})
                       .absent()
                       .scalar(128)
                       .attr_i("num_heads", 2)
                       .run();
  EXPECT_EQ(c.macs, 2048);
  EXPECT_EQ(c.flops, 4928);
}

// MultiHeadAttention query [2, 4, 8], key/value [2, 6, 8], 2 heads of 4, bias of 24: scores =
// 2*2*4*6 = 96; MACs = 96*(4 + 4) = 768; bias adds 64 + 96 + 96 = 256; per score 6 -> 576.
// FLOPs = 1536 + 576 + 256 = 2368.
TEST(AttentionCost, MultiHeadAttention) {
  const OpCost c = NodeBuilder("MultiHeadAttention", "com.microsoft", 1)
                       .in({2, 4, 8})
                       .in({2, 6, 8})
                       .in({2, 6, 8})
                       .weight({24})
                       .attr_i("num_heads", 2)
                       .run();
  EXPECT_EQ(c.macs, 768);
  EXPECT_EQ(c.flops, 2368);
}

// With past_key/past_value [2, 2, 3, 4], no bias: T = 3 + 6 = 9; scores 144; MACs 1152;
// FLOPs = 2304 + 144*6 = 3168.
TEST(AttentionCost, MultiHeadAttentionWithPast) {
  const OpCost c = NodeBuilder("MultiHeadAttention", "com.microsoft", 1)
                       .in({2, 4, 8})
                       .in({2, 6, 8})
                       .in({2, 6, 8})
                       .absent()
                       .absent()
                       .absent()
                       .in({2, 2, 3, 4})
                       .in({2, 2, 3, 4})
                       .attr_i("num_heads", 2)
                       .run();
  EXPECT_EQ(c.macs, 1152);
  EXPECT_EQ(c.flops, 3168);
}

// Packed QKV [2, 4, 2, 3, 4]: head 4, T = S = 4: scores 64; MACs 512; FLOPs 1024 + 384.
// Key and value already in heads [2, 2, 6, 4] (a cross-attention cache): as the first case
// without bias: 768 MACs, FLOPs 1536 + 576 = 2112.
TEST(AttentionCost, MultiHeadAttentionLayouts) {
  const OpCost packed = NodeBuilder("MultiHeadAttention", "com.microsoft", 1)
                            .in({2, 4, 2, 3, 4})
                            .attr_i("num_heads", 2)
                            .run();
  EXPECT_EQ(packed.macs, 512);
  EXPECT_EQ(packed.flops, 1408);
  const OpCost cached = NodeBuilder("MultiHeadAttention", "com.microsoft", 1)
                            .in({2, 4, 8})
                            .in({2, 2, 6, 4})
                            .in({2, 2, 6, 4})
                            .attr_i("num_heads", 2)
                            .run();
  EXPECT_EQ(cached.macs, 768);
  EXPECT_EQ(cached.flops, 2112);
}

// GroupQueryAttention: query [1, 3, 32] (4 heads of 8), key/value [1, 3, 16] (2 KV heads),
// past [1, 2, 5, 8], total_sequence_length 8: scores = 1*4*3*8 = 96; MACs = 96*16 = 1536;
// per score 1 scale + 1 causal mask + 5 softmax = 7 -> 672: FLOPs 3744. The same T = 5 + 3
// when total_sequence_length is not known. do_rotary with cos_cache [16, 4] (rotary dim 8):
// 1*3*(4 + 2)*8 rotated elements * 3 = 432 more: 4176.
TEST(AttentionCost, GroupQueryAttention) {
  auto gqa = [](bool total_known, bool rotary) {
    NodeBuilder b("GroupQueryAttention", "com.microsoft", 1);
    b.in({1, 3, 32}).in({1, 3, 16}).in({1, 3, 16}).in({1, 2, 5, 8}).in({1, 2, 5, 8});
    b.in({1}, DataType::int32);
    if (total_known) {
      b.scalar(8);
    } else {
      b.in({}, DataType::int32);
    }
    if (rotary) b.weight({16, 4}).weight({16, 4}).attr_i("do_rotary", 1);
    b.attr_i("num_heads", 4).attr_i("kv_num_heads", 2);
    return b.run();
  };
  EXPECT_EQ(gqa(true, false).macs, 1536);
  EXPECT_EQ(gqa(true, false).flops, 3744);
  EXPECT_EQ(gqa(false, false).flops, 3744);
  EXPECT_EQ(gqa(true, true).flops, 4176);
}

// Packed GQA query [1, 3, 64] = (4 + 2*2) heads of 8, no past: T = 3; scores 36; MACs 576;
// FLOPs = 1152 + 36*7 = 1404.
TEST(AttentionCost, GroupQueryAttentionPacked) {
  const OpCost c = NodeBuilder("GroupQueryAttention", "com.microsoft", 1)
                       .in({1, 3, 64})
                       .absent()
                       .absent()
                       .absent()
                       .absent()
                       .in({1}, DataType::int32)
                       .in({}, DataType::int32)
                       .attr_i("num_heads", 4)
                       .attr_i("kv_num_heads", 2)
                       .run();
  EXPECT_EQ(c.macs, 576);
  EXPECT_EQ(c.flops, 1404);
}

// ai.onnx Attention 4-D: Q [2, 4, 5, 8], K [2, 2, 7, 8], V [2, 2, 7, 6], causal: scores =
// 2*4*5*7 = 280; MACs = 280*(8 + 6) = 3920; per score 7 -> 1960: FLOPs 9800. The 3-D form with
// q_num_heads 4, kv_num_heads 2 and no causal mask: 7840 + 280*6 = 9520.
TEST(AttentionCost, OnnxAttention) {
  const OpCost four_d = NodeBuilder("Attention", "ai.onnx", 23)
                            .in({2, 4, 5, 8})
                            .in({2, 2, 7, 8})
                            .in({2, 2, 7, 6})
                            .attr_i("is_causal", 1)
                            .run();
  EXPECT_EQ(four_d.macs, 3920);
  EXPECT_EQ(four_d.flops, 9800);
  const OpCost three_d = NodeBuilder("Attention", "ai.onnx", 23)
                             .in({2, 5, 32})
                             .in({2, 7, 16})
                             .in({2, 7, 12})
                             .attr_i("q_num_heads", 4)
                             .attr_i("kv_num_heads", 2)
                             .run();
  EXPECT_EQ(three_d.macs, 3920);
  EXPECT_EQ(three_d.flops, 9520);
}

// RotaryEmbedding: com.microsoft input [1, 3, 16] with 2 heads of 8, cos_cache [10, 2]
// (rotary dim 4): 6 head rows * 4 rotated = 24 elements * 3 = 72. ai.onnx X [1, 2, 3, 8],
// cos_cache [10, 4] (rotary dim 8, whole head): 48 * 3 = 144.
TEST(AttentionCost, RotaryEmbedding) {
  EXPECT_EQ(NodeBuilder("RotaryEmbedding", "com.microsoft", 1)
                .in({1, 3, 16})
                .in({1, 3}, DataType::int64)
                .weight({10, 2})
                .weight({10, 2})
                .attr_i("num_heads", 2)
                .run()
                .flops,
            72);
  EXPECT_EQ(NodeBuilder("RotaryEmbedding", "ai.onnx", 23)
                .in({1, 2, 3, 8})
                .weight({10, 4})
                .weight({10, 4})
                .run()
                .flops,
            144);
}

TEST(AttentionCost, UnknownShapeThrows) {
  EXPECT_THROW(NodeBuilder("Attention", "com.microsoft", 1)
                   .in({2, kUnknownDim, 8})
                   .weight({8, 24})
                   .attr_i("num_heads", 2)
                   .run(),
               UnknownShape);
}

}  // namespace
}  // namespace infergy
