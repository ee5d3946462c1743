// FetchAll: a curl multi loop with one Transfer per URL in flight.
// Spec: https://curl.se/libcurl/c/libcurl-multi.html; status codes per RFC 9110 section 15.
#include "crawler/fetcher.h"

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <curl/curl.h>

#include "common/time_util.h"
#include "crawler/internal/curl_handles.h"

namespace factsift::crawler {
namespace {

using internal::CurlEasyPtr;
using internal::CurlMultiPtr;
using internal::CurlStringPtr;
using internal::CurlUrlPtr;

// Upper bound on one curl_multi_poll wait. curl shortens it on its own when a
// timer (timeout, retry) is due sooner, so this only bounds idle latency.
constexpr int kPollTimeoutMs = 1000;

// What a URL's scheme means for the transfer: http/https report a status
// code, file:// does not (RawPage::http_status stays 0).
enum class Scheme { kHttp, kFile };

Status FetchError(StatusCode code, std::string_view url, std::string_view what) {
  std::string message = "fetch ";
  message.append(url).append(": ").append(what);
  return Status(code, std::move(message));
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) {
             return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
           };
           return lower(x) == lower(y);
         });
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

Status ValidateOptions(const FetchOptions& options) {
  const auto bad = [](std::string what) {
    return Status::InvalidArgument("fetch options: " + std::move(what));
  };
  if (options.concurrency < 1) {
    return bad("concurrency must be >= 1, got " + std::to_string(options.concurrency));
  }
  if (options.connect_timeout_ms <= 0) {
    return bad("connect_timeout_ms must be > 0, got " + std::to_string(options.connect_timeout_ms));
  }
  // 0 would mean "no timeout" to curl; a crawler must never wait forever.
  if (options.timeout_ms <= 0) {
    return bad("timeout_ms must be > 0, got " + std::to_string(options.timeout_ms));
  }
  if (options.max_bytes <= 0) {
    return bad("max_bytes must be > 0, got " + std::to_string(options.max_bytes));
  }
  // -1 would mean "unlimited" to curl, which turns a redirect loop into a hang.
  if (options.max_redirects < 0) {
    return bad("max_redirects must be >= 0, got " + std::to_string(options.max_redirects));
  }
  // Sites we crawl should be able to tell who we are; CR/LF would forge headers.
  if (options.user_agent.empty() || options.user_agent.find_first_of("\r\n") != std::string::npos) {
    return bad("user_agent must be one non-empty line");
  }
  return Status::Ok();
}

// Decides whether `url` may be fetched at all, before any handle exists.
// Returns its scheme class, or InvalidArgument naming the problem.
StatusOr<Scheme> CheckUrl(const std::string& url, bool allow_file_urls) {
  // c_str() would silently cut the URL at the NUL and fetch something else.
  if (url.find('\0') != std::string::npos) {
    return FetchError(StatusCode::kInvalidArgument, url, "NUL byte in URL");
  }
  CurlUrlPtr parsed(curl_url());
  if (parsed == nullptr) return FetchError(StatusCode::kInternal, url, "curl_url failed");
  const CURLUcode parse_code = curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0);
  if (parse_code != CURLUE_OK) {
    return FetchError(StatusCode::kInvalidArgument, url,
                      std::string("malformed URL: ") + curl_url_strerror(parse_code));
  }
  char* raw_scheme = nullptr;
  const CURLUcode get_code = curl_url_get(parsed.get(), CURLUPART_SCHEME, &raw_scheme, 0);
  const CurlStringPtr scheme_holder(raw_scheme);
  if (get_code != CURLUE_OK || raw_scheme == nullptr) {
    return FetchError(StatusCode::kInvalidArgument, url, "URL has no scheme");
  }
  const std::string_view scheme = raw_scheme;  // curl lower-cases it.
  if (scheme == "http" || scheme == "https") return Scheme::kHttp;
  if (scheme == "file") {
    if (allow_file_urls) return Scheme::kFile;
    return FetchError(StatusCode::kInvalidArgument, url, "file:// URLs are not allowed");
  }
  return FetchError(StatusCode::kInvalidArgument, url,
                    "unsupported scheme \"" + std::string(scheme) + "\"");
}

