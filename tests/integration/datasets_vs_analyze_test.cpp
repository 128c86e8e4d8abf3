// The ImageNet dataset's GMACs against infergy's own count: every row that names a torchvision
// architecture with a committed export (the `torchvision` column; tests/fixtures/models/) must
// agree with `infergy analyze` of that export within 0.5% (the dataset rounds to 3-4 digits).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "infergy/analysis.hpp"
#include "infergy/datasets.hpp"

namespace infergy {
namespace {

TEST(DatasetsVsAnalyze, TorchvisionRowsMatchTheExportedGraphs) {
  const auto models = load_imagenet_models(std::string(INFERGY_DATA_DIR) + "/models-imagenet.csv");
  const std::filesystem::path fixtures = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/models";
  std::size_t compared = 0;
  for (const auto& m : models) {
    if (m.torchvision.empty()) continue;
    const auto file = fixtures / (m.torchvision + ".onnx");
    if (!std::filesystem::exists(file)) continue;  // e.g. squeezenet1_0: no committed export
    const Analysis a = analyze_file(file);
    const double ours = static_cast<double>(a.totals.macs) / 1e9;
    fmt::print("{} ({}): dataset {} GMACs, infergy {:.4f}\n", m.name, m.torchvision, m.gmacs, ours);
    EXPECT_NEAR(ours / m.gmacs, 1.0, 0.005) << m.name << " at " << m.origin;
    EXPECT_NEAR(m.gflops, 2 * m.gmacs, 1e-9 * m.gflops) << m.name;
    ++compared;
  }
  EXPECT_GE(compared,
            7u);  // alexnet, vgg16, resnet18, resnet50, efficientnet_b0, vit_b_16, convnext_tiny
}

}  // namespace
}  // namespace infergy
