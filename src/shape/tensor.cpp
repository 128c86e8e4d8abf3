// Shape rules of tensor-manipulation ops (reshape, slice, gather, concat, pad, resize,
// reductions, constants). Several fold their values: these are the ops exporters use to compute
// shapes at run time, and folding them is what makes transformer exports resolve.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "context.hpp"
#include "infergy/checked.hpp"
#include "values.hpp"

namespace infergy::shape {

namespace {

// ---- Attribute and input checks ----

constexpr std::initializer_list<DataType> kInt64 = {DataType::int64};
constexpr std::initializer_list<DataType> kIndexTypes = {DataType::int32, DataType::int64};

// Gather/Scatter indices are int32 or int64 (ONNX's Tind).
void require_index_type(const ShapeContext& ctx, std::size_t index) {
  const DataType t = ctx.dtype(index);
  if (ctx.has_input(index) && t != DataType::undefined && t != DataType::int32 &&
      t != DataType::int64) {
    ctx.fail(
        fmt::format("input {} (indices) must be int32 or int64 (got {})", index, to_string(t)));
  }
}

void check_reshape(const ShapeContext& ctx) {
  require_flag(ctx, "allowzero");
  require_shape_input(ctx, 1, "shape", kInt64);
}
void check_expand(const ShapeContext& ctx) {
  require_shape_input(ctx, 1, "shape", kInt64);
}
void check_tile(const ShapeContext& ctx) {
  require_shape_input(ctx, 1, "repeats", kInt64);
}
void check_constant_of_shape(const ShapeContext& ctx) {
  require_shape_input(ctx, 0, "shape", kInt64);
}

// Squeeze/Unsqueeze/Reduce*: axes as an input from opset 13 (Reduce* other than ReduceSum: 18).
void check_axes_input(const ShapeContext& ctx) {
  require_flag(ctx, "keepdims");
  require_flag(ctx, "noop_with_empty_axes");
  // A scalar axes is accepted: ONNX's own Loop tests feed Unsqueeze one.
  require_shape_input(ctx, 1, "axes", kInt64, /*scalar_ok=*/true);
}

void check_arg_reduce(const ShapeContext& ctx) {
  require_flag(ctx, "keepdims");
  require_flag(ctx, "select_last_index");
}

void check_split(const ShapeContext& ctx) {
  require_ints_at_least(ctx, "split", 0);
  require_int_at_least(ctx, "num_outputs", 1);
  require_shape_input(ctx, 1, "split", kInt64);
}

// Slice (opset 10+): starts, ends, axes and steps are 1-D int32/int64 (a step of 0: the rule).
void check_slice(const ShapeContext& ctx) {
  if (ctx.opset() < 10) return;  // attributes only
  require_shape_input(ctx, 1, "starts", kIndexTypes);
  require_shape_input(ctx, 2, "ends", kIndexTypes);
  require_shape_input(ctx, 3, "axes", kIndexTypes);
  require_shape_input(ctx, 4, "steps", kIndexTypes);
}

void check_pad(const ShapeContext& ctx) {
  require_one_of(ctx, "mode", {"constant", "reflect", "edge", "wrap"});
  if (ctx.opset() < 11) return;  // pads as an attribute
  require_shape_input(ctx, 1, "pads", kInt64);
  require_shape_input(ctx, 3, "axes", kIndexTypes);
}

// Known scales are finite and positive; Upsample's at least 1 ("It takes value greater than or
// equal to 1").
void require_scales(const ShapeContext& ctx, const std::vector<double>& scales, bool upsample) {
  for (double v : scales) {
    if (!std::isfinite(v) || (upsample ? !(v >= 1) : !(v > 0))) {
      ctx.fail(fmt::format("scales [{}] must be finite and {}", fmt::join(scales, ","),
                           upsample ? ">= 1" : "> 0"));
    }
  }
}

// Resize (10: X, scales; 11+: X, roi, scales, sizes) and Upsample (7: scales attribute; 9:
// scales input): enumerated modes, flags, a 1-D int64 sizes, and scales finite and positive,
// of which only one of scales and sizes is given.
void check_resize(const ShapeContext& ctx) {
  const Node& n = ctx.node();
  const bool upsample = n.op_type == "Upsample";
  if (upsample) {
    require_one_of(ctx, "mode", {"nearest", "linear", "bilinear"});
  } else {
    require_one_of(ctx, "mode", {"nearest", "linear", "cubic"});
  }
  require_one_of(ctx, "coordinate_transformation_mode",
                 {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners",
                  "asymmetric", "tf_half_pixel_for_nearest", "tf_crop_and_resize",
                  // its name in ONNX 1.5's Resize-11, still in ONNX's own test data
                  "tf_half_pixel_for_nn"});
  require_one_of(ctx, "nearest_mode", {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"});
  require_one_of(ctx, "keep_aspect_ratio_policy", {"stretch", "not_larger", "not_smaller"});
  require_flag(ctx, "exclude_outside");
  require_flag(ctx, "antialias");
  if (const Attribute* a = n.attr("scales")) require_scales(ctx, a->floats, upsample);
  const std::size_t scales_index = upsample || ctx.opset() < 11 ? 1 : 2;
  if (ctx.has_input(scales_index)) {
    if (const auto v = ctx.float_values(scales_index)) require_scales(ctx, *v, upsample);
  }
  if (upsample || ctx.opset() < 11) return;
  require_shape_input(ctx, 3, "sizes", kInt64);
  const MaybeDims scales = ctx.has_input(2) ? ctx.dims(2) : std::nullopt;
  const MaybeDims sizes = ctx.has_input(3) ? ctx.dims(3) : std::nullopt;
  if (scales && sizes && scales->size() == 1 && sizes->size() == 1 && (*scales)[0] > 0 &&
      (*sizes)[0] > 0) {
    ctx.fail("only one of scales and sizes may be given");
  }
}

void check_one_hot(const ShapeContext& ctx) {
  require_axis(ctx, "axis", 0, 1, 1);
  require_rank_at_most(ctx, 1, "depth", 1);
}

void check_gather(const ShapeContext& ctx) {
  require_index_type(ctx, 1);
}

void check_gather_elements(const ShapeContext& ctx) {
  require_axis(ctx, "axis", 0);
  require_index_type(ctx, 1);
  const std::int64_t r = ctx.rank(0), ri = ctx.rank(1);
  if (r >= 0 && ri >= 0 && r != ri) {
    ctx.fail(fmt::format("indices of rank {} for data of rank {} (they must match)", ri, r));
  }
}

void check_gather_nd(const ShapeContext& ctx) {
  require_int_at_least(ctx, "batch_dims", 0);
  if (ctx.has_input(1) && ctx.dtype(1) != DataType::undefined && ctx.dtype(1) != DataType::int64) {
    ctx.fail(fmt::format("input 1 (indices) must be int64 (got {})", to_string(ctx.dtype(1))));
  }
  const std::int64_t b = ctx.node().attr_int("batch_dims", 0);
  const std::int64_t r = ctx.rank(0), ri = ctx.rank(1);
  if ((r >= 0 && b >= r) || (ri >= 0 && b >= ri)) {
    ctx.fail(fmt::format("batch_dims {} must be less than both input ranks", b));
  }
}

// ScatterElements/ScatterND/Scatter: an enumerated reduction, an axis within the rank, and
// indices of index type.
void check_scatter(const ShapeContext& ctx) {
  require_one_of(ctx, "reduction", {"none", "add", "mul", "max", "min"});
  require_axis(ctx, "axis", 0);
  require_index_type(ctx, 1);
}

void check_eye_like(const ShapeContext& ctx) {
  const std::int64_t r = ctx.rank(0);
  if (r >= 0 && r != 2) ctx.fail(fmt::format("EyeLike input must be 2-D (got rank {})", r));
  const Attribute* dtype = ctx.node().attr("dtype");
  if (dtype != nullptr && (dtype->i < 1 || dtype->i > 23)) {
    ctx.fail(fmt::format("attribute dtype {} is not an ONNX type", dtype->i));
  }
}

void check_non_max_suppression(const ShapeContext& ctx) {
  require_flag(ctx, "center_point_box");
}

void check_unique(const ShapeContext& ctx) {
  require_flag(ctx, "sorted");
}

// Constant: "Exactly one of the attributes must be specified".
void check_constant(const ShapeContext& ctx) {
  std::size_t values = 0;
  for (const Attribute& a : ctx.node().attributes) {
    values += a.name.rfind("value", 0) == 0 || a.name == "sparse_value" ? 1 : 0;
  }
  if (values != 1) {
    ctx.fail(fmt::format("Constant needs exactly one value attribute (has {})", values));
  }
}

// ---- Rules ----

// The rank of a tensor whose shape comes from a 1-D shape tensor of `length` elements. No
// runtime supports thousands of dims; a longer shape tensor is a broken model, refused before
// allocating its dims.
std::int64_t rank_from_length(const ShapeContext& ctx, std::int64_t length) {
  constexpr std::int64_t kMaxRank = 1024;
  if (length > kMaxRank) {
    ctx.fail(fmt::format("a shape of {} dims (infergy accepts at most {})", length, kMaxRank));
  }
  return length;
}

// Passes the input's values through unchanged (the flat data of Reshape/Squeeze/... is the same).
void keep_values(ShapeContext& ctx) {
  if (const TensorValues* v = ctx.values(0)) ctx.set_values(0, *v);
}

void reshape(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0);
  const auto target = ctx.int_values(1);
  const bool allow_zero = ctx.node().attr_int("allowzero", 0) != 0;
  if (!target) {
    const MaybeDims sd = ctx.dims(1);
    ctx.set(0, ctx.dtype(0),
            sd && sd->size() == 1 && (*sd)[0] >= 0
                ? MaybeDims(
                      Dims(static_cast<std::size_t>(rank_from_length(ctx, (*sd)[0])), kUnknownDim))
                : std::nullopt);
    return;
  }
  Dims out = *target;
  std::int64_t infer_at = -1;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 0 && !allow_zero) {
      if (!x || i >= x->size()) ctx.fail("Reshape copies a dim (0) the input does not have");
      out[i] = (*x)[i];
    } else if (out[i] == -1) {
      if (infer_at >= 0) ctx.fail("Reshape target has more than one -1");
      infer_at = static_cast<std::int64_t>(i);
    } else if (out[i] < -1) {
      ctx.fail(fmt::format("Reshape target has a negative dim {}", out[i]));
    }
  }
  if (infer_at >= 0) {
    out[static_cast<std::size_t>(infer_at)] = kUnknownDim;
    std::optional<std::int64_t> total;
    if (x) total = known_product(*x);
    Dims rest = out;
    rest.erase(rest.begin() + infer_at);
    const auto known = known_product(rest);
    if (total && known) {
      if (*known == 0 || *total % *known != 0) {
        ctx.fail(
            fmt::format("cannot reshape {} elements into [{}]", *total, fmt::join(*target, ",")));
      }
      out[static_cast<std::size_t>(infer_at)] = *total / *known;
    }
  } else if (x) {
    const auto total = known_product(*x), got = known_product(out);
    if (total && got && *total != *got) {
      ctx.fail(fmt::format("cannot reshape [{}] ({} elements) into [{}]", fmt::join(*x, ","),
                           *total, fmt::join(out, ",")));
    }
  }
  ctx.set(0, ctx.dtype(0), out);
  keep_values(ctx);
}

void flatten(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0);
  if (!x) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  const auto rank = static_cast<std::int64_t>(x->size());
  std::int64_t axis = ctx.node().attr_int("axis", 1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis > rank) ctx.fail("Flatten axis out of range");
  const Dims head(x->begin(), x->begin() + axis), tail(x->begin() + axis, x->end());
  const auto a = known_product(head), b = known_product(tail);
  ctx.set(0, ctx.dtype(0), Dims{a.value_or(kUnknownDim), b.value_or(kUnknownDim)});
  keep_values(ctx);
}

