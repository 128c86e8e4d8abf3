// The shape-inference driver: visits nodes in topological order, runs the native rule or the
// fallback, recurses into If/Loop/Scan bodies, and checks that no element count passes 2^63.
#include <fmt/format.h>

#include <map>

#include "context.hpp"
#include "evaluate.hpp"
#include "infergy/checked.hpp"
#include "infergy/error.hpp"
#include "infergy/shapes.hpp"

namespace infergy {

using shape::Dims;
using shape::MaybeDims;
using shape::ShapeContext;
using shape::ShapeError;

namespace {

struct Failures {
  // op -> (count, first reason), so a model with 500 unknown nodes gets one line per op.
  std::map<std::string, std::pair<std::size_t, std::string>> by_op;
};

class Inferrer {
 public:
  Inferrer(Model& model, const ShapeOptions& options) : model_(model), options_(options) {
    data_.choice = options.data_dims;
    data_.pins = &options.pins;
    data_.found = &model.data_dims;
  }

  void run() {
    infer_graph(model_.graph);
    for (const auto& [op, entry] : failures_.by_op) {
      model_.warnings.push_back(fmt::format("shape of {} ({} node{}) not inferred: {}", op,
                                            entry.first, entry.first == 1 ? "" : "s",
                                            entry.second));
    }
  }

 private:
  void infer_graph(Graph& g);
  void infer_node(Graph& g, std::size_t index);
  void infer_if(ShapeContext& ctx, const Node& node);
  void infer_loop(ShapeContext& ctx, const Node& node);
  void infer_scan(ShapeContext& ctx, const Node& node);
  void check_sizes(const Graph& g, const Node& node, std::size_t index) const;
  void note_failure(const Node& node, const std::string& why) {
    auto& entry =
        failures_.by_op[node.domain == "ai.onnx" ? node.op_type : node.domain + "." + node.op_type];
    if (entry.first++ == 0) entry.second = why;
  }

