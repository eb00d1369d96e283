"""Redraw the website screenshots in docs/images/ (docs/site.md shows them): the home, a unit, a power
and the search page, on a phone (390 px) and a desktop (1280 px), and a post's page (docs/posts.md), from a
built site.

    .venv/bin/powerlist build && .venv/bin/python tools/screenshots.py [--site site] [--out docs/images]

Uses Debian's Chromium through Playwright, as the website tests do. The top of each page is taken
(a viewport-high picture, not the whole page), so the images stay small.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
PAGES = {"home": "index.html", "unit": "units/natural-resources.html", "power": "powers/XK00201000.html",
         "search": "search.html?q=用地"}
POST = "posts/natural-resources/planning-officer.html"
SIZES = {"phone": dict(viewport={"width": 390, "height": 844}, is_mobile=True),
         "desktop": dict(viewport={"width": 1280, "height": 900})}


def main() -> None:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", default="site", type=Path)
    ap.add_argument("--out", default="docs/images", type=Path)
    args = ap.parse_args()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for size, options in SIZES.items():
            context = browser.new_context(locale="zh-CN", **options)
            page = context.new_page()
            for name, rel in PAGES.items():
                page.goto(url + rel, wait_until="networkidle")
                if name == "search":
                    page.locator("#search-results li").first.wait_for(timeout=15000)
                    page.wait_for_timeout(500)
                target = args.out / f"site-{name}-{size}.png"
                page.screenshot(path=str(target))
                print(target)
            context.close()
        # the post page whole, as docs/posts.md shows it
        context = browser.new_context(locale="zh-CN", viewport={"width": 1100, "height": 900})
        page = context.new_page()
        page.goto(url + POST, wait_until="networkidle")
        target = args.out / "site-post.png"
        page.screenshot(path=str(target), full_page=True)
        print(target)
        context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
