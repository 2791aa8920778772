"""A real guideline's size: a generated 300-page site (each page the article's Markdown,
docs/index.md, with a word of its own, in 10 sections of the nav after the project's own
pages) built with the plugin's default configuration; its
offline file opened from file:// with every request refused (Chromium): the search box finds
page 250's word, its result opens that page at the heading before the word, and the
calculator answers. It reads like the site: the nav's sections folded (the page shown marked,
its section open), behind a menu on a phone; each page's contents; every page's heading on
the first screen at 390 px and 1280 px, the Back button moving between pages and headings; no
axe violation, in Chromium, Firefox and WebKit (screenshots: OFFLINE_SHOTS=DIR keeps them).

One build per session (the slowest part); Firefox and WebKit also search a small site
(tests/browser/test_every_browser.py)."""

from __future__ import annotations

import os
import re
import shutil
import string
from pathlib import Path

import pytest
import yaml
from browser.layout_checks import FOCUS_RING, TARGETS, small_targets

from guideline_site import export

PAGES = 300
#: The generated pages are in this many sections of the nav (the project's own pages first).
SECTIONS = 10
FENCE = re.compile(r"```calculator\n[^`]*```\n", re.S)
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: A phone's viewport and a laptop's (CSS pixels)
WIDTHS = {390: 844, 1280: 900}
#: What the reader sees: the page shown, where its heading starts, the nav's current page and
#: open sections, whether the nav and the menu button show, the address's fragment.
SHOWN = """() => {
  const shown = (e) => !!e && e.getClientRects().length > 0;
  const page = [...document.querySelectorAll(".export-page")].find(shown);
  const h1 = page && page.querySelector("h1");
  return {
    page: page ? page.id : null,
    h1Top: h1 ? h1.getBoundingClientRect().top : null,
    height: innerHeight,
    current: [...document.querySelectorAll(".export-nav a[aria-current]")].map(
      (a) => [a.getAttribute("href"), a.getAttribute("aria-current")]),
    open: [...document.querySelectorAll(".export-nav details[open] > summary")].map(
      (s) => s.textContent),
    nav: shown(document.getElementById("export-nav")),
    menuButton: shown(document.querySelector(".export-menu-button")),
    hash: location.hash,
  };
}"""
#: The heading nearest before the first place of a word in a page (what a search result
#: should open): its id.
HEADING_BEFORE = """([page, word]) => {
  const walker = document.createTreeWalker(document.getElementById(page), NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode()) && !node.textContent.toLowerCase().includes(word)) {}
  const before = [...document.getElementById(page).querySelectorAll("h2[id], h3[id], h4[id]")]
    .filter((h) => h.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING);
  return before.length ? before[before.length - 1].id : null;
}"""


