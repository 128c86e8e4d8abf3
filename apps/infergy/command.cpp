#include "command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <utility>

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

void OutputOptions::write(const std::string& content) const {
  if (path.empty() || path == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    std::fflush(stdout);
    return;
  }
  write_file(path, content, force ? Overwrite::allow : Overwrite::refuse);
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
