"""A broken core (its evaluate raises something other than its input error) shows the reader
one line, the exception ("RuntimeError: ..."), in the calculator's visible error state, never
a Python traceback; the whole traceback goes to the console (worker.js, readerLine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_project import build_scaffolded_site

NAME = "example"
ROOT_SELECTOR = f'[data-calculator="{NAME}"]'
#: Appended to the scaffold's placeholder core: its evaluate_json (the kit's, bound to CORE)
#: calls CORE.evaluate, which this replaces.
BREAK_CORE = '''

def evaluate(data):
    """Broken on purpose (a test's core): raises what no core may raise."""
    raise RuntimeError("boom in the placeholder core")


CORE.evaluate = evaluate
'''


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory, run_mkdocs_build) -> Path:
    """A scaffolded site (``python -m guideline_site new``) whose core's evaluate raises."""

    def break_core(project: Path) -> None:
        with (project / "example_core" / "__init__.py").open("a", encoding="utf-8") as core:
            core.write(BREAK_CORE)

    return build_scaffolded_site(
        tmp_path_factory.mktemp("broken-core"), run_mkdocs_build, break_core
    )


def test_a_broken_core_shows_one_line_and_logs_the_traceback(browser, serve_dir, broken_site: Path):
    base_url, server = serve_dir(broken_site)
    context = browser.new_context()
    logged: list[str] = []
    try:
        page = context.new_page()
        page.on("worker", lambda w: w.on("console", lambda m: logged.append(f"{m.type} {m.text}")))
        page.on("console", lambda m: logged.append(f"{m.type} {m.text}"))
        page.goto(base_url + "index.html")
        page.fill(f'{ROOT_SELECTOR} input[name="example_number"]', "7")
        page.check(f'{ROOT_SELECTOR} input[name="example_box"][value="false"]')
        placeholder = page.locator(f"{ROOT_SELECTOR} [data-result] .gc-placeholder")
        placeholder.filter(has_text="not available").wait_for(timeout=120_000)
        shown = placeholder.inner_text()
        result_box = page.locator(f"{ROOT_SELECTOR} [data-result]").inner_text()
        hook = f"window.guidelineCalculators[{NAME!r}]"
        rejected = page.evaluate(
            f"{hook}.evaluate({{example_number: 7, example_box: false}})"
            ".then(() => null, (e) => String(e && e.message || e))"
        )
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert shown == (
        "No result: the calculator is not available (RuntimeError: boom in the placeholder core)."
    )
    assert "Traceback" not in result_box and "/lib/python" not in result_box
    assert rejected == "RuntimeError: boom in the placeholder core"
    tracebacks = [line for line in logged if line.startswith("error ") and "Traceback" in line]
    assert tracebacks, logged  # the whole traceback is in the console, not swallowed
    assert 'raise RuntimeError("boom in the placeholder core")' in tracebacks[0]


#: Appended to the scaffold's placeholder core: importing it fails in Pyodide only (the build
#: imports it in CPython), as a core using a module Pyodide lacks would.
BREAK_IMPORT = """

import sys as _sys

if _sys.platform == "emscripten":
    raise RuntimeError("boom at import in the browser")
"""


def test_a_core_that_fails_to_import_in_the_browser_shows_one_line(
    browser, serve_dir, run_mkdocs_build, tmp_path: Path
):
    """Loading fails with the exception's line in the calculator's error state, not the
    traceback; the console has the traceback."""

    def break_import(project: Path) -> None:
        with (project / "example_core" / "__init__.py").open("a", encoding="utf-8") as core:
            core.write(BREAK_IMPORT)

    site = build_scaffolded_site(tmp_path, run_mkdocs_build, break_import)
    base_url, server = serve_dir(site)
    context = browser.new_context()
    logged: list[str] = []
    try:
        page = context.new_page()
        page.on("worker", lambda w: w.on("console", lambda m: logged.append(f"{m.type} {m.text}")))
        page.goto(base_url + "index.html")
        hook = f"window.guidelineCalculators[{NAME!r}]"
        failure = page.evaluate(
            f"{hook}.load().then(() => null, (e) => String(e && e.message || e))"
        )
        page.locator(f'{ROOT_SELECTOR}[data-state="error"]').wait_for(timeout=60_000)
        shown = page.locator(ROOT_SELECTOR).inner_text()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert failure is not None
    assert "RuntimeError: boom at import in the browser" in failure
    assert "Traceback" not in failure
    assert "RuntimeError: boom at import in the browser" in shown
    assert "Traceback" not in shown and "/lib/python" not in shown
    assert any("Traceback" in line for line in logged if line.startswith("error ")), logged
