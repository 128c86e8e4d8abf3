// The one place where shape inference computes values: the small known tensors (shape vectors,
// axes, pad tables, scalars) that exporters compute at run time and that Reshape, Slice, Pad,
// Resize and friends then read. Each function is pure: known inputs in, the output's values
// out, or nullopt when they cannot be known here (an unknown dim, more than kMaxFoldedElements
// elements). Integer arithmetic that ONNX leaves undefined (overflow, division by zero) throws
// ShapeError: a model that does it is broken.
//
// A rule sets what a function returns with ShapeContext::set_values. To fold a new op, add its
// computation here and call it from the op's rule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "context.hpp"

namespace infergy::shape {

using MaybeValues = std::optional<TensorValues>;

/// f applied to every element (integers through double and back, truncated toward zero).
TensorValues map_values(const TensorValues& in, double (*f)(double));

enum class Arith { add, sub, mul, div, mod, max, min, pow };
enum class Compare { equal, less, greater, less_equal, greater_equal, and_, or_, xor_ };

/// a op b with numpy broadcasting into `out`: integers stay integers (ONNX's integer
/// semantics: division truncates, Mod takes the divisor's sign), anything else is double.
MaybeValues arithmetic_values(Arith op, const TensorValues& a, const Dims& da,
                              const TensorValues& b, const Dims& db, const Dims& out);
/// a op b with numpy broadcasting into `out`, as booleans (0 or 1).
MaybeValues comparison_values(Compare op, const TensorValues& a, const Dims& da,
                              const TensorValues& b, const Dims& db, const Dims& out);
/// Where: cond ? x : y, broadcast into `out`; nullopt when x and y differ in kind.
MaybeValues select_values(std::span<const std::int64_t> cond, const Dims& dc, const TensorValues& x,
                          const Dims& dx, const TensorValues& y, const Dims& dy, const Dims& out);
/// Not: 1 where the (integer) value is 0.
TensorValues logical_not_values(std::span<const std::int64_t> in);
/// Cast and CastLike to `to`; nullopt for types whose values are not kept (string, ...).
MaybeValues cast_values(const TensorValues& in, DataType to);

/// out[i] = in[source(multi-index i of out)]: Transpose, Slice and Gather move elements, they
/// do not compute them. nullopt when `out` is too large or a source index is out of range.
MaybeValues values_by_index(const Dims& out, const TensorValues& in,
                            const std::function<std::size_t(const Dims&)>& source);
/// Concat along `axis` into `out`; nullopt when a part's values or dims are unknown (nullptr,
/// nullopt) or the parts differ in kind.
MaybeValues concat_values(const std::vector<const TensorValues*>& parts,
                          const std::vector<MaybeDims>& part_dims, std::size_t axis,
                          const Dims& out);
/// Expand: `in` of dims `in_dims` broadcast to `out`.
MaybeValues broadcast_values(const TensorValues& in, const Dims& in_dims, const Dims& out);
/// Range: n elements start, start + delta, ...; integer when `floating` is false (nullopt if an
/// element passes 64 bits).
MaybeValues range_values(double start, double delta, std::int64_t start_int, std::int64_t delta_int,
                         std::int64_t n, bool floating);
/// ConstantOfShape: n copies of a one-element fill (0.0 without one); nullopt for a fill that is
/// not one element.
MaybeValues filled_values(std::int64_t n, const TensorValues* fill);
/// ReduceProd or ReduceSum of a 1-D integer tensor; nullopt on overflow.
std::optional<std::int64_t> reduced_int(bool product, std::span<const std::int64_t> in);

/// Row-major strides of known dims.
Dims strides_of(const Dims& d);

}  // namespace infergy::shape
