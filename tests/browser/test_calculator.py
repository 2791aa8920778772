"""The flare calculator in the article page, in headless Chromium over loopback HTTP.

Every test fails on a console error (page or worker), a page error, a CSP violation or a
request to another origin (fixtures in tests/conftest.py and tests/browser/conftest.py).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from calc_helpers import ROOT_SELECTOR, Answers, copy_note, fill, shown_step, wait_ready
from differential import cpython_answer, random_input

from sciatica_core import evaluate
from sciatica_core import rules_as_data as sciatica_core_rules

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
RESULT = f"{ROOT_SELECTOR} [data-result]"

#: One flow per step code, entered through the form, with the input the core should get.
FLOWS = {
    "urgent_evaluation": (
        Answers(red_flags=("cauda_equina_symptoms",)),
        {"red_flags": ["cauda_equina_symptoms"]},
    ),
    "exercise_first": (
        Answers(pain="3", duration=("10", "days"), limitation=True),
        {
            "red_flags": [],
            "pain_score": 3,
            "symptom_duration_days": 10,
            "functional_limitation": True,
        },
    ),
    "start_nsaid": (
        Answers(pain="6", duration=("2", "months"), limitation=True),
        {
            "red_flags": [],
            "pain_score": 6,
            "symptom_duration_days": 60,
            "functional_limitation": True,
        },
    ),
    "continue_nsaid": (
        Answers(
            pain="6", duration=("45", "days"), limitation=True, nsaid=("5", "days"),
            response="adequate",
        ),
        None,
    ),
    "add_duloxetine": (
        Answers(
            pain="7", duration=("6", "weeks"), limitation=True, nsaid=("5", "days"),
            response="inadequate",
        ),
        None,
    ),
    "continue_duloxetine": (
        Answers(
            pain="7", duration=("6", "weeks"), limitation=True, nsaid=("2", "weeks"),
            response="inadequate", duloxetine=("5", "days"),
        ),
        None,
    ),
    "reassess": (
        Answers(
            pain="7", duration=("3", "months"), limitation=True, nsaid=("1", "months"),
            response="none",
        ),
        None,
    ),
    "not_covered": (
        Answers(pain="6", duration=("2", "months"), limitation=True, tolerated=False),
        {
            "red_flags": [],
            "pain_score": 6,
            "symptom_duration_days": 60,
            "functional_limitation": True,
            "nsaid_tolerated": False,
        },
    ),
}  # fmt: skip


START_NSAID_INPUT = {
    "red_flags": [],
    "pain_score": 6,
    "symptom_duration_days": 60,
    "functional_limitation": True,
}


@pytest.mark.parametrize("step", list(FLOWS))
def test_form_flow_for_every_step(calc_page, step):
    answers, expected_input = FLOWS[step]
    fill(calc_page, answers)
    shown_step(calc_page, step)
    card = calc_page.locator(f'{RESULT} [data-step="{step}"]')
    assert card.count() == 1
    text = card.inner_text()
    if expected_input is not None:
        assert evaluate(expected_input)["title"] in text
    assert "Why this result" in text
    assert "2025-11-26" in text and "Algorithm version" in text
    # Citation links point into the page's reference list, which exists.
    for href in card.locator("a[data-ref]").evaluate_all("els => els.map(e => e.hash)"):
        assert re.fullmatch(r"#ref-[1-6]", href)
        assert calc_page.locator(href).count() == 1, f"no reference anchor {href}"
    if step == "urgent_evaluation":
        assert "URGENT" in text
        kicker = card.locator(".gc-kicker").text_content()
        assert kicker.startswith("URGENT") and kicker.lower().count("urgent") == 1, kicker
        assert "NSAID" not in text and "uloxetine" not in text  # no drug plan
    else:
        assert "URGENT" not in text
    urgent_style = card.evaluate("e => e.classList.contains('gc-step--urgent')")
    assert urgent_style == (step == "urgent_evaluation")
    if step == "not_covered":
        kicker = card.locator(".gc-kicker").text_content()
        assert kicker == "Not covered by the article's plan (article step 1)"
        assert card.evaluate("e => e.classList.contains('gc-step--not-covered')")
        assert "Guideline gap" in text


def test_every_step_code_has_a_flow():
    import sciatica_core

    steps = {rule["step"] for rule in sciatica_core.rules_as_data()["rules"] if rule.get("step")}
    assert steps == set(FLOWS)


def test_revealed_controls_follow_treatment(calc_page):
    assert calc_page.locator('input[name="response"]').first.is_hidden()
    calc_page.fill('input[name="nsaid_days"]', "4")
    calc_page.locator('input[name="response"]').first.wait_for(state="visible")
    assert calc_page.locator('input[name="duloxetine_days"]').is_visible()


def test_unanswered_red_flag_screen_gives_no_plan(calc_page):
    fill(calc_page, Answers(red_flags=None, pain="6", duration=("2", "months"), limitation=True))
    calc_page.click(f'{ROOT_SELECTOR} button[type="submit"]')
    error = calc_page.locator("#gc-sciatica-flare--red_flags-error")
    error.wait_for(state="visible", timeout=60_000)
    assert "red-flag" in error.inner_text().lower()
    fieldset = calc_page.locator('fieldset[aria-describedby~="gc-sciatica-flare--red_flags-error"]')
    assert fieldset.count() == 1
    assert calc_page.locator(f"{ROOT_SELECTOR} [data-step]").count() == 0


def test_invalid_value_message_at_the_field_and_no_step(calc_page):
    fill(calc_page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(calc_page, "start_nsaid")
    calc_page.fill('input[name="pain_score"]', "11")
    error = calc_page.locator("#gc-sciatica-flare--pain_score-error")
    error.wait_for(state="visible", timeout=60_000)
    assert error.inner_text() == core_message({**START_NSAID_INPUT, "pain_score": 11}, "pain_score")
    pain = calc_page.locator('input[name="pain_score"]')
    assert pain.get_attribute("aria-invalid") == "true"
    assert "gc-sciatica-flare--pain_score-error" in pain.get_attribute("aria-describedby").split()
    assert calc_page.locator(f"{ROOT_SELECTOR} [data-step]").count() == 0
    # Half a week is not a whole number of days: an error, never a silent rounding.
    calc_page.fill('input[name="pain_score"]', "6")
    calc_page.select_option('select[name="symptom_duration_days_unit"]', "weeks")
    calc_page.fill('input[name="symptom_duration_days"]', "1.5")
    calc_page.locator("#gc-sciatica-flare--symptom_duration_days-error").wait_for(state="visible")
    assert calc_page.locator(f"{ROOT_SELECTOR} [data-step]").count() == 0


def test_guideline_gap_is_shown_as_a_gap(calc_page):
    fill(calc_page, Answers(pain="4", duration=("2", "months"), limitation=True))
    shown_step(calc_page, "exercise_first")
    gap = calc_page.locator(f'{RESULT} [data-note="guideline_gap"]')
    assert gap.count() >= 1
    assert "Guideline gap" in gap.first.inner_text()


def test_api_evaluate_and_rejection(calc_page):
    result = calc_page.evaluate(
        "sciaticaFlare.evaluate({red_flags: [], pain_score: 6, symptom_duration_days: 45,"
        " functional_limitation: true})"
    )
    assert result == json.loads(
        json.dumps(
            evaluate(
                {
                    "red_flags": [],
                    "pain_score": 6,
                    "symptom_duration_days": 45,
                    "functional_limitation": True,
                }
            )
        )
    )
    rejected = calc_page.evaluate(
        "sciaticaFlare.evaluate({pain_score: '6'}).then(() => null, (e) => e)"
    )
    assert set(rejected) == {"errors"}
    assert {e["field"] for e in rejected["errors"]} >= {"red_flags", "pain_score"}
    assert calc_page.evaluate("sciaticaFlare.evaluate(42).then(() => null, (e) => e)")["errors"]


def test_guideline_calculators_hook_is_the_same_object_as_the_legacy_global(calc_page):
    """docs/authoring.md, "In the browser": the calculator is reachable by its name, and
    window.sciaticaFlare (the name its spec declares as legacy_global) is that same object."""
    hook = "window.guidelineCalculators['sciatica-flare']"
    assert calc_page.evaluate(f"{hook} === window.sciaticaFlare")
    assert calc_page.evaluate("Object.keys(window.guidelineCalculators)") == ["sciatica-flare"]
    assert calc_page.evaluate(f"[typeof {hook}.load, typeof {hook}.evaluate]") == [
        "function",
        "function",
    ]
    calc_page.evaluate(f"{hook}.load()")
    urgent = {"red_flags": ["cauda_equina_symptoms"]}
    assert calc_page.evaluate(f"(input) => {hook}.evaluate(input)", urgent) == json.loads(
        json.dumps(evaluate(urgent))
    )


#: JSON texts the core's own evaluate_json answers in a particular way: a field given twice,
#: NaN and ±Infinity (which Python's json would otherwise read), a huge integer, not an object.
BOUNDARY_TEXTS = [
    '{"red_flags": [], "red_flags": ["cauda_equina_symptoms"]}',
    '{"red_flags": ["cauda_equina_symptoms"], "pain_score": NaN}',
    '{"red_flags": [], "pain_score": 6, "symptom_duration_days": Infinity,'
    ' "functional_limitation": true}',
    '{"red_flags": [], "pain_score": 6, "symptom_duration_days": 45,'
    ' "functional_limitation": true, "nsaid_days": -Infinity}',
    '{"red_flags": [], "pain_score": ' + "9" * 400 + "}",
    "[1, 2]",
    '{"red_flags": [], "pain_score": 6, "symptom_duration_days": 45,'
    ' "functional_limitation": true}',
]


def test_the_worker_answers_with_the_cores_own_evaluate_json(calc_page):
    """Issue 10, one JSON boundary: the page's JSON text reaches the core's evaluate_json,
    whose answer comes back as it is, the same text as CPython's for the same input."""
    from sciatica_core import evaluate_json

    texts = calc_page.evaluate(
        """(texts) => Promise.all(texts.map((text) =>
             window.guidelineCalculators['sciatica-flare'].evaluateJSON(text)))""",
        BOUNDARY_TEXTS,
    )
    assert texts == [evaluate_json(text) for text in BOUNDARY_TEXTS]
    duplicate = json.loads(texts[0])["errors"]
    assert [error["field"] for error in duplicate] == ["red_flags"]


