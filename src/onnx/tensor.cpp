// TensorProto and ValueInfoProto, decoded from the wire format. A tensor's payload is located,
// never copied; its values are decoded only when the tensor is small enough for shape inference
// to use them (shapes, axes, scalars).
#include <algorithm>
#include <cstring>

#include "infergy/checked.hpp"
#include "messages.hpp"

namespace infergy::onnx_wire {

void read_packed_or_single_varint(Reader& r, WireType t, std::vector<std::int64_t>& out) {
  if (t == WireType::len) {
    Reader p = r.sub();
    while (!p.done()) out.push_back(onnx_wire::as_int64(p.varint()));
  } else {
    expect_type(t, WireType::varint, "repeated integer field");
    out.push_back(onnx_wire::as_int64(r.varint()));
  }
}

namespace {

// ---------------------------------------------------------------------------------------------
// Scalars

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000) << 16;
  std::uint32_t exp = (h >> 10) & 0x1F;
  std::uint32_t mant = h & 0x3FF;
  std::uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: normalise
      exp = 127 - 15 + 1;
      while ((mant & 0x400) == 0) {
        mant <<= 1;
        --exp;
      }
      mant &= 0x3FF;
      bits = sign | (exp << 23) | (mant << 13);
    }
  } else if (exp == 0x1F) {
    bits = sign | 0x7F800000 | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  return onnx_wire::as_float(bits);
}

