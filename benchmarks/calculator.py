"""The in-browser calculator over loopback HTTP, against a bare Pyodide page, in one run.

    .venv/bin/python benchmarks/calculator.py [--site DIR] [--runs 5]

Builds the site (``mkdocs build`` into a temporary directory) unless ``--site`` names a
build, and adds two benchmark-only pages to that copy (never to a real build):
``bench-bare.html`` loads the same self-hosted Pyodide the plain way (``pyodide.js`` on the
main thread, ``loadPyodide()`` cold, given the same lock contents as the calculator: the
site has no lock file) and runs ``1+1``; ``bench-nocalc.html`` is the article page with the
calculator's markup and script cut out. Each run is a fresh Chromium profile (a new browser
process); the variants alternate within a run. Times are ``performance.now()`` in the page
(navigation start = 0).

(a) bare page: navigation to the result of ``1+1``.
(b) article page to the first calculator result: navigation with the inputs in the URL hash
    (which starts loading at once) to the ``[data-step]`` element appearing; with where the
    time goes, every stage in ms from navigation on the page's clock (``b_stage_first_*``,
    ``b_stage_repeat_*``, printed as a table): the HTML received, calculator.js received and
    run (it marks its roots mounted), the runtime's loading started, the Worker created, the
    worker started (its time origin) and its load begun, Pyodide's script imported, the asm
    module, the wasm and the snapshot received (the worker's resource timing: a file from
    the memory cache may be missing), the snapshot in memory (downloaded and inflated),
    Python restored, the core's
    wheel unpacked and imported, the worker ready, the first result shown.
    Repeat visit: the same navigation again in the same profile, in a new browser process
    (what the HTTP cache and the compiled-code cache keep; the site's ``_headers`` make the
    versioned runtime files immutable), and its ratio to the first visit. The first visit
    stays open 5 s after its warm calls (a reader does; V8 stores compiled wasm 2 s after its
    last optimized compile), and the benchmark reports how many bytes of compiled wasm the
    profile's code cache then holds (``wasm_code_cache_bytes_after_first_visit``).
(c) the article page's DOMContentLoaded, with and without the calculator.
(d) warm ``sciaticaFlare.evaluate`` (a round trip to the Worker): 1,000 sequential calls.
``--chromium-arg SWITCH`` (repeatable) adds a Chromium switch to every browser of the run, to
measure what an engine behaviour costs: e.g. ``'--js-flags=--wasm-caching-threshold=1
--wasm-caching-timeout-ms=0'`` makes V8 store compiled wasm at once, which shows what the
repeat visit would gain from the code cache.
Plus the longest main-thread task (Long Tasks API: only tasks over 50 ms are reported) on the
(b) page from navigation to the first result (the page's own start-up included), and while
the runtime loads: on the article page without a hash, from the calculator's
``data-state="loading"`` (started by scrolling it into view once the page has loaded) to
``"ready"``. For comparison, the longest task on the (b) page from navigation to the 1,000th
warm call and on the bare page.

The site is served with the headers of its ``_headers`` file (tests/conftest.py), without
compression, as before issue 11 (so that figures compare across it).

Prints medians (min-max), b/a, the repeat-visit ratio and the (c) ratio; writes JSON to
benchmarks/results/calculator.json. ``--dcl-extra N`` adds N more (c) pairs (DOMContentLoaded
only, fresh profile each) and reports the ratio over all of them too: on a shared 2-core
machine, five fresh-profile samples of a ~250 ms figure vary by more than the 5 % target.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guideline_site import csp, runtime  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, mkdocs_build, serve_directory  # noqa: E402

HASH = (
    "#sciatica-flare?red_flags_none=true&pain_score=6&symptom_duration_days=2"
    "&symptom_duration_days_unit=months&functional_limitation=true"
)
INPUT = {
    "red_flags": [],
    "pain_score": 6,
    "symptom_duration_days": 60,
    "functional_limitation": True,
}
PROBE = """
window.__longest = 0;
window.__tasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.__longest = Math.max(window.__longest, e.duration);
    window.__tasks.push([e.startTime, e.duration]);
  }
}).observe({ type: "longtask", buffered: true });
window.__states = {};
new MutationObserver(() => {
  const root = document.querySelector("[data-calculator]");
  const state = root && root.dataset.state;
  if (state && !(state in window.__states)) window.__states[state] = performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true,
                       attributeFilter: ["data-state"] });