// The outcome of a complete HTTP response, by status code (RFC 9110 section 15).
Status FromHttpStatus(std::string_view url, int http_status) {
  const std::string code = "HTTP " + std::to_string(http_status);
  if (http_status >= 200 && http_status <= 299) return Status::Ok();
  // Kept as success so that a later conditional request can reuse the stored page.
  if (http_status == 304) return Status::Ok();
  if (http_status == 404 || http_status == 410) {
    return FetchError(StatusCode::kNotFound, url, code);
  }
  if (http_status == 429 || (http_status >= 500 && http_status <= 599)) {
    return FetchError(StatusCode::kUnavailable, url, code);
  }
  if (http_status >= 400 && http_status <= 499) {
    return FetchError(StatusCode::kFailedPrecondition, url, code);
  }
  // A 3xx that curl did not follow: no Location, or 300 Multiple Choices.
  if (http_status >= 300 && http_status <= 399) {
    return FetchError(StatusCode::kFailedPrecondition, url, code + " (redirect not followed)");
  }
  return FetchError(StatusCode::kFailedPrecondition, url, "unexpected " + code);
}

// One URL in flight: owns its easy handle and everything curl writes into
// (error text, body, headers), so those outlive the handle. The destructor
// detaches the handle from the multi handle first, as curl requires, which is
// what makes abandoning a crawl midway safe. Not copyable; used by one thread.
class Transfer {
 public:
  Transfer(std::string url, Scheme scheme, const FetchOptions& options, CURLM* multi)
      : options_(options), scheme_(scheme), multi_(multi) {
    page_.url = std::move(url);
  }
  ~Transfer() {
    if (added_) curl_multi_remove_handle(multi_, easy_.get());
  }
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Creates and configures the easy handle and adds it to the multi handle.
  // Returns Internal when curl refuses; the options were validated, so that
  // means curl itself is unusable (out of memory, feature not built in).
  Status Start();

  // Builds the result once curl reports the transfer done with `code`.
  FetchResult Finish(CURLcode code);

 private:
  static size_t OnHeader(char* data, size_t size, size_t count, void* self) noexcept;
  static size_t OnBody(char* data, size_t size, size_t count, void* self) noexcept;
  Status Classify(CURLcode code) const;

  const FetchOptions& options_;  // Not owned; FetchAll's argument outlives every transfer.
  const Scheme scheme_;
  CURLM* const multi_;  // Not owned; outlives every transfer.
  RawPage page_;
  bool body_too_large_ = false;
  bool out_of_memory_ = false;
  char error_[CURL_ERROR_SIZE] = {};
  // Declared after the buffers curl writes into, so it is destroyed before them.
  CurlEasyPtr easy_;
  bool added_ = false;
};