// One little-endian element of raw_data (ONNX stores raw_data little-endian; so is x86-64).
template <typename T>
T load(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

float bfloat16_to_float(std::uint16_t b) {
  return onnx_wire::as_float(static_cast<std::uint32_t>(b) << 16);
}

// ---------------------------------------------------------------------------------------------
// TensorProto: dims=1 data_type=2 float_data=4 int32_data=5 string_data=6 int64_data=7 name=8
// raw_data=9 double_data=10 uint64_data=11 external_data=13 data_location=14

// Where a tensor's payload sits in the file; decoded only when the tensor is small.
struct PayloadSpans {
  std::string_view raw;
  std::string_view packed_float, packed_int32, packed_int64, packed_double, packed_uint64;
  std::vector<std::uint64_t> loose_ints;  // unpacked repeated int fields (rare writers)
  std::vector<double> loose_floats;
  std::size_t loose_count = 0;
  std::size_t string_count = 0;
  bool has_strings = false;
};

std::shared_ptr<const TensorValues> decode_values(const ParsedTensor& t, const PayloadSpans& s,
                                                  std::int64_t count) {
  auto v = std::make_shared<TensorValues>();
  const auto n = static_cast<std::size_t>(count);
  const DataType dt = t.dtype;
  v->is_float = is_floating(dt);
  if (!v->is_float && !is_integer(dt) && dt != DataType::boolean) return nullptr;
  if (dt == DataType::complex64 || dt == DataType::complex128) return nullptr;
  if (dt >= DataType::float8e4m3fn) return nullptr;  // no shape arithmetic uses float8 values

  if (!s.raw.empty()) {
    const int size = element_size(dt);
    if (s.raw.size() != n * static_cast<std::size_t>(size)) return nullptr;  // reported earlier
    const char* p = s.raw.data();
    for (std::size_t i = 0; i < n; ++i, p += size) {
      switch (dt) {
        case DataType::float32:
          v->floats.push_back(onnx_wire::as_float(load<std::uint32_t>(p)));
          break;
        case DataType::float64:
          v->floats.push_back(onnx_wire::as_double(load<std::uint64_t>(p)));
          break;
        case DataType::float16:
          v->floats.push_back(half_to_float(load<std::uint16_t>(p)));
          break;
        case DataType::bfloat16:
          v->floats.push_back(bfloat16_to_float(load<std::uint16_t>(p)));
          break;
        case DataType::int8:
          v->ints.push_back(load<std::int8_t>(p));
          break;
        case DataType::uint8:
        case DataType::boolean:
          v->ints.push_back(load<std::uint8_t>(p));
          break;
        case DataType::int16:
          v->ints.push_back(load<std::int16_t>(p));
          break;
        case DataType::uint16:
          v->ints.push_back(load<std::uint16_t>(p));
          break;
        case DataType::int32:
          v->ints.push_back(load<std::int32_t>(p));
          break;
        case DataType::uint32:
          v->ints.push_back(load<std::uint32_t>(p));
          break;
        case DataType::int64:
        case DataType::uint64:
          v->ints.push_back(load<std::int64_t>(p));
          break;
        default:
          return nullptr;
      }
    }
    return v;
  }

  const auto read_varints = [&](std::string_view packed, auto convert) {
    Reader p(packed);
    while (!p.done()) convert(p.varint());
  };
  switch (dt) {
    case DataType::float32: {
      if (s.packed_float.size() % 4 != 0) return nullptr;
      for (std::size_t i = 0; i + 4 <= s.packed_float.size(); i += 4) {
        std::uint32_t b;
        std::memcpy(&b, s.packed_float.data() + i, 4);
        v->floats.push_back(onnx_wire::as_float(b));
      }
      for (double f : s.loose_floats) v->floats.push_back(f);
      break;
    }
    case DataType::float64: {
      for (std::size_t i = 0; i + 8 <= s.packed_double.size(); i += 8) {
        std::uint64_t b;
        std::memcpy(&b, s.packed_double.data() + i, 8);
        v->floats.push_back(onnx_wire::as_double(b));
      }
      for (double f : s.loose_floats) v->floats.push_back(f);
      break;
    }
    case DataType::float16:
    case DataType::bfloat16: {
      const auto conv = [&](std::uint64_t x) {
        const auto b = static_cast<std::uint16_t>(x);
        v->floats.push_back(dt == DataType::float16 ? half_to_float(b) : bfloat16_to_float(b));
      };
      read_varints(s.packed_int32, conv);
      for (auto x : s.loose_ints) conv(x);
      break;
    }
    case DataType::int64: {
      read_varints(s.packed_int64,
                   [&](std::uint64_t x) { v->ints.push_back(onnx_wire::as_int64(x)); });
      for (auto x : s.loose_ints) v->ints.push_back(onnx_wire::as_int64(x));
      break;
    }
    case DataType::uint64:
    case DataType::uint32: {
      read_varints(s.packed_uint64,
                   [&](std::uint64_t x) { v->ints.push_back(onnx_wire::as_int64(x)); });
      for (auto x : s.loose_ints) v->ints.push_back(onnx_wire::as_int64(x));
      break;
    }
    default: {  // int32_data holds int32, int16, int8, uint16, uint8 and bool
      const auto conv = [&](std::uint64_t x) {
        v->ints.push_back(static_cast<std::int32_t>(static_cast<std::uint32_t>(x)));
      };
      read_varints(s.packed_int32, conv);
      for (auto x : s.loose_ints) conv(x);
    }
  }
  if (v->size() != n) return nullptr;  // no data (shape-only file) or inconsistent count
  return v;
}

// Elements a packed varint field holds: one per byte without the continuation bit.
std::size_t varint_count(std::string_view packed) {
  return static_cast<std::size_t>(std::count_if(packed.begin(), packed.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0x80U) == 0;
  }));
}

