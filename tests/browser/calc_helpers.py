"""Helpers for the calculator's browser tests: fill the form as a user would, wait for a
result."""

from __future__ import annotations

from dataclasses import dataclass

ROOT_SELECTOR = '[data-calculator="sciatica-flare"]'
NOTE_BOX = "[data-note-text]"
#: Records CSP violations in the page (they are also console errors, which fail a test).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


def wait_ready(page, timeout: float = 60_000) -> None:
    page.evaluate("window.sciaticaFlare.load()")
    page.wait_for_selector(f'{ROOT_SELECTOR}[data-state="ready"]', timeout=timeout)


@dataclass
class Answers:
    """What a clinician enters; day counts as (number, unit)."""

    red_flags: tuple[str, ...] | None = ()  # None: screen left unanswered
    pain: str | None = None
    duration: tuple[str, str] | None = None
    limitation: bool | None = None
    nsaid: tuple[str, str] | None = None
    response: str | None = None
    duloxetine: tuple[str, str] | None = None
    tolerated: bool | None = None


def fill(page, a: Answers) -> None:
    """Fill the form through its controls, as a user would."""
    if a.red_flags is not None:
        if a.red_flags:
            for code in a.red_flags:
                _check(page, f'input[name="red_flags"][value="{code}"]')
        else:
            _check(page, 'input[name="red_flags_none"]')
    if a.pain is not None:
        page.fill('input[name="pain_score"]', a.pain)
    _days(page, "symptom_duration_days", a.duration)
    if a.limitation is not None:
        _check(page, f'input[name="functional_limitation"][value="{str(a.limitation).lower()}"]')
    _days(page, "nsaid_days", a.nsaid)
    if a.response is not None:
        _check(page, f'input[name="response"][value="{a.response}"]')
    _days(page, "duloxetine_days", a.duloxetine)
    if a.tolerated is not None:
        _check(page, f'input[name="nsaid_tolerated"][value="{str(a.tolerated).lower()}"]')


def _check(page, selector: str) -> None:
    """Check a box or radio as a user would. (A click that missed was
    once a stale answer's error line moving the controls below a field just filled: see
    test_an_answer_for_an_earlier_state_of_the_form_is_never_shown. No retry here: a miss
    is a defect of the page: Playwright's check() fails when the click did not check it.)"""
    page.check(selector)


def _days(page, name: str, value: tuple[str, str] | None) -> None:
    if value is None:
        return
    number, unit = value
    page.select_option(f'select[name="{name}_unit"]', unit)
    page.fill(f'input[name="{name}"]', number)


def shown_step(page, step: str, timeout: float = 60_000) -> None:
    page.wait_for_selector(f'{ROOT_SELECTOR} [data-step="{step}"]', timeout=timeout)


def copy_note(page):
    """Press "Copy to note" on the result shown; the note's text box, once visible."""
    page.click(f"{ROOT_SELECTOR} [data-result] [data-copy-note]")
    box = page.locator(NOTE_BOX)
    box.wait_for(state="visible")
    return box
