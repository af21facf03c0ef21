"""Walk the demo as one person: same-site links from their home page, breadth first, to a depth and a page limit.

Used by tests/system/test_crawl.py (the Django test client for links and statuses; a browser for axe-core)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

MAX_DEPTH = 3
MAX_PAGES = 50
# Not pages: files to download, the static assets, the API's machine-readable answers.
NOT_PAGES = ("/static/", "/media/", "/api/v1/openapi")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def same_site_links(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.links:
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url = urlparse(urljoin("http://testserver" + base, urldefrag(href)[0]))
        if url.netloc != "testserver" or url.path.startswith(NOT_PAGES):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


@dataclass
class Walk:
    pages: dict[str, int] = field(default_factory=dict)  # path -> status
    broken: list[tuple[str, str, int]] = field(default_factory=list)  # (on page, link, status)
    html_pages: list[str] = field(default_factory=list)


def walk(client, start: str = "/", max_depth: int = MAX_DEPTH, max_pages: int = MAX_PAGES) -> Walk:
    result = Walk()
    queue = deque([(start, 0, "(start)")])
    seen = {start}
    while queue and len(result.pages) < max_pages:
        path, depth, came_from = queue.popleft()
        response = client.get(path, follow=True)
        status = response.status_code
        result.pages[path] = status
        if status >= 400:
            result.broken.append((came_from, path, status))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        final = response.request["PATH_INFO"]
        result.html_pages.append(final)
        if depth >= max_depth:
            continue
        for link in same_site_links(response.content.decode(), final):
            if link not in seen:
                seen.add(link)
                queue.append((link, depth + 1, path))
    return result
