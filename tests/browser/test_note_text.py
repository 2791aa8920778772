"""The text of "Copy to note" (web/calculator/note.js, issue 25 items 3, 4 and 7): its pure
parts run in-process under Node (note_text.test.mjs) against the three example calculators'
declared specs (calculator_spec(), written here): the inputs one line per group, a default
left unanswered said to be assumed, the typical note in at most 12 lines, no rule ids or
reference list, and for the patient audience a note labelled for a clinician."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE_TESTS = Path(__file__).with_name("note_text.test.mjs")
EXAMPLES = {"cha2ds2-vasc": "cha2ds2vasc_core", "egfr": "egfr_core"}


def specs() -> dict[str, dict]:
    for example in EXAMPLES:
        if str(ROOT / "examples" / example) not in sys.path:
            sys.path.insert(0, str(ROOT / "examples" / example))
    import sciatica_core

    found = {"sciatica-flare": sciatica_core.calculator_spec()}
    for name, package in EXAMPLES.items():
        found[name] = __import__(package).calculator_spec()
    return found


def test_the_note_text_under_node(tmp_path: Path):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required: run scripts/setup")
    data = tmp_path / "specs.json"
    data.write_text(json.dumps(specs()), encoding="utf-8")
    done = subprocess.run(
        [node, "--test", "--test-reporter=tap", str(NODE_TESTS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "NOTE_TEXT_SPECS": str(data)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^# pass [1-9]", done.stdout, re.M), done.stdout
    assert re.search(r"^# fail 0$", done.stdout, re.M), done.stdout
