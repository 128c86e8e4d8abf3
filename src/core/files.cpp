#include "infergy/files.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "infergy/error.hpp"

namespace infergy {

std::string read_text_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw no_input_error(fmt::format("{}: no such file", path.string()));
  }
  if (std::filesystem::is_directory(status)) {
    throw no_input_error(fmt::format("{}: is a directory, not a file", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw no_input_error(fmt::format("{}: cannot open ({})", path.string(), std::strerror(errno)));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw no_input_error(fmt::format("{}: read failed", path.string()));
  return std::move(buffer).str();
}

void write_file(const std::filesystem::path& path, std::string_view content, Overwrite overwrite) {
  std::error_code ec;
  if (overwrite == Overwrite::refuse && std::filesystem::exists(path, ec)) {
    throw output_error(
        fmt::format("{}: already exists; pass --force to overwrite it", path.string()));
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw output_error(fmt::format("{}: is a directory", path.string()));
  }
  auto tmp = path;
  tmp += ".infergy-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw output_error(fmt::format("{}: cannot write ({})", path.string(), std::strerror(errno)));
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw output_error(fmt::format("{}: write failed", path.string()));
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw output_error(fmt::format("{}: cannot write ({})", path.string(), ec.message()));
  }
}

}  // namespace infergy
