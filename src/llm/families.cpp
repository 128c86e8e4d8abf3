// One reader per architecture family, the way transformers has one configuration class per
// architecture: each knows its family's field names, aliases and defaults (the defaults are
// those of the transformers configuration class, so a config that omits a field means what it
// means there) and builds the per-layer Architecture the counting walks.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <regex>

#include "infergy/error.hpp"
#include "infergy/files.hpp"
#include "infergy/llm.hpp"
#include "infergy/text.hpp"
#include "llm/config_view.hpp"

namespace infergy::llm {

using detail::ConfigView;

namespace {

// ---------------------------------------------------------------------------------------------
// Shared pieces

NumberFormat read_dtype(const ConfigView& c, std::vector<std::string>& notes) {
  const std::string text = c.string_or({"torch_dtype", "dtype"}, "");
  if (text.empty()) {
    notes.emplace_back("the config names no torch_dtype: weights and cache counted at bf16");
    return NumberFormat::bf16;
  }
  const auto f = parse_number_format(text);
  if (!f) c.fail("torch_dtype", fmt::format("unknown dtype '{}'", text));
  return *f;
}

Activation read_activation(const ConfigView& c, std::string_view field_default) {
  const std::string act =
      c.string_or({"hidden_act", "hidden_activation", "activation_function", "mlp_hidden_act"},
                  std::string(field_default));
  const std::string a = to_lower(act);
  if (a == "silu" || a == "swish") return Activation::silu;
  if (a == "gelu" || a == "gelu_python") return Activation::gelu;
  if (a == "gelu_new" || a == "gelu_pytorch_tanh" || a == "gelu_fast" || a == "gelu_tanh")
    return Activation::gelu_tanh;
  if (a == "relu2" || a == "relu_squared") return Activation::relu2;
  c.fail("hidden_act",
         fmt::format("activation '{}' has no cost rule (silu, gelu, gelu_tanh, relu2)", act));
}

struct Common {
  std::int64_t hidden = 0, vocab = 0, layers = 0, heads = 0, kv_heads = 0, head_dim = 0;
};

Common read_common(const ConfigView& c) {
  Common k;
  k.hidden = c.integer({"hidden_size", "n_embd", "d_model"});
  k.vocab = c.integer({"vocab_size"});
  k.layers = c.integer({"num_hidden_layers", "n_layer", "num_layers"});
  k.heads = c.integer({"num_attention_heads", "n_head"});
  k.kv_heads = c.integer_or({"num_key_value_heads", "n_head_kv"}, k.heads);
  if (k.hidden == 0 || k.vocab == 0 || k.layers == 0 || k.heads == 0 || k.kv_heads == 0) {
    c.fail("", "hidden_size, vocab_size, num_hidden_layers and the head counts must be positive");
  }
  if (k.layers > 100000) c.fail("num_hidden_layers", "more than 100,000 layers");
  if (k.heads % k.kv_heads != 0) {
    c.fail("num_key_value_heads",
           fmt::format("{} query heads are not a multiple of {} KV heads", k.heads, k.kv_heads));
  }
  k.head_dim = c.integer_or({"head_dim", "attention_head_dim"}, 0);
  if (k.head_dim == 0) {
    if (k.hidden % k.heads != 0)
      c.fail("head_dim", "absent, and hidden_size is not a multiple of the heads");
    k.head_dim = k.hidden / k.heads;
  }
  return k;
}

Attention gqa(const Common& k, double rotary_fraction) {
  Attention a;
  a.heads = k.heads;
  a.kv_heads = k.kv_heads;
  a.head_dim = k.head_dim;
  a.v_head_dim = k.head_dim;
  a.rotary_dim =
      static_cast<std::int64_t>(std::llround(static_cast<double>(k.head_dim) * rotary_fraction));
  return a;
}

Ffn dense_ffn(std::int64_t intermediate, Activation act, bool gated, bool bias) {
  Ffn f;
  f.kind = Ffn::Kind::dense;
  f.intermediate = intermediate;
  f.activation = act;
  f.gated = gated;
  f.bias = bias;
  return f;
}

// layer_types lists ("sliding_attention", "full_attention", "chunked_attention"), when given,
// override the family's pattern.
void apply_layer_types(const ConfigView& c, Architecture& arch, std::int64_t window) {
  const auto types = c.strings_or_empty({"layer_types"});
  if (types.empty()) return;
  if (types.size() != arch.layers.size()) {
    c.fail("layer_types",
           fmt::format("lists {} layers, the model has {}", types.size(), arch.layers.size()));
  }
  for (std::size_t i = 0; i < types.size(); ++i) {
    Attention& a = arch.layers[i].attention;
    if (types[i] == "full_attention") {
      a.window = Window::full;
      a.window_size = 0;
    } else if (types[i] == "sliding_attention") {
      if (window <= 0) c.fail("sliding_window", "layer_types has sliding layers but no window");
      a.window = Window::sliding;
      a.window_size = window;
    } else if (types[i] == "chunked_attention") {
      if (window <= 0) c.fail("attention_chunk_size", "layer_types has chunked layers but no size");
      a.window = Window::chunked;
      a.window_size = window;
    } else {
      c.fail("layer_types", fmt::format("unknown layer type '{}'", types[i]));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// quantization_config: which groups a checkpoint stores at which format

bool mentions(const std::vector<std::string>& patterns, std::string_view what) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return p.find(what) != std::string::npos; });
}

std::optional<WeightFormats> read_quantization(const ConfigView& c, NumberFormat base,
                                               std::int64_t layers,
                                               std::vector<std::string>& notes) {
  const auto q = c.child({"quantization_config", "compression_config"});
  if (!q) return std::nullopt;
  const std::string method = to_lower(q->string_or({"quant_method"}, ""));
  std::vector<std::string> kept = q->strings_or_empty({"modules_to_not_convert"});
  for (auto& s : q->strings_or_empty({"ignore"})) kept.push_back(s);

  std::optional<NumberFormat> f;
  if (method == "fp8" || method == "fbgemm_fp8" || method == "modelopt") {
    f = NumberFormat::fp8;
  } else if (method == "mxfp4") {
    f = NumberFormat::mxfp4;
  } else if (method == "gptq" || method == "awq" || method == "gptq_marlin" ||
             method == "awq_marlin") {
    const auto bits = q->integer_or({"bits", "w_bit"}, 4);
    if (bits == 4) f = NumberFormat::int4;
    if (bits == 8) f = NumberFormat::int8;
  } else if (method == "bitsandbytes") {
    if (q->boolean_or({"load_in_4bit"}, false)) f = NumberFormat::int4;
    if (q->boolean_or({"load_in_8bit"}, false)) f = NumberFormat::int8;
  } else if (method == "compressed-tensors") {
    // config_groups.<name>.weights {num_bits, type}: the first group decides.
    if (const auto groups = q->child({"config_groups"})) {
      for (const auto& [name, g] : groups->json().items()) {
        if (!g.is_object() || !g.contains("weights") || !g["weights"].is_object()) continue;
        const auto& w = g["weights"];
        const int bits = w.value("num_bits", 0);
        const std::string type = w.value("type", "int");
        if (bits == 8) f = type == "float" ? NumberFormat::fp8 : NumberFormat::int8;
        if (bits == 4) f = NumberFormat::int4;
        break;
      }
    }
  }
  if (!f) {
    notes.push_back(fmt::format(
        "quantization_config quant_method '{}' is not understood: weights counted at {} (give "
        "--weights to say what the checkpoint stores)",
        method, to_string(base)));
    return std::nullopt;
  }
  WeightFormats w = quantized_linear_weights(*f, base);
  // mxfp4 checkpoints (gpt-oss) quantize the experts only; the others every block matrix
  // the module lists do not exclude.
  if (*f == NumberFormat::mxfp4) {
    w = uniform_weights(base);
    w.group[static_cast<std::size_t>(TensorGroup::experts)] = NumberFormat::mxfp4;
  }
  const auto set_base = [&](TensorGroup g) { w.group[static_cast<std::size_t>(g)] = base; };
  if (mentions(kept, "self_attn") || mentions(kept, "attention")) set_base(TensorGroup::attention);
  if (mentions(kept, "shared_expert")) set_base(TensorGroup::shared_experts);
  if (mentions(kept, "mixer") || mentions(kept, "mamba")) set_base(TensorGroup::ssm);
  // Layer-specific exclusions ("model.layers.0.mlp"): the whole layer stays at base.
  static const std::regex layer_re(R"(layers\.(\d+)\.(mlp|feed_forward))");
  for (const auto& k : kept) {
    std::smatch m;
    if (std::regex_search(k, m, layer_re)) {
      const auto layer = std::stoll(m[1].str());
      if (layer < layers) w.base_layers.push_back(layer);
    }
  }
  std::sort(w.base_layers.begin(), w.base_layers.end());
  w.base_layers.erase(std::unique(w.base_layers.begin(), w.base_layers.end()), w.base_layers.end());
  w.label = fmt::format("{} (quantization_config {})", to_string(*f), method);
  w.source = c.source() + " quantization_config";
  return w;
}

Architecture start(const ConfigView& c, const Common& k) {
  Architecture a;
  a.model_type = c.string_or({"model_type"}, "");
  a.hidden = k.hidden;
  a.vocab = k.vocab;
  a.max_context = c.integer_or({"max_position_embeddings", "n_positions", "n_ctx"}, 0);
  a.dtype = read_dtype(c, a.notes);
  a.layers.resize(static_cast<std::size_t>(k.layers));
  return a;
}

// ---------------------------------------------------------------------------------------------
// Readers

// Llama, Mistral, Qwen2/2.5, Qwen3, Phi-3/4: dense GQA decoders with RMSNorm and SwiGLU.
Architecture read_llama_like(const ConfigView& c) {
  const Common k = read_common(c);
  Architecture a = start(c, k);
  const std::string type = a.model_type;
  a.tied_embeddings = c.boolean_or({"tie_word_embeddings"}, false);
  const Activation act = read_activation(c, "silu");
  const std::int64_t inter = c.integer({"intermediate_size"});
  const double rotary = c.number_or({"partial_rotary_factor"}, 1.0);
  // Qwen2 puts biases on q, k and v only; Llama's attention_bias covers q, k, v and o.
  const bool qkv_bias = type == "qwen2" || c.boolean_or({"attention_bias"}, false);
  const bool out_bias = type != "qwen2" && c.boolean_or({"attention_bias"}, false);
  const bool mlp_bias = c.boolean_or({"mlp_bias"}, false);
  const std::int64_t window = c.integer_or({"sliding_window"}, 0);
  // Mistral and Phi-3 slide every layer when sliding_window is set; Qwen only with
  // use_sliding_window, from max_window_layers on.
  const bool qwen = type.rfind("qwen", 0) == 0;
  const bool slides = window > 0 && (!qwen || c.boolean_or({"use_sliding_window"}, false));
  const std::int64_t from = qwen ? c.integer_or({"max_window_layers"}, 0) : 0;
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    Layer& l = a.layers[i];
    l.attention = gqa(k, rotary);
    l.attention.qkv_bias = qkv_bias;
    l.attention.out_bias = out_bias;
    l.attention.qk_norm = type == "qwen3";
    if (slides && static_cast<std::int64_t>(i) >= from) {
      l.attention.window = Window::sliding;
      l.attention.window_size = window;
    }
    l.ffn = dense_ffn(inter, act, true, mlp_bias);
  }
  apply_layer_types(c, a, window);
  a.checkpoint_weights = read_quantization(c, a.dtype, k.layers, a.notes);
  return a;
}

// Mixtral: Mistral with every MLP a top-k mixture of experts.
Architecture read_mixtral(const ConfigView& c) {
  Architecture a = read_llama_like(c);
  const std::int64_t experts = c.integer({"num_local_experts"});
  const std::int64_t top_k = c.integer_or({"num_experts_per_tok"}, 2);
  if (experts == 0 || top_k == 0 || top_k > experts)
    c.fail("num_experts_per_tok", "must be 1..num_local_experts");
  for (auto& l : a.layers) {
    Ffn& f = l.ffn;
    f.kind = Ffn::Kind::moe;
    f.experts = experts;
    f.top_k = top_k;
    f.expert_intermediate = f.intermediate;
    f.intermediate = 0;
  }
  return a;
}

// Qwen3-MoE (Qwen3-30B-A3B, 235B-A22B, Coder): MoE every decoder_sparse_step-th layer except
// mlp_only_layers, no shared expert.
Architecture read_qwen3_moe(const ConfigView& c) {
  Architecture a = read_llama_like(c);
  const std::int64_t experts = c.integer({"num_experts"});
  const std::int64_t top_k = c.integer({"num_experts_per_tok"});
  const std::int64_t width = c.integer({"moe_intermediate_size"});
  const std::int64_t step = std::max<std::int64_t>(1, c.integer_or({"decoder_sparse_step"}, 1));
  const auto dense_layers = c.integers_or_empty({"mlp_only_layers"});
  const std::int64_t shared = c.integer_or({"shared_expert_intermediate_size"}, 0);
  if (top_k == 0 || top_k > experts) c.fail("num_experts_per_tok", "must be 1..num_experts");
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    const auto li = static_cast<std::int64_t>(i);
    const bool dense =
        std::find(dense_layers.begin(), dense_layers.end(), li) != dense_layers.end();
    if (dense || experts == 0 || (li + 1) % step != 0) continue;
    Ffn& f = a.layers[i].ffn;
    f.kind = Ffn::Kind::moe;
    f.experts = experts;
    f.top_k = top_k;
    f.expert_intermediate = width;
    if (shared > 0) {
      f.shared_experts = 1;
      f.shared_intermediate = shared;
    }
    f.intermediate = 0;
  }
  return a;
}

