// Time budgets of the extractor on hostile and huge pages (CPU time of the
// extracting thread, as the --max-extract-ms deadline counts it), measured on
// optimised builds. Labelled "timing": scripts/test runs it in the normal
// pass only, as the sanitizers slow code down several times (the same inputs
// run sanitized through hostile_input_test and the crawl tests).
#include <chrono>
#include <ctime>
#include <iostream>
#include <string>

#include <gtest/gtest.h>

#include "extract/charset.h"
#include "extract/extractor.h"

#include "tests/testing/hostile_text.h"
#include "tests/testing/status_matchers.h"

namespace factsift::extract {
namespace {

using testing::Repeat;
using testing::ThreadCpuSeconds;

RawPage Page(std::string body) {
  RawPage page;
  page.url = "https://news.example/2026/03/btc-rally/";
  page.final_url = page.url;
  page.http_status = 200;
  page.content_type = "text/html";
  page.body = std::move(body);
  return page;
}

// A plausible article page: enough prose for main-content extraction.
std::string ArticleHtml(std::string_view head = "", std::string_view before_article = "") {
  return "<html><head>" + std::string(head) + "</head><body>" + std::string(before_article) +
         "<article><h1>Bitcoin rallies as shorts are squeezed</h1>"
         "<p>Bitcoin short liquidations sparked a significant rebound in the cryptocurrency "
         "market, reshaping the price action of both BTC and various altcoins across the "
         "week.</p><p>Bitcoin climbed to levels near $73,000, while Solana [SOL] rose about 3.97% "
         "over the week and derivatives traders rushed to cover their positions.</p></article>"
         "</body></html>";
}

// Hostile pages finish in bounded time (gumbo is quadratic in depth and in
// attributes per tag; html_prepare.h bounds both). Each must finish well
// under 10 s; the measured times are printed for the report.
TEST(Extractor, HostilePagesFinishInBoundedTime) {
  std::string attributes = "<div";
  for (int i = 0; i < 100000; ++i)
    attributes += " data-a" + std::to_string(i) + "=\"" + std::to_string(i) + "\"";
  attributes += ">";
  std::string big;
  {
    // ~50 MB: a realistic page's share of scripts, markup and prose, repeated.
    const std::string chunk =
        "<script>window.__ads = {slot: 'top', sizes: [[728, 90], [970, 250]]};</script>"
        "<div class=\"post\"><p>Bitcoin climbed to levels near $73,000 while Solana rose about "
        "3.97% "
        "over the week, and around $272.75 million of short positions were liquidated.</p></div>\n";
    big = "<html><body>" + Repeat(chunk, (50u << 20) / chunk.size()) + "</body></html>";
  }
  struct Row {
    std::string name;
    std::string html;
  };
  const Row rows[] = {
      {"100,000 nested divs", ArticleHtml("", Repeat("<div>", 100000))},
      {"100,000 attributes on one tag", ArticleHtml("", attributes)},
      {"200,000 unclosed <b>", ArticleHtml("", Repeat("<b>", 200000))},
      {"100,000 nested spans", ArticleHtml("", Repeat("<span>", 100000))},
      {"200,000 unclosed <a>", ArticleHtml("", Repeat("<a href=x>", 200000))},
      {"50 MB page", std::move(big)},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuSeconds();
    const StatusOr<Article> article = ExtractFromHtml(Page(row.html));
    const double cpu = ThreadCpuSeconds() - cpu_start;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_OK(article);
    // On the work done: other processes on the machine stretch the wall clock.
    EXPECT_LT(cpu, 10.0);
    if (!article.ok()) continue;
    std::cout << "[ timing ] " << row.name << " (" << row.html.size() << " bytes): " << cpu
              << " s CPU, " << seconds << " s wall (parse " << article->stats.parse_ms
              << " ms, extract " << article->stats.extract_ms << " ms, " << article->facts.size()
              << " facts)" << std::endl;
    EXPECT_TRUE(IsValidUtf8(article->text));
  }
}

}  // namespace
}  // namespace factsift::extract
