"""The algorithm's decision table and "What this guideline leaves open", generated from the
core's ``sciatica_core.rules_as_data()`` (never hand-copied: changing a rule changes the page).

Markers on their own line: ``<!-- decision-table -->`` and ``<!-- guideline-gaps -->``.
HTML comes from ``partials/guideline/decision-table.html`` and ``guideline-gaps.html``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    import jinja2

TABLE_MARKER = re.compile(r"^<!--\s*decision-table\s*-->\s*$", re.MULTILINE)
GAPS_MARKER = re.compile(r"^<!--\s*guideline-gaps\s*-->\s*$", re.MULTILINE)

STEP_LABELS = {
    "urgent_evaluation": "Urgent evaluation",
    "exercise_first": "Intensify home exercise first",
    "start_nsaid": "Start NSAIDs",
    "continue_nsaid": "Continue NSAIDs",
    "add_duloxetine": "Add duloxetine",
    "continue_duloxetine": "Continue duloxetine",
    "reassess": "Reassess",
}


def rules_data() -> dict[str, Any]:
    """The core's rules as data (imported lazily: only pages with a marker need the core)."""
    import sciatica_core

    return sciatica_core.rules_as_data()


def render(
    markdown: str,
    page: str,
    env: jinja2.Environment,
    cite: Callable[[list[int], str], str],
    references_page: str,
    data: Callable[[], dict[str, Any]] = rules_data,
) -> str:
    """Replace the markers with tables rendered from the core's data.

    ``cite(numbers, href_prefix)`` renders citation superscripts; ``references_page`` is the
    URL (relative to this page) of the page holding the reference list, "" for this page.
    """
    if not (TABLE_MARKER.search(markdown) or GAPS_MARKER.search(markdown)):
        return markdown
    try:
        core = data()
    except Exception as exc:  # the core is not ours: name the page and the cause
        raise PluginError(f"{page}: cannot read the core's rules_as_data(): {exc!r}") from exc
    rules = core.get("rules") or []
    if not rules:
        raise PluginError(f"{page}: the core's rules_as_data() lists no rules")
    steps = {rule["id"]: rule for rule in rules if rule.get("kind") == "step"}
    rows = [_row(rule, steps, cite, references_page) for rule in rules]
    table = env.get_template("partials/guideline/decision-table.html").render(
        rows=rows, algorithm_version=core.get("algorithm_version")
    )
    gaps = env.get_template("partials/guideline/guideline-gaps.html").render(
        gaps=core.get("gaps") or []
    )
    markdown = TABLE_MARKER.sub(lambda _m: "\n" + table.strip() + "\n", markdown)
    return GAPS_MARKER.sub(lambda _m: "\n" + gaps.strip() + "\n", markdown)


def _row(
    rule: dict[str, Any],
    steps: dict[str, dict[str, Any]],
    cite: Callable[[list[int], str], str],
    references_page: str,
) -> dict[str, Any]:
    """One table row: the rule with its step label, items (actions, avoid, monitoring) and
    citations rendered."""
    items = [
        {"kind": kind, "text": item["text"], "cite": _cite(item["refs"], cite, references_page)}
        for kind, key in (("Do", "actions"), ("Avoid", "avoid"), ("Monitor", "monitoring"))
        for item in rule.get(key) or []
    ]
    return {
        **rule,
        "step_label": STEP_LABELS.get(rule.get("step") or "", rule.get("step")),
        "adds_to": [
            STEP_LABELS.get(steps[rid]["step"], rid) if rid in steps else rid
            for rid in rule.get("after") or []
        ],
        "entries": items,
        "cite": _cite(rule.get("refs") or [], cite, references_page),
    }


def _cite(refs: list[int], cite: Callable[[list[int], str], str], references_page: str) -> str:
    return cite(list(refs), references_page) if refs else ""
