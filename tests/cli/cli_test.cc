// The factsift binary as a user runs it: exit codes (0 done, 1 failure, 2
// usage), one-line messages on stderr, and the JSON extract prints, including
// for inputs that are not pages at all. Contract: cli/main.cc and the issue
// "factsift extract/crawl/export" (README "The extract contract").
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "tests/cli/testing/cli_testing.h"

namespace factsift::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::milliseconds;

const std::vector<std::string> kCommands = {"extract", "crawl", "export", "reextract", "stats"};

// A page small enough to read in a failure message, with one liquidation
// figure in its body.
constexpr std::string_view kSmallPage =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Shorts squeezed</title></head><body><article><h1>Shorts squeezed</h1>"
    "<p>Traders lost $310 million in bitcoin short liquidations on Tuesday as the price "
    "jumped 5% to $72,000.</p></article></body></html>";

// Parses one JSON document, failing the test (and returning null) otherwise.
json Parse(std::string_view text) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) ADD_FAILURE() << "not one JSON document: " << text.substr(0, 500);
  return parsed;
}

// Parses one JSON object per line.
std::vector<json> ParseLines(std::string_view text) {
  std::vector<json> objects;
  for (const std::string& line : SplitLines(text)) objects.push_back(Parse(line));
  return objects;
}

bool IsErrorObject(const json& object, std::string_view source) {
  return object.is_object() && object.size() == 2 && object.value("source", "") == source &&
         object.contains("error") && object["error"].is_string() &&
         !object["error"].get<std::string>().empty();
}

bool IsArticleObject(const json& object, std::string_view source) {
  return object.is_object() && object.value("source", "") == source && object.contains("text") &&
         object.contains("facts") && object["facts"].is_array() && !object.contains("error");
}

std::string CorpusFile(std::string_view relative) { return (CorpusDir() / relative).string(); }

// --- The test helper itself -------------------------------------------------------------------

// Stdin larger than a pipe's buffer reaches the child while its output is
// read: no deadlock. /bin/cat and /bin/sleep come with every Debian.
TEST(RunCommand, FeedsStdinWhileReadingOutput) {
  std::string bytes(1 << 20, 'x');
  for (size_t i = 0; i < bytes.size(); i += 97) bytes[i] = '\n';
  const CommandResult result = RunCommand({"/bin/cat"}, WithStdin(bytes));
  EXPECT_EQ(result.exit_code, 0) << result.Describe();
  EXPECT_EQ(result.out, bytes);
}

// A child that runs past its time is killed, and the test fails.
TEST(RunCommand, KillsAChildPastItsTimeout) {
  CommandResult result;
  EXPECT_NONFATAL_FAILURE(result = RunCommand({"/bin/sleep", "30"}, WithTimeout(milliseconds(200))),
                          "still running");
  EXPECT_TRUE(result.timed_out);
  EXPECT_LT(result.elapsed, milliseconds(5000));
}

TEST(RunCommand, ReportsAProgramThatCannotStart) {
  CommandResult result;
  EXPECT_NONFATAL_FAILURE(result = RunCommand({"/nonexistent/factsift"}), "cannot start");
  EXPECT_EQ(result.exit_code, -1);
}

// --- Version and help ---------------------------------------------------------------------------

// Every command answers --version and --help on stdout with exit 0; the
// version is one line, "factsift 0.1.0 (extractor N)", the same everywhere,
// N being ExtractorVersion(), stored with each article.
TEST(CliInfo, VersionAndHelpForBinaryAndEveryCommand) {
  const std::string version = RunFactsift({"--version"}).out;
  EXPECT_TRUE(version.starts_with("factsift ") && version.ends_with(")\n") &&
              version.find("(extractor ") != std::string::npos &&
              version.find('\n') == version.size() - 1)
      << version;
  std::vector<std::vector<std::string>> prefixes = {{}};
  for (const std::string& command : kCommands) prefixes.push_back({command});
  for (const std::vector<std::string>& prefix : prefixes) {
    for (const std::string flag : {"--version", "--help"}) {
      std::vector<std::string> args = prefix;
      args.push_back(flag);
      SCOPED_TRACE(QuoteForDisplay(args));
      const CommandResult result = RunFactsift(args);
      EXPECT_EQ(result.exit_code, 0) << result.Describe() << "\n" << result.err;
      EXPECT_EQ(result.err, "");
      if (flag == "--version") {
        EXPECT_EQ(result.out, version);
      } else {
        EXPECT_NE(result.out.find("Usage: factsift"), std::string::npos) << result.out;
        if (!prefix.empty()) {
          EXPECT_NE(result.out.find(prefix[0]), std::string::npos);
        }
      }
    }
  }
}

