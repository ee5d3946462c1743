#include "extract/internal/citations.h"

#include <set>
#include <string>

#include <re2/re2.h>

#include "extract/internal/normalize.h"
#include "extract/internal/text_util.h"

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
      R"(\bspotted\s+by|\bcourtesy\s+of|\bpublished\s+by|\bmaintained\s+by|\bprovided\s+by|)"
      // Spun copy ("in line with", "as per the datas of") and other languages:
      // French "selon", "d'après"; German "laut", "Daten von"; Spanish
      // "según", "datos de"; Italian "secondo"; Portuguese "segundo".
      R"(\bin\s+line\s+with|\bin\s+response\s+to|\bas\s+per(?:\s+the)?(?:\s+(?:data|datas|information|figures))?(?:\s+(?:of|from))?|)"
      R"(\bselon(?:\s+les\s+donn[ée]es\s+de)?|\bd'apr[èe]s|\blaut|\bdaten\s+von|\bwie\s+daten\s+von|)"
      R"(\bseg[úu]n(?:\s+datos\s+de)?|\bdatos\s+de|\bsecondo|\bsegundo|\bde\s+acordo\s+com|)"
      R"(\b(?:on-chain\s+)?tracker|\banalysts?\s+at|\bdata\s+source)\s*(?:the\s+)?)"
      // A descriptor before the name: "cryptocurrency data platform CoinMarketCap".
      R"((?:(?:[\w-]+\s+){0,2}(?:firm|platform|provider|aggregator|tracker|site|website|service)\s+)?$)"};
  return *kPattern;
}

// Words after a source that credit it: "X data shows", "X reported",
// "X analytics firm said".
const RE2& CreditAfter() {
  static const LazyRE2 kPattern = {
      R"((?i)^(?:'s)?(?:,\s*\w+,)?\s*(?:also\s+|is\s+|was\s+)?)"
      R"((?:(?:[\w-]+\s+)?(?:firm|platform|provider|company|tracker|desk|team)\s+)?(?:data|figures|numbers|charts?|analysts?|research|estimates|dashboards?)?\s*)"
      R"((?:shows?|showed|indicates?|indicated|reveals?|revealed|suggests?|suggested|reported|reports|)"
      R"(noted|notes|highlighted|confirms?|confirmed|tracked|recorded|estimated|said|found|flagged|)"
      R"(spotted|counted|reporting|informed|stated|zeigen|montrent|muestran)|^,\s+which\s+tracks)"};
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
    static const LazyRE2 kQuotedOn = {
        R"(\$\s?\d[\d,.]*(?:\s\S+){0,4}\s+on\s+(?:the\s+)?(?:[\w-]+\s+)?$)"};
    credited |=
        mention.source->kind == CitationKind::kData && RE2::PartialMatch(before, *kQuotedOn);
    // A venue or market named as where a figure was seen: "trading on Binance
    // exchange", "On Polymarket, traders put a 22% probability...".
    static const LazyRE2 kOnVenue = {R"(\bon\s+(?:the\s+)?$)"};
    static const LazyRE2 kVenueNoun = {R"(^\s+exchange\b)"};
    static const LazyRE2 kSentenceOn = {R"((?:^|[.!?]\s+|\n)On\s+$)"};
    credited |= mention.source->kind == CitationKind::kData &&
                ((RE2::PartialMatch(before, *kOnVenue) && RE2::PartialMatch(after, *kVenueNoun)) ||
                 (RE2::PartialMatch(before, *kSentenceOn) && after.starts_with(",")));
    if (!credited && credited_end != std::string::npos && mention.begin >= credited_end) {
      credited = RE2::FullMatch(t.substr(credited_end, mention.begin - credited_end), ListJoin());
    }
    if (!credited) continue;
    credited_end = mention.end;
    const size_t raw_begin = normalized.to_original[mention.begin];
    const size_t raw_end = normalized.to_original[mention.end];
    Add(out, seen, *mention.source, text.substr(raw_begin, raw_end - raw_begin), "");
  }
  // A misspelled source in a credit ("according to Coinglas", "Santimnet,
  // which tracks..."): the capitalised words there, resolved by edit distance.
  static const LazyRE2 kCreditedName = {
      R"((?i:according\s+to|data\s+from|as\s+per(?:\s+the\s+datas?\s+of)?|in\s+line\s+with|per)\s+)"
      R"(([A-Z][\w.-]+(?:\s[A-Z][\w.-]+)?))"};
  static const LazyRE2 kCreditingName = {
      R"((?:^|[.!?]\s+|\n)([A-Z][\w.-]+)(?:,\s+which\s+tracks|'s?\s+data\s+show|\s+data\s+show))"};
  for (const LazyRE2* pattern : {&kCreditedName, &kCreditingName}) {
    for (const RegexMatch& match : FindAll(**pattern, t)) {
      std::string_view name = match.groups[0];
      const Source* source = sources.FindByName(name);
      if (source == nullptr && name.find(' ') != std::string_view::npos) {
        name = name.substr(0, name.find(' '));
        source = sources.FindByName(name);
      }
      if (source == nullptr) continue;
      const size_t begin = normalized.to_original[name.data() - t.data()];
      const size_t end = normalized.to_original[name.data() - t.data() + name.size()];
      Add(out, seen, *source, text.substr(begin, end - begin), "");
    }
  }
  // A research or analytics house the lexicon does not know, credited by
  // its name: "Scenarios from Polaris Block Analytics". The trailing word is
  // what marks the name as a data source rather than a person or a place.
  static const LazyRE2 kUnlistedHouse = {
      R"((?i:according\s+to|from|at|by|per|via)\s+)"
      R"(((?:[A-Z][\w&.-]*\s+){1,3}(?:Analytics|Research|Data|Intelligence|Labs|Insights|Metrics)\b))"};
  for (const RegexMatch& match : FindAll(*kUnlistedHouse, t)) {
    const std::string_view name = match.groups[0];
    const size_t begin = normalized.to_original[name.data() - t.data()];
    const size_t end = normalized.to_original[name.data() - t.data() + name.size()];
    const std::string_view raw = text.substr(begin, end - begin);
    if (const Source* known = sources.FindByName(name)) {
      Add(out, seen, *known, raw, "");
    } else if (sources.FindMentions(name).empty()) {
      Add(out, seen, Source{std::string(raw), CitationKind::kData, {}, {}}, raw, "");
    }
  }
  // The Crypto Fear & Greed Index is Alternative.me's: citing the index
  // credits its publisher.
  static const LazyRE2 kFearGreed = {R"((?i)\bcrypto\s+fear\s*(?:&|and)\s*greed\s+index\b)"};
  if (RE2::PartialMatch(t, *kFearGreed)) {
    if (const Source* publisher = sources.FindByName("Alternative.me")) {
      Add(out, seen, *publisher, publisher->name, "");
    }
  }
  // A "Sources" list at the end of the article credits what it names.
  for (const std::string_view heading :
       {"\nSources\n", "\nSources:\n", "\nReferences\n", "\nSource\n"}) {
    const size_t at = t.find(heading);
    if (at == std::string_view::npos) continue;
    for (const SourceMention& mention : mentions) {
      if (mention.begin <= at) continue;
      const size_t begin = normalized.to_original[mention.begin];
      const size_t end = normalized.to_original[mention.end];
      Add(out, seen, *mention.source, text.substr(begin, end - begin), "");
    }
    break;
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
