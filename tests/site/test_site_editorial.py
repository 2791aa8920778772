"""Editorial status and strict failures, on tiny throw-away projects."""

from __future__ import annotations

import re

import pytest

from guideline_site import editorial
from guideline_site.citations import load_references


def page(status: str | None, body: str = "Text [@sciatica-2010].", extra: str = "") -> str:
    status_line = f"review_status: {status}\n" if status else ""
    return (
        f"---\ntitle: T\n{status_line}last_updated: 2025-11-26\naudience: clinician\n{extra}---\n"
        f"\n# T\n\n{body}\n\n## References\n\n<!-- references -->\n"
    )


def banner(html: str) -> bool:
    return 'class="gl-banner"' in html and "Pending human review — educational purpose only" in html


def badge(html: str) -> str:
    match = re.search(r'<span class="gl-status gl-status--(\w+)" data-review-status="\w+">', html)
    assert match, "no status badge"
    return match[1]


def test_banner_and_badge_per_status(build_tiny):
    result, site = build_tiny(
        {
            "index.md": page("approved"),
            "submitted.md": page("submitted"),
            "review.md": page("under_review"),
            "doc.md": "---\npage_type: documentation\n---\n# Doc\n",
        }
    )
    assert result.returncode == 0, result.stderr
    read = {p.stem: p.read_text(encoding="utf-8") for p in site.glob("*.html")}
    assert not banner(read["index"])
    assert badge(read["index"]) == "approved"
    for name, code in (("submitted", "submitted"), ("review", "under_review")):
        assert banner(read[name]), name
        assert badge(read[name]) == code
        assert '<time datetime="2025-11-26">November 26, 2025</time>' in read[name]
        current = re.search(
            r'<li class="gl-stage gl-stage--current" aria-current="step">', read[name]
        )
        assert current
    assert not banner(read["doc"])
    assert "gl-status" not in read["doc"]


def test_missing_status_fails_the_strict_build(build_tiny):
    result, _site = build_tiny({"index.md": page(None)})
    assert result.returncode != 0
    assert "index.md" in result.stderr
    assert "review_status" in result.stderr


def test_bad_status_fails(build_tiny):
    result, _site = build_tiny({"index.md": page("published")})
    assert result.returncode != 0
    assert "index.md" in result.stderr
    assert "'published'" in result.stderr


def test_unknown_citation_key_fails_the_strict_build(build_tiny):
    result, _site = build_tiny(
        {"index.md": page("approved"), "other.md": page("approved", "Claim [@no-such-key].")}
    )
    assert result.returncode != 0
    assert "other.md" in result.stderr
    assert "'no-such-key'" in result.stderr


def test_a_page_citing_without_its_reference_list_fails_the_build(build_tiny):
    """Citations link to the reference list on their own page: without the list they would
    lead nowhere, so the build stops naming the page."""
    cites = "---\ntitle: T\nreview_status: approved\nlast_updated: 2025-11-26\n"
    cites += "audience: clinician\n---\n\n# T\n\nClaim [@sciatica-2010].\n"
    result, _site = build_tiny({"index.md": page("approved"), "other.md": cites})
    assert result.returncode != 0
    assert "page other.md: cites references but has no <!-- references --> line" in result.stderr
    assert "Traceback" not in result.stderr


def test_citations_in_code_are_left_alone(build_tiny):
    body = "Cite [@sciatica-2010; @piriformis-2025].\n\n```\n[@not-a-key]\n```"
    result, site = build_tiny({"index.md": page("approved", body)})
    assert result.returncode == 0, result.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<sup class="gl-cite"><a href="#ref-5"[^>]*>5</a>, <a href="#ref-1"', html)
    assert "[@not-a-key]" in html


