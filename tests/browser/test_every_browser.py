"""The calculator in every engine a clinic has (Chromium, Firefox, WebKit: tests/engines.py),
served over loopback HTTP and as the offline file opened from file:// with no network.

Each test runs once per engine (``engine_page``) and fails on a console error, a page error,
a CSP violation or a request other than the page's own (from file://: any request at all),
as far as the engine lets a test see them (tests/engines.py). The many detail tests of the
form stay Chromium-only (tests/browser/, tests/export/).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import engines
import pytest
from calc_helpers import ROOT_SELECTOR, Answers, fill, shown_step
from differential import cpython_answer, random_input

from guideline_site import export
from guideline_site.export import payload

pytestmark = pytest.mark.browser

WHERE = ["served", "file"]
STATUS = f"{ROOT_SELECTOR} [data-status-detail]"
#: Inputs for the page API: routine, urgent, on treatment, not covered (NSAIDs not tolerated
#: at the start) and invalid ones.
BASE = {
    "red_flags": [],
    "pain_score": 6,
    "symptom_duration_days": 45,
    "functional_limitation": True,
}
INPUTS = [
    {"red_flags": [], "pain_score": 3, "symptom_duration_days": 10, "functional_limitation": True},
    {"red_flags": [], "pain_score": 6, "symptom_duration_days": 40, "functional_limitation": True},
    {
        "red_flags": [],
        "pain_score": 6,
        "symptom_duration_days": 60,
        "functional_limitation": True,
        "nsaid_tolerated": False,
    },
    {"red_flags": ["cauda_equina_symptoms"]},
    {
        "red_flags": [],
        "pain_score": 7,
        "symptom_duration_days": 45,
        "functional_limitation": True,
        "nsaid_days": 5,
        "response": "inadequate",
    },
    # one per remaining step code, so that every engine sees all eight whatever the seed
    {**BASE, "nsaid_days": 1, "response": "adequate"},
    {**BASE, "nsaid_days": 10, "response": "none", "duloxetine_days": 8},
    {**BASE, "nsaid_days": 30, "response": "none"},
    {**BASE, "nsaid_tolerated": False},
    {**BASE, "nsaid_days": 2, "response": "none", "nsaid_tolerated": False},
    {**BASE, "nsaid_days": 1, "response": "none", "duloxetine_days": 0},
    {"red_flags": [], "pain_score": 11, "symptom_duration_days": -1},
    {"pain_score": 5},
    [1, 2],
]
#: The page API over a list of inputs: each one's {result} or {errors}.
EVALUATE_ALL = """async (inputs) => {
  await window.sciaticaFlare.load();
  return Promise.all(inputs.map((input) => window.sciaticaFlare.evaluate(input).then(
    (result) => ({result}), (e) => ({errors: e.errors}))));
}"""
LOAD = """() => window.sciaticaFlare.load().then(
  () => ({ok: true, runtime: window.sciaticaFlare.runtime}),
  (e) => ({ok: false, error: String(e)}))"""

SCROLL_TO = "(s) => document.querySelector(s).scrollIntoView({block: 'center'})"


def url_of(where: str, site_server: str, usb_copy: Path) -> str:
    return site_server + "index.html" if where == "served" else usb_copy.as_uri()


@pytest.mark.parametrize("where", WHERE)
def test_page_api_and_differential_equal_cpython(engine_page, where, site_server, usb_copy):
    """window.sciaticaFlare.load/evaluate, then 300 generated inputs (valid, boundary and
    invalid): every answer equals CPython's, in every engine, served and from file://."""
    engine_page.goto(url_of(where, site_server, usb_copy))
    loaded = engine_page.evaluate(LOAD)
    assert loaded["ok"], loaded
    assert loaded["runtime"]["snapshot"] is True, loaded  # restored from the snapshot
    rng = random.Random(20251127)
    inputs = INPUTS + [random_input(rng) for _ in range(300)]
    got = engine_page.evaluate(EVALUATE_ALL, inputs)
    expected = [cpython_answer(data) for data in inputs]
    mismatches = [(d, g, e) for d, g, e in zip(inputs, got, expected, strict=True) if g != e]
    assert not mismatches, mismatches[:3]
    steps = {a["result"]["step"] for a in expected if "result" in a}
    assert len(steps) == 8, steps  # every step code, not_covered included
    assert sum("errors" in a for a in expected) >= 30


