// Small helpers the subcommands share: one-line error messages, list files
// (--seeds, --files-from) and database path checks.
#ifndef FACTSIFT_CLI_UTIL_H_
#define FACTSIFT_CLI_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace factsift::cli {

// `text` with every control character (newline, tab, NUL, ...) replaced by a
// space and trailing spaces dropped, so that a message stays on one line.
std::string OneLine(std::string_view text);

// Prints "factsift: <message>" as exactly one line on stderr.
void PrintError(std::string_view message);

// Reads the non-empty lines of `path` ("-": standard input), with trailing
// spaces, tabs and carriage returns removed. `what` names the option in
// messages ("--seeds"). Errors: NotFound for a missing or unreadable file,
// InvalidArgument for a directory.
StatusOr<std::vector<std::string>> ReadLines(const std::string& path, std::string_view what);

// Checks that `path` can be a database before SQLite is asked, so that the
// message says why: not a directory; when it does not exist yet, in a
// directory that exists and that we may write. When `must_exist`, the file
// must exist (commands that only read must not create an empty database).
// Errors: NotFound (must_exist and missing), FailedPrecondition. ":memory:"
// always passes.
Status CheckDatabasePath(const std::string& path, bool must_exist);

// Reads a whole input (`source` a path, or "-" for standard input), refusing
// more than `limit` bytes without reading them. Errors: NotFound for a
// missing file, InvalidArgument for a directory, ResourceExhausted past the
// limit, Unavailable for a read error. (Defined in extract_command.cc.)
StatusOr<std::string> ReadInput(const std::string& source, int64_t limit);

// "file:///abs/path" for a path.
std::string FileUrl(const std::string& path);

}  // namespace factsift::cli

#endif  // FACTSIFT_CLI_UTIL_H_
