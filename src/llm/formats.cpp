// Number formats of weights and caches, and the per-group formats of a checkpoint.
#include <fmt/format.h>

#include <algorithm>

#include "infergy/llm.hpp"
#include "infergy/text.hpp"

namespace infergy::llm {

namespace {

struct FormatName {
  NumberFormat format;
  std::string_view name;
};

// The canonical name first; the rest are spellings found in configs and tools.
constexpr FormatName kNames[] = {
    {NumberFormat::fp32, "fp32"},    {NumberFormat::fp32, "float32"},
    {NumberFormat::bf16, "bf16"},    {NumberFormat::bf16, "bfloat16"},
    {NumberFormat::fp16, "fp16"},    {NumberFormat::fp16, "float16"},
    {NumberFormat::fp16, "half"},    {NumberFormat::fp8, "fp8"},
    {NumberFormat::fp8, "float8"},   {NumberFormat::fp8, "e4m3"},
    {NumberFormat::fp8, "fp8_e4m3"}, {NumberFormat::fp8, "float8_e4m3fn"},
    {NumberFormat::int8, "int8"},    {NumberFormat::int8, "w8a8"},
    {NumberFormat::int4, "int4"},    {NumberFormat::int4, "w4a16"},
    {NumberFormat::mxfp4, "mxfp4"},  {NumberFormat::mxfp4, "mx_fp4"},
};

}  // namespace

std::string_view to_string(NumberFormat f) {
  for (const auto& n : kNames) {
    if (n.format == f) return n.name;
  }
  return "?";
}

std::optional<NumberFormat> parse_number_format(std::string_view text) {
  for (const auto& n : kNames) {
    if (iequals(n.name, trim(text))) return n.format;
  }
  return std::nullopt;
}

double storage_bytes(NumberFormat f) {
  switch (f) {
    case NumberFormat::fp32:
      return 4;
    case NumberFormat::bf16:
    case NumberFormat::fp16:
      return 2;
    case NumberFormat::fp8:
    case NumberFormat::int8:
      return 1;
    case NumberFormat::int4:
      return (4.0 + 16.0 / 128.0) / 8.0;
    case NumberFormat::mxfp4:
      return (4.0 + 8.0 / 32.0) / 8.0;
  }
  return 2;
}

Precision compute_precision(NumberFormat f) {
  switch (f) {
    case NumberFormat::fp32:
      return Precision::fp32;
    case NumberFormat::fp16:
      return Precision::fp16;
    case NumberFormat::fp8:
      return Precision::fp8;
    case NumberFormat::int8:
      return Precision::int8;
    case NumberFormat::bf16:
    case NumberFormat::int4:
    case NumberFormat::mxfp4:
      return Precision::bf16;
  }
  return Precision::bf16;
}

std::string_view to_string(TensorGroup g) {
  switch (g) {
    case TensorGroup::embedding:
      return "embedding";
    case TensorGroup::attention:
      return "attention";
    case TensorGroup::mlp:
      return "mlp";
    case TensorGroup::experts:
      return "experts";
    case TensorGroup::shared_experts:
      return "shared_experts";
    case TensorGroup::router:
      return "router";
    case TensorGroup::ssm:
      return "ssm";
    case TensorGroup::lm_head:
      return "lm_head";
  }
  return "?";
}

const std::array<TensorGroup, kTensorGroups>& all_tensor_groups() {
  static const std::array<TensorGroup, kTensorGroups> groups{
      TensorGroup::embedding,      TensorGroup::attention, TensorGroup::mlp, TensorGroup::experts,
      TensorGroup::shared_experts, TensorGroup::router,    TensorGroup::ssm, TensorGroup::lm_head};
  return groups;
}

NumberFormat WeightFormats::of(TensorGroup g, std::int64_t layer) const {
  if (layer >= 0 && std::find(base_layers.begin(), base_layers.end(), layer) != base_layers.end())
    return base;
  return group[static_cast<std::size_t>(g)];
}

NumberFormat WeightFormats::dominant() const {
  // Experts outweigh everything in MoE models, the MLP in dense ones; the compute peak follows
  // the format of the largest group a scheme quantizes.
  for (TensorGroup g : {TensorGroup::experts, TensorGroup::mlp, TensorGroup::attention}) {
    if (group[static_cast<std::size_t>(g)] != base) return group[static_cast<std::size_t>(g)];
  }
  return base;
}

WeightFormats uniform_weights(NumberFormat f) {
  WeightFormats w;
  w.base = f;
  w.group.fill(f);
  w.label = std::string(to_string(f));
  return w;
}

WeightFormats quantized_linear_weights(NumberFormat f, NumberFormat base) {
  if (f == base) return uniform_weights(base);
  WeightFormats w = uniform_weights(base);
  for (TensorGroup g : {TensorGroup::attention, TensorGroup::mlp, TensorGroup::experts,
                        TensorGroup::shared_experts, TensorGroup::ssm}) {
    w.group[static_cast<std::size_t>(g)] = f;
  }
  w.label = fmt::format("{} (block matrices; embeddings, lm_head, routers {})", to_string(f),
                        to_string(base));
  w.source = "vLLM online quantization: linear layers of the blocks, lm_head and embeddings kept";
  return w;
}

}  // namespace infergy::llm
