"""A real guideline's size: a generated 300-page site (each page the article's Markdown,
docs/index.md, with a word of its own) built with the plugin's default configuration; its
offline file opened from file:// with every request refused (Chromium): the search box finds
page 250's word, its result opens that page, and the calculator answers.

One build per session (the slowest part); Firefox and WebKit search a small site
(tests/browser/test_every_browser.py)."""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import pytest
import yaml

from guideline_site import export

PAGES = 300
FENCE = re.compile(r"```calculator\n[^`]*```\n", re.S)


def unique_word(number: int) -> str:
    """A word found on page ``number`` only: letters, all of one length (none is part of
    another)."""
    letters = string.ascii_lowercase
    return "zqx" + "".join(letters[(number // 26**k) % 26] for k in (2, 1, 0))


def generated_site(project_root: Path, root: Path) -> Path:
    """The project's site with PAGES - 4 more pages, each the article's Markdown without its
    calculator, a title and a word of its own."""
    project = root / "project"
    docs = project / "docs"
    shutil.copytree(project_root / "docs", docs)
    for name in ("overrides", "sciatica_core", "node_modules"):
        (project / name).symlink_to(project_root / name)
    article = (project_root / "docs" / "index.md").read_text(encoding="utf-8")
    front, body = article.removeprefix("---\n").split("\n---\n", 1)
    body = FENCE.sub("", body)
    body = body.replace("](decision-table.md)", "](../decision-table.md)")
    config = yaml.safe_load((project_root / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = config["nav"]
    (docs / "part").mkdir()
    for number in range(len(nav) + 1, PAGES + 1):
        title = f"Part {number}"
        text = (
            body.replace("# Treatment Options", f"# {title}: Treatment Options", 1)
            + f"\n\nThis part's own word: {unique_word(number)}.\n"
        )
        (docs / "part" / f"{number}.md").write_text(
            re.sub(r"(?m)^title: .*$", f"title: {title}", front, count=1).join(("---\n", "\n---\n"))
            + text,
            encoding="utf-8",
        )
        nav.append({title: f"part/{number}.md"})
    # the project's cache (wheel, snapshot) is reused; every other option is the default
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "guideline" in plugin:
            plugin["guideline"]["cache_dir"] = str(project_root / ".cache")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return project


@pytest.fixture(scope="session")
def large_file(project_root: Path, tmp_path_factory, run_mkdocs_build) -> Path:
    root = tmp_path_factory.mktemp("large")
    project = generated_site(project_root, root)
    result = run_mkdocs_build(project, root / "site")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    usb = root / "usb"
    usb.mkdir()
    path = usb / export.export_uri("sciatica-flare")
    shutil.copyfile(root / "site" / path.name, path)
    return path


def test_unique_words_are_unique():
    words = [unique_word(n) for n in range(1, PAGES + 1)]
    assert len(set(words)) == PAGES
    assert not any(a != b and a in b for a in words[:30] for b in words)


@pytest.mark.browser
def test_a_300_page_file_finds_page_250_by_search_and_answers(browser, large_file: Path):
    url = large_file.as_uri()
    problems: list[str] = []
    context = browser.new_context(offline=True)
    pg = context.new_page()
    pg.route("**/*", lambda r: r.continue_() if r.request.url.split("#")[0] == url else (
        problems.append(r.request.url), r.abort()))  # fmt: skip
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.goto(url)
    assert pg.locator(".export-nav a").count() == PAGES
    search = pg.locator('.export-search input[type="search"]')
    search.wait_for(state="visible", timeout=120_000)
    search.fill(unique_word(250))
    search.press("Enter")
    result = pg.locator("#export-search-results a")
    assert result.count() == 1
    assert pg.text_content("#export-search-status") == "1 page found."
    assert result.get_attribute("href") == "#page--part-250"
    pg.keyboard.press("Enter")  # the result has the focus
    pg.wait_for_function("location.hash === '#page--part-250'")
    page = pg.locator("#page--part-250")
    page.get_by_role("heading", name=re.compile("^Part 250: Treatment Options")).wait_for()
    assert unique_word(250) in page.inner_text()
    visible = pg.eval_on_selector_all(
        ".export-page", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)"
    )
    assert visible == ["page--part-250"]
    pg.goto(url + "#page--index")
    answer = pg.evaluate(
        "async () => { await window.sciaticaFlare.load();"
        " return window.sciaticaFlare.evaluate({red_flags: ['cauda_equina_symptoms']}); }"
    )
    assert answer["step"] == "urgent_evaluation"
    context.close()
    assert not problems
