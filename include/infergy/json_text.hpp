// JSON text of infergy's outputs. Model files can hold any bytes in names; invalid UTF-8 is
// replaced (U+FFFD) rather than failing the whole output.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace infergy {

inline std::string to_json_text(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace infergy
