// Language-model inference: what a decoder costs per token, per request and per day.
//
// Three steps, each usable alone:
//  1. An Architecture, read from a Hugging Face-style config.json (one reader per architecture
//     family, like transformers' configuration classes: every field with its default and its
//     aliases) or from a shipped preset (data/llm/*.json: a model id, aliases, the config values
//     and where each came from).
//  2. Counting (count.cpp): parameters in total and active per token, MACs and FLOPs of a
//     forward pass over new tokens with a cache of past tokens (prefill, a decode step), the KV
//     cache (or Mamba state) per token and per sequence, weight bytes at the checkpoint's number
//     formats. The convention is in docs/llm.md; under AttentionConvention::graph the counts
//     equal `infergy analyze` of an exported graph exactly (tests/integration).
//  3. Serving (serving.cpp): N devices with tensor and expert parallelism, B concurrent
//     sequences, prompt P, output O. Step time from bytes and FLOPs per device (weights read once
//     per step, for MoE the experts a batch touches; every sequence's KV cache; collectives over
//     the interconnect; a fixed time per layer), power from idle power and utilisation, and from
//     them TTFT, inter-token latency, tokens/s, joules per output token and per request. The few
//     constants were fitted on measured vLLM serving (bench/calibrate_llm.py,
//     docs/estimators.md); ranges come from the spread of that fit.
//
//   auto presets = infergy::llm::PresetCatalogue::builtin("data");
//   auto model = infergy::llm::resolve_model("meta-llama/Llama-3.1-70B-Instruct", presets);
//   infergy::llm::Deployment d{.devices = 4, .batch = 64, .prompt = 1024, .output = 512};
//   auto e = infergy::llm::estimate_serving(model, catalogue.get("h100-sxm5-80gb"), d);
//   // e.joules_per_token.typical, e.itl_seconds.typical, e.ttft_seconds, ...
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/energy.hpp"
#include "infergy/hw.hpp"
#include "infergy/precision.hpp"
#include "infergy/table.hpp"

namespace infergy::llm {

using energy::Range;

// ---------------------------------------------------------------------------------------------
// Number formats of weights and of the KV cache

enum class NumberFormat { fp32, bf16, fp16, fp8, int8, int4, mxfp4 };

/// "fp32", "bf16", "fp16", "fp8", "int8", "int4", "mxfp4".
std::string_view to_string(NumberFormat f);
/// Parses the names above, case-insensitive, and the spellings of configs and tools:
/// float32, bfloat16, float16/half, float8/e4m3/fp8_e4m3, w8a8, w4a16, mx_fp4.
std::optional<NumberFormat> parse_number_format(std::string_view text);
/// Bytes per stored element, block scales included: int4 = 4 bits + one fp16 scale per group of
/// 128 (GPTQ/AWQ default) = 0.515625; mxfp4 = 4 bits + one 8-bit scale per block of 32 (OCP
/// Microscaling spec v1.0) = 0.53125; fp8's per-row or 128×128-block scales are below 0.1% and
/// not counted.
double storage_bytes(NumberFormat f);
/// The hardware peak matrix products run at: fp8 and int8 checkpoints compute at fp8 / int8
/// (activations quantized too, as vLLM runs them); int4 and mxfp4 are weight-only formats whose
/// products run at bf16 after dequantization; fp16, bf16, fp32 at their own.
Precision compute_precision(NumberFormat f);

/// Groups of weights that checkpoints quantize separately. Norm weights, biases, attention sinks
/// and the Mamba convolution are vectors: always stored at the model's dtype.
enum class TensorGroup { embedding, attention, mlp, experts, shared_experts, router, ssm, lm_head };
inline constexpr std::size_t kTensorGroups = 8;
std::string_view to_string(TensorGroup g);
const std::array<TensorGroup, kTensorGroups>& all_tensor_groups();

/// The number format of each group of weight matrices, with the layers a scheme leaves at the
/// base dtype (Meta's fp8 checkpoints keep the first and last layers in bf16).
struct WeightFormats {
  NumberFormat base = NumberFormat::bf16;  // the model's dtype: vectors, unquantized layers
  std::array<NumberFormat, kTensorGroups> group{
      NumberFormat::bf16, NumberFormat::bf16, NumberFormat::bf16, NumberFormat::bf16,
      NumberFormat::bf16, NumberFormat::bf16, NumberFormat::bf16, NumberFormat::bf16};
  std::vector<std::int64_t> base_layers;  // layers kept at `base` in every group
  std::string label;                      // "bf16", "fp8 (routed experts)", ...
  std::string source;                     // where the scheme is documented