// A tensor that carries its data in the typed fields (float_data, int64_data, ...) must carry
// one value per element (two for complex types): ONNX's checker rejects any other count. No
// data at all is a shape-only (weight-stripped) file, which stays valid.
void check_typed_length(const ParsedTensor& t, const PayloadSpans& s, std::int64_t count) {
  if (t.external || !s.raw.empty()) return;
  if (s.packed_float.size() % 4 != 0 || s.packed_double.size() % 8 != 0) {
    fail(fmt::format("tensor '{}': packed float/double data is not a whole number of values",
                     t.name));
  }
  const std::size_t values = s.packed_float.size() / 4 + s.packed_double.size() / 8 +
                             varint_count(s.packed_int32) + varint_count(s.packed_int64) +
                             varint_count(s.packed_uint64) + s.loose_count + s.string_count;
  if (values == 0) return;
  const bool complex = t.dtype == DataType::complex64 || t.dtype == DataType::complex128;
  const auto expected = checked_mul(count, complex ? 2 : 1);
  if (!expected || static_cast<std::uint64_t>(*expected) != values) {
    fail(fmt::format("tensor '{}': holds {} values but dims [{}] need {}", t.name, values,
                     fmt::join(t.dims, ","),
                     expected ? std::to_string(*expected) : std::string("more than 2^63")));
  }
}

}  // namespace