// GPT-2 (and GPT-3 described the GPT-2 way): learned positions, LayerNorm with bias, biases on
// every projection, a non-gated GELU MLP, tied embeddings.
Architecture read_gpt2(const ConfigView& c) {
  const Common k = read_common(c);
  Architecture a = start(c, k);
  a.tied_embeddings = c.boolean_or({"tie_word_embeddings"}, true);
  a.norm = Norm::layer;
  a.learned_positions = c.integer_or({"n_positions", "max_position_embeddings", "n_ctx"}, 1024);
  const std::int64_t inner = c.integer_or({"n_inner", "intermediate_size"}, 4 * k.hidden);
  const Activation act = read_activation(c, "gelu_new");
  for (auto& l : a.layers) {
    l.attention = gqa(k, 0.0);
    l.attention.qkv_bias = true;
    l.attention.out_bias = true;
    l.ffn = dense_ffn(inner, act, false, true);
  }
  a.checkpoint_weights = read_quantization(c, a.dtype, k.layers, a.notes);
  return a;
}

// The text model of a multimodal config sits under text_config; its vision tower is not
// counted (it runs only on images) and says so.
ConfigView text_part(const ConfigView& c, std::vector<std::string>& notes) {
  if (auto t = c.child({"text_config"})) {
    if (c.has({"vision_config"})) {
      notes.emplace_back(
          "vision encoder (vision_config) not counted: its weights are loaded beside the language "
          "model but run only on images");
    }
    return *t;
  }
  return c;
}

