// LSTM, GRU and RNN; numbers derived by hand in the comments.
#include <gtest/gtest.h>

#include "cost/node_builder.hpp"
#include "infergy/error.hpp"

namespace infergy {
namespace {

using testing::NodeBuilder;

// Bidirectional LSTM, seq 5, batch 2, input 3, hidden 4, with bias.
// Per step, direction and row: MACs = 4*4*(3 + 4) = 112; other = H*(4 bias + 3*4 sigmoid gates
// + 1 tanh cell candidate + 1 tanh of C + 3 cell update + 1 output multiply) = 4*22 = 88.
// 5 steps * 2 rows = 10: MACs = 10*2*112 = 2240; FLOPs = 2*2240 + 10*2*88 = 4480 + 1760 = 6240.
TEST(RecurrentCost, LstmBidirectional) {
  const OpCost c = NodeBuilder("LSTM", "ai.onnx", 14)
                       .in({5, 2, 3})
                       .weight({2, 16, 3})
                       .weight({2, 16, 4})
                       .weight({2, 32})
                       .attr_s("direction", "bidirectional")
                       .attr_i("hidden_size", 4)
                       .run();
  EXPECT_EQ(c.macs, 2240);
  EXPECT_EQ(c.flops, 6240);
}

// layout = 1 (batch first): X [2, 5, 3] is the same 5 steps of 2 rows: 6240.
TEST(RecurrentCost, LstmBatchFirstLayout) {
  const OpCost c = NodeBuilder("LSTM", "ai.onnx", 14)
                       .in({2, 5, 3})
                       .weight({2, 16, 3})
                       .weight({2, 16, 4})
                       .weight({2, 32})
                       .attr_s("direction", "bidirectional")
                       .attr_i("layout", 1)
                       .run();
  EXPECT_EQ(c.flops, 6240);
}

// Forward LSTM with peepholes P, no bias: MACs per = 112 + 3*4 = 124, * 10 = 1240; other per
// = 4*(12 + 1 + 1 + 4) = 72, * 10 = 720. FLOPs = 2480 + 720 = 3200.
TEST(RecurrentCost, LstmPeepholes) {
  const OpCost c = NodeBuilder("LSTM", "ai.onnx", 14)
                       .in({5, 2, 3})
                       .weight({1, 16, 3})
                       .weight({1, 16, 4})
                       .absent()
                       .absent()
                       .absent()
                       .absent()
                       .weight({1, 12})
                       .run();
  EXPECT_EQ(c.macs, 1240);
  EXPECT_EQ(c.flops, 3200);
}

// activations Relu, Tanh, Tanh: gates 3*1 + 1 + 1 + 4 = 9 per H: other per = 36, * 10 = 360;
// MACs 1120: FLOPs = 2240 + 360 = 2600. clip adds 8H = 32 per step-row: + 320 = 2920.
TEST(RecurrentCost, LstmActivationsAndClip) {
  auto lstm = [](bool clip) {
    NodeBuilder b("LSTM", "ai.onnx", 14);
    b.in({5, 2, 3})
        .weight({1, 16, 3})
        .weight({1, 16, 4})
        .attr_strings("activations", {"Relu", "Tanh", "Tanh"});
    if (clip) b.attr_f("clip", 3.0);
    return b.run();
  };
  EXPECT_EQ(lstm(false).macs, 1120);
  EXPECT_EQ(lstm(false).flops, 2600);
  EXPECT_EQ(lstm(true).flops, 2920);
}

// GRU seq 4, batch 1, input 3, hidden 5, bias: MACs per = 15*(3 + 5) = 120, * 4 = 480.
// linear_before_reset 0: per H 3 bias + 1 reset product + 2*4 sigmoid + 1 tanh + 4 update =
// 17 -> 85 per step, 340: FLOPs = 960 + 340 = 1300. linear_before_reset 1: 4 + 2 + 8 + 1 + 4 =
// 19 -> 95, 380: 1340.
TEST(RecurrentCost, Gru) {
  auto gru = [](std::int64_t lbr) {
    return NodeBuilder("GRU", "ai.onnx", 14)
        .in({4, 1, 3})
        .weight({1, 15, 3})
        .weight({1, 15, 5})
        .weight({1, 30})
        .attr_i("linear_before_reset", lbr)
        .run();
  };
  EXPECT_EQ(gru(0).macs, 480);
  EXPECT_EQ(gru(0).flops, 1300);
  EXPECT_EQ(gru(1).flops, 1340);
}

// RNN seq 6, batch 2, input 3, hidden 4, bias: MACs per = 4*(3 + 4) = 28, * 12 = 336; per H
// 1 bias + 1 tanh = 2 -> 8 per step-row, 96: FLOPs = 672 + 96 = 768. clip: + 2H: 16 per,
// 192: 864.
TEST(RecurrentCost, Rnn) {
  auto rnn = [](bool clip) {
    NodeBuilder b("RNN", "ai.onnx", 14);
    b.in({6, 2, 3}).weight({1, 4, 3}).weight({1, 4, 4}).weight({1, 8});
    if (clip) b.attr_f("clip", 1.0);
    return b.run();
  };
  EXPECT_EQ(rnn(false).macs, 336);
  EXPECT_EQ(rnn(false).flops, 768);
  EXPECT_EQ(rnn(true).flops, 864);
}

TEST(RecurrentCost, DirectionMismatchIsAnInputError) {
  NodeBuilder b("RNN", "ai.onnx", 14);
  b.in({6, 2, 3}).weight({1, 4, 3}).weight({1, 4, 4}).attr_s("direction", "bidirectional");
  try {
    b.run();
    FAIL() << "expected an input error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
  }
}

TEST(RecurrentCost, UnknownSequenceLengthThrows) {
  EXPECT_THROW(NodeBuilder("LSTM", "ai.onnx", 14)
                   .in({kUnknownDim, 2, 3})
                   .weight({1, 16, 3})
                   .weight({1, 16, 4})
                   .run(),
               UnknownShape);
}

}  // namespace
}  // namespace infergy
