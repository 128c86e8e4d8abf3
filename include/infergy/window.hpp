// The sliding window of convolutions and pooling: Conv, ConvTranspose, MaxPool, AveragePool,
// LpPool, MaxUnpool and their integer, quantized and com.microsoft forms. The output size of a
// spatial axis is defined here once, for shape inference (shapes.hpp) and for the cost rules
// that must work it out when inference could not (cost.hpp).
//
//   auto w = infergy::read_window(node, kernel);        // strides, dilations, pads, auto_pad, ...
//   if (!w.error.empty()) ...;                           // attributes that do not match the kernel
//   auto y = infergy::window_output_size(w.window, 0, 224);   // y.size, or y.error
//
// Errors are values (a message naming what is wrong) so that each caller reports them its own
// way: shape inference as an error of the node, a cost rule as an input error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "infergy/graph.hpp"

namespace infergy {

struct Window {
  std::vector<std::int64_t> kernel;
  std::vector<std::int64_t> strides;    // default 1 per axis
  std::vector<std::int64_t> dilations;  // default 1 per axis
  std::vector<std::int64_t> pads;       // the begin of every axis, then the end of every axis
  std::string auto_pad = "NOTSET";      // NOTSET, SAME_UPPER, SAME_LOWER or VALID
  bool ceil_mode = false;               // pooling: round the number of steps up
  std::size_t spatial() const { return kernel.size(); }
};

struct WindowOrError {
  Window window;
  std::string error;  // empty when the window is usable
};

/// The window of `node` around `kernel` (one entry per spatial axis): its strides, dilations,
/// pads, auto_pad and ceil_mode attributes, ONNX's defaults where absent. `error` says when an
/// attribute has a different number of axes than the kernel.
WindowOrError read_window(const Node& node, std::vector<std::int64_t> kernel);

/// What ONNX forbids in a window's values (a kernel, stride or dilation below 1, a negative
/// pad), or "" when they are valid.
std::string window_value_error(const Window& w);

struct SizeOrError {
  std::int64_t size = kUnknownDim;
  std::string error;  // empty when `size` is the answer
};

/// Output size along spatial axis `axis` for an input of size `in` (kUnknownDim stays unknown),
/// as ONNX's Conv and pooling define it: with auto_pad SAME_UPPER or SAME_LOWER ceil(in /
/// stride); otherwise, with span = dilation * (kernel - 1) + 1 and pads counted unless VALID,
/// (in + pads - span) / stride + 1, the division rounded down (up with ceil_mode). An error when
/// the window does not fit the padded input or a sum passes 64 bits.
SizeOrError window_output_size(const Window& w, std::size_t axis, std::int64_t in);

/// The output size of the transposed window (ConvTranspose, MaxUnpool) along `axis`:
/// stride * (in - 1) + output_padding + span - pads, or in * stride with SAME_UPPER/SAME_LOWER.
/// An error when a product or sum passes 64 bits; the caller decides whether a size below 1
/// is allowed.
SizeOrError transposed_output_size(const Window& w, std::size_t axis, std::int64_t in,
                                   std::int64_t output_padding);

}  // namespace infergy
