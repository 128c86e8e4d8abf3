#include "infergy/window.hpp"

#include <fmt/format.h>

#include <optional>

#include "infergy/checked.hpp"

namespace infergy {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}
std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return -floor_div(-a, b);
}

bool same_padding(const Window& w) {
  return w.auto_pad == "SAME_UPPER" || w.auto_pad == "SAME_LOWER";
}

// dilation * (kernel - 1) + 1: the extent of the input one output element reads.
std::optional<std::int64_t> span(const Window& w, std::size_t axis) {
  std::int64_t taps = 0;
  if (__builtin_sub_overflow(w.kernel[axis], 1, &taps)) return std::nullopt;
  const auto extent = checked_mul(w.dilations[axis], taps);
  return extent ? checked_add(*extent, 1) : std::nullopt;
}

SizeOrError overflow() {
  return {kUnknownDim, "window arithmetic overflows 64 bits"};
}

}  // namespace

WindowOrError read_window(const Node& node, std::vector<std::int64_t> kernel) {
  WindowOrError r;
  Window& w = r.window;
  const std::size_t spatial = kernel.size();
  w.kernel = std::move(kernel);
  w.strides = node.attr_ints("strides", std::vector<std::int64_t>(spatial, 1));
  w.dilations = node.attr_ints("dilations", std::vector<std::int64_t>(spatial, 1));
  w.pads = node.attr_ints("pads", std::vector<std::int64_t>(2 * spatial, 0));
  w.auto_pad = node.attr_string("auto_pad", "NOTSET");
  w.ceil_mode = node.attr_int("ceil_mode", 0) != 0;
  if (w.strides.size() != spatial || w.dilations.size() != spatial ||
      w.pads.size() != 2 * spatial) {
    r.error = fmt::format("window attributes do not match {} spatial dims", spatial);
  }
  return r;
}

std::string window_value_error(const Window& w) {
  for (std::size_t i = 0; i < w.spatial(); ++i) {
    if (w.kernel[i] < 1 || w.strides[i] < 1 || w.dilations[i] < 1) {
      return "kernel, strides and dilations must be positive";
    }
    if (w.pads[i] < 0 || w.pads[i + w.spatial()] < 0) return "pads must not be negative";
  }
  return {};
}

SizeOrError window_output_size(const Window& w, std::size_t axis, std::int64_t in) {
  if (in < 0) return {};
  if (w.strides[axis] < 1) return {kUnknownDim, "strides must be positive"};
  if (same_padding(w)) return {ceil_div(in, w.strides[axis]), {}};
  const auto extent = span(w, axis);
  if (!extent) return overflow();
  std::int64_t padded = in;
  if (w.auto_pad != "VALID") {
    const auto pads = checked_add(w.pads[axis], w.pads[axis + w.spatial()]);
    const auto sum = pads ? checked_add(padded, *pads) : std::nullopt;
    if (!sum) return overflow();
    padded = *sum;
  }
  if (padded < *extent) {
    return {kUnknownDim, fmt::format("window of {} does not fit input size {} (with padding {})",
                                     *extent, in, padded)};
  }
  const std::int64_t steps = padded - *extent;
  const std::int64_t stride = w.strides[axis];
  return {(w.ceil_mode ? ceil_div(steps, stride) : floor_div(steps, stride)) + 1, {}};
}

SizeOrError transposed_output_size(const Window& w, std::size_t axis, std::int64_t in,
                                   std::int64_t output_padding) {
  if (in < 0) return {};
  if (same_padding(w)) {
    const auto size = checked_mul(in, w.strides[axis]);
    return size ? SizeOrError{*size, {}} : overflow();
  }
  const auto extent = span(w, axis);
  const auto stepped = checked_mul(w.strides[axis], in - 1);
  if (!extent || !stepped) return overflow();
  std::int64_t size = 0;
  if (__builtin_add_overflow(*stepped, output_padding, &size) ||
      __builtin_add_overflow(size, *extent, &size) ||
      __builtin_sub_overflow(size, w.pads[axis], &size) ||
      __builtin_sub_overflow(size, w.pads[axis + w.spatial()], &size)) {
    return overflow();
  }
  return {size, {}};
}

}  // namespace infergy
