// Numeric precisions, shared by the model side (element size of bytes moved) and the hardware
// side (peak throughput per precision).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infergy {

enum class Precision { fp64, fp32, tf32, fp16, bf16, fp8, fp4, int8, int4 };
/// How many there are (for tables indexed by Precision).
inline constexpr std::size_t kPrecisionCount = static_cast<std::size_t>(Precision::int4) + 1;

/// All precisions, widest first.
const std::vector<Precision>& all_precisions();

/// "fp32", "tf32", ... (the spelling used in flags, CSV columns and outputs).
std::string_view to_string(Precision p);

/// Parses fp64|fp32|tf32|fp16|bf16|fp8|fp4|int8|int4 (case-insensitive; also float32, half, and
/// mxfp4/nvfp4 for fp4: the block-scaled 4-bit formats the FP4 tensor units run).
std::optional<Precision> parse_precision(std::string_view name);

/// Bytes per element of a tensor stored at this precision (tf32 is stored as 4-byte fp32;
/// fp4 and int4 round up to 1 byte, as packed pairs are rare in ONNX graphs).
double element_bytes(Precision p);

}  // namespace infergy