// Axes from the attribute (older opsets) or from input 1 (newer ones).
std::optional<Dims> axes_of(const ShapeContext& ctx, std::size_t input_index) {
  if (const Attribute* a = ctx.node().attr("axes")) return a->ints;
  if (ctx.has_input(input_index)) return ctx.int_values(input_index);
  return Dims{};
}

void squeeze(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0);
  const auto axes = axes_of(ctx, 1);
  if (!x || !axes) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  const auto rank = static_cast<std::int64_t>(x->size());
  std::vector<bool> drop(x->size(), false);
  if (axes->empty()) {
    for (std::size_t i = 0; i < x->size(); ++i) {
      if ((*x)[i] < 0) {
        ctx.set(0, ctx.dtype(0), std::nullopt);
        return;
      }
      drop[i] = (*x)[i] == 1;
    }
  } else {
    for (auto a : *axes) {
      const auto i = static_cast<std::size_t>(ctx.axis(a, rank));
      if ((*x)[i] > 1) ctx.fail(fmt::format("Squeeze of axis {} whose size is {}", a, (*x)[i]));
      drop[i] = true;
    }
  }
  Dims out;
  for (std::size_t i = 0; i < x->size(); ++i) {
    if (!drop[i]) out.push_back((*x)[i]);
  }
  ctx.set(0, ctx.dtype(0), out);
  keep_values(ctx);
}