// Gemma 2: alternating sliding (even layers) and global attention, four norms per layer,
// logit soft-capping, tied embeddings scaled by sqrt(hidden).
Architecture read_gemma2(const ConfigView& c) {
  const Common k = read_common(c);
  Architecture a = start(c, k);
  a.tied_embeddings = c.boolean_or({"tie_word_embeddings"}, true);
  a.embedding_scale = true;
  a.final_logit_softcap = c.number_or({"final_logit_softcapping"}, 0);
  const std::int64_t window = c.integer_or({"sliding_window"}, 4096);
  const double softcap = c.number_or({"attn_logit_softcapping"}, 0);
  const Activation act = read_activation(c, "gelu_pytorch_tanh");
  const std::int64_t inter = c.integer({"intermediate_size"});
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    Layer& l = a.layers[i];
    l.attention = gqa(k, 1.0);
    l.attention.logit_softcap = softcap;
    if (i % 2 == 0) {
      l.attention.window = Window::sliding;
      l.attention.window_size = window;
    }
    l.ffn = dense_ffn(inter, act, true, false);
    l.norms = 4;
  }
  apply_layer_types(c, a, window);
  a.checkpoint_weights = read_quantization(c, a.dtype, k.layers, a.notes);
  return a;
}

// Gemma 3: five sliding layers to one global (sliding_window_pattern 6), q/k norms.
Architecture read_gemma3(const ConfigView& outer) {
  std::vector<std::string> notes;
  const ConfigView c = text_part(outer, notes);
  const Common k = read_common(c);
  Architecture a = start(c, k);
  a.model_type = outer.string_or({"model_type"}, a.model_type);
  if (!c.has({"torch_dtype", "dtype"}) && outer.has({"torch_dtype", "dtype"})) {
    a.notes.clear();
    a.dtype = read_dtype(outer, a.notes);
  }
  for (auto& n : notes) a.notes.push_back(n);
  a.tied_embeddings = c.boolean_or({"tie_word_embeddings"}, true);
  a.embedding_scale = true;
  a.final_logit_softcap = c.number_or({"final_logit_softcapping"}, 0);
  const std::int64_t window = c.integer_or({"sliding_window"}, 4096);
  const std::int64_t pattern = c.integer_or({"sliding_window_pattern"}, 6);
  const Activation act = read_activation(c, "gelu_pytorch_tanh");
  const std::int64_t inter = c.integer({"intermediate_size"});
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    Layer& l = a.layers[i];
    l.attention = gqa(k, 1.0);
    l.attention.qk_norm = true;
    if (pattern > 0 && (static_cast<std::int64_t>(i) + 1) % pattern != 0) {
      l.attention.window = Window::sliding;
      l.attention.window_size = window;
    }
    l.ffn = dense_ffn(inter, act, true, false);
    l.norms = 4;
  }
  apply_layer_types(c, a, window);
  a.checkpoint_weights = read_quantization(outer, a.dtype, k.layers, a.notes);
  return a;
}

