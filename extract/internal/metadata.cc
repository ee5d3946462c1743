#include "extract/internal/metadata.h"

#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "extract/internal/text_util.h"
#include "extract/internal/vocabulary.h"

namespace factsift::extract::internal {
namespace {

using nlohmann::json;

bool IsArticleType(const json& type) {
  static constexpr std::string_view kTypes[] = {"NewsArticle",
                                                "Article",
                                                "BlogPosting",
                                                "ReportageNewsArticle",
                                                "AnalysisNewsArticle",
                                                "OpinionNewsArticle",
                                                "LiveBlogPosting",
                                                "TechArticle",
                                                "Report",
                                                "SocialMediaPosting",
                                                "BackgroundNewsArticle",
                                                "ReviewNewsArticle",
                                                "ScholarlyArticle",
                                                "WebPage"};
  auto matches = [&](const json& t) {
    if (!t.is_string()) return false;
    const std::string& name = t.get_ref<const std::string&>();
    for (std::string_view candidate : kTypes) {
      if (name == candidate && name != "WebPage") return true;
    }
    return false;
  };
  if (type.is_array()) {
    for (const json& t : type) {
      if (matches(t)) return true;
    }
    return false;
  }
  return matches(type);
}

bool HasType(const json& node, std::string_view wanted) {
  if (!node.is_object() || !node.contains("@type")) return false;
  const json& type = node["@type"];
  if (type.is_string()) return type.get_ref<const std::string&>() == wanted;
  if (type.is_array()) {
    for (const json& t : type) {
      if (t.is_string() && t.get_ref<const std::string&>() == wanted) return true;
    }
  }
  return false;
}

std::string StringField(const json& node, const char* key) {
  if (!node.is_object() || !node.contains(key)) return "";
  const json& value = node[key];
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array() && !value.empty() && value[0].is_string())
    return value[0].get<std::string>();
  return "";
}

// Flattens JSON-LD documents into their nodes: top-level objects, array
// entries and @graph members.
void CollectNodes(const json& value, std::vector<const json*>& nodes, int depth = 0) {
  if (depth > 4) return;
  if (value.is_array()) {
    for (const json& entry : value) CollectNodes(entry, nodes, depth + 1);
  } else if (value.is_object()) {
    nodes.push_back(&value);
    if (value.contains("@graph")) CollectNodes(value["@graph"], nodes, depth + 1);
  }
}

// A person or organisation's name, following an @id reference when needed.
std::string NameOf(const json& value, const std::map<std::string, const json*>& by_id) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string names;
    for (const json& entry : value) {
      const std::string name = NameOf(entry, by_id);
      if (name.empty()) continue;
      if (!names.empty()) names += ", ";
      names += name;
    }
    return names;
  }
  if (!value.is_object()) return "";
  std::string name = StringField(value, "name");
  if (name.empty() && value.contains("@id") && value["@id"].is_string()) {
    const auto it = by_id.find(value["@id"].get<std::string>());
    if (it != by_id.end() && it->second != &value) name = StringField(*it->second, "name");
  }
  return name;
}

std::string ElementText(const Document& doc, int element) {
  std::string text;
  for (int k = element + 1; k < doc.node(element).end; ++k) {
    if (doc.node(k).is_text) {
      text += doc.node(k).text;
      text += ' ';
    }
  }
  return CollapseWhitespace(text);
}

// "2026-03-07 09:00:00" -> "2026-03-07T09:00:00"; other forms unchanged.
std::string NormalizeIsoDate(std::string value) {
  value = CollapseWhitespace(value);
  if (value.size() > 10 && value[4] == '-' && value[7] == '-' && value[10] == ' ') value[10] = 'T';
  return value;
}

bool LooksLikeIsoDate(std::string_view value) {
  return value.size() >= 10 && value[4] == '-' && value[7] == '-' && isdigit(value[0]);
}

std::string LanguageTag(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out.push_back(static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c));
  }
  return out;
}

// Drops " - Site" / " | Site" from a <title>.
std::string StripSiteSuffix(std::string title, std::string_view site_name) {
  for (std::string_view separator : {" | ", " - ", " – ", " — ", " :: ", " · "}) {
    const size_t at = title.rfind(separator);
    if (at == std::string::npos || at == 0) continue;
    const std::string_view tail = std::string_view(title).substr(at + separator.size());
    if (!site_name.empty() ? tail == site_name : tail.size() < 40) {
      title.resize(at);
      return title;
    }
  }
  return title;
}

constexpr std::string_view kMonthPattern =
    R"((Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?)";
constexpr std::string_view kTimePattern =
    R"((?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?)?)";

