// content_bench: main-content quality and speed of factsift's extractor on a
// benchmark in the aeb layout (the ScrapingHub article-extraction benchmark:
// ground-truth.json + html/<id>.html.gz; see its README, "Metric").
//
// Usage: content_bench [--verbose] [--limit N] [--repeat N] DIR
//        content_bench --self-test
//
// All pages are decompressed into memory first. Then, on one thread:
//   (a) ExtractFromHtml (content, metadata and facts) over every page;
//   (b) the baseline: gumbo parses each page and every text node's text is
//       appended to a string, skipping nothing;
//   (c) ExtractFromHtml with facts off (content, metadata and snapshot only),
//       so that (a) - (c) is what fact extraction costs.
// (a)'s text is scored against each page's articleBody with the benchmark's
// shingle metric; the report gives P, R, F1, accuracy, pages/s of (a) and (b),
// their ratio, the share fact extraction adds to (c), and the peak RSS.
//
//   --limit N   only the first N pages (by id)
//   --repeat N  time each pass N times and report the fastest
//   --verbose   per-page precision and recall, worst first
//   --self-test check the metric on small known cases and exit
//
// Exit codes: 0 done (self-test: all cases pass); 1 missing or bad data, or a
// self-test failure; 2 usage error.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gumbo.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <zlib.h>

#include "common/article.h"
#include "common/raw_page.h"
#include "common/status.h"
#include "extract/extractor.h"

#include "bench/shingle_metric.h"

namespace factsift::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kExitOk = 0;
constexpr int kExitDataError = 1;
constexpr int kExitUsage = 2;

constexpr size_t kMaxPageBytes = 64u << 20;  // Decompressed size cap per page.

constexpr std::string_view kUsage =
    "usage: content_bench [--verbose] [--limit N] [--repeat N] DIR\n"
    "       content_bench --self-test\n"
    "  DIR       benchmark in the aeb layout: ground-truth.json + html/<id>.html.gz\n"
    "  --limit N   score only the first N pages (sorted by id)\n"
    "  --repeat N  time each pass N times and report the fastest (default 1)\n"
    "  --verbose   per-page precision/recall, worst first\n"
    "  --self-test check the metric on known cases\n";

// ---------------------------------------------------------------------------
// The metric (README "Metric").

struct CorpusScore {
  double precision = 0, recall = 0, f1 = 0, accuracy = 0;
  size_t pages = 0;
  size_t empty_predictions = 0;  // Pages left out of the precision mean.
};

// P is the mean page precision over pages with a non-empty prediction, R the
// mean page recall over all pages, F1 their harmonic mean.
CorpusScore Aggregate(const std::vector<PageScore>& pages) {
  CorpusScore corpus;
  corpus.pages = pages.size();
  if (pages.empty()) return corpus;
  double precision_sum = 0, recall_sum = 0;
  size_t with_prediction = 0, exact = 0;
  for (const PageScore& page : pages) {
    if (page.precision) {
      precision_sum += *page.precision;
      ++with_prediction;
    }
    recall_sum += page.recall;
    if (page.exact) ++exact;
  }
  corpus.empty_predictions = pages.size() - with_prediction;
  corpus.precision = with_prediction > 0 ? precision_sum / static_cast<double>(with_prediction) : 0;
  corpus.recall = recall_sum / static_cast<double>(pages.size());
  corpus.f1 = corpus.precision + corpus.recall > 0
                  ? 2 * corpus.precision * corpus.recall / (corpus.precision + corpus.recall)
                  : 0;
  corpus.accuracy = static_cast<double>(exact) / static_cast<double>(pages.size());
  return corpus;
}

// ---------------------------------------------------------------------------
// Self-test of the metric.

bool Near(double a, double b) { return std::fabs(a - b) < 1e-9; }

