// HttpClient: curl multi with pooled easy handles, raw bodies, own de-chunking
// and decoding, and an address check on every socket curl opens.
#include "crawler/internal/http_client.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/ascii.h"
#include "common/time_util.h"
#include "crawler/http_date.h"
#include "crawler/internal/curl_handles.h"
#include "crawler/internal/decoder.h"

namespace factsift::crawler::internal {
namespace {

struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlSlistPtr = std::unique_ptr<curl_slist, CurlSlistDeleter>;

std::string_view Trim(std::string_view text) { return TrimAny(text, " \t\r\n"); }

Status FetchError(StatusCode code, std::string_view url, std::string_view what) {
  std::string message = "fetch ";
  message.append(url).append(": ").append(what);
  return Status(code, std::move(message));
}

// The media type of a Content-Type value, lower-cased: "text/html".
std::string MediaType(std::string_view content_type) {
  std::string type(Trim(content_type.substr(0, content_type.find(';'))));
  for (char& c : type) c = LowerAscii(c);
  return type;
}

// Whether a body of `type` is worth reading for `filter`. An absent type is
// read: the extractor sniffs, and a listing parser will say what it is.
bool AcceptsType(BodyFilter filter, const std::string& type) {
  if (filter == BodyFilter::kAny || type.empty()) return true;
  if (type.starts_with("text/")) return true;
  if (type.find("xml") != std::string::npos || type.find("html") != std::string::npos) return true;
  if (type == "application/pdf") return true;  // Stored as evidence, not extracted.
  if (type == "application/json" || type == "application/ld+json") return true;
  if (filter == BodyFilter::kListing) {
    return type == "application/x-gzip" || type == "application/gzip" ||
           type == "application/octet-stream";
  }
  return false;
}

// The outcome of a complete HTTP response, by status code (RFC 9110 section 15).
Status FromHttpStatus(std::string_view url, int http_status) {
  const std::string code = "HTTP " + std::to_string(http_status);
  if (http_status >= 200 && http_status <= 299) return Status::Ok();
  // Kept as success: the caller's stored copy is current.
  if (http_status == 304) return Status::Ok();
  if (http_status == 404 || http_status == 410) return FetchError(StatusCode::kNotFound, url, code);
  if (http_status == 429 || (http_status >= 500 && http_status <= 599)) {
    return FetchError(StatusCode::kUnavailable, url, code);
  }
  if (http_status >= 400 && http_status <= 499) {
    return FetchError(StatusCode::kFailedPrecondition, url, code);
  }
  if (http_status >= 300 && http_status <= 399) {
    return FetchError(StatusCode::kFailedPrecondition, url, code + " (redirect not followed)");
  }
  return FetchError(StatusCode::kFailedPrecondition, url, "unexpected " + code);
}

// RFC 9112 7.1: chunk-size [; ext] CRLF data CRLF ... 0 CRLF trailers CRLF.
// Fed the raw body piece by piece; emits the chunk data.
class Dechunker {
 public:
  // Appends the data in `input` to `*out`. False for malformed framing.
  bool Feed(std::string_view input, std::string* out) {
    for (size_t i = 0; i < input.size();) {
      switch (state_) {
        case State::kSize: {
          const char c = input[i++];
          if (c == '\n') {
            if (!size_digits_) return false;
            state_ = remaining_ == 0 ? State::kTrailer : State::kData;
            size_digits_ = false;
            line_length_ = 0;
          } else if (!in_extension_ && std::isxdigit(static_cast<unsigned char>(c))) {
            if (remaining_ > (uint64_t{1} << 56)) return false;
            remaining_ = remaining_ * 16 +
                         static_cast<uint64_t>(c <= '9' ? c - '0' : LowerAscii(c) - 'a' + 10);
            size_digits_ = true;
          } else if (c == ';') {
            in_extension_ = true;
          } else if (c != '\r' && c != ' ' && c != '\t' && !in_extension_) {
            return false;
          }
          if (state_ != State::kSize) in_extension_ = false;
          break;
        }
        case State::kData: {
          const size_t take = static_cast<size_t>(
              std::min<uint64_t>(remaining_, static_cast<uint64_t>(input.size() - i)));
          out->append(input.data() + i, take);
          i += take;
          remaining_ -= take;
          if (remaining_ == 0) state_ = State::kDataEnd;
          break;
        }
        case State::kDataEnd: {
          const char c = input[i++];
          if (c == '\n') {
            state_ = State::kSize;
          } else if (c != '\r') {
            return false;
          }
          break;
        }
        case State::kTrailer: {
          const char c = input[i++];
          if (c == '\n') {
            if (line_length_ == 0) state_ = State::kDone;
            line_length_ = 0;
          } else if (c != '\r') {
            ++line_length_;
          }
          break;
        }
        case State::kDone:
          return true;  // Bytes after the last chunk are not body.
      }
    }
    return true;
  }
  bool done() const { return state_ == State::kDone; }