// The top-level help lists every command.
TEST(CliInfo, HelpListsEveryCommand) {
  const CommandResult result = RunFactsift({"--help"});
  for (const std::string& command : kCommands) {
    EXPECT_NE(result.out.find(command), std::string::npos) << command;
  }
}

// --- Usage errors -------------------------------------------------------------------------------

// A usage error exits 2 with one line on stderr naming the problem, and
// prints nothing on stdout.
TEST(CliUsage, ErrorsExitTwoWithOneLine) {
  TempDir dir;
  const std::string page = dir / "page.html";
  WriteFile(page, kSmallPage);
  struct Row {
    std::vector<std::string> args;
    std::string needle;  // Part of the message.
  };
  const Row rows[] = {
      {{}, "no command"},
      {{"bogus"}, "unknown command 'bogus'"},
      {{"--bogus"}, "--bogus"},
      {{"extract", "--bogus", page}, "--bogus"},
      {{"crawl", "--bogus", page}, "--bogus"},
      {{"export", "--bogus"}, "--bogus"},
      {{"reextract", "--bogus"}, "--bogus"},
      {{"stats", "--bogus"}, "--bogus"},
      {{"extract", "--input", "pdf", page}, "--input"},
      {{"extract", "--input"}, "--input"},
      {{"extract", "--published", "yesterday", page}, "--published yesterday"},
      {{"extract", "--published", "2026-13-45", page}, "--published"},
      {{"extract", "--format", "xml", page}, "--format"},
      {{"extract", "--jobs", "-1", page}, "--jobs"},
      {{"extract", "--jobs", "many", page}, "--jobs"},
      {{"extract", "--max-input-bytes", "0", page}, "--max-input-bytes"},
      {{"extract", "-", "-"}, "standard input"},
      {{"crawl"}, "nothing to crawl"},
      {{"crawl", "--concurrency", "0", page}, "--concurrency"},
      {{"crawl", "--max-bytes", "0", page}, "--max-bytes"},
      {{"crawl", "--template-min-pages", "1", page}, "--template-min-pages"},
      {{"crawl", "--template-min-fraction", "1.5", page}, "--template-min-fraction"},
      {{"reextract", "--template-min-fraction", "-0.1"}, "--template-min-fraction"},
      {{"reextract", "--no-templates=maybe"}, "--no-templates"},
      {{"export", "--format", "xml"}, "--format"},
      {{"market", "import", "--format", "csv", page}, "--format"},
      {{"check", "--fail-on", "unverifiable"}, "--fail-on"},
      {{"report", "--all"}, "--out"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(QuoteForDisplay(row.args));
    const CommandResult result = RunFactsift(row.args, InDirectory(dir.path()));
    EXPECT_EQ(result.exit_code, 2) << result.Describe();
    EXPECT_EQ(result.out, "");
    EXPECT_TRUE(IsOneErrorLine(result.err, row.needle));
  }
  // None of them created a database in the working directory.
  EXPECT_FALSE(fs::exists(dir.path() / "factsift.db"));
}

// --- extract: bad inputs ------------------------------------------------------------------------

// Each input that is not a readable page: exit 1, the error object in place
// of the article, one line on stderr. Inputs that are pages with damage
// (invalid UTF-8, NUL bytes) are extracted, and the output stays valid UTF-8
// JSON. Nothing crashes or hangs.
TEST(CliExtract, BadInputs) {
  TempDir dir;
  std::mt19937 random(20260307);  // Fixed seed: the same bytes every run.
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(random() & 0xff);
  // A PDF header and a compressed-looking stream, as PDF files start.
  const std::string pdf = std::string(
                              "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 64 /Filter "
                              "/FlateDecode >>\nstream\n") +
                          noise.substr(0, 64) + "\nendstream\nendobj\n";
  // Stray 0xff, an overlong '/', a lone continuation byte and a truncated
  // sequence, around a liquidation figure.
  const std::string bad_utf8 =
      "<html><head><meta charset=\"utf-8\"><title>Shorts \xff squeezed</title></head><body>"
      "<article><p>Traders lost $310 million \xc0\xaf in bitcoin short liquidations \x80 on "
      "Tuesday \xe2\x82.</p></article></body></html>";
  using namespace std::string_literals;
  const std::string nul_bytes =
      "<html><head><title>Shorts\0 squeezed</title></head><body><article><p>Traders lost "
      "$310 million in bitcoin short\0 liquidations on Tuesday.</p><p\0>\0</p></article>"
      "</body></html>"s;
  WriteFile(dir.path() / "empty.html", "");
  WriteFile(dir.path() / "whitespace.html", " \n\t\n");
  WriteFile(dir.path() / "random.bin", noise);
  WriteFile(dir.path() / "document.pdf", pdf);
  WriteFile(dir.path() / "invalid-utf8.html", bad_utf8);
  WriteFile(dir.path() / "nul-bytes.html", nul_bytes);
  fs::create_directory(dir.path() / "a-directory");

  struct Row {
    std::string name;  // In the temp dir.
    std::vector<std::string> options;
    int exit_code;
    std::string error;       // Part of the error message; "" when extraction succeeds.
    bool has_facts = false;  // When it succeeds: at least one fact.
  };
  const Row rows[] = {
      {"missing.html", {}, 1, "cannot open"},
      {"a-directory", {}, 1, "directory"},
      {"empty.html", {}, 1, "empty"},
      {"random.bin", {}, 1, "binary"},
      {"random.bin", {"--input", "text"}, 1, "binary"},
      {"document.pdf", {}, 1, "PDF"},
      // No article in the page is an empty result, not an error.
      {"whitespace.html", {}, 0, ""},
      {"invalid-utf8.html", {}, 0, "", true},
      {"nul-bytes.html", {}, 0, "", true},
      {"nul-bytes.html", {"--input", "text"}, 0, ""},
  };
  for (const Row& row : rows) {
    const std::string path = dir / row.name;
    std::vector<std::string> args = {"extract"};
    args.insert(args.end(), row.options.begin(), row.options.end());
    args.push_back(path);
    SCOPED_TRACE(QuoteForDisplay(args));
    const CommandResult result = RunFactsift(args);
    ASSERT_EQ(result.exit_code, row.exit_code) << result.Describe() << "\n" << result.err;
    const json output = Parse(result.out);  // Also proves the output is valid UTF-8.
    if (!row.error.empty()) {
      EXPECT_TRUE(IsErrorObject(output, path)) << output.dump();
      EXPECT_NE(output.value("error", "").find(row.error), std::string::npos) << output.dump();
      EXPECT_TRUE(IsOneErrorLine(result.err, path + ": " + output.value("error", "")));
      continue;
    }
    EXPECT_EQ(result.err, "");
    EXPECT_TRUE(IsArticleObject(output, path)) << output.dump().substr(0, 500);
    EXPECT_EQ(output.value("text", "").find('\0'), std::string::npos);
    if (row.has_facts) {
      EXPECT_FALSE(output["facts"].empty()) << output.dump();
    }
  }
}

// A 100 MB file is refused by its size, before it is read: quickly, with a
// message naming the limit (--max-input-bytes, 64 MiB by default). The file is
// sparse, so that the test writes nothing.
TEST(CliExtract, HugeFileIsRefusedQuicklyNamingTheLimit) {
  TempDir dir;
  const std::string path = dir / "huge.html";
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, off_t{100} << 20), 0);
  ::close(fd);

  const CommandResult result = RunFactsift({"extract", path}, WithTimeout(milliseconds(5000)));
  EXPECT_EQ(result.exit_code, 1) << result.Describe();
  EXPECT_LT(result.elapsed, milliseconds(2000));
  EXPECT_TRUE(IsErrorObject(Parse(result.out), path)) << result.out;
  EXPECT_TRUE(IsOneErrorLine(result.err, "--max-input-bytes 67108864"));
}

