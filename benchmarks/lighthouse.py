"""Lighthouse 12.2.3 (npm, node_modules/.bin/lighthouse) on the built article page, against
Debian Chromium. Builds the site (mkdocs build --strict) into a temp dir, serves it over
loopback HTTP with the site's CSP header and gzip for text files, as a static host serves them
(the test server of tests/conftest.py), runs
Lighthouse RUNS times and prints the median score per category. Exit 1 if any median < 95.

    .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--page index.html] [--preset desktop]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, mkdocs_build, serve_directory  # noqa: E402
from guideline_site import csp  # noqa: E402

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
#: Lab metrics behind the performance score (simulated mobile: slow 4G, 4x CPU slowdown).
METRICS = {
    "first-contentful-paint": "FCP ms",
    "largest-contentful-paint": "LCP ms",
    "total-blocking-time": "TBT ms",
    "speed-index": "SI ms",
    "cumulative-layout-shift": "CLS",
    "total-byte-weight": "bytes",
}
THRESHOLD = 95


def run_lighthouse(url: str, out: Path, preset: str | None) -> dict:
    flags = [a for a in CHROMIUM_ARGS if a != "--headless"] + ["--headless=new"]
    cmd = [
        str(ROOT / "node_modules/.bin/lighthouse"),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(flags)}",
    ]
    if preset:
        cmd.append(f"--preset={preset}")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(cmd, check=True, env=env, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    failed = {
        key: audit["title"]
        for key, audit in report["audits"].items()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    }
    return {
        "scores": {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "failed": failed,
        "metrics": {
            label: round(report["audits"][key]["numericValue"], 3)
            for key, label in METRICS.items()
            if key in report["audits"]
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", default="index.html")
    parser.add_argument("--preset", choices=["desktop", "perf", "experimental"], default=None)
    parser.add_argument(
        "--no-gzip", action="store_true", help="serve uncompressed (default: gzip, as a host)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build = mkdocs_build(ROOT, site)
        if build.returncode != 0:
            print(build.stderr, file=sys.stderr)
            return 2
        header = getattr(csp, "header_value", None)
        base, server = serve_directory(
            site, header(site) if callable(header) else None, gzip=not args.no_gzip
        )
        try:
            runs = [
                run_lighthouse(base + args.page, Path(tmp) / f"lh-{i}.json", args.preset)
                for i in range(args.runs)
            ]
        finally:
            server.shutdown()
    medians = {c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES}
    result = {
        "page": args.page,
        "preset": args.preset or "mobile (default)",
        "gzip": not args.no_gzip,
        "runs": [r["scores"] for r in runs],
        "median": medians,
        "median_metrics": {
            label: statistics.median(r["metrics"][label] for r in runs if label in r["metrics"])
            for label in METRICS.values()
        },
        "not_passing_audits": runs[-1]["failed"],
    }
    print(json.dumps(result, indent=2))
    return 0 if all(v >= THRESHOLD for v in medians.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
