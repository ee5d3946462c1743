#include "extract/internal/vocabulary.h"

#include <array>
#include <string>
#include <unordered_map>

#include <re2/re2.h>

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
    {"disclaimer", kVocabBoilerplate},
    {"disclaimers", kVocabBoilerplate},
    {"disclosure", kVocabBoilerplate},
    {"partner", kVocabBoilerplate},
    {"partners", kVocabBoilerplate},
    {"hits", kVocabBoilerplate},
    // Attribution lines and notices: furniture when short, like bylines. A
    // long "article__paywall-zone" holds the rest of the article.
    {"paywall", kVocabByline},
    {"regwall", kVocabByline},
    {"credit", kVocabCredit},
    {"credits", kVocabCredit},
    {"copyright", kVocabCredit},
    {"counter", kVocabCredit},
    {"handle", kVocabCredit},
    {"affiliate", kVocabBoilerplate},
    {"affiliates", kVocabBoilerplate},
    {"actions", kVocabBoilerplate},
    {"toolbar", kVocabBoilerplate},
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
    // Quoted posts: "social-media-embed" is an embed before it is social.
    {"embed", kVocabEmbed},
    {"embeds", kVocabEmbed},
    {"embedded", kVocabEmbed},
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
    {"paywall", kVocabByline},
    {"disclaimer", kVocabBoilerplate},
    {"ticker", kVocabTicker},
    {"marquee", kVocabTicker},
    {"twittertweet", kVocabEmbed},
    {"instagrammedia", kVocabEmbed},
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
  // Built once; the keys view the constant table.
  static const std::unordered_map<std::string_view, uint32_t> kIndex = [] {
    std::unordered_map<std::string_view, uint32_t> index;
    for (const Term& term : kTokens) index[term.token] |= term.bits;
    return index;
  }();
  const auto it = kIndex.find(token);
  return it == kIndex.end() ? 0 : it->second;
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
    if (name.size() <= prefix.size()) continue;
    size_t k = 0;
    while (k < prefix.size() && AsciiLower(name[k]) == prefix[k]) ++k;
    if (k == prefix.size()) return true;
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
  // One name: its tokens, and its letters and digits squashed together for
  // the substring terms. Fixed buffers: this runs for every element of the
  // page. Names longer than the buffer are read up to its size.
  uint32_t bits = 0;
  constexpr size_t kMax = 96;
  char squashed[kMax];
  size_t squashed_size = 0;
  size_t token_begin = 0;  // In `squashed`: the current token is [token_begin, squashed_size).
  auto flush = [&] {
    if (squashed_size > token_begin) {
      bits |= TokenBits(std::string_view(squashed + token_begin, squashed_size - token_begin));
    }
    token_begin = squashed_size;
  };
  for (const char c : class_or_id) {
    if (squashed_size == kMax) break;
    if (IsAlnum(c)) {
      squashed[squashed_size++] = AsciiLower(c);
    } else {
      // "entry-content": both halves count as tokens, and the joined form
      // ("entrycontent") stays in `squashed` for the substring terms.
      flush();
      if (c != '-' && c != '_') {
        squashed[squashed_size++] = ' ';
        token_begin = squashed_size;
      }
    }
  }
  flush();
  const std::string_view joined(squashed, squashed_size);
  for (const Term& term : kSubstrings) {
    if (joined.find(term.token) != std::string_view::npos) bits |= term.bits;
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
  // "More Great WIRED Stories", "More features", "Mehr zum Thema": a
  // heading that offers more of something, not "More than a game".
  static const LazyRE2 kMore = {
      R"(^(?:more|mehr|plus d|m\x{E1}s|altri|altre|meer)\b(?:\s+\S+){0,3}\s+)"
      R"((?:stories|articles|news|features|posts|reads|videos|coverage|headlines|guides)"
      R"(|reviews|deals|topics|from\s.*|in\s.*|zum thema|artikel|nachrichten|noticias)"
      R"(|articoli|artikelen)$)"};
  if (RE2::FullMatch(text, *kMore)) return kVocabBoilerplate;
  return 0;
}

