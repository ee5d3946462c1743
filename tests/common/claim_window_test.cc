// Claim windows: period fields and sentence time phrases resolved against the
// published date (common/claim_window.h). Rules from issue 4 item 6.
#include "common/claim_window.h"

#include <gtest/gtest.h>

namespace factsift {
namespace {

TEST(ClaimWindow, DaysRoundTrip) {
  struct Row {
    const char* iso;
    const char* day;
  } rows[] = {
      {"2026-03-07", "2026-03-07"},
      {"2026-03-07T21:35:00+01:00", "2026-03-07"},  // The local date, as written.
      {"2024-02-29", "2024-02-29"},
      {"1970-01-01", "1970-01-01"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.iso);
    const std::optional<int64_t> day = ParseDay(row.iso);
    ASSERT_TRUE(day.has_value());
    EXPECT_EQ(FormatDay(*day), row.day);
  }
  for (const char* bad : {"", "2026-3-7", "2026-02-30", "yesterday", "2026/03/07"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParseDay(bad).has_value());
  }
}

// Published 2026-03-07 (a Saturday) unless the row says otherwise.
TEST(ClaimWindow, ResolvesPeriodsAndPhrases) {
  struct Row {
    const char* period;
    const char* sentence;
    const char* published;
    const char* from;
    const char* to;
  } rows[] = {
      // Nothing stated: the published day and the one before.
      {"", "Bitcoin trades at $67,835.", "2026-03-07", "2026-03-06", "2026-03-07"},
      {"24h", "BTC rose 1.6%.", "2026-03-07", "2026-03-06", "2026-03-07"},
      {"", "BTC fell over the past day.", "2026-03-07", "2026-03-06", "2026-03-07"},
      {"", "It closed lower yesterday.", "2026-03-07", "2026-03-06", "2026-03-06"},
      {"week", "SOL rose 3.97%.", "2026-03-07", "2026-03-01", "2026-03-07"},
      {"", "SOL rose about 3.97% over the week.", "2026-03-07", "2026-03-01", "2026-03-07"},
      {"", "ETH fell 8% last week.", "2026-03-07", "2026-02-23", "2026-03-01"},
      {"", "ETH is up 9.4% since Monday.", "2026-03-07", "2026-03-02", "2026-03-07"},
      {"", "BTC is down 4% month-to-date.", "2026-03-07", "2026-03-01", "2026-03-07"},
      {"", "XRP is up 27% year-to-date.", "2026-03-07", "2026-01-01", "2026-03-07"},
      {"ytd", "XRP is up 27%.", "2026-03-07", "2026-01-01", "2026-03-07"},
      {"", "BTC was near $73,000 in March.", "2026-03-07", "2026-03-01", "2026-03-07"},
      // The seed's claim: its own time phrase sets the window.
      {"", "Tensions in late January caused Bitcoin to drop toward the $63,000 range.",
       "2026-03-07", "2026-01-21", "2026-01-31"},
      {"", "Prices rallied in early March.", "2026-03-20", "2026-03-01", "2026-03-10"},
      {"", "Prices dipped in mid-February.", "2026-03-20", "2026-02-11", "2026-02-20"},
      {"", "A late February slide.", "2026-03-20", "2026-02-21", "2026-02-28"},
      // A month after the published month is last year's.
      {"", "BTC peaked in late November.", "2026-03-07", "2025-11-21", "2025-11-30"},
      // A date: that day and the next (a US evening is the next UTC day).
      {"", "Bitcoin touched $60,000 early on Friday, 6 February.", "2026-03-02", "2026-02-06",
       "2026-02-07"},
      {"", "On February 5 BTC fell below $63,000.", "2026-03-02", "2026-02-05", "2026-02-06"},
      // "since" runs to the published day; "by" is a deadline.
      {"", "ETH is at its lowest since May.", "2026-02-05", "2025-05-01", "2026-02-05"},
      {"", "It has not closed above $100 since Feb. 2.", "2026-03-09", "2026-02-03", "2026-03-09"},
      {"", "ETH is still down 29% since the start of January.", "2026-03-05", "2026-01-01",
       "2026-03-05"},
      {"", "Traders bet on BTC above $100,000 by June 30.", "2026-03-07", "2026-03-06",
       "2026-03-07"},
      // A move before the news.
      {"", "Bitcoin had previously climbed to levels near $73,000.", "2026-03-07", "2026-03-01",
       "2026-03-07"},
      // The phrase wins over the period.
      {"week", "In late January BTC fell 10%.", "2026-03-07", "2026-01-21", "2026-01-31"},
      // "May" the verb is no month.
      {"", "BTC may test $70,000.", "2026-03-07", "2026-03-06", "2026-03-07"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.period) + " | " + row.sentence + " | " + row.published);
    const std::optional<ClaimWindow> window =
        ResolveClaimWindow(row.period, row.sentence, row.published);
    ASSERT_TRUE(window.has_value());
    EXPECT_EQ(window->from(), row.from);
    EXPECT_EQ(window->to(), row.to);
    EXPECT_FALSE(window->source.empty());
  }
}

// With the claim's words, a phrase of its own clause wins; without one in
// the clause, the sentence's phrase still applies.
TEST(ClaimWindow, TheClaimsClauseWins) {
  struct Row {
    const char* sentence;
    const char* claim;
    const char* from;
    const char* to;
  } rows[] = {
      {"Bitcoin rose 5% last week, and funds drew $2.17bn, the largest since October.",
       "Bitcoin rose 5%", "2026-01-12", "2026-01-18"},
      {"Bitcoin rose 5% last week, and funds drew $2.17bn, the largest since October.", "$2.17bn",
       "2025-10-01", "2026-01-19"},
      {"In early January, Bitcoin fell, and it dropped to $63,000.", "dropped to $63,000",
       "2026-01-01", "2026-01-10"},
      {"Ether rose 5% last week; it was the best since October.", "Ether rose 5%", "2026-01-12",
       "2026-01-18"},
      {"Ether rose 5% last week; it was the best since October.", "", "2025-10-01", "2026-01-19"},
      // Between commas first: each figure keeps its own time phrase.
      {"Bitcoin changes hands around $67,500 this morning, down 23% year-to-date.",
       "Bitcoin changes hands around $67,500", "2026-01-18", "2026-01-19"},
      {"Bitcoin changes hands around $67,500 this morning, down 23% year-to-date.", "down 23%",
       "2026-01-01", "2026-01-19"},
      {"Sui gained 6.4% in 24 hours to $1.92, taking its weekly advance to 19.8%.",
       "Sui gained 6.4%", "2026-01-18", "2026-01-19"},
      {"Sui gained 6.4% in 24 hours to $1.92, taking its weekly advance to 19.8%.", "19.8%",
       "2026-01-13", "2026-01-19"},
      {"Spot bitcoin changed hands at $63,480, down 1.8% on the day; it had fallen earlier.",
       "down 1.8%", "2026-01-18", "2026-01-19"},
      // Weekdays: the latest on or before P (a Monday), and the next UTC day.
      {"Bitcoin fell to $88,000 on Thursday, CoinGlass said.", "Bitcoin fell to $88,000",
       "2026-01-15", "2026-01-16"},
      {"Monday's rally took ether to $3,300.", "ether to $3,300", "2026-01-19", "2026-01-19"},
      {"Traders expect $90,000 by Friday.", "$90,000", "2026-01-18", "2026-01-19"},
      {"Bitcoin fell to $88,000 last Monday.", "$88,000", "2026-01-12", "2026-01-13"},
      // A weekday's date in apposition is one phrase with it.
      {"Bitcoin touched $60,000 early on Friday, 9 January, before buyers returned.",
       "Bitcoin touched $60,000", "2026-01-09", "2026-01-10"},
      {"Bitcoin, which briefly slipped below $66,000 over the weekend, traded near $69,800 on "
       "Monday.",
       "slipped below $66,000", "2026-01-17", "2026-01-19"},
      // A weekday's reference point dates its own figure, starts the window
      // of a change measured from it, and dates no other claim (P is a
      // Monday: Friday is 2026-01-16).
      {"Bitcoin dropped as low as $81,118 in Asian trading, a decline of 9.2% from Friday\u2019s "
       "close of $89,300.",
       "dropped as low as $81,118", "2026-01-18", "2026-01-19"},
      {"Bitcoin dropped as low as $81,118 in Asian trading, a decline of 9.2% from Friday\u2019s "
       "close of $89,300.",
       "decline of 9.2%", "2026-01-16", "2026-01-19"},
      {"Bitcoin dropped as low as $81,118 in Asian trading, a decline of 9.2% from Friday\u2019s "
       "close of $89,300.",
       "$89,300", "2026-01-16", "2026-01-17"},
      {"Ether slid below Friday's low of $2,900 to $2,850.", "$2,850", "2026-01-18", "2026-01-19"},
      {"Ether is up 4% since Friday's open.", "up 4%", "2026-01-16", "2026-01-19"},
      {"Support: $1,800 \u2013 last Friday's low, which held.", "$1,800", "2026-01-16",
       "2026-01-17"},
      // "after <event>": the event's time phrase dates the event; the claim
      // before it came later, unless its own words say when.
      {"Bitcoin recovered to $68,900 after dipping to about $65,100 on Thursday.", "$68,900",
       "2026-01-15", "2026-01-19"},
      {"Bitcoin recovered to $68,900 after dipping to about $65,100 on Thursday.",
       "dipping to about $65,100", "2026-01-15", "2026-01-16"},
      {"Bitcoin is trading at $83,900 this morning after Friday's choppy session.", "$83,900",
       "2026-01-18", "2026-01-19"},
      {"Bitcoin traded at $67,520 at 11:30 UTC, after Friday's jump from $64,100 to $68,000.",
       "$67,520", "2026-01-16", "2026-01-19"},
      {"Bitcoin traded at $67,520 at 11:30 UTC, after Friday's jump from $64,100 to $68,000.",
       "$64,100 to $68,000", "2026-01-16", "2026-01-17"},
      // A weekday that is no reference point still dates the sentence.
      {"Friday's rally took ether to $3,300, a level last seen in December.", "ether to $3,300",
       "2026-01-16", "2026-01-17"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.sentence) + " | " + row.claim);
    const std::optional<ClaimWindow> window =
        ResolveClaimWindow("", row.sentence, "2026-01-19", row.claim);
    ASSERT_TRUE(window.has_value());
    EXPECT_EQ(window->from(), row.from);
    EXPECT_EQ(window->to(), row.to);
  }
}