 private:
  enum class State { kSize, kData, kDataEnd, kTrailer, kDone };
  State state_ = State::kSize;
  uint64_t remaining_ = 0;
  bool size_digits_ = false;
  bool in_extension_ = false;
  size_t line_length_ = 0;
};

// One request in flight. Owns everything curl writes into, so those outlive
// the handle; the easy handle itself goes back to the client's pool.
class Transfer {
 public:
  Transfer(const HttpClientOptions& options, HttpRequest request)
      : options_(options), request_(std::move(request)) {
    response_.tag = request_.tag;
    response_.page.url = request_.url;
    response_.page.final_url = request_.url;
    is_file_ = request_.url.starts_with("file:");
    keep_body_ = is_file_;  // curl reports no status, and perhaps no headers, for a file.
  }
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  Status Configure(CURL* easy);
  HttpResponse Finish(CURL* easy, CURLcode code);

 private:
  static size_t OnHeader(char* data, size_t size, size_t count, void* self) noexcept;
  static size_t OnBody(char* data, size_t size, size_t count, void* self) noexcept;
  static int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* self) noexcept;
  static curl_socket_t OnOpenSocket(void* self, curlsocktype purpose,
                                    curl_sockaddr* address) noexcept;
  bool StartBody();
  bool TakeBody(std::string_view raw);
  Status Classify(CURL* easy, CURLcode code);

  const HttpClientOptions& options_;  // Not owned; the client's, which outlives transfers.
  HttpRequest request_;
  HttpResponse response_;
  bool is_file_ = false;
  char error_[CURL_ERROR_SIZE] = {};
  CurlSlistPtr headers_;

  // The response being received (reset by each status line).
  int status_code_ = 0;
  bool headers_done_ = false;
  bool keep_body_ = false;  // A 2xx: decode and keep.
  bool chunked_ = false;
  std::string content_encoding_;
  std::string retry_after_;
  std::unique_ptr<Dechunker> dechunker_;
  std::unique_ptr<ContentDecoder> decoder_;
  std::string chunk_buffer_;