void unsqueeze(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0);
  const auto axes = axes_of(ctx, 1);
  if (!x || !axes) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  const auto rank = static_cast<std::int64_t>(x->size() + axes->size());
  std::vector<bool> inserted(static_cast<std::size_t>(rank), false);
  for (auto a : *axes) {
    const auto i = static_cast<std::size_t>(ctx.axis(a, rank));
    if (inserted[i]) ctx.fail("Unsqueeze axes repeat");
    inserted[i] = true;
  }
  Dims out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < inserted.size(); ++i) out.push_back(inserted[i] ? 1 : (*x)[next++]);
  ctx.set(0, ctx.dtype(0), out);
  keep_values(ctx);
}

void transpose(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0);
  if (!x) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  Dims perm = ctx.node().attr_ints("perm");
  if (perm.empty()) {
    perm.resize(x->size());
    std::iota(perm.rbegin(), perm.rend(), 0);
  }
  if (perm.size() != x->size()) ctx.fail("Transpose perm does not match the input rank");
  Dims out;
  std::vector<bool> seen(x->size(), false);
  for (auto p : perm) {
    const auto i = static_cast<std::size_t>(ctx.axis(p, static_cast<std::int64_t>(x->size())));
    if (seen[i]) ctx.fail("Transpose perm repeats an axis");
    seen[i] = true;
    out.push_back((*x)[i]);
  }
  ctx.set(0, ctx.dtype(0), out);
  if (const TensorValues* v = ctx.values(0); v && all_known(*x)) {
    const Dims in_strides = strides_of(*x);
    ctx.set_values(
        0, values_by_index(out, *v, [&](const Dims& idx) {
          std::int64_t from = 0;
          for (std::size_t k = 0; k < idx.size(); ++k) {
            from += idx[k] *
                    in_strides[static_cast<std::size_t>(
                        perm[k] < 0 ? perm[k] + static_cast<std::int64_t>(x->size()) : perm[k])];
          }
          return static_cast<std::size_t>(from);
        }));
  }
}

void concat(ShapeContext& ctx) {
  MaybeDims out;
  DataType type = DataType::undefined;
  bool unknown_rank = false;
  for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
    if (!ctx.has_input(i)) continue;
    if (type == DataType::undefined) type = ctx.dtype(i);
    const MaybeDims d = ctx.dims(i);
    if (!d) {
      unknown_rank = true;
      continue;
    }
    if (!out) {
      out = d;
      continue;
    }
    if (d->size() != out->size()) ctx.fail("Concat inputs have different ranks");
  }
  if (!out) {
    ctx.set(0, type, std::nullopt);
    return;
  }
  const auto rank = static_cast<std::int64_t>(out->size());
  const auto axis = static_cast<std::size_t>(ctx.axis(ctx.node().attr_int("axis", 0), rank));
  std::int64_t total = 0;
  for (std::size_t i = 0; i < ctx.num_inputs() && total >= 0; ++i) {
    if (!ctx.has_input(i)) continue;
    const MaybeDims d = ctx.dims(i);
    if (!d || (*d)[axis] < 0) {
      total = kUnknownDim;
      break;
    }
    const auto sum = checked_add(total, (*d)[axis]);
    if (!sum) ctx.fail("Concat size overflows");
    total = *sum;
    for (std::size_t k = 0; k < d->size(); ++k) {
      if (k == axis) continue;
      if ((*out)[k] < 0) (*out)[k] = (*d)[k];
      if ((*d)[k] >= 0 && (*out)[k] != (*d)[k]) {
        ctx.fail(fmt::format("Concat inputs differ on axis {}: {} vs {}", k, (*out)[k], (*d)[k]));
      }
    }
  }
  (*out)[axis] = unknown_rank ? kUnknownDim : total;
  ctx.set(0, type, out);
  // Fold concatenations of small known tensors (shape vectors, pad tables).
  std::vector<const TensorValues*> parts;
  std::vector<MaybeDims> part_dims;
  for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
    if (!ctx.has_input(i)) continue;
    parts.push_back(ctx.values(i));
    part_dims.push_back(ctx.dims(i));
  }
  ctx.set_values(0, concat_values(parts, part_dims, axis, *out));
}

