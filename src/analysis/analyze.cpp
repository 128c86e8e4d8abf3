// Walks the inferred graph, applies the cost rules and derives bytes and parameters by the
// conventions documented in analysis.hpp.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "infergy/analysis.hpp"
#include "infergy/checked.hpp"
#include "infergy/error.hpp"
#include "infergy/onnx.hpp"
#include "infergy/onnx_fallback.hpp"

namespace infergy {

std::string_view to_string(CostStatus s) {
  switch (s) {
    case CostStatus::counted:
      return "counted";
    case CostStatus::no_rule:
      return "no rule";
    case CostStatus::excluded:
      return "not counted by design";
    case CostStatus::unknown_shape:
      return "shape unknown";
    case CostStatus::control_flow:
      return "control flow";
    case CostStatus::uncounted_loop:
      return "loop not counted";
    case CostStatus::not_run:
      return "branch not taken";
  }
  return "?";
}

double Counts::intensity() const {
  const double bytes = static_cast<double>(bytes_read) + static_cast<double>(bytes_written);
  return bytes > 0 ? static_cast<double>(flops) / bytes : 0.0;
}

Counts& Counts::operator+=(const Counts& o) {
  macs = add({macs, o.macs});
  flops = add({flops, o.flops});
  params = add({params, o.params});
  bytes_read = add({bytes_read, o.bytes_read});
  bytes_written = add({bytes_written, o.bytes_written});
  return *this;
}

namespace {

Counts scaled(const Counts& c, std::int64_t k) {
  return {mul({c.macs, k}), mul({c.flops, k}), c.params, mul({c.bytes_read, k}),
          mul({c.bytes_written, k})};
}

std::string shape_text(const Tensor& t) {
  if (!t.dims) return "?";
  if (t.dims->empty()) return "scalar";
  std::string s;
  for (std::size_t i = 0; i < t.dims->size(); ++i) {
    if (i) s += 'x';
    const auto d = (*t.dims)[i];
    s += d >= 0 ? std::to_string(d) : "?";
  }
  return s;
}

bool is_parameter_type(DataType t) {
  return t != DataType::int64 && t != DataType::boolean && t != DataType::string &&
         t != DataType::undefined && t != DataType::uint64;
}

class Analyzer {
 public:
  Analyzer(const Model& model, const AnalyzeOptions& options)
      : model_(model),
        options_(options),
        registry_(options.registry ? *options.registry : CostRegistry::builtin()) {}

  Analysis run();

 private:
  // Each returns the counts (already multiplied by `multiplier`) that its caller adds to its own
  // total; `in_totals` only marks reports of nodes whose cost the totals leave out.
  Counts visit_graph(const Graph& g, const std::string& path, std::int64_t multiplier,
                     bool in_totals);
  Counts visit_node(const Graph& g, std::size_t index, const std::string& path,
                    std::int64_t multiplier, bool in_totals);
  void skip_graph(const Graph& g, const std::string& path);
  Counts visit_control_flow(const Graph& g, std::size_t index, NodeReport& report,
                            const std::string& path, std::int64_t multiplier, bool in_totals);
  std::int64_t bytes_of(const Tensor& t, std::int64_t elements) const;
  struct Resolved {
    const Graph* graph;  // the graph that owns `tensor`
    const Tensor* tensor;
  };
  const Tensor* resolve(const Graph& g, TensorId id) const;
  Resolved resolve_with_graph(const Graph& g, TensorId id) const;
  const Tensor* alias_root(const Graph& g, TensorId id) const;
  [[noreturn]] void overflow(const Node& n, std::size_t index) const {
    throw input_error(fmt::format("{}: node '{}' ({}): a count overflows 64 bits",
                                  model_.path.string(), n.label(index), n.op_type));
  }

