// The evaluator of small known tensors (src/shape/evaluate.cpp), one op family at a time, on
// values worked out by hand with ONNX's semantics; the torchvision-style chain that computes a
// pad-to-32 size from the input's shape through float reductions; and data-dependent dims:
// their ranges, the bound each run chooses, and pins.
#include <gtest/gtest.h>

#include <string>

#include "shape/shape_case.hpp"

namespace infergy {
namespace {

using testing::Dims;
using testing::ShapeCase;
using Ints = std::vector<std::int64_t>;
using Floats = std::vector<double>;

TEST(EvaluateElementwise, FloatArithmeticRoundsToFloat32) {
  // Exporters compute in float32: 800 / 3 is float32(266.666...) = 266.66665649414062, not the
  // double 266.66666666666669, and floor(h * scale) can depend on the difference.
  const auto r = ShapeCase("Div").floats({800}).floats({3}).run();
  ASSERT_TRUE(r.floats(0));
  EXPECT_DOUBLE_EQ((*r.floats(0))[0], 266.66665649414062);
  // Broadcasting [2] by [] with Mul.
  EXPECT_EQ(ShapeCase("Mul").floats({1.5, 2}).floats({4}, Dims{}).run().floats(0), (Floats{6, 8}));
}

TEST(EvaluateElementwise, IntegerDivisionTruncatesAndModSigns) {
  // ONNX integer Div truncates toward zero: -7 / 2 = -3.
  EXPECT_EQ(ShapeCase("Div").ints({-7, 7}).ints({2}).run().ints(0), (Ints{-3, 3}));
  // Mod fmod=0 takes the divisor's sign: -7 mod 3 = 2; fmod=1 the dividend's: fmod(-7, 3) = -1.
  EXPECT_EQ(ShapeCase("Mod").ints({-7}).ints({3}).run().ints(0), (Ints{2}));
  EXPECT_EQ(ShapeCase("Mod").ints({-7}).ints({3}).attr_i("fmod", 1).run().ints(0), (Ints{-1}));
  EXPECT_EQ(ShapeCase("Mod").floats({-7.5}).floats({2}).attr_i("fmod", 1).run().floats(0),
            (Floats{-1.5}));
  // Integer Pow is exact: 3^4 = 81.
  EXPECT_EQ(ShapeCase("Pow").ints({3}).ints({4}).run().ints(0), (Ints{81}));
}

TEST(EvaluateElementwise, IntegerOverflowIsAnError) {
  EXPECT_NE(ShapeCase("Mul").ints({4611686018427387904}).ints({2}).error().find("overflows"),
            std::string::npos);
}

TEST(EvaluateElementwise, UnaryRounding) {
  // Round is half to even: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -2.5 -> -2.
  EXPECT_EQ(ShapeCase("Round").floats({0.5, 1.5, 2.5, -2.5}).run().floats(0),
            (Floats{0, 2, 2, -2}));
  EXPECT_EQ(ShapeCase("Ceil").floats({20.3125, -0.5}).run().floats(0), (Floats{21, -0.0}));
  EXPECT_EQ(ShapeCase("Floor").floats({20.9, -0.5}).run().floats(0), (Floats{20, -1}));
  EXPECT_EQ(ShapeCase("Sign").ints({-4, 0, 9}).run().ints(0), (Ints{-1, 0, 1}));
  EXPECT_EQ(ShapeCase("Neg").ints({5}).run().ints(0), (Ints{-5}));
  EXPECT_EQ(ShapeCase("Sqrt").floats({16}).run().floats(0), (Floats{4}));
  EXPECT_EQ(ShapeCase("Reciprocal").floats({4}).run().floats(0), (Floats{0.25}));
  EXPECT_EQ(ShapeCase("Exp").floats({0}).run().floats(0), (Floats{1}));
  EXPECT_EQ(ShapeCase("Log").floats({1}).run().floats(0), (Floats{0}));
}

TEST(EvaluateElementwise, ComparisonsLogicalAndWhere) {
  EXPECT_EQ(ShapeCase("Less").floats({1, 5}).floats({3}).run().ints(0), (Ints{1, 0}));
  EXPECT_EQ(ShapeCase("GreaterOrEqual").ints({3, 2}).ints({3}).run().ints(0), (Ints{1, 0}));
  EXPECT_EQ(ShapeCase("Xor")
                .ints({1, 0}, std::nullopt, DataType::boolean)
                .ints({1, 1}, std::nullopt, DataType::boolean)
                .run()
                .ints(0),
            (Ints{0, 1}));
  EXPECT_EQ(ShapeCase("Not").ints({1, 0}, std::nullopt, DataType::boolean).run().ints(0),
            (Ints{0, 1}));
  // Where with floats: cond [2] picks from x [2] or the scalar y.
  EXPECT_EQ(ShapeCase("Where")
                .ints({1, 0}, std::nullopt, DataType::boolean)
                .floats({7, 8})
                .floats({-1}, Dims{})
                .run()
                .floats(0),
            (Floats{7, -1}));
}

TEST(EvaluateElementwise, VariadicMinMaxSumMean) {
  // Three inputs, broadcast: max(1, [4, 0], 2) = [4, 2]; mean(2, 4, 6) = 4.
  EXPECT_EQ(ShapeCase("Max").ints({1}, Dims{}).ints({4, 0}).ints({2}, Dims{}).run().ints(0),
            (Ints{4, 2}));
  EXPECT_EQ(ShapeCase("Mean").floats({2}).floats({4}).floats({6}).run().floats(0), (Floats{4}));
  EXPECT_EQ(ShapeCase("Sum").ints({1, 2}).ints({10, 20}).ints({100}).run().ints(0),
            (Ints{111, 122}));
}

TEST(EvaluateCast, TruncatesRefusesOutOfRange) {
  // Float to integer truncates toward zero.
  EXPECT_EQ(ShapeCase("Cast").floats({2.9, -2.9}).attr_i("to", 7).run().ints(0), (Ints{2, -2}));
  // 300 does not fit uint8: the value stays unknown (ONNX leaves it undefined).
  EXPECT_FALSE(ShapeCase("Cast").floats({300}).attr_i("to", 2).run().ints(0));
  // Integer to float32 rounds: 16777217 is not a float32, 16777216 is.
  EXPECT_EQ(ShapeCase("Cast").ints({16777217}).attr_i("to", 1).run().floats(0), (Floats{16777216}));
  EXPECT_EQ(ShapeCase("Cast").floats({0.0, 0.2}).attr_i("to", 9).run().ints(0), (Ints{0, 1}));
}

TEST(EvaluateReduce, AxesAttributeBeforeOpset18) {
  // [[1, 5], [3, 2]]: max over axis 1 = [5, 3]; keepdims=1 keeps [2, 1].
  const auto r = ShapeCase("ReduceMax", "ai.onnx", 13)
                     .floats({1, 5, 3, 2}, Dims{2, 2})
                     .attr_ints("axes", {1})
                     .run();
  EXPECT_EQ(r.dims(0), (Dims{2, 1}));
  EXPECT_EQ(r.floats(0), (Floats{5, 3}));
  // All axes, keepdims=0: min = 1, a scalar.
  const auto m =
      ShapeCase("ReduceMin", "ai.onnx", 13).floats({1, 5, 3, 2}, Dims{2, 2}).attr_i("keepdims", 0);
  EXPECT_EQ(m.run().dims(0), (Dims{}));
  EXPECT_EQ(m.run().floats(0), (Floats{1}));
}

TEST(EvaluateReduce, AxesInputFromOpset18AndReduceSum13) {
  // Opset 18: axes as input 1; the mean over axis 0 of [[1, 5], [3, 2]] is [2, 3.5].
  EXPECT_EQ(ShapeCase("ReduceMean", "ai.onnx", 18)
                .floats({1, 5, 3, 2}, Dims{2, 2})
                .ints({0})
                .attr_i("keepdims", 0)
                .run()
                .floats(0),
            (Floats{2, 3.5}));
  // ReduceSum takes axes as input from opset 13.
  EXPECT_EQ(ShapeCase("ReduceSum", "ai.onnx", 13)
                .ints({1, 5, 3, 2}, Dims{2, 2})
                .ints({1})
                .attr_i("keepdims", 0)
                .run()
                .ints(0),
            (Ints{6, 5}));
  // noop_with_empty_axes: no axes, nothing reduced.
  EXPECT_EQ(ShapeCase("ReduceSum", "ai.onnx", 13)
                .ints({1, 5})
                .attr_i("noop_with_empty_axes", 1)
                .run()
                .ints(0),
            (Ints{1, 5}));
  // L1 of [3, -4] = 7, L2 = 5, Prod = -12.
  EXPECT_EQ(ShapeCase("ReduceL1", "ai.onnx", 13).floats({3, -4}).run().floats(0), (Floats{7}));
  EXPECT_EQ(ShapeCase("ReduceL2", "ai.onnx", 13).floats({3, -4}).run().floats(0), (Floats{5}));
  EXPECT_EQ(ShapeCase("ReduceProd", "ai.onnx", 13).ints({3, -4}).run().ints(0), (Ints{-12}));
}

TEST(EvaluateReduce, ArgMaxKeepdimsAndLastIndex) {
  // [[1, 7, 7], [9, 0, 9]] along axis 1: first max at [1, 0], last at [2, 2].
  const auto first = ShapeCase("ArgMax").floats({1, 7, 7, 9, 0, 9}, Dims{2, 3}).attr_i("axis", 1);
  EXPECT_EQ(first.run().dims(0), (Dims{2, 1}));
  EXPECT_EQ(first.run().ints(0), (Ints{1, 0}));
  EXPECT_EQ(ShapeCase("ArgMax")
                .floats({1, 7, 7, 9, 0, 9}, Dims{2, 3})
                .attr_i("axis", 1)
                .attr_i("select_last_index", 1)
                .attr_i("keepdims", 0)
                .run()
                .ints(0),
            (Ints{2, 2}));
  // ArgMin over axis 0: [0, 1, 0].
  EXPECT_EQ(ShapeCase("ArgMin").ints({1, 7, 7, 9, 0, 9}, Dims{2, 3}).run().ints(0),
            (Ints{0, 1, 0}));
}

TEST(EvaluateMove, TileSplitGatherElementsAndReshape) {
  EXPECT_EQ(ShapeCase("Tile").ints({1, 2}).ints({3}).run().ints(0), (Ints{1, 2, 1, 2, 1, 2}));
  const auto s = ShapeCase("Split", "ai.onnx", 13).floats({1, 2, 3, 4, 5}).ints({2, 3}).outputs(2);
  EXPECT_EQ(s.run().floats(0), (Floats{1, 2}));
  EXPECT_EQ(s.run().floats(1), (Floats{3, 4, 5}));
  // Opset 11: split as an attribute.
  EXPECT_EQ(ShapeCase("Split", "ai.onnx", 11)
                .ints({1, 2, 3})
                .attr_ints("split", {1, 2})
                .outputs(2)
                .run()
                .ints(1),
            (Ints{2, 3}));
  // GatherElements axis 1 of [[1, 2], [3, 4]] with [[1, 0], [0, -1]] = [[2, 1], [3, 4]].
  EXPECT_EQ(ShapeCase("GatherElements")
                .ints({1, 2, 3, 4}, Dims{2, 2})
                .ints({1, 0, 0, -1}, Dims{2, 2})
                .attr_i("axis", 1)
                .run()
                .ints(0),
            (Ints{2, 1, 3, 4}));
  // Reshape keeps float values (the rule used to keep them too, as data).
  EXPECT_EQ(ShapeCase("Reshape").floats({1, 2, 3, 4}).ints({2, 2}).run().floats(0),
            (Floats{1, 2, 3, 4}));
  EXPECT_EQ(ShapeCase("Squeeze", "ai.onnx", 11)
                .floats({5}, Dims{1})
                .attr_ints("axes", {0})
                .run()
                .floats(0),
            (Floats{5}));
}

// ---- Graphs of several nodes ----

class GraphCase {
 public:
  GraphCase& input(const std::string& name, Dims dims, DataType type = DataType::float32) {
    const TensorId id = g().add_tensor(name, TensorKind::graph_input);
    g().tensor(id).dims = std::move(dims);
    g().tensor(id).dtype = type;
    g().inputs.push_back(id);
    return *this;
  }
  GraphCase& ints(const std::string& name, Ints v, std::optional<Dims> dims = std::nullopt) {
    auto values = std::make_shared<TensorValues>();
    const Dims d = dims.value_or(Dims{static_cast<std::int64_t>(v.size())});
    values->ints = std::move(v);
    return constant(name, DataType::int64, d, std::move(values));
  }
  GraphCase& floats(const std::string& name, Floats v, std::optional<Dims> dims = std::nullopt) {
    auto values = std::make_shared<TensorValues>();
    const Dims d = dims.value_or(Dims{static_cast<std::int64_t>(v.size())});
    values->floats = std::move(v);
    values->is_float = true;
    return constant(name, DataType::float32, d, std::move(values));
  }
  GraphCase& node(const std::string& op, std::vector<std::string> in, std::vector<std::string> out,
                  std::vector<Attribute> attrs = {}, std::int64_t opset = 13) {
    Node n;
    n.name = op + std::to_string(g().nodes.size());
    n.op_type = op;
    n.domain = "ai.onnx";
    n.opset = opset;
    n.attributes = std::move(attrs);
    for (const auto& name : in) n.inputs.push_back(name.empty() ? kNoTensor : g().find(name));
    for (const auto& name : out) {
      const TensorId id = g().add_tensor(name, TensorKind::intermediate);
      g().tensor(id).producer = static_cast<std::int32_t>(g().nodes.size());
      n.outputs.push_back(id);
    }
    g().nodes.push_back(std::move(n));
    return *this;
  }
  Model& run(ShapeOptions options = {}) {
    model_.path = "graph.onnx";
    infer_shapes(model_, options);
    return model_;
  }
  const Tensor& tensor(const std::string& name) const {
    return model_.graph.tensor(model_.graph.find(name));
  }

