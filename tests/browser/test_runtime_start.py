"""How soon the runtime starts (issue 11): inputs in the URL hash start the page's one Worker
from <head> (templates/partials/calculator-early.html), before the page script runs, and the
page script adopts it (one worker, each runtime file downloaded once)."""

from __future__ import annotations

from calc_helpers import CSP_LISTENER, ROOT_SELECTOR

HASH = (
    "#sciatica-flare?red_flags_none=true&pain_score=6&symptom_duration_days=2"
    "&symptom_duration_days_unit=months&functional_limitation=true"
)
#: When the calculator's Worker was created and when calculator.js marked its root mounted,
#: and how many calculator Workers the page created.
PROBE = """
window.__marks = { workers: 0 };
new MutationObserver((_, observer) => {
  if (document.querySelector("[data-calculator-mounted]")) {
    window.__marks.mounted = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true,
                       attributeFilter: ["data-calculator-mounted"] });
window.Worker = new Proxy(window.Worker, {
  construct(target, args) {
    if (String(args[0]).includes("calculator/worker.js")) {
      window.__marks.workers += 1;
      window.__marks.created ??= performance.now();
    }
    return Reflect.construct(target, args);
  },
});
"""


def open_with_hash(page, base: str, requests: list[str]) -> dict:
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script(CSP_LISTENER + PROBE)
    page.goto(base + "index.html" + HASH)
    page.wait_for_selector(f"{ROOT_SELECTOR} [data-step]", timeout=60_000)
    assert page.evaluate("window.__cspViolations") == []
    return page.evaluate("window.sciaticaFlare.runtime")


def test_inputs_in_the_hash_start_the_worker_before_the_page_script_and_it_is_adopted(
    page, site_server
):
    requests: list[str] = []
    runtime = open_with_hash(page, site_server, requests)
    marks = page.evaluate("window.__marks")
    assert marks["created"] < marks["mounted"], marks
    assert marks["workers"] == 1, "calculator.js started a second worker"
    assert runtime["snapshot"] and runtime["note"] == ""
    for name in ("pyodide.asm.wasm", "pyodide.js", "snapshot-", ".whl", "worker.js"):
        assert len([url for url in requests if name in url]) == 1, (name, requests)


def test_a_hash_that_is_not_the_calculators_starts_no_worker_from_the_head(page, site_server):
    page.add_init_script(PROBE)
    page.goto(site_server + "index.html#references", wait_until="load")
    marks = page.evaluate("window.__marks")
    assert "mounted" in marks
    assert marks["workers"] == 0
