#include <fmt/format.h>

#include <set>

#include "infergy/error.hpp"
#include "infergy/shapes.hpp"
#include "infergy/text.hpp"

namespace infergy {

bool is_batch_symbol(std::string_view symbol) {
  const std::string s = to_lower(symbol);
  return s == "batch" || s == "batch_size" || s == "batchsize" || s == "n" || s == "bs" ||
         s == "b" || s == "batch_dim" || s == "nbatch" || s == "num_batches" ||
         s.starts_with("batch_") || s.ends_with("_batch");
}

namespace {

struct Unbound {
  std::string name;  // symbol, or "input:axis" for an unnamed dim
  std::string where;
};

std::string unnamed_key(const std::string& input, std::size_t axis) {
  return fmt::format("{}:{}", input, axis);
}

// Binds the declared dims of intermediate tensors too, so that a declared [batch, 1000] output
// becomes [8, 1000] when inference cannot do better.
void bind_declared(Graph& g, const std::map<std::string, std::int64_t>& values) {
  for (auto& t : g.tensors) {
    if (t.kind == TensorKind::graph_input || !t.dims) continue;
    for (std::size_t a = 0; a < t.dim_symbols.size() && a < t.dims->size(); ++a) {
      const auto it = values.find(t.dim_symbols[a]);
      if (!t.dim_symbols[a].empty() && it != values.end()) (*t.dims)[a] = it->second;
    }
  }
  for (auto& n : g.nodes) {
    for (auto& a : n.attributes) {
      for (auto& sub : a.graphs) bind_declared(*sub, values);
    }
  }
}

}  // namespace

void bind_inputs(Model& model, const DimBindings& bindings) {
  const std::string file = model.path.string();
  const std::int64_t batch = bindings.batch.value_or(1);
  if (batch < 1) throw usage_error(fmt::format("--batch must be at least 1 (got {})", batch));
  for (const auto& [name, value] : bindings.dims) {
    if (value < 1) {
      throw usage_error(fmt::format("--dim {}={}: a dim must be at least 1", name, value));
    }
  }

  std::set<std::string> known_names;
  std::vector<Unbound> unbound;
  std::map<std::string, std::int64_t> applied;
  Graph& g = model.graph;
  for (TensorId id : g.inputs) {
    Tensor& t = g.tensor(id);
    if (!t.dims) continue;  // rank unknown: nothing to bind (shapes downstream stay unknown)
    t.dim_symbols.resize(t.dims->size());
    for (std::size_t a = 0; a < t.dims->size(); ++a) {
      std::int64_t& d = (*t.dims)[a];
      if (d >= 0) continue;
      const std::string& symbol = t.dim_symbols[a];
      const std::string key = symbol.empty() ? unnamed_key(t.name, a) : symbol;
      known_names.insert(key);
      if (auto it = bindings.dims.find(key); it != bindings.dims.end()) {
        d = it->second;
      } else if (auto by_axis = bindings.dims.find(unnamed_key(t.name, a));
                 by_axis != bindings.dims.end()) {
        d = by_axis->second;
        known_names.insert(by_axis->first);
      } else if (!symbol.empty() && is_batch_symbol(symbol)) {
        d = batch;
      } else {
        unbound.push_back({key, symbol.empty()
                                    ? fmt::format("unnamed dim {} of input '{}'", a, t.name)
                                    : fmt::format("input '{}' axis {}", t.name, a)});
        continue;
      }
      if (!symbol.empty()) applied[symbol] = d;
    }
  }
  for (const auto& [name, value] : bindings.dims) {
    if (!known_names.contains(name)) {
      std::vector<std::string> names(known_names.begin(), known_names.end());
      throw usage_error(
          fmt::format("{}: --dim {}: the model has no symbolic dim of that name{}", file, name,
                      names.empty() ? std::string(" (its inputs are all concrete)")
                                    : fmt::format(" (it has: {})", fmt::join(names, ", "))));
    }
  }
  if (!unbound.empty()) {
    std::vector<std::string> parts, flags;
    std::set<std::string> seen;
    for (const auto& u : unbound) {
      if (!seen.insert(u.name).second) continue;
      parts.push_back(fmt::format("'{}' ({})", u.name, u.where));
      flags.push_back(fmt::format("--dim {}=N", u.name));
    }
    throw usage_error(fmt::format("{}: unbound symbolic dims: {}; bind them with {}", file,
                                  fmt::join(parts, ", "), fmt::join(flags, " ")));
  }
  bind_declared(g, applied);
}

}  // namespace infergy
