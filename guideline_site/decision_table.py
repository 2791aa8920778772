"""The algorithm's decision table and "What this guideline leaves open", generated from a
configured core's ``rules_as_data()`` (never hand-copied: changing a rule changes the page).

Markers on their own line: ``<!-- decision-table -->``, ``<!-- guideline-gaps -->`` and
``<!-- algorithm-changelog -->`` (the site's one calculator), or ``<!-- decision-table: NAME -->``
(and so on) naming one of several. HTML comes from ``partials/guideline/decision-table.html``,
``guideline-gaps.html`` and ``algorithm-changelog.html``.
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
CHANGELOG_MARKER = re.compile(
    r"^<!--\s*algorithm-changelog(?::\s*(?P<name>[\w-]+))?\s*-->\s*$", re.MULTILINE
)


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
        adapted = {entry["text"]: entry for entry in rules.get("adapted") or []}
        labels = rules.get("step_labels") or {}
        rows = [
            _row(rule, steps, adapted, labels, cite, references_page) for rule in rules["rules"]
        ]
        html = env.get_template("partials/guideline/decision-table.html").render(
            rows=rows, algorithm_version=rules.get("algorithm_version")
        )
        return "\n" + html.strip() + "\n"

    def gaps(match: re.Match[str]) -> str:
        html = env.get_template("partials/guideline/guideline-gaps.html").render(
            gaps=core(match["name"]).get("gaps") or []
        )
        return "\n" + html.strip() + "\n"

    def changelog(match: re.Match[str]) -> str:
        rules = core(match["name"])
        html = env.get_template("partials/guideline/algorithm-changelog.html").render(
            releases=list(reversed(rules.get("changelog") or [])),
            algorithm_version=rules.get("algorithm_version"),
        )
        return "\n" + html.strip() + "\n"

    markdown = TABLE_MARKER.sub(table, markdown)
    return CHANGELOG_MARKER.sub(changelog, GAPS_MARKER.sub(gaps, markdown))


def _row(
    rule: dict[str, Any],
    steps: dict[str, dict[str, Any]],
    adapted: dict[str, dict[str, Any]],
    labels: dict[str, str],
    cite: Callable[[list[int], str], str],
    references_page: str,
) -> dict[str, Any]:
    """One table row: the rule with its step label (the core's own, from ``step_labels``;
    else the code), its quotes, items (actions, avoid, monitoring; an adapted text with the
    sentences it adapts) and citations rendered."""
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
    step = rule.get("step") or ""
    return {
        **rule,
        "step_label": labels.get(step, step),
        "adds_to": [
            labels.get(steps[rid]["step"], steps[rid]["step"]) if rid in steps else rid
            for rid in rule.get("after") or []
        ],
        "entries": items,
        "quotes": [rule.get("article_text") or "", *(rule.get("also_quotes") or [])],
        "cite": _cite(rule.get("refs") or [], cite, references_page),
    }


def _cite(refs: list[int], cite: Callable[[list[int], str], str], references_page: str) -> str:
    return cite(list(refs), references_page) if refs else ""
