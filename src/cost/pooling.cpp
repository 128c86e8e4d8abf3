// Pooling, reductions, selection (ArgMax, TopK, Unique) and resampling (Resize, GridSample,
// RoiAlign). Accumulating n values costs n operations (the accumulator starts at its identity,
// as a K-term dot product counts K MACs): a window of k elements costs k compares (max) or k adds
// (average, + 1 divide per output), a reduction 1 per input element plus its per-output finish.
#include <algorithm>

#include "families.hpp"
#include "rule_helpers.hpp"

namespace infergy::cost {

namespace {

std::int64_t kernel_size(const NodeContext& ctx) {
  const auto kernel = ctx.node().attr_ints("kernel_shape");
  if (kernel.empty()) {
    throw input_error(fmt::format("{}: kernel_shape is required", ctx.node().op_type));
  }
  return product(kernel);
}

// Output elements of a pool: the inferred shape, else from the attributes.
std::int64_t pool_outputs(const NodeContext& ctx, bool channels_last) {
  const Tensor* y = ctx.output(0);
  if (y != nullptr && y->shape_known()) return ctx.out_elements(0);
  const auto x = ctx.in_dims(0);
  const auto kernel = ctx.node().attr_ints("kernel_shape");
  const std::int64_t channels = channels_last ? x.back() : (x.size() > 1 ? x[1] : 0);
  return windowed_output_elements(ctx.node(), x, channels, kernel, channels_last);
}

// Lp pooling and norms: per element |x|^p and an add (p = 1: abs, add; p = 2: square, add;
// otherwise abs, pow, add); per output the p-th root (none for p = 1).
struct LpCost {
  std::int64_t per_element = 0;
  std::int64_t per_output = 0;
};

LpCost lp_cost(const Node& n) {
  const Attribute* a = n.attr("p");
  double p = 2.0;
  if (a != nullptr) p = a->type == Attribute::Type::f ? a->f : static_cast<double>(a->i);
  if (p == 1.0) return {2, 0};
  if (p == 2.0) return {2, 1};
  return {3, 1};
}

OpCost max_pool(const NodeContext& ctx) {
  return flops_only(mul({pool_outputs(ctx, false), kernel_size(ctx)}));
}

OpCost average_pool(const NodeContext& ctx) {
  return flops_only(mul({pool_outputs(ctx, false), kernel_size(ctx) + 1}));
}

OpCost lp_pool(const NodeContext& ctx) {
  const LpCost lp = lp_cost(ctx.node());
  return flops_only(mul(
      {pool_outputs(ctx, false), add({mul({kernel_size(ctx), lp.per_element}), lp.per_output})}));
}

// Global pools reduce each (n, c) plane: 1 per input element, + 1 divide per output (average).
std::int64_t planes(const NodeContext& ctx, bool channels_last) {
  const auto x = ctx.in_dims(0);
  if (x.size() < 2) {
    throw input_error(fmt::format("{}: input must be (N, C, ...)", ctx.node().op_type));
  }
  return mul({x[0], channels_last ? x.back() : x[1]});
}

OpCost global_max_pool(const NodeContext& ctx) {
  return flops_only(ctx.in_elements(0));
}

OpCost global_average_pool(const NodeContext& ctx) {
  return flops_only(add({ctx.in_elements(0), planes(ctx, false)}));
}

OpCost global_lp_pool(const NodeContext& ctx) {
  const LpCost lp = lp_cost(ctx.node());
  return flops_only(
      add({mul({ctx.in_elements(0), lp.per_element}), mul({planes(ctx, false), lp.per_output})}));
}

// com.microsoft QLinear pools accumulate the integers (1 per window element) and finish each
// output with a divide, a zero-point correction and a requantization: 7.
constexpr std::int64_t kQLinearPoolPerOutput = 2 + kRequantizeFlops;

OpCost qlinear_average_pool(const NodeContext& ctx) {
  const bool channels_last = ctx.node().attr_int("channels_last", 0) != 0;
  return flops_only(
      mul({pool_outputs(ctx, channels_last), kernel_size(ctx) + kQLinearPoolPerOutput}));
}

OpCost qlinear_global_average_pool(const NodeContext& ctx) {
  const bool channels_last = ctx.node().attr_int("channels_last", 0) != 0;
  return flops_only(
      add({ctx.in_elements(0), mul({planes(ctx, channels_last), kQLinearPoolPerOutput})}));
}

OpCost nhwc_max_pool(const NodeContext& ctx) {
  return flops_only(mul({pool_outputs(ctx, true), kernel_size(ctx)}));
}

// Interpolation from `taps` neighbours along each of the given axes, evaluated axis by axis:
// a 1-D weighted combination of t values costs 2t - 1 (t multiplies, t - 1 adds; a linear lerp
// a + w(b - a) is 3), and the outer axis combines the inner results. Per output element:
// sum over axes i of (2 t_i - 1) * prod_{j > i} t_j: linear 3(2^d - 1), cubic 7(4^d - 1)/3.
std::int64_t interpolation_flops(const std::vector<std::int64_t>& taps) {
  std::int64_t flops = 0;
  for (std::size_t i = 0; i < taps.size(); ++i) {
    std::int64_t inner = 1;
    for (std::size_t j = i + 1; j < taps.size(); ++j) inner = mul({inner, taps[j]});
    flops = add({flops, mul({2 * taps[i] - 1, inner})});
  }
  return flops;
}

std::int64_t mode_taps(std::string_view mode, std::string_view op) {
  if (mode == "nearest") return 0;
  if (mode == "linear" || mode == "bilinear") return 2;
  if (mode == "cubic" || mode == "bicubic") return 4;
  throw input_error(fmt::format("{}: unknown mode '{}'", op, mode));
}

// Resize/Upsample: nearest costs nothing; linear and cubic interpolate along every axis whose
// size changes. With antialias (opset 18) a downscaled axis widens its filter to
// ceil(taps * in / out) taps.
OpCost resize(const NodeContext& ctx) {
  const std::int64_t taps =
      mode_taps(ctx.node().attr_string("mode", "nearest"), ctx.node().op_type);
  if (taps == 0) return flops_only(0);
  const auto x = ctx.in_dims(0);
  const auto y = ctx.out_dims(0);
  if (x.size() != y.size()) {
    throw input_error(fmt::format("{}: input and output ranks differ", ctx.node().op_type));
  }
  const bool antialias = ctx.node().attr_int("antialias", 0) != 0;
  std::vector<std::int64_t> axis_taps;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == y[i]) continue;
    std::int64_t t = taps;
    if (antialias && y[i] > 0 && y[i] < x[i]) t = (mul({taps, x[i]}) + y[i] - 1) / y[i];
    axis_taps.push_back(t);
  }
  return flops_only(mul({product(y), interpolation_flops(axis_taps)}));
}

