#!/usr/bin/env python3
"""crawl_bench: factsift crawl against Scrapy on a local nginx site.

Generates a site of article pages built from the corpus templates (varied
sizes, 30-80 KB with scripts and styles), a sitemap and a robots.txt with a
disallowed section; serves it with Debian's nginx-light on 127.0.0.1 from a
private configuration in a temporary directory (no root needed); then, in one
run, crawls it twice with factsift (crawl + extract + store) and twice with
Scrapy (fetch + lxml parse + SQLite insert, bench/crawl_bench_spider.py), and
prints pages/s, peak RSS and what each second run asked the server for.

Usage: bench/crawl_bench.py --factsift build/factsift [--pages 3000] [--concurrency 16] [--rounds 3]

Each round crawls the site afresh with factsift and then with Scrapy, one
right after the other, so that both see the machine in the same state; the
ratio of each round and their median are printed (a shared machine's speed
drifts by ±10% from minute to minute). The second runs follow the last round.

Needs nginx-light and python3-scrapy (Debian); run with Debian's python3.
"""

import argparse
import collections
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def corpus_templates():
    pages = []
    for dirpath, _, files in os.walk(os.path.join(ROOT, "corpus")):
        for name in sorted(files):
            if name.endswith(".html"):
                with open(os.path.join(dirpath, name), "rb") as f:
                    pages.append(f.read())
    if not pages:
        sys.exit("crawl_bench: no corpus/**/*.html found")
    return sorted(pages)


WORDS = ("bitcoin ether solana traders liquidations funding open interest market "
         "exchange inflows outflows whales support resistance rally selloff volume "
         "derivatives options expiry spot etf analysts desk session").split()


def filler_script(rng, size):
    """Inline JavaScript of about `size` bytes, as sites ship (analytics, state)."""
    out = ["<script>window.__STATE__={"]
    n = 0
    while sum(len(x) for x in out) < size:
        key = "k%x" % rng.getrandbits(32)
        out.append('"%s":{"id":%d,"t":"%s","v":%0.4f},' %
                   (key, n, " ".join(rng.choice(WORDS) for _ in range(6)), rng.random()))
        n += 1
    out.append('"end":1};</script>')
    return "".join(out)


def filler_style(rng, size):
    out = ["<style>"]
    while sum(len(x) for x in out) < size:
        out.append(".c%x{margin:%dpx;padding:%dpx;color:#%06x}" %
                   (rng.getrandbits(24), rng.randint(0, 40), rng.randint(0, 40),
                    rng.getrandbits(24)))
    out.append("</style>")
    return "".join(out)


CANONICAL = re.compile(r"""<link[^>]*rel=["']canonical["'][^>]*>""", re.I)
HREF = re.compile(r"""href=["']([^"']+)["']""", re.I)


