// The cost of one inference of a model: per node and in total, MACs, FLOPs, parameters, bytes
// read and written, and arithmetic intensity.
//
// The whole pipeline, as a C++ user calls it:
//
//   infergy::Model model = infergy::load_onnx("bert.onnx");  // onnx.hpp
//   auto bound = infergy::bind_inputs(model, {.dims = {{"sequence", 128}}, .batch = 8});
//   infergy::infer_shapes(model, {.fallback = infergy::make_onnx_shape_fallback()});
//   infergy::Analysis a =
//       infergy::analyze(model, {.precision = infergy::Precision::fp16, .bound = bound});
//   std::cout << infergy::render(a, {.format = infergy::OutputFormat::table});
//
// or all at once: infergy::analyze_file("bert.onnx", {.dims = {{"sequence", 128}}, .batch = 8}).
// a.batch is 8: a.totals are for the pass of 8 inferences.
//
// Conventions (printed with every result; README "Counting conventions"):
// - MACs and FLOPs come from the cost rules (cost.hpp), one per op type.
// - Parameters: elements of constant tensors (initializers and Constant nodes, in subgraphs too)
//   that some node reads as data (not as a shape, axes or index argument), counted once even when
//   shared or aliased through Identity, excluding single-element, int64, bool and string tensors.
//   Each is attributed to the first node that reads it.
// - Bytes: every input read once and every output written once, as elements × element size.
//   Floating-point tensors take the size of the chosen precision (as stored when none is
//   chosen); integer and bool tensors keep their own. Ops that read part of an input (Gather,
//   Slice) count what they read. Weights are read once per batch, so batch size moves intensity.
// - Control flow: If counts the branch taken when its condition is a known constant, otherwise
//   the costlier branch (noted); Loop multiplies its body by a constant trip count (an upper
//   bound when the body may stop early) and is uncounted otherwise; Scan multiplies its body by
//   the scan length.
// - Nothing is silently zero: nodes without a rule and nodes whose shapes are unknown are
//   listed with their count and share, and completeness() says the totals are then a lower
//   bound (every rendering prints that verdict first).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "infergy/cost.hpp"
#include "infergy/error.hpp"
#include "infergy/graph.hpp"
#include "infergy/precision.hpp"
#include "infergy/shapes.hpp"
#include "infergy/table.hpp"

namespace infergy {

struct AnalyzeOptions {
  /// Element size of floating-point tensors for bytes; nullopt: as stored in the model.
  std::optional<Precision> precision;
  /// Cost rules; nullptr: CostRegistry::builtin().
  const CostRegistry* registry = nullptr;
  /// What bind_inputs returned: the batch and how each input was shaped, recorded in the
  /// Analysis. Without it the batch is 1 and the inputs' declared shapes are not known.
  std::optional<BoundShapes> bound;
};

enum class CostStatus {
  counted,         // a rule counted it (possibly zero FLOPs, e.g. Reshape)
  no_rule,         // no cost rule for this op type (yet)
  excluded,        // not counted by design (CostRegistry::excluded says why)
  unknown_shape,   // a rule exists but a shape it needs is unknown
  control_flow,    // If/Loop/Scan: its subgraph nodes carry the cost
  uncounted_loop,  // Loop whose trip count is unknown: its body is not in the totals
  not_run          // in an If branch that does not run (its condition is known)
};
std::string_view to_string(CostStatus s);

struct Counts {
  std::int64_t macs = 0;
  std::int64_t flops = 0;
  std::int64_t params = 0;
  std::int64_t bytes_read = 0;
  std::int64_t bytes_written = 0;

