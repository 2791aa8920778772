"""The browser runtime runs the core named in mkdocs.yml, not the first site's: a site whose
calculator is a placeholder core in its own folder gets that core's answers in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tiny_project import TINY_CORE, make_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory: pytest.TempPathFactory, run_mkdocs_build) -> Path:
    tmp = tmp_path_factory.mktemp("tiny-site")
    project = make_project(
        tmp, {"tiny": {"package": "placeholder_core"}}, "```calculator\ntiny\n```",
        {"placeholder_core": TINY_CORE},
    )  # fmt: skip
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][0]["guideline"].update(
        calculator=True,
        pyodide_dir=str(ROOT / "node_modules" / "pyodide"),
        cache_dir=str(tmp / "cache"),
        snapshot=False,  # a cold start is enough here (and needs no Node)
        offline_export=False,
    )
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = tmp / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_the_page_runs_the_configured_core(browser, serve_dir, tiny_site: Path):
    html = (tiny_site / "index.html").read_text(encoding="utf-8")
    assert 'data-calculator="tiny" data-package="placeholder_core"' in html
    wheels = [p.name for p in (tiny_site / "assets" / "calculator").glob("*.whl")]
    assert len(wheels) == 1 and wheels[0].startswith("placeholder_core-0+g")
    base_url, server = serve_dir(tiny_site)
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(base_url + "index.html")
        hook = "window.guidelineCalculators.tiny"  # docs/authoring.md, "In the browser"
        assert page.evaluate("window.sciaticaFlare") is None  # not this core's legacy name
        result = page.evaluate(f"{hook}.load().then(() => {hook}.evaluate({{}}))")
        assert result == {"step": "placeholder_step"}
        rejected = page.evaluate(f"{hook}.evaluate([1]).then(() => null, e => e)")
        assert rejected == {"errors": [{"field": None, "message": "not an object"}]}
        assert errors == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()