new MutationObserver((_, observer) => {
  if (document.querySelector("[data-result] [data-step]")) {
    window.__firstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, childList: true });
window.__marks = {};
new MutationObserver((_, observer) => {
  if (document.querySelector("[data-calculator-mounted]")) {
    window.__marks.calculator_js_ran = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true,
                       attributeFilter: ["data-calculator-mounted"] });
const PageWorker = window.Worker;
window.Worker = new Proxy(PageWorker, {
  construct(target, args) {
    if (String(args[0]).includes("calculator/worker.js") && !window.__marks.worker_created) {
      window.__marks.worker_created = performance.now();
    }
    return Reflect.construct(target, args);
  },
});
"""
BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title>
<link rel="icon" href="data:,">
<script src="{index}pyodide.js"></script><script src="bench-bare.js"></script>
</head><body><p id="out">loading</p></body></html>
"""
BARE_JS = """
loadPyodide({ indexURL: new URL("%s", location).href, lockFileContents: %s }).then((py) => {
  window.__result = py.runPython("1+1");
  window.__resultAt = performance.now();
  document.getElementById("out").textContent = String(window.__result);
});
"""
_CALCULATOR = re.compile(
    r'<section class="gc-calc".*?<script src="assets/calculator/calculator\.js" async></script>'
    r'|<link rel="stylesheet" href="assets/calculator/calculator\.css"[^>]*>',
    re.S,
)


def site_in(folder: Path, build: Path | None) -> Path:
    """A site to measure in ``folder``: a copy of ``build``, or a new build when it is None."""
    site = folder / "site"
    if build:
        shutil.copytree(build, site)
    else:
        result = mkdocs_build(ROOT, site)
        if result.returncode != 0:
            raise SystemExit(result.stderr)
    return site


def prepare(site: Path) -> None:
    """Add the benchmark-only pages to a (copied) build."""
    version = runtime.pyodide_version(ROOT / "node_modules" / "pyodide")
    index = f"assets/calculator/pyodide-{version}/"
    (site / "bench-bare.html").write_text(BARE_HTML.format(index=index), encoding="utf-8")
    lock = json.dumps(runtime.minimal_lock(ROOT / "node_modules" / "pyodide"))
    (site / "bench-bare.js").write_text(BARE_JS % (index, lock), encoding="utf-8")
    article = (site / "index.html").read_text(encoding="utf-8")
    stripped, n = _CALCULATOR.subn("", article)
    if n != 2:
        raise SystemExit("could not find the calculator in index.html")
    (site / "bench-nocalc.html").write_text(stripped, encoding="utf-8")


#: Extra Chromium switches for every browser of the run (``--chromium-arg``), e.g. V8 flags
#: that show what a behaviour of the engine costs; never used for the README's main figures.
EXTRA_ARGS: list[str] = []


def new_page(playwright, profile: str | None = None):
    """A new browser process on ``profile`` (default: a new, empty one)."""
    profile = profile or tempfile.mkdtemp(prefix="calc-bench-")
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *EXTRA_ARGS]
    )
    page = context.new_page()
    page.add_init_script(PROBE)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, profile, errors


def close(context, profile: str, errors: list[str], *, keep: bool = False) -> None:
    context.close()
    if not keep:
        shutil.rmtree(profile, ignore_errors=True)
    if errors:
        raise SystemExit(f"page errors during the benchmark: {errors[:3]}")


def run_bare(playwright, base: str) -> tuple[float, float]:
    context, page, profile, errors = new_page(playwright)
    page.goto(base + "bench-bare.html")
    page.wait_for_function("() => window.__resultAt !== undefined", timeout=120_000)
    assert page.evaluate("window.__result") == 2
    ms, longest = page.evaluate("[window.__resultAt, window.__longest]")
    close(context, profile, errors)
    return ms, longest


