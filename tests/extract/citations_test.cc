// extract/internal/citations.h: which sources a text credits, and which
// mentions are only mentions.
#include "extract/internal/citations.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace factsift::extract::internal {
namespace {

std::vector<std::string> CitedNames(std::string_view text, const std::vector<Link>& links = {}) {
  std::vector<std::string> names;
  for (const Citation& citation : ExtractCitations(text, links, SourceLexicon::Default())) {
    names.push_back(citation.name);
  }
  return names;
}

TEST(Citations, CreditsInText) {
  struct Row {
    std::string text;
    std::vector<std::string> cited;  // Canonical names, in order of first credit.
  };
  const Row rows[] = {
      {"Liquidations hit $310 million, according to CoinGlass.", {"CoinGlass"}},
      {"Data from CryptoQuant and Glassnode show outflows.", {"CryptoQuant", "Glassnode"}},
      {"Santiment data shows whales bought 40,000 BTC.", {"Santiment"}},
      {"Santiment analytic firm said that whales are accumulating.", {"Santiment"}},
      {"Outflows reached $120 million (Farside).", {"Farside Investors"}},
      // Misspelled names in a credit resolve by edit distance.
      {"Shorts lost $80 million, according to Coinglas.", {"CoinGlass"}},
      {"It fell.\nSantimnet, which tracks a similar cohort, counted 1,984 wallets.", {"Santiment"}},
      // Spun copy: "in response to" stands for "according to".
      {"ETFs posted US$ 371 million of inflows, in response to Farside Traders.",
       {"Farside Investors"}},
      // A venue quoted for a price.
      {"BTC was down 3.8% at $68,210 on Bitstamp.", {"Bitstamp"}},
      {"BTC exceeded 69 thousand dollars in Monday trading on Binance exchange.", {"Binance"}},
      {"Markets are gloomy. On Polymarket, traders put a 22% probability on $100,000.",
       {"Polymarket"}},
      // A house the lexicon does not know, marked as one by its last word.
      {"Scenarios from Polaris Block Analytics, March 9.", {"Polaris Block Analytics"}},
      // The index credits its publisher.
      {"The Crypto Fear & Greed Index fell to 12.", {"Alternative.me"}},
      // A closing Sources list credits every source it names.
      {"Bitcoin rose.\nSources\nCoinGecko\nThe Block", {"CoinGecko", "The Block"}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    EXPECT_EQ(CitedNames(row.text), row.cited);
  }
}

TEST(Citations, MentionsAreNotCredits) {
  const std::string texts[] = {
      "Binance announced a new listing on Tuesday.",
      "Coinbase shares rose 4% after the earnings call.",
      "Bitcoin fell in response to the SEC ruling.",
      "Binance users reported delays on Monday.",
      "She spoke at the Bitcoin Conference in Miami.",
      "He moved from London to Research Triangle last year.",
  };
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    EXPECT_EQ(CitedNames(text), std::vector<std::string>{});
  }
}

TEST(Citations, LinksCreditTheirDomainAndLendUrls) {
  const std::vector<Link> links = {
      {"https://www.coinglass.com/LiquidationData", "liquidation data", false},
      {"https://example.org/about", "About", false},
  };
  const std::vector<Citation> citations =
      ExtractCitations("Shorts lost $310 million.", links, SourceLexicon::Default());
  ASSERT_EQ(citations.size(), 1u);
  EXPECT_EQ(citations[0].name, "CoinGlass");
  EXPECT_EQ(citations[0].url, "https://www.coinglass.com/LiquidationData");

  const std::vector<Citation> credited =
      ExtractCitations("Shorts lost $310 million, per CoinGlass.", links, SourceLexicon::Default());
  ASSERT_EQ(credited.size(), 1u);
  EXPECT_EQ(credited[0].raw, "CoinGlass");
  EXPECT_EQ(credited[0].url, "https://www.coinglass.com/LiquidationData");
}

}  // namespace
}  // namespace factsift::extract::internal
