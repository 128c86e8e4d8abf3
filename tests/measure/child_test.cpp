// The measured command as a child: its exit status becomes infergy's, a signal death becomes
// 128+N, a command that cannot start is 127, the standard streams pass through, and signals sent
// to infergy reach the child.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "infergy/measure.hpp"
#include "measure/temp_tree.hpp"

namespace infergy::measure {
namespace {

using testing::TempTree;

TEST(Child, ExitCodePassesThrough) {
  const ChildOutcome o = run_child({"sh", "-c", "exit 3"});
  EXPECT_EQ(o.exit_status, 3);
  EXPECT_FALSE(o.signal.has_value());
  EXPECT_TRUE(o.launch_error.empty());
  EXPECT_EQ(o.description, "exited with status 3");
  EXPECT_EQ(run_child({"true"}).exit_status, 0);
}

TEST(Child, SignalDeathIs128PlusN) {
  // SIGKILL is 9 on Linux: 128 + 9 = 137, as a shell reports it.
  const ChildOutcome o = run_child({"sh", "-c", "kill -KILL $$"});
  EXPECT_EQ(o.exit_status, 137);
  ASSERT_TRUE(o.signal.has_value());
  EXPECT_EQ(*o.signal, SIGKILL);
  EXPECT_NE(o.description.find("killed by signal 9 (SIGKILL"), std::string::npos) << o.description;
}

TEST(Child, CommandThatCannotStartIs127) {
  const ChildOutcome missing = run_child({"infergy-no-such-command-x7q"});
  EXPECT_EQ(missing.exit_status, 127);
  EXPECT_EQ(missing.launch_error,
            "cannot execute 'infergy-no-such-command-x7q': command not found in PATH");

  const ChildOutcome bad_path = run_child({"/nonexistent/dir/tool"});
  EXPECT_EQ(bad_path.exit_status, 127);
  EXPECT_EQ(bad_path.launch_error,
            "cannot execute '/nonexistent/dir/tool': No such file or directory");

  TempTree tree;
  const ChildOutcome directory = run_child({tree.root().string()});
  EXPECT_EQ(directory.exit_status, 127);
  EXPECT_NE(directory.launch_error.find("Is a directory"), std::string::npos);

  // No execute bit: access(X_OK) refuses even root when no x bit is set.
  const auto script = tree.write("script.sh", "#!/bin/sh\nexit 0\n");
  const ChildOutcome not_executable = run_child({script.string()});
  EXPECT_EQ(not_executable.exit_status, 127);
  EXPECT_NE(not_executable.launch_error.find("Permission denied"), std::string::npos);
}

TEST(Child, ResolveCommandSearchesPath) {
  const ResolvedCommand sh = resolve_command("sh");
  EXPECT_TRUE(sh.error.empty());
  EXPECT_EQ(::access(sh.path.c_str(), X_OK), 0);
  EXPECT_EQ(resolve_command("/bin/sh").path, "/bin/sh");
}

/// Runs `fn` with one standard stream of this process redirected to/from a file.
template <typename Fn>
void with_fd_redirected(int fd, const std::string& path, int flags, Fn fn) {
  std::fflush(stdout);
  const int saved = ::dup(fd);
  const int file = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
  ASSERT_GE(file, 0);
  ::dup2(file, fd);
  ::close(file);
  fn();
  std::fflush(stdout);
  ::dup2(saved, fd);
  ::close(saved);
}

TEST(Child, StandardStreamsPassThrough) {
  TempTree tree;
  const std::string out = (tree.root() / "out.txt").string();
  const std::string in = tree.write("in.txt", "from stdin\n").string();
  ChildOutcome o;
  with_fd_redirected(STDIN_FILENO, in, O_RDONLY, [&] {
    with_fd_redirected(STDOUT_FILENO, out, O_WRONLY | O_CREAT | O_TRUNC, [&] {
      o = run_child({"sh", "-c", "echo hello; cat"});
    });
  });
  EXPECT_EQ(o.exit_status, 0);
  EXPECT_EQ(tree.read("out.txt"), "hello\nfrom stdin\n");
}

TEST(Child, TerminationSignalSentToInfergyIsForwarded) {
  TempTree tree;
  const std::string marker = (tree.root() / "started").string();
  struct sigaction before {};
  sigaction(SIGTERM, nullptr, &before);

  std::thread sender([&] {
    // This thread must not take the signal itself: it is meant for the process, whose waiting
    // thread forwards it once the child's pid is known.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (::access(marker.c_str(), F_OK) != 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ::kill(::getpid(), SIGTERM);
  });
  const ChildOutcome o = run_child({"sh", "-c", "touch '" + marker + "' && exec sleep 20"});
  sender.join();
  // SIGTERM is 15: 128 + 15 = 143.
  EXPECT_EQ(o.exit_status, 143);
  ASSERT_TRUE(o.signal.has_value());
  EXPECT_EQ(*o.signal, SIGTERM);

  // infergy's own disposition is back to what it was.
  struct sigaction after {};
  sigaction(SIGTERM, nullptr, &after);
  EXPECT_EQ(after.sa_handler, before.sa_handler);
}

// Sends `signals` to this process, one every 200 ms, once `marker` exists (from a thread that
// blocks them itself, as above).
std::thread send_when_started(const std::string& marker, std::vector<int> signals) {
  return std::thread([marker, signals] {
    sigset_t set;
    sigemptyset(&set);
    for (int s : signals) sigaddset(&set, s);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (::access(marker.c_str(), F_OK) != 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    for (int s : signals) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      ::kill(::getpid(), s);
    }
  });
}

TEST(Child, SignalReachesAStoppedChild) {
  // The child stops itself; TERM alone would stay pending until someone continued it.
  TempTree tree;
  const std::string marker = (tree.root() / "started").string();
  std::thread sender = send_when_started(marker, {SIGTERM});
  const auto start = std::chrono::steady_clock::now();
  const ChildOutcome o =
      run_child({"sh", "-c", "touch '" + marker + "'; kill -STOP $$; exec sleep 20"});
  sender.join();
  EXPECT_EQ(o.exit_status, 143) << o.description;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(Child, SecondSignalEndsTheWait) {
  // The child ignores TERM; the second TERM kills it (SIGKILL: 128 + 9).
  TempTree tree;
  const std::string marker = (tree.root() / "started").string();
  std::thread sender = send_when_started(marker, {SIGTERM, SIGTERM});
  const auto start = std::chrono::steady_clock::now();
  const ChildOutcome o =
      run_child({"sh", "-c", "trap '' TERM; touch '" + marker + "'; while :; do sleep 1; done"});
  sender.join();
  EXPECT_EQ(o.exit_status, 137) << o.description;
  ASSERT_TRUE(o.signal.has_value());
  EXPECT_EQ(*o.signal, SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(Child, ChildGetsTheDefaultSigpipe) {
  // infergy ignores SIGPIPE (to report EPIPE); an ignored signal would be inherited across exec,
  // so the command must get the default back. SIGPIPE is 13: bit 0x1000 of SigIgn.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction before {};
  sigaction(SIGPIPE, &ignore, &before);
  const ChildOutcome o = run_child(
      {"sh", "-c",
       "m=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status); test $(( 0x$m & 0x1000 )) -eq 0"});
  sigaction(SIGPIPE, &before, nullptr);
  EXPECT_EQ(o.exit_status, 0) << o.description;
}

}  // namespace
}  // namespace infergy::measure