FIRST_RESULT = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const script = performance.getEntriesByType("resource")
    .find((e) => e.name.includes("assets/calculator/calculator.js"));
  const runtime = window.sciaticaFlare.runtime;
  /* A worker without the origin mark (before this benchmark's breakdown): no worker stages. */
  const origin = runtime.timings.origin === undefined ? null
    : runtime.timings.origin - performance.timeOrigin;
  const at = (mark) => (origin === null || mark === undefined ? null : origin + mark);
  return {
    first_result_ms: window.__firstResult,
    longest_to_first_result_ms: Math.max(0, ...window.__tasks
      .filter(([t]) => t < window.__firstResult).map(([, d]) => d)),
    timings: runtime.timings,
    worker_ms: runtime.ms,
    loading_at_ms: window.__states.loading,
    time_origin: performance.timeOrigin,
    stages: {
      html_received: nav.responseEnd,
      calculator_js_received: script ? script.responseEnd : null,
      calculator_js_ran: window.__marks.calculator_js_ran,
      loading_started: window.__states.loading,
      worker_created: window.__marks.worker_created,
      worker_load_started: at(0),
      pyodide_js_imported: at(runtime.timings.script),
      snapshot_ready: at(runtime.timings.snapshot),
      python_restored: at(runtime.timings.python),
      core_imported: at(runtime.timings.core),
      worker_ready: at(runtime.ms),
      first_result: window.__firstResult,
    },
  };
}"""
#: What the calculator's worker itself saw: when it started and its downloads (its own
#: clock; placed on the page's by the difference of the two time origins).
WORKER_SIDE = """() => ({
  time_origin: performance.timeOrigin,
  downloads: Object.fromEntries(performance.getEntriesByType("resource")
    .map((e) => [e.name.slice(e.name.lastIndexOf("/") + 1), e.responseEnd])),
})"""
#: Download marks of the breakdown: (stage, file name prefix).
DOWNLOADS = (
    ("wasm_received", "pyodide.asm.wasm"),
    ("snapshot_received", "snapshot-"),
    ("asm_js_received", "pyodide.asm.mjs"),
)
#: The breakdown's stages in the order a first result goes through them.
STAGES = (
    "html_received",
    "calculator_js_received",
    "calculator_js_ran",
    "loading_started",
    "worker_created",
    "worker_started",
    "worker_load_started",
    "pyodide_js_imported",
    "asm_js_received",
    "wasm_received",
    "snapshot_received",
    "snapshot_ready",
    "python_restored",
    "core_imported",
    "worker_ready",
    "first_result",
)


def first_result(page) -> dict:
    """The first result on ``page`` (a navigation with the inputs in the hash) and where its
    time went: every stage in ms from navigation, on the page's clock."""
    page.wait_for_function("() => window.__firstResult !== undefined", timeout=120_000)
    page.wait_for_selector('[data-calculator][data-state="ready"]')
    out = page.evaluate(FIRST_RESULT)
    worker = next(w for w in page.workers if "calculator/worker.js" in w.url)
    side = worker.evaluate(WORKER_SIDE)
    shift = side["time_origin"] - out["time_origin"]
    stages = {**out["stages"], "worker_started": shift}
    for stage, prefix in DOWNLOADS:
        ends = [t for name, t in side["downloads"].items() if name.startswith(prefix)]
        stages[stage] = shift + ends[0] if ends else None
    out["stages"] = stages
    return out


def run_article(playwright, base: str, warm_calls: int) -> dict:
    """The first visit (fresh profile), then a second visit in the same profile (a new
    browser process: what the disk cache and the code cache keep)."""
    context, page, profile, errors = new_page(playwright)
    page.goto(base + "index.html" + HASH)
    first = first_result(page)
    out = page.evaluate(
        """async ([input, n]) => {
          const nav = performance.getEntriesByType("navigation")[0];
          const longest = window.__longest;
          const times = [];
          for (let i = 0; i < n; i++) {
            const t0 = performance.now();
            await window.sciaticaFlare.evaluate(input);
            times.push(performance.now() - t0);
          }
          times.sort((a, b) => a - b);
          return {
            first_result_ms: window.__firstResult,
            dcl_ms: nav.domContentLoadedEventEnd,
            longest_task_ms: longest,
            warm_median_ms: times[Math.floor(n / 2)],
            warm_p95_ms: times[Math.floor(n * 0.95)],
            detail: document.querySelector("[data-status-detail]").textContent,
          };
        }""",
        [INPUT, warm_calls],
    )
    # a reader stays on the page: give the browser time to store compiled code (V8 caches
    # wasm 2 s after its last optimized compile)
    page.wait_for_timeout(LINGER_MS)
    close(context, profile, errors, keep=True)
    wasm_cache = code_cache_bytes(Path(profile), "wasm")
    context, page, profile, errors = new_page(playwright, profile)
    page.goto(base + "index.html" + HASH)
    second = first_result(page)
    close(context, profile, errors)
    return {
        **out,
        **first,
        "wasm_code_cache_bytes": wasm_cache,
        "repeat_first_result_ms": second["first_result_ms"],
        "repeat_stages": second["stages"],
    }