// Llama 4 (Scout, Maverick): MoE every interleave_moe_layer_step-th layer with one shared expert
// and sigmoid routing; RoPE layers attend in chunks of attention_chunk_size, every fourth layer
// is a global NoPE layer.
Architecture read_llama4(const ConfigView& outer) {
  std::vector<std::string> notes;
  const ConfigView c = text_part(outer, notes);
  const Common k = read_common(c);
  Architecture a = start(c, k);
  a.model_type = outer.string_or({"model_type"}, a.model_type);
  if (!c.has({"torch_dtype", "dtype"}) && outer.has({"torch_dtype", "dtype"})) {
    a.notes.clear();
    a.dtype = read_dtype(outer, a.notes);
  }
  for (auto& n : notes) a.notes.push_back(n);
  a.tied_embeddings = outer.boolean_or({"tie_word_embeddings"}, false);
  const std::int64_t expert_width = c.integer({"intermediate_size"});
  const std::int64_t dense_width = c.integer_or({"intermediate_size_mlp"}, 2 * expert_width);
  const std::int64_t experts = c.integer_or({"num_local_experts"}, 16);
  const std::int64_t top_k = c.integer_or({"num_experts_per_tok"}, 1);
  const std::int64_t step =
      std::max<std::int64_t>(1, c.integer_or({"interleave_moe_layer_step"}, 1));
  auto moe_layers = c.integers_or_empty({"moe_layers"});
  if (moe_layers.empty()) {
    for (std::int64_t i = step - 1; i < k.layers; i += step) moe_layers.push_back(i);
  }
  auto rope = c.integers_or_empty({"no_rope_layers"});  // 1: RoPE, 0: NoPE (transformers' sense)
  if (rope.empty()) {
    const std::int64_t interval = c.integer_or({"no_rope_layer_interval"}, 4);
    for (std::int64_t i = 0; i < k.layers; ++i) rope.push_back((i + 1) % interval != 0 ? 1 : 0);
  }
  if (static_cast<std::int64_t>(rope.size()) != k.layers) {
    c.fail("no_rope_layers",
           fmt::format("lists {} layers, the model has {}", rope.size(), k.layers));
  }
  const std::int64_t chunk = c.integer_or({"attention_chunk_size"}, 0);
  const bool qk_norm = c.boolean_or({"use_qk_norm"}, true);
  const Activation act = read_activation(c, "silu");
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    Layer& l = a.layers[i];
    const bool uses_rope = rope[i] != 0;
    l.attention = gqa(k, uses_rope ? 1.0 : 0.0);
    l.attention.qk_norm = qk_norm && uses_rope;
    l.attention.qk_norm_weights = false;  // Llama4TextL2Norm has no scale
    if (uses_rope && chunk > 0) {
      l.attention.window = Window::chunked;
      l.attention.window_size = chunk;
    }
    const bool moe = std::find(moe_layers.begin(), moe_layers.end(),
                               static_cast<std::int64_t>(i)) != moe_layers.end();
    if (moe) {
      Ffn f;
      f.kind = Ffn::Kind::moe;
      f.activation = act;
      f.experts = experts;
      f.top_k = top_k;
      f.expert_intermediate = expert_width;
      f.shared_experts = 1;
      f.shared_intermediate = expert_width;
      f.sigmoid_router = true;
      l.ffn = f;
    } else {
      l.ffn = dense_ffn(dense_width, act, true, false);
    }
  }
  a.checkpoint_weights = read_quantization(outer, a.dtype, k.layers, a.notes);
  return a;
}