void split(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0);
  const std::size_t outputs = ctx.num_outputs();
  if (!x) {
    for (std::size_t i = 0; i < outputs; ++i) ctx.set(i, ctx.dtype(0), std::nullopt);
    return;
  }
  const auto axis = static_cast<std::size_t>(
      ctx.axis(ctx.node().attr_int("axis", 0), static_cast<std::int64_t>(x->size())));
  std::optional<Dims> sizes;
  if (const Attribute* a = ctx.node().attr("split")) {
    sizes = a->ints;
  } else if (ctx.has_input(1)) {
    sizes = ctx.int_values(1);
  }
  const std::int64_t d = (*x)[axis];
  // Split sizes given as an input whose values are unknown stay unknown: no guessing.
  const bool sizes_given = ctx.node().attr("split") != nullptr || ctx.has_input(1);
  if (!sizes && !sizes_given && d >= 0 && outputs > 0) {
    const auto n = static_cast<std::int64_t>(outputs);
    const std::int64_t chunk = d / n + (d % n != 0);  // opset 18 num_outputs: last chunk smaller
    sizes = Dims{};
    for (std::int64_t i = 0, left = d; i < n; ++i, left -= chunk) {
      sizes->push_back(std::max<std::int64_t>(0, std::min(chunk, left)));
    }
  }
  if (sizes && sizes->size() != outputs) ctx.fail("Split sizes do not match its outputs");
  if (sizes && d >= 0) {
    const std::int64_t total = std::accumulate(sizes->begin(), sizes->end(), std::int64_t{0});
    if (total != d) ctx.fail(fmt::format("Split sizes sum to {}, axis has {}", total, d));
  }
  for (std::size_t i = 0; i < outputs; ++i) {
    Dims o = *x;
    o[axis] = sizes ? (*sizes)[i] : kUnknownDim;
    ctx.set(i, ctx.dtype(0), o);
  }
}

// Number of elements Slice takes on one axis (ONNX Slice-13 clamping rules).
std::int64_t slice_count(std::int64_t dim, std::int64_t start, std::int64_t end,
                         std::int64_t step) {
  const auto clamp = [](std::int64_t v, std::int64_t lo, std::int64_t hi) {
    return std::max(lo, std::min(v, hi));
  };
  if (start < 0) start = start < -dim ? 0 : start + dim;
  if (end < 0) end = end < -dim ? -1 : end + dim;
  if (step > 0) {
    start = clamp(start, 0, dim);
    end = clamp(end, 0, dim);
    return end > start ? (end - start - 1) / step + 1 : 0;  // never overflows: 0 <= start < end
  }
  start = clamp(start, 0, dim - 1);
  end = clamp(end, -1, dim - 1);
  // -step overflows for INT64_MIN; one step of that size takes a single element anyway.
  if (step == std::numeric_limits<std::int64_t>::min()) return start > end ? 1 : 0;
  return start > end ? (start - end - 1) / (-step) + 1 : 0;
}

std::int64_t slice_start(std::int64_t dim, std::int64_t start, std::int64_t step) {
  if (start < 0) start = start < -dim ? 0 : start + dim;
  return step > 0 ? std::min(start, dim) : std::min(start, dim - 1);
}

void slice(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0);
  const Node& n = ctx.node();
  std::optional<Dims> starts, ends, axes, steps;
  if (ctx.opset() < 10) {
    starts = n.attr_ints("starts");
    ends = n.attr_ints("ends");
    axes = n.attr_ints("axes");
  } else {
    starts = ctx.int_values(1);
    ends = ctx.int_values(2);
    axes = ctx.has_input(3) ? ctx.int_values(3) : Dims{};
    steps = ctx.has_input(4) ? ctx.int_values(4) : Dims{};
  }
  if (!x) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  Dims out = *x;
  if (!starts || !ends || !axes || (ctx.opset() >= 10 && !steps)) {
    // Which axes are sliced is unknown when axes are; otherwise only those axes are unknown.
    if (axes && !axes->empty()) {
      for (auto a : *axes)
        out[static_cast<std::size_t>(ctx.axis(a, static_cast<std::int64_t>(out.size())))] =
            kUnknownDim;
    } else {
      std::fill(out.begin(), out.end(), kUnknownDim);
    }
    ctx.set(0, ctx.dtype(0), out);
    return;
  }
  if (axes->empty()) {
    axes->resize(starts->size());
    std::iota(axes->begin(), axes->end(), 0);
  }
  if (!steps || steps->empty()) steps = Dims(starts->size(), 1);
  if (starts->size() != ends->size() || axes->size() != starts->size() ||
      steps->size() != starts->size()) {
    ctx.fail("Slice starts, ends, axes and steps differ in length");
  }
  Dims first(x->size(), 0), step(x->size(), 1);
  for (std::size_t k = 0; k < axes->size(); ++k) {
    const auto a =
        static_cast<std::size_t>(ctx.axis((*axes)[k], static_cast<std::int64_t>(x->size())));
    if ((*steps)[k] == 0) ctx.fail("Slice step is 0");
    if ((*x)[a] < 0) {
      out[a] = kUnknownDim;
      continue;
    }
    out[a] = slice_count((*x)[a], (*starts)[k], (*ends)[k], (*steps)[k]);
    first[a] = slice_start((*x)[a], (*starts)[k], (*steps)[k]);
    step[a] = (*steps)[k];
  }
  ctx.set(0, ctx.dtype(0), out);
  if (const TensorValues* v = ctx.values(0); v && all_known(*x)) {
    const Dims in_strides = strides_of(*x);
    ctx.set_values(0, values_by_index(out, *v, [&](const Dims& idx) {
                     std::int64_t from = 0;
                     for (std::size_t k = 0; k < idx.size(); ++k)
                       from += (first[k] + idx[k] * step[k]) * in_strides[k];
                     return static_cast<std::size_t>(from);
                   }));
  }
}

