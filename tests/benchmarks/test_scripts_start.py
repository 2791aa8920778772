"""Every benchmark script starts: its imports (some are the tests' own helpers) resolve and it
prints its usage. The test command runs no benchmark, so a moved helper would otherwise go
unnoticed until someone measures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "benchmarks").glob("*.py"))


def test_there_are_benchmarks():
    assert len(SCRIPTS) >= 5, SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_each_benchmark_script_starts_and_prints_its_usage(script: Path):
    """``python benchmarks/NAME.py --help`` exits 0 with its usage, from any folder."""
    result = subprocess.run(
        [sys.executable, str(script), "--help"],
        cwd=ROOT.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage:" in result.stdout
