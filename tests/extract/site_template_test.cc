// Site templates (site_template.h) and their use by the extractor: block
// fingerprints, counting per distinct page, and the removal of a block the
// template holds from a page's text.
#include "extract/site_template.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "extract/extractor.h"

#include "tests/testing/status_matchers.h"

namespace factsift::extract {
namespace {

// An article page of one invented site: three paragraphs of its own, a
// promotion written like prose inside the body, and the site's furniture.
std::string SitePage(const std::string& topic, const std::string& promo) {
  auto prose = [&](const std::string& part) {
    return "<p>The " + topic + " story " + part +
           " on Tuesday, when traders on several exchanges said that demand had picked up again "
           "after a quiet week, and analysts expected the " +
           topic + " move to last.</p>";
  };
  return "<html><head><title>" + topic +
         " news</title></head><body>"
         "<nav><a href='/'>Home</a> <a href='/markets'>Markets</a></nav>"
         "<article><h1>" +
         topic + " news</h1><div class='body'>" + prose("began") + prose("went on") +
         (promo.empty() ? "" : "<p>" + promo + "</p>") + prose("ended") +
         "</div></article><footer>Copyright Example Media</footer></body></html>";
}

constexpr char kPromo[] =
    "Open an account on Example Exchange this month and pay no trading fees on your first "
    "$1,000 of volume, with a 10% bonus on the first deposit.";

RawPage Page(const std::string& url, const std::string& html) {
  RawPage page;
  page.url = url;
  page.final_url = url;
  page.body = html;
  page.content_type = "text/html";
  return page;
}

TEST(BlockFingerprint, NormalisesCaseAndSpaceButNotWordsOrPath) {
  struct Row {
    const char* rule;
    const char* text_a;
    const char* path_a;
    const char* text_b;
    const char* path_b;
    bool same;
  };
  const Row rows[] = {
      {"identical", "Sign up today", "div/p", "Sign up today", "div/p", true},
      {"ASCII case folds", "Sign Up TODAY", "div/p", "sign up today", "div/p", true},
      {"spaces squeeze and trim", "  Sign\n up \t today ", "div/p", "Sign up today", "div/p", true},
      {"another word differs", "Sign up today", "div/p", "Sign up tomorrow", "div/p", false},
      {"another path differs", "Sign up today", "div/p", "Sign up today", "aside/p", false},
      {"text and path do not run together", "p Sign", "div", "Sign", "div/p", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.rule);
    EXPECT_EQ(BlockFingerprint(row.text_a, row.path_a) == BlockFingerprint(row.text_b, row.path_b),
              row.same);
  }
}

// Stored in the database: the value must not change between builds.
TEST(BlockFingerprint, StableValue) {
  // FNV-1a 64 of "" followed by a NUL separator and "": the offset basis
  // mixed with one zero byte.
  EXPECT_EQ(BlockFingerprint("", ""), 0xaf63bd4c8601b7dfull);
  // FNV-1a 64 of "div/p\0sign up today".
  EXPECT_EQ(BlockFingerprint(" Sign  up TODAY", "div/p"), 0x0e169a6cf4dd4c44ull);
}

TEST(TemplateLearner, CountsEachBlockOncePerDistinctPage) {
  TemplateLearner learner;
  learner.AddPage("https://a.example/1", {7, 7, 8});  // Twice on one page: one page.
  learner.AddPage("https://a.example/1", {7, 9});     // The same URL again: nothing new.
  learner.AddPage("https://a.example/2", {7, 8});
  EXPECT_EQ(learner.pages(), 2);
  EXPECT_TRUE(learner.Template({.min_pages = 3, .min_fraction = 0}).empty());
  learner.AddPage("https://a.example/3", {7});
  const SiteTemplate site = learner.Template({.min_pages = 3, .min_fraction = 0});
  EXPECT_TRUE(site.Contains(7));
  EXPECT_FALSE(site.Contains(8));  // Two pages.
  EXPECT_FALSE(site.Contains(9));  // Never counted.
}

TEST(TemplateLearner, FractionOfTheSitesPages) {
  TemplateLearner learner;
  for (int i = 0; i < 12; ++i) {
    learner.AddPage("https://a.example/" + std::to_string(i),
                    i < 3 ? std::vector<uint64_t>{5} : std::vector<uint64_t>{});
  }
  // Three of twelve pages is exactly a quarter.
  EXPECT_TRUE(learner.Template({.min_pages = 3, .min_fraction = 0.25}).Contains(5));
  EXPECT_FALSE(learner.Template({.min_pages = 3, .min_fraction = 0.3}).Contains(5));
  EXPECT_FALSE(learner.Template({.min_pages = 4, .min_fraction = 0}).Contains(5));
}

// The acceptance case in small: the page alone keeps the promotion, a
// template learned from the site's other pages removes it, and every
// paragraph of the article's own stays.
TEST(ExtractWithTemplate, RemovesARepeatedBlockThePageAloneKeeps) {
  const std::vector<std::string> topics = {"Bitcoin", "Ether", "Solana", "Cardano"};
  TemplateLearner learner;
  for (const std::string& topic : topics) {
    PageBlocks blocks;
    ASSERT_OK(ExtractFromHtml(Page("https://news.example/" + topic, SitePage(topic, kPromo)), {},
                              &blocks));
    EXPECT_FALSE(blocks.fingerprints.empty());
    learner.AddPage("https://news.example/" + topic, blocks.fingerprints);
  }
  const SiteTemplate site = learner.Template();
  ExtractOptions options;
  options.site_template = &site;
  for (const std::string& topic : topics) {
    SCOPED_TRACE(topic);
    const RawPage page = Page("https://news.example/" + topic, SitePage(topic, kPromo));
    StatusOr<Article> alone = ExtractFromHtml(page);
    ASSERT_OK(alone);
    EXPECT_NE(alone->text.find("Example Exchange"), std::string::npos) << alone->text;
    PageBlocks blocks;
    StatusOr<Article> cleaned = ExtractFromHtml(page, options, &blocks);
    ASSERT_OK(cleaned);
    EXPECT_EQ(cleaned->text.find("Example Exchange"), std::string::npos) << cleaned->text;
    EXPECT_EQ(blocks.template_removed, 1);
    for (const char* part : {"began", "went on", "ended"}) {
      EXPECT_NE(cleaned->text.find("The " + topic + " story " + part), std::string::npos);
    }
    EXPECT_EQ(cleaned->title, alone->title);
    // Fingerprints are those of the page alone, whatever the template.
    PageBlocks alone_blocks;
    ASSERT_OK(ExtractFromHtml(page, {}, &alone_blocks));
    EXPECT_EQ(blocks.fingerprints, alone_blocks.fingerprints);
  }
}

// A page made mostly of template blocks is a copy of a page the template
// was learned from (same article under another URL): it is kept whole.
TEST(ExtractWithTemplate, KeepsAPageTheTemplateWouldEmpty) {
  const RawPage page = Page("https://news.example/b", SitePage("Bitcoin", kPromo));
  PageBlocks blocks;
  ASSERT_OK(ExtractFromHtml(page, {}, &blocks));
  SiteTemplate site;
  site.fingerprints.insert(blocks.fingerprints.begin(), blocks.fingerprints.end());
  ExtractOptions options;
  options.site_template = &site;
  PageBlocks again;
  StatusOr<Article> article = ExtractFromHtml(page, options, &again);
  ASSERT_OK(article);
  EXPECT_EQ(again.template_removed, 0);
  EXPECT_NE(article->text.find("Example Exchange"), std::string::npos);
  EXPECT_NE(article->text.find("The Bitcoin story began"), std::string::npos);
}

// No template, or an empty one, changes nothing.
TEST(ExtractWithTemplate, EmptyTemplateChangesNothing) {
  const RawPage page = Page("https://news.example/b", SitePage("Bitcoin", kPromo));
  StatusOr<Article> alone = ExtractFromHtml(page);
  ASSERT_OK(alone);
  SiteTemplate empty;
  ExtractOptions options;
  options.site_template = &empty;
  StatusOr<Article> with_empty = ExtractFromHtml(page, options);
  ASSERT_OK(with_empty);
  EXPECT_EQ(with_empty->text, alone->text);
  EXPECT_EQ(with_empty->facts, alone->facts);
}

}  // namespace
}  // namespace factsift::extract
