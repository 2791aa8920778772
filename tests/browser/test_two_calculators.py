"""Several calculators on one site and one page (issue 10, items 3 and 4): the first user's
core and the CHA2DS2-VASc example core placed on one page of a site built in a temporary
folder, with a second page that holds no calculator. One Web Worker serves both; each
answers through its hook and its form; no id of the page repeats; the offline file carries
both and each answers from file://; the page without a calculator fetches nothing of the
runtime. The example's score renders with its breakdown."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.exceptions import PluginError
from tiny_project import SHARED_CACHE, make_project

from guideline_site import export

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "cha2ds2-vasc"
FIRST, SCORE = "sciatica-flare", "cha2ds2-vasc"
BODY = f"```calculator\n{FIRST}\n```\n\nBetween the two.\n\n```calculator\n{SCORE}\n```\n"
#: The pages are documentation pages: the two cores come from two articles, and a guideline
#: page must carry the review status and date of every calculator it places (core_checks.py).
FRONT = "---\npage_type: documentation\n---\n\n"
URGENT = {"red_flags": ["cauda_equina_symptoms"]}
SCORED = {"risk_factors": ["hypertension"], "age": 70, "sex": "female"}
DUPLICATE_IDS = """() => {
  const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}"""
#: Every label's for= and every aria-describedby points to an element of its own calculator.
STRAY_REFERENCES = """() => {
  const stray = [];
  for (const root of document.querySelectorAll("[data-calculator]")) {
    for (const label of root.querySelectorAll("label[for]")) {
      const target = document.getElementById(label.htmlFor);
      if (!target || !root.contains(target)) stray.push(label.htmlFor);
    }
    for (const el of root.querySelectorAll("[aria-describedby]")) {
      for (const id of el.getAttribute("aria-describedby").split(/\\s+/)) {
        const target = document.getElementById(id);
        if (!target || !root.contains(target)) stray.push(id);
      }
    }
  }
  return stray;
}"""


def core_answer(package: str, data: dict) -> dict:
    """The core's own answer in CPython (the browser must give the same)."""
    if str(EXAMPLE) not in sys.path:
        sys.path.insert(0, str(EXAMPLE))
    core = __import__(package)
    return json.loads(core.evaluate_json(json.dumps(data)))["result"]


def site_with_both_cores(
    tmp: Path, run_mkdocs_build, index_body: str, pages: dict[str, str]
) -> Path:
    """A site with both cores configured (snapshot and offline file on): ``index_body`` on
    its index page, each of ``pages`` (file name: Markdown after the front matter) beside it,
    and a changelog page."""
    cores = {FIRST: {"package": "sciatica_core"}, SCORE: {"package": "cha2ds2vasc_core"}}
    project = make_project(tmp, cores, index_body)
    # the references the cores cite (sciatica_core 1-6, cha2ds2vasc_core 1)
    shutil.copy(ROOT / "docs" / "references.yml", project / "references.yml")
    (project / "docs" / "index.md").write_text(FRONT + f"# T\n\n{index_body}\n", encoding="utf-8")
    # each core beside mkdocs.yml, as a site has it (neither is installed)
    for core in (ROOT / "sciatica_core", EXAMPLE / "cha2ds2vasc_core"):
        shutil.copytree(core, project / core.name, ignore=shutil.ignore_patterns("__pycache__"))
    docs = project / "docs"
    for name, markdown in {**pages, "changelog.md": "# Changelog\n\nVersions.\n"}.items():
        (docs / name).write_text(FRONT + markdown, encoding="utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][0]["guideline"].update(
        calculator=True,
        pyodide_dir=str(ROOT / "node_modules" / "pyodide"),
        cache_dir=str(SHARED_CACHE),
    )
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = tmp / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    (tmp / "build.log").write_text(result.stderr, encoding="utf-8")
    return site


def score_through_the_form(scored):
    """Enter SCORED in the score calculator's form (its root's locator); its card, once it
    shows the core's score, and the core's answer."""
    scored.locator('input[name="risk_factors"][value="hypertension"]').check()
    scored.locator('input[name="age"]').fill("70")
    scored.locator('input[name="sex"][value="female"]').check()
    card = scored.locator("[data-result] [data-score]")
    card.wait_for()
    want = core_answer("cha2ds2vasc_core", SCORED)
    assert card.get_attribute("data-score") == str(want["score"])
    return card, want


