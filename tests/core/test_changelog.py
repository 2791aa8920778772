"""The algorithm's changelog (sciatica_core.changelog) is a true record of the rule table.

Standard library only: runs inside Pyodide too. The digests are recomputed from the rules
themselves (by the kit, ``CORE.digests``), so neither a changed rule without an entry nor an
entry that misstates what changed can pass by editing this file.
"""

from __future__ import annotations

import re
from pathlib import Path

import sciatica_core
from sciatica_core import CORE
from sciatica_core.changelog import CHANGELOG

CORE_DIR = Path(sciatica_core.__file__).parent


def _diff(before: dict[str, str], after: dict[str, str]) -> tuple[list, list, list]:
    added = [rule_id for rule_id in after if rule_id not in before]
    changed = [
        rule_id for rule_id in after if rule_id in before and before[rule_id] != after[rule_id]
    ]
    removed = [rule_id for rule_id in before if rule_id not in after]
    return added, changed, removed


def test_rule_table_change_needs_a_new_changelog_entry():
    """Today's rule table is exactly the newest entry's: a change without a new entry fails
    (and the kit's own changelog check agrees)."""
    current = CORE.digests
    newest = dict(CHANGELOG[-1].digests)
    added, changed, removed = _diff(newest, current)
    assert current == newest, (
        "The rule table changed since changelog version "
        f"{CHANGELOG[-1].version}: add an entry with added={added}, changed={changed}, "
        f"removed={removed} and digests={tuple(current.items())}"
    )
    assert CORE.changelog_problems() == []


def test_each_entry_lists_exactly_what_changed():
    """An entry's added / changed / removed rule ids, as the calculator states them (the kit
    derives them from the recorded digests), are the difference of the digests before and
    after it (the first entry adds every rule)."""
    assert [r.digests for r in CORE.changelog] == [r.digests for r in CHANGELOG]
    before: dict[str, str] = {}
    for release in CORE.changelog:
        after = dict(release.digests)
        added, changed, removed = _diff(before, after)
        assert list(release.added) == added, release.version
        assert list(release.changed) == changed, release.version
        assert list(release.removed) == removed, release.version
        assert added or changed or removed, f"version {release.version} changes nothing"
        before = after


def test_versions_increase_and_dates_are_iso_and_in_order():
    """One entry per version, numbered 1, 2, ...; ISO dates, not going back; one-line summary."""
    assert [release.version for release in CHANGELOG] == [
        str(n) for n in range(1, len(CHANGELOG) + 1)
    ]
    dates = [release.date for release in CHANGELOG]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) for date in dates)
    assert dates == sorted(dates)
    for release in CHANGELOG:
        assert release.summary.strip() and "\n" not in release.summary
        assert release.summary.endswith(".")


def test_revision_2_is_the_entry_after_the_initial_one():
    """Contract revision 2 is the changelog's second entry: it adds step not_covered's rules
    and removes the rules whose step code contradicted their actions."""
    second = CORE.changelog[1]
    assert "step1_not_tolerated" in second.added
    assert {"stop_nsaid_not_tolerated", "start_nsaid_not_tolerated"} <= set(second.removed)
