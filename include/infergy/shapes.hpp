// Binding the inputs' dims and inferring every tensor's shape.
//
//   auto bound = infergy::bind_inputs(model, {.dims = {{"sequence", 128}}, .batch = 8});
//   infergy::infer_shapes(model, {.fallback = infergy::make_onnx_shape_fallback()});
//   // bound.batch == 8: what per-inference figures divide by (analysis.hpp records it)
//
// Binding makes every graph input concrete, so inference works on concrete dims throughout and
// folds small integer tensors (Shape -> Gather -> Concat -> Reshape chains of transformer
// exports) to constants as it goes: that is infergy's data propagation. Ops with a native shape
// rule are inferred here; others go to a fallback (ONNX's own per-op inference functions, see
// make_onnx_shape_fallback in onnx_fallback.hpp). A dim that depends on data (NonZero, a Loop
// with a runtime trip count) stays unknown, and costs that need it are reported as unknown.
//
// The batch. A model's batch dims are the input dims whose symbol names a batch (is_batch_symbol:
// batch, batch_size, N, bs, ...), and the symbolic leading dims of inputs of rank >= 2 that carry
// no real name, only an exporter's placeholder (is_placeholder_symbol: no dim_param, tf2onnx's
// unk__N, Keras's ? and None, a dim_value of -1). In a model with neither, they are the leading
// dims of the inputs of rank >= 2 that the file fixes at 1 (torch.onnx.export without
// dynamic_axes writes 1x3x224x224) or that --input sets. Any other symbolic dim, a placeholder
// past axis 0 included, must be bound with --dim (the unbound-dims error lists each).
// The batch, inferences per pass, is the value given by --batch, by --dim on a batch symbol or by
// --input on a batch dim (all that are given must agree), else 1; every batch dim takes it.
// Changing a dim the file fixes (a batch of 1, or any dim through --input) re-infers the whole
// graph from the inputs: a graph that also fixes it inside (a Reshape to a constant 1x512) is
// then an error naming the node.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/graph.hpp"

namespace infergy {

/// What the command line asks of the inputs' dims (--dim, --batch, --input).
struct DimBindings {
  /// Symbol -> value ("sequence" -> 128), or "input:axis" -> value for a dim without a name.
  std::map<std::string, std::int64_t> dims;
  /// Inferences per pass: the value of every batch dim (see the header comment).
  std::optional<std::int64_t> batch;
  /// Input name -> its whole shape, replacing what the file declares (trtexec's --shapes).
  std::map<std::string, std::vector<std::int64_t>> inputs;
  /// Data-dependent dim name ("nms_0", as Analysis::data_dims lists them) -> its value (--pin).
  std::map<std::string, std::int64_t> pins;
};

/// True for the names exporters give the batch dim: batch, batch_size, N, bs, ... (any case).
bool is_batch_symbol(std::string_view symbol);

/// True for the names exporters write for a dim they could not name: "" (no dim_param), tf2onnx's
/// unk__<n>, Keras's "?" and "None", "-1". On a leading dim these are batch dims.
bool is_placeholder_symbol(std::string_view symbol);

/// Where a bound dim's value came from.
enum class DimSource {
  model,  // fixed in the file
  dim,    // --dim NAME=VALUE
  batch,  // the batch (--batch, or 1 by default)
  input,  // --input NAME=SHAPE
};
std::string_view to_string(DimSource source);  // "model", "--dim", "--batch", "--input"

/// One graph input after binding.
struct BoundInput {
  std::string name;
  std::string declared;            // the shape the file declares: "batchx3x224x224", "?x128"
  std::vector<std::int64_t> dims;  // as bound (empty when the file gives no rank)
  std::vector<DimSource> sources;  // per dim
  bool rank_known = true;
  bool reshaped = false;    // a dim the file fixes was changed
  std::string reshaped_by;  // the flag that changed it: "--batch", "--input"
};

/// What bind_inputs did: the batch every per-inference figure divides by, and each input's shape.
struct BoundShapes {
  std::int64_t batch = 1;
  /// What set the batch: "--batch", "--dim batch", "--input images", or "default" (nothing did).
  std::string batch_from = "default";
  /// A dim the file fixed was changed (a fixed batch of 1, or --input): declared intermediate
  /// shapes were dropped and everything is inferred from the inputs.
  bool reshaped = false;
  std::vector<BoundInput> inputs;

  /// "input 'images' 1x3x224x224 -> 64x3x224x224 (--batch)" for each input whose fixed dims
  /// changed; "" when none did.
  std::string reshape_summary() const;
};

/// Makes the graph inputs concrete: --input shapes first, then --dim by name or input:axis, then
/// the batch on every batch dim (see the header comment). Usage errors, each naming the file: an
/// unbound dim (listing the --dim flags that bind it), a --dim or --input name the model does not
/// have, a value < 1, an --input of the wrong rank, a batch given twice with two values, and
/// --batch N > 1 on a model without batch dims (saying to use --input).
BoundShapes bind_inputs(Model& model, const DimBindings& bindings);

/// Asks a fallback to infer a node's outputs. Returns false when it cannot (unknown op, error);
/// `why` then says why.
using ShapeFallback = std::function<bool(const Node& node, const std::vector<const Tensor*>& inputs,
                                         std::vector<Tensor*>& outputs, std::string& why)>;

/// What a data-dependent dim (DataDependentDim) becomes during inference, unless pinned.
enum class DataDimChoice {
  unknown,  // kUnknownDim: what depends on it is uncounted (the exact part)
  lower,    // its lower bound
  upper,    // its upper bound (unknown where the graph states no cap)
};

struct ShapeOptions {
  ShapeFallback fallback;  // optional
  DataDimChoice data_dims = DataDimChoice::unknown;
  /// Data-dependent dims by name -> value, whatever data_dims says.
  std::map<std::string, std::int64_t> pins;
};

/// Infers dtype, dims and (for small integer tensors) values of every node output, in the main
/// graph and all subgraphs. Inconsistent models (e.g. MatMul of [2,3] by [4,5]) and element
/// counts past 2^63 are input errors naming the node; a node whose shape cannot be inferred gets
/// a warning in model.warnings and unknown output shapes.
void infer_shapes(Model& model, const ShapeOptions& options = {});

/// Per-op shape rules, for tests and for listing what is native.
bool has_native_shape_rule(std::string_view domain, std::string_view op_type);

}  // namespace infergy
