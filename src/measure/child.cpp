// The measured command runs as a child process that shares infergy's terminal and standard
// streams, and ends infergy with its own status, as `time` does.
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "infergy/measure.hpp"
#include "infergy/text.hpp"

extern char** environ;

namespace infergy::measure {

namespace {

constexpr std::array<int, 4> kForwardedSignals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

std::string errno_text(int error) {
  return std::error_code(error, std::generic_category()).message();
}

bool is_executable_file(const std::string& path, int& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = errno;
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    error = EISDIR;
    return false;
  }
  if (::access(path.c_str(), X_OK) != 0) {
    error = errno;
    return false;
  }
  return true;
}

std::atomic<pid_t> g_child{0};
static_assert(std::atomic<pid_t>::is_always_lock_free, "the signal handler reads g_child");

std::atomic<int> g_signals{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler counts in g_signals");

void forward_signal(int signal, siginfo_t* info, void*) {
  const int saved_errno = errno;
  const pid_t child = g_child.load();
  if (child > 0) {
    // A terminal sends SIGINT, SIGQUIT and SIGHUP to its whole foreground process group, the
    // child included (si_code SI_KERNEL); forwarding those would deliver them twice. Signals from
    // a process (kill, sigqueue: si_code <= 0) reached infergy alone and are passed on.
    if (info == nullptr || info->si_code <= 0) ::kill(child, signal);
    // A stopped child acts on a signal only once continued: without this, TERM or INT to a
    // command stopped by SIGSTOP would be held forever, and measure with it.
    ::kill(child, SIGCONT);
    // The second signal, from anywhere, ends the wait: the command ignored or survived the
    // first, and the user means it.
    if (g_signals.fetch_add(1) + 1 >= 2) ::kill(child, SIGKILL);
  }
  errno = saved_errno;
}

/// While alive: the forwarded signals are caught by forward_signal. They start blocked in the
/// calling thread, so none is lost before the child's pid is known; release() unblocks them.
class SignalForwarding {
 public:
  SignalForwarding() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : kForwardedSignals) sigaddset(&set, s);
    pthread_sigmask(SIG_BLOCK, &set, &previous_mask_);
    struct sigaction action {};
    action.sa_sigaction = forward_signal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < kForwardedSignals.size(); ++i) {
      sigaction(kForwardedSignals[i], &action, &previous_actions_[i]);
    }
  }
  SignalForwarding(const SignalForwarding&) = delete;
  SignalForwarding& operator=(const SignalForwarding&) = delete;
  ~SignalForwarding() {
    g_child.store(0);
    for (std::size_t i = 0; i < kForwardedSignals.size(); ++i) {
      sigaction(kForwardedSignals[i], &previous_actions_[i], nullptr);
    }
    pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
  }

  /// The mask the child should start with: the caller's, before the block.
  const sigset_t& original_mask() const { return previous_mask_; }

  void forward_to(pid_t child) {
    g_signals.store(0);
    g_child.store(child);
    sigset_t set;
    sigemptyset(&set);
    for (int s : kForwardedSignals) sigaddset(&set, s);
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  }
  void stop_forwarding() { g_child.store(0); }

 private:
  sigset_t previous_mask_{};
  std::array<struct sigaction, kForwardedSignals.size()> previous_actions_{};
};

std::string describe_signal(int signal) {
  const char* name = ::sigabbrev_np(signal);
  const char* text = ::sigdescr_np(signal);
  return fmt::format("signal {} ({}{}{})", signal, name ? "SIG" : "", name ? name : "unknown",
                     text ? std::string(", ") + text : std::string());
}

}  // namespace

ResolvedCommand resolve_command(const std::string& name) {
  if (name.empty()) return {{}, "cannot execute '': empty command name"};
  int error = ENOENT;
  if (name.find('/') != std::string::npos) {
    if (is_executable_file(name, error)) return {name, {}};
    return {{}, fmt::format("cannot execute '{}': {}", name, errno_text(error))};
  }
  const char* path_env = std::getenv("PATH");
  // execvp's search list when PATH is unset.
  const std::string search = path_env ? path_env : "/bin:/usr/bin";
  int first_error = 0;
  for (const std::string& dir : split(search, ':')) {
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (is_executable_file(candidate, error)) return {candidate, {}};
    // Like execvp, a found-but-not-executable file explains the failure better than ENOENT.
    if (error != ENOENT && error != ENOTDIR && first_error == 0) first_error = error;
  }
  if (first_error != 0) {
    return {{}, fmt::format("cannot execute '{}': {}", name, errno_text(first_error))};
  }
  return {{}, fmt::format("cannot execute '{}': command not found in PATH", name)};
}

ChildOutcome run_child(const std::vector<std::string>& argv) {
  ChildOutcome outcome;
  if (argv.empty()) {
    outcome.exit_status = 127;
    outcome.launch_error = "no command given";
    return outcome;
  }
  const ResolvedCommand resolved = resolve_command(argv.front());
  if (!resolved.error.empty()) {
    outcome.exit_status = 127;
    outcome.launch_error = resolved.error;
    return outcome;
  }
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  SignalForwarding forwarding;
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int s : kForwardedSignals) sigaddset(&defaults, s);
  // infergy ignores SIGPIPE to report EPIPE; the command gets the default action back.
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setsigmask(&attr, &forwarding.original_mask());
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = 0;
  const int spawn_error =
      ::posix_spawn(&pid, resolved.path.c_str(), nullptr, &attr, args.data(), environ);
  posix_spawnattr_destroy(&attr);
  if (spawn_error != 0) {
    outcome.exit_status = 127;
    outcome.launch_error =
        fmt::format("cannot execute '{}': {}", argv.front(), errno_text(spawn_error));
    return outcome;
  }
  forwarding.forward_to(pid);

  // Wait without reaping first: until the zombie is reaped its pid cannot be reused, so a signal
  // forwarded in the meantime cannot reach an unrelated process.
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
  }
  forwarding.stop_forwarding();
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }

  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    outcome.signal = signal;
    outcome.exit_status = 128 + signal;
    outcome.description = "killed by " + describe_signal(signal);
    if (WCOREDUMP(status)) outcome.description += ", core dumped";
  } else {
    outcome.exit_status = WEXITSTATUS(status);
    outcome.description = fmt::format("exited with status {}", outcome.exit_status);
  }
  return outcome;
}

}  // namespace infergy::measure
