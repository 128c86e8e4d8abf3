// Running gnuplot without a shell: posix_spawn with an argument vector, in a given directory,
// several at once, stderr captured.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace infergy::report::detail {

struct SpawnOutcome {
  bool started = false;
  int spawn_errno = 0;   // why it did not start (ENOENT: not found)
  int exit_status = -1;  // exit code; 128 + signal when killed
  std::string stderr_text;
};

/// Runs `program` (searched on PATH when it has no '/') once per argument list, all at once, with
/// `dir` as the working directory, stdin and stdout on /dev/null, stderr captured. Returns one
/// outcome per job, in order.
std::vector<SpawnOutcome> run_all(const std::string& program, const std::filesystem::path& dir,
                                  const std::vector<std::vector<std::string>>& jobs);

/// The PNG terminal a gnuplot has ("pngcairo" or "png"), or why it cannot be run.
struct Probe {
  std::string png_terminal;
  std::string failure;  // empty when gnuplot runs
};
Probe probe_gnuplot(const std::string& gnuplot, const std::filesystem::path& dir);

}  // namespace infergy::report::detail
