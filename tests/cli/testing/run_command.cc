#include "tests/cli/testing/run_command.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <string_view>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;  // POSIX: declared by no header.

namespace factsift::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// An owned file descriptor; -1 when closed.
class UniqueFd {
 public:
  UniqueFd() = default;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Close(); }

  int get() const { return fd_; }
  void Reset(int fd) {
    Close();
    fd_ = fd;
  }
  bool is_open() const { return fd_ >= 0; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  UniqueFd read, write;
};

bool MakePipe(Pipe& pipe) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  pipe.read.Reset(fds[0]);
  pipe.write.Reset(fds[1]);
  return true;
}

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

// Reads what is available from `fd` into `out`; closes `fd` at end of file or
// on an error other than "try again".
void Drain(UniqueFd& fd, std::string& out) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    fd.Close();
    return;
  }
}

// Writes what the pipe takes of `data` from `*offset`; closes `fd` when all is
// written or the reader is gone (EPIPE: the child did not want the rest).
void Feed(UniqueFd& fd, std::string_view data, size_t* offset) {
  while (*offset < data.size()) {
    const ssize_t n = ::write(fd.get(), data.data() + *offset, data.size() - *offset);
    if (n > 0) {
      *offset += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    break;
  }
  fd.Close();
}

int MillisecondsUntil(steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

}  // namespace

std::string CommandResult::Describe() const {
  if (timed_out) return "timed out after " + std::to_string(elapsed.count()) + " ms";
  if (signal != 0)
    return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  return "exit " + std::to_string(exit_code);
}

std::string QuoteForDisplay(const std::vector<std::string>& argv) {
  std::string text;
  for (const std::string& arg : argv) {
    if (!text.empty()) text += ' ';
    const bool plain = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_./:=@%+-,", c) != nullptr;
    });
    if (plain) {
      text += arg;
      continue;
    }
    text += '\'';
    for (const char c : arg) text += c == '\'' ? std::string(R"('\'')") : std::string(1, c);
    text += '\'';
  }
  return text;
}

CommandResult RunCommand(const std::vector<std::string>& argv, const CommandOptions& options) {
  CommandResult result;
  const std::string display = QuoteForDisplay(argv);
  if (argv.empty()) {
    ADD_FAILURE() << "RunCommand: empty argv";
    return result;
  }
  std::signal(SIGPIPE, SIG_IGN);

  Pipe in, out, err;
  if (!MakePipe(in) || !MakePipe(out) || !MakePipe(err)) {
    ADD_FAILURE() << "RunCommand: pipe2: " << std::strerror(errno);
    return result;
  }

  pid_t pid = -1;
  {
    SpawnSetup setup;
    // dup2 clears close-on-exec on the child's copies; every other pipe end
    // keeps it and vanishes at exec.
    posix_spawn_file_actions_adddup2(&setup.actions, in.read.get(), STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&setup.actions, out.write.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&setup.actions, err.write.get(), STDERR_FILENO);
    if (!options.cwd.empty()) {
      posix_spawn_file_actions_addchdir_np(&setup.actions, options.cwd.c_str());
    }
    // Own process group, so a timeout kills grandchildren too; SIGPIPE back to
    // its default (we ignore it) and no signals blocked, as from a shell.
    sigset_t defaults, mask;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigemptyset(&mask);
    posix_spawnattr_setpgroup(&setup.attributes, 0);
    posix_spawnattr_setsigdefault(&setup.attributes, &defaults);
    posix_spawnattr_setsigmask(&setup.attributes, &mask);
    posix_spawnattr_setflags(
        &setup.attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    const int spawned =
        posix_spawn(&pid, argv[0].c_str(), &setup.actions, &setup.attributes, args.data(), environ);
    if (spawned != 0) {
      ADD_FAILURE() << "cannot start " << display << ": " << std::strerror(spawned);
      return result;
    }
  }
  const auto start = steady_clock::now();
  const auto deadline = start + options.timeout;
  in.read.Close();
  out.write.Close();
  err.write.Close();
  for (const UniqueFd* fd : {&in.write, &out.read, &err.read}) {
    ::fcntl(fd->get(), F_SETFL, ::fcntl(fd->get(), F_GETFL) | O_NONBLOCK);
  }
  if (options.stdin_bytes.empty()) in.write.Close();

  size_t written = 0;
  while (out.read.is_open() || err.read.is_open()) {
    const int wait_ms = MillisecondsUntil(deadline);
    if (wait_ms == 0) {
      result.timed_out = true;
      break;
    }
    pollfd fds[3];
    nfds_t count = 0;
    UniqueFd* owners[3];
    auto add = [&](UniqueFd& fd, short events) {
      if (!fd.is_open()) return;
      fds[count] = pollfd{fd.get(), events, 0};
      owners[count++] = &fd;
    };
    add(in.write, POLLOUT);
    add(out.read, POLLIN);
    add(err.read, POLLIN);
    const int ready = ::poll(fds, count, wait_ms);
    if (ready < 0 && errno != EINTR) {
      ADD_FAILURE() << "RunCommand: poll: " << std::strerror(errno);
      result.timed_out = true;  // Treated as a hang: the child is killed below.
      break;
    }
    for (nfds_t i = 0; ready > 0 && i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (owners[i] == &in.write) {
        Feed(in.write, options.stdin_bytes, &written);
      } else {
        Drain(*owners[i], owners[i] == &out.read ? result.out : result.err);
      }
    }
  }
  in.write.Close();

  // Both output pipes are closed; the child may still be running (it closed
  // them, or handed them on), so the wait is bounded by the deadline too.
  int status = 0;
  while (!result.timed_out) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      ADD_FAILURE() << "RunCommand: waitpid: " << std::strerror(errno);
      return result;
    }
    if (MillisecondsUntil(deadline) == 0) {
      result.timed_out = true;
      break;
    }
    // No pipe left to poll on: check again shortly.
    ::poll(nullptr, 0, 1);
  }
  if (result.timed_out) {
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  result.elapsed = std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (result.timed_out) {
    result.exit_code = -1;
    ADD_FAILURE() << display << ": still running after " << options.timeout.count()
                  << " ms; its process group was killed";
  }
  return result;
}

}  // namespace factsift::testing
