// Shipped presets: data/llm/*.json, one model per file. A preset is a config plus where its
// values came from, nothing else (data/README.md, "llm/").
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "infergy/error.hpp"
#include "infergy/files.hpp"
#include "infergy/llm.hpp"
#include "infergy/text.hpp"
#include "llm/config_view.hpp"

namespace infergy::llm {

namespace detail {
Architecture read_architecture(const ConfigView& c);
}

namespace {

using detail::ConfigView;

const std::set<std::string>& preset_keys() {
  static const std::set<std::string> keys = {
      "id",        "aliases",  "name",  "family", "config_source", "value_sources",
      "published", "variants", "notes", "config"};
  return keys;
}

WeightFormats read_variant_weights(const ConfigView& w, const Architecture& arch) {
  const std::string base_text = w.string_or({"base"}, std::string(to_string(arch.dtype)));
  const auto base = parse_number_format(base_text);
  if (!base) w.fail("base", fmt::format("unknown number format '{}'", base_text));
  WeightFormats f = uniform_weights(*base);
  if (const auto groups = w.child({"groups"})) {
    for (const auto& item : groups->json().items()) {
      // Named, not structured bindings: clang 14 cannot capture a binding in the lambda below.
      const std::string& name = item.key();
      const auto& value = item.value();
      const auto& all = all_tensor_groups();
      const auto g =
          std::find_if(all.begin(), all.end(), [&](TensorGroup x) { return to_string(x) == name; });
      if (g == all.end())
        groups->fail(name,
                     "is not a tensor group (embedding, attention, mlp, "
                     "experts, shared_experts, router, ssm, lm_head)");
      const auto nf =
          value.is_string() ? parse_number_format(value.get<std::string>()) : std::nullopt;
      if (!nf) groups->fail(name, "expected a number format (bf16, fp8, int4, mxfp4, ...)");
      f.group[static_cast<std::size_t>(*g)] = *nf;
    }
  }
  if (const auto* layers = w.find({"base_layers"})) {
    if (layers->is_string() && layers->get<std::string>() == "first_last") {
      f.base_layers = {0, static_cast<std::int64_t>(arch.layers.size()) - 1};
    } else {
      f.base_layers = w.integers_or_empty({"base_layers"});
    }
  }
  f.label = w.string_or({"label"}, "");
  f.source = w.string_or({"source"}, "");
  if (f.label.empty() || f.source.empty())
    w.fail("", "a variant's weights need a label and a source");
  return f;
}

Preset read_preset(const std::filesystem::path& file) {
  const std::string text = read_text_file(file);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw input_error(fmt::format("{}: not valid JSON (byte {})", file.string(), e.byte));
  }
  const ConfigView p(j, file.string());
  for (const auto& [key, value] : j.items()) {
    if (!preset_keys().count(key)) p.fail(key, "is not a preset field (see data/README.md)");
  }
  Preset r;
  r.file = file.string();
  r.id = p.string_or({"id"}, "");
  r.name = p.string_or({"name"}, r.id);
  r.family = p.string_or({"family"}, "");
  r.config_source = p.string_or({"config_source"}, "");
  if (r.id.empty() || r.config_source.empty() || r.family.empty())
    p.fail("", "a preset needs an id, a family and a config_source");
  r.aliases = p.strings_or_empty({"aliases"});
  if (const auto vs = p.child({"value_sources"})) {
    for (const auto& [field, source] : vs->json().items()) {
      if (!source.is_string() || source.get<std::string>().empty())
        vs->fail(field, "expected the source of the value, as text");
      r.value_sources.emplace_back(field, source.get<std::string>());
    }
  }
  if (const auto pub = p.child({"published"})) {
    r.published.total = pub->number_or({"total"}, 0);
    r.published.active = pub->number_or({"active"}, 0);
    r.published.active_without_embedding = pub->boolean_or({"active_without_embedding"}, false);
    r.published.source = pub->string_or({"source"}, "");
    if (r.published.source.empty()) pub->fail("source", "published counts need their source");
  }
  const auto config = p.child({"config"});
  if (!config) p.fail("config", "is required");
  r.architecture = detail::read_architecture(*config);
  for (const auto& note : p.strings_or_empty({"notes"})) r.architecture.notes.push_back(note);
  for (const auto& [key, field] : r.value_sources) {
    if (!config->has({key})) {
      // A source for a value the config does not hold is a stale entry.
      bool nested = false;
      for (const auto& [k, v] : config->json().items()) {
        if (v.is_object() && v.contains(key)) nested = true;
      }
      if (!nested) p.fail("value_sources", fmt::format("names '{}', which the config lacks", key));
    }
  }
  if (const auto* variants = p.find({"variants"})) {
    if (!variants->is_array()) p.fail("variants", "expected a list");
    for (std::size_t i = 0; i < variants->size(); ++i) {
      const ConfigView v((*variants)[i], file.string(), fmt::format("variants[{}].", i));
      Variant var;
      var.id = v.string_or({"id"}, "");
      if (var.id.empty()) v.fail("id", "is required");
      var.aliases = v.strings_or_empty({"aliases"});
      const auto w = v.child({"weights"});
      if (!w) v.fail("weights", "is required");
      var.weights = read_variant_weights(*w, r.architecture);
      r.variants.push_back(std::move(var));
    }
  }
  return r;
}

std::string squeeze(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<std::string> names_of(const Preset& p) {
  std::vector<std::string> n{p.id};
  n.insert(n.end(), p.aliases.begin(), p.aliases.end());
  for (const auto& v : p.variants) {
    n.push_back(v.id);
    n.insert(n.end(), v.aliases.begin(), v.aliases.end());
  }
  return n;
}

}  // namespace

PresetCatalogue PresetCatalogue::load_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw no_input_error(fmt::format("{}: no such preset directory", dir.string()));
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  PresetCatalogue c;
  std::vector<std::pair<std::string, std::string>> seen;  // lower-case name -> file
  for (const auto& f : files) {
    Preset p = read_preset(f);
    for (const auto& n : names_of(p)) {
      const std::string key = to_lower(n);
      const auto it =
          std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; });
      if (it != seen.end())
        throw input_error(
            fmt::format("{}: name '{}' is already used by {}", f.string(), n, it->second));
      seen.emplace_back(key, f.string());
    }
    c.presets_.push_back(std::move(p));
  }
  return c;
}

