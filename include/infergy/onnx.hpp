// Loading ONNX models into the IR (graph.hpp).
//
//   infergy::Model model = infergy::load_onnx("resnet50.onnx");
//
// The loader maps the file and walks the protobuf wire format itself: weight payloads are skipped,
// never copied, so only the graph's structure costs time (a 1 GB model loads about as fast as its
// graph alone). Small constants (shapes, axes, scalars) are decoded because shape inference needs
// them. Weights in external data files are referenced, never opened; a missing one is a warning.
//
// Malformed input (random bytes, truncation, a protobuf that is not a model, a cyclic graph,
// negative dims, undefined tensor names, nesting too deep) raises infergy::Error of kind input with
// one line naming the file and the problem; a missing/unreadable path raises kind no_input.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "infergy/graph.hpp"

namespace infergy {

struct LoadOptions {
  /// Decode the values of integer tensors up to this many elements (Reshape shapes, Slice
  /// bounds, Gather indices used by shape arithmetic).
  std::size_t max_integer_values = 4096;
  /// Decode the values of any tensor up to this many elements (Resize scales, scalars).
  std::size_t max_other_values = 64;
};

/// Loads a model file.
Model load_onnx(const std::filesystem::path& path, const LoadOptions& options = {});

/// Parses a model held in memory (copied; used by tests and the fuzzer). `source` names it in
/// messages.
Model parse_onnx(std::string_view bytes, const std::string& source,
                 const LoadOptions& options = {});

}  // namespace infergy
