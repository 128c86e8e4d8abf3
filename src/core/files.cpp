#include "infergy/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <system_error>

#include "infergy/error.hpp"

namespace infergy {

namespace fs = std::filesystem;

namespace {

std::string errno_text(int error) {
  return std::error_code(error, std::generic_category()).message();
}

// Closes a descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  /// Closes now; false (errno set) when close reports a deferred write error (NFS, quotas).
  bool close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

std::string not_regular_input(const std::string& name, mode_t mode) {
  if (S_ISDIR(mode)) return fmt::format("{}: is a directory, not a file", name);
  return fmt::format("{}: is {}, not a regular file", name, file_type_name(mode));
}

}  // namespace

std::string_view file_type_name(unsigned mode) {
  const auto m = static_cast<mode_t>(mode);
  if (S_ISREG(m)) return "a regular file";
  if (S_ISDIR(m)) return "a directory";
  if (S_ISLNK(m)) return "a symbolic link";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISFIFO(m)) return "a FIFO (named pipe)";
  if (S_ISSOCK(m)) return "a socket";
  return "a special file";
}

std::string read_text_file(const fs::path& path, std::size_t max_bytes) {
  const std::string name = path.string();
  // stat first, so that a device is never opened (opening some has side effects), then open
  // without blocking (a FIFO would wait for a writer) and check the opened file again.
  struct stat st {};
  if (::stat(name.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR)
      throw no_input_error(fmt::format("{}: no such file", name));
    throw no_input_error(fmt::format("{}: cannot open ({})", name, errno_text(err)));
  }
  if (!S_ISREG(st.st_mode)) throw no_input_error(not_regular_input(name, st.st_mode));
  Fd fd(::open(name.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) {
    throw no_input_error(fmt::format("{}: cannot open ({})", name, errno_text(errno)));
  }
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    throw no_input_error(not_regular_input(name, st.st_mode));
  }
  std::string text;
  text.reserve(
      std::min<std::size_t>(static_cast<std::size_t>(std::max<off_t>(st.st_size, 0)), max_bytes));
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw no_input_error(fmt::format("{}: read failed ({})", name, errno_text(errno)));
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > max_bytes) {
      throw input_error(
          fmt::format("{}: larger than {} MiB, the most infergy reads from a text "
                      "input",
                      name, max_bytes >> 20));
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

void check_line_lengths(std::string_view text, std::string_view source,
                        std::size_t max_line_bytes) {
  std::size_t line = 1;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const std::size_t length = (end == std::string_view::npos ? text.size() : end) - start;
    if (length > max_line_bytes) {
      throw input_error(
          fmt::format("{}:{}: line longer than {} bytes", source, line, max_line_bytes));
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
    ++line;
  }
}

FoundFiles find_files(const fs::path& dir, std::string_view extension) {
  FoundFiles found;
  std::vector<fs::path> pending{dir};
  while (!pending.empty()) {
    const fs::path current = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    fs::directory_iterator it(current, ec);
    if (ec) {
      found.errors.push_back(
          {current, fmt::format("{}: cannot read directory ({})", current.string(), ec.message())});
      continue;
    }
    for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      std::error_code entry_ec;
      const fs::file_status own = it->symlink_status(entry_ec);
      if (entry_ec) {
        found.errors.push_back(
            {p, fmt::format("{}: cannot stat ({})", p.string(), entry_ec.message())});
        continue;
      }
      if (fs::is_directory(own)) {
        pending.push_back(p);
        continue;
      }
      if (p.extension() != extension) continue;
      const fs::file_status target = fs::status(p, entry_ec);
      if (entry_ec) {
        // A link to nothing, a link cycle (ELOOP), a target that cannot be reached (EACCES).
        const bool dangling =
            fs::is_symlink(own) && entry_ec == std::errc::no_such_file_or_directory;
        found.errors.push_back(
            {p, dangling ? fmt::format("{}: dangling symbolic link", p.string())
                         : fmt::format("{}: cannot stat ({})", p.string(), entry_ec.message())});
      } else if (fs::is_regular_file(target)) {
        found.files.push_back(p);
      } else if (!fs::is_directory(target)) {
        struct stat st {};
        const bool known = ::stat(p.c_str(), &st) == 0;
        found.errors.push_back(
            {p, fmt::format("{}: is {}, not a regular file", p.string(),
                            known ? file_type_name(st.st_mode) : "not a regular file")});
      }
    }
    if (ec) {
      found.errors.push_back(
          {current, fmt::format("{}: cannot list directory ({})", current.string(), ec.message())});
    }
  }
  std::sort(found.files.begin(), found.files.end());
  std::sort(found.errors.begin(), found.errors.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  return found;
}

// ---------------------------------------------------------------------------------------------
// Outputs

namespace {

// The descriptor a path names when it names one of infergy's own open streams.
std::optional<int> stream_descriptor(const std::string& name) {
  if (name == "/dev/stdout") return STDOUT_FILENO;
  if (name == "/dev/stderr") return STDERR_FILENO;
  for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string_view digits = std::string_view(name).substr(prefix.size());
    int fd = -1;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), fd);
    if (!digits.empty() && ec == std::errc() && ptr == digits.data() + digits.size()) return fd;
  }
  return std::nullopt;
}

