"""The site ``python -m guideline_site new`` writes, built both ways once per session
(``mkdocs build --strict``; ``zensical build`` then ``assemble``): the same article, citations
and reference list, the calculator on its page and the offline file; and its theme override
(``overrides/partials/content.html``, also this repository's): the theme's own content partial
under either generator, plus, under Zensical only, an alert on a page the guideline extension
did not render."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
import yaml
from test_two_generators import ROOT, ZENSICAL, _run, assert_same_article
from tiny_project import SHARED_CACHE

from guideline_site.new_site import write_site

NAME = "example"
PAGES = ["index.html", "changelog.html"]
OVERRIDE = Path("overrides/partials/content.html")
SCAFFOLD_OVERRIDE = ROOT / "guideline_site" / "scaffold" / OVERRIDE
PACKAGES = Path(jinja2.__file__).resolve().parents[1]
THEMES = {"mkdocs": PACKAGES / "material", "zensical": PACKAGES / "zensical"}
MARKED = '<h1 id="t">T</h1><p data-guideline-page>Text</p>'
UNMARKED = '<h1 id="t">T</h1><p>Text [@key]</p>'


@pytest.fixture(scope="session")
def new_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new site (the scaffold's), with this repository's Pyodide runtime."""
    project = write_site(tmp_path_factory.mktemp("new") / "site", name=NAME).root
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    SHARED_CACHE.mkdir(exist_ok=True)  # the session's builds share their cache (tiny_project.py)
    (project / ".cache").symlink_to(SHARED_CACHE)
    return project


