"""The built article is faithful to the seed (a copy in tests/site/data): every heading,
bullet (with its citation numbers) and reference, bottom line first, every citation resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from html_tools import normalize, parse_article, parse_seed
from offline_file import content_block

from guideline_site import export

SEED = Path(__file__).parent / "data" / "article.txt"

# The article's headings, in order, as the seed gives them.
ARTICLE_HEADINGS = [
    ("h1", "Treatment Options for Sciatic Pain Following Successful Physical Therapy"),
    ("h2", "Maintenance Strategy After Successful Physical Therapy"),
    ("h3", "Continue Active Exercise Program"),
    ("h2", "Pharmacologic Options for Future Flare-Ups"),
    ("h3", "First-Line: NSAIDs"),
    ("h3", "Second-Line: Duloxetine"),
    ("h3", "Muscle Relaxants: Limited Role"),
    ("h3", "Corticosteroids: Avoid Systemic Use"),
    ("h2", "Clinical Algorithm for Flare Management"),
    ("h3", "Step 1: Assess Pain Severity and Duration"),
    ("h3", "Step 2: Initial Pharmacologic Intervention"),
    ("h3", "Step 3: If Inadequate Response After 3-5 Days"),
    ("h3", "Step 4: If No Response After 1 Month"),
    ("h2", "Important Caveats"),
    ("h3", "What to Avoid"),
    ("h3", "Monitoring Strategy"),
    ("h3", "Red Flags Requiring Urgent Evaluation"),
    ("h2", "References"),
]
BOTTOM_LINE = (
    "For a patient with sciatic pain who has responded well to physical therapy, continue with "
    "a home exercise program and reserve pharmacologic interventions (NSAIDs, duloxetine, or "
    "muscle relaxants) for acute flare-ups only."
)


@pytest.fixture(scope="module")
def article(built_site: Path):
    return parse_article(built_site / "index.html")


@pytest.fixture(scope="module")
def article_html(built_site: Path) -> str:
    return (built_site / "index.html").read_text(encoding="utf-8")


def test_every_heading_in_order(article):
    headings = [(tag, text) for tag, text, _id in article.headings]
    positions = [headings.index(h) for h in ARTICLE_HEADINGS]
    assert positions == sorted(positions), "headings out of the article's order"


def test_every_bullet_with_its_citation_numbers(article):
    bullets, _refs = parse_seed(SEED)
    assert len(bullets) == 34
    items = article.items
    for text, refs in bullets:
        assert (text, refs) in items, f"missing or mis-cited bullet: {text!r} {refs}"


def test_bottom_line_first(article_html: str):
    content = article_html[article_html.index("<article") : article_html.index("</article>")]
    body = normalize(re.sub(r"<[^>]+>", " ", content))
    bottom = body.index(BOTTOM_LINE)
    assert bottom < body.index("Maintenance Strategy After Successful Physical Therapy")


def test_reference_list_matches_the_article(article_html: str):
    _bullets, expected = parse_seed(SEED)
    entries = re.findall(r'<li id="ref-(\d+)" value="\d+"[^>]*>(.*?)</li>', article_html, re.S)
    assert [int(n) for n, _ in entries] == [1, 2, 3, 4, 5, 6]
    for (_n, body), ref in zip(entries, expected, strict=True):
        body = re.sub(r'<span class="gl-references__age">.*?</span>', "", body, flags=re.S)
        text = normalize(re.sub(r"<[^>]+>", " ", body))
        assert text == f"{ref['type']} {ref['title']} {ref['source']}, {ref['year']}"


def test_reference_list_flags_sources_over_ten_years_old(article_html: str):
    """Issue 8: each source shows its year, and a source older than ten years at the article's
    last update (2025-11-26) is flagged: [5] (2010) and [6] (1995), not [1]-[4] (2025)."""
    items = dict(re.findall(r'<li id="ref-(\d+)"[^>]*?(data-old="true")?>', article_html))
    assert {int(n) for n, old in items.items() if old} == {5, 6}
    flags = re.findall(r'<span class="gl-references__age">(.*?)</span>', article_html, re.S)
    assert [normalize(flag) for flag in flags] == [
        "Older than 10 years at this article's last update (15 years, 2025-11-26)",
        "Older than 10 years at this article's last update (30 years, 2025-11-26)",
    ]


def test_citation_tooltips_flag_old_sources(article_html: str):
    """A citation of an old source says so in its tooltip; a recent one does not."""
    links = re.findall(r'<a href="#ref-(\d)" title="([^"]*)"', article_html)
    assert links
    for number, title in links:
        assert ("older than 10 years" in title) == (number in "56"), (number, title)


def test_reference_age_is_one_setting():
    """The threshold is the plugin's reference_age_years: the same source is flagged or not."""
    import jinja2

    from guideline_site.citations import Citations, Reference

    ref = Reference(number=1, key="k", type="Research", title="T", source="S", year=2010)
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {"partials/guideline/citation.html": "", "partials/guideline/references.html": ""}
        )
    )
    assert Citations({"k": ref}, env, 10).cited(ref, "2025-11-26").old
    assert not Citations({"k": ref}, env, 15).cited(ref, "2025-11-26").old
    assert Citations({"k": ref}, env, 14).cited(ref, "2025-01-01").old


