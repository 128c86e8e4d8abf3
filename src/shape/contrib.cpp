// Shape rules of ONNX Runtime's com.microsoft operators (the fused ops that ORT's transformer
// optimiser and exporters emit). libonnx does not know these ops, so they need native rules.
// Shapes follow ONNX Runtime's ContribOperators.md.
#include <fmt/format.h>

#include "context.hpp"

namespace infergy::shape {

namespace {

// ---- Attribute checks (ContribOperators.md) ----

// Attention ops: a positive head count; GroupQueryAttention's query heads a multiple of its
// key/value heads.
void check_heads(const ShapeContext& ctx) {
  require_int_at_least(ctx, "num_heads", 1);
  require_int_at_least(ctx, "kv_num_heads", 1);
  require_flag(ctx, "unidirectional");
  const std::int64_t heads = ctx.node().attr_int("num_heads", 1);
  const std::int64_t kv = ctx.node().attr_int("kv_num_heads", 1);
  if (heads >= 1 && kv >= 1 && heads % kv != 0) {
    ctx.fail(fmt::format("num_heads {} is not a multiple of kv_num_heads {}", heads, kv));
  }
}

// MatMulNBits: K, N >= 1, bits in [1, 8], block_size "a power of 2 and not smaller than 16".
void check_matmul_nbits(const ShapeContext& ctx) {
  require_int_at_least(ctx, "K", 1);
  require_int_at_least(ctx, "N", 1);
  const std::int64_t bits = ctx.node().attr_int("bits", 4);
  if (bits < 1 || bits > 8)
    ctx.fail(fmt::format("attribute bits must lie in [1, 8] (got {})", bits));
  const Attribute* block = ctx.node().attr("block_size");
  if (block != nullptr && (block->i < 16 || (block->i & (block->i - 1)) != 0)) {
    ctx.fail(
        fmt::format("attribute block_size must be a power of 2, at least 16 (got {})", block->i));
  }
}

void check_transposes(const ShapeContext& ctx) {
  require_flag(ctx, "transA");
  require_flag(ctx, "transB");
}

// ---- Rules ----

void unary(ShapeContext& ctx) {
  same_as_input(ctx);
}

void binary_broadcast(ShapeContext& ctx) {
  ctx.set(0, ctx.dtype(0), broadcast(ctx, ctx.dims(0), ctx.dims(1)));
}

// FusedMatMul: MatMul with optional transposes of the last two axes of A and B.
void fused_matmul(ShapeContext& ctx) {
  MaybeDims a = ctx.dims(0), b = ctx.dims(1);
  const auto swap_last = [](MaybeDims& d) {
    if (d && d->size() >= 2) std::swap((*d)[d->size() - 1], (*d)[d->size() - 2]);
  };
  if (ctx.node().attr_int("transA", 0) != 0) swap_last(a);
  if (ctx.node().attr_int("transB", 0) != 0) swap_last(b);
  ctx.set(0, ctx.dtype(0), matmul_dims(ctx, a, b));
}

// MatMulNBits: A [..., K] times a block-quantised B of logical shape [K, N] (attributes K, N).
void matmul_nbits(ShapeContext& ctx) {
  MaybeDims a = ctx.dims(0);
  const std::int64_t n = ctx.node().attr_int("N", kUnknownDim);
  if (a && !a->empty()) a->back() = n;
  ctx.set(0, ctx.dtype(0), a);
}

void matmul_integer_to_float(ShapeContext& ctx) {
  ctx.set(0, ctx.dtype(2), matmul_dims(ctx, ctx.dims(0), ctx.dims(1)));
}

// SkipLayerNormalization: output like input; mean and inv_std_var [.., 1] (training outputs);
// input_skip_bias_sum like input.
void skip_layer_norm(ShapeContext& ctx) {
  same_as_input(ctx);
  MaybeDims stats = ctx.dims(0);
  if (stats && !stats->empty()) stats->back() = 1;
  ctx.set(1, DataType::float32, stats);
  ctx.set(2, DataType::float32, stats);
  ctx.set(3, ctx.dtype(0), ctx.dims(0));
}

void layer_norm(ShapeContext& ctx) {
  same_as_input(ctx);
  MaybeDims stats = ctx.dims(0);
  if (stats) {
    const auto axis =
        ctx.axis(ctx.node().attr_int("axis", -1), static_cast<std::int64_t>(stats->size()));
    for (auto i = static_cast<std::size_t>(axis); i < stats->size(); ++i) (*stats)[i] = 1;
  }
  ctx.set(1, DataType::float32, stats);
  ctx.set(2, DataType::float32, stats);
}

// EmbedLayerNormalization: input_ids [B, S], word_embedding [V, H] -> output [B, S, H],
// mask_index [B], embedding_sum [B, S, H].
void embed_layer_norm(ShapeContext& ctx) {
  const MaybeDims ids = ctx.dims(0), words = ctx.dims(2);
  const std::int64_t hidden = words && words->size() == 2 ? (*words)[1] : kUnknownDim;
  const std::int64_t batch = ids && ids->size() == 2 ? (*ids)[0] : kUnknownDim;
  const std::int64_t seq = ids && ids->size() == 2 ? (*ids)[1] : kUnknownDim;
  ctx.set(0, ctx.dtype(2), Dims{batch, seq, hidden});
  ctx.set(1, DataType::int32, Dims{batch});
  ctx.set(2, ctx.dtype(2), Dims{batch, seq, hidden});
}

// Attention: input [B, S, D_in], weights [D_in, D_q + D_k + D_v] -> output [B, S, D_v];
// present [2, B, heads, S_past + S, head_size].
void attention(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0), w = ctx.dims(1);
  const Node& n = ctx.node();
  const Dims qkv = n.attr_ints("qkv_hidden_sizes");
  std::int64_t v_hidden = kUnknownDim;
  if (qkv.size() == 3) {
    v_hidden = qkv[2];
  } else if (w && w->size() == 2 && (*w)[1] >= 0) {
    if ((*w)[1] % 3 != 0) ctx.fail("Attention weights' second dim is not divisible by 3");
    v_hidden = (*w)[1] / 3;
  }
  const std::int64_t batch = x && x->size() == 3 ? (*x)[0] : kUnknownDim;
  const std::int64_t seq = x && x->size() == 3 ? (*x)[1] : kUnknownDim;
  ctx.set(0, ctx.dtype(0), Dims{batch, seq, v_hidden});
  const std::int64_t heads = n.attr_int("num_heads", kUnknownDim);
  if (ctx.has_output(1)) {
    const MaybeDims past = ctx.dims(4);
    const std::int64_t past_len = past && past->size() == 5 ? (*past)[3] : 0;
    const std::int64_t total = seq >= 0 && past_len >= 0 ? ctx.add(seq, past_len) : kUnknownDim;
    const std::int64_t head = heads > 0 && v_hidden >= 0 ? v_hidden / heads : kUnknownDim;
    ctx.set(1, ctx.dtype(0), Dims{2, batch, heads, total, head});
  }
}

// MultiHeadAttention: query [B, S, D]; value [B, L, D_v] (or packed) -> output [B, S, D_v].
void multi_head_attention(ShapeContext& ctx) {
  const MaybeDims q = ctx.dims(0), v = ctx.dims(2);
  MaybeDims out;
  if (q && q->size() == 3) {
    out = Dims{(*q)[0], (*q)[1], v && v->size() == 3 ? v->back() : (*q)[2]};
  } else if (q && q->size() == 5) {  // packed QKV [B, S, N, 3, H]
    out = Dims{(*q)[0], (*q)[1],
               (*q)[2] >= 0 && (*q)[4] >= 0 ? ctx.mul((*q)[2], (*q)[4]) : kUnknownDim};
  }
  ctx.set(0, ctx.dtype(0), out);
}

// GroupQueryAttention: query [B, S, D] -> output [B, S, D] (packed QKV: D from num_heads).
void group_query_attention(ShapeContext& ctx) {
  const MaybeDims q = ctx.dims(0);
  MaybeDims out = q;
  const Node& n = ctx.node();
  if (q && q->size() == 3 && !ctx.has_input(1)) {  // packed: D = (N + 2·N_kv)·H
    const std::int64_t heads = n.attr_int("num_heads", 0), kv = n.attr_int("kv_num_heads", 0);
    if (heads > 0 && kv > 0 && (*q)[2] >= 0) {
      (*out)[2] = ctx.mul((*q)[2] / ctx.add(heads, ctx.mul(2, kv)), heads);
    }
  }
  ctx.set(0, ctx.dtype(0), out);
}

void qlinear_binary(ShapeContext& ctx) {
  ctx.set(0, ctx.dtype(0), broadcast(ctx, ctx.dims(0), ctx.dims(3)));
}

void qgemm(ShapeContext& ctx) {
  const MaybeDims a = ctx.dims(0), b = ctx.dims(3);
  if (!a || !b || a->size() != 2 || b->size() != 2) {
    ctx.set(0, DataType::float32, std::nullopt);
    return;
  }
  const bool ta = ctx.node().attr_int("transA", 0) != 0;
  const bool tb = ctx.node().attr_int("transB", 0) != 0;
  const DataType out_type = ctx.has_input(8) ? ctx.dtype(8) : DataType::float32;
  ctx.set(0, out_type, Dims{ta ? (*a)[1] : (*a)[0], tb ? (*b)[0] : (*b)[1]});
}

}  // namespace

