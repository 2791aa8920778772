"""pytest set-up shared by the project's tests (tests/) and the example site's (examples/).

This repository's own site core (``sciatica_core/``, next to this file and to mkdocs.yml) is
importable by the tests without being installed, as it is for ``mkdocs build`` run here (the
plugin finds a core on the project's path): the ``guideline-site`` wheel does not carry it.

- ``core_tests_in_pyodide``: builds a calculator core's wheel (and the kit's) and runs test
  modules against it inside Pyodide under Node (tests/pyodide/run_core_tests.mjs).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from guideline_site.wheel import wheels_for

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
PYODIDE = ROOT / "node_modules" / "pyodide"
RUNNER = ROOT / "tests" / "pyodide" / "run_core_tests.mjs"

RunInPyodide = Callable[[Path, Path], dict[str, Any]]


@pytest.fixture
def core_tests_in_pyodide(tmp_path: Path) -> RunInPyodide:
    """``run(package_dir, tests_dir)``: the runner's report ({"python", "passed", "failed",
    "skipped"}) after checking that no test failed, the runner exited 0 and the Python was
    Pyodide's (3.14). The runner imports each test_*.py of ``tests_dir`` and calls its test
    functions that take no arguments (no pytest there)."""

    def run(package_dir: Path, tests_dir: Path) -> dict[str, Any]:
        node = shutil.which("node")
        if node is None or not (PYODIDE / "pyodide.mjs").is_file():
            pytest.fail("node and node_modules/pyodide are required: run scripts/setup")
        wheels = wheels_for(package_dir, tmp_path / "wheels")  # the kit's, then the core's
        args = ["--pyodide", PYODIDE, *(a for w in wheels for a in ("--wheel", w.path))]
        args += ["--tests", tests_dir]
        proc = subprocess.run(
            [node, str(RUNNER), *map(str, args)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.stdout.strip(), proc.stderr
        report: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
        failures = "\n\n".join(f"{f['test']}:\n{f['error']}" for f in report["failed"])
        assert not report["failed"], failures
        assert proc.returncode == 0, proc.stderr
        assert report["python"].startswith("3.14")
        return report

    return run
