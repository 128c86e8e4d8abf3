// ONNX ModelProto -> IR, straight from the wire format (see wire.hpp for why).
//
// Field numbers are those of onnx/onnx.proto3 (ONNX 1.12); each parse function lists the fields
// it reads. Unknown fields are skipped, as protobuf itself would.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <queue>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "infergy/checked.hpp"
#include "infergy/error.hpp"
#include "infergy/onnx.hpp"
#include "mapped_file.hpp"
#include "wire.hpp"

namespace infergy {

namespace {

using onnx_wire::Reader;
using onnx_wire::WireError;
using onnx_wire::WireType;

// Deeper nesting than this (If inside Loop inside ...) is either hostile or broken; refusing it
// keeps the recursive parser's stack bounded.
constexpr int kMaxGraphDepth = 32;
constexpr int kMaxFunctionExpansionDepth = 16;
// Functions calling functions can multiply a graph; past this many nodes it is a bomb.
constexpr std::size_t kMaxExpandedNodes = 10'000'000;

// Domains whose operators infergy knows (cost rules or ONNX schemas exist for them).
bool is_known_domain(std::string_view d) {
  return d == "ai.onnx" || d == "ai.onnx.ml" || d == "com.microsoft" ||
         d == "ai.onnx.preview.training" || d == "com.microsoft.nchwc" || d == "ai.onnx.training";
}

struct LoadError {
  std::string message;
};

[[noreturn]] void fail(std::string message) {
  throw LoadError{std::move(message)};
}

void expect_type(WireType got, WireType want, std::string_view what) {
  if (got != want) throw WireError{fmt::format("{} has the wrong wire type", what)};
}

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

struct ParsedTensor {
  std::string name;
  DataType dtype = DataType::undefined;
  std::vector<std::int64_t> dims;
  std::shared_ptr<const TensorValues> values;
  std::string external_location;
  bool external = false;
};

// Where a tensor's payload sits in the file; decoded only when the tensor is small.
struct PayloadSpans {
  std::string_view raw;
  std::string_view packed_float, packed_int32, packed_int64, packed_double, packed_uint64;
  std::vector<std::uint64_t> loose_ints;  // unpacked repeated int fields (rare writers)
  std::vector<double> loose_floats;
  std::size_t loose_count = 0;
  bool has_strings = false;
};

void read_packed_or_single_varint(Reader& r, WireType t, std::vector<std::int64_t>& out) {
  if (t == WireType::len) {
    Reader p = r.sub();
    while (!p.done()) out.push_back(onnx_wire::as_int64(p.varint()));
  } else {
    expect_type(t, WireType::varint, "repeated integer field");
    out.push_back(onnx_wire::as_int64(r.varint()));
  }
}

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

struct ValueInfo {
  std::string name;
  DataType dtype = DataType::undefined;
  std::optional<std::vector<std::int64_t>> dims;
  std::vector<std::string> symbols;
};

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
            if (value < 0) {
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

// ---------------------------------------------------------------------------------------------
// Nodes, attributes, graphs, functions

struct RawNode {
  std::vector<std::string> inputs, outputs;
  std::string name, op_type, domain;
  std::vector<Attribute> attributes;
  std::vector<std::string> attribute_refs;  // ref_attr_name per attribute ("" if none)
  std::string_view encoded;
};

struct FunctionDef {
  std::string domain, name;
  std::vector<std::string> inputs, outputs;
  std::vector<Attribute> attribute_defaults;  // attribute_proto (IR >= 9)
  std::vector<RawNode> nodes;
};

class ModelParser {
 public:
  ModelParser(const LoadOptions& options, Model& model) : options_(options), model_(model) {}

  void parse_model(Reader r);

 private:
  std::shared_ptr<Graph> parse_graph(Reader r, int depth);
  RawNode parse_node(Reader r, int depth);
  Attribute parse_attribute(Reader r, int depth, std::string& ref_name);
  AttributeTensor to_attribute_tensor(ParsedTensor&& t);
  void parse_function(Reader r);
  void expand_functions(std::vector<RawNode>& nodes, int depth) const;
  void build_nodes(Graph& g, std::vector<RawNode>&& raw, bool is_subgraph);

  const LoadOptions& options_;
  Model& model_;
  std::vector<FunctionDef> functions_;
  std::set<std::string> undeclared_domains_;
};

AttributeTensor ModelParser::to_attribute_tensor(ParsedTensor&& t) {
  AttributeTensor a;
  a.dtype = t.dtype;
  a.dims = std::move(t.dims);
  a.values = std::move(t.values);
  return a;
}

// AttributeProto: name=1 f=2 i=3 s=4 t=5 g=6 floats=7 ints=8 strings=9 tensors=10 graphs=11
// type=20 ref_attr_name=21
Attribute ModelParser::parse_attribute(Reader r, int depth, std::string& ref_name) {
  Attribute a;
  std::int64_t declared_type = -1;
  bool seen_f = false, seen_i = false, seen_s = false, seen_t = false, seen_g = false;
  std::uint32_t field;
  WireType type;
  while (r.next(field, type)) {
    switch (field) {
      case 1:
        expect_type(type, WireType::len, "attribute name");
        a.name = std::string(r.bytes());
        break;
      case 2:
        expect_type(type, WireType::i32, "attribute f");
        a.f = onnx_wire::as_float(r.fixed32());
        seen_f = true;
        break;
      case 3:
        expect_type(type, WireType::varint, "attribute i");
        a.i = onnx_wire::as_int64(r.varint());
        seen_i = true;
        break;
      case 4:
        expect_type(type, WireType::len, "attribute s");
        a.s = std::string(r.bytes());
        seen_s = true;
        break;
      case 5:
        expect_type(type, WireType::len, "attribute t");
        a.tensors.push_back(to_attribute_tensor(parse_tensor(r.sub(), options_)));
        seen_t = true;
        break;
      case 6:
        expect_type(type, WireType::len, "attribute g");
        a.graphs.push_back(parse_graph(r.sub(), depth + 1));
        seen_g = true;
        break;
      case 7:
        if (type == WireType::len) {
          Reader p = r.sub();
          while (!p.done()) a.floats.push_back(onnx_wire::as_float(p.fixed32()));
        } else {
          expect_type(type, WireType::i32, "attribute floats");
          a.floats.push_back(onnx_wire::as_float(r.fixed32()));
        }
        break;
      case 8:
        read_packed_or_single_varint(r, type, a.ints);
        break;
      case 9:
        expect_type(type, WireType::len, "attribute strings");
        a.strings.emplace_back(r.bytes());
        break;
      case 10:
        expect_type(type, WireType::len, "attribute tensors");
        a.tensors.push_back(to_attribute_tensor(parse_tensor(r.sub(), options_)));
        break;
      case 11:
        expect_type(type, WireType::len, "attribute graphs");
        a.graphs.push_back(parse_graph(r.sub(), depth + 1));
        break;
      case 20:
        expect_type(type, WireType::varint, "attribute type");
        declared_type = onnx_wire::as_int64(r.varint());
        break;
      case 21:
        expect_type(type, WireType::len, "ref_attr_name");
        ref_name = std::string(r.bytes());
        break;
      default:
        r.skip(type);
    }
  }
  using T = Attribute::Type;
  // AttributeProto.AttributeType codes 1..10, in order.
  static constexpr T kByCode[] = {T::f,      T::i,    T::s,       T::t,       T::g,
                                  T::floats, T::ints, T::strings, T::tensors, T::graphs};
  if (declared_type >= 1 && declared_type <= 10) {
    a.type = kByCode[declared_type - 1];
    return a;
  }
  switch (declared_type) {
    case -1:  // IR < 2 files carry no type: infer it from the field that is set
      a.type = seen_f               ? T::f
               : seen_i             ? T::i
               : seen_s             ? T::s
               : seen_t             ? T::t
               : seen_g             ? T::g
               : !a.floats.empty()  ? T::floats
               : !a.ints.empty()    ? T::ints
               : !a.strings.empty() ? T::strings
               : !a.tensors.empty() ? T::tensors
               : !a.graphs.empty()  ? T::graphs
                                    : T::undefined;
      break;
    default:
      a.type = T::other;
  }
  return a;
}

// NodeProto: input=1 output=2 name=3 op_type=4 attribute=5 domain=7
RawNode ModelParser::parse_node(Reader r, int depth) {
  RawNode n;
  const auto* begin = r.position();
  std::uint32_t field;
  WireType type;
  while (r.next(field, type)) {
    switch (field) {
      case 1:
        expect_type(type, WireType::len, "node input");
        n.inputs.emplace_back(r.bytes());
        break;
      case 2:
        expect_type(type, WireType::len, "node output");
        n.outputs.emplace_back(r.bytes());
        break;
      case 3:
        expect_type(type, WireType::len, "node name");
        n.name = std::string(r.bytes());
        break;
      case 4:
        expect_type(type, WireType::len, "node op_type");
        n.op_type = std::string(r.bytes());
        break;
      case 5: {
        expect_type(type, WireType::len, "node attribute");
        std::string ref;
        n.attributes.push_back(parse_attribute(r.sub(), depth, ref));
        n.attribute_refs.push_back(std::move(ref));
        break;
      }
      case 7:
        expect_type(type, WireType::len, "node domain");
        n.domain = canonical_domain(r.bytes());
        break;
      default:
        r.skip(type);
    }
  }
  if (n.domain.empty()) n.domain = "ai.onnx";
  n.encoded = std::string_view(reinterpret_cast<const char*>(begin),
                               static_cast<std::size_t>(r.position() - begin));
  if (n.op_type.empty()) {
    fail(fmt::format("node '{}' has no op_type", n.name.empty() ? "(unnamed)" : n.name));
  }
  return n;
}

// FunctionProto: name=1 input=4 output=5 node=7 domain=10 attribute_proto=11
void ModelParser::parse_function(Reader r) {
  FunctionDef f;
  std::uint32_t field;
  WireType type;
  while (r.next(field, type)) {
    if (type != WireType::len) {
      r.skip(type);
      continue;
    }
    switch (field) {
      case 1:
        f.name = std::string(r.bytes());
        break;
      case 4:
        f.inputs.emplace_back(r.bytes());
        break;
      case 5:
        f.outputs.emplace_back(r.bytes());
        break;
      case 7:
        f.nodes.push_back(parse_node(r.sub(), 1));
        break;
      case 10:
        f.domain = canonical_domain(r.bytes());
        break;
      case 11: {
        std::string ref;
        f.attribute_defaults.push_back(parse_attribute(r.sub(), 1, ref));
        break;
      }
      default:
        r.skip(type);
    }
  }
  if (f.domain.empty()) f.domain = "ai.onnx";
  functions_.push_back(std::move(f));
}

// Replaces calls of model-local functions by their bodies, renaming the body's internal tensors
// so that two calls never share a name. Attributes that refer to the caller's attributes
// (ref_attr_name) take the caller's value, else the function's default, else are dropped.
void ModelParser::expand_functions(std::vector<RawNode>& nodes, int depth) const {
  if (functions_.empty()) return;
  std::vector<RawNode> out;
  out.reserve(nodes.size());
  bool expanded_any = false;
  std::size_t call_index = 0;
  for (auto& n : nodes) {
    const FunctionDef* f = nullptr;
    for (const auto& candidate : functions_) {
      if (candidate.domain == n.domain && candidate.name == n.op_type) f = &candidate;
    }
    if (f == nullptr) {
      out.push_back(std::move(n));
      continue;
    }
    if (depth >= kMaxFunctionExpansionDepth) {
      fail(fmt::format("function '{}' expands more than {} levels deep (recursive?)", f->name,
                       kMaxFunctionExpansionDepth));
    }
    expanded_any = true;
    const std::string prefix =
        fmt::format("{}/", n.name.empty() ? fmt::format("{}#{}", n.op_type, call_index) : n.name);
    ++call_index;
    std::unordered_map<std::string, std::string> rename;
    for (std::size_t i = 0; i < f->inputs.size(); ++i) {
      rename[f->inputs[i]] = i < n.inputs.size() ? n.inputs[i] : std::string();
    }
    for (std::size_t i = 0; i < f->outputs.size(); ++i) {
      rename[f->outputs[i]] = i < n.outputs.size() ? n.outputs[i] : std::string();
    }
    const auto map_name = [&](const std::string& name) {
      if (name.empty()) return name;
      auto it = rename.find(name);
      return it != rename.end() ? it->second : prefix + name;
    };
    for (const auto& body : f->nodes) {
      RawNode copy = body;
      for (auto& s : copy.inputs) s = map_name(s);
      for (auto& s : copy.outputs) s = map_name(s);
      copy.name = prefix + (body.name.empty() ? body.op_type : body.name);
      std::vector<Attribute> attrs;
      for (std::size_t i = 0; i < copy.attributes.size(); ++i) {
        const std::string& ref = copy.attribute_refs[i];
        if (ref.empty()) {
          attrs.push_back(copy.attributes[i]);
          continue;
        }
        const Attribute* source = nullptr;
        for (const auto& a : n.attributes) {
          if (a.name == ref) source = &a;
        }
        for (const auto& a : f->attribute_defaults) {
          if (source == nullptr && a.name == ref) source = &a;
        }
        if (source != nullptr) {
          Attribute a = *source;
          a.name = copy.attributes[i].name;
          attrs.push_back(std::move(a));
        }
        copy.encoded = {};  // the file's bytes no longer describe this node's attributes
      }
      copy.attributes = std::move(attrs);
      copy.attribute_refs.assign(copy.attributes.size(), std::string());
      out.push_back(std::move(copy));
      if (out.size() > kMaxExpandedNodes) {
        fail(fmt::format("model-local functions expand to more than {} nodes", kMaxExpandedNodes));
      }
    }
  }
  nodes = std::move(out);
  if (expanded_any) expand_functions(nodes, depth + 1);
}

// GraphProto: node=1 name=2 initializer=5 input=11 output=12 value_info=13
// sparse_initializer=15
std::shared_ptr<Graph> ModelParser::parse_graph(Reader r, int depth) {
  if (depth > kMaxGraphDepth) {
    fail(fmt::format("subgraphs nested more than {} levels deep", kMaxGraphDepth));
  }
  auto g = std::make_shared<Graph>();
  std::vector<std::string_view> initializers, sparse_initializers, inputs, outputs, value_infos;
  std::vector<RawNode> raw_nodes;
  std::uint32_t field;
  WireType type;
  while (r.next(field, type)) {
    if (type != WireType::len) {
      r.skip(type);
      continue;
    }
    switch (field) {
      case 1:
        raw_nodes.push_back(parse_node(r.sub(), depth));
        break;
      case 2:
        g->name = std::string(r.bytes());
        break;
      case 5:
        initializers.push_back(r.bytes());
        break;
      case 11:
        inputs.push_back(r.bytes());
        break;
      case 12:
        outputs.push_back(r.bytes());
        break;
      case 13:
        value_infos.push_back(r.bytes());
        break;
      case 15:
        sparse_initializers.push_back(r.bytes());
        break;
      default:
        r.skip(type);
    }
  }

  for (auto bytes : initializers) {
    ParsedTensor t = parse_tensor(Reader(bytes), options_);
    if (t.name.empty()) fail("an initializer has no name");
    if (g->find(t.name) != kNoTensor)
      fail(fmt::format("initializer '{}' is defined twice", t.name));
    Tensor& tensor = g->tensor(g->add_tensor(t.name, TensorKind::initializer));
    tensor.dtype = t.dtype;
    tensor.dims = std::move(t.dims);
    tensor.values = std::move(t.values);
    if (t.external) {
      tensor.external_location = t.external_location.empty() ? "?" : t.external_location;
    }
  }
  // SparseTensorProto: values=1 (TensorProto) indices=2 dims=3. Only the dense shape matters.
  for (auto bytes : sparse_initializers) {
    Reader sr(bytes);
    ParsedTensor values;
    std::vector<std::int64_t> dims;
    while (sr.next(field, type)) {
      if (field == 1 && type == WireType::len) {
        values = parse_tensor(sr.sub(), options_);
      } else if (field == 3) {
        read_packed_or_single_varint(sr, type, dims);
      } else {
        sr.skip(type);
      }
    }
    if (values.name.empty()) fail("a sparse initializer has no name");
    for (auto d : dims) {
      if (d < 0) fail(fmt::format("sparse initializer '{}' has a negative dim", values.name));
    }
    Tensor& tensor = g->tensor(g->add_tensor(values.name, TensorKind::initializer));
    tensor.dtype = values.dtype;
    tensor.dims = std::move(dims);
  }
  for (auto bytes : inputs) {
    ValueInfo vi = parse_value_info(Reader(bytes));
    if (vi.name.empty()) fail("a graph input has no name");
    const TensorId existing = g->find(vi.name);
    if (existing != kNoTensor) {
      // IR < 4 lists initializers among the inputs too; the initializer supplies the value.
      Tensor& t = g->tensor(existing);
      if (t.kind != TensorKind::initializer) {
        fail(fmt::format("graph input '{}' is declared twice", vi.name));
      }
      continue;
    }
    const TensorId id = g->add_tensor(vi.name, TensorKind::graph_input);
    Tensor& t = g->tensor(id);
    t.dtype = vi.dtype;
    t.dims = std::move(vi.dims);
    t.dim_symbols = std::move(vi.symbols);
    g->inputs.push_back(id);
  }

  expand_functions(raw_nodes, 0);
  build_nodes(*g, std::move(raw_nodes), depth > 0);

  for (auto bytes : outputs) {
    ValueInfo vi = parse_value_info(Reader(bytes));
    TensorId id = g->find(vi.name);
    if (id == kNoTensor) {
      if (depth == 0) fail(fmt::format("graph output '{}' is never produced", vi.name));
      id = g->add_tensor(vi.name, TensorKind::outer_scope);  // a subgraph may pass an outer value
    }
    g->outputs.push_back(id);
    Tensor& t = g->tensor(id);
    if (t.kind == TensorKind::intermediate || t.kind == TensorKind::constant ||
        t.kind == TensorKind::outer_scope) {
      if (t.dtype == DataType::undefined) t.dtype = vi.dtype;
      if (!t.dims && vi.dims) {
        t.dims = std::move(vi.dims);
        t.dim_symbols = std::move(vi.symbols);
      }
    }
  }
  for (auto bytes : value_infos) {
    ValueInfo vi = parse_value_info(Reader(bytes));
    const TensorId id = g->find(vi.name);
    if (id == kNoTensor) continue;  // describes a tensor nothing uses: harmless
    Tensor& t = g->tensor(id);
    if (t.kind != TensorKind::intermediate && t.kind != TensorKind::constant) continue;
    if (t.dtype == DataType::undefined) t.dtype = vi.dtype;
    if (!t.dims && vi.dims) {
      t.dims = std::move(vi.dims);
      t.dim_symbols = std::move(vi.symbols);
    }
  }
  return g;
}

// Names a subgraph (and its own subgraphs) reads from enclosing scopes.
void collect_captures(const Graph& g, std::unordered_set<std::string>& out) {
  for (const auto& t : g.tensors) {
    if (t.kind == TensorKind::outer_scope) out.insert(t.name);
  }
  for (const auto& n : g.nodes) {
    for (const auto& a : n.attributes) {
      for (const auto& sub : a.graphs) {
        std::unordered_set<std::string> inner;
        collect_captures(*sub, inner);
        for (const auto& name : inner) {
          if (g.find(name) == kNoTensor || g.tensor(g.find(name)).kind == TensorKind::outer_scope) {
            out.insert(name);
          }
        }
      }
    }
  }
}

void ModelParser::build_nodes(Graph& g, std::vector<RawNode>&& raw, bool is_subgraph) {
  g.nodes.reserve(raw.size());
  // Outputs first: ONNX files should be topologically sorted, but not all are.
  std::size_t output_count = 0;
  for (const auto& rn : raw) output_count += rn.outputs.size();
  g.reserve(g.tensors.size() + 2 * output_count);  // node outputs, and room for outer names
  std::vector<std::vector<TensorId>> output_ids(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    // A Constant node's output is a stored value like an initializer (a weight, possibly).
    const bool constant = raw[i].op_type == "Constant" && raw[i].domain == "ai.onnx";
    for (const auto& out : raw[i].outputs) {
      if (out.empty()) {
        output_ids[i].push_back(kNoTensor);
        continue;
      }
      const auto [id, inserted] =
          g.insert_tensor(out, constant ? TensorKind::constant : TensorKind::intermediate);
      if (!inserted) {
        const Tensor& t = g.tensor(id);
        const std::string what = t.kind == TensorKind::initializer   ? "an initializer"
                                 : t.kind == TensorKind::graph_input ? "a graph input"
                                                                     : "another node";
        fail(fmt::format(
            "tensor '{}' is produced by node '{}' and by {} (a tensor has one producer)", out,
            raw[i].name.empty() ? raw[i].op_type : raw[i].name, what));
      }
      g.tensor(id).producer = static_cast<std::int32_t>(i);
      output_ids[i].push_back(id);
    }
  }
  for (std::size_t i = 0; i < raw.size(); ++i) {
    RawNode& rn = raw[i];
    Node n;
    n.name = std::move(rn.name);
    n.op_type = std::move(rn.op_type);
    n.domain = std::move(rn.domain);
    n.attributes = std::move(rn.attributes);
    n.encoded = rn.encoded;
    const auto opset = model_.opsets.find(n.domain);
    if (opset != model_.opsets.end()) {
      n.opset = opset->second;
    } else if (is_known_domain(n.domain)) {
      undeclared_domains_.insert(n.domain);
      n.opset = 1;
    } else {
      fail(
          fmt::format("node '{}' ({}) uses domain '{}', which the model neither imports nor is "
                      "known to infergy",
                      n.name, n.op_type, n.domain));
    }
    for (const auto& in : rn.inputs) {
      if (in.empty()) {
        n.inputs.push_back(kNoTensor);
        continue;
      }
      TensorId id = g.find(in);
      if (id == kNoTensor) {
        if (!is_subgraph) {
          fail(
              fmt::format("node '{}' ({}) reads '{}', which no node, initializer or input "
                          "defines",
                          n.name, n.op_type, in));
        }
        id = g.add_tensor(in, TensorKind::outer_scope);
      }
      n.inputs.push_back(id);
    }
    n.outputs = std::move(output_ids[i]);
    g.nodes.push_back(std::move(n));
  }

  // Kahn's algorithm over data edges plus the implicit edges of subgraph captures, keeping the
  // file's order among ready nodes so that sorted files stay as written.
  const std::size_t count = g.nodes.size();
  std::vector<std::vector<std::int32_t>> consumers(count);
  std::vector<std::int32_t> pending(count, 0);
  for (std::size_t i = 0; i < count; ++i) {
    std::unordered_set<std::int32_t> producers;
    for (TensorId in : g.nodes[i].inputs) {
      if (in != kNoTensor && g.tensor(in).producer >= 0) producers.insert(g.tensor(in).producer);
    }
    for (const auto& a : g.nodes[i].attributes) {
      for (const auto& sub : a.graphs) {
        std::unordered_set<std::string> captures;
        collect_captures(*sub, captures);
        for (const auto& name : captures) {
          const TensorId id = g.find(name);
          if (id == kNoTensor) {
            if (!is_subgraph) {
              fail(
                  fmt::format("a subgraph of node '{}' ({}) reads '{}', which is defined "
                              "nowhere",
                              g.nodes[i].name, g.nodes[i].op_type, name));
            }
            g.add_tensor(name, TensorKind::outer_scope);
            continue;
          }
          if (g.tensor(id).producer >= 0) producers.insert(g.tensor(id).producer);
        }
      }
    }
    for (auto p : producers) {
      if (static_cast<std::size_t>(p) == i) {
        fail(fmt::format("cyclic graph: node '{}' ({}) reads its own output", g.nodes[i].name,
                         g.nodes[i].op_type));
      }
      consumers[static_cast<std::size_t>(p)].push_back(static_cast<std::int32_t>(i));
      ++pending[i];
    }
  }
  // A min-heap of ready nodes: among nodes that may run, the earliest in the file goes first.
  std::vector<std::int32_t> order;
  order.reserve(count);
  std::priority_queue<std::int32_t, std::vector<std::int32_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < count; ++i) {
    if (pending[i] == 0) ready.push(static_cast<std::int32_t>(i));
  }
  bool in_file_order = true;
  while (!ready.empty()) {
    const std::int32_t n = ready.top();
    ready.pop();
    if (n != static_cast<std::int32_t>(order.size())) in_file_order = false;
    order.push_back(n);
    for (auto c : consumers[static_cast<std::size_t>(n)]) {
      if (--pending[static_cast<std::size_t>(c)] == 0) ready.push(c);
    }
  }
  if (order.size() != count) {
    for (std::size_t i = 0; i < count; ++i) {
      if (pending[i] > 0) {
        fail(fmt::format("cyclic graph: node '{}' ({}) depends on its own output", g.nodes[i].name,
                         g.nodes[i].op_type));
      }
    }
  }
  if (!in_file_order) {
    std::vector<Node> sorted;
    sorted.reserve(count);
    for (auto i : order) sorted.push_back(std::move(g.nodes[static_cast<std::size_t>(i)]));
    g.nodes = std::move(sorted);
  }
  for (auto& t : g.tensors) t.producer = -1;
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    for (TensorId out : g.nodes[i].outputs) {
      if (out != kNoTensor) g.tensor(out).producer = static_cast<std::int32_t>(i);
    }
  }
}

void link_parents(Graph& g, const Graph* parent) {
  g.parent = parent;
  for (auto& n : g.nodes) {
    for (auto& a : n.attributes) {
      for (auto& sub : a.graphs) link_parents(*sub, &g);
    }
  }
}

// Checks that every outer-scope reference of a subgraph names a tensor of an enclosing graph.
void check_captures(const Graph& g) {
  for (const auto& n : g.nodes) {
    for (const auto& a : n.attributes) {
      for (const auto& sub : a.graphs) {
        for (const auto& t : sub->tensors) {
          if (t.kind != TensorKind::outer_scope) continue;
          bool found = false;
          for (const Graph* up = sub->parent; up != nullptr && !found; up = up->parent) {
            const TensorId id = up->find(t.name);
            found = id != kNoTensor && up->tensor(id).kind != TensorKind::outer_scope;
          }
          if (!found) {
            fail(fmt::format("a subgraph of node '{}' ({}) reads '{}', which is defined nowhere",
                             n.name, n.op_type, t.name));
          }
        }
        check_captures(*sub);
      }
    }
  }
}

// ModelProto: ir_version=1 producer_name=2 producer_version=3 graph=7 opset_import=8
// functions=25. OperatorSetIdProto: domain=1 version=2.
void ModelParser::parse_model(Reader r) {
  std::string_view graph_bytes;
  bool has_graph = false;
  std::vector<std::string_view> function_bytes;
  std::string producer_name, producer_version;
  std::uint32_t field;
  WireType type;
  while (r.next(field, type)) {
    switch (field) {
      case 1:
        expect_type(type, WireType::varint, "ir_version");
        model_.ir_version = onnx_wire::as_int64(r.varint());
        break;
      case 2:
        expect_type(type, WireType::len, "producer_name");
        producer_name = std::string(r.bytes());
        break;
      case 3:
        expect_type(type, WireType::len, "producer_version");
        producer_version = std::string(r.bytes());
        break;
      case 7:
        expect_type(type, WireType::len, "graph");
        graph_bytes = r.bytes();
        has_graph = true;
        break;
      case 8: {
        expect_type(type, WireType::len, "opset_import");
        Reader o = r.sub();
        std::string domain;
        std::int64_t version = 0;
        std::uint32_t f2;
        WireType t2;
        while (o.next(f2, t2)) {
          if (f2 == 1 && t2 == WireType::len) {
            domain = std::string(o.bytes());
          } else if (f2 == 2 && t2 == WireType::varint) {
            version = onnx_wire::as_int64(o.varint());
          } else {
            o.skip(t2);
          }
        }
        model_.opsets[canonical_domain(domain)] = version;
        break;
      }
      case 25:
        expect_type(type, WireType::len, "functions");
        function_bytes.push_back(r.bytes());
        break;
      default:
        r.skip(type);
    }
  }
  if (!has_graph || model_.ir_version <= 0) {
    fail("not an ONNX model (a valid protobuf, but without ir_version and graph)");
  }
  if (model_.opsets.empty()) {
    // IR version 1/2 files had no opset_import; ONNX treats them as opset 1.
    model_.opsets["ai.onnx"] = 1;
  }
  for (const auto& [domain, version] : model_.opsets) {
    if (!is_known_domain(domain)) {
      model_.warnings.push_back(fmt::format(
          "domain '{}' (version {}) is not known to infergy: its ops are listed as uncounted",
          domain, version));
    }
  }
  if (auto it = model_.opsets.find("ai.onnx"); it != model_.opsets.end() && it->second < 7) {
    model_.warnings.push_back(fmt::format(
        "opset {} predates ONNX opset 7, the oldest infergy supports: shapes may not infer",
        it->second));
  }
  model_.producer =
      producer_version.empty() ? producer_name : producer_name + " " + producer_version;
  for (auto bytes : function_bytes) parse_function(Reader(bytes));
  auto graph = parse_graph(Reader(graph_bytes), 0);
  model_.graph = std::move(*graph);
  link_parents(model_.graph, nullptr);
  check_captures(model_.graph);
  for (const auto& d : undeclared_domains_) {
    model_.warnings.push_back(
        fmt::format("nodes use domain '{}' without importing it; assuming its opset version 1", d));
  }
}

Model parse_bytes(std::string_view bytes, const std::string& source, const LoadOptions& options,
                  std::shared_ptr<const void> storage) {
  Model model;
  model.path = source;
  model.file_bytes = bytes.size();
  model.storage = std::move(storage);
  try {
    ModelParser parser(options, model);
    parser.parse_model(Reader(bytes));
  } catch (const WireError& e) {
    throw input_error(
        fmt::format("{}: not an ONNX model (malformed protobuf: {})", source, e.message));
  } catch (const LoadError& e) {
    throw input_error(fmt::format("{}: {}", source, e.message));
  }
  return model;
}

}  // namespace

