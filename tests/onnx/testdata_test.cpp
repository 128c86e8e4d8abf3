// Every model of Debian's libonnx-testdata (one per operator, plus converted PyTorch models and
// a few real networks) must load and infer without crashing, and the shapes infergy infers must
// agree with the output shapes the test models declare.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "infergy/error.hpp"
#include "infergy/onnx.hpp"
#include "infergy/onnx_fallback.hpp"
#include "infergy/shapes.hpp"

namespace infergy {
namespace {

constexpr const char* kTestData = "/usr/share/libonnx-testdata/data";

std::vector<std::filesystem::path> testdata_models() {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (!std::filesystem::exists(kTestData, ec)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(kTestData, ec)) {
    if (e.path().extension() == ".onnx") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(OnnxTestData, EveryModelLoadsAndInfersShapesMatchingItsDeclaredOutputs) {
  const auto models = testdata_models();
  if (models.empty()) GTEST_SKIP() << "libonnx-testdata is not installed";
  std::size_t loaded = 0, errors = 0, compared = 0, unknown = 0;
  std::vector<std::string> mismatches, failures, unknowns;
  for (const auto& path : models) {
    try {
      Model m = load_onnx(path);
      // Declared output shapes, as the test's authors wrote them.
      std::vector<std::optional<std::vector<std::int64_t>>> declared;
      for (TensorId id : m.graph.outputs) declared.push_back(m.graph.tensor(id).dims);
      // Sequence-op tests leave a dim symbolic; any size will do for them.
      DimBindings bindings;
      for (TensorId id : m.graph.inputs) {
        for (const auto& sym : m.graph.tensor(id).dim_symbols) {
          if (!sym.empty() && !is_batch_symbol(sym)) bindings.dims[sym] = 3;
        }
      }
      bind_inputs(m, bindings);
      infer_shapes(m, {.fallback = make_onnx_shape_fallback()});
      ++loaded;
      for (std::size_t i = 0; i < declared.size(); ++i) {
        const Tensor& t = m.graph.tensor(m.graph.outputs[i]);
        if (!declared[i] || !t.dims) continue;
        const auto& want = *declared[i];
        bool comparable = std::all_of(want.begin(), want.end(), [](auto d) { return d >= 0; });
        if (!comparable) continue;
        if (!t.shape_known()) {
          ++unknown;
          unknowns.push_back(path.parent_path().filename().string());
          continue;
        }
        ++compared;
        if (*t.dims != want) {
          mismatches.push_back(fmt::format("{}: {} inferred [{}], declared [{}]",
                                           path.parent_path().filename().string(), t.name,
                                           fmt::join(*t.dims, ","), fmt::join(want, ",")));
        }
      }
    } catch (const Error& e) {
      ++errors;
      failures.push_back(e.what());
    }
  }
  fmt::print(
      "{} models: {} loaded and inferred, {} refused with an error; {} outputs compared, "
      "{} left unknown, {} mismatches\n",
      models.size(), loaded, errors, compared, unknown, mismatches.size());
  for (const auto& f : failures) fmt::print("  error: {}\n", f);
  for (const auto& m : mismatches) fmt::print("  mismatch: {}\n", m);
  for (const auto& u : unknowns) fmt::print("  unknown: {}\n", u);
  EXPECT_GE(models.size(), 1000u);
  EXPECT_TRUE(mismatches.empty());
}

}  // namespace
}  // namespace infergy
