// Runs the built `infergy` binary and captures its exit code, stdout and stderr.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace infergy::testing {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// `args` is appended to the binary path as written (quote it yourself); `environment`, as
/// `NAME='value' ...`, is set for the run only.
inline CliResult run_cli(const std::string& args, const std::string& environment = "") {
  // Per-process names: CTest runs the tests of this binary in parallel processes.
  const auto dir = std::filesystem::temp_directory_path();
  const std::string pid = std::to_string(::getpid());
  const auto out = dir / ("infergy_cli_stdout_" + pid + ".txt");
  const auto err = dir / ("infergy_cli_stderr_" + pid + ".txt");
  const std::string cmd = environment + " " + std::string(INFERGY_CLI) + " " + args + " > '" +
                          out.string() + "' 2> '" + err.string() + "' < /dev/null";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

}  // namespace infergy::testing
