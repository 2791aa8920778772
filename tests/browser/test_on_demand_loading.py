"""The runtime loads only when it will be used (issue 11): a reader who only reads the
article downloads no runtime; scrolling the calculator near the viewport, the URL hash with
its inputs, using the form and load()/evaluate() start it; with the browser's data saver on,
only using the form does.

The article is served gzip-compressed, with the headers of the site's ``_headers`` file, as a
static host serves it. Headless Chromium draws frames (IntersectionObserver and
requestAnimationFrame run; the reading test counts frames so that "nothing loaded" cannot
come from a browser that renders nothing)."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from calc_helpers import CSP_LISTENER, ROOT_SELECTOR

READ_SECONDS = 10
BUDGET_BYTES = 500_000
HASH = (
    "#sciatica-flare?red_flags_none=true&pain_score=6&symptom_duration_days=2"
    "&symptom_duration_days_unit=months&functional_limitation=true"
)
#: The requests that belong to the calculator's runtime (the page's own script and
#: stylesheet, ~30 KB, are part of the article).
RUNTIME_PATHS = ("/assets/calculator/pyodide-", "/assets/calculator/worker.js", ".whl", "snapshot-")
#: The state of the calculator's root at each change, with where it was in the viewport.
STATES = """
window.__states = [];
new MutationObserver(() => {
  const root = document.querySelector('[data-calculator]');
  if (root && window.__states.at(-1)?.[0] !== root.dataset.state) {
    window.__states.push([root.dataset.state, root.getBoundingClientRect().top / innerHeight]);
  }
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ["data-state"]});
window.__frames = 0;
const count = () => { window.__frames += 1; requestAnimationFrame(count); };
requestAnimationFrame(count);
"""
SAVE_DATA = """
Object.defineProperty(Navigator.prototype, "connection", {
  configurable: true, get: () => ({ saveData: true, effectiveType: "4g" }),
});
"""


@pytest.fixture(scope="module")
def gzip_server(built_site, site_csp, serve_dir):
    base, server = serve_dir(built_site, site_csp, gzip=True)
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture
def reader(browser, gzip_server):
    """A fresh page on the gzip server recording every request (the page's and its
    workers') with the bytes it took on the wire, and what went wrong in the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.add_init_script(CSP_LISTENER + STATES)
    page.requests = []
    page.problems = []
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(gzip_server))

    def finished(request) -> None:
        sizes = request.sizes()
        page.requests.append(
            (request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"])
        )

    def started(request) -> None:
        if not request.url.startswith((origin, "data:", f"blob:{origin}")):
            page.problems.append(f"request to another origin: {request.url}")

    context.on("requestfinished", finished)
    context.on("request", started)
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    violations = page.evaluate("window.__cspViolations")
    context.close()
    assert not violations
    assert not page.problems


def runtime_requests(page) -> list[str]:
    return [url for url, _ in page.requests if any(p in url for p in RUNTIME_PATHS)]


def state(page) -> str:
    return page.locator(ROOT_SELECTOR).get_attribute("data-state")


def test_a_reader_who_only_reads_downloads_no_runtime(reader, gzip_server):
    """No interaction for 10 s: under 0.5 MB on the wire, no runtime request, no worker; the
    page drew frames all along; scrolling the calculator into view then starts loading."""
    reader.goto(gzip_server + "index.html", wait_until="load")
    time.sleep(READ_SECONDS)
    frames = reader.evaluate("window.__frames")
    assert frames > READ_SECONDS, f"only {frames} frames drawn: IntersectionObserver untested"
    transferred = sum(size for _, size in reader.requests)
    assert transferred < BUDGET_BYTES, (transferred, reader.requests)
    assert runtime_requests(reader) == []
    assert not [w for w in reader.workers if "/assets/calculator/" in w.url]  # Material's search
    assert state(reader) == "idle"
    status = reader.locator(f"{ROOT_SELECTOR} [data-status]").inner_text()
    assert status == "The calculator loads when you scroll to it or use the form."

    reader.locator(ROOT_SELECTOR).scroll_into_view_if_needed()
    reader.wait_for_selector(f'{ROOT_SELECTOR}[data-state="ready"]', timeout=60_000)
    assert any("pyodide.asm.wasm" in url for url in runtime_requests(reader))
    # It started once the calculator was within a viewport of being visible.
    (_, top), *_ = [s for s in reader.evaluate("window.__states") if s[0] == "loading"]
    assert top < 2


def test_loading_starts_a_viewport_before_the_calculator_is_visible(reader, gzip_server):
    reader.goto(gzip_server + "index.html", wait_until="load")
    top = reader.evaluate(
        "document.querySelector('[data-calculator]').getBoundingClientRect().top + scrollY"
    )
    # Half a viewport short of it: the calculator is still out of sight, loading starts.
    reader.evaluate(f"window.scrollTo(0, {top} - 1.5 * innerHeight)")
    reader.wait_for_selector(f'{ROOT_SELECTOR}:not([data-state="idle"])', timeout=30_000)
    visible = reader.evaluate(
        "document.querySelector('[data-calculator]').getBoundingClientRect().top < innerHeight"
    )
    assert not visible
    reader.wait_for_selector(f'{ROOT_SELECTOR}[data-state="ready"]', timeout=60_000)


def test_inputs_in_the_url_hash_start_loading_at_once(reader, gzip_server):
    """Far from the viewport, no scroll, no interaction: the hash's inputs are shown as a
    result, so the runtime loads at once (and then the page opens at that result: issue 25)."""
    reader.goto(gzip_server + "index.html" + HASH)
    reader.wait_for_selector(f"{ROOT_SELECTOR} [data-step]", timeout=60_000)
    first, *_ = [s for s in reader.evaluate("window.__states") if s[0] == "loading"]
    assert first[1] > 2, "the calculator was within a viewport: visibility, not the hash"


def test_with_data_saver_on_only_using_the_form_loads_it(reader, gzip_server):
    reader.add_init_script(SAVE_DATA)
    reader.goto(gzip_server + "index.html", wait_until="load")
    assert (
        reader.locator(f"{ROOT_SELECTOR} [data-status]").inner_text().startswith("Data saver is on")
    )
    reader.locator(ROOT_SELECTOR).scroll_into_view_if_needed()
    # The page's own observers have run once the calculator is seen by a new one.
    reader.evaluate(
        """() => new Promise((resolve) => {
          const seen = new IntersectionObserver((entries) => {
            if (entries.some((e) => e.isIntersecting)) {
              seen.disconnect();
              requestAnimationFrame(() => requestAnimationFrame(resolve));
            }
          });
          seen.observe(document.querySelector('[data-calculator]'));
        })"""
    )
    assert state(reader) == "idle"
    assert runtime_requests(reader) == []
    reader.click('input[name="pain_score"]')
    reader.wait_for_selector(f'{ROOT_SELECTOR}[data-state="ready"]', timeout=60_000)


def test_the_page_api_loads_it_without_scrolling(reader, gzip_server):
    reader.goto(gzip_server + "index.html", wait_until="load")
    answer = reader.evaluate("() => sciaticaFlare.evaluateJSON('{}')")
    assert '"errors"' in answer
    assert reader.evaluate("scrollY") == 0