  // Why the transfer was aborted from a callback, when it was.
  Status abort_;
  std::string refused_address_;  // "127.0.0.1 (loopback)".
};

Status Transfer::Configure(CURL* h) {
  CURLcode failed_code = CURLE_OK;
  const char* failed_option = nullptr;
  const auto check = [&](CURLcode code, const char* option) {
    if (code != CURLE_OK && failed_option == nullptr) {
      failed_code = code;
      failed_option = option;
    }
  };
  check(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_), "CURLOPT_ERRORBUFFER");
  check(curl_easy_setopt(h, CURLOPT_URL, request_.url.c_str()), "CURLOPT_URL");
  check(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, is_file_ ? "file" : "http,https"),
        "CURLOPT_PROTOCOLS_STR");
  // The scheduler follows redirects itself, hop by hop.
  check(curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L), "CURLOPT_FOLLOWLOCATION");
  check(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms),
        "CURLOPT_CONNECTTIMEOUT_MS");
  check(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options_.timeout_ms), "CURLOPT_TIMEOUT_MS");
  if (options_.low_speed_time_s > 0) {
    check(curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes),
          "CURLOPT_LOW_SPEED_LIMIT");
    check(curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, options_.low_speed_time_s),
          "CURLOPT_LOW_SPEED_TIME");
  }
  // Refuses a too-large Content-Length before any body byte; OnBody counts
  // the rest (chunked bodies, lying lengths).
  check(curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_bytes)),
        "CURLOPT_MAXFILESIZE_LARGE");
  check(curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str()), "CURLOPT_USERAGENT");
  check(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
  check(curl_easy_setopt(h, CURLOPT_PRIVATE, static_cast<void*>(this)), "CURLOPT_PRIVATE");
  check(curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader), "CURLOPT_HEADERFUNCTION");
  check(curl_easy_setopt(h, CURLOPT_HEADERDATA, static_cast<void*>(this)), "CURLOPT_HEADERDATA");
  check(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Transfer::OnBody), "CURLOPT_WRITEFUNCTION");
  check(curl_easy_setopt(h, CURLOPT_WRITEDATA, static_cast<void*>(this)), "CURLOPT_WRITEDATA");
  if (!is_file_) {
    // HTTP/2 over TLS when the server offers it (ALPN), HTTP/1.1 otherwise.
    check(curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS)),
          "CURLOPT_HTTP_VERSION");
    // Over TLS, PIPEWAIT prefers multiplexing on a connection that ALPN may
    // reveal as HTTP/2 to opening another. Never over cleartext HTTP/1.1: it
    // would queue transfers behind one connection instead of opening more.
    if (request_.url.starts_with("https:")) {
      check(curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L), "CURLOPT_PIPEWAIT");
    }
    // Offer what decoder.cc decodes; receive it undecoded (see the file comment).
    check(curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip, deflate, br"),
          "CURLOPT_ACCEPT_ENCODING");
    check(curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, 0L), "CURLOPT_HTTP_CONTENT_DECODING");
    check(curl_easy_setopt(h, CURLOPT_HTTP_TRANSFER_DECODING, 0L),
          "CURLOPT_HTTP_TRANSFER_DECODING");
    // Every connection, redirect hops included, passes the address check.
    check(curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, &Transfer::OnOpenSocket),
          "CURLOPT_OPENSOCKETFUNCTION");
    check(curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, static_cast<void*>(this)),
          "CURLOPT_OPENSOCKETDATA");
    curl_slist* list = nullptr;
    const auto append = [&](const std::string& line) {
      curl_slist* grown = curl_slist_append(list, line.c_str());
      if (grown == nullptr) {
        check(CURLE_OUT_OF_MEMORY, "curl_slist_append");
        return;
      }
      // Appending returns the same head once there is one; own it once.
      if (list == nullptr) headers_.reset(grown);
      list = grown;
    };
    // Validators must be one header line each; a CR or LF would forge others.
    const auto clean = [](const std::string& value) {
      return !value.empty() && value.find_first_of("\r\n") == std::string::npos;
    };
    if (clean(request_.etag)) append("If-None-Match: " + request_.etag);
    if (clean(request_.last_modified)) append("If-Modified-Since: " + request_.last_modified);
    if (headers_ != nullptr)
      check(curl_easy_setopt(h, CURLOPT_HTTPHEADER, list), "CURLOPT_HTTPHEADER");
    if (options_.capture) {
      // The request head as sent reaches us only through the debug callback.
      check(curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, &Transfer::OnDebug),
            "CURLOPT_DEBUGFUNCTION");
      check(curl_easy_setopt(h, CURLOPT_DEBUGDATA, static_cast<void*>(this)), "CURLOPT_DEBUGDATA");
      check(curl_easy_setopt(h, CURLOPT_VERBOSE, 1L), "CURLOPT_VERBOSE");
    }
  }
  if (failed_option != nullptr) {
    return FetchError(
        StatusCode::kInternal, request_.url,
        std::string("curl_easy_setopt(") + failed_option + "): " + curl_easy_strerror(failed_code));
  }
  response_.started_ms = NowMs();
  return Status::Ok();
}

curl_socket_t Transfer::OnOpenSocket(void* self, curlsocktype purpose,
                                     curl_sockaddr* address) noexcept {
  auto* transfer = static_cast<Transfer*>(self);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  std::string what;
  if (!transfer->options_.allow_private && IsNonPublicAddress(&address->addr, &what)) {
    char text[INET6_ADDRSTRLEN] = "?";
    if (address->family == AF_INET) {
      const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address->addr);
      inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    } else if (address->family == AF_INET6) {
      const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address->addr);
      inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    }
    try {
      transfer->refused_address_ = std::string(text) + " (" + what + ")";
    } catch (const std::bad_alloc&) {
    }
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

