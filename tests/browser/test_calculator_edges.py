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
from calc_helpers import ROOT_SELECTOR, Answers, fill, shown_step, wait_ready
from test_calculator import cpython_answer

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
    # of Infinity gave a "start NSAIDs" plan instead of an error.
    data: dict = {**ROUTINE, "functional_limitation": True, "nsaid_days": 10}
    data["response"] = "none"
    if field is None:
        got = page_answer(calc_page, token)
        want = cpython_answer(NON_FINITE[token])
    else:
        js = json.dumps({k: v for k, v in data.items() if k != field})[:-1]
        got = page_answer(calc_page, f"{js}, {field}: {token}}}")
        want = cpython_answer({**data, field: NON_FINITE[token]})
    assert "errors" in want
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
        calc_page.locator("#sf-symptom_duration_days-error").wait_for(state="visible")
        want_field = {e["field"]: e["message"] for e in want["errors"]}
        assert field_errors(calc_page) == want_field
        assert calc_page.locator(STEP).count() == 0
        assert calc_page.input_value('input[name="symptom_duration_days"]') == number
        if unit != "days":
            assert "not a whole number of days" in hint.inner_text()
    else:
        shown_step(calc_page, want["result"]["step"])
        assert calc_page.locator(f"{RESULT} .sf-title").inner_text() == want["result"]["title"]
        if unit != "days":
            assert hint.inner_text() == f"({number} {unit} = {days} days)"
        else:
            assert hint.is_hidden()


def test_fixing_a_bad_value_clears_its_message(calc_page):
    fill(calc_page, Answers(pain="6", duration=("4.5", "weeks"), limitation=True))
    calc_page.locator("#sf-symptom_duration_days-error").wait_for(state="visible")
    box = calc_page.locator('input[name="symptom_duration_days"]')
    assert box.get_attribute("aria-invalid") == "true"
    calc_page.fill('input[name="symptom_duration_days"]', "4")  # 28 days
    shown_step(calc_page, "exercise_first")
    assert calc_page.locator("#sf-symptom_duration_days-error").is_hidden()
    assert box.get_attribute("aria-invalid") is None
