// Overflow-checked 64-bit integer arithmetic.
//
// Shapes and costs are exact integers. A dim product or a MAC count that does not fit in 64 bits
// must be reported, never wrapped, so every multiplication on those paths goes through here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace infergy {

/// a * b, or nullopt when the product does not fit in int64.
constexpr std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

constexpr std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

/// Product of all values (1 for an empty list), or nullopt on overflow.
constexpr std::optional<std::int64_t> checked_product(std::span<const std::int64_t> v) noexcept {
  std::int64_t r = 1;
  for (std::int64_t x : v) {
    if (__builtin_mul_overflow(r, x, &r)) return std::nullopt;
  }
  return r;
}

}  // namespace infergy
