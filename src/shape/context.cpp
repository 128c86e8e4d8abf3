#include "context.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "infergy/checked.hpp"

namespace infergy::shape {

const Tensor* ShapeContext::input(std::size_t i) const {
  if (!has_input(i)) return nullptr;
  const Tensor* t = &graph_.tensor(node_.inputs[i]);
  for (const Graph* g = graph_.parent; t->kind == TensorKind::outer_scope && g; g = g->parent) {
    const TensorId id = g->find(t->name);
    if (id != kNoTensor) t = &g->tensor(id);
  }
  return t;
}

Tensor* ShapeContext::output(std::size_t i) {
  return has_output(i) ? &graph_.tensor(node_.outputs[i]) : nullptr;
}

DataType ShapeContext::dtype(std::size_t i) const {
  const Tensor* t = input(i);
  return t ? t->dtype : DataType::undefined;
}

MaybeDims ShapeContext::dims(std::size_t i) const {
  const Tensor* t = input(i);
  return t ? t->dims : std::nullopt;
}

std::int64_t ShapeContext::rank(std::size_t i) const {
  const Tensor* t = input(i);
  return t && t->dims ? static_cast<std::int64_t>(t->dims->size()) : -1;
}

const TensorValues* ShapeContext::values(std::size_t i) const {
  const Tensor* t = input(i);
  return t ? t->values.get() : nullptr;
}

std::optional<std::vector<std::int64_t>> ShapeContext::int_values(std::size_t i) const {
  const TensorValues* v = values(i);
  if (v == nullptr) return std::nullopt;
  if (!v->is_float) return v->ints;
  std::vector<std::int64_t> out;
  out.reserve(v->floats.size());
  for (double f : v->floats) out.push_back(to_int64(f));
  return out;
}

std::optional<std::vector<double>> ShapeContext::float_values(std::size_t i) const {
  const TensorValues* v = values(i);
  if (v == nullptr) return std::nullopt;
  if (v->is_float) return v->floats;
  std::vector<double> out;
  out.reserve(v->ints.size());
  for (auto x : v->ints) out.push_back(static_cast<double>(x));
  return out;
}

void ShapeContext::set(std::size_t i, DataType type, MaybeDims d) {
  Tensor* t = output(i);
  if (t == nullptr) return;
  if (type != DataType::undefined) t->dtype = type;
  // Without an inferred shape, a declared one (value_info) stays.
  if (d) t->dims = std::move(d);
  t->values.reset();
}

void ShapeContext::set_values(std::size_t i, std::optional<TensorValues> v) {
  Tensor* t = output(i);
  if (t == nullptr || !v || static_cast<std::int64_t>(v->size()) > kMaxFoldedElements) return;
  t->values = std::make_shared<TensorValues>(std::move(*v));
}

void ShapeContext::set_int_values(std::size_t i, std::vector<std::int64_t> v) {
  TensorValues tv;
  tv.ints = std::move(v);
  set_values(i, std::move(tv));
}

void ShapeContext::set_float_values(std::size_t i, std::vector<double> v) {
  TensorValues tv;
  tv.floats = std::move(v);
  tv.is_float = true;
  set_values(i, std::move(tv));
}

std::int64_t ShapeContext::axis(std::int64_t value, std::int64_t r) const {
  const std::int64_t a = value < 0 ? value + r : value;
  if (a < 0 || a >= r) {  // a scalar (rank 0) has no axis at all
    fail(fmt::format("axis {} is out of range for rank {}", value, r));
  }
  return a;
}

std::int64_t ShapeContext::data_dim(std::string_view kind, std::int64_t lower, std::int64_t upper) {
  if (data_ == nullptr) return kUnknownDim;
  auto it = data_->next.find(kind);
  if (it == data_->next.end()) it = data_->next.emplace(std::string(kind), 0).first;
  DataDependentDim d;
  d.name = fmt::format("{}_{}", kind, it->second++);
  d.node = node_.name;
  d.op = node_.op_type;
  d.lower = lower;
  d.upper = upper;
  if (data_->pins) {
    if (const auto p = data_->pins->find(d.name); p != data_->pins->end()) d.pinned = p->second;
  }
  std::int64_t value = kUnknownDim;
  if (d.pinned) {
    value = *d.pinned;
  } else if (data_->choice == DataDimChoice::lower) {
    value = lower;
  } else if (data_->choice == DataDimChoice::upper) {
    value = upper;
  }
  if (data_->found) data_->found->push_back(std::move(d));
  return value;
}

std::int64_t ShapeContext::add(std::int64_t a, std::int64_t b) const {
  const auto r = checked_add(a, b);
  if (!r) fail(fmt::format("{} + {} overflows 64 bits", a, b));
  return *r;
}

std::int64_t ShapeContext::sub(std::int64_t a, std::int64_t b) const {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) fail(fmt::format("{} - {} overflows 64 bits", a, b));
  return r;
}

