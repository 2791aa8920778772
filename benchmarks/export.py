"""The offline export from file://: cold time to the first result, with and without the
memory snapshot in the same run, and the file's size against the raw runtime files.

    .venv/bin/python benchmarks/export.py [--site DIR] [--runs 5]

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
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guideline_site import export  # noqa: E402
from guideline_site.export import payload  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, mkdocs_build  # noqa: E402

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
_SNAPSHOT_BLOCK = re.compile(
    r'<script type="application/octet-stream" data-offline-blob="'
    + re.escape(payload.SNAPSHOT_NAME)
    + r'"[^>]*>[^<]*</script>(<script>[^<]*</script>)?\n?'
)


def one_run(playwright, path: Path) -> dict:
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
        page = context.pages[0] if context.pages else context.new_page()
        page.add_init_script(LONGTASKS)
        page.goto(url, wait_until="domcontentloaded")
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
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)
    if refused:
        raise SystemExit(f"the export made requests: {refused}")
    return got


def summary(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values)),
        "min": round(min(values)),
        "max": round(max(values)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build one)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="export-bench-site-"))
    try:
        site = args.site.resolve() if args.site else None
        if site is None:
            site = work / "site"
            result = mkdocs_build(ROOT, site)
            if result.returncode != 0:
                raise SystemExit(f"mkdocs build failed:\n{result.stderr}")
        with_snapshot = site / export.export_uri("sciatica-flare")
        html = with_snapshot.read_text(encoding="utf-8")
        cold_html, removed = _SNAPSHOT_BLOCK.subn("", html)
        if removed < 1:
            raise SystemExit("the export has no snapshot data block")
        cold = work / "offline-no-snapshot.html"
        cold.write_text(cold_html, encoding="utf-8")

        from playwright.sync_api import sync_playwright

        runs: dict[str, list[dict]] = {"snapshot": [], "no_snapshot": []}
        load_before = os.getloadavg()[0]
        with sync_playwright() as pw:
            for i in range(args.runs):
                for name, path in (("snapshot", with_snapshot), ("no_snapshot", cold)):
                    r = one_run(pw, path)
                    expected = "from a snapshot" if name == "snapshot" else "cold start"
                    if r["step"] != "start_nsaid" or expected not in r["detail"]:
                        raise SystemExit(f"unexpected run {name}: {r}")
                    runs[name].append(r)
                    ms, longest = r["ms"], r["longest"]
                    print(f"run {i + 1} {name:12s} {ms:7.0f} ms  longest task {longest:.0f} ms")

        pyodide = ROOT / "node_modules" / "pyodide"
        raw = {
            name: (pyodide / name).stat().st_size
            for name in ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide.asm.mjs")
        }
        raw_total = sum(raw.values())
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
            "time_to_first_result_ms": {k: summary([r["ms"] for r in v]) for k, v in runs.items()},
            "longest_main_thread_task_ms": {
                k: summary([r["longest"] for r in v]) for k, v in runs.items()
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
        t = report["time_to_first_result_ms"]
        report["ratio_snapshot_vs_no_snapshot"] = round(
            t["snapshot"]["median"] / t["no_snapshot"]["median"], 3
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    before, after = report["load_average_1min"]
    print(f"load average {before} before, {after} after (other work on this 2-core machine)")
    for name, s in report["time_to_first_result_ms"].items():
        print(f"{name:12s} median {s['median']} ms ({s['min']}-{s['max']})")
    print(
        f"ratio snapshot / no snapshot: {report['ratio_snapshot_vs_no_snapshot']} (target <= 0.35)"
    )
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