fs::path directory_of(const fs::path& path) {
  const fs::path parent = path.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

void check_directory(const fs::path& path) {
  const fs::path dir = directory_of(path);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw output_error(
        fmt::format("{}: cannot write: no directory {}", path.string(), dir.string()));
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw output_error(
        fmt::format("{}: cannot write in {} ({})", path.string(), dir.string(), errno_text(errno)));
  }
}

mode_t current_umask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

// The permission bits and owner the written file gets: the replaced file's, else a new file's.
struct Attributes {
  mode_t mode = 0;
  std::optional<std::pair<uid_t, gid_t>> owner;
};

Attributes attributes_for(const fs::path& target, OutputKind kind) {
  Attributes a;
  struct stat st {};
  if (kind == OutputKind::replace && ::lstat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    // Set-id bits are dropped: a data file written by infergy is no program to run as its owner.
    a.mode = st.st_mode & (S_IRWXU | S_IRWXG | S_IRWXO | S_ISVTX);
    if (st.st_uid != ::geteuid() || st.st_gid != ::getegid()) {
      a.owner = std::pair(st.st_uid, st.st_gid);
    }
  } else {
    a.mode = 0666 & ~current_umask();
  }
  return a;
}

// Moves the finished temporary file `tmp` to `target`: never over an existing name when
// refusing (RENAME_NOREPLACE, or link + unlink where the filesystem lacks it), and only over a
// regular file when allowed.
void commit(const fs::path& tmp, const fs::path& target, Overwrite overwrite) {
  const std::string name = target.string();
  if (overwrite == Overwrite::refuse) {
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
      return;
    }
    int err = errno;
    if (err == EINVAL || err == ENOSYS) {
      if (::link(tmp.c_str(), target.c_str()) == 0) {
        ::unlink(tmp.c_str());
        return;
      }
      err = errno;
    }
    if (err == EEXIST) {
      throw output_error(fmt::format("{}: already exists; pass --force to overwrite it", name));
    }
    throw output_error(fmt::format("{}: cannot write ({})", name, errno_text(err)));
  }
  // The target may have changed since it was checked: never rename over anything but a file.
  struct stat st {};
  if (::lstat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    throw output_error(fmt::format("{}: became {} while infergy wrote it; not replaced", name,
                                   file_type_name(st.st_mode)));
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    throw output_error(fmt::format("{}: cannot write ({})", name, errno_text(errno)));
  }
}

// Removes a temporary file unless it was committed.
class TemporaryFile {
 public:
  explicit TemporaryFile(fs::path path) : path_(std::move(path)) {}
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  const fs::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  fs::path path_;
};

void apply(int fd, const Attributes& a, const std::string& name) {
  // chown first: it may clear permission bits that fchmod then sets. Only root can give a file
  // away; for anyone else the file stays theirs, which is what replacing it means.
  if (a.owner && ::geteuid() == 0) {
    if (::fchown(fd, a.owner->first, a.owner->second) != 0) {
      throw output_error(fmt::format("{}: cannot keep the owner ({})", name, errno_text(errno)));
    }
  }
  if (::fchmod(fd, a.mode) != 0) {
    throw output_error(fmt::format("{}: cannot set the mode ({})", name, errno_text(errno)));
  }
}

