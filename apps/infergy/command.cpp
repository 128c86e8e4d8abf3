#include "command.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>

#include "infergy/error.hpp"
#include "infergy/escape.hpp"
#include "infergy/files.hpp"

namespace infergy::cli {

namespace {
std::vector<std::pair<int, SetupFn>>& registry() {
  static std::vector<std::pair<int, SetupFn>> r;
  return r;
}
}  // namespace

CommandRegistration::CommandRegistration(int order, SetupFn setup) {
  registry().emplace_back(order, setup);
}

std::vector<SetupFn> registered_commands() {
  auto r = registry();
  std::stable_sort(r.begin(), r.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<SetupFn> out;
  for (auto& [order, fn] : r) out.push_back(fn);
  return out;
}

void OutputOptions::check() const {
  if (path.empty() || path == "-") return;
  check_output(path, force ? Overwrite::allow : Overwrite::refuse);
}

void OutputOptions::write(const std::string& content) const {
  // The renderers make every string they take from a file visible; this is the last guard, so
  // that no control byte or invalid UTF-8 reaches a terminal from a text or Markdown rendering.
  const OutputFormat f = format();
  const std::string shown =
      f == OutputFormat::table || f == OutputFormat::markdown ? visible_lines(content) : content;
  if (path.empty() || path == "-") {
    write_stdout(shown);
    return;
  }
  write_file(path, shown, force ? Overwrite::allow : Overwrite::refuse);
}

void write_stdout(std::string_view content) {
  if (std::fflush(stdout) != 0 || !write_all(STDOUT_FILENO, content)) {
    throw output_error(fmt::format("standard output: write failed ({})", std::strerror(errno)));
  }
}

void guard_standard_streams() {
  // A closed standard descriptor would be reused by the next open(), so that what infergy prints
  // lands in a file it writes. Holding /dev/null read-only in its place makes every write to it
  // fail (EBADF), which finish_standard_streams() reports.
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0 && null != fd) {
      ::dup2(null, fd);
      ::close(null);
    }
  }
  // A closed pipe is a write error to report (EPIPE), not a silent death by SIGPIPE. Children
  // (measure's command, gnuplot) get the default action back when they are spawned.
  std::signal(SIGPIPE, SIG_IGN);
}

int finish_standard_streams(int status, bool report_failure) {
  errno = 0;
  const bool out_failed = std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
  const int out_errno = errno;
  if (out_failed && !report_failure) return status;
  if (out_failed) {
    fmt::print(stderr, "infergy: error: standard output: write failed ({})\n",
               out_errno != 0 ? std::strerror(out_errno) : "I/O error");
    std::fflush(stderr);
    return static_cast<int>(ExitCode::output);
  }
  // Nothing can be said on a stderr that fails; the exit status says it.
  if (std::fflush(stderr) != 0 || std::ferror(stderr) != 0) {
    return report_failure ? static_cast<int>(ExitCode::output) : status;
  }
  return status;
}

void add_output_options(CLI::App& cmd, OutputOptions& options, const std::string& default_format) {
  options.format_name = default_format;
  cmd.add_option("--format", options.format_name, "Output format: table, markdown, csv or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "text", "markdown", "md", "csv", "json"}));
  cmd.add_option("-o,--output", options.path, "Write the output to FILE instead of stdout");
  cmd.add_flag("--force", options.force, "Overwrite the --output file if it exists");
}

namespace {
int g_exit_status = 0;
}
void set_exit_status(int status) {
  g_exit_status = status;
}
int exit_status() {
  return g_exit_status;
}

bool stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

std::string data_dir() {
  if (const char* env = std::getenv("INFERGY_DATA_DIR"); env && *env) return env;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "infergy" / "data";
    if (std::filesystem::exists(installed / "hardware.csv", ec)) return installed.string();
  }
  return INFERGY_DATA_DIR;
}

}  // namespace infergy::cli