int RunSelfTest() {
  int failures = 0;
  int cases = 0;
  auto expect = [&](bool condition, const char* what) {
    ++cases;
    if (!condition) {
      ++failures;
      std::printf("FAIL: %s\n", what);
    }
  };

  struct Row {
    const char* what;
    const char* truth;
    const char* prediction;
    double precision, recall;
    bool exact;
  };
  const Row rows[] = {
      {"identical texts", "The quick brown fox jumps over the lazy dog.",
       "The quick brown fox jumps over the lazy dog.", 1, 1, true},
      {"punctuation and spacing are not tokens", "Hello, world! It's 10:30.",
       "Hello world It s 10 30", 1, 1, true},
      {"disjoint texts", "alpha beta gamma delta epsilon", "one two three four five", 0, 0, false},
      {"case is kept", "Bitcoin rose five percent", "bitcoin rose five percent", 0, 0, false},
      {"a 3-token text is one shingle: equal", "three token text", "three token text", 1, 1, true},
      {"a 3-token text is one shingle: a superset shares no shingle", "three token text",
       "three token text more", 0, 0, false},
      // truth {abcd, bcde, cdef}, prediction {abcd, bcde, cdex}: tp 2, fp 1, fn 1.
      {"partial overlap", "a b c d e f", "a b c d e x", 2.0 / 3.0, 2.0 / 3.0, false},
      // truth shingles: abcd x2, bcda, cdab, dabc (5); prediction: abcd x1.
      {"shingles are a multiset", "a b c d a b c d", "a b c d", 1, 0.2, false},
      {"extra prediction lowers precision only", "a b c d", "a b c d a b c d", 0.2, 1, false},
      {"underscore joins a token", "snake_case word here now", "snake case word here now", 0, 0,
       false},
      {"Unicode letters and digits", "Größe café 東京 ١٢٣ über", "Größe, café; 東京 (١٢٣) über!", 1,
       1, true},
  };
  for (const Row& row : rows) {
    const PageScore score = ScorePage(row.truth, row.prediction);
    const bool ok = score.precision && Near(*score.precision, row.precision) &&
                    Near(score.recall, row.recall) && score.exact == row.exact;
    expect(ok, row.what);
    if (!ok) {
      std::printf("  got P %.4f R %.4f exact %d (tp %ld fp %ld fn %ld)\n",
                  score.precision.value_or(-1), score.recall, score.exact, score.tp, score.fp,
                  score.fn);
    }
  }

  const std::vector<std::string_view> tokens = Tokenize("Größe café 東京 ١٢٣ snake_case x");
  expect(
      tokens.size() == 6 && tokens[2] == "東京" && tokens[3] == "١٢٣" && tokens[4] == "snake_case",
      "Unicode tokenization");
  expect(Shingles(Tokenize("one two three")).size() == 1 &&
             Shingles(Tokenize("one two three")).count("one two three"),
         "3 tokens give the single shingle \"one two three\"");
  expect(Shingles(Tokenize("one")).size() == 1, "1 token gives one shingle");
  expect(Shingles(Tokenize("a b c d e")).size() == 2, "5 tokens give 2 shingles");
  expect(Shingles(Tokenize(" ,.; ")).empty(), "no token, no shingle");

  const PageScore empty_prediction = ScorePage("some article text here", "");
  expect(!empty_prediction.precision && empty_prediction.recall == 0 && !empty_prediction.exact,
         "empty prediction: no precision, recall 0");
  const PageScore both_empty = ScorePage("", "  ");
  expect(!both_empty.precision && both_empty.recall == 1 && both_empty.exact,
         "both empty: identical, recall 1");
  const PageScore empty_truth = ScorePage("", "some text");
  expect(empty_truth.precision && *empty_truth.precision == 0 && empty_truth.recall == 0,
         "empty truth, non-empty prediction: 0/0");

  // Corpus: page 1 perfect, page 2 empty prediction, page 3 P 1 R 0.2.
  const CorpusScore corpus =
      Aggregate({ScorePage("a b c d e", "a b c d e"), ScorePage("a b c d e", ""),
                 ScorePage("a b c d a b c d", "a b c d")});
  expect(Near(corpus.precision, 1.0), "corpus P is the mean over pages with a prediction");
  expect(Near(corpus.recall, (1.0 + 0.0 + 0.2) / 3), "corpus R is the mean over all pages");
  expect(Near(corpus.f1, 2 * 1.0 * 0.4 / 1.4), "corpus F1 is the harmonic mean of P and R");
  expect(Near(corpus.accuracy, 1.0 / 3), "accuracy is the share of identical pages");
  expect(corpus.empty_predictions == 1, "one page left out of P");

  std::printf("self-test: %d of %d cases passed\n", cases - failures, cases);
  return failures == 0 ? kExitOk : kExitDataError;
}

// ---------------------------------------------------------------------------
// Loading.

StatusOr<std::string> ReadFile(const fs::path& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path.string());
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > max_bytes) {
    return Status::ResourceExhausted(path.string() + ": larger than " + std::to_string(max_bytes) +
                                     " bytes");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::DataLoss("cannot read " + path.string());
  return buffer.str();
}

