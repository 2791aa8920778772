"""Fixtures and helpers for the calculator's browser tests (the shared ones are in
tests/conftest.py: built_site, site_server, browser, page, page_problems, engine_page)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from calc_helpers import CSP_LISTENER

from guideline_site import export

ARTICLE = "index.html"


@pytest.fixture
def calc_page(page, site_server, page_problems):
    """The article page with the calculator, worker console errors recorded as problems."""

    def on_worker(worker) -> None:
        def on_console(msg) -> None:
            if msg.type == "error":
                page_problems.append(f"worker console error: {msg.text}")

        worker.on("console", on_console)

    page.on("worker", on_worker)
    page.add_init_script(CSP_LISTENER)
    page.goto(site_server + ARTICLE)
    yield page
    violations = page.evaluate("window.__cspViolations || []") if not page.is_closed() else []
    assert not violations, f"CSP violations: {violations}"


@pytest.fixture(scope="session")
def usb_copy(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline file alone in an empty directory, as on a USB stick."""
    path = tmp_path_factory.mktemp("usb-every-browser") / export.export_uri("sciatica-flare")
    shutil.copyfile(built_site / export.export_uri("sciatica-flare"), path)
    return path
