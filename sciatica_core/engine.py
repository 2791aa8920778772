"""Walks the rule table for a validated input and builds the JSON-ready result."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from .model import FlareInput, Rule
from .rules import GUIDELINE, MODIFIER_RULES, RULES, STEP_RULES, TITLES
from .validate import validate


def _table_data() -> dict:
    return {
        "guideline": GUIDELINE,
        "titles": {step.value: title for step, title in TITLES.items()},
        "rules": [rule.to_data() for rule in RULES],
    }


#: The modules whose code gives the table its meaning (how conditions are tested, how the
#: table is walked, what input is accepted): a change to any of them changes the version too.
_SEMANTIC_SOURCES = ("model.py", "engine.py", "validate.py", "form.py")


def _sources() -> bytes:
    here = Path(__file__).parent
    return b"".join(
        (here / name).read_bytes().replace(b"\r\n", b"\n") for name in _SEMANTIC_SOURCES
    )


def _version(table: dict, sources: bytes) -> str:
    """The article date plus a digest of the whole rule table and the code that interprets
    it: any change to a rule changes it. Derived, never hand-maintained."""
    canonical = json.dumps(table, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    digest = hashlib.sha256(canonical.encode("ascii") + sources).hexdigest()[:12]
    return f"{GUIDELINE['last_updated']}+{digest}"


ALGORITHM_VERSION = _version(_table_data(), _sources())


def fired_rules(data: FlareInput) -> list[Rule]:
    """The rules that fire for ``data``, in table order: one step rule, then its modifiers."""
    step_rule = next(rule for rule in STEP_RULES if rule.holds(data))
    fired = [step_rule]
    fired.extend(rule for rule in MODIFIER_RULES if step_rule.id in rule.after and rule.holds(data))
    return fired


def evaluate(data: Mapping) -> dict:
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
        "guideline": dict(GUIDELINE),
    }


def rules_as_data() -> dict:
    """The rule table as plain JSON-ready data, for the site's decision table and gap list.

    ``gaps`` lists every rule that emits a ``guideline_gap`` note: the conditions the article
    leaves open.
    """
    table = _table_data()
    return {
        "algorithm_version": ALGORITHM_VERSION,
        "guideline": dict(GUIDELINE),
        "titles": table["titles"],
        "rules": table["rules"],
        "gaps": [
            {"id": rule.id, "condition": rule.condition, "text": rule.note.text}
            for rule in RULES
            if rule.note is not None and rule.note.code.value == "guideline_gap"
        ],
    }