#: How long the first visit stays open after its warm calls, before the repeat visit.
LINGER_MS = 5_000


def code_cache_bytes(profile: Path, kind: str) -> int:
    """The bytes of compiled code Chromium keeps for ``kind`` ("wasm" or "js") in
    ``profile`` (its Code Cache folder, without the cache's own index files)."""
    folder = profile / "Default" / "Code Cache" / kind
    return sum(
        f.stat().st_size
        for f in folder.rglob("*")
        if f.is_file() and f.name not in ("index", "the-real-index")
    )


def run_dcl(playwright, url: str, calculator: bool) -> tuple[float, float | None]:
    """DCL, and with the calculator the longest main-thread task between the runtime's
    loading start (the calculator scrolled into view once the page has loaded, no other
    interaction) and ready."""
    context, page, profile, errors = new_page(playwright)
    page.goto(url, wait_until="load")
    dcl = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    longest = None
    if calculator:
        page.evaluate("document.querySelector('[data-calculator]').scrollIntoView()")
        page.wait_for_selector('[data-calculator][data-state="ready"]', timeout=120_000)
        longest = page.evaluate(
            """() => {
              const {loading, ready} = window.__states;
              const during = window.__tasks.filter(([t, d]) => t + d > loading && t < ready);
              return Math.max(0, ...during.map(([, d]) => d));
            }"""
        )
    close(context, profile, errors)
    return dcl, longest


def summary(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
        "runs": [round(v, 1) for v in values],
    }


