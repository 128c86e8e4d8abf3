// The config-based count of infergy llm against `infergy analyze` of the same decoder exported
// to ONNX with a KV cache (tests/fixtures/llm/, scripts/fixtures/export_tiny_decoder.py): under
// the graph convention (the full score matrix with an additive mask, which is what the graph
// computes) MACs, FLOPs and parameters agree exactly, for a prefill and for decode steps, and the
// present K/V outputs hold exactly kv_bytes_per_token per token.
#include <gtest/gtest.h>

#include <filesystem>

#include "infergy/analysis.hpp"
#include "infergy/llm.hpp"
#include "infergy/onnx.hpp"
#include "infergy/onnx_fallback.hpp"

namespace infergy {
namespace {

const std::filesystem::path kDir = std::string(INFERGY_SOURCE_DIR) + "/tests/fixtures/llm";

llm::Architecture tiny() {
  return llm::read_config(kDir / "tiny_decoder.json");
}

TEST(LlmVsOnnx, PrefillAgreesExactly) {
  for (std::int64_t tokens : {1, 7, 64, 300}) {
    const Analysis a =
        analyze_file(kDir / "tiny_decoder_prefill.onnx", {.dims = {{"tokens", tokens}}});
    ASSERT_TRUE(a.uncounted.empty()) << a.uncounted.front().op_type;
    const auto c = llm::count_forward(tiny(), tokens, 0, llm::AttentionConvention::graph);
    EXPECT_EQ(static_cast<double>(a.totals.macs), c.macs) << tokens;
    EXPECT_EQ(static_cast<double>(a.totals.flops), c.flops) << tokens;
    EXPECT_EQ(a.totals.params, llm::count_params(tiny()).total);
  }
}

TEST(LlmVsOnnx, DecodeStepsAgreeExactly) {
  for (std::int64_t past : {1, 16, 1000}) {
    for (std::int64_t tokens : {1, 4}) {  // a decode step, and a chunk of 4 new tokens
      const Analysis a =
          analyze_file(kDir / "tiny_decoder_decode.onnx",
                       {.dims = {{"tokens", tokens}, {"past", past}, {"keys", past + tokens}}});
      ASSERT_TRUE(a.uncounted.empty());
      const auto c = llm::count_forward(tiny(), tokens, past, llm::AttentionConvention::graph);
      EXPECT_EQ(static_cast<double>(a.totals.macs), c.macs) << past << " " << tokens;
      EXPECT_EQ(static_cast<double>(a.totals.flops), c.flops) << past << " " << tokens;
    }
  }
}

TEST(LlmVsOnnx, CausalConventionDiffersOnlyInTheMaskedScores) {
  // Prefill of P tokens: the graph computes P² scores per head and adds a mask to each; a causal
  // kernel computes P(P+1)/2 of them and needs no mask. 4 heads × (16 + 16) MACs per score.
  const std::int64_t p = 64;
  const auto graph = llm::count_forward(tiny(), p, 0, llm::AttentionConvention::graph);
  const auto causal = llm::count_forward(tiny(), p, 0, llm::AttentionConvention::causal);
  const double masked = static_cast<double>(p * p - p * (p + 1) / 2);
  const double layers = 2, heads = 4;
  EXPECT_EQ(graph.macs - causal.macs, layers * heads * masked * 32);
  EXPECT_EQ(graph.elementwise_flops - causal.elementwise_flops,
            layers * heads * (masked * 6 + static_cast<double>(p * p)));
  // A decode step (one query over every key) is the same in both, but for the mask adds.
  const auto g1 = llm::count_forward(tiny(), 1, 50, llm::AttentionConvention::graph);
  const auto c1 = llm::count_forward(tiny(), 1, 50, llm::AttentionConvention::causal);
  EXPECT_EQ(g1.macs, c1.macs);
  EXPECT_EQ(g1.flops - c1.flops, layers * heads * 51);
}

TEST(LlmVsOnnx, PresentCacheHoldsKvBytesPerToken) {
  // present_{key,value}_<layer>: [1, kv_heads, past + tokens, head_dim] float32 in the graph.
  Model m = load_onnx(kDir / "tiny_decoder_decode.onnx");
  bind_inputs(m, {.dims = {{"tokens", 1}, {"past", 9}, {"keys", 10}}});
  infer_shapes(m, {.fallback = make_onnx_shape_fallback()});
  double elements = 0;
  for (TensorId id : m.graph.outputs) {
    const Tensor& t = m.graph.tensor(id);
    if (t.name.rfind("present_", 0) != 0) continue;
    ASSERT_TRUE(t.elements()) << t.name;
    elements += static_cast<double>(*t.elements());
  }
  EXPECT_EQ(elements * 4, 10 * llm::kv_bytes_per_token(tiny(), llm::NumberFormat::fp32));
}

}  // namespace
}  // namespace infergy
