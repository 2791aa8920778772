"""The third kind of calculator (a quantity: examples/egfr, the CKD-EPI 2021 equation) in
every engine a clinic has, served and as its offline file from file://: its answers equal
the published worked values through the page API and through the form as a reader fills it,
and the result reads "eGFR N mL/min/1.73 m²" with the category as written."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from guideline_site import export

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "egfr"
sys.path[:0] = [str(EXAMPLE), str(EXAMPLE / "tests")]
import egfr_core  # noqa: E402
from published_values import PUBLISHED  # noqa: E402

WHERE = ["served", "file"]
ROOT_SELECTOR = '[data-calculator="egfr"]'
EVALUATE_ALL = """async (inputs) => {
  const calc = window.guidelineCalculators.egfr;
  await calc.load();
  return Promise.all(inputs.map((input) => calc.evaluate(input).then(
    (result) => ({result}), (e) => ({errors: e.errors}))));
}"""


@pytest.fixture(scope="session")
def egfr_site(tmp_path_factory: pytest.TempPathFactory, run_mkdocs_build) -> Path:
    site = tmp_path_factory.mktemp("egfr-site")
    result = run_mkdocs_build(EXAMPLE, site)
    if result.returncode != 0:
        pytest.fail(f"examples/egfr: mkdocs build --strict failed:\n{result.stderr[-3000:]}")
    return site


@pytest.fixture(scope="session")
def egfr_server(egfr_site: Path, serve_dir):
    base, server = serve_dir(egfr_site)
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def egfr_usb(egfr_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("usb-egfr") / export.export_uri("egfr")
    shutil.copyfile(egfr_site / export.export_uri("egfr"), path)
    return path


def _url(where: str, server: str, usb: Path) -> str:
    return server + "index.html" if where == "served" else usb.as_uri()


def _input(case) -> dict[str, object]:
    return {
        "sex": case.sex,
        "age_years": case.age_years,
        "creatinine": case.creatinine,
        "creatinine_unit": case.creatinine_unit,
    }


@pytest.mark.parametrize("where", WHERE)
def test_page_api_gives_the_published_values(engine_page, where, egfr_server, egfr_usb):
    """window.guidelineCalculators.egfr gives every published worked value (rounded half up),
    equal to the core's answer under CPython, and refuses a creatinine that is not positive."""
    engine_page.goto(_url(where, egfr_server, egfr_usb))
    inputs = [_input(case) for case in PUBLISHED]
    inputs.append({"sex": "male", "age_years": 50, "creatinine": 0, "creatinine_unit": "mg/dL"})
    got = engine_page.evaluate(EVALUATE_ALL, inputs)
    for case, answer in zip(PUBLISHED, got, strict=False):
        assert answer["result"]["egfr"] == int(case.egfr + 0.5), (case, answer)
        assert answer["result"] == egfr_core.evaluate(_input(case))
    assert [e["field"] for e in got[-1]["errors"]] == ["creatinine"]


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize(
    ("creatinine", "unit", "expected"),
    [("0.8", "mg/dL", "eGFR 79 mL/min/1.73 m²"), ("70", "umol/L", "eGFR 90 mL/min/1.73 m²")],
)
def test_form_gives_value_unit_and_category(
    engine_page, where, egfr_server, egfr_usb, creatinine, unit, expected
):
    """A reader types a decimal creatinine (0.8) in mg/dL, or 70 in µmol/L: the result reads
    "eGFR N mL/min/1.73 m²" and shows its category as written."""
    pg = engine_page
    pg.goto(_url(where, egfr_server, egfr_usb))
    age = "70" if unit == "mg/dL" else "52"
    pg.check(f'{ROOT_SELECTOR} input[name="sex"][value="female"]')
    pg.fill(f'{ROOT_SELECTOR} input[name="age_years"]', age)
    pg.select_option(f'{ROOT_SELECTOR} select[name="creatinine_unit"]', unit)
    pg.fill(f'{ROOT_SELECTOR} input[name="creatinine"]', creatinine)
    pg.wait_for_selector(f"{ROOT_SELECTOR} [data-result] [data-quantity]", timeout=120_000)
    value = " ".join(pg.text(f"{ROOT_SELECTOR} [data-quantity-value]").split())
    assert value == expected
    category = "G2" if unit == "mg/dL" else "G1"
    assert pg.text(f"{ROOT_SELECTOR} [data-band]").split()[0] == category  # as written


@pytest.mark.parametrize("width", [390, 1280])
def test_a_shared_link_opens_at_the_quantity_with_24_px_targets(browser, egfr_server, width):
    """Issue 25 for a quantity too (Chromium): a link with inputs opens at the result, with
    no layout shift, and every control is a 24 x 24 target beside its label."""
    from layout_checks import (
        CLS,
        CLS_OBSERVER,
        TARGETS,
        WHERE_RESULT,
        small_targets,
        split_from_label,
    )

    context = browser.new_context(viewport={"width": width, "height": 844})
    try:
        page = context.new_page()
        page.add_init_script(CLS_OBSERVER)
        page.goto(egfr_server + "index.html#egfr?sex=female&age_years=60&creatinine=1.1")
        page.wait_for_selector(f'{ROOT_SELECTOR} [data-category="G3a"]', timeout=60_000)
        page.wait_for_timeout(300)
        where = page.evaluate(WHERE_RESULT, [ROOT_SELECTOR])
        assert where["header"] - 1 <= where["card"]["top"] < where["viewport"]["height"] / 2
        assert "eGFR 58 mL/min/1.73 m² (G3a)" in page.inner_text(f"{ROOT_SELECTOR} [data-announce]")
        assert page.evaluate(CLS)["cls"] == 0, page.evaluate(CLS)
        targets = page.evaluate(TARGETS, [ROOT_SELECTOR])
        assert small_targets(targets) == [] and split_from_label(targets) == []
    finally:
        context.close()
