"""A site's growth with its number of calculators (issue 23, item 2): sites of 1, 10, 50 and
200 calculators (the scaffold's core copied under that many package names, one page each:
tests/many_calculators.py), each measured against the one-calculator site in the same run.

    .venv/bin/python benchmarks/growth.py [--counts 1 10 50 200] [--runs 3] [--keep DIR]

For each size:
- build: ``mkdocs build --strict`` wall time, cold (an empty cache: every wheel, the
  snapshot and the offline file's blocks made) and warm (the same build again); and the
  seconds each calculator past the first adds, (T(N) - T(1)) / (N - 1);
- snapshot: the memory snapshot's size as served (gzip) and raw;
- offline file: its size, its runtime part and content part, and what each calculator past
  the first adds to the file (and to the content part);
- one calculator page on the served site: its HTML gzipped and its core's wheel (what a
  reader of that page downloads besides what every calculator page shares);
- first result: Chromium (a fresh profile per run) opening the first calculator's page with
  a shared link's inputs, navigation start to its result card, served over loopback HTTP
  with the site's ``_headers``; the sizes alternate run by run, median of ``--runs``.

Prints a table of ratios to the one-calculator site and writes the figures as JSON to
benchmarks/results/growth.json. Builds take time: 200 calculators build in about a minute
cold here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import many_calculators as many  # noqa: E402

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, mkdocs_build, serve_directory  # noqa: E402

_EXPORT_LINE = re.compile(
    r"offline export: \S+ is ([\d.]+) MB: runtime part ([\d.]+) MB .*content part ([\d.]+) MB"
)


def write(root: Path, count: int) -> Path:
    project = many.write_site(root / "project", count)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p["guideline"] for p in config["plugins"] if isinstance(p, dict))
    plugin.update(pyodide_dir=str(ROOT / "node_modules" / "pyodide"), cache_dir=str(root / "cache"))
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return project


def build(project: Path, site: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = mkdocs_build(project, site)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{result.stderr[-2000:]}")
    return seconds, result.stderr


def sizes(site: Path, log: str) -> dict[str, float]:
    calc = site / "assets" / "calculator"
    (snapshot,) = calc.glob("snapshot-*.bin.gz")
    raw = len(gzip.decompress(snapshot.read_bytes()))
    found = _EXPORT_LINE.search(log)
    if found is None:
        raise SystemExit("no offline export line in the build's log")
    offline = (site / f"{many.name(0)}-offline.html").stat().st_size
    page = gzip.compress((site / many.page(0).replace(".md", ".html")).read_bytes(), 6)
    (wheel,) = calc.glob(f"{many.package(0)}-*.whl")
    return {
        "snapshot_gzip_bytes": snapshot.stat().st_size,
        "snapshot_raw_bytes": raw,
        "offline_bytes": offline,
        "runtime_part_mb": float(found.group(2)),
        "content_part_mb": float(found.group(3)),
        "page_gzip_bytes": len(page),
        "wheel_bytes": wheel.stat().st_size,
    }


def first_result(browser, base_url: str) -> float:
    """ms from navigation start to the first calculator's result card (a fresh profile)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        name = many.name(0)
        page.goto(base_url + many.link(0, 7))
        page.locator(f'[data-calculator="{name}"] [data-result] [data-step]').wait_for(
            timeout=120_000
        )
        return float(page.evaluate("performance.now()"))
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1, 10, 50, 200])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the sites here (kept)")
    args = parser.parse_args()
    counts = sorted(set(args.counts) | {1})
    work = args.keep or Path(tempfile.mkdtemp(prefix="growth-"))
    figures: dict[int, dict[str, float]] = {}
    for count in counts:
        root = work / f"n{count}"
        project = write(root, count)
        cold, log = build(project, root / "site")
        warm, _ = build(project, root / "site")
        figures[count] = {"build_cold_s": cold, "build_warm_s": warm, **sizes(root / "site", log)}
        print(f"{count} calculators: built cold {cold:.1f} s, warm {warm:.1f} s", flush=True)

    from playwright.sync_api import sync_playwright

    servers = {c: serve_directory(work / f"n{c}" / "site") for c in counts}
    times: dict[int, list[float]] = {c: [] for c in counts}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for c in counts:  # warm-up: the page cache of the files
            first_result(browser, servers[c][0])
        for _ in range(args.runs):
            for c in counts:
                times[c].append(first_result(browser, servers[c][0]))
        browser.close()
    for _, server in servers.values():
        server.shutdown()
    for c in counts:
        figures[c]["first_result_ms"] = statistics.median(times[c])

    base = figures[1]
    print()
    print(
        "| calculators | build cold | build warm | snapshot (gzip) | offline file | first result |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for c in counts:
        f = figures[c]
        extra = max(c - 1, 1)

        def ratio(key: str, f: dict[str, float] = f) -> str:
            return f"{f[key] / base[key]:.3f}x"

        def each(key: str, scale: float, f: dict[str, float] = f, extra: int = extra) -> float:
            return (f[key] - base[key]) / extra / scale

        print(
            f"| {c} | {f['build_cold_s']:.1f} s ({ratio('build_cold_s')};"
            f" +{each('build_cold_s', 1):.3f} s each) |"
            f" {f['build_warm_s']:.1f} s ({ratio('build_warm_s')};"
            f" +{each('build_warm_s', 1):.3f} s each) |"
            f" {f['snapshot_gzip_bytes'] / 1e6:.2f} MB ({ratio('snapshot_gzip_bytes')}) |"
            f" {f['offline_bytes'] / 1e6:.2f} MB ({ratio('offline_bytes')};"
            f" +{each('offline_bytes', 1e3):.1f} KB each) |"
            f" {f['first_result_ms']:.0f} ms ({ratio('first_result_ms')}) |"
        )
    print()
    print(
        f"one calculator page served: its HTML {base['page_gzip_bytes']:,} bytes gzipped, its"
        f" core's wheel {base['wheel_bytes']:,} bytes"
    )
    out = ROOT / "benchmarks" / "results" / "growth.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"runs": args.runs, "figures": figures}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
