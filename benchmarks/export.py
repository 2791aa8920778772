"""The offline export from file://: its sizes as the two budgets see them, the open time of
a 300-page file against the project's own (small) file, and the cold time to the first
result with and without the memory snapshot, in the same run.

    .venv/bin/python benchmarks/export.py [--site DIR] [--large-site DIR] [--runs 5] [--open-only]

Sizes (issue 12): the runtime part (the runtime's data blocks and the worker's source, as
``export.render`` counts it) against its budget (export_runtime_budget x the raw runtime
files), the content part (the rest) against its budget (export_content_budget_bytes +
pages x export_page_budget_bytes), for the small file and the 300-page one.

Open time (issue 12, item 3; issue 24: with the nav's sections and each page's contents): the
300-page site is generated as tests/export/test_large_file.py generates it, in 10 sections of
the nav (``--large-site`` names its build instead; ``--open-only`` measures this alone).
Each run is a fresh Chromium profile opening the file from file://, the two files
alternating; readable = navigation start to the frame after the first page's section is
complete and visible with its text (a MutationObserver while the parser runs, then two
animation frames). Also the longest
main-thread task (Long Tasks API) that starts after that, until the content block is decoded,
the load event has passed and a second more. These runs drive Chromium over its DevTools
pipe without the Network domain (``PipeBrowser`` says why).

Builds the site (``mkdocs build`` into a temporary directory) unless ``--site`` names a
build. The no-snapshot file is the same export with its snapshot data block removed (the
page then starts Pyodide cold, as it does when a build has no snapshot). Each run is a fresh
Chromium profile (a new browser process), every request but the file itself aborted, the two
variants alternating. Time to first result: navigation start to the settling of the first
``window.sciaticaFlare.evaluate(...)`` called at DOMContentLoaded (``performance.now()`` in
the page). Also the longest main-thread task (Long Tasks API) while loading: the page stays
responsive when the runtime starts in the Worker.

Prints medians (min-max), the ratio snapshot/no-snapshot, the file's size against the raw
runtime files (wasm + stdlib zip + asm module) and what each data block weighs; writes the
same as JSON to benchmarks/results/export.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the tests' own helpers import as pytest has them

from guideline_site import export  # noqa: E402
from guideline_site.config import GuidelineConfig  # noqa: E402
from guideline_site.export import payload  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, mkdocs_build  # noqa: E402
from tests.export.test_large_file import PAGES, generated_site  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Page

INPUT = {
    "red_flags": [],
    "pain_score": 6,
    "symptom_duration_days": 40,
    "functional_limitation": True,
}
LONGTASKS = """
window.__longest = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
}).observe({ type: "longtask", buffered: true });
"""
OPEN_PROBE = """
window.__open = { readable: null, tasks: [] };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__open.tasks.push([e.startTime, e.duration]);
}).observe({ type: "longtask", buffered: true });
window.__readable = new Promise((resolve) => {
  const ready = () => {
    const first = document.querySelector(".export-page");
    // complete: the parser has gone past it; readable: shown, with its text
    return first && first.nextElementSibling && first.checkVisibility()
      && first.innerText.trim().length > 0;
  };
  const observer = new MutationObserver(() => {
    if (!ready()) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.__open.readable = performance.now();
      resolve();
    }));
  });
  observer.observe(document, { childList: true, subtree: true });
});
"""
_BLOCK = re.compile(
    r'<script type="application/octet-stream" data-offline-blob="([^"]+)"[^>]*>[^<]*</script>'
    r"<script>[^<]*</script>\n?"
)
_WORKER = '<script type="text/plain" id="offline-worker">'
_SNAPSHOT_BLOCK = re.compile(
    r'<script type="application/octet-stream" data-offline-blob="'
    + re.escape(payload.SNAPSHOT_NAME)
    + r'"[^>]*>[^<]*</script>(<script>[^<]*</script>)?\n?'
)


@contextmanager
def fresh_page(playwright, path: Path) -> Iterator[Page]:
    """A page of a fresh Chromium profile (a new browser process) where every request but
    ``path`` itself is refused; a refused request ends the benchmark."""
    url = path.as_uri()
    profile = tempfile.mkdtemp(prefix="export-bench-")
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )
    refused: list[str] = []

    def route(r) -> None:
        if r.request.url.split("#")[0] == url:
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    try:
        context.route("**/*", route)
        yield context.pages[0] if context.pages else context.new_page()
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)
    if refused:
        raise SystemExit(f"the export made requests: {refused}")


def one_run(playwright, path: Path) -> dict:
    with fresh_page(playwright, path) as page:
        page.add_init_script(LONGTASKS)
        page.goto(path.as_uri(), wait_until="domcontentloaded")
        got = page.evaluate(
            """async (input) => {
                const result = await window.sciaticaFlare.evaluate(input);
                const ms = performance.now();
                await new Promise((r) => setTimeout(r, 50));
                const detail = document.querySelector("[data-status-detail]").textContent;
                return { ms, step: result.step, longest: window.__longest, detail };
            }""",
            INPUT,
        )
    return got


def size_split(html: str) -> dict[str, int]:
    """The file's bytes as the two budgets count them (``export.render``): the runtime part is
    what the file loses without the runtime's data blocks and the worker's source; the
    content part is the rest."""
    runtime = sum(
        len(m.group(0).encode("utf-8"))
        for m in _BLOCK.finditer(html)
        if m.group(1) != export.CONTENT_NAME
    )
    start = html.index(_WORKER) + len(_WORKER)
    runtime += len(html[start : html.index("</script>", start)].encode("utf-8"))
    size = len(html.encode("utf-8"))
    return {"file": size, "runtime_part": runtime, "content_part": size - runtime}


def budgets(html: str, raw_runtime: int) -> dict[str, int]:
    """The default budgets (the plugin's configuration) for this file's pages."""
    defaults = {k: v.default for k, v in GuidelineConfig._schema}
    pages = html.count('<section class="export-page"')
    return {
        "pages": pages,
        "runtime_budget": int(defaults["export_runtime_budget"] * raw_runtime),
        "content_budget": defaults["export_content_budget_bytes"]
        + defaults["export_page_budget_bytes"] * pages,
    }


class PipeBrowser:
    """Chromium driven over ``--remote-debugging-pipe`` (the DevTools protocol on fds 3 and
    4, standard library only) with no domain but Page and Runtime: no request interception
    and no Network domain. With the Network domain on (Playwright turns it on for every
    page), Chromium keeps a copy of the document's body for DevTools and decodes all of it
    when it has been read (TextResourceDecoder::Decode of 13,027,256 bytes in
    DocumentLoader::BodyLoadingFinished: one task of 120-200 ms after the first paint), a
    cost no reader's browser has; the open time is measured without it."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="export-bench-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def fds() -> None:  # the child's fd 3 reads commands, fd 4 writes answers
            read, write = os.dup(to_chrome_r), os.dup(from_chrome_w)  # neither is 3 or 4 now
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_ARGS, f"--user-data-dir={self.profile}",
             "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), preexec_fn=fds,  # kept open in the child once fds() made them
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise SystemExit("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next += 1
        message: dict = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            got = self._read()
            if got.get("id") == self._next:
                if "error" in got:
                    raise SystemExit(f"{method}: {got['error']}")
                return got.get("result", {})
            self.events.append(got)

    def wait_for(self, method: str) -> None:
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read())

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        shutil.rmtree(self.profile, ignore_errors=True)


def open_run(path: Path) -> dict:
    """One fresh profile opening ``path``: when its first page is readable, and the longest
    main-thread task after that while the rest decodes (``PipeBrowser``: no Network
    domain). The file must have fetched nothing (no resource timing entry)."""
    browser = PipeBrowser()
    try:
        targets = browser.call("Target.getTargets")["targetInfos"]
        target = next(t["targetId"] for t in targets if t["type"] == "page")
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        browser.call("Page.addScriptToEvaluateOnNewDocument", {"source": OPEN_PROBE}, session)
        browser.call("Page.enable", session=session)
        browser.events.clear()
        browser.call("Page.navigate", {"url": path.as_uri()}, session)
        browser.wait_for("Page.loadEventFired")
        got = browser.call(
            "Runtime.evaluate",
            {
                "expression": """(async () => {
                    await window.__readable;
                    await window.guidelineCalculatorConfig.content();
                    await new Promise((r) => setTimeout(r, 1000));
                    const o = window.__open;
                    const after = o.tasks.filter(([start]) => start >= o.readable);
                    return {
                        readable: o.readable,
                        longest_after: Math.max(0, ...after.map(([, d]) => d)),
                        longest: Math.max(0, ...o.tasks.map(([, d]) => d)),
                        fetched: performance.getEntriesByType("resource").map((e) => e.name),
                    };
                })()""",
                "awaitPromise": True,
                "returnByValue": True,
            },
            session,
        )
    finally:
        browser.close()
    if "exceptionDetails" in got:
        raise SystemExit(f"the open probe failed: {got['exceptionDetails']}")
    value = got["result"]["value"]
    if value.pop("fetched"):
        raise SystemExit(f"the export fetched something: {value}")
    return value


_LOGGED = re.compile(r"runtime part ([\d.]+) MB .*?content part ([\d.]+) MB for (\d+) pages")


def build(project: Path, site: Path) -> str:
    """Build ``project`` into ``site``; the build's log."""
    result = mkdocs_build(project, site)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build of {project} failed:\n{result.stderr[-3000:]}")
    return result.stdout + result.stderr


def agrees_with_log(log: str, split: dict[str, int]) -> None:
    """The split equals what the build logged (the budgets' own figures, in MB to 2 places)."""
    logged = _LOGGED.search(log)
    if logged is None:
        raise SystemExit("the build logged no offline export sizes")
    runtime, content, pages = float(logged[1]), float(logged[2]), int(logged[3])
    ours = (round(split["runtime_part"] / 1e6, 2), round(split["content_part"] / 1e6, 2))
    if ours != (runtime, content) or pages != split["pages"]:
        raise SystemExit(f"size split {split} disagrees with the build's log {logged[0]!r}")


def summary(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values)),
        "min": round(min(values)),
        "max": round(max(values)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build one)")
    parser.add_argument(
        "--large-site", type=Path, help=f"an existing build of the {PAGES}-page site"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--open-only", action="store_true", help="the sizes and open times, no calculator runs"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="export-bench-site-"))
    try:
        logs = {}
        site = args.site.resolve() if args.site else None
        if site is None:
            site = work / "site"
            logs["small"] = build(ROOT, site)
        large_site = args.large_site.resolve() if args.large_site else None
        if large_site is None:
            large_site = work / "large-site"
            logs[f"{PAGES}_pages"] = build(generated_site(ROOT, work), large_site)
        with_snapshot = site / export.export_uri("sciatica-flare")
        large = large_site / export.export_uri("sciatica-flare")
        html = with_snapshot.read_text(encoding="utf-8")
        cold_html, removed = _SNAPSHOT_BLOCK.subn("", html)
        if removed < 1:
            raise SystemExit("the export has no snapshot data block")
        cold = work / "offline-no-snapshot.html"
        cold.write_text(cold_html, encoding="utf-8")

        pyodide = ROOT / "node_modules" / "pyodide"
        raw = {
            name: (pyodide / name).stat().st_size
            for name in ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide.asm.mjs")
        }
        raw_total = sum(raw.values())
        sizes = {}
        for name, text in (("small", html), (f"{PAGES}_pages", large.read_text("utf-8"))):
            sizes[name] = {**size_split(text), **budgets(text, raw_total)}
            if name in logs:
                agrees_with_log(logs[name], sizes[name])

        from playwright.sync_api import sync_playwright

        runs: dict[str, list[dict]] = {"snapshot": [], "no_snapshot": []}
        opens: dict[str, list[dict]] = {"small": [], f"{PAGES}_pages": []}
        load_before = os.getloadavg()[0]
        with sync_playwright() as pw:
            for i in range(args.runs):
                for name, path in (("small", with_snapshot), (f"{PAGES}_pages", large)):
                    r = open_run(path)
                    opens[name].append(r)
                    print(
                        f"run {i + 1} open {name:10s} readable {r['readable']:7.0f} ms"
                        f"  longest task after {r['longest_after']:.0f} ms"
                        f" (in all {r['longest']:.0f} ms)"
                    )
            for i in range(0 if args.open_only else args.runs):
                for name, path in (("snapshot", with_snapshot), ("no_snapshot", cold)):
                    r = one_run(pw, path)
                    expected = "from a snapshot" if name == "snapshot" else "cold start"
                    if r["step"] != "start_nsaid" or expected not in r["detail"]:
                        raise SystemExit(f"unexpected run {name}: {r}")
                    runs[name].append(r)
                    ms, longest = r["ms"], r["longest"]
                    print(f"run {i + 1} {name:12s} {ms:7.0f} ms  longest task {longest:.0f} ms")

        size = with_snapshot.stat().st_size
        blocks = {
            name: sum(
                len(m.group(1).encode("utf-8"))
                for m in re.finditer(
                    rf'data-offline-blob="{re.escape(name)}"[^>]*>([^<]*)</script>', html
                )
            )
            for name in dict.fromkeys(re.findall(r'data-offline-blob="([^"]+)"', html))
        }
        report = {
            "runs": args.runs,
            "sizes_bytes": sizes,
            "open_readable_ms": {k: summary([r["readable"] for r in v]) for k, v in opens.items()},
            "open_longest_task_after_readable_ms": {
                k: summary([r["longest_after"] for r in v]) for k, v in opens.items()
            },
            "time_to_first_result_ms": {
                k: summary([r["ms"] for r in v]) for k, v in runs.items() if v
            },
            "longest_main_thread_task_ms": {
                k: summary([r["longest"] for r in v]) for k, v in runs.items() if v
            },
            "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
            "file_bytes": size,
            "no_snapshot_file_bytes": cold.stat().st_size,
            "raw_runtime_bytes": raw,
            "raw_runtime_total": raw_total,
            "file_vs_raw_runtime": round(size / raw_total, 3),
            "data_blocks_bytes": blocks,
            "pages_and_scripts_bytes": size - sum(blocks.values()),
        }
        o = report["open_readable_ms"]
        report["ratio_open_large_vs_small"] = round(
            o[f"{PAGES}_pages"]["median"] / o["small"]["median"], 3
        )
        t = report["time_to_first_result_ms"]
        if t:
            report["ratio_snapshot_vs_no_snapshot"] = round(
                t["snapshot"]["median"] / t["no_snapshot"]["median"], 3
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    before, after = report["load_average_1min"]
    print(f"load average {before} before, {after} after (other work on this 2-core machine)")
    for name, s in sizes.items():
        print(
            f"{name:10s} file {s['file']:,} B = runtime part {s['runtime_part']:,} B"
            f" (budget {s['runtime_budget']:,}) + content part {s['content_part']:,} B"
            f" (budget {s['content_budget']:,} for {s['pages']} pages)"
        )
    for name, s in report["open_readable_ms"].items():
        a = report["open_longest_task_after_readable_ms"][name]
        print(
            f"open {name:10s} first page readable median {s['median']} ms ({s['min']}-{s['max']});"
            f" longest task after it median {a['median']} ms ({a['min']}-{a['max']})"
        )
    print(
        f"ratio open {PAGES} pages / small: {report['ratio_open_large_vs_small']}"
        " (target <= 1.2; longest task after first paint target <= 50 ms)"
    )
    for name, s in report["time_to_first_result_ms"].items():
        print(f"{name:12s} median {s['median']} ms ({s['min']}-{s['max']})")
    if "ratio_snapshot_vs_no_snapshot" in report:
        ratio = report["ratio_snapshot_vs_no_snapshot"]
        print(f"ratio snapshot / no snapshot: {ratio} (target <= 0.35)")
    print(
        f"file {size / 1e6:.2f} MB = {report['file_vs_raw_runtime']}x the raw runtime files "
        f"({raw_total / 1e6:.2f} MB: wasm + stdlib zip + asm module; target <= 15.4 MB)"
    )
    for name, n in blocks.items():
        print(f"  {name:40s} {n / 1e6:6.2f} MB")
    print(f"  {'pages, styles, scripts':40s} {report['pages_and_scripts_bytes'] / 1e6:6.2f} MB")
    out = ROOT / "benchmarks" / "results" / "export.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
