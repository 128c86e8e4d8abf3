// Shape rules of neural-network ops: convolution and pooling windows, matrix products,
// normalisation with statistics outputs, recurrent layers, quantised variants.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "context.hpp"

namespace infergy::shape {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}
std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return -floor_div(-a, b);
}

struct Window {
  Dims kernel, strides, dilations, pads;  // pads: begin..., end...
  std::string auto_pad;
  bool ceil_mode = false;
};

Window window(const ShapeContext& ctx, std::size_t spatial, const Dims& kernel) {
  const Node& n = ctx.node();
  Window w;
  w.kernel = kernel;
  w.strides = n.attr_ints("strides", Dims(spatial, 1));
  w.dilations = n.attr_ints("dilations", Dims(spatial, 1));
  w.pads = n.attr_ints("pads", Dims(2 * spatial, 0));
  w.auto_pad = n.attr_string("auto_pad", "NOTSET");
  w.ceil_mode = n.attr_int("ceil_mode", 0) != 0;
  if (w.kernel.size() != spatial || w.strides.size() != spatial || w.dilations.size() != spatial ||
      w.pads.size() != 2 * spatial) {
    ctx.fail(fmt::format("window attributes do not match {} spatial dims", spatial));
  }
  for (std::size_t i = 0; i < spatial; ++i) {
    if (w.kernel[i] < 1 || w.strides[i] < 1 || w.dilations[i] < 1) {
      ctx.fail("kernel, strides and dilations must be positive");
    }
    if (w.pads[i] < 0 || w.pads[i + spatial] < 0) ctx.fail("pads must not be negative");
  }
  return w;
}

// Output size of one spatial axis (ONNX Conv/Pool definitions).
std::int64_t window_out(const ShapeContext& ctx, const Window& w, std::size_t i, std::int64_t in) {
  if (in < 0) return kUnknownDim;
  const std::int64_t span = ctx.add(ctx.mul(w.dilations[i], w.kernel[i] - 1), 1);
  if (w.auto_pad == "SAME_UPPER" || w.auto_pad == "SAME_LOWER") return ceil_div(in, w.strides[i]);
  std::int64_t padded = in;
  if (w.auto_pad != "VALID")
    padded = ctx.add(padded, ctx.add(w.pads[i], w.pads[i + w.kernel.size()]));
  if (padded < span) {
    ctx.fail(
        fmt::format("window of {} does not fit input size {} (with padding {})", span, in, padded));
  }
  const std::int64_t steps = padded - span;
  return (w.ceil_mode ? ceil_div(steps, w.strides[i]) : floor_div(steps, w.strides[i])) + 1;
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
  const Window w = window(ctx, spatial, kernel);
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
  Dims kernel = n.attr_ints("kernel_shape", Dims(wt->begin() + 2, wt->end()));
  const Dims strides = n.attr_ints("strides", Dims(spatial, 1));
  const Dims dilations = n.attr_ints("dilations", Dims(spatial, 1));
  const Dims out_pad = n.attr_ints("output_padding", Dims(spatial, 0));
  Dims pads = n.attr_ints("pads", Dims(2 * spatial, 0));
  const Dims output_shape = n.attr_ints("output_shape");
  const std::string auto_pad = n.attr_string("auto_pad", "NOTSET");
  if (kernel.size() != spatial || strides.size() != spatial || dilations.size() != spatial ||
      out_pad.size() != spatial || pads.size() != 2 * spatial ||
      (!output_shape.empty() && output_shape.size() != spatial)) {
    ctx.fail("ConvTranspose attributes do not match the spatial rank");
  }
  Dims out{(*x)[0], (*wt)[1] >= 0 ? ctx.mul((*wt)[1], group) : kUnknownDim};
  for (std::size_t i = 0; i < spatial; ++i) {
    const std::int64_t in = (*x)[i + 2];
    if (!output_shape.empty()) {
      out.push_back(output_shape[i]);
    } else if (in < 0) {
      out.push_back(kUnknownDim);
    } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      out.push_back(ctx.mul(in, strides[i]));
    } else {
      const std::int64_t span = ctx.add(ctx.mul(kernel[i] - 1, dilations[i]), 1);
      const std::int64_t size =
          ctx.sub(ctx.sub(ctx.add(ctx.add(ctx.mul(strides[i], in - 1), out_pad[i]), span), pads[i]),
                  pads[i + spatial]);
      if (size < 1) ctx.fail("ConvTranspose output size is not positive");
      out.push_back(size);
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
  const Window w = window(ctx, spatial, ctx.node().attr_ints("kernel_shape"));
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
  const Node& n = ctx.node();
  const Dims k = n.attr_ints("kernel_shape");
  const Dims s = n.attr_ints("strides", Dims(spatial, 1));
  const Dims p = n.attr_ints("pads", Dims(2 * spatial, 0));
  if (k.size() != spatial || s.size() != spatial || p.size() != 2 * spatial) {
    ctx.fail("MaxUnpool attributes do not match the spatial rank");
  }
  Dims out{(*x)[0], (*x)[1]};
  for (std::size_t i = 0; i < spatial; ++i) {
    const std::int64_t in = (*x)[i + 2];
    out.push_back(
        in < 0 ? kUnknownDim
               : ctx.sub(ctx.sub(ctx.add(ctx.mul(in - 1, s[i]), k[i]), p[i]), p[i + spatial]));
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
  if (pooled.size() != 2) ctx.fail("MaxRoiPool needs a 2-value pooled_shape");
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
  if (b < 1) ctx.fail("blocksize must be positive");
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
  if (b < 1) ctx.fail("blocksize must be positive");
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
    (*x)[static_cast<std::size_t>(axis)] = k;
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
  out.push_back({"ai.onnx", "Conv", conv});
  out.push_back({"ai.onnx", "ConvInteger", conv_integer});
  out.push_back({"ai.onnx", "QLinearConv", qlinear_conv});
  out.push_back({"ai.onnx", "ConvTranspose", conv_transpose});
  for (const char* op : {"MaxPool", "AveragePool", "LpPool"}) out.push_back({"ai.onnx", op, pool});
  for (const char* op : {"GlobalMaxPool", "GlobalAveragePool", "GlobalLpPool"}) {
    out.push_back({"ai.onnx", op, global_pool});
  }
  out.push_back({"ai.onnx", "MaxUnpool", max_unpool});
  out.push_back({"ai.onnx", "Gemm", gemm});
  out.push_back({"ai.onnx", "MatMul", matmul});
  out.push_back({"ai.onnx", "MatMulInteger", matmul_integer});
  out.push_back({"ai.onnx", "QLinearMatMul", qlinear_matmul});
  out.push_back({"ai.onnx", "LayerNormalization", layer_norm});
  for (const char* op : {"LSTM", "GRU", "RNN"}) out.push_back({"ai.onnx", op, recurrent});
  out.push_back({"ai.onnx", "RoiAlign", roi_align});
  out.push_back({"ai.onnx", "MaxRoiPool", max_roi_pool});
  out.push_back({"ai.onnx", "GridSample", grid_sample});
  out.push_back({"ai.onnx", "DepthToSpace", depth_to_space});
  out.push_back({"ai.onnx", "SpaceToDepth", space_to_depth});
  out.push_back({"ai.onnx", "Einsum", einsum});
  out.push_back({"ai.onnx", "TopK", top_k});
  out.push_back({"ai.onnx", "QuantizeLinear", quantize});
  out.push_back({"ai.onnx", "DequantizeLinear", dequantize});
  out.push_back({"ai.onnx", "DynamicQuantizeLinear", dynamic_quantize});
}

}  // namespace infergy::shape
