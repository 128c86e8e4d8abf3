// ONNX's own shape inference as the fallback of infergy's (shapes.hpp), for ops without a native
// rule:
//
//   infergy::infer_shapes(model, {.fallback = infergy::make_onnx_shape_fallback()});
//
// This is the only part of infergy that links libonnx (and through it protobuf): the loader
// (onnx.hpp) reads the wire format itself.
#pragma once

#include "infergy/shapes.hpp"

namespace infergy {

/// A shape-inference fallback that runs ONNX's own per-operator inference functions (libonnx's
/// schema registry) for ops in the ai.onnx and ai.onnx.ml domains that infergy has no native
/// rule for. Small constant inputs are handed over as data, so value-dependent rules work.
ShapeFallback make_onnx_shape_fallback();

}  // namespace infergy