int Transfer::OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* self) noexcept {
  if (type != CURLINFO_HEADER_OUT) return 0;
  auto* transfer = static_cast<Transfer*>(self);
  try {
    transfer->response_.request_head.assign(data, size);
  } catch (const std::bad_alloc&) {
  }
  return 0;
}

// Called once per header line of every response (interim 1xx included).
size_t Transfer::OnHeader(char* data, size_t size, size_t count, void* self) noexcept {
  auto* transfer = static_cast<Transfer*>(self);
  const std::string_view line(data, size * count);
  try {
    RawPage& page = transfer->response_.page;
    if (line.starts_with("HTTP/")) {
      // A new response: an interim 1xx ends up replaced by the final one.
      page.content_type.clear();
      page.etag.clear();
      page.last_modified.clear();
      transfer->content_encoding_.clear();
      transfer->retry_after_.clear();
      transfer->chunked_ = false;
      transfer->headers_done_ = false;
      transfer->response_.location.clear();
      if (transfer->options_.capture) transfer->response_.response_head.clear();
      const size_t space = line.find(' ');
      transfer->status_code_ = space == std::string_view::npos
                                   ? 0
                                   : std::atoi(std::string(line.substr(space + 1, 3)).c_str());
    }
    if (transfer->options_.capture && !transfer->is_file_) {
      transfer->response_.response_head.append(line);
    }
    if (Trim(line).empty()) {
      if (transfer->status_code_ >= 200 || transfer->is_file_) {
        transfer->headers_done_ = true;
        if (!transfer->StartBody()) return 0;
      }
      return line.size();
    }
    if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
      const std::string_view name = line.substr(0, colon);
      const std::string_view value = Trim(line.substr(colon + 1));
      if (EqualsIgnoreCase(name, "Content-Type")) {
        page.content_type.assign(value);
      } else if (EqualsIgnoreCase(name, "ETag")) {
        page.etag.assign(value);
      } else if (EqualsIgnoreCase(name, "Last-Modified")) {
        page.last_modified.assign(value);
      } else if (EqualsIgnoreCase(name, "Content-Encoding")) {
        transfer->content_encoding_.assign(value);
      } else if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
        std::string lower(value);
        for (char& c : lower) c = LowerAscii(c);
        transfer->chunked_ = lower.find("chunked") != std::string::npos;
      } else if (EqualsIgnoreCase(name, "Retry-After")) {
        transfer->retry_after_.assign(value);
      }
    }
  } catch (const std::bad_alloc&) {
    // Exceptions must not cross curl's C frames; a short count aborts.
    transfer->abort_ = Status::ResourceExhausted("out of memory for the headers");
    return 0;
  }
  return line.size();
}

// At the end of the final response's headers: decides whether to read the
// body at all, and how to decode it. False aborts the transfer.
bool Transfer::StartBody() {
  keep_body_ = is_file_ || (status_code_ >= 200 && status_code_ <= 299);
  if (!keep_body_) return true;
  const std::string type = MediaType(response_.page.content_type);
  if (!is_file_ && !AcceptsType(request_.filter, type)) {
    abort_ = FetchError(StatusCode::kFailedPrecondition, request_.url,
                        "content type " + type + " is not crawled");
    return false;
  }
  if (chunked_) dechunker_ = std::make_unique<Dechunker>();
  if (!is_file_) {
    StatusOr<std::unique_ptr<ContentDecoder>> decoder = MakeContentDecoder(content_encoding_);
    if (!decoder.ok()) {
      abort_ = FetchError(decoder.status().code(), request_.url, decoder.status().message());
      return false;
    }
    decoder_ = std::move(*decoder);
  }
  return true;
}

// Takes raw body bytes of a kept response: de-chunks, decodes, caps.
bool Transfer::TakeBody(std::string_view raw) {
  std::string_view payload = raw;
  if (dechunker_ != nullptr) {
    chunk_buffer_.clear();
    if (!dechunker_->Feed(raw, &chunk_buffer_)) {
      abort_ = FetchError(StatusCode::kDataLoss, request_.url, "malformed chunked body");
      return false;
    }
    payload = chunk_buffer_;
  }
  std::string& body = response_.page.body;
  const auto cap = static_cast<size_t>(options_.max_bytes);
  if (decoder_ != nullptr) {
    const Status decoded = decoder_->Decode(payload, &body, cap);
    if (decoded.code() == StatusCode::kResourceExhausted) {
      abort_ = FetchError(StatusCode::kResourceExhausted, request_.url,
                          "exceeds --max-bytes " + std::to_string(options_.max_bytes));
      return false;
    }
    if (!decoded.ok()) {
      abort_ = FetchError(decoded.code(), request_.url, decoded.message());
      return false;
    }
    return true;
  }
  if (body.size() + payload.size() > cap) {
    abort_ = FetchError(StatusCode::kResourceExhausted, request_.url,
                        "exceeds --max-bytes " + std::to_string(options_.max_bytes));
    return false;
  }
  body.append(payload);
  return true;
}

