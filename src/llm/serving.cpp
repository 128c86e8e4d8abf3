// The serving model: a steady state of B sequences decoding on N devices, each step also running
// the prompts of the sequences that replace the finished ones (B × P / O prompt tokens per step
// on average, the way a continuous-batching server with chunked prefill folds them in).
//
// Per device and step: time = max(weight bytes, projection FLOPs) + max(KV-cache bytes,
// attention FLOPs) + Mamba state bytes + collectives; power = idle + (TDP − idle) × min(1, busy +
// memory share × bandwidth use + compute share × FLOP/s use). docs/estimators.md has the
// derivation and the calibration of the constants.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "infergy/error.hpp"
#include "infergy/llm.hpp"
#include "infergy/text.hpp"
#include "llm/count_detail.hpp"

namespace infergy::llm {

ServingConstants default_serving_constants() {
  // Fitted by bench/calibrate_llm.py on the 177 measured configurations of ML.ENERGY's LMArena
  // chat task on H100 SXM (docs/estimators.md, "LLM serving"), except eta_compute: that data
  // is decode-dominated and cannot tell matrix throughput from KV-cache reads, so it is the 42%
  // of the fp16 peak a matrix-heavy encoder sustained on an H100 (docs/measurements.md). The
  // ranges are the 10th and 90th percentiles of measured/predicted.
  ServingConstants k;
  k.eta_memory = 0.644;
  k.eta_compute = 0.42;
  k.eta_attention = 0.351;
  k.collective_latency_s = 66e-6;
  k.power_busy = 0.417;
  k.power_memory = 0.329;
  k.power_compute = 1.467;
  k.idle_fraction = 0.1;
  k.fallback_link_gbs = 64;
  k.time_ratio = {0.713, 1.0, 1.349};
  k.energy_ratio = {0.734, 1.0, 1.532};
  return k;
}

ServingConstants with_overrides(ServingConstants k, std::string_view text) {
  struct Field {
    std::string_view name;
    double ServingConstants::*value;
  };
  static constexpr Field kFields[] = {
      {"eta_memory", &ServingConstants::eta_memory},
      {"eta_compute", &ServingConstants::eta_compute},
      {"eta_attention", &ServingConstants::eta_attention},
      {"collective_latency_s", &ServingConstants::collective_latency_s},
      {"power_busy", &ServingConstants::power_busy},
      {"power_memory", &ServingConstants::power_memory},
      {"power_compute", &ServingConstants::power_compute},
      {"idle_fraction", &ServingConstants::idle_fraction},
      {"fallback_link_gbs", &ServingConstants::fallback_link_gbs},
  };
  const auto number = [&](std::string_view item, std::string_view v) {
    double x = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(x) || x < 0)
      throw usage_error(fmt::format("constant '{}': '{}' is not a non-negative number", item, v));
    return x;
  };
  for (const auto& item : split(text, ',')) {
    const std::string_view it = trim(item);
    if (it.empty()) continue;
    const auto eq = it.find('=');
    if (eq == std::string_view::npos)
      throw usage_error(fmt::format("constant '{}': expected NAME=VALUE", it));
    const std::string_view name = it.substr(0, eq), value = it.substr(eq + 1);
    if (name == "time_ratio" || name == "energy_ratio") {
      const auto parts = split(value, '/');
      if (parts.size() != 3)
        throw usage_error(fmt::format("constant '{}': expected LOW/TYPICAL/HIGH", it));
      Range r{number(it, trim(parts[0])), number(it, trim(parts[1])), number(it, trim(parts[2]))};
      (name == "time_ratio" ? k.time_ratio : k.energy_ratio) = r;
      continue;
    }
    const auto f = std::find_if(std::begin(kFields), std::end(kFields),
                                [&](const Field& x) { return x.name == name; });
    if (f == std::end(kFields))
      throw usage_error(fmt::format("unknown serving constant '{}'", name));
    k.*(f->value) = number(it, value);
  }
  return k;
}

