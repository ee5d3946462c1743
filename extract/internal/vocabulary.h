// Class/id vocabulary: what page authors call the parts of a page.
//
// Page templates name their parts, in many languages, and those names are the
// cheapest strong evidence of what a block is: <div class="related-posts">
// is furniture, <div class="entry-content"> is the article.
#ifndef FACTSIFT_EXTRACT_INTERNAL_VOCABULARY_H_
#define FACTSIFT_EXTRACT_INTERNAL_VOCABULARY_H_

#include <cstdint>
#include <string_view>

namespace factsift::extract::internal {

enum VocabularyBits : uint32_t {
  kVocabBoilerplate = 1u << 0,     // nav, sidebar, related, share, comments, ads, ...
  kVocabContent = 1u << 1,         // article, entry-content, story-body, ...
  kVocabHidden = 1u << 2,          // sr-only, visually-hidden, hidden
  kVocabFaq = 1u << 3,             // faq, schema-faq
  kVocabCaption = 1u << 4,         // caption, wp-caption-text
  kVocabSummary = 1u << 5,         // dek, standfirst, excerpt, key-points
  kVocabUp = 1u << 6,              // up, positive, green, gain: a rising quote
  kVocabDown = 1u << 7,            // down, negative, red, loss: a falling quote
  kVocabTicker = 1u << 8,          // ticker, marquee, price-ticker
  kVocabByline = 1u << 9,          // byline, author, meta, paywall: short notes only
  kVocabStrongContent = 1u << 10,  // articleBody, entry-content: outweighs furniture words
  kVocabCredit = 1u << 11,         // credit, copyright, counter: a note on a picture
  kVocabEmbed = 1u << 12,  // embed, twitter-tweet: a quoted post, whatever else it is called
};

// Classifies a class or id attribute value by its tokens (split on
// non-alphanumerics, lower-cased) and a few substrings that survive
// concatenation ("rightsidebar", "relatedposts").
uint32_t ClassifyNames(std::string_view class_or_id);

// Classifies a heading's text: "Frequently Asked Questions" -> kVocabFaq,
// "Key takeaways" -> kVocabSummary, "Related articles" -> kVocabBoilerplate.
uint32_t ClassifyHeading(std::string_view heading_text);

// True for whole blocks that are furniture wherever they stand:
// "Advertisement", "Share this article", "Read more:" teasers, pagination
// ("Page 1 of 3", "Next page: ..."), image counters and credits ("Bild 1 von
// 4", "Photo: Jane Doe/AP"), view counters ("Hits: 4218"), reading times,
// bylines ("By Jane Doe · 2 March 2026") and datelines ("Published November
// 20th, 2019 - 07:29 GMT"), newsletter and social promotions ("Subscribe to
// our newsletter for updates in your inbox", "Follow her on Twitter"), and
// markup residue (shortcodes, lone class names, JSON). A sentence that
// merely begins with such a word is not furniture. Same as ClassifyLine(text)
// != LineKind::kText.
bool IsBoilerplateLine(std::string_view text);

// What a whole block is by its words alone. A label names the box it heads
// ("Partner content", "Related stories", "Continue on page 2", a short line
// that reads as a furniture heading); a meta line describes the page or a
// picture (bylines, datelines, credits, counters, reading times, promotions,
// markup residue) and says nothing about what follows it. Long blocks (over
// 300 bytes) are text unless they open with a teaser or sign-off prefix.
enum class LineKind { kText, kLabel, kMeta };
LineKind ClassifyLine(std::string_view text);

// True for a caption that is only a parenthesised attribution:
// "(Tokenwatch illustration)", "(Jonas Reuter/The Ledger Post)".
bool IsCreditLine(std::string_view text);

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_VOCABULARY_H_