 private:
  Graph& g() { return model_.graph; }
  GraphCase& constant(const std::string& name, DataType type, Dims dims,
                      std::shared_ptr<TensorValues> v) {
    const TensorId id = g().add_tensor(name, TensorKind::initializer);
    g().tensor(id).dims = std::move(dims);
    g().tensor(id).dtype = type;
    g().tensor(id).values = std::move(v);
    return *this;
  }
  Model model_;
};

Attribute int_attr(const std::string& name, std::int64_t v) {
  Attribute a;
  a.name = name;
  a.type = Attribute::Type::i;
  a.i = v;
  return a;
}

Attribute ints_attr(const std::string& name, Ints v) {
  Attribute a;
  a.name = name;
  a.type = Attribute::Type::ints;
  a.ints = std::move(v);
  return a;
}

// The detection transform's pad-to-32: the image's [H, W] as floats, ReduceMax and ReduceMin,
// divide by 32, Ceil, times 32, Cast to int64, Concat with [N, C], ConstantOfShape. An image of
// 481 x 650: ceil(650 / 32) = 21 -> 672, ceil(481 / 32) = 16 -> 512, so the padded batch is
// [1, 3, 512, 672].
GraphCase pad_to_32_chain(std::int64_t reduce_opset) {
  GraphCase c;
  c.input("image", {1, 3, 481, 650}).ints("hw_start", {2}).ints("hw_end", {4}).ints("axes", {0});
  c.ints("nc", {1, 3}).floats("stride", {32}, Dims{});
  c.node("Shape", {"image"}, {"shape"})
      .node("Slice", {"shape", "hw_start", "hw_end"}, {"hw"})
      .node("Cast", {"hw"}, {"hw_f"}, {int_attr("to", 1)});
  const auto reduce = [&](const std::string& op, const std::string& out) {
    if (reduce_opset >= 18) {
      c.node(op, {"hw_f", "axes"}, {out}, {int_attr("keepdims", 1)}, reduce_opset);
    } else {
      c.node(op, {"hw_f"}, {out}, {ints_attr("axes", {0}), int_attr("keepdims", 1)}, reduce_opset);
    }
  };
  reduce("ReduceMin", "short");
  reduce("ReduceMax", "long");
  c.node("Concat", {"short", "long"}, {"sizes"}, {int_attr("axis", 0)})
      .node("Div", {"sizes", "stride"}, {"blocks"})
      .node("Ceil", {"blocks"}, {"blocks_up"})
      .node("Mul", {"blocks_up", "stride"}, {"padded"})
      .node("Cast", {"padded"}, {"padded_i"}, {int_attr("to", 7)})
      .node("Concat", {"nc", "padded_i"}, {"batch_shape"}, {int_attr("axis", 0)})
      .node("ConstantOfShape", {"batch_shape"}, {"batch"});
  return c;
}

TEST(EvaluateChain, PadTo32ThroughFloatReductionsToConstantOfShape) {
  for (std::int64_t opset : {13, 18}) {
    GraphCase c = pad_to_32_chain(opset);
    c.run();
    EXPECT_EQ(c.tensor("long").dims, (Dims{1})) << opset;
    EXPECT_EQ(c.tensor("padded_i").values->ints, (Ints{512, 672})) << opset;
    EXPECT_EQ(c.tensor("batch").dims, (Dims{1, 3, 512, 672})) << opset;
  }
}

// NonMaxSuppression over 2 classes of 100 boxes, at most 5 per class: 0 to 10 boxes; a Gather
// by its column 2 (the box index) then picks as many rows.
GraphCase detections() {
  GraphCase c;
  c.input("boxes", {1, 100, 4}).input("scores", {1, 2, 100}).ints("max_per_class", {5}, Dims{});
  c.ints("col", {2}, Dims{});
  c.node("NonMaxSuppression", {"boxes", "scores", "max_per_class"}, {"selected"})
      .node("Gather", {"selected", "col"}, {"box_index"}, {int_attr("axis", 1)})
      .node("Gather", {"boxes", "box_index"}, {"kept"}, {int_attr("axis", 1)});
  return c;
}

TEST(DataDependentDims, NmsRangeFromItsCaps) {
  GraphCase c = detections();
  const Model& m = c.run();
  ASSERT_EQ(m.data_dims.size(), 1u);
  EXPECT_EQ(m.data_dims[0].name, "nms_0");
  EXPECT_EQ(m.data_dims[0].lower, 0);
  EXPECT_EQ(m.data_dims[0].upper, 10);  // 1 batch x 2 classes x min(5, 100)
  EXPECT_FALSE(m.data_dims[0].pinned);
  // Unknown by default: what follows is unknown too.
  EXPECT_EQ(c.tensor("kept").dims, (Dims{1, kUnknownDim, 4}));
}

TEST(DataDependentDims, BoundsAndPinPropagate) {
  GraphCase upper = detections();
  upper.run({.data_dims = DataDimChoice::upper});
  EXPECT_EQ(upper.tensor("kept").dims, (Dims{1, 10, 4}));
  GraphCase lower = detections();
  lower.run({.data_dims = DataDimChoice::lower});
  EXPECT_EQ(lower.tensor("kept").dims, (Dims{1, 0, 4}));
  GraphCase pinned = detections();
  const Model& m = pinned.run({.pins = {{"nms_0", 7}}});
  EXPECT_EQ(pinned.tensor("kept").dims, (Dims{1, 7, 4}));
  EXPECT_EQ(m.data_dims.at(0).pinned, 7);
}

TEST(DataDependentDims, NonZeroTopKUniqueCaps) {
  // NonZero of a [3, 4] input: [2, 0..12]; of known values, exact.
  const auto nz = ShapeCase("NonZero").in({3, 4}).run();
  EXPECT_EQ(nz.dims(0), (Dims{2, kUnknownDim}));
  EXPECT_EQ(ShapeCase("NonZero").ints({0, 4, 0, 1}).run().dims(0), (Dims{1, 2}));
  // TopK with an unknown k along an axis of 50.
  GraphCase t;
  t.input("x", {1, 50}).input("k", {1}, DataType::int64);
  t.node("TopK", {"x", "k"}, {"values", "indices"}, {}, 11);
  const Model& m = t.run({.data_dims = DataDimChoice::upper});
  ASSERT_EQ(m.data_dims.size(), 1u);
  EXPECT_EQ(m.data_dims[0].name, "topk_0");
  EXPECT_EQ(m.data_dims[0].upper, 50);
  EXPECT_EQ(t.tensor("values").dims, (Dims{1, 50}));
  // Unique of 6 elements: 1 to 6 distinct values; inverse indices have one per element.
  GraphCase u;
  u.input("x", {2, 3});
  u.node("Unique", {"x"}, {"y", "idx", "inverse", "counts"}, {}, 11);
  const Model& mu = u.run({.data_dims = DataDimChoice::lower});
  ASSERT_EQ(mu.data_dims.size(), 1u);
  EXPECT_EQ(mu.data_dims[0].lower, 1);
  EXPECT_EQ(mu.data_dims[0].upper, 6);
  EXPECT_EQ(u.tensor("y").dims, (Dims{1}));
  EXPECT_EQ(u.tensor("inverse").dims, (Dims{6}));
}

TEST(DataDependentDims, NmsWithoutMaxOutputKeepsNone) {
  // max_output_boxes_per_class absent means 0: the output is exactly [0, 3], not a range.
  GraphCase c;
  c.input("boxes", {1, 100, 4}).input("scores", {1, 2, 100});
  c.node("NonMaxSuppression", {"boxes", "scores"}, {"selected"});
  const Model& m = c.run();
  EXPECT_TRUE(m.data_dims.empty());
  EXPECT_EQ(c.tensor("selected").dims, (Dims{0, 3}));
}

}  // namespace
}  // namespace infergy
