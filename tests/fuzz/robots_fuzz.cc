// Fuzz target: robots.txt parsing and matching (robots.h). The input is the
// robots.txt body; a few paths, and the body's own lines taken as paths, are
// then checked against it, so that pattern matching runs on hostile patterns
// and hostile paths alike.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crawler/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using factsift::crawler::RobotsPolicy;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const RobotsPolicy policy = RobotsPolicy::Parse(body, "factsift");
  // RFC 9309 2.2.2: /robots.txt is always allowed.
  if (!policy.IsAllowed("/robots.txt")) __builtin_trap();
  for (std::string_view path : {"/", "/news/2024/bitcoin?page=2", "/%E2%82%AC/a$", "/*"}) {
    (void)policy.IsAllowed(path);
  }
  size_t start = 0, lines = 0;
  while (start < body.size() && lines++ < 64) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = body.substr(start, end - start);
    (void)policy.IsAllowed(line);
    (void)factsift::crawler::RobotsPatternMatches(line, "/news/a*b$c");
    start = end + 1;
  }
  (void)factsift::crawler::ProductToken(body.substr(0, 256));
  return 0;
}
