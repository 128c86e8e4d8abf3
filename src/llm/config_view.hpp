// Typed access to a Hugging Face config.json object: each field looked up under its name and
// its aliases (transformers renamed fields over time: n_embd → hidden_size, ...), with a default
// or as required, and errors that name the file and the field.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infergy::llm::detail {

using Names = std::initializer_list<std::string_view>;

class ConfigView {
 public:
  ConfigView(const nlohmann::json& object, std::string source, std::string prefix = "");

  /// The first of `names` present and not null, or nullptr.
  const nlohmann::json* find(Names names) const;
  bool has(Names names) const { return find(names) != nullptr; }

  std::int64_t integer(Names names) const;  // required, >= 0
  std::int64_t integer_or(Names names, std::int64_t fallback) const;
  double number_or(Names names, double fallback) const;
  bool boolean_or(Names names, bool fallback) const;
  std::string string_or(Names names, std::string fallback) const;
  std::vector<std::string> strings_or_empty(Names names) const;
  std::vector<std::int64_t> integers_or_empty(Names names) const;
  /// A nested object (text_config, quantization_config), or nullopt.
  std::optional<ConfigView> child(Names names) const;

  const nlohmann::json& json() const { return *object_; }
  const std::string& source() const { return source_; }
  /// "file: field 'text_config.hidden_size'" for messages.
  std::string where(std::string_view field) const;
  [[noreturn]] void fail(std::string_view field, const std::string& what) const;

 private:
  std::string name_of(Names names) const;  // the name used in messages: the first alias
  const nlohmann::json* object_;
  std::string source_;
  std::string prefix_;
};

}  // namespace infergy::llm::detail
