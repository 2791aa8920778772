"""Records what both calculator cores answer today, before they move onto the authoring kit.

    python tests/differential/record.py           # (re)write recorded/*.json
    python tests/differential/record.py --check   # regenerate in memory; exit 1 if it differs

Inputs are generated deterministically (a seeded ``random.Random`` per core, no hypothesis)
from each core's declared fields (``calculator_spec()``: kind, minimum/maximum, options,
required) and the numbers its rules compare with (``rules_as_data()``): every value one below,
at and one above each threshold, both ends of each range, every option. Valid inputs are
recorded with ``evaluate(input)``; invalid ones as JSON text with the parsed
``evaluate_json(text)`` answer.

A recording file is::

    {"core": ..., "algorithm_version": ..., "seed": ..., "python": "3.11",
     "outputs": [distinct answers...],
     "valid": [[input_object, output_index], ...],
     "invalid": [[json_text, output_index], ...]}

``tests/differential/test_differential.py`` replays it. (``python -m
tests.differential.record`` does not work: ``tests/differential.py``, the browser tests'
helper module, shadows this folder as ``tests.differential``.)
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLE = ROOT / "examples" / "cha2ds2-vasc"
RECORDED = HERE / "recorded"
SCIATICA_SEED = 20251126
CHA2DS2VASC_SEED = 20261127
#: The recording interpreter: an answer for bad JSON quotes the json module's own message,
#: whose wording may change between Python versions (the test allows for that).
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"

Input = dict[str, Any]


def cores() -> dict[str, ModuleType]:
    """The two cores, by recording name (the example's core from its folder, as its tests
    import it)."""
    for path in (str(ROOT), str(EXAMPLE)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import cha2ds2vasc_core

    import sciatica_core

    return {"sciatica": sciatica_core, "cha2ds2vasc": cha2ds2vasc_core}


# --- what the cores declare -------------------------------------------------------------


def spec_fields(core: ModuleType) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in core.calculator_spec()["fields"]}


def thresholds(core: ModuleType) -> dict[str, set[int]]:
    """Field -> every integer a rule compares it with (a range's both ends)."""
    found: dict[str, set[int]] = {}
    for rule in core.rules_as_data()["rules"]:
        for conjunction in rule["when"]:
            for test in conjunction:
                values = test["value"] if type(test["value"]) is list else [test["value"]]
                for value in values:
                    if type(value) is int:
                        found.setdefault(test["field"], set()).add(value)
    return found


def boundary_values(field: dict[str, Any], cuts: Iterable[int], extra: Iterable[int]) -> list[int]:
    """A whole-number field's values worth recording: both ends of its range, one below, at
    and one above every threshold, and ``extra``; all within the range, sorted."""
    low, high = field["minimum"], field["maximum"]
    values = {low, low + 1, high - 1, high, *extra}
    for cut in cuts:
        values |= {cut - 1, cut, cut + 1}
    return sorted(v for v in values if low <= v <= high)


def options(field: dict[str, Any]) -> list[Any]:
    return [option["value"] for option in field["options"]]


# --- sciatica ---------------------------------------------------------------------------


def sciatica_valid(core: ModuleType, rng: random.Random) -> list[Input]:
    fields = spec_fields(core)
    cuts = thresholds(core)
    flags = options(fields["red_flags"])
    responses = options(fields["response"])
    pains = boundary_values(fields["pain_score"], cuts.get("pain_score", ()), range(11))
    durations = boundary_values(
        fields["symptom_duration_days"],
        cuts.get("symptom_duration_days", ()),
        [7, 13, 14, 15, 29, 30, 31, 60, 90, 365],
    )
    nsaid = boundary_values(
        fields["nsaid_days"], cuts.get("nsaid_days", ()), [*range(9), 29, 30, 31, 40]
    )
    duloxetine = boundary_values(
        fields["duloxetine_days"], cuts.get("duloxetine_days", ()), [6, 7, 8, 13, 14, 30, 31]
    )
    tolerated: list[bool | str | None] = [True, False, "absent"]
    pain_edges = [v for v in pains if v in (0, 3, 4, 5, 10)]
    duration_max = fields["symptom_duration_days"]["maximum"]
    duration_edges = [v for v in durations if v in (0, 29, 30, 31, duration_max)]
    cases: list[Input] = []

    def with_tolerance(data: Input, value: bool | str | None) -> Input:
        if value != "absent":
            data["nsaid_tolerated"] = value
        return data

    # 1. No NSAIDs yet: every pain score x duration edge x limitation x tolerance, exhaustive.
    for pain, days, limits, tol in itertools.product(
        pains, duration_edges, [True, False], tolerated
    ):
        data: Input = {
            "red_flags": [],
            "pain_score": pain,
            "symptom_duration_days": days,
            "functional_limitation": limits,
        }
        cases.append(with_tolerance(data, tol))
    # ... and every duration, at the pain and limitation edges.
    for days, pain, limits in itertools.product(durations, [3, 4, 5], [True, False]):
        cases.append(
            {
                "red_flags": [],
                "pain_score": pain,
                "symptom_duration_days": days,
                "functional_limitation": limits,
                **rng.choice([{}, {"nsaid_days": None}, {"nsaid_tolerated": rng.random() < 0.5}]),
            }
        )
    # 2. NSAIDs started: every NSAID day count x response x duloxetine (null or <= NSAID
    #    days) x tolerance, exhaustive; the flare itself at a random edge, twice over.
    for _ in range(2):
        for days, response, tol in itertools.product(nsaid, responses, tolerated):
            for dulox in [None, *(d for d in duloxetine if d <= days)]:
                if rng.random() < 0.5 and days > 40 and dulox not in (None, 0, days):
                    continue  # long courses: a half sample of the duloxetine counts
                data = {
                    "red_flags": [],
                    "pain_score": rng.choice(pain_edges),
                    "symptom_duration_days": rng.choice(duration_edges),
                    "functional_limitation": rng.random() < 0.5,
                    "nsaid_days": days,
                    "response": response,
                }
                if dulox is not None or rng.random() < 0.5:
                    data["duloxetine_days"] = dulox
                cases.append(with_tolerance(data, tol))
    #    ... and every NSAID day count from 0 to 40 with every response.
    for days, response in itertools.product(range(41), responses):
        data = {
            "red_flags": [],
            "pain_score": rng.choice(pain_edges),
            "symptom_duration_days": rng.choice(duration_edges),
            "functional_limitation": rng.random() < 0.5,
            "nsaid_days": days,
            "response": response,
            "duloxetine_days": rng.choice([None, rng.randint(0, days)]),
        }
        cases.append(with_tolerance(data, rng.choice(tolerated)))
    # 3. Red flags: every non-empty set, in every order and with a repeat, with the other
    #    fields missing, some given, all given (valid values: they are still checked).
    others = ["pain_score", "symptom_duration_days", "functional_limitation", "nsaid_days"]
    for size in range(1, len(flags) + 1):
        for chosen in itertools.combinations(flags, size):
            orders = [list(p) for p in itertools.permutations(chosen)]
            orders.append([*chosen, chosen[0]])
            for order in orders:
                cases.append({"red_flags": order})
                for _ in range(6):
                    data = {"red_flags": order}
                    for name in rng.sample(others, k=rng.randint(1, len(others))):
                        data[name] = _sciatica_value(name, rng, pains, durations, nsaid)
                    if data.get("nsaid_days") is not None:
                        if rng.random() < 0.6:
                            data["response"] = rng.choice(responses)
                        if rng.random() < 0.4:
                            data["duloxetine_days"] = rng.randint(0, data["nsaid_days"])
                    elif rng.random() < 0.2:
                        data["response"] = rng.choice(responses)  # read only with NSAIDs
                    with_tolerance(data, rng.choice(tolerated))
                    cases.append(data)
    # 4. A response given without NSAIDs (ignored), nulls for optional fields.
    for response, pain, days in itertools.product(responses, [3, 4, 5], [29, 30, 31]):
        cases.append(
            {
                "red_flags": [],
                "pain_score": pain,
                "symptom_duration_days": days,
                "functional_limitation": True,
                "response": response,
                "duloxetine_days": None,
                "nsaid_tolerated": rng.choice([True, False, None]),
            }
        )
    # 5. Random mixes of all of the above's values, keys in random order.
    while len(cases) < 3000:
        data = {"red_flags": rng.choice([[], [], [], [rng.choice(flags)]])}
        for name in ("pain_score", "symptom_duration_days", "functional_limitation"):
            data[name] = _sciatica_value(name, rng, pains, durations, nsaid)
        if rng.random() < 0.7:
            data["nsaid_days"] = rng.choice(nsaid)
            data["response"] = rng.choice(responses)
            if rng.random() < 0.5:
                data["duloxetine_days"] = rng.choice([None, *(d for d in duloxetine if d <= 40)])
                if data["duloxetine_days"] is not None:
                    data["duloxetine_days"] = min(data["duloxetine_days"], data["nsaid_days"])
        with_tolerance(data, rng.choice([*tolerated, None]))
        keys = list(data)
        rng.shuffle(keys)
        cases.append({key: data[key] for key in keys})
    return cases


def _sciatica_value(
    name: str, rng: random.Random, pains: list[int], durations: list[int], nsaid: list[int]
) -> Any:
    match name:
        case "pain_score":
            return rng.choice(pains)
        case "symptom_duration_days":
            return rng.choice(durations)
        case "nsaid_days":
            return rng.choice(nsaid)
        case _:
            return rng.random() < 0.5


SCIATICA_BASE: Input = {
    "red_flags": [],
    "pain_score": 6,
    "symptom_duration_days": 45,
    "functional_limitation": True,
    "nsaid_days": 10,
    "response": "inadequate",
    "duloxetine_days": 5,
    "nsaid_tolerated": True,
}


def sciatica_invalid(core: ModuleType, rng: random.Random) -> list[str]:
    fields = spec_fields(core)
    flags = options(fields["red_flags"])
    day_fields = ["symptom_duration_days", "nsaid_days", "duloxetine_days"]
    bad: dict[str, list[Any]] = {
        "red_flags": [
            None,
            "cauda_equina_symptoms",
            {"cauda_equina_symptoms": True},
            True,
            0,
            ["unknown_flag"],
            ["Cauda_Equina_Symptoms"],
            [""],
            [None],
            [1],
            [True],
            [[]],
            [{}],
            ["unknown_flag", "unknown_flag"],
            ["unknown_flag", "other_flag"],
            [flags[0], "unknown_flag"],
            [flags[1], 3, None],
            ["x" * 60],
        ],
        "pain_score": [None, -1, 11, True, False, 4.0, 4.5, "4", "", [4], {}, -(10**20), 10**20],
        "functional_limitation": [None, 1, 0, "true", "yes", [], {}, 1.0],
        "response": ["good", "Adequate", "", 1, True, [], {}, "x" * 60],
        "nsaid_tolerated": [1, 0, "true", "no", [], {}, 0.0],
    }
    for name in day_fields:
        maximum = fields[name]["maximum"]
        bad[name] = [-1, maximum + 1, True, False, 3.0, 3.5, "3", [3], {}, -(10**15), 10**15]
    texts: list[str] = []

    def add(data: object) -> None:
        texts.append(json.dumps(data))

    # Not an object; bad JSON; NaN and Infinity; duplicate keys; very long numbers.
    texts += ["null", "true", "false", "0", "3", "-1.5", '"x"', '""', "[]", "[{}]", '["red_flags"]']
    texts += ["", " ", "{", "}", "{'red_flags': []}", '{"red_flags": [],}', "[1,]", "nul", "tru"]
    texts += ['{"red_flags": []', "{red_flags: []}", '{"red_flags": [] "pain_score": 4}', "{}}"]
    texts += ['{"red_flags": [], "pain_score": NaN}', '{"red_flags": [], "pain_score": Infinity}']
    texts += ['{"red_flags": [], "pain_score": -Infinity}', "NaN", '"\\ud800', "\x00"]
    texts += [
        '{"red_flags": [], "red_flags": ["cauda_equina_symptoms"]}',
        '{"red_flags": ["cauda_equina_symptoms"], "red_flags": []}',
        '{"red_flags": [], "pain_score": 6, "pain_score": 2}',
        '{"red_flags": [], "x": 1, "x": 1}',
        '{"red_flags": [], "nested": {"a": 1, "a": 2}}',
        '{"red_flags": [], "' + "k" * 60 + '": 1, "' + "k" * 60 + '": 2}',
    ]
    huge = "9" * 5000
    for name in ("pain_score", *day_fields):
        base = {**SCIATICA_BASE, name: 0}
        text = json.dumps(base).replace(f'"{name}": 0', f'"{name}": NUMBER')
        numbers = [huge[:101], "-" + huge[:101], "1" + "0" * 100, "1e400", "-0.0"]
        if name in ("pain_score", "nsaid_days"):
            numbers += [huge, "-" + huge, huge + ".0"]
        for digits in numbers:
            texts.append(text.replace("NUMBER", digits))
    # One bad value at a time, on a full valid input and on a red-flag one.
    for name, values in bad.items():
        for value in values:
            add({**SCIATICA_BASE, name: value})
            flagged = {"red_flags": [rng.choice(flags)], name: value}
            if name != "red_flags" and not core_accepts(core, flagged):  # null is no error
                add(flagged)
    # Missing required fields: every subset of them left out (absent and null).
    required = [name for name, field in fields.items() if field["required"]]
    for size in range(1, len(required) + 1):
        for left_out in itertools.combinations(required, size):
            add({k: v for k, v in SCIATICA_BASE.items() if k not in left_out})
            add({**SCIATICA_BASE, **dict.fromkeys(left_out)})
    # The cross-field rules: response missing with NSAIDs; duloxetine without NSAIDs or
    # longer than them (at the boundary too).
    for days in (0, 2, 3, 29, 30, 31):
        add({**SCIATICA_BASE, "nsaid_days": days, "response": None, "duloxetine_days": None})
        no_response = {k: v for k, v in SCIATICA_BASE.items() if k != "response"}
        add({**no_response, "nsaid_days": days, "duloxetine_days": None})
        add({**SCIATICA_BASE, "nsaid_days": days, "duloxetine_days": days + 1})
        add({**SCIATICA_BASE, "nsaid_days": days, "duloxetine_days": days + 7})
        add({**SCIATICA_BASE, "nsaid_days": None, "duloxetine_days": days})
        add({"red_flags": [flags[0]], "duloxetine_days": days})
        add({"red_flags": [flags[2]], "nsaid_days": days, "duloxetine_days": days + 1})
    # Unknown fields (alone, beside bad values, odd names).
    for key in ["extra_field", "painScore", "Pain_score", "", " ", "x" * 60, "red_flag", "age"]:
        add({**SCIATICA_BASE, key: 1})
        add({"red_flags": [flags[1]], key: None})
    # Random mixes: several bad values and missing fields at once.
    while len(texts) < 480:
        data: Input = {}
        for name, value in SCIATICA_BASE.items():
            roll = rng.random()
            if roll < 0.25:
                data[name] = rng.choice(bad.get(name) or [None])
            elif roll < 0.4:
                continue
            else:
                data[name] = value
        if rng.random() < 0.2:
            data[rng.choice(["extra", "Pain", "nsaids"])] = rng.choice([1, None, "x"])
        if core_accepts(core, data):
            continue
        add(data)
    return texts


# --- CHA2DS2-VASc -----------------------------------------------------------------------


def cha2ds2vasc_valid(core: ModuleType, rng: random.Random) -> list[Input]:
    fields = spec_fields(core)
    factors = options(fields["risk_factors"])
    sexes = options(fields["sex"])
    ages = boundary_values(
        fields["age"], thresholds(core).get("age", ()), [1, 18, 40, 64, 65, 66, 74, 75, 76, 90]
    )
    subsets = [
        list(chosen)
        for size in range(len(factors) + 1)
        for chosen in itertools.combinations(factors, size)
    ]
    cases: list[Input] = []
    # Every subset of risk factors x every boundary age x both sexes.
    for chosen, age, sex in itertools.product(subsets, ages, sexes):
        cases.append({"risk_factors": chosen, "age": age, "sex": sex})
    # Every age of the range, both sexes, with none, all and three random subsets.
    every_age = range(fields["age"]["minimum"], fields["age"]["maximum"] + 1)
    for age, sex in itertools.product(every_age, sexes):
        for chosen in [[], factors, *rng.sample(subsets[1:-1], k=3)]:
            cases.append({"risk_factors": chosen, "age": age, "sex": sex})
    # Every subset in a random order, with repeats, keys in random order, twice over.
    for _ in range(2):
        for chosen in subsets:
            order = chosen + rng.sample(chosen, k=rng.randint(0, len(chosen)))
            rng.shuffle(order)
            data = {"sex": rng.choice(sexes), "age": rng.choice(ages), "risk_factors": order}
            keys = list(data)
            rng.shuffle(keys)
            cases.append({key: data[key] for key in keys})
    return cases


CHA_BASE: Input = {"risk_factors": ["hypertension"], "age": 70, "sex": "female"}


def cha2ds2vasc_invalid(core: ModuleType, rng: random.Random) -> list[str]:
    fields = spec_fields(core)
    factors = options(fields["risk_factors"])
    maximum = fields["age"]["maximum"]
    bad: dict[str, list[Any]] = {
        "risk_factors": [
            None,
            "hypertension",
            {"hypertension": True},
            True,
            0,
            ["unknown"],
            ["Hypertension"],
            [""],
            [None],
            [1],
            [True],
            [[]],
            [{}],
            ["unknown", "unknown"],
            ["unknown", "other"],
            [factors[0], "unknown"],
            [factors[1], 3, None],
            ["age_75_or_over"],
            ["female"],
            ["x" * 60],
        ],
        "age": [
            None,
            -1,
            maximum + 1,
            True,
            False,
            65.0,
            64.5,
            74.9,
            "65",
            "",
            [65],
            {},
            -(10**15),
            10**15,
            10**14,
        ],
        "sex": [
            None,
            "Female",
            "MALE",
            "f",
            "m",
            "other",
            "",
            1,
            True,
            [],
            {},
            ["female"],
            "x" * 60,
        ],
    }
    texts: list[str] = []

    def add(data: object) -> None:
        texts.append(json.dumps(data))

    texts += ["null", "true", "false", "0", "3", "-1.5", '"x"', '""', "[]", "[{}]", '["age"]']
    texts += ["", " ", "{", "}", "{'age': 70}", '{"age": 70,}', "[1,]", "nul", "tru"]
    texts += ['{"age": 70', "{age: 70}", '{"age": 70 "sex": "male"}', "{}}"]
    texts += ['{"risk_factors": [], "age": NaN, "sex": "male"}', "NaN", '"\\ud800', "\x00"]
    texts += ['{"risk_factors": [], "age": Infinity, "sex": "male"}']
    texts += ['{"risk_factors": [], "age": -Infinity, "sex": "male"}']
    texts += [
        '{"risk_factors": [], "age": 70, "sex": "male", "sex": "female"}',
        '{"risk_factors": ["hypertension"], "risk_factors": [], "age": 70, "sex": "male"}',
        '{"risk_factors": [], "age": 64, "age": 75, "sex": "male"}',
        '{"risk_factors": [], "age": 70, "sex": "male", "x": 1, "x": 1}',
        '{"risk_factors": [], "age": 70, "sex": "male", "n": {"a": 1, "a": 2}}',
    ]
    huge = "9" * 5000
    template = '{{"risk_factors": [], "age": {}, "sex": "male"}}'
    for digits in (huge, "-" + huge, huge + ".0", huge[:101], "1" + "0" * 100, "1e400", "-0.0"):
        texts.append(template.format(digits))
    for name, values in bad.items():
        for value in values:
            add({**CHA_BASE, name: value})
            add({**CHA_BASE, name: value, "extra": 1})
    required = [name for name, field in fields.items() if field["required"]]
    for size in range(1, len(required) + 1):
        for left_out in itertools.combinations(required, size):
            add({k: v for k, v in CHA_BASE.items() if k not in left_out})
            add({**CHA_BASE, **dict.fromkeys(left_out)})
    for key in ["extra", "Age", "AGE", "", " ", "x" * 60, "risk_factor", "pain_score", "score"]:
        add({**CHA_BASE, key: 1})
        add({key: None})
    while len(texts) < 460:
        data: Input = {}
        for name, value in CHA_BASE.items():
            roll = rng.random()
            if roll < 0.35:
                data[name] = rng.choice(bad[name])
            elif roll < 0.5:
                continue
            else:
                data[name] = value
        if rng.random() < 0.2:
            data[rng.choice(["extra", "Sex", "ages"])] = rng.choice([1, None, "x"])
        if core_accepts(core, data):
            continue
        add(data)
    return texts


# --- recording --------------------------------------------------------------------------


def core_accepts(core: ModuleType, data: object) -> bool:
    try:
        core.evaluate(data)
    except core.InputError:
        return False
    return True


GENERATORS: dict[str, tuple[int, Callable[..., list[Input]], Callable[..., list[str]]]] = {
    "sciatica": (SCIATICA_SEED, sciatica_valid, sciatica_invalid),
    "cha2ds2vasc": (CHA2DS2VASC_SEED, cha2ds2vasc_valid, cha2ds2vasc_invalid),
}


def record(name: str, core: ModuleType) -> dict[str, Any]:
    """The recording of one core: its distinct answers and every case pointing at one."""
    seed, make_valid, make_invalid = GENERATORS[name]
    rng = random.Random(seed)
    valid = make_valid(core, rng)
    invalid = make_invalid(core, rng)
    outputs: list[Any] = []
    index: dict[str, int] = {}

    def output_index(answer: Any) -> int:
        key = json.dumps(answer, sort_keys=True)
        if key not in index:
            index[key] = len(outputs)
            outputs.append(answer)
        return index[key]

    valid_cases, invalid_cases, seen = [], [], set()
    for data in valid:
        key = json.dumps(data)
        if key in seen:
            continue
        seen.add(key)
        result = core.evaluate(data)  # raises if a "valid" input is not: a generator bug
        assert json.loads(core.evaluate_json(key)) == {"result": result}, data
        valid_cases.append([data, output_index(result)])
    for text in invalid:
        if text in seen:
            continue
        seen.add(text)
        answer = json.loads(core.evaluate_json(text))
        assert "errors" in answer, f"an 'invalid' input is accepted: {text[:200]}"
        invalid_cases.append([text, output_index(answer)])
    return {
        "core": core.__name__,
        "algorithm_version": core.ALGORITHM_VERSION,
        "seed": seed,
        "python": PYTHON,
        "outputs": outputs,
        "valid": valid_cases,
        "invalid": invalid_cases,
    }


def dumps(recording: dict[str, Any]) -> str:
    """One case per line (readable diffs), no other whitespace."""
    lines = ["{"]
    for key in ("core", "algorithm_version", "seed", "python"):
        lines.append(f"{json.dumps(key)}:{json.dumps(recording[key])},")
    for key in ("outputs", "valid", "invalid"):
        items = recording[key]
        lines.append(f"{json.dumps(key)}:[")
        lines += [
            json.dumps(item, ensure_ascii=False, separators=(",", ":"))
            + ("," if i < len(items) - 1 else "")
            for i, item in enumerate(items)
        ]
        lines.append("]" + ("," if key != "invalid" else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    check = argv == ["--check"]
    if argv and not check:
        print(__doc__, file=sys.stderr)
        return 2
    RECORDED.mkdir(exist_ok=True)
    status = 0
    for name, core in cores().items():
        text = dumps(record(name, core))
        path = RECORDED / f"{name}.json"
        recording = json.loads(text)
        counts = (
            f"{len(recording['valid'])} valid, {len(recording['invalid'])} invalid,"
            f" {len(recording['outputs'])} distinct outputs"
        )
        if check:
            same = path.is_file() and path.read_text(encoding="utf-8") == text
            print(f"{path.relative_to(ROOT)}: {'same' if same else 'DIFFERS'} ({counts})")
            status |= not same
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {len(text.encode())} bytes, {counts}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
