// Fuzz target: feeds and sitemaps (discovery.h ParseListing: RSS, Atom, XML
// sitemaps and indexes, text sitemaps, gzip-compressed ones) and the link
// scanner run on every HTML page (ScanPageLinks).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crawler/discovery.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kBase = "https://news.example/feeds/all.xml";
  // A small inflate cap: a gzip bomb must stop at it.
  const auto listing = factsift::crawler::ParseListing(body, kBase, 1000, 1u << 20);
  if (listing.ok() && listing->urls.size() > 1000) __builtin_trap();
  (void)factsift::crawler::ScanPageLinks(body, kBase);
  return 0;
}