Status Transfer::Start() {
  easy_.reset(curl_easy_init());
  if (easy_ == nullptr) {
    return FetchError(StatusCode::kInternal, page_.url, "curl_easy_init failed");
  }
  CURL* const h = easy_.get();
  CURLcode failed_code = CURLE_OK;
  const char* failed_option = nullptr;
  const auto check = [&](CURLcode code, const char* option) {
    if (code != CURLE_OK && failed_option == nullptr) {
      failed_code = code;
      failed_option = option;
    }
  };
  check(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_), "CURLOPT_ERRORBUFFER");
  check(curl_easy_setopt(h, CURLOPT_URL, page_.url.c_str()), "CURLOPT_URL");
  // Belt and braces with CheckUrl: curl itself refuses any other scheme.
  check(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR,
                         options_.allow_file_urls ? "http,https,file" : "http,https"),
        "CURLOPT_PROTOCOLS_STR");
  // A web page must never redirect us into the local file system.
  check(curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
        "CURLOPT_REDIR_PROTOCOLS_STR");
  check(curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L), "CURLOPT_FOLLOWLOCATION");
  check(curl_easy_setopt(h, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects)),
        "CURLOPT_MAXREDIRS");
  check(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms),
        "CURLOPT_CONNECTTIMEOUT_MS");
  check(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options_.timeout_ms), "CURLOPT_TIMEOUT_MS");
  // Rejects early on a large Content-Length; OnBody enforces the cap on
  // decoded bytes, which also covers chunked and compressed bodies.
  check(curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_bytes)),
        "CURLOPT_MAXFILESIZE_LARGE");
  // "" offers every encoding this libcurl can decode; the body we get is decoded.
  check(curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""), "CURLOPT_ACCEPT_ENCODING");
  check(curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str()), "CURLOPT_USERAGENT");
  // Signals are process-wide; a library must not use them (and DNS timeouts
  // via SIGALRM are unsafe with threads).
  check(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
  check(curl_easy_setopt(h, CURLOPT_PRIVATE, static_cast<void*>(this)), "CURLOPT_PRIVATE");
  check(curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader), "CURLOPT_HEADERFUNCTION");
  check(curl_easy_setopt(h, CURLOPT_HEADERDATA, static_cast<void*>(this)), "CURLOPT_HEADERDATA");
  check(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Transfer::OnBody), "CURLOPT_WRITEFUNCTION");
  check(curl_easy_setopt(h, CURLOPT_WRITEDATA, static_cast<void*>(this)), "CURLOPT_WRITEDATA");
  if (failed_option != nullptr) {
    return FetchError(
        StatusCode::kInternal, page_.url,
        std::string("curl_easy_setopt(") + failed_option + "): " + curl_easy_strerror(failed_code));
  }
  const CURLMcode add_code = curl_multi_add_handle(multi_, h);
  if (add_code != CURLM_OK) {
    return FetchError(StatusCode::kInternal, page_.url,
                      std::string("curl_multi_add_handle: ") + curl_multi_strerror(add_code));
  }
  added_ = true;
  return Status::Ok();
}

// Called once per header line of every response, redirects included. Only
// the final response's validators describe the body we keep, so each status
// line ("HTTP/1.1 301 ...", "HTTP/2 200") starts afresh.
size_t Transfer::OnHeader(char* data, size_t size, size_t count, void* self) noexcept {
  auto* transfer = static_cast<Transfer*>(self);
  RawPage& page = transfer->page_;
  const std::string_view line(data, size * count);
  try {
    if (line.substr(0, 5) == "HTTP/") {
      page.content_type.clear();
      page.etag.clear();
      page.last_modified.clear();
    } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
      const std::string_view name = line.substr(0, colon);
      const std::string_view value = Trim(line.substr(colon + 1));
      if (EqualsIgnoreCase(name, "Content-Type")) {
        page.content_type.assign(value);
      } else if (EqualsIgnoreCase(name, "ETag")) {
        page.etag.assign(value);
      } else if (EqualsIgnoreCase(name, "Last-Modified")) {
        page.last_modified.assign(value);
      }
    }
  } catch (const std::bad_alloc&) {
    // Exceptions must not cross curl's C frames; a short count aborts the transfer.
    transfer->out_of_memory_ = true;
    return 0;
  }
  return line.size();
}

// Receives decoded body bytes. Returning less than offered makes curl abort
// with CURLE_WRITE_ERROR, which is how the size cap stops a download midway.
size_t Transfer::OnBody(char* data, size_t size, size_t count, void* self) noexcept {
  auto* transfer = static_cast<Transfer*>(self);
  const size_t bytes = size * count;
  std::string& body = transfer->page_.body;
  if (body.size() + bytes > static_cast<size_t>(transfer->options_.max_bytes)) {
    transfer->body_too_large_ = true;
    return 0;
  }
  try {
    body.append(data, bytes);
  } catch (const std::bad_alloc&) {
    transfer->out_of_memory_ = true;
    return 0;
  }
  return bytes;
}