// gpt-oss: alternating sliding (128) and full attention with biases and per-head sinks; every
// layer a top-4 MoE with biased experts and router; experts in MXFP4.
Architecture read_gpt_oss(const ConfigView& c) {
  const Common k = read_common(c);
  Architecture a = start(c, k);
  a.tied_embeddings = c.boolean_or({"tie_word_embeddings"}, false);
  const std::int64_t experts = c.integer({"num_local_experts"});
  const std::int64_t top_k = c.integer({"num_experts_per_tok", "experts_per_token"});
  const std::int64_t width = c.integer({"intermediate_size"});
  const std::int64_t window = c.integer_or({"sliding_window"}, 128);
  const bool bias = c.boolean_or({"attention_bias"}, true);
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    Layer& l = a.layers[i];
    l.attention = gqa(k, 1.0);
    l.attention.qkv_bias = bias;
    l.attention.out_bias = bias;
    l.attention.sinks = true;
    if (i % 2 == 0) {
      l.attention.window = Window::sliding;
      l.attention.window_size = window;
    }
    Ffn f;
    f.kind = Ffn::Kind::moe;
    f.activation = Activation::silu;
    f.experts = experts;
    f.top_k = top_k;
    f.expert_intermediate = width;
    f.router_bias = true;
    f.expert_bias = true;
    l.ffn = f;
  }
  apply_layer_types(c, a, window);
  a.checkpoint_weights = read_quantization(c, a.dtype, k.layers, a.notes);
  return a;
}

