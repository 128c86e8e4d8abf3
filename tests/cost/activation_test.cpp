// An activation costs the same wherever it runs: as a node of its own (elementwise.cpp), fused
// into com.microsoft FusedConv/FusedGemm (`activation`), or as a recurrent layer's gate function
// (`activations`). Each case compares the fused count with the node's own rule.
#include <gtest/gtest.h>

#include "cost/node_builder.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

using testing::NodeBuilder;

// The activations ONNX has as ops; Affine and ScaledTanh exist only inside recurrent layers.
constexpr const char* kActivationOps[] = {
    "Relu",        "Tanh", "Sigmoid",  "LeakyRelu", "ThresholdedRelu",
    "HardSigmoid", "Elu",  "Softsign", "Softplus"};

// FLOPs of one activation node over n elements.
std::int64_t node_flops(const std::string& op, std::int64_t n) {
  return NodeBuilder(op).in({n}).out({n}).run().flops;
}

TEST(FusedActivation, FusedGemmAddsWhatTheNodeWouldCost) {
  // Gemm [2, 3] x [3, 4] is 24 MACs (48 FLOPs) with 8 outputs; each output then takes the
  // activation, 8 x its per-element cost, exactly what an activation node on 8 elements counts.
  for (const char* op : kActivationOps) {
    const OpCost fused = NodeBuilder("FusedGemm", "com.microsoft")
                             .in({2, 3})
                             .weight({3, 4})
                             .out({2, 4})
                             .attr_s("activation", op)
                             .run();
    EXPECT_EQ(fused.macs, 24) << op;
    EXPECT_EQ(fused.flops, 48 + node_flops(op, 8)) << op;
  }
}

TEST(FusedActivation, FusedConvAddsWhatTheNodeWouldCost) {
  // Conv [1, 2, 4, 4] * W [3, 2, 3, 3] -> [1, 3, 2, 2]: 12 outputs x 18 MACs = 216 MACs.
  for (const char* op : kActivationOps) {
    const OpCost fused = NodeBuilder("FusedConv", "com.microsoft")
                             .in({1, 2, 4, 4})
                             .weight({3, 2, 3, 3})
                             .out({1, 3, 2, 2})
                             .attr_s("activation", op)
                             .run();
    EXPECT_EQ(fused.macs, 216) << op;
    EXPECT_EQ(fused.flops, 432 + node_flops(op, 12)) << op;
  }
  // A fused Clip is a Clip node with both bounds: 2 per element.
  const OpCost clip = NodeBuilder("FusedConv", "com.microsoft")
                          .in({1, 2, 4, 4})
                          .weight({3, 2, 3, 3})
                          .out({1, 3, 2, 2})
                          .attr_s("activation", "Clip")
                          .run();
  EXPECT_EQ(
      clip.flops - 432,
      NodeBuilder("Clip", "ai.onnx", 13).in({12}).weight({}).weight({}).out({12}).run().flops);
}

TEST(FusedActivation, RecurrentGatesCostWhatTheNodesWould) {
  // RNN, seq 1, batch 1, input 2, hidden 3, no bias: MACs H(I + H) = 15; FLOPs 30 + H * f.
  for (const char* op : kActivationOps) {
    const OpCost rnn = NodeBuilder("RNN")
                           .in({1, 1, 2})
                           .weight({1, 3, 2})
                           .weight({1, 3, 3})
                           .attr_i("hidden_size", 3)
                           .attr_strings("activations", {op})
                           .run();
    EXPECT_EQ(rnn.macs, 15) << op;
    EXPECT_EQ(rnn.flops, 30 + node_flops(op, 3)) << op;
  }
}

TEST(FusedActivation, UnknownNamesAreInputErrors) {
  try {
    NodeBuilder("FusedGemm", "com.microsoft")
        .in({2, 3})
        .weight({3, 4})
        .out({2, 4})
        .attr_s("activation", "Swoosh")
        .run();
    FAIL() << "expected an input error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_STREQ(e.what(), "FusedGemm: unknown activation 'Swoosh'");
  }
}

}  // namespace
}  // namespace infergy