int MonthNumber(std::string_view month) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string lower;
  for (char c : month.substr(0, 3))
    lower.push_back(static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c));
  for (int i = 0; i < 12; ++i) {
    if (lower == kMonths[i]) return i + 1;
  }
  return 0;
}

std::string FormatDate(int year, int month, int day, int hour, int minute, bool has_time) {
  char buf[32];
  if (has_time) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", year, month, day, hour, minute);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return buf;
}

// Finds "<label> <date>" in visible text, e.g. "Last updated: March 6, 2026 1:29 pm".
std::optional<std::string> LabelledDate(std::string_view text, const RE2& label) {
  re2::StringPiece input(text);
  re2::StringPiece rest;
  if (!RE2::FindAndConsume(&input, label)) return std::nullopt;
  return ParseHumanDate(std::string_view(input.data(), std::min<size_t>(input.size(), 60)));
}

}  // namespace

std::optional<std::string> ParseHumanDate(std::string_view text) {
  // Built once from the shared month and time fragments.
  static const RE2 kMonthFirst(std::string(R"(^\s*)") + std::string(kMonthPattern) +
                               R"(\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))" +
                               std::string(kTimePattern));
  static const RE2 kDayFirst(std::string(R"(^\s*(\d{1,2})(?:st|nd|rd|th)?\s+)") +
                             std::string(kMonthPattern) + R"(,?\s+(\d{4}))" +
                             std::string(kTimePattern));
  static const LazyRE2 kIso = {R"(^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?)"};
  std::string month, day, year, hour, minute, ampm;
  int y = 0, m = 0, d = 0, h = 0, min = 0;
  bool has_time = false;
  if (RE2::PartialMatch(text, kMonthFirst, &month, &day, &year, &hour, &minute, &ampm) ||
      RE2::PartialMatch(text, kDayFirst, &day, &month, &year, &hour, &minute, &ampm)) {
    m = MonthNumber(month);
    d = std::stoi(day);
    y = std::stoi(year);
  } else if (RE2::PartialMatch(text, *kIso, &year, &month, &day, &hour, &minute)) {
    y = std::stoi(year);
    m = std::stoi(month);
    d = std::stoi(day);
  } else {
    return std::nullopt;
  }
  if (!hour.empty()) {
    h = std::stoi(hour);
    min = std::stoi(minute);
    if (!ampm.empty()) {
      const bool pm = ampm[0] == 'p' || ampm[0] == 'P';
      if (h == 12)
        h = pm ? 12 : 0;
      else if (pm)
        h += 12;
    }
    has_time = h < 24 && min < 60;
  }
  static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDaysInMonth[m - 1] || y < 1990 || y > 2100)
    return std::nullopt;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return std::nullopt;
  return FormatDate(y, m, d, h, min, has_time);
}