// DeepSeek-V2/V3/R1, Kimi K2: multi-head latent attention; the first first_k_dense_replace
// layers dense, then MoE every moe_layer_freq-th layer with shared experts.
Architecture read_deepseek(const ConfigView& c) {
  Common k;
  k.hidden = c.integer({"hidden_size"});
  k.vocab = c.integer({"vocab_size"});
  k.layers = c.integer({"num_hidden_layers"});
  k.heads = c.integer({"num_attention_heads"});
  k.kv_heads = k.heads;
  if (k.hidden == 0 || k.vocab == 0 || k.layers == 0 || k.heads == 0)
    c.fail("", "hidden_size, vocab_size, num_hidden_layers and the heads must be positive");
  Architecture a = start(c, k);
  a.tied_embeddings = c.boolean_or({"tie_word_embeddings"}, false);
  Mla m;
  m.heads = k.heads;
  m.q_lora_rank = c.integer_or({"q_lora_rank"}, 0);
  m.kv_lora_rank = c.integer({"kv_lora_rank"});
  m.qk_nope_head_dim = c.integer({"qk_nope_head_dim"});
  m.qk_rope_head_dim = c.integer({"qk_rope_head_dim"});
  m.v_head_dim = c.integer({"v_head_dim"});
  const std::int64_t dense_width = c.integer({"intermediate_size"});
  const std::int64_t width = c.integer({"moe_intermediate_size"});
  const std::int64_t experts = c.integer({"n_routed_experts"});
  const std::int64_t shared = c.integer_or({"n_shared_experts"}, 0);
  const std::int64_t top_k = c.integer({"num_experts_per_tok"});
  const std::int64_t first_dense = c.integer_or({"first_k_dense_replace"}, 0);
  const std::int64_t freq = std::max<std::int64_t>(1, c.integer_or({"moe_layer_freq"}, 1));
  const bool sigmoid = c.string_or({"scoring_func"}, "softmax") == "sigmoid";
  // noaux_tc routing adds a learned bias per expert (e_score_correction_bias).
  const bool router_bias = c.string_or({"topk_method"}, "") == "noaux_tc";
  if (top_k == 0 || top_k > experts) c.fail("num_experts_per_tok", "must be 1..n_routed_experts");
  const Activation act = read_activation(c, "silu");
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    const auto li = static_cast<std::int64_t>(i);
    Layer& l = a.layers[i];
    l.mixer = MixerKind::mla;
    l.mla = m;
    if (li >= first_dense && li % freq == 0) {
      Ffn f;
      f.kind = Ffn::Kind::moe;
      f.activation = act;
      f.experts = experts;
      f.top_k = top_k;
      f.expert_intermediate = width;
      f.shared_experts = shared;
      f.shared_intermediate = width;
      f.sigmoid_router = sigmoid;
      f.router_bias = router_bias;
      l.ffn = f;
    } else {
      l.ffn = dense_ffn(dense_width, act, true, false);
    }
  }
  if (const auto mtp = c.integer_or({"num_nextn_predict_layers"}, 0); mtp > 0) {
    a.notes.push_back(fmt::format(
        "{} multi-token-prediction layer(s) not counted: they serve speculative decoding only",
        mtp));
  }
  a.checkpoint_weights = read_quantization(c, a.dtype, k.layers, a.notes);
  return a;
}

