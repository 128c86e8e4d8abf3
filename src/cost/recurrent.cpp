// LSTM, GRU and RNN: every time step of every direction, for the full sequence length of X
// (sequence_lens may stop some sequences early; their values are data, so the count is the
// padded length's). Per step, direction and batch row the gate pre-activations are matrix-vector
// products with W (input) and R (recurrence), accumulated into one sum: G*H*(I + H) MACs for G
// gates. The two biases Wb + Rb are a constant sum folded at load time: 1 add per gate element.
// Gate activations cost their per-element FLOPs (Sigmoid 4, Tanh 1, ...), and the cell/state
// updates are counted from the ONNX equations.
#include "families.hpp"
#include "rule_helpers.hpp"

namespace infergy::cost {

namespace {

struct RnnDims {
  std::int64_t seq = 0;
  std::int64_t batch = 0;
  std::int64_t input = 0;
  std::int64_t hidden = 0;
  std::int64_t directions = 0;
};

// X is (seq, batch, input), or (batch, seq, input) with layout = 1 (opset 14); W is
// (directions, gates*hidden, input) and R (directions, gates*hidden, hidden).
RnnDims rnn_dims(const NodeContext& ctx, std::int64_t gates) {
  const std::string& op = ctx.node().op_type;
  const auto x = ctx.in_dims(0);
  const auto w = ctx.in_dims(1);
  const auto r = ctx.in_dims(2);
  if (x.size() != 3 || w.size() != 3 || r.size() != 3) {
    throw input_error(fmt::format("{}: X, W and R must be 3-D", op));
  }
  RnnDims d;
  const bool batch_first = ctx.node().attr_int("layout", 0) != 0;
  d.seq = batch_first ? x[1] : x[0];
  d.batch = batch_first ? x[0] : x[1];
  d.input = w[2];
  d.hidden = r[2];
  d.directions = w[0];
  if (w[1] != mul({gates, d.hidden}) || r[1] != w[1] || r[0] != w[0] || x[2] != d.input) {
    throw input_error(
        fmt::format("{}: W {}x{}x{} and R {}x{}x{} do not match {} gates of "
                    "hidden size {} and input size {}",
                    op, w[0], w[1], w[2], r[0], r[1], r[2], gates, d.hidden, x[2]));
  }
  const std::string direction = ctx.node().attr_string("direction", "forward");
  const std::int64_t expected = direction == "bidirectional" ? 2 : 1;
  if (d.directions != expected) {
    throw input_error(fmt::format("{}: direction '{}' needs {} weight set(s), W has {}", op,
                                  direction, expected, d.directions));
  }
  return d;
}

// Per-element FLOPs of the activations of one direction: `per_direction` functions from the
// `activations` attribute (listed forward first, then reverse), or the defaults.
std::vector<std::int64_t> activation_costs(const NodeContext& ctx, std::size_t direction,
                                           std::size_t per_direction,
                                           std::initializer_list<std::string_view> defaults) {
  const Attribute* a = ctx.node().attr("activations");
  std::vector<std::int64_t> costs;
  for (std::size_t i = 0; i < per_direction; ++i) {
    std::string_view name = *(defaults.begin() + i);
    if (a != nullptr && !a->strings.empty()) {
      const std::size_t index = direction * per_direction + i;
      if (index >= a->strings.size()) {
        throw input_error(fmt::format("{}: activations lists {} functions, needs {}",
                                      ctx.node().op_type, a->strings.size(), index + 1));
      }
      name = a->strings[index];
    }
    costs.push_back(activation_flops(ctx, name));
  }
  return costs;
}

bool has_clip(const NodeContext& ctx) {
  return ctx.node().attr("clip") != nullptr;
}

// Sums one direction's per-step, per-row cost over the steps and batch rows.
OpCost over_steps(const RnnDims& d, std::int64_t macs_per_direction,
                  std::int64_t other_flops_all_directions) {
  const std::int64_t rows = mul({d.seq, d.batch});
  return contraction(mul({rows, d.directions, macs_per_direction}),
                     mul({rows, other_flops_all_directions}));
}

// LSTM per step, direction and row (gates i, o, f, c; f, g, h activations):
//   MACs = 4H(I + H) + 3H with peepholes P
//   FLOPs = 2*MACs + 4H bias (if B) + 8H clip (if clip) + H(3f + g + h)
//           + 3H for C = f.C + i.c + 1H for H = o.h(C)
OpCost lstm(const NodeContext& ctx) {
  const RnnDims d = rnn_dims(ctx, 4);
  const std::int64_t h = d.hidden;
  const std::int64_t macs =
      add({mul({4, h, add({d.input, h})}), ctx.has_input(7) ? mul({3, h}) : 0});
  std::int64_t other = 0;
  for (std::size_t dir = 0; dir < static_cast<std::size_t>(d.directions); ++dir) {
    const auto act = activation_costs(ctx, dir, 3, {"Sigmoid", "Tanh", "Tanh"});
    const std::int64_t per_h =
        (ctx.has_input(3) ? 4 : 0) + (has_clip(ctx) ? 8 : 0) + 3 * act[0] + act[1] + act[2] + 4;
    other = add({other, mul({h, per_h})});
  }
  return over_steps(d, macs, other);
}

// GRU per step, direction and row (gates z, r, h; f, g activations):
//   MACs = 3H(I + H)
//   FLOPs = 2*MACs + bias (if B: 3H, 4H with linear_before_reset since Rbh stays separate)
//           + r.H: 1H (linear_before_reset = 0) or r.(H Rh + Rbh) and its add: 2H
//           + 6H clip + H(2f + g) + 4H for H = (1 - z).h + z.H
OpCost gru(const NodeContext& ctx) {
  const RnnDims d = rnn_dims(ctx, 3);
  const std::int64_t h = d.hidden;
  const std::int64_t macs = mul({3, h, add({d.input, h})});
  const bool lbr = ctx.node().attr_int("linear_before_reset", 0) != 0;
  std::int64_t other = 0;
  for (std::size_t dir = 0; dir < static_cast<std::size_t>(d.directions); ++dir) {
    const auto act = activation_costs(ctx, dir, 2, {"Sigmoid", "Tanh"});
    const std::int64_t bias = ctx.has_input(3) ? (lbr ? 4 : 3) : 0;
    const std::int64_t reset = lbr ? 2 : 1;
    const std::int64_t per_h = bias + reset + (has_clip(ctx) ? 6 : 0) + 2 * act[0] + act[1] + 4;
    other = add({other, mul({h, per_h})});
  }
  return over_steps(d, macs, other);
}

// RNN per step, direction and row: MACs = H(I + H); FLOPs = 2*MACs + H bias + 2H clip + H*f.
OpCost rnn(const NodeContext& ctx) {
  const RnnDims d = rnn_dims(ctx, 1);
  const std::int64_t h = d.hidden;
  const std::int64_t macs = mul({h, add({d.input, h})});
  std::int64_t other = 0;
  for (std::size_t dir = 0; dir < static_cast<std::size_t>(d.directions); ++dir) {
    const auto act = activation_costs(ctx, dir, 1, {"Tanh"});
    const std::int64_t per_h = (ctx.has_input(3) ? 1 : 0) + (has_clip(ctx) ? 2 : 0) + act[0];
    other = add({other, mul({h, per_h})});
  }
  return over_steps(d, macs, other);
}

}  // namespace

void register_recurrent_rules(CostRegistry& r) {
  add_rules(
      r, "ai.onnx", "recurrent",
      {
          {"LSTM",
           "per step x direction x batch row: MACs = 4H(I+H) (+3H peepholes); FLOPs = 2*MACs + "
           "4H bias + 8H clip + H(3f + g + h) activations (default 14H) + 4H cell/state update",
           lstm, slots({4})},
          {"GRU",
           "per step x direction x batch row: MACs = 3H(I+H); FLOPs = 2*MACs + 3H bias (4H if "
           "linear_before_reset) + H (2H) reset product + 6H clip + H(2f + g) activations "
           "(default 9H) + 4H state update",
           gru, slots({4})},
          {"RNN",
           "per step x direction x batch row: MACs = H(I+H); FLOPs = 2*MACs + H bias + 2H clip "
           "+ H*f activation (default Tanh 1)",
           rnn, slots({4})},
      });
}

}  // namespace infergy::cost
