"""Every published version stays reachable and every copied result reproducible (issue 21):
two versions of the scaffold's site deployed with mike into a temporary repository's branch,
the second with a changed rule and its changelog entry (tests/versions_site.py: built once
per session, ~1-2 min), checked out side by side and served under the one root ``_headers``
(``python -m guideline_site headers``).

Chromium: each version answers with its own algorithm version; the older one's copied-note
link names its own folder and reproduces its answer after the newer one is published;
``latest`` follows the newest and its links name the concrete version; Material's selector
lists both and the older version's pages say a newer one exists; a link with an input the
version does not know is refused, naming it. Every engine (Chromium, Firefox, WebKit): both
versions' calculators answer, under the root headers, with no problem recorded.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import engines
import pytest
import versions_site
from versions_site import NAME, answer

from guideline_site import export, headers

pytestmark = pytest.mark.browser

ROOT = f'[data-calculator="{NAME}"]'
SHOTS = Path("/work/shots")
#: Version 1 gives result A from 5 up, version 2 from 7 up: 6 tells them apart.
NUMBER = 6
HASH = f"#{NAME}?example_number={NUMBER}&example_box=false"
EVALUATE = f"""async (input) => {{
  const calc = window.guidelineCalculators[{NAME!r}];
  await calc.load();
  return calc.evaluate(input);
}}"""


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return versions_site.write_published(tmp_path_factory.mktemp("versions"))


@pytest.fixture(scope="module")
def server(published: Path, serve_dir):
    base, httpd = serve_dir(published)
    yield base
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def chromium(browser):
    page = engines.ChromiumPage(browser)
    yield page
    problems = page.close()
    if problems:
        pytest.fail("page problems:\n" + "\n".join(problems))


def _result(page) -> dict[str, str]:
    """The result card's step, title and version line, once drawn."""
    pw = page.playwright
    pw.wait_for_selector(f"{ROOT} [data-result] [data-step]", timeout=90_000)
    return {
        "step": pw.get_attribute(f"{ROOT} [data-result] [data-step]", "data-step"),
        "title": pw.inner_text(f"{ROOT} [data-result] .gc-title"),
        "meta": pw.inner_text(f"{ROOT} [data-result] .gc-meta"),
        "link": pw.get_attribute(f"{ROOT} [data-result] [data-version-link]", "href"),
    }


def _algorithm_version(meta: str) -> str:
    found = re.search(r"Algorithm version (\S+)", meta)
    assert found, meta
    return found.group(1)


def test_each_version_answers_with_its_own_algorithm(chromium, server: str):
    seen = {}
    for version in ("1", "2"):
        chromium.goto(f"{server}{version}/index.html{HASH}")
        result = _result(chromium)
        assert result["step"] == answer(version, NUMBER), (version, result)
        assert _algorithm_version(result["meta"]).startswith(f"{version}+"), result
        assert f"site version {version}" in result["meta"], result
        # the stamp's permanent link: this version's own folder, these inputs
        assert result["link"] == f"{server}{version}/index.html{HASH}", result
        seen[version] = result
    assert seen["1"]["step"] != seen["2"]["step"]  # the changed rule shows


def test_the_older_versions_copied_note_reproduces_its_answer(chromium, server: str):
    chromium.goto(f"{server}1/index.html{HASH}")
    before = _result(chromium)
    pw = chromium.playwright
    pw.click(f"{ROOT} [data-result] [data-copy-note]")
    note = pw.locator(f"{ROOT} [data-note-text]")
    note.wait_for(state="visible")
    text = note.input_value()
    assert "(site version 1, article" in text, text
    SHOTS.mkdir(parents=True, exist_ok=True)
    pw.locator(f"{ROOT} [data-result]").scroll_into_view_if_needed()
    pw.screenshot(path=str(SHOTS / "versions-older-result-note.png"))
    link = text.rsplit("This result with these answers: ", 1)[1].strip()
    assert link == f"{server}1/index.html{HASH}", text
    # opened later, with version 2 published and `latest` on it: the same answer, same core
    reopened = engines.ChromiumPage(chromium.playwright.context.browser)
    try:
        reopened.goto(link)
        after = _result(reopened)
    finally:
        problems = reopened.close()
    assert not problems, problems
    assert after["step"] == before["step"] == answer("1", NUMBER)
    assert _algorithm_version(after["meta"]) == _algorithm_version(before["meta"])