  Model& model_;
  const ShapeOptions& options_;
  Failures failures_;
  shape::DataDimState data_;
};

void Inferrer::infer_graph(Graph& g) {
  for (std::size_t i = 0; i < g.nodes.size(); ++i) infer_node(g, i);
}

std::string node_label(const Node& n, std::size_t index) {
  return fmt::format("node '{}' ({})", n.label(index), n.op_type);
}

void Inferrer::infer_node(Graph& g, std::size_t index) {
  const Node& node = g.nodes[index];
  ShapeContext ctx(node, g, &data_);
  try {
    if (node.domain == "ai.onnx" && node.op_type == "If") {
      infer_if(ctx, node);
    } else if (node.domain == "ai.onnx" && node.op_type == "Loop") {
      infer_loop(ctx, node);
    } else if (node.domain == "ai.onnx" && node.op_type == "Scan") {
      infer_scan(ctx, node);
    } else if (const auto* rule = shape::find_shape_rule(node.domain, node.op_type)) {
      if (rule->check) rule->check(ctx);
      rule->rule(ctx);
      shape::evaluate_values(ctx);
    } else if (options_.fallback) {
      std::vector<const Tensor*> inputs;
      std::vector<Tensor*> outputs;
      for (std::size_t i = 0; i < node.inputs.size(); ++i) inputs.push_back(ctx.input(i));
      for (std::size_t i = 0; i < node.outputs.size(); ++i) outputs.push_back(ctx.output(i));
      std::string why;
      if (!options_.fallback(node, inputs, outputs, why)) note_failure(node, why);
    } else {
      note_failure(node, "no shape rule for this op");
    }
  } catch (const ShapeError& e) {
    throw input_error(
        fmt::format("{}: {}: {}", model_.path.string(), node_label(node, index), e.message));
  }
  check_sizes(g, node, index);
}

void Inferrer::check_sizes(const Graph& g, const Node& node, std::size_t index) const {
  for (TensorId out : node.outputs) {
    if (out == kNoTensor) continue;
    const Tensor& t = g.tensor(out);
    if (!t.dims) continue;
    for (auto d : *t.dims) {
      if (d < kUnknownDim) {
        throw input_error(fmt::format("{}: {}: output '{}' gets a negative dim [{}]",
                                      model_.path.string(), node_label(node, index), t.name,
                                      fmt::join(*t.dims, ",")));
      }
    }
    if (t.shape_known() && !checked_product(*t.dims)) {
      throw input_error(fmt::format("{}: {}: output '{}' has dims [{}], more than 2^63 elements",
                                    model_.path.string(), node_label(node, index), t.name,
                                    fmt::join(*t.dims, ",")));
    }
  }
}

// Merges two shapes of the same value from two control-flow paths: equal dims stay, differing
// ones become unknown.
MaybeDims merge(const MaybeDims& a, const MaybeDims& b) {
  if (!a || !b || a->size() != b->size()) return std::nullopt;
  Dims out(a->size());
  for (std::size_t i = 0; i < a->size(); ++i) out[i] = (*a)[i] == (*b)[i] ? (*a)[i] : kUnknownDim;
  return out;
}

Graph* subgraph(const Node& node, std::string_view name) {
  const Attribute* a = node.attr(name);
  return a && !a->graphs.empty() ? a->graphs.front().get() : nullptr;
}

// A branch that contradicts the bound shapes (Silero VAD's 8 kHz network fed 16 kHz frames)
// is one that cannot run: it is reported, and the other branch gives the outputs.
void Inferrer::infer_if(ShapeContext& ctx, const Node& node) {
  Graph* then_g = subgraph(node, "then_branch");
  Graph* else_g = subgraph(node, "else_branch");
  if (!then_g || !else_g) ctx.fail("If needs then_branch and else_branch graphs");
  Node& mutable_node = const_cast<Node&>(node);  // the driver owns the model being inferred
  const auto cond = ctx.int_values(0);
  const bool known = cond && cond->size() == 1;
  std::string then_error, else_error;
  const auto try_branch = [&](Graph& g, std::string& error) {
    try {
      infer_graph(g);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::input) throw;
      error = e.what();
    }
  };
  if (known) {
    const bool take_then = (*cond)[0] != 0;
    mutable_node.branch_taken = take_then ? 1 : 0;
    infer_graph(take_then ? *then_g : *else_g);  // the taken branch must be consistent
  } else {
    try_branch(*then_g, then_error);
    try_branch(*else_g, else_error);
    if (!then_error.empty() && !else_error.empty()) throw input_error(then_error);
    if (!then_error.empty() || !else_error.empty()) {
      mutable_node.branch_taken = then_error.empty() ? 1 : 0;
      const std::string& why = then_error.empty() ? else_error : then_error;
      const auto colon = why.find(": ");
      model_.warnings.push_back(fmt::format(
          "If '{}': the {} branch cannot run with these input shapes ({}); the {} branch is the "
          "one counted",
          node.name, then_error.empty() ? "else" : "then",
          colon == std::string::npos ? why : why.substr(colon + 2),
          then_error.empty() ? "then" : "else"));
    }
  }
  for (std::size_t i = 0; i < node.outputs.size(); ++i) {
    const Tensor* t = i < then_g->outputs.size() ? &then_g->tensor(then_g->outputs[i]) : nullptr;
    const Tensor* e = i < else_g->outputs.size() ? &else_g->tensor(else_g->outputs[i]) : nullptr;
    if (!t || !e) ctx.fail("If branches have fewer outputs than the node");
    if (mutable_node.branch_taken >= 0) {
      const Tensor* taken = mutable_node.branch_taken == 1 ? t : e;
      ctx.set(i, taken->dtype, taken->dims);
      if (taken->values) {
        if (taken->values->is_float) {
          ctx.set_float_values(i, taken->values->floats);
        } else {
          ctx.set_int_values(i, taken->values->ints);
        }
      }
    } else {
      ctx.set(i, t->dtype != DataType::undefined ? t->dtype : e->dtype, merge(t->dims, e->dims));
    }
  }
}

// Loop inputs: M (trip count), cond, carried...; body inputs: iteration, cond, carried...;
// body outputs: cond, carried..., scan outputs...; node outputs: final carried..., then each
// scan output stacked along a new leading axis of length (trip count).
void Inferrer::infer_loop(ShapeContext& ctx, const Node& node) {
  Graph* body = subgraph(node, "body");
  if (!body) ctx.fail("Loop needs a body graph");
  const std::size_t carried = node.inputs.size() >= 2 ? node.inputs.size() - 2 : 0;
  if (body->inputs.size() != carried + 2) {
    ctx.fail(fmt::format("Loop body takes {} inputs, expected {} (iteration, cond, {} carried)",
                         body->inputs.size(), carried + 2, carried));
  }
  Tensor& iter = body->tensor(body->inputs[0]);
  iter.dtype = DataType::int64;
  iter.dims = Dims{};
  Tensor& cond = body->tensor(body->inputs[1]);
  cond.dtype = DataType::boolean;
  cond.dims = Dims{};
  for (std::size_t k = 0; k < carried; ++k) {
    Tensor& in = body->tensor(body->inputs[k + 2]);
    in.dtype = ctx.dtype(k + 2);
    in.dims = ctx.dims(k + 2);
    in.values.reset();
  }
  infer_graph(*body);
  if (body->outputs.size() < carried + 1) ctx.fail("Loop body has too few outputs");
  std::int64_t trips = kUnknownDim;
  if (const auto m = ctx.int_values(0); m && m->size() == 1 && (*m)[0] >= 0) trips = (*m)[0];
  for (std::size_t k = 0; k < carried; ++k) {
    const Tensor& out = body->tensor(body->outputs[k + 1]);
    ctx.set(k, out.dtype != DataType::undefined ? out.dtype : ctx.dtype(k + 2),
            merge(out.dims, ctx.dims(k + 2)));
  }
  for (std::size_t s = carried; s < node.outputs.size(); ++s) {
    if (s + 1 >= body->outputs.size()) break;
    const Tensor& out = body->tensor(body->outputs[s + 1]);
    MaybeDims d;
    if (out.dims) {
      d = Dims{trips};
      d->insert(d->end(), out.dims->begin(), out.dims->end());
    }
    ctx.set(s, out.dtype, d);
  }
}

// Scan (opset >= 9): inputs are N state values then M scan inputs; the body takes the states
// and one slice of each scan input (scan axis removed); outputs are the final states then K scan
// outputs with the scan axis re-inserted. Scan-8 differs: input 0 is sequence_lens, every
// tensor has a leading batch axis the body does not see, and the scan axis is axis 1.
void Inferrer::infer_scan(ShapeContext& ctx, const Node& node) {
  Graph* body = subgraph(node, "body");
  if (!body) ctx.fail("Scan needs a body graph");
  const bool v8 = node.opset < 9;
  const std::size_t first = v8 ? 1 : 0;
  const auto num_scan_inputs = node.attr_int("num_scan_inputs", 0);
  const std::size_t inputs = node.inputs.size() - first;
  if (num_scan_inputs < 0 || static_cast<std::size_t>(num_scan_inputs) > inputs) {
    ctx.fail("Scan's num_scan_inputs exceeds its inputs");
  }
  const std::size_t states = inputs - static_cast<std::size_t>(num_scan_inputs);
  if (body->inputs.size() != inputs) {
    ctx.fail(
        fmt::format("Scan body takes {} inputs, the node gives {}", body->inputs.size(), inputs));
  }
  const auto scan_axes = node.attr_ints("scan_input_axes");
  std::int64_t length = kUnknownDim, batch = kUnknownDim;
  for (std::size_t i = 0; i < inputs; ++i) {
    Tensor& in = body->tensor(body->inputs[i]);
    in.dtype = ctx.dtype(first + i);
    in.dims = ctx.dims(first + i);
    in.values.reset();
    if (!in.dims) continue;
    if (v8) {
      if (in.dims->empty()) ctx.fail("Scan-8 inputs need a batch axis");
      batch = in.dims->front();
      in.dims->erase(in.dims->begin());
    }
    if (i >= states) {
      const std::size_t j = i - states;
      const std::int64_t rank = static_cast<std::int64_t>(in.dims->size());
      const std::int64_t axis = v8 ? 0 : ctx.axis(j < scan_axes.size() ? scan_axes[j] : 0, rank);
      if (rank == 0) ctx.fail("Scan input has no scan axis");
      length = (*in.dims)[static_cast<std::size_t>(axis)];
      in.dims->erase(in.dims->begin() + axis);
    }
  }
  infer_graph(*body);
  const auto out_axes = node.attr_ints("scan_output_axes");
  for (std::size_t o = 0; o < node.outputs.size() && o < body->outputs.size(); ++o) {
    const Tensor& out = body->tensor(body->outputs[o]);
    MaybeDims d = out.dims;
    if (d && o >= states) {
      const std::size_t j = o - states;
      const std::int64_t rank = static_cast<std::int64_t>(d->size()) + 1;
      const std::int64_t axis = v8 ? 0 : ctx.axis(j < out_axes.size() ? out_axes[j] : 0, rank);
      d->insert(d->begin() + axis, length);
    }
    if (d && v8) d->insert(d->begin(), batch);
    ctx.set(o, out.dtype, d);
  }
}

}  // namespace

void infer_shapes(Model& model, const ShapeOptions& options) {
  model.data_dims.clear();
  Inferrer(model, options).run();
}

bool has_native_shape_rule(std::string_view domain, std::string_view op_type) {
  if (domain == "ai.onnx" && (op_type == "If" || op_type == "Loop" || op_type == "Scan")) {
    return true;
  }
  return shape::find_shape_rule(domain, op_type) != nullptr;
}

}  // namespace infergy
