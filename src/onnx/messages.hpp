// The ONNX reader in three parts, and what they hand each other:
//   tensor.cpp     TensorProto and ValueInfoProto -> ParsedTensor, ValueInfo (values decoded
//                  only for small tensors);
//   functions.cpp  calls of model-local functions (FunctionProto) replaced by their bodies;
//   model.cpp      ModelProto, GraphProto, NodeProto, AttributeProto -> the IR (graph.hpp),
//                  load_onnx and parse_onnx.
// Every part reports a malformed model by throwing LoadError (one line, without the file name,
// which parse_onnx/load_onnx prefix) or onnx_wire::WireError for broken protobuf.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infergy/graph.hpp"
#include "infergy/onnx.hpp"
#include "wire.hpp"

namespace infergy::onnx_wire {

struct LoadError {
  std::string message;
};

[[noreturn]] inline void fail(std::string message) {
  throw LoadError{std::move(message)};
}

inline void expect_type(WireType got, WireType want, std::string_view what) {
  if (got != want) throw WireError{fmt::format("{} has the wrong wire type", what)};
}

/// A repeated int64 field, packed (one len field) or not (one varint per element).
void read_packed_or_single_varint(Reader& r, WireType t, std::vector<std::int64_t>& out);

// ---- tensor.cpp ----

struct ParsedTensor {
  std::string name;
  DataType dtype = DataType::undefined;
  std::vector<std::int64_t> dims;
  std::shared_ptr<const TensorValues> values;
  std::string external_location;
  bool external = false;
};

/// A TensorProto. Values are decoded when the tensor has at most options.max_integer_values
/// (integer, bool) or max_other_values (others) elements and its payload is in the file.
ParsedTensor parse_tensor(Reader r, const LoadOptions& options);

struct ValueInfo {
  std::string name;
  DataType dtype = DataType::undefined;
  std::optional<std::vector<std::int64_t>> dims;
  std::vector<std::string> symbols;  // per dim: its dim_param, "" where the dim is a value
};

/// A ValueInfoProto (graph inputs, outputs and value_info).
ValueInfo parse_value_info(Reader r);

// ---- functions.cpp ----

/// A NodeProto as read, before its tensor names are resolved in a graph.
struct RawNode {
  std::vector<std::string> inputs, outputs;
  std::string name, op_type, domain;
  std::vector<Attribute> attributes;
  std::vector<std::string> attribute_refs;  // ref_attr_name per attribute ("" if none)
  std::string_view encoded;
};

/// A model-local function (FunctionProto).
struct FunctionDef {
  std::string domain, name;
  std::vector<std::string> inputs, outputs;
  std::vector<Attribute> attribute_defaults;  // attribute_proto (IR >= 9)
  std::vector<RawNode> nodes;
};

/// Replaces every call of a function in `functions` by the function's body, recursively.
void expand_functions(std::vector<RawNode>& nodes, const std::vector<FunctionDef>& functions);

}  // namespace infergy::onnx_wire