  NumberFormat of(TensorGroup g, std::int64_t layer) const;
  /// The format most of the weights use, for choosing the compute peak.
  NumberFormat dominant() const;
};
/// Every group at `f`.
WeightFormats uniform_weights(NumberFormat f);
/// `--weights F` (online quantization the way vLLM applies it): F on the matrices of the
/// transformer blocks (attention, MLP, experts, shared experts, SSM projections); embeddings,
/// lm_head and routers stay at `base`. F equal to `base` gives uniform_weights(base).
WeightFormats quantized_linear_weights(NumberFormat f, NumberFormat base);

// ---------------------------------------------------------------------------------------------
// Architectures

enum class Norm { rms, layer };  // layer: weight and bias (GPT-2)
enum class Activation { silu, gelu, gelu_tanh, relu2 };
/// Elementwise FLOPs of an activation per element, as docs/counting.md counts the ops an export
/// uses: silu 5 (Sigmoid 4 + Mul), gelu 5 (erf form), gelu_tanh 9, relu2 2 (relu, square).
double activation_flops(Activation a);

enum class MixerKind { attention, mla, mamba2, none };
/// Which keys an attention layer sees: all past tokens, the last `window` (sliding), or those of
/// the current block of `window` tokens (chunked, Llama 4's local layers).
enum class Window { full, sliding, chunked };

struct Attention {
  std::int64_t heads = 0;
  std::int64_t kv_heads = 0;
  std::int64_t head_dim = 0;    // of queries and keys
  std::int64_t v_head_dim = 0;  // of values
  Window window = Window::full;
  std::int64_t window_size = 0;
  std::int64_t rotary_dim = 0;  // elements of each q/k head rotated by RoPE (0: no RoPE, NoPE)
  bool qkv_bias = false;
  bool out_bias = false;
  bool qk_norm = false;         // RMS norm over head_dim on q and k (Qwen3, Gemma 3, Llama 4)
  bool qk_norm_weights = true;  // with a learned scale (Llama 4's L2 norm has none)
  bool sinks = false;           // a learned logit per head (gpt-oss)
  double logit_softcap = 0;     // tanh soft-capping of the scores (Gemma 2): 3 FLOPs per score
};

/// Multi-head latent attention (DeepSeek-V2/V3): K and V compressed to a latent of
/// kv_lora_rank plus a shared rotary key of qk_rope_head_dim, which is all the cache holds.
struct Mla {
  std::int64_t heads = 0;
  std::int64_t q_lora_rank = 0;  // 0: queries projected directly
  std::int64_t kv_lora_rank = 0;
  std::int64_t qk_nope_head_dim = 0;
  std::int64_t qk_rope_head_dim = 0;
  std::int64_t v_head_dim = 0;
};

/// A Mamba-2 mixer (Nemotron-H): a fixed state per sequence instead of a growing cache.
struct Mamba2 {
  std::int64_t heads = 0;
  std::int64_t head_dim = 0;  // heads × head_dim = the inner width
  std::int64_t state_size = 0;
  std::int64_t groups = 0;  // groups of B and C
  std::int64_t conv_kernel = 0;
  bool proj_bias = false;
  bool conv_bias = true;
  std::int64_t inner() const { return heads * head_dim; }
  std::int64_t conv_channels() const { return inner() + 2 * groups * state_size; }
};

struct Ffn {
  enum class Kind { dense, moe, none };
  Kind kind = Kind::dense;
  Activation activation = Activation::silu;
  bool gated = true;  // SwiGLU/GeGLU: gate, up, down; else up, down
  bool bias = false;
  std::int64_t intermediate = 0;  // dense width
  // MoE
  std::int64_t experts = 0;
  std::int64_t top_k = 0;
  std::int64_t expert_intermediate = 0;
  std::int64_t shared_experts = 0;  // always-active experts of shared_intermediate width each
  std::int64_t shared_intermediate = 0;
  bool router_bias = false;
  bool expert_bias = false;
  bool sigmoid_router = false;  // scores by sigmoid (DeepSeek-V3, Llama 4) instead of softmax
};

struct Layer {
  MixerKind mixer = MixerKind::attention;
  Attention attention;
  Mla mla;
  Mamba2 mamba;
  Ffn ffn;
  int norms = 2;  // hidden-width norms applied per token (Gemma 2/3: 4)
};

/// A decoder-only language model as the counting sees it.
struct Architecture {
  std::string model_type;  // the config's model_type: "llama", "qwen3_moe", "nemotron_h", ...
  std::int64_t hidden = 0;
  std::int64_t vocab = 0;
  bool tied_embeddings = false;
  std::int64_t learned_positions = 0;  // rows of a learned position table (GPT-2/3); 0: none
  bool embedding_scale = false;        // Gemma multiplies embeddings by sqrt(hidden)
  double final_logit_softcap = 0;
  Norm norm = Norm::rms;
  std::int64_t max_context = 0;  // max_position_embeddings
  NumberFormat dtype = NumberFormat::bf16;
  std::vector<Layer> layers;
  /// The checkpoint's own scheme from its quantization_config (fp8, mxfp4, ...), if any.
  std::optional<WeightFormats> checkpoint_weights;
  /// What the count leaves out or assumes for this model (a vision encoder, an MTP module).
  std::vector<std::string> notes;
};

/// One reader per family of model_type values, as transformers has one configuration class per
/// architecture.
struct FamilyReader {
  std::vector<std::string_view> model_types;
  std::string_view description;
};
/// The families the readers cover, for help texts and docs.
const std::vector<FamilyReader>& family_readers();

/// Reads a Hugging Face config.json (or a directory holding one). Unknown model_type, a missing
/// required field or a value of the wrong type is an input_error naming the file and the field.
Architecture read_config(const std::filesystem::path& path);
/// The same from JSON text; `source` names it in messages.
Architecture parse_config(std::string_view json_text, const std::string& source);

// ---------------------------------------------------------------------------------------------
// Presets

struct PublishedCount {
  double total = 0;  // parameters as published (0: not published)
  double active = 0;
  bool active_without_embedding = false;  // the publisher leaves the embedding table out of active
  std::string source;
};

/// A checkpoint of the same architecture at other number formats (an -FP8 release).
struct Variant {
  std::string id;
  std::vector<std::string> aliases;
  WeightFormats weights;
};

struct Preset {
  std::string id;  // the Hugging Face model id: "meta-llama/Llama-3.1-8B"
  std::vector<std::string> aliases;
  std::string name;           // "Llama 3.1 8B"
  std::string family;         // for grouping in reports: "Llama 3.1"
  std::string config_source;  // URL of the config values
  std::vector<std::pair<std::string, std::string>> value_sources;  // field -> source, if not above
  PublishedCount published;
  std::vector<Variant> variants;
  Architecture architecture;
  std::string file;  // where the preset was read
};

/// The shipped presets: data/llm/*.json, one model per file.
class PresetCatalogue {
 public:
  static PresetCatalogue load_dir(const std::filesystem::path& dir);
  static PresetCatalogue builtin(const std::filesystem::path& data_dir);  // data_dir / "llm"