  const Model& model_;
  const AnalyzeOptions& options_;
  const CostRegistry& registry_;
  Analysis out_;
  std::unordered_set<const Tensor*> counted_params_;
  std::unordered_set<const Tensor*> stored_params_;  // read as data anywhere, branches included
  void note_stored_params(const Graph& g, const Node& node);
  std::int64_t take_params(const Graph& g, const Node& node, const CostRule* rule);
  std::optional<std::int64_t> constant_elements(const Graph& g, const Tensor& t) const;
};

const Tensor* Analyzer::resolve(const Graph& g, TensorId id) const {
  return resolve_with_graph(g, id).tensor;
}

Analyzer::Resolved Analyzer::resolve_with_graph(const Graph& g, TensorId id) const {
  if (id == kNoTensor) return {&g, nullptr};
  const Graph* owner = &g;
  const Tensor* t = &g.tensor(id);
  for (const Graph* up = g.parent; t->kind == TensorKind::outer_scope && up; up = up->parent) {
    const TensorId outer = up->find(t->name);
    if (outer != kNoTensor) {
      t = &up->tensor(outer);
      owner = up;
    }
  }
  return {owner, t};
}

// Exporters alias shared weights through Identity nodes; the alias is the same parameter.
const Tensor* Analyzer::alias_root(const Graph& g, TensorId id) const {
  Resolved r = resolve_with_graph(g, id);
  for (int hops = 0; hops < 64 && r.tensor && r.tensor->kind == TensorKind::intermediate &&
                     r.tensor->producer >= 0;
       ++hops) {
    const Node& p = r.graph->nodes[static_cast<std::size_t>(r.tensor->producer)];
    if (p.op_type != "Identity" || p.domain != "ai.onnx" || p.inputs.empty()) break;
    r = resolve_with_graph(*r.graph, p.inputs[0]);
  }
  return r.tensor;
}

std::int64_t Analyzer::bytes_of(const Tensor& t, std::int64_t elements) const {
  std::int64_t size = element_size(t.dtype);
  if (is_floating(t.dtype) && options_.precision) {
    size = static_cast<std::int64_t>(element_bytes(*options_.precision));
  }
  if (size == 0) size = 1;  // strings and unknown types: count one byte per element
  const auto b = checked_mul(elements, size);
  if (!b) throw CountOverflow();
  return *b;
}

// Elements of a constant, also in branches whose shapes were never inferred (a Constant node's
// attribute carries its dims).
std::optional<std::int64_t> Analyzer::constant_elements(const Graph& g, const Tensor& t) const {
  if (auto n = t.elements()) return n;
  if (t.kind != TensorKind::constant || t.producer < 0) return std::nullopt;
  const Node& p = g.nodes[static_cast<std::size_t>(t.producer)];
  const Attribute* a = p.attr("value");
  if (!a || a->tensors.empty()) return std::nullopt;
  return checked_product(a->tensors.front().dims);
}

void Analyzer::note_stored_params(const Graph& g, const Node& node) {
  const CostRule* rule = registry_.find(node.domain, node.op_type);
  for (std::size_t i = 0; i < node.inputs.size(); ++i) {
    if (i < 32 && rule && (rule->non_data_inputs & (1u << i)) != 0) continue;
    const Resolved r = resolve_with_graph(g, node.inputs[i]);
    const Tensor* root = alias_root(g, node.inputs[i]);
    if (!root || !root->is_constant() || !is_parameter_type(root->dtype)) continue;
    const Graph& owner = root == r.tensor ? *r.graph : g;
    const auto n = constant_elements(owner, *root);
    if (n && *n > 1 && stored_params_.insert(root).second) {
      out_.params_all_branches = add({out_.params_all_branches, *n});
    }
  }
}

// The parameters a node reads as data that no node before it counted (see analysis.hpp).
std::int64_t Analyzer::take_params(const Graph& g, const Node& node, const CostRule* rule) {
  std::int64_t params = 0;
  for (std::size_t i = 0; i < node.inputs.size(); ++i) {
    if (i < 32 && rule && (rule->non_data_inputs & (1u << i)) != 0) continue;
    const Resolved r = resolve_with_graph(g, node.inputs[i]);
    const Tensor* root = alias_root(g, node.inputs[i]);
    if (!root || !root->is_constant() || !is_parameter_type(root->dtype)) continue;
    const Graph& owner = root == r.tensor ? *r.graph : g;
    const auto n = constant_elements(owner, *root);
    if (n && *n > 1 && counted_params_.insert(root).second) params = add({params, *n});
  }
  return params;
}

// Lists the nodes of a branch that does not run, without evaluating them: their shapes were
// never inferred, and their cost is no part of the inference.
void Analyzer::skip_graph(const Graph& g, const std::string& path) {
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& node = g.nodes[i];
    NodeReport r;
    r.graph = path;
    r.index = i;
    r.name = node.label(i);
    r.op_type = node.op_type;
    r.domain = node.domain;
    r.status = CostStatus::not_run;
    r.in_totals = false;
    note_stored_params(g, node);
    out_.nodes.push_back(std::move(r));
    ++out_.node_count;
    ++out_.not_run_nodes;
    const std::string base = (path.empty() ? "" : path + "/") + node.label(i);
    for (const auto& a : node.attributes) {
      for (const auto& sub : a.graphs) skip_graph(*sub, base + "/" + a.name);
    }
  }
}

Counts Analyzer::visit_graph(const Graph& g, const std::string& path, std::int64_t multiplier,
                             bool in_totals) {
  Counts total;
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    total += visit_node(g, i, path, multiplier, in_totals);
  }
  return total;
}

