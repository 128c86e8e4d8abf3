// Helpers shared by the cost-rule families: registration tables, per-element counts, axes,
// broadcasting, constant inputs and the per-element costs of activations that several families
// reuse (a recurrent gate's Sigmoid must cost what a Sigmoid node costs).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/cost.hpp"
#include "infergy/error.hpp"
#include "infergy/window.hpp"

namespace infergy::cost {

/// Bitmask of input slots for CostRule::non_data_inputs.
constexpr std::uint32_t slots(std::initializer_list<int> indices) {
  std::uint32_t mask = 0;
  for (int i : indices) mask |= 1u << i;
  return mask;
}

/// One row of a family's registration table.
struct RuleEntry {
  std::string_view op_type;
  std::string_view formula;
  CostFn fn = nullptr;
  std::uint32_t non_data_inputs = 0;
};

inline void add_rules(CostRegistry& registry, std::string_view domain, std::string_view family,
                      std::initializer_list<RuleEntry> entries) {
  for (const RuleEntry& e : entries) {
    registry.add(CostRule{domain, e.op_type, family, e.formula, e.fn, e.non_data_inputs});
  }
}

// ---- Per-element costs shared across families (see docs/counting.md) ----
// Every elementary operation and every special function counts 1 FLOP; a conditional
// (compare-and-select) counts 1, as max/min do. An activation costs the same as a node of its
// own (elementwise.cpp) and fused into another op (FusedConv, FusedGemm, a recurrent gate).
inline constexpr std::int64_t kSigmoidFlops = 4;          // 1 / (1 + exp(-x)): neg, exp, add, div
inline constexpr std::int64_t kTanhFlops = 1;             // one special function
inline constexpr std::int64_t kReluFlops = 1;             // max(x, 0)
inline constexpr std::int64_t kLeakyReluFlops = 2;        // select(x < 0, alpha * x, x)
inline constexpr std::int64_t kThresholdedReluFlops = 1;  // select(x > alpha, x, 0)
inline constexpr std::int64_t kHardSigmoidFlops = 4;      // max(0, min(1, alpha * x + beta))
inline constexpr std::int64_t kEluFlops = 4;              // select(x < 0, alpha * (exp(x) - 1), x)
inline constexpr std::int64_t kSoftsignFlops = 3;         // x / (1 + |x|)
inline constexpr std::int64_t kSoftplusFlops = 3;         // log(exp(x) + 1)
inline constexpr std::int64_t kGeluErfFlops = 5;          // x * 0.5 * (1 + erf(x / sqrt 2))
inline constexpr std::int64_t kGeluTanhFlops = 9;  // 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))
inline constexpr std::int64_t kSoftmaxFlops = 5;   // max, subtract, exp, sum, divide
inline constexpr std::int64_t kQuantizeFlops = 4;  // divide by scale, round, clamp low, clamp high
inline constexpr std::int64_t kRequantizeFlops = 5;  // scale, round, add zero point, clamp x2
inline constexpr std::int64_t kDequantizeFlops = 2;  // subtract zero point, multiply by scale

/// FLOPs per element of an activation named as LSTM/GRU/RNN `activations` and com.microsoft
/// FusedConv/FusedGemm `activation` spell it; nullopt for a name infergy does not know.
inline std::optional<std::int64_t> activation_flops(std::string_view name) {
  struct Known {
    std::string_view name;
    std::int64_t flops;
  };
  static constexpr Known kKnown[] = {
      {"Relu", kReluFlops},
      {"Tanh", kTanhFlops},
      {"Sigmoid", kSigmoidFlops},
      {"Affine", 2},  // alpha * x + beta (recurrent layers only; no longer an ONNX op)
      {"LeakyRelu", kLeakyReluFlops},
      {"ThresholdedRelu", kThresholdedReluFlops},
      {"ScaledTanh", 3},  // alpha * tanh(beta * x) (recurrent layers only)
      {"HardSigmoid", kHardSigmoidFlops},
      {"Elu", kEluFlops},
      {"Softsign", kSoftsignFlops},
      {"Softplus", kSoftplusFlops},
      {"Clip", 2},  // min and max: a Clip node with both bounds
  };
  for (const Known& k : kKnown) {
    if (k.name == name) return k.flops;
  }
  return std::nullopt;
}

/// activation_flops of `name` for node ctx; an unknown name is an input error naming the op.
inline std::int64_t activation_flops(const NodeContext& ctx, std::string_view name) {
  const auto flops = activation_flops(name);
  if (!flops) {
    throw input_error(fmt::format("{}: unknown activation '{}'", ctx.node().op_type, name));
  }
  return *flops;
}

/// The per-output FLOPs of the activation an op fuses (com.microsoft FusedConv, NhwcFusedConv,
/// FusedGemm: the `activation` attribute), 0 when it names none.
inline std::int64_t fused_activation_flops(const NodeContext& ctx) {
  const std::string name = ctx.node().attr_string("activation");
  return name.empty() ? 0 : activation_flops(ctx, name);
}

// ---- Building results ----

inline OpCost flops_only(std::int64_t flops) {
  OpCost c;
  c.flops = flops;
  return c;
}

/// A multiply-accumulate op: FLOPs = 2 x MACs + its other arithmetic.
inline OpCost contraction(std::int64_t macs, std::int64_t other_flops) {
  OpCost c;
  c.macs = macs;
  c.flops = add({mul({2, macs}), other_flops});
  return c;
}

// ---- Shapes ----

/// ONNX axis (possibly negative) as an index into a tensor of the given rank.
inline std::size_t normalize_axis(std::int64_t axis, std::size_t rank, std::string_view op) {
  const auto r = static_cast<std::int64_t>(rank);
  const std::int64_t a = axis < 0 ? axis + r : axis;
  if (a < 0 || a >= r) {
    throw input_error(fmt::format("{}: axis {} is out of range for rank {}", op, axis, rank));
  }
  return static_cast<std::size_t>(a);
}

/// Numpy-style broadcast of two shapes.
inline std::vector<std::int64_t> broadcast_dims(std::span<const std::int64_t> a,
                                                std::span<const std::int64_t> b,
                                                std::string_view op) {
  const std::size_t rank = std::max(a.size(), b.size());
  std::vector<std::int64_t> out(rank, 1);
  for (std::size_t i = 0; i < rank; ++i) {
    const std::int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const std::int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) {
      throw input_error(fmt::format("{}: dims {} and {} do not broadcast", op, da, db));
    }
    out[i] = da == 1 ? db : da;
  }
  return out;
}

