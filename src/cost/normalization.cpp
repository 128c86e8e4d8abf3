// Normalizations, softmax and the losses built on it. A normalization over rows of D elements
// costs a fixed count per element plus a fixed count per row (the statistics' divisions and the
// square root), both written out in docs/counting.md from the op's ONNX function body:
//   LayerNormalization, per element: sum for the mean 1, square 1, sum of squares 1, subtract
//   the mean 1, divide by the deviation 1, scale 1 (+ shift 1 with a bias) = 6 (7); per row:
//   two divides (the means), square of the mean, variance = E[x^2] - E[x]^2, add epsilon,
//   sqrt = 6, + 1 reciprocal when the InvStdDev output is requested.
//   RMS norm (SimplifiedLayerNormalization, RMSNormalization), per element: square, sum,
//   divide, scale = 4; per row: divide (mean), add epsilon, sqrt = 3 (+ 1 reciprocal for an
//   inv_std_var output).
#include <algorithm>

#include "families.hpp"
#include "rule_helpers.hpp"

namespace infergy::cost {

namespace {

constexpr std::int64_t kLayerNormPerElement = 6;  // + 1 with a shift (bias)
constexpr std::int64_t kLayerNormPerRow = 6;
constexpr std::int64_t kRmsNormPerElement = 4;
constexpr std::int64_t kRmsNormPerRow = 3;
constexpr std::int64_t kSwishFlops = kSigmoidFlops + 1;

// Elements and rows when the normalized block is dims[axis:].
struct Rows {
  std::int64_t elements = 0;
  std::int64_t rows = 0;
};

Rows rows_from_axis(std::span<const std::int64_t> x, std::int64_t axis, std::string_view op) {
  const std::size_t a = normalize_axis(axis, x.size(), op);
  return {product(x), product(x.first(a))};
}

OpCost per_element_and_row(const Rows& r, std::int64_t per_element, std::int64_t per_row) {
  return flops_only(add({mul({r.elements, per_element}), mul({r.rows, per_row})}));
}

// X (N, C, ...), scale, B, mean, var. The running mean and variance are statistics (PyTorch
// keeps them as buffers, not parameters), so they are marked as non-data inputs. Inference folds
// the running statistics into y = x*a + b with a = scale / sqrt(var + eps) (add, sqrt, divide) and
// b = B - mean*a (multiply, subtract): 2 per element + 5 per channel. training_mode=1 computes the
// batch statistics (mean: 1 per element + 1 per channel; variance: 3 per element + 1 per channel)
// and updates the running ones (3 per channel each): 6 per element + 13 per channel.
OpCost batch_norm(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  if (x.size() < 2) throw input_error("BatchNormalization: input must be (N, C, ...)");
  const std::int64_t n = product(x);
  const std::int64_t c = x[1];
  if (ctx.node().attr_int("training_mode", 0) != 0) {
    return flops_only(add({mul({6, n}), mul({13, c})}));
  }
  return flops_only(add({mul({2, n}), mul({5, c})}));
}

// The reciprocal that turns the standard deviation into an InvStdDev output, per row, when that
// optional output is requested.
std::int64_t inv_std_output(const NodeContext& ctx, std::size_t slot) {
  return ctx.has_output(slot) ? 1 : 0;
}

// X, Scale, B; normalized over dims[axis:]. Outputs Y, Mean, InvStdDev.
OpCost layer_norm(const NodeContext& ctx) {
  const Rows r =
      rows_from_axis(ctx.in_dims(0), ctx.node().attr_int("axis", -1), "LayerNormalization");
  return per_element_and_row(r, kLayerNormPerElement + (ctx.has_input(2) ? 1 : 0),
                             kLayerNormPerRow + inv_std_output(ctx, 2));
}

// SimplifiedLayerNormalization: X, scale; outputs Y, inv_std_var. RMSNormalization has only Y.
OpCost rms_norm(const NodeContext& ctx) {
  const Rows r =
      rows_from_axis(ctx.in_dims(0), ctx.node().attr_int("axis", -1), ctx.node().op_type);
  const std::int64_t inv_std =
      ctx.node().op_type == "RMSNormalization" ? 0 : inv_std_output(ctx, 1);
  return per_element_and_row(r, kRmsNormPerElement, kRmsNormPerRow + inv_std);
}

// input, skip, gamma, beta, bias: (input + skip + bias), then LayerNormalization over the last
// dim. Outputs output, mean, inv_std_var, input_skip_bias_sum.
OpCost skip_layer_norm(const NodeContext& ctx) {
  const Rows r = rows_from_axis(ctx.in_dims(0), -1, "SkipLayerNormalization");
  const std::int64_t per_element =
      1 + (ctx.has_input(4) ? 1 : 0) + kLayerNormPerElement + (ctx.has_input(3) ? 1 : 0);
  return per_element_and_row(r, per_element, kLayerNormPerRow + inv_std_output(ctx, 2));
}

// input, skip, gamma, bias: (input + skip + bias), then RMS normalization over the last dim.
// Outputs output, mean, inv_std_var, input_skip_bias_sum.
OpCost skip_rms_norm(const NodeContext& ctx) {
  const Rows r = rows_from_axis(ctx.in_dims(0), -1, "SkipSimplifiedLayerNormalization");
  const std::int64_t per_element = 1 + (ctx.has_input(3) ? 1 : 0) + kRmsNormPerElement;
  return per_element_and_row(r, per_element, kRmsNormPerRow + inv_std_output(ctx, 2));
}

// input_ids (B, S), segment_ids, word_embedding (V, H), position_embedding, segment_embedding,
// gamma, beta, mask, position_ids. Gathers three embeddings (no arithmetic), adds them (1 per
// element each), LayerNormalization over H, and sums the mask per sequence for mask_index.
// The word table is read only at the B*S looked-up rows, the position table at S rows (B*S with
// explicit position_ids).
OpCost embed_layer_norm(const NodeContext& ctx) {
  const auto ids = ctx.in_dims(0);
  const auto word = ctx.in_dims(2);
  if (ids.size() != 2 || word.size() != 2) {
    throw input_error(
        "EmbedLayerNormalization: input_ids must be (B, S) and word_embedding (V, H)");
  }
  const std::int64_t tokens = mul({ids[0], ids[1]});
  const std::int64_t hidden = word[1];
  const std::int64_t elements = mul({tokens, hidden});
  const bool segments = ctx.has_input(4);
  const std::int64_t per_element =
      1 + (segments ? 1 : 0) + kLayerNormPerElement + (ctx.has_input(6) ? 1 : 0);
  OpCost c = flops_only(add({mul({elements, per_element}), mul({tokens, kLayerNormPerRow}),
                             ctx.has_input(7) ? ctx.in_elements(7) : 0}));
  c.input_elements_read.resize(ctx.num_inputs(), 0);
  for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
    if (ctx.has_input(i)) c.input_elements_read[i] = ctx.in_elements(i);
  }
  c.input_elements_read[2] = std::min(c.input_elements_read[2], elements);
  const std::int64_t position_rows = ctx.has_input(8) ? tokens : ids[1];
  c.input_elements_read[3] = std::min(c.input_elements_read[3], mul({position_rows, hidden}));
  if (segments) c.input_elements_read[4] = std::min(c.input_elements_read[4], elements);
  return c;
}

// Statistics over each (n, c) or (n, group) block, then scale and shift: the LayerNormalization
// decomposition with a shift, 7 per element and 6 per block.
OpCost instance_norm(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  if (x.size() < 3) throw input_error("InstanceNormalization: input must be (N, C, D1, ...)");
  return per_element_and_row({product(x), mul({x[0], x[1]})}, kLayerNormPerElement + 1,
                             kLayerNormPerRow);
}

OpCost group_norm(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  const std::int64_t groups = ctx.node().attr_int("num_groups", 0);
  if (x.size() < 2 || groups <= 0) {
    throw input_error("GroupNormalization: input must be (N, C, ...) with num_groups > 0");
  }
  return per_element_and_row({product(x), mul({x[0], groups})}, kLayerNormPerElement + 1,
                             kLayerNormPerRow);
}

// com.microsoft GroupNorm: X (N, H, W, C), gamma, beta; activation 1 appends Swish
// (x * sigmoid(x), 5 per element).
OpCost ms_group_norm(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  const std::int64_t groups = ctx.node().attr_int("groups", 0);
  if (x.empty() || groups <= 0) throw input_error("GroupNorm: needs groups > 0");
  const std::int64_t swish = ctx.node().attr_int("activation", 0) != 0 ? kSwishFlops : 0;
  return per_element_and_row({product(x), mul({x[0], groups})}, kLayerNormPerElement + 1 + swish,
                             kLayerNormPerRow);
}

// com.microsoft SkipGroupNorm: X, gamma, beta, skip, bias: X + skip (+ bias), then GroupNorm.
OpCost ms_skip_group_norm(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  const std::int64_t groups = ctx.node().attr_int("groups", 0);
  if (x.empty() || groups <= 0) throw input_error("SkipGroupNorm: needs groups > 0");
  const std::int64_t swish = ctx.node().attr_int("activation", 0) != 0 ? kSwishFlops : 0;
  const std::int64_t skip = 1 + (ctx.has_input(4) ? 1 : 0);
  return per_element_and_row({product(x), mul({x[0], groups})},
                             kLayerNormPerElement + 1 + swish + skip, kLayerNormPerRow);
}

// ONNX function body: mean of X and of X^2 (sum 1 + square 1 + sum 1 per element), variance =
// E[X^2] - E[X]^2, (X - mean) / (sqrt(variance) + eps): subtract 1, divide 1 per element;
// per block 2 divides, square, subtract, sqrt, add epsilon = 6.
OpCost mean_variance_norm(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  const auto axes = ctx.node().attr_ints("axes", {0, 2, 3});
  std::int64_t reduced = 1;
  std::vector<bool> seen(x.size(), false);
  for (std::int64_t a : axes) {
    const std::size_t i = normalize_axis(a, x.size(), "MeanVarianceNormalization");
    if (!seen[i]) reduced = mul({reduced, x[i]});
    seen[i] = true;
  }
  const std::int64_t n = product(x);
  return per_element_and_row({n, reduced == 0 ? 0 : n / reduced}, 5, 6);
}

// p = 2: square, sum, divide per element + sqrt per row; p = 1: abs, sum, divide per element.
OpCost lp_norm(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  const std::size_t axis =
      normalize_axis(ctx.node().attr_int("axis", -1), x.size(), "LpNormalization");
  const std::int64_t p = ctx.node().attr_int("p", 2);
  if (p != 1 && p != 2) throw input_error("LpNormalization: p must be 1 or 2");
  const std::int64_t n = product(x);
  const std::int64_t rows = x[axis] == 0 ? 0 : n / x[axis];
  return per_element_and_row({n, rows}, 3, p == 2 ? 1 : 0);
}

// y = x / (bias + alpha/size * sum of squares over `size` channels)^beta: the window costs a
// square and an add per channel in it; then scale, add bias, pow, divide.
OpCost lrn(const NodeContext& ctx) {
  const std::int64_t size = ctx.node().attr_int("size", 0);
  if (size <= 0) throw input_error("LRN: size must be positive");
  return flops_only(mul({same_shape_elements(ctx), add({mul({2, size}), 4})}));
}

OpCost softmax(const NodeContext& ctx) {
  return flops_only(mul({same_shape_elements(ctx), kSoftmaxFlops}));
}

// Softmax's 5 per element (max, subtract, exp, sum, and the final subtract of the log-sum in
// place of the divide) + 1 log per row.
OpCost log_softmax(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  const std::int64_t n = product(x);
  std::int64_t rows = 0;
  if (ctx.opset() < 13) {
    const std::size_t a = normalize_axis(ctx.node().attr_int("axis", 1), x.size(), "LogSoftmax");
    rows = product(x.first(a));
  } else {
    const std::size_t a = normalize_axis(ctx.node().attr_int("axis", -1), x.size(), "LogSoftmax");
    rows = x[a] == 0 ? 0 : n / x[a];
  }
  return per_element_and_row({n, rows}, kSoftmaxFlops, 1);
}

// argmax along the axis (1 compare per element); writing the one-hot result is no arithmetic.
OpCost hardmax(const NodeContext& ctx) {
  return flops_only(same_shape_elements(ctx));
}

OpCost bias_softmax(const NodeContext& ctx) {
  return flops_only(mul({same_shape_elements(ctx), 1 + kSoftmaxFlops}));
}

OpCost qlinear_softmax(const NodeContext& ctx) {
  return flops_only(
      mul({same_shape_elements(ctx), kDequantizeFlops + kSoftmaxFlops + kRequantizeFlops}));
}

// Negative log-likelihood over E = elements(target) picked entries: negate (1), weight (1 if
// weights), ignore_index (compare and zero the loss: 2), then the reduction: none 0, sum E adds,
// mean E adds + 1 divide, + E adds for the sum of the weights (or, with ignore_index alone, of
// the kept entries) and, with ignore_index, E selects masking them. Only the picked entries of
// the input are read.
std::int64_t nll_flops(const NodeContext& ctx, std::int64_t picked, bool weighted) {
  const std::string reduction = ctx.node().attr_string("reduction", "mean");
  const bool ignore = ctx.node().attr("ignore_index") != nullptr;
  std::int64_t flops = mul({picked, 1 + (weighted ? 1 : 0) + (ignore ? 2 : 0)});
  if (reduction == "sum") {
    flops = add({flops, picked});
  } else if (reduction == "mean") {
    const std::int64_t denominator = mul({picked, (weighted || ignore ? 1 : 0) + (ignore ? 1 : 0)});
    flops = add({flops, picked, 1, denominator});
  } else if (reduction != "none") {
    throw input_error(fmt::format("{}: unknown reduction '{}'", ctx.node().op_type, reduction));
  }
  return flops;
}

OpCost nll_loss(const NodeContext& ctx) {
  const std::int64_t picked = ctx.in_elements(1);
  OpCost c = flops_only(nll_flops(ctx, picked, ctx.has_input(2)));
  c.input_elements_read = {picked, picked, ctx.has_input(2) ? ctx.in_elements(2) : 0};
  return c;
}

// LogSoftmax over the class axis of the scores (5 per element + 1 per row, a row per label),
// then the negative log-likelihood of the labels.
OpCost softmax_cross_entropy(const NodeContext& ctx) {
  const std::int64_t scores = ctx.in_elements(0);
  const std::int64_t labels = ctx.in_elements(1);
  return flops_only(
      add({mul({scores, kSoftmaxFlops}), labels, nll_flops(ctx, labels, ctx.has_input(2))}));
}

}  // namespace

