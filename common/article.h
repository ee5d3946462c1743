// Value types for what extraction produces: an article, its facts, citations
// and the market snapshot shown around it.
#ifndef FACTSIFT_COMMON_ARTICLE_H_
#define FACTSIFT_COMMON_ARTICLE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace factsift {

// Persisted by name (see KindName): the names are the contract, not the numbers.
enum class FactKind {
  kPrice,
  kPriceRange,
  kPercentChange,
  kLiquidation,
  kOpenInterest,
  kMarketCap,
  kVolume,
  kEtfFlow,
  kFundingRate,
  kIndexValue,
  kAmount,
};

enum class Section { kHeadline, kSummary, kBody, kCaption, kFaq };
enum class Side { kNone, kLong, kShort, kTotal };
enum class Direction { kNone, kUp, kDown };
enum class Bound { kNone, kLower, kUpper };

// "price_range", "faq", "short", "down", "lower"; "" for the kNone values.
std::string_view KindName(FactKind kind);
std::string_view SectionName(Section section);
std::string_view SideName(Side side);
std::string_view DirectionName(Direction direction);
std::string_view BoundName(Bound bound);
// Inverses of the above; nullopt for an unknown name.
std::optional<FactKind> ParseKind(std::string_view name);
std::optional<Section> ParseSection(std::string_view name);
std::optional<Side> ParseSide(std::string_view name);
std::optional<Direction> ParseDirection(std::string_view name);
std::optional<Bound> ParseBound(std::string_view name);

// The name of a liquidation that is one position ("the largest single
// liquidation was a $41.7 million long"): never a part or a total of a sum.
inline constexpr std::string_view kLargestSingleLiquidation = "largest single liquidation";

// One numeric claim of the article. Owns its strings: a fact outlives the page.
struct Fact {
  FactKind kind = FactKind::kAmount;
  std::string asset;                 // "BTC", "MARKET"; empty when nothing supports one.
  std::string name;                  // Metric name where useful: "Coinbase Premium Index", "IBIT".
  double value = 0;                  // Normalised: "$272.75 million" -> 272750000; "3.97%" -> 3.97.
  std::optional<double> value_high;  // Upper end of a range.
  std::optional<double> value_from;  // Start of a move "from X to Y" (value is Y).
  std::string unit;                  // "USD", "percent", "index", "BTC".
  Side side = Side::kNone;           // Liquidations only.
  Direction direction = Direction::kNone;
  Bound bound = Bound::kNone;  // kLower for "past/above $X", kUpper for "below $X".
  bool approx = false;         // Hedged: around, roughly, nearly, ~.
  bool conditional = false;    // Forecast, target or hypothetical.
  bool negated = false;        // "did not fall below $60,000".
  std::string period;          // "24h", "week", ...; empty when not stated.
  Section section = Section::kBody;
  std::string text;           // The exact span.
  size_t start = 0, end = 0;  // Byte offsets of text: into the title for headline facts, else into
                              // the article text.
  std::string sentence;       // The sentence the span is in.
  std::string pattern;  // Name of the grammar rule that matched (for debugging and evaluation).

  bool operator==(const Fact&) const = default;
};

enum class CitationKind { kData, kOutlet };
std::string_view CitationKindName(CitationKind kind);
std::optional<CitationKind> ParseCitationKind(std::string_view name);

// A source the article credits: resolved name plus the spelling on the page.
struct Citation {
  std::string name;  // Canonical from the source lexicon ("CryptoQuant"); as written when unlisted.
  std::string raw;   // As written: "Crytoquant".
  std::string url;   // Outbound link when there is one.
  CitationKind kind = CitationKind::kData;

  bool operator==(const Citation&) const = default;
};

// One market quote the page itself displays (ticker tape, price widget).
struct SnapshotItem {
  std::string asset;                     // Ticker symbol, "BTC".
  std::string name;                      // Display name, "Bitcoin".
  std::optional<double> price;           // In USD.
  std::optional<double> change_percent;  // Signed; unsigned text on the page stays positive.
  std::string period = "24h";            // Period of change_percent.
  std::string origin;                    // "ticker", "widget" or "chip".
  std::optional<double> volume;          // Trading volume over period, USD.
  std::optional<double> market_cap;      // USD.
  std::optional<double> low, high;       // Price range over period.

  bool operator==(const SnapshotItem&) const = default;
};

struct ExtractStats {
  int boilerplate_blocks_removed = 0;
  int ticker_items = 0;
  size_t bytes = 0;       // Input size.
  double parse_ms = 0;    // Charset conversion, cleanup and DOM parse.
  double extract_ms = 0;  // Everything after the parse.

  bool operator==(const ExtractStats&) const = default;
};

// Everything extraction learns from one page or text.
struct Article {
  std::string url;
  std::string canonical_url;
  std::string title;
  std::string author;
  std::string site_name;
  std::string published;  // ISO 8601 as precise as the page says; empty when unknown.
  std::string updated;
  std::string language;  // BCP 47 primary tag, "en".
  std::string text;      // Main content; paragraphs separated by a blank line.
  std::vector<Fact> facts;
  std::vector<Citation> citations;
  std::vector<SnapshotItem> market_snapshot;
  ExtractStats stats;

  bool operator==(const Article&) const = default;
};

}  // namespace factsift

#endif  // FACTSIFT_COMMON_ARTICLE_H_
