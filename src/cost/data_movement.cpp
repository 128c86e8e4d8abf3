// Data movement: ops that copy, select or rearrange elements and do no arithmetic (0 FLOPs).
// Their cost is bytes, which the analysis derives from the tensors; rules here only say which
// inputs are arguments rather than data (shapes, indices, axes, pads: never parameters) and,
// for ops that read part of an input (Gather reads the selected rows of its table, Slice its
// window, Shape only the metadata), how many elements they read.
// Scatters with a reduction (add, mul, max, min) are the exception: 1 FLOP per update element.
#include "families.hpp"
#include "rule_helpers.hpp"

namespace infergy::cost {

namespace {

OpCost no_arithmetic(const NodeContext&) {
  return {};
}

// Every present input read whole except `slot`, of which `elements` are read.
OpCost partial_read(const NodeContext& ctx, std::size_t slot, std::int64_t elements) {
  OpCost c;
  c.input_elements_read.assign(ctx.num_inputs(), 0);
  for (std::size_t i = 0; i < ctx.num_inputs(); ++i) {
    if (ctx.has_input(i)) c.input_elements_read[i] = i == slot ? elements : ctx.in_elements(i);
  }
  return c;
}

// Ops that look only at their input's shape or presence.
OpCost reads_metadata(const NodeContext& ctx) {
  OpCost c;
  c.input_elements_read.assign(ctx.num_inputs(), 0);
  return c;
}

std::int64_t output_elements_if_known(const NodeContext& ctx, std::int64_t fallback) {
  const Tensor* y = ctx.output(0);
  return y != nullptr && y->shape_known() ? ctx.out_elements(0) : fallback;
}

// Gather reads one data element per output element: elements(indices) slices of
// elements(data) / data.dims[axis].
OpCost gather(const NodeContext& ctx) {
  const Tensor* y = ctx.output(0);
  std::int64_t read = 0;
  if (y != nullptr && y->shape_known()) {
    read = ctx.out_elements(0);
  } else {
    const auto data = ctx.in_dims(0);
    const std::size_t axis = normalize_axis(ctx.node().attr_int("axis", 0), data.size(), "Gather");
    const std::int64_t slice = data[axis] == 0 ? 0 : product(data) / data[axis];
    read = mul({ctx.in_elements(1), slice});
  }
  return partial_read(ctx, 0, read);
}

// GatherElements: one data element per index.
OpCost gather_elements(const NodeContext& ctx) {
  return partial_read(ctx, 0, ctx.in_elements(1));
}

// GatherND: indices (..., q) pick slices of data.dims[batch_dims + q:].
OpCost gather_nd(const NodeContext& ctx) {
  const Tensor* y = ctx.output(0);
  if (y != nullptr && y->shape_known()) return partial_read(ctx, 0, ctx.out_elements(0));
  const auto data = ctx.in_dims(0);
  const auto indices = ctx.in_dims(1);
  const auto batch = static_cast<std::size_t>(ctx.node().attr_int("batch_dims", 0));
  if (indices.empty() || batch + static_cast<std::size_t>(indices.back()) > data.size()) {
    throw input_error("GatherND: indices do not fit the data's rank");
  }
  const std::int64_t slice =
      product(data.subspan(batch + static_cast<std::size_t>(indices.back())));
  return partial_read(ctx, 0, mul({product(indices.first(indices.size() - 1)), slice}));
}

// Slice reads its window: one input element per output element.
OpCost slice(const NodeContext& ctx) {
  return partial_read(ctx, 0, ctx.out_elements(0));
}

// ScatterND/ScatterElements with reduction add/mul/max/min combine each update with the data
// (1 per update element); without one they only copy.
OpCost scatter(const NodeContext& ctx) {
  const std::string reduction = ctx.node().attr_string("reduction", "none");
  if (reduction == "none") return {};
  return flops_only(ctx.in_elements(2));
}

// Dropout is the identity at inference. Only a training_mode input known to be true draws the
// mask and scales: draw, compare, multiply per element.
OpCost dropout(const NodeContext& ctx) {
  const auto training = known_ints(ctx, 2);
  if (!training || training->empty() || training->front() == 0) return {};
  return flops_only(mul({3, output_elements_if_known(ctx, ctx.in_elements(0))}));
}

}  // namespace

void register_data_movement_rules(CostRegistry& r) {
  constexpr std::string_view kZero = "FLOPs = 0 (data movement; bytes counted)";
  constexpr std::string_view kMetadata = "FLOPs = 0; reads only the input's shape, no elements";
  add_rules(
      r, "ai.onnx", "data_movement",
      {
          {"Reshape", kZero, no_arithmetic, slots({1})},
          {"Flatten", kZero, no_arithmetic},
          {"Squeeze", kZero, no_arithmetic, slots({1})},
          {"Unsqueeze", kZero, no_arithmetic, slots({1})},
          {"Transpose", kZero, no_arithmetic},
          {"Concat", kZero, no_arithmetic},
          {"Split", kZero, no_arithmetic, slots({1})},
          {"Slice", "FLOPs = 0; reads elements(output) of data (its window)", slice,
           slots({1, 2, 3, 4})},
          {"Gather", "FLOPs = 0; reads elements(output) of data (the selected slices)", gather,
           slots({1})},
          {"GatherElements", "FLOPs = 0; reads elements(indices) of data", gather_elements,
           slots({1})},
          {"GatherND", "FLOPs = 0; reads elements(output) of data", gather_nd, slots({1})},
          {"ScatterND", "FLOPs = 0, or 1 per update element with a reduction", scatter, slots({1})},
          {"ScatterElements", "FLOPs = 0, or 1 per update element with a reduction", scatter,
           slots({1})},
          {"Scatter", kZero, no_arithmetic, slots({1})},
          {"TensorScatter", kZero, no_arithmetic, slots({2})},
          {"Tile", kZero, no_arithmetic, slots({1})},
          {"Expand", kZero, no_arithmetic, slots({1})},
          {"Pad", kZero, no_arithmetic, slots({1, 2, 3})},
          {"CenterCropPad", kZero, no_arithmetic, slots({1})},
          {"Identity", kZero, no_arithmetic},
          {"Shape", kMetadata, reads_metadata, slots({0})},
          {"Size", kMetadata, reads_metadata, slots({0})},
          {"EyeLike", kMetadata, reads_metadata, slots({0})},
          {"Constant", kZero, no_arithmetic},
          {"ConstantOfShape", kZero, no_arithmetic, slots({0})},
          {"OneHot", kZero, no_arithmetic, slots({0, 1, 2})},
          {"NonZero", kZero, no_arithmetic},
          {"Compress", kZero, no_arithmetic, slots({1})},
          {"Dropout",
           "FLOPs = 0 at inference (identity); 3 per element if training_mode is known "
           "true",
           dropout, slots({1, 2})},
          {"Trilu", kZero, no_arithmetic, slots({1})},
          {"ReverseSequence", kZero, no_arithmetic, slots({1})},
          {"DepthToSpace", kZero, no_arithmetic},
          {"SpaceToDepth", kZero, no_arithmetic},
          {"Optional", kZero, no_arithmetic},
          {"OptionalGetElement", kZero, no_arithmetic},
          {"OptionalHasElement", kMetadata, reads_metadata},
          {"SequenceEmpty", kZero, no_arithmetic},
          {"SequenceConstruct", kZero, no_arithmetic},
          {"SequenceAt", kZero, no_arithmetic, slots({1})},
          {"SequenceInsert", kZero, no_arithmetic, slots({2})},
          {"SequenceErase", kZero, no_arithmetic, slots({1})},
          {"SequenceLength", kMetadata, reads_metadata},
          {"ConcatFromSequence", kZero, no_arithmetic},
          {"SplitToSequence", kZero, no_arithmetic, slots({1})},
      });
  add_rules(r, "com.microsoft", "data_movement",
            {
                {"Trilu", kZero, no_arithmetic, slots({1})},
                {"ExpandDims", kZero, no_arithmetic, slots({1})},
            });
}

}  // namespace infergy::cost
