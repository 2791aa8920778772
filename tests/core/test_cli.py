"""The command line (README, "The core and its contract"): JSON in, JSON out, exit 0; bad
input exits 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_core import ALGORITHM_VERSION, evaluate, rules_as_data

#: The repository's root, where the core's package is (it is not installed: found on the path).
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = {
    "red_flags": [],
    "pain_score": 6,
    "symptom_duration_days": 45,
    "functional_limitation": True,
}


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sciatica_core", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_issue_example_prints_start_nsaid():
    proc = cli(stdin=json.dumps(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    result = json.loads(proc.stdout)
    assert result == evaluate(EXAMPLE)
    assert result["step"] == "start_nsaid"
    assert result["actions"] and all("refs" in item for item in result["actions"])
    assert result["rules"][0] == "step1_start_nsaid"
    assert result["algorithm_version"] == ALGORITHM_VERSION


def test_input_file(tmp_path: Path):
    path = tmp_path / "input.json"
    path.write_text(json.dumps({"red_flags": ["cauda_equina_symptoms"]}), encoding="utf-8")
    proc = cli("--input", str(path))
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["step"] == "urgent_evaluation"


def test_missing_input_file_exits_2(tmp_path: Path):
    proc = cli("--input", str(tmp_path / "absent.json"))
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["errors"][0]["field"] is None
    assert proc.stderr.startswith("error: Cannot read the input")


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        (
            '{"red_flags": [], "pain_score": 11, "symptom_duration_days": 1,'
            ' "functional_limitation": true}',
            "pain_score",
        ),
        ('{"pain_score": 6}', "red_flags"),
        ('{"red_flags": ["x"]}', "red_flags"),
        ("[]", None),
        ("{", None),
    ],
)
def test_bad_input_exits_2_with_errors_and_one_line(stdin: str, field: str | None):
    proc = cli(stdin=stdin)
    assert proc.returncode == 2
    errors = json.loads(proc.stdout)["errors"]
    assert errors[0]["field"] == field
    assert proc.stderr.startswith("error: ")
    assert proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_rules_flag_prints_the_table():
    proc = cli("--rules")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == rules_as_data()


def test_field_given_twice_is_an_error():
    """A repeated field must not silently replace the first: it could hide a red flag."""
    proc = cli(stdin='{"red_flags": ["cauda_equina_symptoms"], "red_flags": []}')
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["errors"] == [
        {"field": "red_flags", "message": "The field 'red_flags' is given more than once."}
    ]


def test_huge_integer_is_out_of_range_for_its_field():
    proc = cli(stdin='{"red_flags": [], "pain_score": ' + "9" * 5000 + "}")
    assert proc.returncode == 2
    errors = json.loads(proc.stdout)["errors"]
    assert errors[0] == {
        "field": "pain_score",
        "message": "Pain score must be between 0 and 10 (got a very large number).",
    }


def test_line_breaks_in_a_field_name_stay_on_one_line():
    proc = cli(stdin='{"red_flags": [], "a\\rb\\u2028c": 1}')
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "\r" not in proc.stderr


@pytest.mark.parametrize("stream", ["stdin", "stdout"])
def test_closed_stream_exits_2_without_traceback(stream: str):
    kwargs = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE}
    descriptor = 0 if stream == "stdin" else 1
    code = f"import os, runpy, sys; os.close({descriptor}); sys.argv = ['x']; "
    code += "runpy.run_module('sciatica_core', run_name='__main__')"
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        **kwargs,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: ")