PresetCatalogue PresetCatalogue::builtin(const std::filesystem::path& data_dir) {
  return load_dir(data_dir / "llm");
}

const Preset* PresetCatalogue::find(std::string_view name, const Variant** variant) const {
  if (variant) *variant = nullptr;
  for (int pass = 0; pass < 2; ++pass) {
    const auto same = [&](std::string_view n) {
      return pass == 0 ? iequals(n, name) : (!squeeze(n).empty() && squeeze(n) == squeeze(name));
    };
    for (const auto& p : presets_) {
      if (same(p.id)) return &p;
      for (const auto& a : p.aliases) {
        if (same(a)) return &p;
      }
      for (const auto& v : p.variants) {
        bool hit = same(v.id);
        for (const auto& a : v.aliases) hit = hit || same(a);
        if (hit) {
          if (variant) *variant = &v;
          return &p;
        }
      }
    }
  }
  return nullptr;
}

std::vector<std::string> PresetCatalogue::suggestions(std::string_view name, std::size_t n) const {
  // Match against every name (aliases are often closer to what users type), answer with ids.
  std::vector<std::string> names, ids;
  for (const auto& p : presets_) {
    for (const auto& x : names_of(p)) {
      names.push_back(x);
      const Variant* v = nullptr;
      find(x, &v);
      ids.push_back(v ? v->id : p.id);
    }
  }
  std::vector<std::string> out;
  for (const auto& hit : closest_matches(name, names, names.size())) {
    const auto at = std::find(names.begin(), names.end(), hit) - names.begin();
    const std::string& id = ids[static_cast<std::size_t>(at)];
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    if (out.size() == n) break;
  }
  return out;
}

ModelSpec resolve_model(std::string_view name, const PresetCatalogue& presets) {
  const Variant* variant = nullptr;
  if (const Preset* p = presets.find(name, &variant)) {
    ModelSpec m;
    m.preset = p;
    m.name = variant ? variant->id : p->id;
    m.source = p->config_source;
    m.family = p->family;
    m.arch = p->architecture;
    if (variant) {
      m.weights = variant->weights;
    } else if (p->architecture.checkpoint_weights) {
      m.weights = *p->architecture.checkpoint_weights;
    } else {
      m.weights = uniform_weights(p->architecture.dtype);
    }
    return m;
  }
  const std::filesystem::path path{std::string(name)};
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    ModelSpec m;
    m.arch = read_config(path);
    m.name = path.string();
    m.source = path.string();
    m.family = m.arch.model_type;
    m.weights =
        m.arch.checkpoint_weights ? *m.arch.checkpoint_weights : uniform_weights(m.arch.dtype);
    return m;
  }
  const auto close = presets.suggestions(name, 4);
  throw input_error(fmt::format(
      "unknown model '{}': neither a preset (`infergy llm --list`) nor a config.json path{}", name,
      close.empty() ? "" : fmt::format("; closest presets: {}", fmt::join(close, ", "))));
}

}  // namespace infergy::llm
