"""The offline export: one HTML file opened from file:// in Chromium with every network
request refused (Playwright aborts every route but the file itself).

Every browser test fails on any request other than the file, a console error or warning
(page or worker), a page error or a CSP violation (the ``offline`` fixture).
"""

from __future__ import annotations

import json
import random
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import engines
import pytest
from mkdocs.exceptions import PluginError
from offline_file import content_block
from playwright.sync_api import expect

from guideline_site import export
from guideline_site.config import GuidelineConfig
from guideline_site.export import codec, pages, payload

ROOT = '[data-calculator="sciatica-flare"]'
EXPORT_URI = export.export_uri("sciatica-flare")
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.fixture(scope="session")
def export_file(built_site: Path) -> Path:
    path = built_site / EXPORT_URI
    assert path.is_file(), "mkdocs build did not write the offline export"
    return path


@pytest.fixture(scope="session")
def export_html(export_file: Path) -> str:
    return export_file.read_text(encoding="utf-8")


def headings(html: str, level: str = "h[12]") -> list[str]:
    found = re.findall(rf"<({level}) id=\"[^\"]+\">(.*?)<a class=\"headerlink\"", html, re.S)
    return [re.sub(r"<[^>]+>", "", text).strip() for _, text in found]


@pytest.fixture(scope="session")
def usb_file(export_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The file alone in an empty directory, as on a USB stick (no site next to it)."""
    path = tmp_path_factory.mktemp("usb") / export_file.name
    shutil.copyfile(export_file, path)
    return path


def refuse_requests(context, url: str, problems: list[str]):
    """A page in ``context`` where every request but ``url`` (and the blob: URLs of its
    workers) is aborted and recorded in ``problems``, data: ones included."""
    return engines.refuse_requests(
        context, lambda other: other.split("#")[0] == url or other.startswith("blob:"), problems
    )


@pytest.fixture
def offline(browser, usb_file: Path):
    """A fresh context that refuses every request but the export file itself, opened alone
    from an empty directory."""
    url = usb_file.as_uri()
    problems: list[str] = []
    context = browser.new_context()

    def console(msg) -> None:
        if msg.type in ("error", "warning"):
            problems.append(f"console {msg.type}: {msg.text}")

    pg = refuse_requests(context, url, problems)
    pg.add_init_script(CSP_LISTENER)
    pg.on("console", console)
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.on("worker", lambda worker: worker.on("console", console))
    pg.goto(url)
    pg.wait_for_selector("html[data-offline-pages=ready]", state="attached")
    yield pg
    violations = pg.evaluate("window.__cspViolations || []")
    context.close()
    assert not violations, f"CSP violations: {violations}"
    assert not problems, "\n".join(problems)


def visible_page(pg) -> list[str]:
    return pg.eval_on_selector_all(
        ".export-page", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)"
    )


# ---------------------------------------------------------------------- the file


def test_the_two_budgets_each_name_their_option():
    budgets = export.Budgets(runtime_ratio=1.0, content_bytes=100, page_bytes=10)
    sizes = {"runtime_part": 1000, "raw_runtime": 1000, "content_part": 130, "pages": 3}
    budgets.check(EXPORT_URI, **sizes)  # both exactly at their budget
    with pytest.raises(PluginError, match=r"runtime part is 1,001 bytes.*export_runtime_budget"):
        budgets.check(EXPORT_URI, **{**sizes, "runtime_part": 1001})
    with pytest.raises(
        PluginError,
        match="content part is 131 bytes, over its budget of 130 bytes"
        r" \(export_content_budget_bytes 100 \+ 3 pages x export_page_budget_bytes 10\)",
    ):
        budgets.check(EXPORT_URI, **{**sizes, "content_part": 131})


def test_default_budgets_admit_a_300_page_guideline():
    """The content budget grows with the pages; the runtime's does not."""
    config = GuidelineConfig
    budget = (
        config.export_content_budget_bytes.default + 300 * config.export_page_budget_bytes.default
    )
    assert budget >= 600_000 + 300 * 10_000
    assert config.export_runtime_budget.default == 1.0


def content_of(export_html: str) -> dict:
    """The content block of the file, decoded as the file's decoder does."""
    return content_block(export_html)


def test_file_is_self_contained(export_html: str):
    assert not re.search(r"<script[^>]*\ssrc=", export_html)
    assert not re.search(r"<link[^>]*\shref=", export_html)
    assert not re.search(r"<img[^>]*\ssrc=\"(?!data:)", export_html)
    # every link is in-file or to another origin (opened by a click, never by the page)
    for href in re.findall(r'\shref="([^"]*)"', export_html):
        assert href.startswith(("#", "https://", "http://", "mailto:")), href


def test_every_page_and_the_references_are_in_the_file(built_site: Path, export_html: str):
    """The first page as HTML, the others in the compressed content block."""
    content = content_of(export_html)
    assert sorted(content["pages"]) == [
        "page--authoring",
        "page--authors",
        "page--changelog",
        "page--decision-table",
    ]
    for name in ("index.html", "authors.html", "decision-table.html"):
        source = (built_site / name).read_text(encoding="utf-8")
        section = pages.section_id(name)
        assert f'id="{section}"' in export_html
        html = content["pages"].get(section, export_html)
        for heading in headings(source):
            assert heading in html, f"{name}: {heading!r} missing"
    assert re.search(r'id="ref-1"', export_html)


def test_download_link_on_every_page_but_not_in_the_export(built_site: Path, export_html: str):
    for path in built_site.glob("*.html"):
        if path.name in (EXPORT_URI, "404.html"):
            continue
        html = path.read_text(encoding="utf-8")
        assert f'href="{EXPORT_URI}"' in html, path.name
        assert "Download for offline use" in html
    assert "Download for offline use" not in export_html


def test_trimmed_stdlib_keeps_what_unpack_archive_needs():
    import io
    import zipfile

    full = io.BytesIO()
    with zipfile.ZipFile(full, "w") as z:
        for name in ("json/__init__.py", "encodings/cp437.py", "tkinter/__init__.py"):
            z.writestr(name, "x = 1\n")
    data = payload.trimmed_stdlib(full.getvalue(), ["/lib/python314.zip/json/__init__.py"])
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == [
        "encodings/cp437.py",
        "json/__init__.py",
    ]
    assert data == payload.trimmed_stdlib(full.getvalue(), ["/lib/python314.zip/json/__init__.py"])
    with pytest.raises(PluginError, match="not in the zip"):
        payload.trimmed_stdlib(full.getvalue(), ["/lib/python314.zip/nope.py"])


def decode7(text: str, size: int) -> bytes:
    """The page's decoder, in Python (the browser test runs the page's own)."""
    out = bytearray()
    acc = bits = 0
    escape = False
    for ch in text:
        value = ord(ch)
        if escape:
            value, escape = value - 0x40, False
        elif ch == "=":
            escape = True
            continue
        acc, bits = (acc << 7) | value, bits + 7
        if bits >= 8:
            bits -= 8
            out.append(acc >> bits)
            acc &= (1 << bits) - 1
    assert len(out) >= size
    return bytes(out[:size])


TRICKY = [
    b"",
    b"\x00",
    b"<",
    b"\r\n</script><!--",
    bytes(range(256)),
    bytes([0x3C] * 21),
    bytes([0x00, 0x0D, 0x3C] * 7 + [0x3C]),
    b"=" * 15,
    bytes(random.Random(5).randbytes(1000)),
]


@pytest.mark.parametrize(
    "data", TRICKY + [bytes([0x1E, 0x78]) * n for n in range(1, 9)], ids=lambda d: f"{len(d)}B"
)
def test_encode7_round_trip_and_safe_text(data: bytes):
    text = codec.encode7(data)
    assert decode7(text, len(data)) == data
    assert text.isascii()
    assert not set(text) & {"\x00", "\r", "<"}
    escapes = text.count("=")
    assert len(text) == -(-len(data) // 7) * 8 + escapes  # 8/7, padded, + escapes
    for size in (1, 2, 3, 5):
        parts = codec.split_parts(text, size)
        assert "".join(parts) == text
        assert not any(p.endswith("=") for p in parts)


@pytest.mark.browser
def test_the_pages_decoder_undoes_encode7_part_by_part(browser, export_html: str):
    source = re.search(r"function decode7\(state, text\) \{.*?\n  \}", export_html, re.S)
    assert source
    pg = browser.new_page()
    rng = random.Random(7)
    try:
        for data in TRICKY:
            text = codec.encode7(data)
            cuts = sorted(rng.sample(range(len(text) + 1), min(3, len(text) + 1)))
            parts = [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)], strict=True)]
            got = pg.evaluate(
                f"""([parts, n]) => {{ {source.group(0)};
                    const state = {{ acc: 0, bits: 0, esc: false, left: n }};
                    return parts.flatMap((p) => Array.from(decode7(state, p))); }}""",
                [parts, len(data)],
            )
            assert bytes(got) == data
    finally:
        pg.close()