// The limit holds for standard input too, where the size is unknown until read.
TEST(CliExtract, StdinLargerThanTheLimitIsRefused) {
  const CommandResult result =
      RunFactsift({"extract", "--max-input-bytes", "1000", "-"},
                  WithStdin(std::string(kSmallPage) + std::string(5000, ' ')));
  EXPECT_EQ(result.exit_code, 1) << result.Describe();
  EXPECT_TRUE(IsErrorObject(Parse(result.out), "-")) << result.out;
  EXPECT_TRUE(IsOneErrorLine(result.err, "--max-input-bytes 1000"));
}

// --- extract: several inputs --------------------------------------------------------------------

// One bad input among good ones: every input has its line, in input order,
// the bad one as an error object; one stderr line per bad input; exit 1.
TEST(CliExtract, BadFileInTheMiddleOfSeveral) {
  TempDir dir;
  WriteFile(dir.path() / "empty.html", "");
  const std::vector<std::string> pages = CorpusPages();
  ASSERT_GE(pages.size(), 3u);
  const std::vector<std::string> inputs = {CorpusFile(pages[0]), dir / "missing.html",
                                           CorpusFile(pages[1]), dir / "empty.html",
                                           CorpusFile(pages[2])};
  std::vector<std::string> args = {"extract"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  const CommandResult result = RunFactsift(args);
  EXPECT_EQ(result.exit_code, 1) << result.Describe();
  const std::vector<json> lines = ParseLines(result.out);
  ASSERT_EQ(lines.size(), inputs.size()) << result.out.substr(0, 1000);
  for (size_t i = 0; i < inputs.size(); ++i) {
    SCOPED_TRACE(inputs[i]);
    const bool bad = i == 1 || i == 3;
    if (bad) {
      EXPECT_TRUE(IsErrorObject(lines[i], inputs[i])) << lines[i].dump();
    } else {
      EXPECT_TRUE(IsArticleObject(lines[i], inputs[i]));
      EXPECT_FALSE(lines[i]["facts"].empty());
    }
  }
  const std::vector<std::string> errors = SplitLines(result.err);
  ASSERT_EQ(errors.size(), 2u) << result.err;
  EXPECT_TRUE(IsOneErrorLine(errors[0] + "\n", inputs[1]));
  EXPECT_TRUE(IsOneErrorLine(errors[1] + "\n", inputs[3]));
}

// '-' reads the page from standard input; --url names it.
TEST(CliExtract, DashReadsStandardInput) {
  const std::string page = ReadFile(CorpusDir() / CorpusPages()[0]);
  const std::string url = "https://news.example/2026/03/page/";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"extract", "--url", url, "-"},
        std::vector<std::string>{"extract", "--url", url}}) {
    SCOPED_TRACE(QuoteForDisplay(args));
    const CommandResult result = RunFactsift(args, WithStdin(page));
    EXPECT_EQ(result.exit_code, 0) << result.Describe() << "\n" << result.err;
    const json output = Parse(result.out);
    EXPECT_TRUE(IsArticleObject(output, "-"));
    EXPECT_EQ(output.value("url", ""), url);
    EXPECT_FALSE(output["facts"].empty());
  }
}

