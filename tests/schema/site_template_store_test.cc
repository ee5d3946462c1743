// Store: site templates learned while crawling (RecordPageBlocks,
// PageBlocksRecorded, LoadSiteTemplate).
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "schema/store.h"

#include "tests/schema/schema_testing.h"
#include "tests/testing/status_matchers.h"

namespace factsift::schema {
namespace {

using testing::QueryInt;
using testing::TempDir;

constexpr char kSite[] = "https://news.example";

std::string PageUrl(int i) { return std::string(kSite) + "/story-" + std::to_string(i); }

class SiteTemplateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("t.db");
    StatusOr<std::unique_ptr<Store>> store = Store::Open(path_);
    ASSERT_OK(store);
    store_ = std::move(*store);
  }

  std::vector<uint64_t> Template(int min_pages = 3, double min_fraction = 0) {
    StatusOr<std::vector<uint64_t>> loaded =
        store_->LoadSiteTemplate(kSite, min_pages, min_fraction);
    EXPECT_OK(loaded);
    return loaded.ok() ? *loaded : std::vector<uint64_t>{};
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(SiteTemplateStoreTest, CountsEachFingerprintOncePerDistinctPage) {
  // 1 on pages 0, 1, 2 (twice on page 0); 2 on pages 0 and 1; 3 only on page 2.
  ASSERT_OK(store_->RecordPageBlocks(kSite, PageUrl(0), {1, 1, 2}, 1000));
  ASSERT_OK(store_->RecordPageBlocks(kSite, PageUrl(1), {2, 1}, 2000));
  EXPECT_TRUE(Template().empty());
  ASSERT_OK(store_->RecordPageBlocks(kSite, PageUrl(2), {1, 3}, 3000));
  EXPECT_EQ(Template(), (std::vector<uint64_t>{1}));
  EXPECT_EQ(Template(2), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(QueryInt(path_, "SELECT page_count FROM site_template_blocks WHERE fingerprint = 1"),
            3);
  EXPECT_EQ(QueryInt(path_, "SELECT first_seen_ms FROM site_template_blocks WHERE fingerprint = 1"),
            1000);
  EXPECT_EQ(QueryInt(path_, "SELECT last_seen_ms FROM site_template_blocks WHERE fingerprint = 1"),
            3000);
}

// A re-fetch or re-extraction of a URL counts nothing twice, but a block the
// page newly shows counts once, and the times move.
TEST_F(SiteTemplateStoreTest, RecordingAUrlAgainIsIdempotent) {
  for (int round = 0; round < 3; ++round) {
    ASSERT_OK(store_->RecordPageBlocks(kSite, PageUrl(0), {1, 2}, 1000 + round));
    ASSERT_OK(store_->RecordPageBlocks(kSite, PageUrl(1), {1, 2}, 2000 + round));
  }
  EXPECT_TRUE(Template().empty());
  EXPECT_EQ(QueryInt(path_, "SELECT max(page_count) FROM site_template_blocks"), 2);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM site_template_pages"), 2);
  EXPECT_EQ(QueryInt(path_, "SELECT max(last_seen_ms) FROM site_template_blocks"), 2002);
  ASSERT_OK(store_->RecordPageBlocks(kSite, PageUrl(1), {1, 2, 7}, 5000));
  EXPECT_EQ(QueryInt(path_, "SELECT page_count FROM site_template_blocks WHERE fingerprint = 7"),
            1);
}

TEST_F(SiteTemplateStoreTest, FractionOfTheSitesPages) {
  for (int i = 0; i < 12; ++i) {
    ASSERT_OK(store_->RecordPageBlocks(
        kSite, PageUrl(i), i < 3 ? std::vector<uint64_t>{5} : std::vector<uint64_t>{9}, 1000));
  }
  EXPECT_EQ(Template(3, 0.25), (std::vector<uint64_t>{5, 9}));  // 3 of 12 is a quarter.
  EXPECT_EQ(Template(3, 0.3), (std::vector<uint64_t>{9}));
  EXPECT_EQ(Template(10, 0), (std::vector<uint64_t>{}));
}

// Sites are kept apart; unsigned fingerprints survive SQLite's signed integers.
TEST_F(SiteTemplateStoreTest, SitesApartAndFullRangeFingerprints) {
  const uint64_t high = std::numeric_limits<uint64_t>::max() - 1;
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(store_->RecordPageBlocks(kSite, PageUrl(i), {high, 0}, 1000));
    ASSERT_OK(store_->RecordPageBlocks("https://other.example",
                                       "https://other.example/" + std::to_string(i), {42}, 1000));
  }
  EXPECT_EQ(Template(), (std::vector<uint64_t>{0, high}));
  StatusOr<std::vector<uint64_t>> other = store_->LoadSiteTemplate("https://other.example", 3, 0);
  ASSERT_OK(other);
  EXPECT_EQ(*other, (std::vector<uint64_t>{42}));
  StatusOr<std::vector<uint64_t>> unknown = store_->LoadSiteTemplate("https://none.example", 3, 0);
  ASSERT_OK(unknown);
  EXPECT_TRUE(unknown->empty());
}

TEST_F(SiteTemplateStoreTest, PageBlocksRecordedAndBadInput) {
  StatusOr<bool> before = store_->PageBlocksRecorded(kSite, PageUrl(0));
  ASSERT_OK(before);
  EXPECT_FALSE(*before);
  ASSERT_OK(store_->RecordPageBlocks(kSite, PageUrl(0), {}, 1000));  // A page with no blocks.
  StatusOr<bool> after = store_->PageBlocksRecorded(kSite, PageUrl(0));
  ASSERT_OK(after);
  EXPECT_TRUE(*after);
  EXPECT_EQ(store_->RecordPageBlocks("", PageUrl(0), {1}, 0).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->RecordPageBlocks(kSite, "", {1}, 0).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace factsift::schema
