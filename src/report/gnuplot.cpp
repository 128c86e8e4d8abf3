#include "report/gnuplot.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "infergy/error.hpp"

extern char** environ;

namespace infergy::report::detail {

namespace {

struct Running {
  pid_t pid = -1;
  int stderr_fd = -1;
};

// Starts one job; the child's stderr goes to a pipe whose read end is returned.
Running spawn(const std::string& program, const std::filesystem::path& dir,
              const std::vector<std::string>& args, SpawnOutcome& outcome) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw internal_error(std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  // infergy ignores SIGPIPE (to report EPIPE on its own output); gnuplot gets the default back.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, program.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    outcome.spawn_errno = rc;
    return {};
  }
  outcome.started = true;
  return {pid, fds[0]};
}

// Reads every child's stderr until all are closed, so no child blocks on a full pipe.
void drain(std::vector<Running>& running, std::vector<SpawnOutcome>& outcomes) {
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<std::size_t> owner;
    for (std::size_t i = 0; i < running.size(); ++i) {
      if (running[i].stderr_fd < 0) continue;
      fds.push_back({running[i].stderr_fd, POLLIN, 0});
      owner.push_back(i);
    }
    if (fds.empty()) return;
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw internal_error(std::string("poll: ") + std::strerror(errno));
    }
    for (std::size_t k = 0; k < fds.size(); ++k) {
      if (fds[k].revents == 0) continue;
      char buffer[4096];
      const auto n = ::read(fds[k].fd, buffer, sizeof buffer);
      if (n > 0) {
        outcomes[owner[k]].stderr_text.append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[k].fd);
        running[owner[k]].stderr_fd = -1;
      }
    }
  }
}

}  // namespace

std::vector<SpawnOutcome> run_all(const std::string& program, const std::filesystem::path& dir,
                                  const std::vector<std::vector<std::string>>& jobs) {
  std::vector<SpawnOutcome> outcomes(jobs.size());
  std::vector<Running> running(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    running[i] = spawn(program, dir, jobs[i], outcomes[i]);
  }
  drain(running, outcomes);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (running[i].pid < 0) continue;
    int status = 0;
    while (::waitpid(running[i].pid, &status, 0) < 0) {
      if (errno != EINTR) throw internal_error(std::string("waitpid: ") + std::strerror(errno));
    }
    outcomes[i].exit_status = WIFEXITED(status)
                                  ? WEXITSTATUS(status)
                                  : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  }
  return outcomes;
}

Probe probe_gnuplot(const std::string& gnuplot, const std::filesystem::path& dir) {
  const auto outcome = run_all(gnuplot, dir, {{"-e", "print GPVAL_TERMINALS"}}).front();
  if (!outcome.started) {
    return {"", fmt::format("gnuplot could not be started ('{}': {}); install Debian's "
                            "gnuplot-nox (or pass --gnuplot PATH)",
                            gnuplot, std::strerror(outcome.spawn_errno))};
  }
  if (outcome.exit_status != 0) {
    return {"", fmt::format("'{}' exited with status {} when asked for its terminals: {}", gnuplot,
                            outcome.exit_status, outcome.stderr_text)};
  }
  const bool cairo = outcome.stderr_text.find("pngcairo") != std::string::npos;
  if (!cairo && outcome.stderr_text.find("png") == std::string::npos) {
    return {"", fmt::format("'{}' has neither the pngcairo nor the png terminal", gnuplot)};
  }
  return {cairo ? "pngcairo" : "png", ""};
}

RenderDirectory::RenderDirectory(const std::filesystem::path& parent) {
  std::string pattern = (parent / ".infergy-render-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw output_error(fmt::format("{}: cannot create a directory to render figures in ({})",
                                   parent.string(), std::strerror(errno)));
  }
  path_ = pattern;
}

RenderDirectory::~RenderDirectory() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace infergy::report::detail