# ---------------------------------------------------------------------- in Chromium


@pytest.mark.browser
def test_article_headings_and_navigation(offline, built_site: Path):
    pg = offline
    index = headings((built_site / "index.html").read_text(encoding="utf-8"))
    assert visible_page(pg) == ["page--index"]
    for text in index:
        assert pg.get_by_role("heading", name=text).first.is_visible(), text
    # callout icons are inline SVG (the site's CSS masks of data: URLs would be requests)
    callouts = pg.locator(".gl-callout > :is(h2, h3):first-child")
    assert callouts.count() >= 2
    assert pg.locator(".gl-callout > :is(h2, h3):first-child > svg").count() == callouts.count()
    # the site's footer (the article's disclaimer) is in the file too
    assert pg.get_by_text("Professional Medical Disclaimer").is_visible()
    # to a second page through the file's navigation, then back
    pg.click('.export-nav a[href="#page--authors"]')
    pg.wait_for_function("location.hash === '#page--authors'")
    assert visible_page(pg) == ["page--authors"]
    author = headings((built_site / "authors.html").read_text(encoding="utf-8"), "h1")[0]
    assert pg.get_by_role("heading", name=author).is_visible()
    pg.go_back()
    pg.wait_for_function("location.hash === ''")
    assert visible_page(pg) == ["page--index"]
    # a link inside the article to another page
    pg.locator('#page--index a[href="#page--decision-table"]').first.click()
    pg.wait_for_function("location.hash === '#page--decision-table'")
    assert visible_page(pg) == ["page--decision-table"]
    # a citation there leads to the reference list on the article's page, and back
    pg.locator("#page--decision-table sup.gl-cite a").first.click()
    ref = pg.evaluate("location.hash")
    assert re.fullmatch(r"#ref-[1-6]", ref)
    assert visible_page(pg) == ["page--index"]
    expect(pg.locator(ref)).to_be_in_viewport()
    pg.go_back()
    pg.wait_for_function("location.hash === '#page--decision-table'")
    assert visible_page(pg) == ["page--decision-table"]
    pg.go_forward()
    pg.wait_for_function(f"location.hash === {json.dumps(ref)}")
    assert visible_page(pg) == ["page--index"]


