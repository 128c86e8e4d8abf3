// Fused attention ops. The core is scaled dot-product attention over B batches, N query heads,
// S query positions and T = past + new key positions:
//   scores = B*N*S*T; MACs = scores*head_k (Q K^T) + scores*head_v (probabilities x V)
//   FLOPs = 2*MACs + per score: 1 scale + 5 softmax (+1 mask or causal mask, +1 attention bias,
//           +3 softcap: divide, tanh, multiply)
// The count is dense: a causal or padding mask does not halve it (implementations that skip
// masked blocks do less), and a KV buffer shared at its maximum length is counted at the length
// its shape or total_sequence_length gives. Input projections are counted where the op does
// them (com.microsoft Attention, QAttention); the output projection is a separate MatMul.
#include "families.hpp"
#include "rule_helpers.hpp"

namespace infergy::cost {

namespace {

constexpr std::int64_t kRotaryFlops = 3;  // per rotated element: (x1 cos - x2 sin) is 2 mul + 1 add
constexpr std::size_t kNoSlot = 64;       // an input slot no node has: has_input() is false

struct AttentionShape {
  std::int64_t batch = 0;
  std::int64_t heads = 0;  // query heads
  std::int64_t q_seq = 0;
  std::int64_t total_seq = 0;
  std::int64_t head_k = 0;
  std::int64_t head_v = 0;
  std::int64_t per_score = 0;  // FLOPs per score besides scale and softmax
};

OpCost attention_core(const AttentionShape& a) {
  const std::int64_t scores = mul({a.batch, a.heads, a.q_seq, a.total_seq});
  const std::int64_t macs = add({mul({scores, a.head_k}), mul({scores, a.head_v})});
  return contraction(macs, mul({scores, add({1, kSoftmaxFlops, a.per_score})}));
}

OpCost plus(OpCost a, const OpCost& b) {
  a.macs = add({a.macs, b.macs});
  a.flops = add({a.flops, b.flops});
  return a;
}

std::int64_t heads_attr(const NodeContext& ctx, std::string_view name) {
  const std::int64_t n = ctx.node().attr_int(name, 0);
  if (n <= 0) {
    throw input_error(fmt::format("{}: attribute {} must be positive", ctx.node().op_type, name));
  }
  return n;
}

std::int64_t divide_exact(std::int64_t a, std::int64_t b, const NodeContext& ctx,
                          std::string_view what) {
  if (b <= 0 || a % b != 0) {
    throw input_error(
        fmt::format("{}: {} ({}) is not divisible by {}", ctx.node().op_type, what, a, b));
  }
  return a / b;
}

std::optional<std::int64_t> known_scalar(const NodeContext& ctx, std::size_t slot) {
  const auto v = known_ints(ctx, slot);
  if (!v || v->size() != 1) return std::nullopt;
  return v->front();
}

// com.microsoft Attention / QAttention share the layout: input (B, S, Din), weights
// (Din, Dq + Dk + Dv), past (2, B, N, P, H). `mask` and `attention_bias` name their slots.
struct PackedAttention {
  AttentionShape core;
  std::int64_t projection_macs = 0;
  std::int64_t projection_outputs = 0;  // B*S*(Dq + Dk + Dv)
};

PackedAttention packed_attention(const NodeContext& ctx, std::size_t mask_slot,
                                 std::size_t past_slot, std::size_t bias_slot) {
  const auto x = ctx.in_dims(0);
  const auto w = ctx.in_dims(1);
  const std::string& op = ctx.node().op_type;
  if (x.size() != 3 || w.size() != 2 || w[0] != x[2]) {
    throw input_error(fmt::format("{}: input must be (B, S, D) and weights (D, 3 hidden)", op));
  }
  const std::int64_t heads = heads_attr(ctx, "num_heads");
  auto sizes = ctx.node().attr_ints("qkv_hidden_sizes");
  if (sizes.empty()) {
    const std::int64_t each = divide_exact(w[1], 3, ctx, "weights' second dim");
    sizes = {each, each, each};
  }
  if (sizes.size() != 3 || add({sizes[0], sizes[1], sizes[2]}) != w[1]) {
    throw input_error(fmt::format("{}: qkv_hidden_sizes do not add up to {}", op, w[1]));
  }
  PackedAttention p;
  p.core.batch = x[0];
  p.core.q_seq = x[1];
  p.core.heads = heads;
  p.core.head_k = divide_exact(sizes[0], heads, ctx, "Q hidden size");
  p.core.head_v = divide_exact(sizes[2], heads, ctx, "V hidden size");
  std::int64_t past = 0;
  if (ctx.has_input(past_slot)) {
    const auto pd = ctx.in_dims(past_slot);
    if (pd.size() != 5) throw input_error(fmt::format("{}: past must be 5-D", op));
    past = pd[3];
    // A buffer shared with `present` has the maximum length; past_sequence_length (slot 6 of
    // Attention) then says how much of it holds keys.
    if (op == "Attention" && ctx.node().attr_int("past_present_share_buffer", 0) != 0) {
      if (const auto known = known_scalar(ctx, 6)) past = *known;
    }
  }
  p.core.total_seq = add({past, x[1]});
  const bool masked = ctx.has_input(mask_slot) || ctx.node().attr_int("unidirectional", 0) != 0;
  p.core.per_score = (masked ? 1 : 0) + (ctx.has_input(bias_slot) ? 1 : 0);
  p.projection_macs = mul({x[0], x[1], x[2], w[1]});
  p.projection_outputs = mul({x[0], x[1], w[1]});
  return p;
}

// Rotary embedding of Q and K inside Attention (do_rotary): 3 per rotated element.
std::int64_t inner_rotary(const NodeContext& ctx, const AttentionShape& a,
                          std::int64_t rotated_heads, std::int64_t rotary_dim) {
  if (ctx.node().attr_int("do_rotary", 0) == 0) return 0;
  return mul({a.batch, a.q_seq, rotated_heads, rotary_dim, kRotaryFlops});
}

// com.microsoft Attention: input, weights, bias, mask_index, past, attention_bias,
// past_sequence_length. Projection: MACs = B*S*Din*(Dq+Dk+Dv), bias 1 per projected element.
OpCost ms_attention(const NodeContext& ctx) {
  const PackedAttention p = packed_attention(ctx, 3, 4, 5);
  const std::int64_t bias = ctx.has_input(2) ? p.projection_outputs : 0;
  const std::int64_t rotary_dim = ctx.node().attr_int("rotary_embedding_dim", p.core.head_k);
  const std::int64_t rotary = inner_rotary(ctx, p.core, 2 * p.core.heads, rotary_dim);
  return plus(attention_core(p.core), contraction(p.projection_macs, add({bias, rotary})));
}

// com.microsoft QAttention: input, weight, bias, input_scale, weight_scale, mask_index,
// input_zero_point, weight_zero_point, past. The integer projection also subtracts the
// input's zero point (1 per input element) and scales each result to float (1 per projected
// element) before the bias (1).
OpCost q_attention(const NodeContext& ctx) {
  const PackedAttention p = packed_attention(ctx, 5, 8, kNoSlot);
  std::int64_t other = mul({p.projection_outputs, 1 + (ctx.has_input(2) ? 1 : 0)});
  if (zero_point_used(ctx, 6)) other = add({other, runtime_elements(ctx, 0)});
  if (zero_point_used(ctx, 7)) other = add({other, runtime_elements(ctx, 1)});
  return plus(attention_core(p.core), contraction(p.projection_macs, other));
}

// com.microsoft MultiHeadAttention: query, key, value, bias, key_padding_mask, attention_bias,
// past_key, past_value, past_sequence_length. Q/K/V come projected; Q (B, S, D) or packed QKV
// (B, S, N, 3, H); K (B, L, D), (B, N, L, H) (used as is, no past) or packed KV (B, L, N, 2, H);
// V (B, L, Dv) or (B, N, L, Hv). The bias adds 1 per element of the Q, K and V it applies to.
OpCost multi_head_attention(const NodeContext& ctx) {
  const auto q = ctx.in_dims(0);
  const std::int64_t heads = heads_attr(ctx, "num_heads");
  AttentionShape a;
  a.heads = heads;
  std::int64_t bias_elements = 0;
  std::int64_t kv_seq = 0;
  bool kv_cache_given = false;
  if (q.size() == 5) {
    if (q[3] != 3) throw input_error("MultiHeadAttention: packed QKV must be (B, S, N, 3, H)");
    a.batch = q[0];
    a.q_seq = q[1];
    a.head_k = a.head_v = q[4];
    kv_seq = q[1];
    bias_elements = product(q);
  } else if (q.size() == 3) {
    a.batch = q[0];
    a.q_seq = q[1];
    a.head_k = divide_exact(q[2], heads, ctx, "query hidden size");
    bias_elements = product(q);
    const auto k = ctx.in_dims(1);
    if (k.size() == 5) {
      kv_seq = k[1];
      a.head_v = k[4];
      bias_elements = add({bias_elements, product(k)});
    } else if (k.size() == 4) {
      kv_seq = k[2];
      kv_cache_given = true;
    } else if (k.size() == 3) {
      kv_seq = k[1];
      bias_elements = add({bias_elements, product(k)});
    } else {
      throw input_error("MultiHeadAttention: key must be 3-, 4- or 5-D");
    }
    if (k.size() != 5) {
      const auto v = ctx.in_dims(2);
      if (v.size() == 3) {
        a.head_v = divide_exact(v[2], heads, ctx, "value hidden size");
        bias_elements = add({bias_elements, product(v)});
      } else if (v.size() == 4) {
        a.head_v = v[3];
      } else {
        throw input_error("MultiHeadAttention: value must be 3- or 4-D");
      }
    }
  } else {
    throw input_error("MultiHeadAttention: query must be 3- or 5-D");
  }
  std::int64_t past = 0;
  if (ctx.has_input(6) && !kv_cache_given) {
    const auto pk = ctx.in_dims(6);
    if (pk.size() != 4) throw input_error("MultiHeadAttention: past_key must be 4-D");
    past = pk[2];
    if (const auto known = known_scalar(ctx, 8)) past = *known;
  }
  a.total_seq = add({past, kv_seq});
  const bool masked = ctx.has_input(4) || ctx.node().attr_int("unidirectional", 0) != 0;
  a.per_score = (masked ? 1 : 0) + (ctx.has_input(5) ? 1 : 0);
  return plus(attention_core(a), flops_only(ctx.has_input(3) ? bias_elements : 0));
}

std::int64_t softcap_flops(const NodeContext& ctx) {
  return ctx.node().attr_float("softcap", 0.0) > 0.0 ? 3 : 0;
}

// com.microsoft GroupQueryAttention: query, key, value, past_key, past_value, seqlens_k,
// total_sequence_length, cos_cache, sin_cache, position_ids, attention_bias. Always causal.
// Query (B, S, N*H), or packed (B, S, (N + 2*Nkv)*H) when key is absent; past (B, Nkv, P, H).
// T = total_sequence_length when known, else P + S. do_rotary rotates Q and K heads.
OpCost group_query_attention(const NodeContext& ctx) {
  const auto q = ctx.in_dims(0);
  if (q.size() != 3) throw input_error("GroupQueryAttention: query must be (B, S, hidden)");
  const std::int64_t heads = heads_attr(ctx, "num_heads");
  const std::int64_t kv_heads = heads_attr(ctx, "kv_num_heads");
  AttentionShape a;
  a.batch = q[0];
  a.q_seq = q[1];
  a.heads = heads;
  const std::int64_t packed_heads = ctx.has_input(1) ? heads : add({heads, mul({2, kv_heads})});
  a.head_k = a.head_v = divide_exact(q[2], packed_heads, ctx, "query hidden size");
  if (const auto total = known_scalar(ctx, 6)) {
    a.total_seq = *total;
  } else {
    const std::int64_t past = ctx.has_input(3) ? ctx.in_dims(3)[2] : 0;
    a.total_seq = add({past, q[1]});
  }
  a.per_score = 1 + (ctx.has_input(10) ? 1 : 0) + softcap_flops(ctx);
  std::int64_t rotary_dim = a.head_k;
  if (ctx.has_input(7)) rotary_dim = mul({2, ctx.in_dims(7).back()});
  const std::int64_t rotary = inner_rotary(ctx, a, add({heads, kv_heads}), rotary_dim);
  return plus(attention_core(a), flops_only(rotary));
}

// ai.onnx Attention (opset 23): Q (B, Nq, S, H) or (B, S, Nq*H), K (B, Nkv, L, H) or
// (B, L, Nkv*H), V likewise, attn_mask, past_key (B, Nkv, P, H), past_value.
OpCost onnx_attention(const NodeContext& ctx) {
  const auto q = ctx.in_dims(0);
  const auto k = ctx.in_dims(1);
  const auto v = ctx.in_dims(2);
  AttentionShape a;
  std::int64_t kv_seq = 0;
  if (q.size() == 4) {
    a.batch = q[0];
    a.heads = q[1];
    a.q_seq = q[2];
    a.head_k = q[3];
  } else if (q.size() == 3) {
    a.batch = q[0];
    a.q_seq = q[1];
    a.heads = heads_attr(ctx, "q_num_heads");
    a.head_k = divide_exact(q[2], a.heads, ctx, "Q hidden size");
  } else {
    throw input_error("Attention: Q must be 3- or 4-D");
  }
  if (k.size() == 4 && v.size() == 4) {
    kv_seq = k[2];
    a.head_v = v[3];
  } else if (k.size() == 3 && v.size() == 3) {
    kv_seq = k[1];
    a.head_v = divide_exact(v[2], heads_attr(ctx, "kv_num_heads"), ctx, "V hidden size");
  } else {
    throw input_error("Attention: K and V must both be 3-D or both 4-D");
  }
  const std::int64_t past = ctx.has_input(4) ? ctx.in_dims(4)[2] : 0;
  a.total_seq = add({past, kv_seq});
  a.per_score = (ctx.has_input(3) ? 1 : 0) + (ctx.node().attr_int("is_causal", 0) != 0 ? 1 : 0) +
                softcap_flops(ctx);
  return attention_core(a);
}

// RotaryEmbedding: rotates the first rotary_dim elements of each head by position-dependent
// angles: 3 FLOPs per rotated element. X is (B, S, hidden) with num_heads, or (B, N, S, H);
// rotary_dim is the attribute, else twice the cache's last dim.
OpCost rotary_impl(const NodeContext& ctx, std::size_t cos_slot) {
  const auto x = ctx.in_dims(0);
  const auto cos = ctx.in_dims(cos_slot);
  if (cos.empty()) throw input_error("RotaryEmbedding: cos_cache must have a last dim");
  std::int64_t rotary_dim = ctx.node().attr_int("rotary_embedding_dim", 0);
  if (rotary_dim <= 0) rotary_dim = mul({2, cos.back()});
  std::int64_t head = 0;
  if (x.size() == 4) {
    head = x[3];
  } else if (x.size() == 3) {
    const std::int64_t heads = ctx.node().attr_int("num_heads", 0);
    head = heads > 0 ? divide_exact(x[2], heads, ctx, "hidden size") : rotary_dim;
  } else {
    throw input_error("RotaryEmbedding: input must be 3- or 4-D");
  }
  if (rotary_dim > head) {
    throw input_error(
        fmt::format("RotaryEmbedding: rotary dim {} exceeds head size {}", rotary_dim, head));
  }
  const std::int64_t rotated = mul({product(x) / head, rotary_dim});
  return flops_only(mul({rotated, kRotaryFlops}));
}

OpCost ms_rotary(const NodeContext& ctx) {
  return rotary_impl(ctx, 2);
}

OpCost onnx_rotary(const NodeContext& ctx) {
  return rotary_impl(ctx, 1);
}

}  // namespace

void register_attention_rules(CostRegistry& r) {
  add_rules(
      r, "ai.onnx", "attention",
      {
          {"Attention",
           "scores = B*Nq*S*(P+L); MACs = scores*(head_k + head_v); FLOPs = 2*MACs + per score "
           "6 (scale, softmax 5) + 1 attn_mask + 1 is_causal + 3 softcap",
           onnx_attention, slots({6})},
          {"RotaryEmbedding", "FLOPs = 3 per rotated element (rotary_dim of each head)",
           onnx_rotary, slots({3})},
      });
  add_rules(
      r, "com.microsoft", "attention",
      {
          {"Attention",
           "QKV projection MACs = B*S*Din*(Dq+Dk+Dv) (+1 per projected element for bias); "
           "scores = B*N*S*(P+S); MACs += scores*(head_k + head_v); FLOPs = 2*MACs + per score 6 "
           "(+1 mask or unidirectional, +1 attention_bias)",
           ms_attention, slots({3, 6})},
          {"QAttention",
           "as Attention with an integer projection: + zero-point subtraction, + 1 per "
           "projected element to scale to float",
           q_attention, slots({3, 4, 5, 6, 7})},
          {"MultiHeadAttention",
           "scores = B*N*S*(P+L); MACs = scores*(head_k + head_v); FLOPs = 2*MACs + per score 6 "
           "(+1 key_padding_mask or unidirectional, +1 attention_bias) + 1 per Q/K/V element "
           "for bias",
           multi_head_attention, slots({4, 8, 9})},
          {"GroupQueryAttention",
           "scores = B*N*S*T (T = total_sequence_length or P+S); MACs = 2*scores*head; FLOPs = "
           "2*MACs + per score 7 (scale, causal mask, softmax 5) + 1 attention_bias + 3 softcap "
           "+ 3 per rotated Q/K element with do_rotary",
           group_query_attention, slots({5, 6, 9})},
          {"RotaryEmbedding", "FLOPs = 3 per rotated element (rotary_dim of each head)", ms_rotary,
           slots({1})},
      });
}

}  // namespace infergy::cost
