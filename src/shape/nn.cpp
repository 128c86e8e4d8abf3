// Shape rules of neural-network ops: convolution and pooling windows, matrix products,
// normalisation with statistics outputs, recurrent layers, quantised variants.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "context.hpp"
#include "infergy/window.hpp"

namespace infergy::shape {

namespace {

// ---- Attribute checks ----

void check_blocksize(const ShapeContext& ctx) {
  if (ctx.node().attr_int("blocksize", 1) < 1) ctx.fail("blocksize must be positive");
}

void check_pooled_shape(const ShapeContext& ctx) {
  if (ctx.node().attr_ints("pooled_shape").size() != 2) {
    ctx.fail("MaxRoiPool needs a 2-value pooled_shape");
  }
}

// Conv, ConvTranspose, the pools and MaxUnpool: a window of kernel >= 1, strides >= 1,
// dilations >= 1, pads >= 0 and auto_pad one of ONNX's four values.
void check_window(const ShapeContext& ctx) {
  require_one_of(ctx, "auto_pad", {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"});
  require_ints_at_least(ctx, "kernel_shape", 1);
  require_ints_at_least(ctx, "strides", 1);
  require_ints_at_least(ctx, "dilations", 1);
  require_ints_at_least(ctx, "pads", 0);
}

// Pools: a pad at least the kernel would make windows that read only padding (ONNX's pooling
// definition, enforced by onnxruntime: "Pad should be smaller than kernel").
void check_pool(const ShapeContext& ctx) {
  check_window(ctx);
  require_flag(ctx, "ceil_mode");
  require_flag(ctx, "storage_order");
  require_int_at_least(ctx, "p", 1);
  const Dims kernel = ctx.node().attr_ints("kernel_shape");
  const Dims pads = ctx.node().attr_ints("pads");
  if (pads.size() != 2 * kernel.size()) return;  // the rule reports the mismatch
  for (std::size_t i = 0; i < pads.size(); ++i) {
    if (pads[i] >= kernel[i % kernel.size()]) {
      ctx.fail(fmt::format("pads [{}] must be smaller than kernel_shape [{}]", fmt::join(pads, ","),
                           fmt::join(kernel, ",")));
    }
  }
}

// The weight W of a convolution (input `w_index`) against X and the attributes: the same rank,
// kernel_shape equal to W's spatial dims, and group dividing both channel counts. For Conv,
// W is [M, C/group, k...]; for ConvTranspose, [C, M/group, k...].
void check_weights(const ShapeContext& ctx, std::size_t w_index, bool transposed) {
  check_window(ctx);
  require_int_at_least(ctx, "group", 1);
  const MaybeDims x = ctx.dims(0), w = ctx.dims(w_index);
  if (x && w && x->size() != w->size()) {
    ctx.fail(fmt::format("weights of rank {} for an input of rank {} (they must match)", w->size(),
                         x->size()));
  }
  if (!w || w->size() < 3) return;
  const Dims kernel = ctx.node().attr_ints("kernel_shape");
  if (!kernel.empty()) {
    const Dims spatial(w->begin() + 2, w->end());
    bool agree = kernel.size() == spatial.size();
    for (std::size_t i = 0; agree && i < kernel.size(); ++i) {
      agree = spatial[i] < 0 || spatial[i] == kernel[i];
    }
    if (!agree) {
      ctx.fail(fmt::format("kernel_shape [{}] differs from the weights' spatial dims [{}]",
                           fmt::join(kernel, ","), fmt::join(spatial, ",")));
    }
  }
  const std::int64_t group = ctx.node().attr_int("group", 1);
  const std::int64_t channels = (*w)[0];  // Conv's output channels, ConvTranspose's input ones
  if (channels >= 0 && channels % group != 0) {
    ctx.fail(fmt::format("group {} does not divide the weights' {} {} channels", group, channels,
                         transposed ? "input" : "output"));
  }
  if (transposed && x && x->size() >= 2 && (*x)[1] >= 0 && (*w)[0] >= 0 && (*x)[1] != (*w)[0]) {
    ctx.fail(fmt::format("input has {} channels but the weights expect {}", (*x)[1], (*w)[0]));
  }
}

void check_conv(const ShapeContext& ctx) {
  check_weights(ctx, 1, false);
}
void check_qlinear_conv(const ShapeContext& ctx) {
  check_weights(ctx, 3, false);
}

// ConvTranspose: besides the window, each output_padding is >= 0 and below its stride or its
// dilation (ONNX: "must be less than the corresponding stride/dilation dimension").
void check_conv_transpose(const ShapeContext& ctx) {
  check_weights(ctx, 1, true);
  require_ints_at_least(ctx, "output_padding", 0);
  require_ints_at_least(ctx, "output_shape", 0);
  const Dims out_pad = ctx.node().attr_ints("output_padding");
  const Dims strides = ctx.node().attr_ints("strides", Dims(out_pad.size(), 1));
  const Dims dilations = ctx.node().attr_ints("dilations", Dims(out_pad.size(), 1));
  if (strides.size() != out_pad.size() || dilations.size() != out_pad.size()) return;
  for (std::size_t i = 0; i < out_pad.size(); ++i) {
    if (out_pad[i] >= strides[i] && out_pad[i] >= dilations[i]) {
      ctx.fail(fmt::format("output_padding [{}] must be less than strides [{}] or dilations [{}]",
                           fmt::join(out_pad, ","), fmt::join(strides, ","),
                           fmt::join(dilations, ",")));
    }
  }
}

// LSTM (4 gates), GRU (3) and RNN (1): an enumerated direction, a positive hidden_size, flags,
// and W [num_directions, gates * hidden_size, input_size] that agrees with them.
template <std::int64_t Gates>
void check_recurrent(const ShapeContext& ctx) {
  require_one_of(ctx, "direction", {"forward", "reverse", "bidirectional"});
  require_int_at_least(ctx, "hidden_size", 1);
  require_flag(ctx, "layout");
  require_flag(ctx, "linear_before_reset");
  require_flag(ctx, "input_forget");
  const Node& n = ctx.node();
  const std::int64_t dirs = n.attr_string("direction", "forward") == "bidirectional" ? 2 : 1;
  const MaybeDims w = ctx.dims(1);
  if (!w) return;
  if (w->size() != 3) ctx.fail(fmt::format("weights W must be 3-D (got rank {})", w->size()));
  if ((*w)[0] >= 0 && (*w)[0] != dirs) {
    ctx.fail(fmt::format("W has {} directions but direction '{}' needs {}", (*w)[0],
                         n.attr_string("direction", "forward"), dirs));
  }
  const std::int64_t hidden = n.attr_int("hidden_size", kUnknownDim);
  if (hidden > 0 && (*w)[1] >= 0 && (*w)[1] != ctx.mul(Gates, hidden)) {
    ctx.fail(fmt::format("W has {} rows but {} gates of hidden_size {} need {}", (*w)[1], Gates,
                         hidden, Gates * hidden));
  }
}

void check_roi_align(const ShapeContext& ctx) {
  require_one_of(ctx, "mode", {"avg", "max"});
  require_one_of(ctx, "coordinate_transformation_mode", {"half_pixel", "output_half_pixel"});
  require_int_at_least(ctx, "output_height", 1);
  require_int_at_least(ctx, "output_width", 1);
  require_int_at_least(ctx, "sampling_ratio", 0);
}

// GridSample: opset 16 names the modes bilinear/bicubic, opset 20 linear/cubic.
void check_grid_sample(const ShapeContext& ctx) {
  require_one_of(ctx, "mode", {"bilinear", "nearest", "bicubic", "linear", "cubic"});
  require_one_of(ctx, "padding_mode", {"zeros", "border", "reflection"});
  require_flag(ctx, "align_corners");
}

void check_depth_to_space(const ShapeContext& ctx) {
  check_blocksize(ctx);
  require_one_of(ctx, "mode", {"DCR", "CRD"});
}

// Einsum's equation: terms of letters (a-z, A-Z) with at most one "...", one "->" at most, and
// an output that names each letter once and only letters of the inputs.
void check_einsum(const ShapeContext& ctx) {
  std::string eq;
  for (char c : ctx.node().attr_string("equation")) {
    if (c != ' ') eq += c;
  }
  const auto bad = [&](std::string_view why) {
    ctx.fail(fmt::format("Einsum equation '{}': {}", eq, why));
  };
  const auto arrow = eq.find("->");
  if (arrow != std::string::npos && eq.find("->", arrow + 2) != std::string::npos) {
    bad("more than one '->'");
  }
  const std::string lhs = eq.substr(0, arrow);
  const std::string rhs = arrow == std::string::npos ? std::string() : eq.substr(arrow + 2);
  // Letters of a term, its "..." removed; fails on any other character.
  const auto letters = [&](std::string term, bool output) {
    const auto dots = term.find("...");
    if (dots != std::string::npos) {
      term.erase(dots, 3);
      if (term.find("...") != std::string::npos) bad("a term holds '...' twice");
    }
    for (char c : term) {
      const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!letter && !(c == ',' && !output)) bad(fmt::format("'{}' is not a letter", c));
    }
    return term;
  };
  std::string used;
  std::size_t start = 0;
  while (true) {
    const auto comma = lhs.find(',', start);
    used += letters(lhs.substr(start, comma == std::string::npos ? comma : comma - start), false);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  const std::string out = letters(rhs, true);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out.find(out[i], i + 1) != std::string::npos) {
      bad(fmt::format("output letter '{}' appears twice", out[i]));
    }
    if (used.find(out[i]) == std::string::npos) {
      bad(fmt::format("output letter '{}' is not in any input", out[i]));
    }
  }
  if (rhs.find("...") != std::string::npos && lhs.find("...") == std::string::npos) {
    bad("output '...' without an input '...'");
  }
}

void check_top_k(const ShapeContext& ctx) {
  require_int_at_least(ctx, "k", 0);
  require_flag(ctx, "largest");
  require_flag(ctx, "sorted");
  require_shape_input(ctx, 1, "K", {DataType::int64});
}

// QuantizeLinear/DequantizeLinear: a per-axis scale's axis lies within X's rank (ONNX ignores
// the axis of a per-tensor scale).
void check_quantize(const ShapeContext& ctx) {
  const MaybeDims scale = ctx.dims(1);
  if (scale && scale->size() == 1 && (*scale)[0] != 1) require_axis(ctx, "axis", 0);
  require_flag(ctx, "saturate");
}

void check_gemm(const ShapeContext& ctx) {
  require_flag(ctx, "transA");
  require_flag(ctx, "transB");
}

// ---- Rules ----

// The window of a convolution or pool around `kernel`, its attributes checked.
Window checked_window(const ShapeContext& ctx, Dims kernel) {
  WindowOrError w = read_window(ctx.node(), std::move(kernel));
  if (w.error.empty()) w.error = window_value_error(w.window);
  if (!w.error.empty()) ctx.fail(w.error);
  return std::move(w.window);
}

// Output size of one spatial axis (ONNX Conv/Pool definitions).
std::int64_t window_out(const ShapeContext& ctx, const Window& w, std::size_t i, std::int64_t in) {
  const SizeOrError size = window_output_size(w, i, in);
  if (!size.error.empty()) ctx.fail(size.error);
  return size.size;
}

void conv_like(ShapeContext& ctx, std::size_t x_index, std::size_t w_index, DataType out_type) {
  const MaybeDims x = ctx.dims(x_index);
  const MaybeDims wt = ctx.dims(w_index);
  if (!x || x->size() < 3) {
    ctx.set(0, out_type, std::nullopt);
    return;
  }
  const std::size_t spatial = x->size() - 2;
  Dims kernel = ctx.node().attr_ints("kernel_shape");
  if (kernel.empty() && wt && wt->size() == x->size()) kernel.assign(wt->begin() + 2, wt->end());
  if (kernel.size() != spatial ||
      std::any_of(kernel.begin(), kernel.end(), [](std::int64_t k) { return k < 0; })) {
    ctx.set(0, out_type, std::nullopt);
    return;
  }
  const Window w = checked_window(ctx, kernel);
  Dims out{(*x)[0], wt && !wt->empty() ? (*wt)[0] : kUnknownDim};
  for (std::size_t i = 0; i < spatial; ++i) out.push_back(window_out(ctx, w, i, (*x)[i + 2]));
  const std::int64_t group = ctx.node().attr_int("group", 1);
  if (group < 1) ctx.fail("group must be positive");
  if (wt && wt->size() >= 2 && (*x)[1] >= 0 && (*wt)[1] >= 0 &&
      (*x)[1] != ctx.mul((*wt)[1], group)) {
    ctx.fail(fmt::format("input has {} channels but weights expect {} x group {}", (*x)[1],
                         (*wt)[1], group));
  }
  ctx.set(0, out_type, out);
}

void conv(ShapeContext& ctx) {
  conv_like(ctx, 0, 1, ctx.dtype(0));
}
void conv_integer(ShapeContext& ctx) {
  conv_like(ctx, 0, 1, DataType::int32);
}
void qlinear_conv(ShapeContext& ctx) {
  conv_like(ctx, 0, 3, ctx.dtype(7));
}

void conv_transpose(ShapeContext& ctx) {
  const Node& n = ctx.node();
  const MaybeDims x = ctx.dims(0);
  const MaybeDims wt = ctx.dims(1);
  if (!x || x->size() < 3 || !wt || wt->size() != x->size()) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  const std::size_t spatial = x->size() - 2;
  const std::int64_t group = n.attr_int("group", 1);
  const WindowOrError w =
      read_window(n, n.attr_ints("kernel_shape", Dims(wt->begin() + 2, wt->end())));
  const Dims out_pad = n.attr_ints("output_padding", Dims(spatial, 0));
  const Dims output_shape = n.attr_ints("output_shape");
  if (w.window.spatial() != spatial || !w.error.empty() || out_pad.size() != spatial ||
      (!output_shape.empty() && output_shape.size() != spatial)) {
    ctx.fail("ConvTranspose attributes do not match the spatial rank");
  }
  Dims out{(*x)[0], (*wt)[1] >= 0 ? ctx.mul((*wt)[1], group) : kUnknownDim};
  // With SAME padding the output is in * stride, which may be 0; explicit pads must leave some.
  const bool same = w.window.auto_pad == "SAME_UPPER" || w.window.auto_pad == "SAME_LOWER";
  for (std::size_t i = 0; i < spatial; ++i) {
    const std::int64_t in = (*x)[i + 2];
    if (!output_shape.empty()) {
      out.push_back(output_shape[i]);
    } else if (in < 0) {
      out.push_back(kUnknownDim);
    } else {
      const SizeOrError size = transposed_output_size(w.window, i, in, out_pad[i]);
      if (!size.error.empty()) ctx.fail(size.error);
      if (!same && size.size < 1) ctx.fail("ConvTranspose output size is not positive");
      out.push_back(size.size);
    }
  }
  ctx.set(0, ctx.dtype(0), out);
}

void pool(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0);
  if (!x || x->size() < 3) {
    same_as_input(ctx);
    return;
  }
  const std::size_t spatial = x->size() - 2;
  Dims kernel = ctx.node().attr_ints("kernel_shape");
  if (kernel.size() != spatial) {
    ctx.fail(fmt::format("window attributes do not match {} spatial dims", spatial));
  }
  const Window w = checked_window(ctx, std::move(kernel));
  Dims out{(*x)[0], (*x)[1]};
  for (std::size_t i = 0; i < spatial; ++i) out.push_back(window_out(ctx, w, i, (*x)[i + 2]));
  ctx.set(0, ctx.dtype(0), out);
  ctx.set(1, DataType::int64, out);  // MaxPool indices
}

void global_pool(ShapeContext& ctx) {
  MaybeDims x = ctx.dims(0);
  if (x && x->size() >= 2) {
    for (std::size_t i = 2; i < x->size(); ++i) (*x)[i] = 1;
  }
  ctx.set(0, ctx.dtype(0), x);
}

void max_unpool(ShapeContext& ctx) {
  if (ctx.has_input(2)) {
    if (const auto shape = ctx.int_values(2)) {
      ctx.set(0, ctx.dtype(0), *shape);
      return;
    }
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  const MaybeDims x = ctx.dims(0);
  if (!x || x->size() < 3) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  const std::size_t spatial = x->size() - 2;
  const WindowOrError w = read_window(ctx.node(), ctx.node().attr_ints("kernel_shape"));
  if (w.window.spatial() != spatial || !w.error.empty()) {
    ctx.fail("MaxUnpool attributes do not match the spatial rank");
  }
  Dims out{(*x)[0], (*x)[1]};
  for (std::size_t i = 0; i < spatial; ++i) {
    const SizeOrError size = transposed_output_size(w.window, i, (*x)[i + 2], 0);
    if (!size.error.empty()) ctx.fail(size.error);
    out.push_back(size.size);
  }
  ctx.set(0, ctx.dtype(0), out);
}

void gemm(ShapeContext& ctx) {
  const MaybeDims a = ctx.dims(0), b = ctx.dims(1);
  if (!a || !b) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  if (a->size() != 2 || b->size() != 2) ctx.fail("Gemm operands must be 2-D");
  const bool ta = ctx.node().attr_int("transA", 0) != 0;
  const bool tb = ctx.node().attr_int("transB", 0) != 0;
  const std::int64_t m = ta ? (*a)[1] : (*a)[0], k1 = ta ? (*a)[0] : (*a)[1];
  const std::int64_t k2 = tb ? (*b)[1] : (*b)[0], n = tb ? (*b)[0] : (*b)[1];
  if (k1 >= 0 && k2 >= 0 && k1 != k2) {
    ctx.fail(fmt::format("Gemm inner dims differ: {} vs {}", k1, k2));
  }
  ctx.set(0, ctx.dtype(0), Dims{m, n});
}

void matmul(ShapeContext& ctx) {
  ctx.set(0, ctx.dtype(0), matmul_dims(ctx, ctx.dims(0), ctx.dims(1)));
}
void matmul_integer(ShapeContext& ctx) {
  ctx.set(0, DataType::int32, matmul_dims(ctx, ctx.dims(0), ctx.dims(1)));
}
void qlinear_matmul(ShapeContext& ctx) {
  ctx.set(0, ctx.dtype(7), matmul_dims(ctx, ctx.dims(0), ctx.dims(3)));
}

// LayerNormalization: Y like X; Mean and InvStdDev keep the leading axes and set the normalised
// ones to 1.
void layer_norm(ShapeContext& ctx) {
  same_as_input(ctx);
  MaybeDims stats = ctx.dims(0);
  if (stats) {
    const auto rank = static_cast<std::int64_t>(stats->size());
    const std::int64_t axis = ctx.axis(ctx.node().attr_int("axis", -1), rank);
    for (auto i = static_cast<std::size_t>(axis); i < stats->size(); ++i) (*stats)[i] = 1;
  }
  const DataType stash = static_cast<DataType>(
      ctx.node().attr_int("stash_type", static_cast<std::int64_t>(DataType::float32)));
  ctx.set(1, stash, stats);
  ctx.set(2, stash, stats);
}

// LSTM/GRU/RNN: X is [seq, batch, input] (layout 0) or [batch, seq, input] (layout 1).
void recurrent(ShapeContext& ctx) {
  const Node& n = ctx.node();
  const MaybeDims x = ctx.dims(0);
  const std::int64_t hidden = n.attr_int("hidden_size", kUnknownDim);
  const std::string direction = n.attr_string("direction", "forward");
  const std::int64_t dirs = direction == "bidirectional" ? 2 : 1;
  const bool batch_first = n.attr_int("layout", 0) == 1;
  std::int64_t seq = kUnknownDim, batch = kUnknownDim;
  if (x && x->size() == 3) {
    seq = batch_first ? (*x)[1] : (*x)[0];
    batch = batch_first ? (*x)[0] : (*x)[1];
  } else if (x) {
    ctx.fail("recurrent input X must be 3-D");
  }
  const DataType t = ctx.dtype(0);
  ctx.set(0, t, batch_first ? Dims{batch, seq, dirs, hidden} : Dims{seq, dirs, batch, hidden});
  const Dims state = batch_first ? Dims{batch, dirs, hidden} : Dims{dirs, batch, hidden};
  ctx.set(1, t, state);
  ctx.set(2, t, state);  // LSTM's Y_c
}

void roi_align(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0), rois = ctx.dims(1);
  const Node& n = ctx.node();
  ctx.set(0, ctx.dtype(0),
          Dims{rois && !rois->empty() ? (*rois)[0] : kUnknownDim,
               x && x->size() > 1 ? (*x)[1] : kUnknownDim, n.attr_int("output_height", 1),
               n.attr_int("output_width", 1)});
}

void max_roi_pool(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0), rois = ctx.dims(1);
  const Dims pooled = ctx.node().attr_ints("pooled_shape");
  ctx.set(0, ctx.dtype(0),
          Dims{rois && !rois->empty() ? (*rois)[0] : kUnknownDim,
               x && x->size() > 1 ? (*x)[1] : kUnknownDim, pooled[0], pooled[1]});
}

