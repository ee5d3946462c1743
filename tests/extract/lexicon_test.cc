// Asset and source lexicons: loading extract/data/*.tsv, lookups, mentions.
#include "extract/lexicon.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "extract/internal/data.h"

#include "tests/testing/status_matchers.h"

namespace factsift::extract {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Data rows of a lexicon file: lines after the header that are not comments.
size_t DataRows(std::string_view tsv) {
  size_t rows = 0;
  bool header = true;
  std::istringstream in{std::string(tsv)};
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    ++rows;
  }
  return rows;
}

// lexicon.h: both lexicons are compiled into the binary from
// extract/data/*.tsv, and Default() parses all of it.
TEST(Lexicon, DefaultLoadsBothEmbeddedFiles) {
  const std::string assets = ReadFile(FACTSIFT_SOURCE_DIR "/extract/data/assets.tsv");
  const std::string sources = ReadFile(FACTSIFT_SOURCE_DIR "/extract/data/sources.tsv");
  ASSERT_FALSE(assets.empty());
  ASSERT_FALSE(sources.empty());
  EXPECT_EQ(data::kAssetsTsv, assets) << "the embedded copy is stale";
  EXPECT_EQ(data::kSourcesTsv, sources) << "the embedded copy is stale";
  EXPECT_EQ(AssetLexicon::Default().size(), DataRows(assets));
  EXPECT_EQ(SourceLexicon::Default().size(), DataRows(sources));
  EXPECT_GT(AssetLexicon::Default().size(), 400u);
  EXPECT_GT(SourceLexicon::Default().size(), 100u);
  EXPECT_OK(AssetLexicon::FromTsv(data::kAssetsTsv));
  EXPECT_OK(SourceLexicon::FromTsv(data::kSourcesTsv));
}

// lexicon.h: FindSymbol is exact and upper case; ticker-shaped aliases
// (XBT, MATIC) are symbols too (extract/data/README.md, "How names are
// matched"). FindName takes names and aliases in any case.
TEST(AssetLexicon, FindSymbolAndFindName) {
  const AssetLexicon& assets = AssetLexicon::Default();
  struct Row {
    std::string query;
    bool by_symbol;
    std::string expected;  // Symbol, or "" for no asset.
  };
  const Row rows[] = {
      {"BTC", true, "BTC"},
      {"XBT", true, "BTC"},
      {"MATIC", true, "POL"},
      {"FIGR_HELOC", true, "FIGR_HELOC"},
      {"HYPE", true, "HYPE"},
      {"btc", true, ""},
      {"Bitcoin", true, ""},
      {"", true, ""},
      {"bitcoin", false, "BTC"},
      {"BITCOIN", false, "BTC"},
      {"Ether", false, "ETH"},
      {"the world's largest cryptocurrency", false, "BTC"},
      {"stETH", false, "STETH"},
      {"Bitcoin Cash", false, "BCH"},
      {"Binance Coin", false, "BNB"},
      {"Hyperliquid", false, "HYPE"},
      {"Flow", false, "FLOW"},  // Ambiguous names still look up.
      {"Nonexistent Coin", false, ""},
      {"", false, ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.query + (row.by_symbol ? " (symbol)" : " (name)"));
    const Asset* asset = row.by_symbol ? assets.FindSymbol(row.query) : assets.FindName(row.query);
    if (row.expected.empty()) {
      EXPECT_EQ(asset, nullptr) << "found " << asset->symbol;
    } else {
      EXPECT_NE(asset, nullptr);
      if (asset != nullptr) {
        EXPECT_EQ(asset->symbol, row.expected);
      }
    }
  }
}