@pytest.mark.browser
def test_restore_from_url_hash_in_the_file(browser, usb_file: Path):
    query = (
        "red_flags_none=true&pain_score=6&symptom_duration_days=2"
        "&symptom_duration_days_unit=months&functional_limitation=true"
    )
    problems: list[str] = []
    context = browser.new_context()
    pg = refuse_requests(context, usb_file.as_uri(), problems)
    pg.goto(f"{usb_file.as_uri()}#sciatica-flare?{query}")
    pg.wait_for_selector(f'{ROOT} [data-step="start_nsaid"]', timeout=60_000)
    assert visible_page(pg) == ["page--index"]  # the calculator's page, not a blank one
    assert pg.input_value('select[name="symptom_duration_days_unit"]') == "months"
    pg.fill('input[name="pain_score"]', "3")
    pg.wait_for_selector(f'{ROOT} [data-step="exercise_first"]', timeout=30_000)
    pg.wait_for_function("() => location.hash.includes('pain_score=3')")
    context.close()
    assert not problems


def test_the_file_exposes_the_calculator_by_name_and_by_its_legacy_global(offline):
    """docs/authoring.md, "In the browser", in the offline file: the calculator by its
    name, the same object as window.sciaticaFlare, and its evaluate works from file://."""
    from sciatica_core import evaluate_json

    pg = offline
    hook = "window.guidelineCalculators['sciatica-flare']"
    assert pg.evaluate(f"{hook} === window.sciaticaFlare")
    pg.evaluate(f"{hook}.load()")
    urgent = '{"red_flags": ["cauda_equina_symptoms"]}'
    result = pg.evaluate(f"(text) => {hook}.evaluate(JSON.parse(text))", urgent)
    assert result == json.loads(evaluate_json(urgent))["result"]
    duplicate = '{"red_flags": [], "red_flags": ["cauda_equina_symptoms"]}'
    assert pg.evaluate(f"(text) => {hook}.evaluateJSON(text)", duplicate) == evaluate_json(
        duplicate
    )