Counts Analyzer::visit_node(const Graph& g, std::size_t index, const std::string& path,
                            std::int64_t multiplier, bool in_totals) {
  const Node& node = g.nodes[index];
  NodeReport r;
  r.graph = path;
  r.index = index;
  r.name = node.label(index);
  r.op_type = node.op_type;
  r.domain = node.domain;
  r.multiplier = multiplier;
  r.in_totals = in_totals;
  for (TensorId out : node.outputs) {
    if (out != kNoTensor) r.output_shapes.push_back(shape_text(g.tensor(out)));
  }
  ++out_.node_count;

  note_stored_params(g, node);
  const bool control = node.domain == "ai.onnx" &&
                       (node.op_type == "If" || node.op_type == "Loop" || node.op_type == "Scan");
  if (control) {
    const std::size_t slot = out_.nodes.size();
    out_.nodes.push_back(r);
    Counts c = visit_control_flow(g, index, r, path, multiplier, in_totals);
    out_.nodes[slot].status = r.status;
    out_.nodes[slot].note = r.note;
    if (r.status == CostStatus::control_flow) ++out_.counted_nodes;
    return c;
  }

  const CostRule* rule = registry_.find(node.domain, node.op_type);
  // Parameters are what the model stores, whatever the shapes: a node left uncounted still
  // reads its weights.
  Counts params_only;
  params_only.params = take_params(g, node, rule);
  r.counts.params = params_only.params;
  if (rule == nullptr) {
    const ExcludedOp* excluded = registry_.excluded(node.domain, node.op_type);
    r.status = excluded ? CostStatus::excluded : CostStatus::no_rule;
    r.note = excluded ? fmt::format("not counted by design: {}", excluded->why) : "no cost rule";
    out_.nodes.push_back(std::move(r));
    return params_only;
  }
  NodeContext ctx(node, g);
  OpCost cost;
  try {
    cost = rule->fn(ctx);
  } catch (const UnknownShape&) {
    r.status = CostStatus::unknown_shape;
    std::vector<std::string> unknown;
    for (std::size_t i = 0; i < node.inputs.size(); ++i) {
      const Tensor* t = ctx.input(i);
      if (t && !t->shape_known()) unknown.push_back(t->name);
    }
    for (std::size_t i = 0; i < node.outputs.size(); ++i) {
      const Tensor* t = ctx.output(i);
      if (t && !t->shape_known()) unknown.push_back(t->name);
    }
    r.note = unknown.empty() ? "shape unknown"
                             : fmt::format("shape of {} unknown", fmt::join(unknown, ", "));
    out_.nodes.push_back(std::move(r));
    return params_only;
  } catch (const CountOverflow&) {
    overflow(node, index);
  } catch (const Error& e) {
    // A branch evaluated only to compare costs may hold shapes no run produces.
    if (in_totals || e.kind() != ErrorKind::input) throw;
    r.status = CostStatus::unknown_shape;
    r.note = e.what();
    out_.nodes.push_back(std::move(r));
    return params_only;
  }

  try {
    Counts c;
    c.params = params_only.params;
    c.macs = cost.macs;
    c.flops = cost.flops;
    // A Constant node holds a value like an initializer does: its consumers read it, and it
    // writes nothing at run time.
    const bool is_constant_node = node.op_type == "Constant" && node.domain == "ai.onnx";
    for (std::size_t i = 0; i < node.inputs.size(); ++i) {
      const Tensor* t = ctx.input(i);
      if (t == nullptr) continue;
      const auto elements = i < cost.input_elements_read.size()
                                ? std::optional<std::int64_t>(cost.input_elements_read[i])
                                : t->elements();
      if (!elements) {
        r.status = CostStatus::unknown_shape;
        r.note = fmt::format("shape of {} unknown", t->name);
        out_.nodes.push_back(std::move(r));
        return params_only;
      }
      c.bytes_read = add({c.bytes_read, bytes_of(*t, *elements)});
    }
    if (!is_constant_node) {
      for (std::size_t i = 0; i < node.outputs.size(); ++i) {
        const Tensor* t = ctx.output(i);
        if (t == nullptr) continue;
        const auto elements = t->elements();
        if (!elements) {
          r.status = CostStatus::unknown_shape;
          r.note = fmt::format("shape of {} unknown", t->name);
          out_.nodes.push_back(std::move(r));
          return params_only;
        }
        c.bytes_written = add({c.bytes_written, bytes_of(*t, *elements)});
      }
    }
    r.counts = scaled(c, multiplier);
    r.status = CostStatus::counted;
    ++out_.counted_nodes;
    Counts result = r.counts;
    out_.nodes.push_back(std::move(r));
    return result;
  } catch (const CountOverflow&) {
    overflow(node, index);
  }
}