def test_nan_and_infinity_through_the_page_api_are_rejected_as_in_cpython(calc_page):
    """evaluate(input) writes NaN and ±Infinity as Python's json tokens (not null, which
    would mean "not given"), so the page rejects them exactly as CPython's evaluate_json."""
    from sciatica_core import evaluate_json

    cases = {
        "NaN": '{"red_flags": ["cauda_equina_symptoms"], "pain_score": NaN}',
        "Infinity": '{"red_flags": [], "pain_score": 6, "symptom_duration_days": Infinity,'
        ' "functional_limitation": true}',
    }
    page_inputs = {
        "NaN": "{red_flags: ['cauda_equina_symptoms'], pain_score: NaN}",
        "Infinity": "{red_flags: [], pain_score: 6, symptom_duration_days: Infinity,"
        " functional_limitation: true}",
    }
    for name, text in cases.items():
        rejected = calc_page.evaluate(
            f"sciaticaFlare.evaluate({page_inputs[name]}).then(() => null, (e) => e)"
        )
        assert rejected == json.loads(evaluate_json(text)), name
        assert rejected["errors"], name


def test_restore_from_url_hash(page, site_server):
    query = (
        "red_flags_none=true&pain_score=6&symptom_duration_days=2"
        "&symptom_duration_days_unit=months&functional_limitation=true"
    )
    page.goto(f"{site_server}index.html#sciatica-flare?{query}")
    shown_step(page, "start_nsaid")
    assert page.input_value('input[name="pain_score"]') == "6"
    assert page.input_value('select[name="symptom_duration_days_unit"]') == "months"
    assert page.is_checked('input[name="red_flags_none"]')
    assert page.evaluate("location.hash") == f"#sciatica-flare?{query}"  # kept as given
    # Editing keeps the hash in step with the form.
    page.fill('input[name="pain_score"]', "3")
    shown_step(page, "exercise_first")
    page.wait_for_function("() => location.hash.includes('pain_score=3')")