Metadata ReadMetadata(const Document& doc, const std::vector<EmbeddedJson>& embedded) {
  Metadata meta;
  std::string publisher_name;
  // 1. JSON-LD.
  std::vector<json> documents;
  documents.reserve(embedded.size());
  for (const EmbeddedJson& blob : embedded) {
    if (blob.kind != EmbeddedJson::Kind::kJsonLd) continue;
    json parsed = json::parse(blob.text, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) documents.push_back(std::move(parsed));
  }
  std::vector<const json*> nodes;
  for (const json& document : documents) CollectNodes(document, nodes);
  std::map<std::string, const json*> by_id;
  for (const json* node : nodes) {
    if (node->contains("@id") && (*node)["@id"].is_string())
      by_id.emplace((*node)["@id"].get<std::string>(), node);
  }
  const json* article = nullptr;
  for (const json* node : nodes) {
    if (node->contains("@type") && IsArticleType((*node)["@type"])) {
      article = node;
      break;
    }
  }
  if (article != nullptr) {
    meta.title = CollapseWhitespace(StringField(*article, "headline"));
    if (meta.title.empty()) meta.title = CollapseWhitespace(StringField(*article, "name"));
    meta.published = NormalizeIsoDate(StringField(*article, "datePublished"));
    meta.updated = NormalizeIsoDate(StringField(*article, "dateModified"));
    if (article->contains("author"))
      meta.author = CollapseWhitespace(NameOf((*article)["author"], by_id));
    // The publisher is an organisation; the site's own name (og:site_name,
    // WebSite) is preferred below and the publisher used only without one.
    if (article->contains("publisher"))
      publisher_name = CollapseWhitespace(NameOf((*article)["publisher"], by_id));
    meta.language = LanguageTag(StringField(*article, "inLanguage"));
    meta.description = CollapseWhitespace(StringField(*article, "description"));
  }
  for (const json* node : nodes) {
    if (HasType(*node, "WebSite") && meta.site_name.empty())
      meta.site_name = CollapseWhitespace(StringField(*node, "name"));
  }

  // 2. Meta tags, <link rel=canonical>, <html lang>, <title>, <time>.
  std::string og_title, twitter_title, document_title, og_site, og_url, meta_author, og_locale;
  std::string meta_published, meta_updated, meta_description;
  int first_h1 = -1;
  std::vector<std::pair<int, std::string>> times;  // <time datetime> and itemprop dates.
  for (int i = 0; i < doc.size(); ++i) {
    const Node& node = doc.node(i);
    if (node.is_text) continue;
    if (node.tag == GUMBO_TAG_HTML && meta.language.empty()) {
      meta.language = LanguageTag(doc.Attribute(i, "lang"));
    } else if (node.tag == GUMBO_TAG_TITLE && document_title.empty()) {
      document_title = ElementText(doc, i);
    } else if (node.tag == GUMBO_TAG_H1 && first_h1 < 0) {
      first_h1 = i;
    } else if (node.tag == GUMBO_TAG_LINK) {
      const std::string_view rel = doc.Attribute(i, "rel");
      if (rel == "canonical" && meta.canonical_url.empty()) {
        meta.canonical_url = CollapseWhitespace(doc.Attribute(i, "href"));
      }
    } else if (node.tag == GUMBO_TAG_META) {
      const std::string_view key = !doc.Attribute(i, "property").empty()
                                       ? doc.Attribute(i, "property")
                                       : doc.Attribute(i, "name");
      const std::string content = CollapseWhitespace(doc.Attribute(i, "content"));
      const std::string_view itemprop = doc.Attribute(i, "itemprop");
      if (content.empty()) continue;
      if (key == "og:title")
        og_title = content;
      else if (key == "twitter:title")
        twitter_title = content;
      else if (key == "og:site_name")
        og_site = content;
      else if (key == "og:url")
        og_url = content;
      else if (key == "og:locale")
        og_locale = content;
      else if (key == "author" || key == "article:author" || key == "sailthru.author" ||
               key == "parsely-author" || key == "dc.creator") {
        if (meta_author.empty() && content.find("://") == std::string::npos) meta_author = content;
      } else if (key == "article:published_time" || key == "og:published_time" ||
                 key == "parsely-pub-date" || key == "sailthru.date" || key == "dc.date.issued" ||
                 key == "pubdate" || key == "publish-date" || itemprop == "datePublished") {
        if (meta_published.empty()) meta_published = NormalizeIsoDate(content);
      } else if (key == "article:modified_time" || key == "og:updated_time" ||
                 key == "dc.date.modified" || itemprop == "dateModified") {
        if (meta_updated.empty()) meta_updated = NormalizeIsoDate(content);
      } else if (key == "description" || key == "og:description") {
        if (meta_description.empty()) meta_description = content;
      }
    } else if (node.tag == GUMBO_TAG_TIME || !doc.Attribute(i, "itemprop").empty()) {
      const std::string_view itemprop = doc.Attribute(i, "itemprop");
      std::string value(doc.Attribute(i, "datetime"));
      if (value.empty()) value = std::string(doc.Attribute(i, "content"));
      if (itemprop == "datePublished" && LooksLikeIsoDate(value) && meta_published.empty()) {
        meta_published = NormalizeIsoDate(value);
      } else if (itemprop == "dateModified" && LooksLikeIsoDate(value) && meta_updated.empty()) {
        meta_updated = NormalizeIsoDate(value);
      } else if (itemprop == "author" && meta_author.empty()) {
        meta_author = ElementText(doc, i);
      } else if (node.tag == GUMBO_TAG_TIME && LooksLikeIsoDate(value)) {
        times.emplace_back(i, NormalizeIsoDate(value));
      }
    } else if (node.tag == GUMBO_TAG_A && doc.Attribute(i, "rel") == "author" &&
               meta_author.empty()) {
      meta_author = ElementText(doc, i);
    }
  }
  if (!og_site.empty()) meta.site_name = og_site;
  if (meta.site_name.empty()) meta.site_name = publisher_name;
  if (meta.title.empty()) meta.title = og_title;
  if (meta.title.empty()) meta.title = twitter_title;
  if (meta.title.empty() && !document_title.empty())
    meta.title = StripSiteSuffix(document_title, meta.site_name);
  if (meta.title.empty() && first_h1 >= 0) meta.title = ElementText(doc, first_h1);
  if (meta.site_name.empty() && !document_title.empty() && !meta.title.empty()) {
    // "Post title | Site Name": the part after the separator, when the part
    // before it is the headline.
    for (std::string_view separator : {" | ", " - ", " – ", " — ", " · "}) {
      const size_t at = document_title.rfind(separator);
      if (at != std::string::npos && at > 0 && document_title.substr(0, at) == meta.title) {
        meta.site_name = document_title.substr(at + separator.size());
        break;
      }
    }
  }
  if (meta.author.empty()) meta.author = meta_author;
  if (meta.published.empty()) meta.published = meta_published;
  if (meta.updated.empty()) meta.updated = meta_updated;
  if (meta.canonical_url.empty()) meta.canonical_url = og_url;
  if (meta.language.empty()) meta.language = LanguageTag(og_locale);
  if (meta.description.empty()) meta.description = meta_description;

  // 3. <time> elements and visible bylines, for pages without structured dates.
  if (meta.published.empty() || meta.author.empty() || meta.updated.empty()) {
    static const LazyRE2 kPublishedLabel = {
        R"((?i)\b(?:published|posted|first published)(?:\s+by\s+[^\n]{1,60}?)?(?:\s+on)?\s*:?\s*)"};
    static const LazyRE2 kUpdatedLabel = {
        R"((?i)\b(?:last\s+)?(?:updated|modified)(?:\s+on)?\s*:?\s*)"};
    static const LazyRE2 kByline = {
        R"((?:^|\n)\s*(?:By|Posted by|Written by|Words by)\s*:?\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}))"};
    for (int i = 0; i < doc.size(); ++i) {
      const Node& node = doc.node(i);
      if (node.is_text || node.tag == GUMBO_TAG_HEAD) continue;
      if (node.tag == GUMBO_TAG_SCRIPT || node.tag == GUMBO_TAG_STYLE) continue;
      // Small elements only: a byline is a line, not a page.
      int text_chars = 0;
      for (int k = i + 1; k < node.end && text_chars <= 200; ++k) {
        if (doc.node(k).is_text) text_chars += static_cast<int>(doc.node(k).text.size());
      }
      if (text_chars == 0 || text_chars > 200) continue;
      const std::string text = ElementText(doc, i);
      if (meta.published.empty()) {
        if (auto date = LabelledDate(text, *kPublishedLabel)) meta.published = *date;
      }
      if (meta.updated.empty()) {
        if (auto date = LabelledDate(text, *kUpdatedLabel)) meta.updated = *date;
      }
      if (meta.author.empty()) {
        std::string name;
        if (RE2::PartialMatch(text, *kByline, &name)) meta.author = name;
      }
      // Bylines without "By": a name in an element named for the author
      // (<span class="tg-author">), or first in a meta line that dates the
      // article (<div class="story__meta"><span>Name</span> · <time>).
      const std::string names = AsciiLower(std::string(doc.Attribute(i, "class")) + " " +
                                           std::string(doc.Attribute(i, "id")));
      const bool dated = [&] {
        for (int k = i + 1; k < node.end; ++k) {
          if (!doc.node(k).is_text && doc.node(k).tag == GUMBO_TAG_TIME) return true;
        }
        return false;
      }();
      const bool names_author =
          (names.find("author") != std::string::npos || names.find("byline") != std::string::npos ||
           (names.find("meta") != std::string::npos && dated)) &&
          names.find("box") == std::string::npos && names.find("bio") == std::string::npos &&
          names.find("avatar") == std::string::npos;
      if (meta.author.empty() && names_author) {
        static const LazyRE2 kPersonName = {
            R"(^(?:By\s+)?(\p{Lu}[\pL'’.-]+(?:\s+(?:\p{Lu}[\pL'’.-]+|van|von|de|da|del|der|le|la|bin|al)){1,3})$)"};
        for (int k = i + 1; k < node.end && meta.author.empty(); ++k) {
          if (!doc.node(k).is_text) continue;
          std::string name;
          if (RE2::FullMatch(CollapseWhitespace(doc.node(k).text), *kPersonName, &name)) {
            meta.author = name;
          }
        }
      }
      // Dates without a label, in an element named for them.
      if (meta.published.empty() &&
          (names.find("date") != std::string::npos || names.find("publish") != std::string::npos ||
           names.find("posted") != std::string::npos || names.find("time") != std::string::npos)) {
        if (auto date = ParseHumanDate(text)) meta.published = *date;
      }
    }
    if (meta.published.empty() && !times.empty()) meta.published = times.front().second;
  }
  return meta;
}

}  // namespace factsift::extract::internal