  /// The preset whose id, alias or variant id equals `name` ignoring case, or failing that
  /// ignoring case and every character that is not a letter or digit; nullptr if none.
  const Preset* find(std::string_view name, const Variant** variant = nullptr) const;
  /// Up to `n` ids closest to `name`, for "did you mean" messages.
  std::vector<std::string> suggestions(std::string_view name, std::size_t n = 5) const;
  const std::vector<Preset>& all() const { return presets_; }

 private:
  std::vector<Preset> presets_;
};

/// A model ready to count: its architecture, the number formats of its checkpoint, and what it
/// was resolved from.
struct ModelSpec {
  std::string name;    // preset or variant id, or the config's path
  std::string source;  // URL or file of the config values
  std::string family;
  Architecture arch;
  WeightFormats weights;  // the checkpoint's formats
  const Preset* preset = nullptr;
};

/// A preset id or alias (variants included), or a config.json path or a directory holding one.
/// Unknown names are an input_error with the closest preset ids.
ModelSpec resolve_model(std::string_view name_or_path, const PresetCatalogue& presets);

// ---------------------------------------------------------------------------------------------
// Counting

/// Parameters per tensor group: total, and active per token (MoE: top-k routed experts plus
/// shared experts; everything else always). Vectors (norms, biases) are in `vectors`.
struct ParamCount {
  std::int64_t total = 0;
  std::int64_t active = 0;
  std::array<std::int64_t, kTensorGroups> matrices{};  // by group, total
  std::int64_t vectors = 0;
  std::int64_t routed_expert = 0;  // parameters of one routed expert, summed over MoE layers
};
ParamCount count_params(const Architecture& arch);

/// Bytes of all weights stored at `formats` (vectors at formats.base).
double weight_bytes(const Architecture& arch, const WeightFormats& formats);

/// KV cache per token of context, summed over the layers whose cache grows with the context
/// (every attention layer while the context is shorter than its window): 2 × kv_heads ×
/// head_dim per attention layer, kv_lora_rank + qk_rope_head_dim per MLA layer, at `kv`.
double kv_bytes_per_token(const Architecture& arch, NumberFormat kv);
/// The format Mamba SSM states are kept in unless told otherwise: fp32, vLLM's
/// mamba_ssm_cache_dtype for Nemotron-H as NVIDIA's model cards and ML.ENERGY's runs set it
/// (ml-energy/benchmark configs/vllm/*/nvidia/*/H100/monolithic.config.yaml).
inline constexpr NumberFormat kSsmStateFormat = NumberFormat::fp32;
/// The cache of one sequence holding `context` tokens: sliding and chunked layers hold at most
/// their window; plus the Mamba state (the convolution state at `kv`, the SSM state at `ssm`).
double cache_bytes(const Architecture& arch, std::int64_t context, NumberFormat kv,
                   NumberFormat ssm = kSsmStateFormat);
/// The fixed Mamba state per sequence (0 without Mamba layers): conv_channels × (kernel − 1) at
/// `conv` and heads × head_dim × state at `ssm`, per Mamba layer.
double state_bytes(const Architecture& arch, NumberFormat conv, NumberFormat ssm = kSsmStateFormat);

/// How attention scores are counted: causal counts the P(P+1)/2 query-key pairs a causal kernel
/// computes; graph counts the full score matrix and one mask add per score, as an exported graph
/// with an additive mask computes them (and `infergy analyze` counts them).
enum class AttentionConvention { causal, graph };

struct ForwardCount {
  double macs = 0;               // multiply-accumulates of all matrix products
  double flops = 0;              // 2 × macs + elementwise
  double attention_macs = 0;     // of them, query-key and value products (grow with the context)
  double elementwise_flops = 0;  // norms, activations, rotary, softmax, residuals, routing
};

/// One forward pass of one sequence over `new_tokens` tokens with `past` tokens already cached:
/// prefill is (P, 0), a decode step at context S is (1, S). Logits for the last new token only
/// (what a server samples from). MoE layers count top-k routed experts per token.
ForwardCount count_forward(const Architecture& arch, std::int64_t new_tokens, std::int64_t past,
                           AttentionConvention convention = AttentionConvention::causal);

/// Bytes one forward pass of one sequence moves to and from memory: the weights it reads (the
/// embedding rows it gathers; the routed experts its tokens are expected to touch), the KV cache
/// of the `past` tokens it reads and the new tokens' K/V it writes, the Mamba state read and
/// written back. Activations are taken to stay on chip (fused kernels) and are not counted.
double forward_bytes(const Architecture& arch, const WeightFormats& weights, NumberFormat kv,
                     std::int64_t new_tokens, std::int64_t past,
                     NumberFormat ssm = kSsmStateFormat);

/// Expected distinct routed experts of one MoE layer that `tokens` tokens touch, each choosing
/// top_k of `experts` uniformly: experts × (1 − (1 − top_k/experts)^tokens).
double expected_experts_touched(std::int64_t experts, std::int64_t top_k, double tokens);

// ---------------------------------------------------------------------------------------------
// Serving

/// Where and how the model is served.
struct Deployment {
  std::int64_t devices = 1;
  std::int64_t tensor_parallel = 0;  // degree of attention and dense layers; 0: all devices
  std::int64_t expert_parallel = 0;  // devices the routed experts are spread over; 0: all devices
  double batch = 1;     // concurrent sequences (steady state; a measured average may be fractional)
  double prompt = 512;  // tokens per request in
  double output = 256;  // tokens per request out
  std::optional<WeightFormats> weights;   // nullopt: the checkpoint's own
  std::optional<NumberFormat> kv;         // nullopt: the weights' base dtype
  std::optional<NumberFormat> ssm_state;  // Mamba SSM state; nullopt: kSsmStateFormat
  double memory_utilization = 0.9;        // share of device memory the server may use (vLLM 0.9)
};

/// The constants of the time and power models. Each is physical: a fraction of a datasheet
/// figure, a latency, a power fraction. Fitted on measured vLLM serving, except eta_compute,
/// which that data cannot separate from eta_attention and is set from a measurement
/// (docs/estimators.md, "LLM serving").
struct ServingConstants {
  double eta_memory = 0;     // achieved fraction of peak bandwidth streaming weights/states
  double eta_compute = 0;    // achieved fraction of peak matrix FLOP/s
  double eta_attention = 0;  // achieved fraction of peak bandwidth reading the paged KV cache
  double collective_latency_s = 0;  // fixed time per collective (all-reduce, all-to-all)
  double power_busy = 0;            // share of (TDP − idle) drawn whenever a step runs
  double power_memory = 0;          // share of (TDP − idle) at full memory-bandwidth use
  double power_compute = 0;         // share of (TDP − idle) at full matrix-peak use (cap at TDP)
  double idle_fraction = 0;      // idle power as a share of TDP where the catalogue has no idle_w
  double fallback_link_gbs = 0;  // interconnect (both directions) where the catalogue has none
  /// The ratio measured/predicted of the calibration's 10th and 90th percentiles, for ranges.
  Range time_ratio;
  Range energy_ratio;
};
ServingConstants default_serving_constants();
/// `base` with the constants named in "name=value,name=value" replaced (the field names above;
/// time_ratio and energy_ratio as three values low/typical/high separated by '/'). For
/// calibration (bench/calibrate_llm.py); an unknown name or a bad value is a usage_error.
ServingConstants with_overrides(ServingConstants base, std::string_view overrides);

/// Memory per device against capacity.
struct MemoryFit {
  double weights_bytes = 0;   // per device
  double cache_bytes = 0;     // per device: the KV caches of its sequences at prompt + output
  double capacity_bytes = 0;  // memory × utilization
  bool fits = true;
  std::string reason;  // why not, when !fits
};

/// Where the time of a typical step goes, per device.
struct StepBreakdown {
  double weights_s = 0;    // max(weight bytes, matrix FLOPs) of the projections and experts
  double attention_s = 0;  // max(KV bytes, score FLOPs) + the Mamba state in and out
  double collectives_s = 0;
  double total() const { return weights_s + attention_s + collectives_s; }
};

struct ServingEstimate {
  std::string model;
  std::string hardware;
  Deployment deployment;  // as resolved (tensor/expert parallel filled in)
  WeightFormats weights;
  NumberFormat kv = NumberFormat::bf16;
  NumberFormat ssm_state = kSsmStateFormat;
  Precision compute = Precision::bf16;