  /// FLOPs per byte moved (0 when nothing moves).
  double intensity() const;
  /// Adds (checked: throws CountOverflow).
  Counts& operator+=(const Counts& other);
};

struct NodeReport {
  std::string graph;  // "" for the main graph, "loop_node/body" for a subgraph
  std::size_t index = 0;
  std::string name;  // node name, or "OpType #index"
  std::string op_type;
  std::string domain;
  std::vector<std::string> output_shapes;  // "1x64x112x112", "?x128" (unknown dims as ?)
  CostStatus status = CostStatus::counted;
  std::string note;             // why a node is not (fully) counted
  std::int64_t multiplier = 1;  // enclosing Loop/Scan trip counts, already applied to counts
  bool in_totals = true;        // false for the untaken branch of an If, an uncounted Loop body
  Counts counts;
};

struct OpSummary {
  std::string op_type;  // "Conv", or "com.microsoft.Attention" outside the default domain
  std::size_t nodes = 0;
  bool has_rule = true;
  Counts counts;
};

struct UncountedOp {
  std::string op_type;
  std::size_t nodes = 0;
  double share_of_nodes = 0;  // nodes / all nodes, 0..1
  std::string reason;  // "no cost rule", "not counted by design: ...", "shape unknown: ...", ...
};

struct InputInfo {
  std::string name;
  std::string dtype;
  std::string shape;               // after binding: "64x3x224x224"
  std::string declared;            // as the file declares it: "batchx3x224x224" ("" unknown)
  std::vector<DimSource> sources;  // per dim: the file, --dim, the batch or --input
};

struct Analysis {
  std::string model;  // path
  std::string producer;
  std::int64_t ir_version = 0;
  std::map<std::string, std::int64_t> opsets;
  std::uint64_t file_bytes = 0;
  std::string precision;  // "fp16", or "as stored"
  std::vector<InputInfo> inputs;
  /// Inferences per pass (BoundShapes::batch): totals are for the whole pass; per-inference
  /// figures are totals / batch.
  std::int64_t batch = 1;
  std::string batch_from = "default";  // "--batch", "--dim batch", "--input images", "default"
  std::vector<NodeReport> nodes;
  Counts totals;
  /// Parameters stored in the model and read as data by any node, including If branches that
  /// do not run for these shapes (totals.params counts only what runs).
  std::int64_t params_all_branches = 0;
  std::size_t node_count = 0;          // all nodes, subgraphs included
  std::size_t counted_nodes = 0;       // of the nodes whose cost belongs in the totals
  std::size_t not_run_nodes = 0;       // in If branches not taken (not run, or not the costlier)
  std::vector<OpSummary> by_op;        // sorted by FLOPs, then nodes
  std::vector<UncountedOp> uncounted;  // empty when every node was counted
  std::vector<std::string> warnings;
  /// Dims that depend on the data (NonMaxSuppression's boxes, NonZero, a computed TopK k,
  /// Unique, Compress), each with its range and pinned value (--pin NAME=N). `totals` counts
  /// the nodes that do not depend on an unpinned one: the exact part.
  std::vector<DataDependentDim> data_dims;
  /// The totals with every unpinned data-dependent dim at its lower / upper bound (analyze_file
  /// infers the graph again for each); absent when none is unpinned, or when that inference
  /// failed (a warning says why; a lower bound is then the exact part). An upper bound leaves
  /// out what still has no cap.
  std::optional<Counts> lower, upper;

