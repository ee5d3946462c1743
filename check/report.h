// The fact-checker's report: one self-contained HTML file (no external
// assets) with each article's text, its claims highlighted by suggested
// verdict, the evidence beside them, and an inline SVG price chart over each
// market check's window with the claimed level drawn on it.
#ifndef FACTSIFT_CHECK_REPORT_H_
#define FACTSIFT_CHECK_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/market.h"

namespace factsift::check {

struct ReportArticle {
  int64_t id = 0;
  std::string url;
  Article article;
  std::vector<CheckRow> rows;  // fact_index refers to article.facts.
  // Candles of each asset a market row checks, from a few days before its
  // window to a few days after (the chart's span).
  std::map<std::string, std::vector<Candle>> candles;
};

// The whole report as one HTML document. Pure; no I/O.
std::string RenderReport(const std::vector<ReportArticle>& articles, std::string_view title);

// Days of context drawn on each side of a market check's window.
inline constexpr int kChartMarginDays = 3;

}  // namespace factsift::check

#endif  // FACTSIFT_CHECK_REPORT_H_
