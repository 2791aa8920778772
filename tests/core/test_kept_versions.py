"""The rule tables the changelog keeps for each published version (``versions/N.json``,
written by ``python -m guideline_site.kit freeze``): read at build time for the changelog's
"Answers that changed", never shipped in the core's wheel, so these tests do not run in
Pyodide (tests/pyodide skips a module that needs pytest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sciatica_core
from guideline_site import kit
from guideline_site.kit import _version
from sciatica_core import CORE

CORE_DIR = Path(sciatica_core.__file__).parent


def test_every_release_keeps_its_table():
    assert [r.table for r in CORE.changelog] == ["versions/1.json", "versions/2.json"]


@pytest.mark.parametrize("release", CORE.changelog, ids=lambda r: f"version-{r.version}")
def test_each_kept_version_table_has_its_recorded_digests(release):
    """Each release's rule table kept as data (versions/N.json, read back into kit rules)
    has exactly the digests that version recorded: version 1's, exported from the core as it
    stood before version 2, too; its step titles had no not_covered step."""
    table = json.loads((CORE_DIR / release.table).read_text(encoding="utf-8"))
    assert table["version"] == release.version
    sections = tuple(table["sections"])
    rebuilt = [kit.Rule.from_data(rule, sections) for rule in table["rules"]]
    data = [rule.to_data(CORE.result.sections) for rule in rebuilt]
    digests = _version.pathway_digests(data, table["titles"], table["adapted"], sections)
    assert list(digests.items()) == list(release.digests), release.version
    if release.version == "1":
        assert "not_covered" not in table["titles"]