// --input text: a headline, a blank line and a paragraph; the liquidation
// figure comes out as a fact, and --published fills the missing date.
TEST(CliExtract, TextInputYieldsLiquidationFact) {
  const CommandResult result = RunFactsift(
      {"extract", "--input", "text", "--published", "2026-03-03", "-"},
      WithStdin("Shorts squeezed as bitcoin jumps\n\n"
                "Traders lost $310 million in bitcoin short liquidations on Tuesday.\n"));
  ASSERT_EQ(result.exit_code, 0) << result.Describe() << "\n" << result.err;
  const json output = Parse(result.out);
  ASSERT_TRUE(IsArticleObject(output, "-"));
  EXPECT_TRUE(output.value("published", "").starts_with("2026-03-03")) << output["published"];
  bool found = false;
  for (const json& fact : output["facts"]) {
    found = found || (fact.value("kind", "") == "liquidation" &&
                      fact.value("value", 0.0) == 310e6 && fact.value("unit", "") == "USD");
  }
  EXPECT_TRUE(found) << output["facts"].dump(2);
}

// --files-from reads input paths, one per line (blank lines and trailing
// spaces ignored; '-' for standard input), after those on the command line.
TEST(CliExtract, FilesFrom) {
  TempDir dir;
  const std::vector<std::string> pages = CorpusPages();
  ASSERT_GE(pages.size(), 3u);
  const std::string list =
      CorpusFile(pages[0]) + "\n\n" + CorpusFile(pages[1]) + "  \r\n" + CorpusFile(pages[2]) + "\n";
  WriteFile(dir.path() / "list.txt", list);
  const std::vector<std::string> expected = {CorpusFile(pages[0]), CorpusFile(pages[1]),
                                             CorpusFile(pages[2])};

  const CommandResult from_file = RunFactsift({"extract", "--files-from", dir / "list.txt"});
  const CommandResult from_stdin = RunFactsift({"extract", "--files-from", "-"}, WithStdin(list));
  for (const CommandResult* result : {&from_file, &from_stdin}) {
    EXPECT_EQ(result->exit_code, 0) << result->Describe() << "\n" << result->err;
    const std::vector<json> lines = ParseLines(result->out);
    ASSERT_EQ(lines.size(), expected.size());
    for (size_t i = 0; i < lines.size(); ++i) EXPECT_TRUE(IsArticleObject(lines[i], expected[i]));
  }
  EXPECT_EQ(WithoutTimings(from_file.out, true), WithoutTimings(from_stdin.out, true));

  // Named files come first, then the list.
  const CommandResult both =
      RunFactsift({"extract", CorpusFile(pages[2]), "--files-from", dir / "list.txt"});
  const std::vector<json> lines = ParseLines(both.out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].value("source", ""), CorpusFile(pages[2]));
  EXPECT_EQ(lines[1].value("source", ""), CorpusFile(pages[0]));

  // An empty list is no inputs (not standard input): nothing to print.
  WriteFile(dir.path() / "empty.txt", "\n");
  const CommandResult none = RunFactsift({"extract", "--files-from", dir / "empty.txt"},
                                         WithStdin(std::string(kSmallPage)));
  EXPECT_EQ(none.exit_code, 0) << none.Describe() << "\n" << none.err;
  EXPECT_EQ(none.out, "");

  // A list that cannot be read fails the run before any input.
  fs::create_directory(dir.path() / "a-directory");
  for (const std::string& bad : {dir / "missing.txt", dir / "a-directory"}) {
    SCOPED_TRACE(bad);
    const CommandResult result = RunFactsift({"extract", "--files-from", bad});
    EXPECT_EQ(result.exit_code, 1) << result.Describe();
    EXPECT_EQ(result.out, "");
    EXPECT_TRUE(IsOneErrorLine(result.err, "--files-from " + bad));
  }
}

