"""The example core runs unchanged in Pyodide: its score tests (standard library only) pass
there too, through the same harness as sciatica_core's (the ``core_tests_in_pyodide``
fixture of the project's conftest.py, which builds the core's wheel as the plugin does).
"""

from __future__ import annotations

import shutil
from pathlib import Path

SITE = Path(__file__).resolve().parents[1]


def test_score_tests_pass_in_pyodide(core_tests_in_pyodide, tmp_path: Path):
    tests = tmp_path / "tests"
    tests.mkdir()
    shutil.copy(Path(__file__).with_name("test_cha2ds2vasc_score.py"), tests)
    report = core_tests_in_pyodide(SITE / "cha2ds2vasc_core", tests)
    assert not report["skipped"], report["skipped"]
    assert len(report["passed"]) >= 15, report["passed"]
