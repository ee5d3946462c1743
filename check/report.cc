// HTML and SVG for the report: escaping, highlights, evidence and charts.
#include "check/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/claim_window.h"

namespace factsift::check {
namespace {

constexpr int64_t kDayMs = 86400000;

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

int Severity(Verdict verdict) {
  return verdict == Verdict::kContradicted ? 2 : verdict == Verdict::kUnverifiable ? 1 : 0;
}

std::string VerdictClass(Verdict verdict) { return "v-" + std::string(VerdictName(verdict)); }

constexpr char kStyle[] = R"css(
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b}
header.report{background:#23313f;color:#fff;padding:14px 24px}
header.report h1{margin:0;font-size:20px}
article{background:#fff;margin:18px 24px;padding:16px 20px;border:1px solid #ddd;border-radius:6px}
article h2{margin:0 0 4px;font-size:19px}
.meta{color:#666;font-size:13px;margin-bottom:10px}
.grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:22px}
.text p{margin:0 0 10px}
mark{padding:0 2px;border-radius:3px}
mark.v-supported{background:#c9ecc9}
mark.v-contradicted{background:#f6b8b8}
mark.v-unverifiable{background:#fbe7a8}
.evidence{font-size:13px}
.row{border-left:4px solid #999;padding:6px 10px;margin:0 0 10px;background:#fafafa}
.row.v-supported{border-color:#3a9a3a}
.row.v-contradicted{border-color:#c62828}
.row.v-unverifiable{border-color:#d4a017}
.badge{display:inline-block;font-weight:600;font-size:11px;text-transform:uppercase;padding:1px 6px;border-radius:9px;color:#fff}
.badge.v-supported{background:#3a9a3a}.badge.v-contradicted{background:#c62828}.badge.v-unverifiable{background:#b8860b}
.rule{font-family:ui-monospace,monospace;color:#444;margin-left:6px}
.kv{color:#555}
svg.chart{display:block;margin-top:6px;background:#fff;border:1px solid #e2e2e2}
.summary{font-size:13px;color:#333;margin:6px 0 12px}
)css";

// The chart of one market row: daily high-low bars over the window and its
// margins, the window shaded, the claimed level(s) as dashed lines.
std::string Chart(const CheckRow& row, const std::vector<Candle>& candles) {
  if (!row.fact.has_value() || row.window_from.empty() || candles.empty()) return "";
  const std::optional<int64_t> from = ParseDay(row.window_from);
  const std::optional<int64_t> to = ParseDay(row.window_to);
  if (!from.has_value() || !to.has_value()) return "";
  const int64_t first_day = *from - kChartMarginDays, last_day = *to + kChartMarginDays;
  std::vector<const Candle*> shown;
  double lo = row.fact->value, hi = row.fact->value;
  if (row.fact->value_high.has_value()) hi = std::max(hi, *row.fact->value_high);
  for (const Candle& c : candles) {
    const int64_t day = c.open_time_ms / kDayMs;
    if (day < first_day || day > last_day) continue;
    shown.push_back(&c);
    lo = std::min(lo, c.low);
    hi = std::max(hi, c.high);
  }
  if (shown.empty() || hi <= 0) return "";
  const double pad = (hi - lo) * 0.08 + hi * 0.002;
  lo -= pad;
  hi += pad;
  const double width = 420, height = 170, left = 58, right = 8, top = 8, bottom = 22;
  const double days = static_cast<double>(last_day - first_day + 1);
  auto x = [&](double day) {
    return left + (day - static_cast<double>(first_day) + 0.5) / days * (width - left - right);
  };
  auto y = [&](double price) { return top + (hi - price) / (hi - lo) * (height - top - bottom); };
  std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    Number(width) + "\" height=\"" + Number(height) + "\" viewBox=\"0 0 " +
                    Number(width) + " " + Number(height) + "\" role=\"img\" aria-label=\"" +
                    Escape(row.fact->asset) + " price " + Escape(row.window_from) + " to " +
                    Escape(row.window_to) + "\">";
  // The window.
  svg += "<rect x=\"" +
         Number(x(static_cast<double>(*from)) - 0.5 * (width - left - right) / days) + "\" y=\"" +
         Number(top) + "\" width=\"" +
         Number(static_cast<double>(*to - *from + 1) / days * (width - left - right)) +
         "\" height=\"" + Number(height - top - bottom) + "\" fill=\"#e8eef7\"/>";
  // Axis labels: high and low of the chart, first and last day.
  for (double price : {hi - pad, lo + pad}) {
    svg += "<text x=\"4\" y=\"" + Number(y(price) + 4) + "\" font-size=\"10\" fill=\"#555\">" +
           Number(price) + "</text>";
  }
  svg += "<text x=\"" + Number(left) + "\" y=\"" + Number(height - 6) +
         "\" font-size=\"10\" fill=\"#555\">" + FormatDay(first_day) + "</text>";
  svg += "<text x=\"" + Number(width - right - 62) + "\" y=\"" + Number(height - 6) +
         "\" font-size=\"10\" fill=\"#555\">" + FormatDay(last_day) + "</text>";
  // Candles: high-low bar, open-close body.
  const double bar = std::max(2.0, (width - left - right) / days * 0.5);
  for (const Candle* c : shown) {
    const double day = static_cast<double>(c->open_time_ms / kDayMs);
    const double cx = x(day);
    const bool up = c->close.value_or(c->high) >= c->open.value_or(c->low);
    const std::string colour = up ? "#2e7d32" : "#c62828";
    svg += "<line x1=\"" + Number(cx) + "\" x2=\"" + Number(cx) + "\" y1=\"" + Number(y(c->high)) +
           "\" y2=\"" + Number(y(c->low)) + "\" stroke=\"" + colour + "\" stroke-width=\"1.5\"/>";
    if (c->open.has_value() && c->close.has_value()) {
      const double body_top = y(std::max(*c->open, *c->close));
      const double body_height = std::max(1.0, std::fabs(y(*c->open) - y(*c->close)));
      svg += "<rect x=\"" + Number(cx - bar / 2) + "\" y=\"" + Number(body_top) + "\" width=\"" +
             Number(bar) + "\" height=\"" + Number(body_height) + "\" fill=\"" + colour + "\"/>";
    }
  }
  // Claimed level(s).
  const std::string level_colour = row.verdict == Verdict::kContradicted ? "#c62828" : "#1565c0";
  std::vector<double> levels = {row.fact->value};
  if (row.fact->value_high.has_value()) levels.push_back(*row.fact->value_high);
  for (double level : levels) {
    svg += "<line x1=\"" + Number(left) + "\" x2=\"" + Number(width - right) + "\" y1=\"" +
           Number(y(level)) + "\" y2=\"" + Number(y(level)) + "\" stroke=\"" + level_colour +
           "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>";
    svg += "<text x=\"" + Number(width - right - 4) + "\" y=\"" + Number(y(level) - 4) +
           "\" font-size=\"10\" text-anchor=\"end\" fill=\"" + level_colour + "\">claimed " +
           Number(level) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

// The article text as paragraphs, each fact that has a check highlighted by
// its worst verdict and linked to its evidence.
std::string Text(const ReportArticle& r) {
  const Article& a = r.article;
  std::map<size_t, int> verdict_of_fact;  // fact index -> severity.
  for (const CheckRow& row : r.rows) {
    if (row.fact_index < 0) continue;
    const size_t index = static_cast<size_t>(row.fact_index);
    auto [it, inserted] = verdict_of_fact.emplace(index, Severity(row.verdict));
    if (!inserted) it->second = std::max(it->second, Severity(row.verdict));
  }
  struct Span {
    size_t start, end, fact;
    int severity;
  };
  std::vector<Span> spans;
  for (const auto& [index, severity] : verdict_of_fact) {
    const Fact& f = a.facts[index];
    if (f.section == Section::kHeadline || f.end <= f.start || f.end > a.text.size()) continue;
    spans.push_back({f.start, f.end, index, severity});
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& x, const Span& y) { return x.start < y.start; });
  static constexpr Verdict kBySeverity[] = {Verdict::kSupported, Verdict::kUnverifiable,
                                            Verdict::kContradicted};
  std::string html = "<p>";
  size_t at = 0;
  auto emit = [&](std::string_view piece) {
    size_t start = 0;
    for (size_t i = 0; i + 1 < piece.size(); ++i) {
      if (piece[i] == '\n' && piece[i + 1] == '\n') {
        html += Escape(piece.substr(start, i - start)) + "</p><p>";
        start = i + 2;
        ++i;
      }
    }
    html += Escape(piece.substr(start));
  };
  for (const Span& span : spans) {
    if (span.start < at) continue;  // Overlaps the previous highlight.
    emit(std::string_view(a.text).substr(at, span.start - at));
    const Verdict verdict = kBySeverity[span.severity];
    html += "<mark class=\"" + VerdictClass(verdict) + "\" id=\"a" + std::to_string(r.id) + "-f" +
            std::to_string(span.fact) + "\" title=\"" + std::string(VerdictName(verdict)) + "\">";
    emit(std::string_view(a.text).substr(span.start, span.end - span.start));
    html += "</mark>";
    at = span.end;
  }
  emit(std::string_view(a.text).substr(std::min(at, a.text.size())));
  html += "</p>";
  return html;
}

std::string Evidence(const ReportArticle& r) {
  std::string html;
  for (const CheckRow& row : r.rows) {
    html += "<div class=\"row " + VerdictClass(row.verdict) + "\"><span class=\"badge " +
            VerdictClass(row.verdict) + "\">" + std::string(VerdictName(row.verdict)) +
            "</span><span class=\"rule\">" + Escape(row.rule) + "</span><div>" + Escape(row.about) +
            "</div>";
    if (!row.expected.empty() || !row.observed.empty()) {
      html += "<div class=\"kv\">claim: " + Escape(row.expected) +
              " · evidence: " + Escape(row.observed) + "</div>";
    }
    if (!row.window_from.empty()) {
      html += "<div class=\"kv\">window " + Escape(row.window_from) + " to " +
              Escape(row.window_to) + " (" + Escape(row.window_source) + ")</div>";
    }
    if (row.fact.has_value() && (row.rule == "market_price" || row.rule == "market_range")) {
      const auto it = r.candles.find(row.fact->asset);
      if (it != r.candles.end()) html += Chart(row, it->second);
    }
    html += "</div>";
  }
  return html;
}

}  // namespace

std::string RenderReport(const std::vector<ReportArticle>& articles, std::string_view title) {
  int supported = 0, contradicted = 0, unverifiable = 0;
  for (const ReportArticle& r : articles) {
    for (const CheckRow& row : r.rows) {
      if (row.verdict == Verdict::kSupported) ++supported;
      if (row.verdict == Verdict::kContradicted) ++contradicted;
      if (row.verdict == Verdict::kUnverifiable) ++unverifiable;
    }
  }
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                     Escape(title) + "</title><style>" + kStyle + "</style></head><body>";
  html += "<header class=\"report\"><h1>" + Escape(title) + "</h1><div>" +
          std::to_string(articles.size()) + " article(s): " + std::to_string(contradicted) +
          " contradicted, " + std::to_string(unverifiable) + " unverifiable, " +
          std::to_string(supported) +
          " supported. Verdicts are suggestions for a person to confirm.</div></header>";
  for (const ReportArticle& r : articles) {
    const Article& a = r.article;
    html += "<article><h2>" + Escape(a.title.empty() ? r.url : a.title) +
            "</h2><div class=\"meta\">" + Escape(r.url) +
            (a.published.empty() ? "" : " · published " + Escape(a.published)) +
            (a.updated.empty() ? "" : " · updated " + Escape(a.updated)) + "</div>";
    html += "<div class=\"grid\"><div class=\"text\">" + Text(r) +
            "</div><div class=\"evidence\">" + Evidence(r) + "</div></div></article>";
  }
  html += "</body></html>\n";
  return html;
}

}  // namespace factsift::check