const Graph* attribute_graph(const Node& n, std::string_view name) {
  const Attribute* a = n.attr(name);
  return a && !a->graphs.empty() ? a->graphs.front().get() : nullptr;
}

Counts Analyzer::visit_control_flow(const Graph& g, std::size_t index, NodeReport& report,
                                    const std::string& path, std::int64_t multiplier,
                                    bool in_totals) {
  const Node& node = g.nodes[index];
  const std::string base = (path.empty() ? "" : path + "/") + node.label(index);
  try {
    if (node.op_type == "If") {
      const Graph* then_g = attribute_graph(node, "then_branch");
      const Graph* else_g = attribute_graph(node, "else_branch");
      const Tensor* cond = resolve(g, node.inputs.empty() ? kNoTensor : node.inputs[0]);
      report.status = CostStatus::control_flow;
      if (node.branch_taken >= 0) {
        const bool take_then = node.branch_taken == 1;
        const bool cond_known = cond && cond->values && cond->values->size() == 1;
        report.note =
            fmt::format("{}: {} branch",
                        cond_known ? "condition known" : "only branch consistent with the shapes",
                        take_then ? "then" : "else");
        Counts taken = visit_graph(take_then ? *then_g : *else_g,
                                   base + (take_then ? "/then" : "/else"), multiplier, in_totals);
        skip_graph(take_then ? *else_g : *then_g, base + (take_then ? "/else" : "/then"));
        return taken;
      }
      // Unknown condition: count the costlier branch, an upper bound, and say so.
      const std::size_t mark = out_.nodes.size();
      const std::size_t mark_count = out_.node_count, mark_counted = out_.counted_nodes;
      const auto params_before = counted_params_;
      const Counts t = visit_graph(*then_g, base + "/then", multiplier, false);
      const Counts e = visit_graph(*else_g, base + "/else", multiplier, false);
      const bool then_costlier = t.flops >= e.flops;
      // Re-walk to attribute totals and parameters to the chosen branch only.
      out_.nodes.resize(mark);
      out_.node_count = mark_count;
      out_.counted_nodes = mark_counted;
      counted_params_ = params_before;
      report.note = fmt::format("condition unknown: counted the costlier {} branch",
                                then_costlier ? "then" : "else");
      Counts chosen =
          visit_graph(then_costlier ? *then_g : *else_g, base + (then_costlier ? "/then" : "/else"),
                      multiplier, in_totals);
      visit_graph(then_costlier ? *else_g : *then_g, base + (then_costlier ? "/else" : "/then"),
                  multiplier, false);
      return chosen;
    }
    if (node.op_type == "Loop") {
      const Graph* body = attribute_graph(node, "body");
      const Tensor* m = resolve(g, node.inputs.empty() ? kNoTensor : node.inputs[0]);
      if (m && m->values && m->values->size() == 1 && !m->values->is_float &&
          m->values->ints[0] >= 0) {
        const std::int64_t trips = m->values->ints[0];
        report.status = CostStatus::control_flow;
        const bool has_cond = node.inputs.size() > 1 && node.inputs[1] != kNoTensor;
        report.note = fmt::format("body x {} iterations{}", trips,
                                  has_cond ? " (upper bound: the body may stop early)" : "");
        return visit_graph(*body, base + "/body", mul({multiplier, trips}), in_totals);
      }
      report.status = CostStatus::uncounted_loop;
      report.note = "trip count unknown: body counted once, not in totals";
      visit_graph(*body, base + "/body", multiplier, false);
      return {};
    }
    // Scan
    const Graph* body = attribute_graph(node, "body");
    const auto num_scan = node.attr_int("num_scan_inputs", 0);
    const std::size_t states = node.inputs.size() - static_cast<std::size_t>(num_scan);
    const auto axes = node.attr_ints("scan_input_axes");
    std::int64_t length = kUnknownDim;
    if (num_scan > 0 && states < node.inputs.size()) {
      const Tensor* first = resolve(g, node.inputs[states]);
      if (first && first->dims) {
        const auto rank = static_cast<std::int64_t>(first->dims->size());
        std::int64_t axis = axes.empty() ? 0 : axes[0];
        if (axis < 0) axis += rank;
        if (axis >= 0 && axis < rank) length = (*first->dims)[static_cast<std::size_t>(axis)];
      }
    }
    if (length >= 0) {
      report.status = CostStatus::control_flow;
      report.note = fmt::format("body x {} scan steps", length);
      return visit_graph(*body, base + "/body", mul({multiplier, length}), in_totals);
    }
    report.status = CostStatus::uncounted_loop;
    report.note = "scan length unknown: body counted once, not in totals";
    visit_graph(*body, base + "/body", multiplier, false);
    return {};
  } catch (const CountOverflow&) {
    overflow(node, index);
  }
}