void grid_sample(ShapeContext& ctx) {
  const MaybeDims x = ctx.dims(0), grid = ctx.dims(1);
  if (!x || !grid || x->size() < 3 || grid->size() != x->size()) {
    ctx.set(0, ctx.dtype(0), std::nullopt);
    return;
  }
  Dims out{(*x)[0], (*x)[1]};
  out.insert(out.end(), grid->begin() + 1, grid->end() - 1);
  ctx.set(0, ctx.dtype(0), out);
}

void depth_to_space(ShapeContext& ctx) {
  MaybeDims x = ctx.dims(0);
  const std::int64_t b = ctx.node().attr_int("blocksize", 1);
  if (x && x->size() == 4) {
    const std::int64_t b2 = ctx.mul(b, b);
    if ((*x)[1] >= 0 && (*x)[1] % b2 != 0) ctx.fail("channels not divisible by blocksize²");
    (*x)[1] = (*x)[1] >= 0 ? (*x)[1] / b2 : kUnknownDim;
    for (std::size_t i = 2; i < 4; ++i) (*x)[i] = (*x)[i] >= 0 ? ctx.mul((*x)[i], b) : kUnknownDim;
  }
  ctx.set(0, ctx.dtype(0), x);
}

void space_to_depth(ShapeContext& ctx) {
  MaybeDims x = ctx.dims(0);
  const std::int64_t b = ctx.node().attr_int("blocksize", 1);
  if (x && x->size() == 4) {
    (*x)[1] = (*x)[1] >= 0 ? ctx.mul(ctx.mul((*x)[1], b), b) : kUnknownDim;
    for (std::size_t i = 2; i < 4; ++i) {
      if ((*x)[i] >= 0 && (*x)[i] % b != 0) ctx.fail("spatial size not divisible by blocksize");
      (*x)[i] = (*x)[i] >= 0 ? (*x)[i] / b : kUnknownDim;
    }
  }
  ctx.set(0, ctx.dtype(0), x);
}

