"""The algorithm's decision table and "What this guideline leaves open", generated from the
core's ``sciatica_core.rules_as_data()`` (never hand-copied: changing a rule changes the page).

Markers on their own line: ``<!-- decision-table -->``, ``<!-- guideline-gaps -->`` and
``<!-- algorithm-changelog -->``. HTML comes from ``partials/guideline/decision-table.html``,
``guideline-gaps.html`` and ``algorithm-changelog.html``.
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
CHANGELOG_MARKER = re.compile(r"^<!--\s*algorithm-changelog\s*-->\s*$", re.MULTILINE)
MARKERS = (TABLE_MARKER, GAPS_MARKER, CHANGELOG_MARKER)

STEP_LABELS = {
    "urgent_evaluation": "Urgent evaluation",
    "exercise_first": "Intensify home exercise first",
    "start_nsaid": "Start NSAIDs",
    "continue_nsaid": "Continue NSAIDs",
    "add_duloxetine": "Add duloxetine",
    "continue_duloxetine": "Continue duloxetine",
    "reassess": "Reassess",
    "not_covered": "Not covered by the article's plan",
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
    if not any(marker.search(markdown) for marker in MARKERS):
        return markdown
    try:
        core = data()
    except Exception as exc:  # the core is not ours: name the page and the cause
        raise PluginError(f"{page}: cannot read the core's rules_as_data(): {exc!r}") from exc
    rules = core.get("rules") or []
    if not rules:
        raise PluginError(f"{page}: the core's rules_as_data() lists no rules")
    steps = {rule["id"]: rule for rule in rules if rule.get("kind") == "step"}
    adapted = {entry["text"]: entry for entry in core.get("adapted") or []}
    for marker, template, context in (
        (
            TABLE_MARKER,
            "decision-table.html",
            lambda: {
                "rows": [_row(rule, steps, adapted, cite, references_page) for rule in rules],
                "algorithm_version": core.get("algorithm_version"),
            },
        ),
        (GAPS_MARKER, "guideline-gaps.html", lambda: {"gaps": core.get("gaps") or []}),
        (
            CHANGELOG_MARKER,
            "algorithm-changelog.html",
            lambda: {
                "releases": list(reversed(core.get("changelog") or [])),
                "algorithm_version": core.get("algorithm_version"),
            },
        ),
    ):
        if marker.search(markdown):
            html = env.get_template(f"partials/guideline/{template}").render(**context()).strip()
            markdown = marker.sub(lambda _m, html=html: "\n" + html + "\n", markdown)
    return markdown


def _row(
    rule: dict[str, Any],
    steps: dict[str, dict[str, Any]],
    adapted: dict[str, dict[str, Any]],
    cite: Callable[[list[int], str], str],
    references_page: str,
) -> dict[str, Any]:
    """One table row: the rule with its step label, items (actions, avoid, monitoring) and
    citations rendered."""
    items = [
        {
            "kind": kind,
            "text": item["text"],
            "cite": _cite(item["refs"], cite, references_page),
            "adapted": adapted.get(item["text"]),
        }
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
        "quotes": [rule.get("article_text") or "", *(rule.get("also_quotes") or [])],
        "cite": _cite(rule.get("refs") or [], cite, references_page),
    }


def _cite(refs: list[int], cite: Callable[[list[int], str], str], references_page: str) -> str:
    return cite(list(refs), references_page) if refs else ""
