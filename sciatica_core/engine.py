"""Walks the rule table for a validated input and builds the JSON-ready result."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from .changelog import CHANGELOG, rule_digests
from .form import OUTPUTS
from .model import FlareInput, ResultData, Rule
from .rules import ADAPTED, GUIDELINE, MODIFIER_RULES, RULES, STEP_RULES, TITLES
from .validate import validate


def table_digests() -> dict[str, str]:
    """The digest of every rule of today's table (see :mod:`sciatica_core.changelog`)."""
    return rule_digests(RULES, TITLES, ADAPTED)


def _version(digests: dict[str, str]) -> str:
    """The newest changelog entry's version plus a digest of today's whole rule table: any
    change to a rule changes it (and a test then asks for a new changelog entry). Derived,
    never hand-maintained."""
    canonical = json.dumps(sorted(digests.items()), separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode("ascii")).hexdigest()[:12]
    return f"{CHANGELOG[-1].version}+{digest}"


ALGORITHM_VERSION = _version(table_digests())


def fired_rules(data: FlareInput) -> list[Rule]:
    """The rules that fire for ``data``, in table order: one step rule, then its modifiers."""
    step_rule = next(rule for rule in STEP_RULES if rule.holds(data))
    fired = [step_rule]
    fired.extend(rule for rule in MODIFIER_RULES if step_rule.id in rule.after and rule.holds(data))
    return fired


def evaluate(data: Mapping[str, Any]) -> ResultData:
    """Evaluate one input object (see CONTRACT.md); raise InputError for bad input."""
    flare = validate(data)
    fired = fired_rules(flare)
    step_rule = fired[0]
    assert step_rule.step is not None
    titles = [rule.title for rule in fired if rule.title is not None]
    return {
        "step": step_rule.step.value,
        "article_step": step_rule.article_step,
        "title": titles[-1] if titles else TITLES[step_rule.step],
        "actions": [item.to_data() for rule in fired for item in rule.actions],
        "avoid": [item.to_data() for rule in fired for item in rule.avoid],
        "monitoring": [item.to_data() for rule in fired for item in rule.monitoring],
        "notes": [rule.note.to_data() for rule in fired if rule.note is not None],
        "rules": [rule.id for rule in fired],
        "algorithm_version": ALGORITHM_VERSION,
        "guideline": GUIDELINE.copy(),
    }


def rules_as_data() -> dict[str, Any]:
    """The rule table as plain JSON-ready data, for the site's decision table and gap list.

    ``gaps`` lists every rule that emits a ``guideline_gap`` note: the conditions the article
    leaves open. ``adapted`` is the table of item texts that are not the article's verbatim
    wording, each with the sentences it adapts; ``changelog`` the algorithm's versions, newest
    last.
    """
    return {
        "algorithm_version": ALGORITHM_VERSION,
        "guideline": GUIDELINE.copy(),
        "kind": "pathway",
        "titles": {step.value: title for step, title in TITLES.items()},
        "step_labels": {output.code: output.label for output in OUTPUTS},
        "rules": [rule.to_data() for rule in RULES],
        "adapted": [entry.to_data() for entry in ADAPTED],
        "changelog": [release.to_data() for release in CHANGELOG],
        "gaps": [
            {"id": rule.id, "condition": rule.condition, "text": rule.note.text}
            for rule in RULES
            if rule.note is not None and rule.note.code.value == "guideline_gap"
        ],
    }
