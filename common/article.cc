#include "common/article.h"

#include <array>
#include <utility>

namespace factsift {
namespace {

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return "";
}

constexpr std::array<std::pair<FactKind, std::string_view>, 11> kKindNames{{
    {FactKind::kPrice, "price"},
    {FactKind::kPriceRange, "price_range"},
    {FactKind::kPercentChange, "percent_change"},
    {FactKind::kLiquidation, "liquidation"},
    {FactKind::kOpenInterest, "open_interest"},
    {FactKind::kMarketCap, "market_cap"},
    {FactKind::kVolume, "volume"},
    {FactKind::kEtfFlow, "etf_flow"},
    {FactKind::kFundingRate, "funding_rate"},
    {FactKind::kIndexValue, "index_value"},
    {FactKind::kAmount, "amount"},
}};
constexpr std::array<std::pair<Section, std::string_view>, 5> kSectionNames{{
    {Section::kHeadline, "headline"},
    {Section::kSummary, "summary"},
    {Section::kBody, "body"},
    {Section::kCaption, "caption"},
    {Section::kFaq, "faq"},
}};
constexpr std::array<std::pair<Side, std::string_view>, 4> kSideNames{
    {{Side::kNone, ""}, {Side::kLong, "long"}, {Side::kShort, "short"}, {Side::kTotal, "total"}}};
constexpr std::array<std::pair<Direction, std::string_view>, 3> kDirectionNames{
    {{Direction::kNone, ""}, {Direction::kUp, "up"}, {Direction::kDown, "down"}}};
constexpr std::array<std::pair<Bound, std::string_view>, 3> kBoundNames{
    {{Bound::kNone, ""}, {Bound::kLower, "lower"}, {Bound::kUpper, "upper"}}};
constexpr std::array<std::pair<CitationKind, std::string_view>, 2> kCitationKindNames{
    {{CitationKind::kData, "data"}, {CitationKind::kOutlet, "outlet"}}};

}  // namespace

std::string_view KindName(FactKind kind) { return NameOf(kKindNames, kind); }
std::string_view SectionName(Section section) { return NameOf(kSectionNames, section); }
std::string_view SideName(Side side) { return NameOf(kSideNames, side); }
std::string_view DirectionName(Direction direction) { return NameOf(kDirectionNames, direction); }
std::string_view BoundName(Bound bound) { return NameOf(kBoundNames, bound); }
std::string_view CitationKindName(CitationKind kind) { return NameOf(kCitationKindNames, kind); }

std::optional<FactKind> ParseKind(std::string_view name) { return Lookup(kKindNames, name); }
std::optional<Section> ParseSection(std::string_view name) { return Lookup(kSectionNames, name); }
std::optional<Side> ParseSide(std::string_view name) { return Lookup(kSideNames, name); }
std::optional<Direction> ParseDirection(std::string_view name) {
  return Lookup(kDirectionNames, name);
}
std::optional<Bound> ParseBound(std::string_view name) { return Lookup(kBoundNames, name); }
std::optional<CitationKind> ParseCitationKind(std::string_view name) {
  return Lookup(kCitationKindNames, name);
}

}  // namespace factsift