// lexicon.h FindMentions and extract/data/README.md: mentions in text
// order, longest first; a name and its bracketed ticker are one mention;
// "'s" does not hide a name; cashtags count; ambiguous tickers count only
// in brackets or as cashtags, so "near $73,000" names no NEAR.
TEST(AssetLexicon, FindMentions) {
  struct Row {
    std::string text;
    std::vector<std::pair<std::string, std::string>> mentions;  // Span text, symbol.
  };
  const Row rows[] = {
      {"Solana [SOL] rose", {{"Solana [SOL]", "SOL"}}},
      {"Hyperliquid [HYPE] gained nearly 12%", {{"Hyperliquid [HYPE]", "HYPE"}}},
      {"Bitcoin Bitcoin (BTC) $67,835.00", {{"Bitcoin", "BTC"}, {"Bitcoin (BTC)", "BTC"}}},
      {"Ether's price", {{"Ether", "ETH"}}},
      {"Ether\u2019s price", {{"Ether", "ETH"}}},
      {"$BTC and $ETH", {{"$BTC", "BTC"}, {"$ETH", "ETH"}}},
      {"Bitcoin traded near $73,000", {{"Bitcoin", "BTC"}}},
      {"NEAR (NEAR) rose", {{"NEAR (NEAR)", "NEAR"}}},
      {"$HYPE", {{"$HYPE", "HYPE"}}},
      {"HYPE around the launch", {}},
      {"Bitcoin Cash fell", {{"Bitcoin Cash", "BCH"}}},
      {"Ethereum Classic and Ethereum", {{"Ethereum Classic", "ETC"}, {"Ethereum", "ETH"}}},
      {"the world's largest cryptocurrency", {{"the world's largest cryptocurrency", "BTC"}}},
      {"the world\u2019s largest cryptocurrency",
       {{"the world\u2019s largest cryptocurrency", "BTC"}}},
      {"The flagship\ncryptocurrency", {{"The flagship\ncryptocurrency", "BTC"}}},
      {"XBT futures", {{"XBT", "BTC"}}},
      {"sol and link are words", {}},
      {"Flow is a word but Flow (FLOW) is a coin", {{"Flow (FLOW)", "FLOW"}}},
      {"ETH/BTC ratio", {{"ETH", "ETH"}, {"BTC", "BTC"}}},
      {"", {}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    std::vector<std::pair<std::string, std::string>> got;
    for (const AssetMention& mention : AssetLexicon::Default().FindMentions(row.text)) {
      got.emplace_back(row.text.substr(mention.begin, mention.end - mention.begin),
                       mention.asset->symbol);
    }
    EXPECT_EQ(got, row.mentions);
  }
}

// extract/data/README.md, "Descriptive phrases": "the largest
// cryptocurrency exchange" is Binance, not BTC; a descriptive alias followed
// by exchange, platform, fund, manager, issuer, lender, miner or ETF names
// something else.
TEST(AssetLexicon, Heuristic_DescriptivePhraseBeforeNounIsNoMention) {
  struct Row {
    std::string text;
    size_t mentions;
  };
  const Row rows[] = {
      {"the largest cryptocurrency exchange", 0},
      {"the largest stablecoin issuer", 0},
      {"the world's largest cryptocurrency fund manager", 0},
      {"the largest cryptocurrency miner", 0},
      {"the largest cryptocurrency rose", 1},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    EXPECT_EQ(AssetLexicon::Default().FindMentions(row.text).size(), row.mentions);
  }
}

// FromTsv rejects what extract/data/README.md ("Adding an entry", step 4)
// says the loader must reject, and names the 1-based line (comments count).
TEST(AssetLexicon, Spec_FromTsvErrorsNameTheLine) {
  const std::string header = "symbol\tname\taliases\tflags\n";
  struct Row {
    std::string name;
    std::string body;   // After the header.
    std::string where;  // Expected in the message; "" when the file is valid.
  };
  const Row rows[] = {
      {"valid", "BTC\tBitcoin\tXBT\t\nETH\tEthereum\tEther\t\n", ""},
      {"valid with flags and comments",
       "# c\nUSDT\tTether\t\tstable\nS\tSonic\t\tambiguous_name,ambiguous_symbol\n", ""},
      {"one field", "BTC\tBitcoin\t\t\nETH\n", "line 3"},
      {"three fields", "BTC\tBitcoin\t\n", "line 2"},
      {"five fields", "BTC\tBitcoin\t\t\textra\n", "line 2"},
      {"empty name", "BTC\t\t\t\n", "line 2"},
      {"unknown flag", "# c\nBTC\tBitcoin\t\tshiny\n", "line 3"},
      {"duplicate symbol", "BTC\tBitcoin\t\t\nBTC\tBitcoin Two\t\t\n", "line 3"},
      {"duplicate name, other case", "BTC\tBitcoin\t\t\nXBTC\tbitcoin\t\t\n", "line 3"},
      {"duplicate alias", "BTC\tBitcoin\tdigital gold\t\nPAXG\tPAX Gold\tDigital Gold\t\n",
       "line 3"},
      {"alias repeats another symbol", "BTC\tBitcoin\t\t\nWBTC\tWrapped Bitcoin\tBTC\t\n",
       "line 3"},
      {"typographic quote", "BTC\tBitcoin\tthe world\u2019s largest cryptocurrency\t\n", "line 2"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    StatusOr<std::unique_ptr<AssetLexicon>> lexicon = AssetLexicon::FromTsv(header + row.body);
    if (row.where.empty()) {
      EXPECT_OK(lexicon);
    } else {
      if (lexicon.ok()) {
        ADD_FAILURE() << "accepted; expected InvalidArgument naming " << row.where;
        continue;
      }
      EXPECT_EQ(lexicon.status().code(), StatusCode::kInvalidArgument);
      EXPECT_NE(lexicon.status().message().find(row.where), std::string::npos)
          << lexicon.status().message();
    }
  }
  EXPECT_FALSE(AssetLexicon::FromTsv("").ok()) << "no assets";
  EXPECT_FALSE(AssetLexicon::FromTsv(header).ok()) << "no assets";
}

// Likewise for sources.tsv: kind is data or outlet; names and domains are
// unique; a domain is registrable, without scheme, "www." or path.
TEST(SourceLexicon, Spec_FromTsvErrorsNameTheLine) {
  const std::string header = "name\tkind\taliases\tdomains\n";
  struct Row {
    std::string name;
    std::string body;
    std::string where;
  };
  const Row rows[] = {
      {"valid", "CoinGlass\tdata\tBybt\tcoinglass.com|bybt.com\nThe Block\toutlet\t\ttheblock.co\n",
       ""},
      {"unknown kind", "# c\nCoinGlass\tnews\t\tcoinglass.com\n", "line 3"},
      {"three fields", "CoinGlass\tdata\t\n", "line 2"},
      {"duplicate name", "CoinGlass\tdata\t\tcoinglass.com\ncoinglass\tdata\t\tcg.example\n",
       "line 3"},
      {"alias repeats a name",
       "CoinGlass\tdata\t\tcoinglass.com\nBybt\tdata\tCoinGlass\tbybt.com\n", "line 3"},
      {"duplicate domain", "CoinGlass\tdata\t\tcoinglass.com\nOther\tdata\t\tcoinglass.com\n",
       "line 3"},
      {"domain with scheme", "CoinGlass\tdata\t\thttps://coinglass.com\n", "line 2"},
      {"domain with www", "CoinGlass\tdata\t\twww.coinglass.com\n", "line 2"},
      {"domain with path", "CoinGlass\tdata\t\tcoinglass.com/liquidations\n", "line 2"},
      {"typographic quote", "Investor\u2019s Daily\toutlet\t\tinvestors.example\n", "line 2"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    StatusOr<std::unique_ptr<SourceLexicon>> lexicon = SourceLexicon::FromTsv(header + row.body);
    if (row.where.empty()) {
      EXPECT_OK(lexicon);
    } else {
      if (lexicon.ok()) {
        ADD_FAILURE() << "accepted; expected InvalidArgument naming " << row.where;
        continue;
      }
      EXPECT_EQ(lexicon.status().code(), StatusCode::kInvalidArgument);
      EXPECT_NE(lexicon.status().message().find(row.where), std::string::npos)
          << lexicon.status().message();
    }
  }
}

// lexicon.h FindByName: name or alias in any case; else a near spelling
// within one edit per five letters, at most two. README "Edit distance needs
// care with short names": an exact match wins and short names are never
// matched fuzzily (Bybt/Bybit, CMC/CME, OKX/HTX are different sources).
TEST(SourceLexicon, FindByNameExactThenMisspelled) {
  struct Row {
    std::string raw;
    std::string expected;  // Canonical name, "" for none.
  };
  const Row rows[] = {
      {"CryptoQuant", "CryptoQuant"},
      {"cryptoquant", "CryptoQuant"},
      {"  CoinGlass ", "CoinGlass"},
      {"Coinglass", "CoinGlass"},
      {"Coin Glass", "CoinGlass"},
      {"Crytoquant", "CryptoQuant"},
      {"Santimet", "Santiment"},
      {"Coingeko", "CoinGecko"},
      {"Bybt", "CoinGlass"},
      {"Bybit", "Bybit"},
      {"CMC", "CoinMarketCap"},
      {"CME", "CME Group"},
      {"OKX", "OKX"},
      {"HTX", "HTX"},
      {"Farside", "Farside Investors"},
      {"Arkham Intelligence", "Arkham"},
      {"CNB", ""},
      {"OKY", ""},
      {"Zzyzx Analytics", ""},
      {"", ""},
  };
  const SourceLexicon& sources = SourceLexicon::Default();
  for (const Row& row : rows) {
    SCOPED_TRACE(row.raw);
    const Source* source = sources.FindByName(row.raw);
    if (row.expected.empty()) {
      EXPECT_EQ(source, nullptr) << "found " << source->name;
    } else {
      EXPECT_NE(source, nullptr);
      if (source != nullptr) {
        EXPECT_EQ(source->name, row.expected);
      }
    }
  }
}

// lexicon.h FindByUrl: the source whose registrable domain the host is or is
// under (README: intel.arkm.com matches arkm.com); a look-alike host is not.
TEST(SourceLexicon, FindByUrlWithSubdomains) {
  struct Row {
    std::string url;
    std::string expected;
  };
  const Row rows[] = {
      {"https://www.coinglass.com/LiquidationData", "CoinGlass"},
      {"https://coinglass.com", "CoinGlass"},
      {"https://bybt.com/x", "CoinGlass"},
      {"http://CryptoQuant.com/asset/btc", "CryptoQuant"},
      {"https://intel.arkm.com/explorer/entity/x", "Arkham"},
      {"https://a.b.santiment.net/?q=1", "Santiment"},
      {"https://coinglass.com.evil.example/", ""},
      {"https://notcoinglass.com/", ""},
      {"https://example.com/coinglass.com", ""},
      {"coinglass.com/x", ""},
      {"", ""},
  };
  const SourceLexicon& sources = SourceLexicon::Default();
  for (const Row& row : rows) {
    SCOPED_TRACE(row.url);
    const Source* source = sources.FindByUrl(row.url);
    if (row.expected.empty()) {
      EXPECT_EQ(source, nullptr) << "found " << source->name;
    } else {
      EXPECT_NE(source, nullptr);
      if (source != nullptr) {
        EXPECT_EQ(source->name, row.expected);
      }
    }
  }
}

// lexicon.h: source names and aliases written in text, word-bounded, any case.
TEST(SourceLexicon, FindMentions) {
  struct Row {
    std::string text;
    std::vector<std::pair<std::string, std::string>> mentions;  // Span text, source.
  };
  const Row rows[] = {
      {"Data from Santiment and CoinGlass further illustrate this pattern",
       {{"Santiment", "Santiment"}, {"CoinGlass", "CoinGlass"}}},
      {"according to Coin Glass", {{"Coin Glass", "CoinGlass"}}},
      {"coinglass data", {{"coinglass", "CoinGlass"}}},
      {"Farside Investors data", {{"Farside Investors", "Farside Investors"}}},
      {"CoinGlassy", {}},
      {"no source here", {}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    std::vector<std::pair<std::string, std::string>> got;
    for (const SourceMention& mention : SourceLexicon::Default().FindMentions(row.text)) {
      got.emplace_back(row.text.substr(mention.begin, mention.end - mention.begin),
                       mention.source->name);
    }
    EXPECT_EQ(got, row.mentions);
  }
}

// Levenshtein distance: insertions, deletions and substitutions cost one.
TEST(EditDistance, Levenshtein) {
  struct Row {
    std::string a, b;
    int distance;
  };
  const Row rows[] = {
      {"", "", 0},          {"abc", "", 3},           {"", "abc", 3},
      {"abc", "abc", 0},    {"kitten", "sitting", 3}, {"crytoquant", "cryptoquant", 1},
      {"bybt", "bybit", 1}, {"cmc", "cme", 1},        {"flaw", "lawn", 2},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.a + " / " + row.b);
    EXPECT_EQ(EditDistance(row.a, row.b), row.distance);
    EXPECT_EQ(EditDistance(row.b, row.a), row.distance);
  }
}

// lexicon.h UrlHost: host lower-cased, without "www.", user info or port;
// "" without a scheme.
TEST(UrlHost, HostWithoutWww) {
  struct Row {
    std::string url, host;
  };
  const Row rows[] = {
      {"https://www.CoinGlass.com/x", "coinglass.com"},
      {"http://user:pw@Host.Example:8080/p?q", "host.example"},
      {"https://intel.arkm.com", "intel.arkm.com"},
      {"https://www.example.com?x=1", "example.com"},
      {"https://www.example.com#top", "example.com"},
      {"HTTPS://WWW.EXAMPLE.COM/", "example.com"},
      {"no-scheme.com/x", ""},
      {"", ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.url);
    EXPECT_EQ(UrlHost(row.url), row.host);
  }
}

}  // namespace
}  // namespace factsift::extract
