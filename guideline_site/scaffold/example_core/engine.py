"""Walks the rule table for a validated input and builds the JSON-ready result."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from .about import GUIDELINE
from .changelog import CHANGELOG
from .form import STEP_LABELS
from .rules import RULES, TITLES
from .validate import validate


def _version() -> str:
    """The newest changelog entry's version plus a digest of the whole rule table, so that
    any change to a rule changes it. Derived, never hand-maintained."""
    table = json.dumps([rule.to_data() for rule in RULES], sort_keys=True)
    titles = json.dumps({step.value: title for step, title in TITLES.items()}, sort_keys=True)
    digest = hashlib.sha256((table + titles).encode("utf-8")).hexdigest()[:12]
    return f"{CHANGELOG[-1].version}+{digest}"


ALGORITHM_VERSION = _version()


def evaluate(data: Mapping) -> dict:
    """Evaluate one input object; raise InputError for bad input. The first rule that holds
    decides the step."""
    answers = validate(data)
    rule = next(rule for rule in RULES if rule.holds(answers))
    return {
        "step": rule.step.value,
        "article_step": rule.article_step,
        "title": TITLES[rule.step],
        "actions": [item.to_data() for item in rule.actions],
        "avoid": [],
        "monitoring": [],
        "notes": [],
        "rules": [rule.id],
        "algorithm_version": ALGORITHM_VERSION,
        "guideline": dict(GUIDELINE),
    }


def rules_as_data() -> dict:
    """The rule table as JSON-ready data, for the site's decision table and gap list."""
    return {
        "algorithm_version": ALGORITHM_VERSION,
        "guideline": dict(GUIDELINE),
        "kind": "pathway",
        "titles": {step.value: title for step, title in TITLES.items()},
        "step_labels": {step.value: STEP_LABELS[step] for step in TITLES},
        "rules": [rule.to_data() for rule in RULES],
        "adapted": [],
        "changelog": [release.to_data() for release in CHANGELOG],
        "gaps": [],
    }
