#include "extract/fact_patterns.h"

#include <array>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace factsift::extract {
namespace {

// Hedge words shared by several patterns: "about", "nearly", ...
#define FACTSIFT_HEDGE                                                                \
  R"((?:around|roughly|about|nearly|almost|near|some|approximately|approx\.?|circa|)" \
  R"(close\s+to|an\s+estimated|estimated|toward|towards|over\s+roughly))"

const std::vector<PatternSpec>& Specs() {
  static const std::vector<PatternSpec> kSpecs = {
      {PatternId::kQuantity, "quantity",
       // sign, currency, number with thousands separators, scale word or
       // letter, percent, unit: "+$312.4M", "$21", "272.75 million", "3.97%",
       // "−0.25" (after normalisation "-0.25"), "41,300 BTC".
       // "%3.7" is how Turkish and some translated copy write a percentage.
       R"((?:(?P<sign>[+\-])|(?P<arrow>[▲▼↑↓])\s?)?(?:(?P<cur>US\$|\$|€|£|USD\s)\s?|(?P<pctpre>%))?)"
       // 1,978.27 (English), 1.978,27 (German, French, ...) or plain; which
       // separator is decimal is decided in C++ from the page's language.
       // Digit runs are bounded so that a megabyte of digits is many short
       // matches (each glued to the last, so dropped) rather than one that
       // RE2 must capture through slowly.
       R"((?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,}|\d{1,24}(?:[.,]\d{1,24})?))"
       // Scale words of English, French and German copy ("318,5 millions",
       // "412 Mio.", "2,37 Billionen" = 2.37 trillion).
       R"((?:\s?(?P<word>(?i:trillion|billion|millions?|milliards?|millionen|milliarden|billionen|)"
       R"(thousand|tn|bn|mn|mln)\b|(?:Mio|Mrd|Bio)\.)|(?P<letter>[kKMBTm])\b)?)"
       R"((?:\s?(?P<pct>%|percent\b|per\s+cent\b|pct\b))?)"
       // "2,057 dollars", "300 Million Dollars", "millions de dollars",
       // "2.000 $": the currency written after.
       R"((?:\s(?P<dollars>(?i:(?:de\s+)?dollars?|US\s+dollars))\b|\s(?P<unit>[A-Z][A-Z0-9]{1,9})\b|)"
       R"(\s?(?P<cursuf>\$|€|£))?)",
       "around $272.75 million"},
      {PatternId::kHedge, "hedge", R"((?i)(?:\b)" FACTSIFT_HEDGE R"(\s+(?:the\s+|a\s+)?|~\s?)$)",
       "climbed to levels near "},
      {PatternId::kApproxNoun, "approx_noun", R"((?i)^\s?(?:range|region|area|zone|handle)\b)",
       " range"},
      {PatternId::kBoundLower, "bound_lower",
       R"((?i)\b(?:above|over|past|beyond|more\s+than|greater\s+than|at\s+least|in\s+excess\s+of|)"
       R"(exceeding|exceeds?|exceeded|topped|tops|topping|surpassed|surpassing|surpass|)"
       R"((?:broke|breaking|breaks)\s+(?:above|past|through)|breached|crossed|reclaimed|reclaiming|)"
       R"(reclaim|north\s+of)\s+(?:the\s+)?$)",
       "pushing the price past "},
      {PatternId::kBoundUpper, "bound_upper",
       R"((?i)\b(?:below|under|beneath|less\s+than|at\s+most|up\s+to|no\s+more\s+than|south\s+of|)"
       R"(sub-?)\s*(?:the\s+)?$)",
       "slipped below "},
      {PatternId::kCrossing, "crossing",
       R"((?i)\b(?:past|topped|tops|topping|surpassed|surpassing|surpass|(?:broke|breaking|breaks)\s+)"
       R"((?:above|past|through)|breached|crossed|reclaimed|reclaiming|reclaim)\s+(?:the\s+)?$)",
       "broke past the "},
      {PatternId::kUpWord, "up_word",
       R"((?i)\b(?:rose|rise|rises|rising|risen|climb(?:ed|s|ing)?|gain(?:ed|s|ing)?|advanc(?:ed|es|ing|e)|)"
       R"(surg(?:ed|es|ing|e)|jump(?:ed|s|ing)?|rall(?:ied|ies|y|ying)|rebound(?:ed|s|ing)?|)"
       R"(recover(?:ed|s|ing|y)?|increas(?:ed|es|ing|e)|spik(?:ed|es|ing|e)|soar(?:ed|s|ing)?|up|higher|)"
       R"(added|adding|grew|grow(?:s|ing|n)?|inflows?|pump(?:ed|s)?|bounced?|rocket(?:ed|s)?|)"
       R"(skyrocket(?:ed|s)?|upswing|uptick|climb|rebound|attracted|drew|took\s+in|intake|(?:fresh|new)\s+money|)"
       R"(appreciat(?:ed|es|ing|ion)|)"
       // German and French copy: "stieg", "im Plus", "a gagné", "en hausse".
       R"(stieg|steigt|gestiegen|gewann|gewinnt|zulegen|legte|(?:im|ein(?:em)?)\s+Plus|gagn|hausse|grimp|remont)\b|)"
       // French "a progressé", not English "progress".
       R"(\bprogress(?:é|ait|aient|e\b))",
       "Solana [SOL] rose about "},
      {PatternId::kDownWord, "down_word",
       R"((?i)\b(?:fell|fall(?:s|ing|en)?|drop(?:ped|s|ping)?|slid(?:e|es|ing)?|declin(?:ed|es|ing|e)|)"
       R"(plung(?:ed|es|ing|e)|tumbl(?:ed|es|ing|e)|shed(?:s|ding)?|sank|sink(?:s|ing)?|slipp(?:ed|ing)|)"
       R"(slips?|lost|los(?:e|es|ing)|dipp(?:ed|ing)|dips?|down|lower|crash(?:ed|es|ing)?|)"
       R"(slump(?:ed|s|ing)?|retreat(?:ed|s|ing)?|decreas(?:ed|es|ing|e)|plummet(?:ed|s|ing)?|)"
       R"(outflows?|sell-?off|dump(?:ed|s)?|erased?|downturn|pullback|correction|shrank|shrink(?:s|ing)?|)"
       R"(redemptions?|withdrawals?|withdrew|pulled|bled|bleed(?:s|ing)?|depreciat(?:ed|es|ing|ion)|)"
       // German and French copy: "fiel", "verlor", "ein Minus", "en baisse".
       R"(fällt|fiel|sank|sinkt|verlor|verliert|(?:im|ein(?:em)?)\s+Minus|baisse|recul|chut|perdu)\b)",
       "caused Bitcoin [BTC] to drop toward"},
      {PatternId::kPeriod, "period",
       R"((?i)\b(?:(?:over|in|during)\s+the\s+(?:past|last|previous)\s+(?:24\s+hours|day|week|month|year|)"
       R"((?:\d+|seven|thirty)\s+days)|(?:over|during|in)\s+the\s+(?:course\s+of\s+the\s+)?(?:week|month|)"
       R"(day|session|year)|(?:past|last)\s+24\s+hours|24\s?h(?:ours|rs)?\b|24-hour|on\s+the\s+(?:day|week|month)|)"
       R"(on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|)"
       R"(this\s+(?:week|month)|week-(?:over|on)-week|weekly|month-to-date|MTD|quarter-to-date|)"
       R"(year-to-date|YTD|intraday|overnight|since\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|)"
       R"(Saturday|Sunday|the\s+start\s+of\s+the\s+(?:week|month|year))))",
       "rose about 3.97% over the week"},
      {PatternId::kSamePeriod, "same_period",
       R"((?i)\b(?:during|over|in)\s+the\s+same\s+(?:period|time(?:frame)?|window|stretch|week|day))",
       "advanced roughly 1.6% during the same period"},
      {PatternId::kMarketWide, "market_wide",
       R"((?i)\b(?:total|overall|entire|whole|broader|broad|global|combined)\s+(?:crypto(?:currency)?\s+)?)"
       R"((?:market|liquidations?|market\s+cap(?:itali[sz]ation)?)\b|\bcrypto(?:currency)?\s+)"
       R"((?:market|liquidations?)\b|\bacross\s+the\s+(?:crypto\s+|broader\s+|entire\s+)?market\b|)"
       R"(\bmarket-wide\b|\ball\s+(?:crypto(?:currencies)?|coins|digital\s+assets)\b|)"
       R"(\b(?:total|combined|global|overall)\s+crypto(?:currency)?\s+capitali[sz]ation\b|)"
       R"(\bcapitali[sz]ation\s+of\s+the\s+crypto(?:currency)?\s+market\b|)"
       R"(\bdigital\s+asset\s+(?:market|investment\s+products|products)\b|\bcrypto\s+funds?\b|)"
       R"(\baller\s+Kryptowährungen\b|\bGesamtmarkt\w*|\bensemble\s+du\s+marché)",
       "total crypto liquidations across the market"},
      {PatternId::kShortSide, "short_side",
       // Spun copy rewrites "short positions" as "quick/brief positions".
       R"((?i)\b(?:shorts|short\s+(?:positions?|sellers?|traders?|bets?|liquidations?|squeeze)|short-side|bears|)"
       R"((?:quick|brief)\s+positions?|short-positionen|positions?\s+(?:vendeuses|courtes)|)"
       R"(bearish\s+(?:bets?|positions?|traders?)|betting\s+on\s+(?:lower\s+prices|a\s+(?:fall|decline|drop)|)"
       R"(further\s+(?:losses|declines|falls)))\b)",
       "of short positions were liquidated"},
      {PatternId::kLongSide, "long_side",
       R"((?i)\b(?:longs|long\s+(?:positions?|traders?|bets?|liquidations?)|long-side|bulls|)"
       R"((?:lengthy|prolonged)\s+positions?|long-positionen|positions?\s+(?:acheteuses|longues)|)"
       R"(bullish\s+(?:bets?|positions?|traders?)|betting\s+on\s+(?:higher\s+prices|a\s+(?:rise|rally|rebound)|)"
       R"(further\s+gains))\b)",
       "$36.21 million from longs"},
      {PatternId::kTotalSide, "total_side",
       R"((?i)\b(?:total|combined|overall|in\s+all|altogether|aggregate)\b)", "total liquidations"},
      {PatternId::kLiquidation, "liquidation",
       R"((?i)\bliquidat\w*|\b(?:wipe[sd]?|wiping)\s+out\b|\brekt\b|\bflushed\s+out\b|)"
       R"(\bforcibly\s+closed\b|\bforced\s+(?:to\s+)?clos(?:e|ed|ures?)\b|\bforced\s+out\b|\bwipeout\b|)"
       // German "liquidiert", French "liquidées".
       R"(\bliquidier\w*|\bliquidé)",
       "short positions were liquidated"},
      {PatternId::kOpenInterest, "open_interest",
       R"((?i:\bopen\s+interest\b|\bderivatives\s+exposure\b)|\bOI\b)",
       "Open Interest (OI) rebounded"},
      {PatternId::kMarketCap, "market_cap",
       R"((?i)\bmarket\s+(?:cap|capitali[sz]ation|value)\b|\bmcap\b|)"
       R"(\b(?:total|combined|global|overall|aggregate)\s+(?:crypto(?:currency)?\s+)?capitali[sz]ation\b|)"
       R"(\bcapitali[sz]ation\s+of\s+the\s+(?:crypto(?:currency)?\s+)?market\b|)"
       R"(\bvalue\s+of\s+(?:the\s+)?(?:(?:crypto(?:currency)?|digital[\s-]asset)\s+)?market\b|)"
       R"(\btotal\s+value\s+of\s+all\s+(?:crypto(?:currencie)?s|cryptocurrencies|digital\s+assets|tokens)\b|)"
       R"(\bmarket\s+(?:sheds?|loses|lost|adds|added|gains|gained)\b|)"
       R"(\bmarktkapitalisierung\b|\b(?:circulating\s+)?supply\b|\bcapitalisation\s+(?:du|de\s+la|totale)\b)",
       "a market cap of"},
      {PatternId::kVolume, "volume",
       R"((?i)\bvolumes?\b|\bchanged\s+hands\s+worth\b|\bturnover\b|)"
       R"(\bworth\s+of\s+\w+\s+(?:have\s+|has\s+|were\s+|was\s+)?(?:traded|changed\s+hands)\b)",
       "24-hour trading volume"},
      {PatternId::kEtfFlow, "etf_flow",
       R"((?i:\b(?:net\s+)?(?:inflows?|outflows?)\b|\bnet\s+flows?\b|\bexchange-traded\b|)"
       R"(\b(?:investment\s+)?products\b|\bredemptions?\b|\bwithdrawals?\b|\b(?:fresh|new)\s+money\b)|)"
       R"(\bET[FP]s?\b|\b(?:Trust|Fund)\b|)"
       // German "Nettoabflüsse", French "entrées nettes".
       R"(\b(?i:(?:netto)?(?:ab|zu)flüsse|(?:entrées|sorties)(?:\s+nettes)?)\b)",
       "spot bitcoin ETFs drew net inflows of"},
      {PatternId::kFundingRate, "funding_rate", R"((?i)\bfunding(?:\s+(?:rates?|fees?))?\b)",
       "funding rates flipped to"},
      {PatternId::kIndexName, "index_name",
       R"(((?:(?:[A-Z][\w'.-]*|&)\s+){0,4}(?:Index|Indicator|Oscillator|Premium(?:\s+Index)?)\b))",
       "the Coinbase Premium Index remained"},
      {PatternId::kPriceCue, "price_cue",
       R"((?i)\b(?:prices?|trad(?:ing|ed|es)|chang(?:ing|ed)\s+hands|levels?|peak(?:ed)?|highs?|lows?|)"
       R"(support|resistance|hit|reach(?:ed|es|ing)?|toward|towards|valued\s+at|quoted|worth|)"
       R"(barrier|mark|hover(?:ed|ing|s)?|consolidat\w*|stood|sat|sits?|at)\b)",
       "BTC prices later consolidated between"},
      {PatternId::kConditional, "conditional",
       R"((?i)\b(?:could|would|might|may|target(?:s|ed|ing)?|forecasts?|forecasted|predicts?|predicted|)"
       R"(prediction|expects?|expected|projected|projection|if|should|potential(?:ly)?|aims?|aiming|)"
       R"(eyes|eyeing|likely|outlook|scenario|will|)"
       // A desk's "year-end call", "bull case": forecasts named as nouns.
       R"((?:year-end|end-of-year|price|bull|bear|base)[\s-]+(?:calls?|cases?))\b)",
       "analysts say BTC could reach"},
      {PatternId::kNegation, "negation",
       R"((?i)\b(?:not|never|no\s+longer|failed\s+to|didn't|hasn't|wasn't|isn't|couldn't|won't)\b)",
       "did not fall below"},
      {PatternId::kClauseBreak, "clause_break",
       R"([,;:]\s|\s(?i:while|whereas|but|and|with|which|after|before|although|though|when|as)\s|\s[-–—]\s)",
       ", while total"},
      {PatternId::kNonCrypto, "non_crypto",
       R"((?i)\b(?:gold|silver|oil|crude|brent|S&P(?:\s*500)?|Nasdaq|Dow(?:\s+Jones)?|stocks?|equities|)"
       R"(treasur(?:y|ies)|bonds?|yields?|dollar\s+index|DXY|nvidia|tesla|shares)\b)",
       "gold rose 1.2%"},
      {PatternId::kBasket, "basket",
       R"((?i)\b(?:(?:all\s+)?(?:other|remaining|smaller)\s+(?:(?:large|major|big|leading|top)\s+)?)"
       R"((?:assets|coins|tokens|altcoins|cryptocurrencies|)"
       R"(digital\s+assets|products)|multi-asset\s+(?:products|investments|funds|ETPs)|)"
       R"(short-bitcoin\s+products|altcoins\s+as\s+a\s+group|DeFi\s+protocols|)"
       // Stablecoins as a sector: neither one coin nor the whole market.
       R"((?:(?:dollar|euro)-pegged\s+|fiat-backed\s+)?stablecoins|stablecoin\s+(?:supply|market|sector)|)"
       // DeFi as a sector: "DeFi liquidations", "weekly DEX volume".
       R"(DeFi\s+(?:liquidations|lending)|(?:weekly|daily|total)\s+DEX\s+volumes?)\b)",
       "Other assets collectively recorded inflows of"},
      {PatternId::kRegion, "region",
       R"(\b(?:the\s+)?(?:United\s+States|U\.S\.|US|Germany|Switzerland|Canada|Sweden|Brazil|)"
       R"(Hong\s+Kong|Australia|Japan|France|the\s+Netherlands|Netherlands|United\s+Kingdom|UK|)"
       R"(Europe|Asia|Singapore|South\s+Korea)\b)",
       "Germany saw inflows of"},
      {PatternId::kPriceMove, "price_move",
       R"((?i)\b(?:lost|losing|shed|shedding|gained|gaining|added|adding|dropped|dropping|fell|jumped|)"
       R"(climbed|rose|surged|plunged|tumbled|slid|swung)\s+(?:by\s+)?(?:(?:more\s+than|over|)"
       R"(nearly|about|around|roughly|some|almost|just\s+over|just\s+under)\s+)?$)",
       "the Bitcoin price lost more than "},
      {PatternId::kDominance, "dominance",
       R"((?i)\bdominance\b|\bdominanz\b|\bmarket\s+share\b|\bshare\s+of\s+(?:the\s+)?(?:total\s+)?(?:crypto\s+)?market\b)",
       "Bitcoin's dominance slipped to"},
      {PatternId::kLockedValue, "locked_value", R"((?i)\bTVL\b|\btotal\s+value\s+locked\b)",
       "Total value locked across DeFi protocols fell"},
      {PatternId::kOnePosition, "one_position",
       R"((?i)\b(?:(?:largest|biggest)\s+single|single\s+(?:largest|biggest))\s+liquidation\b|)"
       R"(\b(?:largest|biggest)\s+liquidation\s+(?:order|position)\b)",
       "The largest single liquidation was"},
  };
  return kSpecs;
}

#undef FACTSIFT_HEDGE

}  // namespace

const std::vector<PatternSpec>& FactPatternSpecs() { return Specs(); }

const RE2& FactPattern(PatternId id) {
  static const std::vector<std::unique_ptr<RE2>>* const kCompiled = [] {
    auto* compiled = new std::vector<std::unique_ptr<RE2>>();
    for (const PatternSpec& spec : Specs()) {
      RE2::Options options;
      options.set_log_errors(false);
      auto re = std::make_unique<RE2>(spec.pattern, options);
      // The table is covered by tests; a pattern that does not compile is a
      // build defect, not an input problem.
      if (!re->ok()) std::abort();
      const size_t index = static_cast<size_t>(spec.id);
      if (compiled->size() <= index) compiled->resize(index + 1);
      (*compiled)[index] = std::move(re);
    }
    return compiled;
  }();
  return *(*kCompiled)[static_cast<size_t>(id)];
}

}  // namespace factsift::extract