TEST(ClaimWindow, NoPublishedDateNoWindow) {
  EXPECT_FALSE(ResolveClaimWindow("24h", "BTC rose 2% today.", "").has_value());
  EXPECT_FALSE(ResolveClaimWindow("", "BTC rose.", "not a date").has_value());
}

TEST(ClaimWindow, SourceSaysWhy) {
  EXPECT_EQ(ResolveClaimWindow("", "BTC at $70,000.", "2026-03-07")->source, "published day");
  EXPECT_EQ(ResolveClaimWindow("week", "", "2026-03-07")->source, "period 'week'");
  EXPECT_EQ(ResolveClaimWindow("", "in late January", "2026-03-07")->source,
            "phrase 'late January'");
  EXPECT_EQ(ResolveClaimWindow("", "BTC recovered to $70,000 after a slide on Thursday.",
                               "2026-03-07", "$70,000")
                ->source,
            "phrase 'after thursday 2026-03-05'");
}

}  // namespace
// The clause that says what a figure is: "close" in one clause does not
// make a figure of the next one a close.
TEST(ClaimWindow, ClaimClause) {
  struct Row {
    const char* sentence;
    const char* claim;
    const char* clause;
  } rows[] = {
      {"ETH rose 7.3% to close at $2,127, after briefly touching $2,199 in the afternoon.",
       "$2,199", "after briefly touching $2,199 in the afternoon."},
      {"ETH rose 7.3% to close at $2,127, after briefly touching $2,199 in the afternoon.",
       "$2,127", "eth rose 7.3% to close at $2,127"},
      {"Bitcoin has not closed above $100,000 since March.", "$100,000",
       "bitcoin has not closed above $100,000 since march."},
      {"Not in the sentence.", "$5", "not in the sentence."},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.sentence) + " | " + row.claim);
    EXPECT_EQ(ClaimClause(row.sentence, row.claim), row.clause);
  }
}

}  // namespace factsift
