#include "infergy/graph.hpp"

#include <fmt/format.h>

#include "infergy/checked.hpp"

namespace infergy {

std::string_view to_string(DataType t) {
  switch (t) {
    case DataType::undefined:
      return "undefined";
    case DataType::float32:
      return "float32";
    case DataType::uint8:
      return "uint8";
    case DataType::int8:
      return "int8";
    case DataType::uint16:
      return "uint16";
    case DataType::int16:
      return "int16";
    case DataType::int32:
      return "int32";
    case DataType::int64:
      return "int64";
    case DataType::string:
      return "string";
    case DataType::boolean:
      return "bool";
    case DataType::float16:
      return "float16";
    case DataType::float64:
      return "float64";
    case DataType::uint32:
      return "uint32";
    case DataType::uint64:
      return "uint64";
    case DataType::complex64:
      return "complex64";
    case DataType::complex128:
      return "complex128";
    case DataType::bfloat16:
      return "bfloat16";
    case DataType::float8e4m3fn:
      return "float8e4m3fn";
    case DataType::float8e4m3fnuz:
      return "float8e4m3fnuz";
    case DataType::float8e5m2:
      return "float8e5m2";
    case DataType::float8e5m2fnuz:
      return "float8e5m2fnuz";
  }
  return "unknown";
}

int element_size(DataType t) {
  switch (t) {
    case DataType::undefined:
    case DataType::string:
      return 0;
    case DataType::uint8:
    case DataType::int8:
    case DataType::boolean:
    case DataType::float8e4m3fn:
    case DataType::float8e4m3fnuz:
    case DataType::float8e5m2:
    case DataType::float8e5m2fnuz:
      return 1;
    case DataType::uint16:
    case DataType::int16:
    case DataType::float16:
    case DataType::bfloat16:
      return 2;
    case DataType::float32:
    case DataType::int32:
    case DataType::uint32:
      return 4;
    case DataType::int64:
    case DataType::float64:
    case DataType::uint64:
    case DataType::complex64:
      return 8;
    case DataType::complex128:
      return 16;
  }
  return 0;
}

bool is_floating(DataType t) {
  switch (t) {
    case DataType::float32:
    case DataType::float16:
    case DataType::float64:
    case DataType::bfloat16:
    case DataType::float8e4m3fn:
    case DataType::float8e4m3fnuz:
    case DataType::float8e5m2:
    case DataType::float8e5m2fnuz:
    case DataType::complex64:
    case DataType::complex128:
      return true;
    default:
      return false;
  }
}

bool is_integer(DataType t) {
  switch (t) {
    case DataType::uint8:
    case DataType::int8:
    case DataType::uint16:
    case DataType::int16:
    case DataType::int32:
    case DataType::int64:
    case DataType::uint32:
    case DataType::uint64:
      return true;
    default:
      return false;
  }
}

bool Tensor::shape_known() const {
  if (!dims) return false;
  for (auto d : *dims) {
    if (d < 0) return false;
  }
  return true;
}

std::optional<std::int64_t> Tensor::elements() const {
  if (!shape_known()) return std::nullopt;
  return checked_product(*dims);
}

const Attribute* Node::attr(std::string_view attr_name) const {
  for (const auto& a : attributes) {
    if (a.name == attr_name) return &a;
  }
  return nullptr;
}

std::int64_t Node::attr_int(std::string_view attr_name, std::int64_t fallback) const {
  const Attribute* a = attr(attr_name);
  return a && a->type == Attribute::Type::i ? a->i : fallback;
}

double Node::attr_float(std::string_view attr_name, double fallback) const {
  const Attribute* a = attr(attr_name);
  return a && a->type == Attribute::Type::f ? a->f : fallback;
}

std::string Node::attr_string(std::string_view attr_name, std::string_view fallback) const {
  const Attribute* a = attr(attr_name);
  return a && a->type == Attribute::Type::s ? a->s : std::string(fallback);
}

std::vector<std::int64_t> Node::attr_ints(std::string_view attr_name,
                                          std::vector<std::int64_t> fallback) const {
  const Attribute* a = attr(attr_name);
  return a && a->type == Attribute::Type::ints ? a->ints : fallback;
}

std::string Node::label(std::size_t index) const {
  if (!name.empty()) return name;
  return fmt::format("{} #{}", op_type, index);
}

TensorId Graph::find(std::string_view tensor_name) const {
  const auto it = index_.find(tensor_name);
  return it == index_.end() ? kNoTensor : it->second;
}

TensorId Graph::add_tensor(std::string_view tensor_name, TensorKind kind) {
  return insert_tensor(tensor_name, kind).first;
}

std::pair<TensorId, bool> Graph::insert_tensor(std::string_view tensor_name, TensorKind kind) {
  auto [it, inserted] =
      index_.try_emplace(std::string(tensor_name), static_cast<TensorId>(tensors.size()));
  if (inserted) {
    Tensor t;
    t.name = it->first;
    t.kind = kind;
    tensors.push_back(std::move(t));
  }
  return {it->second, inserted};
}

void Graph::reserve(std::size_t tensor_count) {
  tensors.reserve(tensor_count);
  index_.reserve(tensor_count);
}

std::string canonical_domain(std::string_view domain) {
  if (domain.empty() || domain == "ai.onnx") return "ai.onnx";
  return std::string(domain);
}

}  // namespace infergy
