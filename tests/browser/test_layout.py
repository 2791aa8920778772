"""The calculator's place on its page (issue 25 items 1, 2 and 5), on a phone (390 px) and a
desktop (1280 px): a shared link with inputs opens at the result (in every engine), "Copy
link" copies it, the table of contents and a line under the title link to the calculator;
the result stays in view while the form is answered (beside it, or its headline in a bar at
the bottom), with no layout shift; every control is a 24 x 24 CSS px target with its label
on its line and a visible focus (the target sizes in every engine)."""

from __future__ import annotations

import pytest
from calc_helpers import ROOT_SELECTOR, Answers, fill, shown_step
from layout_checks import (
    CLS,
    CLS_OBSERVER,
    FOCUS_RING,
    TARGETS,
    WHERE_RESULT,
    small_targets,
    split_from_label,
)

pytestmark = pytest.mark.browser

#: The typical case: no red flag, pain 7 for 45 days limiting function, NSAIDs for 5 days
#: without enough relief (article step 3: add duloxetine).
SHARED = (
    "index.html#sciatica-flare?red_flags_none=true&pain_score=7&symptom_duration_days=45"
    "&symptom_duration_days_unit=days&functional_limitation=true&nsaid_days=5"
    "&nsaid_days_unit=days&response=inadequate"
)
STEP = "add_duloxetine"
WIDTHS = {390: 844, 1280: 800}
HEADING = "#gc-sciatica-flare--calculator"


@pytest.fixture(params=list(WIDTHS), ids=lambda width: f"{width}px")
def sized_page(request, page):
    width = request.param
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    page.add_init_script(CLS_OBSERVER)
    page.width = width
    return page


def in_view(where: dict, box: str) -> bool:
    """Whether ``box``'s top is on screen, below Material's header."""
    return where["header"] - 1 <= where[box]["top"] < where["viewport"]["height"] - 100


def test_a_shared_link_opens_at_its_result(sized_page, site_server):
    """A link with inputs opens at the calculator with the result in view (beside the form
    on a wide screen, the card itself on a phone), and nothing moves as it loads."""
    page = sized_page
    page.goto(site_server + SHARED)
    shown_step(page, STEP)
    page.wait_for_timeout(300)
    where = page.evaluate(WHERE_RESULT, [ROOT_SELECTOR])
    assert where["scrollY"] > 1000, where
    assert in_view(where, "card"), where
    if page.width == 1280:  # beside the form, whose top is in view too
        assert where["result"]["left"] >= where["form"]["right"], where
        assert in_view(where, "form"), where
    shifts = page.evaluate(CLS)
    assert shifts["cls"] == 0, shifts


def test_copy_link_copies_the_inputs_by_keyboard(sized_page, site_server):
    page = sized_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_server + SHARED)
    shown_step(page, STEP)
    button = page.locator(f"{ROOT_SELECTOR} [data-result] [data-copy-link]")
    note = page.locator(f"{ROOT_SELECTOR} [data-result] [data-copy-note]")
    # beside "Copy to note": on its line
    assert abs(button.bounding_box()["y"] - note.bounding_box()["y"]) < 2 or page.width == 390
    button.focus()
    page.keyboard.press("Enter")
    status = page.locator(f"{ROOT_SELECTOR} .gc-copy-status")
    page.wait_for_function("() => document.querySelector('.gc-copy-status').textContent")
    assert "Link copied" in status.inner_text()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url and "pain_score=7" in copied and "response=inadequate" in copied
    page.goto(site_server + "index.html")  # the copied link opens the same result
    page.goto(copied)
    shown_step(page, STEP)


def test_the_toc_and_the_page_top_link_to_the_calculator(sized_page, site_server):
    page = sized_page
    page.goto(site_server + "index.html")
    toc = page.locator(f'nav.md-nav--secondary a[href="{HEADING}"]')
    # (Material draws the page's table of contents twice: in the sidebar and in the menu)
    assert toc.count() >= 1 and toc.first.inner_text().strip() == "Sciatica flare calculator"
    # listed under the heading it is placed under (Step 4)
    parent = toc.first.evaluate("a => a.closest('ul').closest('li').querySelector('a').textContent")
    assert "Step 4" in parent
    jump = page.locator(f'.gc-jump a[href="{HEADING}"]')
    title = page.locator("h1").bounding_box()
    assert jump.bounding_box()["y"] - (title["y"] + title["height"]) < 100  # under the title
    jump.click()
    page.wait_for_function("() => scrollY > 1000")
    box = page.locator(HEADING).bounding_box()
    assert 40 <= box["y"] < 300, box
    assert page.locator(HEADING).evaluate("h => h.tagName") == "H4"  # under Step 4's h3


