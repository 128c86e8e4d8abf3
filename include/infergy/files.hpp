// File helpers with the project's manners: clear one-line errors naming the file, inputs that
// cannot hang or exhaust memory, and outputs that never overwrite what the user owns unless they
// asked for it (--force), never follow a planted link, and never replace a device or a FIFO.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace infergy {

// ---------------------------------------------------------------------------------------------
// Inputs

/// The largest text input infergy reads (CSV tables, JSON): 64 MiB, far above any catalogue or
/// dataset, far below what would exhaust memory.
inline constexpr std::size_t kMaxTextInputBytes = std::size_t{64} << 20;
/// The longest line a text input may have: 1 MiB.
inline constexpr std::size_t kMaxTextLineBytes = std::size_t{1} << 20;

/// "a FIFO", "a character device", "a directory", ... for a st_mode (messages).
std::string_view file_type_name(unsigned mode);

/// Reads a whole text file. The file is opened without blocking and must be a regular file: a
/// FIFO, a device, a socket or a directory is a no_input error naming it and its type, before
/// anything is read. A missing or unreadable file is a no_input error; one larger than
/// `max_bytes` is an input_error (the read stops there, so /dev/zero-like files cannot exhaust
/// memory).
std::string read_text_file(const std::filesystem::path& path,
                           std::size_t max_bytes = kMaxTextInputBytes);

/// Throws input_error "SOURCE:LINE: line longer than N bytes" for the first line of `text` longer
/// than `max_line_bytes`.
void check_line_lengths(std::string_view text, std::string_view source,
                        std::size_t max_line_bytes = kMaxTextLineBytes);

/// The names of the .onnx files under `dir`, and the entries that could not be read.
struct DirectoryEntryError {
  std::filesystem::path path;
  std::string message;  // one line naming the path: "DIR: cannot read directory (Permission ...)"
};
struct FoundFiles {
  std::vector<std::filesystem::path> files;  // sorted
  std::vector<DirectoryEntryError> errors;   // sorted by path
};

/// Every regular file under `dir` whose name ends with `extension`, walking subdirectories
/// (symbolic links to directories are not followed, so a link cycle cannot loop). A directory
/// that cannot be opened or listed, and an entry with the extension that is not a regular file
/// (a FIFO, a device, a dangling link), is an error entry naming it rather than skipped.
FoundFiles find_files(const std::filesystem::path& dir, std::string_view extension);

// ---------------------------------------------------------------------------------------------
// Outputs

enum class Overwrite { refuse, allow };

/// How write_file() will write a path.
enum class OutputKind {
  new_file,  // created
  replace,   // an existing regular file replaced (with --force), keeping its mode
  stream,    // -o /dev/stdout, /dev/stderr, /dev/fd/N: written to that open descriptor
  in_place,  // an existing character device or FIFO, with --force: written into, not replaced
};

/// Says what writing `path` would do, or throws the output_error write_file() would: the target
/// exists and `overwrite` is refuse; it is a directory, a symbolic link, a block device or a
/// socket; its directory is missing or not writable. Commands call it before a long run, so a
/// refused output costs nothing.
OutputKind check_output(const std::filesystem::path& path, Overwrite overwrite);

/// Writes `content` to `path` as check_output() says. A new or replaced file is written to a
/// temporary file created exclusively (O_EXCL, so a planted name or link is never followed) in
/// the target's directory and renamed over it, so a reader never sees half a file; a replaced
/// file keeps its permission bits (set-id bits dropped). Any failure is an output_error naming
/// `path`, and leaves no temporary file behind.
void write_file(const std::filesystem::path& path, std::string_view content,
                Overwrite overwrite = Overwrite::refuse);

/// Moves `written`, a regular file infergy created in the same filesystem, to `target` by the
/// same rules as write_file() (for files another program wrote in a private directory).
void install_file(const std::filesystem::path& written, const std::filesystem::path& target,
                  Overwrite overwrite);

/// Writes all of `content` to an open descriptor (retrying short writes and EINTR); false with
/// errno set on failure (EPIPE, ENOSPC, EBADF...).
bool write_all(int fd, std::string_view content);

}  // namespace infergy
