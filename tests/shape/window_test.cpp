// The sliding-window formula of infergy/window.hpp, which shape inference and the cost rules
// share. Expected sizes are worked out by hand from ONNX's Conv and MaxPool definitions:
//   out = floor((in + pad_begin + pad_end - (dilation * (kernel - 1) + 1)) / stride) + 1
// (ceil instead of floor with ceil_mode), and ceil(in / stride) with SAME_UPPER/SAME_LOWER.
#include <gtest/gtest.h>

#include "infergy/window.hpp"

namespace infergy {
namespace {

Node node_with(std::vector<Attribute> attributes) {
  Node n;
  n.op_type = "Conv";
  n.attributes = std::move(attributes);
  return n;
}

Attribute ints(std::string name, std::vector<std::int64_t> v) {
  Attribute a;
  a.name = std::move(name);
  a.type = Attribute::Type::ints;
  a.ints = std::move(v);
  return a;
}

Attribute text(std::string name, std::string v) {
  Attribute a;
  a.name = std::move(name);
  a.type = Attribute::Type::s;
  a.s = std::move(v);
  return a;
}

Attribute integer(std::string name, std::int64_t v) {
  Attribute a;
  a.name = std::move(name);
  a.type = Attribute::Type::i;
  a.i = v;
  return a;
}

std::int64_t size_of(const Window& w, std::size_t axis, std::int64_t in) {
  const SizeOrError s = window_output_size(w, axis, in);
  EXPECT_EQ(s.error, "");
  return s.size;
}

TEST(Window, DefaultsAreUnitStridesAndDilationsAndNoPadding) {
  const WindowOrError w = read_window(node_with({}), {3, 3});
  EXPECT_EQ(w.error, "");
  EXPECT_EQ(w.window.strides, (std::vector<std::int64_t>{1, 1}));
  EXPECT_EQ(w.window.dilations, (std::vector<std::int64_t>{1, 1}));
  EXPECT_EQ(w.window.pads, (std::vector<std::int64_t>{0, 0, 0, 0}));
  EXPECT_EQ(w.window.auto_pad, "NOTSET");
  EXPECT_FALSE(w.window.ceil_mode);
  // 3x3 over 5: (5 - 3) / 1 + 1 = 3.
  EXPECT_EQ(size_of(w.window, 0, 5), 3);
}

TEST(Window, ResNetStemAndItsMaxPool) {
  // Conv 7x7 / 2, pads 3 on 224: floor((224 + 6 - 7) / 2) + 1 = floor(223 / 2) + 1 = 112.
  const auto conv =
      read_window(node_with({ints("strides", {2, 2}), ints("pads", {3, 3, 3, 3})}), {7, 7});
  EXPECT_EQ(size_of(conv.window, 0, 224), 112);
  EXPECT_EQ(size_of(conv.window, 1, 224), 112);
  // MaxPool 3x3 / 2, pads 1 on 112: floor((112 + 2 - 3) / 2) + 1 = 55 + 1 = 56.
  const auto pool =
      read_window(node_with({ints("strides", {2, 2}), ints("pads", {1, 1, 1, 1})}), {3, 3});
  EXPECT_EQ(size_of(pool.window, 0, 112), 56);
}

TEST(Window, CeilModeRoundsTheStepsUp) {
  // 2x2 / 2 over 5: (5 - 2) / 2 = 1.5 -> floor 1 + 1 = 2, ceil 2 + 1 = 3.
  Window w = read_window(node_with({ints("strides", {2})}), {2}).window;
  EXPECT_EQ(size_of(w, 0, 5), 2);
  w = read_window(node_with({ints("strides", {2}), integer("ceil_mode", 1)}), {2}).window;
  EXPECT_EQ(size_of(w, 0, 5), 3);
}

TEST(Window, DilationWidensTheSpan) {
  // kernel 3, dilation 2: span 2 * 2 + 1 = 5; over 10: (10 - 5) / 1 + 1 = 6.
  const Window w = read_window(node_with({ints("dilations", {2})}), {3}).window;
  EXPECT_EQ(size_of(w, 0, 10), 6);
}

TEST(Window, AutoPadSameAndValid) {
  // SAME: ceil(in / stride) whatever the kernel: ceil(7 / 2) = 4, ceil(8 / 2) = 4.
  Window w =
      read_window(node_with({ints("strides", {2}), text("auto_pad", "SAME_UPPER")}), {3}).window;
  EXPECT_EQ(size_of(w, 0, 7), 4);
  EXPECT_EQ(size_of(w, 0, 8), 4);
  // VALID ignores the pads attribute: (7 - 3) / 2 + 1 = 3 (with pads 1+1 it would be 4).
  w = read_window(
          node_with({ints("strides", {2}), ints("pads", {1, 1}), text("auto_pad", "VALID")}), {3})
          .window;
  EXPECT_EQ(size_of(w, 0, 7), 3);
}

TEST(Window, UnknownInputStaysUnknown) {
  const Window w = read_window(node_with({}), {3}).window;
  EXPECT_EQ(size_of(w, 0, kUnknownDim), kUnknownDim);
}

TEST(Window, ErrorsAreValues) {
  // Two strides for one spatial axis.
  EXPECT_EQ(read_window(node_with({ints("strides", {1, 1})}), {3}).error,
            "window attributes do not match 1 spatial dims");
  Window w = read_window(node_with({ints("strides", {0})}), {3}).window;
  EXPECT_EQ(window_value_error(w), "kernel, strides and dilations must be positive");
  w = read_window(node_with({ints("pads", {-1, 0})}), {3}).window;
  EXPECT_EQ(window_value_error(w), "pads must not be negative");
  // A 5-wide window does not fit 3 (+ no padding).
  w = read_window(node_with({}), {5}).window;
  EXPECT_EQ(window_output_size(w, 0, 3).error,
            "window of 5 does not fit input size 3 (with padding 3)");
  // dilation * (kernel - 1) past 2^63.
  w = read_window(node_with({ints("dilations", {std::int64_t{1} << 62})}), {5}).window;
  EXPECT_EQ(window_output_size(w, 0, 3).error, "window arithmetic overflows 64 bits");
}

TEST(Window, TransposedSize) {
  // ConvTranspose 3 / 2, pads 1 + 1, output_padding 1 on 7:
  // 2 * (7 - 1) + 1 + 3 - 2 = 14.
  const Window w = read_window(node_with({ints("strides", {2}), ints("pads", {1, 1})}), {3}).window;
  const SizeOrError s = transposed_output_size(w, 0, 7, 1);
  EXPECT_EQ(s.error, "");
  EXPECT_EQ(s.size, 14);
  // SAME: in * stride = 14.
  const Window same =
      read_window(node_with({ints("strides", {2}), text("auto_pad", "SAME_LOWER")}), {3}).window;
  EXPECT_EQ(transposed_output_size(same, 0, 7, 0).size, 14);
  EXPECT_EQ(transposed_output_size(w, 0, kUnknownDim, 0).size, kUnknownDim);
}

}  // namespace
}  // namespace infergy
