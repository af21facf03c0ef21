"""The words a person reads on a page: the text of its main landmark, each block (heading, paragraph, list item,
table cell, label, button) as its own sentence, so a list of short items reads as short items."""

from __future__ import annotations

from html.parser import HTMLParser

BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "td",
    "th",
    "dt",
    "dd",
    "label",
    "legend",
    "button",
    "summary",
    "a",
    "caption",
    "option",
    "div",
    "span",
}
SKIP = {"script", "style", "svg", "select", "textarea"}


class _MainText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth_in_main = 0
        self.skipping = 0
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text if text[-1] in ".!?:" else text + ".")
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth_in_main += 1
        if tag in SKIP:
            self.skipping += 1
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        if tag in BLOCKS:
            self._flush()
        if tag == "main":
            self._flush()
            self.depth_in_main -= 1

    def handle_data(self, data):
        if self.depth_in_main and not self.skipping:
            self.current.append(data)


def main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.blocks)
