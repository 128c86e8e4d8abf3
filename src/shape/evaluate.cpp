#include "evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

#include "infergy/checked.hpp"
#include "values.hpp"

namespace infergy::shape {

namespace {

// One known input: its type, dims and values (v == nullptr for an omitted optional input).
struct Operand {
  DataType dtype = DataType::undefined;
  Dims dims;
  const TensorValues* v = nullptr;

  bool present() const { return v != nullptr; }
  std::size_t size() const { return v->size(); }
  double f(std::size_t i) const {
    return v->is_float ? v->floats[i] : static_cast<double>(v->ints[i]);
  }
  // Integer element; a float element truncated (only used where ONNX takes integers).
  std::int64_t i(std::size_t k) const { return v->is_float ? to_int64(v->floats[k]) : v->ints[k]; }
  bool integral() const { return !v->is_float; }
};

struct Eval {
  const Node& node;
  std::int64_t opset;
  std::vector<Operand> in;
  std::vector<DataType> out_type;
  std::vector<Dims> out_dims;

  const Operand& at(std::size_t k) const {
    static const Operand absent;
    return k < in.size() ? in[k] : absent;
  }
  std::size_t out_count(std::size_t k) const {
    return static_cast<std::size_t>(*checked_product(out_dims[k]));
  }
};

using Results = std::vector<MaybeValues>;
using Evaluator = Results (*)(const Eval&);

[[noreturn]] void overflow(std::int64_t a, std::int64_t b) {
  throw ShapeError{fmt::format("integer constant arithmetic on {} and {} overflows 64 bits", a, b)};
}

// The range of an integer type, for refusing results that do not fit it.
bool fits(DataType t, std::int64_t x) {
  switch (t) {
    case DataType::int8:
      return x >= -128 && x <= 127;
    case DataType::uint8:
      return x >= 0 && x <= 255;
    case DataType::int16:
      return x >= -32768 && x <= 32767;
    case DataType::uint16:
      return x >= 0 && x <= 65535;
    case DataType::int32:
      return x >= std::numeric_limits<std::int32_t>::min() &&
             x <= std::numeric_limits<std::int32_t>::max();
    case DataType::uint32:
      return x >= 0 && x <= std::numeric_limits<std::uint32_t>::max();
    case DataType::uint64:
      return x >= 0;
    case DataType::boolean:
      return x == 0 || x == 1;
    default:
      return true;
  }
}

// A double as a value of type `t`: rounded to float32 where the type is float32 (the exporter's
// arithmetic is float32, and floor(h * scale) depends on it), an exact integer otherwise.
std::optional<double> as_float_type(DataType t, double x) {
  if (t == DataType::float32) return static_cast<double>(static_cast<float>(x));
  return x;
}

// Builds the output values of type `t` from doubles: floats for floating types; for integer
// types the value must be integral and fit (else nullopt).
MaybeValues from_doubles(DataType t, const std::vector<double>& d) {
  TensorValues out;
  if (is_floating(t)) {
    out.is_float = true;
    out.floats.reserve(d.size());
    for (double x : d) out.floats.push_back(*as_float_type(t, x));
    return out;
  }
  if (!is_integer(t) && t != DataType::boolean) return std::nullopt;
  out.ints.reserve(d.size());
  for (double x : d) {
    if (!std::isfinite(x) || x != std::trunc(x) || std::fabs(x) >= 9.2e18) return std::nullopt;
    const auto k = static_cast<std::int64_t>(x);
    if (!fits(t, k)) return std::nullopt;
    out.ints.push_back(k);
  }
  return out;
}

MaybeValues from_ints(DataType t, std::vector<std::int64_t> v) {
  if (is_floating(t)) {
    std::vector<double> d(v.begin(), v.end());
    return from_doubles(t, d);
  }
  for (auto x : v) {
    if (!fits(t, x)) return std::nullopt;
  }
  TensorValues out;
  out.ints = std::move(v);
  return out;
}

// ---- Elementwise ----

// Integer versions of unary ops where ONNX defines them on integers; nullopt: none.
std::optional<std::int64_t> unary_int(std::string_view op, std::int64_t x) {
  if (op == "Neg" || op == "Abs") {
    if (x == std::numeric_limits<std::int64_t>::min()) overflow(x, -1);
    return op == "Neg" ? -x : (x < 0 ? -x : x);
  }
  if (op == "Sign") return x > 0 ? 1 : (x < 0 ? -1 : 0);
  if (op == "Identity" || op == "Floor" || op == "Ceil" || op == "Round") return x;
  return std::nullopt;
}

double unary_float(std::string_view op, double x) {
  if (op == "Neg") return -x;
  if (op == "Abs") return std::fabs(x);
  if (op == "Sqrt") return std::sqrt(x);
  if (op == "Exp") return std::exp(x);
  if (op == "Log") return std::log(x);
  if (op == "Reciprocal") return 1.0 / x;
  if (op == "Floor") return std::floor(x);
  if (op == "Ceil") return std::ceil(x);
  if (op == "Round") return std::nearbyint(x);  // the default rounding mode: half to even
  if (op == "Sign") return x > 0 ? 1 : (x < 0 ? -1 : 0);
  return x;  // Identity
}

Results unary(const Eval& e) {
  const Operand& x = e.at(0);
  const std::string_view op = e.node.op_type;
  if (x.integral()) {
    std::vector<std::int64_t> v;
    for (std::size_t k = 0; k < x.size(); ++k) {
      const auto r = unary_int(op, x.v->ints[k]);
      if (!r) return {std::nullopt};
      v.push_back(*r);
    }
    return {from_ints(e.out_type[0], std::move(v))};
  }
  std::vector<double> v;
  for (std::size_t k = 0; k < x.size(); ++k) v.push_back(unary_float(op, x.f(k)));
  return {from_doubles(e.out_type[0], v)};
}

std::int64_t binary_int(std::string_view op, std::int64_t a, std::int64_t b, bool fmod) {
  std::int64_t r = 0;
  if (op == "Add") {
    if (__builtin_add_overflow(a, b, &r)) overflow(a, b);
  } else if (op == "Sub") {
    if (__builtin_sub_overflow(a, b, &r)) overflow(a, b);
  } else if (op == "Mul") {
    if (__builtin_mul_overflow(a, b, &r)) overflow(a, b);
  } else if (op == "Div") {
    if (b == 0) throw ShapeError{"integer division by zero in a constant"};
    if (a == std::numeric_limits<std::int64_t>::min() && b == -1) overflow(a, b);
    r = a / b;  // truncates toward zero, as ONNX's integer Div
  } else if (op == "Mod") {
    if (b == 0) throw ShapeError{"integer modulo by zero in a constant"};
    if (b == -1) return 0;  // also avoids INT64_MIN % -1
    r = a % b;              // fmod=1: the sign of the dividend (C's remainder)
    if (!fmod && r != 0 && ((r < 0) != (b < 0))) r += b;  // fmod=0: the sign of the divisor
  } else if (op == "Pow") {
    if (b < 0) {
      if (a == 1 || a == -1) return (a == -1 && (b % 2 != 0)) ? -1 : 1;
      if (a == 0) throw ShapeError{"integer 0 to a negative power in a constant"};
      return 0;
    }
    r = 1;
    for (std::int64_t k = 0; k < b; ++k) {
      if (__builtin_mul_overflow(r, a, &r)) overflow(a, b);
      if (r == 0 || r == 1) break;
    }
  } else if (op == "Max" || op == "Min") {
    r = (op == "Max") == (a > b) ? a : b;
  }
  return r;
}

double binary_float(std::string_view op, double a, double b, bool fmod) {
  if (op == "Add") return a + b;
  if (op == "Sub") return a - b;
  if (op == "Mul") return a * b;
  if (op == "Div") return a / b;
  if (op == "Pow") return std::pow(a, b);
  if (op == "Mod") {
    const double r = std::fmod(a, b);
    return fmod || r == 0 || ((r < 0) == (b < 0)) ? r : r + b;
  }
  if (op == "Max") return a > b ? a : b;
  if (op == "Min") return a < b ? a : b;
  return a;
}

bool compare(std::string_view op, double a, double b) {
  if (op == "Equal") return a == b;
  if (op == "Less") return a < b;
  if (op == "Greater") return a > b;
  if (op == "LessOrEqual") return a <= b;
  if (op == "GreaterOrEqual") return a >= b;
  if (op == "And") return a != 0 && b != 0;
  if (op == "Or") return a != 0 || b != 0;
  return (a != 0) != (b != 0);  // Xor
}

bool is_comparison(std::string_view op) {
  return op == "Equal" || op == "Less" || op == "Greater" || op == "LessOrEqual" ||
         op == "GreaterOrEqual" || op == "And" || op == "Or" || op == "Xor";
}

// Add Sub Mul Div Pow Mod, comparisons and logical ops, and variadic Max Min Sum Mean: a fold
// of the inputs left to right, each broadcast to the output.
Results broadcast_fold(const Eval& e) {
  const std::string_view op = e.node.op_type;
  const Dims& out = e.out_dims[0];
  const std::size_t n = e.out_count(0);
  const bool fmod = e.node.attr_int("fmod", 0) != 0;
  const bool cmp = is_comparison(op);
  const bool mean = op == "Mean";
  const std::string_view step = (op == "Sum" || mean) ? std::string_view("Add") : op;
  bool integral = !cmp && !mean;
  for (const Operand& x : e.in) integral = integral && x.present() && x.integral();
  // Pow's result takes the base's type; an integer base with a float exponent goes by double.
  if (cmp || !integral) {
    std::vector<double> v(n);
    for (std::size_t k = 0; k < n; ++k) {
      double acc = e.in[0].f(broadcast_index(k, out, e.in[0].dims));
      for (std::size_t j = 1; j < e.in.size(); ++j) {
        const double b = e.in[j].f(broadcast_index(k, out, e.in[j].dims));
        acc = cmp ? (compare(op, acc, b) ? 1.0 : 0.0) : binary_float(step, acc, b, fmod);
        // Each step of float32 arithmetic rounds to float32.
        if (!cmp) acc = *as_float_type(e.in[0].dtype, acc);
      }
      if (mean) acc /= static_cast<double>(e.in.size());
      v[k] = acc;
    }
    if (is_integer(e.out_type[0]) && !cmp) {
      for (double& x : v) x = std::trunc(x);  // Pow of an integer base by a float exponent
    }
    return {from_doubles(e.out_type[0], v)};
  }
  std::vector<std::int64_t> v(n);
  for (std::size_t k = 0; k < n; ++k) {
    std::int64_t acc = e.in[0].v->ints[broadcast_index(k, out, e.in[0].dims)];
    for (std::size_t j = 1; j < e.in.size(); ++j) {
      acc = binary_int(step, acc, e.in[j].v->ints[broadcast_index(k, out, e.in[j].dims)], fmod);
    }
    v[k] = acc;
  }
  return {from_ints(e.out_type[0], std::move(v))};
}

Results logical_not(const Eval& e) {
  std::vector<std::int64_t> v;
  for (std::size_t k = 0; k < e.at(0).size(); ++k) v.push_back(e.at(0).f(k) == 0);
  return {from_ints(DataType::boolean, std::move(v))};
}

Results where(const Eval& e) {
  const Dims& out = e.out_dims[0];
  const std::size_t n = e.out_count(0);
  const Operand &c = e.at(0), &x = e.at(1), &y = e.at(2);
  if (x.integral() && y.integral()) {
    std::vector<std::int64_t> v(n);
    for (std::size_t k = 0; k < n; ++k) {
      v[k] = c.f(broadcast_index(k, out, c.dims)) != 0 ? x.v->ints[broadcast_index(k, out, x.dims)]
                                                       : y.v->ints[broadcast_index(k, out, y.dims)];
    }
    return {from_ints(e.out_type[0], std::move(v))};
  }
  std::vector<double> v(n);
  for (std::size_t k = 0; k < n; ++k) {
    v[k] = c.f(broadcast_index(k, out, c.dims)) != 0 ? x.f(broadcast_index(k, out, x.dims))
                                                     : y.f(broadcast_index(k, out, y.dims));
  }
  return {from_doubles(e.out_type[0], v)};
}

// Cast and CastLike: float to integer truncates toward zero; a value outside the target's range
// (where ONNX leaves the result undefined or saturating by attribute) is refused.
Results cast(const Eval& e) {
  const Operand& x = e.at(0);
  const DataType to = e.out_type[0];
  if (to == DataType::boolean) {
    std::vector<std::int64_t> v;
    for (std::size_t k = 0; k < x.size(); ++k) v.push_back(x.f(k) != 0);
    return {from_ints(to, std::move(v))};
  }
  if (x.integral()) return {from_ints(to, x.v->ints)};
  std::vector<double> v;
  for (std::size_t k = 0; k < x.size(); ++k) {
    v.push_back(is_integer(to) ? std::trunc(x.f(k)) : x.f(k));
  }
  return {from_doubles(to, v)};
}

// ---- Reductions ----

// Which axes a reduction reduces: attribute (older opsets) or input 1 (ReduceSum from opset 13,
// the others from 18); empty means all, or none with noop_with_empty_axes. nullopt: unknown.
std::optional<std::vector<bool>> reduced_axes(const Eval& e, std::size_t rank) {
  const bool from_input = e.opset >= 18 || (e.node.op_type == "ReduceSum" && e.opset >= 13) ||
                          e.node.op_type == "ArgMax" ||
                          e.node.op_type == "ArgMin";  // ArgMax: its axis attribute
  std::vector<std::int64_t> axes;
  if (e.node.op_type == "ArgMax" || e.node.op_type == "ArgMin") {
    axes = {e.node.attr_int("axis", 0)};
  } else if (from_input) {
    if (e.at(1).present()) {
      for (std::size_t k = 0; k < e.at(1).size(); ++k) axes.push_back(e.at(1).i(k));
    }
  } else {
    axes = e.node.attr_ints("axes");
  }
  std::vector<bool> reduced(rank, axes.empty() && e.node.attr_int("noop_with_empty_axes", 0) == 0);
  for (auto a : axes) {
    const std::int64_t r = static_cast<std::int64_t>(rank);
    const std::int64_t k = a < 0 ? a + r : a;
    if (k < 0 || k >= r) return std::nullopt;
    reduced[static_cast<std::size_t>(k)] = true;
  }
  return reduced;
}

// Flat index in the keepdims-shaped output of each input element.
std::vector<std::size_t> reduction_targets(const Dims& in, const std::vector<bool>& reduced) {
  Dims kept = in;
  for (std::size_t k = 0; k < in.size(); ++k) {
    if (reduced[k]) kept[k] = 1;
  }
  const std::size_t n = static_cast<std::size_t>(*checked_product(in));
  std::vector<std::size_t> target(n);
  for (std::size_t i = 0; i < n; ++i) target[i] = broadcast_index(i, in, kept);
  // broadcast_index maps an input position to the kept tensor's element it broadcasts from,
  // which is exactly the reduction's target.
  return target;
}

Results reduce(const Eval& e) {
  const Operand& x = e.at(0);
  const auto reduced = reduced_axes(e, x.dims.size());
  if (!reduced) return {std::nullopt};
  const std::string_view op = e.node.op_type;
  const std::size_t n = e.out_count(0);
  const auto target = reduction_targets(x.dims, *reduced);
  std::vector<std::size_t> count(n, 0);
  for (auto t : target) {
    if (t >= n) return {std::nullopt};
    ++count[t];
  }
  const bool exact_int = x.integral() && (op == "ReduceMax" || op == "ReduceMin" ||
                                          op == "ReduceSum" || op == "ReduceProd");
  if (exact_int) {
    std::vector<std::int64_t> acc(n, op == "ReduceProd" ? 1 : 0);
    std::vector<bool> seen(n, false);
    for (std::size_t i = 0; i < target.size(); ++i) {
      const std::int64_t a = acc[target[i]], b = x.v->ints[i];
      std::int64_t r = 0;
      if (op == "ReduceSum") {
        if (__builtin_add_overflow(a, b, &r)) overflow(a, b);
      } else if (op == "ReduceProd") {
        if (__builtin_mul_overflow(a, b, &r)) overflow(a, b);
      } else {
        r = !seen[target[i]] ? b : ((op == "ReduceMax") == (b > a) ? b : a);
      }
      acc[target[i]] = r;
      seen[target[i]] = true;
    }
    if ((op == "ReduceMax" || op == "ReduceMin") &&
        std::find(seen.begin(), seen.end(), false) != seen.end()) {
      return {std::nullopt};  // an empty reduction of Max/Min has no defined value
    }
    return {from_ints(e.out_type[0], std::move(acc))};
  }
  const bool max_min = op == "ReduceMax" || op == "ReduceMin";
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> acc(
      n, op == "ReduceProd" ? 1.0 : (max_min ? (op == "ReduceMax" ? -inf : inf) : 0.0));
  for (std::size_t i = 0; i < target.size(); ++i) {
    const double v = x.f(i);
    double& a = acc[target[i]];
    if (op == "ReduceMax") {
      a = std::max(a, v);
    } else if (op == "ReduceMin") {
      a = std::min(a, v);
    } else if (op == "ReduceProd") {
      a *= v;
    } else if (op == "ReduceL1") {
      a += std::fabs(v);
    } else if (op == "ReduceL2" || op == "ReduceSumSquare") {
      a += v * v;
    } else if (op == "ReduceLogSumExp") {
      a += std::exp(v);
    } else {
      a += v;  // ReduceSum, ReduceMean, ReduceLogSum
    }
  }
  for (std::size_t t = 0; t < n; ++t) {
    if (op == "ReduceMean") acc[t] /= static_cast<double>(count[t]);
    if (op == "ReduceL2") acc[t] = std::sqrt(acc[t]);
    if (op == "ReduceLogSum" || op == "ReduceLogSumExp") acc[t] = std::log(acc[t]);
    if (is_integer(e.out_type[0])) acc[t] = std::trunc(acc[t]);
  }
  return {from_doubles(e.out_type[0], acc)};
}

Results arg_reduce(const Eval& e) {
  const Operand& x = e.at(0);
  const auto reduced = reduced_axes(e, x.dims.size());
  if (!reduced || x.dims.empty()) return {std::nullopt};
  const std::int64_t rank = static_cast<std::int64_t>(x.dims.size());
  std::int64_t axis = e.node.attr_int("axis", 0);
  if (axis < 0) axis += rank;
  const bool last = e.node.attr_int("select_last_index", 0) != 0;
  const bool is_max = e.node.op_type == "ArgMax";
  const std::size_t n = e.out_count(0);
  const auto target = reduction_targets(x.dims, *reduced);
  const Dims strides = strides_of(x.dims);
  std::vector<std::int64_t> best(n, -1);
  std::vector<double> best_value(n, 0);
  for (std::size_t i = 0; i < target.size(); ++i) {
    const std::size_t t = target[i];
    if (t >= n) return {std::nullopt};
    const double v = x.f(i);
    const auto pos = static_cast<std::int64_t>(i) / strides[static_cast<std::size_t>(axis)] %
                     x.dims[static_cast<std::size_t>(axis)];
    const bool better = best[t] < 0 || (is_max ? v > best_value[t] : v < best_value[t]) ||
                        (last && v == best_value[t]);
    if (better) {
      best[t] = pos;
      best_value[t] = v;
    }
  }
  return {from_ints(DataType::int64, std::move(best))};
}

// ---- Moving elements ----

// Reshape, Squeeze, Unsqueeze, Flatten: the flat data stays as it is.
Results same_data(const Eval& e) {
  if (e.at(0).size() != e.out_count(0)) return {std::nullopt};
  return {*e.at(0).v};
}

Results tile(const Eval& e) {
  const Operand& x = e.at(0);
  const Dims& out = e.out_dims[0];
  if (out.size() != x.dims.size()) return {std::nullopt};
  const Dims in_strides = strides_of(x.dims);
  return {values_by_index(out, *x.v, [&](const Dims& idx) {
    std::int64_t from = 0;
    for (std::size_t k = 0; k < idx.size(); ++k) from += (idx[k] % x.dims[k]) * in_strides[k];
    return static_cast<std::size_t>(from);
  })};
}

Results split(const Eval& e) {
  const Operand& x = e.at(0);
  const std::int64_t rank = static_cast<std::int64_t>(x.dims.size());
  std::int64_t axis = e.node.attr_int("axis", 0);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return {};
  const auto a = static_cast<std::size_t>(axis);
  const Dims in_strides = strides_of(x.dims);
  Results r;
  std::int64_t offset = 0;
  for (const Dims& out : e.out_dims) {
    if (out.size() != x.dims.size()) return {};
    r.push_back(values_by_index(out, *x.v, [&](const Dims& idx) {
      std::int64_t from = 0;
      for (std::size_t k = 0; k < idx.size(); ++k) {
        from += (k == a ? idx[k] + offset : idx[k]) * in_strides[k];
      }
      return static_cast<std::size_t>(from);
    }));
    offset += out[a];
  }
  return r;
}

Results gather_elements(const Eval& e) {
  const Operand &data = e.at(0), &idx = e.at(1);
  const std::int64_t rank = static_cast<std::int64_t>(data.dims.size());
  std::int64_t axis = e.node.attr_int("axis", 0);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank || idx.dims.size() != data.dims.size()) return {std::nullopt};
  const auto a = static_cast<std::size_t>(axis);
  const Dims data_strides = strides_of(data.dims), idx_strides = strides_of(idx.dims);
  const std::int64_t size = data.dims[a];
  bool in_range = true;
  auto v = values_by_index(e.out_dims[0], *data.v, [&](const Dims& o) {
    std::int64_t flat_idx = 0;
    for (std::size_t k = 0; k < o.size(); ++k) flat_idx += o[k] * idx_strides[k];
    std::int64_t i = idx.i(static_cast<std::size_t>(flat_idx));
    if (i < 0) i += size;
    if (i < 0 || i >= size) in_range = false;
    std::int64_t from = 0;
    for (std::size_t k = 0; k < o.size(); ++k) from += (k == a ? i : o[k]) * data_strides[k];
    return static_cast<std::size_t>(from);
  });
  if (!in_range) throw ShapeError{"GatherElements index out of range"};
  return {std::move(v)};
}

const std::unordered_map<std::string_view, Evaluator>& table() {
  static const std::unordered_map<std::string_view, Evaluator> t = {
      {"Identity", unary},
      {"Neg", unary},
      {"Abs", unary},
      {"Sqrt", unary},
      {"Exp", unary},
      {"Log", unary},
      {"Reciprocal", unary},
      {"Floor", unary},
      {"Ceil", unary},
      {"Round", unary},
      {"Sign", unary},
      {"Add", broadcast_fold},
      {"Sub", broadcast_fold},
      {"Mul", broadcast_fold},
      {"Div", broadcast_fold},
      {"Pow", broadcast_fold},
      {"Mod", broadcast_fold},
      {"Equal", broadcast_fold},
      {"Less", broadcast_fold},
      {"Greater", broadcast_fold},
      {"LessOrEqual", broadcast_fold},
      {"GreaterOrEqual", broadcast_fold},
      {"And", broadcast_fold},
      {"Or", broadcast_fold},
      {"Xor", broadcast_fold},
      {"Max", broadcast_fold},
      {"Min", broadcast_fold},
      {"Sum", broadcast_fold},
      {"Mean", broadcast_fold},
      {"Not", logical_not},
      {"Where", where},
      {"Cast", cast},
      {"CastLike", cast},
      {"ReduceMax", reduce},
      {"ReduceMin", reduce},
      {"ReduceSum", reduce},
      {"ReduceMean", reduce},
      {"ReduceProd", reduce},
      {"ReduceL1", reduce},
      {"ReduceL2", reduce},
      {"ReduceLogSum", reduce},
      {"ReduceLogSumExp", reduce},
      {"ReduceSumSquare", reduce},
      {"ArgMax", arg_reduce},
      {"ArgMin", arg_reduce},
      {"Reshape", same_data},
      {"Squeeze", same_data},
      {"Unsqueeze", same_data},
      {"Flatten", same_data},
      {"Tile", tile},
      {"Split", split},
      {"GatherElements", gather_elements},
  };
  return t;
}

}  // namespace

