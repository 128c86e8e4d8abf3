// bench_generate_zoo DIR [N]: writes N models (default 1,000) for timing `analyze --recursive`:
// every fourth a copy of one of the committed shape-only CNN and ViT fixtures (hundreds to
// thousands of nodes), the rest synthetic MatMul chains of 4 to 43 blocks with real-sized
// weights, spread over ten subdirectories.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "model_generator.hpp"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2 || argc > 3) {
    fmt::print(stderr, "usage: bench_generate_zoo DIR [N]\n");
    return 64;
  }
  const fs::path dir = argv[1];
  const long n = argc == 3 ? std::strtol(argv[2], nullptr, 10) : 1000;
  if (n < 1) {
    fmt::print(stderr, "bench_generate_zoo: N must be at least 1\n");
    return 64;
  }
  const fs::path fixtures = fs::path(INFERGY_SOURCE_DIR) / "tests/fixtures/models";
  const std::vector<std::string> copies = {
      "alexnet.onnx",  "convnext_tiny.onnx", "efficientnet_b0.onnx", "resnet18.onnx",
      "resnet50.onnx", "vgg16.onnx",         "vit_b_16.onnx"};
  for (long i = 0; i < n; ++i) {
    const fs::path sub = dir / fmt::format("group{}", i % 10);
    fs::create_directories(sub);
    const fs::path out = sub / fmt::format("model{:04}.onnx", i);
    if (fs::exists(out)) continue;
    if (i % 4 == 0) {
      fs::copy_file(fixtures / copies[static_cast<std::size_t>(i / 4) % copies.size()], out);
    } else {
      infergy::bench::write_chain_model(static_cast<std::size_t>(4 + i % 40), out);
    }
  }
  return 0;
}