// Receives raw body bytes. Returning less than offered makes curl abort with
// CURLE_WRITE_ERROR, which is how every cap stops a download midway.
size_t Transfer::OnBody(char* data, size_t size, size_t count, void* self) noexcept {
  auto* transfer = static_cast<Transfer*>(self);
  const size_t bytes = size * count;
  try {
    if (!transfer->headers_done_ && !transfer->is_file_) return bytes;  // 1xx noise.
    transfer->response_.wire_bytes += static_cast<int64_t>(bytes);
    if (transfer->keep_body_ && !transfer->TakeBody(std::string_view(data, bytes))) {
      transfer->response_.truncated = "length";
      return 0;
    }
    // Bodies not kept (error pages, redirects) and framing overhead are
    // bounded too.
    if (transfer->response_.wire_bytes > transfer->options_.max_wire_bytes) {
      transfer->abort_ = FetchError(
          StatusCode::kResourceExhausted, transfer->request_.url,
          "more than " + std::to_string(transfer->options_.max_wire_bytes) + " bytes on the wire");
      transfer->response_.truncated = "length";
      return 0;
    }
    if (transfer->options_.capture) transfer->response_.raw_body.append(data, bytes);
  } catch (const std::bad_alloc&) {
    transfer->abort_ = Status::ResourceExhausted("fetch " + transfer->request_.url +
                                                 ": out of memory for the body");
    return 0;
  }
  return bytes;
}

Status Transfer::Classify(CURL* easy, CURLcode code) {
  const std::string& url = request_.url;
  if (!abort_.ok()) return abort_;
  if (!refused_address_.empty() && code != CURLE_OK) {
    return FetchError(
        StatusCode::kFailedPrecondition, url,
        "refused to connect to " + refused_address_ + " address (--allow-private allows it)");
  }
  const int http_status = response_.page.http_status;
  if (code == CURLE_OK) {
    if (is_file_) return Status::Ok();
    if (keep_body_ && dechunker_ != nullptr && !dechunker_->done()) {
      return FetchError(StatusCode::kUnavailable, url, "chunked body ended early");
    }
    if (keep_body_ && decoder_ != nullptr) {
      const Status finished = decoder_->Finish();
      if (!finished.ok()) return FetchError(finished.code(), url, finished.message());
    }
    return FromHttpStatus(url, http_status);
  }
  // A server that answered with an error status has said what matters, even
  // if its error page then stalled or overflowed the cap.
  if (http_status >= 400) return FromHttpStatus(url, http_status);

  const std::string curl_text = error_[0] != '\0' ? error_ : curl_easy_strerror(code);
  const std::string max_bytes = "exceeds --max-bytes " + std::to_string(options_.max_bytes);
  switch (code) {
    case CURLE_FILESIZE_EXCEEDED:  // Content-Length already said too much.
      response_.truncated = "length";
      return FetchError(StatusCode::kResourceExhausted, url, max_bytes);
    case CURLE_OUT_OF_MEMORY:
      return FetchError(StatusCode::kResourceExhausted, url, curl_text);
    case CURLE_OPERATION_TIMEDOUT: {
      response_.truncated = "time";
      if (std::string_view(curl_text).find("too slow") != std::string_view::npos) {
        return FetchError(StatusCode::kDeadlineExceeded, url,
                          "too slow: under " + std::to_string(options_.low_speed_bytes) +
                              " bytes/s for " + std::to_string(options_.low_speed_time_s) + " s");
      }
      // Tell a dead host (never connected) from a slow one.
      curl_off_t connect_us = 0;
      const bool connected =
          curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_us) == CURLE_OK &&
          connect_us > 0;
      if (connected) {
        return FetchError(StatusCode::kDeadlineExceeded, url,
                          "timeout after " + std::to_string(options_.timeout_ms) + " ms");
      }
      const long limit = std::min(options_.connect_timeout_ms, options_.timeout_ms);
      return FetchError(StatusCode::kDeadlineExceeded, url,
                        "connect timeout after " + std::to_string(limit) + " ms");
    }
    case CURLE_FILE_COULDNT_READ_FILE:
      return FetchError(StatusCode::kNotFound, url, curl_text);
    case CURLE_URL_MALFORMAT:
      return FetchError(StatusCode::kInvalidArgument, url, curl_text);
    case CURLE_UNSUPPORTED_PROTOCOL:
      return FetchError(StatusCode::kInvalidArgument, url, curl_text);
    default:
      // Connection refused or reset, DNS, TLS, a truncated body: the
      // network's fault as far as we can tell, so worth a later retry.
      if (http_status > 0) response_.truncated = "disconnect";
      return FetchError(StatusCode::kUnavailable, url, curl_text);
  }
}