struct InflateEnd {
  void operator()(z_stream* stream) const { inflateEnd(stream); }
};
using InflateGuard = std::unique_ptr<z_stream, InflateEnd>;

// Decompresses gzip data (one or more members). Errors: DataLoss for corrupt
// or truncated data, ResourceExhausted above max_bytes of output.
StatusOr<std::string> Gunzip(std::string_view compressed, size_t max_bytes) {
  if (compressed.size() > UINT_MAX) return Status::ResourceExhausted("compressed input too large");
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return Status::Internal("inflateInit2 failed");
  InflateGuard guard(&stream);
  // zlib's next_in is not const, but inflate does not write through it.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  std::vector<unsigned char> chunk(1u << 16);
  for (;;) {
    stream.next_out = chunk.data();
    stream.avail_out = static_cast<uInt>(chunk.size());
    const int rc = inflate(&stream, Z_NO_FLUSH);
    const size_t produced = chunk.size() - stream.avail_out;
    if (out.size() + produced > max_bytes) {
      return Status::ResourceExhausted("decompresses to more than " + std::to_string(max_bytes) +
                                       " bytes");
    }
    out.append(reinterpret_cast<const char*>(chunk.data()), produced);
    if (rc == Z_STREAM_END) {
      if (stream.avail_in == 0) return out;
      if (inflateReset(&stream) != Z_OK) return Status::Internal("inflateReset failed");
      continue;  // Another gzip member follows.
    }
    if (rc == Z_BUF_ERROR) return Status::DataLoss("truncated gzip data");
    if (rc != Z_OK)
      return Status::DataLoss(std::string("gzip: ") + (stream.msg ? stream.msg : "corrupt data"));
  }
}

struct Page {
  std::string id;
  std::string truth;  // articleBody.
  RawPage raw;        // url and the decompressed HTML.
};

StatusOr<std::vector<Page>> LoadPages(const fs::path& dir, size_t limit) {
  const fs::path truth_path = dir / "ground-truth.json";
  StatusOr<std::string> truth_data = ReadFile(truth_path, 256u << 20);
  if (!truth_data.ok()) return truth_data.status();
  const json truth = json::parse(*truth_data, nullptr, /*allow_exceptions=*/false);
  if (truth.is_discarded() || !truth.is_object()) {
    return Status::InvalidArgument(truth_path.string() + ": not a JSON object");
  }
  std::vector<Page> pages;
  for (const auto& [id, entry] : truth.items()) {  // json objects iterate in key order.
    if (pages.size() >= limit) break;
    Page page;
    page.id = id;
    if (!entry.is_object() || !entry.contains("articleBody") || !entry["articleBody"].is_string()) {
      return Status::InvalidArgument(truth_path.string() + ": " + id +
                                     " has no string articleBody");
    }
    page.truth = entry["articleBody"].get<std::string>();
    if (entry.contains("url") && entry["url"].is_string())
      page.raw.url = entry["url"].get<std::string>();
    page.raw.final_url = page.raw.url;
    const fs::path html_path = dir / "html" / (id + ".html.gz");
    StatusOr<std::string> compressed = ReadFile(html_path, kMaxPageBytes);
    if (!compressed.ok()) return compressed.status();
    StatusOr<std::string> html = Gunzip(*compressed, kMaxPageBytes);
    if (!html.ok()) return html.status().WithContext(html_path.string());
    page.raw.body = std::move(*html);
    pages.push_back(std::move(page));
  }
  return pages;
}

// ---------------------------------------------------------------------------
// The two timed passes.

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct ExtractPass {
  double best_ms = 0;
  std::vector<std::string> texts;  // From the first run.
  size_t errors = 0;
  size_t facts = 0;
};

ExtractPass RunExtractPass(const std::vector<Page>& pages, int repeat,
                           const extract::ExtractOptions& options) {
  ExtractPass pass;
  pass.texts.resize(pages.size());
  for (int run = 0; run < repeat; ++run) {
    const Clock::time_point start = Clock::now();
    for (size_t i = 0; i < pages.size(); ++i) {
      StatusOr<Article> article = extract::ExtractFromHtml(pages[i].raw, options);
      if (run != 0) continue;
      if (!article.ok()) {
        ++pass.errors;
        std::fprintf(stderr, "content_bench: extract %s: %s\n", pages[i].id.c_str(),
                     article.status().ToString().c_str());
        continue;
      }
      pass.facts += article->facts.size();
      pass.texts[i] = std::move(article->text);
    }
    const double ms = MsSince(start);
    if (run == 0 || ms < pass.best_ms) pass.best_ms = ms;
  }
  return pass;
}

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};
using GumboOutputPtr = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