ParsedTensor parse_tensor(Reader r, const LoadOptions& options) {
  ParsedTensor t;
  PayloadSpans s;
  std::int64_t data_type = 0;
  std::int64_t data_location = 0;
  std::uint32_t field;
  WireType type;
  while (r.next(field, type)) {
    switch (field) {
      case 1:
        read_packed_or_single_varint(r, type, t.dims);
        break;
      case 2:
        expect_type(type, WireType::varint, "tensor data_type");
        data_type = onnx_wire::as_int64(r.varint());
        break;
      case 4:
        if (type == WireType::len) {
          s.packed_float = r.bytes();
        } else {
          expect_type(type, WireType::i32, "float_data");
          const float f = onnx_wire::as_float(r.fixed32());
          if (s.loose_count++ < options.max_integer_values) s.loose_floats.push_back(f);
        }
        break;
      case 5:
      case 7:
      case 11:
        if (type == WireType::len) {
          (field == 5 ? s.packed_int32 : field == 7 ? s.packed_int64 : s.packed_uint64) = r.bytes();
        } else {
          expect_type(type, WireType::varint, "integer data");
          const auto x = r.varint();
          if (s.loose_count++ < options.max_integer_values) s.loose_ints.push_back(x);
        }
        break;
      case 6:
        expect_type(type, WireType::len, "string_data");
        (void)r.bytes();
        s.has_strings = true;
        ++s.string_count;
        break;
      case 8:
        expect_type(type, WireType::len, "tensor name");
        t.name = std::string(r.bytes());
        break;
      case 9:
        expect_type(type, WireType::len, "raw_data");
        s.raw = r.bytes();
        break;
      case 10:
        if (type == WireType::len) {
          s.packed_double = r.bytes();
        } else {
          expect_type(type, WireType::i64, "double_data");
          const double d = onnx_wire::as_double(r.fixed64());
          if (s.loose_count++ < options.max_integer_values) s.loose_floats.push_back(d);
        }
        break;
      case 13: {  // StringStringEntryProto key=1 value=2
        expect_type(type, WireType::len, "external_data");
        Reader e = r.sub();
        std::string_view key, value;
        std::uint32_t f2;
        WireType t2;
        while (e.next(f2, t2)) {
          if (f2 == 1 && t2 == WireType::len) {
            key = e.bytes();
          } else if (f2 == 2 && t2 == WireType::len) {
            value = e.bytes();
          } else {
            e.skip(t2);
          }
        }
        if (key == "location") t.external_location = std::string(value);
        break;
      }
      case 14:
        expect_type(type, WireType::varint, "data_location");
        data_location = onnx_wire::as_int64(r.varint());
        break;
      default:
        r.skip(type);
    }
  }
  if (data_type < 0 || data_type > 23) {
    fail(fmt::format("tensor '{}' has unknown data type {}", t.name, data_type));
  }
  t.dtype = static_cast<DataType>(data_type);
  t.external = data_location == 1;
  for (std::size_t i = 0; i < t.dims.size(); ++i) {
    if (t.dims[i] < 0) {
      fail(fmt::format("tensor '{}' has a negative dim ({} at axis {})", t.name, t.dims[i], i));
    }
  }
  const auto count = checked_product(t.dims);
  if (!count) fail(fmt::format("tensor '{}': element count overflows 64 bits", t.name));
  const int size = element_size(t.dtype);
  if (!s.raw.empty() && size > 0) {
    const auto expected = checked_mul(*count, size);
    if (!expected || static_cast<std::uint64_t>(*expected) != s.raw.size()) {
      fail(fmt::format("tensor '{}': raw_data holds {} bytes but dims {} of {} need {}", t.name,
                       s.raw.size(), fmt::join(t.dims, "x"), to_string(t.dtype),
                       expected ? std::to_string(*expected) : std::string("more than 2^63")));
    }
  }
  check_typed_length(t, s, *count);
  const std::size_t limit = is_integer(t.dtype) || t.dtype == DataType::boolean
                                ? options.max_integer_values
                                : options.max_other_values;
  if (!t.external && static_cast<std::uint64_t>(*count) <= limit) {
    t.values = decode_values(t, s, *count);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// ValueInfoProto: name=1 type=2. TypeProto: tensor_type=1 sparse_tensor_type=8.
// TypeProto.Tensor: elem_type=1 shape=2. TensorShapeProto: dim=1. Dimension: dim_value=1
// dim_param=2.

namespace {

void parse_tensor_type(Reader r, ValueInfo& vi) {
  std::uint32_t field;
  WireType type;
  while (r.next(field, type)) {
    if (field == 1 && type == WireType::varint) {
      const auto et = onnx_wire::as_int64(r.varint());
      if (et < 0 || et > 23)
        fail(fmt::format("value '{}' has unknown element type {}", vi.name, et));
      vi.dtype = static_cast<DataType>(et);
    } else if (field == 2 && type == WireType::len) {
      Reader shape = r.sub();
      vi.dims.emplace();
      std::uint32_t f2;
      WireType t2;
      while (shape.next(f2, t2)) {
        if (f2 != 1 || t2 != WireType::len) {
          shape.skip(t2);
          continue;
        }
        Reader dim = shape.sub();
        std::int64_t value = kUnknownDim;
        std::string symbol;
        std::uint32_t f3;
        WireType t3;
        while (dim.next(f3, t3)) {
          if (f3 == 1 && t3 == WireType::varint) {
            value = onnx_wire::as_int64(dim.varint());
            // Some exporters (Keras converters, hand-edited graphs) write an unknown dim as
            // dim_value -1: it is an unnamed symbolic dim. Other negative values are errors.
            if (value == -1) {
              value = kUnknownDim;
            } else if (value < 0) {
              fail(fmt::format("value '{}' declares a negative dim ({}) at axis {}", vi.name, value,
                               vi.dims->size()));
            }
          } else if (f3 == 2 && t3 == WireType::len) {
            symbol = std::string(dim.bytes());
          } else {
            dim.skip(t3);
          }
        }
        vi.dims->push_back(value);
        vi.symbols.push_back(value >= 0 ? std::string() : symbol);
      }
    } else {
      r.skip(type);
    }
  }
}

}  // namespace

ValueInfo parse_value_info(Reader r) {
  ValueInfo vi;
  std::uint32_t field;
  WireType type;
  while (r.next(field, type)) {
    if (field == 1 && type == WireType::len) {
      vi.name = std::string(r.bytes());
    } else if (field == 2 && type == WireType::len) {
      Reader tp = r.sub();
      std::uint32_t f2;
      WireType t2;
      while (tp.next(f2, t2)) {
        if ((f2 == 1 || f2 == 8) && t2 == WireType::len) {
          parse_tensor_type(tp.sub(), vi);
        } else {
          tp.skip(t2);
        }
      }
    } else {
      r.skip(type);
    }
  }
  return vi;
}

}  // namespace infergy::onnx_wire