def test_citations_render_wherever_they_are_written(build_tiny):
    """A citation's HTML is put in place after Markdown (citations.PLACEHOLDER): in a list,
    a table, a quote, an audience block and a heading alike, no placeholder is left in the
    page, the table of contents or the search index, and a heading's id is as without it."""
    body = (
        "## Cited heading [@sciatica-2010]\n\nSetext [@sciatica-2010]\n---\n\n"
        "- item [@piriformis-2025]\n\n| a | b |\n| - | - |\n| cell [@sciatica-2010] | x |\n\n"
        "> quote [@piriformis-2025]\n\n<!-- audience: clinician -->\nBlock [@sciatica-2010].\n"
        "<!-- /audience -->\n\n*emphasis [@piriformis-2025]* and **bold [@sciatica-2010]**"
    )
    result, site = build_tiny({"index.md": page("approved", body)})
    assert result.returncode == 0, result.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    assert not re.search("[\ufdd0\ufdd1\ue000-\uf8ff]", html)
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not re.search(r"\\u(fdd[01]|e0|f[0-8])", index, re.I)
    for text in ("Cited heading", "Setext", "item", "cell", "quote", "Block", "emphasis", "bold"):
        assert re.search(rf'{text} <sup class="gl-cite"><a href="#ref-\d"', html), text
    assert html.count('<sup class="gl-cite">') == 8
    # the ids the headings have with the citation's HTML in the Markdown (reference 5)
    assert 'id="cited-heading-5"' in html
    assert 'id="setext-5"' in html


def test_a_references_file_that_is_not_yaml_fails_in_one_line(tmp_path):
    path = tmp_path / "refs.yml"
    path.write_text("- key: a\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(editorial.PluginError) as info:
        load_references(path)
    assert f"references file {path}: while parsing" in str(info.value)
    assert "\n" not in str(info.value)


def test_bad_references_file_fails(build_tiny, tmp_path):
    refs = tmp_path / "refs.yml"
    refs.write_text("- key: a\n  type: Blog\n  title: T\n  source: S\n  year: 2020\n")
    result, _site = build_tiny({"index.md": page("approved", "x")}, references=refs)
    assert result.returncode != 0
    assert "type must be one of Guideline, Research" in result.stderr


def test_front_matter_that_cannot_be_read_is_named_with_its_error(build_tiny):
    """MkDocs drops front matter that is not valid YAML (here a date that is not a date);
    the build says so instead of reporting every field as missing."""
    bad = page("approved").replace("last_updated: 2025-11-26", "last_updated: 2026-13-45")
    result, _site = build_tiny({"index.md": bad})
    assert result.returncode != 0
    assert "page index.md: its front matter cannot be read: month must be in 1..12" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_missing_field_is_named_with_what_it_takes():
    with pytest.raises(editorial.PluginError) as info:
        editorial.page_editorial({"review_status": "approved", "audience": "clinician"}, "p.md")
    message = str(info.value)
    assert "p.md: a guideline page needs in its front matter: last_updated (a date" in message
    assert "review_status" not in message


def test_a_last_updated_date_in_the_future_is_refused():
    meta = {"review_status": "approved", "last_updated": "2026-03-01", "audience": "clinician"}
    with pytest.raises(editorial.PluginError, match="last_updated 2026-03-01 is in the future"):
        editorial.page_editorial(meta, "p.md", today=editorial.dt.date(2026, 1, 1))
    assert editorial.page_editorial(meta, "p.md", today=editorial.dt.date(2026, 3, 1))


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"review_status": "approved", "audience": "clinician"}, "last_updated"),
        ({"review_status": "approved", "last_updated": "2025-11-26"}, "audience"),
        (
            {"review_status": "approved", "last_updated": "26/11/2025", "audience": "clinician"},
            "YYYY-MM-DD",
        ),
        (
            {"review_status": "approved", "last_updated": "2025-11-26", "audience": "nurse"},
            "audience must be among",
        ),
    ],
)
def test_front_matter_errors_name_the_page(meta, message):
    with pytest.raises(editorial.PluginError, match=message) as info:
        editorial.page_editorial(meta, "page x.md")
    assert "page x.md" in str(info.value)


def test_unbalanced_audience_block_fails(build_tiny):
    body = "<!-- audience: patient; status: submitted -->\nplain words\n"
    result, _site = build_tiny({"index.md": page("approved", body)})
    assert result.returncode != 0
    assert "unbalanced audience block" in result.stderr
