#include "extract/extractor.h"

#include <chrono>
#include <ctime>
#include <string>
#include <utility>

#include "extract/charset.h"
#include "extract/internal/citations.h"
#include "extract/internal/content.h"
#include "extract/internal/dom.h"
#include "extract/internal/facts.h"
#include "extract/internal/html_prepare.h"
#include "extract/internal/market_widgets.h"
#include "extract/internal/metadata.h"
#include "extract/internal/text_input.h"
#include "extract/lexicon.h"

namespace factsift::extract {
namespace {

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Names the format of bytes that are certainly not a text document, or "".
std::string_view BinaryFormat(std::string_view bytes) {
  struct Magic {
    std::string_view prefix;
    std::string_view name;
  };
  static constexpr Magic kMagics[] = {
      {"%PDF-", "a PDF document"},
      {"\x89PNG", "a PNG image"},
      {"GIF8", "a GIF image"},
      {"\xFF\xD8\xFF", "a JPEG image"},
      {"PK\x03\x04", "a ZIP archive"},
      {"\x1F\x8B", "gzip-compressed data"},
      {"RIFF", "a RIFF (WebP/WAV/AVI) file"},
      {"\x7F"
       "ELF",
       "an executable"},
      {"BZh", "bzip2-compressed data"},
      {"\x28\xB5\x2F\xFD", "zstd-compressed data"},
      {"OggS", "an Ogg file"},
      {"ID3", "an MP3 file"},
  };
  for (const Magic& magic : kMagics) {
    if (bytes.starts_with(magic.prefix)) return magic.name;
  }
  // UTF-16 text has NULs by design; it is recognised by its byte order mark.
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return "";
  const std::string_view head = bytes.substr(0, 8192);
  size_t control = 0;
  for (char c : head) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1B) ++control;
  }
  // Text has next to no control bytes; a tenth of them is binary data.
  if (control * 10 > head.size()) return "binary data";
  return "";
}

// CPU time of the calling thread in ms: the deadline bounds the work one
// page costs, which a busy machine does not change (the wall clock would
// fail pages there that are fine).
double ThreadCpuMs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// DeadlineExceeded once the thread has spent more than max_extract_ms of CPU
// time since `cpu_start_ms`; `stage` names what has just finished.
Status CheckDeadline(double cpu_start_ms, const ExtractOptions& options, std::string_view stage) {
  const double elapsed = ThreadCpuMs() - cpu_start_ms;
  if (elapsed <= options.max_extract_ms) return Status::Ok();
  return Status::DeadlineExceeded("extraction stopped after " + std::string(stage) + ": " +
                                  std::to_string(static_cast<int64_t>(elapsed)) +
                                  " ms of CPU time, above --max-extract-ms " +
                                  std::to_string(options.max_extract_ms));
}

Status CheckInput(std::string_view bytes, const ExtractOptions& options) {
  if (bytes.empty()) return Status::InvalidArgument("empty input");
  if (bytes.size() > options.max_input_bytes) {
    return Status::ResourceExhausted("input is " + std::to_string(bytes.size()) +
                                     " bytes, above the limit of " +
                                     std::to_string(options.max_input_bytes));
  }
  if (std::string_view format = BinaryFormat(bytes); !format.empty()) {
    return Status::FailedPrecondition("input is " + std::string(format) + ", not a text document");
  }
  return Status::Ok();
}

// Fills text, facts and citations from content blocks.
void FinishArticle(const std::vector<internal::TextBlock>& blocks,
                   const std::vector<internal::Link>& links, const ExtractOptions& options,
                   std::string_view language, Article& article) {
  std::vector<size_t> offsets;
  std::vector<internal::TextBlock> kept;
  size_t total = 0;
  for (const internal::TextBlock& block : blocks) {
    if (total + block.text.size() + 2 > options.max_text_bytes) {
      // The block that crosses the limit is cut at a character boundary, so
      // that one giant paragraph still yields its first part.
      internal::TextBlock cut = block;
      size_t room = options.max_text_bytes > total + 2 ? options.max_text_bytes - total - 2 : 0;
      while (room > 0 && (static_cast<unsigned char>(cut.text[room]) & 0xC0) == 0x80) --room;
      cut.text.resize(room);
      if (!cut.text.empty()) kept.push_back(std::move(cut));
      break;
    }
    total += block.text.size() + 2;
    kept.push_back(block);
  }
  article.text = internal::JoinBlocks(kept, &offsets);
  if (!options.facts) return;
  std::vector<internal::Paragraph> paragraphs;
  paragraphs.reserve(kept.size());
  for (size_t i = 0; i < kept.size(); ++i) {
    internal::Paragraph paragraph;
    paragraph.begin = offsets[i];
    paragraph.end = offsets[i] + kept[i].text.size();
    paragraph.section = kept[i].section;
    paragraph.heading =
        kept[i].kind == internal::BlockKind::kHeading || kept[i].text.ends_with("?");
    paragraph.context = kept[i].context;
    paragraphs.push_back(paragraph);
  }
  internal::FactOptions fact_options;
  fact_options.max_facts = options.max_facts;
  fact_options.language = language;
  article.facts = internal::ExtractFacts(article.title, article.text, paragraphs,
                                         AssetLexicon::Default(), fact_options);
  article.citations = internal::ExtractCitations(article.text, links, SourceLexicon::Default());
}

}  // namespace