// Einsum: the output's letters (explicit after "->", else the letters used once, sorted) take
// the sizes the inputs give them; "..." takes the broadcast of the inputs' ellipsis dims.
void einsum(ShapeContext& ctx) {
  std::string eq;
  for (char c : ctx.node().attr_string("equation")) {
    if (c != ' ') eq += c;
  }
  const auto arrow = eq.find("->");
  const std::string lhs = eq.substr(0, arrow);
  std::vector<std::string> terms;
  {
    std::size_t start = 0;
    while (true) {
      const auto comma = lhs.find(',', start);
      terms.push_back(lhs.substr(start, comma == std::string::npos ? comma : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  if (terms.size() != ctx.num_inputs()) {
    ctx.fail(fmt::format("Einsum equation '{}' has {} operands but the node has {} inputs", eq,
                         terms.size(), ctx.num_inputs()));
  }
  std::map<char, std::int64_t> size;
  std::map<char, int> uses;
  MaybeDims ellipsis = Dims{};
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const MaybeDims d = ctx.dims(t);
    if (!d) {
      ctx.set(0, ctx.dtype(0), std::nullopt);
      return;
    }
    const std::string& term = terms[t];
    const auto dots = term.find("...");
    const std::size_t letters = term.size() - (dots == std::string::npos ? 0 : 3);
    if (letters > d->size() || (dots == std::string::npos && letters != d->size())) {
      ctx.fail(fmt::format("Einsum term '{}' does not match input rank {}", term, d->size()));
    }
    const std::size_t ell_rank = d->size() - letters;
    std::size_t axis = 0;
    for (std::size_t c = 0; c < term.size(); ++c) {
      if (term.compare(c, 3, "...") == 0) {
        ellipsis = broadcast(ctx, ellipsis,
                             Dims(d->begin() + static_cast<std::ptrdiff_t>(axis),
                                  d->begin() + static_cast<std::ptrdiff_t>(axis + ell_rank)));
        axis += ell_rank;
        c += 2;
        continue;
      }
      const char letter = term[c];
      const std::int64_t s = (*d)[axis++];
      auto [it, inserted] = size.emplace(letter, s);
      if (!inserted && it->second != s) {
        if (it->second == 1 || it->second < 0) {
          it->second = s;
        } else if (s != 1 && s >= 0) {
          ctx.fail(fmt::format("Einsum letter '{}' has sizes {} and {}", letter, it->second, s));
        }
      }
      ++uses[letter];
    }
  }
  std::string rhs;
  if (arrow != std::string::npos) {
    rhs = eq.substr(arrow + 2);
  } else {
    if (lhs.find("...") != std::string::npos) rhs = "...";
    for (const auto& [letter, count] : uses) {
      if (count == 1) rhs += letter;
    }
  }
  Dims out;
  for (std::size_t c = 0; c < rhs.size(); ++c) {
    if (rhs.compare(c, 3, "...") == 0) {
      if (ellipsis) out.insert(out.end(), ellipsis->begin(), ellipsis->end());
      c += 2;
      continue;
    }
    const auto it = size.find(rhs[c]);
    if (it == size.end())
      ctx.fail(fmt::format("Einsum output letter '{}' is not an input", rhs[c]));
    out.push_back(it->second);
  }
  ctx.set(0, ctx.dtype(0), out);
}

void top_k(ShapeContext& ctx) {
  MaybeDims x = ctx.dims(0);
  std::int64_t k = ctx.node().attr_int("k", kUnknownDim);
  if (ctx.has_input(1)) {
    const auto kv = ctx.int_values(1);
    k = kv && kv->size() == 1 ? (*kv)[0] : kUnknownDim;
  }
  if (x) {
    const std::int64_t axis =
        ctx.axis(ctx.node().attr_int("axis", -1), static_cast<std::int64_t>(x->size()));
    auto& d = (*x)[static_cast<std::size_t>(axis)];
    // A k computed from data takes at most the whole axis.
    d = k >= 0 ? k : ctx.data_dim("topk", 0, d);
  }
  ctx.set(0, ctx.dtype(0), x);
  ctx.set(1, DataType::int64, x);
}

void quantize(ShapeContext& ctx) {
  const DataType zp = ctx.has_input(2) ? ctx.dtype(2) : DataType::uint8;
  const auto attr = ctx.node().attr_int("output_dtype", 0);
  ctx.set(0, attr > 0 && attr <= 23 ? static_cast<DataType>(attr) : zp, ctx.dims(0));
}

void dequantize(ShapeContext& ctx) {
  const DataType scale = ctx.dtype(1);
  ctx.set(0, scale != DataType::undefined ? scale : DataType::float32, ctx.dims(0));
}

void dynamic_quantize(ShapeContext& ctx) {
  ctx.set(0, DataType::uint8, ctx.dims(0));
  ctx.set(1, DataType::float32, Dims{});
  ctx.set(2, DataType::uint8, Dims{});
}

}  // namespace

void add_nn_shape_rules(std::vector<ShapeRuleEntry>& out) {
  add_shape_rules(out, "ai.onnx",
                  {
                      {"Conv", conv, check_conv},
                      {"ConvInteger", conv_integer, check_conv},
                      {"QLinearConv", qlinear_conv, check_qlinear_conv},
                      {"ConvTranspose", conv_transpose, check_conv_transpose},
                      {"MaxPool", pool, check_pool},
                      {"AveragePool", pool, check_pool},
                      {"LpPool", pool, check_pool},
                      {"GlobalMaxPool", global_pool},
                      {"GlobalAveragePool", global_pool},
                      {"GlobalLpPool", global_pool},
                      {"MaxUnpool", max_unpool, check_window},
                      {"Gemm", gemm, check_gemm},
                      {"MatMul", matmul},
                      {"MatMulInteger", matmul_integer},
                      {"QLinearMatMul", qlinear_matmul},
                      {"LayerNormalization", layer_norm},
                      {"LSTM", recurrent, check_recurrent<4>},
                      {"GRU", recurrent, check_recurrent<3>},
                      {"RNN", recurrent, check_recurrent<1>},
                      {"RoiAlign", roi_align, check_roi_align},
                      {"MaxRoiPool", max_roi_pool, check_pooled_shape},
                      {"GridSample", grid_sample, check_grid_sample},
                      {"DepthToSpace", depth_to_space, check_depth_to_space},
                      {"SpaceToDepth", space_to_depth, check_blocksize},
                      {"Einsum", einsum, check_einsum},
                      {"TopK", top_k, check_top_k},
                      {"QuantizeLinear", quantize, check_quantize},
                      {"DequantizeLinear", dequantize, check_quantize},
                      {"DynamicQuantizeLinear", dynamic_quantize},
                  });
}

}  // namespace infergy::shape