namespace {

// Strips what frames a label: spaces, a trailing colon, arrows and bullets
// ("‹ Zurück", "Next →", "• Share").
std::string_view TrimLabel(std::string_view text) {
  static constexpr std::string_view kFrames[] = {"\u2190", "\u2192", "\u2039", "\u203A", "\u00AB",
                                                 "\u00BB", "\u2022", "\u00B7", "<",      ">",
                                                 "|",      "\u25B8", "\u2026", "..."};
  bool changed = true;
  while (changed) {
    changed = false;
    text = Trim(text);
    for (std::string_view frame : kFrames) {
      if (text.starts_with(frame)) {
        text.remove_prefix(frame.size());
        changed = true;
      }
      if (text.ends_with(frame)) {
        text.remove_suffix(frame.size());
        changed = true;
      }
    }
  }
  return text;
}

// Lines that are page furniture by their shape, whatever the template
// calls them. Each pattern is anchored on the whole (trimmed) line.
// Pagination names what follows it (a "Continue on page 2" box holds the
// next page's teaser), so it is a label.
const RE2& PaginationPattern() {
  static const LazyRE2 kPattern = {
      "(?i)^(?:"
      // "Page 1 of 3", "Seite 2 von 5", "Continue on page 2", "Next page:
      // How the ETF bid disappeared", "Previous article".
      R"((?:page|seite|p\x{E1}gina|pagina|strona)\s*\d+\s*(?:of|von|de|di|z|sur|/)\s*\d+)"
      R"(|(?:continued?|weiter|suite|contin\x{FA}a)\s+(?:on|to|auf|en|in|a la|\x{E0} la)\s+)"
      R"((?:page|seite|p\x{E1}gina|pagina)\s*\d+.*)"
      R"(|(?:next|previous|prev|older|newer)\s+(?:page|article|post|story|entry)(?:\s*:.*)?)"
      ")$"};
  return *kPattern;
}

// Lines that describe the page or a picture rather than say anything.
const RE2& MetaLinePattern() {
  static const LazyRE2 kPattern = {
      "(?i)^(?:"
      // Image counters: "Bild 1 von 4", "Photo 3 of 12", "2 / 9".
      R"((?:image|photo|picture|slide|bild|foto|imagen|immagine|zdj\x{119}cie)\s*\d+\s*)"
      R"((?:of|von|de|di|z|sur|/)\s*\d+)"
      R"(|\d+\s*/\s*\d+)"
      // Counters: "Hits: 4218", "1,204 views", "12 Comments".
      R"(|(?:hits|views|aufrufe|zugriffe|visites|vues|visitas|vistas|visualizzazioni|letture))"
      R"(\s*:?\s*[\d.,\x{A0} ]+)"
      R"(|[\d.,]+\s*(?:views|comments?|shares|reads|kommentare|commentaires|comentarios|commenti))"
      R"(\s*(?:\(\+\))?)"
      // Photo and image credits: "Photo: Jane Doe/AP", "Foto: IMAGO",
      // "Grafik: Krypto-Kompass, Daten: CoinGlass", "Image copyright Getty Images".
      R"(|(?:photo|photos|photograph|image|images|picture|foto|fotos|bild|grafik|credit|credits)"
      R"(|cr\x{E9}dit|cr\x{E9}dito|illustration|image credit|photo credit|image source|copyright)"
      R"(|\x{A9})\s*(?::|\.\.\.|\x{2026}).*)"
      // An agency credit on its own: "Natalie Naccache | Bloomberg | Getty
      // Images", "Getty", "(AP Photo/Alan Diaz, File)".
      R"(|.{0,60}\b(?:getty images|getty|shutterstock|istock|istockphoto|reuters|afp|ap photo)"
      R"(|associated press|epa|alamy|dpa|imago)(?:\s*[,/]\s*file)?\)?)"
      R"(|image copyright\b.*|\x{A9}.*)"
      // A social handle on its own line: "@marta_deriv".
      R"(|@\w{2,30})"
      // Reading time: "12 min read (all pages)", "Lesezeit: 4 Min."
      R"(|.*\b\d+\s*(?:min|mins|minutes?|minuten|minutos|minuti)\.?\s+)"
      R"((?:read|reading|de lecture|lesezeit|de lectura|di lettura|de leitura)\b.*)"
      R"(|(?:lesezeit|reading time|temps de lecture|tiempo de lectura)\s*:?\s*\d+.*)"
      ")$"};
  return *kPattern;
}

// "By Jane Doe · 2 March 2026", "Von Max Muster", "Par Jean Dupont": a byline
// is short, starts with the author's name after the preposition and is not
// a sentence ("By Tuesday, prices had fallen." ends with a full stop).
const RE2& BylinePattern() {
  static const LazyRE2 kPattern = {
      R"(^(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor|[Pp]rzez|[Ww]ritten by|[Pp]osted by)"
      R"(|[Aa]uthor:|[Aa]utor:|[Aa]uteur\s*:)\s+\p{Lu}[^.!?]{1,100}$)"};
  return *kPattern;
}

// Words that only frame a date: month and weekday names and their
// abbreviations, time-zone and clock words, and the publication verbs of
// the commonest languages.
bool IsDateWord(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
      "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
      "sun", "am", "pm", "a", "p", "m", "gmt", "utc", "est", "edt", "pst", "pdt", "cst", "cdt",
      "cet", "cest", "bst", "ist", "et", "pt", "uhr", "h", "at", "on", "of", "the", "de", "del",
      "du", "le", "la", "el", "am", "um", "à", "às", "às", "th", "st", "nd", "rd",
      // Publication verbs.
      "published", "updated", "posted", "first", "last", "modified", "date", "dated", "created",
      "veröffentlicht", "aktualisiert", "publié", "publiée", "mis", "jour", "publicado",
      "actualizado", "atualizado", "pubblicato", "aggiornato", "gepubliceerd", "bijgewerkt",
      "opublikowano", "zaktualizowano", "stand",
      // Months and weekdays in other languages.
      "januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "janvier",
      "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre",
      "décembre", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
      "septiembre", "octubre", "noviembre", "diciembre", "janeiro", "fevereiro", "março", "maio",
      "junho", "julho", "setembro", "outubro", "dezembro", "gennaio", "febbraio", "aprile",
      "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre", "montag", "dienstag",
      "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi",
      "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles", "jueves",
      "viernes", "sábado", "domingo", "segunda", "terça", "quarta", "quinta", "sexta", "feira"};
  for (std::string_view known : kWords) {
    if (word == known) return true;
  }
  return false;
}

