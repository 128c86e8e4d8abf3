#include "infergy/precision.hpp"

#include "infergy/text.hpp"

namespace infergy {

const std::vector<Precision>& all_precisions() {
  static const std::vector<Precision> all = {Precision::fp64, Precision::fp32, Precision::tf32,
                                             Precision::fp16, Precision::bf16, Precision::fp8,
                                             Precision::fp4,  Precision::int8, Precision::int4};
  return all;
}

std::string_view to_string(Precision p) {
  switch (p) {
    case Precision::fp64:
      return "fp64";
    case Precision::fp32:
      return "fp32";
    case Precision::tf32:
      return "tf32";
    case Precision::fp16:
      return "fp16";
    case Precision::bf16:
      return "bf16";
    case Precision::fp8:
      return "fp8";
    case Precision::fp4:
      return "fp4";
    case Precision::int8:
      return "int8";
    case Precision::int4:
      return "int4";
  }
  return "?";
}

std::optional<Precision> parse_precision(std::string_view name) {
  const std::string n = to_lower(trim(name));
  for (Precision p : all_precisions()) {
    if (n == to_string(p)) return p;
  }
  if (n == "float64" || n == "double") return Precision::fp64;
  if (n == "float32" || n == "float" || n == "single") return Precision::fp32;
  if (n == "float16" || n == "half") return Precision::fp16;
  if (n == "bfloat16") return Precision::bf16;
  if (n == "mxfp4" || n == "nvfp4") return Precision::fp4;
  return std::nullopt;
}

double element_bytes(Precision p) {
  switch (p) {
    case Precision::fp64:
      return 8;
    case Precision::fp32:
    case Precision::tf32:
      return 4;
    case Precision::fp16:
    case Precision::bf16:
      return 2;
    case Precision::fp8:
    case Precision::fp4:
    case Precision::int8:
    case Precision::int4:
      return 1;
  }
  return 4;
}

}  // namespace infergy
