// Cost rules: what one node of a model costs in arithmetic.
//
// A rule is a small pure function of a node's input/output shapes and attributes, registered in
// one table (CostRegistry) under (domain, op_type), one source file per op family
// (src/cost/<family>.cpp) with the convention it implements written beside it. Rules count
// arithmetic only; bytes and parameters are derived from tensors by the analysis (analysis.hpp)
// so that every op moves bytes by the same convention.
//
// Counting convention (also printed with every result and in the README):
//   MAC   = one multiply-accumulate (a*b + c).
//   FLOPs = 2 x MACs for multiply-accumulate ops, plus the op's other arithmetic at a documented
//           per-element cost (bias add 1, ReLU 1, ... see each family's file and the README).
#pragma once

#include <cstdint>
#include <exception>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "infergy/graph.hpp"

namespace infergy {

/// Thrown by NodeContext accessors when a shape a rule needs is not known; the analysis then
/// reports the node's cost as unknown (never as zero).
struct UnknownShape : std::exception {
  const char* what() const noexcept override { return "shape not known"; }
};

/// Thrown when a node's arithmetic depends on the values flowing through it, not only on shapes
/// (the boxes NonMaxSuppression keeps, the region sizes of MaxRoiPool). It is an UnknownShape, so
/// an analysis that only knows UnknownShape still reports the node as uncounted, never as zero.
struct DataDependentCost : UnknownShape {
  const char* what() const noexcept override { return "cost depends on the input values"; }
};

/// Thrown when a count does not fit in 64 bits; the analysis reports it as an input error that
/// names the node.
struct CountOverflow : std::exception {
  const char* what() const noexcept override { return "count overflows 64 bits"; }
};

/// Overflow-checked product and sum for rules (throw CountOverflow).
std::int64_t mul(std::initializer_list<std::int64_t> factors);
std::int64_t add(std::initializer_list<std::int64_t> terms);
/// Product of a span of dims (1 for empty).
std::int64_t product(std::span<const std::int64_t> dims);

/// What a rule returns.
struct OpCost {
  std::int64_t macs = 0;
  std::int64_t flops = 0;  // all arithmetic, including 2 x macs
  /// Elements actually read from each input slot, for ops that read part of a tensor (Gather
  /// reads the selected rows of a table, Slice its window). Empty: every input is read whole.
  std::vector<std::int64_t> input_elements_read;
};

/// A node with its tensors resolved, as a rule sees it.
class NodeContext {
 public:
  NodeContext(const Node& node, const Graph& graph);

  const Node& node() const { return node_; }
  std::int64_t opset() const { return node_.opset; }

  std::size_t num_inputs() const { return node_.inputs.size(); }
  std::size_t num_outputs() const { return node_.outputs.size(); }
  /// False for slots past the end and for omitted optional inputs.
  bool has_input(std::size_t i) const;
  bool has_output(std::size_t i) const;
  /// The tensor in slot i, or nullptr when absent.
  const Tensor* input(std::size_t i) const;
  const Tensor* output(std::size_t i) const;

  /// Fully known dims of a present tensor; throws UnknownShape otherwise (also when absent).
  std::span<const std::int64_t> in_dims(std::size_t i) const;
  std::span<const std::int64_t> out_dims(std::size_t i) const;
  std::int64_t in_elements(std::size_t i) const;
  std::int64_t out_elements(std::size_t i) const;
  /// Sum of the elements of every present output.
  std::int64_t all_out_elements() const;

 private:
  const Tensor* resolve(TensorId id) const;
  const Node& node_;
  const Graph& graph_;
};

using CostFn = OpCost (*)(const NodeContext&);

struct CostRule {
  std::string_view domain;   // "ai.onnx", "com.microsoft"
  std::string_view op_type;  // "Conv"
  std::string_view family;   // "conv", "matmul", "normalization", ...
  /// The convention in one line, e.g. "MACs = N*Cout*prod(out)*Cin/g*prod(k); FLOPs = 2*MACs
  /// + N*Cout*prod(out) if bias". Printed by `infergy analyze --explain` and the README.
  std::string_view formula;
  CostFn fn = nullptr;
  /// Bit i set: input i is a shape, index, axes or scale argument, not data. Such constants
  /// are not counted as parameters.
  std::uint32_t non_data_inputs = 0;
};

/// An op that infergy leaves out of its counts on purpose, and why: distinct from an op that
/// simply has no rule yet. The analysis reports such nodes as "not counted by design".
struct ExcludedOp {
  std::string_view domain;   // "ai.onnx", "ai.onnx.ml", ...
  std::string_view op_type;  // "" excludes every op of the domain
  std::string_view why;      // one sentence, printed by `infergy analyze` and docs/counting.md
};

class CostRegistry {
 public:
  /// The built-in rules, every family registered, and the built-in exclusions.
  static const CostRegistry& builtin();

  const CostRule* find(std::string_view domain, std::string_view op_type) const;
  const std::vector<CostRule>& rules() const { return rules_; }
  /// Adds a rule; a second rule for the same (domain, op_type), or a rule for an excluded op,
  /// is an internal error.
  void add(const CostRule& rule);

  /// Why an op is not counted by design, or nullptr (it has a rule, or no rule yet).
  const ExcludedOp* excluded(std::string_view domain, std::string_view op_type) const;
  const std::vector<ExcludedOp>& exclusions() const { return exclusions_; }
  /// Records an exclusion; excluding an op (or a domain with an op) that has a rule, or the
  /// same op twice, is an internal error.
  void exclude(const ExcludedOp& op);

 private:
  std::vector<CostRule> rules_;
  std::unordered_map<std::string, std::size_t> index_;  // "domain/op_type" -> rules_ index
  std::vector<ExcludedOp> exclusions_;
};

/// The rules of one family as a Markdown table (op, domain, formula, argument inputs), rows in
/// registration order and rules of the same domain with the same formula and arguments on one
/// row. The tables of docs/counting.md are these; a test keeps them equal.
std::string rules_markdown(const CostRegistry& registry, std::string_view family);
/// The exclusions as a Markdown table (ops, domain, why), ops with the same reason on one row.
std::string exclusions_markdown(const CostRegistry& registry);
/// `doc` with each generated section replaced by its table: a section runs from a line
/// `<!-- generated: rules FAMILY -->` or `<!-- generated: exclusions -->` to the next line
/// `<!-- end generated -->`. An unknown family or an unterminated section is an internal error.
std::string regenerate_rule_tables(std::string_view doc, const CostRegistry& registry);

}  // namespace infergy