  /// Unpinned data-dependent dims, which make the totals a part and the figures a range.
  std::size_t unpinned_data_dims() const;
};

/// Counts every node of a model whose shapes have been inferred (bind_inputs + infer_shapes).
/// A count past 2^63 is an input error naming the node.
Analysis analyze(const Model& model, const AnalyzeOptions& options = {});

/// load_onnx + bind_inputs + infer_shapes (with the ONNX fallback) + analyze, with the binding
/// recorded. When the binding changed a dim the file fixes and the graph contradicts the new
/// shape, the usage error names the node and the re-shaped inputs.
Analysis analyze_file(const std::filesystem::path& path, const DimBindings& bindings = {},
                      const AnalyzeOptions& options = {});

/// What analyze_file does, for a model that `load` reads (parse_onnx over bytes in memory: the
/// Python module's bytes input), so a file and its bytes give one analysis. `load` is called
/// again for each bound of the data-dependent dims: inference changes a Model in place, and a
/// Model cannot be copied (its nodes point at its own tensors).
Analysis analyze_loaded(const std::function<Model()>& load, const DimBindings& bindings = {},
                        const AnalyzeOptions& options = {});

struct RenderOptions {
  OutputFormat format = OutputFormat::table;
  bool per_node = false;  // one row per node
  bool by_op = false;     // one row per op type
  bool explain = false;   // the formula of each op type's rule
};

/// The analysis as text (table, Markdown, CSV) or JSON. Every rendering states the counting
/// convention and lists uncounted ops.
std::string render(const Analysis& analysis, const RenderOptions& options);

/// A node the totals should hold but do not: it runs, and no exact count of it is in the totals.
struct UncountedNode {
  std::string graph;  // "" for the main graph
  std::string name;
  std::string op_type;  // "Conv", or "com.microsoft.Attention" outside the default domain
  std::string reason;   // "no cost rule", "shape of x unknown", "trip count unknown: ..."
};

/// Whether the totals are the whole inference. Incomplete when a node that runs has no cost
/// rule, a shape its rule needs is unknown, or it is a Loop/Scan whose trip count is unknown.
/// Ops "not counted by design" (CostRegistry::excluded: text, classical ML, training) are
/// complete by convention: their cost is outside what infergy counts, documented in
/// docs/counting.md, and they appear in Analysis::uncounted only. Nodes of If branches that do
/// not run are not part of the inference and never make it incomplete.
struct Completeness {
  bool complete = true;
  std::vector<UncountedNode> nodes;  // in graph order; empty when complete
  /// "818 of 2052 nodes not counted (shape unknown: 800, no cost rule: 18); the totals are a
  /// lower bound" ("" when complete).
  std::string summary;
};
Completeness completeness(const Analysis& analysis);
inline bool is_complete(const Analysis& analysis) {
  return completeness(analysis).complete;
}

/// One model of a run over many files: its analysis, or the error that stopped it.
struct ModelOutcome {
  std::string path;
  std::optional<Analysis> analysis;
  std::string error;                           // when there is no analysis
  ErrorKind error_kind = ErrorKind::no_input;  // what kind of error (when there is one)
};

/// How analyze_files spreads its work.
struct ManyOptions {
  /// Threads analyzing models at once (at least 1; more than the files is as many as the files).
  unsigned jobs = 1;
  /// Called after each model with (models done, models in all), from the worker that finished
  /// it, one call at a time; may be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// analyze_file on each path, `jobs` at a time. The outcomes are in the order of `paths` and the
/// same for any number of jobs; an infergy::Error is that model's outcome, any other exception is
/// rethrown (the first by position) once every thread has stopped. One analysis touches no state
/// another can see: the rule tables are immutable after their first use, and the ONNX fallback
/// serialises its look-ups in libonnx's schema registry.
std::vector<ModelOutcome> analyze_files(const std::vector<std::filesystem::path>& paths,
                                        const DimBindings& bindings, const AnalyzeOptions& options,
                                        const ManyOptions& many);

/// One of `count` disjoint parts of a list of models, for runs split across machines (a Slurm
/// array, a Kubernetes indexed Job): part `index` (0-based, below `count`) holds the items at
/// positions index, index + count, index + 2*count, ... of the list, so the parts of one sorted
/// list together hold every item exactly once, and each is sorted.
struct Shard {
  std::size_t index = 0;
  std::size_t count = 1;
  bool holds(std::size_t position) const { return position % count == index; }
};

/// One row per model: totals, nodes counted, uncounted ops, batch and the error (exact numbers
/// in CSV and JSON). The CSV starts with the counting convention as a '#' line.
std::string render_summary(const std::vector<ModelOutcome>& models, OutputFormat format);

/// The counting convention, one paragraph, as printed with every result.
std::string counting_convention();

}  // namespace infergy
