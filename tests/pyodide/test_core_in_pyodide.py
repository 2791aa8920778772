"""The core's own test modules (tests/core) also pass inside Pyodide under Node.

pytest and hypothesis are not in Pyodide's bundle and Pyodide cannot run subprocesses, so
``run_core_tests.mjs`` imports the pytest-free modules and calls their test functions; the
modules that need pytest, hypothesis or subprocesses (the CLI and property tests) are
skipped there and run under CPython only.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from guideline_site.wheel import build_wheel

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"


def test_core_tests_pass_in_pyodide(tmp_path: Path):
    node = shutil.which("node")
    if node is None or not (PYODIDE / "pyodide.mjs").is_file():
        pytest.fail("node and node_modules/pyodide are required: run scripts/setup")
    wheel = build_wheel(ROOT / "sciatica_core", tmp_path)
    proc = subprocess.run(
        [
            node,
            str(Path(__file__).with_name("run_core_tests.mjs")),
            "--pyodide",
            str(PYODIDE),
            "--wheel",
            str(wheel.path),
            "--tests",
            str(ROOT / "tests" / "core"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.stdout.strip(), proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    failures = "\n\n".join(f"{f['test']}:\n{f['error']}" for f in report["failed"])
    assert not report["failed"], failures
    assert proc.returncode == 0, proc.stderr
    assert report["python"].startswith("3.14")
    # The rule and validation modules are the ones written to run here: they must not skip.
    ran_modules = {name.split(".")[0] for name in report["passed"]}
    assert {"test_rules", "test_validation"} <= ran_modules, report["skipped"]
    assert len(report["passed"]) >= 20
