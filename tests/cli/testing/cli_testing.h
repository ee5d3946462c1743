// What the factsift CLI tests share: the binary and the corpus, a scratch
// directory, and checks on what a command printed.
#ifndef FACTSIFT_TESTS_CLI_TESTING_CLI_TESTING_H_
#define FACTSIFT_TESTS_CLI_TESTING_CLI_TESTING_H_

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "tests/cli/testing/run_command.h"

namespace factsift::testing {

// The factsift binary of this build tree.
std::string FactsiftPath();

// The corpus/ folder of the source tree.
std::filesystem::path CorpusDir();

// Every corpus/**/*.html, relative to CorpusDir() ("deythere/slug.html"),
// sorted.
std::vector<std::string> CorpusPages();

// The file:// URL of an absolute path as RFC 8089 and RFC 3986 spell it: every
// byte but unreserved characters and '/' percent-encoded ("/a b" ->
// "file:///a%20b"), which is what `factsift crawl PATH` stores.
std::string FileUrlFor(const std::filesystem::path& absolute);

// Runs factsift with `args`.
CommandResult RunFactsift(const std::vector<std::string>& args, const CommandOptions& options = {});

// CommandOptions with one field set (designated initializers would warn,
// -Wmissing-field-initializers, for the fields left out).
CommandOptions WithStdin(std::string bytes);
CommandOptions InDirectory(const std::filesystem::path& cwd);
CommandOptions WithTimeout(std::chrono::milliseconds timeout);

// A fresh directory under the system's temporary directory, removed with
// everything in it when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path() / name, as a string for argv.
  std::string operator/(std::string_view name) const;

 private:
  std::filesystem::path path_;
};

// Writes `bytes` to `path`, replacing it; fails the test on error.
void WriteFile(const std::filesystem::path& path, std::string_view bytes);
// The whole file, or "" (and a test failure) when it cannot be read.
std::string ReadFile(const std::filesystem::path& path);

// The lines of `text` without their '\n'; a last line without one counts.
std::vector<std::string> SplitLines(std::string_view text);

// Success when `err` is exactly one line, "factsift: ...\n", that contains
// `needle` (when not empty).
::testing::AssertionResult IsOneErrorLine(const std::string& err, std::string_view needle = "");

// `json_text` (one JSON document, or one per line when `lines`) re-printed
// compactly with the extractor's timings (stats.parse_ms, stats.extract_ms)
// set to 0: they measure the run, not the page, and differ between runs.
std::string WithoutTimings(std::string_view json_text, bool lines);

}  // namespace factsift::testing

#endif  // FACTSIFT_TESTS_CLI_TESTING_CLI_TESTING_H_
