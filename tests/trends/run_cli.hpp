// Runs the built `infergy` with its stdout and stderr in files of this process's own, so tests
// of several executables can run at once (ctest -j).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace infergy::test {

struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A fresh directory under the temp dir, removed first if a previous run left it.
inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("infergy_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// `args` is appended to the binary's path as written (quote paths yourself).
inline CliRun run_infergy(const std::string& args) {
  static int counter = 0;
  const auto base = std::filesystem::temp_directory_path() /
                    ("infergy_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const auto out = base.string() + ".out";
  const auto err = base.string() + ".err";
  const std::string cmd =
      std::string(INFERGY_CLI) + " " + args + " > '" + out + "' 2> '" + err + "' < /dev/null";
  const int status = std::system(cmd.c_str());
  CliRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_all(out);
  r.err = read_all(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

}  // namespace infergy::test
