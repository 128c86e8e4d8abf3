#include "model_generator.hpp"

#include <fmt/format.h>
#include <onnx/onnx_pb.h>

#include <fstream>
#include <random>
#include <stdexcept>

namespace infergy::bench {

namespace {

int element_size(int data_type) {
  switch (data_type) {
    case onnx::TensorProto::FLOAT:
    case onnx::TensorProto::INT32:
      return 4;
    case onnx::TensorProto::INT64:
    case onnx::TensorProto::DOUBLE:
      return 8;
    case onnx::TensorProto::FLOAT16:
    case onnx::TensorProto::BFLOAT16:
      return 2;
    default:
      return 1;
  }
}

bool has_payload(const onnx::TensorProto& t) {
  return !t.raw_data().empty() || t.float_data_size() > 0 || t.int64_data_size() > 0 ||
         t.int32_data_size() > 0 || t.double_data_size() > 0;
}

void fill(onnx::TensorProto& t, std::mt19937_64& rng) {
  if (has_payload(t)) return;
  std::size_t n = 1;
  for (auto d : t.dims()) n *= static_cast<std::size_t>(d);
  std::string bytes(n * static_cast<std::size_t>(element_size(t.data_type())), '\0');
  for (std::size_t i = 0; i + 8 <= bytes.size(); i += 8) {
    const std::uint64_t r = rng();
    std::memcpy(bytes.data() + i, &r, 8);
  }
  t.set_raw_data(std::move(bytes));
}

void fill_graph(onnx::GraphProto& g, std::mt19937_64& rng) {
  for (auto& t : *g.mutable_initializer()) fill(t, rng);
  for (auto& n : *g.mutable_node()) {
    for (auto& a : *n.mutable_attribute()) {
      if (a.has_t()) fill(*a.mutable_t(), rng);
      if (a.has_g()) fill_graph(*a.mutable_g(), rng);
    }
  }
}

void save(const onnx::ModelProto& m, const std::filesystem::path& out) {
  std::ofstream f(out, std::ios::binary);
  if (!m.SerializeToOstream(&f)) throw std::runtime_error("cannot write " + out.string());
}

}  // namespace

void inflate_weights(const std::filesystem::path& fixture, const std::filesystem::path& out) {
  onnx::ModelProto m;
  std::ifstream in(fixture, std::ios::binary);
  if (!m.ParseFromIstream(&in)) throw std::runtime_error("cannot read " + fixture.string());
  std::mt19937_64 rng(42);
  fill_graph(*m.mutable_graph(), rng);
  m.clear_metadata_props();
  save(m, out);
}

void write_chain_model(std::size_t blocks, const std::filesystem::path& out) {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.set_producer_name("infergy-bench");
  m.add_opset_import()->set_version(14);
  onnx::GraphProto& g = *m.mutable_graph();
  g.set_name("chain");
  auto* in = g.add_input();
  in->set_name("x");
  auto* tt = in->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(onnx::TensorProto::FLOAT);
  tt->mutable_shape()->add_dim()->set_dim_param("batch");
  tt->mutable_shape()->add_dim()->set_dim_value(32);
  std::mt19937_64 rng(7);
  auto* scale = g.add_initializer();
  scale->set_name("scale");
  scale->set_data_type(onnx::TensorProto::FLOAT);
  scale->add_float_data(0.5f);
  std::string prev = "x";
  for (std::size_t i = 0; i < blocks; ++i) {
    auto* w = g.add_initializer();
    w->set_name(fmt::format("w{}", i));
    w->set_data_type(onnx::TensorProto::FLOAT);
    w->add_dims(32);
    w->add_dims(32);
    fill(*w, rng);
    auto* b = g.add_initializer();
    b->set_name(fmt::format("b{}", i));
    b->set_data_type(onnx::TensorProto::FLOAT);
    b->add_dims(32);
    fill(*b, rng);
    const auto node = [&](const char* op, std::vector<std::string> inputs,
                          const std::string& output) {
      auto* n = g.add_node();
      n->set_op_type(op);
      n->set_name(output);
      for (auto& s : inputs) n->add_input(s);
      n->add_output(output);
    };
    node("MatMul", {prev, w->name()}, fmt::format("m{}", i));
    node("Add", {fmt::format("m{}", i), b->name()}, fmt::format("a{}", i));
    node("Relu", {fmt::format("a{}", i)}, fmt::format("r{}", i));
    node("Mul", {fmt::format("r{}", i), "scale"}, fmt::format("s{}", i));
    prev = fmt::format("s{}", i);
  }
  auto* o = g.add_output();
  o->set_name(prev);
  o->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  save(m, out);
}

}  // namespace infergy::bench
