// `infergy measure` as a user runs it: exit status, where the report and the command's output
// go, the no-sensor answer, and signals. The CLI binary links every module, so a build of
// test_measure alone may not have it; these tests then skip (the suite builds it).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "measure/temp_tree.hpp"

extern char** environ;

namespace infergy::measure {
namespace {

using testing::TempTree;

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

class MeasureCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(INFERGY_CLI)) {
      GTEST_SKIP() << INFERGY_CLI << " is not built (ninja infergy_cli)";
    }
  }

  /// The environment of the tests plus `extra` (NAME=VALUE), with no real NVML unless asked.
  static std::vector<std::string> environment(const std::vector<std::string>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
      const std::string v = *e;
      if (v.rfind("INFERGY_", 0) != 0) env.push_back(v);
    }
    env.push_back("INFERGY_NVML_LIBRARY=/nonexistent/libnvidia-ml.so.1");
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
  }

  /// Starts the CLI with stdout and stderr going to files in `tree`.
  pid_t start(const TempTree& tree, const std::vector<std::string>& args,
              const std::vector<std::string>& extra_env = {}) {
    std::vector<std::string> argv = {INFERGY_CLI, "measure"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    env_ = environment(extra_env);
    std::vector<char*> cenv;
    for (auto& e : env_) cenv.push_back(e.data());
    cenv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, (tree.root() / "cli.out").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (tree.root() / "cli.err").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, INFERGY_CLI, &actions, nullptr, cargv.data(), cenv.data());
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(rc, 0);
    return pid;
  }

  static CliRun finish(const TempTree& tree, pid_t pid) {
    CliRun r;
    int status = 0;
    waitpid(pid, &status, 0);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
    r.out = tree.read("cli.out");
    r.err = tree.read("cli.err");
    return r;
  }

  CliRun run(const TempTree& tree, const std::vector<std::string>& args,
             const std::vector<std::string>& extra_env = {}) {
    return finish(tree, start(tree, args, extra_env));
  }

  /// A sysfs root with one package zone (its counter will not move: a static file).
  static std::string fake_root(const TempTree& tree) {
    tree.write("root/sys/class/powercap/intel-rapl:0/name", "package-0\n");
    tree.write("root/sys/class/powercap/intel-rapl:0/energy_uj", "1000\n");
    tree.write("root/sys/class/powercap/intel-rapl:0/max_energy_range_uj", "262143328850\n");
    return (tree.root() / "root").string();
  }

 private:
  std::vector<std::string> env_;
};

TEST_F(MeasureCli, ExitStatusAndStreamsOfTheCommand) {
  TempTree tree;
  const CliRun r =
      run(tree, {"--sysfs-root", fake_root(tree), "--", "sh", "-c", "echo out; exit 5"});
  EXPECT_EQ(r.status, 5);
  // The command's stdout is untouched; the report is on stderr.
  EXPECT_EQ(r.out, "out\n");
  EXPECT_NE(r.err.find("command: sh -c 'echo out; exit 5'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("exited with status 5"), std::string::npos);
  // The static counter did not move: unavailable, never 0 J.
  EXPECT_NE(r.err.find("package-0: unavailable: the energy counter did not change"),
            std::string::npos)
      << r.err;
}

TEST_F(MeasureCli, EnvironmentSysfsRootAndJsonToStdout) {
  TempTree tree;
  const std::string root = fake_root(tree);
  const CliRun r = run(tree, {"--format", "json", "--output", "-", "--", "true"},
                       {"INFERGY_SYSFS_ROOT=" + root});
  EXPECT_EQ(r.status, 0);
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["domains"].size(), 1u);
  EXPECT_EQ(j["domains"][0]["name"], "package-0");
  EXPECT_TRUE(j["domains"][0]["joules"].is_null());
  EXPECT_EQ(j["sensor_failures"][0]["sensor"], "nvml");
}

TEST_F(MeasureCli, NoSensorIsExit69WithTheReasons) {
  TempTree tree;
  std::filesystem::create_directories(tree.root() / "empty");
  const CliRun r = run(tree, {"--sysfs-root", (tree.root() / "empty").string(), "--", "true"});
  EXPECT_EQ(r.status, 69);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("infergy: error: measure: no energy sensor could be read (nvml: ", 0), 0u)
      << r.err;
  EXPECT_NE(r.err.find("rapl: "), std::string::npos);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST_F(MeasureCli, AllowNoSensorsRunsTheCommand) {
  TempTree tree;
  std::filesystem::create_directories(tree.root() / "empty");
  const CliRun r = run(tree, {"--allow-no-sensors", "--sysfs-root",
                              (tree.root() / "empty").string(), "--", "sh", "-c", "exit 4"});
  EXPECT_EQ(r.status, 4);
  EXPECT_NE(r.err.find("no energy was measured"), std::string::npos) << r.err;
}

TEST_F(MeasureCli, CommandThatCannotStartIs127) {
  TempTree tree;
  const CliRun r = run(tree, {"--", "infergy-no-such-command-x7q", "arg"});
  EXPECT_EQ(r.status, 127);
  EXPECT_EQ(r.err,
            "infergy: error: cannot execute 'infergy-no-such-command-x7q': command not found in "
            "PATH\n");
}

TEST_F(MeasureCli, SignalDeathOfTheCommandIs128PlusN) {
  TempTree tree;
  const CliRun r = run(tree, {"--allow-no-sensors", "--sysfs-root", fake_root(tree), "--", "sh",
                              "-c", "kill -TERM $$"});
  // SIGTERM = 15: 128 + 15.
  EXPECT_EQ(r.status, 143);
  EXPECT_NE(r.err.find("killed by signal 15 (SIGTERM"), std::string::npos) << r.err;
}

TEST_F(MeasureCli, SigtermToInfergyReachesTheCommand) {
  TempTree tree;
  const std::string marker = (tree.root() / "started").string();
  const pid_t pid = start(tree, {"--sysfs-root", fake_root(tree), "--", "sh", "-c",
                                 "touch '" + marker + "' && exec sleep 20"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (::access(marker.c_str(), F_OK) != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGTERM);
  const auto started = std::chrono::steady_clock::now();
  const CliRun r = finish(tree, pid);
  // infergy itself survived to report: it exited 143 after the child died of SIGTERM, well
  // before the child's 20 s sleep would have ended.
  EXPECT_EQ(r.status, 143) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
  EXPECT_NE(r.err.find("killed by signal 15"), std::string::npos) << r.err;
}

TEST_F(MeasureCli, UsageErrors) {
  TempTree tree;
  EXPECT_EQ(run(tree, {"--interval-ms", "0", "--", "true"}).status, 64);
  EXPECT_EQ(run(tree, {"--inferences", "0", "--", "true"}).status, 64);
  EXPECT_EQ(run(tree, {}).status, 64);
  EXPECT_EQ(run(tree, {"--sysfs-root", "/nonexistent-root", "--", "true"}).status, 66);
}

}  // namespace
}  // namespace infergy::measure
