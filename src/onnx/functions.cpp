// Model-local functions (ModelProto.functions, IR >= 8): a node whose (domain, op_type) names a
// function is replaced by the function's body, so that every later stage sees plain operators.
#include <unordered_map>

#include "messages.hpp"

namespace infergy::onnx_wire {

namespace {

// Functions calling functions can multiply a graph; past these it is a bomb (or recursion).
constexpr int kMaxFunctionExpansionDepth = 16;
constexpr std::size_t kMaxExpandedNodes = 10'000'000;

// Replaces calls of model-local functions by their bodies, renaming the body's internal tensors
// so that two calls never share a name. Attributes that refer to the caller's attributes
// (ref_attr_name) take the caller's value, else the function's default, else are dropped.
void expand(std::vector<RawNode>& nodes, const std::vector<FunctionDef>& functions, int depth) {
  std::vector<RawNode> out;
  out.reserve(nodes.size());
  bool expanded_any = false;
  std::size_t call_index = 0;
  for (auto& n : nodes) {
    const FunctionDef* f = nullptr;
    for (const auto& candidate : functions) {
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
  if (expanded_any) expand(nodes, functions, depth + 1);
}

}  // namespace

void expand_functions(std::vector<RawNode>& nodes, const std::vector<FunctionDef>& functions) {
  if (!functions.empty()) expand(nodes, functions, 0);
}

}  // namespace infergy::onnx_wire
