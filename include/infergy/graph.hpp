// The model IR: tensors with (possibly symbolic) shapes and nodes in topological order.
//
// Nothing here knows ONNX's protobuf classes; the ONNX loader (onnx.hpp) fills these structures.
// Data types use ONNX's TensorProto codes because that is the lingua franca of model files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace infergy {

enum class DataType : std::int32_t {
  undefined = 0,
  float32 = 1,
  uint8 = 2,
  int8 = 3,
  uint16 = 4,
  int16 = 5,
  int32 = 6,
  int64 = 7,
  string = 8,
  boolean = 9,
  float16 = 10,
  float64 = 11,
  uint32 = 12,
  uint64 = 13,
  complex64 = 14,
  complex128 = 15,
  bfloat16 = 16,
  float8e4m3fn = 17,
  float8e4m3fnuz = 18,
  float8e5m2 = 19,
  float8e5m2fnuz = 20,
};

std::string_view to_string(DataType t);
/// Bytes per element as stored (0 for string and undefined).
int element_size(DataType t);
bool is_floating(DataType t);
bool is_integer(DataType t);

/// A dim whose size is not known (data-dependent, or not inferable).
inline constexpr std::int64_t kUnknownDim = -1;

using TensorId = std::int32_t;
inline constexpr TensorId kNoTensor = -1;

/// Values of a constant tensor that infergy keeps in memory: small initializers and Constant
/// nodes, and integer tensors folded during shape inference (Shape -> Gather -> Concat chains).
/// Integer and boolean types live in `ints`, floating types in `floats`.
struct TensorValues {
  std::vector<std::int64_t> ints;
  std::vector<double> floats;
  bool is_float = false;
  std::size_t size() const { return is_float ? floats.size() : ints.size(); }
};

enum class TensorKind {
  graph_input,   // fed by the caller
  initializer,   // a weight or constant stored in the graph
  constant,      // output of a Constant node
  intermediate,  // produced by a node
  outer_scope,   // a subgraph's reference to a tensor of an enclosing graph
};

struct Tensor {
  std::string name;
  TensorKind kind = TensorKind::intermediate;
  DataType dtype = DataType::undefined;
  /// nullopt: rank unknown. A dim of kUnknownDim: that dim unknown.
  std::optional<std::vector<std::int64_t>> dims;
  /// Graph inputs only: the declared symbolic name of each dim ("" where the dim is concrete).
  std::vector<std::string> dim_symbols;
  /// Known values (see TensorValues); absent for large weights, whose bytes are never read.
  std::shared_ptr<const TensorValues> values;
  /// Index of the producing node in its graph, or -1.
  std::int32_t producer = -1;
  /// Weight bytes live in an external file (location as written in the model).
  std::string external_location;

  bool shape_known() const;
  /// Element count when the whole shape is known and fits in int64.
  std::optional<std::int64_t> elements() const;
  bool is_constant() const {
    return kind == TensorKind::initializer || kind == TensorKind::constant;
  }
};

struct Graph;

/// A constant tensor held by an attribute (Constant's `value`, ConstantOfShape's `value`, ...).
struct AttributeTensor {
  DataType dtype = DataType::undefined;
  std::vector<std::int64_t> dims;
  std::shared_ptr<const TensorValues> values;  // absent when the payload was skipped
};

struct Attribute {
  enum class Type { undefined, f, i, s, t, g, floats, ints, strings, tensors, graphs, other };
  std::string name;
  Type type = Type::undefined;
  double f = 0;
  std::int64_t i = 0;
  std::string s;
  std::vector<double> floats;
  std::vector<std::int64_t> ints;
  std::vector<std::string> strings;
  std::vector<AttributeTensor> tensors;        // t (one) or tensors
  std::vector<std::shared_ptr<Graph>> graphs;  // g (one) or graphs
};

struct Node {
  std::string name;
  std::string op_type;
  std::string domain;  // canonical: "ai.onnx" for the default domain ""
  std::int64_t opset = 0;
  std::vector<TensorId> inputs;   // kNoTensor for an omitted optional input
  std::vector<TensorId> outputs;  // kNoTensor for an omitted optional output
  std::vector<Attribute> attributes;
  /// The serialized node as it sits in the model file (valid while the Model lives), for
  /// handing a node to ONNX's own shape-inference functions without re-encoding it.
  std::string_view encoded;
  /// If nodes only, set by shape inference: 1 when only the then-branch can run (its condition
  /// is a known true, or the else-branch is inconsistent with the bound shapes), 0 likewise for
  /// the else-branch, -1 when either may run.
  std::int8_t branch_taken = -1;

