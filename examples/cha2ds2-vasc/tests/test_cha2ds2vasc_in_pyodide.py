"""The example core runs unchanged in Pyodide: its score tests (standard library only) pass
there too, run by the same Node runner as sciatica_core's (tests/pyodide/run_core_tests.mjs).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

SITE = Path(__file__).resolve().parents[1]
ROOT = SITE.parents[1]
PYODIDE = ROOT / "node_modules" / "pyodide"
RUNNER = ROOT / "tests" / "pyodide" / "run_core_tests.mjs"


def test_score_tests_pass_in_pyodide(tmp_path: Path):
    node = shutil.which("node")
    if node is None or not (PYODIDE / "pyodide.mjs").is_file():
        pytest.fail("node and node_modules/pyodide are required: run scripts/setup")
    archive = tmp_path / "cha2ds2vasc_core.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((SITE / "cha2ds2vasc_core").glob("*.py")):
            zf.write(path, f"cha2ds2vasc_core/{path.name}")
    tests = tmp_path / "tests"
    tests.mkdir()
    shutil.copy(Path(__file__).with_name("test_cha2ds2vasc_score.py"), tests)
    args = ["--pyodide", PYODIDE, "--wheel", archive, "--tests", tests]
    proc = subprocess.run(
        [node, str(RUNNER), *map(str, args)],
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
    assert not report["skipped"], report["skipped"]
    assert len(report["passed"]) >= 15, report["passed"]