// GridSample: X (N, C, D1..Dr), grid (N, o1..or, r). Per output location and coordinate:
// unnormalize (2), floor and fraction (2) = 4 (nearest: unnormalize and round = 3; cubic adds
// 4 weights of 6 each = 28). Per output element (x C): the mode's interpolation (see Resize).
OpCost grid_sample(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  const auto grid = ctx.in_dims(1);
  if (x.size() < 3 || grid.size() != x.size() ||
      grid.back() != static_cast<std::int64_t>(x.size() - 2)) {
    throw input_error(fmt::format("{}: grid does not match the input", ctx.node().op_type));
  }
  const std::string default_mode =
      ctx.node().domain == "ai.onnx" && ctx.opset() >= 20 ? "linear" : "bilinear";
  const std::int64_t taps =
      mode_taps(ctx.node().attr_string("mode", default_mode), ctx.node().op_type);
  const std::int64_t rank = grid.back();
  const std::int64_t locations = product(grid.first(grid.size() - 1));
  const std::int64_t per_coordinate = taps == 0 ? 3 : (taps == 4 ? 28 : 4);
  const std::int64_t outputs = mul({locations, x[1]});
  const std::int64_t per_output =
      taps == 0
          ? 0
          : interpolation_flops(std::vector<std::int64_t>(static_cast<std::size_t>(rank), taps));
  return flops_only(add({mul({locations, rank, per_coordinate}), mul({outputs, per_output})}));
}

// AffineGrid: theta (N, r, r+1) maps each output location's homogeneous coordinate: r*r MACs
// and r adds of the translation.
OpCost affine_grid(const NodeContext& ctx) {
  const auto theta = ctx.in_dims(0);
  if (theta.size() != 3 || theta[2] != theta[1] + 1) {
    throw input_error("AffineGrid: theta must be (N, r, r + 1)");
  }
  const std::int64_t r = theta[1];
  const std::int64_t locations = r == 0 ? 0 : ctx.out_elements(0) / r;
  return contraction(mul({locations, r, r}), mul({locations, r}));
}

// RoiAlign: each output bin averages (or maxes) s x s bilinear samples: per sample 9
// (bilinear) + 1 (accumulate), + 1 divide per output for "avg". sampling_ratio 0 adapts the
// sample count to each box's size, which depends on the box values.
OpCost roi_align(const NodeContext& ctx) {
  const std::int64_t ratio = ctx.node().attr_int("sampling_ratio", 0);
  if (ratio <= 0) throw DataDependentCost();
  const bool average = ctx.node().attr_string("mode", "avg") == "avg";
  const std::int64_t per_output =
      add({mul({ratio, ratio, interpolation_flops({2, 2}) + 1}), average ? 1 : 0});
  return flops_only(mul({ctx.out_elements(0), per_output}));
}