void gather(ShapeContext& ctx) {
  const MaybeDims data = ctx.dims(0), idx = ctx.dims(1);
  if (!data || !idx) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  const auto rank = static_cast<std::int64_t>(data->size());
  if (rank == 0) ctx.fail("Gather data must have rank >= 1");
  const auto axis = static_cast<std::size_t>(ctx.axis(ctx.node().attr_int("axis", 0), rank));
  Dims out(data->begin(), data->begin() + static_cast<std::ptrdiff_t>(axis));
  out.insert(out.end(), idx->begin(), idx->end());
  out.insert(out.end(), data->begin() + static_cast<std::ptrdiff_t>(axis) + 1, data->end());
  ctx.set(0, ctx.dtype(0), out);
  const TensorValues* v = ctx.values(0);
  const auto indices = ctx.int_values(1);
  if (v && indices && all_known(*data) && all_known(*idx)) {
    const std::int64_t size = (*data)[axis];
    for (auto i : *indices) {
      if (i < -size || i >= size) ctx.fail(fmt::format("Gather index {} out of range {}", i, size));
    }
    const Dims data_strides = strides_of(*data);
    const std::size_t idx_rank = idx->size();
    const Dims idx_strides = strides_of(*idx);
    ctx.set_values(0, values_by_index(out, *v, [&](const Dims& o) {
                     // o = data[:axis] ++ indices dims ++ data[axis+1:]
                     std::int64_t from = 0;
                     for (std::size_t k = 0; k < axis; ++k) from += o[k] * data_strides[k];
                     std::int64_t at = 0;
                     for (std::size_t k = 0; k < idx_rank; ++k) at += o[axis + k] * idx_strides[k];
                     std::int64_t i = (*indices)[static_cast<std::size_t>(at)];
                     if (i < 0) i += size;
                     from += i * data_strides[axis];
                     for (std::size_t k = axis + 1; k < data->size(); ++k)
                       from += o[k - 1 + idx_rank] * data_strides[k];
                     return static_cast<std::size_t>(from);
                   }));
  }
}

void gather_elements(ShapeContext& ctx) {
  ctx.set(0, ctx.dtype(0), ctx.dims(1));
}

void gather_nd(ShapeContext& ctx) {
  const MaybeDims data = ctx.dims(0), idx = ctx.dims(1);
  if (!data || !idx || idx->empty() || idx->back() < 0) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  const auto batch = static_cast<std::size_t>(ctx.node().attr_int("batch_dims", 0));
  const auto last = static_cast<std::size_t>(idx->back());
  if (batch + last > data->size()) ctx.fail("GatherND index depth exceeds the data rank");
  Dims out(idx->begin(), idx->end() - 1);
  out.insert(out.end(), data->begin() + static_cast<std::ptrdiff_t>(batch + last), data->end());
  ctx.set(0, ctx.dtype(0), out);
}

void shape_op(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0);
  if (!x) {
    ctx.set(0, DataType::int64, std::nullopt);
    return;
  }
  const auto rank = static_cast<std::int64_t>(x->size());
  std::int64_t start = ctx.node().attr_int("start", 0);
  std::int64_t end = ctx.node().attr_int("end", rank);
  if (start < 0) start += rank;
  if (end < 0) end += rank;
  start = std::clamp<std::int64_t>(start, 0, rank);
  end = std::clamp<std::int64_t>(end, 0, rank);
  const Dims part = end > start ? Dims(x->begin() + start, x->begin() + end) : Dims{};
  ctx.set(0, DataType::int64, Dims{static_cast<std::int64_t>(part.size())});
  if (all_known(part)) ctx.set_int_values(0, part);
}

void size_op(ShapeContext& ctx) {
  ctx.set(0, DataType::int64, Dims{});
  const MaybeDims x = ctx.dims(0);
  if (x) {
    if (const auto n = known_product(*x)) ctx.set_int_values(0, {*n});
  }
}

void constant(ShapeContext& ctx) {
  const Node& n = ctx.node();
  for (const auto& a : n.attributes) {
    if (a.name == "value" && !a.tensors.empty()) {
      const AttributeTensor& t = a.tensors.front();
      ctx.set(0, t.dtype, t.dims);
      if (t.values) {
        if (t.values->is_float) {
          ctx.set_float_values(0, t.values->floats);
        } else {
          ctx.set_int_values(0, t.values->ints);
        }
      }
      return;
    }
    if (a.name == "value_float") {
      ctx.set(0, DataType::float32, Dims{});
      ctx.set_float_values(0, {a.f});
      return;
    }
    if (a.name == "value_floats") {
      ctx.set(0, DataType::float32, Dims{static_cast<std::int64_t>(a.floats.size())});
      ctx.set_float_values(0, a.floats);
      return;
    }
    if (a.name == "value_int") {
      ctx.set(0, DataType::int64, Dims{});
      ctx.set_int_values(0, {a.i});
      return;
    }
    if (a.name == "value_ints") {
      ctx.set(0, DataType::int64, Dims{static_cast<std::int64_t>(a.ints.size())});
      ctx.set_int_values(0, a.ints);
      return;
    }
    if (a.name == "value_string") {
      ctx.set(0, DataType::string, Dims{});
      return;
    }
    if (a.name == "value_strings") {
      ctx.set(0, DataType::string, Dims{static_cast<std::int64_t>(a.strings.size())});
      return;
    }
  }
  // sparse_value: its dense shape is not carried in the attribute we parse.
  ctx.set(0, DataType::undefined, std::nullopt);
}