Status Transfer::Classify(CURLcode code) const {
  const std::string& url = page_.url;
  if (code == CURLE_OK) {
    return scheme_ == Scheme::kFile ? Status::Ok() : FromHttpStatus(url, page_.http_status);
  }
  // A server that answered with an error status has said what matters, even
  // if its error page then stalled or overflowed the cap.
  if (page_.http_status >= 400) return FromHttpStatus(url, page_.http_status);

  const std::string curl_text = error_[0] != '\0' ? error_ : curl_easy_strerror(code);
  const std::string max_bytes = "exceeds --max-bytes " + std::to_string(options_.max_bytes);
  switch (code) {
    case CURLE_WRITE_ERROR:
      if (body_too_large_) return FetchError(StatusCode::kResourceExhausted, url, max_bytes);
      if (out_of_memory_) {
        return FetchError(StatusCode::kResourceExhausted, url, "out of memory for the body");
      }
      return FetchError(StatusCode::kInternal, url, curl_text);
    case CURLE_FILESIZE_EXCEEDED:  // Content-Length already said too much.
      return FetchError(StatusCode::kResourceExhausted, url, max_bytes);
    case CURLE_OUT_OF_MEMORY:
      return FetchError(StatusCode::kResourceExhausted, url, curl_text);
    case CURLE_OPERATION_TIMEDOUT: {
      // Tell a dead host (never connected) from a slow one.
      curl_off_t connect_us = 0;
      const bool connected =
          curl_easy_getinfo(easy_.get(), CURLINFO_CONNECT_TIME_T, &connect_us) == CURLE_OK &&
          connect_us > 0;
      if (connected) {
        return FetchError(StatusCode::kDeadlineExceeded, url,
                          "timeout after " + std::to_string(options_.timeout_ms) + " ms");
      }
      const long limit = std::min(options_.connect_timeout_ms, options_.timeout_ms);
      return FetchError(StatusCode::kDeadlineExceeded, url,
                        "connect timeout after " + std::to_string(limit) + " ms");
    }
    case CURLE_TOO_MANY_REDIRECTS:
      return FetchError(StatusCode::kFailedPrecondition, url,
                        "more than " + std::to_string(options_.max_redirects) + " redirects");
    case CURLE_UNSUPPORTED_PROTOCOL:
      // CheckUrl vetted the URL itself, so this is a redirect elsewhere (file://, ftp://).
      return FetchError(StatusCode::kFailedPrecondition, url,
                        "redirect to a scheme other than http/https: " + curl_text);
    case CURLE_FILE_COULDNT_READ_FILE:
      return FetchError(StatusCode::kNotFound, url, curl_text);
    case CURLE_URL_MALFORMAT:
      return FetchError(StatusCode::kInvalidArgument, url, curl_text);
    default:
      // Connection refused, DNS, reset, TLS, truncated or undecodable body:
      // the network's fault as far as we can tell, so worth a later retry.
      return FetchError(StatusCode::kUnavailable, url, curl_text);
  }
}

FetchResult Transfer::Finish(CURLcode code) {
  page_.fetched_at_ms = NowMs();
  char* effective_url = nullptr;
  if (curl_easy_getinfo(easy_.get(), CURLINFO_EFFECTIVE_URL, &effective_url) == CURLE_OK &&
      effective_url != nullptr) {
    page_.final_url = effective_url;
  } else {
    page_.final_url = page_.url;
  }
  long response_code = 0;
  if (scheme_ == Scheme::kHttp &&
      curl_easy_getinfo(easy_.get(), CURLINFO_RESPONSE_CODE, &response_code) == CURLE_OK) {
    page_.http_status = static_cast<int>(response_code);
  }

  FetchResult result;
  result.status = Classify(code);
  if (!result.status.ok()) {
    // The body of a failure is an error page or a fragment. Validators without
    // the body they describe would make a later conditional request return 304
    // for a page we never stored.
    page_.body.clear();
    page_.etag.clear();
    page_.last_modified.clear();
  } else if (page_.http_status == 304) {
    page_.body.clear();
  }
  result.page = std::move(page_);
  return result;
}

