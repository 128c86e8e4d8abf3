// The evaluator of small known tensors: one table of ONNX ops, each with a function that
// computes its outputs' values from its inputs' values with ONNX's semantics (numpy
// broadcasting, keepdims, axes as attribute or input by opset, integer division truncating,
// Round half to even, Cast truncating toward zero). Exporters compute resize and pad sizes,
// reshape targets and index lists at run time from constants and shapes, in any element type
// (torchvision's detection transforms go through float ReduceMax -> Div -> Floor -> Cast); once
// these are values, the shape rules read them like constants.
//
// The driver calls evaluate_values after a node's shape rule: when every input the node has is
// known (values and dims) and every output's dims are known and hold at most kMaxFoldedElements
// elements, the outputs get the computed values. A computation it cannot do exactly (a float
// past an integer type's range, an integer result past its type) leaves the values unknown;
// integer arithmetic ONNX leaves undefined (division by zero, overflow of 64 bits) throws
// ShapeError, like the rest of shape inference.
//
// Slice, Gather, Concat, Transpose, Expand, Range, ConstantOfShape, Shape and Size compute their
// values in their shape rules (tensor.cpp, with values.hpp), which need the values to know the
// shape; everything else that computes is here.
#pragma once

#include <string_view>

#include "context.hpp"

namespace infergy::shape {

/// Sets the values of the node's outputs when the table has its op and its inputs are known.
void evaluate_values(ShapeContext& ctx);

/// Whether the evaluator has a function for this op (default domain).
bool has_evaluator(std::string_view op_type);

}  // namespace infergy::shape