@pytest.fixture(scope="session")
def two_site(tmp_path_factory: pytest.TempPathFactory, run_mkdocs_build) -> Path:
    """A site with two calculators on its index page and a page without any."""
    pages = {"other.md": "# Other\n\nNo calculator here.\n"}
    return site_with_both_cores(
        tmp_path_factory.mktemp("two-calculators"), run_mkdocs_build, BODY, pages
    )


@pytest.fixture(scope="session")
def two_server(two_site: Path, serve_dir):
    base_url, server = serve_dir(two_site)
    yield base_url
    server.shutdown()
    server.server_close()


@pytest.fixture
def two_page(browser, two_server: str):
    """A fresh page of the two-calculator site; ``page.seen`` lists the requested URLs and
    ``page.problems`` every console error (the test fails at teardown on any)."""
    context = browser.new_context()
    page = context.new_page()
    page.seen, page.problems = [], []
    page.on("request", lambda request: page.seen.append(request.url))
    page.on("console", lambda msg: page.problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.problems.append(str(exc)))
    yield page
    context.close()
    assert page.problems == []


def test_one_snapshot_and_one_script_for_two_calculators(two_site: Path):
    calc = two_site / "assets" / "calculator"
    assert len(list(calc.glob("snapshot-*.bin.gz"))) == 1
    assert len(list(calc.glob("sciatica_core-*.whl"))) == 1
    assert len(list(calc.glob("cha2ds2vasc_core-*.whl"))) == 1
    html = (two_site / "index.html").read_text(encoding="utf-8")
    assert html.count('data-calculator="') == 2
    assert html.count("calculator.js") == 1  # the page script once, after the last form
    other = (two_site / "other.html").read_text(encoding="utf-8")
    assert "calculator.js" not in other and "calculator.css" not in other


def test_both_answer_through_their_hooks_in_one_worker_with_no_duplicate_id(
    two_page, two_server: str
):
    page = two_page
    page.goto(two_server + "index.html")
    assert page.evaluate(DUPLICATE_IDS) == []
    assert page.evaluate(STRAY_REFERENCES) == []
    hooks = "window.guidelineCalculators"
    page.evaluate(f"Promise.all(Object.values({hooks}).map((c) => c.load()))")
    first = page.evaluate(f"(d) => {hooks}[{FIRST!r}].evaluate(d)", URGENT)
    assert first == core_answer("sciatica_core", URGENT)
    scored = page.evaluate(f"(d) => {hooks}[{SCORE!r}].evaluate(d)", SCORED)
    assert scored == core_answer("cha2ds2vasc_core", SCORED)
    assert len(page.workers) == 1
    wheels = sorted(Path(url).name.split("-")[0] for url in page.seen if url.endswith(".whl"))
    assert wheels == ["cha2ds2vasc_core", "guideline_site_kit", "sciatica_core"]  # the kit once
    assert sum("snapshot-" in url for url in page.seen) == 1


def test_both_answer_through_their_forms_and_the_score_shows_its_breakdown(
    two_page, two_server: str
):
    page = two_page
    page.goto(two_server + "index.html")
    first = page.locator(f'[data-calculator="{FIRST}"]')
    first.locator('input[name="red_flags"][value="cauda_equina_symptoms"]').check()
    first.locator('[data-result] [data-step="urgent_evaluation"]').wait_for()
    kicker = first.locator(".gc-kicker").inner_text()
    assert kicker.upper().count("URGENT") == 1, kicker
    scored = page.locator(f'[data-calculator="{SCORE}"]')
    card, want = score_through_the_form(scored)
    assert card.locator(".gc-title").inner_text() == want["title"]
    rows = card.locator("[data-breakdown] tbody tr")
    assert rows.count() == len(want["components"])
    for row, component in zip(rows.all(), want["components"], strict=True):
        assert component["label"] in row.inner_text()
        present = row.get_attribute("data-component-present")
        assert present == ("true" if component["present"] else "false")
    assert want["notes"][0]["text"] in card.inner_text()  # the core's note, as it is
    # the other calculator's result stays; the hash holds the calculator last used
    assert first.locator('[data-step="urgent_evaluation"]').count() == 1
    assert page.evaluate("location.hash").startswith(f"#{SCORE}?")
    assert len(page.workers) == 1