def test_the_result_stays_in_view_while_answering(sized_page, site_server):
    """Answering the form from its first question: the result (wide) or its headline (the
    bar at the bottom, the one live region) stays on screen; nothing shifts."""
    page = sized_page
    page.goto(site_server + "index.html")
    page.locator(f"{ROOT_SELECTOR} form").scroll_into_view_if_needed()
    page.evaluate(f"document.querySelector('{ROOT_SELECTOR} form').scrollIntoView()")
    fill(page, Answers(pain="6", duration=("2", "months"), limitation=True))
    shown_step(page, "start_nsaid")
    page.evaluate("window.scrollBy(0, -200)")  # back among the first questions
    page.wait_for_timeout(300)
    where = page.evaluate(WHERE_RESULT, [ROOT_SELECTOR])
    height = where["viewport"]["height"]
    if page.width == 390:
        summary = where["summary"]
        assert abs(summary["bottom"] - height) < 2 and summary["top"] < height, where
        text = page.locator(f"{ROOT_SELECTOR} [data-announce]").inner_text()
        assert text.startswith("Start NSAIDs (article step 1): "), text
    else:
        assert where["header"] - 1 <= where["card"]["top"] < height / 2, where
        assert where["result"]["left"] >= where["form"]["right"], where
        assert page.locator(f"{ROOT_SELECTOR} [data-announce]").bounding_box()["width"] <= 1
    live = page.evaluate(
        """(root) => [...document.querySelector(root).querySelectorAll('[aria-live],[role=status]')]
              .filter((el) => el.textContent.includes('Start NSAIDs')).length""",
        ROOT_SELECTOR,
    )
    assert live == 1  # one region says the result
    shifts = page.evaluate(CLS)
    assert shifts["cls"] == 0, shifts


def test_every_target_is_24_px_beside_its_label_with_a_visible_focus(sized_page, site_server):
    page = sized_page
    page.goto(site_server + SHARED)
    shown_step(page, STEP)
    page.click(f"{ROOT_SELECTOR} details.gc-why summary")  # its links shown too
    targets = page.evaluate(TARGETS, [ROOT_SELECTOR])
    assert len(targets) > 30
    assert small_targets(targets) == []
    assert split_from_label(targets) == []
    assert sum(t["sameLine"] is True for t in targets) >= 10
    # Tab from the top of the page through the audience choice and the whole calculator
    # (opened afresh: the click above would be where the Tab starts).
    page.goto(site_server + "index.html")
    page.goto(site_server + SHARED)  # the same document: its hash fills the form
    shown_step(page, STEP)
    seen = []
    for _ in range(400):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring is None:
            break
        seen.append(ring)
    mine = [r for r in seen if r["inCalculator"] or r["inAudience"]]
    assert any(r["inAudience"] for r in mine) and len(mine) > 20
    assert [r["name"] for r in mine if not r["visible"]] == []


def test_a_shared_link_and_the_targets_in_every_engine(engine_page, site_server):
    """In Chromium, Firefox and WebKit (1280 x 900): the shared link opens at its result,
    and every control is a 24 x 24 target beside its label."""
    engine_page.goto(site_server + SHARED)
    engine_page.wait_for_selector(f'{ROOT_SELECTOR} [data-step="{STEP}"]', timeout=90_000)
    engine_page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 300))")
    where = engine_page.evaluate(WHERE_RESULT, [ROOT_SELECTOR])
    assert in_view(where, "card"), (engine_page.engine.value, where)
    targets = engine_page.evaluate(TARGETS, [ROOT_SELECTOR])
    assert len(targets) > 30
    assert small_targets(targets) == [], engine_page.engine.value
    assert split_from_label(targets) == [], engine_page.engine.value