def answer_pain_6_for_60_days_limiting(pg) -> None:
    """Once the file's calculator is ready: no red flag, pain 6 for 60 days, limiting."""
    pg.evaluate("window.sciaticaFlare.load()")
    pg.wait_for_selector(f'{ROOT}[data-state="ready"]', timeout=60_000)
    pg.check('input[name="red_flags_none"]')
    pg.fill('input[name="pain_score"]', "6")
    pg.fill('input[name="symptom_duration_days"]', "60")
    pg.check('input[name="functional_limitation"][value="true"]')


def test_not_covered_result_ages_and_changelog_in_the_file(offline):
    """Issue 8 in the offline file: a not_covered result with its label and neutral style, its
    version stamp linking to the changelog page inside the file, and the reference list's age
    flags (sources over ten years old at the article's last update)."""
    pg = offline
    answer_pain_6_for_60_days_limiting(pg)
    pg.check('input[name="nsaid_tolerated"][value="false"]')
    card = pg.locator(f'{ROOT} [data-step="not_covered"]')
    card.wait_for(timeout=30_000)
    assert card.locator(".gc-kicker").text_content() == (
        "Not covered by the article's plan (article step 1)"
    )
    assert "gc-step--not-covered" in card.get_attribute("class")
    assert "gc-step--urgent" not in card.get_attribute("class")
    stamp = card.locator("[data-changelog-stamp]")
    href = stamp.get_attribute("href")
    assert href.startswith("#"), href  # a place in the file, not a file beside it
    stamp.click()
    pg.wait_for_function(f"location.hash === {href!r}")
    assert visible_page(pg) == ["page--changelog"]
    assert pg.locator(".gl-release").count() >= 2
    flags = pg.locator("#page--index .gl-references__age").all_text_contents()
    assert len(flags) == 2 and all("Older than 10 years" in flag for flag in flags)


@pytest.mark.browser
def test_readable_without_javascript(browser, usb_file: Path, built_site: Path):
    context = browser.new_context(java_script_enabled=False)
    requests: list[str] = []
    pg = refuse_requests(context, usb_file.as_uri(), requests)
    pg.goto(usb_file.as_uri())
    first = headings((built_site / "index.html").read_text(encoding="utf-8"), "h1")[0]
    assert pg.get_by_role("heading", name=first).is_visible()
    text = pg.inner_text("#page--index")
    assert "References" in text
    assert "only the first page can be read" in pg.inner_text(".export-note.export-needs-js")
    # without the script the pages are listed in full (no menu button: it would do nothing)
    # and so is each page's contents
    assert pg.locator(".export-menu-button").is_hidden()
    assert pg.locator("#page--index .export-toc__list").is_visible()
    pg.click('.export-nav a[href="#page--authors"]')  # CSS alone shows the page
    assert visible_page(pg) == ["page--authors"]
    assert "This page needs JavaScript" in pg.inner_text("#page--authors")
    context.close()
    assert not requests


def test_runtime_config_is_json(export_html: str):
    """The file's script reads the runtime's names from a JSON block (data, not code)."""
    match = re.search(
        r'<script type="application/json" id="offline-runtime">([^<]*)</script>', export_html
    )
    assert match
    base = json.loads(match.group(1))
    assert base["content"] == export.CONTENT_NAME
    assert base["indexURL"] == payload.INDEX_URL
    assert base["snapshotURL"].endswith(payload.SNAPSHOT_NAME)


