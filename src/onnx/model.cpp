// ONNX ModelProto -> IR, straight from the wire format (see wire.hpp for why): the model, its
// graphs, nodes and attributes. Tensors and value infos are decoded by tensor.cpp, calls of
// model-local functions expanded by functions.cpp, and the nodes sorted by graph/.
//
// Field numbers are those of onnx/onnx.proto3 (ONNX 1.12); each parse function lists the fields
// it reads. Unknown fields are skipped, as protobuf itself would.
#include <fmt/format.h>

#include <set>
#include <unordered_set>

#include "infergy/error.hpp"
#include "infergy/onnx.hpp"
#include "mapped_file.hpp"
#include "messages.hpp"

namespace infergy {

namespace {

using onnx_wire::expect_type;
using onnx_wire::fail;
using onnx_wire::FunctionDef;
using onnx_wire::LoadError;
using onnx_wire::ParsedTensor;
using onnx_wire::RawNode;
using onnx_wire::Reader;
using onnx_wire::ValueInfo;
using onnx_wire::WireError;
using onnx_wire::WireType;

// Deeper nesting than this (If inside Loop inside ...) is either hostile or broken; refusing it
// keeps the recursive parser's stack bounded.
constexpr int kMaxGraphDepth = 32;

// Domains whose operators infergy knows (cost rules or ONNX schemas exist for them).
bool is_known_domain(std::string_view d) {
  return d == "ai.onnx" || d == "ai.onnx.ml" || d == "com.microsoft" ||
         d == "ai.onnx.preview.training" || d == "com.microsoft.nchwc" || d == "ai.onnx.training";
}

// ---------------------------------------------------------------------------------------------
// Nodes, attributes, graphs, functions

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
        a.tensors.push_back(to_attribute_tensor(onnx_wire::parse_tensor(r.sub(), options_)));
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
        onnx_wire::read_packed_or_single_varint(r, type, a.ints);
        break;
      case 9:
        expect_type(type, WireType::len, "attribute strings");
        a.strings.emplace_back(r.bytes());
        break;
      case 10:
        expect_type(type, WireType::len, "attribute tensors");
        a.tensors.push_back(to_attribute_tensor(onnx_wire::parse_tensor(r.sub(), options_)));
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
    ParsedTensor t = onnx_wire::parse_tensor(Reader(bytes), options_);
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
        values = onnx_wire::parse_tensor(sr.sub(), options_);
      } else if (field == 3) {
        onnx_wire::read_packed_or_single_varint(sr, type, dims);
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
    ValueInfo vi = onnx_wire::parse_value_info(Reader(bytes));
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

  onnx_wire::expand_functions(raw_nodes, functions_);
  build_nodes(*g, std::move(raw_nodes), depth > 0);

  for (auto bytes : outputs) {
    ValueInfo vi = onnx_wire::parse_value_info(Reader(bytes));
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
    ValueInfo vi = onnx_wire::parse_value_info(Reader(bytes));
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

  // Every name a subgraph reads from outside must exist: in the main graph, defined here; in a
  // subgraph, here or further out (check_captures looks there once all graphs are built).
  for (const Node& n : g.nodes) {
    for (const auto& a : n.attributes) {
      for (const auto& sub : a.graphs) {
        std::unordered_set<std::string> captures;
        collect_captures(*sub, captures);
        for (const auto& name : captures) {
          if (g.find(name) != kNoTensor) continue;
          if (!is_subgraph) {
            fail(fmt::format("a subgraph of node '{}' ({}) reads '{}', which is defined nowhere",
                             n.name, n.op_type, name));
          }
          g.add_tensor(name, TensorKind::outer_scope);
        }
      }
    }
  }
  if (const auto cycle = sort_topologically(g)) {
    const Node& n = g.nodes[cycle->node];
    fail(fmt::format("cyclic graph: node '{}' ({}) {} its own output", n.name, n.op_type,
                     cycle->reads_own_output ? "reads" : "depends on"));
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
        // ONNX's checker: one opset_import per domain ("" and "ai.onnx" are the same one);
        // two would leave the version every node of the domain is read with ambiguous.
        if (!model_.opsets.emplace(canonical_domain(domain), version).second) {
          fail(fmt::format("opset_import names domain '{}' more than once",
                           canonical_domain(domain)));
        }
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
  // Exporters import domains they never use (tf2onnx and onnxmltools list their converter's);
  // only a domain some node is in, once functions are expanded, is worth a warning.
  std::set<std::string> used;
  const auto collect = [&used](const Graph& g, auto&& self) -> void {
    for (const auto& n : g.nodes) {
      used.insert(n.domain);
      for (const auto& a : n.attributes) {
        for (const auto& sub : a.graphs) self(*sub, self);
      }
    }
  };
  collect(model_.graph, collect);
  for (const auto& [domain, version] : model_.opsets) {
    if (!is_known_domain(domain) && used.contains(domain)) {
      model_.warnings.push_back(fmt::format(
          "domain '{}' (version {}) is not known to infergy: its ops are listed as uncounted",
          domain, version));
    }
  }
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