@pytest.mark.parametrize("page", ["index.html", "decision-table.html"])
def test_every_citation_resolves(built_site: Path, page: str):
    parsed = parse_article(built_site / page)
    assert parsed.citation_hrefs, "no citations on the page"
    targets = {page: parsed.ids, "index.html": parse_article(built_site / "index.html").ids}
    for href in parsed.citation_hrefs:
        target_page, _, anchor = href.partition("#")
        assert anchor in targets[target_page or page], f"{page}: {href} resolves nowhere"


def test_calculator_placed_right_after_the_algorithm_steps(project_root: Path):
    """The calculator's fence (placement.py) sits after Step 4."""
    md = (project_root / "docs" / "index.md").read_text(encoding="utf-8")
    step4 = md.index("### Step 4: If No Response After 1 Month")
    marker = md.index("\n```calculator\nsciatica-flare\n```\n")
    assert step4 < marker < md.index("## Important Caveats")


def test_disclaimer_in_the_footer_of_every_page(built_site: Path, project_root: Path):
    names = [p.with_suffix(".html").name for p in (project_root / "docs").glob("*.md")]
    pages = [built_site / name for name in [*names, "404.html"]]
    assert len(pages) >= 4
    for page in pages:
        html = page.read_text(encoding="utf-8")
        footer = html[html.index("<footer") : html.index("</footer>")]
        assert "Professional Medical Disclaimer" in footer, page.name
        assert "Dr.Oracle assumes no liability for clinical decisions" in footer, page.name


def test_callouts_do_not_rely_on_colour(article_html: str):
    for kind, heading in (("avoid", "What to Avoid"), ("danger", "Red Flags Requiring")):
        match = re.search(
            rf'<div class="gl-callout gl-callout--{kind}">\s*<h3[^>]*>([^<]*)', article_html
        )
        assert match, kind
        assert match[1].startswith(heading)


def test_plain_language_summary_is_marked_submitted(article_html: str):
    block = re.search(
        r'<div class="gl-audience" data-audience="patient">(.*?)</div>', article_html, re.S
    )
    assert block
    assert "Submitted, pending human review" in normalize(block[1])
    # the editors' paraphrase never passes for the article's text
    assert "a plain-language summary by this site's editors, not the article's own words" in (
        normalize(block[1]).replace("&#39;", "'")
    )
    clinician = re.search(
        r'<div class="gl-audience" data-audience="clinician">(.*?)</div>', article_html, re.S
    )
    assert clinician
    assert BOTTOM_LINE in normalize(re.sub(r"<[^>]+>", " ", clinician[1]))


def test_front_matter_matches_the_core_guideline(project_root: Path):
    """The date and status a copied calculator result carries are the page's."""
    import yaml

    import sciatica_core

    text = (project_root / "docs" / "index.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    guideline = sciatica_core.rules_as_data()["guideline"]
    assert meta["title"] == guideline["title"]
    assert str(meta["last_updated"]) == guideline["last_updated"]
    assert meta["review_status"] == guideline["review_status"]


def offline_content(path: Path) -> dict:
    """The offline file's content block, decoded as its decoder does."""
    return content_block(path.read_text(encoding="utf-8"))


def test_internal_links_resolve(built_site: Path):
    """Every same-site href (pages and #anchors), including those the templates write."""
    ids = {p.name: parse_article(p).ids for p in built_site.glob("*.html")}
    # the offline file's pages but the first travel compressed: their ids are in its block
    offline = export.export_uri("sciatica-flare")
    ids[offline] = set(ids[offline]) | set(offline_content(built_site / offline)["ids"])
    for page in built_site.glob("*.html"):
        # the links of the markup (a script's text is code, not a link)
        html = re.sub(
            r"<script\b[^>]*>.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S
        )
        for href in re.findall(r'href="([^"]+)"', html):
            if re.match(r"[a-z]+:", href) or href.startswith("//") or "{" in href:
                continue
            path, _, anchor = href.partition("#")
            if path.startswith("/"):  # 404.html: absolute, as the server root is the site
                path = str(built_site) + path
            target = (page.parent / path).resolve() if path else page
            assert target.exists(), f"{page.name}: {href}"
            if anchor and target.suffix == ".html" and target.parent == built_site:
                assert anchor in ids[target.name], f"{page.name}: {href}"
