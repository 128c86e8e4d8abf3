// Generates the benchmark inputs: full-weight versions of the committed shape-only fixtures
// (every initializer filled with random bytes of its real size) and synthetic graphs of a given
// node count. Written once into the build tree's cache and reused.
#pragma once

#include <cstddef>
#include <filesystem>

namespace infergy::bench {

/// fixture (a shape-only .onnx) -> the same model with real-sized payloads, at `out`.
void inflate_weights(const std::filesystem::path& fixture, const std::filesystem::path& out);

/// A chain of `blocks` blocks MatMul(w_i[32,32]) -> Add(b_i[32]) -> Relu -> Mul(scale), four
/// nodes each, input [batch, 32]; about 4.2 KB of weights per block.
void write_chain_model(std::size_t blocks, const std::filesystem::path& out);

/// Returns `path` after creating it with `make` if it does not exist yet.
template <typename Make>
std::filesystem::path cached(const std::filesystem::path& path, Make&& make) {
  if (!std::filesystem::exists(path)) {
    std::filesystem::create_directories(path.parent_path());
    make(path);
  }
  return path;
}

}  // namespace infergy::bench