Analysis Analyzer::run() {
  out_.model = model_.path.string();
  out_.producer = model_.producer;
  out_.ir_version = model_.ir_version;
  out_.opsets = model_.opsets;
  out_.file_bytes = model_.file_bytes;
  out_.precision =
      options_.precision ? std::string(to_string(*options_.precision)) : std::string("as stored");
  out_.warnings = model_.warnings;
  for (TensorId id : model_.graph.inputs) {
    const Tensor& t = model_.graph.tensor(id);
    InputInfo in{t.name, std::string(to_string(t.dtype)), shape_text(t), "", {}};
    if (options_.bound) {
      for (const auto& b : options_.bound->inputs) {
        if (b.name != t.name) continue;
        in.declared = b.declared;
        in.sources = b.sources;
      }
    }
    out_.inputs.push_back(std::move(in));
  }
  if (options_.bound) {
    out_.batch = options_.bound->batch;
    out_.batch_from = options_.bound->batch_from;
  }
  try {
    out_.totals = visit_graph(model_.graph, "", 1, true);
  } catch (const CountOverflow&) {
    throw input_error(fmt::format("{}: total counts overflow 64 bits", model_.path.string()));
  }

  // Node tallies from the reports: nodes whose cost belongs in the totals, and the rest (If
  // branches that do not run, or were evaluated only to pick the costlier one).
  out_.counted_nodes = 0;
  out_.not_run_nodes = 0;
  for (const auto& n : out_.nodes) {
    if (!n.in_totals) {
      ++out_.not_run_nodes;
    } else if (n.status == CostStatus::counted || n.status == CostStatus::control_flow) {
      ++out_.counted_nodes;
    }
  }
  std::map<std::string, OpSummary> ops;
  std::map<std::string, UncountedOp> uncounted;
  for (const auto& n : out_.nodes) {
    const std::string key = n.domain == "ai.onnx" ? n.op_type : n.domain + "." + n.op_type;
    OpSummary& s = ops[key];
    s.op_type = key;
    ++s.nodes;
    if (n.status == CostStatus::no_rule || n.status == CostStatus::excluded) s.has_rule = false;
    if (n.in_totals && n.status == CostStatus::counted) {
      try {
        s.counts += n.counts;
      } catch (const CountOverflow&) {
        throw input_error(fmt::format("{}: {} counts overflow 64 bits", model_.path.string(), key));
      }
    }
    const bool matters = n.in_totals || n.status == CostStatus::uncounted_loop;
    if (matters &&
        (n.status == CostStatus::no_rule || n.status == CostStatus::excluded ||
         n.status == CostStatus::unknown_shape || n.status == CostStatus::uncounted_loop)) {
      UncountedOp& u = uncounted[key + "|" + std::string(to_string(n.status))];
      u.op_type = key;
      ++u.nodes;
      u.reason = n.status == CostStatus::no_rule ? "no cost rule" : n.note;
    }
  }
  for (auto& [key, s] : ops) out_.by_op.push_back(std::move(s));
  std::stable_sort(out_.by_op.begin(), out_.by_op.end(), [](const auto& a, const auto& b) {
    return a.counts.flops != b.counts.flops ? a.counts.flops > b.counts.flops : a.nodes > b.nodes;
  });
  for (auto& [key, u] : uncounted) {
    u.share_of_nodes =
        out_.node_count ? static_cast<double>(u.nodes) / static_cast<double>(out_.node_count) : 0;
    out_.uncounted.push_back(std::move(u));
  }
  std::stable_sort(out_.uncounted.begin(), out_.uncounted.end(),
                   [](const auto& a, const auto& b) { return a.nodes > b.nodes; });
  return std::move(out_);
}

}  // namespace

