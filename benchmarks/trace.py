"""Where a first result's time goes, thread by thread: a Chromium trace of one first visit.

    .venv/bin/python benchmarks/trace.py [--site DIR] [--runs 3] [--keep TRACE.json]

Builds the site unless ``--site`` names a build, serves it as ``benchmarks/calculator.py``
does (the site's ``_headers``, no compression) and opens the article with the inputs in the
URL hash (the runtime starts loading at once) in a fresh Chromium profile, traced with V8's
and Blink's categories. For the window from navigation to the first result it prints, median
of the runs:

- how busy the machine was: the threads' time inside tasks over (cores x the window); over
  1.0 means more work was ready than the cores could run, so the first result waited for CPU,
  not for a download or a start;
- each thread's share of that time (main thread, the calculator's worker, the search worker,
  V8's background compilers, the browser process);
- the calculator worker's main costs (trace events summed: inflating the snapshot, compiling
  JavaScript, compiling wasm functions on first call, Pyodide's start-up calls).

Tracing slows the browser; compare shares and ratios, not the window's length with
``benchmarks/calculator.py``'s figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.calculator import HASH, PROBE, site_in  # noqa: E402
from guideline_site import csp  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402

CATEGORIES = (
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "disabled-by-default-v8.compile",
    "v8",
    "v8.execute",
    "v8.wasm",
    "blink",
    "loading",
    "toplevel",
)
#: Trace events inside the calculator's worker whose durations are summed (name -> label).
WORKER_EVENTS = {
    "DecompressionStream Inflate": "inflating the snapshot (DecompressionStream)",
    "V8.CompileCode": "compiling JavaScript functions (lazily, on first call)",
    "V8.ParseProgram": "parsing JavaScript",
    "wasm.CompileLazy": "compiling wasm functions on first call",
    "v8.wasm.compileConsume": "feeding the wasm download to the compiler",
    "wasm.SyncInstantiate": "instantiating wasm modules",
}
Thread = tuple[str, str]  # (process name, thread name)


def thread_names(events: Iterable[Mapping]) -> dict[tuple[int, int], Thread]:
    """(pid, tid) -> (process name, thread name), from the trace's metadata events."""
    processes: dict[int, str] = {}
    threads: dict[tuple[int, int], str] = {}
    for e in events:
        if e.get("ph") != "M":
            continue
        if e.get("name") == "process_name":
            processes[e["pid"]] = e["args"]["name"]
        elif e.get("name") == "thread_name":
            threads[(e["pid"], e["tid"])] = e["args"]["name"]
    return {key: (processes.get(key[0], str(key[0])), name) for key, name in threads.items()}


def busy_ms(
    events: Iterable[Mapping], start_us: float, end_us: float
) -> dict[tuple[int, int], float]:
    """Per (pid, tid): the time inside complete ("X") events within [start_us, end_us], in
    ms, nested and overlapping events counted once (the union of their intervals)."""
    spans: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    for e in events:
        if e.get("ph") != "X" or "dur" not in e:
            continue
        begin, end = max(e["ts"], start_us), min(e["ts"] + e["dur"], end_us)
        if end > begin:
            spans[(e["pid"], e["tid"])].append((begin, end))
    out = {}
    for key, intervals in spans.items():
        intervals.sort()
        total, reach = 0.0, float("-inf")
        for begin, end in intervals:
            if end <= reach:
                continue
            total += end - max(begin, reach)
            reach = end
        out[key] = total / 1000
    return out


def summed_ms(
    events: Iterable[Mapping],
    key: tuple[int, int],
    names: Iterable[str],
    start_us: float,
    end_us: float,
) -> dict[str, float]:
    """The summed durations (ms) of the complete events called ``names`` on thread ``key``
    that start within the window."""
    wanted = set(names)
    out = dict.fromkeys(wanted, 0.0)
    for e in events:
        if (
            e.get("ph") == "X"
            and e.get("name") in wanted
            and (e["pid"], e["tid"]) == key
            and start_us <= e["ts"] <= end_us
        ):
            out[e["name"]] += e.get("dur", 0) / 1000
    return out


