// Shape rules of src/shape/tensor.cpp (reshaping, slicing, gathering, concatenation, padding,
// resizing, reductions, constants) on shapes and values worked out by hand, and the errors the
// rules raise for inconsistent nodes.
#include <gtest/gtest.h>

#include <string>

#include "shape/shape_case.hpp"

namespace infergy {
namespace {

using testing::Dims;
using testing::ShapeCase;
using Ints = std::vector<std::int64_t>;

bool has(const std::string& message, const std::string& part) {
  return message.find(part) != std::string::npos;
}

TEST(ReshapeShape, CopyInferAndFold) {
  // [2, 3, 4] to [0, -1]: 0 copies dim 0 (2), -1 takes 24 / 2 = 12.
  EXPECT_EQ(ShapeCase("Reshape").in({2, 3, 4}).ints({0, -1}).run().dims(0), (Dims{2, 12}));
  // allowzero = 1: 0 is a real zero-size dim (of an empty input).
  EXPECT_EQ(ShapeCase("Reshape", "ai.onnx", 14)
                .in({0, 4})
                .ints({0, 4})
                .attr_i("allowzero", 1)
                .run()
                .dims(0),
            (Dims{0, 4}));
  // A target with unknown values but a known length gives the rank: [?, ?, ?].
  EXPECT_EQ(ShapeCase("Reshape").in({2, 3, 4}).in({3}, DataType::int64).run().dims(0),
            (Dims{kUnknownDim, kUnknownDim, kUnknownDim}));
  // Values pass through: a [2, 2] constant reshaped to [4].
  EXPECT_EQ(ShapeCase("Reshape").ints({1, 2, 3, 4}, Dims{2, 2}).ints({4}).run().ints(0),
            (Ints{1, 2, 3, 4}));
}

TEST(ReshapeShape, Errors) {
  EXPECT_TRUE(has(ShapeCase("Reshape").in({2, 3}).ints({-1, -1}).error(), "more than one -1"));
  // 6 elements cannot fill [4, -1].
  EXPECT_TRUE(
      has(ShapeCase("Reshape").in({2, 3}).ints({4, -1}).error(), "cannot reshape 6 elements"));
  EXPECT_TRUE(has(ShapeCase("Reshape").in({2, 3}).ints({5}).error(),
                  "cannot reshape [2,3] (6 elements) into [5]"));
  EXPECT_TRUE(has(ShapeCase("Reshape").in({2, 3}).ints({2, -3}).error(), "negative dim -3"));
  EXPECT_TRUE(has(ShapeCase("Reshape").in({2, 3}).in({2000}, DataType::int64).error(),
                  "a shape of 2000 dims"));
}

TEST(FlattenSqueezeUnsqueezeShape, AxesFromAttributeOrInput) {
  // Flatten axis 2 of [2, 3, 4, 5]: [2 * 3, 4 * 5] = [6, 20].
  EXPECT_EQ(ShapeCase("Flatten").in({2, 3, 4, 5}).attr_i("axis", 2).run().dims(0), (Dims{6, 20}));
  // Squeeze-13 with axes as input 1; without axes every size-1 dim goes.
  EXPECT_EQ(ShapeCase("Squeeze", "ai.onnx", 13).in({1, 3, 1, 5}).ints({0}).run().dims(0),
            (Dims{3, 1, 5}));
  EXPECT_EQ(ShapeCase("Squeeze", "ai.onnx", 13).in({1, 3, 1, 5}).run().dims(0), (Dims{3, 5}));
  // Squeeze-11 with the axes attribute, negative axis -2 of rank 4 is axis 2.
  EXPECT_EQ(
      ShapeCase("Squeeze", "ai.onnx", 11).in({1, 3, 1, 5}).attr_ints("axes", {-2}).run().dims(0),
      (Dims{1, 3, 5}));
  // Unsqueeze axes index the output: [3, 4] with axes {0, 3} -> [1, 3, 4, 1].
  EXPECT_EQ(ShapeCase("Unsqueeze", "ai.onnx", 13).in({3, 4}).ints({0, 3}).run().dims(0),
            (Dims{1, 3, 4, 1}));
  EXPECT_TRUE(has(ShapeCase("Squeeze", "ai.onnx", 13).in({2, 3}).ints({0}).error(),
                  "Squeeze of axis 0 whose size is 2"));
  EXPECT_TRUE(has(ShapeCase("Unsqueeze", "ai.onnx", 13).in({3}).ints({0, 0}).error(),
                  "Unsqueeze axes repeat"));
}

TEST(TransposeShape, PermAndValues) {
  // perm {2, 0, 1} of [2, 3, 4]: [4, 2, 3]; no perm reverses.
  EXPECT_EQ(ShapeCase("Transpose").in({2, 3, 4}).attr_ints("perm", {2, 0, 1}).run().dims(0),
            (Dims{4, 2, 3}));
  EXPECT_EQ(ShapeCase("Transpose").in({2, 3, 4}).run().dims(0), (Dims{4, 3, 2}));
  // [[1, 2, 3], [4, 5, 6]] transposed is [[1, 4], [2, 5], [3, 6]].
  EXPECT_EQ(ShapeCase("Transpose").ints({1, 2, 3, 4, 5, 6}, Dims{2, 3}).run().ints(0),
            (Ints{1, 4, 2, 5, 3, 6}));
  EXPECT_TRUE(has(ShapeCase("Transpose").in({2, 3}).attr_ints("perm", {0, 0}).error(),
                  "perm repeats an axis"));
}

TEST(ConcatShape, SizesAndValues) {
  // Axis 1: 3 + 5 = 8; an unknown dim elsewhere takes the other input's size.
  EXPECT_EQ(ShapeCase("Concat").in({2, 3}).in({kUnknownDim, 5}).attr_i("axis", 1).run().dims(0),
            (Dims{2, 8}));
  // Shape vectors concatenated: [1, 3] ++ [-1] = [1, 3, -1] (the Reshape targets of exports).
  EXPECT_EQ(ShapeCase("Concat").ints({1, 3}).ints({-1}).attr_i("axis", 0).run().ints(0),
            (Ints{1, 3, -1}));
  // Along axis 1 of two [2, 1] columns: [[1, 3], [2, 4]].
  EXPECT_EQ(ShapeCase("Concat")
                .ints({1, 2}, Dims{2, 1})
                .ints({3, 4}, Dims{2, 1})
                .attr_i("axis", 1)
                .run()
                .ints(0),
            (Ints{1, 3, 2, 4}));
  EXPECT_TRUE(has(ShapeCase("Concat").in({2, 3}).in({3}).error(), "different ranks"));
  EXPECT_TRUE(has(ShapeCase("Concat").in({2, 3}).in({4, 3}).attr_i("axis", 1).error(),
                  "Concat inputs differ on axis 0: 2 vs 4"));
}

TEST(SplitShape, EqualPartsOrGivenSizes) {
  // 10 into 3 outputs (opset 18 num_outputs): ceil(10 / 3) = 4, 4, and the rest 2.
  const auto r = ShapeCase("Split", "ai.onnx", 18).in({10, 2}).outputs(3).run();
  EXPECT_EQ(r.dims(0), (Dims{4, 2}));
  EXPECT_EQ(r.dims(1), (Dims{4, 2}));
  EXPECT_EQ(r.dims(2), (Dims{2, 2}));
  const auto s =
      ShapeCase("Split", "ai.onnx", 13).in({2, 7}).ints({3, 4}).outputs(2).attr_i("axis", 1).run();
  EXPECT_EQ(s.dims(0), (Dims{2, 3}));
  EXPECT_EQ(s.dims(1), (Dims{2, 4}));
  EXPECT_TRUE(has(ShapeCase("Split", "ai.onnx", 13).in({7}).ints({3, 3}).outputs(2).error(),
                  "Split sizes sum to 6, axis has 7"));
}

TEST(SliceShape, ClampingStepsAndValues) {
  // Slice-13 of [10, 20]: axis 0 from 2 to -1 (= 9): 7 elements; axis 1 from 0 to a huge end
  // with step 3: ceil(20 / 3) = 7.
  EXPECT_EQ(ShapeCase("Slice")
                .in({10, 20})
                .ints({2, 0})
                .ints({-1, 1000000})
                .ints({0, 1})
                .ints({1, 3})
                .run()
                .dims(0),
            (Dims{7, 7}));
  // A negative step from the end: start -1 (= 4), end -6 (before the start of 5): all 5.
  EXPECT_EQ(ShapeCase("Slice").in({5}).ints({-1}).ints({-6}).ints({0}).ints({-1}).run().dims(0),
            (Dims{5}));
  // Values: [10, 11, 12, 13, 14][1:4:2] = [11, 13].
  EXPECT_EQ(ShapeCase("Slice")
                .ints({10, 11, 12, 13, 14})
                .ints({1})
                .ints({4})
                .ints({0})
                .ints({2})
                .run()
                .ints(0),
            (Ints{11, 13}));
  // Slice-1 takes starts/ends/axes as attributes.
  EXPECT_EQ(ShapeCase("Slice", "ai.onnx", 1)
                .in({6, 4})
                .attr_ints("starts", {1})
                .attr_ints("ends", {3})
                .attr_ints("axes", {0})
                .run()
                .dims(0),
            (Dims{2, 4}));
  // Unknown bounds on a known axis leave only that axis unknown.
  EXPECT_EQ(ShapeCase("Slice")
                .in({6, 4})
                .in({1}, DataType::int64)
                .in({1}, DataType::int64)
                .ints({1})
                .run()
                .dims(0),
            (Dims{6, kUnknownDim}));
  EXPECT_TRUE(has(ShapeCase("Slice").in({5}).ints({0}).ints({5}).ints({0}).ints({0}).error(),
                  "Slice step is 0"));
}

TEST(GatherShape, IndicesReplaceTheAxis) {
  // data [5, 4, 3], indices [2, 6] on axis 1: [5] ++ [2, 6] ++ [3].
  EXPECT_EQ(
      ShapeCase("Gather").in({5, 4, 3}).in({2, 6}, DataType::int64).attr_i("axis", 1).run().dims(0),
      (Dims{5, 2, 6, 3}));
  // Shape vector [1, 3, 224, 224] at index -1 and 0: [224, 1].
  EXPECT_EQ(ShapeCase("Gather").ints({1, 3, 224, 224}).ints({-1, 0}).run().ints(0), (Ints{224, 1}));
  // A scalar index removes the axis.
  EXPECT_EQ(ShapeCase("Gather").ints({1, 3, 224, 224}).scalar(1).run().dims(0), Dims{});
  EXPECT_TRUE(
      has(ShapeCase("Gather").ints({1, 3}).ints({2}).error(), "Gather index 2 out of range 2"));
  // GatherND: indices [2, 1] (depth 1) into [4, 5]: [2] ++ [5].
  EXPECT_EQ(ShapeCase("GatherND").in({4, 5}).in({2, 1}, DataType::int64).run().dims(0),
            (Dims{2, 5}));
  EXPECT_EQ(ShapeCase("GatherElements").in({4, 5}).in({4, 2}, DataType::int64).run().dims(0),
            (Dims{4, 2}));
}

TEST(ShapeAndSize, ValuesOfTheDims) {
  const auto s = ShapeCase("Shape").in({1, 3, 224, 224}).run();
  EXPECT_EQ(s.dims(0), Dims{4});
  EXPECT_EQ(s.ints(0), (Ints{1, 3, 224, 224}));
  // Shape-15 start 2: the last two dims.
  EXPECT_EQ(ShapeCase("Shape", "ai.onnx", 15).in({1, 3, 224, 224}).attr_i("start", 2).run().ints(0),
            (Ints{224, 224}));
  // An unknown dim: the length is known, the values are not.
  const auto u = ShapeCase("Shape").in({kUnknownDim, 3}).run();
  EXPECT_EQ(u.dims(0), Dims{2});
  EXPECT_EQ(u.ints(0), std::nullopt);
  // Size = 2 * 3 * 4.
  EXPECT_EQ(ShapeCase("Size").in({2, 3, 4}).run().ints(0), Ints{24});
}

TEST(ConstantShape, ValueAttributes) {
  const auto t = ShapeCase("Constant").attr_tensor("value", DataType::int64, {2}, Ints{7, 8}).run();
  EXPECT_EQ(t.dims(0), Dims{2});
  EXPECT_EQ(t.ints(0), (Ints{7, 8}));
  EXPECT_EQ(ShapeCase("Constant").attr_ints("value_ints", {1, 2, 3}).run().dims(0), Dims{3});
  const auto f = ShapeCase("Constant").attr_f("value_float", 0.5).run();
  EXPECT_EQ(f.dims(0), Dims{});
  EXPECT_EQ(f.floats(0), std::vector<double>{0.5});
  // ConstantOfShape [2, 3] filled with int64 7; without a value, float zeros.
  const auto c = ShapeCase("ConstantOfShape")
                     .ints({2, 3})
                     .attr_tensor("value", DataType::int64, {1}, Ints{7})
                     .run();
  EXPECT_EQ(c.dims(0), (Dims{2, 3}));
  EXPECT_EQ(c.dtype(0), DataType::int64);
  EXPECT_EQ(c.ints(0), (Ints{7, 7, 7, 7, 7, 7}));
  EXPECT_EQ(ShapeCase("ConstantOfShape").ints({2}).run().floats(0), (std::vector<double>{0, 0}));
  EXPECT_TRUE(has(ShapeCase("ConstantOfShape").ints({2, -1}).error(), "negative dim -1"));
}

TEST(RangeExpandTileShape, Sizes) {
  // Range(1, 10, 3) = [1, 4, 7]: ceil((10 - 1) / 3) = 3 elements.
  const auto r = ShapeCase("Range").scalar(1).scalar(10).scalar(3).run();
  EXPECT_EQ(r.dims(0), Dims{3});
  EXPECT_EQ(r.ints(0), (Ints{1, 4, 7}));
  // An empty range: limit below start with a positive delta.
  EXPECT_EQ(ShapeCase("Range").scalar(5).scalar(1).scalar(1).run().dims(0), Dims{0});
  EXPECT_TRUE(has(ShapeCase("Range").scalar(0).scalar(5).scalar(0).error(), "Range delta is 0"));
  // Expand [3, 1] to [2, 1, 4]: broadcast [2, 3, 4]; values repeat along the new axes.
  EXPECT_EQ(ShapeCase("Expand").in({3, 1}).ints({2, 1, 4}).run().dims(0), (Dims{2, 3, 4}));
  EXPECT_EQ(ShapeCase("Expand").ints({5, 6}, Dims{2, 1}).ints({2, 2}).run().ints(0),
            (Ints{5, 5, 6, 6}));
  // Tile [2, 3] by [2, 1]: [4, 3].
  EXPECT_EQ(ShapeCase("Tile").in({2, 3}).ints({2, 1}).run().dims(0), (Dims{4, 3}));
  EXPECT_TRUE(has(ShapeCase("Tile").in({2, 3}).ints({2}).error(), "repeats do not match"));
}

TEST(PadShape, BeginsThenEnds) {
  // Pads [0, 1, 0, 2] on [3, 4]: axis 0 + 0 + 0, axis 1 + 1 + 2 = 7.
  EXPECT_EQ(ShapeCase("Pad", "ai.onnx", 13).in({3, 4}).ints({0, 1, 0, 2}).run().dims(0),
            (Dims{3, 7}));
  // Pad-18 axes input: pads [1, 1] on axis -1 only.
  EXPECT_EQ(
      ShapeCase("Pad", "ai.onnx", 18).in({3, 4}).ints({1, 1}).absent().ints({-1}).run().dims(0),
      (Dims{3, 6}));
  EXPECT_TRUE(has(ShapeCase("Pad", "ai.onnx", 13).in({3, 4}).ints({0, -5, 0, 0}).error(),
                  "Pad removes more than the axis holds"));
}

TEST(ResizeShape, ScalesOrSizes) {
  // Resize-13 with scales [1, 1, 2, 2.5] on [1, 3, 10, 10]: floor(10 * 2) = 20, floor(25) = 25.
  EXPECT_EQ(ShapeCase("Resize", "ai.onnx", 13)
                .in({1, 3, 10, 10})
                .absent()
                .floats({1, 1, 2, 2.5})
                .run()
                .dims(0),
            (Dims{1, 3, 20, 25}));
  // sizes win over scales.
  EXPECT_EQ(ShapeCase("Resize", "ai.onnx", 13)
                .in({1, 3, 10, 10})
                .absent()
                .absent()
                .ints({1, 3, 7, 9})
                .run()
                .dims(0),
            (Dims{1, 3, 7, 9}));
  // Upsample-7 takes its scales as an attribute.
  EXPECT_EQ(ShapeCase("Upsample", "ai.onnx", 7)
                .in({1, 1, 4, 4})
                .attr_floats("scales", {1, 1, 2, 2})
                .run()
                .dims(0),
            (Dims{1, 1, 8, 8}));
  EXPECT_TRUE(has(ShapeCase("Resize", "ai.onnx", 13).in({1, 3}).absent().floats({1, 0}).error(),
                  "scales [1,0] must be finite and > 0"));
}

TEST(ReduceShape, KeepdimsAndAxes) {
  // ReduceMean-13 axes attribute {1}, keepdims 1: [2, 1, 4]; keepdims 0: [2, 4].
  EXPECT_EQ(
      ShapeCase("ReduceMean", "ai.onnx", 13).in({2, 3, 4}).attr_ints("axes", {1}).run().dims(0),
      (Dims{2, 1, 4}));
  EXPECT_EQ(ShapeCase("ReduceMean", "ai.onnx", 13)
                .in({2, 3, 4})
                .attr_ints("axes", {1})
                .attr_i("keepdims", 0)
                .run()
                .dims(0),
            (Dims{2, 4}));
  // ReduceSum-13 takes axes as input 1; no axes reduces everything.
  EXPECT_EQ(ShapeCase("ReduceSum", "ai.onnx", 13).in({2, 3, 4}).ints({-1}).run().dims(0),
            (Dims{2, 3, 1}));
  EXPECT_EQ(ShapeCase("ReduceMax", "ai.onnx", 13).in({2, 3, 4}).attr_i("keepdims", 0).run().dims(0),
            Dims{});
  // noop_with_empty_axes: the identity.
  EXPECT_EQ(ShapeCase("ReduceSum", "ai.onnx", 13)
                .in({2, 3})
                .attr_i("noop_with_empty_axes", 1)
                .run()
                .dims(0),
            (Dims{2, 3}));
  // ReduceProd of a shape vector folds: 2 * 3 * 4 = 24.
  EXPECT_EQ(
      ShapeCase("ReduceProd", "ai.onnx", 13).ints({2, 3, 4}).attr_i("keepdims", 0).run().ints(0),
      Ints{24});
  // ArgMax keeps the axis as 1 (keepdims) or drops it; indices are int64.
  const auto a = ShapeCase("ArgMax").in({2, 3, 4}).attr_i("axis", 2).attr_i("keepdims", 0).run();
  EXPECT_EQ(a.dims(0), (Dims{2, 3}));
  EXPECT_EQ(a.dtype(0), DataType::int64);
}

TEST(DataDependentShapes, StayUnknownWhereTheyDependOnValues) {
  // NonZero: [rank, number of non-zeros].
  EXPECT_EQ(ShapeCase("NonZero").in({3, 4}).run().dims(0), (Dims{2, kUnknownDim}));
  // Compress along axis 1: that axis only is unknown; without an axis the output is 1-D.
  EXPECT_EQ(
      ShapeCase("Compress").in({3, 4}).in({4}, DataType::boolean).attr_i("axis", 1).run().dims(0),
      (Dims{3, kUnknownDim}));
  EXPECT_EQ(ShapeCase("Compress").in({3, 4}).in({4}, DataType::boolean).run().dims(0),
            Dims{kUnknownDim});
  // NonMaxSuppression: [selected, 3], with max_output_boxes_per_class fed at run time (without
  // it none is selected: evaluate_test.cpp).
  EXPECT_EQ(ShapeCase("NonMaxSuppression")
                .in({1, 10, 4})
                .in({1, 1, 10})
                .in({1}, DataType::int64)
                .run()
                .dims(0),
            (Dims{kUnknownDim, 3}));
  // OneHot: depth 10 inserted at axis -1 of [2, 3].
  EXPECT_EQ(ShapeCase("OneHot").in({2, 3}, DataType::int64).scalar(10).floats({0, 1}).run().dims(0),
            (Dims{2, 3, 10}));
}

}  // namespace
}  // namespace infergy
