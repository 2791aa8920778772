"""The field kinds ``decimal`` and ``unit`` (calculator_spec() version 2) in Chromium, through
a built page whose core is a hand-made placeholder that echoes what it receives
(tests/fixtures/unit_echo_core.py, not clinical content): a decimal is typed as text with a
decimal keypad, reaches the core as a JSON number with its declared unit beside it, shows
and checks its range in the selected unit, keeps what was typed when it is refused, and
round-trips through a shared link. One site build serves every test here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect
from tiny_project import make_project

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "tests" / "fixtures" / "unit_echo_core.py"
CALC = '[data-calculator="echo"]'
TITLE = f"{CALC} [data-result] .gc-title"
AMOUNT = f'{CALC} input[name="amount"]'
UNIT = f'{CALC} select[name="amount_unit"]'


@pytest.fixture(scope="session")
def echo_site(tmp_path_factory: pytest.TempPathFactory, run_mkdocs_build) -> Path:
    tmp = tmp_path_factory.mktemp("echo-site")
    project = make_project(
        tmp, {"echo": {"package": "unit_echo_core"}}, "```calculator\necho\n```",
        {"unit_echo_core": CORE.read_text(encoding="utf-8")},
    )  # fmt: skip
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][0]["guideline"].update(
        calculator=True,
        pyodide_dir=str(ROOT / "node_modules" / "pyodide"),
        cache_dir=str(tmp / "cache"),
        snapshot=False,  # a cold start is enough here (and needs no Node)
        offline_export=False,
    )
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = tmp / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def echo_url(echo_site: Path, serve_dir) -> Iterator[str]:
    base_url, server = serve_dir(echo_site)
    yield base_url + "index.html"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def loaded_page(browser, echo_url: str):
    """One page for the tests here, its runtime started once (a cold start takes seconds)."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(echo_url)
    page.evaluate("window.guidelineCalculators.echo.load()")
    page.wait_for_selector(f'{CALC}[data-state="ready"]', timeout=60_000)
    yield page, problems
    context.close()


@pytest.fixture
def echo_page(loaded_page):
    """The page with its form cleared (the form's Clear button, which also clears the hash)."""
    page, problems = loaded_page
    page.click(f'{CALC} button[type="reset"]')
    page.wait_for_function("() => !location.hash")
    page.wait_for_function(
        "([s, text]) => document.querySelector(s).textContent === text",
        arg=[f"{CALC} [data-result]", "No result yet: answer the questions above."],
    )
    yield page
    assert problems == []


def received(page, expected: str) -> None:
    """The result's title (the echo core's account of its input) becomes ``expected``."""
    page.wait_for_function(
        "([selector, text]) => { const t = document.querySelector(selector);"
        " return t && t.textContent === text; }",
        arg=[TITLE, expected],
        timeout=30_000,
    )


def error_at(page, field: str, message: str) -> None:
    """The field's error line (visible) becomes ``message``."""
    slot = page.locator(f'{CALC} [data-error-for="{field}"]')
    expect(slot).to_be_visible(timeout=30_000)
    expect(slot).to_have_text(message, timeout=30_000)


def test_the_decimal_and_its_unit_are_drawn_for_a_decimal_keypad(echo_page):
    """Text as typed with the decimal keypad (no number input that drops what it cannot
    read, no numeric keypad without a point); the unit menu beside it is the declared unit
    field, first unit selected, and both are at least 24 by 24 CSS pixels."""
    amount = echo_page.locator(AMOUNT)
    assert amount.get_attribute("type") == "text"
    assert amount.get_attribute("inputmode") == "decimal"
    assert amount.get_attribute("step") is None
    unit = echo_page.locator(UNIT)
    assert unit.evaluate("(s) => [...s.options].map((o) => [o.value, o.text, o.selected])") == [
        ["mg/dL", "mg/dL", True],
        ["umol/L", "µmol/L", False],
    ]
    # Beside its decimal: in the same field box, the decimal's question names it.
    assert unit.evaluate("(s) => s.closest('.gc-field').querySelector('input').name") == "amount"
    assert "Placeholder amount" in (unit.get_attribute("aria-label") or "")
    for control in (amount, unit):
        box = control.bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24, box
    # The focus is visible (an outline) on each when reached by the keyboard.
    amount.focus()
    echo_page.keyboard.press("Tab")
    assert echo_page.evaluate("document.activeElement.name") == "amount_unit"
    style = unit.evaluate(
        "(s) => [getComputedStyle(s).outlineStyle, getComputedStyle(s).outlineWidth]"
    )
    assert style[0] != "none" and style[1] != "0px", style
    # The integer beside a declared choice named count_unit has no unit menu.
    assert echo_page.locator(f'{CALC} select[name="count_unit"]').count() == 0
    assert echo_page.locator(f'{CALC} input[type="radio"][name="count_unit"]').count() == 2


