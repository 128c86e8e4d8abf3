// libFuzzer target over the whole analysis path: parse arbitrary bytes as a model, bind, infer
// shapes and count. Any input must end in a result or an infergy::Error, never a crash, a hang,
// a sanitizer report or another exception type.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "infergy/analysis.hpp"
#include "infergy/error.hpp"
#include "infergy/onnx.hpp"
#include "infergy/onnx_fallback.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    infergy::Model model = infergy::parse_onnx(bytes, "fuzz.onnx");
    // Bind every symbolic dim to a small size, so that inference and counting run too.
    infergy::DimBindings bindings;
    for (infergy::TensorId id : model.graph.inputs) {
      const auto& t = model.graph.tensor(id);
      if (!t.dims) continue;
      for (std::size_t a = 0; a < t.dims->size(); ++a) {
        if ((*t.dims)[a] >= 0) continue;
        const std::string& s = a < t.dim_symbols.size() ? t.dim_symbols[a] : std::string();
        bindings.dims[s.empty() ? t.name + ":" + std::to_string(a) : s] = 2;
      }
    }
    infergy::bind_inputs(model, bindings);
    infergy::infer_shapes(model, {.fallback = infergy::make_onnx_shape_fallback()});
    const infergy::Analysis a = infergy::analyze(model);
    (void)infergy::render(a, {.format = infergy::OutputFormat::json, .per_node = true});
  } catch (const infergy::Error&) {
    // Rejected with a message: the expected outcome for most fuzz inputs.
  }
  return 0;
}