void constant_of_shape(ShapeContext& ctx) {
  DataType type = DataType::float32;
  std::shared_ptr<const TensorValues> fill;
  if (const Attribute* a = ctx.node().attr("value"); a && !a->tensors.empty()) {
    type = a->tensors.front().dtype;
    fill = a->tensors.front().values;
  }
  const auto shape = ctx.int_values(0);
  if (!shape) {
    const MaybeDims sd = ctx.dims(0);
    ctx.set(0, type,
            sd && sd->size() == 1 && (*sd)[0] >= 0
                ? MaybeDims(
                      Dims(static_cast<std::size_t>(rank_from_length(ctx, (*sd)[0])), kUnknownDim))
                : std::nullopt);
    return;
  }
  for (auto d : *shape) {
    if (d < 0) ctx.fail(fmt::format("ConstantOfShape with a negative dim {}", d));
  }
  ctx.set(0, type, *shape);
  if (const auto n = known_product(*shape)) ctx.set_values(0, filled_values(*n, fill.get()));
}

void range(ShapeContext& ctx) {
  const auto start = ctx.float_values(0), limit = ctx.float_values(1), delta = ctx.float_values(2);
  if (!start || !limit || !delta || start->size() != 1 || limit->size() != 1 ||
      delta->size() != 1) {
    ctx.set(0, ctx.dtype(0), Dims{kUnknownDim});
    return;
  }
  if ((*delta)[0] == 0) ctx.fail("Range delta is 0");
  const double steps = std::ceil(((*limit)[0] - (*start)[0]) / (*delta)[0]);
  if (!(steps < 9.2e18)) ctx.fail("Range length overflows");
  const auto n = static_cast<std::int64_t>(std::max(0.0, steps));
  ctx.set(0, ctx.dtype(0), Dims{n});
  const bool floating = is_floating(ctx.dtype(0));
  const std::int64_t start_int = floating ? 0 : (*ctx.int_values(0))[0];
  const std::int64_t delta_int = floating ? 0 : (*ctx.int_values(2))[0];
  ctx.set_values(0, range_values((*start)[0], (*delta)[0], start_int, delta_int, n, floating));
}

void expand(ShapeContext& ctx) {
  const auto shape = ctx.int_values(1);
  if (!shape) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  const MaybeDims out = broadcast(ctx, ctx.dims(0), *shape);
  ctx.set(0, ctx.dtype(0), out);
  if (const TensorValues* v = ctx.values(0); v && out) {
    ctx.set_values(0, broadcast_values(*v, *ctx.dims(0), *out));
  }
}

void tile(ShapeContext& ctx) {
  MaybeDims x = ctx.dims(0);
  const auto repeats = ctx.int_values(1);
  if (!x || !repeats) {
    ctx.set(0, ctx.dtype(0), x ? MaybeDims(Dims(x->size(), kUnknownDim)) : std::nullopt);
    return;
  }
  if (repeats->size() != x->size()) ctx.fail("Tile repeats do not match the input rank");
  for (std::size_t i = 0; i < x->size(); ++i) {
    if ((*repeats)[i] < 0) ctx.fail("Tile repeats must not be negative");
    if ((*x)[i] >= 0) {
      const auto p = checked_mul((*x)[i], (*repeats)[i]);
      if (!p) ctx.fail("Tile size overflows");
      (*x)[i] = *p;
    }
  }
  ctx.set(0, ctx.dtype(0), x);
}

void pad(ShapeContext& ctx) {
  MaybeDims x = ctx.dims(0);
  std::optional<Dims> pads;
  if (const Attribute* a = ctx.node().attr("pads")) {
    pads = a->ints;
  } else if (const Attribute* p = ctx.node().attr("paddings")) {
    pads = p->ints;
  } else if (ctx.has_input(1)) {
    pads = ctx.int_values(1);
  }
  if (!x) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  const auto rank = static_cast<std::int64_t>(x->size());
  if (!pads) {
    ctx.set(0, ctx.dtype(0), Dims(x->size(), kUnknownDim));
    return;
  }
  Dims axes;
  if (ctx.has_input(3)) {
    const auto given = ctx.int_values(3);
    if (!given) {
      ctx.set(0, ctx.dtype(0), Dims(x->size(), kUnknownDim));
      return;
    }
    for (auto a : *given) axes.push_back(ctx.axis(a, rank));
  } else {
    axes.resize(x->size());
    std::iota(axes.begin(), axes.end(), 0);
  }
  if (pads->size() != 2 * axes.size()) ctx.fail("Pad pads do not match the padded axes");
  for (std::size_t k = 0; k < axes.size(); ++k) {
    auto& d = (*x)[static_cast<std::size_t>(axes[k])];
    if (d < 0) continue;
    d = ctx.add(d, ctx.add((*pads)[k], (*pads)[k + axes.size()]));
    if (d < 0) ctx.fail("Pad removes more than the axis holds");
  }
  ctx.set(0, ctx.dtype(0), x);
}