// One input and no --format: one (pretty) JSON object. Several inputs, or
// --format jsonl: one object per line. --format json with several: an array.
// The objects are the same whatever the layout.
TEST(CliExtract, FormatJsonVersusJsonl) {
  const std::vector<std::string> pages = CorpusPages();
  ASSERT_GE(pages.size(), 2u);
  const std::string a = CorpusFile(pages[0]), b = CorpusFile(pages[1]);

  const CommandResult one = RunFactsift({"extract", a});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_GT(SplitLines(one.out).size(), 1u) << "one input prints a pretty object";
  EXPECT_TRUE(IsArticleObject(Parse(one.out), a));

  const CommandResult one_jsonl = RunFactsift({"extract", "--format", "jsonl", a});
  ASSERT_EQ(one_jsonl.exit_code, 0) << one_jsonl.err;
  ASSERT_EQ(SplitLines(one_jsonl.out).size(), 1u);
  EXPECT_EQ(WithoutTimings(one_jsonl.out, true), WithoutTimings(one.out, false));

  const CommandResult two = RunFactsift({"extract", a, b});
  const CommandResult two_jsonl = RunFactsift({"extract", "--format", "jsonl", a, b});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  ASSERT_EQ(two_jsonl.exit_code, 0) << two_jsonl.err;
  ASSERT_EQ(SplitLines(two.out).size(), 2u);
  EXPECT_EQ(WithoutTimings(two.out, true), WithoutTimings(two_jsonl.out, true));

  const CommandResult two_json = RunFactsift({"extract", "--format", "json", a, b});
  ASSERT_EQ(two_json.exit_code, 0) << two_json.err;
  const json array = Parse(two_json.out);
  ASSERT_TRUE(array.is_array());
  ASSERT_EQ(array.size(), 2u);
  EXPECT_EQ(
      WithoutTimings(two_json.out, false),
      WithoutTimings("[" + SplitLines(two.out)[0] + "," + SplitLines(two.out)[1] + "]", false));

  // --format json with one input is the default layout: one pretty object.
  const CommandResult one_json = RunFactsift({"extract", "--format", "json", a});
  ASSERT_EQ(one_json.exit_code, 0) << one_json.err;
  EXPECT_TRUE(Parse(one_json.out).is_object());
  EXPECT_EQ(WithoutTimings(one_json.out, false), WithoutTimings(one.out, false));
}

