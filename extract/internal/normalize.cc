#include "extract/internal/normalize.h"

namespace factsift::extract::internal {
namespace {

// Decodes one UTF-8 sequence at text[i] (valid UTF-8 assumed; invalid bytes
// decode as themselves with length 1).
uint32_t Decode(std::string_view text, size_t i, size_t& length) {
  const auto b = static_cast<unsigned char>(text[i]);
  auto cont = [&](size_t k) { return static_cast<unsigned char>(text[i + k]) & 0x3F; };
  if (b < 0x80) {
    length = 1;
    return b;
  }
  if ((b & 0xE0) == 0xC0 && i + 1 < text.size()) {
    length = 2;
    return ((b & 0x1F) << 6) | cont(1);
  }
  if ((b & 0xF0) == 0xE0 && i + 2 < text.size()) {
    length = 3;
    return ((b & 0x0F) << 12) | (cont(1) << 6) | cont(2);
  }
  if ((b & 0xF8) == 0xF0 && i + 3 < text.size()) {
    length = 4;
    return ((b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
  }
  length = 1;
  return b;
}

// The ASCII replacement for a code point, 0 to drop it, or -1 to keep it.
int Fold(uint32_t cp) {
  switch (cp) {
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2212:
    case 0xFE63:
    case 0xFF0D:
      return '-';
    case 0x00A0:
    case 0x2002:
    case 0x2003:
    case 0x2004:
    case 0x2005:
    case 0x2006:
    case 0x2007:
    case 0x2008:
    case 0x2009:
    case 0x200A:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return ' ';
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2032:
    case 0xFF07:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201F:
    case 0x2033:
    case 0xFF02:
      return '"';
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
    case 0x00AD:
      return 0;
    case 0xFF04:
      return '$';
    case 0xFF05:
      return '%';
    case 0xFF0C:
      return ',';
    case 0xFF0E:
      return '.';
    case 0xFF0B:
      return '+';
    case 0x2026:
      return -1;  // Ellipsis stays; it is not a decimal point.
    default:
      break;
  }
  if (cp >= 0xFF10 && cp <= 0xFF19) return static_cast<int>('0' + (cp - 0xFF10));
  return -1;
}

}  // namespace

NormalizedText NormalizeForFacts(std::string_view text) {
  NormalizedText out;
  out.text.reserve(text.size());
  out.to_original.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size();) {
    size_t length = 1;
    const uint32_t cp = Decode(text, i, length);
    const int folded = cp < 0x80 ? -1 : Fold(cp);
    if (folded == 0) {
      i += length;
      continue;
    }
    if (cp == 0x2014 || cp == 0x2015) {
      // An em dash sets off a clause ("$206.9 billion—equivalent to a 72%
      // climb"): written with spaces, so that it reads as the break it is.
      for (char c : {' ', '-', ' '}) {
        out.text.push_back(c);
        out.to_original.push_back(static_cast<uint32_t>(i));
      }
    } else if (folded > 0) {
      out.text.push_back(static_cast<char>(folded));
      out.to_original.push_back(static_cast<uint32_t>(i));
    } else {
      for (size_t k = 0; k < length; ++k) {
        out.text.push_back(text[i + k]);
        out.to_original.push_back(static_cast<uint32_t>(i + k));
      }
    }
    i += length;
  }
  out.to_original.push_back(static_cast<uint32_t>(text.size()));
  return out;
}

}  // namespace factsift::extract::internal
