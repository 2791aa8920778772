"""This repository's site built both ways, once per session each: ``mkdocs build --strict``
(the plugin) and ``zensical build`` then ``python -m guideline_site assemble`` (the Markdown
extension alone, then the artifacts), compared: the same article text, citation numbers and
links, reference list and generated tables; the same artifacts; and the calculator's answers
for every recorded valid differential case in Chromium, served and from the offline file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tiny_project import SHARED_CACHE

ROOT = Path(__file__).resolve().parents[2]
ZENSICAL = Path(sys.executable).with_name("zensical")
PAGES = ["index.html", "decision-table.html", "changelog.html", "authors.html", "authoring.html"]
#: every recorded valid case (346; one call each, in one page, under a second)
SAMPLE = slice(None)
RECORDED = ROOT / "tests" / "differential" / "recorded"


def recorded_cases() -> list[tuple[dict, dict]]:
    """The recorded valid cases of tests/differential/ (input, answer)."""
    rec = json.loads((RECORDED / "sciatica.json").read_text(encoding="utf-8"))
    return [(data, rec["outputs"][index]) for data, index in rec["valid"][SAMPLE]]


def without_version(answer: dict) -> dict:
    """As tests/differential/ compares: without ``algorithm_version``."""
    return {key: value for key, value in answer.items() if key != "algorithm_version"}


def _run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(project)}
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)


def _copy_project(target: Path) -> Path:
    """The repository's files (as git lists them, with the working tree's changes)."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    for relative in filter(None, listed):
        source = ROOT / relative
        if source.is_file() and not relative.startswith(("tests/", "benchmarks/", "examples/")):
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relative)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    SHARED_CACHE.mkdir(exist_ok=True)  # the wheels and snapshot, as the MkDocs build made them
    (target / ".cache").symlink_to(SHARED_CACHE)
    return target


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of a copy of this repository, by ``zensical build`` and ``assemble``."""
    project = _copy_project(tmp_path_factory.mktemp("zensical-project"))
    built = _run(project, str(ZENSICAL), "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assembled = _run(project, sys.executable, "-m", "guideline_site", "assemble")
    assert assembled.returncode == 0, assembled.stderr
    return project / "site"


def article(html: str) -> str:
    """A page's article, without what differs by build and not by content: the per-build
    nonce, whitespace between tags, the themes' own header link and edit buttons."""
    body = html.split("<article", 1)[1].split("</article>", 1)[0]
    body = re.sub(r'data-nonce="[0-9a-f]+"', "", body)
    body = re.sub(r'<a href="#[^"]*" class="headerlink"[^>]*>.*?</a>', "", body)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", body)).strip()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


CITES = re.compile(r'<sup class="gl-cite">.*?</sup>', re.S)
REFERENCES = re.compile(r'<ol class="gl-references".*?</ol>', re.S)


def assert_same_article(mkdocs_page: Path, zensical_page: Path) -> list[str]:
    """The two builds of a page: the same article text, citations (numbers and links) and
    reference list, and no raw citation key under Zensical. Returns the citations."""
    mkdocs = article(mkdocs_page.read_text(encoding="utf-8"))
    zensical = article(zensical_page.read_text(encoding="utf-8"))
    assert "[@" not in text_of(re.sub(r"<code>.*?</code>", "", zensical, flags=re.S))
    assert text_of(zensical) == text_of(mkdocs)
    assert CITES.findall(zensical) == CITES.findall(mkdocs)
    assert REFERENCES.findall(zensical) == REFERENCES.findall(mkdocs)
    return CITES.findall(zensical)


@pytest.mark.parametrize("name", PAGES)
def test_both_builds_give_the_same_article(built_site: Path, zensical_site: Path, name: str):
    assert_same_article(built_site / name, zensical_site / name)


def test_the_article_has_its_features_under_zensical(zensical_site: Path):
    page = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<sup class="gl-cite">', page)) >= 20
    assert 'data-calculator="sciatica-flare"' in page
    assert "data-review-status" in page and "gl-banner" in page
    assert 'href="sciatica-flare-offline.html" download' in page
    assert "gl-disclaimer" in page
    assert "data-guideline-missing" not in page
    assert "assets/stylesheets/guideline.css" in page
    assert 'http-equiv="Content-Security-Policy"' in page


def test_assemble_writes_what_the_plugin_writes(built_site: Path, zensical_site: Path):
    def listing(site: Path) -> set[str]:
        return {
            p.relative_to(site).as_posix()
            for p in site.rglob("*")
            if p.is_file()
            and not p.relative_to(site)
            .as_posix()
            .startswith(
                (
                    "search",
                    "assets/javascripts/bundle",
                    "assets/stylesheets/main",
                    "assets/stylesheets/palette",
                    "assets/images",
                    "assets/javascripts/lunr",
                    "assets/javascripts/workers",
                    "sitemap",
                )
            )
        }

    ours = {
        p
        for p in listing(built_site)
        if "calculator" in p
        or "fhir" in p
        or p.endswith(("-offline.html", "_headers", "guideline.css", "audience.js"))
    }
    assert ours <= listing(zensical_site)
    headers = (zensical_site / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in headers
    assert not (zensical_site / "references.yml").exists()


def test_assemble_refuses_a_page_built_without_the_extension(tmp_path: Path):
    """A site whose mkdocs.yml does not list the extension: Zensical renders raw keys and
    the site's content partial says the page is incomplete; assemble stops, naming the page."""
    project = _copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - guideline_site.extension\n", ""))
    assert _run(project, str(ZENSICAL), "build").returncode == 0
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "[@" in page and page.count("data-guideline-missing") == 1  # overrides/partials
    result = _run(project, sys.executable, "-m", "guideline_site", "assemble")
    assert result.returncode == 2
    assert result.stderr.startswith("guideline_site assemble: page ")
    assert "built without guideline_site.extension" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.browser
@pytest.mark.parametrize("how", ["mkdocs", "zensical"])
def test_the_calculator_answers_the_differential_cases(
    how: str, built_site: Path, zensical_site: Path, browser, serve_dir
):
    """The recorded cases, answered by the page's calculator under each build,
    served over HTTP and from the offline file (file://)."""
    site = built_site if how == "mkdocs" else zensical_site
    cases = recorded_cases()
    base_url, server = serve_dir(site)
    hook = 'window.guidelineCalculators["sciatica-flare"]'
    script = f"""async (cases) => {{ await {hook}.load();
        const out = []; for (const c of cases) out.push(await {hook}.evaluate(c)); return out; }}"""
    try:
        for url in (base_url + "index.html", (site / "sciatica-flare-offline.html").as_uri()):
            context = browser.new_context()
            try:
                page = context.new_page()
                page.goto(url)
                if url.startswith("file:"):
                    page.wait_for_function(f"!!{hook}", timeout=60_000)
                answers = page.evaluate(script, [data for data, _ in cases])
            finally:
                context.close()
            for answer, (_, recorded) in zip(answers, cases, strict=True):
                assert without_version(answer) == without_version(recorded), url
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("name", ["index.html", "decision-table.html", "authors.html"])
def test_axe_finds_no_violation_under_zensical(zensical_site: Path, browser, serve_dir, name):
    """axe-core on the Zensical build's pages as on the MkDocs build's
    (tests/site/test_site_browser.py): Zensical's theme has a light footer (the disclaimer
    must stay legible there) and draws the current navigation link in its own colours."""
    base_url, server = serve_dir(zensical_site)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
        page.goto(base_url + name)
        result = page.evaluate("() => axe.run(document)")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]
    assert not violations
