"""Where a calculator goes on a page: a fenced block that Markdown itself understands,

    ```calculator
    sciatica-flare
    ```

(or ``name: sciatica-flare`` as its one line), registered by the plugin as a
``pymdownx.superfences`` custom fence. The fence renders a placeholder carrying the name and
a per-build nonce (so HTML typed into a page cannot pass for one); ``on_page_content``
replaces each placeholder with the calculator's form, or stops the build naming the page
when the name is not a configured calculator. A fence inside another code block is code.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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


def register(
    markdown_extensions: list[Any], mdx_configs: dict[str, Any], placements: Placements
) -> None:
    """Add the ``calculator`` fence to superfences' configuration (and superfences to the
    extensions when a site does not list it)."""
    if SUPERFENCES not in markdown_extensions:
        markdown_extensions.append(SUPERFENCES)
    options = mdx_configs.setdefault(SUPERFENCES, {})
    fences = [f for f in options.get("custom_fences", []) if f.get("name") != FENCE]
    fences.append({"name": FENCE, "class": FENCE, "format": placements.format})
    options["custom_fences"] = fences