bool has_evaluator(std::string_view op_type) {
  return table().count(op_type) != 0;
}

void evaluate_values(ShapeContext& ctx) {
  const Node& node = ctx.node();
  if (node.domain != "ai.onnx") return;
  const auto it = table().find(node.op_type);
  if (it == table().end()) return;
  Eval e{node, ctx.opset(), {}, {}, {}};
  for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
    if (!ctx.has_input(i)) {
      e.in.emplace_back();
      continue;
    }
    const TensorValues* v = ctx.values(i);
    const MaybeDims d = ctx.dims(i);
    if (v == nullptr || !d || !all_known(*d)) return;
    const auto n = known_product(*d);
    if (!n || static_cast<std::size_t>(*n) != v->size()) return;
    e.in.push_back(Operand{ctx.dtype(i), *d, v});
  }
  if (e.in.empty() || !e.in[0].present()) return;
  for (std::size_t o = 0; o < ctx.num_outputs(); ++o) {
    const Tensor* t = ctx.output(o);
    if (t == nullptr) return;  // an omitted output: nothing to compare the results with
    if (!t->dims || !all_known(*t->dims)) return;
    const auto n = known_product(*t->dims);
    if (!n || *n > kMaxFoldedElements) return;
    e.out_type.push_back(t->dtype);
    e.out_dims.push_back(*t->dims);
  }
  if (e.out_dims.empty()) return;
  Results r = it->second(e);
  if (r.size() != e.out_dims.size()) return;
  for (std::size_t o = 0; o < r.size(); ++o) {
    // What the evaluator cannot compute exactly is not known, whatever a rule set.
    if (r[o] && r[o]->size() == e.out_count(o)) {
      ctx.set_values(o, std::move(r[o]));
    } else if (Tensor* t = ctx.output(o)) {
      t->values.reset();
    }
  }
}

}  // namespace infergy::shape
