// The op families whose rules make up the built-in registry. Each is defined in its own file
// (src/cost/<family>.cpp) and adds its rules to the registry passed in.
#pragma once

#include "infergy/cost.hpp"

namespace infergy::cost {

void register_conv_rules(CostRegistry& r);           // conv.cpp
void register_matmul_rules(CostRegistry& r);         // matmul.cpp: Gemm, MatMul, Einsum, quantized
void register_normalization_rules(CostRegistry& r);  // normalization.cpp
void register_elementwise_rules(CostRegistry& r);    // elementwise.cpp: arithmetic, activations
void register_pooling_rules(CostRegistry& r);        // pooling.cpp: pooling and reductions
void register_recurrent_rules(CostRegistry& r);      // recurrent.cpp: LSTM, GRU, RNN
void register_attention_rules(CostRegistry& r);      // attention.cpp: com.microsoft fused ops
void register_data_movement_rules(CostRegistry& r);  // data_movement.cpp: zero FLOPs, real bytes
void register_exclusions(CostRegistry& r);           // excluded.cpp: not counted, and why

}  // namespace infergy::cost
