// Binding symbolic dims and inferring every tensor's shape.
//
//   infergy::bind_inputs(model, {.dims = {{"sequence", 128}}, .batch = 8});
//   infergy::infer_shapes(model);
//
// Binding makes every graph input concrete, so inference works on concrete dims throughout and
// folds small integer tensors (Shape -> Gather -> Concat -> Reshape chains of transformer
// exports) to constants as it goes: that is infergy's data propagation. Ops with a native shape
// rule are inferred here; others go to a fallback (ONNX's own per-op inference functions, see
// make_onnx_shape_fallback in onnx_fallback.hpp). A dim that depends on data (NonZero, a Loop
// with a runtime trip count) stays unknown, and costs that need it are reported as unknown.
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

struct DimBindings {
  /// Symbol -> value ("sequence" -> 128), or "input:axis" -> value for a dim without a name.
  std::map<std::string, std::int64_t> dims;
  /// --batch N: the value of every batch-like symbol not bound by name (default 1).
  std::optional<std::int64_t> batch;
};

/// True for the names exporters give the batch dim: batch, batch_size, N, bs, ... (any case).
bool is_batch_symbol(std::string_view symbol);

/// Replaces the symbolic dims of the graph inputs (and of declared intermediate shapes) with
/// values. A batch-like symbol defaults to `batch` (1 when unset). Any other unbound dim is a
/// usage error that lists each name and the --dim flag that binds it; a binding for a name the
/// model does not have, or a value < 1, is a usage error too.
void bind_inputs(Model& model, const DimBindings& bindings);

/// Asks a fallback to infer a node's outputs. Returns false when it cannot (unknown op, error);
/// `why` then says why.
using ShapeFallback = std::function<bool(const Node& node, const std::vector<const Tensor*>& inputs,
                                         std::vector<Tensor*>& outputs, std::string& why)>;

struct ShapeOptions {
  ShapeFallback fallback;  // optional
};

/// Infers dtype, dims and (for small integer tensors) values of every node output, in the main
/// graph and all subgraphs. Inconsistent models (e.g. MatMul of [2,3] by [4,5]) and element
/// counts past 2^63 are input errors naming the node; a node whose shape cannot be inferred gets
/// a warning in model.warnings and unknown output shapes.
void infer_shapes(Model& model, const ShapeOptions& options = {});

/// Per-op shape rules, for tests and for listing what is native.
bool has_native_shape_rule(std::string_view domain, std::string_view op_type);

}  // namespace infergy