HttpResponse Transfer::Finish(CURL* easy, CURLcode code) {
  RawPage& page = response_.page;
  page.fetched_at_ms = NowMs();
  long response_code = 0;
  if (!is_file_ && curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response_code) == CURLE_OK) {
    page.http_status = static_cast<int>(response_code);
  }
  char* ip = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) {
    response_.remote_ip = ip;
  }
  if (page.http_status >= 300 && page.http_status <= 399) {
    char* location = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_REDIRECT_URL, &location) == CURLE_OK &&
        location != nullptr) {
      response_.location = location;
    }
  }
  response_.status = Classify(easy, code);
  if ((page.http_status == 429 || page.http_status == 503) && !retry_after_.empty()) {
    response_.retry_after_ms = ParseRetryAfterMs(retry_after_, page.fetched_at_ms);
  }
  if (!response_.status.ok()) {
    // The body of a failure is an error page or a fragment. Validators without
    // the body they describe would make a later conditional request return 304
    // for a page that was never stored.
    page.body.clear();
    page.etag.clear();
    page.last_modified.clear();
  } else if (page.http_status == 304) {
    page.body.clear();
  }
  return std::move(response_);
}

}  // namespace

bool IsNonPublicAddress(const void* sockaddr_ptr, std::string* what) {
  const auto* generic = static_cast<const sockaddr*>(sockaddr_ptr);
  const auto v4_kind = [](uint32_t a) -> const char* {
    const auto in = [a](uint32_t net, int bits) {
      return bits == 0 || (a >> (32 - bits)) == (net >> (32 - bits));
    };
    if (in(0x7f000000, 8)) return "loopback";
    if (in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16)) return "private";
    if (in(0x64400000, 10)) return "shared (carrier-grade NAT)";
    if (in(0xa9fe0000, 16)) return "link-local";
    if (in(0xe0000000, 4)) return "multicast";
    if (in(0x00000000, 8)) return "unspecified";
    if (in(0xf0000000, 4)) return "reserved";
    if (in(0xc0000000, 24) || in(0xc6120000, 15)) return "reserved";
    return nullptr;
  };
  const char* kind = nullptr;
  if (generic->sa_family == AF_INET) {
    const auto* v4 = static_cast<const sockaddr_in*>(sockaddr_ptr);
    kind = v4_kind(ntohl(v4->sin_addr.s_addr));
  } else if (generic->sa_family == AF_INET6) {
    const auto* v6 = static_cast<const sockaddr_in6*>(sockaddr_ptr);
    const uint8_t* b = v6->sin6_addr.s6_addr;
    static constexpr uint8_t kZero[16] = {};
    const bool mapped = std::memcmp(b, kZero, 10) == 0 && b[10] == 0xff && b[11] == 0xff;
    const bool nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b &&
                       std::memcmp(b + 4, kZero, 8) == 0;
    if (mapped || nat64) {
      kind = v4_kind(static_cast<uint32_t>(b[12]) << 24 | static_cast<uint32_t>(b[13]) << 16 |
                     static_cast<uint32_t>(b[14]) << 8 | b[15]);
    } else if (std::memcmp(b, kZero, 15) == 0 && b[15] == 1) {
      kind = "loopback";
    } else if (std::memcmp(b, kZero, 16) == 0) {
      kind = "unspecified";
    } else if ((b[0] & 0xfe) == 0xfc) {
      kind = "private";
    } else if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) {
      kind = "link-local";
    } else if (b[0] == 0xff) {
      kind = "multicast";
    }
  } else {
    kind = "non-IP";
  }
  if (kind != nullptr && what != nullptr) *what = kind;
  return kind != nullptr;
}