// Parallel extraction changes nothing but the timings: same objects, same
// order. Every corpus page twice, so that workers overtake each other.
TEST(CliExtract, JobsDoNotChangeOutput) {
  std::vector<std::string> args = {"extract", "--format", "jsonl"};
  for (int round = 0; round < 2; ++round) {
    for (const std::string& page : CorpusPages()) args.push_back(CorpusFile(page));
  }
  std::vector<std::string> serial = args, parallel = args;
  serial.insert(serial.begin() + 1, {"--jobs", "1"});
  parallel.insert(parallel.begin() + 1, {"--jobs", "4"});
  // About 100 pages one by one: more than the default 10 s on a loaded
  // machine in the sanitized build; this test is about output, not speed.
  const CommandResult one = RunFactsift(serial, WithTimeout(milliseconds(120000)));
  const CommandResult four = RunFactsift(parallel, WithTimeout(milliseconds(120000)));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(four.exit_code, 0) << four.err;
  EXPECT_EQ(SplitLines(one.out).size(), args.size() - 3);
  EXPECT_EQ(WithoutTimings(one.out, true), WithoutTimings(four.out, true));
}

// --- The database -------------------------------------------------------------------------------

// A database that cannot be created or is not one: exit 1, one line, nothing
// created or changed.
TEST(CliDatabase, CrawlIntoUnusableDatabasePathFails) {
  TempDir dir;
  const std::string page = dir / "page.html";
  WriteFile(page, kSmallPage);
  WriteFile(dir.path() / "a-file", "not a directory");
  fs::create_directory(dir.path() / "a-directory");
  struct Row {
    std::string db;
    std::string needle;
  };
  const Row rows[] = {
      {dir / "no-such-dir/t.db", "does not exist"},
      {dir / "a-directory", "directory"},
      {dir / "a-file/t.db", "a-file/t.db"},
      {dir / "a-file", "not a database"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.db);
    const CommandResult result = RunFactsift({"crawl", "--db", row.db, page});
    EXPECT_EQ(result.exit_code, 1) << result.Describe();
    EXPECT_TRUE(IsOneErrorLine(result.err, row.needle));
    EXPECT_FALSE(fs::exists(dir.path() / "no-such-dir"));
  }
  EXPECT_TRUE(fs::is_empty(dir.path() / "a-directory"));
  EXPECT_EQ(ReadFile(dir.path() / "a-file"), "not a directory");
}

