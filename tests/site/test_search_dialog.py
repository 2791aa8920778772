"""Every site gets the plugin's search partial (guideline_site/templates/partials/search.html,
in the theme layer beneath a site's custom_dir): Material's search dialog has an accessible
name (axe ``aria-dialog-name``), also in a site with no overrides of its own (a scaffolded
one, examples/cha2ds2-vasc)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tiny_project import make_project

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def bare_site(tmp_path_factory: pytest.TempPathFactory, run_mkdocs_build) -> Path:
    """A site without custom_dir, with Material's search plugin."""
    tmp = tmp_path_factory.mktemp("bare-search")
    project = make_project(tmp, {})
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "custom_dir" not in config["theme"]
    config["plugins"].insert(0, "search")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = tmp / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_a_site_without_overrides_gets_the_named_search_dialog(bare_site: Path):
    html = (bare_site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search" role="dialog" aria-label="Search"' in html


def test_axe_finds_no_unnamed_dialog_in_a_site_without_overrides(
    browser, serve_dir, bare_site: Path
):
    base_url, server = serve_dir(bare_site)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(path=str(AXE))
        page.goto(base_url + "index.html")
        page.fill(".md-search__input", "guideline")  # open the dialog: axe skips it closed
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'rule', values: ['aria-dialog-name']}})"
        )
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert [v["id"] for v in result["violations"]] == []
    assert [p["id"] for p in result["passes"]] == ["aria-dialog-name"]