Analysis analyze(const Model& model, const AnalyzeOptions& options) {
  Analysis a = Analyzer(model, options).run();
  a.data_dims = model.data_dims;
  return a;
}

std::size_t Analysis::unpinned_data_dims() const {
  return static_cast<std::size_t>(
      std::count_if(data_dims.begin(), data_dims.end(), [](const auto& d) { return !d.pinned; }));
}

namespace {

// The analysis with every unpinned data-dependent dim at one of its bounds, or nullopt (and a
// warning) when the graph cannot be inferred that way.
std::optional<Analysis> analysis_at(const std::function<Model()>& load, const DimBindings& bindings,
                                    const AnalyzeOptions& options, DataDimChoice choice,
                                    std::vector<std::string>& warnings) {
  Model model = load();
  bind_inputs(model, bindings);
  try {
    infer_shapes(
        model,
        {.fallback = make_onnx_shape_fallback(), .data_dims = choice, .pins = bindings.pins});
    return analyze(model, options);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::input) throw;
    warnings.push_back(fmt::format("no {} bound: with data-dependent dims at their {} bounds, {}",
                                   choice == DataDimChoice::lower ? "lower" : "upper",
                                   choice == DataDimChoice::lower ? "lower" : "upper", e.what()));
    return std::nullopt;
  }
}

}  // namespace

