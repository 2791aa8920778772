"""The algorithm's version and changelog, versioned apart from the software.

Each rule has a short digest of what it says and does; the table's digest is over all of
them. ``algorithm_version`` is the newest changelog entry's version plus the table's digest,
so any change to a rule changes it; the changelog check then asks for a new entry, naming the
rules added, changed and removed and the digests to record.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True, slots=True)
class Release:
    """One version of the algorithm: ``digests`` holds each rule's digest in that version
    (``{rule id: digest}``, in table order), so that a later version can say what changed;
    ``table`` the path, relative to the core's package, of that version's rule table kept as
    data (:func:`freeze`), so that the answers that changed can be computed at build time."""

    version: str
    date: str
    summary: str
    digests: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    table: str = ""

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": self.version,
            "date": self.date,
            "summary": self.summary,
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
        }
        if self.table:
            data["table"] = self.table
        return data


def release(
    version: str,
    date: str,
    summary: str,
    digests: Mapping[str, str] | str = "",
    *,
    table: str = "",
) -> Release:
    """A changelog entry. ``digests``: each rule's digest as the changelog check prints it
    (a mapping), or that text as a space-separated ``id=digest`` list. What was added,
    changed and removed is derived from the entry before it. ``table``: the file, relative
    to the core's package (``"versions/1.json"``), holding this version's rule table as
    :func:`freeze` writes it (``python -m guideline_site.kit freeze PACKAGE VERSION``)."""
    if isinstance(digests, str):
        pairs = tuple(tuple(part.split("=", 1)) for part in digests.split())
    else:
        pairs = tuple(digests.items())
    return Release(version=version, date=date, summary=summary, digests=pairs, table=table)  # type: ignore[arg-type]


#: The keys of a pathway rule's data that are not one of its sections' item lists.
_RULE_KEYS = frozenset(
    {"id", "kind", "section", "condition", "article_text", "refs", "when", "step"}
    | {"article_step", "after", "note", "title", "also_quotes"}
)


def freeze(rules: Mapping[str, Any], version: str) -> dict[str, Any]:
    """One version's rule table as data, to keep beside the core (``versions/N.json``) once
    it is published: what ``rules_as_data()`` gives that decides an answer (the kind, the
    rules, a pathway's step titles and labels, its section keys and adapted texts), without
    the changelog, gaps or version stamp. :func:`table_digests` of it are that version's."""
    kind = rules.get("kind") or "pathway"
    table: dict[str, Any] = {"version": version, "kind": kind}
    if kind == "pathway":
        table["sections"] = section_keys(rules["rules"])
        table["titles"] = dict(rules.get("titles") or {})
        table["step_labels"] = dict(rules.get("step_labels") or {})
        table["adapted"] = list(rules.get("adapted") or [])
    for key in ("max_score", "max_score_text", "formula", "unit"):
        if key in rules:
            table[key] = rules[key]
    table["rules"] = list(rules["rules"])
    return table


def section_keys(rules: Iterable[Mapping[str, Any]]) -> list[str]:
    """The item lists pathway rules carry (``actions``, ...), in the order first seen."""
    keys: list[str] = []
    for rule in rules:
        for key, value in rule.items():
            if key not in _RULE_KEYS and isinstance(value, list) and key not in keys:
                keys.append(key)
    return keys


def pathway_digests(
    rules: Iterable[Mapping[str, Any]],
    titles: Mapping[str, str],
    adapted: Iterable[Mapping[str, Any]] = (),
    sections: Iterable[str] | None = None,
) -> dict[str, str]:
    """Each pathway rule's digest from its data: the rule, the title a step rule shows (its
    own, else its step's) and the sentences behind its adapted item texts."""
    rules = list(rules)
    keys = list(sections) if sections is not None else section_keys(rules)
    adaptations = {entry["text"]: dict(entry) for entry in adapted}
    out = {}
    for rule in rules:
        data = dict(rule)
        if rule.get("step") is not None:
            data["title"] = rule.get("title") or titles[rule["step"]]
        texts = [item["text"] for key in keys for item in rule.get(key) or []]
        sources = [adaptations[text] for text in texts if text in adaptations]
        if sources:
            data["adapted"] = sources
        out[str(rule["id"])] = digest(data)
    return out


def table_digests(table: Mapping[str, Any]) -> dict[str, str]:
    """The rule digests of a pathway table kept as data (:func:`freeze`): equal to those its
    version recorded, when the file is that version's."""
    if table.get("kind", "pathway") != "pathway":
        raise ValueError("only a pathway's rule digests are computed from its data")
    return pathway_digests(
        table["rules"], table.get("titles") or {}, table.get("adapted") or (), table.get("sections")
    )


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
            entry = dataclasses.replace(
                entry,
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
    if not newest:
        problems.append(
            f"version {changelog[-1].version} records no digests yet: record these in its "
            "release (a first entry, or one you are writing now): " + record
        )
    elif newest != dict(digests):
        changed = sorted(
            {r for r in digests if newest.get(r) != digests[r]} | (set(newest) - set(digests))
        )
        problems.append(
            f"the rules changed since version {changelog[-1].version} "
            f"({', '.join(changed)}): add a release with these digests: {record}"
        )
    return problems
