"""Where a calculator goes on a page: a fenced block that Markdown itself understands,

    ```calculator
    sciatica-flare
    ```

(or ``name: sciatica-flare`` as its one line), added by the Markdown extension
(``extension.py``) to ``pymdownx.superfences`` as a custom fence. The fence renders a
placeholder carrying the name and a per-build nonce (so HTML typed into a page cannot
pass for one); the extension's postprocessor replaces each placeholder with the calculator's
form, or stops the build naming the page when the name is not a configured calculator. A
fence inside another code block is code.
"""

from __future__ import annotations

import functools
import html
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pymdownx.superfences import (  # type: ignore[import-untyped]
    _formatter,
    _reset,
    _validator,
    default_reset,
    default_validator,
)

FENCE = "calculator"
SUPERFENCES = "pymdownx.superfences"


@dataclass(kw_only=True, slots=True)
class Placements:
    """The fence's formatter and the placeholders it left in a page's HTML."""

    nonce: str = field(default_factory=lambda: secrets.token_hex(8))

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(
            rf'<div data-guideline-calculator="([^"]*)" data-nonce="{self.nonce}"></div>'
        )

    def format(
        self, source: str, language: str, css_class: str, options: Any, md: Any, **kwargs: Any
    ) -> str:
        """The custom fence's formatter: never raises (the page is named later)."""
        name = fence_name(source)
        return (
            f'<div data-guideline-calculator="{html.escape(name)}" data-nonce="{self.nonce}"></div>'
        )

    def names(self, page_html: str) -> list[str]:
        return [html.unescape(m.group(1)) for m in self.pattern.finditer(page_html)]

    def replace(self, page_html: str, render: Callable[[str], str]) -> str:
        return self.pattern.sub(lambda m: render(html.unescape(m.group(1))), page_html)


def fence_name(source: str) -> str:
    """The calculator's name from a fence's body: its one line, ``NAME`` or ``name: NAME``
    (anything else is returned as written, and reported as an unknown calculator)."""
    lines = [line.strip() for line in source.strip().splitlines() if line.strip()]
    if len(lines) != 1:
        return source.strip()
    key, sep, value = lines[0].partition(":")
    return value.strip() if sep and key.strip() == "name" else lines[0]


def extend_superfences(superfences: Any, placements: Placements) -> None:
    """Add the ``calculator`` fence to a registered ``pymdownx.superfences`` extension (its
    fences are read when a page is converted)."""
    superfences.superfences[:] = [f for f in superfences.superfences if f["name"] != FENCE]
    superfences.extend_super_fences(
        FENCE,
        functools.partial(_formatter, class_name=FENCE, _fmt=placements.format),
        functools.partial(_validator, validator=default_validator),
        functools.partial(_reset, _reset=default_reset),
    )


# ----- how a page points to its calculators: a heading the table of contents lists, and a
# "Go to the calculator" link under the page's title (issue 25 item 1)

_HEADING = re.compile(r"<h([1-6])\b([^>]*)>")
_ID = re.compile(r'\bid="([^"]*)"')
_H1_END = re.compile(r"</h1>")


def heading_id(name: str) -> str:
    """The id of calculator ``name``'s heading (every id of a calculator starts gc-NAME--)."""
    return f"gc-{name}--calculator"


@dataclass(frozen=True, slots=True)
class Heading:
    """A calculator's heading: its level (one below the heading it is placed under; 2
    with none above it) and the id of that heading (None: none above it)."""

    level: int
    under: str | None


def headings(page_html: str, placements: Placements) -> dict[str, Heading]:
    """Each placed calculator's heading, from the headings before its placeholder."""
    found: dict[str, Heading] = {}
    for match in placements.pattern.finditer(page_html):
        last = None
        for heading in _HEADING.finditer(page_html, 0, match.start()):
            last = heading
        if last is None:
            found[html.unescape(match.group(1))] = Heading(level=2, under=None)
            continue
        ident = _ID.search(last.group(2))
        level = min(int(last.group(1)) + 1, 6)
        found[html.unescape(match.group(1))] = Heading(
            level=level, under=html.unescape(ident.group(1)) if ident else None
        )
    return found


def add_to_toc_tokens(
    tokens: list[dict[str, Any]], title: str, ident: str, heading: Heading
) -> None:
    """List a calculator's heading in a page's table of contents (Python-Markdown's
    ``toc_tokens``, which MkDocs and Zensical both draw): first under the heading it is
    placed under, or first of all when it comes before every heading."""
    text = html.escape(title)
    token = {
        "level": heading.level,
        "id": ident,
        "name": text,
        "html": text,
        "data-toc-label": "",
        "children": [],
    }

    def under(items: list[dict[str, Any]]) -> bool:
        for item in items:
            if item["id"] == heading.under:
                item["children"].insert(0, token)
                return True
            if under(item["children"]):
                return True
        return False

    if heading.under is None or not under(tokens):
        tokens.insert(0, token)


def jump_links(page_html: str, targets: list[tuple[str, str]]) -> str:
    """``page_html`` with a "Go to the calculator" line after its title (its first
    ``</h1>``; none: at its start): ``targets`` are each calculator's (title, heading id)."""
    several = len(targets) > 1
    links = " ".join(
        f'<a class="gc-jump__link" href="#{html.escape(ident)}">Go to the calculator'
        f"{': ' + html.escape(title) if several else ''}</a>"
        for title, ident in targets
    )
    line = f'<p class="gc-jump" data-calculator-jump>{links}</p>'
    end = _H1_END.search(page_html)
    if end is None:
        return line + page_html
    return page_html[: end.end()] + line + page_html[end.end() :]
