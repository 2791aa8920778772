"""The build's own cost (issue 12, item 4): ``mkdocs build`` of the generated 300-page site
(tests/export/test_large_file.py makes it) against plain Material on the same Markdown, in
one run.

    .venv/bin/python benchmarks/build.py [--runs 5] [--profile]

Three configurations of the same project, built one after the other in turn, ``--runs``
rounds after one warm-up round (warm caches: the plugin's wheel and snapshot cache, the
page cache of the files):

- ``plain``: the project's mkdocs.yml without the ``guideline`` plugin (Material and its
  search plugin on the same Markdown);
- ``no_export``: the plugin with ``offline_export: false``;
- ``plugin``: the plugin with its defaults (the offline file included).

Prints each one's median wall time and CPU time (user + system of the build process: less
disturbed by other work on the machine than the wall time), and the ratios plugin / plain
(target <= 1.3) and no_export / plain. ``--profile`` also runs the plugin's build once under
cProfile and prints where the plugin's time goes (cumulative seconds of its hooks and of the
export's steps; cProfile slows Python code down, so compare the figures with each other).
"""

from __future__ import annotations

import argparse
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the tests' own helpers import as pytest has them

from tests.conftest import mkdocs_env  # noqa: E402
from tests.export.test_large_file import PAGES, generated_site  # noqa: E402

#: where the plugin's time goes: its hooks, then the export's steps
PROFILED = (
    "plugin.py:on_page_markdown",
    "plugin.py:on_page_content",
    "plugin.py:on_post_page",
    "plugin.py:on_post_build",
    "export/__init__.py:add_page",
    "export/__init__.py:write",
    "export/__init__.py:render",
    "export/pages.py:page_from_output",
    "export/pages.py:sections",
    "export/pages.py:content",
    "export/pages.py:tokens",
    "citations.py:process",
    "csp.py:apply",
    "runtime.py:add_head",
)


def configs(project: Path) -> dict[str, Path]:
    """The three configurations of ``project``, written next to its mkdocs.yml."""
    base = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    out: dict[str, Path] = {}
    for name in ("plain", "no_export", "plugin"):
        config = yaml.safe_load(yaml.safe_dump(base))
        plugins = []
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "guideline" in plugin:
                if name == "plain":
                    continue
                if name == "no_export":
                    plugin["guideline"]["offline_export"] = False
            plugins.append(plugin)
        config["plugins"] = plugins
        path = project / f"bench-{name}.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        out[name] = path
    return out


def build(config: Path, site: Path, *, profile: Path | None = None) -> tuple[float, float]:
    """One ``mkdocs build``: its wall time and CPU time (user + system), in seconds."""
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "mkdocs", "build", "-q", "-f", str(config), "--site-dir", str(site)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=config.parent, env=mkdocs_env(), capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build -f {config.name} failed:\n{result.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def where_the_time_goes(profile: Path) -> list[tuple[str, int, float]]:
    """(function, calls, cumulative seconds) of PROFILED, as cProfile saw them."""
    stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    found: list[tuple[str, int, float]] = []
    for wanted in PROFILED:
        where, name = wanted.split(":")
        for (filename, _line, function), (_cc, calls, _tt, cumulative, _callers) in stats.items():
            if function == name and filename.endswith("guideline_site/" + where):
                found.append((wanted, calls, cumulative))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="also profile the plugin's build")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="build-bench-"))
    try:
        project = generated_site(ROOT, work)
        paths = configs(project)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in paths}
        load_before = os.getloadavg()[0]
        for round_ in range(args.runs + 1):  # round 0 warms the caches
            for name, config in paths.items():
                wall, cpu = build(config, work / f"site-{name}")
                if round_:
                    times[name].append((wall, cpu))
                    print(f"run {round_} {name:10s} wall {wall:6.2f} s  cpu {cpu:6.2f} s")
        load_after = os.getloadavg()[0]
        profiled = []
        if args.profile:
            profile = work / "plugin.prof"
            wall, _ = build(paths["plugin"], work / "site-profiled", profile=profile)
            profiled = where_the_time_goes(profile)
            profiled_wall = wall
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(
        f"{PAGES} pages, median of {args.runs} runs; load average {load_before:.1f} before,"
        f" {load_after:.1f} after (other work on this 2-core machine)"
    )
    medians = {
        name: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
        for name, v in times.items()
    }
    for name, (wall, cpu) in medians.items():
        print(f"{name:10s} wall {wall:6.2f} s  cpu {cpu:6.2f} s")
    plain_wall, plain_cpu = medians["plain"]
    for name in ("no_export", "plugin"):
        wall, cpu = medians[name]
        print(
            f"ratio {name} / plain: wall {wall / plain_wall:.2f}, cpu {cpu / plain_cpu:.2f}"
            + (" (target <= 1.3)" if name == "plugin" else "")
        )
    if profiled:
        print(
            "\nwhere the plugin's time goes (cProfile, cumulative s;"
            f" that build {profiled_wall:.1f} s):"
        )
        for wanted, calls, cumulative in profiled:
            print(f"  {wanted:40s} {calls:7d} calls {cumulative:7.2f} s")


if __name__ == "__main__":
    main()
