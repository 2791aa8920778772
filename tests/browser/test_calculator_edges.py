"""The calculator at its edges, as an outside reviewer and a clinician use it: boundaries
through the form, the JSON boundary of the page API, hostile and changing URL hashes, the
screen-reader announcement, the copied note, focus, print and a narrow screen.

Every test fails on a console error (page or worker), a page error, a CSP violation or a
request to another origin (fixtures in tests/conftest.py and tests/browser/conftest.py).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml
from calc_helpers import ROOT_SELECTOR, Answers, copy_note, fill, shown_step, wait_ready
from differential import cpython_answer
from test_calculator import FLOWS

from sciatica_core import evaluate, evaluate_json, rules_as_data

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
RESULT = f"{ROOT_SELECTOR} [data-result]"
STEP = f"{ROOT_SELECTOR} [data-step]"
ROUTINE = {"red_flags": [], "pain_score": 6, "symptom_duration_days": 45}


def page_answer(page, expression: str) -> dict:
    """``sciaticaFlare.evaluate(<expression>)`` in the page, as {result} or {errors}."""
    return page.evaluate(
        f"""() => sciaticaFlare.evaluate({expression}).then(
              (result) => ({{result}}),
              (e) => (e && e.errors ? {{errors: e.errors}} : {{other: String(e)}}))"""
    )


def field_errors(page) -> dict[str, str]:
    return page.evaluate(
        """(root) => Object.fromEntries([...document.querySelectorAll(
              `${root} [data-error-for]:not([hidden])`)].map((e) => [e.dataset.errorFor,
              e.textContent]))""",
        ROOT_SELECTOR,
    )


def wait_idle_form(page) -> None:
    """Wait until the form's pending evaluation has been answered (no timing assumed: the
    hash is written before the answer, so wait for the worker to answer a later call)."""
    page.evaluate("sciaticaFlare.evaluate({}).catch(() => null)")
    page.evaluate("sciaticaFlare.evaluate({}).catch(() => null)")


# ----------------------------------------------------------------- the page API's JSON


NON_FINITE = {
    "NaN": math.nan,
    "Infinity": math.inf,
    "-Infinity": -math.inf,
}


@pytest.mark.parametrize("token", list(NON_FINITE))
@pytest.mark.parametrize("field", ["pain_score", "nsaid_days", "duloxetine_days", None])
def test_api_non_finite_numbers_are_rejected_as_cpython_does(calc_page, token, field):
    # JSON.stringify wrote them as null, which the core reads as "not given": NSAID days
    # of Infinity gave a "start NSAIDs" plan instead of an error. The page writes Python's
    # json tokens instead, and the worker hands the text to the core's own evaluate_json
    # (issue 10: one JSON boundary), which rejects them: the page's answer is CPython's
    # evaluate_json answer for the same text (json.dumps writes the same tokens).
    data: dict = {**ROUTINE, "functional_limitation": True, "nsaid_days": 10}
    data["response"] = "none"
    if field is None:
        got = page_answer(calc_page, token)
        text = json.dumps(NON_FINITE[token])
    else:
        js = json.dumps({k: v for k, v in data.items() if k != field})[:-1]
        got = page_answer(calc_page, f"{js}, {field}: {token}}}")
        text = json.dumps(
            {**{k: v for k, v in data.items() if k != field}, field: NON_FINITE[token]}
        )
    assert token in text
    want = json.loads(evaluate_json(text))
    assert "errors" in want
    assert want["errors"][0]["message"].endswith(f"{token} is not a number JSON allows.")
    assert got == want


def test_api_bigint_and_unserializable_input(calc_page):
    # A BigInt is a whole number (exactly, however large); a cyclic object is bad input:
    # both answer as the contract says, never with a TypeError.
    got = page_answer(
        calc_page,
        "{red_flags: [], pain_score: 6n, symptom_duration_days: 45n,"
        " functional_limitation: true, nsaid_days: 100000000000000000000000n, response: 'none'}",
    )
    want = cpython_answer(
        {**ROUTINE, "functional_limitation": True, "nsaid_days": 10**23, "response": "none"}
    )
    assert got == want
    got = page_answer(
        calc_page,
        "{red_flags: [], pain_score: 6n, symptom_duration_days: 45n, functional_limitation: true}",
    )
    assert got == cpython_answer({**ROUTINE, "functional_limitation": True})
    cyclic = page_answer(calc_page, "(() => { const o = {red_flags: []}; o.o = o; return o; })()")
    assert set(cyclic) == {"errors"}
    assert cyclic["errors"][0]["field"] is None
    assert "\n" not in cyclic["errors"][0]["message"]


def test_state_goes_idle_loading_ready(page, site_server):
    page.add_init_script(
        """window.__states = [];
        new MutationObserver(() => {
          const root = document.querySelector('[data-calculator="sciatica-flare"]');
          if (root && window.__states.at(-1) !== root.dataset.state) {
            window.__states.push(root.dataset.state);
          }
        }).observe(document, {subtree: true, childList: true, attributes: true,
                              attributeFilter: ["data-state"]});"""
    )
    page.goto(site_server + "index.html")
    wait_ready(page)
    assert page.evaluate("window.__states") == ["idle", "loading", "ready"]
    assert page.evaluate("sciaticaFlare.load()") is None  # settles again, with no value


# ----------------------------------------------------------------- day counts and units


@pytest.mark.parametrize(
    ("number", "unit", "days"),
    [
        ("29", "days", 29),
        ("30", "days", 30),
        ("31", "days", 31),
        ("1", "months", 30),
        ("1.5", "months", 45),
        ("0.1", "months", 3),
        ("4", "weeks", 28),
        ("4.5", "weeks", 31.5),
        # 30.0000001 days: was rounded to 30 in the page (a guideline-gap result) instead
        # of being an error at the field.
        ("4.2857143", "weeks", 30.0000001),
        ("1.00000001", "weeks", 7.00000007),
        ("99999999999999999999999", "days", 99999999999999999999999),
    ],
)
def test_duration_units_are_exact_through_the_form(calc_page, number, unit, days):
    fill(calc_page, Answers(pain="6", duration=(number, unit), limitation=True))
    want = cpython_answer({**ROUTINE, "symptom_duration_days": days, "functional_limitation": True})
    hint = calc_page.locator('[data-days-total-for="symptom_duration_days"]')
    if "errors" in want:
        calc_page.locator("#gc-sciatica-flare--symptom_duration_days-error").wait_for(
            state="visible"
        )
        want_field = {e["field"]: e["message"] for e in want["errors"]}
        assert field_errors(calc_page) == want_field
        assert calc_page.locator(STEP).count() == 0
        assert calc_page.input_value('input[name="symptom_duration_days"]') == number
        if unit != "days":
            assert "not a whole number of days" in hint.inner_text()
    else:
        shown_step(calc_page, want["result"]["step"])
        assert calc_page.locator(f"{RESULT} .gc-title").inner_text() == want["result"]["title"]
        if unit != "days":
            assert hint.inner_text() == f"({number} {unit} = {days} days)"
        else:
            assert hint.is_hidden()


def test_fixing_a_bad_value_clears_its_message(calc_page):
    fill(calc_page, Answers(pain="6", duration=("4.5", "weeks"), limitation=True))
    calc_page.locator("#gc-sciatica-flare--symptom_duration_days-error").wait_for(state="visible")
    box = calc_page.locator('input[name="symptom_duration_days"]')
    assert box.get_attribute("aria-invalid") == "true"
    calc_page.fill('input[name="symptom_duration_days"]', "4")  # 28 days
    shown_step(calc_page, "exercise_first")
    assert calc_page.locator("#gc-sciatica-flare--symptom_duration_days-error").is_hidden()
    assert box.get_attribute("aria-invalid") is None


# ----------------------------------------------------------------- the URL hash

PAGE = "index.html#sciatica-flare?"
START_NSAID_HASH = (
    "red_flags_none=true&pain_score=6&symptom_duration_days=2"
    "&symptom_duration_days_unit=months&functional_limitation=true"
)
EXERCISE_HASH = (
    "red_flags_none=true&pain_score=3&symptom_duration_days=10&functional_limitation=true"
)


def test_hash_with_an_unknown_unit_never_drops_the_value(page, site_server):
    """ "10 years" of NSAIDs is neither 10 days nor "not started": the field is named as
    wrong and no step is shown. (Earlier builds read it as null, "start NSAIDs", and then
    as 10 days; both are another quantity than the link's.)"""
    page.goto(
        f"{site_server}{PAGE}{START_NSAID_HASH}&nsaid_days=10&nsaid_days_unit=years&response=none"
    )
    assert "“years”" in error_at(page, "nsaid_days")
    wait_idle_form(page)
    assert no_step_shown(page)
    assert page.input_value('input[name="nsaid_days"]') == "10"


def test_hash_with_a_red_flag_and_none_of_these(page, site_server):
    page.goto(f"{site_server}{PAGE}red_flags=cauda_equina_symptoms&red_flags_none=true")
    shown_step(page, "urgent_evaluation")
    assert page.is_checked('input[name="red_flags"][value="cauda_equina_symptoms"]')
    assert not page.is_checked('input[name="red_flags_none"]')


@pytest.mark.parametrize(
    "fragment",
    [
        "#<script>window.__owned=1</script>",
        "#sciatica-flare?<script>window.__owned=1</script>",
        "#sciatica-flare?pain_score=<img src=x onerror=window.__owned=1>&red_flags_none=true",
        "#sciatica-flare?red_flags=<b>x</b>&symptom_duration_days_unit=<i>&response=%3Cb%3E",
        "#sciatica-flare?%E0%A4%A&pain_score=%&&=&==&red_flags",
        "#sciatica-flare?constructor=1&__proto__=1&x%22%5D=1&red_flags_none=true",
        "#sciatica-flare?red_flags_none=true&pain_score=1e400&symptom_duration_days=9e99999"
        "&nsaid_days=-99999999999999999999&response=none&functional_limitation=maybe",
        "#sciatica-flare?" + "pain_score=7&" * 2000,
    ],
)
def test_hostile_hash_injects_nothing(page, site_server, fragment):
    page.goto(site_server + "index.html")
    markup = page.evaluate("document.querySelectorAll('script, img, b, i').length")
    page.goto(site_server + "index.html" + fragment)
    wait_ready(page)
    wait_idle_form(page)
    assert page.evaluate("window.__owned") is None
    assert page.evaluate("document.querySelectorAll('script, img, b, i').length") == markup
    assert page.locator(f"{ROOT_SELECTOR} form").is_visible()
    for select in ("symptom_duration_days_unit", "nsaid_days_unit", "duloxetine_days_unit"):
        assert page.input_value(f'select[name="{select}"]') in ("days", "weeks", "months")


def test_hash_follows_back_and_forward(page, site_server):
    page.goto(f"{site_server}{PAGE}{START_NSAID_HASH}")
    shown_step(page, "start_nsaid")
    # A calculator link opened in the same page (a new history entry).
    page.evaluate(f"location.hash = 'sciatica-flare?{EXERCISE_HASH}'")
    shown_step(page, "exercise_first")
    assert page.input_value('input[name="pain_score"]') == "3"
    assert page.input_value('select[name="symptom_duration_days_unit"]') == "days"
    page.go_back()
    shown_step(page, "start_nsaid")
    assert page.input_value('input[name="pain_score"]') == "6"
    assert page.input_value('select[name="symptom_duration_days_unit"]') == "months"
    page.go_forward()
    shown_step(page, "exercise_first")
    assert page.input_value('input[name="symptom_duration_days"]') == "10"
    # Another hash (a reference) leaves the inputs alone.
    page.evaluate("location.hash = 'ref-2'")
    page.go_back()
    page.wait_for_function("() => location.hash.includes('pain_score=3')")
    assert page.input_value('input[name="pain_score"]') == "3"
    shown_step(page, "exercise_first")


# ----------------------------------------------------------------- screen reader


def test_result_is_announced_once_in_one_line(calc_page):
    calc_page.evaluate(
        """() => {
          const live = document.querySelector('[data-announce]');
          window.__said = [];
          new MutationObserver(() => window.__said.push(live.textContent))
            .observe(live, {childList: true, characterData: true, subtree: true});
        }"""
    )
    assert calc_page.locator(f"{RESULT}[aria-live]").count() == 0  # not the whole card
    fill(calc_page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(calc_page, "start_nsaid")
    card = calc_page.locator(STEP).element_handle()
    calc_page.click(f"{RESULT} details.gc-why summary")
    # Inputs that give the same result: no new announcement, the same card, still open.
    for pain in ("7", "8", "9"):
        calc_page.fill('input[name="pain_score"]', pain)
        calc_page.wait_for_function(f"() => location.hash.includes('pain_score={pain}')")
    wait_idle_form(calc_page)
    assert card.evaluate("c => c.isConnected && c.querySelector('details').open")
    title = evaluate({**ROUTINE, "symptom_duration_days": 60, "functional_limitation": True})
    said = calc_page.evaluate("window.__said")
    assert said[-1].endswith(title["title"]) and said.count(said[-1]) == 1
    calc_page.fill('input[name="pain_score"]', "3")
    shown_step(calc_page, "exercise_first")
    calc_page.wait_for_function("() => window.__said.at(-1).includes('home exercise')")
    live = calc_page.locator("[data-announce]")
    assert live.get_attribute("role") == "status"
    assert "Avoid" not in live.inner_text()  # one line, not the card


# ----------------------------------------------------------------- copy to note


def test_copy_to_note_for_every_step(calc_page):
    """Issue 25 item 4: every step's note gives its headline (the step's label and title),
    the notes that qualify it and its actions (the first section shown: "Actions", an urgent
    step's "Do now") with their citation numbers as shown, and the version stamp; no step code,
    rule ids or reference list."""
    for step, (answers, _) in FLOWS.items():
        calc_page.click(f'{ROOT_SELECTOR} button[type="reset"]')
        calc_page.locator(f"{RESULT} .gc-placeholder").wait_for()
        fill(calc_page, answers)
        shown_step(calc_page, step)
        note = copy_note(calc_page)
        text = note.input_value()
        card = calc_page.locator(STEP)
        lines = text.splitlines()
        kicker = card.locator(".gc-kicker").inner_text()
        title = card.locator(".gc-title").inner_text()
        assert f"Result: {kicker} — {title}" in lines, text
        first = card.locator(".gc-section").first
        heading = first.locator("h4").inner_text()
        assert f"{heading}:" in lines, text
        # Every item of the first section with its citation numbers, as shown.
        for item in first.locator("ul > li").all_inner_texts():
            assert f"- {item.strip()}" in lines, (item, text)
        for gap in card.locator('[data-note="guideline_gap"]').all_inner_texts():
            assert (
                gap.replace("Guideline gap (the article gives no rule; not advice): ", "") in text
            )
            assert "Guideline gap (no rule in the article): " in text
        assert lines[-1].startswith("Algorithm version 2+") and "last updated 2025-11-26" in text
        assert f"(code {step})" not in text and "Rules applied" not in text
        assert "References:" not in text and "Older than 10 years" not in text
        assert lines[1].startswith("- Red flags: ")


def test_copied_note_goes_when_the_inputs_change(calc_page):
    fill(calc_page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(calc_page, "start_nsaid")
    box = copy_note(calc_page)
    # A changed input with the same step: the old note (pain 6/10) must not stay.
    calc_page.fill('input[name="pain_score"]', "7")
    box.wait_for(state="hidden")
    copy_note(calc_page)
    assert "- Pain: 7/10" in box.input_value()
    calc_page.fill('input[name="pain_score"]', "3")
    box.wait_for(state="hidden")
    shown_step(calc_page, "exercise_first")
    copy_note(calc_page)
    calc_page.click(f'{ROOT_SELECTOR} button[type="reset"]')
    box.wait_for(state="hidden")


# ----------------------------------------------------------------- citations


def test_citation_links_reach_the_right_reference(calc_page):
    refs = yaml.safe_load((ROOT / "docs" / "references.yml").read_text(encoding="utf-8"))
    fill(calc_page, Answers(pain="7", duration=("3", "months"), limitation=True,
                            nsaid=("1", "months"), response="none"))  # fmt: skip
    shown_step(calc_page, "reassess")
    links = calc_page.locator(f"{RESULT} a[data-ref]")
    numbers = sorted({int(n) for n in links.evaluate_all("ls => ls.map(l => l.dataset.ref)")})
    assert numbers == [1, 2, 3, 4, 5, 6]
    for n in numbers:
        link = calc_page.locator(f'{RESULT} .gc-section a[data-ref="{n}"]').first
        link.click()
        focused = calc_page.evaluate(
            "({id: document.activeElement.id, value: document.activeElement.value,"
            " text: document.activeElement.textContent})"
        )
        assert focused["id"] == f"ref-{n}" and focused["value"] == n
        assert refs[n - 1]["title"] in focused["text"]


# ----------------------------------------------------------------- keyboard, print, mobile


def test_focus_is_visible_on_every_control(calc_page):
    wait_ready(calc_page)
    fill(calc_page, Answers(pain="6", duration=("2", "months"), limitation=True,
                            nsaid=("5", "days")))  # fmt: skip
    calc_page.focus("#gc-sciatica-flare--red_flags-progressive_neurological_deficit")
    calc_page.keyboard.press("Shift+Tab")  # from here on the focus moves by keyboard
    calc_page.keyboard.press("Tab")
    seen = []
    for _ in range(30):
        info = calc_page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                 return {id: e.id || e.textContent.trim(), inCalc: !!e.closest('.gc-calc'),
                         visible: e.matches(':focus-visible') && s.outlineStyle !== 'none'
                                  && parseFloat(s.outlineWidth) >= 2}; }"""
        )
        if not info["inCalc"]:
            break
        seen.append(info)
        calc_page.keyboard.press("Tab")
    ids = [s["id"] for s in seen]
    assert (
        "gc-sciatica-flare--pain_score" in ids
        and "gc-sciatica-flare--response-adequate" in ids
        and "Show result" in ids
    )
    assert [s["id"] for s in seen if not s["visible"]] == []


def test_print_keeps_the_result_and_drops_the_controls(calc_page):
    fill(calc_page, Answers(red_flags=("cauda_equina_symptoms",)))
    shown_step(calc_page, "urgent_evaluation")
    copy_note(calc_page)
    calc_page.emulate_media(media="print")
    for selector in (".gc-status-line", ".gc-buttons", "[data-copy-note]", ".gc-note-box"):
        assert calc_page.locator(f"{ROOT_SELECTOR} {selector}").is_hidden(), selector
    kicker = calc_page.locator(f"{RESULT} .gc-kicker")
    assert kicker.is_visible() and "URGENT" in kicker.inner_text()
    # Browsers print without backgrounds by default: white text on the red label vanished.
    style = kicker.evaluate(
        "k => { const s = getComputedStyle(k); return [s.color, s.printColorAdjust]; }"
    )
    assert style[0] != "rgb(255, 255, 255)" or style[1] == "exact"
    assert calc_page.locator(f"{RESULT} .gc-title").is_visible()
    assert calc_page.locator(f'{ROOT_SELECTOR} input[name="red_flags"]').first.is_visible()


def test_narrow_screen_has_no_horizontal_overflow(browser, site_server, page_problems):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.on("pageerror", lambda exc: page_problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda m: page_problems.append(f"console error: {m.text}") if m.type == "error" else None,
    )
    try:
        page.goto(f"{site_server}{PAGE}{START_NSAID_HASH}&nsaid_days=14&response=inadequate"
                  "&duloxetine_days=3")  # fmt: skip
        shown_step(page, "continue_duloxetine")
        page.click(f"{RESULT} details.gc-why summary")
        copy_note(page)
        widths = page.evaluate(
            """() => ({doc: document.documentElement.scrollWidth,
                       view: document.documentElement.clientWidth,
                       calc: [...document.querySelectorAll('.gc-calc, .gc-calc *')]
                         .filter((e) => e.getBoundingClientRect().right
                                        > document.documentElement.clientWidth + 0.5)
                         .map((e) => e.tagName + '.' + e.className)})"""
        )
        assert widths["doc"] <= widths["view"] and widths["calc"] == [], widths
    finally:
        context.close()


def test_choosing_a_unit_first_shows_no_message_and_moves_nothing(calc_page):
    """Choosing weeks before typing the number is not an answer yet: no "required" message
    appears at the field (it would push the controls below it down under the pointer)."""
    wait_ready(calc_page)
    calc_page.check('input[name="red_flags_none"]')
    radio = 'input[name="functional_limitation"][value="true"]'
    before = calc_page.locator(radio).bounding_box()
    calc_page.select_option('select[name="symptom_duration_days_unit"]', "weeks")
    calc_page.wait_for_timeout(400)  # past the update's debounce
    assert calc_page.locator('[data-error-for="symptom_duration_days"]').is_hidden()
    assert calc_page.locator(radio).bounding_box() == before
    # pressing "Show result" still names the missing number at its field
    calc_page.click(f"{ROOT_SELECTOR} button[type=submit]")
    calc_page.locator('[data-error-for="symptom_duration_days"]').wait_for(state="visible")


# ----------------------------------------------------------------- why this result

WHY_CASES = {
    "red flag": "red_flags=cauda_equina_symptoms",
    "duloxetine after a week": (
        "red_flags_none=true&pain_score=6&symptom_duration_days=2"
        "&symptom_duration_days_unit=months&functional_limitation=true"
        "&nsaid_days=10&response=inadequate&duloxetine_days=8"
    ),
}


@pytest.mark.parametrize("query", WHY_CASES.values(), ids=WHY_CASES.keys())
def test_why_this_result_quotes_each_rules_article_text_never_a_gaps_own_words(
    page, site_server, query
):
    """The fidelity rules (README, "The core and its contract"):
    a rule's ``article_text`` is the article's words, quoted; a gap's text
    is ours (what the article leaves open) and is shown as a note, never in quotes as if the
    article said it. Both cases fire a rule that also has a gap entry of the same id."""
    page.goto(f"{site_server}index.html#sciatica-flare?{query}")
    page.wait_for_selector(f"{ROOT_SELECTOR} [data-result] [data-step]")
    page.click(f"{ROOT_SELECTOR} [data-result] details.gc-why summary")
    data = rules_as_data()
    rules = {r["id"]: r for r in data["rules"]}
    gaps = {g["id"]: g["text"] for g in data["gaps"]}
    lines = page.eval_on_selector_all(
        f"{ROOT_SELECTOR} [data-result] .gc-trace li",
        "items => items.map(li => [li.dataset.rule, li.textContent])",
    )
    assert lines
    assert any(rule_id in gaps for rule_id, _ in lines)  # the case exercises the overlap
    for rule_id, text in lines:
        rule = rules[rule_id]
        assert f"“{rule['article_text']}”" in text, rule_id
        if rule_id in gaps:
            assert gaps[rule_id] not in text, rule_id


# ----------------------------------------------------------------- links the form cannot hold

ROUTINE_LINK = (
    "red_flags_none=true&pain_score=6&symptom_duration_days=2"
    "&symptom_duration_days_unit=months&functional_limitation=true"
)


def error_at(page, field: str) -> str:
    slot = page.locator(f'{ROOT_SELECTOR} [data-error-for="{field}"]')
    slot.wait_for(state="visible")
    return slot.inner_text()


def no_step_shown(page) -> bool:
    return page.locator(STEP).count() == 0


def test_a_unit_from_a_link_the_form_does_not_have_is_an_error_never_another_quantity(
    page, site_server
):
    """A shared link with "2 years" must not be read as 2 days (the form has days, weeks and
    months): the duration is named as wrong, no result is shown, and the link keeps the
    value until the reader answers the question again."""
    link = ROUTINE_LINK.replace("unit=months", "unit=years")
    page.goto(f"{site_server}index.html#sciatica-flare?{link}")
    message = error_at(page, "symptom_duration_days")
    assert "“years”" in message
    wait_idle_form(page)
    assert no_step_shown(page)
    assert "symptom_duration_days_unit=years" in page.evaluate("location.hash")
    page.select_option('select[name="symptom_duration_days_unit"]', "months")
    shown_step(page, "start_nsaid")
    page.wait_for_function("() => !location.hash.includes('years')")


@pytest.mark.parametrize("text", ["abc", " 6 ", "1e400"])
def test_a_number_from_a_link_that_is_not_one_is_named_not_dropped(page, site_server, text):
    """A number field cannot hold text that is not a number: the link's value is named at
    the field (not "required", as if nothing had been given), and no result is shown."""
    from urllib.parse import quote

    link = ROUTINE_LINK.replace("pain_score=6", f"pain_score={quote(text)}")
    page.goto(f"{site_server}index.html#sciatica-flare?{link}")
    assert f"“{text}”" in error_at(page, "pain_score")
    wait_idle_form(page)
    assert no_step_shown(page)


def test_an_unknown_red_flag_in_a_link_holds_back_the_routine_plan(page, site_server):
    """A red flag the form does not list (an old or mistyped link) is never dropped in
    favour of "none of these": the screen is named as wrong and no routine plan shows."""
    page.goto(f"{site_server}index.html#sciatica-flare?red_flags=bogus_flag&{ROUTINE_LINK}")
    assert "“bogus_flag”" in error_at(page, "red_flags")
    wait_idle_form(page)
    assert no_step_shown(page)
    # The reader answers the screen again ("none of these" came ticked from the link).
    page.uncheck('input[name="red_flags_none"]')
    page.check('input[name="red_flags_none"]')
    shown_step(page, "start_nsaid")


def test_a_hidden_questions_answer_leaves_the_link(calc_page):
    """Clearing the NSAID days hides the questions that follow from them; their answers
    are no longer part of the input, so the link does not carry them either."""
    fill(
        calc_page,
        Answers(
            pain="6",
            duration=("2", "months"),
            limitation=True,
            nsaid=("10", "days"),
            response="inadequate",
            duloxetine=("8", "days"),
        ),
    )
    calc_page.wait_for_function("() => location.hash.includes('duloxetine_days=8')")
    calc_page.fill('input[name="nsaid_days"]', "")
    calc_page.wait_for_function(
        "() => !location.hash.includes('duloxetine_days') && !location.hash.includes('response')"
    )
    assert "pain_score=6" in calc_page.evaluate("location.hash")


def test_show_result_takes_the_focus_to_the_first_answer_to_correct(calc_page):
    """After "Show result" on an incomplete form, focus lands on the first field marked
    invalid, whose message is its description (a screen reader says which one is wrong)."""
    calc_page.fill('input[name="pain_score"]', "6")
    calc_page.click(f"{ROOT_SELECTOR} button[type=submit]")
    calc_page.wait_for_function(
        "() => document.activeElement && document.activeElement.getAttribute('aria-invalid')"
        " === 'true'"
    )
    first = calc_page.evaluate(
        """() => {
          const first = document.querySelector('[data-calculator] form [aria-invalid="true"]');
          // a checkbox or radio is described by its group (its fieldset)
          const owner = first.closest('[aria-describedby*="-error"]');
          const described = owner && document.getElementById(
            owner.getAttribute('aria-describedby').split(' ').find(
              (id) => id.endsWith('-error')));
          return {same: first === document.activeElement,
                  message: described ? described.textContent : ''};
        }"""
    )
    assert first["same"] and first["message"]


def test_an_empty_value_in_a_link_is_not_an_answer(page, site_server):
    """``response=`` (as a hand-edited link may have) is the question not answered, not a
    value the form cannot take."""
    page.goto(f"{site_server}index.html#sciatica-flare?{ROUTINE_LINK}&nsaid_days=10&response=")
    wait_idle_form(page)
    errors = page.locator(f"{ROOT_SELECTOR} [data-error-for]").all_inner_texts()
    assert not any("the link gave" in e for e in errors)
    page.check('input[name="response"][value="none"]')
    page.wait_for_selector(STEP)