// Parses `html` and appends the text of every text, CDATA and whitespace node,
// in document order, to `text` (script and style included). Iterative, so
// that deep nesting cannot overflow the stack.
void GumboAllText(const std::string& html, std::string& text) {
  GumboOutputPtr output(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  std::vector<const GumboNode*> stack = {output->document};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    const GumboVector* children = nullptr;
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        text.append(node->v.text.text);
        break;
      case GUMBO_NODE_DOCUMENT:
        children = &node->v.document.children;
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        children = &node->v.element.children;
        break;
      case GUMBO_NODE_COMMENT:
        break;
    }
    if (children == nullptr) continue;
    for (unsigned int i = children->length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
    }
  }
}

struct GumboPass {
  double best_ms = 0;
  size_t text_bytes = 0;  // Collected in one run; also keeps the work observable.
};

GumboPass RunGumboPass(const std::vector<Page>& pages, int repeat) {
  GumboPass pass;
  for (int run = 0; run < repeat; ++run) {
    size_t text_bytes = 0;
    const Clock::time_point start = Clock::now();
    for (const Page& page : pages) {
      std::string text;
      GumboAllText(page.raw.body, text);
      text_bytes += text.size();
    }
    const double ms = MsSince(start);
    if (run == 0 || ms < pass.best_ms) pass.best_ms = ms;
    pass.text_bytes = text_bytes;
  }
  return pass;
}

// ---------------------------------------------------------------------------
// Main.

struct Options {
  bool verbose = false;
  bool self_test = false;
  size_t limit = SIZE_MAX;
  int repeat = 1;
  std::string dir;
};

// Parses a positive integer; false for anything else.
bool ParsePositive(std::string_view text, long& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value > 0;
}

double PeakRssMiB() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux.
}

