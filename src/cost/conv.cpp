// Convolutions. Every output element of a convolution is a dot product over the input channels
// of its group and the kernel window, so MACs = output elements x (Cin/group x prod(kernel)) =
// output elements x prod(W.dims[1:]), whatever the number of spatial dims, the strides, the
// dilations or the padding (those only decide how many output elements there are, which shape
// inference has already worked out). Bias adds 1 FLOP per output element.
#include "families.hpp"
#include "rule_helpers.hpp"

namespace infergy::cost {

namespace {

// Output elements of a convolution: from the inferred output shape when there is one, else
// from the attributes (com.microsoft convolutions that ONNX's inference does not know).
std::int64_t conv_output_elements(const NodeContext& ctx, std::size_t x_slot, std::size_t w_slot,
                                  bool channels_last) {
  const Tensor* y = ctx.output(0);
  if (y != nullptr && y->shape_known()) return ctx.out_elements(0);
  const auto x = ctx.in_dims(x_slot);
  const auto w = ctx.in_dims(w_slot);
  if (x.size() < 3 || w.size() != x.size()) {
    throw input_error(fmt::format("{}: input rank {} and weight rank {} do not make a convolution",
                                  ctx.node().op_type, x.size(), w.size()));
  }
  const auto kernel = ctx.node().attr_ints("kernel_shape", std::vector(w.begin() + 2, w.end()));
  return windowed_output_elements(ctx.node(), x, w[0], kernel, channels_last);
}

// MACs of one output element: Cin/group x prod(kernel).
std::int64_t macs_per_output(const NodeContext& ctx, std::size_t w_slot) {
  const auto w = ctx.in_dims(w_slot);
  if (w.size() < 2) {
    throw input_error(fmt::format("{}: weight of rank {} is not a convolution kernel",
                                  ctx.node().op_type, w.size()));
  }
  return product(w.subspan(1));
}

OpCost conv(const NodeContext& ctx) {
  const std::int64_t out = conv_output_elements(ctx, 0, 1, false);
  const std::int64_t bias = ctx.has_input(2) ? out : 0;
  return contraction(mul({out, macs_per_output(ctx, 1)}), bias);
}

// com.microsoft FusedConv / NhwcFusedConv: Conv, then "+ Z" (a residual) and an activation.
OpCost fused_conv_impl(const NodeContext& ctx, bool channels_last) {
  const std::int64_t out = conv_output_elements(ctx, 0, 1, channels_last);
  const std::int64_t per_output =
      (ctx.has_input(2) ? 1 : 0) + (ctx.has_input(3) ? 1 : 0) + fused_activation_flops(ctx);
  return contraction(mul({out, macs_per_output(ctx, 1)}), mul({out, per_output}));
}

OpCost fused_conv(const NodeContext& ctx) {
  return fused_conv_impl(ctx, false);
}

OpCost nhwc_fused_conv(const NodeContext& ctx) {
  return fused_conv_impl(ctx, true);
}

OpCost nhwc_conv(const NodeContext& ctx) {
  const std::int64_t out = conv_output_elements(ctx, 0, 1, true);
  const std::int64_t bias = ctx.has_input(2) ? out : 0;
  return contraction(mul({out, macs_per_output(ctx, 1)}), bias);
}

// Each input element is multiplied by the kernel of every output channel of its group and
// scattered: MACs = elements(X) x (Cout/group x prod(kernel)) = elements(X) x prod(W.dims[1:]).
OpCost conv_transpose(const NodeContext& ctx) {
  const std::int64_t macs = mul({ctx.in_elements(0), macs_per_output(ctx, 1)});
  const std::int64_t bias = ctx.has_input(2) ? ctx.out_elements(0) : 0;
  return contraction(macs, bias);
}

// Integer convolution: x, w, x_zero_point, w_zero_point. Subtracting a zero point costs 1 per
// element of an operand computed at run time; a constant weight's is folded at load time.
OpCost conv_integer(const NodeContext& ctx) {
  const std::int64_t out = conv_output_elements(ctx, 0, 1, false);
  const std::int64_t zero_points = add({zero_point_used(ctx, 2) ? runtime_elements(ctx, 0) : 0,
                                        zero_point_used(ctx, 3) ? runtime_elements(ctx, 1) : 0});
  return contraction(mul({out, macs_per_output(ctx, 1)}), zero_points);
}

// x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, B.
OpCost qlinear_conv_impl(const NodeContext& ctx, bool channels_last) {
  const std::int64_t out = conv_output_elements(ctx, 0, 3, channels_last);
  const std::int64_t zero_points = add({zero_point_used(ctx, 2) ? runtime_elements(ctx, 0) : 0,
                                        zero_point_used(ctx, 5) ? runtime_elements(ctx, 3) : 0});
  const std::int64_t per_output = kRequantizeFlops + (ctx.has_input(8) ? 1 : 0);
  return contraction(mul({out, macs_per_output(ctx, 3)}),
                     add({zero_points, mul({out, per_output})}));
}

OpCost qlinear_conv(const NodeContext& ctx) {
  return qlinear_conv_impl(ctx, false);
}

OpCost ms_qlinear_conv(const NodeContext& ctx) {
  return qlinear_conv_impl(ctx, ctx.node().attr_int("channels_last", 0) != 0);
}

// DeformConv: X, W, offset, B, mask. Besides the convolution's MACs, every input value a kernel
// tap uses is sampled by n-linear interpolation at an offset position (3 x (2^d - 1) FLOPs, see
// Resize), optionally scaled by the mask (1), and each offset is added to its tap's coordinate (1).
OpCost deform_conv(const NodeContext& ctx) {
  const std::int64_t out = conv_output_elements(ctx, 0, 1, false);
  const auto x = ctx.in_dims(0);
  const auto w = ctx.in_dims(1);
  if (x.size() < 3 || w.size() != x.size() || w[0] == 0) {
    throw input_error("DeformConv: input and weight ranks do not make a convolution");
  }
  const std::size_t spatial = x.size() - 2;
  // Samples = N x prod(out spatial) x Cin x prod(kernel) = out / Cout x Cin x prod(kernel).
  const std::int64_t samples = mul({out / w[0], x[1], product(w.subspan(2))});
  const std::int64_t lerps = (std::int64_t{1} << spatial) - 1;
  const std::int64_t per_sample = add({mul({3, lerps}), ctx.has_input(4) ? 1 : 0});
  const std::int64_t bias = ctx.has_input(3) ? out : 0;
  return contraction(mul({out, macs_per_output(ctx, 1)}),
                     add({mul({samples, per_sample}), ctx.in_elements(2), bias}));
}

// Col2Im sums overlapping blocks back into an image: 1 add per input element.
OpCost col2im(const NodeContext& ctx) {
  return flops_only(ctx.in_elements(0));
}

}  // namespace

void register_conv_rules(CostRegistry& r) {
  add_rules(
      r, "ai.onnx", "conv",
      {
          {"Conv",
           "MACs = elements(Y) * Cin/group * prod(kernel) [= elements(Y) * prod(W.dims[1:])]; "
           "FLOPs = 2*MACs + elements(Y) if bias B",
           conv},
          {"ConvTranspose",
           "MACs = elements(X) * Cout/group * prod(kernel) [= elements(X) * prod(W.dims[1:])]; "
           "FLOPs = 2*MACs + elements(Y) if bias B",
           conv_transpose},
          {"ConvInteger",
           "MACs = elements(Y) * prod(W.dims[1:]); FLOPs = 2*MACs + 1 per run-time element of x "
           "(and of w if not constant) whose zero point is given",
           conv_integer, slots({2, 3})},
          {"QLinearConv",
           "MACs = elements(Y) * prod(W.dims[1:]); FLOPs = 2*MACs + zero-point subtraction (1 per "
           "run-time operand element) + 5 per output to requantize (scale, round, add zero "
           "point, clamp x2) + 1 per output if bias B",
           qlinear_conv, slots({1, 2, 4, 5, 6, 7})},
          {"DeformConv",
           "MACs = elements(Y) * prod(W.dims[1:]); FLOPs = 2*MACs + per sampled input value "
           "(N*Cin*prod(out)*prod(kernel)) 3*(2^d-1) interpolation (+1 with mask) + "
           "elements(offset)"
           " + elements(Y) if bias",
           deform_conv},
          {"Col2Im", "FLOPs = elements(input) (each block element added into the image)", col2im,
           slots({1, 2})},
      });
  add_rules(r, "com.microsoft", "conv",
            {
                {"FusedConv",
                 "Conv, then per output: +1 if bias B, +1 if sum Z, + the activation's FLOPs per "
                 "element (what its own node costs; Clip 2)",
                 fused_conv},
                {"NhwcFusedConv", "as FusedConv, channels-last layout", nhwc_fused_conv},
                {"NhwcConv", "as Conv, channels-last layout", nhwc_conv},
                {"QLinearConv", "as ai.onnx QLinearConv (channels_last honoured)", ms_qlinear_conv,
                 slots({1, 2, 4, 5, 6, 7})},
            });
}

}  // namespace infergy::cost
