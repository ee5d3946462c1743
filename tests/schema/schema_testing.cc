#include "tests/schema/schema_testing.h"

#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <stdlib.h>

namespace factsift::schema::testing {

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "factsift_schema_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp " + pattern);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

FetchResult Fetched(const std::string& url, const std::string& body, int64_t fetched_at_ms) {
  FetchResult result;
  result.page.url = url;
  result.page.final_url = url;
  result.page.fetched_at_ms = fetched_at_ms;
  result.page.http_status = 200;
  result.page.content_type = "text/html; charset=utf-8";
  result.page.etag = "\"v1\"";
  result.page.last_modified = "Sat, 07 Mar 2026 10:00:00 GMT";
  result.page.body = body;
  return result;
}

FetchResult Failed(const std::string& url, Status status, int http_status, int64_t fetched_at_ms) {
  FetchResult result;
  result.page.url = url;
  result.page.final_url = url;
  result.page.fetched_at_ms = fetched_at_ms;
  result.page.http_status = http_status;
  result.status = std::move(status);
  return result;
}

Article RichArticle(const std::string& url) {
  Article article;
  article.url = url;
  article.canonical_url = url + "?canonical=1";
  article.title = "Bitcoin tops $70,000 as ETF inflows hit $1.2B";
  article.author = "Zoë Müller";
  article.site_name = "Example News";
  article.published = "2026-03-07T10:00:00Z";
  article.updated = "";  // Unknown: stored as NULL, read back as "".
  article.language = "en";
  static constexpr char kText[] = "Bitcoin rose 3.97% to $70,120 \xE2\x80\x94 a NUL \0 inside.";
  article.text = std::string(kText, sizeof(kText) - 1);

  Fact price;
  price.kind = FactKind::kPrice;
  price.asset = "BTC";
  price.value = 70120;
  price.value_from = 67440.5;
  price.unit = "USD";
  price.direction = Direction::kUp;
  price.period = "24h";
  price.text = "$70,120";
  price.start = 22;
  price.end = 29;
  price.sentence = "Bitcoin rose 3.97% to $70,120.";
  price.pattern = "price_move_to";

  Fact range;
  range.kind = FactKind::kPriceRange;
  range.asset = "BTC";
  range.value = 68000;
  range.value_high = 72000;
  range.unit = "USD";
  range.conditional = true;
  range.section = Section::kHeadline;
  range.text = "$68,000-$72,000";
  range.start = 0;
  range.end = 15;
  range.pattern = "range";

  Fact liquidation;
  liquidation.kind = FactKind::kLiquidation;
  liquidation.asset = "MARKET";
  liquidation.value = 272750000;
  liquidation.unit = "USD";
  liquidation.side = Side::kShort;
  liquidation.approx = true;
  liquidation.period = "24h";
  liquidation.section = Section::kSummary;
  liquidation.text = "nearly $272.75 million";

  Fact flow;
  flow.kind = FactKind::kEtfFlow;
  flow.asset = "BTC";
  flow.name = "IBIT";
  flow.value = -1.5e8;
  flow.unit = "USD";
  flow.direction = Direction::kDown;
  flow.bound = Bound::kLower;
  flow.negated = true;
  flow.section = Section::kCaption;

  // Zero values that must not come back as nullopt, and no text at all.
  Fact zero;
  zero.kind = FactKind::kPercentChange;
  zero.value = 0;
  zero.value_from = 0.0;
  zero.value_high = -0.25;
  zero.unit = "percent";
  zero.side = Side::kTotal;
  zero.bound = Bound::kUpper;
  zero.section = Section::kFaq;

  Fact tiny;
  tiny.kind = FactKind::kFundingRate;
  tiny.value = 1e-5;
  tiny.side = Side::kLong;
  Fact huge;
  huge.kind = FactKind::kMarketCap;
  huge.value = 1.5e300;
  Fact index;
  index.kind = FactKind::kIndexValue;
  index.name = "Coinbase Premium Index";
  index.value = 0.1;
  index.unit = "index";
  Fact amount;  // All defaults.
  Fact open_interest;
  open_interest.kind = FactKind::kOpenInterest;
  open_interest.value = 3.3e10;
  Fact volume;
  volume.kind = FactKind::kVolume;
  volume.value = 9007199254740993.0;  // Above 2^53: must stay a double.
  article.facts = {price, range, liquidation, flow, zero, tiny, huge, index, amount};
  article.facts.push_back(open_interest);
  article.facts.push_back(volume);

  article.citations = {
      {"CryptoQuant", "Crytoquant", "https://cryptoquant.com/", CitationKind::kData},
      {"CoinDesk", "CoinDesk", "", CitationKind::kOutlet},
      {},
  };

  SnapshotItem btc;
  btc.asset = "BTC";
  btc.name = "Bitcoin";
  btc.price = 70120.5;
  btc.change_percent = -1.25;
  btc.origin = "ticker";
  btc.volume = 3.1e10;
  btc.market_cap = 1.38e12;
  btc.low = 68000;
  btc.high = 71000;
  SnapshotItem eth;
  eth.asset = "ETH";
  eth.price = 0.0;
  eth.period = "";
  eth.origin = "chip";
  article.market_snapshot = {btc, eth, SnapshotItem{}};

  article.stats = {3, 2, 123456, 1.25, 0.5};
  return article;
}

Article SmallArticle(const std::string& url, int facts) {
  Article article;
  article.url = url;
  article.title = "Small " + std::to_string(facts);
  article.text = "Bitcoin traded at $" + std::to_string(60000 + facts) + ".";
  for (int i = 0; i < facts; ++i) {
    Fact fact;
    fact.kind = FactKind::kPrice;
    fact.asset = "BTC";
    fact.value = 60000 + i;
    fact.unit = "USD";
    article.facts.push_back(fact);
  }
  article.citations = {{"CryptoQuant", "CryptoQuant", "", CitationKind::kData}};
  SnapshotItem item;
  item.asset = "BTC";
  item.price = 60000 + facts;
  article.market_snapshot = {item};
  return article;
}

std::map<std::string, int64_t> CountRows(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  std::vector<std::string> tables;
  SQLite::Statement list(db,
                         "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                         "'sqlite_%' ORDER BY name");
  while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
  std::map<std::string, int64_t> counts;
  for (const std::string& table : tables) {
    counts[table] = db.execAndGet("SELECT count(*) FROM \"" + table + "\"").getInt64();
  }
  return counts;
}

int64_t QueryInt(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  return db.execAndGet(sql).getInt64();
}

std::string QueryText(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  return db.execAndGet(sql).getString();
}

void Execute(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(sql);
}

}  // namespace factsift::schema::testing