namespace {

using detail::WeightSplit;

// The device shares of each layer's cache under tensor parallelism: KV heads split over the
// tensor-parallel ranks (replicated when there are fewer heads than ranks), MLA's latent
// replicated on every rank, Mamba heads split.
double cache_share(const Layer& l, std::int64_t tp) {
  const double t = static_cast<double>(tp);
  switch (l.mixer) {
    case MixerKind::attention: {
      const double kv = static_cast<double>(l.attention.kv_heads);
      return std::max(1.0, kv / t) / kv;
    }
    case MixerKind::mla:
      return 1.0;
    case MixerKind::mamba2:
      return std::max(1.0, static_cast<double>(l.mamba.heads) / t) /
             static_cast<double>(l.mamba.heads);
    case MixerKind::none:
      return 0;
  }
  return 0;
}

struct Peaks {
  double matrix = 0;     // FLOP/s of the weights' products
  double attention = 0;  // FLOP/s of the score and value products (bf16/fp16)
  double bandwidth = 0;  // bytes/s
};

std::optional<double> first_peak(const hw::HardwareSpec& hw, std::initializer_list<Precision> ps,
                                 Precision* used) {
  for (Precision p : ps) {
    if (auto v = hw.best_peak_tflops(p)) {
      if (used) *used = p;
      return v;
    }
  }
  return std::nullopt;
}

// Everything about one step that does not depend on the constants' fit.
struct Context {
  const Architecture* arch = nullptr;
  WeightSplit split;
  double dense_bytes = 0;        // every non-expert weight, embedding table included
  double proj_flops = 0;         // matrix FLOPs per token of the projections and top-k experts
  double logit_flops = 0;        // per sequence that samples a token
  double kv_read_per_seq = 0;    // bytes of one sequence's KV cache a decode step reads, per device
  double state_rw_per_seq = 0;   // bytes of its Mamba state read and written back, per device
  double attn_flops_decode = 0;  // per decode token at the mean context
  double attn_flops_prompt = 0;  // per prompt (causal)
  std::int64_t devices = 1, tp = 1, ep = 1;
  double replicas = 1;
  Peaks peaks;
  double link_bytes_per_s = 0;  // one direction
  std::int64_t moe_layers = 0;
};

struct Step {
  StepBreakdown time;
  double bytes = 0;  // per device
  double flops = 0;
  double experts_touched = 0;
};

// One engine step per device: `decode` sequences make one token each, `prompt_tokens` prompt
// tokens of `prompts` prompts are prefilled beside them.
Step run_step(const Context& c, const ServingConstants& k, double decode, double prompt_tokens,
              double prompts) {
  const Architecture& a = *c.arch;
  const double n = decode + prompt_tokens;  // tokens the whole deployment processes
  const double devices = static_cast<double>(c.devices), tp = static_cast<double>(c.tp);
  const double h = static_cast<double>(a.hidden);
  Step s;
  // Weights: every non-expert weight once per replica (the embedding table only for its rows),
  // each routed expert a token of the step chose.
  const double rows = std::min(n, static_cast<double>(a.vocab));
  const double embed_rows = c.split.embedding * rows / static_cast<double>(a.vocab);
  double weight_bytes = (c.dense_bytes - c.split.embedding + embed_rows) / tp;
  double touched_sum = 0;
  for (const auto& l : c.split.layers) {
    if (l.experts == 0) continue;
    const double touched = expected_experts_touched(l.experts, l.top_k, n);
    touched_sum += touched;
    weight_bytes += touched * l.expert / devices;
  }
  if (c.moe_layers > 0) s.experts_touched = touched_sum / static_cast<double>(c.moe_layers);
  const double proj_flops = (n * c.proj_flops + (decode + prompts) * c.logit_flops) / devices;
  const double t_weights = std::max(weight_bytes / (c.peaks.bandwidth * k.eta_memory),
                                    proj_flops / (c.peaks.matrix * k.eta_compute));
  // Caches: each decoding sequence reads its own KV cache (paged, at the attention kernels'
  // efficiency) and streams its Mamba state in and out; prompts attend within themselves.
  const double cache_bytes = decode / c.replicas * c.kv_read_per_seq;
  const double state_bytes = (decode + prompts) / c.replicas * c.state_rw_per_seq;
  const double attn_flops =
      (decode * c.attn_flops_decode + prompts * c.attn_flops_prompt) / devices;
  const double t_attention = std::max(cache_bytes / (c.peaks.bandwidth * k.eta_attention),
                                      attn_flops / (c.peaks.attention * k.eta_compute)) +
                             state_bytes / (c.peaks.bandwidth * k.eta_memory);
  // Collectives: an all-reduce of the replica's activations after each mixer and each FFN when
  // tensor parallel; MoE layers whose experts reach past the tensor-parallel group dispatch and
  // combine their tokens all-to-all.
  double t_coll = 0;
  if (c.devices > 1) {
    const double per_replica = n / c.replicas * h * 2;  // bf16 activations
    const double all_reduce =
        c.tp > 1 ? k.collective_latency_s + 2 * (tp - 1) / tp * per_replica / c.link_bytes_per_s
                 : 0;
    for (const Layer& l : a.layers) {
      if (l.mixer != MixerKind::none) t_coll += all_reduce;
      if (l.ffn.kind == Ffn::Kind::none) continue;
      t_coll += all_reduce;
      if (l.ffn.kind == Ffn::Kind::moe && c.devices > c.tp) {
        const double routed = n / devices * static_cast<double>(l.ffn.top_k) * h * 2;
        const double ep = static_cast<double>(c.ep);
        t_coll += 2 * (k.collective_latency_s + routed * (ep - 1) / ep / c.link_bytes_per_s);
      }
    }
  }
  s.time.weights_s = t_weights;
  s.time.attention_s = t_attention;
  s.time.collectives_s = t_coll;
  s.bytes = weight_bytes + cache_bytes + state_bytes;
  s.flops = proj_flops + attn_flops;
  return s;
}

Range scaled(double typical, const Range& ratio) {
  return {typical * ratio.low, typical * ratio.typical, typical * ratio.high};
}

void check_deployment(const Deployment& d, bool moe) {
  if (d.devices < 1 || d.devices > 4096)
    throw usage_error(fmt::format("--gpus must be 1 to 4096 (got {})", d.devices));
  const std::int64_t tp = d.tensor_parallel ? d.tensor_parallel : d.devices;
  const std::int64_t ep = d.expert_parallel ? d.expert_parallel : (moe ? d.devices : 1);
  if (tp < 1 || d.devices % tp != 0)
    throw usage_error(fmt::format("tensor parallel {} does not divide {} devices", tp, d.devices));
  if (ep < 1 || d.devices % ep != 0)
    throw usage_error(fmt::format("expert parallel {} does not divide {} devices", ep, d.devices));
  if (!(d.batch >= 1) || !std::isfinite(d.batch) || d.batch > 1e7)
    throw usage_error(
        fmt::format("batch must be 1 to 10^7 concurrent sequences (got {})", d.batch));
  if (!(d.output >= 1) || !std::isfinite(d.output) || d.output > 1e8)
    throw usage_error(fmt::format("output must be 1 to 10^8 tokens (got {})", d.output));
  if (!(d.prompt >= 0) || !std::isfinite(d.prompt) || d.prompt > 1e8)
    throw usage_error(fmt::format("prompt must be 0 to 10^8 tokens (got {})", d.prompt));
  if (!(d.memory_utilization > 0 && d.memory_utilization <= 1))
    throw usage_error("memory utilization must be in (0, 1]");
}

}  // namespace

