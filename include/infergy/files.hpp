// File helpers with the project's manners: clear one-line errors, and never overwrite a file the
// user owns unless they asked for it (--force).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace infergy {

/// Reads a whole file. A missing path, a directory or an unreadable file is a no_input error
/// naming the path.
std::string read_text_file(const std::filesystem::path& path);

enum class Overwrite { refuse, allow };

/// Writes `content` to `path` (through a temporary file and rename, so a reader never sees half a
/// file). An existing file is an output_error unless `overwrite` is allow.
void write_file(const std::filesystem::path& path, std::string_view content,
                Overwrite overwrite = Overwrite::refuse);

}  // namespace infergy