std::int64_t ShapeContext::mul(std::int64_t a, std::int64_t b) const {
  const auto r = checked_mul(a, b);
  if (!r) fail(fmt::format("{} x {} overflows 64 bits", a, b));
  return *r;
}

std::int64_t to_int64(double value) {
  if (std::isnan(value)) return 0;
  // 2^63 is exactly representable; anything at or past it does not fit.
  if (value >= 9223372036854775808.0) return std::numeric_limits<std::int64_t>::max();
  if (value < -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value);
}

bool all_known(const Dims& d) {
  return std::all_of(d.begin(), d.end(), [](std::int64_t x) { return x >= 0; });
}

std::optional<std::int64_t> known_product(const Dims& d) {
  if (!all_known(d)) return std::nullopt;
  return checked_product(d);
}

MaybeDims broadcast(const ShapeContext& ctx, const MaybeDims& a, const MaybeDims& b) {
  if (!a || !b) return std::nullopt;
  const std::size_t rank = std::max(a->size(), b->size());
  Dims out(rank);
  for (std::size_t i = 0; i < rank; ++i) {
    const std::int64_t x = i < rank - a->size() ? 1 : (*a)[i - (rank - a->size())];
    const std::int64_t y = i < rank - b->size() ? 1 : (*b)[i - (rank - b->size())];
    if (x == y) {
      out[i] = x;
    } else if (x == 1) {
      out[i] = y;
    } else if (y == 1) {
      out[i] = x;
    } else if (x < 0 || y < 0) {
      // One side unknown and the other > 1: a valid model must have the known size.
      out[i] = std::max(x, y);
    } else {
      ctx.fail(fmt::format("shapes [{}] and [{}] cannot broadcast", fmt::join(*a, ","),
                           fmt::join(*b, ",")));
    }
  }
  return out;
}

std::size_t broadcast_index(std::size_t flat, const Dims& out, const Dims& in) {
  std::size_t index = 0, stride = 1;
  for (std::size_t k = 0; k < out.size(); ++k) {
    const std::size_t axis = out.size() - 1 - k;
    const auto size_out = static_cast<std::size_t>(out[axis]);
    const std::size_t coord = flat % size_out;
    flat /= size_out;
    if (k < in.size()) {
      const auto size_in = static_cast<std::size_t>(in[in.size() - 1 - k]);
      if (size_in != 1) index += coord * stride;
      stride *= size_in;
    }
  }
  return index;
}

void same_as_input(ShapeContext& ctx, std::size_t from, std::size_t to) {
  ctx.set(to, ctx.dtype(from), ctx.dims(from));
}

MaybeDims matmul_dims(const ShapeContext& ctx, const MaybeDims& a, const MaybeDims& b) {
  if (!a || !b) return std::nullopt;
  if (a->empty() || b->empty()) ctx.fail("MatMul operands must have rank >= 1");
  Dims x = *a, y = *b;
  const bool a_vector = x.size() == 1, b_vector = y.size() == 1;
  if (a_vector) x.insert(x.begin(), 1);
  if (b_vector) y.push_back(1);
  const std::int64_t k1 = x.back(), k2 = y[y.size() - 2];
  if (k1 >= 0 && k2 >= 0 && k1 != k2) {
    ctx.fail(fmt::format("MatMul inner dims differ: [{}] x [{}]", fmt::join(*a, ","),
                         fmt::join(*b, ",")));
  }
  const MaybeDims batch =
      broadcast(ctx, Dims(x.begin(), x.end() - 2), Dims(y.begin(), y.end() - 2));
  Dims out = *batch;
  if (!a_vector) out.push_back(x[x.size() - 2]);
  if (!b_vector) out.push_back(y.back());
  return out;
}

