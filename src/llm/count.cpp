// Counting a decoder from its architecture: parameters per tensor group, weight bytes at the
// checkpoint's formats, KV cache, and the MACs and FLOPs of a forward pass. The convention (and
// why each elementwise cost is what it is) is in docs/llm.md; under AttentionConvention::graph
// it equals `infergy analyze` of an exported graph exactly (tests/integration/llm_onnx_test).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "infergy/error.hpp"
#include "infergy/llm.hpp"
#include "llm/count_detail.hpp"

namespace infergy::llm {

double activation_flops(Activation a) {
  switch (a) {
    case Activation::silu:
      return 5;  // Sigmoid 4 + Mul 1
    case Activation::gelu:
      return 5;
    case Activation::gelu_tanh:
      return 9;
    case Activation::relu2:
      return 2;
  }
  return 5;
}

namespace {

using std::int64_t;

std::size_t gi(TensorGroup g) {
  return static_cast<std::size_t>(g);
}

// Parameters of one layer by group: matrices (quantizable) and vectors (norms, biases, sinks,
// the Mamba convolution and its per-head scalars).
struct LayerParams {
  std::array<int64_t, kTensorGroups> matrices{};
  int64_t vectors = 0;
  int64_t expert = 0;  // one routed expert (matrices and biases)
  int64_t experts = 0;
  int64_t top_k = 0;
};

int64_t norm_params(Norm n, int64_t width) {
  return n == Norm::layer ? 2 * width : width;
}

LayerParams layer_params(const Architecture& arch, const Layer& l) {
  LayerParams p;
  const int64_t h = arch.hidden;
  auto& m = p.matrices;
  switch (l.mixer) {
    case MixerKind::attention: {
      const Attention& a = l.attention;
      const int64_t q = a.heads * a.head_dim, k = a.kv_heads * a.head_dim,
                    v = a.kv_heads * a.v_head_dim, o = a.heads * a.v_head_dim;
      m[gi(TensorGroup::attention)] += h * (q + k + v) + o * h;
      if (a.qkv_bias) p.vectors += q + k + v;
      if (a.out_bias) p.vectors += h;
      if (a.qk_norm && a.qk_norm_weights) p.vectors += 2 * a.head_dim;
      if (a.sinks) p.vectors += a.heads;
      break;
    }
    case MixerKind::mla: {
      const Mla& a = l.mla;
      const int64_t qk = a.qk_nope_head_dim + a.qk_rope_head_dim;
      int64_t mats = 0;
      if (a.q_lora_rank > 0) {
        mats += h * a.q_lora_rank + a.q_lora_rank * a.heads * qk;
        p.vectors += a.q_lora_rank;  // q_a_layernorm
      } else {
        mats += h * a.heads * qk;
      }
      mats += h * (a.kv_lora_rank + a.qk_rope_head_dim);                       // kv_a_proj_with_mqa
      mats += a.kv_lora_rank * a.heads * (a.qk_nope_head_dim + a.v_head_dim);  // kv_b_proj
      mats += a.heads * a.v_head_dim * h;                                      // o_proj
      p.vectors += a.kv_lora_rank;                                             // kv_a_layernorm
      m[gi(TensorGroup::attention)] += mats;
      break;
    }
    case MixerKind::mamba2: {
      const Mamba2& s = l.mamba;
      const int64_t in = 2 * s.inner() + 2 * s.groups * s.state_size + s.heads;
      m[gi(TensorGroup::ssm)] += h * in + s.inner() * h;
      if (s.proj_bias) p.vectors += in + h;
      p.vectors += s.conv_channels() * s.conv_kernel + (s.conv_bias ? s.conv_channels() : 0);
      p.vectors += 3 * s.heads + s.inner();  // dt_bias, A_log, D; the gated norm
      break;
    }
    case MixerKind::none:
      break;
  }
  const Ffn& f = l.ffn;
  switch (f.kind) {
    case Ffn::Kind::dense:
      m[gi(TensorGroup::mlp)] += (f.gated ? 3 : 2) * h * f.intermediate;
      if (f.bias) p.vectors += (f.gated ? 2 : 1) * f.intermediate + h;
      break;
    case Ffn::Kind::moe: {
      m[gi(TensorGroup::router)] += h * f.experts;
      if (f.router_bias) p.vectors += f.experts;
      const int64_t one = 3 * h * f.expert_intermediate;
      const int64_t one_bias = f.expert_bias ? 2 * f.expert_intermediate + h : 0;
      m[gi(TensorGroup::experts)] += f.experts * one;
      p.vectors += f.experts * one_bias;
      p.expert = one + one_bias;
      p.experts = f.experts;
      p.top_k = f.top_k;
      m[gi(TensorGroup::shared_experts)] += f.shared_experts * 3 * h * f.shared_intermediate;
      break;
    }
    case Ffn::Kind::none:
      break;
  }
  p.vectors += l.norms * norm_params(arch.norm, h);
  return p;
}

void check(const Architecture& arch) {
  if (arch.layers.empty() || arch.hidden <= 0 || arch.vocab <= 0) {
    throw input_error(
        fmt::format("{}: an architecture needs layers, a hidden size and a vocabulary",
                    arch.model_type.empty() ? "model" : arch.model_type));
  }
}

}  // namespace

ParamCount count_params(const Architecture& arch) {
  check(arch);
  ParamCount c;
  const int64_t h = arch.hidden;
  c.matrices[gi(TensorGroup::embedding)] = arch.vocab * h + arch.learned_positions * h;
  if (!arch.tied_embeddings) c.matrices[gi(TensorGroup::lm_head)] = arch.vocab * h;
  c.vectors = norm_params(arch.norm, h);  // final norm
  int64_t inactive = 0;
  for (const Layer& l : arch.layers) {
    const LayerParams p = layer_params(arch, l);
    for (std::size_t g = 0; g < kTensorGroups; ++g) c.matrices[g] += p.matrices[g];
    c.vectors += p.vectors;
    c.routed_expert += p.expert;
    inactive += (p.experts - p.top_k) * p.expert;
  }
  for (auto v : c.matrices) c.total += v;
  c.total += c.vectors;
  c.active = c.total - inactive;
  return c;
}

namespace detail {

WeightSplit weight_split(const Architecture& arch, const WeightFormats& f) {
  check(arch);
  WeightSplit s;
  const double base = storage_bytes(f.base);
  const int64_t h = arch.hidden;
  s.embedding = static_cast<double>(arch.vocab * h + arch.learned_positions * h) *
                storage_bytes(f.of(TensorGroup::embedding, -1));
  s.global = s.embedding + static_cast<double>(norm_params(arch.norm, h)) * base;
  if (!arch.tied_embeddings)
    s.global += static_cast<double>(arch.vocab * h) * storage_bytes(f.of(TensorGroup::lm_head, -1));
  for (std::size_t i = 0; i < arch.layers.size(); ++i) {
    const auto layer = static_cast<int64_t>(i);
    const LayerParams p = layer_params(arch, arch.layers[i]);
    LayerBytes b;
    for (TensorGroup g : all_tensor_groups()) {
      if (g == TensorGroup::experts) continue;
      b.dense += static_cast<double>(p.matrices[gi(g)]) * storage_bytes(f.of(g, layer));
    }
    // Vectors at the base dtype; an expert's biases travel with it.
    const int64_t expert_vectors =
        p.expert - (p.experts ? p.matrices[gi(TensorGroup::experts)] / p.experts : 0);
    b.dense += static_cast<double>(p.vectors - p.experts * expert_vectors) * base;
    if (p.experts > 0) {
      const int64_t expert_matrix = p.matrices[gi(TensorGroup::experts)] / p.experts;
      b.expert =
          static_cast<double>(expert_matrix) * storage_bytes(f.of(TensorGroup::experts, layer)) +
          static_cast<double>(expert_vectors) * base;
      b.experts = p.experts;
      b.top_k = p.top_k;
    }
    s.layers.push_back(b);
  }
  return s;
}

double attended_keys(Window window, int64_t w, int64_t first, int64_t last) {
  if (last <= first) return 0;
  const auto sum_to = [](double n) { return n * (n + 1) / 2; };  // 1 + 2 + ... + n
  const double a = static_cast<double>(first), b = static_cast<double>(last);
  switch (window) {
    case Window::full:
      return sum_to(b) - sum_to(a);
    case Window::sliding: {
      // keys of query q: min(q + 1, w); over m = q + 1 in (a, b].
      const double wd = static_cast<double>(w);
      const double growing_end = std::min(b, wd);
      double total = growing_end > a ? sum_to(growing_end) - sum_to(a) : 0;
      total += std::max(0.0, b - std::max(a, wd)) * wd;
      return total;
    }
    case Window::chunked: {
      // keys of query q: (q mod w) + 1; prefix sums over whole chunks and the rest.
      const auto prefix = [&](int64_t n) {
        const int64_t chunks = n / w, rest = n % w;
        return static_cast<double>(chunks) * sum_to(static_cast<double>(w)) +
               sum_to(static_cast<double>(rest));
      };
      return prefix(last) - prefix(first);
    }
  }
  return 0;
}

double layer_kv_bytes_per_token(const Layer& l, NumberFormat kv) {
  const double b = storage_bytes(kv);
  switch (l.mixer) {
    case MixerKind::attention:
      return static_cast<double>(l.attention.kv_heads *
                                 (l.attention.head_dim + l.attention.v_head_dim)) *
             b;
    case MixerKind::mla:
      return static_cast<double>(l.mla.kv_lora_rank + l.mla.qk_rope_head_dim) * b;
    case MixerKind::mamba2:
    case MixerKind::none:
      return 0;
  }
  return 0;
}

}  // namespace detail

double weight_bytes(const Architecture& arch, const WeightFormats& formats) {
  const auto s = detail::weight_split(arch, formats);
  double total = s.global;
  for (const auto& l : s.layers) total += l.dense + l.expert * static_cast<double>(l.experts);
  return total;
}

double kv_bytes_per_token(const Architecture& arch, NumberFormat kv) {
  double total = 0;
  for (const Layer& l : arch.layers) total += detail::layer_kv_bytes_per_token(l, kv);
  return total;
}

double detail::layer_state_bytes(const Layer& l, NumberFormat conv, NumberFormat ssm) {
  if (l.mixer != MixerKind::mamba2) return 0;
  const Mamba2& s = l.mamba;
  return static_cast<double>(s.conv_channels() * (s.conv_kernel - 1)) * storage_bytes(conv) +
         static_cast<double>(s.heads * s.head_dim * s.state_size) * storage_bytes(ssm);
}

double state_bytes(const Architecture& arch, NumberFormat conv, NumberFormat ssm) {
  double total = 0;
  for (const Layer& l : arch.layers) total += detail::layer_state_bytes(l, conv, ssm);
  return total;
}

double cache_bytes(const Architecture& arch, std::int64_t context, NumberFormat kv,
                   NumberFormat ssm) {
  double total = state_bytes(arch, kv, ssm);
  for (const Layer& l : arch.layers) {
    const double per = detail::layer_kv_bytes_per_token(l, kv);
    if (per == 0) continue;
    std::int64_t held = context;
    if (l.mixer == MixerKind::attention && l.attention.window != Window::full)
      held = std::min(context, l.attention.window_size);
    total += per * static_cast<double>(held);
  }
  return total;
}

double forward_bytes(const Architecture& arch, const WeightFormats& weights, NumberFormat kv,
                     std::int64_t new_tokens, std::int64_t past, NumberFormat ssm) {
  if (new_tokens < 1 || past < 0) {
    throw usage_error(fmt::format(
        "a forward pass needs at least 1 new token and past >= 0 (got {}, {})", new_tokens, past));
  }
  const auto split = detail::weight_split(arch, weights);
  const double tokens = static_cast<double>(new_tokens);
  double bytes = split.global - split.embedding +
                 split.embedding * std::min(tokens, static_cast<double>(arch.vocab)) /
                     static_cast<double>(arch.vocab);
  for (std::size_t i = 0; i < arch.layers.size(); ++i) {
    const auto& l = split.layers[i];
    bytes += l.dense + l.expert * expected_experts_touched(l.experts, l.top_k, tokens);
    const Layer& layer = arch.layers[i];
    const double per = detail::layer_kv_bytes_per_token(layer, kv);
    std::int64_t held = past;
    if (layer.mixer == MixerKind::attention && layer.attention.window != Window::full)
      held = std::min(past, layer.attention.window_size);
    bytes += per * (static_cast<double>(held) + tokens);
    bytes += 2 * detail::layer_state_bytes(layer, kv, ssm);
  }
  return bytes;
}

double expected_experts_touched(std::int64_t experts, std::int64_t top_k, double tokens) {
  if (experts <= 0 || top_k <= 0 || tokens <= 0) return 0;
  const double e = static_cast<double>(experts);
  const double miss = 1.0 - static_cast<double>(std::min(top_k, experts)) / e;
  return e * (1.0 - std::pow(miss, tokens));
}

namespace {

// Elementwise cost of one norm application over `width` elements (docs/counting.md's
// SimplifiedLayerNormalization: 4 per element + 3 per row; LayerNormalization with a bias:
// 7 per element + 6 per row).
double norm_flops(Norm n, double width) {
  return n == Norm::layer ? 7 * width + 6 : 4 * width + 3;
}

struct Tally {
  double macs = 0, attention_macs = 0, elementwise = 0;
};

void count_attention(const Architecture& arch, const Attention& a, double t, std::int64_t past,
                     std::int64_t new_tokens, AttentionConvention conv, Tally& c) {
  const double h = static_cast<double>(arch.hidden);
  const double q = static_cast<double>(a.heads * a.head_dim),
               k = static_cast<double>(a.kv_heads * a.head_dim),
               v = static_cast<double>(a.kv_heads * a.v_head_dim),
               o = static_cast<double>(a.heads * a.v_head_dim);
  c.macs += t * (h * (q + k + v) + o * h);
  if (a.qkv_bias) c.elementwise += t * (q + k + v);
  if (a.out_bias) c.elementwise += t * h;
  const double heads = static_cast<double>(a.heads), kvh = static_cast<double>(a.kv_heads);
  if (a.qk_norm)
    c.elementwise += t * (heads + kvh) * norm_flops(Norm::rms, static_cast<double>(a.head_dim));
  c.elementwise += 3 * t * (heads + kvh) * static_cast<double>(a.rotary_dim);
  const double keys = conv == AttentionConvention::graph
                          ? t * static_cast<double>(past + new_tokens)
                          : detail::attended_keys(a.window, a.window_size, past, past + new_tokens);
  const double scores = heads * keys;
  const double m = scores * static_cast<double>(a.head_dim + a.v_head_dim);
  c.macs += m;
  c.attention_macs += m;
  // scale 1 + softmax 5 per score; the graph's additive mask 1; Gemma 2's soft-cap 3.
  double per_score = 6 + (conv == AttentionConvention::graph ? 1 : 0);
  if (a.logit_softcap > 0) per_score += 3;
  c.elementwise += scores * per_score;
  if (a.sinks) c.elementwise += 5 * heads * t;  // one more logit per head in the softmax
}

void count_mla(const Architecture& arch, const Mla& a, double t, std::int64_t past,
               std::int64_t new_tokens, Tally& c) {
  const double h = static_cast<double>(arch.hidden), heads = static_cast<double>(a.heads);
  const double nope = static_cast<double>(a.qk_nope_head_dim),
               rope = static_cast<double>(a.qk_rope_head_dim),
               vd = static_cast<double>(a.v_head_dim), lora = static_cast<double>(a.kv_lora_rank),
               ql = static_cast<double>(a.q_lora_rank);
  if (a.q_lora_rank > 0) {
    c.macs += t * (h * ql + ql * heads * (nope + rope));
    c.elementwise += t * norm_flops(Norm::rms, ql);
  } else {
    c.macs += t * h * heads * (nope + rope);
  }
  c.macs += t * h * (lora + rope);
  c.elementwise += t * norm_flops(Norm::rms, lora);
  c.elementwise += 3 * t * (heads * rope + rope);
  const double keys = detail::attended_keys(Window::full, 0, past, past + new_tokens);
  const double scores = heads * keys;
  double m = 0;
  if (new_tokens == 1) {
    // Absorbed (decode): queries into the latent, attention over the latent cache, values out.
    c.macs += t * heads * nope * lora + t * heads * lora * vd;
    m = scores * (lora + rope) + scores * lora;
  } else {
    // Naive (prefill): K and V of every key decompressed, multi-head attention on them.
    c.macs += static_cast<double>(past + new_tokens) * lora * heads * (nope + vd);
    m = scores * (nope + rope) + scores * vd;
  }
  c.macs += m;
  c.attention_macs += m;
  c.macs += t * heads * vd * h;
  c.elementwise += scores * 6;
}

void count_mamba(const Architecture& arch, const Mamba2& s, double t, Tally& c) {
  const double h = static_cast<double>(arch.hidden), inner = static_cast<double>(s.inner()),
               state = static_cast<double>(s.state_size), heads = static_cast<double>(s.heads),
               conv = static_cast<double>(s.conv_channels()),
               groups = static_cast<double>(s.groups);
  const double in = 2 * inner + 2 * groups * state + heads;
  c.macs +=
      t * (h * in + conv * static_cast<double>(s.conv_kernel) + 2 * inner * state + inner * h);
  if (s.proj_bias) c.elementwise += t * (in + h);
  double e = (s.conv_bias ? conv : 0) + 5 * conv;  // conv bias, SiLU
  e += 5 * heads;                                  // dt: bias, softplus, exp(dt·A)
  e += inner * state;                              // decay of the state
  e += 2 * inner;                                  // D skip: multiply, add
  e += 6 * inner;                                  // gate: y · silu(z)
  e += 4 * inner + 3 * groups;                     // gated RMS norm per group
  c.elementwise += t * e;
}

void count_ffn(const Architecture& arch, const Ffn& f, double t, Tally& c) {
  const double h = static_cast<double>(arch.hidden), act = activation_flops(f.activation);
  switch (f.kind) {
    case Ffn::Kind::dense: {
      const double i = static_cast<double>(f.intermediate);
      c.macs += t * (f.gated ? 3 : 2) * h * i;
      c.elementwise += t * i * (act + (f.gated ? 1 : 0));
      if (f.bias) c.elementwise += t * ((f.gated ? 2 : 1) * i + h);
      break;
    }
    case Ffn::Kind::moe: {
      const double e = static_cast<double>(f.experts), k = static_cast<double>(f.top_k),
                   i = static_cast<double>(f.expert_intermediate),
                   s = static_cast<double>(f.shared_experts * f.shared_intermediate);
      c.macs += t * h * e;                                  // router
      c.elementwise += t * e * (f.sigmoid_router ? 4 : 5);  // its scores
      if (f.router_bias) c.elementwise += t * e;
      c.macs += t * k * 3 * h * i;
      c.elementwise += t * k * i * (act + 1);
      if (f.expert_bias) c.elementwise += t * k * (2 * i + h);
      c.elementwise += t * (2 * k - 1) * h;  // weight each expert's output, sum them
      if (s > 0) {
        c.macs += t * 3 * h * s;
        c.elementwise += t * (s * (act + 1) + h);
      }
      break;
    }
    case Ffn::Kind::none:
      break;
  }
}

}  // namespace

ForwardCount count_forward(const Architecture& arch, std::int64_t new_tokens, std::int64_t past,
                           AttentionConvention conv) {
  check(arch);
  if (new_tokens < 1 || past < 0) {
    throw usage_error(fmt::format(
        "a forward pass needs at least 1 new token and past >= 0 (got {}, {})", new_tokens, past));
  }
  const double t = static_cast<double>(new_tokens), h = static_cast<double>(arch.hidden);
  Tally c;
  if (arch.embedding_scale) c.elementwise += t * h;
  if (arch.learned_positions > 0) c.elementwise += t * h;
  for (const Layer& l : arch.layers) {
    c.elementwise += static_cast<double>(l.norms) * t * norm_flops(arch.norm, h);
    switch (l.mixer) {
      case MixerKind::attention:
        count_attention(arch, l.attention, t, past, new_tokens, conv, c);
        break;
      case MixerKind::mla:
        count_mla(arch, l.mla, t, past, new_tokens, c);
        break;
      case MixerKind::mamba2:
        count_mamba(arch, l.mamba, t, c);
        break;
      case MixerKind::none:
        break;
    }
    if (l.mixer != MixerKind::none) c.elementwise += t * h;  // residual
    count_ffn(arch, l.ffn, t, c);
    if (l.ffn.kind != Ffn::Kind::none) c.elementwise += t * h;  // residual
  }
  c.elementwise += t * norm_flops(arch.norm, h);  // final norm over the new tokens
  const double v = static_cast<double>(arch.vocab);
  c.macs += h * v;  // logits of the last token
  if (arch.final_logit_softcap > 0) c.elementwise += 3 * v;
  ForwardCount f;
  f.macs = c.macs;
  f.attention_macs = c.attention_macs;
  f.elementwise_flops = c.elementwise;
  f.flops = 2 * c.macs + c.elementwise;
  return f;
}

namespace detail {

double projection_flops_per_token(const Architecture& arch) {
  // One token with no past has one key per attention layer; take the matrix work without it.
  const ForwardCount f = count_forward(arch, 1, 0, AttentionConvention::causal);
  return 2 * (f.macs - f.attention_macs - static_cast<double>(arch.hidden * arch.vocab));
}

}  // namespace detail

}  // namespace infergy::llm
