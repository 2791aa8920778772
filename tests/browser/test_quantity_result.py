"""A ``quantity`` result (calculator_spec() version 2, issue 19 item 2) drawn by the generic
page in Chromium: a made-up "doubling" core (tests/doubling_core, a placeholder, not
clinical) on a tiny site built once for this module, with its decision table on the same
page. The card shows "LABEL VALUE UNIT" with the declared digits and the band's code as
written (no CSS uppercase); the copied note writes "LABEL: VALUE UNIT (CODE)", never a
fraction of a maximum."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import doubling_core
import pytest
import yaml
from tiny_project import make_project

ROOT = Path(__file__).resolve().parents[2]
NAME = "doubling"
CALC = f'[data-calculator="{NAME}"]'
BODY = f"```calculator\n{NAME}\n```\n\n<!-- decision-table -->\n"


@pytest.fixture(scope="module")
def quantity_site(tmp_path_factory: pytest.TempPathFactory, run_mkdocs_build) -> Path:
    tmp = tmp_path_factory.mktemp("quantity-site")
    project = make_project(tmp, {NAME: {"package": "doubling_core"}}, BODY)
    shutil.copytree(
        Path(doubling_core.__file__).parent,
        project / "doubling_core",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
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


@pytest.fixture(scope="module")
def quantity_server(quantity_site: Path, serve_dir):
    base_url, server = serve_dir(quantity_site)
    yield base_url
    server.shutdown()
    server.server_close()


@pytest.fixture
def qpage(browser, quantity_server: str):
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(quantity_server + "index.html")
    yield page
    context.close()
    assert problems == []


def shown(page, amount: int):
    """Enter ``amount`` in the form; the quantity card once it shows the core's value."""
    page.fill(f'{CALC} input[name="amount"]', str(amount))
    want = doubling_core.evaluate({"amount": amount})
    card = page.locator(f'{CALC} [data-result] [data-quantity="{want["doubled"]:g}"]')
    card.wait_for(timeout=60_000)
    return card, want


def test_the_card_draws_label_value_unit_and_the_band_as_written(qpage):
    card, want = shown(qpage, 7)
    assert card.locator("[data-quantity-value]").inner_text() == "Doubled pq 14.0 zz/m²"
    # The value is the card's title (the core's title says nothing more here).
    assert card.locator(".gc-title").inner_text() == want["title"] == "Doubled pq 14.0 zz/m²"
    assert card.locator(".gc-subtitle").count() == 0
    band = card.locator("[data-band]")
    assert band.get_attribute("data-band") == "pQ-low"
    # inner_text applies CSS: the band's label shows as written (never uppercased); its code
    # is for the page (data-band, data-category), the note's reader sees the label too.
    assert band.inner_text() == "placeholder band low"
    assert card.get_attribute("data-category") == "pQ-low"
    for part in (".gc-kicker", "[data-band]", "[data-quantity-value]"):
        style = card.locator(part).evaluate("e => getComputedStyle(e).textTransform")
        assert style == "none", part
    assert "A placeholder note, not advice." in card.inner_text()
    assert "Why this result" in card.inner_text()
    assert card.locator("[data-breakdown]").count() == 0  # a score's, not a quantity's
    card, _ = shown(qpage, 50)
    assert card.locator("[data-quantity-value]").inner_text() == "Doubled pq 100.0 zz/m²"
    assert card.locator("[data-band]").get_attribute("data-band") == "pQ-high"


def test_the_copied_note_writes_label_value_unit_and_band(qpage):
    card, want = shown(qpage, 7)
    card.locator("[data-copy-note]").click()
    box = qpage.locator(f"{CALC} [data-note-text]")
    box.wait_for(state="visible")
    text = box.input_value()
    assert "Doubled pq: 14.0 zz/m² (placeholder band low)" in text.splitlines()
    assert f"Result: {want['title']}" in text.splitlines()
    assert not re.search(r"14(\.0)?/", text)  # a quantity is never a fraction of a maximum
    # Issue 25 item 4: no rule ids in the note ("Why this result" keeps them), the stamp
    # with the link to the page holding these answers last; at most 12 lines.
    assert "Rules applied" not in text and "band-pQ-low" not in text
    assert text.splitlines()[-1].endswith(qpage.evaluate("location.href"))
    assert len(text.splitlines()) <= 12
    assert "Note: A placeholder note, not advice." in text.splitlines()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_note_shows_with_the_headline_and_a_patient_sees_it_framed(qpage, width: int):
    """Issue 25 items 6 and 7 for a quantity: its note between the value and the rest of the
    card; for the patient audience the notice before the first question and the card's frame."""
    qpage.set_viewport_size({"width": width, "height": 900})
    card, _ = shown(qpage, 7)
    notes = card.locator("[data-notes]")
    value, note = card.locator("[data-band]").bounding_box(), notes.bounding_box()
    assert value["y"] + value["height"] <= note["y"]
    why = card.locator(".gc-why").bounding_box()
    assert note["y"] + note["height"] <= why["y"]
    assert card.locator("[data-patient-frame]").is_hidden()
    qpage.evaluate("localStorage.setItem('guideline-audience', 'patient')")
    qpage.reload()
    notice = qpage.locator(f"{CALC} [data-patient-notice]")
    notice.wait_for(state="visible")
    assert "tool for clinicians" in notice.inner_text()
    card, _ = shown(qpage, 7)
    assert card.locator("[data-patient-frame]").is_visible()


def test_the_hook_answers_as_the_core_in_cpython(qpage):
    hook = f"window.guidelineCalculators[{NAME!r}]"
    answer = qpage.evaluate(f"{hook}.load().then(() => {hook}.evaluate({{amount: 60}}))")
    assert answer == json.loads(doubling_core.evaluate_json('{"amount": 60}'))["result"]


def test_the_decision_table_draws_the_formula_and_the_bands(quantity_site: Path):
    html = (quantity_site / "index.html").read_text(encoding="utf-8")
    table = html[html.index('<table class="gl-decision-table" data-kind="quantity"') :]
    table = table[: table.index("</table>")]
    assert doubling_core.FORMULA in html and "data-formula" in html
    rows = re.findall(r'<tr data-rule-id="([^"]+)" data-kind="band" data-band="([^"]+)">', table)
    assert rows == [("band-pQ-low", "pQ-low"), ("band-pQ-high", "pQ-high")]
    assert "99.9 zz/m² or less" in table and "100.0 zz/m² or more" in table
    assert "Doubled pq (zz/m²), reported with 1 digit after the point" in table