// Resize (opset 10: X, scales; 11+: X, roi, scales, sizes) and Upsample (7: scales attribute;
// 9: scales input).
void resize(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0);
  if (!x) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  const bool upsample = ctx.node().op_type == "Upsample";
  std::optional<std::vector<double>> scales;
  std::optional<Dims> sizes;
  if (upsample) {
    if (const Attribute* a = ctx.node().attr("scales")) {
      scales = a->floats;
    } else {
      scales = ctx.float_values(1);
    }
  } else if (ctx.opset() < 11) {
    scales = ctx.float_values(1);
  } else {
    if (ctx.has_input(3)) sizes = ctx.int_values(3);
    if (!sizes && ctx.has_input(2)) {
      const MaybeDims sd = ctx.dims(2);
      if (!(sd && sd->size() == 1 && (*sd)[0] == 0)) scales = ctx.float_values(2);
    }
  }
  Dims out(x->size(), kUnknownDim);
  const Dims axes_attr = ctx.node().attr_ints("axes");
  Dims axes = axes_attr;
  if (axes.empty()) {
    axes.resize(x->size());
    std::iota(axes.begin(), axes.end(), 0);
  }
  if (sizes && sizes->size() == axes.size()) {
    out = *x;
    for (std::size_t k = 0; k < axes.size(); ++k) {
      out[static_cast<std::size_t>(ctx.axis(axes[k], static_cast<std::int64_t>(x->size())))] =
          (*sizes)[k];
    }
  } else if (scales && scales->size() == axes.size()) {
    out = *x;
    for (std::size_t k = 0; k < axes.size(); ++k) {
      auto& d =
          out[static_cast<std::size_t>(ctx.axis(axes[k], static_cast<std::int64_t>(x->size())))];
      if (d >= 0) d = to_int64(std::floor(static_cast<double>(d) * (*scales)[k]));
    }
  }
  ctx.set(0, ctx.dtype(0), out);
}

void reduce(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0);
  const Node& n = ctx.node();
  const bool keep = n.attr_int("keepdims", 1) != 0;
  const bool axes_from_input = ctx.opset() >= 18 || (n.op_type == "ReduceSum" && ctx.opset() >= 13);
  std::optional<Dims> axes;
  if (axes_from_input) {
    axes = ctx.has_input(1) ? ctx.int_values(1) : Dims{};
  } else {
    axes = n.attr_ints("axes");
  }
  const DataType out_type = ctx.dtype(0);
  if (!x) {
    ctx.set(0, out_type, std::nullopt);
    return;
  }
  if (!axes) {
    ctx.set(0, out_type, keep ? MaybeDims(Dims(x->size(), kUnknownDim)) : std::nullopt);
    return;
  }
  const auto rank = static_cast<std::int64_t>(x->size());
  std::vector<bool> reduced(x->size(), false);
  if (axes->empty()) {
    if (n.attr_int("noop_with_empty_axes", 0) != 0) {
      same_as_input(ctx);
      keep_values(ctx);
      return;
    }
    std::fill(reduced.begin(), reduced.end(), true);
  }
  for (auto a : *axes) reduced[static_cast<std::size_t>(ctx.axis(a, rank))] = true;
  Dims out;
  for (std::size_t i = 0; i < x->size(); ++i) {
    if (!reduced[i]) {
      out.push_back((*x)[i]);
    } else if (keep) {
      out.push_back(1);
    }
  }
  ctx.set(0, out_type, out);
  // Fold products and sums of shape vectors (Reshape targets computed as ReduceProd(Shape)).
  if (x->size() == 1 && (n.op_type == "ReduceProd" || n.op_type == "ReduceSum")) {
    if (const TensorValues* v = ctx.values(0); v && !v->is_float) {
      if (const auto r = reduced_int(n.op_type == "ReduceProd", v->ints)) {
        ctx.set_int_values(0, {*r});
      }
    }
  }
}

void arg_reduce(ShapeContext& ctx) {
  MaybeDims x = ctx.dims(0);
  if (x) {
    const auto axis = static_cast<std::size_t>(
        ctx.axis(ctx.node().attr_int("axis", 0), static_cast<std::int64_t>(x->size())));
    if (ctx.node().attr_int("keepdims", 1) != 0) {
      (*x)[axis] = 1;
    } else {
      x->erase(x->begin() + static_cast<std::ptrdiff_t>(axis));
    }
  }
  ctx.set(0, DataType::int64, x);
}

void one_hot(ShapeContext& ctx) {
  MaybeDims idx = ctx.dims(0);
  const auto depth = ctx.int_values(1);
  const DataType type = ctx.dtype(2);
  if (!idx) {
    ctx.set(0, type, std::nullopt);
    return;
  }
  const auto rank = static_cast<std::int64_t>(idx->size()) + 1;
  const auto axis = ctx.axis(ctx.node().attr_int("axis", -1), rank);
  idx->insert(idx->begin() + axis, depth && depth->size() == 1 ? (*depth)[0] : kUnknownDim);
  ctx.set(0, type, idx);
}

// The element count of input i when its shape is known, else kUnknownDim: the cap of what a
// data-dependent op can select from it.
std::int64_t element_cap(const ShapeContext& ctx, std::size_t i) {
  const MaybeDims d = ctx.dims(i);
  const auto n = d ? known_product(*d) : std::nullopt;
  return n.value_or(kUnknownDim);
}

void non_zero(ShapeContext& ctx) {
  if (const TensorValues* v = ctx.values(0); v && ctx.dims(0) && all_known(*ctx.dims(0))) {
    // Known input: the count is known too.
    std::int64_t n = 0;
    for (std::size_t k = 0; k < v->size(); ++k) {
      n += v->is_float ? v->floats[k] != 0 : v->ints[k] != 0;
    }
    ctx.set(0, DataType::int64, Dims{ctx.rank(0), n});
    return;
  }
  ctx.set(0, DataType::int64, Dims{ctx.rank(0), ctx.data_dim("nonzero", 0, element_cap(ctx, 0))});
}

