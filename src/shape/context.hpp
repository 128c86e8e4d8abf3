// What a native shape rule sees and the registry it lives in.
//
// A rule reads its inputs' dtypes, dims (possibly unknown) and known values, and sets its
// outputs'. Rules must accept unknown inputs (rank unknown, or a dim of kUnknownDim) and then
// leave what they cannot know unknown; they call fail() only for models that are inconsistent
// whatever the input (e.g. MatMul inner dims that differ).
//
// Each family file (elementwise.cpp, nn.cpp, tensor.cpp, contrib.cpp) keeps, in this order: its
// attribute checks (AttributeCheck: values ONNX does not allow, whatever the shapes), its rules,
// and one table that registers both per op. Values of small tensors are computed in values.cpp;
// the sliding window of convolutions and pooling is in window.cpp (infergy/window.hpp).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/graph.hpp"
#include "infergy/shapes.hpp"

namespace infergy::shape {

using Dims = std::vector<std::int64_t>;
using MaybeDims = std::optional<Dims>;

/// Thrown by fail(); the driver turns it into an input error naming the model and node.
struct ShapeError {
  std::string message;
};

/// Largest tensor whose values are folded (kept in memory) during inference.
inline constexpr std::int64_t kMaxFoldedElements = 4096;

/// The driver's record of data-dependent dims (see DataDependentDim): what they become, and
/// the names given so far.
struct DataDimState {
  DataDimChoice choice = DataDimChoice::unknown;
  const std::map<std::string, std::int64_t>* pins = nullptr;
  std::vector<DataDependentDim>* found = nullptr;
  std::map<std::string, int, std::less<>> next;  // kind -> next ordinal
};

class ShapeContext {
 public:
  ShapeContext(const Node& node, Graph& graph, DataDimState* data = nullptr)
      : node_(node), graph_(graph), data_(data) {}

  const Node& node() const { return node_; }
  std::int64_t opset() const { return node_.opset; }

  std::size_t num_inputs() const { return node_.inputs.size(); }
  std::size_t num_outputs() const { return node_.outputs.size(); }
  bool has_input(std::size_t i) const {
    return i < node_.inputs.size() && node_.inputs[i] != kNoTensor;
  }
  bool has_output(std::size_t i) const {
    return i < node_.outputs.size() && node_.outputs[i] != kNoTensor;
  }
  /// Input tensor (outer-scope references resolved), or nullptr.
  const Tensor* input(std::size_t i) const;
  Tensor* output(std::size_t i);

  DataType dtype(std::size_t i) const;
  /// Dims of input i: nullopt when absent or rank unknown.
  MaybeDims dims(std::size_t i) const;
  /// Rank of input i, or -1.
  std::int64_t rank(std::size_t i) const;
  /// Known integer values of input i (shape tensors, axes, ...), or nullopt.
  std::optional<std::vector<std::int64_t>> int_values(std::size_t i) const;
  /// Known values of input i converted to double, or nullopt.
  std::optional<std::vector<double>> float_values(std::size_t i) const;
  const TensorValues* values(std::size_t i) const;

  /// Sets output i's type. Missing outputs are ignored.
  void set(std::size_t i, DataType dtype, MaybeDims dims);
  /// Known values of output i (see values.hpp); dropped past kMaxFoldedElements elements.
  void set_values(std::size_t i, std::optional<TensorValues> v);
  void set_int_values(std::size_t i, std::vector<std::int64_t> v);
  void set_float_values(std::size_t i, std::vector<double> v);

  /// The axis attribute/values normalised to [0, rank); fails when out of range.
  std::int64_t axis(std::int64_t value, std::int64_t rank) const;

  /// A dim that depends on the data, in [lower, upper] (upper kUnknownDim: no cap): records it
  /// as `kind`_N and returns its pinned value, else the bound the options choose, else
  /// kUnknownDim.
  std::int64_t data_dim(std::string_view kind, std::int64_t lower, std::int64_t upper);

  [[noreturn]] void fail(const std::string& message) const { throw ShapeError{message}; }

  /// Dim arithmetic on values a model file controls: a result past 64 bits is an error of the
  /// model, never a wrapped number.
  std::int64_t add(std::int64_t a, std::int64_t b) const;
  std::int64_t sub(std::int64_t a, std::int64_t b) const;
  std::int64_t mul(std::int64_t a, std::int64_t b) const;

