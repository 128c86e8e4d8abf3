// Builds small ONNX models with ONNX's own protobuf classes, so that loader tests exercise
// exactly what exporters write.
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace infergy::testing {

inline onnx::ValueInfoProto value_info(const std::string& name, int elem_type,
                                       const std::vector<std::int64_t>& dims,
                                       const std::vector<std::string>& symbols = {}) {
  onnx::ValueInfoProto v;
  v.set_name(name);
  auto* tt = v.mutable_type()->mutable_tensor_type();
  tt->set_elem_type(elem_type);
  auto* shape = tt->mutable_shape();
  for (std::size_t i = 0; i < dims.size(); ++i) {
    auto* d = shape->add_dim();
    if (i < symbols.size() && !symbols[i].empty()) {
      d->set_dim_param(symbols[i]);
    } else {
      d->set_dim_value(dims[i]);
    }
  }
  return v;
}

inline onnx::NodeProto node(const std::string& op, const std::vector<std::string>& inputs,
                            const std::vector<std::string>& outputs, const std::string& name = "",
                            const std::string& domain = "") {
  onnx::NodeProto n;
  n.set_op_type(op);
  n.set_name(name);
  if (!domain.empty()) n.set_domain(domain);
  for (const auto& i : inputs) n.add_input(i);
  for (const auto& o : outputs) n.add_output(o);
  return n;
}

inline void add_int_attr(onnx::NodeProto& n, const std::string& name, std::int64_t v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}

inline void add_ints_attr(onnx::NodeProto& n, const std::string& name,
                          const std::vector<std::int64_t>& v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (auto x : v) a->add_ints(x);
}

/// A float initializer with dims and no payload ("shape-only"), or an int64 one with values.
inline onnx::TensorProto weight(const std::string& name, const std::vector<std::int64_t>& dims) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(onnx::TensorProto::FLOAT);
  for (auto d : dims) t.add_dims(d);
  return t;
}

inline onnx::TensorProto int64_values(const std::string& name, const std::vector<std::int64_t>& v) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(onnx::TensorProto::INT64);
  t.add_dims(static_cast<std::int64_t>(v.size()));
  for (auto x : v) t.add_int64_data(x);
  return t;
}

inline onnx::ModelProto model(const onnx::GraphProto& g, std::int64_t opset = 14) {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.set_producer_name("infergy-tests");
  auto* o = m.add_opset_import();
  o->set_domain("");
  o->set_version(opset);
  *m.mutable_graph() = g;
  return m;
}

inline std::filesystem::path write_model(const onnx::ModelProto& m, const std::string& file) {
  const auto path = std::filesystem::temp_directory_path() / file;
  std::ofstream out(path, std::ios::binary);
  m.SerializeToOstream(&out);
  return path;
}

inline std::filesystem::path write_bytes(const std::string& bytes, const std::string& file) {
  const auto path = std::filesystem::temp_directory_path() / file;
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

}  // namespace infergy::testing
