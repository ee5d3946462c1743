// The days a claim is about: its stated period ("over the week", "24h") or the
// time phrase of its sentence ("in late January", "yesterday"), resolved
// against the article's published date. Pure functions; no clock.
//
//   std::optional<ClaimWindow> window =
//       ResolveClaimWindow("", "Iran in late January caused BTC to drop", "2026-03-07");
//   // window->from == "2026-01-21", window->to == "2026-01-31"
#ifndef FACTSIFT_COMMON_CLAIM_WINDOW_H_
#define FACTSIFT_COMMON_CLAIM_WINDOW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace factsift {

// Whole UTC days, both ends included.
struct ClaimWindow {
  int64_t from_day = 0;  // Days since 1970-01-01.
  int64_t to_day = 0;
  std::string source;  // Why these days: "published day", "period 'week'", "phrase 'late January'".

  std::string from() const;  // "2026-01-21".
  std::string to() const;
  bool operator==(const ClaimWindow&) const = default;
};

// Days since 1970-01-01 of the date an ISO 8601 text starts with
// ("2026-03-07", "2026-03-07T21:35:00+01:00" -> its local date); nullopt when
// it starts with no valid date.
std::optional<int64_t> ParseDay(std::string_view iso);
// "2026-03-07" for a day number.
std::string FormatDay(int64_t day);

// Resolves the window of a claim made in an article published on `published`
// (ISO 8601; only its date counts). `period` is the fact's period field
// ("24h", "week", "month", "ytd", ...), `sentence` the sentence around it.
// A time phrase in the sentence wins over the period, being more specific
// ("in late January ... over the week" is about late January). Rules, with
// P the published day:
//   "24h", "today", "past day", "this morning"    -> P-1 .. P
//   "yesterday"                                   -> P-1 .. P-1
//   "week", "7d", "past/this week"                -> P-6 .. P
//   "last week"                                   -> the Monday-to-Sunday week before P's
//   "since Monday" (any weekday)                  -> that weekday on or before P .. P
//   "on Thursday", "Monday's" (any weekday)       -> that weekday on or before P and the
//                                                    next day, up to P
//   "from/since Wednesday's close" (a weekday's
//   close, open, high, low, peak, level)          -> that weekday .. P, for the claim measured
//                                                    from it in its clause; it dates its own
//                                                    figure ("close of $89,300") as a weekday,
//                                                    and no other claim of the sentence
//   "last Tuesday" in a Tuesday's article         -> the Tuesday a week before
//   "<claim> after <event> on Thursday", no other
//   phrase for the claim                          -> Thursday .. P (the claim came after)
//   "over the weekend"                            -> the Saturday on or before P .. Monday
//   "month", "30d", "past month"                  -> P-29 .. P
//   "month-to-date", "this month"                 -> first of P's month .. P
//   "year-to-date", "ytd", "this year", "in 2026" -> January 1 of P's year .. P
//   "February 6", "6 Feb"                         -> that day and the next (a US evening is
//                                                    the next UTC day)
//   "early/mid/late <Month>"                      -> days 1-10 / 11-20 / 21-end of that month
//   "in <Month>"                                  -> the whole month
//   "previously", "earlier", "had climbed"        -> P-6 .. P (a move before the news)
//   nothing                                       -> P-1 .. P ("published day": the day
//                                                    before too, as news reports the last 24h)
// "since <date or month>" runs from then to P; "by June 30" is a deadline and
// sets nothing. A named month after P's month is taken from the year before. nullopt when
// `published` has no date. With `claim_text` (the claim's words, found in
// the sentence), a phrase of the claim's own clause wins over the others:
// "Bitcoin rose 5% last week, and ... the largest since October" is about
// last week. The clause is first the part between commas, then the part
// between ";", ", and", ", while", ", but", ", whereas"; a weekday's date in
// apposition ("Friday, 6 February") stays with it.
std::optional<ClaimWindow> ResolveClaimWindow(std::string_view period, std::string_view sentence,
                                              std::string_view published,
                                              std::string_view claim_text = {});

// The claim's narrowest clause, lower-cased: the part of `sentence` between
// the commas around `claim_text` ("after briefly touching $2,199" in "... to
// close at $2,127, after briefly touching $2,199"); the whole sentence when
// the claim is not found or no comma cuts it.
std::string ClaimClause(std::string_view sentence, std::string_view claim_text);

}  // namespace factsift

#endif  // FACTSIFT_COMMON_CLAIM_WINDOW_H_