Model load_onnx(const std::filesystem::path& path, const LoadOptions& options) {
  auto file = onnx_wire::MappedFile::open(path);
  const std::string_view bytes = file->bytes();
  Model model = parse_bytes(bytes, path.string(), options, file);
  // External weights are referenced, never read; a missing file is worth knowing about.
  std::set<std::string> locations;
  const auto collect = [&](const Graph& g, auto&& self) -> void {
    for (const auto& t : g.tensors) {
      if (!t.external_location.empty()) locations.insert(t.external_location);
    }
    for (const auto& n : g.nodes) {
      for (const auto& a : n.attributes) {
        for (const auto& sub : a.graphs) self(*sub, self);
      }
    }
  };
  collect(model.graph, collect);
  for (const auto& loc : locations) {
    std::error_code ec;
    if (!std::filesystem::exists(path.parent_path() / loc, ec)) {
      model.warnings.push_back(
          fmt::format("external data file '{}' is missing (not needed to count costs)", loc));
    }
  }
  return model;
}

Model parse_onnx(std::string_view bytes, const std::string& source, const LoadOptions& options) {
  if (bytes.empty()) throw input_error(fmt::format("{}: empty file, not an ONNX model", source));
  auto copy = std::make_shared<const std::string>(bytes);
  return parse_bytes(*copy, source, options, copy);
}

}  // namespace infergy