def breakdown(stages: dict[str, list[float]]) -> str:
    """(b)'s first and repeat visits stage by stage: median ms from navigation, and the step
    from the stage before (a stage a visit does not have, e.g. a download from the cache
    that the worker's resource timing does not list, is left out)."""
    lines = ["where (b)'s time goes, median ms from navigation (step from the row above):"]
    lines.append(f"  {'stage':<24} {'first visit':>18} {'repeat visit':>18}")
    last = {"first": 0.0, "repeat": 0.0}
    for stage in STAGES:
        cells = []
        for visit in ("first", "repeat"):
            values = stages.get(f"{visit}_{stage}")
            if not values:
                cells.append(f"{'-':>18}")
                continue
            at = statistics.median(values)
            cells.append(f"{at:>8.0f} ({at - last[visit]:>+6.0f})  ")
            last[visit] = at
        lines.append(f"  {stage:<24} {cells[0]} {cells[1]}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warm-calls", type=int, default=1000)
    parser.add_argument(
        "--dcl-extra",
        type=int,
        default=0,
        help="extra (c) pairs (DOMContentLoaded only), reported as c_ratio_extended",
    )
    parser.add_argument(
        "--chromium-arg",
        action="append",
        default=[],
        metavar="SWITCH",
        help="an extra Chromium switch for every browser of the run (repeatable), e.g. "
        "'--js-flags=--wasm-caching-timeout-ms=0'; printed with the results",
    )
    args = parser.parse_args()
    EXTRA_ARGS[:] = args.chromium_arg

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="calc-bench-site-") as tmp:
        site = site_in(Path(tmp), args.site)
        prepare(site)
        base, server = serve_directory(site, csp.header_value(site))
        a, a_longest, b, dcl_with, dcl_without, longest, warm = [], [], [], [], [], [], []
        loading_longest: list[float] = []
        repeat: list[float] = []
        wasm_cache: list[float] = []
        to_first: list[float] = []
        stages: dict[str, list[float]] = {}
        detail = ""
        try:
            with sync_playwright() as pw:
                for i in range(args.runs):
                    ms, bare_longest = run_bare(pw, base)
                    a.append(ms)
                    a_longest.append(bare_longest)
                    art = run_article(pw, base, args.warm_calls)
                    b.append(art["first_result_ms"])
                    repeat.append(art["repeat_first_result_ms"])
                    wasm_cache.append(art["wasm_code_cache_bytes"])
                    to_first.append(art["longest_to_first_result_ms"])
                    longest.append(art["longest_task_ms"])
                    visits = (("first", art["stages"]), ("repeat", art["repeat_stages"]))
                    for visit, marks in visits:
                        for key, value in marks.items():
                            if value is not None:
                                stages.setdefault(f"{visit}_{key}", []).append(value)
                    warm.append(art["warm_median_ms"])
                    detail = art["detail"]
                    # (c): the two pages in alternating order, so neither always goes first.
                    if i % 2:
                        dcl_without.append(run_dcl(pw, base + "bench-nocalc.html", False)[0])
                    dcl, idle_longest = run_dcl(pw, base + "index.html", calculator=True)
                    dcl_with.append(dcl)
                    loading_longest.append(idle_longest)
                    if not i % 2:
                        dcl_without.append(run_dcl(pw, base + "bench-nocalc.html", False)[0])
                    print(
                        f"run {i + 1}: a {a[-1]:.0f} ms, b {b[-1]:.0f} ms, "
                        f"repeat visit {repeat[-1]:.0f} ms, "
                        f"longest task to first result {to_first[-1]:.0f} ms, "
                        f"DCL {dcl_with[-1]:.0f}/{dcl_without[-1]:.0f} ms, "
                        f"longest task loading {loading_longest[-1]:.0f} ms "
                        f"(b page {longest[-1]:.0f} ms), warm {warm[-1]:.3f} ms",
                        flush=True,
                    )
                extra_with, extra_without = list(dcl_with), list(dcl_without)
                for i in range(args.dcl_extra):
                    pair = [("with", "index.html"), ("without", "bench-nocalc.html")]
                    for kind, url in pair if i % 2 else pair[::-1]:
                        ms = run_dcl(pw, base + url, False)[0]
                        (extra_with if kind == "with" else extra_without).append(ms)
        finally:
            server.shutdown()
            server.server_close()

    report = {
        "a_bare_pyodide_1plus1_ms": summary(a),
        "b_article_first_result_ms": summary(b),
        "b_over_a": round(statistics.median(b) / statistics.median(a), 3),
        "b_repeat_visit_first_result_ms": summary(repeat),
        "repeat_over_first_visit": round(statistics.median(repeat) / statistics.median(b), 3),
        # compiled wasm Chromium kept for the repeat visit (0: none, it compiles again)
        "wasm_code_cache_bytes_after_first_visit": summary(wasm_cache),
        "longest_main_thread_task_navigation_to_first_result_ms": summary(to_first),
        **{f"b_stage_{key}_ms": summary(values) for key, values in stages.items()},
        "c_dcl_with_calculator_ms": summary(dcl_with),
        "c_dcl_without_calculator_ms": summary(dcl_without),
        "c_ratio": round(statistics.median(dcl_with) / statistics.median(dcl_without), 3),
        **(
            {
                "c_extended_with_ms": summary(extra_with),
                "c_extended_without_ms": summary(extra_without),
                "c_ratio_extended": round(
                    statistics.median(extra_with) / statistics.median(extra_without), 3
                ),
            }
            if args.dcl_extra
            else {}
        ),
        "d_warm_evaluate_median_ms": summary(warm),
        "longest_main_thread_task_while_loading_ms": summary(loading_longest),
        "longest_main_thread_task_b_whole_page_ms": summary(longest),
        "a_longest_main_thread_task_ms": summary(a_longest),
        "runtime_status": detail,
        "runs": args.runs,
        "warm_calls": args.warm_calls,
        "chromium_args": args.chromium_arg,
    }
    for key, value in report.items():
        if key.startswith("b_stage_"):
            continue
        if isinstance(value, dict):
            print(f"{key}: {value['median']} (min {value['min']}, max {value['max']})")
        else:
            print(f"{key}: {value}")
    print(breakdown(stages))
    print("(longest task 0 means no task over 50 ms: the Long Tasks API reports only those)")
    out = ROOT / "benchmarks" / "results" / "calculator.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
