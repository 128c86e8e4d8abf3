// Numeric precisions, shared by the model side (element size of bytes moved) and the hardware
// side (peak throughput per precision).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infergy {

enum class Precision { fp64, fp32, tf32, fp16, bf16, fp8, int8, int4 };

/// All precisions, widest first.
const std::vector<Precision>& all_precisions();

/// "fp32", "tf32", ... (the spelling used in flags, CSV columns and outputs).
std::string_view to_string(Precision p);

/// Parses fp64|fp32|tf32|fp16|bf16|fp8|int8|int4 (case-insensitive; also float32, half, ...).
std::optional<Precision> parse_precision(std::string_view name);

/// Bytes per element of a tensor stored at this precision (tf32 is stored as 4-byte fp32;
/// int4 rounds up to 1 byte, as packed pairs are rare in ONNX graphs).
double element_bytes(Precision p);

}  // namespace infergy
