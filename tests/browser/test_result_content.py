"""What the calculator's form, result card and copied note say (issue 25 items 3, 4, 6 and 7),
at a phone's width (390 px) and a desktop's (1280 px), on the session's built site:

- item 3: no clinical answer is pre-selected; a question whose core has a default stays
  unanswered, its hint says what is assumed, the page sends nothing for it and the note says
  the answer was assumed, not given;
- item 4: the typical note is at most 12 lines: the inputs as answered, the headline and its
  actions, the stamp with the link to the page with these answers; no rule ids, step codes
  or reference list;
- item 6: the notes that qualify the headline (a guideline gap, too early to judge) show with
  it, before the lists;
- item 7: for the patient audience the calculator says before its first question that it is a
  tool for clinicians and its result not a prescription; the card is framed as what the
  guideline suggests a clinician consider, and the note is labelled for a clinician.

The score and quantity kinds' notes and cards: test_two_calculators.py and
test_quantity_result.py. The note's text is also tested in-process (test_note_text.py)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
from calc_helpers import CSP_LISTENER, NOTE_BOX, ROOT_SELECTOR, Answers, copy_note, fill, shown_step

from sciatica_core import evaluate

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
RESULT = f"{ROOT_SELECTOR} [data-result]"
CARD = f"{RESULT} [data-step]"
#: The issue's typical case, NSAID tolerance left unanswered.
TYPICAL = Answers(
    pain="7", duration=("45", "days"), limitation=True, nsaid=("5", "days"), response="inadequate"
)
TYPICAL_INPUT = {
    "red_flags": [],
    "pain_score": 7,
    "symptom_duration_days": 45,
    "functional_limitation": True,
    "nsaid_days": 5,
    "response": "inadequate",
}
HINT = "#gc-sciatica-flare--nsaid_tolerated-hint"


@pytest.fixture
def open_page(browser, site_server: str):
    """``open_page(width, audience)``: the article at that width, the reader's audience
    chosen before it loads (as a returning reader's localStorage holds it); fails the test on
    any console or page error or CSP violation."""
    contexts, problems = [], []

    def open_(width: int, audience: str = "clinician"):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.add_init_script(CSP_LISTENER)
        page.add_init_script(f"localStorage.setItem('guideline-audience', '{audience}')")
        page.goto(site_server + "index.html")
        page.wait_for_function(f"document.documentElement.dataset.audience === '{audience}'")
        return page

    yield open_
    for context in contexts:
        for page in context.pages:
            problems.extend(page.evaluate("window.__cspViolations || []"))
        context.close()
    assert problems == []


def above(page, first: str, second: str) -> bool:
    """Whether ``first``'s box ends above where ``second``'s starts (both visible)."""
    a, b = page.locator(first).bounding_box(), page.locator(second).bounding_box()
    assert a and b, (first, second)
    return a["y"] + a["height"] <= b["y"] + 0.5


# ----------------------------------------------------------------- item 3: no pre-selected answer


@pytest.mark.parametrize("width", WIDTHS)
def test_no_answer_is_preselected_and_a_default_is_said_to_be_assumed(open_page, width):
    page = open_page(width)
    form = page.locator(f"{ROOT_SELECTOR} form")
    form.wait_for()
    assert form.locator("input[type=radio]:checked").count() == 0
    assert form.locator("input[type=checkbox]:checked").count() == 0
    hint = page.locator(HINT)
    assert hint.is_visible()
    assert hint.inner_text() == "Left unanswered, the calculator assumes: Yes, tolerated."
    fieldset = page.locator('fieldset.gc-choice:has(input[name="nsaid_tolerated"])')
    assert HINT[1:] in fieldset.get_attribute("aria-describedby").split()
    fill(page, TYPICAL)
    shown_step(page, "add_duloxetine")
    # Still unanswered after a result: nothing was checked for the reader, nothing sent.
    assert form.locator('input[name="nsaid_tolerated"]:checked').count() == 0
    page.wait_for_function("() => location.hash.includes('response=inadequate')")
    sent = dict(parse_qsl(page.evaluate("location.hash").split("?", 1)[1]))
    assert "nsaid_tolerated" not in sent
    # The core applied its default: the same result as with the default given.
    assert page.locator(f"{CARD} .gc-title").inner_text() == evaluate(TYPICAL_INPUT)["title"]
    assert evaluate(TYPICAL_INPUT) == evaluate({**TYPICAL_INPUT, "nsaid_tolerated": True})
    lines = copy_note(page).input_value().splitlines()
    assert "- NSAIDs tolerated: not answered (assumed: Yes, tolerated)" in lines
    # Answered: written as answered.
    page.check('input[name="nsaid_tolerated"][value="false"]')
    page.wait_for_function("() => location.hash.includes('nsaid_tolerated=false')")
    page.locator(f"{ROOT_SELECTOR} .gc-note-box").wait_for(state="hidden")
    shown_step(page, "add_duloxetine")
    lines = copy_note(page).input_value().splitlines()
    assert "- NSAIDs tolerated: no" in lines


# ----------------------------------------------------------------- item 4: a short note


@pytest.mark.parametrize("width", WIDTHS)
def test_the_typical_note_is_at_most_twelve_lines(open_page, width):
    page = open_page(width)
    fill(page, TYPICAL)
    shown_step(page, "add_duloxetine")
    page.wait_for_function("() => location.hash.includes('response=inadequate')")
    want = evaluate(TYPICAL_INPUT)
    text = copy_note(page).input_value()
    lines = text.splitlines()
    assert len(lines) <= 12, text
    assert lines[:5] == [
        "Sciatica flare calculator. Inputs:",
        "- Red flags: none of these three",
        "- Pain: 7/10; Duration of current pain: 45 days; Limits function: yes",
        "- NSAIDs for this flare: 5 days; Response so far: Inadequate; Duloxetine: not added",
        "- NSAIDs tolerated: not answered (assumed: Yes, tolerated)",
    ]
    assert lines[5] == f"Result: Add duloxetine (article step 3) — {want['title']}"
    assert lines[6].startswith("Guideline gap (no rule in the article): ")
    assert lines[7:11] == [
        "Actions:",
        *(f"- {a['text']} [{', '.join(map(str, a['refs']))}]" for a in want["actions"]),
    ]
    assert lines[11].startswith(f"Algorithm version {want['algorithm_version']} (article “")
    assert lines[11].endswith(f"This result with these answers: {page.evaluate('location.href')}")
    for internal in ["(code ", "add_duloxetine", "step3_", "Rules applied", "References:", "[6] "]:
        assert internal not in text, internal
    # What the note leaves out stays on the card.
    assert page.locator(f"{CARD} .gc-why li").count() == len(want["rules"])


# ----------------------------------------------------------------- item 6: notes with the headline


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("answers", "step", "code"),
    [
        (TYPICAL, "add_duloxetine", "guideline_gap"),
        (
            Answers(
                pain="7",
                duration=("45", "days"),
                limitation=True,
                nsaid=("2", "days"),
                response="none",
            ),
            "continue_nsaid",
            "too_early",
        ),
    ],
    ids=["guideline_gap", "too_early"],
)
def test_the_notes_that_qualify_the_headline_show_with_it(open_page, width, answers, step, code):
    page = open_page(width)
    fill(page, answers)
    shown_step(page, step)
    note = f'{CARD} [data-note="{code}"]'
    assert page.locator(note).is_visible()
    assert above(page, f"{CARD} .gc-title", note)
    assert above(page, note, f"{CARD} .gc-section >> nth=0")
    order = page.locator(CARD).evaluate(
        "card => [...card.children].map((e) => e.matches('[data-notes]') ? 'notes'"
        " : e.matches('.gc-section') ? 'section' : e.matches('.gc-title') ? 'title' : '')"
        ".filter(Boolean)"
    )
    assert order[:3] == ["title", "notes", "section"], order
    assert "Notes" not in page.locator(f"{CARD} h4").all_inner_texts()


# ----------------------------------------------------------------- item 7: the patient audience


@pytest.mark.parametrize("width", WIDTHS)
def test_for_a_patient_the_calculator_says_it_is_a_tool_for_clinicians(open_page, width):
    page = open_page(width, "patient")
    notice = page.locator(f"{ROOT_SELECTOR} [data-patient-notice]")
    notice.wait_for(state="visible")
    text = notice.inner_text()
    assert "This calculator is a tool for clinicians." in text
    assert "not a prescription" in text
    first_question = f"{ROOT_SELECTOR} form .gc-field >> nth=0"
    assert above(page, f"{ROOT_SELECTOR} [data-patient-notice]", first_question)
    fill(page, TYPICAL)
    shown_step(page, "add_duloxetine")
    frame = page.locator(f"{CARD} [data-patient-frame]")
    assert frame.is_visible()
    assert frame.inner_text().startswith("What the guideline suggests a clinician consider")
    assert "not a prescription" in frame.inner_text()
    assert above(page, f"{CARD} [data-patient-frame]", f"{CARD} .gc-title")
    live = page.locator(f"{ROOT_SELECTOR} [data-announce]").text_content()
    assert live.startswith("What the guideline suggests a clinician consider: ")
    copy = page.locator(f"{RESULT} [data-copy-note]")
    assert copy.inner_text() == "Copy a summary for your clinician"
    lines = copy_note(page).input_value().splitlines()
    assert len(lines) <= 12
    assert lines[0].startswith(
        "For your clinician (a decision aid for clinicians, not a prescription)"
    )
    assert lines[5].startswith("What the guideline suggests a clinician consider: Add duloxetine")
    assert not any(line.startswith("Result:") for line in lines)
    label = page.locator(f"{ROOT_SELECTOR} .gc-note-box label").inner_text()
    assert label.startswith("A summary for your clinician's note")
    assert page.locator(NOTE_BOX).is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_for_a_clinician_none_of_the_patient_framing_shows(open_page, width):
    page = open_page(width, "clinician")
    page.locator(f"{ROOT_SELECTOR} form").wait_for()
    assert page.locator(f"{ROOT_SELECTOR} [data-patient-notice]").is_hidden()
    fill(page, TYPICAL)
    shown_step(page, "add_duloxetine")
    assert page.locator(f"{CARD} [data-patient-frame]").is_hidden()
    assert page.locator(f"{RESULT} [data-copy-note]").inner_text() == "Copy to note"
    lines = copy_note(page).input_value().splitlines()
    assert lines[0] == "Sciatica flare calculator. Inputs:"
    label = page.locator(f"{ROOT_SELECTOR} .gc-note-box label").inner_text()
    assert label == "Plain-text summary for the clinical note"
    # The reader's choice changed on the page: the framing follows at once.
    page.get_by_label("Patient or caregiver").check()
    page.locator(f"{ROOT_SELECTOR} [data-patient-notice]").wait_for(state="visible")
    assert page.locator(f"{CARD} [data-patient-frame]").is_visible()
