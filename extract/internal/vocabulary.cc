#include "extract/internal/vocabulary.h"

#include <array>
#include <string>

#include "extract/internal/text_util.h"

namespace factsift::extract::internal {
namespace {

struct Term {
  std::string_view token;
  uint32_t bits;
};

// Whole tokens of class/id values. English first, then the commonest
// equivalents in German, French, Spanish, Italian, Portuguese, Dutch and
// Polish, because templates are localised too.
constexpr Term kTokens[] = {
    // Furniture.
    {"nav", kVocabBoilerplate},
    {"navbar", kVocabBoilerplate},
    {"navigation", kVocabBoilerplate},
    {"menu", kVocabBoilerplate},
    {"menubar", kVocabBoilerplate},
    {"submenu", kVocabBoilerplate},
    {"megamenu", kVocabBoilerplate},
    {"breadcrumb", kVocabBoilerplate},
    {"breadcrumbs", kVocabBoilerplate},
    {"footer", kVocabBoilerplate},
    {"sidebar", kVocabBoilerplate},
    {"aside", kVocabBoilerplate},
    {"widget", kVocabBoilerplate},
    {"widgets", kVocabBoilerplate},
    {"related", kVocabBoilerplate},
    {"recommended", kVocabBoilerplate},
    {"recommendations", kVocabBoilerplate},
    {"popular", kVocabBoilerplate},
    {"trending", kVocabBoilerplate},
    {"mostread", kVocabBoilerplate},
    {"share", kVocabBoilerplate},
    {"shares", kVocabBoilerplate},
    {"sharing", kVocabBoilerplate},
    {"sharebar", kVocabBoilerplate},
    {"social", kVocabBoilerplate},
    {"socials", kVocabBoilerplate},
    {"comment", kVocabBoilerplate},
    {"comments", kVocabBoilerplate},
    {"respond", kVocabBoilerplate},
    {"reply", kVocabBoilerplate},
    {"disqus", kVocabBoilerplate},
    {"newsletter", kVocabBoilerplate},
    {"subscribe", kVocabBoilerplate},
    {"subscription", kVocabBoilerplate},
    {"signup", kVocabBoilerplate},
    {"login", kVocabBoilerplate},
    {"signin", kVocabBoilerplate},
    {"modal", kVocabBoilerplate},
    {"popup", kVocabBoilerplate},
    {"overlay", kVocabBoilerplate},
    {"cookie", kVocabBoilerplate},
    {"cookies", kVocabBoilerplate},
    {"consent", kVocabBoilerplate},
    {"gdpr", kVocabBoilerplate},
    {"banner", kVocabBoilerplate},
    {"ad", kVocabBoilerplate},
    {"ads", kVocabBoilerplate},
    {"advert", kVocabBoilerplate},
    {"advertisement", kVocabBoilerplate},
    {"adsense", kVocabBoilerplate},
    {"adslot", kVocabBoilerplate},
    {"sponsor", kVocabBoilerplate},
    {"sponsored", kVocabBoilerplate},
    {"promo", kVocabBoilerplate},
    {"promoted", kVocabBoilerplate},
    {"outbrain", kVocabBoilerplate},
    {"taboola", kVocabBoilerplate},
    {"tags", kVocabBoilerplate},
    {"tagcloud", kVocabBoilerplate},
    {"taglist", kVocabBoilerplate},
    {"pagination", kVocabBoilerplate},
    {"pager", kVocabBoilerplate},
    {"toc", kVocabBoilerplate},
    {"skip", kVocabBoilerplate},
    {"print", kVocabBoilerplate},
    {"rating", kVocabBoilerplate},
    {"bio", kVocabBoilerplate},
    {"authorbox", kVocabBoilerplate},
    {"offcanvas", kVocabBoilerplate},
    {"search", kVocabBoilerplate},
    {"werbung", kVocabBoilerplate},
    {"anzeige", kVocabBoilerplate},
    {"kommentare", kVocabBoilerplate},
    {"teilen", kVocabBoilerplate},
    {"empfehlungen", kVocabBoilerplate},
    {"publicite", kVocabBoilerplate},
    {"commentaires", kVocabBoilerplate},
    {"partage", kVocabBoilerplate},
    {"publicidad", kVocabBoilerplate},
    {"comentarios", kVocabBoilerplate},
    {"compartir", kVocabBoilerplate},
    {"relacionados", kVocabBoilerplate},
    {"pubblicita", kVocabBoilerplate},
    {"commenti", kVocabBoilerplate},
    {"condividi", kVocabBoilerplate},
    {"correlati", kVocabBoilerplate},
    {"compartilhar", kVocabBoilerplate},
    {"reacties", kVocabBoilerplate},
    {"gerelateerd", kVocabBoilerplate},
    {"reklama", kVocabBoilerplate},
    {"komentarze", kVocabBoilerplate},
    // The article.
    {"article", kVocabContent},
    {"articlebody", kVocabContent},
    {"content", kVocabContent},
    {"entry", kVocabContent},
    {"post", kVocabContent},
    {"story", kVocabContent},
    {"storybody", kVocabContent},
    {"body", kVocabContent},
    {"text", kVocabContent},
    {"prose", kVocabContent},
    {"richtext", kVocabContent},
    {"markdown", kVocabContent},
    {"main", kVocabContent},
    {"artikel", kVocabContent},
    {"inhalt", kVocabContent},
    {"contenu", kVocabContent},
    {"contenido", kVocabContent},
    {"conteudo", kVocabContent},
    {"testo", kVocabContent},
    {"tresc", kVocabContent},
    // Hidden.
    {"sronly", kVocabHidden},
    {"screenreadertext", kVocabHidden},
    {"visuallyhidden", kVocabHidden},
    {"offscreen", kVocabHidden},
    // Sections.
    {"faq", kVocabFaq},
    {"faqs", kVocabFaq},
    {"caption", kVocabCaption},
    {"figcaption", kVocabCaption},
    {"dek", kVocabSummary},
    {"standfirst", kVocabSummary},
    {"excerpt", kVocabSummary},
    {"summary", kVocabSummary},
    {"subtitle", kVocabSummary},
    {"subheadline", kVocabSummary},
    {"keypoints", kVocabSummary},
    {"takeaways", kVocabSummary},
    {"highlights", kVocabSummary},
    {"tldr", kVocabSummary},
    // Quote direction.
    {"up", kVocabUp},
    {"positive", kVocabUp},
    {"green", kVocabUp},
    {"gain", kVocabUp},
    {"rise", kVocabUp},
    {"rising", kVocabUp},
    {"increase", kVocabUp},
    {"bull", kVocabUp},
    {"bullish", kVocabUp},
    {"plus", kVocabUp},
    {"pos", kVocabUp},
    {"down", kVocabDown},
    {"negative", kVocabDown},
    {"red", kVocabDown},
    {"loss", kVocabDown},
    {"fall", kVocabDown},
    {"falling", kVocabDown},
    {"decrease", kVocabDown},
    {"bear", kVocabDown},
    {"bearish", kVocabDown},
    {"minus", kVocabDown},
    {"neg", kVocabDown},
    // Tickers and bylines.
    {"ticker", kVocabTicker},
    {"marquee", kVocabTicker},
    {"tape", kVocabTicker},
    {"byline", kVocabByline},
    {"author", kVocabByline},
    {"authors", kVocabByline},
    {"meta", kVocabByline},
    {"dateline", 0},
    {"date", kVocabByline},
    {"posted", kVocabByline},
};

// Substrings that survive concatenated names ("rightsidebar", "relatedposts").
constexpr Term kSubstrings[] = {
    {"sidebar", kVocabBoilerplate},
    {"breadcrumb", kVocabBoilerplate},
    {"newsletter", kVocabBoilerplate},
    {"advert", kVocabBoilerplate},
    {"sponsor", kVocabBoilerplate},
    {"cookie", kVocabBoilerplate},
    {"navbar", kVocabBoilerplate},
    {"related", kVocabBoilerplate},
    {"socialshare", kVocabBoilerplate},
    {"sharing", kVocabBoilerplate},
    {"subscribe", kVocabBoilerplate},
    {"footer", kVocabBoilerplate},
    {"widget", kVocabBoilerplate},
    {"disqus", kVocabBoilerplate},
    {"outbrain", kVocabBoilerplate},
    {"taboola", kVocabBoilerplate},
    {"ticker", kVocabTicker},
    {"marquee", kVocabTicker},
    {"keypoint", kVocabSummary},
    {"takeaway", kVocabSummary},
    {"sronly", kVocabHidden},
    {"screenreader", kVocabHidden},
    {"visuallyhidden", kVocabHidden},
    {"articlebody", kVocabContent | kVocabStrongContent},
    {"entrycontent", kVocabContent | kVocabStrongContent},
    {"postcontent", kVocabContent | kVocabStrongContent},
    {"postbody", kVocabContent | kVocabStrongContent},
    {"storybody", kVocabContent | kVocabStrongContent},
    {"articlecontent", kVocabContent | kVocabStrongContent},
    {"articletext", kVocabContent | kVocabStrongContent},
};

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

uint32_t TokenBits(std::string_view token) {
  for (const Term& term : kTokens) {
    if (term.token == token) return term.bits;
  }
  return 0;
}

bool StartsWithWord(std::string_view text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  return text.size() == prefix.size() || !IsAlnum(text[prefix.size()]);
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == ':')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

namespace {

// "has-sidebar", "with-sidebar", "no-comments": a class that says what a
// layout contains or lacks, not what the element is.
bool IsLayoutModifier(std::string_view name) {
  for (std::string_view prefix :
       {"has-", "has_", "with-", "with_", "no-", "no_", "without-", "show-", "hide-"}) {
    if (name.size() > prefix.size() && AsciiLower(name.substr(0, prefix.size())) == prefix)
      return true;
  }
  return false;
}

}  // namespace

uint32_t ClassifyNames(std::string_view class_or_id) {
  if (class_or_id.empty()) return 0;
  // Classify class names one by one, leaving layout modifiers out.
  if (class_or_id.find(' ') != std::string_view::npos || IsLayoutModifier(class_or_id)) {
    uint32_t bits = 0;
    size_t start = 0;
    while (start < class_or_id.size()) {
      size_t end = class_or_id.find_first_of(" \t\n", start);
      if (end == std::string_view::npos) end = class_or_id.size();
      const std::string_view name = class_or_id.substr(start, end - start);
      if (!name.empty() && !IsLayoutModifier(name) && name.find(' ') == std::string_view::npos) {
        bits |= ClassifyNames(name);
      }
      start = end + 1;
    }
    return bits;
  }
  uint32_t bits = 0;
  std::string squashed;  // Lower-case letters and digits only, to find substrings.
  std::string token;
  auto flush = [&] {
    if (!token.empty()) bits |= TokenBits(token);
    token.clear();
  };
  for (const char c : class_or_id) {
    if (IsAlnum(c)) {
      token.push_back(AsciiLower(c));
      squashed.push_back(AsciiLower(c));
    } else if (c == '-' || c == '_') {
      // "entry-content": both halves count as tokens, and the joined form
      // ("entrycontent") stays in `squashed` for the substring terms.
      flush();
    } else {
      flush();
      squashed.push_back(' ');
    }
  }
  flush();
  for (const Term& term : kSubstrings) {
    if (squashed.find(term.token) != std::string::npos) bits |= term.bits;
  }
  return bits;
}

uint32_t ClassifyHeading(std::string_view heading_text) {
  const std::string lower = AsciiLower(Trim(heading_text));
  const std::string_view text = lower;
  static constexpr std::string_view kFaq[] = {"frequently asked questions",
                                              "faq",
                                              "faqs",
                                              "häufig gestellte fragen",
                                              "preguntas frecuentes",
                                              "questions fréquentes",
                                              "domande frequenti"};
  for (std::string_view p : kFaq) {
    if (StartsWithWord(text, p) || text.find("frequently asked questions") != std::string::npos) {
      return kVocabFaq;
    }
  }
  static constexpr std::string_view kSummary[] = {
      "key points", "key takeaways", "key facts", "takeaways", "highlights",
      "in brief",   "at a glance",   "summary",   "tl;dr",     "tldr",
      "quick take", "fast facts",    "the gist"};
  for (std::string_view p : kSummary) {
    if (StartsWithWord(text, p)) return kVocabSummary;
  }
  static constexpr std::string_view kFurniture[] = {"related",
                                                    "recommended",
                                                    "more news",
                                                    "more stories",
                                                    "more from",
                                                    "read more",
                                                    "read next",
                                                    "read also",
                                                    "also read",
                                                    "popular",
                                                    "trending",
                                                    "most read",
                                                    "you may also like",
                                                    "you might also like",
                                                    "latest news",
                                                    "latest posts",
                                                    "share this",
                                                    "comments",
                                                    "leave a reply",
                                                    "leave a comment",
                                                    "sign up",
                                                    "subscribe",
                                                    "newsletter",
                                                    "follow us",
                                                    "tags",
                                                    "about the author",
                                                    "more in",
                                                    "top stories",
                                                    "editor's picks"};
  for (std::string_view p : kFurniture) {
    if (StartsWithWord(text, p)) return kVocabBoilerplate;
  }
  return 0;
}

bool IsBoilerplateLine(std::string_view text) {
  const std::string lower = AsciiLower(Trim(text));
  static constexpr std::string_view kWhole[] = {"advertisement",
                                                "advertising",
                                                "ad",
                                                "ads",
                                                "sponsored",
                                                "sponsored content",
                                                "share",
                                                "share this",
                                                "share this article",
                                                "share this post",
                                                "share on",
                                                "print",
                                                "email",
                                                "copy link",
                                                "read more",
                                                "related",
                                                "related articles",
                                                "related posts",
                                                "related news",
                                                "tags",
                                                "listen",
                                                "listen to this article",
                                                "skip to content",
                                                "loading...",
                                                "subscribe",
                                                "follow us",
                                                "continue reading",
                                                "show more",
                                                "load more",
                                                "scroll to top",
                                                "back to top",
                                                "photo",
                                                "image",
                                                "video",
                                                "anzeige",
                                                "werbung",
                                                "publicité",
                                                "publicidad",
                                                "pubblicità"};
  for (std::string_view whole : kWhole) {
    if (lower == whole) return true;
  }
  static constexpr std::string_view kTeaserPrefixes[] = {"read more:",
                                                         "read also:",
                                                         "also read:",
                                                         "related:",
                                                         "see also:",
                                                         "recommended:",
                                                         "must read:",
                                                         "read next:",
                                                         "more:",
                                                         "watch:",
                                                         "listen:",
                                                         "lesen sie auch:",
                                                         "à lire aussi:",
                                                         "lea también:",
                                                         "leia também:",
                                                         "reporting by ",
                                                         "editing by ",
                                                         "writing by ",
                                                         "additional reporting by "};
  for (std::string_view prefix : kTeaserPrefixes) {
    if (lower.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace factsift::extract::internal
