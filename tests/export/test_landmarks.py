"""A calculator's region never shares its name with the page's (axe ``landmark-unique``),
whatever the titles: in the offline file each page is a region named by the page's title,
which is often the calculator's too (examples/cha2ds2-vasc); the calculator's region is
"Calculator: TITLE", on the served site as in the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_project import build_scaffolded_site

from guideline_site import export

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: The scaffold core's calculator title (example_core/__init__.py), given to the page too.
TITLE = "Example calculator (placeholder)"
LANDMARK_UNIQUE = "() => axe.run(document, {runOnly: {type: 'rule', values: ['landmark-unique']}})"


@pytest.fixture(scope="module")
def same_titles_site(tmp_path_factory: pytest.TempPathFactory, run_mkdocs_build) -> Path:
    """A scaffolded site whose page has its calculator's title, with its offline file."""

    def retitle_page(project: Path) -> None:
        page = project / "docs" / "index.md"
        text = page.read_text(encoding="utf-8")
        assert "title: Example guideline (placeholder)\n" in text
        page.write_text(
            text.replace("title: Example guideline (placeholder)\n", f"title: {TITLE}\n", 1),
            encoding="utf-8",
        )
        config = project / "mkdocs.yml"  # the file names its page sections after the nav
        text = config.read_text(encoding="utf-8")
        assert "  - Example guideline: index.md\n" in text
        config.write_text(
            text.replace("  - Example guideline: index.md\n", f"  - {TITLE}: index.md\n"),
            encoding="utf-8",
        )

    return build_scaffolded_site(
        tmp_path_factory.mktemp("same-titles"), run_mkdocs_build, retitle_page, offline_export=True
    )


def landmark_results(page) -> dict[str, list]:
    result = page.evaluate(LANDMARK_UNIQUE)
    return {key: [v["id"] for v in result[key]] for key in ("violations", "passes")}


def test_the_calculator_region_is_named_calculator_title(same_titles_site: Path):
    html = (same_titles_site / "index.html").read_text(encoding="utf-8")
    assert f'aria-label="Calculator: {TITLE}"' in html


@pytest.mark.browser
def test_offline_files_page_and_calculator_regions_have_distinct_names(
    browser, same_titles_site: Path
):
    file = same_titles_site / export.export_uri("example")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(path=str(AXE))
        page.goto(file.as_uri())
        labels = page.eval_on_selector_all(
            "section[aria-label]", "(els) => els.map((e) => e.getAttribute('aria-label'))"
        )
        assert TITLE in labels  # the case in question: a page titled as its calculator
        results = landmark_results(page)
    finally:
        context.close()
    assert results == {"violations": [], "passes": ["landmark-unique"]}


@pytest.mark.browser
def test_served_pages_regions_have_distinct_names(browser, serve_dir, same_titles_site: Path):
    base_url, server = serve_dir(same_titles_site)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(path=str(AXE))
        page.goto(base_url + "index.html")
        results = landmark_results(page)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert results == {"violations": [], "passes": ["landmark-unique"]}
