// Elementwise arithmetic, activations, quantization and random/window generators: a fixed
// number of FLOPs per output element. Elementary operations (add, sub, mul, div, min, max,
// compare, abs, neg, a compare-and-select) and special functions (exp, log, sqrt, reciprocal,
// erf, tanh, sin, pow, ...) count 1 each; composite activations count the operations of their
// defining formula (ONNX's function body where there is one). No MACs: nothing here is a
// multiply-accumulate with a weight.
#include <cmath>

#include "families.hpp"
#include "rule_helpers.hpp"

namespace infergy::cost {

namespace {

// F FLOPs per element of an output shaped like input 0.
template <std::int64_t F>
OpCost unary(const NodeContext& ctx) {
  return flops_only(mul({F, same_shape_elements(ctx)}));
}

// F FLOPs per element of the broadcast output.
template <std::int64_t F>
OpCost broadcast(const NodeContext& ctx) {
  return flops_only(mul({F, broadcast_elements(ctx)}));
}

// F FLOPs per element of an output made from attributes or scalars (generators).
template <std::int64_t F>
OpCost generated(const NodeContext& ctx) {
  return flops_only(mul({F, ctx.out_elements(0)}));
}

OpCost no_arithmetic(const NodeContext&) {
  return {};
}

// CastLike reads only the type of its second input.
OpCost cast_like(const NodeContext& ctx) {
  OpCost c;
  c.input_elements_read = {ctx.in_elements(0), 0};
  return c;
}

// A pseudo-random draw counts 1 (like a special function); mapping it to the requested
// distribution costs 1 per non-trivial affine term: RandomUniform's (high - low) scale and low
// shift, RandomNormal's scale and mean.
std::int64_t random_flops(const NodeContext& ctx) {
  const Node& n = ctx.node();
  const bool uniform = n.op_type.starts_with("RandomUniform");
  const double scale =
      uniform ? n.attr_float("high", 1.0) - n.attr_float("low", 0.0) : n.attr_float("scale", 1.0);
  const double shift = uniform ? n.attr_float("low", 0.0) : n.attr_float("mean", 0.0);
  return 1 + (scale != 1.0 ? 1 : 0) + (shift != 0.0 ? 1 : 0);
}

OpCost random(const NodeContext& ctx) {
  return flops_only(mul({random_flops(ctx), ctx.out_elements(0)}));
}

// RandomNormalLike/RandomUniformLike use only the shape of their input.
OpCost random_like(const NodeContext& ctx) {
  OpCost c = flops_only(mul({random_flops(ctx), same_shape_elements(ctx)}));
  c.input_elements_read = {0};
  return c;
}

// Range (ONNX function body): the element count max(ceil((limit - start) / delta), 0) is 4
// scalar operations, then each element adds delta to the previous one.
double scalar_value(const NodeContext& ctx, std::size_t slot) {
  const Tensor* t = ctx.input(slot);
  if (t == nullptr || !t->values || t->values->size() != 1) throw UnknownShape();
  return t->values->is_float ? t->values->floats.front()
                             : static_cast<double>(t->values->ints.front());
}

OpCost range(const NodeContext& ctx) {
  std::int64_t elements = 0;
  const Tensor* y = ctx.output(0);
  if (y != nullptr && y->shape_known()) {
    elements = ctx.out_elements(0);
  } else {
    const double start = scalar_value(ctx, 0);
    const double limit = scalar_value(ctx, 1);
    const double delta = scalar_value(ctx, 2);
    if (delta == 0.0) throw input_error("Range: delta is 0");
    const double count = std::ceil((limit - start) / delta);
    if (!(count < 9.2e18)) throw CountOverflow();
    elements = count > 0 ? static_cast<std::int64_t>(count) : 0;
  }
  return flops_only(add({elements, 4}));
}

// 1 per bound given: opset >= 11 takes min/max as inputs 1 and 2, earlier ones as attributes.
OpCost clip(const NodeContext& ctx) {
  std::int64_t bounds = 0;
  if (ctx.opset() >= 11) {
    bounds = (ctx.has_input(1) ? 1 : 0) + (ctx.has_input(2) ? 1 : 0);
  } else {
    bounds = (ctx.node().attr("min") ? 1 : 0) + (ctx.node().attr("max") ? 1 : 0);
  }
  return flops_only(mul({bounds, same_shape_elements(ctx)}));
}

// Variadic Sum/Max/Min: n inputs need n - 1 pairwise operations per output element.
OpCost variadic(const NodeContext& ctx) {
  const std::int64_t n = present_inputs(ctx);
  if (n <= 1) return flops_only(0);
  return flops_only(mul({n - 1, broadcast_elements(ctx)}));
}

// Mean: n - 1 adds and one divide per output element (nothing for a single input).
OpCost mean(const NodeContext& ctx) {
  const std::int64_t n = present_inputs(ctx);
  if (n <= 1) return flops_only(0);
  return flops_only(mul({n, broadcast_elements(ctx)}));
}

// approximate = "none": x * 0.5 * (1 + erf(x / sqrt 2)) = 5; "tanh": 9.
OpCost gelu(const NodeContext& ctx) {
  const std::string approximate = ctx.node().attr_string("approximate", "none");
  if (approximate != "none" && approximate != "tanh") {
    throw input_error(fmt::format("Gelu: unknown approximate '{}'", approximate));
  }
  return flops_only(
      mul({approximate == "tanh" ? kGeluTanhFlops : kGeluErfFlops, same_shape_elements(ctx)}));
}

// x / scale, round, saturate (2) = 4, + 1 to add a zero point.
OpCost quantize_linear(const NodeContext& ctx) {
  const std::int64_t per = kQuantizeFlops + (ctx.has_input(2) ? 1 : 0);
  return flops_only(mul({per, same_shape_elements(ctx)}));
}

// (x - zero_point) * scale: 1 + 1 with a zero point.
OpCost dequantize_linear(const NodeContext& ctx) {
  const std::int64_t per = 1 + (ctx.has_input(2) ? 1 : 0);
  return flops_only(mul({per, same_shape_elements(ctx)}));
}

// Per element: min and max of the data (2) and quantization with a zero point (5). Once: the
// scale and zero point from the ONNX definition: min(0, .), max(0, .), subtract, divide,
// divide, subtract, round, clamp x2 = 9.
OpCost dynamic_quantize_linear(const NodeContext& ctx) {
  return flops_only(add({mul({2 + kQuantizeFlops + 1, ctx.in_elements(0)}), 9}));
}

// logits (B, C): exponentiate and accumulate each row (2 per class), then per sample a draw
// and a binary search over the C cumulative weights.
OpCost multinomial(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  if (x.size() != 2) throw input_error("Multinomial: input must be (batch, classes)");
  const std::int64_t samples = ctx.node().attr_int("sample_size", 1);
  return flops_only(add({mul({2, x[0], x[1]}), mul({x[0], samples, 1 + ceil_log2(x[1])})}));
}

// com.microsoft FastGelu: tanh approximation (9) + 1 if the bias input is given.
OpCost fast_gelu(const NodeContext& ctx) {
  const std::int64_t per = kGeluTanhFlops + (ctx.has_input(1) ? 1 : 0);
  return flops_only(mul({per, same_shape_elements(ctx)}));
}

// com.microsoft BiasSplitGelu: X (N, S, D) + bias (1 per input element), then
// left * Gelu(right) on the two halves (6 per output element).
OpCost bias_split_gelu(const NodeContext& ctx) {
  const std::int64_t in = ctx.in_elements(0);
  return flops_only(add({in, mul({in / 2, kGeluErfFlops + 1})}));
}

// com.microsoft BiasDropout at inference: data + bias (+ residual).
OpCost bias_dropout(const NodeContext& ctx) {
  const std::int64_t per = 1 + (ctx.has_input(2) ? 1 : 0);
  return flops_only(mul({per, same_shape_elements(ctx)}));
}

// com.microsoft QLinearConcat: every element is requantized to the output's scale and zero
// point: subtract the input zero point, scale, round, add the output zero point, clamp x2.
OpCost qlinear_concat(const NodeContext& ctx) {
  return flops_only(mul({1 + kRequantizeFlops, ctx.out_elements(0)}));
}

// QLinearConcat's inputs: Y_scale, Y_zero_point, then (tensor, scale, zero point) triples; all
// but the tensors are quantization arguments.
constexpr std::uint32_t qlinear_concat_arguments() {
  std::uint32_t mask = slots({0, 1});
  for (int i = 2; i < 32; ++i) {
    if ((i - 2) % 3 != 0) mask |= 1u << i;
  }
  return mask;
}

}  // namespace

void register_elementwise_rules(CostRegistry& r) {
  add_rules(
      r, "ai.onnx", "elementwise",
      {
          // Binary arithmetic, comparison and logic: 1 per output element.
          {"Add", "FLOPs = 1 per output element", broadcast<1>},
          {"Sub", "FLOPs = 1 per output element", broadcast<1>},
          {"Mul", "FLOPs = 1 per output element", broadcast<1>},
          {"Div", "FLOPs = 1 per output element", broadcast<1>},
          {"Mod", "FLOPs = 1 per output element", broadcast<1>},
          {"Pow", "FLOPs = 1 per output element (special function)", broadcast<1>},
          {"Equal", "FLOPs = 1 per output element", broadcast<1>},
          {"Less", "FLOPs = 1 per output element", broadcast<1>},
          {"LessOrEqual", "FLOPs = 1 per output element", broadcast<1>},
          {"Greater", "FLOPs = 1 per output element", broadcast<1>},
          {"GreaterOrEqual", "FLOPs = 1 per output element", broadcast<1>},
          {"And", "FLOPs = 1 per output element", broadcast<1>},
          {"Or", "FLOPs = 1 per output element", broadcast<1>},
          {"Xor", "FLOPs = 1 per output element", broadcast<1>},
          {"BitShift", "FLOPs = 1 per output element", broadcast<1>},
          {"BitwiseAnd", "FLOPs = 1 per output element", broadcast<1>},
          {"BitwiseOr", "FLOPs = 1 per output element", broadcast<1>},
          {"BitwiseXor", "FLOPs = 1 per output element", broadcast<1>},
          {"Where", "FLOPs = 1 per output element (select)", broadcast<1>},
          {"PRelu", "FLOPs = 2 per output element: select(x < 0, slope*x, x)", broadcast<2>},
          {"Sum", "FLOPs = (inputs - 1) per output element", variadic},
          {"Max", "FLOPs = (inputs - 1) per output element", variadic},
          {"Min", "FLOPs = (inputs - 1) per output element", variadic},
          {"Mean", "FLOPs = (inputs - 1) adds + 1 divide per output element (0 for one input)",
           mean},
          // Unary arithmetic and special functions: 1 per element.
          {"Abs", "FLOPs = 1 per element", unary<1>},
          {"Neg", "FLOPs = 1 per element", unary<1>},
          {"Floor", "FLOPs = 1 per element", unary<1>},
          {"Ceil", "FLOPs = 1 per element", unary<1>},
          {"Round", "FLOPs = 1 per element", unary<1>},
          {"Sign", "FLOPs = 1 per element", unary<1>},
          {"Reciprocal", "FLOPs = 1 per element", unary<1>},
          {"Sqrt", "FLOPs = 1 per element", unary<1>},
          {"Exp", "FLOPs = 1 per element", unary<1>},
          {"Log", "FLOPs = 1 per element", unary<1>},
          {"Erf", "FLOPs = 1 per element", unary<1>},
          {"Sin", "FLOPs = 1 per element", unary<1>},
          {"Cos", "FLOPs = 1 per element", unary<1>},
          {"Tan", "FLOPs = 1 per element", unary<1>},
          {"Asin", "FLOPs = 1 per element", unary<1>},
          {"Acos", "FLOPs = 1 per element", unary<1>},
          {"Atan", "FLOPs = 1 per element", unary<1>},
          {"Sinh", "FLOPs = 1 per element", unary<1>},
          {"Cosh", "FLOPs = 1 per element", unary<1>},
          {"Asinh", "FLOPs = 1 per element", unary<1>},
          {"Acosh", "FLOPs = 1 per element", unary<1>},
          {"Atanh", "FLOPs = 1 per element", unary<1>},
          {"Tanh", "FLOPs = 1 per element", unary<kTanhFlops>},
          {"Not", "FLOPs = 1 per element", unary<1>},
          {"BitwiseNot", "FLOPs = 1 per element", unary<1>},
          {"IsNaN", "FLOPs = 1 per element", unary<1>},
          {"IsInf", "FLOPs = 1 per element", unary<1>},
          // Activations: the operations of their formulas.
          {"Relu", "FLOPs = 1 per element: max(x, 0)", unary<kReluFlops>},
          {"LeakyRelu", "FLOPs = 2 per element: select(x < 0, alpha*x, x)", unary<kLeakyReluFlops>},
          {"ThresholdedRelu", "FLOPs = 1 per element: select(x > alpha, x, 0)",
           unary<kThresholdedReluFlops>},
          {"Elu", "FLOPs = 4 per element: select(x < 0, alpha*(exp(x) - 1), x)", unary<kEluFlops>},
          {"Selu", "FLOPs = 5 per element: gamma*select(x <= 0, alpha*(exp(x) - 1), x)", unary<5>},
          {"Celu", "FLOPs = 6 per element: alpha*Elu(x/alpha) (divide, Elu 4, multiply)", unary<6>},
          {"Sigmoid", "FLOPs = 4 per element: 1/(1 + exp(-x))", unary<kSigmoidFlops>},
          {"HardSigmoid", "FLOPs = 4 per element: max(0, min(1, alpha*x + beta))",
           unary<kHardSigmoidFlops>},
          {"HardSwish", "FLOPs = 5 per element: x*HardSigmoid(x)", unary<5>},
          {"Softplus", "FLOPs = 3 per element: log(exp(x) + 1)", unary<kSoftplusFlops>},
          {"Softsign", "FLOPs = 3 per element: x/(1 + |x|)", unary<kSoftsignFlops>},
          {"Mish", "FLOPs = 5 per element: x*tanh(log(1 + exp(x)))", unary<5>},
          {"Swish", "FLOPs = 6 per element: x*sigmoid(alpha*x)", unary<6>},
          {"Gelu",
           "FLOPs = 5 per element: x*0.5*(1 + erf(x/sqrt 2)); approximate=tanh: 9: "
           "0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))",
           gelu},
          {"Shrink", "FLOPs = 3 per element: two compare-and-selects + one add or subtract",
           unary<3>},
          {"Clip", "FLOPs = 1 per element per bound given (min, max)", clip, slots({1, 2})},
          // Type conversion and quantization.
          {"Cast", "FLOPs = 0 (conversion; bytes counted)", no_arithmetic},
          {"CastLike", "FLOPs = 0 (conversion); input 1 gives only its type", cast_like,
           slots({1})},
          {"QuantizeLinear",
           "FLOPs = 4 per element (divide by scale, round, clamp x2) + 1 with a zero point",
           quantize_linear, slots({1, 2})},
          {"DequantizeLinear", "FLOPs = 1 per element (scale) + 1 with a zero point",
           dequantize_linear, slots({1, 2})},
          {"DynamicQuantizeLinear",
           "FLOPs = 7 per element (min, max, divide, round, add zero point, clamp x2) + 9 for "
           "scale and zero point",
           dynamic_quantize_linear},
          // Random numbers and windows (a pseudo-random draw counts 1).
          {"RandomNormal", "FLOPs = 1 per element (draw) + 1 if scale != 1 + 1 if mean != 0",
           random},
          {"RandomUniform", "FLOPs = 1 per element (draw) + 1 if high - low != 1 + 1 if low != 0",
           random},
          {"RandomNormalLike", "as RandomNormal; input 0 gives only its shape", random_like,
           slots({0})},
          {"RandomUniformLike", "as RandomUniform; input 0 gives only its shape", random_like,
           slots({0})},
          {"Bernoulli", "FLOPs = 2 per element (draw, compare)", unary<2>},
          {"Multinomial",
           "FLOPs = 2*B*C (exp, cumulative sum) + B*samples*(1 + ceil(log2 C)) (draw, binary "
           "search)",
           multinomial},
          {"HannWindow", "FLOPs = 5 per element: n, 0.5 - 0.5*cos(2*pi*n/N)", generated<5>,
           slots({0})},
          {"HammingWindow", "FLOPs = 5 per element: n, alpha - beta*cos(2*pi*n/N)", generated<5>,
           slots({0})},
          {"BlackmanWindow",
           "FLOPs = 9 per element: n, 0.42 - 0.5*cos(2*pi*n/N) + 0.08*cos(4*pi*n/N)", generated<9>,
           slots({0})},
          {"Range", "FLOPs = elements(output) (each adds delta) + 4 for the element count", range,
           slots({0, 1, 2})},
          {"MelWeightMatrix",
           "FLOPs = 4 per element (two edge compares, subtract, divide of a triangle filter)",
           generated<4>, slots({0, 1, 2, 3, 4})},
      });
  add_rules(
      r, "com.microsoft", "elementwise",
      {
          {"Gelu", "FLOPs = 5 per element: x*0.5*(1 + erf(x/sqrt 2))", unary<kGeluErfFlops>},
          {"FastGelu", "FLOPs = 9 per element (tanh approximation) + 1 if bias", fast_gelu},
          {"BiasGelu", "FLOPs = 6 per element: bias add + Gelu (5)", broadcast<1 + kGeluErfFlops>},
          {"QuickGelu", "FLOPs = 6 per element: x*sigmoid(alpha*x)", unary<6>},
          {"BiasAdd", "FLOPs = 2 per element: X + bias + skip", unary<2>},
          {"BiasSplitGelu",
           "FLOPs = 1 per input element (bias) + 6 per output element (left*Gelu(right))",
           bias_split_gelu},
          {"BiasDropout", "inference: FLOPs = 1 per element (bias) + 1 if residual", bias_dropout,
           slots({3, 4})},
          {"QLinearAdd", "FLOPs = 10 per element: dequantize 2x2, add, requantize 5",
           broadcast<2 * kDequantizeFlops + 1 + kRequantizeFlops>, slots({1, 2, 4, 5, 6, 7})},
          {"QLinearMul", "FLOPs = 10 per element: dequantize 2x2, multiply, requantize 5",
           broadcast<2 * kDequantizeFlops + 1 + kRequantizeFlops>, slots({1, 2, 4, 5, 6, 7})},
          {"QLinearSigmoid", "FLOPs = 11 per element: dequantize 2, Sigmoid 4, requantize 5",
           unary<kDequantizeFlops + kSigmoidFlops + kRequantizeFlops>, slots({1, 2, 3, 4})},
          {"QLinearLeakyRelu", "FLOPs = 9 per element: dequantize 2, LeakyRelu 2, requantize 5",
           unary<kDequantizeFlops + kLeakyReluFlops + kRequantizeFlops>, slots({1, 2, 3, 4})},
          {"QLinearConcat", "FLOPs = 6 per output element (requantize to the output's scale)",
           qlinear_concat, qlinear_concat_arguments()},
          {"QuantizeLinear", "as ai.onnx QuantizeLinear", quantize_linear, slots({1, 2})},
          {"DequantizeLinear", "as ai.onnx DequantizeLinear", dequantize_linear, slots({1, 2})},
      });
}

}  // namespace infergy::cost