OpCost depends_on_values(const NodeContext&) {
  throw DataDependentCost();
}

OpCost no_arithmetic(const NodeContext&) {
  return {};
}

// ---- Reductions ----

// The reduction's axes: input 1 when present (ReduceSum from opset 13, the others from 18),
// else the `axes` attribute. nullopt when input 1 is present but its values are unknown.
std::optional<std::vector<std::int64_t>> reduce_axes(const NodeContext& ctx) {
  if (ctx.has_input(1)) return known_ints(ctx, 1);
  return ctx.node().attr_ints("axes");
}

struct Reduction {
  std::int64_t inputs = 0;
  std::int64_t outputs = 0;
  bool noop = false;  // noop_with_empty_axes with no axes: the output is the input
};

Reduction reduction_shape(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  Reduction r;
  r.inputs = product(x);
  const auto axes = reduce_axes(ctx);
  const bool empty_axes = axes && axes->empty();
  if (empty_axes && ctx.node().attr_int("noop_with_empty_axes", 0) != 0) {
    r.noop = true;
    r.outputs = r.inputs;
    return r;
  }
  const Tensor* y = ctx.output(0);
  if (y != nullptr && y->shape_known()) {
    r.outputs = ctx.out_elements(0);
    return r;
  }
  if (!axes) throw UnknownShape();
  std::vector<bool> reduced(x.size(), empty_axes);
  for (std::int64_t a : *axes) reduced[normalize_axis(a, x.size(), ctx.node().op_type)] = true;
  r.outputs = 1;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!reduced[i]) r.outputs = mul({r.outputs, x[i]});
  }
  return r;
}

// PerInput FLOPs per input element, PerOutput per output element (the finish: divide, sqrt, log).
template <std::int64_t PerInput, std::int64_t PerOutput>
OpCost reduce(const NodeContext& ctx) {
  const Reduction r = reduction_shape(ctx);
  if (r.noop) return flops_only(0);
  return flops_only(add({mul({r.inputs, PerInput}), mul({r.outputs, PerOutput})}));
}

// ArgMax/ArgMin compare every element; CumSum/CumProd add or multiply every element.
OpCost per_input_element(const NodeContext& ctx) {
  return flops_only(ctx.in_elements(0));
}

// TopK: each of the n elements of a row is offered to a heap of the k best (ceil(log2(k+1))
// compares); sorted output adds k*ceil(log2 k) per row.
OpCost top_k(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  const std::size_t axis = normalize_axis(ctx.node().attr_int("axis", -1), x.size(), "TopK");
  std::int64_t k = 0;
  const Tensor* y = ctx.output(0);
  if (y != nullptr && y->shape_known()) {
    k = ctx.out_dims(0)[axis];
  } else if (ctx.has_input(1)) {
    const auto v = known_ints(ctx, 1);
    if (!v || v->size() != 1) throw UnknownShape();
    k = v->front();
  } else {
    k = ctx.node().attr_int("k", 0);
  }
  const std::int64_t n = product(x);
  const std::int64_t rows = x[axis] == 0 ? 0 : n / x[axis];
  const bool sorted = ctx.node().attr_int("sorted", 1) != 0;
  return flops_only(add({mul({n, ceil_log2(k + 1)}), sorted ? mul({rows, k, ceil_log2(k)}) : 0}));
}

// Unique as a sort of the L items (elements, or slices along `axis`): L*ceil(log2 L)
// comparisons of a slice each, then one pass comparing neighbours (1 per element).
OpCost unique(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  const std::int64_t n = product(x);
  std::int64_t items = n;
  if (ctx.node().attr("axis") != nullptr) {
    items = x[normalize_axis(ctx.node().attr_int("axis", 0), x.size(), "Unique")];
  }
  const std::int64_t slice = items == 0 ? 0 : n / items;
  return flops_only(add({mul({items, ceil_log2(items), slice}), n}));
}

}  // namespace

