"""Throughput of ``sciatica_core.evaluate`` against a trivial baseline, in the same run.

    .venv/bin/python benchmarks/core.py

Generates a fixed mix of 10,000 inputs (seeded: the same every run; valid inputs of every
step, red flags and ~10 % invalid ones), then times, over the same inputs, (a) a baseline loop
that only copies each input dict and (b) ``evaluate``. Prints calls per second and the ratio
evaluate/baseline; the ratio, not the absolute time, is what to compare between machines.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

# The site's core is not installed (the guideline-site wheel does not carry it): it is found
# beside mkdocs.yml, as the plugin finds it.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sciatica_core import InputError, evaluate  # noqa: E402

N = 10_000
REPEATS = 7


def make_inputs(seed: int = 20251126) -> list[dict]:
    rng = random.Random(seed)
    codes = ["progressive_neurological_deficit", "cauda_equina_symptoms", "severe_unremitting_pain"]
    inputs = []
    for index in range(N):
        data: dict = {
            "red_flags": [],
            "pain_score": rng.randint(0, 10),
            "symptom_duration_days": rng.choice([rng.randint(0, 60), 29, 30, 31]),
            "functional_limitation": rng.random() < 0.7,
        }
        kind = index % 10
        if kind == 0:
            data["red_flags"] = rng.sample(codes, rng.randint(1, 3))
        elif kind in (1, 2, 3, 4, 5):
            nsaid = rng.randint(0, 45)
            data["nsaid_days"] = nsaid
            data["response"] = rng.choice(["adequate", "inadequate", "none"])
            if kind in (4, 5):
                data["duloxetine_days"] = rng.randint(0, nsaid)
            data["nsaid_tolerated"] = rng.random() < 0.8
        elif kind == 6:
            data[rng.choice(["pain_score", "symptom_duration_days"])] = rng.choice(
                ["6", 6.5, -1, True, None]
            )
        inputs.append(data)
    return inputs


def run_evaluate(inputs: list[dict]) -> int:
    errors = 0
    for data in inputs:
        try:
            evaluate(data)
        except InputError:
            errors += 1
    return errors


def run_baseline(inputs: list[dict]) -> int:
    total = 0
    for data in inputs:
        total += len(dict(data))
    return total


def timed(function, inputs: list[dict]) -> float:
    start = time.perf_counter()
    function(inputs)
    return time.perf_counter() - start


def main() -> None:
    argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0]).parse_args()
    inputs = make_inputs()
    invalid = run_evaluate(inputs)
    base_times, eval_times = [], []
    for _ in range(REPEATS):  # interleaved, so machine noise hits both alike
        base_times.append(timed(run_baseline, inputs))
        eval_times.append(timed(run_evaluate, inputs))
    base = statistics.median(base_times)
    evaluated = statistics.median(eval_times)
    print(f"inputs: {N} ({invalid} invalid), median of {REPEATS} interleaved runs")
    print(f"baseline (dict copy): {N / base:,.0f} calls/s")
    print(f"evaluate:             {N / evaluated:,.0f} calls/s ({evaluated / N * 1e6:.1f} us/call)")
    print(f"ratio evaluate/baseline: {evaluated / base:.1f}x")


if __name__ == "__main__":
    main()