def _damaged(html: str, how: str) -> str:
    """The file with the wasm's data block removed, one part of it removed, or one
    character of it changed."""
    part = re.compile(
        r'<script type="application/octet-stream" data-offline-blob="pyodide\.asm\.wasm"'
        r"[^>]*>([^<]*)</script>"
    )
    parts = list(part.finditer(html))
    assert len(parts) > 1
    if how == "missing":
        return part.sub("", html)
    if how == "truncated":
        return html[: parts[1].start()] + html[parts[1].end() :]
    middle = parts[0].start(1) + len(parts[0].group(1)) // 2
    flipped = "A" if html[middle] != "A" else "B"
    return html[:middle] + flipped + html[middle + 1 :]


@pytest.mark.browser
@pytest.mark.parametrize("how", ["missing", "truncated", "corrupt"])
def test_a_damaged_file_fails_visibly_without_network(browser, export_html, tmp_path, how):
    path = tmp_path / f"offline-{how}.html"
    path.write_text(_damaged(export_html, how), encoding="utf-8")
    url = path.as_uri()
    requests: list[str] = []
    context = browser.new_context()
    context.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.split("#")[0] == url
            else (requests.append(r.request.url), r.abort())
        ),
    )
    pg = context.new_page()
    pg.goto(url)
    error = pg.evaluate("window.sciaticaFlare.load().then(() => null, (e) => String(e))")
    assert error, "the runtime loaded from a damaged file"
    if how != "missing":  # (missing: the runtime's request for it is refused)
        assert "download it again" in error
    pg.wait_for_selector(f'{ROOT}[data-state="error"]')
    assert pg.locator(f"{ROOT} [data-load-error]").is_visible()
    assert pg.get_by_role("heading", name="References").first.is_visible()
    context.close()
    assert not requests


