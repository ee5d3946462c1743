// Charset detection and conversion to UTF-8: the first step of extraction,
// since gumbo and RE2 take nothing but UTF-8.
#include "extract/charset.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace factsift::extract {
namespace {

using namespace std::string_literals;

// A long English paragraph in windows-1252: curly quotes (0x93/0x94), an
// apostrophe (0x92), an en dash (0x96), a euro sign (0x80) and accented
// letters, with no declaration anywhere. Long enough that a detector has
// something to go on.
std::string Windows1252Paragraph() {
  std::string paragraph;
  for (int i = 0; i < 8; ++i) {
    paragraph +=
        "<p>Bitcoin\x92s rally \x96 the \x93short squeeze\x94 that traders had waited for \x96 "
        "lifted the price past \x80"
        "60,000 while the caf\xE9 owners in Z\xFCrich, who accept "
        "payments in bitcoin, told reporters it was d\xE9j\xE0 vu.</p>\n";
  }
  return "<html><head><title>Bitcoin\x92s rally</title></head><body>" + paragraph +
         "</body></html>";
}

// The same paragraph as it must read after conversion.
std::string Windows1252ParagraphAsUtf8() {
  return "Bitcoin\u2019s rally \u2013 the \u201Cshort squeeze\u201D that traders had waited for "
         "\u2013 lifted the price past \u20AC60,000 while the caf\u00E9 owners in Z\u00FCrich, who "
         "accept payments in bitcoin, told reporters it was d\u00E9j\u00E0 vu.";
}

// WHATWG HTML "determining the character encoding": a byte order mark wins
// over everything, then the transport layer (Content-Type), then a <meta>
// prescan of the first bytes; a <meta> naming UTF-16 in an ASCII-readable
// document means UTF-8.
TEST(DetectCharset, Spec_DeclarationOrder) {
  struct Row {
    std::string name;
    std::string content_type;
    std::string bytes;
    std::string expected;
  };
  const Row rows[] = {
      {"utf8 bom", "", "\xEF\xBB\xBF<p>x</p>", "utf-8"},
      {"utf16le bom", "", "\xFF\xFE<\0p\0>\0"s, "utf-16le"},
      {"utf16be bom", "", "\xFE\xFF\0<\0p\0>"s, "utf-16be"},
      {"bom beats header", "text/html; charset=iso-8859-1", "\xEF\xBB\xBF<p>x</p>", "utf-8"},
      {"http header", "text/html; charset=Shift_JIS", "<p>x</p>", "shift_jis"},
      {"http header quoted", "text/html; charset=\"windows-1251\"", "<p>x</p>", "windows-1251"},
      {"http header spaces", "text/html;charset = KOI8-R", "<p>x</p>", "koi8-r"},
      {"header beats meta", "text/html; charset=utf-8", "<meta charset=\"windows-1251\"><p>x</p>",
       "utf-8"},
      {"meta charset", "", "<html><head><meta charset=\"windows-1251\"></head>", "windows-1251"},
      {"meta charset unquoted", "", "<META CHARSET=koi8-r>", "koi8-r"},
      {"meta http-equiv", "",
       "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\">",
       "iso-8859-2"},
      {"meta utf-16 means utf-8", "", "<meta charset=\"utf-16\"><p>x</p>", "utf-8"},
      {"meta after 4 KB ignored", "",
       std::string(5000, ' ') + "<meta charset=\"windows-1251\"><p>x</p>", "utf-8"},
      {"unknown header label ignored", "text/html; charset=x-no-such-charset", "<p>caf\xC3\xA9</p>",
       "utf-8"},
      {"no declaration, valid utf-8", "text/html", "<p>caf\xC3\xA9 \xE2\x82\xAC</p>", "utf-8"},
      {"no declaration, ascii", "", "<p>plain</p>", "utf-8"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(DetectCharset(row.content_type, row.bytes), row.expected);
  }
}

// WHATWG Encoding, "Names and labels": latin1, iso-8859-1, ascii and their
// spellings all mean windows-1252; utf8 means utf-8; x-sjis means shift_jis.
TEST(DetectCharset, Spec_LabelAliases) {
  struct Row {
    std::string label;
    std::string expected;
  };
  const Row rows[] = {
      {"latin1", "windows-1252"},   {"ISO-8859-1", "windows-1252"},   {"iso8859-1", "windows-1252"},
      {"us-ascii", "windows-1252"}, {"ascii", "windows-1252"},        {"cp1252", "windows-1252"},
      {"l1", "windows-1252"},       {"windows-1252", "windows-1252"}, {"utf8", "utf-8"},
      {"UTF-8", "utf-8"},           {"x-sjis", "shift_jis"},          {"gb2312", "gbk"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.label);
    EXPECT_EQ(DetectCharset("text/html; charset=" + row.label, "<p>x</p>"), row.expected);
    EXPECT_EQ(DetectCharset("", "<meta charset=\"" + row.label + "\"><p>x</p>"), row.expected);
  }
}

// Heuristic: an undeclared page that is not valid UTF-8 is legacy-encoded;
// the web's default legacy encoding is windows-1252, so the text must come
// out with its quotes, dashes, euro sign and accents intact.
TEST(DetectCharset, Heuristic_UndeclaredWindows1252BecomesCorrectUtf8) {
  const std::string page = Windows1252Paragraph();
  const std::string charset = DetectCharset("text/html", page);
  const std::string utf8 = ToUtf8(page, charset);
  EXPECT_TRUE(IsValidUtf8(utf8));
  EXPECT_NE(utf8.find(Windows1252ParagraphAsUtf8()), std::string::npos)
      << "detected charset: " << charset << "\nconverted: " << utf8.substr(0, 400);
}

// Conversion contract (charset.h): invalid or unconvertible sequences become
// U+FFFD, NUL becomes a space, a leading UTF-8 BOM goes, and an unknown label
// falls back to windows-1252.
TEST(ToUtf8, ConvertsEveryInputToValidUtf8) {
  struct Row {
    std::string name;
    std::string bytes;
    std::string charset;
    std::string expected;
  };
  const Row rows[] = {
      {"windows-1252 punctuation",
       "\x93Hi\x94 \x96 \x80"
       "5",
       "windows-1252", "\u201CHi\u201D \u2013 \u20AC5"},
      {"latin1 label is windows-1252", "\x80\xE9", "latin1", "\u20AC\u00E9"},
      {"iso-8859-1 label is windows-1252", "\x92", "iso-8859-1", "\u2019"},
      {"utf-8 passes through", "caf\xC3\xA9", "utf-8", "caf\u00E9"},
      {"utf-8 bom dropped", "\xEF\xBB\xBFx", "utf-8", "x"},
      {"invalid utf-8 replaced",
       "a\xFF"
       "b",
       "utf-8", "a\uFFFDb"},
      {"truncated utf-8 replaced", "a\xE2\x82", "utf-8", "a\uFFFD\uFFFD"},
      {"nul becomes space", "a\0b"s, "utf-8", "a b"},
      {"nul in legacy charset becomes space", "a\0\xE9"s, "windows-1252", "a \u00E9"},
      {"unknown label falls back to windows-1252", "caf\xE9", "x-no-such-charset", "caf\u00E9"},
      {"empty label is utf-8", "caf\xC3\xA9", "", "caf\u00E9"},
      {"utf-16le", "A\0B\0"s, "utf-16le", "AB"},
      {"utf-16be", "\0A\0B"s, "utf-16be", "AB"},
      {"shift_jis", "\x93\xFA\x96\x7B", "shift_jis", "\u65E5\u672C"},
      {"windows-1251", "\xC1\xE8\xF2\xEA\xEE\xE9\xED", "windows-1251",
       "\u0411\u0438\u0442\u043A\u043E\u0439\u043D"},
      {"byte undefined in windows-1252",
       "a\x81"
       "b",
       "windows-1252", "a\uFFFDb"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const std::string out = ToUtf8(row.bytes, row.charset);
    EXPECT_EQ(out, row.expected);
    EXPECT_TRUE(IsValidUtf8(out));
  }
}

// RFC 3629 section 3: overlong forms, surrogates (U+D800..U+DFFF), code
// points above U+10FFFF and stray continuation bytes are invalid; each
// invalid byte becomes one U+FFFD.
TEST(SanitizeUtf8, Spec_ReplacesEachInvalidByte) {
  struct Row {
    std::string name;
    std::string bytes;
    std::string expected;
  };
  const Row rows[] = {
      {"ascii", "plain text", "plain text"},
      {"two-byte", "\xC3\xA9", "\u00E9"},
      {"three-byte", "\xE2\x82\xAC", "\u20AC"},
      {"four-byte", "\xF0\x9F\x98\x80", "\U0001F600"},
      {"overlong slash", "\xC0\xAF", "\uFFFD\uFFFD"},
      {"overlong three-byte", "\xE0\x80\xAF", "\uFFFD\uFFFD\uFFFD"},
      {"surrogate", "\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD"},
      {"above U+10FFFF", "\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD"},
      {"stray continuation", "a\x80z", "a\uFFFDz"},
      {"nul", "x\0y"s, "x y"},
      {"empty", "", ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(SanitizeUtf8(row.bytes), row.expected);
  }
}

// RFC 3629 section 4 (syntax of UTF-8 byte sequences).
TEST(IsValidUtf8, Spec_Rfc3629) {
  struct Row {
    std::string name;
    std::string bytes;
    bool valid;
  };
  const Row rows[] = {
      {"empty", "", true},
      {"ascii", "abc", true},
      {"nul is valid utf-8", "a\0b"s, true},
      {"U+00E9", "\xC3\xA9", true},
      {"U+FFFD", "\xEF\xBF\xBD", true},
      {"U+10FFFF", "\xF4\x8F\xBF\xBF", true},
      {"lone lead byte", "\xC3", false},
      {"C0 lead", "\xC0\x80", false},
      {"C1 lead", "\xC1\xBF", false},
      {"overlong three-byte", "\xE0\x9F\xBF", false},
      {"surrogate", "\xED\xBF\xBF", false},
      {"above U+10FFFF", "\xF4\x90\x80\x80", false},
      {"F5 lead", "\xF5\x80\x80\x80", false},
      {"FF", "\xFF", false},
      {"continuation alone", "\x80", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(IsValidUtf8(row.bytes), row.valid);
  }
}

}  // namespace
}  // namespace factsift::extract