def test_the_value_reaches_the_core_as_a_number_with_its_unit(echo_page):
    """0.8 with mg/dL and 70.7 with µmol/L reach the core as the numbers 0.8 and 70.7 with
    their units' codes (the core converts); a decimal comma is read as a point."""
    echo_page.fill(AMOUNT, "0.8")
    received(echo_page, "Received amount=0.8 (float); amount_unit='mg/dL' (str)")
    echo_page.select_option(UNIT, "umol/L")
    echo_page.fill(AMOUNT, "70.7")
    received(echo_page, "Received amount=70.7 (float); amount_unit='umol/L' (str)")
    echo_page.fill(AMOUNT, "70,7")
    received(echo_page, "Received amount=70.7 (float); amount_unit='umol/L' (str)")
    assert echo_page.input_value(AMOUNT) == "70,7"  # shown as typed
    # A whole number stays a JSON number; an integer beside a choice named count_unit is read
    # as the integer it is (that choice is no unit).
    echo_page.fill(AMOUNT, "1")
    echo_page.fill(f'{CALC} input[name="count"]', "3")
    echo_page.check(f'{CALC} input[name="count_unit"][value="b"]')
    received(
        echo_page,
        "Received amount=1 (int); amount_unit='umol/L' (str); count=3 (int); count_unit='b' (str)",
    )


def test_the_range_follows_the_selected_unit(echo_page):
    """The bounds, declared in the first unit, are shown and checked in the selected one
    (bound / factor): 20 mg/dL is 1768 µmol/L."""
    hint = echo_page.locator(f'{CALC} [data-range-for="amount"]')
    assert hint.inner_text() == "(above 0 up to 20 mg/dL)"
    echo_page.fill(AMOUNT, "25")
    error_at(
        echo_page, "amount", "Placeholder amount: must be above 0 up to 20 mg/dL (“25” is not)."
    )
    assert echo_page.locator(TITLE).count() == 0
    assert echo_page.input_value(AMOUNT) == "25"
    echo_page.select_option(UNIT, "umol/L")
    assert hint.inner_text() == "(above 0 up to 1768 µmol/L)"
    received(echo_page, "Received amount=25 (int); amount_unit='umol/L' (str)")
    echo_page.fill(AMOUNT, "1768.1")
    error_at(
        echo_page,
        "amount",
        "Placeholder amount: must be above 0 up to 1768 µmol/L (“1768.1” is not).",
    )
    echo_page.fill(AMOUNT, "0")
    error_at(
        echo_page, "amount", "Placeholder amount: must be above 0 up to 1768 µmol/L (“0” is not)."
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0.8x", "Placeholder amount: what was typed is not a number."),
        ("0..8", "Placeholder amount: what was typed is not a number."),
        ("1e3", "Placeholder amount: what was typed is not a number."),
        (
            "1,200",
            "Placeholder amount: “1,200” could be read two ways; write the decimal mark as a "
            "point (1.2) or leave out the thousands comma (1200).",
        ),
    ],
)
def test_a_bad_entry_says_so_at_the_field_and_keeps_the_text(echo_page, typed: str, message):
    echo_page.fill(AMOUNT, typed)
    error_at(echo_page, "amount", message)
    assert echo_page.input_value(AMOUNT) == typed
    assert echo_page.locator(AMOUNT).get_attribute("aria-invalid") == "true"
    assert echo_page.locator(TITLE).count() == 0


def test_a_shared_link_restores_the_decimal_and_its_unit(echo_page, browser):
    echo_page.select_option(UNIT, "umol/L")
    echo_page.fill(AMOUNT, "70,7")
    received(echo_page, "Received amount=70.7 (float); amount_unit='umol/L' (str)")
    link = echo_page.url
    assert link.endswith("#echo?amount=70%2C7&amount_unit=umol%2FL"), link
    other = browser.new_context()
    try:
        page = other.new_page()
        page.goto(link)
        received(page, "Received amount=70.7 (float); amount_unit='umol/L' (str)")
        assert page.input_value(AMOUNT) == "70,7"
        assert page.input_value(UNIT) == "umol/L"
        assert page.locator(f'{CALC} [data-range-for="amount"]').inner_text() == (
            "(above 0 up to 1768 µmol/L)"
        )
        # A unit the menu does not have is not dropped (70.7 would become mg/dL): the core
        # rejects it by name and the link's value is said at the field.
        page.evaluate(
            "(hash) => { location.hash = hash; }",
            link.split("#")[1].replace("umol%2FL", "furlongs"),
        )
        error_at(
            page,
            "amount_unit",
            "Placeholder amount unit: the link gave “furlongs”, which this form cannot take; "
            "answer it again.",
        )
        assert page.locator(TITLE).count() == 0
    finally:
        other.close()


def test_the_copied_note_writes_the_value_with_its_unit(echo_page):
    echo_page.select_option(UNIT, "umol/L")
    echo_page.fill(AMOUNT, "70,7")
    received(echo_page, "Received amount=70.7 (float); amount_unit='umol/L' (str)")
    echo_page.click(f"{CALC} [data-result] [data-copy-note]")
    box = echo_page.locator(f"{CALC} [data-note-text]")
    box.wait_for(state="visible")
    lines = box.input_value().splitlines()
    assert "- Placeholder amount: 70.7 µmol/L" in lines
    assert not any(line.startswith("- Placeholder amount unit") for line in lines)
