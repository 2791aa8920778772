"""Small stdlib helpers to read the built HTML (no extra parser dependency)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def normalize(text: str) -> str:
    """Collapse whitespace and unescape entities; drop Material's permalink mark."""
    return re.sub(r"\s+", " ", html.unescape(text)).replace("¶", "").strip()


class ArticleParser(HTMLParser):
    """Collects, inside the page's <article>: headings (text), list items (text without
    citation superscripts, and their citation numbers), ids, and citation link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str, str | None]] = []  # (tag, text, id)
        self.items: list[tuple[str, list[int]]] = []
        self.ids: set[str] = set()
        self.citation_hrefs: list[str] = []
        self._in_article = 0
        self._heading: list[str] | None = None
        self._heading_tag: tuple[str, str | None] | None = None
        self._li_stack: list[tuple[list[str], list[int]]] = []
        self._in_cite = 0
        self._in_headerlink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "article":
            self._in_article += 1
        if not self._in_article:
            return
        if tag in HEADING_TAGS:
            self._heading = []
            self._heading_tag = (tag, a.get("id"))
        elif tag == "li":
            self._li_stack.append(([], []))
        elif tag == "sup" and "gl-cite" in (a.get("class") or ""):
            self._in_cite += 1
        elif tag == "a" and "headerlink" in (a.get("class") or ""):
            self._in_headerlink = True
        elif tag == "a" and self._in_cite:
            self.citation_hrefs.append(a.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        if not self._in_article:
            return
        if tag in HEADING_TAGS and self._heading is not None and self._heading_tag:
            self.headings.append(
                (self._heading_tag[0], normalize("".join(self._heading)), self._heading_tag[1])
            )
            self._heading = None
        elif tag == "li" and self._li_stack:
            text, refs = self._li_stack.pop()
            self.items.append((normalize("".join(text)), refs))
        elif tag == "sup" and self._in_cite:
            self._in_cite -= 1
        elif tag == "a":
            self._in_headerlink = False

    def handle_data(self, data: str) -> None:
        if not self._in_article or self._in_headerlink:
            return
        if self._heading is not None:
            self._heading.append(data)
        if self._li_stack:
            text, refs = self._li_stack[-1]
            if self._in_cite:
                refs.extend(int(n) for n in re.findall(r"\d+", data))
            else:
                text.append(data)


def parse_article(path: Path) -> ArticleParser:
    parser = ArticleParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def parse_seed(path: Path) -> tuple[list[tuple[str, list[int]]], list[dict[str, str]]]:
    """The seed article's bullets (text, citation numbers) and references, as written."""
    lines = path.read_text(encoding="utf-8").splitlines()
    bullets = []
    for line in lines:
        if line.strip().startswith("•"):
            body = line.strip()[1:].strip()
            match = re.fullmatch(r"(.*?)\s+(\d(?:, \d)*)", body)
            if match:
                bullets.append((normalize(match[1]), [int(n) for n in match[2].split(", ")]))
            else:
                bullets.append((normalize(body), []))
    start = lines.index("References") + 1
    end = lines.index("Professional Medical Disclaimer")
    block = [line.strip() for line in lines[start:end] if line.strip()]
    references = []
    for i in range(0, len(block), 3):
        kind, title, source_year = block[i : i + 3]
        source, year = source_year.rsplit(", ", 1)
        references.append({"type": kind, "title": title, "source": source, "year": year})
    return bullets, references