 private:
  const Node& node_;
  Graph& graph_;
  DataDimState* data_;
};

using ShapeRule = void (*)(ShapeContext&);
/// Checks a node's attributes before its rule runs and calls ctx.fail() on a value that ONNX
/// does not allow whatever the input shapes (a blocksize of 0, a Cast to an unknown type).
using AttributeCheck = void (*)(const ShapeContext&);

struct ShapeRuleEntry {
  std::string_view domain;
  std::string_view op_type;
  ShapeRule rule;
  AttributeCheck check = nullptr;
};

/// One row of a family's table.
struct ShapeRuleRow {
  std::string_view op_type;
  ShapeRule rule;
  AttributeCheck check = nullptr;
};

inline void add_shape_rules(std::vector<ShapeRuleEntry>& out, std::string_view domain,
                            std::initializer_list<ShapeRuleRow> rows) {
  for (const ShapeRuleRow& r : rows) out.push_back({domain, r.op_type, r.rule, r.check});
}

/// Families, one file each.
void add_elementwise_shape_rules(std::vector<ShapeRuleEntry>& out);  // elementwise.cpp
void add_nn_shape_rules(std::vector<ShapeRuleEntry>& out);           // nn.cpp
void add_tensor_shape_rules(std::vector<ShapeRuleEntry>& out);       // tensor.cpp
void add_contrib_shape_rules(std::vector<ShapeRuleEntry>& out);      // contrib.cpp

const ShapeRuleEntry* find_shape_rule(std::string_view domain, std::string_view op_type);
/// Every native rule, in registration order (for tests and listings).
const std::vector<ShapeRuleEntry>& all_shape_rules();

// Shared helpers.

// Attribute checks shared by the families' AttributeChecks. Each looks only at what the node
// gives (an absent attribute takes ONNX's default, which is always valid) and fails naming the
// attribute and the rule it breaks.

/// Every value of ints attribute `name` is at least `min` (strides >= 1, pads >= 0).
void require_ints_at_least(const ShapeContext& ctx, std::string_view name, std::int64_t min);
/// Int attribute `name` is at least `min`.
void require_int_at_least(const ShapeContext& ctx, std::string_view name, std::int64_t min);
/// String attribute `name` is one of `allowed` (auto_pad, direction, mode).
void require_one_of(const ShapeContext& ctx, std::string_view name,
                    std::initializer_list<std::string_view> allowed);
/// Int attribute `name` is 0 or 1 (a flag).
void require_flag(const ShapeContext& ctx, std::string_view name);
/// Int attribute `name`, an axis of input `input` of rank r (when known), lies in
/// [-r - low_extra, r + high_extra): ONNX's [-r, r) widened for ops that name an insertion
/// point (Flatten's [-r, r], OneHot's [-r-1, r]).
void require_axis(const ShapeContext& ctx, std::string_view name, std::size_t input,
                  std::int64_t low_extra = 0, std::int64_t high_extra = 0);
/// Input `index`, when present, is a 1-D tensor (or, with scalar_ok, a scalar) of one of
/// `types` (a shape, axes, pads, ...).
void require_shape_input(const ShapeContext& ctx, std::size_t index, std::string_view what,
                         std::initializer_list<DataType> types, bool scalar_ok = false);
/// Input `index`, when present, has at most `max_rank` dims (scalars and 1-element tensors).
void require_rank_at_most(const ShapeContext& ctx, std::size_t index, std::string_view what,
                          std::int64_t max_rank);

/// Multidirectional (numpy) broadcast of two shapes; unknown when either rank is unknown.
MaybeDims broadcast(const ShapeContext& ctx, const MaybeDims& a, const MaybeDims& b);
/// A double as int64: truncated toward zero, clamped to the int64 range, NaN as 0 (a cast of an
/// out-of-range double is undefined behaviour; clamped values then fail the size checks).
std::int64_t to_int64(double value);

/// Every dim known?
bool all_known(const Dims& d);
/// Product of known dims, or nullopt (unknown dim or overflow).
std::optional<std::int64_t> known_product(const Dims& d);
/// Same dims and dtype as input `from` for output `to`.
void same_as_input(ShapeContext& ctx, std::size_t from = 0, std::size_t to = 0);
/// Index of the element of `in` that broadcasts to flat index `flat` of a tensor of dims `out`.
std::size_t broadcast_index(std::size_t flat, const Dims& out, const Dims& in);
/// numpy.matmul output shape (1-D promotion, batch broadcast).
MaybeDims matmul_dims(const ShapeContext& ctx, const MaybeDims& a, const MaybeDims& b);

}  // namespace infergy::shape
