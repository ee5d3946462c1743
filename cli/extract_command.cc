// factsift extract: pages or texts in, the contract's JSON out.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/util.h"
#include "common/time_util.h"
#include "extract/article_json.h"
#include "extract/extractor.h"

namespace factsift::cli {

StatusOr<std::string> ReadInput(const std::string& source, int64_t limit) {
  if (source == "-") {
    std::string data;
    char buffer[65536];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) {
      data.append(buffer, n);
      if (static_cast<int64_t>(data.size()) > limit) {
        return Status::ResourceExhausted("standard input is larger than --max-input-bytes " +
                                         std::to_string(limit));
      }
    }
    if (std::ferror(stdin)) {
      return Status::Unavailable(std::string("read error: ") + std::strerror(errno));
    }
    return data;
  }
  struct stat info;
  if (::stat(source.c_str(), &info) != 0) {
    return Status::NotFound(std::string("cannot open: ") + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) return Status::InvalidArgument("is a directory, not a file");
  if (S_ISREG(info.st_mode) && info.st_size > limit) {
    return Status::ResourceExhausted("file is " + std::to_string(info.st_size) +
                                     " bytes, larger than --max-input-bytes " +
                                     std::to_string(limit));
  }
  std::ifstream in(source, std::ios::binary);
  if (!in) return Status::NotFound(std::string("cannot open: ") + std::strerror(errno));
  std::string data;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    data.append(buffer, static_cast<size_t>(in.gcount()));
    if (static_cast<int64_t>(data.size()) > limit) {
      return Status::ResourceExhausted("input is larger than --max-input-bytes " +
                                       std::to_string(limit));
    }
  }
  if (in.bad()) return Status::Unavailable("read error");
  return data;
}

std::string FileUrl(const std::string& path) {
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(path, error);
  return "file://" + (error ? path : absolute.string());
}

namespace {

// Upper bound for --max-input-bytes (1 TiB): only there to keep the option's
// range check, and its message, readable.
constexpr int64_t kMaxInputBytesLimit = int64_t{1} << 40;

// One input's output line (or pretty object), or its error object.
struct Outcome {
  nlohmann::ordered_json json;
  std::string error;  // Non-empty when the input failed.
};

Outcome Failed(const std::string& source, std::string error) {
  Outcome outcome;
  outcome.error = std::move(error);
  outcome.json = {{"source", source}, {"error", outcome.error}};
  return outcome;
}

Outcome ExtractOne(const std::string& source, const ExtractArgs& args,
                   const extract::ExtractOptions& options) {
  StatusOr<std::string> data = ReadInput(source, args.max_input_bytes);
  if (!data.ok()) return Failed(source, data.status().message());
  const std::string url = !args.url.empty() ? args.url : (source == "-" ? "" : FileUrl(source));
  RawPage page;
  page.url = url;
  page.final_url = url;
  if (args.input != "text") page.body = std::move(*data);
  const StatusOr<Article> article = args.input == "text"
                                        ? extract::ExtractFromText(*data, url, options)
                                        : extract::ExtractFromHtml(page, options);
  if (!article.ok()) return Failed(source, article.status().message());
  Outcome outcome;
  outcome.json = extract::ArticleToJson(*article, source);
  return outcome;
}

// ExtractOne on a worker thread, where an escaping exception would abort the
// whole run: it fails this input only.
Outcome ExtractOneSafely(const std::string& source, const ExtractArgs& args,
                         const extract::ExtractOptions& options) {
  try {
    return ExtractOne(source, args, options);
  } catch (const std::exception& e) {
    return Failed(source, std::string("internal error: ") + e.what());
  }
}

StatusOr<std::vector<std::string>> CollectInputs(const ExtractArgs& args) {
  std::vector<std::string> inputs = args.files;
  if (!args.files_from.empty()) {
    StatusOr<std::vector<std::string>> listed = ReadLines(args.files_from, "--files-from");
    if (!listed.ok()) return listed.status();
    inputs.insert(inputs.end(), listed->begin(), listed->end());
  } else if (inputs.empty()) {
    // No inputs named at all: a filter on standard input. An empty
    // --files-from list is no inputs, not standard input.
    inputs.push_back("-");
  }
  return inputs;
}

}  // namespace

CLI::App* AddExtractCommand(CLI::App& app, ExtractArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "extract",
      "Extract the article, its facts, citations and market snapshot from pages or "
      "texts, as JSON (one object for one input, one line per input otherwise).");
  cmd->add_option("--input", args.input, "What the inputs are: html (default) or text")
      ->check(CLI::IsMember({"html", "text"}));
  cmd->add_option("--url", args.url, "URL of the page (default: the file's file:// URL)");
  cmd->add_option("--published", args.published,
                  "Publication date (ISO 8601) to assume when the input states none");
  cmd->add_option("--format", args.format,
                  "json (one object, or an array for several inputs) or jsonl")
      ->check(CLI::IsMember({"json", "jsonl"}));
  cmd->add_option("--files-from", args.files_from,
                  "Read input paths from this file, one per line ('-': stdin)");
  cmd->add_option("--jobs,-j", args.jobs, "Inputs extracted at once, 0-1024 (default 0: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--max-input-bytes", args.max_input_bytes,
                  "Largest input accepted (default 64 MiB)")
      ->check(CLI::Range(int64_t{1}, kMaxInputBytesLimit));
  AddExtractLimitOptions(cmd, args.limits);
  cmd->add_option("files", args.files, "Input files ('-' or none: standard input)");
  return cmd;
}