def role(thread: Thread, key: tuple[int, int], worker: tuple[int, int] | None) -> str:
    """The group a thread's time is reported under."""
    process, name = thread
    if key == worker:
        return "calculator worker"
    if process == "Renderer" and name == "CrRendererMain":
        return "page main thread"
    if name == "DedicatedWorker thread":
        return "other workers (Material's search)"
    if process == "Renderer" and name.startswith("ThreadPool"):
        return "renderer thread pool (V8's background compilers, parsing)"
    if process == "Browser":
        return "browser process"
    return "other (GPU, compositor, IO)"


def analyse(events: list[Mapping], first_result_ms: float) -> dict:
    """Shares of the window from navigation to the first result (see the module's text)."""
    navigation = min(
        e["ts"]
        for e in events
        if e.get("name") == "ResourceSendRequest"
        and e["args"]["data"].get("resourceType") == "Document"
    )
    end = navigation + first_result_ms * 1000
    names = thread_names(events)
    worker = next(
        ((e["pid"], e["tid"]) for e in events if e.get("name") == "DecompressionStream Inflate"),
        None,
    )
    groups: dict[str, float] = defaultdict(float)
    busy = busy_ms(events, navigation, end)
    for key, ms in busy.items():
        groups[role(names.get(key, ("?", "?")), key, worker)] += ms
    total = sum(groups.values())
    costs = summed_ms(events, worker, WORKER_EVENTS, navigation, end) if worker else {}
    tier_up = sum(
        e.get("dur", 0) / 1000
        for e in events
        if e.get("ph") == "X"
        and e.get("name") == "wasm.TopTierCompilation"
        and navigation <= e["ts"] <= end
    )
    return {
        "window_ms": first_result_ms,
        "wasm_tier_up_ms": tier_up,
        "busy_over_capacity": total / ((os.cpu_count() or 1) * first_result_ms),
        "shares": {group: ms / total for group, ms in groups.items()},
        "group_ms": dict(groups),
        "worker_costs_ms": {WORKER_EVENTS[name]: ms for name, ms in costs.items()},
    }


def trace_once(playwright, base: str) -> tuple[list[Mapping], float]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = browser.new_context().new_page()
        page.add_init_script(PROBE)
        browser.start_tracing(page=page, categories=list(CATEGORIES))
        page.goto(base + "index.html" + HASH)
        page.wait_for_function("() => window.__firstResult !== undefined", timeout=120_000)
        first = page.evaluate("window.__firstResult")
        data = json.loads(browser.stop_tracing())
    finally:
        browser.close()
    return (data["traceEvents"] if isinstance(data, dict) else data), first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the last run's trace here (JSON)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    runs: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="trace-site-") as tmp:
        site = site_in(Path(tmp), args.site)
        base, server = serve_directory(site, csp.header_value(site))
        try:
            with sync_playwright() as pw:
                for _ in range(args.runs):
                    events, first = trace_once(pw, base)
                    runs.append(analyse(events, first))
        finally:
            server.shutdown()
            server.server_close()
    if args.keep:
        args.keep.write_text(json.dumps(events), encoding="utf-8")

    def median(get) -> float:
        return statistics.median(get(run) for run in runs)

    print(
        f"runs: {len(runs)}, cores: {os.cpu_count()}, navigation to the first result while "
        f"traced: {median(lambda r: r['window_ms']):.0f} ms"
    )
    print(
        "thread time in tasks / (cores x navigation-to-first-result): "
        f"{median(lambda r: r['busy_over_capacity']):.2f} (over 1.0: waiting for CPU)"
    )
    print("share of that thread time (median ms in the window):")
    for group in sorted(runs[-1]["shares"], key=lambda g: -runs[-1]["shares"][g]):
        share = median(lambda r, g=group: r["shares"].get(g, 0.0))
        ms = median(lambda r, g=group: r["group_ms"].get(g, 0.0))
        print(f"  {share:6.1%}  {ms:6.0f} ms  {group}")
    print(
        "V8 optimizing hot wasm functions in the background (wasm.TopTierCompilation): "
        f"{median(lambda r: r['wasm_tier_up_ms']):.0f} ms"
    )
    print("in the calculator worker (median ms, events summed):")
    for label in WORKER_EVENTS.values():
        print(f"  {median(lambda r, k=label: r['worker_costs_ms'].get(k, 0.0)):6.0f} ms  {label}")


if __name__ == "__main__":
    main()
