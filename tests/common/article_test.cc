#include "common/article.h"

#include <gtest/gtest.h>

namespace factsift {
namespace {

// Every enum name parses back to its value: the names are persisted in SQLite and JSON.
TEST(Article, EnumNamesRoundTrip) {
  for (FactKind kind :
       {FactKind::kPrice, FactKind::kPriceRange, FactKind::kPercentChange, FactKind::kLiquidation,
        FactKind::kOpenInterest, FactKind::kMarketCap, FactKind::kVolume, FactKind::kEtfFlow,
        FactKind::kFundingRate, FactKind::kIndexValue, FactKind::kAmount}) {
    SCOPED_TRACE(KindName(kind));
    EXPECT_FALSE(KindName(kind).empty());
    EXPECT_EQ(ParseKind(KindName(kind)), kind);
  }
  for (Section s :
       {Section::kHeadline, Section::kSummary, Section::kBody, Section::kCaption, Section::kFaq}) {
    EXPECT_EQ(ParseSection(SectionName(s)), s);
  }
  for (Side s : {Side::kNone, Side::kLong, Side::kShort, Side::kTotal}) {
    EXPECT_EQ(ParseSide(SideName(s)), s);
  }
  EXPECT_EQ(ParseDirection("down"), Direction::kDown);
  EXPECT_EQ(ParseBound("upper"), Bound::kUpper);
  EXPECT_EQ(ParseCitationKind("outlet"), CitationKind::kOutlet);
  EXPECT_EQ(ParseKind("nonsense"), std::nullopt);
}

}  // namespace
}  // namespace factsift