def test_citation_click_keeps_the_inputs_in_the_hash(calc_page):
    fill(calc_page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(calc_page, "start_nsaid")
    calc_page.wait_for_function("() => location.hash.includes('pain_score=6')")
    link = calc_page.locator(f"{RESULT} a[data-ref]").first
    target = link.evaluate("a => a.hash")
    link.click()
    assert "pain_score=6" in calc_page.evaluate("location.hash")
    assert calc_page.evaluate("document.activeElement.id") == target[1:]


def test_copy_to_note_text(calc_page):
    fill(calc_page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(calc_page, "start_nsaid")
    note = copy_note(calc_page)
    text = note.input_value()
    expected = evaluate(
        {
            "red_flags": [],
            "pain_score": 6,
            "symptom_duration_days": 60,
            "functional_limitation": True,
        }
    )
    # Issue 25 item 4: the inputs one line per group of the form, the headline, its actions
    # with their citation numbers, the stamp and the link: no step code, rule ids or
    # reference list (those stay in "Why this result" and the page).
    lines = text.splitlines()
    assert lines[:5] == [
        "Sciatica flare calculator. Inputs:",
        "- Red flags: none of these three",
        "- Pain: 6/10; Duration of current pain: 60 days; Limits function: yes",
        "- NSAIDs for this flare: not started",
        "- NSAIDs tolerated: not answered (assumed: Yes, tolerated)",
    ]
    assert f"Result: Start NSAIDs (article step 1) — {expected['title']}" in lines
    assert "Actions:" in lines
    for action in expected["actions"]:
        cited = f" [{', '.join(map(str, action['refs']))}]" if action["refs"] else ""
        assert f"- {action['text']}{cited}" in lines
    assert lines[-1].startswith(f"Algorithm version {expected['algorithm_version']} (article “")
    assert "last updated 2025-11-26, review status: Under Review)" in lines[-1]  # the badge's words
    assert lines[-1].endswith(calc_page.evaluate("location.href"))
    assert len(lines) <= 12
    assert "(code " not in text and "Rules applied" not in text and "References:" not in text
    assert "<" not in text  # plain text, no markup


def test_copied_note_for_not_covered_names_the_step_and_no_drug_instruction(calc_page):
    """Issue 8: the copied note gives the step's label (issue 25 item 4: with the headline,
    no longer its code), and nothing in it tells the reader to stop or not to start NSAIDs."""
    fill(calc_page, FLOWS["not_covered"][0])
    shown_step(calc_page, "not_covered")
    text = copy_note(calc_page).input_value()
    assert "\nResult: Not covered by the article's plan (article step 1) — " in text
    assert "not_covered" not in text.split("\n", 1)[1].rsplit("\n", 1)[0]  # no code
    assert "- Continue home exercise program throughout treatment [1, 2]" in text
    assert "Guideline gap (no rule in the article): " in text
    assert not re.search(r"\b(stop|do not start)\b", text, re.IGNORECASE)


def test_copied_note_for_urgent_result_lists_only_what_was_answered(calc_page):
    """Issue 8: an urgent result's note lists the red flags and the answers given, not the
    defaults of untouched questions ("NSAIDs: not started", "NSAIDs tolerated: yes")."""
    fill(calc_page, Answers(red_flags=("cauda_equina_symptoms",), pain="8"))
    shown_step(calc_page, "urgent_evaluation")
    text = copy_note(calc_page).input_value()
    inputs = text.split("Inputs:\n", 1)[1].split("\nResult:", 1)[0]
    assert inputs.splitlines() == [
        "- Red flags: Cauda equina symptoms (bowel/bladder dysfunction, saddle anesthesia)",
        "- Pain: 8/10",
    ]
    assert "\nDo now:\n" in text  # the urgent step's actions, under its urgent label


def test_unparseable_number_says_not_a_number(calc_page):
    """Issue 8: text that is not a number shows "what was typed is not a number" at its
    field, never the core's echo of a placeholder ("(got '(not a number)')")."""
    fill(calc_page, Answers(red_flags=(), duration=("40", "days"), limitation=True))
    calc_page.type('input[name="pain_score"]', "1e")
    calc_page.click(f"{ROOT_SELECTOR} button[type=submit]")
    error = calc_page.locator('[data-error-for="pain_score"]')
    error.wait_for(state="visible")
    assert (
        error.inner_text()
        == "Pain now, 0\u201310 numeric rating scale: what was typed is not a number."
    )
    assert calc_page.locator(f"{RESULT} [data-step]").count() == 0


def test_red_flag_screen_says_it_lists_the_articles_three_only(calc_page):
    """Issue 8: "None of these" answers the article's three red flags, and the screen says so."""
    hint = calc_page.locator("#gc-sciatica-flare--red_flags-hint").inner_text()
    assert "three red flags" in hint and "only those" in hint
    assert (
        calc_page.locator('label[for="gc-sciatica-flare--red_flags-none"]').inner_text()
        == "None of these three"
    )
    screen = calc_page.locator('fieldset.gc-checklist:has(input[name="red_flags"])')
    described = screen.get_attribute("aria-describedby")
    assert "gc-sciatica-flare--red_flags-hint" in described.split()


def test_version_stamp_links_to_the_changelog_entry(calc_page, site_server):
    """Issue 8: every result's version stamp links to its entry of the algorithm changelog."""
    fill(calc_page, FLOWS["reassess"][0])
    shown_step(calc_page, "reassess")
    stamp = calc_page.locator(f"{RESULT} [data-changelog-stamp]")
    version = calc_page.evaluate(
        "window.sciaticaFlare.evaluate({red_flags: ['cauda_equina_symptoms']})"
    )["algorithm_version"]
    assert stamp.inner_text() == f"Algorithm version {version}"
    href = stamp.get_attribute("href")
    assert href == f"changelog.html#version-{version.split('+')[0]}"
    stamp.click()
    calc_page.wait_for_url(f"**/changelog.html#version-{version.split('+')[0]}")
    assert calc_page.locator(f"#version-{version.split('+')[0]}").count() == 1


def test_result_citation_tooltips_flag_old_sources(calc_page):
    """Issue 8: a result's citation of [5] (2010) says in its tooltip that the source is older
    than 10 years at the article's last update; [2] (2025) does not."""
    fill(calc_page, FLOWS["reassess"][0])
    shown_step(calc_page, "reassess")
    titles = calc_page.locator(f"{RESULT} a[data-ref]").evaluate_all(
        "els => els.map(e => [e.dataset.ref, e.title])"
    )
    by_ref = dict(titles)
    assert "Older than 10 years" in by_ref["5"] and "2010" in by_ref["5"]
    assert "Older than" not in by_ref["2"] and "2025" in by_ref["2"]


def core_message(data: dict, field: str) -> str:
    """The core's (CPython) message for ``field`` on ``data``."""
    errors = cpython_answer(data)["errors"]
    return " ".join(e["message"] for e in errors if e["field"] == field)


def test_differential_page_against_cpython(calc_page):
    rng = random.Random(20251126)
    inputs = [random_input(rng) for _ in range(1200)]
    wait_ready(calc_page)
    in_page = calc_page.evaluate(
        """(inputs) => Promise.all(inputs.map((input) => sciaticaFlare.evaluate(input).then(
             (result) => ({result}), (e) => ({errors: e.errors}))))""",
        inputs,
    )
    expected = [cpython_answer(data) for data in inputs]
    mismatches = [
        (data, got, want)
        for data, got, want in zip(inputs, in_page, expected, strict=True)
        if got != want
    ]
    assert not mismatches, mismatches[:3]
    steps = {a["result"]["step"] for a in expected if "result" in a}
    assert len(steps) == 8, steps  # every step code is exercised
    assert sum("errors" in a for a in expected) >= 100


def test_runtime_load_failure_is_visible_with_retry(page, site_server, page_problems):
    page.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(site_server + "index.html")
    error = page.evaluate("sciaticaFlare.load().then(() => null, (e) => String(e.message))")
    assert error and "pyodide.asm.wasm" in error and "404" in error
    root = page.locator(ROOT_SELECTOR)
    assert root.get_attribute("data-state") == "error"
    assert page.locator("[data-load-error]").is_visible()
    assert "404" in page.locator("[data-status-detail]").inner_text()
    # The evaluate API rejects too, and the form shows no step.
    assert page.evaluate("sciaticaFlare.evaluate({red_flags: []}).then(() => 'ok', () => 'no')")
    # Retry after the file is back.
    page.unroute("**/pyodide.asm.wasm")
    page.click("[data-retry]")
    page.wait_for_selector(f'{ROOT_SELECTOR}[data-state="ready"]', timeout=60_000)
    assert page.locator("[data-load-error]").is_hidden()
    # The 404s were expected: drop exactly those console errors.
    page_problems[:] = [p for p in page_problems if "404" not in p]


def test_a_form_edit_when_the_runtime_cannot_load_says_why_in_the_result_box(
    page, site_server, page_problems
):
    page.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(site_server + "index.html")
    fill(page, Answers(pain="6"))  # the edit starts the load, which fails; then the update
    placeholder = page.locator("[data-result] .gc-placeholder")
    placeholder.filter(has_text="not available").wait_for(timeout=60_000)
    text = placeholder.inner_text()
    # The load's own error (the file and its status), not only "not available".
    assert text.startswith("No result: the calculator is not available ("), text
    assert "pyodide.asm.wasm" in text and "404" in text, text
    page_problems[:] = [p for p in page_problems if "404" not in p]


#: Keeps a handle on the calculator's worker (the injectable createWorker hook).
KEEP_WORKER = """
window.guidelineCalculatorConfig = {
  createWorker() {
    const root = document.querySelector('[data-calculator="sciatica-flare"]');
    window.__calcWorker = new Worker(new URL(root.dataset.worker, document.baseURI).href);
    return window.__calcWorker;
  },
};
"""


def test_worker_crash_after_ready_fails_pending_calls_visibly_and_retry_recovers(page, site_server):
    page.add_init_script(KEEP_WORKER)
    page.goto(site_server + "index.html")
    wait_ready(page)
    # An error event from the worker right after a call is posted (its reply would be a
    # later task): the call rejects instead of hanging, and the page says so.
    outcome = page.evaluate(
        """async () => {
          const w = window.__calcWorker;
          const post = w.postMessage.bind(w);
          w.postMessage = (message) => {
            post(message);
            w.dispatchEvent(new ErrorEvent("error", {message: "out of memory", cancelable: true}));
          };
          const call = sciaticaFlare.evaluate({red_flags: []})
            .then(() => "resolved", (e) => String(e && e.message));
          const hung = new Promise((resolve) => setTimeout(() => resolve("never settled"), 20000));
          return Promise.race([call, hung]);
        }"""
    )
    assert "out of memory" in outcome
    assert page.locator(ROOT_SELECTOR).get_attribute("data-state") == "error"
    assert page.locator("[data-load-error]").is_visible()
    assert "stopped working" in page.locator("[data-status]").inner_text()
    page.click("[data-retry]")
    wait_ready(page)
    fill(page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(page, "start_nsaid")


def test_without_javascript_only_the_noscript_line_speaks_for_the_calculator(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(site_server + "index.html")
        calc = pg.locator(ROOT_SELECTOR)
        assert "needs JavaScript" in calc.inner_text()
        assert "loads in the background" not in calc.inner_text().lower()
        assert "No result yet" not in calc.inner_text()
        assert not pg.locator(f"{ROOT_SELECTOR} form").is_visible()
    finally:
        context.close()


def test_snapshot_missing_falls_back_to_cold_start(page, site_server, page_problems):
    page.route("**/snapshot-*.bin.gz", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(site_server + "index.html")
    wait_ready(page)
    assert "cold start" in page.locator("[data-status-detail]").inner_text()
    fill(page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(page, "start_nsaid")
    page_problems[:] = [p for p in page_problems if "404" not in p]


def test_corrupt_snapshot_falls_back_to_cold_start(page, site_server, page_problems):
    # Valid gzip of bytes that are not a snapshot of this build: restoring must fail and
    # the worker must start cold instead.
    import gzip

    body = gzip.compress(b"not a snapshot" * 1000)
    page.route("**/snapshot-*.bin.gz", lambda route: route.fulfill(status=200, body=body))
    page.goto(site_server + "index.html")
    wait_ready(page)
    assert "snapshot restore failed" in page.locator("[data-status-detail]").inner_text()
    fill(page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(page, "start_nsaid")
    # What Pyodide logs about the failed restore is expected here; nothing else is.
    page_problems[:] = [p for p in page_problems if "snapshot" not in p.lower()]


def test_snapshot_is_used(calc_page):
    wait_ready(calc_page)
    # The stylesheet arrives print-only (not render-blocking); the script turns it on.
    assert (
        calc_page.eval_on_selector("link[data-calculator-stylesheet]", "link => link.media")
        == "all"
    )
    assert (
        calc_page.eval_on_selector(".gc-calc", "el => getComputedStyle(el).borderTopStyle")
        == "solid"
    )
    assert "from a snapshot" in calc_page.locator("[data-status-detail]").inner_text()


@pytest.mark.parametrize("width", [320, 1280])
def test_nothing_under_the_pointer_moves_as_loading_starts_and_ends(page, site_server, width):
    """The first click on the form starts loading: had the status line grown then (the
    progress bar appearing, a longer text), the form would move between the press and the
    release, and the click would land on another control (seen in a test run)."""
    page.set_viewport_size({"width": width, "height": 800})
    page.add_init_script("window.guidelineCalculatorConfig = {autoload: false};")
    # Chromium's own measure too: any layout shift inside the calculator, however small (a
    # white-space text node in the status line moved by 3 px when the detail filled).
    page.add_init_script(
        """window.__calcShifts = [];
        new PerformanceObserver((list) => {
          const root = document.querySelector('[data-calculator]');
          for (const entry of list.getEntries()) {
            for (const source of entry.sources || []) {
              if (source.node && root && root.contains(source.node)) {
                window.__calcShifts.push([root.dataset.state, source.node.nodeName,
                  source.previousRect.y, source.currentRect.y]);
              }
            }
          }
        }).observe({type: 'layout-shift', buffered: true});"""
    )
    page.goto(site_server + "index.html")
    first = page.locator("#gc-sciatica-flare--red_flags-progressive_neurological_deficit")
    first.wait_for(state="visible")
    # Its place in the calculator's box (the page's scroll anchoring can hide a shift in
    # the viewport, depending on where the box is scrolled to).
    top = (
        "document.querySelector('#gc-sciatica-flare--red_flags-progressive_neurological_deficit').getBoundingClientRect().top"
        " - document.querySelector('[data-calculator]').getBoundingClientRect().top"
    )
    assert page.locator(ROOT_SELECTOR).get_attribute("data-state") == "idle"
    page.evaluate("document.querySelector('[data-calculator]').scrollIntoView()")  # reported
    idle = page.evaluate(top)
    tops = page.evaluate(
        f"""async () => {{
          const seen = [];
          const root = document.querySelector('[data-calculator]');
          const watch = new MutationObserver(() => seen.push([root.dataset.state, {top}]));
          watch.observe(root, {{subtree: true, childList: true, characterData: true,
                                attributes: true}});
          await sciaticaFlare.load();
          await new Promise((resolve) => requestAnimationFrame(resolve));
          watch.disconnect();
          seen.push(["after", {top}]);
          return seen;
        }}"""
    )
    states = {state for state, _ in tops}
    assert {"loading", "ready"} <= states, states
    moved = [(state, y) for state, y in tops if abs(y - idle) > 0.5]
    assert not moved, (idle, moved)
    page.evaluate("new Promise((resolve) => setTimeout(resolve, 100))")
    assert page.evaluate("window.__calcShifts") == []


def test_an_answer_for_an_earlier_state_of_the_form_is_never_shown(calc_page):
    """Choosing the duration's unit asks the core at once; typing the number a moment later
    must drop that answer, which was for a form without a duration. It used to be drawn for
    ~70 ms with the field now touched: "Duration of the current pain is required" appeared
    under the field just filled and moved every control below it by three lines, so that a
    click aimed at the next control landed elsewhere (the click that "did not take")."""
    page = calc_page
    wait_ready(page)
    page.fill('input[name="pain_score"]', "6")
    shown = page.evaluate(
        """async () => {
          const form = document.querySelector('[data-calculator] form');
          const shown = [];
          const watch = new MutationObserver(() => {
            for (const el of form.querySelectorAll('[data-error-for]')) {
              if (el.hidden || !el.textContent) continue;
              shown.push(`${el.dataset.errorFor}: ${el.textContent}`);
            }
          });
          watch.observe(form, {subtree: true, childList: true, characterData: true,
                               attributes: true});
          const unit = form.querySelector('select[name="symptom_duration_days_unit"]');
          unit.value = 'months';
          unit.dispatchEvent(new Event('change', {bubbles: true}));
          // The form's update for the unit runs first (its timer was set first): its call to
          // the worker is in flight when the number is typed.
          await new Promise((resolve) => setTimeout(resolve, 0));
          const days = form.querySelector('input[name="symptom_duration_days"]');
          days.value = '2';
          days.dispatchEvent(new Event('input', {bubbles: true}));
          await new Promise((resolve) => setTimeout(resolve, 1000));
          watch.disconnect();
          return shown;
        }"""
    )
    assert shown == []
    assert page.locator('[data-error-for="symptom_duration_days"]').is_hidden()


def test_loading_starts_when_the_calculator_is_scrolled_into_view(calc_page):
    assert calc_page.locator(ROOT_SELECTOR).get_attribute("data-state") == "idle"
    calc_page.locator(ROOT_SELECTOR).scroll_into_view_if_needed()
    calc_page.wait_for_selector(f'{ROOT_SELECTOR}[data-state="ready"]', timeout=60_000)


def test_keyboard_only(calc_page):
    wait_ready(calc_page)
    kb = calc_page.keyboard
    focused = "document.activeElement && (document.activeElement.id || '')"
    for _ in range(200):  # Tab from the top of the page to the red-flag screen
        kb.press("Tab")
        if (
            calc_page.evaluate(focused)
            == "gc-sciatica-flare--red_flags-progressive_neurological_deficit"
        ):
            break
    else:
        pytest.fail("Tab never reached the red-flag screen")
    for _ in range(3):
        kb.press("Tab")
    assert calc_page.evaluate(focused) == "gc-sciatica-flare--red_flags-none"
    kb.press("Space")
    kb.press("Tab")
    assert calc_page.evaluate(focused) == "gc-sciatica-flare--pain_score"
    kb.type("6")
    kb.press("Tab")
    kb.type("60")
    kb.press("Tab")  # the unit select: keep days
    kb.press("Tab")  # the functional-limitation radios
    assert calc_page.evaluate(focused) == "gc-sciatica-flare--functional_limitation-true"
    kb.press("Space")
    kb.press("Enter")  # submits the form
    shown_step(calc_page, "start_nsaid")
    copy = calc_page.locator(f"{RESULT} [data-copy-note]")
    copy.focus()
    kb.press("Enter")
    calc_page.locator("[data-note-text]").wait_for(state="visible")


def axe_serious(page, context: str) -> list:
    results = page.evaluate(
        '(c) => axe.run(c === "document" ? document : document.querySelector(c))', context
    )
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def axe_page(page, site_server):
    """The article page with axe-core injected (as an init script: no CSP exception) and
    a routine result showing, its rule trace open."""
    page.add_init_script(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    page.goto(site_server + "index.html")
    fill(page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(page, "start_nsaid")
    page.click(f"{RESULT} details.gc-why summary")
    return page


def test_axe_calculator_with_result(axe_page):
    assert not axe_serious(axe_page, ROOT_SELECTOR)


def test_axe_calculator_urgent_result(axe_page):
    axe_page.check('input[name="red_flags"][value="progressive_neurological_deficit"]')
    shown_step(axe_page, "urgent_evaluation")
    assert not axe_serious(axe_page, ROOT_SELECTOR)


def test_axe_whole_article_page_with_result(axe_page):
    assert not axe_serious(axe_page, "document")


#: The article's words behind a routine start_nsaid result (its rule's article_text).
START_NSAID_QUOTE = next(
    rule["article_text"]
    for rule in sciatica_core_rules()["rules"]
    if rule.get("step") == "start_nsaid"
)
WHY = f"{RESULT} details.gc-why"
#: Whether "Why this result" was open when the print began (a listener after the page's own).
RECORD_PRINT = """(selector) => {
  window.__whyOpenAtPrint = [];
  addEventListener("beforeprint", () => {
    window.__whyOpenAtPrint.push(document.querySelector(selector).open);
  });
}"""


def test_printing_opens_why_this_result_and_closes_it_after(calc_page):
    """A printout carries the rules and quotes behind the result: the closed "Why this
    result" opens on beforeprint (page.pdf() fires it in Chromium) and closes on afterprint;
    one the reader opened stays open."""
    fill(calc_page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(calc_page, "start_nsaid")
    why = calc_page.locator(WHY)
    assert not why.evaluate("d => d.open")
    calc_page.evaluate(RECORD_PRINT, WHY)
    calc_page.pdf()
    assert calc_page.evaluate("window.__whyOpenAtPrint") == [True]
    assert not why.evaluate("d => d.open")  # restored after printing
    calc_page.emulate_media(media="print")
    calc_page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert START_NSAID_QUOTE in why.inner_text()  # shown in print media
    calc_page.evaluate("dispatchEvent(new Event('afterprint'))")
    assert not why.evaluate("d => d.open")
    calc_page.emulate_media(media="screen")
    why.locator("summary").click()
    calc_page.evaluate("dispatchEvent(new Event('beforeprint'))")
    calc_page.evaluate("dispatchEvent(new Event('afterprint'))")
    assert why.evaluate("d => d.open")  # the reader's own choice is kept
