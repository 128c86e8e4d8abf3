// bind_inputs: the inputs' dims from --input, --dim and the batch, by the rules in shapes.hpp.
#include <fmt/format.h>

#include <algorithm>
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

bool is_placeholder_symbol(std::string_view symbol) {
  const std::string s = to_lower(symbol);
  if (s.empty() || s == "?" || s == "none" || s == "-1") return true;
  // tf2onnx names every dim it could not resolve unk__<n>.
  return s.size() > 5 && s.starts_with("unk__") &&
         std::all_of(s.begin() + 5, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view to_string(DimSource source) {
  switch (source) {
    case DimSource::model:
      return "model";
    case DimSource::dim:
      return "--dim";
    case DimSource::batch:
      return "batch";
    case DimSource::input:
      return "--input";
  }
  return "?";
}

std::string BoundShapes::reshape_summary() const {
  std::vector<std::string> parts;
  for (const auto& in : inputs) {
    if (!in.reshaped) continue;
    parts.push_back(fmt::format("input '{}' {} -> {} ({})", in.name, in.declared,
                                fmt::join(in.dims, "x"), in.reshaped_by));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

namespace {

struct Unbound {
  std::string name;  // symbol, or "input:axis" for an unnamed dim
  std::string where;
};

std::string unnamed_key(const std::string& input, std::size_t axis) {
  return fmt::format("{}:{}", input, axis);
}

// The shape as the file declares it: "batchx3x224x224", "?x128" for an unnamed dim.
std::string declared_text(const Tensor& t) {
  if (!t.dims) return "?";
  if (t.dims->empty()) return "scalar";
  std::vector<std::string> parts;
  for (std::size_t a = 0; a < t.dims->size(); ++a) {
    const auto d = (*t.dims)[a];
    const std::string symbol = a < t.dim_symbols.size() ? t.dim_symbols[a] : std::string();
    parts.push_back(d >= 0 ? std::to_string(d) : (symbol.empty() ? "?" : symbol));
  }
  return fmt::format("{}", fmt::join(parts, "x"));
}

std::string symbol_at(const Tensor& t, std::size_t axis) {
  return axis < t.dim_symbols.size() ? t.dim_symbols[axis] : std::string();
}

bool symbolic(const Tensor& t, std::size_t axis) {
  return (*t.dims)[axis] < 0;
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

// Once a dim the file fixes has changed, the declared shapes of intermediate tensors (value_info
// written for the exported shapes) describe another run: drop them, so that a node inference
// cannot reach reports an unknown shape instead of counting the exported one.
void drop_declared(Graph& g) {
  for (auto& t : g.tensors) {
    if (t.kind == TensorKind::intermediate) t.dims.reset();
  }
  for (auto& n : g.nodes) {
    for (auto& a : n.attributes) {
      for (auto& sub : a.graphs) drop_declared(*sub);
    }
  }
}

// One value the command line gives the batch, and the flag that gave it.
struct BatchClaim {
  std::string flag;  // "--batch", "--dim batch", "--input images"
  std::string text;  // "--batch 8", "--dim batch=2", "--input images=1x3x224x224"
  std::int64_t value = 1;
};

class Binder {
 public:
  Binder(Model& model, const DimBindings& bindings)
      : file_(model.path.string()), g_(model.graph), b_(bindings) {}

  BoundShapes run() {
    check_values();
    check_inputs();
    check_dim_names();
    find_batch_dims();
    settle_batch();
    for (TensorId id : g_.inputs) bind(id);
    report_unbound();
    if (out_.reshaped) {
      drop_declared(g_);
    } else {
      bind_declared(g_, applied_);
    }
    return std::move(out_);
  }

 private:
  void check_values() const {
    if (b_.batch && *b_.batch < 1) {
      throw usage_error(fmt::format("--batch must be at least 1 (got {})", *b_.batch));
    }
    for (const auto& [name, value] : b_.dims) {
      if (value < 1) {
        throw usage_error(fmt::format("--dim {}={}: a dim must be at least 1", name, value));
      }
    }
    for (const auto& [name, dims] : b_.inputs) {
      for (auto d : dims) {
        if (d < 1) {
          throw usage_error(fmt::format("--input {}={}: every dim must be at least 1", name,
                                        fmt::join(dims, "x")));
        }
      }
    }
  }

  Tensor* find_input(const std::string& name) {
    for (TensorId id : g_.inputs) {
      if (g_.tensor(id).name == name) return &g_.tensor(id);
    }
    return nullptr;
  }

  void check_inputs() {
    for (const auto& [name, dims] : b_.inputs) {
      const Tensor* t = find_input(name);
      if (!t) {
        std::vector<std::string> names;
        for (TensorId id : g_.inputs) names.push_back(g_.tensor(id).name);
        throw usage_error(
            fmt::format("{}: --input {}: the model has no input of that name (it has: {})", file_,
                        name, names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
      }
      if (t->dims && t->dims->size() != dims.size()) {
        throw usage_error(fmt::format("{}: --input {}={}: the input has {} dims ({}), not {}",
                                      file_, name, fmt::join(dims, "x"), t->dims->size(),
                                      declared_text(*t), dims.size()));
      }
    }
  }

  bool set_by_input(const Tensor& t) const { return b_.inputs.contains(t.name); }

  // Every name --dim may bind: the symbols of the inputs and "input:axis" of each symbolic dim.
  void check_dim_names() {
    std::set<std::string> listed;  // what the error message offers
    std::set<std::string> accepted;
    for (TensorId id : g_.inputs) {
      const Tensor& t = g_.tensor(id);
      if (!t.dims) continue;
      for (std::size_t a = 0; a < t.dims->size(); ++a) {
        if (!symbolic(t, a)) continue;
        const std::string symbol = symbol_at(t, a);
        listed.insert(symbol.empty() ? unnamed_key(t.name, a) : symbol);
        accepted.insert(unnamed_key(t.name, a));
        if (!symbol.empty()) {
          accepted.insert(symbol);
          if (is_batch_symbol(symbol)) model_batch_symbols_.insert(symbol);
        }
        if (a == 0 && t.dims->size() >= 2 && is_placeholder_symbol(symbol)) {
          placeholder_batch_ = true;
        }
      }
    }
    for (const auto& [name, value] : b_.dims) {
      if (accepted.contains(name)) continue;
      throw usage_error(fmt::format(
          "{}: --dim {}: the model has no symbolic dim of that name{}; a dim the file fixes is "
          "changed with --input NAME=D0xD1x...",
          file_, name,
          listed.empty() ? std::string(" (its inputs are all concrete)")
                         : fmt::format(" (it has: {})", fmt::join(listed, ", "))));
    }
  }

  // Batch dims per the rules in shapes.hpp, and the values --input and --dim give them.
  void find_batch_dims() {
    // Batch names and exporters' placeholders on a leading dim mark the batch; only a model
    // with neither has its leading dims of 1 taken for it.
    const bool named = !model_batch_symbols_.empty() || placeholder_batch_;
    const auto claim = [&](std::string flag, std::string text, std::int64_t value) {
      for (const auto& c : claims_) {
        if (c.text == text) return;  // one symbol shared by several inputs
      }
      claims_.push_back({std::move(flag), std::move(text), value});
    };
    if (b_.batch) claim("--batch", fmt::format("--batch {}", *b_.batch), *b_.batch);
    for (TensorId id : g_.inputs) {
      const Tensor& t = g_.tensor(id);
      const auto given = b_.inputs.find(t.name);
      const std::size_t rank = given != b_.inputs.end() ? given->second.size()
                               : t.dims                 ? t.dims->size()
                                                        : 0;
      for (std::size_t a = 0; a < rank; ++a) {
        bool batch_dim = false;
        if (named) {
          batch_dim = t.dims && symbolic(t, a) &&
                      (is_batch_symbol(symbol_at(t, a)) ||
                       (a == 0 && rank >= 2 && is_placeholder_symbol(symbol_at(t, a))));
        } else {
          batch_dim =
              a == 0 && rank >= 2 && (given != b_.inputs.end() || (t.dims && (*t.dims)[0] == 1));
        }
        if (!batch_dim) continue;
        batch_dims_.insert({id, a});
        if (given != b_.inputs.end()) {
          claim("--input " + t.name,
                fmt::format("--input {}={}", t.name, fmt::join(given->second, "x")),
                given->second[a]);
          continue;
        }
        for (const std::string& key : {symbol_at(t, a), unnamed_key(t.name, a)}) {
          if (const auto it = b_.dims.find(key); !key.empty() && it != b_.dims.end()) {
            claim("--dim " + key, fmt::format("--dim {}={}", key, it->second), it->second);
            break;
          }
        }
      }
    }
  }

  void settle_batch() {
    for (const auto& c : claims_) {
      if (c.value != claims_.front().value) {
        throw usage_error(fmt::format(
            "{}: {} and {} give the batch two values; give it once (the batch is the number of "
            "inferences per pass)",
            file_, claims_.front().text, c.text));
      }
    }
    if (!claims_.empty()) {
      out_.batch = claims_.front().value;
      out_.batch_from = claims_.front().flag;
    }
    if (b_.batch && *b_.batch != 1 && batch_dims_.empty()) {
      throw usage_error(fmt::format(
          "{}: --batch {}: the model has no batch dim to set (no input dim is named like a "
          "batch, and no input of rank 2 or more has a leading dim that is unnamed or 1); give "
          "the inputs' "
          "shapes with --input NAME=D0xD1x... instead",
          file_, *b_.batch));
    }
  }

  void bind(TensorId id) {
    Tensor& t = g_.tensor(id);
    BoundInput in;
    in.name = t.name;
    in.declared = declared_text(t);
    if (const auto given = b_.inputs.find(t.name); given != b_.inputs.end()) {
      if (t.dims) {
        for (std::size_t a = 0; a < t.dims->size(); ++a) {
          if ((*t.dims)[a] >= 0 && (*t.dims)[a] != given->second[a]) in.reshaped = true;
        }
      }
      t.dims = given->second;
      t.dim_symbols.resize(given->second.size());
      in.dims = given->second;
      in.sources.assign(in.dims.size(), DimSource::input);
      if (in.reshaped) in.reshaped_by = "--input";
      finish(std::move(in));
      return;
    }
    if (!t.dims) {
      in.rank_known = false;  // nothing to bind; shapes downstream stay unknown
      finish(std::move(in));
      return;
    }
    t.dim_symbols.resize(t.dims->size());
    for (std::size_t a = 0; a < t.dims->size(); ++a) {
      std::int64_t& d = (*t.dims)[a];
      const bool batch_dim = batch_dims_.contains({id, a});
      if (d >= 0) {
        if (batch_dim && d != out_.batch) {
          d = out_.batch;  // a fixed batch of 1, re-shaped
          in.reshaped = true;
          in.reshaped_by = out_.batch_from;
          in.sources.push_back(DimSource::batch);
        } else {
          in.sources.push_back(DimSource::model);
        }
        continue;
      }
      const std::string& symbol = t.dim_symbols[a];
      const std::string key = symbol.empty() ? unnamed_key(t.name, a) : symbol;
      if (auto it = b_.dims.find(key); it != b_.dims.end()) {
        d = it->second;
        in.sources.push_back(DimSource::dim);
      } else if (auto by_axis = b_.dims.find(unnamed_key(t.name, a)); by_axis != b_.dims.end()) {
        d = by_axis->second;
        in.sources.push_back(DimSource::dim);
      } else if (batch_dim) {
        d = out_.batch;
        in.sources.push_back(DimSource::batch);
      } else {
        unbound_.push_back({key, symbol.empty()
                                     ? fmt::format("unnamed dim {} of input '{}'", a, t.name)
                                     : fmt::format("input '{}' axis {}", t.name, a)});
        in.sources.push_back(DimSource::model);
        continue;
      }
      if (!symbol.empty()) applied_[symbol] = d;
    }
    in.dims = *t.dims;
    finish(std::move(in));
  }

  void finish(BoundInput in) {
    if (in.reshaped) out_.reshaped = true;
    out_.inputs.push_back(std::move(in));
  }

  void report_unbound() const {
    if (unbound_.empty()) return;
    std::vector<std::string> parts, flags;
    std::set<std::string> seen;
    for (const auto& u : unbound_) {
      if (!seen.insert(u.name).second) continue;
      parts.push_back(fmt::format("'{}' ({})", u.name, u.where));
      flags.push_back(fmt::format("--dim {}=N", u.name));
    }
    throw usage_error(fmt::format("{}: unbound symbolic dims: {}; bind them with {}", file_,
                                  fmt::join(parts, ", "), fmt::join(flags, " ")));
  }

  const std::string file_;
  Graph& g_;
  const DimBindings& b_;
  std::set<std::string> model_batch_symbols_;
  bool placeholder_batch_ = false;  // a leading dim of rank >= 2 input without a real name
  std::set<std::pair<TensorId, std::size_t>> batch_dims_;
  std::vector<BatchClaim> claims_;
  std::vector<Unbound> unbound_;
  std::map<std::string, std::int64_t> applied_;
  BoundShapes out_;
};

}  // namespace

BoundShapes bind_inputs(Model& model, const DimBindings& bindings) {
  return Binder(model, bindings).run();
}

}  // namespace infergy