void register_pooling_rules(CostRegistry& r) {
  add_rules(
      r, "ai.onnx", "pooling",
      {
          {"MaxPool", "FLOPs = outputs * prod(kernel) compares", max_pool},
          {"AveragePool", "FLOPs = outputs * (prod(kernel) adds + 1 divide)", average_pool},
          {"LpPool",
           "FLOPs = outputs * (prod(kernel) * 2 (|x|^p and add; 3 if p not in {1, 2}) + 1 root "
           "(p != 1))",
           lp_pool},
          {"GlobalMaxPool", "FLOPs = elements(X) compares", global_max_pool},
          {"GlobalAveragePool", "FLOPs = elements(X) adds + N*C divides", global_average_pool},
          {"GlobalLpPool", "FLOPs = elements(X) * 2 (3 if p not in {1, 2}) + N*C roots (p != 1)",
           global_lp_pool},
          {"MaxRoiPool",
           "data-dependent: each bin's size comes from the box values (reported as unknown)",
           depends_on_values},
          {"RoiAlign",
           "FLOPs = outputs * (s*s samples * (9 bilinear + 1 accumulate) + 1 divide if avg); "
           "sampling_ratio 0 is data-dependent",
           roi_align, slots({2})},
          {"MaxUnpool", "FLOPs = 0 (scatter into zeros)", no_arithmetic, slots({1, 2})},
          {"ReduceSum", "FLOPs = elements(X) adds (0 when noop_with_empty_axes applies)",
           reduce<1, 0>, slots({1})},
          {"ReduceMean", "FLOPs = elements(X) adds + 1 divide per output", reduce<1, 1>,
           slots({1})},
          {"ReduceMax", "FLOPs = elements(X) compares", reduce<1, 0>, slots({1})},
          {"ReduceMin", "FLOPs = elements(X) compares", reduce<1, 0>, slots({1})},
          {"ReduceProd", "FLOPs = elements(X) multiplies", reduce<1, 0>, slots({1})},
          {"ReduceL1", "FLOPs = 2 per input element (abs, add)", reduce<2, 0>, slots({1})},
          {"ReduceL2", "FLOPs = 2 per input element (square, add) + 1 sqrt per output",
           reduce<2, 1>, slots({1})},
          {"ReduceSumSquare", "FLOPs = 2 per input element (square, add)", reduce<2, 0>,
           slots({1})},
          {"ReduceLogSum", "FLOPs = 1 per input element + 1 log per output", reduce<1, 1>,
           slots({1})},
          {"ReduceLogSumExp",
           "FLOPs = 2 per input element (exp, add) + 1 log per output (ONNX function body)",
           reduce<2, 1>, slots({1})},
          {"ArgMax", "FLOPs = elements(X) compares", per_input_element},
          {"ArgMin", "FLOPs = elements(X) compares", per_input_element},
          {"CumSum", "FLOPs = elements(X) adds", per_input_element, slots({1})},
          {"CumProd", "FLOPs = elements(X) multiplies", per_input_element, slots({1})},
          {"TopK",
           "FLOPs = elements(X) * ceil(log2(k+1)) heap compares + rows * k * ceil(log2 k) if "
           "sorted",
           top_k, slots({1})},
          {"Unique",
           "FLOPs = L*ceil(log2 L)*slice compares (sort of L items) + elements(X) (neighbour "
           "compares)",
           unique},
          {"NonMaxSuppression",
           "data-dependent: the boxes compared depend on scores and overlaps (reported as "
           "unknown)",
           depends_on_values, slots({2, 3, 4})},
          {"Resize",
           "FLOPs = 0 for nearest; per output element sum_i (2t_i - 1) prod_{j>i} t_j over "
           "the axes whose size changes, t = 2 linear (3 per axis in 1-D, 9 in 2-D) or 4 cubic "
           "(7, 35)",
           resize, slots({1, 2, 3})},
          {"Upsample", "FLOPs = 0 for nearest; linear 3(2^d - 1) per output element (as Resize)",
           resize, slots({1})},
          {"GridSample",
           "per output location and coordinate 4 (nearest 3, cubic 28) + per output element "
           "the interpolation of Resize (linear 3(2^d-1), cubic 7(4^d-1)/3, nearest 0)",
           grid_sample},
          {"AffineGrid", "MACs = locations * r*r; FLOPs = 2*MACs + locations * r", affine_grid,
           slots({1})},
      });
  add_rules(r, "com.microsoft", "pooling",
            {
                {"QLinearAveragePool", "FLOPs = outputs * (prod(kernel) + 7)", qlinear_average_pool,
                 slots({1, 2, 3, 4})},
                {"QLinearGlobalAveragePool", "FLOPs = elements(X) + 7 per (n, c)",
                 qlinear_global_average_pool, slots({1, 2, 3, 4})},
                {"NhwcMaxPool", "as MaxPool, channels-last layout", nhwc_max_pool},
                {"GridSample", "as ai.onnx GridSample (opset 16 modes)", grid_sample},
            });
}

}  // namespace infergy::cost