def make_page(rng, template, index, url):
    """A corpus page made unique: its own canonical URL, a new title, a lead
    paragraph with figures, and scripts and styles padding it to 30-80 KB."""
    html = template.decode("utf-8", "replace")
    link = CANONICAL.search(html)
    href = HREF.search(link.group(0)) if link else None
    if href:
        html = html.replace(href.group(1), url)  # Also og:url and JSON-LD ids.
    else:
        html = html.replace("</head>", '<link rel="canonical" href="%s"></head>' % url, 1)
    target = rng.randint(30_000, 80_000)
    title = "Market wrap %d: %s %s as %s" % (index, rng.choice(WORDS), rng.choice(WORDS),
                                               rng.choice(WORDS))
    html = re.sub(r"<title>.*?</title>", "<title>%s</title>" % title, html, count=1,
                  flags=re.S | re.I)
    lead = ("<p>Bitcoin traded at $%s on day %d, after about $%d million of short positions "
            "were liquidated and open interest rose %0.1f%% to $%0.1f billion.</p>" %
            ("{:,}".format(rng.randint(55_000, 90_000)), index, rng.randint(50, 900),
             rng.random() * 9, rng.random() * 60 + 10))
    html = re.sub(r"(<p[ >])", lead + r"\1", html, count=1)
    pad = target - len(html.encode("utf-8"))
    if pad > 0:
        style = filler_style(rng, pad // 3)
        script = filler_script(rng, pad - pad // 3)
        html = html.replace("</head>", style + "</head>", 1)
        html = html.replace("</body>", script + "</body>", 1)
    return html.encode("utf-8")


def generate_site(root, pages, port, seed=7):
    rng = random.Random(seed)
    templates = corpus_templates()
    base = "http://127.0.0.1:%d" % port
    urls, private = [], []
    total = 0
    for i in range(pages):
        day = 1 + i % 28
        path = "/news/2026/03/%02d/wrap-%05d.html" % (day, i)
        data = make_page(rng, templates[i % len(templates)], i, base + path)
        total += len(data)
        full = os.path.join(root, path.lstrip("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
        urls.append(base + path)
    # A section robots.txt forbids; the sitemap lists it anyway, as sitemaps do.
    for i in range(max(1, pages // 20)):
        path = "/private/draft-%04d.html" % i
        full = os.path.join(root, path.lstrip("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(make_page(rng, templates[i % len(templates)], 100000 + i, base + path))
        private.append(base + path)
    with open(os.path.join(root, "robots.txt"), "w") as f:
        f.write("User-agent: *\nDisallow: /private/\n\nSitemap: %s/sitemap.xml\n" % base)
    with open(os.path.join(root, "sitemap.xml"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
        for url in urls + private:
            f.write("<url><loc>%s</loc><lastmod>2026-03-07</lastmod></url>\n" % url)
        f.write("</urlset>\n")
    return urls, private, total


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  types {{ text/html html; application/xml xml; text/plain txt; }}
  default_type application/octet-stream;
  log_format bench '$request_method $uri $status $body_bytes_sent';
  access_log {tmp}/access.log bench;
  client_body_temp_path {tmp}/client_body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  sendfile on;
  keepalive_requests 100000;
  gzip on;
  gzip_comp_level 1;
  gzip_types application/xml;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    etag on;
  }}
}}
"""


def start_nginx(tmp, root, port):
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(tmp=tmp, root=root, port=port))
    proc = subprocess.Popen(["/usr/sbin/nginx", "-c", conf, "-p", tmp, "-e", "stderr"],
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("crawl_bench: nginx exited with %d" % proc.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.02)
    proc.kill()
    sys.exit("crawl_bench: nginx did not start")


def run_measured(argv, env=None):
    """Runs a command; returns (exit status, wall seconds, peak RSS in MB, output, CPU seconds)."""
    # Each run starts with nothing left to write back: the freshly generated
    # site (175 MB) or an earlier run's database would otherwise be flushed
    # during the next run and slow its disk writes.
    os.sync()
    start = time.time()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.time() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (proc.returncode, wall, usage.ru_maxrss / 1024.0, output.decode("utf-8", "replace"),
            usage.ru_utime + usage.ru_stime)


def access_log_since(tmp, offset):
    with open(os.path.join(tmp, "access.log")) as f:
        f.seek(offset)
        lines = f.read().splitlines()
    return lines


def log_size(tmp):
    try:
        return os.path.getsize(os.path.join(tmp, "access.log"))
    except OSError:
        return 0


def describe(lines):
    """What the server saw: counts by (kind, status), and bytes of body sent."""
    counts = collections.Counter()
    body = 0
    private = 0
    for line in lines:
        method, uri, status, sent = line.split()
        kind = ("robots" if uri == "/robots.txt" else "sitemap" if uri.endswith(".xml")
                else "private" if uri.startswith("/private/") else "page")
        if kind == "private":
            private += 1
        counts[(kind, status)] += 1
        body += int(sent)
    return counts, body, private


def fmt_counts(counts):
    return ", ".join("%s %s: %d" % (kind, status, n) for (kind, status), n in sorted(counts.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factsift", required=True, help="path to the factsift binary")
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3,
                        help="fresh crawls by each crawler, alternating (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    factsift = os.path.abspath(args.factsift)
    if not shutil.which("scrapy") and not os.path.exists("/usr/lib/python3/dist-packages/scrapy"):
        sys.exit("crawl_bench: python3-scrapy is not installed")
    if not os.path.exists("/usr/sbin/nginx"):
        sys.exit("crawl_bench: nginx-light is not installed")

    tmp = tempfile.mkdtemp(prefix="factsift-crawl-bench-")
    # nginx started by root serves as "nobody": the site must be readable to all.
    os.chmod(tmp, 0o755)
    root = os.path.join(tmp, "site")
    port = free_port()
    urls, private, total = generate_site(root, args.pages, port)
    seeds = os.path.join(tmp, "all-urls.txt")
    with open(seeds, "w") as f:
        f.write("\n".join(urls + private) + "\n")
    nginx = start_nginx(tmp, root, port)
    base = "http://127.0.0.1:%d" % port
    n = len(urls)
    print("site: %d article pages (+%d disallowed by robots.txt), %.1f MB, %.1f KB/page on average; "
          "nginx-light on %s; concurrency %d" %
          (n, len(private), total / 1e6, total / n / 1e3, base, args.concurrency))
    c = str(args.concurrency)
    results = []  # (crawler, run, round, exit, wall, rss, output, counts, body, private, cpu)
    env = dict(os.environ)
    env["PYTHONPATH"] = HERE

    def factsift_run(db, run, rnd, extra):
        # factsift: crawl + extract + store. Run 2 names every URL of the site
        # (the disallowed ones too) as well as the sitemap: each is asked for
        # conditionally, and robots.txt is revalidated (304) and still obeyed.
        argv = [factsift, "crawl", "--db", db, "--sitemap", base + "/sitemap.xml",
                "--concurrency", c, "--per-host", c, "--delay-ms", "0", "--allow-private",
                "--quiet"] + extra
        offset = log_size(tmp)
        code, wall, rss, out, cpu = run_measured(argv)
        counts, body, private_hits = describe(access_log_since(tmp, offset))
        results.append(("factsift", run, rnd, code, wall, rss, out.strip(), counts, body,
                        private_hits, cpu))

    def scrapy_run(db, run, rnd):
        # Scrapy: fetch + lxml parse + SQLite insert, robots.txt obeyed, no cache.
        offset = log_size(tmp)
        code, wall, rss, out, cpu = run_measured(
            ["/usr/bin/python3", "-m", "scrapy", "runspider",
             os.path.join(HERE, "crawl_bench_spider.py"), "-a", "sitemap=" + base + "/sitemap.xml",
             "-a", "db=" + db, "-s", "CONCURRENT_REQUESTS=" + c,
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=" + c, "-s", "LOG_LEVEL=WARNING"],
            env=env)
        counts, body, private_hits = describe(access_log_since(tmp, offset))
        results.append(("scrapy", run, rnd, code, wall, rss, out.strip()[-300:], counts, body,
                        private_hits, cpu))

    try:
        rounds = max(1, args.rounds)
        for rnd in range(1, rounds + 1):
            factsift_run(os.path.join(tmp, "factsift-%d.db" % rnd), 1, rnd, [])
            scrapy_run(os.path.join(tmp, "scrapy-%d.db" % rnd), 1, rnd)
        factsift_run(os.path.join(tmp, "factsift-%d.db" % rounds), 2, rounds, ["--seeds", seeds])
        scrapy_run(os.path.join(tmp, "scrapy-%d.db" % rounds), 2, rounds)
    finally:
        nginx.terminate()
        nginx.wait()

    print()
    print("%-9s %-4s %5s %5s %8s %7s %10s %9s %10s  %s" % (
        "crawler", "run", "round", "exit", "wall s", "CPU s", "pages/s", "peak MB", "body MB",
        "requests by kind and status"))
    for name, run, rnd, code, wall, rss, out, counts, body, private_hits, cpu in results:
        print("%-9s %-4d %5d %5d %8.2f %7.2f %10.1f %9.1f %10.1f  %s" %
              (name, run, rnd, code, wall, cpu, n / wall, rss, body / 1e6, fmt_counts(counts)))
    print()
    for name, run, rnd, code, wall, rss, out, counts, body, private_hits, cpu in results:
        if name == "factsift":
            print("factsift run %d, round %d: %s" % (run, rnd, out.splitlines()[-1] if out else ""))
    first = {(r[0], r[2]): r for r in results if r[1] == 1}
    second = {r[0]: r for r in results if r[1] == 2}
    ratios = []
    print()
    for rnd in range(1, rounds + 1):
        f1, s1 = first[("factsift", rnd)], first[("scrapy", rnd)]
        ratios.append(s1[4] / f1[4])
        print("first run, round %d: factsift %.1f pages/s, Scrapy %.1f pages/s: %.2fx; peak RSS "
              "%.1f MB vs %.1f MB; CPU per page %.2f ms vs %.2f ms"
              % (rnd, n / f1[4], n / s1[4], ratios[-1], f1[5], s1[5], f1[10] * 1000 / n,
                 s1[10] * 1000 / n))
    fs_rss = max(first[("factsift", r)][5] for r in range(1, rounds + 1))
    sc_rss = min(first[("scrapy", r)][5] for r in range(1, rounds + 1))
    print("first run, median of %d rounds: %.2fx (lowest %.2fx, highest %.2fx); highest factsift "
          "peak RSS %.1f MB, lowest Scrapy peak RSS %.1f MB"
          % (rounds, statistics.median(ratios), min(ratios), max(ratios), fs_rss, sc_rss))
    f2, s2 = second["factsift"], second["scrapy"]
    print("second run, factsift: %d page requests answered 200 (downloaded), %d answered 304; "
          "robots.txt %s; %d requests for disallowed pages"
          % (f2[7].get(("page", "200"), 0), f2[7].get(("page", "304"), 0),
             ", ".join("%s" % st for (k, st) in f2[7] if k == "robots") or "not asked",
             f2[9]))
    print("second run, Scrapy: %d page requests answered 200 (downloaded again), %d answered 304; "
          "%d requests for disallowed pages"
          % (s2[7].get(("page", "200"), 0), s2[7].get(("page", "304"), 0), s2[9]))
    if args.keep:
        print("kept", tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
