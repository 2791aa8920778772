"""The plugin's HTML goes into a page after Markdown (guideline_site/placeholders.py): the
page is as if the HTML had gone through Markdown, and MkDocs still knows its anchors."""

from __future__ import annotations

import re

import markdown
import pytest
from mkdocs.exceptions import PluginError

from guideline_site.placeholders import Stash


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=["md_in_html"])


def test_a_block_replaces_its_own_paragraph_and_an_inline_keeps_the_paragraph_it_is_in():
    stash = Stash()
    text = (
        f"Text {stash.inline('<sup>1</sup>')} more."
        + stash.block('<ol id="ref-1">\n<li>A</li>\n</ol>')
        + stash.inline("<b>alone</b>")
        + "\n\n<div>\n"
        + stash.block("<i>in raw HTML</i>")
        + "</div>\n\n"
        + '<div class="x" markdown="1">\n'
        + stash.block("<hr>")
        + "</div>\n"
    )
    assert stash.restore(convert(text)) == (
        "<p>Text <sup>1</sup> more.</p>\n"
        '<ol id="ref-1">\n<li>A</li>\n</ol>\n'
        "<p><b>alone</b></p>\n"
        "<div>\n\n\n<i>in raw HTML</i>\n\n</div>\n\n"
        '<div class="x">\n<hr>\n</div>'
    )


def test_thousands_of_placeholders_on_a_page_each_get_their_own_html():
    stash = Stash()
    text = " ".join(stash.inline(f"<b>{n}</b>") for n in range(7000))
    html = stash.restore(convert(text))
    assert re.findall(r"<b>(\d+)</b>", html) == [str(n) for n in range(7000)]
    assert not re.search("[\ufdd0\ufdd1\ue000-\uf8ff]", html)


def test_the_ids_of_stashed_blocks_are_the_pages_anchors():
    stash = Stash()
    stash.inline('<a id="inline-is-not-read">')
    stash.block('<ol><li id="ref-1">A</li><li id="ref-2">B</li></ol>')
    assert stash.anchor_ids() == {"ref-1", "ref-2"}


REFERENCED = """---
title: T
review_status: approved
last_updated: 2025-11-26
audience: [clinician, patient]
---

# T

<!-- audience: patient; status: submitted -->
## For you

- kept as a list [@sciatica-2010]

<!-- /audience -->

## References

<!-- references -->
"""


def test_audience_blocks_keep_their_markdown_and_the_references_their_anchors(build_tiny):
    """The audience block's Markdown is Markdown (a heading with its id, a list, a
    citation); a link from another page to a reference's anchor passes MkDocs's strict
    anchor check, as when the list's HTML went through Markdown."""
    other = "---\npage_type: documentation\n---\n# O\n\nSee [the source](index.md#ref-5).\n"
    result, site = build_tiny(
        {"index.md": REFERENCED, "other.md": other},
        extra={"validation": {"anchors": "warn"}},
    )
    assert result.returncode == 0, result.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    block = re.search(
        r'<div class="gl-audience" data-audience="patient">\n(.*?)\n</div>', html, re.S
    )
    assert block, html
    assert block[1].startswith(
        '<p class="gl-audience__label">For: Patient or caregiver · a plain-language summary '
        "by this site's editors, not the article's own words · <span class=\"gl-status"
        ' gl-status--submitted">Submitted, pending human review</span></p>\n'
        '<h2 id="for-you">For you</h2>\n<ul>\n<li>kept as a list <sup class="gl-cite">'
    )
    assert html.index("data-audience-choice") < html.index('class="gl-audience"')
    assert '<li id="ref-5"' in html
    assert not re.search("[\ufdd0\ufdd1\ue000-\uf8ff]", html)


def test_a_lost_search_view_fails_naming_the_page():
    stash = Stash()
    html = stash.restore(convert(f"a {stash.inline('<b>1</b>', '<i>1</i>')} b"))
    assert re.fullmatch("<p>a <i [\ufdd0\ufdd1\ue000-\uf8ff]+>1</i> b</p>", html)
    assert stash.restore_searched(html, "page x.md") == "<p>a <b>1</b> b</p>"
    for changed in (html.replace("1</i>", "2</i>"), re.sub(" [^ ]+>1</i>", ">1</i>", html)):
        with pytest.raises(
            PluginError,
            match=r"page x\.md: 1 of 1 citations or reference lists lost their place",
        ):
            stash.restore_searched(changed, "page x.md")


CITED = """---
title: T
review_status: approved
last_updated: 2025-11-26
audience: clinician
---

# T

Text [@sciatica-2010; @piriformis-2025], a list:

- item [@piriformis-2025]

| a | b |
| - | - |
| cell [@sciatica-2010] | x |

## Heading [@sciatica-2010]

> quote [@piriformis-2025] and <span data-search-exclude>hidden [@sciatica-2010]</span>

## References

<!-- references -->
"""


def test_the_search_index_is_the_one_of_the_citations_own_html(build_tiny, project_root):
    """Material's search reads each citation's search view (its numbers in a <sup>); the
    index is the one it makes of the citations' HTML (guideline listed before search:
    the search plugin then reads the page as the reader gets it)."""
    indexes, pages = [], []
    for order in ((0, 1), (1, 0)):
        plugins = [
            "search",
            {
                "guideline": {
                    "references": str(project_root / "docs/references.yml"),
                    "calculator": False,
                }
            },
        ]
        result, site = build_tiny(
            {"index.md": CITED}, extra={"plugins": [plugins[i] for i in order]}
        )
        assert result.returncode == 0, result.stderr
        indexes.append((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        pages.append((site / "index.html").read_text(encoding="utf-8"))
    assert indexes[0] == indexes[1]
    assert "<sup>5, 1</sup>" in indexes[0]
    assert pages[0] == pages[1]
    assert pages[0].count('<sup class="gl-cite">') == 6
    assert "<!--" not in pages[0].split("<article", 1)[1].split("</article>")[0]


def test_a_placeholder_at_the_very_start_or_end_of_the_html_is_replaced():
    stash = Stash()
    first, last = stash.block("<hr>").strip(), stash.block("<br>").strip()
    assert stash.restore(f"{first}p>{last}") == "<hr>p><br>"