@pytest.fixture(scope="session")
def new_site_zensical(new_project: Path) -> Path:
    built = _run(new_project, str(ZENSICAL), "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assembled = _run(new_project, sys.executable, "-m", "guideline_site", "assemble")
    assert assembled.returncode == 0, assembled.stderr
    return new_project / "site"


@pytest.fixture(scope="session")
def new_site_mkdocs(
    new_project: Path, new_site_zensical: Path, tmp_path_factory, run_mkdocs_build
) -> Path:
    """Built after the Zensical build, whose ``assemble`` filled the wheel and snapshot cache."""
    site_dir = tmp_path_factory.mktemp("new-mkdocs")
    result = run_mkdocs_build(new_project, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.mark.parametrize("name", PAGES)
def test_the_new_site_gives_the_same_article_both_ways(
    new_site_mkdocs: Path, new_site_zensical: Path, name: str
):
    """The new site's pages under MkDocs and under Zensical: the same article text,
    citations and reference list (the article cites its placeholder reference)."""
    cites = assert_same_article(new_site_mkdocs / name, new_site_zensical / name)
    assert cites if name == "index.html" else True


@pytest.mark.parametrize("how", ["mkdocs", "zensical"])
def test_the_new_sites_calculator_and_offline_file_are_built_both_ways(
    how: str, new_site_mkdocs: Path, new_site_zensical: Path
):
    """Either build of the new site has the calculator on its page, its runtime, the offline
    file with the calculator, and no alert of missing features."""
    site = new_site_mkdocs if how == "mkdocs" else new_site_zensical
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f'data-calculator="{NAME}"' in page
    assert "data-guideline-page" in page and "data-guideline-missing" not in page
    assert list((site / "assets" / "calculator").glob("*.whl"))
    offline = (site / f"{NAME}-offline.html").read_text(encoding="utf-8")
    assert f"{NAME}" in offline and len(offline) > 100_000


def test_zensical_says_plainly_a_new_site_page_is_missing_its_features(
    new_project: Path, tmp_path: Path
):
    """A new site whose mkdocs.yml does not list the extension: ``zensical build`` alone
    succeeds, the page shows its raw citation key, and it says plainly that it is
    incomplete (the scaffold's overrides/partials/content.html)."""
    project = tmp_path / "site"
    shutil.copytree(new_project, project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"\n *- guideline_site\.extension[^\n]*", "", text))
    assert "guideline_site.extension" not in config.read_text(encoding="utf-8")
    built = _run(project, str(ZENSICAL), "build")
    assert built.returncode == 0, built.stdout + built.stderr
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "[@" in page
    alert = re.search(r'<div class="admonition danger" role="alert".*?</div>', page, re.S)
    assert alert and "its guideline features are missing" in alert.group()
    assert page.index("data-guideline-missing") < page.index("[@")  # above the article


@pytest.mark.parametrize("site", [".", "examples/cha2ds2-vasc", "examples/egfr"])
def test_this_repositorys_sites_hold_the_scaffolds_override(site: str):
    """One content partial: this repository's site and each example hold the scaffold's file,
    and their mkdocs.yml reads it (``custom_dir: overrides``) and lists the extension."""
    assert (ROOT / site / OVERRIDE).read_bytes() == SCAFFOLD_OVERRIDE.read_bytes()
    config = (ROOT / site / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  custom_dir: overrides\n" in config
    assert "\n  - guideline_site.extension\n" in config


def render_content(
    source: str, theme: Path, content: str, generator: str, plugin: bool | None = None
) -> str:
    """A content partial rendered with Jinja2, each partial it includes shown by its name
    (from the theme's own templates folder), under MkDocs (``mkdocs_version`` set; the
    guideline plugin on, off or not listed: ``plugin`` True, False, None) or Zensical."""
    templates = theme / "templates"
    names = re.findall(r'include "([^"]+)"', (templates / "partials/content.html").read_text())
    loader = jinja2.DictLoader({"content": source, **{name: f"[{name}]" for name in names}})
    context = {"mkdocs_version": "1.6"} if generator == "mkdocs" else {}
    plugins = {} if plugin is None else {"guideline": SimpleNamespace(config={"enabled": plugin})}
    config = SimpleNamespace(site_name="S", plugins={"material/search": None, **plugins})
    page = SimpleNamespace(content=content, title="T")
    template = jinja2.Environment(loader=loader).get_template("content")
    return " ".join(template.render(page=page, config=config, **context).split())


@pytest.mark.parametrize("generator", ["mkdocs", "zensical"])
def test_the_override_renders_as_the_themes_content_partial(generator: str):
    """On a page the extension rendered, the override renders as the generator's theme's
    own content partial (Material 9.8, Zensical 0.0.73): the same partials in the same order."""
    theme = THEMES[generator]
    own = (theme / "templates" / "partials" / "content.html").read_text(encoding="utf-8")
    override = SCAFFOLD_OVERRIDE.read_text(encoding="utf-8")
    expected = render_content(own, theme, MARKED, generator, plugin=True)
    for plugin in (True, False, None):
        assert render_content(override, theme, MARKED, generator, plugin) == expected
    assert "[partials/actions.html]" in expected


@pytest.mark.parametrize(
    ("generator", "plugin", "alert"),
    [
        ("zensical", None, True),
        ("mkdocs", None, True),
        ("mkdocs", False, True),
        ("mkdocs", True, False),
    ],
)
def test_the_override_alerts_unless_the_plugins_theme_does(
    generator: str, plugin: bool | None, alert: bool
):
    """On a page the extension did not render, the override shows the alert, under Zensical
    and under MkDocs without the guideline plugin (not listed, or ``enabled: false``); with
    the plugin on it leaves that to the plugin's main.html (one alert, not two)."""
    override = SCAFFOLD_OVERRIDE.read_text(encoding="utf-8")
    html = render_content(override, THEMES[generator], UNMARKED, generator, plugin)
    assert ("data-guideline-missing" in html) == alert
    assert "[partials/actions.html]" in html


def test_mkdocs_without_the_plugin_says_plainly_a_new_site_page_is_missing_its_features(
    new_project: Path, tmp_path: Path, run_mkdocs_build
):
    """A new site whose mkdocs.yml lists neither the guideline plugin nor the extension:
    ``mkdocs build --strict`` succeeds with raw citation keys, and the page says plainly that
    it is incomplete (no theme layer of the plugin: the site's content partial does)."""
    project = tmp_path / "site"
    shutil.copytree(new_project, project, symlinks=True, ignore=shutil.ignore_patterns("site"))
    config = project / "mkdocs.yml"
    text = re.sub(r"\n  - guideline:\n(?:      [^\n]*\n)+", "\n", config.read_text("utf-8"))
    config.write_text(re.sub(r"\n *- guideline_site\.extension[^\n]*", "", text), "utf-8")
    written = yaml.safe_load(config.read_text("utf-8"))
    assert written["plugins"] == ["search"]
    assert "guideline_site.extension" not in written["markdown_extensions"]
    result = run_mkdocs_build(project, tmp_path / "built")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "built" / "index.html").read_text(encoding="utf-8")
    assert "[@" in page and page.count("data-guideline-missing") == 1
