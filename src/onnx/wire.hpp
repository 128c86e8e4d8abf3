// A minimal protobuf wire-format reader.
//
// infergy reads ONNX files with this instead of protobuf's generated classes because a full
// ModelProto parse copies every weight byte into memory. Walking the wire format lets the loader
// skip initializer payloads (a length-delimited field is skipped by moving a pointer), so a
// gigabyte model whose weights are never touched costs what its graph costs. Every read is
// bounds-checked: malformed input raises WireError, never reads out of range.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace infergy::onnx_wire {

enum class WireType : std::uint8_t {
  varint = 0,
  i64 = 1,
  len = 2,
  sgroup = 3,
  egroup = 4,
  i32 = 5
};

struct WireError {
  std::string message;
};

class Reader {
 public:
  Reader() = default;
  Reader(const std::uint8_t* begin, const std::uint8_t* end) : p_(begin), end_(end) {}
  explicit Reader(std::string_view bytes)
      : p_(reinterpret_cast<const std::uint8_t*>(bytes.data())), end_(p_ + bytes.size()) {}

  bool done() const { return p_ >= end_; }
  const std::uint8_t* position() const { return p_; }

  /// Reads the next field key. Returns false at the end of the message.
  bool next(std::uint32_t& field, WireType& type) {
    if (p_ >= end_) return false;
    const std::uint64_t key = varint();
    const auto wt = static_cast<std::uint8_t>(key & 7);
    if (wt > 5) throw WireError{"invalid wire type " + std::to_string(wt)};
    field = static_cast<std::uint32_t>(key >> 3);
    if (field == 0) throw WireError{"field number 0"};
    type = static_cast<WireType>(wt);
    return true;
  }

  std::uint64_t varint() {
    std::uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ >= end_) throw WireError{"truncated varint"};
      const std::uint8_t byte = *p_++;
      result |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return result;
    }
    throw WireError{"varint longer than 10 bytes"};
  }

  std::uint32_t fixed32() {
    if (end_ - p_ < 4) throw WireError{"truncated fixed32"};
    std::uint32_t v;
    std::memcpy(&v, p_, 4);
    p_ += 4;
    return v;
  }

  std::uint64_t fixed64() {
    if (end_ - p_ < 8) throw WireError{"truncated fixed64"};
    std::uint64_t v;
    std::memcpy(&v, p_, 8);
    p_ += 8;
    return v;
  }

  /// A length-delimited field's bytes (not copied).
  std::string_view bytes() {
    const std::uint64_t n = varint();
    if (n > static_cast<std::uint64_t>(end_ - p_)) throw WireError{"length runs past the end"};
    std::string_view out(reinterpret_cast<const char*>(p_), static_cast<std::size_t>(n));
    p_ += n;
    return out;
  }

  Reader sub() {
    const std::string_view b = bytes();
    return Reader(b);
  }

  void skip(WireType type) {
    switch (type) {
      case WireType::varint:
        (void)varint();
        return;
      case WireType::i64:
        (void)fixed64();
        return;
      case WireType::len:
        (void)bytes();
        return;
      case WireType::i32:
        (void)fixed32();
        return;
      case WireType::sgroup:
      case WireType::egroup:
        throw WireError{"groups are not used by ONNX"};
    }
  }

 private:
  const std::uint8_t* p_ = nullptr;
  const std::uint8_t* end_ = nullptr;
};

inline std::int64_t as_int64(std::uint64_t v) {
  return static_cast<std::int64_t>(v);
}

inline float as_float(std::uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

inline double as_double(std::uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

}  // namespace infergy::onnx_wire
