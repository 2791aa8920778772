"""Shared by the differential tests (served site, offline file): generated inputs and what
CPython's core answers for them."""

from __future__ import annotations

import json
import random

from sciatica_core import InputError, evaluate


def random_input(rng: random.Random) -> object:
    """A mix of valid, boundary and invalid inputs (seeded: the same 1,000 every run)."""
    codes = ["progressive_neurological_deficit", "cauda_equina_symptoms", "severe_unremitting_pain"]
    if rng.random() < 0.03:
        return rng.choice([None, [], "x", 3, [1, 2], True])
    data: dict[str, object] = {}
    if rng.random() < 0.95:
        data["red_flags"] = rng.sample(codes, k=rng.choice([0, 0, 0, 0, 0, 1, 2]))
        if rng.random() < 0.02:
            data["red_flags"] = ["unknown_flag"]
    days = [0, 1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15, 29, 30, 31, 45, 60, 90, 36500, 36501, -1]

    def maybe(name: str, values: list[object], p: float = 0.93) -> None:
        if rng.random() < p:
            data[name] = rng.choice(values)

    maybe("pain_score", [*range(11), -1, 11, 4.5, "6", True, None])
    maybe("symptom_duration_days", [*days, 3.5, "30"])
    maybe("functional_limitation", [True, False, True, False, 1, "yes"])
    if rng.random() < 0.6:
        data["nsaid_days"] = rng.choice([*days, None])
        maybe("response", ["adequate", "inadequate", "none", "good"], 0.85)
        if rng.random() < 0.4:
            data["duloxetine_days"] = rng.choice([*days[:12], None])
    maybe("nsaid_tolerated", [True, False, None], 0.4)
    if rng.random() < 0.02:
        data["extra_field"] = 1
    return data


def cpython_answer(data: object) -> dict:
    try:
        return {"result": json.loads(json.dumps(evaluate(data)))}
    except InputError as exc:
        return {"errors": exc.errors}