void AddExtractLimitOptions(CLI::App* cmd, ExtractLimits& limits) {
  cmd->add_option("--max-html-bytes", limits.max_html_bytes,
                  "HTML kept for parsing once scripts and styles are gone (default 16 MiB)")
      ->check(CLI::Range(int64_t{1024}, kMaxInputBytesLimit));
  cmd->add_option("--max-depth", limits.max_depth,
                  "Element nesting kept for parsing; deeper tags lose their structure, not their "
                  "text (default 400)")
      ->check(CLI::Range(16, 5000));
  cmd->add_option("--max-text-bytes", limits.max_text_bytes,
                  "Article text kept per page; the rest is cut (default 2 MiB)")
      ->check(CLI::Range(int64_t{1024}, kMaxInputBytesLimit));
  cmd->add_option("--max-facts", limits.max_facts, "Facts kept per page (default 2000)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--max-extract-ms", limits.max_extract_ms,
                  "Time one page's extraction may take; past it the page fails (default 10000)")
      ->check(CLI::Range(1, 3600000));
}

void AddTemplateOptions(CLI::App* cmd, TemplateArgs& args) {
  cmd->add_flag("--no-templates", args.disabled,
                "Extract each page alone: neither learn nor apply site templates");
  cmd->add_option("--template-min-pages", args.min_pages,
                  "Distinct pages of a site a block must stand on to be its boilerplate "
                  "(default 3)")
      ->check(CLI::Range(2, 1000000));
  cmd->add_option("--template-min-fraction", args.min_fraction,
                  "Share of the site's pages seen so far a block must also stand on (default 0.25)")
      ->check(CLI::Range(0.0, 1.0));
}

extract::TemplateOptions ToTemplateOptions(const TemplateArgs& args) {
  extract::TemplateOptions options;
  options.min_pages = args.min_pages;
  options.min_fraction = args.min_fraction;
  return options;
}

extract::ExtractOptions ToExtractOptions(const ExtractLimits& limits) {
  extract::ExtractOptions options;
  options.max_html_bytes = static_cast<size_t>(limits.max_html_bytes);
  options.max_depth = limits.max_depth;
  options.max_text_bytes = static_cast<size_t>(limits.max_text_bytes);
  options.max_facts = limits.max_facts;
  options.max_extract_ms = limits.max_extract_ms;
  return options;
}

int RunExtract(const ExtractArgs& args) {
  if (!args.published.empty() && !ParseIsoToMs(args.published)) {
    PrintError("--published " + args.published +
               ": not an ISO 8601 date (e.g. 2026-03-07 or 2026-03-07T10:00:00Z)");
    return kExitUsage;
  }
  const auto stdin_uses =
      std::count(args.files.begin(), args.files.end(), "-") + (args.files_from == "-" ? 1 : 0);
  if (stdin_uses > 1) {
    PrintError("standard input ('-') can be read only once");
    return kExitUsage;
  }
  StatusOr<std::vector<std::string>> inputs = CollectInputs(args);
  if (!inputs.ok()) {
    PrintError(inputs.status().message());
    return kExitFailure;
  }
  if (std::count(inputs->begin(), inputs->end(), "-") > 1) {
    PrintError("--files-from " + args.files_from + ": standard input ('-') can be read only once");
    return kExitUsage;
  }
  extract::ExtractOptions options = ToExtractOptions(args.limits);
  options.max_input_bytes = static_cast<size_t>(args.max_input_bytes);
  options.published = args.published;

  const size_t count = inputs->size();
  const bool lines = args.format == "jsonl" || (args.format.empty() && count > 1);
  const bool array = args.format == "json" && count != 1;
  int jobs = args.jobs > 0 ? args.jobs
                           : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = static_cast<int>(std::min<size_t>(static_cast<size_t>(jobs), count));

  // Workers take inputs in order; the main thread prints them in input order
  // as soon as each one's predecessors are done.
  std::vector<std::optional<Outcome>> outcomes(count);
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < count; i = next++) {
      Outcome outcome = ExtractOneSafely((*inputs)[i], args, options);
      std::lock_guard<std::mutex> lock(mutex);
      outcomes[i] = std::move(outcome);
      ready.notify_all();
    }
  };
  std::vector<std::thread> workers;
  if (jobs <= 1) {
    work();
  } else {
    for (int j = 0; j < jobs; ++j) workers.emplace_back(work);
  }

  bool failed = false;
  if (array) std::fputs("[\n", stdout);
  for (size_t i = 0; i < count; ++i) {
    Outcome outcome;
    {
      std::unique_lock<std::mutex> lock(mutex);
      ready.wait(lock, [&] { return outcomes[i].has_value(); });
      outcome = std::move(*outcomes[i]);
      outcomes[i].reset();
    }
    if (!outcome.error.empty()) {
      failed = true;
      PrintError((*inputs)[i] + ": " + outcome.error);
    }
    std::string text =
        lines ? outcome.json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              : outcome.json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    if (array && i + 1 < count) text += ",";
    text += "\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (lines) std::fflush(stdout);
  }
  if (array) std::fputs("]\n", stdout);
  for (std::thread& worker : workers) worker.join();
  if (std::fflush(stdout) != 0) {
    PrintError(std::string("cannot write output: ") + std::strerror(errno));
    return kExitFailure;
  }
  return failed ? kExitFailure : kExitOk;
}

}  // namespace factsift::cli
