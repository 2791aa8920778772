"""A site of fifty calculators (issue 23, item 3): the scaffold's core copied under fifty
package names, one page each (tests/many_calculators.py), built once with the default
configuration. In Chromium every page's calculator answers with its own core, through its
form (a shared link's inputs, the result card) and through its hook, and the offline file
does the same from file://: no page answers with another page's core. The build admits the
site with the default budgets, and the file carries the calculators' script and the kit
once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import many_calculators as many
import pytest
import yaml
from tiny_project import SHARED_CACHE

from guideline_site import export

ROOT = Path(__file__).resolve().parents[2]
COUNT = 50


@pytest.fixture(scope="session")
def many_site(tmp_path_factory: pytest.TempPathFactory, run_mkdocs_build) -> Path:
    """The fifty-calculator site, built once with the plugin's defaults (but where the
    runtime and the caches are)."""
    tmp = tmp_path_factory.mktemp("many-calculators")
    project = many.write_site(tmp / "project", COUNT)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p["guideline"] for p in config["plugins"] if isinstance(p, dict))
    plugin.update(pyodide_dir=str(ROOT / "node_modules" / "pyodide"), cache_dir=str(SHARED_CACHE))
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = tmp / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    (tmp / "build.log").write_text(result.stderr, encoding="utf-8")
    return site


@pytest.fixture(scope="session")
def many_server(many_site: Path, serve_dir):
    base_url, server = serve_dir(many_site)
    yield base_url
    server.shutdown()
    server.server_close()


def test_the_site_builds_within_the_default_budgets_with_one_kit_and_small_wheels(
    many_site: Path,
):
    """Fifty calculators fit the offline file's default budgets (the build would fail
    otherwise); the site has one kit wheel and fifty wheels of a core each, each a few KB."""
    calc = many_site / "assets" / "calculator"
    assert len(list(calc.glob("guideline_site_kit-*.whl"))) == 1
    wheels = sorted(calc.glob("calc_*_core-*.whl"))
    assert len(wheels) == COUNT
    assert max(w.stat().st_size for w in wheels) < 5_000


def test_the_offline_file_carries_the_calculators_script_once(many_site: Path):
    """The calculators' page script is in the file once, not once per calculator page; the
    calculator pages travel compressed like any other (only the first page is HTML)."""
    html = (many_site / export.export_uri(many.name(0))).read_text(encoding="utf-8")
    assert html.count("guidelineCalculators = ") <= 1
    marker = "window.guidelineCalculatorConfig before this script runs"
    script = (ROOT / "guideline_site" / "assets" / "calculator" / "calculator.js").read_text()
    first_line = next(line for line in script.splitlines() if len(line) > 80)
    assert html.count(first_line) == 1, marker
    assert html.count('data-calculator="') == 1  # the first page's; the rest compressed


#: Pages open at once (each its own tab and Worker): their start-ups overlap their waits.
TABS = 4


def test_every_page_answers_with_its_own_core_through_its_form(browser, many_server: str):
    """Each page opened with a shared link's inputs shows its own core's result: the number
    at its own threshold gives result A with its own text, one below gives result B."""
    context = browser.new_context()
    errors: list[str] = []
    try:
        tabs = [context.new_page() for _ in range(TABS)]
        for tab in tabs:
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
        for start in range(0, COUNT, TABS):
            batch = list(zip(range(start, min(start + TABS, COUNT)), tabs, strict=False))
            for k, tab in batch:  # at the threshold, or one below
                tab.goto(
                    many_server + many.link(k, many.threshold(k) - (k % 2)), wait_until="commit"
                )
            for k, tab in batch:
                number = many.threshold(k) - (k % 2)
                root = tab.locator(f'[data-calculator="{many.name(k)}"]')
                card = root.locator("[data-result] [data-step]")
                card.wait_for(timeout=60_000)
                step = card.get_attribute("data-step")
                assert step == many.answer(k, number), (k, number, step)
                text = root.locator("[data-result]").inner_text()
                if step == "placeholder_a":
                    assert many.result_text(k) in text, (k, text)
                others = re.findall(r"result A of calculator (\d+)", text)
                assert set(others) <= {str(k)}, (k, others)
    finally:
        context.close()
    assert errors == []


def test_every_calculator_of_the_offline_file_answers_with_its_own_core(
    browser, many_site: Path, tmp_path: Path
):
    """From file:// (the file alone, as on a USB stick): each page's calculator, mounted when
    its page is put in place, answers through its hook with its own core."""
    name = export.export_uri(many.name(0))
    usb = tmp_path / name
    shutil.copyfile(many_site / name, usb)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(usb.as_uri())
        page.wait_for_function("() => document.documentElement.dataset.offlinePages === 'ready'")
        names = page.evaluate("Object.keys(window.guidelineCalculators).sort()")
        assert names == sorted(many.name(k) for k in range(COUNT))
        for k in range(COUNT):
            number = many.threshold(k)
            for given in (number, number - 1):
                result = page.evaluate(
                    "([name, n]) => window.guidelineCalculators[name].evaluate("
                    "{example_number: n, example_box: false})",
                    [many.name(k), given],
                )
                assert result["step"] == many.answer(k, given), (k, given, result["step"])
        # a page's own form, after following the link to it
        k = COUNT - 1
        link = many.link(k, many.threshold(k))
        page.goto(usb.as_uri() + link[link.index("#") :])
        card = page.locator(f'[data-calculator="{many.name(k)}"] [data-result] [data-step]')
        card.wait_for(timeout=60_000)
        assert card.get_attribute("data-step") == "placeholder_a"
        text = page.locator(f'[data-calculator="{many.name(k)}"] [data-result]').inner_text()
        assert many.result_text(k) in text
    finally:
        context.close()
    assert errors == []