  const Attribute* attr(std::string_view name) const;
  std::int64_t attr_int(std::string_view name, std::int64_t fallback) const;
  double attr_float(std::string_view name, double fallback) const;
  std::string attr_string(std::string_view name, std::string_view fallback = {}) const;
  std::vector<std::int64_t> attr_ints(std::string_view name,
                                      std::vector<std::int64_t> fallback = {}) const;
  /// A readable label: the node's name, or "op_type #index" when unnamed.
  std::string label(std::size_t index) const;
};

struct Graph {
  std::string name;
  std::vector<Tensor> tensors;
  std::vector<Node> nodes;       // topological order once loaded
  std::vector<TensorId> inputs;  // graph inputs that are not initializers
  std::vector<TensorId> outputs;
  const Graph* parent = nullptr;  // enclosing graph of a subgraph

  TensorId find(std::string_view name) const;
  /// Adds a tensor (or returns the existing one of that name).
  TensorId add_tensor(std::string_view name, TensorKind kind);
  /// Adds a tensor; `second` is false (and nothing changes) when the name exists already.
  std::pair<TensorId, bool> insert_tensor(std::string_view name, TensorKind kind);
  /// Room for this many tensors without rehashing the name index.
  void reserve(std::size_t tensor_count);
  Tensor& tensor(TensorId id) { return tensors[static_cast<std::size_t>(id)]; }
  const Tensor& tensor(TensorId id) const { return tensors[static_cast<std::size_t>(id)]; }

 private:
  // Transparent hashing: find() takes a string_view without building a std::string (lookups
  // are the loader's hottest path on graphs of 100k nodes).
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, TensorId, NameHash, std::equal_to<>> index_;
};

/// A dim whose size depends on the data: the boxes NonMaxSuppression keeps, the elements NonZero
/// finds, a TopK whose k is computed. Its range comes from the caps the graph states.
struct DataDependentDim {
  std::string name;  // "nms_0": the op's short name and its order among them; what --pin takes
  std::string node;  // the node's name
  std::string op;
  std::int64_t lower = 0;
  std::int64_t upper = kUnknownDim;  // kUnknownDim: the graph states no cap
  std::optional<std::int64_t> pinned;
};

struct Model {
  std::filesystem::path path;
  std::uint64_t file_bytes = 0;
  std::int64_t ir_version = 0;
  std::map<std::string, std::int64_t>
      opsets;            // domain ("ai.onnx", "com.microsoft", ...) -> version
  std::string producer;  // "pytorch 1.13.1"
  Graph graph;
  /// Non-fatal findings while loading (unknown domain, missing external data file, ...).
  std::vector<std::string> warnings;
  /// Every data-dependent dim shape inference met, in the order it met them.
  std::vector<DataDependentDim> data_dims;
  /// Keeps the mapped file alive for Node::encoded.
  std::shared_ptr<const void> storage;
};

/// Canonical domain name: "" and "ai.onnx" are the same domain.
std::string canonical_domain(std::string_view domain);

/// Adds to `out` the names that `g` and its own subgraphs read from enclosing scopes (its
/// outer_scope tensors not defined by an enclosing subgraph level in between).
void collect_captures(const Graph& g, std::unordered_set<std::string>& out);

/// A node that cannot be ordered: it reads its own output (directly, or through a subgraph's
/// capture), or it lies on a longer cycle.
struct GraphCycle {
  std::size_t node = 0;  // index into Graph::nodes as they were before sorting
  bool reads_own_output = false;
};

/// Orders g.nodes topologically over data edges and the implicit edges of subgraph captures (a
/// node whose subgraph reads X runs after X's producer), keeping the existing order among nodes
/// that are ready together, so an already sorted graph stays as it is. Sets every tensor's
/// producer to its node's new index. On a cycle, returns it and leaves the nodes as they were.
std::optional<GraphCycle> sort_topologically(Graph& g);

}  // namespace infergy
