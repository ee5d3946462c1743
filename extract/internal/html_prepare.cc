#include "extract/internal/html_prepare.h"

#include <array>
#include <cstring>

#include "extract/internal/text_util.h"

namespace factsift::extract::internal {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (EqualsIgnoreCase(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

template <size_t N>
bool OneOf(std::string_view name, const std::array<std::string_view, N>& names) {
  for (std::string_view candidate : names) {
    if (name == candidate) return true;
  }
  return false;
}

// Elements whose whole content the extractor never reads.
constexpr std::array<std::string_view, 13> kDroppedElements = {
    "script",  "style",    "noscript", "template", "svg",    "math",  "iframe",
    "noembed", "noframes", "xmp",      "textarea", "object", "canvas"};
// Elements that never hold children.
constexpr std::array<std::string_view, 14> kVoidElements = {
    "area",  "base", "br",   "col",   "embed",  "hr",    "img",
    "input", "link", "meta", "param", "source", "track", "wbr"};
// Elements the parser closes implicitly; they do not count toward depth.
constexpr std::array<std::string_view, 15> kImpliedEndElements = {
    "p",        "li",    "dt",    "dd",    "tr", "td", "th", "option",
    "optgroup", "thead", "tbody", "tfoot", "rb", "rt", "rp"};
// Attributes the extractor reads; everything else (style, data-*, srcset,
// event handlers) is dead weight for gumbo.
constexpr std::array<std::string_view, 21> kKeptAttributes = {
    "id",      "class",      "href",        "rel",      "name",      "property",   "content",
    "charset", "http-equiv", "itemprop",    "itemtype", "itemscope", "datetime",   "lang",
    "type",    "hidden",     "aria-hidden", "role",     "alt",       "aria-label", "title"};

// Finds the end of a raw-text element: the next "</name" followed by a
// delimiter, case-insensitively. Returns npos when it is missing.
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  while (from < html.size()) {
    const void* hit = std::memchr(html.data() + from, '<', html.size() - from);
    if (hit == nullptr) return std::string_view::npos;
    const size_t lt = static_cast<const char*>(hit) - html.data();
    if (lt + 2 + name.size() <= html.size() && html[lt + 1] == '/' &&
        EqualsIgnoreCase(html.substr(lt + 2, name.size()), name)) {
      const size_t after = lt + 2 + name.size();
      if (after == html.size() || IsAsciiSpace(html[after]) || html[after] == '>' ||
          html[after] == '/') {
        return lt;
      }
    }
    from = lt + 1;
  }
  return std::string_view::npos;
}

struct Attribute {
  std::string_view name;
  std::string_view value;
  bool has_value = false;
};

// A start or end tag as the tokenizer reads it.
struct Tag {
  std::string name;  // Lower case.
  std::vector<Attribute> attributes;
  bool self_closing = false;
  size_t end = 0;  // Index just past '>'.
};

// Reads a tag starting at html[pos] == '<' into `tag`, whose buffers are
// reused from tag to tag. Attribute values may hold '>' inside quotes. An
// unterminated tag runs to the end of the input.
void ReadTag(std::string_view html, size_t pos, bool is_end_tag, Tag& tag) {
  tag.name.clear();
  tag.attributes.clear();
  tag.self_closing = false;
  tag.end = 0;
  size_t i = pos + (is_end_tag ? 2 : 1);
  while (i < html.size() && !IsAsciiSpace(html[i]) && html[i] != '/' && html[i] != '>') {
    tag.name.push_back(AsciiLower(html[i]));
    ++i;
  }
  while (i < html.size()) {
    while (i < html.size() && (IsAsciiSpace(html[i]) || html[i] == '/')) {
      if (html[i] == '/' && i + 1 < html.size() && html[i + 1] == '>') tag.self_closing = true;
      ++i;
    }
    if (i >= html.size()) break;
    if (html[i] == '>') {
      tag.end = i + 1;
      return;
    }
    const size_t name_start = i;
    while (i < html.size() && !IsAsciiSpace(html[i]) && html[i] != '/' && html[i] != '>' &&
           html[i] != '=') {
      ++i;
    }
    // A lone '=' or quote where a name should be still advances.
    if (i == name_start) ++i;
    Attribute attribute;
    attribute.name = html.substr(name_start, i - name_start);
    size_t j = i;
    while (j < html.size() && IsAsciiSpace(html[j])) ++j;
    if (j < html.size() && html[j] == '=') {
      ++j;
      while (j < html.size() && IsAsciiSpace(html[j])) ++j;
      attribute.has_value = true;
      if (j < html.size() && (html[j] == '"' || html[j] == '\'')) {
        const char quote = html[j];
        const size_t close = html.find(quote, j + 1);
        const size_t value_end = close == std::string_view::npos ? html.size() : close;
        attribute.value = html.substr(j + 1, value_end - j - 1);
        i = value_end == html.size() ? value_end : value_end + 1;
      } else {
        const size_t value_start = j;
        while (j < html.size() && !IsAsciiSpace(html[j]) && html[j] != '>') ++j;
        attribute.value = html.substr(value_start, j - value_start);
        i = j;
      }
    }
    if (!is_end_tag) tag.attributes.push_back(attribute);
  }
  tag.end = html.size();
}

std::string_view AttributeValue(const Tag& tag, std::string_view name) {
  for (const Attribute& attribute : tag.attributes) {
    if (EqualsIgnoreCase(attribute.name, name)) return attribute.value;
  }
  return {};
}

// Inline styles that hide an element become the `hidden` attribute, so that
// the extractor needs to read only one signal.
bool StyleHides(std::string_view style) {
  std::string compact;
  for (char c : style) {
    if (!IsAsciiSpace(c)) compact.push_back(AsciiLower(c));
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

void AppendTag(const Tag& tag, int max_attributes, std::string& out, size_t& removed) {
  out.push_back('<');
  out += tag.name;
  int kept = 0;
  bool hidden_added = false;
  for (const Attribute& attribute : tag.attributes) {
    std::string name(attribute.name);
    for (char& c : name) c = AsciiLower(c);
    if (name == "style") {
      if (!hidden_added && StyleHides(attribute.value)) {
        out += " hidden";
        hidden_added = true;
      }
      removed += attribute.name.size() + attribute.value.size();
      continue;
    }
    if (kept >= max_attributes || !OneOf(name, kKeptAttributes)) {
      removed += attribute.name.size() + attribute.value.size();
      continue;
    }
    ++kept;
    out.push_back(' ');
    out += name;
    if (attribute.has_value) {
      const char quote = attribute.value.find('"') == std::string_view::npos ? '"' : '\'';
      out.push_back('=');
      out.push_back(quote);
      for (char c : attribute.value) {
        if (c == quote) {
          out += quote == '"' ? "&quot;" : "&#39;";
        } else {
          out.push_back(c);
        }
      }
      out.push_back(quote);
    }
  }
  if (tag.self_closing) out.push_back('/');
  out.push_back('>');
}

void AppendEndTag(std::string_view name, std::string& out) {
  out += "</";
  out += name;
  out.push_back('>');
}

}  // namespace

PreparedHtml PrepareHtml(std::string_view html, const PrepareOptions& options) {
  PreparedHtml result;
  std::string& out = result.html;
  out.reserve(html.size() / 2);
  std::vector<std::string> open;  // Elements that count toward depth.
  int overflow = 0;               // Start tags dropped past max_depth and not yet closed.
  size_t pos = 0;
  Tag tag;  // Reused by every tag of the page.

  while (pos < html.size()) {
    if (out.size() > options.max_output_bytes) {
      result.truncated = true;
      break;
    }
    const void* hit = std::memchr(html.data() + pos, '<', html.size() - pos);
    const size_t lt = hit == nullptr ? html.size() : static_cast<const char*>(hit) - html.data();
    out.append(html.data() + pos, lt - pos);
    if (lt >= html.size()) break;
    pos = lt;
    const std::string_view rest = html.substr(pos);

    if (rest.starts_with("<!--")) {
      const size_t close = html.find("-->", pos + 4);
      const size_t end = close == std::string_view::npos ? html.size() : close + 3;
      result.removed_bytes += end - pos;
      pos = end;
      continue;
    }
    if (rest.size() > 1 && (rest[1] == '!' || rest[1] == '?')) {
      size_t end;
      if (StartsWithIgnoreCase(rest, "<![CDATA[")) {
        const size_t close = html.find("]]>", pos);
        end = close == std::string_view::npos ? html.size() : close + 3;
      } else {
        const size_t close = html.find('>', pos);
        end = close == std::string_view::npos ? html.size() : close + 1;
      }
      if (StartsWithIgnoreCase(rest, "<!doctype")) {
        out.append(html.data() + pos, end - pos);
      } else {
        result.removed_bytes += end - pos;
      }
      pos = end;
      continue;
    }
    const bool is_end_tag = rest.size() > 2 && rest[1] == '/' && IsAsciiAlpha(rest[2]);
    if (!is_end_tag && !(rest.size() > 1 && IsAsciiAlpha(rest[1]))) {
      out.push_back('<');  // A literal '<' in text.
      ++pos;
      continue;
    }

    ReadTag(html, pos, is_end_tag, tag);
    if (is_end_tag) {
      pos = tag.end;
      if (OneOf(tag.name, kVoidElements) || OneOf(tag.name, kImpliedEndElements)) {
        if (overflow == 0) AppendEndTag(tag.name, out);
        continue;
      }
      if (overflow > 0) {
        --overflow;
        continue;
      }
      // Pop to the matching element; a stray end tag is dropped.
      for (size_t i = open.size(); i-- > 0;) {
        if (open[i] == tag.name) {
          open.resize(i);
          AppendEndTag(tag.name, out);
          break;
        }
      }
      continue;
    }

    if (OneOf(tag.name, kDroppedElements) || tag.name == "title") {
      const bool is_title = tag.name == "title";
      size_t content_end =
          tag.self_closing && !is_title ? tag.end : FindEndTag(html, tag.end, tag.name);
      if (content_end == std::string_view::npos) content_end = html.size();
      const std::string_view content = html.substr(tag.end, content_end - tag.end);
      const size_t close =
          content_end < html.size() ? html.find('>', content_end) : std::string_view::npos;
      const size_t end = close == std::string_view::npos ? html.size() : close + 1;
      if (is_title) {
        out += "<title>";
        out.append(content);
        out += "</title>";
      } else {
        if (tag.name == "script") {
          const std::string_view type = AttributeValue(tag, "type");
          const std::string_view id = AttributeValue(tag, "id");
          if (ContainsIgnoreCase(type, "ld+json")) {
            result.json.push_back({EmbeddedJson::Kind::kJsonLd, std::string(content)});
          } else if (ContainsIgnoreCase(type, "json") && id == "__NEXT_DATA__") {
            result.json.push_back({EmbeddedJson::Kind::kPageData, std::string(content)});
          }
        }
        result.removed_bytes += end - pos;
      }
      pos = end;
      continue;
    }

    pos = tag.end;
    // HTML ignores the slash of <div/>: only void elements are self-contained.
    const bool is_void = OneOf(tag.name, kVoidElements);
    const bool counts = !is_void && !OneOf(tag.name, kImpliedEndElements);
    if (overflow > 0 || (counts && static_cast<int>(open.size()) >= options.max_depth)) {
      // Too deep: keep the text, lose the structure.
      if (counts) ++overflow;
      result.truncated = true;
      continue;
    }
    if (tag.name == "plaintext") continue;  // Would swallow the rest of the page as text.
    AppendTag(tag, options.max_attributes, out, result.removed_bytes);
    if (counts) open.push_back(tag.name);
  }
  return result;
}

}  // namespace factsift::extract::internal
