"""The algorithm's decision table and "What this guideline leaves open", generated from a
configured core's ``rules_as_data()`` (never hand-copied: changing a rule changes the page).

Markers on their own line: ``<!-- decision-table -->`` and ``<!-- guideline-gaps -->`` (the
site's one calculator), or ``<!-- decision-table: NAME -->`` naming one of several.
HTML comes from ``partials/guideline/decision-table.html`` and ``guideline-gaps.html``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    import jinja2

TABLE_MARKER = re.compile(
    r"^<!--\s*decision-table(?::\s*(?P<name>[\w-]+))?\s*-->\s*$", re.MULTILINE
)
GAPS_MARKER = re.compile(r"^<!--\s*guideline-gaps(?::\s*(?P<name>[\w-]+))?\s*-->\s*$", re.MULTILINE)

STEP_LABELS = {
    "urgent_evaluation": "Urgent evaluation",
    "exercise_first": "Intensify home exercise first",
    "start_nsaid": "Start NSAIDs",
    "continue_nsaid": "Continue NSAIDs",
    "add_duloxetine": "Add duloxetine",
    "continue_duloxetine": "Continue duloxetine",
    "reassess": "Reassess",
}


def render(
    markdown: str,
    page: str,
    env: jinja2.Environment,
    cite: Callable[[list[int], str], str],
    references_page: str,
    data: Callable[[str | None], dict[str, Any]],
) -> str:
    """Replace the markers with tables rendered from a core's data.

    ``data(name)`` is the rules of the calculator a marker names (None: the site's one
    calculator); it raises ``PluginError`` for a name that is not configured.
    ``cite(numbers, href_prefix)`` renders citation superscripts; ``references_page`` is the
    URL (relative to this page) of the page holding the reference list, "" for this page.
    """
    cache: dict[str | None, dict[str, Any]] = {}

    def core(name: str | None) -> dict[str, Any]:
        if name not in cache:
            try:
                cache[name] = data(name)
            except PluginError as exc:
                raise PluginError(f"{page}: {exc}") from None
            except Exception as exc:  # the core is not ours: name the page and the cause
                raise PluginError(
                    f"{page}: cannot read the core's rules_as_data(): {exc!r}"
                ) from exc
            if not cache[name].get("rules"):
                raise PluginError(f"{page}: the core's rules_as_data() lists no rules")
        return cache[name]

    def table(match: re.Match[str]) -> str:
        rules = core(match["name"])
        steps = {rule["id"]: rule for rule in rules["rules"] if rule.get("kind") == "step"}
        rows = [_row(rule, steps, cite, references_page) for rule in rules["rules"]]
        html = env.get_template("partials/guideline/decision-table.html").render(
            rows=rows, algorithm_version=rules.get("algorithm_version")
        )
        return "\n" + html.strip() + "\n"

    def gaps(match: re.Match[str]) -> str:
        html = env.get_template("partials/guideline/guideline-gaps.html").render(
            gaps=core(match["name"]).get("gaps") or []
        )
        return "\n" + html.strip() + "\n"

    return GAPS_MARKER.sub(gaps, TABLE_MARKER.sub(table, markdown))


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
