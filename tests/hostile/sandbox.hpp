// The hostile-input suite's harness: a private directory that holds every input a case
// generates, a snapshot of it to prove that nothing outside the intended output changed, and a
// runner for the `infergy` binary with an argument vector (no shell, so names may hold quotes,
// newlines or any byte), a timeout (a hang is a failure, not a stuck CI), and control over the
// standard streams (a full disk, a closed pipe, a closed stdout).
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace infergy::hostile {

namespace fs = std::filesystem;

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// One entry of a snapshot: enough to tell any change (type, mode, size, content or link).
struct Entry {
  mode_t mode = 0;
  dev_t rdev = 0;
  std::string content;  // a regular file's bytes, or a link's target
  bool operator==(const Entry&) const = default;
};
using Snapshot = std::map<std::string, Entry>;  // path relative to the sandbox

class Sandbox {
 public:
  Sandbox() {
    std::string pattern = (fs::temp_directory_path() / "infergy-hostile-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    // Cases that run infergy as an unprivileged user (see Run::unprivileged) need to enter it.
    ::chmod(root_.c_str(), 0777);
    std::string out = (fs::temp_directory_path() / "infergy-hostile-io-XXXXXX").string();
    if (::mkdtemp(out.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    io_ = out;
    ::chmod(io_.c_str(), 0777);
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;
  ~Sandbox() {
    for (const auto& dir : {root_, io_}) {
      std::error_code ec;
      // Give back what a case took away, so the directory can be removed.
      for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0700);
      }
      fs::remove_all(dir, ec);
    }
  }

  const fs::path& root() const { return root_; }
  fs::path operator/(const std::string& name) const { return root_ / name; }
  /// Where the runner keeps stdout and stderr: outside the sandbox, so never in a snapshot.
  const fs::path& io() const { return io_; }

  fs::path file(const std::string& name, const std::string& content, mode_t mode = 0644) const {
    const fs::path p = root_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    ::chmod(p.c_str(), mode);
    return p;
  }
  fs::path fifo(const std::string& name) const {
    const fs::path p = root_ / name;
    fs::create_directories(p.parent_path());
    if (::mkfifo(p.c_str(), 0666) != 0) throw std::runtime_error("mkfifo failed");
    return p;
  }
  fs::path link(const std::string& name, const fs::path& target) const {
    const fs::path p = root_ / name;
    fs::create_directories(p.parent_path());
    fs::create_symlink(target, p);
    return p;
  }

  Snapshot snapshot() const {
    Snapshot s;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      struct stat st {};
      if (::lstat(it->path().c_str(), &st) != 0) continue;
      Entry e{st.st_mode, st.st_rdev, {}};
      if (S_ISREG(st.st_mode)) e.content = slurp(it->path());
      if (S_ISLNK(st.st_mode)) e.content = fs::read_symlink(it->path(), ec).string();
      s[fs::relative(it->path(), root_).string()] = std::move(e);
    }
    return s;
  }

 private:
  fs::path root_;
  fs::path io_;
};

/// The paths that differ between two snapshots (added, removed or changed).
inline std::set<std::string> changed(const Snapshot& before, const Snapshot& after) {
  std::set<std::string> out;
  for (const auto& [path, entry] : before) {
    const auto it = after.find(path);
    if (it == after.end() || !(it->second == entry)) out.insert(path);
  }
  for (const auto& [path, entry] : after) {
    if (!before.count(path)) out.insert(path);
  }
  return out;
}

enum class Stdout { capture, dev_full, broken_pipe, closed };

struct Run {
  std::vector<std::string> args;  // after the binary
  Stdout out = Stdout::capture;
  /// As root, run as nobody (65534), so that file permissions apply.
  bool unprivileged = false;
  std::chrono::seconds timeout{60};
  /// Called with the child's pid once it runs (to send it signals).
  std::function<void(pid_t)> while_running;
};

struct Result {
  int code = -1;  // exit status, 128 + N after signal N, -1 on timeout
  bool timed_out = false;
  std::string out;
  std::string err;
};

/// Runs `infergy ARGS...` in the sandbox's directory.
inline Result run(const Sandbox& box, const Run& r) {
  const fs::path out_path = box.io() / "stdout";
  const fs::path err_path = box.io() / "stderr";
  const int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  const int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  const int full_fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  int pipe_fds[2] = {-1, -1};
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  ::close(pipe_fds[0]);  // nobody will ever read: writes fail with EPIPE
  std::vector<std::string> argv_text{INFERGY_CLI};
  argv_text.insert(argv_text.end(), r.args.begin(), r.args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string dir = box.root().string();
  const bool drop = r.unprivileged && ::geteuid() == 0;

  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_RDONLY);
    ::dup2(null, STDIN_FILENO);
    switch (r.out) {
      case Stdout::capture:
        ::dup2(out_fd, STDOUT_FILENO);
        break;
      case Stdout::dev_full:
        ::dup2(full_fd, STDOUT_FILENO);
        break;
      case Stdout::broken_pipe:
        ::dup2(pipe_fds[1], STDOUT_FILENO);
        break;
      case Stdout::closed:
        ::close(STDOUT_FILENO);
        break;
    }
    ::dup2(err_fd, STDERR_FILENO);
    if (::chdir(dir.c_str()) != 0) ::_exit(125);
    if (drop && (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)) {
      ::_exit(125);
    }
    ::execv(argv[0], argv.data());
    ::_exit(126);
  }
  ::close(out_fd);
  ::close(err_fd);
  ::close(full_fd);
  ::close(pipe_fds[1]);
  Result result;
  if (r.while_running) r.while_running(pid);
  const auto deadline = std::chrono::steady_clock::now() + r.timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.code = result.timed_out    ? -1
                : WIFEXITED(status) ? WEXITSTATUS(status)
                                    : 128 + WTERMSIG(status);
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  return result;
}

/// The case's stderr is exactly one line "infergy: error: ..." holding `part`.
inline ::testing::AssertionResult one_error_line(const Result& r, const std::string& part) {
  const auto lines = std::count(r.err.begin(), r.err.end(), '\n');
  if (r.err.rfind("infergy: error: ", 0) != 0 || lines != 1 || r.err.back() != '\n') {
    return ::testing::AssertionFailure() << "not one error line: [" << r.err << "]";
  }
  if (r.err.find(part) == std::string::npos) {
    return ::testing::AssertionFailure() << "'" << part << "' not in: " << r.err;
  }
  return ::testing::AssertionSuccess();
}

/// Text with no byte a terminal acts on: valid UTF-8 (RFC 3629), no C0 control but LF, no DEL,
/// no C1 control, no bidirectional override.
inline ::testing::AssertionResult terminal_safe(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n') || c == 0x7f) {
        return ::testing::AssertionFailure() << "control byte " << int(c) << " at " << i;
      }
      ++i;
      continue;
    }
    std::size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > text.size()) {
      return ::testing::AssertionFailure() << "invalid UTF-8 at " << i;
    }
    char32_t cp = c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) return ::testing::AssertionFailure() << "invalid UTF-8 at " << i;
      cp = (cp << 6) | (b & 0x3F);
    }
    const char32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return ::testing::AssertionFailure() << "invalid UTF-8 at " << i;
    }
    if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069)) {
      return ::testing::AssertionFailure() << "control code point at " << i;
    }
    i += n;
  }
  return ::testing::AssertionSuccess();
}

/// The hostile names every format case puts through infergy: terminal escapes, forged lines,
/// NUL, invalid UTF-8, bidirectional overrides, Markdown and CSV syntax, formulas, gnuplot and
/// shell quoting.
inline std::vector<std::string> hostile_names() {
  using namespace std::string_literals;
  return {
      "esc\x1b[31mred\x1b]0;title\x07"s,
      "cr\roverwrite"s,
      "forged\ninfergy: error: fake line"s,
      "nul\0byte"s,
      "bad\xff\xfeutf8\xc3"s,
      "bidi\xe2\x80\xae"
      "desrever"s,
      "pipe|cell|`code`|*bold*|<b>html</b>|# head"s,
      "=HYPERLINK(\"http://evil\",\"x\")"s,
      "+1+1"s,
      "-2+3"s,
      "@SUM(A1:A2)"s,
      "'apostrophe lead"s,
      "quote\"and\\backslash`echo pwned > PWNED`$(touch PWNED2)"s,
      "comma, separated; \"quoted\""s,
  };
}

}  // namespace infergy::hostile
