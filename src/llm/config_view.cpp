#include "llm/config_view.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "infergy/error.hpp"

namespace infergy::llm::detail {

ConfigView::ConfigView(const nlohmann::json& object, std::string source, std::string prefix)
    : object_(&object), source_(std::move(source)), prefix_(std::move(prefix)) {
  if (!object.is_object()) fail("", "expected a JSON object");
}

std::string ConfigView::where(std::string_view field) const {
  if (field.empty() && prefix_.empty()) return source_;
  return fmt::format("{}: field '{}{}'", source_, prefix_, field);
}

void ConfigView::fail(std::string_view field, const std::string& what) const {
  throw input_error(fmt::format("{}: {}", where(field), what));
}

std::string ConfigView::name_of(Names names) const {
  return std::string(*names.begin());
}

const nlohmann::json* ConfigView::find(Names names) const {
  for (std::string_view n : names) {
    const auto it = object_->find(std::string(n));
    if (it != object_->end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

namespace {

// JSON numbers that are whole (64.0 is accepted: some configs write floats).
std::optional<std::int64_t> as_integer(const nlohmann::json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15)
      return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::string shown(const nlohmann::json& v) {
  std::string text = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

}  // namespace

std::int64_t ConfigView::integer(Names names) const {
  const nlohmann::json* v = find(names);
  if (!v) fail(name_of(names), "is required");
  return integer_or(names, 0);
}

std::int64_t ConfigView::integer_or(Names names, std::int64_t fallback) const {
  const nlohmann::json* v = find(names);
  if (!v) return fallback;
  const auto i = as_integer(*v);
  // Dims past 2^40 are no model's: refuse them before they overflow any product.
  constexpr std::int64_t kMax = std::int64_t{1} << 40;
  if (!i || *i < 0 || *i > kMax) {
    fail(name_of(names), fmt::format("expected a whole number from 0 to 2^40, got {}", shown(*v)));
  }
  return *i;
}

double ConfigView::number_or(Names names, double fallback) const {
  const nlohmann::json* v = find(names);
  if (!v) return fallback;
  if (!v->is_number() || !std::isfinite(v->get<double>())) {
    fail(name_of(names), fmt::format("expected a number, got {}", shown(*v)));
  }
  return v->get<double>();
}

bool ConfigView::boolean_or(Names names, bool fallback) const {
  const nlohmann::json* v = find(names);
  if (!v) return fallback;
  if (!v->is_boolean())
    fail(name_of(names), fmt::format("expected true or false, got {}", shown(*v)));
  return v->get<bool>();
}

std::string ConfigView::string_or(Names names, std::string fallback) const {
  const nlohmann::json* v = find(names);
  if (!v) return fallback;
  if (!v->is_string()) fail(name_of(names), fmt::format("expected a string, got {}", shown(*v)));
  return v->get<std::string>();
}

std::vector<std::string> ConfigView::strings_or_empty(Names names) const {
  const nlohmann::json* v = find(names);
  if (!v) return {};
  if (!v->is_array()) fail(name_of(names), fmt::format("expected a list, got {}", shown(*v)));
  std::vector<std::string> out;
  for (const auto& e : *v) {
    if (!e.is_string()) fail(name_of(names), fmt::format("expected strings, got {}", shown(e)));
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::vector<std::int64_t> ConfigView::integers_or_empty(Names names) const {
  const nlohmann::json* v = find(names);
  if (!v) return {};
  if (!v->is_array()) fail(name_of(names), fmt::format("expected a list, got {}", shown(*v)));
  std::vector<std::int64_t> out;
  for (const auto& e : *v) {
    const auto i =
        e.is_boolean() ? std::optional<std::int64_t>(e.get<bool>() ? 1 : 0) : as_integer(e);
    if (!i) fail(name_of(names), fmt::format("expected whole numbers, got {}", shown(e)));
    out.push_back(*i);
  }
  return out;
}

std::optional<ConfigView> ConfigView::child(Names names) const {
  const nlohmann::json* v = find(names);
  if (!v) return std::nullopt;
  if (!v->is_object()) fail(name_of(names), fmt::format("expected an object, got {}", shown(*v)));
  return ConfigView(*v, source_, prefix_ + name_of(names) + ".");
}

}  // namespace infergy::llm::detail
