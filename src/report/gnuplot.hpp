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

/// A directory created for one run (mkdtemp: a fresh name, mode 0700) and removed with what is
/// left in it. gnuplot writes where its script says and follows any link planted there, so
/// figures are rendered in one of these and moved into place by install_file's rules.
class RenderDirectory {
 public:
  explicit RenderDirectory(const std::filesystem::path& parent);
  RenderDirectory(const RenderDirectory&) = delete;
  RenderDirectory& operator=(const RenderDirectory&) = delete;
  ~RenderDirectory();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace infergy::report::detail
