// Pieces of the counting the serving model needs per layer: weight bytes split into what every
// token reads and the routed experts, and the keys a range of queries attends.
#pragma once

#include <cstdint>
#include <vector>

#include "infergy/llm.hpp"

namespace infergy::llm::detail {

/// Weight bytes of one layer: everything but the routed experts (`dense`), and one routed
/// expert (`expert`) with the layer's expert count and top-k.
struct LayerBytes {
  double dense = 0;
  double expert = 0;
  std::int64_t experts = 0;
  std::int64_t top_k = 0;
};

struct WeightSplit {
  double global = 0;     // embeddings, positions, final norm, lm_head
  double embedding = 0;  // of global: the tables a step gathers rows from, not reads whole
  std::vector<LayerBytes> layers;
};
WeightSplit weight_split(const Architecture& arch, const WeightFormats& formats);

/// Σ over queries at absolute positions [first, last) of the keys each attends causally.
double attended_keys(Window window, std::int64_t window_size, std::int64_t first,
                     std::int64_t last);

/// Cache bytes per token of context of one layer (0 for Mamba and MLP-only blocks).
double layer_kv_bytes_per_token(const Layer& layer, NumberFormat kv);

/// Mamba state bytes of one layer per sequence (0 for other layers).
double layer_state_bytes(const Layer& layer, NumberFormat conv, NumberFormat ssm);

/// Matrix FLOPs per token that do not depend on the context (2 × MACs of the projections,
/// experts at top-k, the last token's logits excluded): for the compute part of a step.
double projection_flops_per_token(const Architecture& arch);

}  // namespace infergy::llm::detail
