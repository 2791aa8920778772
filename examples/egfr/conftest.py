"""pytest set-up of the example site: its core package (``egfr_core/``, next to this
file) is importable by the tests without being installed, as it is for ``mkdocs build`` run
in this folder (the plugin finds a core on the project's path)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
TESTS = str(Path(__file__).resolve().parent / "tests")
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)
