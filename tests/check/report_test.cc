// The HTML report (check/report.h): self-contained, escaped, highlighted, and
// rendered by headless Chromium to a PNG that is not blank.
#include "check/report.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include "common/claim_window.h"

namespace factsift::check {
namespace {

namespace fs = std::filesystem;

ReportArticle SampleArticle() {
  ReportArticle r;
  r.id = 7;
  r.url = "https://news.example/btc";
  r.article.title = "Bitcoin <climbs> near $73,000";
  r.article.published = "2026-03-07";
  r.article.text = "Bitcoin climbed to levels near $73,000 this week.\n\nShorts & longs lost.";
  Fact fact;
  fact.kind = FactKind::kPrice;
  fact.asset = "BTC";
  fact.value = 73000;
  fact.unit = "USD";
  fact.approx = true;
  fact.text = "climbed to levels near $73,000";
  fact.start = 8;
  fact.end = 8 + fact.text.size();
  r.article.facts = {fact};
  CheckRow row;
  row.rule = "market_price";
  row.verdict = Verdict::kContradicted;
  row.fact = fact;
  row.fact_index = 0;
  row.window_from = "2026-03-01";
  row.window_to = "2026-03-07";
  row.window_source = "phrase 'past week'";
  row.about = "BTC traded 60,000-65,000 <USDT>.";
  r.rows = {row};
  for (int day = 0; day < 13; ++day) {
    Candle c;
    c.asset = "BTC";
    c.quote = "USDT";
    c.source = "test";
    c.open_time_ms = (*ParseDay("2026-02-26") + day) * 86400000;
    c.open = 62000 + day * 100;
    c.close = 62500 - day * 50;
    c.high = 65000;
    c.low = 60000 + day * 10;
    r.candles["BTC"].push_back(c);
  }
  return r;
}

TEST(Report, SelfContainedEscapedAndHighlighted) {
  const std::string html = RenderReport({SampleArticle()}, "test report");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  // No external assets: nothing is loaded from elsewhere.
  for (const char* external :
       {"<script src", "<link ", "src=\"http", "href=\"http", "@import", "url("}) {
    SCOPED_TRACE(external);
    EXPECT_EQ(html.find(external), std::string::npos);
  }
  EXPECT_NE(html.find("Bitcoin &lt;climbs&gt;"), std::string::npos);
  EXPECT_NE(html.find("Shorts &amp; longs"), std::string::npos);
  EXPECT_NE(html.find("<mark class=\"v-contradicted\" id=\"a7-f0\""), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(html.find("claimed 73000"), std::string::npos);
  EXPECT_NE(html.find("&lt;USDT&gt;"), std::string::npos);
}

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

// Distinct RGB colours of a PNG, or -1 when it cannot be read.
int DistinctColours(const std::string& path, int* width, int* height) {
  std::unique_ptr<FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return -1;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (png == nullptr || info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return -1;
  }
  png_init_io(png, file.get());
  png_read_info(png, info);
  png_set_expand(png);
  png_set_strip_16(png);
  png_set_gray_to_rgb(png);
  png_set_strip_alpha(png);
  png_read_update_info(png, info);
  *width = static_cast<int>(png_get_image_width(png, info));
  *height = static_cast<int>(png_get_image_height(png, info));
  const size_t row_bytes = png_get_rowbytes(png, info);
  std::vector<unsigned char> row(row_bytes);
  std::set<unsigned> colours;
  for (int y = 0; y < *height; ++y) {
    png_read_row(png, row.data(), nullptr);
    for (size_t x = 0; x + 2 < row_bytes; x += 3) {
      colours.insert((unsigned{row[x]} << 16) | (unsigned{row[x + 1]} << 8) | row[x + 2]);
    }
  }
  png_destroy_read_struct(&png, &info, nullptr);
  return static_cast<int>(colours.size());
}

// Renders the report in headless Chromium (Debian's chromium package,
// installed by scripts/common.sh) and checks the screenshot is not blank: a
// blank page has one colour; the report's text, highlights and chart many.
TEST(Report, RendersInHeadlessChromium) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "chromium is not installed";
  }
  const fs::path dir =
      fs::temp_directory_path() / ("factsift-report-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path html = dir / "report.html";
  const fs::path png = dir / "report.png";
  std::ofstream(html) << RenderReport({SampleArticle()}, "render test");
  const std::string command =
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
      "--user-data-dir=" +
      (dir / "profile").string() + " --window-size=1000,700 --screenshot=" + png.string() +
      " file://" + html.string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  int width = 0, height = 0;
  const int colours = DistinctColours(png.string(), &width, &height);
  EXPECT_EQ(width, 1000);
  EXPECT_EQ(height, 700);
  EXPECT_GT(colours, 50) << "the screenshot looks blank";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace factsift::check
