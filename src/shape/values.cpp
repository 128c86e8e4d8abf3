#include "values.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "infergy/checked.hpp"

namespace infergy::shape {

namespace {

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

bool apply_compare(Compare op, double a, double b) {
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

double as_double(const TensorValues& t, std::size_t i) {
  return t.is_float ? t.floats[i] : static_cast<double>(t.ints[i]);
}

// Element count of `out` when its values may be folded.
std::optional<std::size_t> foldable_count(const Dims& out) {
  if (!all_known(out)) return std::nullopt;
  const auto n = known_product(out);
  if (!n || *n > kMaxFoldedElements) return std::nullopt;
  return static_cast<std::size_t>(*n);
}

TensorValues ints_of(std::vector<std::int64_t> v) {
  TensorValues t;
  t.ints = std::move(v);
  return t;
}

TensorValues floats_of(std::vector<double> v) {
  TensorValues t;
  t.floats = std::move(v);
  t.is_float = true;
  return t;
}

}  // namespace

TensorValues map_values(const TensorValues& in, double (*f)(double)) {
  if (in.is_float) {
    std::vector<double> out;
    for (double x : in.floats) out.push_back(f(x));
    return floats_of(std::move(out));
  }
  std::vector<std::int64_t> out;
  for (auto x : in.ints) out.push_back(to_int64(f(static_cast<double>(x))));
  return ints_of(std::move(out));
}

MaybeValues arithmetic_values(Arith op, const TensorValues& a, const Dims& da,
                              const TensorValues& b, const Dims& db, const Dims& out) {
  const auto n = foldable_count(out);
  if (!n) return std::nullopt;
  if (!a.is_float && !b.is_float) {
    std::vector<std::int64_t> v(*n);
    for (std::size_t i = 0; i < *n; ++i) {
      v[i] =
          apply_int(op, a.ints[broadcast_index(i, out, da)], b.ints[broadcast_index(i, out, db)]);
    }
    return ints_of(std::move(v));
  }
  std::vector<double> v(*n);
  for (std::size_t i = 0; i < *n; ++i) {
    v[i] = apply_float(op, as_double(a, broadcast_index(i, out, da)),
                       as_double(b, broadcast_index(i, out, db)));
  }
  return floats_of(std::move(v));
}

MaybeValues comparison_values(Compare op, const TensorValues& a, const Dims& da,
                              const TensorValues& b, const Dims& db, const Dims& out) {
  const auto n = foldable_count(out);
  if (!n) return std::nullopt;
  std::vector<std::int64_t> v(*n);
  for (std::size_t i = 0; i < *n; ++i) {
    v[i] = apply_compare(op, as_double(a, broadcast_index(i, out, da)),
                         as_double(b, broadcast_index(i, out, db)));
  }
  return ints_of(std::move(v));
}

MaybeValues select_values(std::span<const std::int64_t> cond, const Dims& dc, const TensorValues& x,
                          const Dims& dx, const TensorValues& y, const Dims& dy, const Dims& out) {
  if (x.is_float != y.is_float) return std::nullopt;
  const auto n = foldable_count(out);
  if (!n) return std::nullopt;
  if (x.is_float) {
    std::vector<double> v(*n);
    for (std::size_t i = 0; i < v.size(); ++i) {
      v[i] = cond[broadcast_index(i, out, dc)] ? x.floats[broadcast_index(i, out, dx)]
                                               : y.floats[broadcast_index(i, out, dy)];
    }
    return floats_of(std::move(v));
  }
  std::vector<std::int64_t> v(*n);
  for (std::size_t i = 0; i < v.size(); ++i) {
    v[i] = cond[broadcast_index(i, out, dc)] ? x.ints[broadcast_index(i, out, dx)]
                                             : y.ints[broadcast_index(i, out, dy)];
  }
  return ints_of(std::move(v));
}

TensorValues logical_not_values(std::span<const std::int64_t> in) {
  std::vector<std::int64_t> out;
  for (auto x : in) out.push_back(x == 0);
  return ints_of(std::move(out));
}

MaybeValues cast_values(const TensorValues& in, DataType to) {
  if (is_floating(to)) {
    if (in.is_float) return floats_of(in.floats);
    std::vector<double> out;
    out.reserve(in.ints.size());
    for (auto x : in.ints) out.push_back(static_cast<double>(x));
    return floats_of(std::move(out));
  }
  if (!is_integer(to) && to != DataType::boolean) return std::nullopt;
  const bool boolean = to == DataType::boolean;
  std::vector<std::int64_t> out;
  if (in.is_float) {
    for (double f : in.floats) out.push_back(boolean ? f != 0 : to_int64(f));
  } else {
    for (auto x : in.ints) out.push_back(boolean ? x != 0 : x);
  }
  return ints_of(std::move(out));
}

MaybeValues values_by_index(const Dims& out, const TensorValues& in,
                            const std::function<std::size_t(const Dims&)>& source) {
  const auto n = known_product(out);
  if (!n || *n > kMaxFoldedElements) return std::nullopt;
  TensorValues v;
  v.is_float = in.is_float;
  Dims index(out.size(), 0);
  for (std::int64_t flat = 0; flat < *n; ++flat) {
    const std::size_t from = source(index);
    if (from >= in.size()) return std::nullopt;
    if (in.is_float) {
      v.floats.push_back(in.floats[from]);
    } else {
      v.ints.push_back(in.ints[from]);
    }
    for (std::size_t k = out.size(); k-- > 0;) {  // odometer increment, last axis fastest
      if (++index[k] < out[k]) break;
      index[k] = 0;
    }
  }
  return v;
}

MaybeValues concat_values(const std::vector<const TensorValues*>& parts,
                          const std::vector<MaybeDims>& part_dims, std::size_t axis,
                          const Dims& out) {
  if (!all_known(out) || parts.empty()) return std::nullopt;
  std::vector<std::int64_t> offsets;  // start of each part along the axis
  std::int64_t offset = 0;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    if (parts[p] == nullptr || !part_dims[p] || !all_known(*part_dims[p])) return std::nullopt;
    if (parts[p]->is_float != parts.front()->is_float) return std::nullopt;
    offsets.push_back(offset);
    offset += (*part_dims[p])[axis];
  }
  const auto n = known_product(out);
  if (!n || *n > kMaxFoldedElements) return std::nullopt;
  TensorValues v;
  v.is_float = parts.front()->is_float;
  Dims index(out.size(), 0);
  for (std::int64_t flat = 0; flat < *n; ++flat) {
    std::size_t p = parts.size() - 1;
    while (p > 0 && index[axis] < offsets[p]) --p;
    const Dims strides = strides_of(*part_dims[p]);
    std::int64_t from = 0;
    for (std::size_t k = 0; k < index.size(); ++k) {
      from += (k == axis ? index[k] - offsets[p] : index[k]) * strides[k];
    }
    const auto f = static_cast<std::size_t>(from);
    if (f >= parts[p]->size()) return std::nullopt;
    if (v.is_float) {
      v.floats.push_back(parts[p]->floats[f]);
    } else {
      v.ints.push_back(parts[p]->ints[f]);
    }
    for (std::size_t k = out.size(); k-- > 0;) {
      if (++index[k] < out[k]) break;
      index[k] = 0;
    }
  }
  return v;
}

MaybeValues broadcast_values(const TensorValues& in, const Dims& in_dims, const Dims& out) {
  const auto n = foldable_count(out);
  if (!n) return std::nullopt;
  if (in.is_float) {
    std::vector<double> v(*n);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = in.floats[broadcast_index(i, out, in_dims)];
    return floats_of(std::move(v));
  }
  std::vector<std::int64_t> v(*n);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = in.ints[broadcast_index(i, out, in_dims)];
  return ints_of(std::move(v));
}

MaybeValues range_values(double start, double delta, std::int64_t start_int, std::int64_t delta_int,
                         std::int64_t n, bool floating) {
  if (n > kMaxFoldedElements) return std::nullopt;
  if (floating) {
    std::vector<double> v;
    for (std::int64_t i = 0; i < n; ++i) v.push_back(start + static_cast<double>(i) * delta);
    return floats_of(std::move(v));
  }
  std::vector<std::int64_t> v;
  for (std::int64_t i = 0; i < n; ++i) {
    std::int64_t x = 0;
    if (__builtin_mul_overflow(i, delta_int, &x) || __builtin_add_overflow(start_int, x, &x)) {
      return std::nullopt;
    }
    v.push_back(x);
  }
  return ints_of(std::move(v));
}

MaybeValues filled_values(std::int64_t n, const TensorValues* fill) {
  if (n > kMaxFoldedElements) return std::nullopt;
  const auto count = static_cast<std::size_t>(n);
  if (fill == nullptr) return floats_of(std::vector<double>(count, 0.0));
  if (fill->size() != 1) return std::nullopt;
  if (fill->is_float) return floats_of(std::vector<double>(count, fill->floats[0]));
  return ints_of(std::vector<std::int64_t>(count, fill->ints[0]));
}

std::optional<std::int64_t> reduced_int(bool product, std::span<const std::int64_t> in) {
  std::int64_t acc = product ? 1 : 0;
  for (auto e : in) {
    const auto next = product ? checked_mul(acc, e) : checked_add(acc, e);
    if (!next) return std::nullopt;
    acc = *next;
  }
  return acc;
}

Dims strides_of(const Dims& d) {
  Dims s(d.size(), 1);
  for (std::size_t k = d.size(); k-- > 1;) s[k - 1] = s[k] * d[k];
  return s;
}

}  // namespace infergy::shape