def unique_word(number: int) -> str:
    """A word found on page ``number`` only: letters, all of one length (none is part of
    another)."""
    letters = string.ascii_lowercase
    return "zqx" + "".join(letters[(number // 26**k) % 26] for k in (2, 1, 0))


def section_title(number: int) -> str:
    """The nav section generated page ``number`` is in (``generated_site``: the pages after
    the project's FIRST_PART - 1 in SECTIONS sections of PER_SECTION, the last one shorter)."""
    return f"Section {(number - FIRST_PART) // PER_SECTION + 1}"


#: The project's pages come first (its nav); the generated ones are numbered from here.
FIRST_PART = 6
PER_SECTION = -(-(PAGES - FIRST_PART + 1) // SECTIONS)


def generated_site(project_root: Path, root: Path) -> Path:
    """The project's site with PAGES - 5 more pages, each the article's Markdown without its
    calculator, a title and a word of its own, in SECTIONS sections of the nav."""
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
    assert len(nav) + 1 == FIRST_PART
    sections: dict[str, list[dict[str, str]]] = {}
    (docs / "part").mkdir()
    for number in range(FIRST_PART, PAGES + 1):
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
        sections.setdefault(section_title(number), []).append({title: f"part/{number}.md"})
    assert len(sections) == SECTIONS
    nav += [{name: pages} for name, pages in sections.items()]
    # the project's cache (wheel, snapshot) is reused; every other option is the default
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "guideline" in plugin:
            plugin["guideline"]["cache_dir"] = str(project_root / ".cache")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return project


#: The end of a function that runs axe (its source goes before): its violations. axe walks
#: every element: the pages not shown (display: none, which axe does not check) would take it
#: ~40 s in Chromium, so their content is set aside while it runs and put back.
AXE_RUN = """;
  const aside = [...document.querySelectorAll(".export-page")]
    .filter((page) => page.getClientRects().length === 0)
    .map((page) => {
      const content = document.createDocumentFragment();
      content.append(...page.childNodes);
      return [page, content];
    });
  try {
    return (await axe.run(document)).violations.map(
      (v) => [v.id, v.impact, v.nodes.slice(0, 3).map((n) => n.target)]);
  } finally {
    for (const [page, content] of aside) page.append(content);
  }
}"""


def on_first_screen(shown: dict) -> bool:
    """The shown page's heading starts on the first screen (below the header, 2 lines
    before the bottom)."""
    return shown["h1Top"] is not None and 0 <= shown["h1Top"] < shown["height"] - 80


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
    href = result.get_attribute("href")
    # the page's own heading before its word (ids of page 250 are prefixed: they clash)
    assert href is not None and href.startswith("#page--part-250--"), href
    pg.keyboard.press("Enter")  # the result has the focus
    pg.wait_for_function("(h) => location.hash === h", arg=href)
    page = pg.locator("#page--part-250")
    # its h1 (a role locator would work out the name of each of the file's ~6,000 headings)
    page.locator("h1", has_text=re.compile("^Part 250: Treatment Options")).wait_for()
    assert unique_word(250) in page.inner_text()
    assert "#" + pg.evaluate(HEADING_BEFORE, ["page--part-250", unique_word(250)]) == href
    assert pg.evaluate("(h) => document.querySelector(h).getBoundingClientRect().top", href) < 200
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


def test_the_nav_is_written_once_with_the_guidelines_sections(large_file: Path):
    """The file's nav has the nav's sections (each a <details>, the first page's own
    pages at the top), the first page marked; written once, not per page."""
    html = large_file.read_text(encoding="utf-8")
    assert html.count('<nav class="export-nav"') == 1
    nav = html[html.index('<nav class="export-nav"') : html.index("</nav>")]
    summaries = re.findall(r"<details( open)?><summary>([^<]*)</summary>", nav)
    assert summaries == [("", f"Section {n}") for n in range(1, SECTIONS + 1)]
    assert nav.count("<a href=") == PAGES
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', nav) == ["#page--index"]
    section_9 = nav[nav.index("<summary>Section 9<") : nav.index("<summary>Section 10<")]
    assert '<a href="#page--part-250">Part 250</a>' in section_9


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
def test_pages_open_at_their_heading_marked_in_the_nav_and_back_goes_back(
    browser, large_file: Path, width: int
):
    """At 390 px (the pages behind the menu) and 1280 px (beside the page): the first page,
    then a page of the ninth section chosen in the nav, each with its heading on the first
    screen and marked as the current page, its section open; Back and Forward move between
    them as on the site; a keyboard reaches the menu and the search first."""
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(large_file.as_uri())
    pg.locator("html[data-offline-pages=ready]").wait_for(state="attached", timeout=120_000)
    first = pg.evaluate(SHOWN)
    assert first["page"] == "page--index" and on_first_screen(first), first
    assert first["current"] == [["#page--index", "page"]]
    assert first["open"] == []
    narrow = width < 1220
    assert (first["nav"], first["menuButton"]) == ((False, True) if narrow else (True, False))
    pg.keyboard.press("Tab")
    if narrow:
        assert pg.evaluate("document.activeElement.className") == "export-menu-button"
        pg.keyboard.press("Enter")
        assert pg.get_attribute(".export-menu-button", "aria-expanded") == "true"
        assert pg.evaluate(SHOWN)["nav"]
        pg.keyboard.press("Escape")
        assert pg.get_attribute(".export-menu-button", "aria-expanded") == "false"
        assert not pg.evaluate(SHOWN)["nav"]
        pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.id") == "export-search-input"
    if not narrow:  # on through the pages and the first page's contents: each shows its focus
        rings = []
        for _ in range(30):
            pg.keyboard.press("Tab")
            rings.append(pg.evaluate(FOCUS_RING))
        assert [r for r in rings if r and not r["visible"]] == []
        assert {"#page--decision-table", "Section 9"} <= {r["name"] for r in rings if r}
    if narrow:
        pg.click(".export-menu-button")
    pg.click(".export-nav summary:text-is('Section 9')")
    pg.click('.export-nav a[href="#page--part-250"]')
    pg.wait_for_function("location.hash === '#page--part-250'")
    pg.locator("#page--part-250 h1", has_text=re.compile("^Part 250: ")).wait_for()
    ninth = pg.evaluate(SHOWN)
    assert ninth["page"] == "page--part-250" and on_first_screen(ninth), ninth
    assert ninth["current"] == [["#page--part-250", "page"]]
    assert ninth["open"] == ["Section 9"]
    assert ninth["nav"] is not narrow  # a page chosen in the menu closes it
    pg.go_back()
    pg.wait_for_function("location.hash === ''")
    back = pg.evaluate(SHOWN)
    assert back["page"] == "page--index" and back["current"] == [["#page--index", "page"]]
    pg.go_forward()
    pg.wait_for_function("location.hash === '#page--part-250'")
    assert pg.evaluate(SHOWN)["current"] == [["#page--part-250", "page"]]
    context.close()
    assert not errors


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
def test_each_page_has_its_contents_and_each_heading_an_address(
    browser, large_file: Path, width: int
):
    """A page put in place from the content block has its contents (beside it at 1280 px,
    behind its button at 390 px): each entry leads to a heading of that page, by an address
    of its own (Back returns to the page's); the nav marks the page of a heading."""
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    pg = context.new_page()
    pg.goto(large_file.as_uri() + "#page--part-123")
    pg.locator("html[data-offline-pages=ready]").wait_for(state="attached", timeout=120_000)
    toc = pg.locator("#page--part-123 .export-toc")
    links = toc.locator(".export-toc__list a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) > 10
    targets = pg.evaluate(
        "(hs) => hs.map((h) => { const e = document.getElementById(h.slice(1));"
        " return e && e.closest('.export-page').id + ' ' + e.tagName; })",
        hrefs,
    )
    assert set(targets) <= {"page--part-123 H2", "page--part-123 H3", "page--part-123 H4"}
    toggle = toc.locator(".export-toc__toggle")
    if width < 960:
        assert not links.first.is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
    else:
        assert toggle.is_hidden()
    heading = toc.get_by_role("link", name="Monitoring Strategy")
    href = heading.get_attribute("href")
    heading.click()
    pg.wait_for_function("(h) => location.hash === h", arg=href)
    top = pg.evaluate("(h) => document.querySelector(h).getBoundingClientRect().top", href)
    assert 0 <= top < 200
    assert pg.evaluate(SHOWN)["current"] == [["#page--part-123", "page"]]
    pg.go_back()
    pg.wait_for_function("location.hash === '#page--part-123'")
    assert pg.evaluate(SHOWN)["page"] == "page--part-123"
    context.close()


@pytest.mark.browser
def test_without_javascript_the_pages_and_contents_show_in_full(browser, large_file: Path):
    """No script: at 390 px the nav's sections and the first page's contents show (the
    buttons that would fold them are hidden), and the first page is readable."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    pg = context.new_page()
    pg.goto(large_file.as_uri())
    assert pg.locator(".export-menu-button").is_hidden()
    assert pg.locator(".export-nav summary:text-is('Section 9')").is_visible()
    assert pg.locator("#page--index .export-toc__list").is_visible()
    assert pg.locator("#page--index h1").is_visible()
    pg.click(".export-nav summary:text-is('Section 9')")  # <details>: no script needed
    assert pg.locator('.export-nav a[href="#page--part-250"]').is_visible()
    context.close()


def shots_dir(tmp_path: Path) -> Path:
    """Where the screenshots go: OFFLINE_SHOTS when set (to look at them), else tmp_path."""
    wanted = os.environ.get("OFFLINE_SHOTS")
    path = Path(wanted) if wanted else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
def test_every_engine_shows_the_300_page_file_like_the_site_without_axe_violations(
    engine_page, large_file: Path, width: int, tmp_path: Path
):
    """Chromium, Firefox and WebKit at 390 px and 1280 px: the first page and a page of the
    ninth section, each with its heading on the first screen, marked in the nav, and no
    violation axe-core finds; a screenshot of each."""
    pg = engine_page
    pg.set_viewport(width, WIDTHS[width])
    pg.goto(large_file.as_uri())
    pg.wait_for_selector("html[data-offline-pages=ready]", timeout=120_000)
    # axe's source in the function's own text: the file's policy allows no eval
    run_axe = "async () => {\n" + AXE.read_text(encoding="utf-8") + "\n" + AXE_RUN
    shots = shots_dir(tmp_path)
    for where in ("", "#page--part-250"):
        if where:
            pg.evaluate("(h) => { location.hash = h; }", where)
            pg.wait_for_selector("#page--part-250:not([data-offline-page]) h1", state="visible")
        shown = pg.evaluate(SHOWN)
        page = where[1:] or "page--index"
        assert shown["page"] == page and on_first_screen(shown), shown
        assert shown["current"] == [[f"#{page}", "page"]]
        # the pages behind the menu below 1220 px
        assert (shown["nav"], shown["menuButton"]) == (width >= 1220, width < 1220), shown
        for part in (".export-header", "#export-nav", f"#{page} .export-toc"):  # 24 px targets
            assert small_targets(pg.evaluate(TARGETS, [part])) == [], (pg.engine.value, part)
        name = f"offline-{pg.engine.value}-{width}-{page.removeprefix('page--')}.png"
        pg.screenshot(shots / name)
        assert pg.evaluate(run_axe) == [], (pg.engine.value, width, page)
