#include "extract/charset.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>

#include <iconv.h>
#include <uchardet/uchardet.h>

#include "extract/internal/text_util.h"

namespace factsift::extract {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Owns an iconv conversion descriptor.
class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

struct UchardetDeleter {
  void operator()(uchardet_t detector) const { uchardet_delete(detector); }
};
using UchardetPtr = std::unique_ptr<std::remove_pointer_t<uchardet_t>, UchardetDeleter>;

std::string LowerTrimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '"' || text.front() == '\'')) {
    text.remove_prefix(1);
  }
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '"' || c == '\'' || c == ';' || c == '>' || c == '/' || c == ',') break;
    out.push_back(internal::AsciiLower(c));
  }
  return out;
}

// The value after "charset=" in `text`, or "".
std::string CharsetParameter(std::string_view text) {
  std::string lower;
  lower.reserve(text.size());
  for (char c : text) lower.push_back(internal::AsciiLower(c));
  const size_t at = lower.find("charset");
  if (at == std::string::npos) return "";
  size_t i = at + 7;
  while (i < lower.size() && lower[i] == ' ') ++i;
  if (i >= lower.size() || lower[i] != '=') return "";
  return LowerTrimmed(std::string_view(lower).substr(i + 1));
}

// Maps labels to what iconv knows, following the WHATWG Encoding standard
// where it differs from iconv: Latin-1 and ASCII labels mean windows-1252.
std::string NormalizeLabel(std::string label) {
  if (label == "utf8" || label == "unicode-1-1-utf-8") return "utf-8";
  if (label == "iso-8859-1" || label == "latin1" || label == "iso8859-1" || label == "ascii" ||
      label == "us-ascii" || label == "cp1252" || label == "l1") {
    return "windows-1252";
  }
  if (label == "gb2312" || label == "x-gbk") return "gbk";
  if (label == "shift-jis" || label == "sjis" || label == "x-sjis") return "shift_jis";
  return label;
}

// True when some byte of `word` is zero.
constexpr bool HasZeroByte(uint64_t word) {
  return ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) != 0;
}

// The end of the run of ASCII bytes starting at `i`; NUL ends the run too
// when `stop_at_nul`. Eight bytes at a time: most of a page is ASCII markup.
size_t AsciiRunEnd(std::string_view bytes, size_t i, bool stop_at_nul) {
  const char* data = bytes.data();
  const size_t size = bytes.size();
  while (i + 8 <= size) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    if ((word & 0x8080808080808080ULL) != 0 || (stop_at_nul && HasZeroByte(word))) break;
    i += 8;
  }
  while (i < size && static_cast<unsigned char>(data[i]) < 0x80 && !(stop_at_nul && data[i] == 0)) {
    ++i;
  }
  return i;
}

size_t SequenceLength(std::string_view bytes, size_t i) {
  const auto b = static_cast<unsigned char>(bytes[i]);
  auto cont = [&](size_t k) {
    return i + k < bytes.size() && (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80;
  };
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return cont(1) ? 2 : 0;
  if (b >= 0xE0 && b <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
    if (b == 0xE0 && b1 < 0xA0) return 0;   // Overlong.
    if (b == 0xED && b1 >= 0xA0) return 0;  // Surrogate.
    return 3;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
    if (b == 0xF0 && b1 < 0x90) return 0;
    if (b == 0xF4 && b1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

std::string MetaCharset(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 4096);
  std::string lower;
  lower.reserve(head.size());
  for (char c : head) lower.push_back(internal::AsciiLower(c));
  size_t at = 0;
  while ((at = lower.find("<meta", at)) != std::string::npos) {
    const size_t end = lower.find('>', at);
    if (end == std::string::npos) break;
    const std::string_view tag = std::string_view(lower).substr(at, end - at);
    std::string charset = CharsetParameter(tag);
    if (!charset.empty()) return charset;
    at = end;
  }
  return "";
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  for (size_t i = AsciiRunEnd(bytes, 0, false); i < bytes.size();
       i = AsciiRunEnd(bytes, i, false)) {
    const size_t length = SequenceLength(bytes, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    const size_t run_end = AsciiRunEnd(bytes, i, true);
    out.append(bytes.data() + i, run_end - i);
    i = run_end;
    if (i >= bytes.size()) break;
    const size_t length = SequenceLength(bytes, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
    } else if (bytes[i] == '\0') {
      out.push_back(' ');
      ++i;
    } else {
      out.append(bytes.data() + i, length);
      i += length;
    }
  }
  return out;
}

std::string DetectCharset(std::string_view content_type, std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return "utf-8";
  if (bytes.starts_with("\xFF\xFE")) return "utf-16le";
  if (bytes.starts_with("\xFE\xFF")) return "utf-16be";
  std::string declared = NormalizeLabel(CharsetParameter(content_type));
  if (declared.empty()) {
    declared = NormalizeLabel(MetaCharset(bytes));
    // A <meta> that could be read at all was ASCII-compatible: a UTF-16 label
    // there is wrong, and the standard says to read the page as UTF-8.
    if (declared.starts_with("utf-16")) declared = "utf-8";
  }
  if (!declared.empty()) {
    Iconv probe("UTF-8", declared.c_str());
    if (probe.ok()) return declared;
  }
  if (IsValidUtf8(bytes)) return "utf-8";
  UchardetPtr detector(uchardet_new());
  if (detector != nullptr) {
    const std::string_view sample = bytes.substr(0, 256 * 1024);
    if (uchardet_handle_data(detector.get(), sample.data(), sample.size()) == 0) {
      uchardet_data_end(detector.get());
      std::string guess = NormalizeLabel(LowerTrimmed(uchardet_get_charset(detector.get())));
      if (!guess.empty() && guess != "utf-8") {
        Iconv probe("UTF-8", guess.c_str());
        if (probe.ok()) return guess;
      }
    }
  }
  return "windows-1252";
}

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
  std::string label = NormalizeLabel(std::string(charset));
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (label.empty() || label == "utf-8") return SanitizeUtf8(bytes);
  Iconv converter("UTF-8", label.c_str());
  if (!converter.ok()) {
    label = "windows-1252";
    return ToUtf8(bytes, label);
  }
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  char buffer[16384];
  // iconv's API takes non-const input pointers but does not write through them.
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* out_ptr = buffer;
    size_t out_left = sizeof buffer;
    const size_t rc = iconv(converter.get(), &in, &in_left, &out_ptr, &out_left);
    out.append(buffer, out_ptr - buffer);
    if (rc == static_cast<size_t>(-1)) {
      if (errno == E2BIG) continue;
      // EILSEQ or EINVAL: skip one byte, mark it, and go on.
      out += kReplacement;
      ++in;
      --in_left;
      iconv(converter.get(), nullptr, nullptr, nullptr, nullptr);
    }
  }
  char* out_ptr = buffer;
  size_t out_left = sizeof buffer;
  iconv(converter.get(), nullptr, nullptr, &out_ptr, &out_left);
  out.append(buffer, out_ptr - buffer);
  return SanitizeUtf8(out);
}

}  // namespace factsift::extract