@pytest.mark.parametrize("where", WHERE)
def test_form_routine_urgent_and_invalid(engine_page, where, site_server, usb_copy, tmp_path):
    """Through the form's controls: a routine result, a red flag's urgent one, and an
    invalid value marked at its field with no result; a screenshot of the result."""
    pg = engine_page
    pg.goto(url_of(where, site_server, usb_copy))
    fill(pg, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(pg, "start_nsaid", timeout=120_000)
    assert "from a snapshot" in pg.text(STATUS)
    pg.evaluate(SCROLL_TO, f"{ROOT_SELECTOR} [data-result]")
    shot = tmp_path / f"{where}-{pg.engine.value}.png"
    pg.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pg.uncheck('input[name="red_flags_none"]')
    pg.check('input[name="red_flags"][value="cauda_equina_symptoms"]')
    shown_step(pg, "urgent_evaluation")
    pg.uncheck('input[name="red_flags"][value="cauda_equina_symptoms"]')
    pg.check('input[name="red_flags_none"]')
    pg.fill('input[name="pain_score"]', "11")
    pg.wait_for_selector('[data-error-for="pain_score"]', state="visible")
    assert pg.text('[data-error-for="pain_score"]').strip()
    pg.wait_for_selector(f"{ROOT_SELECTOR} [data-step]", state="detached")


def test_loads_when_scrolled_into_view_without_interaction(engine_page, site_server):
    """IntersectionObserver in every engine; not before the calculator comes near the
    viewport (it is further down the article than one viewport)."""
    engine_page.goto(site_server + "index.html")
    far = engine_page.evaluate(
        """() => document.querySelector('[data-calculator]').getBoundingClientRect().top
                 > 2 * window.innerHeight"""
    )
    assert far
    assert engine_page.text(f"{ROOT_SELECTOR} [data-status]").startswith(
        "The calculator loads when you scroll to it"
    )
    engine_page.evaluate("() => { document.querySelector('[data-calculator]').scrollIntoView(); }")
    engine_page.wait_for_selector(f'{ROOT_SELECTOR}[data-state="ready"]', timeout=120_000)


def test_missing_snapshot_served_falls_back_to_cold_start(engine_page, serve_copy):
    base = serve_copy(without="assets/calculator/snapshot-*.bin.gz")
    engine_page.goto(base + "index.html")
    loaded = engine_page.evaluate(LOAD)
    assert loaded["ok"], loaded
    assert loaded["runtime"]["snapshot"] is False
    assert "snapshot unavailable" in loaded["runtime"]["note"], loaded
    assert "cold start" in engine_page.text(STATUS)
    # the worker's request for the snapshot was answered 404: Chromium logs it
    assert all("404" in p for p in engine_page.problems())


def _variant(usb_copy: Path, tmp_path: Path, name: str, change) -> Path:
    path = tmp_path / name / export.export_uri("sciatica-flare")
    path.parent.mkdir()
    path.write_text(change(usb_copy.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def _without_snapshot(html: str) -> str:
    block = re.compile(
        r'<script type="application/octet-stream" data-offline-blob="'
        + re.escape(payload.SNAPSHOT_NAME)
        + r'"[^>]*>[^<]*</script><script>[^<]*</script>\n?'
    )
    html, count = block.subn("", html)  # (the page then asks for no snapshot)
    assert count > 1
    return html


def _corrupt_wasm(html: str) -> str:
    part = re.search(
        r'<script type="application/octet-stream" data-offline-blob="pyodide\.asm\.wasm"'
        r"[^>]*>([^<]*)</script>",
        html,
    )
    assert part
    middle = part.start(1) + len(part.group(1)) // 2
    return html[:middle] + ("A" if html[middle] != "A" else "B") + html[middle + 1 :]


def test_file_without_its_snapshot_starts_cold(engine_page, usb_copy, tmp_path):
    path = _variant(usb_copy, tmp_path, "cold", _without_snapshot)
    engine_page.goto(path.as_uri())
    loaded = engine_page.evaluate(LOAD)
    assert loaded["ok"], loaded
    assert loaded["runtime"]["snapshot"] is False
    assert "cold start" in engine_page.text(STATUS)
    got = engine_page.evaluate(EVALUATE_ALL, INPUTS)
    assert got == [cpython_answer(data) for data in INPUTS]


def test_a_damaged_file_says_so(engine_page, usb_copy, tmp_path):
    path = _variant(usb_copy, tmp_path, "damaged", _corrupt_wasm)
    engine_page.goto(path.as_uri())
    loaded = engine_page.evaluate(LOAD)
    assert not loaded["ok"]
    assert "damaged" in loaded["error"] and "download it again" in loaded["error"], loaded
    engine_page.wait_for_selector(f'{ROOT_SELECTOR}[data-state="error"]')
    engine_page.wait_for_selector(f"{ROOT_SELECTOR} [data-load-error]", state="visible")
    assert "download it again" in engine_page.text(STATUS)
    # the pages still read
    engine_page.wait_for_selector("#ref-1", state="attached")
    # what the engine itself logs about the bad data (Firefox: "The input data is corrupted")
    unexpected = [p for p in engine_page.problems() if not re.search(r"corrupt|damaged", p)]
    assert not unexpected


# ------------------------------------------------------- what an older engine lacks (Chromium)

NO_DECOMPRESSION = "delete globalThis.DecompressionStream;"


def test_without_decompression_stream_the_site_starts_cold(page, site_server):
    """The snapshot is stored gzipped: a worker without DecompressionStream starts cold."""

    def worker_without(route) -> None:
        response = route.fetch()  # its headers (type, CSP) kept
        body = response.text().replace('"use strict";', f'"use strict";\n{NO_DECOMPRESSION}', 1)
        route.fulfill(response=response, body=body)

    page.route("**/worker.js", worker_without)
    page.goto(site_server + "index.html")
    loaded = page.evaluate(LOAD)
    assert loaded["ok"], loaded
    assert loaded["runtime"]["snapshot"] is False
    assert "no DecompressionStream" in loaded["runtime"]["note"], loaded
    fill(page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(page, "start_nsaid")


def test_without_decompression_stream_the_file_says_so(browser, usb_copy):
    context = browser.new_context()
    problems: list[str] = []
    pg = engines.refuse_requests(context, lambda url: url.startswith(("file:", "blob:")), problems)
    pg.add_init_script(NO_DECOMPRESSION)
    pg.goto(usb_copy.as_uri())
    loaded = pg.evaluate(LOAD)
    assert not loaded["ok"]
    assert "no DecompressionStream" in loaded["error"], loaded
    pg.wait_for_selector(f'{ROOT_SELECTOR}[data-state="error"]')
    assert "no DecompressionStream" in pg.text_content(STATUS)
    assert pg.get_by_role("heading", name="References").first.is_visible()  # pages still read
    context.close()
    assert not problems


#: The runtime's files as a second load of the file gets them: name -> [size, first bytes].
FILES_AGAIN = """async () => {
  await window.sciaticaFlare.load(); /* the first load took the decoder's ArrayBuffers */
  const files = await window.guidelineCalculatorConfig.runtime.files();
  const out = {};
  for (const [name, buffer] of Object.entries(files)) {
    out[name] = [buffer.byteLength, Array.from(new Uint8Array(buffer, 0, 4))];
  }
  return out;
}"""


def test_a_second_load_of_the_file_reads_the_runtime_again(engine_page, usb_copy, built_site):
    """A retried load gets the runtime's bytes again, read from the decoder's Blobs on the
    page's thread (the first load's ArrayBuffers went to its worker), whole, in every engine
    (Chromium restarts a worker from them in tests/export)."""
    engine_page.goto(usb_copy.as_uri())
    files = engine_page.evaluate(FILES_AGAIN)
    calculator = built_site / "assets" / "calculator"
    for path, magic in (
        (next(calculator.glob("pyodide-*/pyodide.asm.wasm")), b"\0asm"),
        (next(calculator.glob("*.whl")), b"PK\x03\x04"),
    ):
        size, head = files[path.name]
        assert (size, bytes(head)) == (path.stat().st_size, magic), path.name
    assert files[payload.SNAPSHOT_NAME][0] > 10_000_000  # the inflated snapshot


SUBMIT_SEARCH = "() => { document.querySelector('.export-search').requestSubmit(); }"


def test_search_in_the_file_finds_a_page_not_yet_shown_and_opens_it(engine_page, usb_copy):
    """The header's search box, from file://: a word of one compressed page only gives one
    result, announced; Enter moves to it; following it shows that page at the word's heading
    (the page's "Callouts" section), marked in the nav."""
    pg = engine_page
    pg.goto(usb_copy.as_uri())
    pg.wait_for_selector(".export-search:not([hidden]) #export-search-input", state="visible")
    assert pg.evaluate("() => document.getElementById('export-search-input').type") == "search"
    pg.fill("#export-search-input", "callouts")
    pg.evaluate(SUBMIT_SEARCH)
    pg.wait_for_selector('#export-search-results a[href="#callouts"]')
    assert pg.text("#export-search-status") == "1 page found."
    assert pg.evaluate("() => document.activeElement.getAttribute('href')") == "#callouts"
    pg.click('#export-search-results a[href="#callouts"]')
    pg.wait_for_selector("#page--authors:not([data-offline-page]) #callouts", state="visible")
    assert pg.evaluate("() => location.hash") == "#callouts"
    assert (
        pg.evaluate(
            "() => document.querySelector('.export-nav [aria-current=page]').getAttribute('href')"
        )
        == "#page--authors"
    )
    assert pg.evaluate(
        "() => [...document.querySelectorAll('.export-page')].filter(e => e.offsetParent)"
        ".map(e => e.id)"
    ) == ["page--authors"]
    pg.fill("#export-search-input", "zzzznotaword")
    pg.evaluate(SUBMIT_SEARCH)
    assert pg.text("#export-search-status") == "No page found."
