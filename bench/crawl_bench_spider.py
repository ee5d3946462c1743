"""The Scrapy side of bench/crawl_bench.py: fetch, parse with lxml, insert into SQLite.

A SitemapSpider that obeys robots.txt, parses each page with lxml (title,
paragraph text, the figures in it) and stores one row per page in SQLite, one
transaction per page, as the factsift crawl does. Run with
`scrapy runspider crawl_bench_spider.py -a sitemap=URL -a db=PATH`.
"""

import re
import sqlite3
import time

import lxml.html
from scrapy.spiders import SitemapSpider

FIGURE = re.compile(r"\$?\d[\d,]*(?:\.\d+)?\s*(?:%|million|billion|trillion)?")


class BenchSpider(SitemapSpider):
    name = "crawl_bench"
    custom_settings = {
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "RETRY_ENABLED": True,
    }

    def __init__(self, sitemap, db, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sitemap_urls = [sitemap]
        self.connection = sqlite3.connect(db)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, title TEXT, text TEXT, "
            "figures INTEGER, body BLOB, fetched_at REAL)")

    def parse(self, response):
        tree = lxml.html.fromstring(response.body)
        title = tree.findtext(".//title") or ""
        text = "\n\n".join(p.text_content().strip() for p in tree.iter("p"))
        figures = len(FIGURE.findall(text))
        with self.connection:
            self.connection.execute(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?)",
                (response.url, title, text, figures, response.body, time.time()))

    def closed(self, reason):
        self.connection.close()
