"""HTML the plugin makes for a page goes into its HTML after Markdown, not through it.

Citations, the reference list, the audience choice and the opening and closing of each
audience block need no Markdown. Raw HTML in the Markdown is parsed by MkDocs (its anchor
scan reads the whole source with ``html.parser``) and again by Python-Markdown (md_in_html):
on a 300-page site that was the larger part of the plugin's Markdown time
(benchmarks/build.py). So the Markdown gets a placeholder, characters that are neither
markup nor word characters (a heading's id does not change): private-use characters (the
HTML's index on the page, in base 6400) between two noncharacters (never in a text;
Python-Markdown drops STX and ETX, its own markers). ``Stash.restore`` puts each HTML in its
placeholder's place in the page's HTML.

An inline placeholder stands where its HTML goes. A block one is written on a line of its
own between blank lines, so Markdown makes it a paragraph of its own, ``<p>…</p>``, which
the block replaces; inside raw HTML it stays as written and is replaced where it stands.

An HTML may come with its search view: HTML that Material's search plugin indexes as it
indexes the HTML (a citation: its numbers in a ``<sup>``, without the links and their
titles that the search plugin parses and drops; the reference list without its spans).
``restore`` (``on_page_content``) puts the view, marked by its placeholder (an attribute
of its first tag, which the search plugin does not index), in its place;
``restore_searched`` (``on_page_context``, after the search plugin's: it is listed before
``guideline``) puts the HTML in the view's place, before the page's template reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError

_START = "\ufdd0"
_END = "\ufdd1"
_FIRST = 0xE000
_BASE = 0xF8FF - _FIRST + 1
#: A placeholder (found by its first character: a pattern that starts with an optional
#: "<p>" would be tried at every position of the page).
PLACEHOLDER = re.compile(f"{_START}([\ue000-\uf8ff]+){_END}")
_P_OPEN = "<p>"
_P_CLOSE = "</p>"
#: A search view's mark: its placeholder as an attribute (without a value) that closes the
#: view's first tag (no comment: the search plugin's parser pays for each one).
MARK = re.compile(f" {_START}([\ue000-\uf8ff]+){_END}>")
#: An id in the plugin's own HTML (its templates write attributes in double quotes).
_ID = re.compile(r'\sid="([^"]+)"')


def _encode(index: int) -> str:
    digits = ""
    while True:
        index, digit = divmod(index, _BASE)
        digits = chr(_FIRST + digit) + digits
        if not index:
            return _START + digits + _END


def _decode(digits: str) -> int:
    index = 0
    for char in digits:
        index = index * _BASE + ord(char) - _FIRST
    return index


@dataclass(kw_only=True, slots=True)
class Stash:
    """One page's HTML waiting for its place: (html, is a block, search view) by
    placeholder index."""

    items: list[tuple[str, bool, str | None]] = field(default_factory=list)
    #: how many search views ``restore`` wrote
    searched: int = 0

    def inline(self, html: str, search_view: str | None = None) -> str:
        """The placeholder for ``html``, to write where it goes (``search_view``: what the
        search plugin reads in its place, when not ``html`` itself)."""
        self.items.append((html, False, search_view))
        return _encode(len(self.items) - 1)

    def block(self, html: str, search_view: str | None = None) -> str:
        """The placeholder for block ``html``, as a paragraph of its own (``search_view``:
        as for ``inline``)."""
        self.items.append((html, True, search_view))
        return f"\n\n{_encode(len(self.items) - 1)}\n\n"

    def anchor_ids(self) -> set[str]:
        """The ids of the stashed blocks (MkDocs's anchor check finds them in the Markdown
        it reads; these it no longer sees)."""
        return {i for html, block, _ in self.items if block for i in _ID.findall(html)}

    def restore(self, html: str, *, views: bool = True) -> str:
        """``html`` (the page's HTML from Markdown) with each placeholder replaced by its
        HTML, or (``views``) by its search view, marked; a block's own paragraph goes with
        its placeholder."""
        if not self.items:
            return html
        out: list[str] = []
        at = 0
        for match in PLACEHOLDER.finditer(html):
            start, end = match.span()
            stashed, block, view = self.items[_decode(match[1])]
            if (
                block
                and start >= len(_P_OPEN)
                and html.startswith(_P_OPEN, start - len(_P_OPEN))
                and html.startswith(_P_CLOSE, end)
            ):  # the block's own paragraph
                start, end = start - len(_P_OPEN), end + len(_P_CLOSE)
            if view is not None and views:
                self.searched += 1
                stashed = _marked(view, match[0])
            out += [html[at:start], stashed]
            at = end
        out.append(html[at:])
        return "".join(out)

    def restore_searched(self, html: str, page: str) -> str:
        """``html`` (the page's content, indexed) with each search view replaced by its
        HTML; a PluginError naming ``page`` when one is missing."""
        if not self.searched:
            return html
        out: list[str] = []
        at = 0
        for match in MARK.finditer(html):
            stashed, _block, view = self.items[_decode(match[1])]
            marked = _marked(view or "", match[0][1:-1])
            start = match.end() - marked.index(">") - 1
            if start < at or not html.startswith(marked, start):
                continue
            out += [html[at:start], stashed]
            at = start + len(marked)
        found = (len(out)) // 2
        if found != self.searched:
            raise PluginError(
                f"{page}: {self.searched - found} of {self.searched} citations or reference"
                " lists lost their place in the page's HTML between on_page_content and"
                " on_page_context (did a plugin after guideline change it?)"
            )
        out.append(html[at:])
        return "".join(out)


def _marked(view: str, placeholder: str) -> str:
    """``view`` with ``placeholder`` as the last attribute of its first tag."""
    end = view.index(">")
    return f"{view[:end]} {placeholder}{view[end:]}"