// A database in a directory we may not write. Root writes anywhere, so the
// case only means something for other users.
TEST(CliDatabase, CrawlIntoReadOnlyDirectoryFails) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  TempDir dir;
  const std::string page = dir / "page.html";
  WriteFile(page, kSmallPage);
  const fs::path locked = dir.path() / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  const CommandResult result = RunFactsift({"crawl", "--db", (locked / "t.db").string(), page});
  EXPECT_EQ(result.exit_code, 1) << result.Describe();
  EXPECT_TRUE(IsOneErrorLine(result.err, "not writable"));
  EXPECT_TRUE(fs::is_empty(locked));
}

// Commands that read a database fail on a missing one instead of creating an
// empty file, with --db and with the default (factsift.db in the working
// directory).
TEST(CliDatabase, ReadingCommandsNeedAnExistingDatabase) {
  TempDir dir;
  for (const std::string command : {"export", "stats", "reextract"}) {
    for (const bool explicit_path : {true, false}) {
      std::vector<std::string> args = {command};
      if (explicit_path) args.insert(args.end(), {"--db", dir / "missing.db"});
      SCOPED_TRACE(QuoteForDisplay(args));
      const CommandResult result = RunFactsift(args, InDirectory(dir.path()));
      EXPECT_EQ(result.exit_code, 1) << result.Describe();
      EXPECT_EQ(result.out, "");
      EXPECT_TRUE(IsOneErrorLine(result.err, explicit_path ? "missing.db" : "factsift.db"));
      EXPECT_TRUE(fs::is_empty(dir.path())) << "a file was created";
    }
  }
}

// A file that is not a database is reported, not migrated over.
TEST(CliDatabase, ReadingCommandsRejectAFileThatIsNotADatabase) {
  TempDir dir;
  const std::string text = "this is not a database, it is a long enough line of plain text\n";
  WriteFile(dir.path() / "notes.db", text);
  for (const std::string command : {"export", "stats", "reextract"}) {
    SCOPED_TRACE(command);
    const CommandResult result = RunFactsift({command, "--db", dir / "notes.db"});
    EXPECT_EQ(result.exit_code, 1) << result.Describe();
    EXPECT_EQ(result.out, "");
    EXPECT_TRUE(IsOneErrorLine(result.err, "notes.db"));
    EXPECT_EQ(ReadFile(dir.path() / "notes.db"), text);
  }
}

// A crawl of local files through the CLI, then the reading commands on it:
// the smallest end-to-end run (the http crawl is crawl_integration_test).
TEST(CliDatabase, CrawlLocalFileThenExportAndStats) {
  TempDir dir;
  const std::string page = dir / "page one.html";  // A space, to be percent-encoded.
  WriteFile(page, kSmallPage);
  const std::string db = dir / "t.db";
  const CommandResult crawl = RunFactsift({"crawl", "--db", db, page, dir / "missing.html"});
  EXPECT_EQ(crawl.exit_code, 0) << crawl.Describe() << "\n" << crawl.err;
  EXPECT_NE(crawl.out.find("1 extracted"), std::string::npos) << crawl.out;
  EXPECT_NE(crawl.out.find("1 failed"), std::string::npos) << crawl.out;
  EXPECT_TRUE(IsOneErrorLine(crawl.err, "missing.html"));

  const CommandResult exported = RunFactsift({"export", "--db", db});
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  const std::vector<json> lines = ParseLines(exported.out);
  ASSERT_EQ(lines.size(), 1u) << exported.out;
  EXPECT_EQ(lines[0].value("url", ""), FileUrlFor(page));
  EXPECT_NE(lines[0].value("url", "").find("page%20one.html"), std::string::npos);
  EXPECT_TRUE(lines[0].contains("fetched_at"));
  EXPECT_FALSE(lines[0]["facts"].empty());

  const CommandResult stats = RunFactsift({"stats", "--db", db});
  EXPECT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_NE(stats.out.find("articles:   1"), std::string::npos) << stats.out;
}

}  // namespace
}  // namespace factsift::testing
