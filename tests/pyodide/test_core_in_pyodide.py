"""The core's own test modules (tests/core) also pass inside Pyodide under Node.

pytest and hypothesis are not in Pyodide's bundle and Pyodide cannot run subprocesses, so
``run_core_tests.mjs`` imports the pytest-free modules and calls their test functions; the
modules that need pytest, hypothesis or subprocesses (the CLI and property tests) are
skipped there and run under CPython only. The harness is the ``core_tests_in_pyodide``
fixture (the project's conftest.py), shared with the example site's tests.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_tests_pass_in_pyodide(core_tests_in_pyodide):
    report = core_tests_in_pyodide(ROOT / "sciatica_core", ROOT / "tests" / "core")
    # The rule and validation modules are the ones written to run here: they must not skip.
    ran_modules = {name.split(".")[0] for name in report["passed"]}
    assert {"test_rules", "test_validation", "test_shapes"} <= ran_modules, report["skipped"]
    assert len(report["passed"]) >= 20