Analysis analyze_file(const std::filesystem::path& path, const DimBindings& bindings,
                      const AnalyzeOptions& options) {
  return analyze_loaded([&] { return load_onnx(path); }, bindings, options);
}

Analysis analyze_loaded(const std::function<Model()>& load, const DimBindings& bindings,
                        const AnalyzeOptions& options) {
  Model model = load();
  const std::filesystem::path path = model.path;
  BoundShapes bound = bind_inputs(model, bindings);
  try {
    infer_shapes(model, {.fallback = make_onnx_shape_fallback(), .pins = bindings.pins});
  } catch (const Error& e) {
    // Adds what was asked to the node's message: the shape the graph contradicts is ours.
    if (!bound.reshaped || e.kind() != ErrorKind::input) throw;
    throw usage_error(
        fmt::format("{} (after {}; the graph fixes the file's shape inside: export the model with "
                    "that dim dynamic, or keep the file's shape)",
                    e.what(), bound.reshape_summary()));
  }
  for (const auto& pin : bindings.pins) {
    // Named, not structured bindings: clang 14 cannot capture a binding in the lambda below.
    const std::string& name = pin.first;
    const std::int64_t value = pin.second;
    const auto it = std::find_if(model.data_dims.begin(), model.data_dims.end(),
                                 [&](const DataDependentDim& d) { return d.name == name; });
    if (it == model.data_dims.end()) {
      std::vector<std::string> names;
      for (const auto& d : model.data_dims) names.push_back(d.name);
      throw usage_error(
          fmt::format("{}: --pin {}: no data-dependent dim of that name ({})", path.string(), name,
                      names.empty() ? std::string("the model has none")
                                    : fmt::format("it has {}", fmt::join(names, ", "))));
    }
    if (value < it->lower || (it->upper >= 0 && value > it->upper)) {
      throw usage_error(fmt::format("{}: --pin {}={}: outside its range [{}, {}]", path.string(),
                                    name, value, it->lower,
                                    it->upper >= 0 ? std::to_string(it->upper) : "?"));
    }
  }
  AnalyzeOptions with_binding = options;
  with_binding.bound = std::move(bound);
  Analysis a = analyze(model, with_binding);
  if (a.unpinned_data_dims() > 0) {
    const auto lower = analysis_at(load, bindings, with_binding, DataDimChoice::lower, a.warnings);
    // A graph that cannot run at the smallest sizes (a Reshape of 0 elements to [0, -1]) still
    // costs at least its exact part.
    a.lower = lower ? lower->totals : a.totals;
    if (!lower) a.warnings.back() += "; the lower bound is the exact part";
    const auto upper = analysis_at(load, bindings, with_binding, DataDimChoice::upper, a.warnings);
    if (upper) {
      a.upper = upper->totals;
      // A cap that follows from another dim's (NonZero over the boxes NMS kept) is known there.
      for (auto& d : a.data_dims) {
        for (const auto& u : upper->data_dims) {
          if (d.upper < 0 && u.name == d.name) d.upper = u.upper;
        }
      }
      std::size_t left_out = 0;
      for (const auto& n : upper->nodes) {
        left_out += n.in_totals && (n.status == CostStatus::unknown_shape ||
                                    n.status == CostStatus::uncounted_loop);
      }
      if (left_out > 0) {
        a.warnings.push_back(fmt::format(
            "the upper bound leaves out {} node{} whose shapes stay unknown at the upper bounds",
            left_out, left_out == 1 ? "" : "s"));
      }
    }
  }
  return a;
}

}  // namespace infergy