// Nemotron-H (Nemotron-Nano 9B/12B v2): a hybrid_override_pattern of Mamba-2 ('M'), attention
// ('*') and MLP ('-') blocks, one mixer and one norm per block.
Architecture read_nemotron_h(const ConfigView& c) {
  const std::string pattern = c.string_or({"hybrid_override_pattern"}, "");
  if (pattern.empty()) c.fail("hybrid_override_pattern", "is required");
  Common k;
  k.hidden = c.integer({"hidden_size"});
  k.vocab = c.integer({"vocab_size"});
  k.layers = c.integer_or({"num_hidden_layers"}, static_cast<std::int64_t>(pattern.size()));
  if (k.layers != static_cast<std::int64_t>(pattern.size())) {
    c.fail("hybrid_override_pattern",
           fmt::format("has {} blocks, num_hidden_layers is {}", pattern.size(), k.layers));
  }
  k.heads = c.integer({"num_attention_heads"});
  k.kv_heads = c.integer_or({"num_key_value_heads"}, k.heads);
  k.head_dim = c.integer_or({"head_dim", "attention_head_dim"}, k.heads ? k.hidden / k.heads : 0);
  if (k.hidden == 0 || k.vocab == 0 || k.heads == 0 || k.kv_heads == 0 || k.head_dim == 0)
    c.fail("", "hidden_size, vocab_size and the attention heads must be positive");
  Architecture a = start(c, k);
  a.tied_embeddings = c.boolean_or({"tie_word_embeddings"}, false);
  Mamba2 m;
  m.heads = c.integer({"mamba_num_heads"});
  m.head_dim = c.integer({"mamba_head_dim"});
  m.state_size = c.integer({"ssm_state_size"});
  m.groups = c.integer_or({"n_groups"}, 1);
  m.conv_kernel = c.integer_or({"conv_kernel"}, 4);
  m.proj_bias = c.boolean_or({"use_bias"}, false);
  m.conv_bias = c.boolean_or({"use_conv_bias"}, true);
  if (m.heads == 0 || m.head_dim == 0 || m.state_size == 0 || m.groups == 0)
    c.fail("mamba_num_heads", "Mamba heads, head dim, state size and groups must be positive");
  const std::int64_t inter = c.integer({"intermediate_size"});
  const Activation act = read_activation(c, "relu2");
  const bool attn_bias = c.boolean_or({"attention_bias"}, false);
  const bool mlp_bias = c.boolean_or({"mlp_bias"}, false);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    Layer& l = a.layers[i];
    l.norms = 1;
    l.ffn.kind = Ffn::Kind::none;
    switch (pattern[i]) {
      case 'M':
        l.mixer = MixerKind::mamba2;
        l.mamba = m;
        break;
      case '*':
        l.mixer = MixerKind::attention;
        l.attention = gqa(k, 0.0);
        l.attention.qkv_bias = attn_bias;
        l.attention.out_bias = attn_bias;
        break;
      case '-':
        l.mixer = MixerKind::none;
        l.ffn = dense_ffn(inter, act, false, mlp_bias);
        break;
      default:
        c.fail("hybrid_override_pattern",
               fmt::format("block {} is '{}'; Nemotron-H blocks are M, * or -", i, pattern[i]));
    }
  }
  a.checkpoint_weights = read_quantization(c, a.dtype, k.layers, a.notes);
  return a;
}