void register_normalization_rules(CostRegistry& r) {
  add_rules(
      r, "ai.onnx", "normalization",
      {
          {"BatchNormalization",
           "inference: FLOPs = 2 per element (y = x*a + b) + 5 per channel to fold mean/var "
           "into a, b; training_mode: 6 per element + 13 per channel",
           batch_norm, slots({3, 4})},
          {"LayerNormalization",
           "FLOPs = 6 per element (+1 with bias B) + 6 per normalized row (dims[axis:]) (+1 for "
           "the InvStdDev output)",
           layer_norm},
          {"SimplifiedLayerNormalization",
           "RMS norm: FLOPs = 4 per element + 3 per normalized row (+1 for inv_std_var)", rms_norm},
          {"RMSNormalization", "FLOPs = 4 per element + 3 per normalized row (dims[axis:])",
           rms_norm},
          {"InstanceNormalization", "FLOPs = 7 per element + 6 per (n, c) block", instance_norm},
          {"GroupNormalization", "FLOPs = 7 per element + 6 per (n, group) block", group_norm},
          {"MeanVarianceNormalization",
           "FLOPs = 5 per element + 6 per block over `axes` (default 0, 2, 3)", mean_variance_norm},
          {"LpNormalization", "FLOPs = 3 per element + 1 sqrt per row when p = 2", lp_norm},
          {"LRN", "FLOPs = (2*size + 4) per element", lrn},
          {"Softmax", "FLOPs = 5 per element (max, subtract, exp, sum, divide)", softmax},
          {"LogSoftmax", "FLOPs = 5 per element + 1 log per row", log_softmax},
          {"Hardmax", "FLOPs = 1 compare per element", hardmax},
          {"NegativeLogLikelihoodLoss",
           "E = elements(target): FLOPs = E (negate) + E if weight + 2E with ignore_index + "
           "reduction (sum: E; mean: E + 1, + E with weight or ignore_index, + E with "
           "ignore_index); reads E input elements",
           nll_loss, slots({1})},
          {"SoftmaxCrossEntropyLoss",
           "LogSoftmax over classes (5 per score + 1 per label) + NegativeLogLikelihoodLoss",
           softmax_cross_entropy, slots({1})},
      });
  add_rules(
      r, "com.microsoft", "normalization",
      {
          {"LayerNormalization", "as ai.onnx LayerNormalization", layer_norm},
          {"SimplifiedLayerNormalization",
           "RMS norm: FLOPs = 4 per element + 3 per normalized row (+1 for inv_std_var)", rms_norm},
          {"SkipLayerNormalization",
           "FLOPs per element: 1 skip add (+1 bias) + 6 LayerNorm (+1 beta); + 6 per row (+1 "
           "for inv_std_var)",
           skip_layer_norm},
          {"SkipSimplifiedLayerNormalization",
           "FLOPs per element: 1 skip add (+1 bias) + 4 RMS norm; + 3 per row (+1 for "
           "inv_std_var)",
           skip_rms_norm},
          {"EmbedLayerNormalization",
           "gather 3 embeddings (0); FLOPs per element: 1 position add (+1 segment add) + 6 "
           "LayerNorm (+1 beta); + 6 per token + elements(mask); reads B*S rows of the word table",
           embed_layer_norm, slots({0, 1, 7, 8})},
          {"GroupNorm", "FLOPs = 7 per element (+5 Swish if activation) + 6 per (n, group)",
           ms_group_norm},
          {"SkipGroupNorm",
           "FLOPs = 1 skip add (+1 bias) + 7 per element (+5 Swish) + 6 per (n, group)",
           ms_skip_group_norm},
          {"BiasSoftmax", "FLOPs = 6 per element (bias add + Softmax 5)", bias_softmax},
          {"QLinearSoftmax", "FLOPs = 12 per element (dequantize 2, Softmax 5, requantize 5)",
           qlinear_softmax, slots({1, 2, 3, 4})},
      });
}

}  // namespace infergy::cost