ServingEstimate estimate_serving(const ModelSpec& model, const hw::HardwareSpec& hw,
                                 const Deployment& d_in, const ServingConstants& k) {
  const Architecture& a = model.arch;
  const bool moe = std::any_of(a.layers.begin(), a.layers.end(),
                               [](const Layer& l) { return l.ffn.kind == Ffn::Kind::moe; });
  check_deployment(d_in, moe);
  ServingEstimate e;
  e.model = model.name;
  e.hardware = hw.id;
  e.deployment = d_in;
  Deployment& d = e.deployment;
  if (!d.tensor_parallel) d.tensor_parallel = d.devices;
  if (!d.expert_parallel) d.expert_parallel = moe ? d.devices : 1;
  e.weights = d.weights ? *d.weights : model.weights;
  e.kv = d.kv ? *d.kv : e.weights.base;
  e.ssm_state = d.ssm_state.value_or(kSsmStateFormat);
  const double context_end = d.prompt + d.output;
  if (a.max_context > 0 && context_end > static_cast<double>(a.max_context)) {
    throw input_error(fmt::format(
        "{}: prompt + output = {} tokens exceeds the model's max_position_embeddings {}",
        model.name, context_end, a.max_context));
  }

  // Peaks and the catalogue figures the model needs, with stated fallbacks.
  Context c;
  c.arch = &a;
  c.devices = d.devices;
  c.tp = d.tensor_parallel;
  c.ep = d.expert_parallel;
  c.replicas = static_cast<double>(d.devices / d.tensor_parallel);
  const Precision wanted = compute_precision(e.weights.dominant());
  Precision used = wanted;
  const auto matrix =
      first_peak(hw, {wanted, Precision::bf16, Precision::fp16, Precision::fp32}, &used);
  Precision attn_used = Precision::bf16;
  const auto attention =
      first_peak(hw, {Precision::bf16, Precision::fp16, Precision::fp32}, &attn_used);
  if (!matrix || !attention)
    throw input_error(fmt::format("{} has no bf16, fp16 or fp32 peak in the catalogue", hw.id));
  if (used != wanted) {
    e.assumptions.push_back(fmt::format("{} has no {} peak: products counted at its {} peak", hw.id,
                                        to_string(wanted), to_string(used)));
  }
  e.compute = used;
  if (!hw.memory_bw_gbs)
    throw input_error(
        fmt::format("{} has no memory bandwidth in the catalogue, which decode needs", hw.id));
  c.peaks = {*matrix * 1e12, *attention * 1e12, *hw.memory_bw_gbs * 1e9};
  e.idle_w = hw.idle_w.value_or(k.idle_fraction * hw.tdp_w);
  if (!hw.idle_w) {
    e.assumptions.push_back(
        fmt::format("{} has no idle power in the catalogue: {:.0f} W assumed ({:.0f}% of TDP)",
                    hw.id, e.idle_w, 100 * k.idle_fraction));
  }
  if (d.devices > 1) {
    e.interconnect_gbs = hw.interconnect_gbs.value_or(k.fallback_link_gbs);
    if (!hw.interconnect_gbs) {
      e.assumptions.push_back(fmt::format(
          "{} has no interconnect bandwidth in the catalogue: {:.0f} GB/s (both directions, PCIe "
          "4.0 x16) assumed for collectives",
          hw.id, e.interconnect_gbs));
    }
    c.link_bytes_per_s = e.interconnect_gbs / 2 * 1e9;
  }

  // Counting.
  e.params = count_params(a);
  c.split = detail::weight_split(a, e.weights);
  c.dense_bytes = c.split.global;
  double expert_bytes = 0;
  for (const auto& l : c.split.layers) {
    c.dense_bytes += l.dense;
    expert_bytes += l.expert * static_cast<double>(l.experts);
    if (l.experts > 0) ++c.moe_layers;
  }
  e.weight_bytes_total = c.dense_bytes + expert_bytes;
  e.kv_bytes_per_token = kv_bytes_per_token(a, e.kv);
  e.state_bytes_per_sequence = state_bytes(a, e.kv, e.ssm_state);
  c.proj_flops = detail::projection_flops_per_token(a);
  c.logit_flops = 2 * static_cast<double>(a.hidden * a.vocab);

  const double prompt = std::max(0.0, std::round(d.prompt));
  const double out = d.output;
  e.mean_context = prompt + (out + 1) / 2;
  const auto first = static_cast<std::int64_t>(prompt);
  const auto last = static_cast<std::int64_t>(std::llround(prompt + out));
  for (const Layer& l : a.layers) {
    const double per = detail::layer_kv_bytes_per_token(l, e.kv);
    if (per > 0) {
      const Window w = l.mixer == MixerKind::attention ? l.attention.window : Window::full;
      const std::int64_t size = l.mixer == MixerKind::attention ? l.attention.window_size : 0;
      const double keys = detail::attended_keys(w, size, first, std::max(first + 1, last)) /
                          static_cast<double>(std::max<std::int64_t>(1, last - first));
      c.kv_read_per_seq += per * keys * cache_share(l, c.tp);
    }
  }
  // The Mamba state is read and written back every step.
  for (const Layer& l : a.layers) {
    c.state_rw_per_seq +=
        2 * detail::layer_state_bytes(l, e.kv, e.ssm_state) * cache_share(l, c.tp);
  }
  const auto mean_ctx = static_cast<std::int64_t>(std::llround(e.mean_context));
  const ForwardCount decode_count = count_forward(a, 1, std::max<std::int64_t>(0, mean_ctx - 1));
  c.attn_flops_decode = 2 * decode_count.attention_macs;
  e.decode_flops_per_token = decode_count.flops;
  if (first > 0) {
    const ForwardCount p = count_forward(a, first, 0);
    c.attn_flops_prompt = 2 * p.attention_macs;
    e.prefill_flops_per_token = p.flops / prompt;
  }
  e.flops_per_output_token = e.decode_flops_per_token + e.prefill_flops_per_token * prompt / out;

  // Memory per device: weights (dense parts per tensor-parallel rank, experts spread over all
  // devices) and the caches of the replica's sequences. A continuous-batching server holds each
  // sequence's cache as it grows, so B sequences in steady state hold B × the mean context; a
  // single sequence must still fit at its longest.
  MemoryFit& m = e.memory;
  m.weights_bytes =
      c.dense_bytes / static_cast<double>(c.tp) + expert_bytes / static_cast<double>(d.devices);
  const auto sequence_cache = [&](double context) {
    double bytes = 0;
    for (const Layer& l : a.layers) {
      bytes += detail::layer_state_bytes(l, e.kv, e.ssm_state) * cache_share(l, c.tp);
      const double per = detail::layer_kv_bytes_per_token(l, e.kv);
      if (per == 0) continue;
      double held = context;
      if (l.mixer == MixerKind::attention && l.attention.window != Window::full)
        held = std::min(held, static_cast<double>(l.attention.window_size));
      bytes += per * held * cache_share(l, c.tp);
    }
    return bytes;
  };
  const double sequences = std::ceil(d.batch / c.replicas);
  m.cache_bytes = std::max(sequences * sequence_cache(e.mean_context), sequence_cache(context_end));
  if (hw.memory_gb) {
    m.capacity_bytes = *hw.memory_gb * 1e9 * d.memory_utilization;
    m.fits = m.weights_bytes + m.cache_bytes <= m.capacity_bytes;
    if (!m.fits) {
      m.reason = fmt::format(
          "needs {:.1f} GB per device ({:.1f} GB weights + {:.1f} GB KV cache for {} sequences "
          "at a mean context of {:.0f} tokens), has {:.1f} GB ({:.0f}% of {} GB)",
          (m.weights_bytes + m.cache_bytes) / 1e9, m.weights_bytes / 1e9, m.cache_bytes / 1e9,
          sequences, e.mean_context, m.capacity_bytes / 1e9, 100 * d.memory_utilization,
          *hw.memory_gb);
    }
  } else {
    e.assumptions.push_back(
        fmt::format("{} has no memory size in the catalogue: fit not checked", hw.id));
  }

  // The steady-state step, the prompt's step (TTFT), the prompt alone.
  const double prompts_per_step = d.batch / out;
  e.prefill_tokens_per_step = prompts_per_step * prompt;
  const Step s =
      run_step(c, k, d.batch, e.prefill_tokens_per_step, first > 0 ? prompts_per_step : 0);
  e.step = s.time;
  e.experts_touched = s.experts_touched;
  const double step = s.time.total();
  const Step first_token = run_step(c, k, d.batch - 1, prompt, first > 0 ? 1 : 0);
  const Step alone = run_step(c, k, 0, std::max(prompt, 1.0), 1);
  e.step_seconds = scaled(step, k.time_ratio);
  e.ttft_seconds = scaled(first_token.time.total(), k.time_ratio);
  e.prefill_seconds = scaled(alone.time.total(), k.time_ratio);
  e.tokens_per_second = {d.batch / e.step_seconds.high, d.batch / step,
                         d.batch / e.step_seconds.low};

  // Power per device from its utilisation in the typical step.
  e.memory_utilization = s.bytes / (step * c.peaks.bandwidth);
  e.compute_utilization = s.flops / (step * c.peaks.matrix);
  const double activity = std::min(1.0, k.power_busy + k.power_memory * e.memory_utilization +
                                            k.power_compute * e.compute_utilization);
  const double device_w = e.idle_w + (hw.tdp_w - e.idle_w) * activity;
  const double total_w = device_w * static_cast<double>(d.devices);
  e.power_w = {total_w, total_w, total_w};
  const double joules = total_w * step / d.batch;
  e.joules_per_token = scaled(joules, k.energy_ratio);
  e.joules_per_request = {e.joules_per_token.low * out, e.joules_per_token.typical * out,
                          e.joules_per_token.high * out};
  const auto study = energy::estimate_study(e.flops_per_output_token, hw, used);
  e.study_joules_per_token = study.joules_per_inference;
  for (const auto& n : a.notes) e.assumptions.push_back(n);
  return e;
}