void add_contrib_shape_rules(std::vector<ShapeRuleEntry>& out) {
  add_shape_rules(out, "com.microsoft",
                  {
                      {"Gelu", unary},
                      {"FastGelu", unary},
                      {"QuickGelu", unary},
                      {"BiasGelu", unary},
                      {"RotaryEmbedding", unary},
                      {"BiasSoftmax", unary},
                      {"QuantizeLinear", unary},
                      {"DequantizeLinear", unary},
                      {"BiasAdd", binary_broadcast},
                      {"FusedMatMul", fused_matmul, check_transposes},
                      {"MatMulNBits", matmul_nbits, check_matmul_nbits},
                      {"MatMulIntegerToFloat", matmul_integer_to_float},
                      {"SkipLayerNormalization", skip_layer_norm},
                      {"SkipSimplifiedLayerNormalization", skip_layer_norm},
                      {"LayerNormalization", layer_norm},
                      {"SimplifiedLayerNormalization", layer_norm},
                      {"EmbedLayerNormalization", embed_layer_norm},
                      {"Attention", attention, check_heads},
                      {"MultiHeadAttention", multi_head_attention, check_heads},
                      {"GroupQueryAttention", group_query_attention, check_heads},
                      {"QLinearAdd", qlinear_binary},
                      {"QLinearMul", qlinear_binary},
                      {"QGemm", qgemm, check_transposes},
                  });
  // ONNX Runtime's exporters also write its RMS norm in the default domain.
  add_shape_rules(out, "ai.onnx", {{"SimplifiedLayerNormalization", layer_norm}});
}

}  // namespace infergy::shape