// A dateline: a short line that is a date and little else ("Published
// November 20th, 2019 - 07:29 GMT", "sexta-feira, 22 de outubro de 2010 às
// 20:13", "Updated Nov 19, 6:55 AM; Posted Nov 19, 6:51 AM"). It needs a
// month name, a clock time or a numeric date, and at most one other word
// (a label in a script the lists do not know, "기사입력").
bool IsDateLine(std::string_view lower) {
  if (lower.size() > 120) return false;
  static const LazyRE2 kNumericDate = {
      R"(\b(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}:\d{2})\b)"};
  bool month = false;
  int other = 0;
  bool digits = false;
  size_t i = 0;
  while (i < lower.size()) {
    const auto c = static_cast<unsigned char>(lower[i]);
    if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < lower.size()) {
      const auto d = static_cast<unsigned char>(lower[j]);
      if (d < 0x80 && !((d >= 'a' && d <= 'z') || (d >= '0' && d <= '9'))) break;
      ++j;
    }
    const std::string_view word = lower.substr(i, j - i);
    if (word[0] >= '0' && word[0] <= '9') {
      digits = true;  // "20th", "2019", "07"
    } else if (IsDateWord(word)) {
      month |= word.size() >= 3 && word != "the" && word != "del" && word != "first" &&
               word != "last" && word != "date";
    } else if (++other > 1) {
      return false;
    }
    i = j;
  }
  return digits && (month || RE2::PartialMatch(lower, *kNumericDate));
}

int CountWords(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// A promotion for the site's newsletter or social accounts: "Get the latest
// updates right in your inbox. Subscribe to NJ.com's newsletters.", "Sign
// up for our Newsletter.", "Follow her on Twitter @AmyKup or on Facebook."
// It needs two cues of different kinds (one alone is common in news about
// newsletters), or an invitation to follow someone on a social network.
bool IsCallToAction(std::string_view lower) {
  static constexpr std::string_view kCues[][4] = {
      {"newsletter", "bulletin", "infolettre", ""},
      {"inbox", "email address", "e-mail address", "delivered"},
      {"subscribe", "sign up", "signup", "abonn"},
      {"suscr", "iscriv", "inscri", "registr"},
  };
  int kinds = 0;
  for (const auto& group : kCues) {
    for (std::string_view cue : group) {
      if (!cue.empty() && lower.find(cue) != std::string_view::npos) {
        ++kinds;
        break;
      }
    }
  }
  if (kinds >= 2) return true;
  static const LazyRE2 kFollow = {R"(\bfollow (?:us|me|him|her|them|\S+(?: \S+){0,4}) on )"
                                  R"((?:twitter|facebook|instagram|linkedin|x|youtube|tiktok)\b)"};
  return RE2::PartialMatch(lower, *kFollow);
}

// A JSON object or array printed as text (a framework's page data).
bool IsJsonText(std::string_view text) {
  return text.size() >= 2 && (text.front() == '{' || text.front() == '[') &&
         (text.back() == '}' || text.back() == ']') && text.find("\":") != std::string_view::npos;
}

// Text that leaked from markup: a WordPress shortcode ("[button
// link=...]Send us YOUR kit review[/button]") or a lone CSS class name
// ("narrow-browser-and-phone").
bool IsMarkupResidue(std::string_view lower) {
  static const LazyRE2 kShortcode = {R"(^\[[a-z_]+[ \]].*\[/[a-z_]+\]$)"};
  static const LazyRE2 kClassName = {R"(^[a-z]+(?:[-_][a-z]+){2,}$)"};
  return RE2::FullMatch(lower, *kShortcode) || RE2::FullMatch(lower, *kClassName);
}

}  // namespace