void require_fit(const ServingEstimate& e) {
  if (e.memory.fits) return;
  throw input_error(fmt::format("{} does not fit on {}× {}: {}", e.model, e.deployment.devices,
                                e.hardware, e.memory.reason));
}

Ranking rank_hardware(const ModelSpec& model, const hw::Catalogue& catalogue,
                      const Deployment& deployment, const ServingConstants& constants) {
  Ranking r;
  for (const auto& spec : catalogue.all()) {
    try {
      ServingEstimate e = estimate_serving(model, spec, deployment, constants);
      if (!e.memory.fits || e.memory.capacity_bytes == 0) {
        ++r.not_fitting;
        continue;
      }
      r.rows.push_back(std::move(e));
    } catch (const Error& err) {
      if (err.kind() != ErrorKind::input) throw;
      ++r.missing_figures;
    }
  }
  std::stable_sort(r.rows.begin(), r.rows.end(),
                   [](const ServingEstimate& x, const ServingEstimate& y) {
                     return x.joules_per_token.typical < y.joules_per_token.typical;
                   });
  return r;
}

std::vector<std::string> convention_lines() {
  return {
      "counting: MACs of every matrix product; FLOPs = 2 x MACs + elementwise work at "
      "docs/counting.md's per-element costs; causal attention counts the P(P+1)/2 query-key pairs; "
      "logits for the last token only; MoE counts top-k experts (docs/llm.md)",
      "serving: steady state of B sequences, each step also prefilling B x P / O prompt tokens; "
      "step = max(weight bytes, projection FLOPs) + max(KV bytes, attention FLOPs) + Mamba state + "
      "collectives, per device; MoE reads the experts B tokens are expected to touch",
      "power: idle + (TDP - idle) x min(1, busy + memory share x bandwidth use + compute share x "
      "FLOP/s use); constants fitted on ML.ENERGY's vLLM measurements (docs/estimators.md)",
  };
}

}  // namespace infergy::llm