void write_through_temporary(const fs::path& path, std::string_view content, OutputKind kind,
                             Overwrite overwrite) {
  const std::string name = path.string();
  // A hidden name beside the target, unique and created exclusively: mkostemp opens with
  // O_CREAT | O_EXCL, which fails on any existing name, a symbolic link included.
  const std::string base = path.filename().string().substr(0, 200);
  std::string pattern = (directory_of(path) / ("." + base + ".infergy-XXXXXX")).string();
  Fd fd(::mkostemp(pattern.data(), O_CLOEXEC));
  if (fd.get() < 0) {
    throw output_error(fmt::format("{}: cannot write ({})", name, errno_text(errno)));
  }
  TemporaryFile tmp{fs::path(pattern)};
  apply(fd.get(), attributes_for(path, kind), name);
  if (!write_all(fd.get(), content) || !fd.close()) {
    throw output_error(fmt::format("{}: write failed ({})", name, errno_text(errno)));
  }
  commit(tmp.path(), path, overwrite);
  tmp.release();
}

void write_in_place(const std::string& name, std::string_view content) {
  // Never O_CREAT or O_TRUNC: the node is written into, not replaced. O_NONBLOCK makes a FIFO
  // without a reader fail at once (ENXIO) instead of hanging.
  Fd fd(::open(name.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ENXIO) {
      throw output_error(fmt::format("{}: a FIFO that no process is reading", name));
    }
    throw output_error(fmt::format("{}: cannot write ({})", name, errno_text(err)));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
    throw output_error(fmt::format("{}: changed while infergy opened it; not written", name));
  }
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags >= 0) ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
  if (!write_all(fd.get(), content) || !fd.close()) {
    throw output_error(fmt::format("{}: write failed ({})", name, errno_text(errno)));
  }
}

}  // namespace

bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

OutputKind check_output(const fs::path& path, Overwrite overwrite) {
  const std::string name = path.string();
  if (name.empty()) throw output_error("empty output file name");
  if (const auto fd = stream_descriptor(name)) {
    const int flags = ::fcntl(*fd, F_GETFL);
    if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY) {
      throw output_error(fmt::format("{}: descriptor {} is not open for writing", name, *fd));
    }
    return OutputKind::stream;
  }
  struct stat st {};
  if (::lstat(name.c_str(), &st) != 0) {
    const int err = errno;
    if (err != ENOENT) {
      throw output_error(fmt::format("{}: cannot write ({})", name, errno_text(err)));
    }
    check_directory(path);
    return OutputKind::new_file;
  }
  const mode_t mode = st.st_mode;
  if (S_ISREG(mode)) {
    if (overwrite == Overwrite::refuse) {
      throw output_error(fmt::format("{}: already exists; pass --force to overwrite it", name));
    }
    check_directory(path);
    return OutputKind::replace;
  }
  if (S_ISDIR(mode)) throw output_error(fmt::format("{}: is a directory", name));
  if (S_ISLNK(mode)) {
    throw output_error(fmt::format(
        "{}: is a symbolic link; infergy neither follows nor replaces one (name its target)",
        name));
  }
  if (S_ISCHR(mode) || S_ISFIFO(mode)) {
    if (overwrite == Overwrite::refuse) {
      throw output_error(
          fmt::format("{}: exists ({}); pass --force to write into it (it is not replaced)", name,
                      file_type_name(mode)));
    }
    return OutputKind::in_place;
  }
  throw output_error(
      fmt::format("{}: is {}; infergy writes regular files only", name, file_type_name(mode)));
}

void write_file(const fs::path& path, std::string_view content, Overwrite overwrite) {
  const OutputKind kind = check_output(path, overwrite);
  const std::string name = path.string();
  switch (kind) {
    case OutputKind::stream:
      if (!write_all(*stream_descriptor(name), content)) {
        throw output_error(fmt::format("{}: write failed ({})", name, errno_text(errno)));
      }
      return;
    case OutputKind::in_place:
      write_in_place(name, content);
      return;
    case OutputKind::new_file:
    case OutputKind::replace:
      write_through_temporary(path, content, kind, overwrite);
      return;
  }
}

void install_file(const fs::path& written, const fs::path& target, Overwrite overwrite) {
  const OutputKind kind = check_output(target, overwrite);
  if (kind == OutputKind::stream || kind == OutputKind::in_place) {
    write_file(target, read_text_file(written, std::size_t{1} << 30), overwrite);
    return;
  }
  const std::string name = target.string();
  Fd fd(::open(written.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  struct stat st {};
  if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    throw output_error(
        fmt::format("{}: cannot install {} (not a regular file)", name, written.string()));
  }
  apply(fd.get(), attributes_for(target, kind), name);
  commit(written, target, overwrite);
}

}  // namespace infergy
