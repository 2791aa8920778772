"""Fixtures and helpers for the calculator's browser tests (the shared ones are in
tests/conftest.py: built_site, site_server, browser, page, page_problems)."""

from __future__ import annotations

import pytest

ARTICLE = "index.html"

#: Records CSP violations in the page (they are also console errors, which fail a test).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


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