struct HttpClient::Impl {
  HttpClientOptions options;
  CurlMultiPtr multi;
  std::vector<CurlEasyPtr> pool;  // Idle easy handles, reset, for reuse.
  // Declared after `multi`: destroyed first, each detaching its handle.
  struct Active {
    std::unique_ptr<Transfer> transfer;
    CurlEasyPtr easy;
  };
  std::unordered_map<CURL*, Active> active;

  ~Impl() {
    for (auto& [easy, entry] : active) curl_multi_remove_handle(multi.get(), easy);
    active.clear();
    pool.clear();
  }

  void Recycle(CurlEasyPtr easy) {
    curl_easy_reset(easy.get());
    if (pool.size() < 256) pool.push_back(std::move(easy));
  }

  // Moves finished transfers to `finished`; true when any did.
  bool Collect(std::vector<HttpResponse>* finished) {
    bool any = false;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      // Copy out before removing the handle: that invalidates `message`.
      CURL* const easy = message->easy_handle;
      const CURLcode code = message->data.result;
      const auto it = active.find(easy);
      // Every handle in this multi is one of ours.
      assert(it != active.end());
      if (it == active.end()) continue;
      curl_multi_remove_handle(multi.get(), easy);
      finished->push_back(it->second.transfer->Finish(easy, code));
      CurlEasyPtr handle = std::move(it->second.easy);
      active.erase(it);
      Recycle(std::move(handle));
      any = true;
    }
    return any;
  }
};

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClient::~HttpClient() = default;

StatusOr<std::unique_ptr<HttpClient>> HttpClient::Create(const HttpClientOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->multi.reset(curl_multi_init());
  if (impl->multi == nullptr) return Status::Internal("fetch: curl_multi_init failed");
  curl_multi_setopt(impl->multi.get(), CURLMOPT_MAXCONNECTS,
                    static_cast<long>(std::max(options.max_connections, 4)));
  curl_multi_setopt(impl->multi.get(), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  return std::unique_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

Status HttpClient::Start(const HttpRequest& request) {
  CurlEasyPtr easy;
  if (!impl_->pool.empty()) {
    easy = std::move(impl_->pool.back());
    impl_->pool.pop_back();
  } else {
    easy.reset(curl_easy_init());
    if (easy == nullptr)
      return FetchError(StatusCode::kInternal, request.url, "curl_easy_init failed");
  }
  auto transfer = std::make_unique<Transfer>(impl_->options, request);
  FACTSIFT_RETURN_IF_ERROR(transfer->Configure(easy.get()));
  const CURLMcode added = curl_multi_add_handle(impl_->multi.get(), easy.get());
  if (added != CURLM_OK) {
    return FetchError(StatusCode::kInternal, request.url,
                      std::string("curl_multi_add_handle: ") + curl_multi_strerror(added));
  }
  CURL* const key = easy.get();
  impl_->active.emplace(key, Impl::Active{std::move(transfer), std::move(easy)});
  return Status::Ok();
}

Status HttpClient::Poll(int timeout_ms, std::vector<HttpResponse>* finished) {
  int running = 0;
  CURLMcode code = curl_multi_perform(impl_->multi.get(), &running);
  if (code != CURLM_OK) {
    return Status::Internal(std::string("fetch: curl_multi_perform: ") + curl_multi_strerror(code));
  }
  if (impl_->Collect(finished)) return Status::Ok();
  if (timeout_ms > 0) {
    code = curl_multi_poll(impl_->multi.get(), nullptr, 0, timeout_ms, nullptr);
    if (code != CURLM_OK) {
      return Status::Internal(std::string("fetch: curl_multi_poll: ") + curl_multi_strerror(code));
    }
    code = curl_multi_perform(impl_->multi.get(), &running);
    if (code != CURLM_OK) {
      return Status::Internal(std::string("fetch: curl_multi_perform: ") +
                              curl_multi_strerror(code));
    }
    impl_->Collect(finished);
  }
  return Status::Ok();
}

size_t HttpClient::active() const { return impl_->active.size(); }

}  // namespace factsift::crawler::internal