def test_a_first_calculator_link_still_restores_with_two_on_the_page(two_page, two_server: str):
    page = two_page
    page.goto(two_server + f"index.html#{FIRST}?red_flags=cauda_equina_symptoms")
    step = page.locator(f'[data-calculator="{FIRST}"] [data-result] [data-step]')
    step.wait_for()
    assert step.get_attribute("data-step") == "urgent_evaluation"
    assert page.locator(f'[data-calculator="{SCORE}"] [data-result] [data-score]').count() == 0


def test_a_page_without_a_calculator_requests_no_runtime_file(two_page, two_server: str):
    page = two_page
    page.goto(two_server + "other.html")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert [url for url in page.seen if "/assets/calculator/" in url] == []
    assert page.workers == []


@contextmanager
def offline_copy(browser, site: Path, tmp_path: Path) -> Iterator[tuple[Any, str, list[str]]]:
    """The site's offline file, copied alone to ``tmp_path`` (a USB stick) and opened from
    file:// in a new context: (page, its file:// URL, the console errors and page errors)."""
    name = export.export_uri(SCORE)  # named after the first calculator in mkdocs.yml's order
    usb = tmp_path / name
    shutil.copyfile(site / name, usb)
    context = browser.new_context()
    try:
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.goto(usb.as_uri())
        yield page, usb.as_uri(), problems
    finally:
        context.close()


def test_the_offline_file_answers_both_from_file_url(browser, two_site: Path, tmp_path: Path):
    with offline_copy(browser, two_site, tmp_path) as (page, _, problems):
        hooks = "window.guidelineCalculators"
        first = page.evaluate(f"(d) => {hooks}[{FIRST!r}].evaluate(d)", URGENT)
        assert first == core_answer("sciatica_core", URGENT)
        scored = page.evaluate(f"(d) => {hooks}[{SCORE!r}].evaluate(d)", SCORED)
        assert scored == core_answer("cha2ds2vasc_core", SCORED)
        assert problems == []


def test_the_runtime_budget_grows_15_kb_per_extra_calculator():
    """Each calculator after the first adds 15,000 bytes (issue 23: its wheel alone)."""

    def budget(calculators: int) -> int:
        return export.Budgets(
            runtime_ratio=1.0, content_bytes=0, page_bytes=0, calculators=calculators
        ).runtime_budget(10_000_000)

    assert budget(1) == 10_000_000
    assert budget(2) == 10_015_000
    assert budget(5) == 10_060_000


def test_a_runtime_part_over_the_grown_budget_names_the_extra_calculators():
    budgets = export.Budgets(runtime_ratio=1.0, content_bytes=10, page_bytes=0, calculators=2)
    budgets.check(
        "x.html", runtime_part=10_015_000, raw_runtime=10_000_000, content_part=0, pages=1
    )
    with pytest.raises(PluginError, match=r"\+ 15,000 bytes for 1 more calculators"):
        budgets.check(
            "x.html", runtime_part=10_015_001, raw_runtime=10_000_000, content_part=0, pages=1
        )


def test_a_calculator_mounted_after_the_load_gets_its_core_added_to_the_same_worker(
    two_page, two_server: str, two_site: Path
):
    """As in the offline file, where a page put in place later has its calculator mounted
    (the "guideline:content" event) after the runtime started: the running worker unpacks
    and imports the new core; the kit's wheel is fetched once."""
    html = (two_site / "index.html").read_text(encoding="utf-8")
    start = html.index(f'<section class="gc-calc" id="{SCORE}"')
    end = html.index("</section>", start) + len("</section>")
    late = html[start:end]
    page = two_page
    page.route(
        two_server + "index.html",
        lambda route: route.fulfill(
            body=html[:start] + html[end:], headers={"Content-Type": "text/html"}
        ),
    )
    page.goto(two_server + "index.html")
    page.evaluate(f"window.guidelineCalculators[{FIRST!r}].load()")
    assert page.evaluate("Object.keys(window.guidelineCalculators)") == [FIRST]
    page.evaluate(
        """(markup) => {
            const article = document.querySelector("article");
            article.insertAdjacentHTML("beforeend", markup);
            article.dispatchEvent(new CustomEvent("guideline:content", { bubbles: true }));
        }""",
        late,
    )
    scored = page.evaluate(f"(d) => window.guidelineCalculators[{SCORE!r}].evaluate(d)", SCORED)
    assert scored == core_answer("cha2ds2vasc_core", SCORED)
    assert len(page.workers) == 1
    wheels = [url for url in page.seen if url.endswith(".whl")]
    assert len(wheels) == 3 and "cha2ds2vasc_core" in wheels[-1]
    assert len([url for url in wheels if "guideline_site_kit-" in url]) == 1


