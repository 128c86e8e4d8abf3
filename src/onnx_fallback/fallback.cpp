// The ONNX-schema shape fallback: hands one node to libonnx's inference function for its
// operator. Used only for ops without a native rule, because building protobuf types per node
// is what makes ONNX's own whole-graph inference slow.
#include <onnx/defs/schema.h>
#include <onnx/defs/shape_inference.h>
#include <onnx/onnx_pb.h>

#include <memory>
#include <unordered_map>

#include "infergy/onnx_fallback.hpp"

namespace infergy {

namespace {

onnx::TypeProto to_type_proto(const Tensor& t) {
  onnx::TypeProto type;
  auto* tensor_type = type.mutable_tensor_type();
  tensor_type->set_elem_type(static_cast<std::int32_t>(t.dtype));
  if (t.dims) {
    auto* shape = tensor_type->mutable_shape();
    for (auto d : *t.dims) {
      auto* dim = shape->add_dim();
      if (d >= 0) dim->set_dim_value(d);
    }
  }
  return type;
}

std::unique_ptr<onnx::TensorProto> to_tensor_proto(const Tensor& t) {
  if (!t.values || !t.shape_known()) return nullptr;
  auto p = std::make_unique<onnx::TensorProto>();
  p->set_data_type(static_cast<std::int32_t>(t.dtype));
  for (auto d : *t.dims) p->add_dims(d);
  const TensorValues& v = *t.values;
  switch (t.dtype) {
    case DataType::float32:
      for (double f : v.floats) p->add_float_data(static_cast<float>(f));
      break;
    case DataType::float64:
      for (double f : v.floats) p->add_double_data(f);
      break;
    case DataType::int64:
      for (auto x : v.ints) p->add_int64_data(x);
      break;
    case DataType::int32:
    case DataType::int16:
    case DataType::int8:
    case DataType::uint16:
    case DataType::uint8:
    case DataType::boolean:
      for (auto x : v.ints) p->add_int32_data(static_cast<std::int32_t>(x));
      break;
    case DataType::uint32:
    case DataType::uint64:
      for (auto x : v.ints) p->add_uint64_data(static_cast<std::uint64_t>(x));
      break;
    default:
      return nullptr;
  }
  return p;
}

class NodeInferenceContext final : public onnx::InferenceContext {
 public:
  NodeInferenceContext(const onnx::NodeProto& node, const std::vector<const Tensor*>& inputs) {
    for (const auto& a : node.attribute()) attributes_[a.name()] = &a;
    for (const Tensor* t : inputs) {
      input_types_.push_back(t ? to_type_proto(*t) : onnx::TypeProto());
      present_.push_back(t != nullptr && t->dtype != DataType::undefined);
      input_data_.push_back(t ? to_tensor_proto(*t) : nullptr);
    }
    output_types_.resize(static_cast<std::size_t>(node.output_size()));
  }

  const onnx::AttributeProto* getAttribute(const std::string& name) const override {
    const auto it = attributes_.find(name);
    return it == attributes_.end() ? nullptr : it->second;
  }
  size_t getNumInputs() const override { return input_types_.size(); }
  const onnx::TypeProto* getInputType(size_t i) const override {
    return i < present_.size() && present_[i] ? &input_types_[i] : nullptr;
  }
  const onnx::TensorProto* getInputData(size_t i) const override {
    return i < input_data_.size() ? input_data_[i].get() : nullptr;
  }
  size_t getNumOutputs() const override { return output_types_.size(); }
  onnx::TypeProto* getOutputType(size_t i) override { return &output_types_.at(i); }
  onnx::GraphInferencer* getGraphAttributeInferencer(const std::string&) override {
    throw std::runtime_error("subgraph attributes are handled natively");
  }
  const onnx::SparseTensorProto* getInputSparseData(size_t) const override { return nullptr; }
  const onnx::TensorShapeProto* getSymbolicInput(size_t) const override { return nullptr; }

  const onnx::TypeProto& output(std::size_t i) const { return output_types_[i]; }

 private:
  std::unordered_map<std::string, const onnx::AttributeProto*> attributes_;
  std::vector<onnx::TypeProto> input_types_;
  std::vector<bool> present_;
  std::vector<std::unique_ptr<onnx::TensorProto>> input_data_;
  std::vector<onnx::TypeProto> output_types_;
};

bool infer_with_onnx(const Node& node, const std::vector<const Tensor*>& inputs,
                     std::vector<Tensor*>& outputs, std::string& why) {
  if (node.domain != "ai.onnx" && node.domain != "ai.onnx.ml") {
    why = "no shape rule for this op";
    return false;
  }
  const onnx::OpSchema* schema = onnx::OpSchemaRegistry::Schema(
      node.op_type, static_cast<int>(node.opset), node.domain == "ai.onnx" ? "" : node.domain);
  if (schema == nullptr) {
    why = "not an operator of this domain and opset";
    return false;
  }
  if (!schema->has_type_and_shape_inference_function()) {
    why = "ONNX defines no shape inference for it";
    return false;
  }
  if (node.encoded.empty()) {
    why = "node comes from an expanded function";
    return false;
  }
  onnx::NodeProto proto;
  if (!proto.ParseFromArray(node.encoded.data(), static_cast<int>(node.encoded.size()))) {
    why = "node could not be re-read";
    return false;
  }
  NodeInferenceContext ctx(proto, inputs);
  try {
    schema->GetTypeAndShapeInferenceFunction()(ctx);
  } catch (const std::exception& e) {
    why = e.what();
    return false;
  }
  for (std::size_t i = 0; i < outputs.size() && i < ctx.getNumOutputs(); ++i) {
    Tensor* t = outputs[i];
    if (t == nullptr) continue;
    const onnx::TypeProto& type = ctx.output(i);
    if (!type.has_tensor_type()) continue;
    const auto& tt = type.tensor_type();
    if (tt.elem_type() > 0 && tt.elem_type() <= 23)
      t->dtype = static_cast<DataType>(tt.elem_type());
    if (tt.has_shape()) {
      std::vector<std::int64_t> dims;
      for (const auto& d : tt.shape().dim()) {
        dims.push_back(d.has_dim_value() && d.dim_value() >= 0 ? d.dim_value() : kUnknownDim);
      }
      t->dims = std::move(dims);
    }
  }
  return true;
}

}  // namespace

ShapeFallback make_onnx_shape_fallback() {
  return infer_with_onnx;
}

}  // namespace infergy