void compress(ShapeContext& ctx) {
  MaybeDims x = ctx.dims(0);
  const Attribute* a = ctx.node().attr("axis");
  const MaybeDims cond = ctx.dims(1);
  std::int64_t cap = cond && cond->size() == 1 ? (*cond)[0] : kUnknownDim;
  if (a == nullptr) {
    const std::int64_t n = element_cap(ctx, 0);
    if (n >= 0 && (cap < 0 || n < cap)) cap = n;
    ctx.set(0, ctx.dtype(0), Dims{ctx.data_dim("compress", 0, cap)});
    return;
  }
  if (x) {
    auto& d = (*x)[static_cast<std::size_t>(ctx.axis(a->i, static_cast<std::int64_t>(x->size())))];
    if (d >= 0 && (cap < 0 || d < cap)) cap = d;
    d = ctx.data_dim("compress", 0, cap);
  }
  ctx.set(0, ctx.dtype(0), x);
}

void eye_like(ShapeContext& ctx) {
  const auto dtype = ctx.node().attr_int("dtype", static_cast<std::int64_t>(ctx.dtype(0)));
  ctx.set(0, static_cast<DataType>(std::clamp<std::int64_t>(dtype, 0, 23)), ctx.dims(0));
}

void scatter_like(ShapeContext& ctx) {
  same_as_input(ctx);
}

// At most max_output_boxes_per_class boxes (input 2; none when absent) per batch and class:
// boxes [B, N, 4], scores [B, C, N].
void non_max_suppression(ShapeContext& ctx) {
  const MaybeDims scores = ctx.dims(1);
  std::optional<std::int64_t> per_class = 0;
  if (ctx.has_input(2)) {
    const auto m = ctx.int_values(2);
    per_class = m && m->size() == 1
                    ? std::optional<std::int64_t>(std::max<std::int64_t>(0, (*m)[0]))
                    : std::nullopt;
  }
  std::int64_t cap = kUnknownDim;
  if (scores && scores->size() == 3 && all_known(*scores) && per_class) {
    const std::int64_t kept = std::min(*per_class, (*scores)[2]);
    if (const auto n = checked_mul(ctx.mul((*scores)[0], (*scores)[1]), kept)) cap = *n;
  }
  const std::int64_t boxes = cap == 0 ? 0 : ctx.data_dim("nms", 0, cap);
  ctx.set(0, DataType::int64, Dims{boxes, 3});
}

// Between one distinct value (none in an empty input) and every element (or slice) distinct.
void unique(ShapeContext& ctx) {
  const Attribute* a = ctx.node().attr("axis");
  MaybeDims x = ctx.dims(0);
  const std::int64_t elements = element_cap(ctx, 0);
  if (a && x) {
    auto& d = (*x)[static_cast<std::size_t>(ctx.axis(a->i, static_cast<std::int64_t>(x->size())))];
    const std::int64_t cap = d;
    d = ctx.data_dim("unique", cap > 0 ? 1 : 0, cap);
    ctx.set(0, ctx.dtype(0), x);
    ctx.set(1, DataType::int64, Dims{d});
    ctx.set(2, DataType::int64, Dims{cap});
    ctx.set(3, DataType::int64, Dims{d});
    return;
  }
  const std::int64_t d = ctx.data_dim("unique", elements > 0 ? 1 : 0, elements);
  ctx.set(0, ctx.dtype(0), Dims{d});
  ctx.set(1, DataType::int64, Dims{d});
  ctx.set(2, DataType::int64, Dims{elements});
  ctx.set(3, DataType::int64, Dims{d});
}

}  // namespace

void add_tensor_shape_rules(std::vector<ShapeRuleEntry>& out) {
  add_shape_rules(out, "ai.onnx",
                  {
                      {"Reshape", reshape, check_reshape},
                      {"Flatten", flatten},
                      {"Squeeze", squeeze, check_axes_input},
                      {"Unsqueeze", unsqueeze, check_axes_input},
                      {"Transpose", transpose},
                      {"Concat", concat},
                      {"Split", split, check_split},
                      {"Slice", slice, check_slice},
                      {"Gather", gather, check_gather},
                      {"GatherElements", gather_elements, check_gather_elements},
                      {"GatherND", gather_nd, check_gather_nd},
                      {"Shape", shape_op},
                      {"Size", size_op},
                      {"Constant", constant, check_constant},
                      {"ConstantOfShape", constant_of_shape, check_constant_of_shape},
                      {"Range", range},
                      {"Expand", expand, check_expand},
                      {"Tile", tile, check_tile},
                      {"Pad", pad, check_pad},
                      {"Resize", resize, check_resize},
                      {"Upsample", resize, check_resize},
                      {"ReduceSum", reduce, check_axes_input},
                      {"ReduceMean", reduce, check_axes_input},
                      {"ReduceMax", reduce, check_axes_input},
                      {"ReduceMin", reduce, check_axes_input},
                      {"ReduceProd", reduce, check_axes_input},
                      {"ReduceL1", reduce, check_axes_input},
                      {"ReduceL2", reduce, check_axes_input},
                      {"ReduceLogSum", reduce, check_axes_input},
                      {"ReduceLogSumExp", reduce, check_axes_input},
                      {"ReduceSumSquare", reduce, check_axes_input},
                      {"ArgMax", arg_reduce, check_arg_reduce},
                      {"ArgMin", arg_reduce, check_arg_reduce},
                      {"OneHot", one_hot, check_one_hot},
                      {"NonZero", non_zero},
                      {"Compress", compress},
                      {"EyeLike", eye_like, check_eye_like},
                      {"ScatterND", scatter_like, check_scatter},
                      {"ScatterElements", scatter_like, check_scatter},
                      {"Scatter", scatter_like, check_scatter},
                      {"NonMaxSuppression", non_max_suppression, check_non_max_suppression},
                      {"Unique", unique, check_unique},
                  });
}

}  // namespace infergy::shape