int Main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage.data(), stdout);
      return kExitOk;
    } else if (arg == "--verbose" || arg == "-v") {
      options.verbose = true;
    } else if (arg == "--self-test") {
      options.self_test = true;
    } else if (arg == "--limit" || arg == "--repeat") {
      long value = 0;
      if (i + 1 >= argc || !ParsePositive(argv[i + 1], value) || value > INT_MAX) {
        std::fprintf(stderr, "content_bench: %s needs a positive integer\n%s", argv[i],
                     kUsage.data());
        return kExitUsage;
      }
      ++i;
      if (arg == "--limit") {
        options.limit = static_cast<size_t>(value);
      } else {
        options.repeat = static_cast<int>(value);
      }
    } else if (arg.size() > 1 && arg.front() == '-') {
      std::fprintf(stderr, "content_bench: unknown option %s\n%s", argv[i], kUsage.data());
      return kExitUsage;
    } else if (options.dir.empty()) {
      options.dir = arg;
    } else {
      std::fprintf(stderr, "content_bench: only one DIR\n%s", kUsage.data());
      return kExitUsage;
    }
  }
  if (options.self_test) return RunSelfTest();
  if (options.dir.empty()) {
    std::fprintf(stderr, "content_bench: no DIR given\n%s", kUsage.data());
    return kExitUsage;
  }

  const Clock::time_point load_start = Clock::now();
  StatusOr<std::vector<Page>> loaded = LoadPages(options.dir, options.limit);
  if (!loaded.ok()) {
    std::fprintf(stderr, "content_bench: error: %s\n", loaded.status().message().c_str());
    return kExitDataError;
  }
  const std::vector<Page>& pages = *loaded;
  if (pages.empty()) {
    std::fprintf(stderr, "content_bench: error: %s has no pages\n", options.dir.c_str());
    return kExitDataError;
  }
  size_t html_bytes = 0;
  for (const Page& page : pages) html_bytes += page.raw.body.size();
  const double html_mb = static_cast<double>(html_bytes) / 1e6;
  std::printf("content_bench: extractor version %.*s\n",
              static_cast<int>(extract::ExtractorVersion().size()),
              extract::ExtractorVersion().data());
  std::printf("%s: %zu pages, %.1f MB of HTML (decompressed in %.0f ms)\n", options.dir.c_str(),
              pages.size(), html_mb, MsSince(load_start));

  // (a) and (c) alternate, run by run, so that load from other processes
  // falls on both alike; each keeps its fastest run.
  extract::ExtractOptions without_facts;
  without_facts.facts = false;
  ExtractPass extract_pass = RunExtractPass(pages, 1, {});
  ExtractPass content_pass = RunExtractPass(pages, 1, without_facts);
  for (int run = 1; run < options.repeat; ++run) {
    extract_pass.best_ms = std::min(extract_pass.best_ms, RunExtractPass(pages, 1, {}).best_ms);
    content_pass.best_ms =
        std::min(content_pass.best_ms, RunExtractPass(pages, 1, without_facts).best_ms);
  }
  const GumboPass gumbo_pass = RunGumboPass(pages, options.repeat);

  std::vector<PageScore> scores;
  scores.reserve(pages.size());
  for (size_t i = 0; i < pages.size(); ++i)
    scores.push_back(ScorePage(pages[i].truth, extract_pass.texts[i]));
  const CorpusScore corpus = Aggregate(scores);

  if (options.verbose) {
    std::vector<size_t> order(pages.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto page_f1 = [&](size_t i) {
      const double p = scores[i].precision.value_or(0);
      const double r = scores[i].recall;
      return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return page_f1(a) < page_f1(b); });
    std::printf("\nper page, worst first:\n  %6s %6s %6s %7s %7s  %s\n", "P", "R", "F1", "truth",
                "pred", "id");
    for (size_t i : order) {
      const PageScore& s = scores[i];
      char precision[16];
      if (s.precision) {
        std::snprintf(precision, sizeof precision, "%6.3f", *s.precision);
      } else {
        std::snprintf(precision, sizeof precision, "%6s", "-");
      }
      std::printf("  %s %6.3f %6.3f %7zu %7zu  %s%s\n", precision, s.recall, page_f1(i),
                  s.truth_tokens, s.predicted_tokens, pages[i].id.c_str(),
                  s.exact ? " (exact)" : "");
    }
    std::printf("  (truth, pred: token counts)\n\n");
  }

  std::printf(
      "content: P %.3f  R %.3f  F1 %.3f  accuracy %.3f  (%zu pages; %zu with an empty prediction, "
      "left out of P; %zu extraction errors)\n",
      corpus.precision, corpus.recall, corpus.f1, corpus.accuracy, corpus.pages,
      corpus.empty_predictions, extract_pass.errors);
  const double n = static_cast<double>(pages.size());
  const double extract_rate = n / (extract_pass.best_ms / 1000.0);
  const double gumbo_rate = n / (gumbo_pass.best_ms / 1000.0);
  const char* best = options.repeat > 1 ? "best of" : "runs:";
  std::printf(
      "(a) ExtractFromHtml:       %8.1f ms  %7.1f pages/s  %6.1f MB/s  (%s %d; %zu facts)\n",
      extract_pass.best_ms, extract_rate, html_mb / (extract_pass.best_ms / 1000.0), best,
      options.repeat, extract_pass.facts);
  std::printf(
      "(b) gumbo parse + all text: %7.1f ms  %7.1f pages/s  %6.1f MB/s  (%s %d; %.1f MB of text)\n",
      gumbo_pass.best_ms, gumbo_rate, html_mb / (gumbo_pass.best_ms / 1000.0), best, options.repeat,
      static_cast<double>(gumbo_pass.text_bytes) / 1e6);
  std::printf("speed ratio (a)/(b): %.2f\n", extract_rate / gumbo_rate);
  // The cost of facts (and citations) on top of content and metadata.
  std::printf("(c) ExtractFromHtml without facts: %8.1f ms  (%s %d)\n", content_pass.best_ms, best,
              options.repeat);
  std::printf("facts add %.1f%% to content + metadata extraction ((a) - (c)) / (c)\n",
              100.0 * (extract_pass.best_ms - content_pass.best_ms) / content_pass.best_ms);
  std::printf("peak RSS: %.1f MiB\n", PeakRssMiB());
  return kExitOk;
}

}  // namespace
}  // namespace factsift::bench

// Library calls report through Status; what can still throw here (allocation,
// filesystem, JSON type errors outside the gold parser) ends the run cleanly.
int main(int argc, char** argv) {
  try {
    return factsift::bench::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "content_bench: error: %s\n", e.what());
    return 1;
  }
}