@pytest.fixture(scope="session")
def apart_site(tmp_path_factory: pytest.TempPathFactory, run_mkdocs_build) -> Path:
    """The two calculators on two different pages, and the first one placed on a third page
    again (its form's ids repeat between pages: the offline file holds every page)."""
    pages = {
        "score.md": f"# Score\n\n```calculator\n{SCORE}\n```\n",
        "again.md": f"# Again\n\nThe first one once more.\n\n```calculator\n{FIRST}\n```\n",
    }
    return site_with_both_cores(
        tmp_path_factory.mktemp("calculators-apart"),
        run_mkdocs_build,
        f"```calculator\n{FIRST}\n```\n",
        pages,
    )


def test_the_offline_file_with_calculators_on_different_pages_answers_through_each_form(
    browser, apart_site: Path, tmp_path: Path
):
    """Each page's form in the one offline document: no id repeats (a repeated id would tie
    a label to another page's control), and each form gives its core's answer."""
    with offline_copy(browser, apart_site, tmp_path) as (page, url, problems):
        page.wait_for_selector("html[data-offline-pages=ready]")
        assert page.evaluate(DUPLICATE_IDS) == []
        assert page.evaluate(STRAY_REFERENCES) == []
        page.goto(url + "#page--score")
        scored = page.locator(f'#page--score [data-calculator="{SCORE}"]')
        score_through_the_form(scored)
        page.goto(url + "#page--again")
        again = page.locator(f'#page--again [data-calculator="{FIRST}"]')
        again.locator('input[name="red_flags"][value="cauda_equina_symptoms"]').check()
        step = again.locator("[data-result] [data-step]")
        step.wait_for()
        assert step.get_attribute("data-step") == "urgent_evaluation"
        assert problems == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_the_score_note_is_short_and_its_notes_and_framing_show_with_the_headline(
    two_page, two_server: str, width: int, audience: str
):
    """Issue 25 items 4, 6 and 7 for a score: the copied note gives the inputs, the headline,
    the value and the items that scored, the core's note and the stamp with the page's link,
    no rule ids; the core's note shows with the headline, before the breakdown; for the
    patient audience the card and the note are framed for a clinician."""
    page = two_page
    page.set_viewport_size({"width": width, "height": 900})
    page.add_init_script(f"localStorage.setItem('guideline-audience', '{audience}')")
    page.goto(two_server + "index.html")
    scored = page.locator(f'[data-calculator="{SCORE}"]')
    card, want = score_through_the_form(scored)
    notes = card.locator("[data-notes]")
    assert notes.inner_text().startswith("Note: ")
    notes_box, table_box = notes.bounding_box(), card.locator("[data-breakdown]").bounding_box()
    assert notes_box["y"] + notes_box["height"] <= table_box["y"]
    assert card.locator("[data-patient-frame]").is_visible() == (audience == "patient")
    assert scored.locator("[data-patient-notice]").is_visible() == (audience == "patient")
    page.wait_for_function("() => location.hash.includes('sex=female')")
    card.locator("[data-copy-note]").click()
    box = scored.locator("[data-note-text]")
    box.wait_for(state="visible")
    lines = box.input_value().splitlines()
    assert len(lines) <= 12, lines
    first, headline = ("For your clinician", "What the guideline suggests a clinician consider: ")
    if audience == "clinician":
        first, headline = "CHA2DS2-VASc score. Inputs:", "Result: "
    assert lines[0].startswith(first)
    assert f"{headline}{want['title']}" in lines
    assert f"CHA2DS2-VASc score: {want['score']}/{want['max_score']}" in lines
    assert any(line.startswith("Points: ") and "1" in line for line in lines)
    assert f"Note: {want['notes'][0]['text']}" in lines
    assert lines[-1].endswith(page.evaluate("location.href"))
    assert not any("Rules applied" in line or line.startswith("References") for line in lines)