void require_ints_at_least(const ShapeContext& ctx, std::string_view name, std::int64_t min) {
  const Attribute* a = ctx.node().attr(name);
  if (a == nullptr) return;
  for (std::int64_t v : a->ints) {
    if (v < min) {
      ctx.fail(
          fmt::format("attribute {} must be >= {} (got [{}])", name, min, fmt::join(a->ints, ",")));
    }
  }
}

void require_int_at_least(const ShapeContext& ctx, std::string_view name, std::int64_t min) {
  const Attribute* a = ctx.node().attr(name);
  if (a != nullptr && a->i < min) {
    ctx.fail(fmt::format("attribute {} must be >= {} (got {})", name, min, a->i));
  }
}

void require_one_of(const ShapeContext& ctx, std::string_view name,
                    std::initializer_list<std::string_view> allowed) {
  const Attribute* a = ctx.node().attr(name);
  if (a == nullptr || std::find(allowed.begin(), allowed.end(), a->s) != allowed.end()) return;
  ctx.fail(fmt::format("attribute {} must be one of {} (got '{}')", name, fmt::join(allowed, ", "),
                       a->s));
}

void require_flag(const ShapeContext& ctx, std::string_view name) {
  const Attribute* a = ctx.node().attr(name);
  if (a != nullptr && a->i != 0 && a->i != 1) {
    ctx.fail(fmt::format("attribute {} must be 0 or 1 (got {})", name, a->i));
  }
}

void require_axis(const ShapeContext& ctx, std::string_view name, std::size_t input,
                  std::int64_t low_extra, std::int64_t high_extra) {
  const Attribute* a = ctx.node().attr(name);
  const std::int64_t r = ctx.rank(input);
  if (a == nullptr || r < 0) return;
  if (a->i < -r - low_extra || a->i >= r + high_extra) {
    ctx.fail(fmt::format("attribute {} must lie in [{}, {}] for an input of rank {} (got {})", name,
                         -r - low_extra, r + high_extra - 1, r, a->i));
  }
}

void require_shape_input(const ShapeContext& ctx, std::size_t index, std::string_view what,
                         std::initializer_list<DataType> types, bool scalar_ok) {
  if (!ctx.has_input(index)) return;
  const DataType t = ctx.dtype(index);
  if (t != DataType::undefined && std::find(types.begin(), types.end(), t) == types.end()) {
    std::vector<std::string_view> names;
    for (DataType allowed : types) names.push_back(to_string(allowed));
    ctx.fail(fmt::format("input {} ({}) must be of type {} (got {})", index, what,
                         fmt::join(names, " or "), to_string(t)));
  }
  const std::int64_t r = ctx.rank(index);
  if (r >= 0 && r != 1 && !(scalar_ok && r == 0)) {
    ctx.fail(fmt::format("input {} ({}) must be 1-D (got rank {})", index, what, r));
  }
}

void require_rank_at_most(const ShapeContext& ctx, std::size_t index, std::string_view what,
                          std::int64_t max_rank) {
  const std::int64_t r = ctx.rank(index);
  if (ctx.has_input(index) && r > max_rank) {
    ctx.fail(
        fmt::format("input {} ({}) must have rank at most {} (got {})", index, what, max_rank, r));
  }
}

const std::vector<ShapeRuleEntry>& all_shape_rules() {
  static const auto all = [] {
    std::vector<ShapeRuleEntry> rules;
    add_elementwise_shape_rules(rules);
    add_nn_shape_rules(rules);
    add_tensor_shape_rules(rules);
    add_contrib_shape_rules(rules);
    return rules;
  }();
  return all;
}

namespace {
const std::unordered_map<std::string, ShapeRuleEntry>& table() {
  static const auto t = [] {
    std::unordered_map<std::string, ShapeRuleEntry> m;
    for (const auto& e : all_shape_rules()) {
      m.emplace(std::string(e.domain) + "/" + std::string(e.op_type), e);
    }
    return m;
  }();
  return t;
}
}  // namespace

const ShapeRuleEntry* find_shape_rule(std::string_view domain, std::string_view op_type) {
  std::string key(domain);
  key += '/';
  key += op_type;
  const auto& t = table();
  const auto it = t.find(key);
  return it == t.end() ? nullptr : &it->second;
}

}  // namespace infergy::shape
