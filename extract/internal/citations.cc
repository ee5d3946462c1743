#include "extract/internal/citations.h"

#include <set>
#include <string>

#include <re2/re2.h>

#include "extract/internal/normalize.h"

namespace factsift::extract::internal {
namespace {

// Words that credit what follows them: "data from", "according to", "Source:".
const RE2& CreditBefore() {
  static const LazyRE2 kPattern = {
      R"((?i)(?:\b(?:data|figures|numbers|statistics|stats|information|estimates|charts?|)"
      R"(research|analysis|report|index|gauge|indicator|metrics?|tracker|dashboard)\s+)"
      R"((?:from|by|compiled\s+by|provided\s+by|via|of)|)"
      R"(\baccording\s+to|\bsource[sd]?\s*:|\bdata\s*:|\bvia|\bper|\bcompiled\s+by|)"
      R"(\btracked\s+by|\breported\s+by|\bcited\s+by|\bshared\s+by|\bflagged\s+by|)"
      R"(\bspotted\s+by|\bcourtesy\s+of|\bpublished\s+by|\bmaintained\s+by|\bprovided\s+by)\s*(?:the\s+)?(?:analytics\s+(?:firm|platform)\s+|)"
      R"(on-chain\s+(?:analytics\s+)?(?:firm|platform)\s+|data\s+(?:provider|platform|aggregator)\s+)?$)"};
  return *kPattern;
}

// Words after a source that credit it: "X data shows", "X reported".
const RE2& CreditAfter() {
  static const LazyRE2 kPattern = {
      R"((?i)^(?:'s)?\s*(?:data|figures|numbers|charts?|analysts?|research|estimates|dashboards?)?\s*)"
      R"((?:shows?|showed|indicates?|indicated|reveals?|revealed|suggests?|suggested|reported|reports|)"
      R"(noted|notes|highlighted|confirms?|confirmed|tracked|recorded|estimated|said|found))"};
  return *kPattern;
}

// Separators that continue a list of credited sources.
const RE2& ListJoin() {
  static const LazyRE2 kPattern = {R"(^\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)$)"};
  return *kPattern;
}

void Add(std::vector<Citation>& out, std::set<std::string>& seen, const Source& source,
         std::string_view raw, std::string_view url) {
  if (!seen.insert(source.name).second) return;
  Citation citation;
  citation.name = source.name;
  citation.raw = std::string(raw);
  citation.url = std::string(url);
  citation.kind = source.kind;
  out.push_back(std::move(citation));
}

}  // namespace

std::vector<Citation> ExtractCitations(std::string_view text, const std::vector<Link>& links,
                                       const SourceLexicon& sources) {
  std::vector<Citation> out;
  std::set<std::string> seen;
  const NormalizedText normalized = NormalizeForFacts(text);
  const std::string_view t = normalized.text;
  const std::vector<SourceMention> mentions = sources.FindMentions(t);
  size_t credited_end = std::string::npos;  // End of the last credited mention.
  for (const SourceMention& mention : mentions) {
    const size_t window = mention.begin > 80 ? mention.begin - 80 : 0;
    const std::string_view before = t.substr(window, mention.begin - window);
    const std::string_view after =
        t.substr(mention.end, std::min<size_t>(40, t.size() - mention.end));
    bool credited =
        RE2::PartialMatch(before, CreditBefore()) || RE2::PartialMatch(after, CreditAfter());
    // Inside parentheses right after an opening "(": "(Coinglass)".
    credited |= mention.begin > 0 && t[mention.begin - 1] == '(' && mention.end < t.size() &&
                t[mention.end] == ')';
    // A venue quoted as the price reference: "down 3.8% at $68,210 on Bitstamp".
    static const LazyRE2 kQuotedOn = {R"(\$\s?\d[\d,.]*(?:\s\w+){0,3}\s+on\s+$)"};
    credited |=
        mention.source->kind == CitationKind::kData && RE2::PartialMatch(before, *kQuotedOn);
    if (!credited && credited_end != std::string::npos && mention.begin >= credited_end) {
      credited = RE2::FullMatch(t.substr(credited_end, mention.begin - credited_end), ListJoin());
    }
    if (!credited) continue;
    credited_end = mention.end;
    const size_t raw_begin = normalized.to_original[mention.begin];
    const size_t raw_end = normalized.to_original[mention.end];
    Add(out, seen, *mention.source, text.substr(raw_begin, raw_end - raw_begin), "");
  }
  for (const Link& link : links) {
    const Source* by_url = sources.FindByUrl(link.href);
    if (link.in_sources_list) {
      const Source* by_name = sources.FindByName(link.text);
      const Source* source = by_name != nullptr ? by_name : by_url;
      if (source != nullptr) Add(out, seen, *source, link.text, link.href);
    } else if (by_url != nullptr) {
      Add(out, seen, *by_url, link.text.empty() ? by_url->name : link.text, link.href);
    }
  }
  // A citation found in text gains the link of the same source.
  for (Citation& citation : out) {
    if (!citation.url.empty()) continue;
    for (const Link& link : links) {
      const Source* source = sources.FindByUrl(link.href);
      if (source != nullptr && source->name == citation.name) {
        citation.url = link.href;
        break;
      }
    }
  }
  return out;
}

}  // namespace factsift::extract::internal
