// Shape rules of src/shape/elementwise.cpp: unary ops keep their input's shape, n-ary ops
// broadcast (numpy rules), and small integer tensors fold through arithmetic, comparison, Where
// and Cast (values.cpp). Each expected value is worked out by hand beside its case.
#include <gtest/gtest.h>

#include <string>

#include "shape/shape_case.hpp"

namespace infergy {
namespace {

using testing::Dims;
using testing::ShapeCase;

TEST(ElementwiseShape, UnaryKeepsShapeAndType) {
  const auto r = ShapeCase("Relu").in({2, kUnknownDim, 4}, DataType::float16).run();
  EXPECT_EQ(r.dims(0), (Dims{2, kUnknownDim, 4}));
  EXPECT_EQ(r.dtype(0), DataType::float16);
  EXPECT_EQ(ShapeCase("Softmax").in_unknown_rank().run().dims(0), std::nullopt);
}

TEST(ElementwiseShape, Broadcasting) {
  // [8, 1, 6, 1] with [7, 1, 5]: right-aligned, 1 stretches: [8, 7, 6, 5].
  EXPECT_EQ(ShapeCase("Add").in({8, 1, 6, 1}).in({7, 1, 5}).run().dims(0), (Dims{8, 7, 6, 5}));
  // An unknown dim against a known one > 1 must be that size in a valid model.
  EXPECT_EQ(ShapeCase("Mul").in({kUnknownDim, 3}).in({4, 3}).run().dims(0), (Dims{4, 3}));
  // Comparisons give bool; Where takes the type of X and broadcasts all three.
  EXPECT_EQ(ShapeCase("Less").in({2, 3}).in({3}).run().dtype(0), DataType::boolean);
  const auto w = ShapeCase("Where")
                     .in({2, 1}, DataType::boolean)
                     .in({1, 3}, DataType::int32)
                     .in({3}, DataType::int32)
                     .run();
  EXPECT_EQ(w.dims(0), (Dims{2, 3}));
  EXPECT_EQ(w.dtype(0), DataType::int32);
  // Variadic Sum over three inputs: [3] , [2, 1], [1]: [2, 3].
  EXPECT_EQ(ShapeCase("Sum").in({3}).in({2, 1}).in({1}).run().dims(0), (Dims{2, 3}));
  EXPECT_NE(
      ShapeCase("Add").in({2, 3}).in({4}).error().find("shapes [2,3] and [4] cannot broadcast"),
      std::string::npos);
}

// Integer folding, the core of value propagation: each row is a binary op over two known
// int64 tensors and the values ONNX's definition gives.
struct IntegerFold {
  const char* op;
  std::vector<std::int64_t> a, b;
  Dims a_dims, b_dims;
  std::vector<std::int64_t> expected;
};

const IntegerFold kIntegerFolds[] = {
    // Broadcast a [2] vector against a scalar.
    {"Add", {2, 3}, {10}, {2}, {}, {12, 13}},
    {"Sub", {2, 3}, {10}, {2}, {}, {-8, -7}},
    {"Mul", {224, 224}, {2}, {2}, {}, {448, 448}},
    // Integer division truncates toward zero: 7 / 2 = 3, -7 / 2 = -3.
    {"Div", {7, -7}, {2}, {2}, {}, {3, -3}},
    // Mod with fmod = 0 takes the divisor's sign: -7 mod 3 = 2, 7 mod -3 = -2.
    {"Mod", {-7, 7}, {3, -3}, {2}, {2}, {2, -2}},
    {"Max", {1, 9}, {5}, {2}, {}, {5, 9}},
    {"Min", {1, 9}, {5}, {2}, {}, {1, 5}},
    {"Pow", {2, 3}, {10}, {2}, {}, {1024, 59049}},
    // Comparisons fold to 0/1.
    {"Equal", {1, 2}, {2}, {2}, {}, {0, 1}},
    {"Less", {1, 2}, {2}, {2}, {}, {1, 0}},
    {"GreaterOrEqual", {1, 2}, {2}, {2}, {}, {0, 1}},
    {"And", {0, 1, 1}, {1, 1, 0}, {3}, {3}, {0, 1, 0}},
    {"Xor", {0, 1, 1}, {1, 1, 0}, {3}, {3}, {1, 0, 1}},
    // A [2, 1] column against a [3] row: out[i][j] = a[i] + b[j].
    {"Add", {10, 20}, {1, 2, 3}, {2, 1}, {3}, {11, 12, 13, 21, 22, 23}},
};

TEST(ElementwiseShape, IntegerConstantsFold) {
  for (const IntegerFold& f : kIntegerFolds) {
    const auto r = ShapeCase(f.op).ints(f.a, f.a_dims).ints(f.b, f.b_dims).run();
    EXPECT_EQ(r.ints(0), f.expected) << f.op;
  }
}

TEST(ElementwiseShape, FloatConstantsFold) {
  // 224 * 0.5 = 112 (the kind of arithmetic Resize sizes go through); Floor of 2.7 and -2.5.
  EXPECT_EQ(ShapeCase("Mul").floats({224}).floats({0.5}, Dims{}).run().floats(0),
            (std::vector<double>{112}));
  EXPECT_EQ(ShapeCase("Floor").floats({2.7, -2.5}).run().floats(0), (std::vector<double>{2, -3}));
  // Round is half to even: 2.5 -> 2, 3.5 -> 4.
  EXPECT_EQ(ShapeCase("Round").floats({2.5, 3.5}).run().floats(0), (std::vector<double>{2, 4}));
  // Integer Neg stays integer.
  EXPECT_EQ(ShapeCase("Neg").ints({4, -1}).run().ints(0), (std::vector<std::int64_t>{-4, 1}));
  // A runtime input never folds.
  EXPECT_EQ(ShapeCase("Add").in({2}, DataType::int64).ints({1, 2}).run().ints(0), std::nullopt);
}

TEST(ElementwiseShape, WhereNotAndCastFold) {
  // Where([1, 0], [5, 6], [7, 8]) = [5, 8].
  EXPECT_EQ(ShapeCase("Where")
                .ints({1, 0}, std::nullopt, DataType::boolean)
                .ints({5, 6})
                .ints({7, 8})
                .run()
                .ints(0),
            (std::vector<std::int64_t>{5, 8}));
  EXPECT_EQ(ShapeCase("Not").ints({0, 1}, std::nullopt, DataType::boolean).run().ints(0),
            (std::vector<std::int64_t>{1, 0}));
  // Cast float -> int64 truncates toward zero; to bool is "not zero".
  const auto c =
      ShapeCase("Cast").floats({2.9, -2.9}).attr_i("to", static_cast<int>(DataType::int64)).run();
  EXPECT_EQ(c.dtype(0), DataType::int64);
  EXPECT_EQ(c.ints(0), (std::vector<std::int64_t>{2, -2}));
  EXPECT_EQ(ShapeCase("Cast")
                .ints({0, 3})
                .attr_i("to", static_cast<int>(DataType::boolean))
                .run()
                .ints(0),
            (std::vector<std::int64_t>{0, 1}));
  // CastLike takes the second input's type: int64 -> float32 values.
  const auto l = ShapeCase("CastLike").ints({3}).in({1}, DataType::float32).run();
  EXPECT_EQ(l.dtype(0), DataType::float32);
  EXPECT_EQ(l.floats(0), (std::vector<double>{3}));
}

TEST(ElementwiseShape, FoldingErrors) {
  const std::int64_t big = std::int64_t{1} << 62;
  EXPECT_NE(ShapeCase("Mul").ints({big}).ints({4}).error().find("overflows 64 bits"),
            std::string::npos);
  EXPECT_NE(ShapeCase("Div").ints({1}).ints({0}).error().find("integer division by zero"),
            std::string::npos);
  EXPECT_NE(ShapeCase("Mod").ints({1}).ints({0}).error().find("integer modulo by zero"),
            std::string::npos);
  // Cast's type is checked before anything else, even with an unknown input.
  EXPECT_EQ(ShapeCase("Cast").in_unknown_rank().attr_i("to", 99).error(),
            "case.onnx: node 'node' (Cast): Cast to unknown type 99");
}

}  // namespace
}  // namespace infergy