FetchResult Rejected(const std::string& url, Status status) {
  FetchResult result;
  result.page.url = url;
  result.page.final_url = url;
  result.page.fetched_at_ms = NowMs();
  result.status = std::move(status);
  return result;
}

}  // namespace

CurlGlobal::CurlGlobal() {
  const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) {
    status_ = Status::Internal(std::string("curl_global_init: ") + curl_easy_strerror(code));
  }
}

CurlGlobal::~CurlGlobal() {
  // A failed init undoes itself; cleanup is owed only for a successful one.
  if (status_.ok()) curl_global_cleanup();
}

Status FetchAll(const std::vector<std::string>& urls, const FetchOptions& options, PageSink& sink) {
  FACTSIFT_RETURN_IF_ERROR(ValidateOptions(options));

  // Views into `urls`, which outlives this call.
  std::vector<const std::string*> pending;
  std::unordered_set<std::string_view> seen;
  for (const std::string& url : urls) {
    if (seen.insert(url).second) pending.push_back(&url);
  }

  CurlMultiPtr multi(curl_multi_init());
  if (multi == nullptr) return Status::Internal("fetch: curl_multi_init failed");
  // Declared after `multi`, so that on any return every transfer detaches
  // from the multi handle before the multi handle is cleaned up.
  std::unordered_map<Transfer*, std::unique_ptr<Transfer>> active;
  const size_t concurrency = static_cast<size_t>(options.concurrency);

  size_t next = 0;
  while (next < pending.size() || !active.empty()) {
    while (active.size() < concurrency && next < pending.size()) {
      const std::string& url = *pending[next++];
      StatusOr<Scheme> scheme = CheckUrl(url, options.allow_file_urls);
      if (!scheme.ok()) {
        FACTSIFT_RETURN_IF_ERROR(sink.Accept(Rejected(url, scheme.status())));
        continue;
      }
      auto transfer = std::make_unique<Transfer>(url, *scheme, options, multi.get());
      FACTSIFT_RETURN_IF_ERROR(transfer->Start());
      Transfer* const key = transfer.get();
      active.emplace(key, std::move(transfer));
    }
    if (active.empty()) continue;  // Everything so far was rejected up front.

    int running = 0;
    const CURLMcode perform_code = curl_multi_perform(multi.get(), &running);
    if (perform_code != CURLM_OK) {
      return Status::Internal(std::string("fetch: curl_multi_perform: ") +
                              curl_multi_strerror(perform_code));
    }

    bool completed_any = false;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      // Copy out before the handle is removed: that invalidates `message`.
      CURL* const easy = message->easy_handle;
      const CURLcode result_code = message->data.result;
      void* private_data = nullptr;
      const CURLcode info_code = curl_easy_getinfo(easy, CURLINFO_PRIVATE, &private_data);
      const auto it = active.find(static_cast<Transfer*>(private_data));
      // Every easy handle in this multi handle is one of ours, tagged in Start().
      assert(info_code == CURLE_OK && it != active.end());
      if (info_code != CURLE_OK || it == active.end()) continue;
      FetchResult result = it->second->Finish(result_code);
      active.erase(it);
      completed_any = true;
      FACTSIFT_RETURN_IF_ERROR(sink.Accept(result));
    }

    // A finished transfer freed a slot: fill it before waiting on the others.
    if (completed_any && next < pending.size()) continue;
    if (!active.empty()) {
      const CURLMcode poll_code = curl_multi_poll(multi.get(), nullptr, 0, kPollTimeoutMs, nullptr);
      if (poll_code != CURLM_OK) {
        return Status::Internal(std::string("fetch: curl_multi_poll: ") +
                                curl_multi_strerror(poll_code));
      }
    }
  }
  return Status::Ok();
}

}  // namespace factsift::crawler
