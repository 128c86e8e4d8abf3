// Shape rules of elementwise ops: unary ops keep their input's shape, n-ary ops broadcast.
// Integer values are folded through arithmetic, comparison and Where, because exporters compute
// Reshape targets with them.
#include <fmt/format.h>

#include <cmath>
#include <functional>
#include <limits>

#include "context.hpp"

namespace infergy::shape {

namespace {

void unary(ShapeContext& ctx) {
  same_as_input(ctx);
}

// Unary ops whose float values are worth folding (Resize sizes computed as floor(x * scale)).
template <double (*F)(double)>
void unary_fold(ShapeContext& ctx) {
  same_as_input(ctx);
  const TensorValues* v = ctx.values(0);
  if (v == nullptr) return;
  if (v->is_float) {
    std::vector<double> out;
    for (double x : v->floats) out.push_back(F(x));
    ctx.set_float_values(0, std::move(out));
  } else {
    std::vector<std::int64_t> out;
    for (auto x : v->ints) out.push_back(to_int64(F(static_cast<double>(x))));
    ctx.set_int_values(0, std::move(out));
  }
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

enum class Arith { add, sub, mul, div, mod, max, min, pow };
enum class Compare { equal, less, greater, less_equal, greater_equal, and_, or_, xor_ };

// Integer folding follows ONNX's integer semantics where they are defined and refuses what
// they leave undefined: a result past 64 bits is an error of the model, not a wrapped number.
std::int64_t apply_int(Arith op, std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  const auto overflow = [&] {
    throw ShapeError{
        fmt::format("integer constant arithmetic on {} and {} overflows 64 bits", a, b)};
  };
  switch (op) {
    case Arith::add:
      if (__builtin_add_overflow(a, b, &r)) overflow();
      return r;
    case Arith::sub:
      if (__builtin_sub_overflow(a, b, &r)) overflow();
      return r;
    case Arith::mul:
      if (__builtin_mul_overflow(a, b, &r)) overflow();
      return r;
    case Arith::div:
      if (b == 0) throw ShapeError{"integer division by zero in a constant"};
      if (a == std::numeric_limits<std::int64_t>::min() && b == -1) overflow();
      return a / b;
    case Arith::mod:
      if (b == 0) throw ShapeError{"integer modulo by zero in a constant"};
      if (b == -1) return 0;  // also avoids INT64_MIN % -1
      r = a % b;
      return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;  // fmod=0: sign of divisor
    case Arith::max:
      return a > b ? a : b;
    case Arith::min:
      return a < b ? a : b;
    case Arith::pow: {
      const double p = std::pow(static_cast<double>(a), static_cast<double>(b));
      if (!(std::fabs(p) < 9.2e18)) overflow();
      return to_int64(p);
    }
  }
  return a;
}

double apply_float(Arith op, double a, double b) {
  switch (op) {
    case Arith::add:
      return a + b;
    case Arith::sub:
      return a - b;
    case Arith::mul:
      return a * b;
    case Arith::div:
      return a / b;
    case Arith::mod:
      return std::fmod(a, b);
    case Arith::max:
      return a > b ? a : b;
    case Arith::min:
      return a < b ? a : b;
    case Arith::pow:
      return std::pow(a, b);
  }
  return a;
}

bool compare(Compare op, double a, double b) {
  switch (op) {
    case Compare::equal:
      return a == b;
    case Compare::less:
      return a < b;
    case Compare::greater:
      return a > b;
    case Compare::less_equal:
      return a <= b;
    case Compare::greater_equal:
      return a >= b;
    case Compare::and_:
      return a != 0 && b != 0;
    case Compare::or_:
      return a != 0 || b != 0;
    case Compare::xor_:
      return (a != 0) != (b != 0);
  }
  return false;
}

// Folds a binary op over known values, broadcasting.
template <typename Fn>
void fold_binary(ShapeContext& ctx, const MaybeDims& out_dims, Fn&& fn) {
  const TensorValues* a = ctx.values(0);
  const TensorValues* b = ctx.values(1);
  if (!a || !b || !out_dims || !all_known(*out_dims)) return;
  const auto n = known_product(*out_dims);
  if (!n || *n > kMaxFoldedElements) return;
  const Dims da = *ctx.dims(0), db = *ctx.dims(1);
  fn(*a, *b, *out_dims, da, db, static_cast<std::size_t>(*n));
}

template <Arith Op>
void arithmetic(ShapeContext& ctx) {
  const MaybeDims out = broadcast(ctx, ctx.dims(0), ctx.dims(1));
  ctx.set(0, ctx.dtype(0), out);
  fold_binary(ctx, out,
              [&](const TensorValues& a, const TensorValues& b, const Dims& od, const Dims& da,
                  const Dims& db, std::size_t n) {
                if (!a.is_float && !b.is_float) {
                  std::vector<std::int64_t> v(n);
                  for (std::size_t i = 0; i < n; ++i) {
                    v[i] = apply_int(Op, a.ints[broadcast_index(i, od, da)],
                                     b.ints[broadcast_index(i, od, db)]);
                  }
                  ctx.set_int_values(0, std::move(v));
                } else {
                  const auto get = [](const TensorValues& t, std::size_t i) {
                    return t.is_float ? t.floats[i] : static_cast<double>(t.ints[i]);
                  };
                  std::vector<double> v(n);
                  for (std::size_t i = 0; i < n; ++i) {
                    v[i] = apply_float(Op, get(a, broadcast_index(i, od, da)),
                                       get(b, broadcast_index(i, od, db)));
                  }
                  ctx.set_float_values(0, std::move(v));
                }
              });
}

template <Compare Op>
void comparison(ShapeContext& ctx) {
  const MaybeDims out = broadcast(ctx, ctx.dims(0), ctx.dims(1));
  ctx.set(0, DataType::boolean, out);
  fold_binary(ctx, out,
              [&](const TensorValues& a, const TensorValues& b, const Dims& od, const Dims& da,
                  const Dims& db, std::size_t n) {
                const auto get = [](const TensorValues& t, std::size_t i) {
                  return t.is_float ? t.floats[i] : static_cast<double>(t.ints[i]);
                };
                std::vector<std::int64_t> v(n);
                for (std::size_t i = 0; i < n; ++i) {
                  v[i] = compare(Op, get(a, broadcast_index(i, od, da)),
                                 get(b, broadcast_index(i, od, db)));
                }
                ctx.set_int_values(0, std::move(v));
              });
}

void not_op(ShapeContext& ctx) {
  ctx.set(0, DataType::boolean, ctx.dims(0));
  if (const auto v = ctx.int_values(0)) {
    std::vector<std::int64_t> out;
    for (auto x : *v) out.push_back(x == 0);
    ctx.set_int_values(0, std::move(out));
  }
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
  if (!c || !x || !y || !out || !all_known(*out) || x->is_float != y->is_float) return;
  const auto n = known_product(*out);
  if (!n || *n > kMaxFoldedElements) return;
  const Dims dc = *ctx.dims(0), dx = *ctx.dims(1), dy = *ctx.dims(2);
  if (x->is_float) {
    std::vector<double> v(static_cast<std::size_t>(*n));
    for (std::size_t i = 0; i < v.size(); ++i) {
      v[i] = (*c)[broadcast_index(i, *out, dc)] ? x->floats[broadcast_index(i, *out, dx)]
                                                : y->floats[broadcast_index(i, *out, dy)];
    }
    ctx.set_float_values(0, std::move(v));
  } else {
    std::vector<std::int64_t> v(static_cast<std::size_t>(*n));
    for (std::size_t i = 0; i < v.size(); ++i) {
      v[i] = (*c)[broadcast_index(i, *out, dc)] ? x->ints[broadcast_index(i, *out, dx)]
                                                : y->ints[broadcast_index(i, *out, dy)];
    }
    ctx.set_int_values(0, std::move(v));
  }
}

void cast_values(ShapeContext& ctx, DataType to) {
  const TensorValues* v = ctx.values(0);
  if (v == nullptr) return;
  if (is_floating(to)) {
    ctx.set_float_values(0, *ctx.float_values(0));
  } else if (is_integer(to) || to == DataType::boolean) {
    std::vector<std::int64_t> out;
    if (v->is_float) {
      for (double f : v->floats) {
        out.push_back(to == DataType::boolean ? f != 0 : to_int64(f));
      }
    } else {
      for (auto x : v->ints) out.push_back(to == DataType::boolean ? x != 0 : x);
    }
    ctx.set_int_values(0, std::move(out));
  }
}

void cast(ShapeContext& ctx) {
  const auto to = ctx.node().attr_int("to", 0);
  if (to < 0 || to > 23) ctx.fail(fmt::format("Cast to unknown type {}", to));
  const auto type = static_cast<DataType>(to);
  ctx.set(0, type, ctx.dims(0));
  cast_values(ctx, type);
}

void cast_like(ShapeContext& ctx) {
  ctx.set(0, ctx.dtype(1), ctx.dims(0));
  cast_values(ctx, ctx.dtype(1));
}

void is_special(ShapeContext& ctx) {
  ctx.set(0, DataType::boolean, ctx.dims(0));
}

void bit_shift(ShapeContext& ctx) {
  ctx.set(0, ctx.dtype(0), broadcast(ctx, ctx.dims(0), ctx.dims(1)));
}

}  // namespace

void add_elementwise_shape_rules(std::vector<ShapeRuleEntry>& out) {
  for (const char* op : {"Relu",
                         "LeakyRelu",
                         "Elu",
                         "Selu",
                         "Celu",
                         "Gelu",
                         "Sigmoid",
                         "HardSigmoid",
                         "Tanh",
                         "HardSwish",
                         "Mish",
                         "Softplus",
                         "Softsign",
                         "ThresholdedRelu",
                         "Erf",
                         "Exp",
                         "Log",
                         "Sin",
                         "Cos",
                         "Tan",
                         "Asin",
                         "Acos",
                         "Atan",
                         "Sinh",
                         "Cosh",
                         "Asinh",
                         "Acosh",
                         "Atanh",
                         "Clip",
                         "Shrink",
                         "Dropout",
                         "Softmax",
                         "LogSoftmax",
                         "Hardmax",
                         "CumSum",
                         "Trilu",
                         "BatchNormalization",
                         "InstanceNormalization",
                         "LpNormalization",
                         "MeanVarianceNormalization",
                         "LRN",
                         "GroupNormalization",
                         "ReverseSequence",
                         "Bernoulli",
                         "RandomNormalLike",
                         "RandomUniformLike",
                         "PRelu"}) {
    out.push_back({"ai.onnx", op, unary});
  }
  out.push_back({"ai.onnx", "Identity", unary_fold<identity>});
  out.push_back({"ai.onnx", "Neg", unary_fold<negate>});
  out.push_back({"ai.onnx", "Abs", unary_fold<absolute>});
  out.push_back({"ai.onnx", "Floor", unary_fold<floor_fn>});
  out.push_back({"ai.onnx", "Ceil", unary_fold<ceil_fn>});
  out.push_back({"ai.onnx", "Round", unary_fold<round_fn>});
  out.push_back({"ai.onnx", "Sqrt", unary_fold<sqrt_fn>});
  out.push_back({"ai.onnx", "Sign", unary_fold<sign_fn>});
  out.push_back({"ai.onnx", "Reciprocal", unary_fold<reciprocal>});
  out.push_back({"ai.onnx", "Add", arithmetic<Arith::add>});
  out.push_back({"ai.onnx", "Sub", arithmetic<Arith::sub>});
  out.push_back({"ai.onnx", "Mul", arithmetic<Arith::mul>});
  out.push_back({"ai.onnx", "Div", arithmetic<Arith::div>});
  out.push_back({"ai.onnx", "Mod", arithmetic<Arith::mod>});
  out.push_back({"ai.onnx", "Pow", arithmetic<Arith::pow>});
  out.push_back({"ai.onnx", "Equal", comparison<Compare::equal>});
  out.push_back({"ai.onnx", "Less", comparison<Compare::less>});
  out.push_back({"ai.onnx", "Greater", comparison<Compare::greater>});
  out.push_back({"ai.onnx", "LessOrEqual", comparison<Compare::less_equal>});
  out.push_back({"ai.onnx", "GreaterOrEqual", comparison<Compare::greater_equal>});
  out.push_back({"ai.onnx", "And", comparison<Compare::and_>});
  out.push_back({"ai.onnx", "Or", comparison<Compare::or_>});
  out.push_back({"ai.onnx", "Xor", comparison<Compare::xor_>});
  out.push_back({"ai.onnx", "Not", not_op});
  out.push_back({"ai.onnx", "Sum", variadic});
  out.push_back({"ai.onnx", "Mean", variadic});
  out.push_back({"ai.onnx", "Max", max_min<Arith::max>});
  out.push_back({"ai.onnx", "Min", max_min<Arith::min>});
  out.push_back({"ai.onnx", "Where", where});
  out.push_back({"ai.onnx", "Cast", cast});
  out.push_back({"ai.onnx", "CastLike", cast_like});
  out.push_back({"ai.onnx", "IsNaN", is_special});
  out.push_back({"ai.onnx", "IsInf", is_special});
  out.push_back({"ai.onnx", "BitShift", bit_shift});
}

}  // namespace infergy::shape