using ReadFn = Architecture (*)(const ConfigView&);

struct Family {
  FamilyReader info;
  ReadFn read;
};

const std::vector<Family>& families() {
  static const std::vector<Family> table = {
      {{{"llama", "mistral", "qwen2", "qwen3", "phi3"},
        "dense GQA/MQA decoders: Llama 2/3/3.1/3.3, Mistral, Qwen 2.5, Qwen 3, Phi-3/4"},
       read_llama_like},
      {{{"gemma2"}, "Gemma 2: alternating sliding-window and global layers"}, read_gemma2},
      {{{"gemma3", "gemma3_text"}, "Gemma 3: five sliding-window layers per global layer"},
       read_gemma3},
      {{{"gpt2"}, "GPT-2, and GPT-3 written as a GPT-2 config"}, read_gpt2},
      {{{"mixtral"}, "Mixtral: top-k MoE in every layer"}, read_mixtral},
      {{{"qwen3_moe"}, "Qwen3-MoE: 30B-A3B, 235B-A22B, Coder 30B-A3B / 480B-A35B"}, read_qwen3_moe},
      {{{"llama4", "llama4_text"},
        "Llama 4 Scout/Maverick: interleaved MoE with a shared expert, chunked and NoPE layers"},
       read_llama4},
      {{{"gpt_oss"}, "gpt-oss: alternating sliding-window attention with sinks, MXFP4 experts"},
       read_gpt_oss},
      {{{"deepseek_v3", "deepseek_v2", "kimi_k2"},
        "DeepSeek-V2/V3/R1: multi-head latent attention, dense-first MoE with shared experts"},
       read_deepseek},
      {{{"nemotron_h"}, "Nemotron-H: hybrid Mamba-2 / attention / MLP blocks"}, read_nemotron_h},
  };
  return table;
}

}  // namespace

const std::vector<FamilyReader>& family_readers() {
  static const std::vector<FamilyReader> readers = [] {
    std::vector<FamilyReader> r;
    for (const auto& f : families()) r.push_back(f.info);
    return r;
  }();
  return readers;
}

namespace detail {

Architecture read_architecture(const ConfigView& c) {
  const std::string type = c.string_or({"model_type"}, "");
  if (type.empty()) c.fail("model_type", "is required (it names the architecture family)");
  for (const auto& f : families()) {
    for (std::string_view t : f.info.model_types) {
      if (t == type) {
        Architecture a = f.read(c);
        a.model_type = type;
        return a;
      }
    }
  }
  std::vector<std::string> known;
  for (const auto& f : families()) {
    for (std::string_view t : f.info.model_types) known.emplace_back(t);
  }
  c.fail("model_type", fmt::format("'{}' has no reader; known: {}", type, fmt::join(known, ", ")));
}

}  // namespace detail

Architecture parse_config(std::string_view json_text, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    throw input_error(fmt::format("{}: not valid JSON (byte {})", source, e.byte));
  }
  return detail::read_architecture(ConfigView(j, source));
}

Architecture read_config(const std::filesystem::path& path) {
  std::filesystem::path file = path;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) file = path / "config.json";
  return parse_config(read_text_file(file), file.string());
}

}  // namespace infergy::llm
