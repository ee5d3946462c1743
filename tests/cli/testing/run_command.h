// Running a program the way a user's shell would, without a shell: argv in,
// optional stdin bytes, stdout, stderr and the exit status out, under a hard
// time limit.
#ifndef FACTSIFT_TESTS_CLI_TESTING_RUN_COMMAND_H_
#define FACTSIFT_TESTS_CLI_TESTING_RUN_COMMAND_H_

#include <chrono>
#include <string>
#include <vector>

namespace factsift::testing {

struct CommandOptions {
  std::string stdin_bytes;  // Written to the child's stdin, which is then closed.
  std::string cwd;          // Working directory of the child; "" keeps ours.
  // Wall-clock limit. Past it the child's whole process group is killed and
  // the current test fails (not only the call): a hang is a bug in itself.
  std::chrono::milliseconds timeout{10000};
};

struct CommandResult {
  int exit_code = -1;      // Exit status when the child exited; -1 otherwise.
  int signal = 0;          // The signal that ended the child; 0 when it exited.
  bool timed_out = false;  // Killed for running past CommandOptions::timeout.
  std::string out, err;    // Everything written to stdout and stderr.
  std::chrono::milliseconds elapsed{0};

  // "exit 1", "signal 11" or "timed out", for failure messages.
  std::string Describe() const;
};

// Runs argv[0] (a path, not searched in PATH) with `argv` as its arguments,
// in a new process group, with SIGPIPE at its default. Failures to start the
// program are reported as a test failure and exit_code -1.
//
// Thread-compatible: the test process may run other threads (a server); the
// child is started with posix_spawn, so nothing runs between fork and exec.
// Side effect: ignores SIGPIPE in the calling process, so that a child that
// exits without reading its stdin cannot kill the test.
CommandResult RunCommand(const std::vector<std::string>& argv, const CommandOptions& options = {});

// "a b 'c d'": argv for messages only (never given to a shell).
std::string QuoteForDisplay(const std::vector<std::string>& argv);

}  // namespace factsift::testing

#endif  // FACTSIFT_TESTS_CLI_TESTING_RUN_COMMAND_H_
