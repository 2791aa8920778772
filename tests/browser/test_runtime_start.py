"""How fast the runtime starts (issue 11): inputs in the URL hash start the page's one Worker
from <head> (templates/partials/calculator-early.html), before the page script runs, and the
page script adopts it; the worker keeps the inflated snapshot in Cache Storage, so that the
next visit restores it without waiting for the download and inflating it again
(worker.js: the download starts beside the look-up and is aborted when the kept copy
wins). That the next visit restores the kept copy is tested in every engine
(test_every_browser.py)."""

from __future__ import annotations

import time

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
CACHE = "guideline-calculator-snapshot"
#: The URLs kept in the worker's snapshot cache, and the first 32-bit word of each entry.
KEPT = f"""async () => {{
  const cache = await caches.open("{CACHE}");
  const out = [];
  for (const request of await cache.keys()) {{
    const bytes = await (await cache.match(request)).arrayBuffer();
    out.push([request.url, bytes.byteLength >= 4 ? new Uint32Array(bytes, 0, 1)[0] : null]);
  }}
  return out;
}}"""
KEPT_MAGIC = 0x31504E53  # worker.js


def open_with_hash(page, base: str, requests: list[str]) -> dict:
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script(CSP_LISTENER + PROBE)
    page.goto(base + "index.html" + HASH)
    page.wait_for_selector(f"{ROOT_SELECTOR} [data-step]", timeout=60_000)
    assert page.evaluate("window.__cspViolations") == []
    return page.evaluate("window.sciaticaFlare.runtime")


def snapshot_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if "/assets/calculator/snapshot-" in url]


def poll(page, script: str, arg=None, timeout_s: float = 30) -> None:
    """Wait until the async ``script`` answers true (Playwright's wait_for_function takes a
    returned Promise as true at once)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"not true within {timeout_s} s: {script}"
        time.sleep(0.1)


def wait_kept(page) -> list:
    poll(page, f"""async () => (await (await caches.open("{CACHE}")).keys()).length > 0""")
    return page.evaluate(KEPT)


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


def test_a_kept_snapshot_that_does_not_read_is_dropped_and_downloaded_again(
    page, site_server, built_site
):
    (snapshot,) = built_site.glob("assets/calculator/snapshot-*")
    url = f"{site_server}assets/calculator/{snapshot.name}"
    page.goto(site_server + "decision-table.html")
    page.evaluate(
        f"""async (url) => {{
          const cache = await caches.open("{CACHE}");
          await cache.put(url, new Response(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])));
        }}""",
        url,
    )
    visit = page.context.new_page()
    warnings: list[str] = []
    visit.on("worker", lambda w: w.on("console", lambda m: warnings.append(m.text)))
    requests: list[str] = []
    runtime = open_with_hash(visit, site_server, requests)
    assert runtime["snapshot"] and runtime["note"] == "" and "kept" not in runtime["timings"]
    assert snapshot_requests(requests) == [url]
    assert any("kept snapshot could not be read" in text for text in warnings), warnings
    poll(
        visit,
        f"""async (url) => {{
          const entry = await (await caches.open("{CACHE}")).match(url);
          return Boolean(entry) && (await entry.arrayBuffer()).byteLength > 8;
        }}""",
        url,
    )
    assert visit.evaluate(KEPT) == [[url, KEPT_MAGIC]]