/// Elements of output 0; when inference left it unknown, those of input 0 (ops whose output
/// has their input's shape).
inline std::int64_t same_shape_elements(const NodeContext& ctx) {
  const Tensor* y = ctx.output(0);
  if (y != nullptr && y->shape_known()) return ctx.out_elements(0);
  return ctx.in_elements(0);
}

/// Elements of output 0; when inference left it unknown, those of the broadcast of every
/// present input (elementwise ops with numpy broadcasting).
inline std::int64_t broadcast_elements(const NodeContext& ctx) {
  const Tensor* y = ctx.output(0);
  if (y != nullptr && y->shape_known()) return ctx.out_elements(0);
  std::vector<std::int64_t> dims;
  bool any = false;
  for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
    if (!ctx.has_input(i)) continue;
    const auto d = ctx.in_dims(i);
    dims = any ? broadcast_dims(dims, d, ctx.node().op_type) : std::vector(d.begin(), d.end());
    any = true;
  }
  if (!any) throw UnknownShape();
  return product(dims);
}

/// Output elements of a sliding-window op over x (N, C, spatial...) or, channels last,
/// (N, spatial..., C), producing `channels` output channels, each spatial size by the window
/// formula of infergy/window.hpp (strides, dilations, pads, auto_pad and ceil_mode read from the
/// node). For ops whose output shape inference left unknown.
inline std::int64_t windowed_output_elements(const Node& n, std::span<const std::int64_t> x,
                                             std::int64_t channels,
                                             std::span<const std::int64_t> kernel,
                                             bool channels_last) {
  if (x.size() < 3) {
    throw input_error(fmt::format("{}: input of rank {} has no spatial dims", n.op_type, x.size()));
  }
  const std::size_t spatial = x.size() - 2;
  if (kernel.size() != spatial) {
    throw input_error(
        fmt::format("{}: kernel_shape does not match {} spatial dims", n.op_type, spatial));
  }
  WindowOrError w = read_window(n, std::vector<std::int64_t>(kernel.begin(), kernel.end()));
  if (w.error.empty()) w.error = window_value_error(w.window);
  if (!w.error.empty()) throw input_error(fmt::format("{}: {}", n.op_type, w.error));
  std::int64_t elements = mul({x[0], channels});
  for (std::size_t i = 0; i < spatial; ++i) {
    const SizeOrError size = window_output_size(w.window, i, channels_last ? x[1 + i] : x[2 + i]);
    if (!size.error.empty()) throw input_error(fmt::format("{}: {}", n.op_type, size.error));
    elements = mul({elements, size.size});
  }
  return elements;
}

/// Number of present inputs (variadic ops; omitted optional slots excluded).
inline std::int64_t present_inputs(const NodeContext& ctx) {
  std::int64_t n = 0;
  for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
    if (ctx.has_input(i)) ++n;
  }
  return n;
}

// ---- Constant inputs ----

/// Known integer values of input i (initializer, Constant, or folded during shape inference).
inline std::optional<std::vector<std::int64_t>> known_ints(const NodeContext& ctx, std::size_t i) {
  const Tensor* t = ctx.input(i);
  if (t == nullptr || !t->values || t->values->is_float) return std::nullopt;
  return t->values->ints;
}

/// True when input i is a zero point that takes arithmetic: present, and not known to be all
/// zeros.
inline bool zero_point_used(const NodeContext& ctx, std::size_t i) {
  const Tensor* t = ctx.input(i);
  if (t == nullptr) return false;
  if (!t->values) return true;
  if (t->values->is_float) {
    return std::any_of(t->values->floats.begin(), t->values->floats.end(),
                       [](double v) { return v != 0.0; });
  }
  return std::any_of(t->values->ints.begin(), t->values->ints.end(),
                     [](std::int64_t v) { return v != 0; });
}

/// Elements of input i when they must be handled at run time: zero for a constant (a weight's
/// zero point is folded into it once at load time, as runtimes do), all of them otherwise.
inline std::int64_t runtime_elements(const NodeContext& ctx, std::size_t i) {
  const Tensor* t = ctx.input(i);
  if (t == nullptr || t->is_constant()) return 0;
  return ctx.in_elements(i);
}

/// Smallest k with 2^k >= n (0 for n <= 1): comparisons of a binary search or a heap level count.
inline std::int64_t ceil_log2(std::int64_t n) {
  std::int64_t k = 0;
  while (k < 62 && (std::int64_t{1} << k) < n) ++k;
  return k;
}

}  // namespace infergy::cost