def test_latest_follows_the_newest_and_its_links_name_the_concrete_version(chromium, server: str):
    chromium.goto(f"{server}{HASH}")  # the root redirects to latest/ (mike set-default)
    pw = chromium.playwright
    pw.wait_for_url(re.compile(r"/latest/"), timeout=30_000)
    result = _result(chromium)
    assert result["step"] == answer("2", NUMBER)
    assert _algorithm_version(result["meta"]).startswith("2+")
    assert result["link"] == f"{server}2/index.html{HASH}", result
    assert pw.locator("[data-md-component=outdated]").is_hidden()


def test_the_selector_lists_both_and_an_older_page_says_a_newer_exists(chromium, server: str):
    chromium.goto(f"{server}1/index.html")
    pw = chromium.playwright
    pw.wait_for_selector(".md-version__list", state="attached", timeout=30_000)
    items = [t.strip() for t in pw.locator(".md-version__list .md-version__link").all_inner_texts()]
    assert items == ["2", "1"], items
    banner = pw.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible", timeout=30_000)
    assert "A newer version of this guideline exists" in banner.inner_text()
    newest = banner.locator("[data-newest-version]")
    href = newest.evaluate("a => a.href")
    assert href == f"{server}latest/index.html", href
    SHOTS.mkdir(parents=True, exist_ok=True)
    pw.screenshot(path=str(SHOTS / "versions-older-notice.png"))
    pw.hover(".md-version__current", force=True)  # the list lies over it, hidden
    pw.locator(".md-version__list").wait_for(state="visible")
    pw.screenshot(path=str(SHOTS / "versions-older-selector.png"))
    newest.click()  # the same page in the newest version, which has no notice
    pw.wait_for_url(f"{server}latest/index.html")
    assert pw.locator("[data-md-component=outdated]").is_hidden()
    pw.screenshot(path=str(SHOTS / "versions-latest.png"))


def test_a_link_with_an_input_this_version_does_not_know_is_refused_naming_it(
    chromium, server: str
):
    chromium.goto(f"{server}1/index.html{HASH}&example_new_field=yes")
    pw = chromium.playwright
    error = pw.locator(f"{ROOT} [data-form-error]")
    error.wait_for(state="visible", timeout=90_000)
    assert "version 1 of this calculator does not know: “example_new_field”" in error.inner_text()
    assert pw.locator(f"{ROOT} [data-result] [data-step]").count() == 0
    assert "this version does not know (named in the form)" in pw.inner_text(
        f"{ROOT} [data-result]"
    )
    pw.screenshot(path=str(SHOTS / "versions-unknown-input.png"), full_page=False)
    # the reader answers the form: this version's answer, the unknown input gone from the link
    pw.click(f'{ROOT} input[name="example_box"][value="true"]')
    pw.wait_for_selector(f"{ROOT} [data-result] [data-step]", timeout=60_000)
    assert error.is_hidden()
    assert "example_new_field" not in pw.evaluate("location.hash")


def test_every_published_file_is_served_under_the_root_headers(published: Path, server: str):
    paths = [
        p.relative_to(published).as_posix()
        for p in published.rglob("*")
        if p.is_file() and p.name != headers.FILE_NAME
    ]
    paths += [
        f"latest/{p.relative_to(published / '2').as_posix()}"
        for p in (published / "2").rglob("*")
        if p.is_file() and p.name != headers.FILE_NAME
    ]
    immutable = set()
    for path in paths:
        with urllib.request.urlopen(urllib.request.Request(server + path, method="HEAD")) as r:
            cache, policy = r.headers.get_all("Cache-Control"), r.headers["Content-Security-Policy"]
        assert cache and len(cache) == 1 and cache[0] in (headers.IMMUTABLE, headers.REVALIDATE), (
            path,
            cache,
        )
        assert policy and "script-src 'self'" in policy, path
        if cache[0] == headers.IMMUTABLE:
            immutable.add(path)
    for version in ("1", "2", "latest"):
        assert any(p.startswith(f"{version}/") and p.endswith(".whl") for p in immutable), version
    # each version its own runtime, wheel, snapshot and offline file, named with its version
    for version in ("1", "2"):
        offline = published / version / export.export_uri(NAME, version)
        text = offline.read_text(encoding="utf-8")
        assert f"Version {version} of this site, built " in text
        assert f'Newer versions: <a href="{versions_site.SITE_URL}">' in text
        assert list((published / version / "assets/calculator").glob("snapshot-*.bin.gz"))


@pytest.mark.parametrize("version", ["1", "2"])
def test_both_versions_answer_in_every_engine(engine_page, server: str, version: str):
    engine_page.goto(f"{server}{version}/index.html")
    for number in (4, NUMBER, 8):
        result = engine_page.evaluate(EVALUATE, {"example_number": number, "example_box": False})
        assert result["step"] == answer(version, number), (engine_page.engine, number, result)
        assert result["algorithm_version"].startswith(f"{version}+")