std::string_view ExtractorVersion() { return "7"; }

StatusOr<Article> ExtractFromHtml(const RawPage& page, const ExtractOptions& options,
                                  PageBlocks* blocks) {
  FACTSIFT_RETURN_IF_ERROR(CheckInput(page.body, options));
  const Clock::time_point start = Clock::now();
  const double cpu_start = ThreadCpuMs();
  Article article;
  article.url = page.final_url.empty() ? page.url : page.final_url;
  article.stats.bytes = page.body.size();

  const std::string utf8 = ToUtf8(page.body, DetectCharset(page.content_type, page.body));
  internal::PrepareOptions prepare_options;
  prepare_options.max_depth = options.max_depth;
  prepare_options.max_output_bytes = options.max_html_bytes;
  internal::PreparedHtml prepared = internal::PrepareHtml(utf8, prepare_options);
  const internal::Document doc(std::move(prepared.html));
  article.stats.parse_ms = MillisecondsSince(start);
  FACTSIFT_RETURN_IF_ERROR(CheckDeadline(cpu_start, options, "parsing"));

  const Clock::time_point extract_start = Clock::now();
  const internal::Metadata meta = internal::ReadMetadata(doc, prepared.json);
  article.title = meta.title;
  article.author = meta.author;
  article.site_name = meta.site_name;
  article.published = meta.published.empty() ? std::string(options.published) : meta.published;
  article.updated = meta.updated;
  article.canonical_url = meta.canonical_url;
  article.language = meta.language;

  const AssetLexicon& assets = AssetLexicon::Default();
  internal::MarketWidgets widgets = internal::FindMarketWidgets(doc, assets);
  article.market_snapshot = std::move(widgets.items);
  article.stats.ticker_items = widgets.ticker_items;
  FACTSIFT_RETURN_IF_ERROR(CheckDeadline(cpu_start, options, "metadata"));

  internal::ContentOptions content_options;
  content_options.site_template = options.site_template;
  content_options.fingerprints = blocks != nullptr;
  internal::Content content =
      internal::ExtractMainContent(doc, widgets.excluded, article.title, content_options);
  if (blocks != nullptr) {
    blocks->fingerprints = std::move(content.fingerprints);
    blocks->template_removed = content.template_removed;
  }
  article.stats.boilerplate_blocks_removed = content.removed_blocks;
  FACTSIFT_RETURN_IF_ERROR(CheckDeadline(cpu_start, options, "main content"));
  FinishArticle(content.blocks, content.links, options, article.language, article);
  article.stats.extract_ms = MillisecondsSince(extract_start);
  FACTSIFT_RETURN_IF_ERROR(CheckDeadline(cpu_start, options, "facts"));
  return article;
}

StatusOr<Article> ExtractFromText(std::string_view text, std::string_view url,
                                  const ExtractOptions& options) {
  FACTSIFT_RETURN_IF_ERROR(CheckInput(text, options));
  const Clock::time_point start = Clock::now();
  const double cpu_start = ThreadCpuMs();
  Article article;
  article.url = std::string(url);
  article.published = std::string(options.published);
  article.stats.bytes = text.size();
  internal::PlainText plain =
      internal::ReadPlainText(SanitizeUtf8(text), AssetLexicon::Default(), url);
  FACTSIFT_RETURN_IF_ERROR(CheckDeadline(cpu_start, options, "reading the text"));
  article.title = std::move(plain.title);
  // A date the text states wins over the one the caller assumes for it.
  if (!plain.published.empty()) article.published = std::move(plain.published);
  article.updated = std::move(plain.updated);
  article.market_snapshot = std::move(plain.snapshot);
  article.stats.ticker_items = plain.ticker_items;
  const std::vector<internal::TextBlock> blocks = std::move(plain.blocks);
  article.stats.parse_ms = 0;
  FinishArticle(blocks, {}, options, "en", article);
  article.stats.extract_ms = MillisecondsSince(start);
  FACTSIFT_RETURN_IF_ERROR(CheckDeadline(cpu_start, options, "facts"));
  return article;
}

}  // namespace factsift::extract
