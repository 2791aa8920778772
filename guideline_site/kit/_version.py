"""The algorithm's version and changelog, versioned apart from the software.

Each rule has a short digest of what it says and does; the table's digest is over all of
them. ``algorithm_version`` is the newest changelog entry's version plus the table's digest,
so any change to a rule changes it; the changelog check then asks for a new entry, naming the
rules added, changed and removed and the digests to record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True, slots=True)
class Release:
    """One version of the algorithm: ``digests`` holds each rule's digest in that version
    (``{rule id: digest}``, in table order), so that a later version can say what changed."""

    version: str
    date: str
    summary: str
    digests: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def to_data(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "date": self.date,
            "summary": self.summary,
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
        }


def release(
    version: str, date: str, summary: str, digests: Mapping[str, str] | str = ""
) -> Release:
    """A changelog entry. ``digests``: each rule's digest as the changelog check prints it
    (a mapping), or that text as a space-separated ``id=digest`` list. What was added,
    changed and removed is derived from the entry before it."""
    if isinstance(digests, str):
        pairs = tuple(tuple(part.split("=", 1)) for part in digests.split())
    else:
        pairs = tuple(digests.items())
    return Release(version=version, date=date, summary=summary, digests=pairs)  # type: ignore[arg-type]


def digest(data: Mapping[str, Any], chars: int = 10) -> str:
    """A short sha256 of ``data`` without its empty values (so that a new optional key does
    not change every rule)."""
    kept = {key: value for key, value in data.items() if value not in (None, [], "")}
    canonical = json.dumps(kept, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()[:chars]


def table_digest(digests: Mapping[str, str]) -> str:
    canonical = json.dumps(sorted(digests.items()), separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()[:12]


def with_changes(changelog: tuple[Release, ...]) -> tuple[Release, ...]:
    """The changelog with each entry's added / changed / removed derived from its digests
    and those of the entry before it (entries that state them keep their own)."""
    out: list[Release] = []
    before: dict[str, str] = {}
    for entry in changelog:
        now = dict(entry.digests)
        if not (entry.added or entry.changed or entry.removed) and now:
            entry = Release(
                version=entry.version,
                date=entry.date,
                summary=entry.summary,
                digests=entry.digests,
                added=tuple(r for r in now if r not in before),
                changed=tuple(r for r in now if r in before and before[r] != now[r]),
                removed=tuple(r for r in before if r not in now),
            )
        out.append(entry)
        before = now
    return tuple(out)


def changelog_problems(changelog: tuple[Release, ...], digests: Mapping[str, str]) -> list[str]:
    """What is wrong with the changelog for today's rule digests: empty when the newest entry
    records exactly today's table; otherwise one line each, with what to record."""
    record = " ".join(f"{rule}={value}" for rule, value in digests.items())
    if not changelog:
        return [
            "the changelog has no entry: add release('1', DATE, SUMMARY) with these digests: "
            + record
        ]
    problems = []
    versions = [entry.version for entry in changelog]
    if len(set(versions)) != len(versions):
        problems.append(f"a version is listed twice: {versions}")
    newest = dict(changelog[-1].digests)
    if newest != dict(digests):
        changed = sorted(
            {r for r in digests if newest.get(r) != digests[r]} | (set(newest) - set(digests))
        )
        problems.append(
            f"the rules changed since version {changelog[-1].version} "
            f"({', '.join(changed)}): add a release with these digests: {record}"
        )
    return problems
