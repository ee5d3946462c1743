// Owning pointers for libcurl's C handles, so that no path can leak or double-free one.
// Internal to crawler/: not included from other modules.
#ifndef FACTSIFT_CRAWLER_INTERNAL_CURL_HANDLES_H_
#define FACTSIFT_CRAWLER_INTERNAL_CURL_HANDLES_H_

#include <memory>

#include <curl/curl.h>

namespace factsift::crawler::internal {

struct CurlEasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
// NOTE: an easy handle added to a multi handle must be removed from it before
// this deleter runs (curl_multi_cleanup does not do it for us).
using CurlEasyPtr = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlMultiDeleter {
  void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
using CurlMultiPtr = std::unique_ptr<CURLM, CurlMultiDeleter>;

struct CurlUrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using CurlUrlPtr = std::unique_ptr<CURLU, CurlUrlDeleter>;

// Strings curl allocates for us (curl_url_get, curl_easy_escape).
struct CurlFreeDeleter {
  void operator()(char* text) const { curl_free(text); }
};
using CurlStringPtr = std::unique_ptr<char, CurlFreeDeleter>;

}  // namespace factsift::crawler::internal

#endif  // FACTSIFT_CRAWLER_INTERNAL_CURL_HANDLES_H_
