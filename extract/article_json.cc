#include "extract/article_json.h"

#include <string>

namespace factsift::extract {
namespace {

using nlohmann::ordered_json;

ordered_json OrNull(std::string_view text) {
  return text.empty() ? ordered_json(nullptr) : ordered_json(std::string(text));
}

ordered_json OrNull(const std::optional<double>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

}  // namespace

ordered_json FactToJson(const Fact& fact) {
  ordered_json out;
  out["kind"] = std::string(KindName(fact.kind));
  out["asset"] = OrNull(fact.asset);
  out["name"] = OrNull(fact.name);
  out["value"] = fact.value;
  out["value_high"] = OrNull(fact.value_high);
  out["value_from"] = OrNull(fact.value_from);
  out["unit"] = OrNull(fact.unit);
  out["side"] = OrNull(SideName(fact.side));
  out["direction"] = OrNull(DirectionName(fact.direction));
  out["bound"] = OrNull(BoundName(fact.bound));
  out["approx"] = fact.approx;
  out["conditional"] = fact.conditional;
  out["negated"] = fact.negated;
  out["period"] = OrNull(fact.period);
  out["section"] = std::string(SectionName(fact.section));
  out["text"] = fact.text;
  out["start"] = fact.start;
  out["end"] = fact.end;
  out["sentence"] = fact.sentence;
  return out;
}

ordered_json ArticleToJson(const Article& article, std::string_view source) {
  ordered_json out;
  out["source"] = std::string(source);
  out["url"] = OrNull(article.url);
  out["canonical_url"] = OrNull(article.canonical_url);
  out["title"] = OrNull(article.title);
  out["author"] = OrNull(article.author);
  out["site_name"] = OrNull(article.site_name);
  out["published"] = OrNull(article.published);
  out["updated"] = OrNull(article.updated);
  out["language"] = OrNull(article.language);
  out["text"] = article.text;
  ordered_json facts = ordered_json::array();
  for (const Fact& fact : article.facts) facts.push_back(FactToJson(fact));
  out["facts"] = std::move(facts);
  ordered_json citations = ordered_json::array();
  for (const Citation& citation : article.citations) {
    ordered_json c;
    c["name"] = citation.name;
    c["raw"] = citation.raw;
    c["url"] = OrNull(citation.url);
    c["kind"] = std::string(CitationKindName(citation.kind));
    citations.push_back(std::move(c));
  }
  out["citations"] = std::move(citations);
  ordered_json snapshot = ordered_json::array();
  for (const SnapshotItem& item : article.market_snapshot) {
    ordered_json s;
    s["asset"] = item.asset;
    s["name"] = OrNull(item.name);
    s["price"] = OrNull(item.price);
    s["change_percent"] = OrNull(item.change_percent);
    s["period"] = OrNull(item.period);
    s["origin"] = item.origin;
    if (item.volume) s["volume"] = *item.volume;
    if (item.market_cap) s["market_cap"] = *item.market_cap;
    if (item.low) s["low"] = *item.low;
    if (item.high) s["high"] = *item.high;
    snapshot.push_back(std::move(s));
  }
  out["market_snapshot"] = std::move(snapshot);
  ordered_json stats;
  stats["boilerplate_blocks_removed"] = article.stats.boilerplate_blocks_removed;
  stats["ticker_items"] = article.stats.ticker_items;
  stats["bytes"] = article.stats.bytes;
  stats["parse_ms"] = article.stats.parse_ms;
  stats["extract_ms"] = article.stats.extract_ms;
  out["stats"] = std::move(stats);
  return out;
}

}  // namespace factsift::extract
