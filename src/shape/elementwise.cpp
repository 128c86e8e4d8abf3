// Shape rules of elementwise ops: unary ops keep their input's shape, n-ary ops broadcast.
// Integer values are folded through arithmetic, comparison and Where, because exporters compute
// Reshape targets with them.
#include <fmt/format.h>

#include <cmath>

#include "context.hpp"
#include "values.hpp"

namespace infergy::shape {

namespace {

// ---- Attribute checks ----

void check_cast(const ShapeContext& ctx) {
  const auto to = ctx.node().attr_int("to", 0);
  if (to < 0 || to > 23) ctx.fail(fmt::format("Cast to unknown type {}", to));
}

void check_softmax(const ShapeContext& ctx) {
  require_axis(ctx, "axis", 0);
}

// CumSum: flags, and an axis input of one value within X's rank.
void check_cumsum(const ShapeContext& ctx) {
  require_flag(ctx, "exclusive");
  require_flag(ctx, "reverse");
  require_rank_at_most(ctx, 1, "axis", 1);
  const auto axis = ctx.int_values(1);
  const std::int64_t r = ctx.rank(0);
  if (axis && axis->size() == 1 && r >= 0 && ((*axis)[0] < -r || (*axis)[0] >= r)) {
    ctx.fail(fmt::format("axis {} must lie in [{}, {}] for an input of rank {}", (*axis)[0], -r,
                         r - 1, r));
  }
}

void check_trilu(const ShapeContext& ctx) {
  require_flag(ctx, "upper");
  require_rank_at_most(ctx, 1, "k", 0);
}

void check_lp_norm(const ShapeContext& ctx) {
  require_axis(ctx, "axis", 0);
  const Attribute* p = ctx.node().attr("p");
  if (p != nullptr && p->i != 1 && p->i != 2) {
    ctx.fail(fmt::format("attribute p must be 1 or 2 (got {})", p->i));
  }
}

void check_mvn(const ShapeContext& ctx) {
  const std::int64_t r = ctx.rank(0);
  if (r < 0) return;
  for (std::int64_t a : ctx.node().attr_ints("axes")) {
    if (a < -r || a >= r) {
      ctx.fail(fmt::format("axes value {} must lie in [{}, {}] for an input of rank {}", a, -r,
                           r - 1, r));
    }
  }
}

void check_lrn(const ShapeContext& ctx) {
  require_int_at_least(ctx, "size", 1);
}

// GroupNormalization: num_groups "should be a divisor of the number of channels C".
void check_group_norm(const ShapeContext& ctx) {
  require_int_at_least(ctx, "num_groups", 1);
  const std::int64_t groups = ctx.node().attr_int("num_groups", 1);
  const MaybeDims x = ctx.dims(0);
  if (groups >= 1 && x && x->size() >= 2 && (*x)[1] >= 0 && (*x)[1] % groups != 0) {
    ctx.fail(fmt::format("num_groups {} does not divide the {} channels", groups, (*x)[1]));
  }
}

void check_reverse_sequence(const ShapeContext& ctx) {
  require_flag(ctx, "batch_axis");
  require_flag(ctx, "time_axis");
  if (ctx.node().attr_int("batch_axis", 1) == ctx.node().attr_int("time_axis", 0)) {
    ctx.fail("batch_axis and time_axis must differ");
  }
}

// Mod: "If the input type is floating point, then fmod attribute must be set to 1."
void check_mod(const ShapeContext& ctx) {
  require_flag(ctx, "fmod");
  if (is_floating(ctx.dtype(0)) && ctx.node().attr_int("fmod", 0) != 1) {
    ctx.fail("a floating-point Mod needs fmod=1");
  }
}

void check_bit_shift(const ShapeContext& ctx) {
  require_one_of(ctx, "direction", {"LEFT", "RIGHT"});
}

void check_is_inf(const ShapeContext& ctx) {
  require_flag(ctx, "detect_negative");
  require_flag(ctx, "detect_positive");
}

void check_gelu(const ShapeContext& ctx) {
  require_one_of(ctx, "approximate", {"none", "tanh"});
}

// ---- Rules ----

void unary(ShapeContext& ctx) {
  same_as_input(ctx);
}

// Unary ops whose float values are worth folding (Resize sizes computed as floor(x * scale)).
template <double (*F)(double)>
void unary_fold(ShapeContext& ctx) {
  same_as_input(ctx);
  if (const TensorValues* v = ctx.values(0)) ctx.set_values(0, map_values(*v, F));
}

double identity(double x) {
  return x;
}
double negate(double x) {
  return -x;
}
double absolute(double x) {
  return std::fabs(x);
}
double floor_fn(double x) {
  return std::floor(x);
}
double ceil_fn(double x) {
  return std::ceil(x);
}
double round_fn(double x) {
  return std::nearbyint(x);
}  // ONNX Round: half to even
double sqrt_fn(double x) {
  return std::sqrt(x);
}
double sign_fn(double x) {
  return x > 0 ? 1 : (x < 0 ? -1 : 0);
}
double reciprocal(double x) {
  return 1.0 / x;
}

template <Arith Op>
void arithmetic(ShapeContext& ctx) {
  const MaybeDims out = broadcast(ctx, ctx.dims(0), ctx.dims(1));
  ctx.set(0, ctx.dtype(0), out);
  const TensorValues* a = ctx.values(0);
  const TensorValues* b = ctx.values(1);
  if (a && b && out) {
    ctx.set_values(0, arithmetic_values(Op, *a, *ctx.dims(0), *b, *ctx.dims(1), *out));
  }
}

template <Compare Op>
void comparison(ShapeContext& ctx) {
  const MaybeDims out = broadcast(ctx, ctx.dims(0), ctx.dims(1));
  ctx.set(0, DataType::boolean, out);
  const TensorValues* a = ctx.values(0);
  const TensorValues* b = ctx.values(1);
  if (a && b && out) {
    ctx.set_values(0, comparison_values(Op, *a, *ctx.dims(0), *b, *ctx.dims(1), *out));
  }
}

void not_op(ShapeContext& ctx) {
  ctx.set(0, DataType::boolean, ctx.dims(0));
  if (const auto v = ctx.int_values(0)) ctx.set_values(0, logical_not_values(*v));
}

// Sum, Mean, Max, Min take any number of inputs.
void variadic(ShapeContext& ctx) {
  MaybeDims out = ctx.dims(0);
  for (std::size_t i = 1; i < ctx.num_inputs(); ++i) out = broadcast(ctx, out, ctx.dims(i));
  ctx.set(0, ctx.dtype(0), out);
}

template <Arith Op>
void max_min(ShapeContext& ctx) {
  if (ctx.num_inputs() == 2) {
    arithmetic<Op>(ctx);
  } else {
    variadic(ctx);
  }
}

void where(ShapeContext& ctx) {
  const MaybeDims out = broadcast(ctx, broadcast(ctx, ctx.dims(0), ctx.dims(1)), ctx.dims(2));
  ctx.set(0, ctx.dtype(1), out);
  const auto c = ctx.int_values(0);
  const TensorValues* x = ctx.values(1);
  const TensorValues* y = ctx.values(2);
  if (c && x && y && out) {
    ctx.set_values(0, select_values(*c, *ctx.dims(0), *x, *ctx.dims(1), *y, *ctx.dims(2), *out));
  }
}

void cast_to(ShapeContext& ctx, DataType to) {
  ctx.set(0, to, ctx.dims(0));
  if (const TensorValues* v = ctx.values(0)) ctx.set_values(0, cast_values(*v, to));
}

void cast(ShapeContext& ctx) {
  cast_to(ctx, static_cast<DataType>(ctx.node().attr_int("to", 0)));
}

void cast_like(ShapeContext& ctx) {
  cast_to(ctx, ctx.dtype(1));
}

void is_special(ShapeContext& ctx) {
  ctx.set(0, DataType::boolean, ctx.dims(0));
}

void bit_shift(ShapeContext& ctx) {
  ctx.set(0, ctx.dtype(0), broadcast(ctx, ctx.dims(0), ctx.dims(1)));
}

}  // namespace

void add_elementwise_shape_rules(std::vector<ShapeRuleEntry>& out) {
  add_shape_rules(out, "ai.onnx",
                  {
                      {"Relu", unary},
                      {"LeakyRelu", unary},
                      {"Elu", unary},
                      {"Selu", unary},
                      {"Celu", unary},
                      {"Gelu", unary, check_gelu},
                      {"Sigmoid", unary},
                      {"HardSigmoid", unary},
                      {"Tanh", unary},
                      {"HardSwish", unary},
                      {"Mish", unary},
                      {"Softplus", unary},
                      {"Softsign", unary},
                      {"ThresholdedRelu", unary},
                      {"Erf", unary},
                      {"Exp", unary},
                      {"Log", unary},
                      {"Sin", unary},
                      {"Cos", unary},
                      {"Tan", unary},
                      {"Asin", unary},
                      {"Acos", unary},
                      {"Atan", unary},
                      {"Sinh", unary},
                      {"Cosh", unary},
                      {"Asinh", unary},
                      {"Acosh", unary},
                      {"Atanh", unary},
                      {"Clip", unary},
                      {"Shrink", unary},
                      {"Dropout", unary},
                      {"Softmax", unary, check_softmax},
                      {"LogSoftmax", unary, check_softmax},
                      {"Hardmax", unary, check_softmax},
                      {"CumSum", unary, check_cumsum},
                      {"Trilu", unary, check_trilu},
                      {"BatchNormalization", unary},
                      {"InstanceNormalization", unary},
                      {"LpNormalization", unary, check_lp_norm},
                      {"MeanVarianceNormalization", unary, check_mvn},
                      {"LRN", unary, check_lrn},
                      {"GroupNormalization", unary, check_group_norm},
                      {"ReverseSequence", unary, check_reverse_sequence},
                      {"Bernoulli", unary},
                      {"RandomNormalLike", unary},
                      {"RandomUniformLike", unary},
                      {"PRelu", unary},
                      {"Identity", unary_fold<identity>},
                      {"Neg", unary_fold<negate>},
                      {"Abs", unary_fold<absolute>},
                      {"Floor", unary_fold<floor_fn>},
                      {"Ceil", unary_fold<ceil_fn>},
                      {"Round", unary_fold<round_fn>},
                      {"Sqrt", unary_fold<sqrt_fn>},
                      {"Sign", unary_fold<sign_fn>},
                      {"Reciprocal", unary_fold<reciprocal>},
                      {"Add", arithmetic<Arith::add>},
                      {"Sub", arithmetic<Arith::sub>},
                      {"Mul", arithmetic<Arith::mul>},
                      {"Div", arithmetic<Arith::div>},
                      {"Mod", arithmetic<Arith::mod>, check_mod},
                      {"Pow", arithmetic<Arith::pow>},
                      {"Equal", comparison<Compare::equal>},
                      {"Less", comparison<Compare::less>},
                      {"Greater", comparison<Compare::greater>},
                      {"LessOrEqual", comparison<Compare::less_equal>},
                      {"GreaterOrEqual", comparison<Compare::greater_equal>},
                      {"And", comparison<Compare::and_>},
                      {"Or", comparison<Compare::or_>},
                      {"Xor", comparison<Compare::xor_>},
                      {"Not", not_op},
                      {"Sum", variadic},
                      {"Mean", variadic},
                      {"Max", max_min<Arith::max>},
                      {"Min", max_min<Arith::min>},
                      {"Where", where},
                      {"Cast", cast, check_cast},
                      {"CastLike", cast_like},
                      {"IsNaN", is_special},
                      {"IsInf", is_special, check_is_inf},
                      {"BitShift", bit_shift, check_bit_shift},
                  });
}

}  // namespace infergy::shape