  ParamCount params;
  double weight_bytes_total = 0;
  double kv_bytes_per_token = 0;
  double state_bytes_per_sequence = 0;
  MemoryFit memory;

  double mean_context = 0;             // P + (O + 1) / 2: the average decode step's context
  double prefill_tokens_per_step = 0;  // B × P / O: new prompts admitted per step on average
  double experts_touched = 0;          // per MoE layer per step (0 without MoE)
  double prefill_flops_per_token = 0;  // causal, per prompt token
  double decode_flops_per_token = 0;   // one decode step at the mean context
  double flops_per_output_token = 0;   // decode + P/O × prefill, the study's numerator

  StepBreakdown step;              // typical
  Range step_seconds;              // = inter-token latency averaged over the output
  Range ttft_seconds;              // one step that runs the whole prompt beside B − 1 decodes
  Range prefill_seconds;           // the prompt alone
  Range tokens_per_second;         // output tokens/s of all sequences
  double memory_utilization = 0;   // achieved bandwidth / peak, typical step
  double compute_utilization = 0;  // achieved matrix FLOP/s / peak, typical step
  Range power_w;                   // all devices together
  Range joules_per_token;          // per output token, device energy
  Range joules_per_request;
  double study_joules_per_token = 0;     // FLOPs per output token / (GFLOPS/W)
  double idle_w = 0;                     // per device, used
  double interconnect_gbs = 0;           // used (0: one device)
  std::vector<std::string> assumptions;  // stated in every output: fallbacks, conventions
};

/// The serving estimate. Usage errors for impossible deployments (tensor parallel not dividing
/// the devices, batch < 1, ...); input errors when the hardware lacks a peak or a bandwidth.
/// A deployment that does not fit is not an error here: see require_fit.
ServingEstimate estimate_serving(const ModelSpec& model, const hw::HardwareSpec& hw,
                                 const Deployment& deployment,
                                 const ServingConstants& constants = default_serving_constants());
/// Throws input_error "MODEL does not fit on N× HW: needs X GB per device, has Y GB" when the
/// estimate's weights and caches exceed the memory.
void require_fit(const ServingEstimate& e);

/// One row of an ML.ENERGY-style table (docs/llm.md, "--table").
struct TableRow {
  std::string model_id;
  std::string gpu;
  std::int64_t num_gpus = 1;
  std::int64_t tensor_parallel = 1;
  std::int64_t expert_parallel = 1;
  std::int64_t data_parallel = 1;
  std::string weight_precision;  // "bfloat16", "fp8", ...
  double avg_batch_size = 1;
  double avg_output_len = 256;
  std::optional<double> prompt_len;  // a prompt_len column when the table has one
  std::size_t line = 0;
};

/// The prompt length assumed for chat requests when a table gives none: ML.ENERGY's LMArena
/// chat task does not publish its prompt lengths (docs/estimators.md, "Prompt lengths").
inline constexpr double kChatPromptTokens = 256;

/// Reads the rows of an ML.ENERGY-style CSV (required columns: model_id, gpu_model, num_gpus,
/// avg_batch_size, avg_output_len; tensor_parallel, expert_parallel, data_parallel,
/// weight_precision, prompt_len optional; others ignored).
std::vector<TableRow> read_table(const std::filesystem::path& csv);

/// The deployment a table row describes. ML.ENERGY's runs with tensor_parallel × data_parallel
/// below num_gpus were vLLM `--tensor-parallel-size num_gpus --enable-expert-parallel`
/// (ml-energy/benchmark configs/vllm): attention tensor-parallel over every GPU, experts spread
/// over expert_parallel. `default_prompt` is used when the row has no prompt length.
Deployment deployment_for(const TableRow& row, const ModelSpec& model, double default_prompt);

/// Ranks the catalogue by typical joules per output token for one deployment; devices the model
/// does not fit on, or without the peaks and bandwidth the estimate needs, are counted apart.
struct Ranking {
  std::vector<ServingEstimate> rows;  // fitting devices, best first
  std::size_t not_fitting = 0;
  std::size_t missing_figures = 0;
};
Ranking rank_hardware(const ModelSpec& model, const hw::Catalogue& catalogue,
                      const Deployment& deployment,
                      const ServingConstants& constants = default_serving_constants());

/// The counting convention and the serving model's assumptions, one line each, for outputs.
std::vector<std::string> convention_lines();

}  // namespace infergy::llm
