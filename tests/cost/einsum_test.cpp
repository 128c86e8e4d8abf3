// Einsum: equation parsing (implicit output, ellipsis, spaces, capitals) and the contraction
// count; every number derived by hand in the comment beside it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cost/node_builder.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

using testing::NodeBuilder;

OpCost einsum(const std::string& equation, const std::vector<std::vector<std::int64_t>>& ins) {
  NodeBuilder b("Einsum", "ai.onnx", 12);
  for (const auto& dims : ins) b.in(dims);
  b.attr_s("equation", equation);
  return b.run();
}

// Batched matmul: b 2, i 3, j 4, k 5; j is summed: MACs = 2*3*4*5 = 120.
TEST(EinsumCost, BatchMatMul) {
  const OpCost c = einsum("bij,bjk->bik", {{2, 3, 4}, {2, 4, 5}});
  EXPECT_EQ(c.macs, 120);
  EXPECT_EQ(c.flops, 240);
}

// Sum of all 12 elements: 12 adds, no MACs. A transpose does no arithmetic.
TEST(EinsumCost, SingleOperand) {
  const OpCost sum = einsum("ij->", {{3, 4}});
  EXPECT_EQ(sum.macs, 0);
  EXPECT_EQ(sum.flops, 12);
  EXPECT_EQ(einsum("ij->ji", {{3, 4}}).flops, 0);
}

// Implicit output: "ij,jk" keeps the letters seen once (i, k): a 3x4 by 4x5 product, 60 MACs.
// "ii" names i twice, so the implicit output is empty: the trace, 3 adds.
TEST(EinsumCost, ImplicitOutput) {
  EXPECT_EQ(einsum("ij,jk", {{3, 4}, {4, 5}}).macs, 60);
  const OpCost trace = einsum("ii", {{3, 3}});
  EXPECT_EQ(trace.macs, 0);
  EXPECT_EQ(trace.flops, 3);
}

// Ellipsis: [2, 3, 4, 5] and [3, 5, 6] under "...ij,...jk": the broadcast dims are (2, 3),
// the second operand's 3 aligned right; i 4, j 5, k 6: MACs = 2*3*4*5*6 = 720.
TEST(EinsumCost, Ellipsis) {
  EXPECT_EQ(einsum("...ij,...jk->...ik", {{2, 3, 4, 5}, {3, 5, 6}}).macs, 720);
}

// Ellipsis dims broadcast 1 against 7; implicit output keeps them: 7*4*5*2 = 280 MACs.
TEST(EinsumCost, EllipsisBroadcastImplicit) {
  EXPECT_EQ(einsum("...ij,...jk", {{1, 4, 5}, {7, 5, 2}}).macs, 280);
}

// Three operands contracted left to right: "ij,jk,kl->il" with i 2, j 3, k 4, l 5.
// Step 1 (ij, jk): j is no longer needed: 2*3*4 = 24 MACs, leaving ik.
// Step 2 (ik, kl): k summed: 2*4*5 = 40 MACs. Total 64 MACs, FLOPs 128.
TEST(EinsumCost, ThreeOperandChain) {
  const OpCost c = einsum("ij,jk,kl->il", {{2, 3}, {3, 4}, {4, 5}});
  EXPECT_EQ(c.macs, 64);
  EXPECT_EQ(c.flops, 128);
}

// No label summed: an outer product (3*4 = 12 multiplications) or an elementwise product
// (2*3 = 6) has no MACs.
TEST(EinsumCost, ProductsWithoutContraction) {
  const OpCost outer = einsum("i,j->ij", {{3}, {4}});
  EXPECT_EQ(outer.macs, 0);
  EXPECT_EQ(outer.flops, 12);
  const OpCost hadamard = einsum("ij,ij->ij", {{2, 3}, {2, 3}});
  EXPECT_EQ(hadamard.macs, 0);
  EXPECT_EQ(hadamard.flops, 6);
}

// A dot product in implicit form, capital letters and spaces are all valid.
TEST(EinsumCost, SyntaxVariants) {
  EXPECT_EQ(einsum("i,i", {{5}, {5}}).macs, 5);
  EXPECT_EQ(einsum("Ab,bC->AC", {{2, 3}, {3, 4}}).macs, 24);
  EXPECT_EQ(einsum("ij, jk -> ik", {{3, 4}, {4, 5}}).macs, 60);
}

void expect_input_error(const std::string& equation,
                        const std::vector<std::vector<std::int64_t>>& ins) {
  try {
    einsum(equation, ins);
    ADD_FAILURE() << "expected an input error for " << equation;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input) << equation;
  }
}

TEST(EinsumCost, MalformedEquationsAreInputErrors) {
  expect_input_error("ij,jk->ik", {{3, 4}});           // two terms, one input
  expect_input_error("i1,jk->ik", {{3, 4}, {4, 5}});   // not a letter
  expect_input_error("ij,jk->ik", {{3, 4}, {5, 6}});   // j is 4 and 5
  expect_input_error("ijk,jk->ik", {{3, 4}, {4, 5}});  // 3 letters for a rank-2 operand
  expect_input_error("ij,jk->iz", {{3, 4}, {4, 5}});   // z in no operand
  expect_input_error("......ij->ij", {{2, 3, 4}});     // two ellipses
}

TEST(EinsumCost, UnknownOperandShapeThrows) {
  NodeBuilder b("Einsum", "ai.onnx", 12);
  b.in({3, 4}).in({kUnknownDim, 5}).attr_s("equation", "ij,jk->ik");
  EXPECT_THROW(b.run(), UnknownShape);
}

}  // namespace
}  // namespace infergy
