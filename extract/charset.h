// Character set detection and conversion to UTF-8 (gumbo and RE2 take nothing else).
// Detection order follows the HTML encoding sniffing algorithm, simplified:
// byte order mark, then the HTTP Content-Type charset, then <meta charset> /
// <meta http-equiv> in the first 4 KB, then UTF-8 if the bytes are valid
// UTF-8, then uchardet's guess, then windows-1252 (the web's legacy default).
#ifndef FACTSIFT_EXTRACT_CHARSET_H_
#define FACTSIFT_EXTRACT_CHARSET_H_

#include <string>
#include <string_view>

#include "common/status.h"

namespace factsift::extract {

// Returns a lower-case charset label usable with iconv, e.g. "utf-8",
// "windows-1252", "shift_jis". `content_type` may be empty.
std::string DetectCharset(std::string_view content_type, std::string_view bytes);

// Converts `bytes` from `charset` to UTF-8. Invalid or unconvertible
// sequences become U+FFFD and NUL bytes become spaces, so the result is always
// valid UTF-8. An unknown charset label falls back to windows-1252.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

// Replaces invalid UTF-8 sequences with U+FFFD and NUL bytes with spaces.
std::string SanitizeUtf8(std::string_view bytes);

// True when every sequence is valid UTF-8 (overlongs and surrogates are not).
bool IsValidUtf8(std::string_view bytes);

}  // namespace factsift::extract

#endif  // FACTSIFT_EXTRACT_CHARSET_H_