LineKind ClassifyLine(std::string_view text) {
  // A long block is prose; only a teaser or sign-off prefix can make it
  // furniture, so only its start is looked at.
  constexpr size_t kLongBlock = 300;
  const std::string_view trimmed = TrimLabel(text);
  const bool long_block = trimmed.size() > kLongBlock;
  if (IsJsonText(trimmed)) return LineKind::kMeta;
  const std::string lower = AsciiLower(long_block ? trimmed.substr(0, 48) : trimmed);
  static constexpr std::string_view kWhole[] = {"advertisement",
                                                "advertising",
                                                "ad",
                                                "ads",
                                                "sponsored",
                                                "sponsored content",
                                                "partner content",
                                                "paid content",
                                                "promoted content",
                                                "share",
                                                "share this",
                                                "share this article",
                                                "share this post",
                                                "share this story",
                                                "share on",
                                                "print",
                                                "email",
                                                "copy link",
                                                "read more",
                                                "related",
                                                "related articles",
                                                "related posts",
                                                "related news",
                                                "related stories",
                                                "tags",
                                                "topics",
                                                "listen",
                                                "listen to this article",
                                                "skip to content",
                                                "loading",
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
                                                "gallery",
                                                "photo gallery",
                                                "view gallery",
                                                "fullscreen",
                                                "full screen",
                                                "enlarge",
                                                "close",
                                                "caption",
                                                "expand",
                                                "in this story",
                                                "in this article",
                                                "table of contents",
                                                "contents",
                                                "on this page",
                                                "jump to",
                                                "anzeige",
                                                "werbung",
                                                "bildergalerie",
                                                "fotogalerie",
                                                "galerie",
                                                "vollbild",
                                                "zurück",
                                                "weiter",
                                                "inhaltsverzeichnis",
                                                "publicité",
                                                "sommaire",
                                                "publicidad",
                                                "galería",
                                                "índice",
                                                "pubblicità",
                                                "galleria",
                                                "indice",
                                                "previous",
                                                "next",
                                                "prev",
                                                "comments",
                                                "comment",
                                                "post comment",
                                                "leave a comment",
                                                "leave a reply",
                                                "add comment",
                                                "reply",
                                                "sign up",
                                                "sign in",
                                                "log in",
                                                "login",
                                                "register",
                                                "follow",
                                                "up next",
                                                "loading next story",
                                                "was this article helpful?",
                                                "was this helpful?",
                                                "did you find this article helpful?",
                                                "war dieser artikel hilfreich?",
                                                "cet article vous a-t-il été utile ?",
                                                "¿te ha resultado útil este artículo?",
                                                "advert",
                                                "adverts",
                                                "this slideshow requires javascript.",
                                                "post comment (+)",
                                                "view comments",
                                                "show comments",
                                                "hide comments",
                                                "print this article",
                                                "email this article"};
  for (std::string_view whole : kWhole) {
    if (!long_block && lower == whole) return LineKind::kLabel;
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
    if (lower.starts_with(prefix)) return LineKind::kLabel;
  }
  if (long_block) return LineKind::kText;
  if (IsCallToAction(lower)) return LineKind::kMeta;
  // The shapes below are short lines: a sentence of twenty words is none.
  if (lower.size() > 200 || CountWords(lower) > 16) return LineKind::kText;
  if (RE2::FullMatch(lower, PaginationPattern())) return LineKind::kLabel;
  // A short line that reads as a furniture heading labels what follows:
  // "Related Roundup: MacBook Pro", "You may also like...".
  if (CountWords(lower) <= 5 && !lower.ends_with(".") &&
      (ClassifyHeading(lower) & kVocabBoilerplate)) {
    return LineKind::kLabel;
  }
  if (IsMarkupResidue(lower)) return LineKind::kMeta;
  if (RE2::FullMatch(lower, MetaLinePattern()) || IsDateLine(lower) ||
      RE2::FullMatch(TrimLabel(text), BylinePattern())) {
    return LineKind::kMeta;
  }
  return LineKind::kText;
}

bool IsBoilerplateLine(std::string_view text) { return ClassifyLine(text) != LineKind::kText; }

bool IsCreditLine(std::string_view text) {
  // "(Tokenwatch illustration)", "(Jonas Reuter/The Ledger Post)", "(AFP)":
  // a caption that is nothing but a parenthesised attribution.
  const std::string_view trimmed = Trim(text);
  return trimmed.size() >= 3 && trimmed.size() <= 80 && trimmed.front() == '(' &&
         trimmed.back() == ')' && trimmed.find('(', 1) == std::string_view::npos;
}

}  // namespace factsift::extract::internal
