// Asset and source lexicons: which crypto asset a name denotes, and which
// data provider or outlet an article credits. Both are data shipped in the
// repository (extract/data/*.tsv, see its README) and compiled into the binary.
#ifndef FACTSIFT_EXTRACT_LEXICON_H_
#define FACTSIFT_EXTRACT_LEXICON_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <re2/re2.h>

#include "common/article.h"
#include "common/status.h"

namespace factsift::extract {

struct Asset {
  std::string symbol;                // "BTC"
  std::string name;                  // "Bitcoin"
  std::vector<std::string> aliases;  // "XBT", "the world's largest cryptocurrency"
  bool stablecoin = false;
  bool ambiguous_name = false;    // Name is an English word: only the bracket forms count.
  bool ambiguous_symbol = false;  // Ticker is an English word: only "$SYM" and brackets count.
};

// Where an asset is named in a text.
struct AssetMention {
  size_t begin = 0, end = 0;  // Byte offsets.
  const Asset* asset = nullptr;
};

// Immutable after construction; safe to share between threads.
class AssetLexicon {
 public:
  // Parses the TSV format of extract/data/assets.tsv. InvalidArgument names
  // the line of a malformed row or a duplicate.
  static StatusOr<std::unique_ptr<AssetLexicon>> FromTsv(std::string_view tsv);
  // The lexicon compiled into the binary, parsed once.
  static const AssetLexicon& Default();

  const Asset* FindSymbol(std::string_view symbol) const;  // Exact, upper case.
  const Asset* FindName(std::string_view name) const;      // Name or alias, any case.
  size_t size() const { return assets_.size(); }

  // Mentions in text order, longest first where they overlap:
  //   "Solana [SOL] rose" -> SOL at "Solana [SOL]"; "Ether's" -> ETH at "Ether";
  //   "$BTC" -> BTC; "NEAR (NEAR)" -> NEAR, but "near $73,000" -> nothing.
  std::vector<AssetMention> FindMentions(std::string_view text) const;

 private:
  AssetLexicon() = default;

  std::vector<Asset> assets_;
  std::unordered_map<std::string, size_t> by_symbol_;
  std::unordered_map<std::string, size_t> by_name_;  // Lower-case names and aliases.
  std::unique_ptr<RE2> names_;                       // Unambiguous names and aliases, any case.
};

struct Source {
  std::string name;  // "CryptoQuant"
  CitationKind kind = CitationKind::kData;
  std::vector<std::string> aliases;
  std::vector<std::string> domains;  // Registrable domains: "cryptoquant.com".
};

struct SourceMention {
  size_t begin = 0, end = 0;
  const Source* source = nullptr;
};

// Immutable after construction; safe to share between threads.
class SourceLexicon {
 public:
  static StatusOr<std::unique_ptr<SourceLexicon>> FromTsv(std::string_view tsv);
  static const SourceLexicon& Default();

  // Name or alias in any case; failing that, a near spelling ("Crytoquant" ->
  // CryptoQuant) within one edit per five letters, at most two.
  const Source* FindByName(std::string_view raw) const;
  // The source whose domain the URL's host is or is under.
  const Source* FindByUrl(std::string_view url) const;
  // Names and aliases written in text, word-bounded, any case.
  std::vector<SourceMention> FindMentions(std::string_view text) const;
  size_t size() const { return sources_.size(); }

 private:
  SourceLexicon() = default;

  std::vector<Source> sources_;
  std::unordered_map<std::string, size_t> by_name_;  // Lower case.
  std::unordered_map<std::string, size_t> by_domain_;
  std::unique_ptr<RE2> names_;
};

// Edit distance on bytes (optimal string alignment: a transposition of
// neighbours counts once), for short strings.
int EditDistance(std::string_view a, std::string_view b);

// "https://www.CoinGlass.com/x" -> "coinglass.com"-style host, lower-cased, without
// "www."; "" when the URL has no host.
std::string UrlHost(std::string_view url);

}  // namespace factsift::extract

#endif  // FACTSIFT_EXTRACT_LEXICON_H_