@pytest.mark.browser
def test_axe_finds_no_violation_on_any_page_of_the_file(browser, export_file: Path, project_root):
    """axe-core (npm, pinned) on each page of the file, injected as an init script (the
    file's CSP needs no exception)."""
    context = browser.new_context()
    context.route(
        "**/*",
        lambda r: (
            r.continue_() if r.request.url.split("#")[0] == export_file.as_uri() else r.abort()
        ),
    )
    pg = context.new_page()
    pg.add_init_script(path=str(project_root / "node_modules" / "axe-core" / "axe.min.js"))
    pg.goto(export_file.as_uri())
    try:
        for section in ("page--index", "page--decision-table", "page--changelog", "page--authors"):
            pg.click(f'.export-nav a[href="#{section}"]')
            assert visible_page(pg) == [section]
            result = pg.evaluate("() => axe.run(document)")
            violations = [
                (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                for v in result["violations"]
            ]
            assert not violations, section
    finally:
        context.close()


@pytest.mark.browser
def test_print_shows_the_page_on_screen_without_the_files_search_and_list(offline):
    """Printing gives the page being read, as the site does (all pages of a 300-page file
    would be thousands of sheets), without the file's own search box, menu, list of pages
    and the page's contents."""
    offline.evaluate("location.hash = '#page--authors'")
    offline.wait_for_function("() => document.getElementById('page--authors').offsetParent")
    offline.emulate_media(media="print")
    assert visible_page(offline) == ["page--authors"]
    hidden = offline.eval_on_selector_all(
        ".export-search, .export-menu-button, .export-nav, #page--authors .export-toc",
        "els => els.map(e => getComputedStyle(e).display)",
    )
    assert hidden == ["none"] * 4


@pytest.mark.browser
@pytest.mark.parametrize("hash_", ["#page--authors%", "#%E0%A4%A"])
def test_a_malformed_link_leaves_the_first_page_without_a_page_error(offline, hash_):
    errors: list[str] = []
    offline.on("pageerror", lambda e: errors.append(str(e)))
    offline.evaluate(f"location.hash = {hash_!r}")
    offline.wait_for_timeout(200)
    assert visible_page(offline) == ["page--index"]
    assert not errors


def test_cache_forgets_what_no_build_used_for_a_day(tmp_path: Path):
    import os
    import time

    old, used, new = tmp_path / "old", tmp_path / "used", tmp_path / "new"
    for path in (old, used, new):
        path.write_bytes(b"x")
    day_ago = time.time() - 2 * 86400
    os.utime(old, (day_ago, day_ago))
    os.utime(used, (day_ago, day_ago))
    assert codec.cached(used)  # a hit keeps it
    codec.prune(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "used"]


def test_callout_icons_are_inlined_from_the_theme_css():
    css = [
        ':root{--md-admonition-icon--danger:url("data:image/svg+xml;charset=utf-8,'
        "<svg xmlns='http://www.w3.org/2000/svg'><path d='M1 2'/></svg>\")}",
        ".gl-callout--danger {\n  --gl-callout-icon: var(--md-admonition-icon--danger);\n}",
    ]
    icons = pages.callout_icons(css)
    html = '<div class="gl-callout gl-callout--danger">\n<h3 id="x">X</h3>'
    assert pages.inline_callout_icons(html, icons, "index.html") == (
        '<div class="gl-callout gl-callout--danger">\n<h3 id="x"><svg class="gl-callout__icon"'
        " aria-hidden=\"true\" xmlns='http://www.w3.org/2000/svg'><path d='M1 2'/></svg>X</h3>"
    )
    with pytest.raises(PluginError, match="gl-callout--avoid"):
        pages.inline_callout_icons(html.replace("danger", "avoid"), icons, "index.html")


@pytest.fixture(scope="module")
def over_budget_build(project_root: Path, tmp_path_factory, run_mkdocs_build) -> str:
    """The project itself, built with a content budget of 1,000 bytes (its cache reused): the
    build's output."""
    import yaml

    tmp_path = tmp_path_factory.mktemp("over-budget")
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "overrides", "scripts", "sciatica_core", "node_modules"):
        (project / name).symlink_to(project_root / name)
    config = yaml.safe_load((project_root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = {
        "export_content_budget_bytes": 1000,
        "export_page_budget_bytes": 10,
        "cache_dir": str(project_root / ".cache"),
    }
    (ours,) = [p for p in config["plugins"] if isinstance(p, dict) and "guideline" in p]
    ours["guideline"].update(options)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    return result.stdout + result.stderr


def test_a_build_over_the_budget_fails_naming_size_and_budget(over_budget_build: str):
    assert re.search(
        rf"{re.escape(EXPORT_URI)}: the content part is [\d,]+ bytes, over its budget of 1,050"
        r" bytes \(export_content_budget_bytes 1,000 \+ 5 pages x export_page_budget_bytes 10\)",
        over_budget_build,
    ), over_budget_build[-2000:]


def test_the_benchmarks_size_split_is_the_budgets_own(over_budget_build: str, export_html: str):
    """benchmarks/export.py splits a built file as the build's budget check does: its
    content part is the one the over-budget build names, to the byte (same pages)."""
    from benchmarks.export import budgets, size_split

    named = re.search(r"the content part is ([\d,]+) bytes.* \+ (\d+) pages x", over_budget_build)
    assert named, over_budget_build[-2000:]
    split = size_split(export_html)
    assert split["content_part"] == int(named[1].replace(",", ""))
    assert split["runtime_part"] + split["content_part"] == len(export_html.encode())
    assert budgets(export_html, raw_runtime=1)["pages"] == int(named[2])


def test_a_link_to_a_file_not_in_the_export_is_removed_with_a_warning(caplog):
    """From a USB stick a relative link to anything but a page of the file leads nowhere:
    it becomes plain text, and the build warns (a --strict build fails)."""
    index = pages.ExportPage(
        url="index.html",
        title="Guideline",
        html='<p><a href="leaflet.pdf">Leaflet</a>, <a href="authors.html#x">authors</a>,'
        ' <a href="#y">here</a>, <a href="https://example.org/">elsewhere</a></p><p id="y">',
        head="",
    )
    authors = pages.ExportPage(
        url="authors.html", title="Authors", html='<h2 id="x">X</h2>', head=""
    )
    maps = pages.id_maps([index, authors])
    with caplog.at_level("WARNING", logger="mkdocs.plugins.guideline.export"):
        html = pages.rewrite_links(index, maps)
    assert html.startswith(
        '<p><a>Leaflet</a>, <a href="#x">authors</a>, <a href="#y">here</a>,'
        ' <a href="https://example.org/">elsewhere</a>'
    )
    assert "leaflet.pdf" in caplog.text


#: Keeps the file's calculator worker (the last Worker made by createWorker) reachable.
KEEP_FILE_WORKER = """
Object.defineProperty(window, "guidelineCalculatorConfig", {
  configurable: true,
  get() { return this.__config; },
  set(config) {
    const create = config.createWorker;
    config.createWorker = async () => (window.__calcWorker = await create());
    this.__config = config;
  },
});
"""


@pytest.mark.browser
def test_a_retry_after_the_worker_died_loads_again_from_the_files_blobs(browser, usb_file: Path):
    """The first load takes the decoder's ArrayBuffers (transferred, so gone from the page);
    a retry reads the Blobs into new ones."""
    problems: list[str] = []
    context = browser.new_context()
    pg = refuse_requests(context, usb_file.as_uri(), problems)
    pg.add_init_script(KEEP_FILE_WORKER)
    pg.goto(usb_file.as_uri())
    pg.evaluate("window.sciaticaFlare.load()")
    pg.evaluate(
        """() => (window.__firstWorker = window.__calcWorker).dispatchEvent(
             new ErrorEvent("error", {message: "out of memory", cancelable: true}))"""
    )
    pg.wait_for_selector(f'{ROOT}[data-state="error"]')
    pg.click(f"{ROOT} [data-retry]")
    pg.wait_for_selector(f'{ROOT}[data-state="ready"]', timeout=60_000)
    assert pg.evaluate("window.__calcWorker !== window.__firstWorker")
    result = pg.evaluate("sciaticaFlare.evaluate({red_flags: ['cauda_equina_symptoms']})")
    assert result["step"] == "urgent_evaluation"
    assert "from a snapshot" in pg.text_content(f"{ROOT} [data-status-detail]")
    context.close()
    assert not problems


def test_the_files_policy_is_strict(export_html: str):
    """No eval, no inline script but by hash, no script from blob: (the workers' source is
    their own: worker-src), no request at all."""
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', export_html)
    assert meta
    policy = dict(
        (d.split()[0], d.split()[1:]) for d in meta.group(1).replace("&#39;", "'").split("; ")
    )
    assert set(policy["script-src"]) - {"'wasm-unsafe-eval'"} == {
        s for s in policy["script-src"] if s.startswith("'sha256-")
    }
    assert policy["worker-src"] == ["blob:"]
    assert policy["connect-src"] == ["'none'"]
    assert policy["default-src"] == ["'none'"]


def test_page_rewriting_keeps_every_untouched_byte_and_needs_no_theme_class(tmp_path: Path):
    """The article is found by its tag (any class), the export:skip part dropped; a code
    block is made focusable and every other byte is left as it was written."""
    output = (
        "<!doctype html><html><head><title>T</title><link rel='stylesheet' href=a.css></head>"
        '<body dir="rtl" data-md-color-scheme="slate"><nav>x</nav>'
        "<article class='anything'><p title='it&#39;s'>A &amp; B<!-- c --></p>"
        "<!-- export:skip --><a href=x>download</a><!-- /export:skip -->"
        "<pre><span></span><code>1 &lt; 2</code></pre><script>if (a<b) {}</script>"
        "</article></body></html>"
    )
    page = pages.page_from_output("index.html", "T", "index.md", output)
    assert page.html == (
        "<p title='it&#39;s'>A &amp; B<!-- c --></p>"
        "<pre><span></span><code>1 &lt; 2</code></pre><script>if (a<b) {}</script>"
    )
    assert page.body_attrs == ' dir="rtl" data-md-color-scheme="slate"'
    assert "a.css" in page.head
    (section,) = pages.sections([page], tmp_path, [])
    assert section.html == page.html.replace("<code>", '<code tabindex="0">')
    with pytest.raises(PluginError, match=re.escape("page index.md has no <article>")):
        pages.page_from_output("index.html", "T", "index.md", "<html><body></body></html>")


class _StartTags(HTMLParser):
    """html.parser's own start tags of a text: (position, tag, attributes)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.lines = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: list[tuple[int, str, list[tuple[str, str | None]]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        self.found.append((self.lines[line - 1] + column, tag, attrs))

    handle_startendtag = handle_starttag


@pytest.mark.parametrize(
    "text",
    [
        "<p>a<!-- export:skip -->x<!-- /export:skip -->b</p>",
        "<p>A &amp;<!-- <a href=x> --><a>x</a>&copy; B</p>",
        "<pre>x<code tabindex=1>y</code></pre><pre><code>z</code></pre><script>a<b</script>",
        "<script>let s = '<a href=\"x\">';</script><STYLE>p > a {}</STYLE><a href='#y'>",
        '<p\nid="q" title="a > b" data-x=\'1\' hidden><img src=x.png/><br/>1 < 2 <b x=1/>',
        "<!doctype html><?pi?><![CDATA[x]]><a/href=x><a href=&quot;x&quot;>",
        "<div class='gl-callout gl-callout--danger'>\n<h3 id=x>X</h3></div><!-- unclosed",
    ],
)
def test_the_start_tags_found_are_those_html_parser_finds(text: str):
    """The scanner that replaces tokenizing each page finds the same start tags, with the
    same attributes, none inside a comment or a script's or style's text."""
    found = [(t.start, t.name, t.attrs) for t in pages.start_tags(text)]
    assert found == _StartTags(text).found
    for tag in pages.start_tags(text):
        assert text[tag.start : tag.end] == tag.source
    assert pages.rewrite(text, lambda t: None) == text
    raw = ("script", "style")  # a second <script> would be the first one's text
    doubled = pages.rewrite(text, lambda t: None if t.name in raw else t.source * 2)
    assert [t.source for t in pages.start_tags(doubled)] == [
        t.source for t in pages.start_tags(text) for _ in ((1,) if t.name in raw else (1, 2))
    ]


def test_the_files_policy_and_the_sites_come_from_one_builder(export_html: str):
    from guideline_site import csp

    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', export_html)
    assert meta
    value = meta.group(1).replace("&#39;", "'")
    hashes = [s for s in value.split("; ")[1].split() if s.startswith("'sha256-")]
    assert value == csp.policy(hashes, csp.OFFLINE)
    assert hashes == csp.inline_script_hashes(export_html)


@pytest.mark.parametrize(
    "tag",
    [
        '<a href="#x" title="Permanent link">',
        '<a class="headerlink" href="#x" title="a &amp; b">',
        '<h2 id="x">',
        '<li id="x" value="1" data-year="2025">',
        '<a HREF = "#x">',
        '<a title="see id=x" href="#x">',
        "<a title='q' href=\"#x\">",
        '<a href="#x&amp;">',
        '<a href=#x id="y">',
        '<label for="x y">',
        '<a href="other.html#x">',
        '<a href="leaflet.pdf" title="L">',
        '<a title="x"href="#x">',
    ],
)
def test_a_tags_one_link_attribute_is_rewritten_in_place_as_html_parser_reads_it(tag: str):
    """A tag with one plain link attribute has it rewritten where it stands, every other
    byte kept; the attributes html.parser reads are those of rewriting them all."""
    page = pages.ExportPage(url="index.html", title="I", html=tag, head="")
    maps = {"index.html": {"x": "page--index--x", "y": "page--index--y"}, "other.html": {}}
    links = pages._Links(page, maps)
    (found,) = pages.start_tags(tag)
    expected = links.attrs_of(found)
    written = pages.rewrite_links(page, maps)
    (again,) = pages.start_tags(written)
    assert again.attrs == (found.attrs if expected is None else expected)
    one = found.link_attr()
    if one is not None:  # read alone: the rest of the tag is as it was written
        new = links.value(one.name, one.value)
        assert written == (
            tag[: one.at] + tag[one.end :]
            if new is None
            else tag[: one.value_start] + new + tag[one.value_end :]
        )
    fast = ('<a href="#x" title="Permanent link">', '<h2 id="x">', '<a HREF = "#x">')
    assert one is not None or tag not in fast


@pytest.mark.browser
def test_print_of_the_file_carries_why_this_result(offline):
    """The file's calculator prints its result's "Why this result" (opened on beforeprint,
    which page.pdf() fires in Chromium; closed again after)."""
    pg = offline
    answer_pain_6_for_60_days_limiting(pg)
    why = pg.locator(f'{ROOT} [data-step="start_nsaid"] details.gc-why')
    why.wait_for(timeout=30_000)
    pg.evaluate(
        """(why) => {
          window.__whyOpenAtPrint = [];
          addEventListener("beforeprint", () => window.__whyOpenAtPrint.push(why.open));
        }""",
        why.element_handle(),
    )
    pg.pdf()
    assert pg.evaluate("window.__whyOpenAtPrint") == [True]
    assert not why.evaluate("d => d.open")
