"""The algorithm's decision table and "What this guideline leaves open", generated from a
configured core's ``rules_as_data()`` (never hand-copied: changing a rule changes the page).

The table is drawn by the core's declared result kind (``calculator_spec()`` outputs, spec
version 2; else ``rules_as_data()``'s ``kind``): a ``pathway``'s rules with the step each
decides and the items each adds under the declared sections' labels; a ``score``'s items with
the points each adds; a ``quantity``'s formula (``rules_as_data()`` ``formula``) and bands.
It reads only the spec's keys, never one calculator's.

Markers on their own line: ``<!-- decision-table -->``, ``<!-- guideline-gaps -->`` and
``<!-- algorithm-changelog -->`` (the site's one calculator), or ``<!-- decision-table: NAME -->``
(and so on) naming one of several. HTML comes from ``partials/guideline/decision-table.html``,
``guideline-gaps.html`` and ``algorithm-changelog.html`` (a score's table:
``decision-table-score.html``, a quantity's: ``decision-table-quantity.html``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError

from guideline_site import kit

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
    outputs: Callable[[str | None], Mapping[str, Any] | None] | None = None,
    changes: Callable[[str | None], Mapping[str, Mapping[str, Any]]] | None = None,
    fhir_links: Callable[[str | None], Mapping[str, str] | None] | None = None,
) -> str:
    """Replace the markers with tables rendered from a core's data.

    ``data(name)`` is the rules of the calculator a marker names (None: the site's one
    calculator); it raises ``PluginError`` for a name that is not configured. ``outputs(name)``
    is that calculator's declared outputs (``calculator_spec()["outputs"]``; None: a core
    without a spec, drawn as a pathway without sections unless its rules name a kind).
    ``cite(numbers, href_prefix)`` renders citation superscripts; ``references_page`` is the
    URL (relative to this page) of the page holding the reference list, "" for this page.
    ``changes(name)``: for each version, the answers it changed (:func:`version_changes`).
    ``fhir_links(name)``: the calculator's computable FHIR files by kind, relative to this
    page (None: it has none), linked under its table.
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
        declared = dict((outputs(match["name"]) if outputs else None) or {})
        kind = declared.get("kind") or rules.get("kind") or "pathway"

        def cited(refs: list[int] | None) -> str:
            return _cite(refs or [], cite, references_page)

        if kind == "score":
            html = _score_table(env, rules, declared, cited)
        elif kind == "quantity":
            html = _quantity_table(env, rules, declared, cited)
        else:
            html = _pathway_table(env, rules, declared, cited)
        links = fhir_links(match["name"]) if fhir_links else None
        if links:
            html = (
                html.strip()
                + "\n"
                + env.get_template("partials/guideline/fhir-links.html").render(links=links)
            )
        return "\n" + html.strip() + "\n"

    def gaps(match: re.Match[str]) -> str:
        html = env.get_template("partials/guideline/guideline-gaps.html").render(
            gaps=core(match["name"]).get("gaps") or []
        )
        return "\n" + html.strip() + "\n"

    def changelog(match: re.Match[str]) -> str:
        rules = core(match["name"])
        answers = dict(changes(match["name"])) if changes else {}
        html = env.get_template("partials/guideline/algorithm-changelog.html").render(
            releases=list(reversed(rules.get("changelog") or [])),
            algorithm_version=rules.get("algorithm_version"),
            answers=answers,
        )
        return "\n" + html.strip() + "\n"

    markdown = TABLE_MARKER.sub(table, markdown)
    return CHANGELOG_MARKER.sub(changelog, GAPS_MARKER.sub(gaps, markdown))


def version_changes(
    rules: Mapping[str, Any],
    spec: Mapping[str, Any] | None,
    kept_table: Callable[[str], Mapping[str, Any]],
) -> dict[str, dict[str, Any]]:
    """For each version of the changelog (``rules_as_data()``), the answers it changed from
    the version before (:func:`guideline_site.kit.compare` of the two versions' rule tables
    kept as data, ``kept_table(release["table"])``; the newest version's is today's table
    when it names none): ``{version: {compared, changed, groups, ...}}``, or with ``first``
    for the first version and ``reason`` when they cannot be compared."""
    releases = list(rules.get("changelog") or [])
    out: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(releases):
        version = str(entry.get("version"))
        if index == 0:
            out[version] = {"first": True, "groups": []}
            continue
        before = releases[index - 1]
        newest = index == len(releases) - 1
        reason = ""
        if spec is None:
            reason = "the core declares no form (calculator_spec()) to take inputs from"
        elif not before.get("table"):
            reason = f"version {before.get('version')}'s rule table is not kept as data"
        elif not entry.get("table") and not newest:
            reason = f"version {version}'s rule table is not kept as data"
        if reason:
            out[version] = {"reason": reason, "groups": []}
            continue
        assert spec is not None
        old = kept_table(str(before["table"]))
        new = kept_table(str(entry["table"])) if entry.get("table") else rules
        out[version] = kit.compare(spec, old, new)
    return out


def _pathway_table(
    env: jinja2.Environment,
    rules: Mapping[str, Any],
    outputs: Mapping[str, Any],
    cited: Callable[[list[int] | None], str],
) -> str:
    """A pathway's rules in clinical terms: first its step rules, in the order they are
    tried, each with its condition and quotes and the step it gives (its declared label and
    title); then the rules that add to a step (the steps they add to, their items under the
    declared sections' labels, an adapted text with the sentences it adapts, their note).
    The rule ids come last in each row."""
    steps = {rule["id"]: rule for rule in rules["rules"] if rule.get("kind") == "step"}
    adapted = {entry["text"]: entry for entry in rules.get("adapted") or []}
    labels = {step["code"]: step["label"] for step in outputs.get("steps") or []}
    labels = labels or dict(rules.get("step_labels") or {})  # a core without a spec
    sections = [(s["key"], s["label"]) for s in outputs.get("sections") or []]
    titles = dict(rules.get("titles") or {})
    rows = [_row(rule, steps, adapted, labels, sections, cited) for rule in rules["rules"]]
    for row in rows:
        row["step_title"] = row.get("title") or titles.get(row.get("step") or "", "")
    return env.get_template("partials/guideline/decision-table.html").render(
        step_rows=[row for row in rows if row.get("step")],
        modifier_rows=[row for row in rows if not row.get("step")],
        algorithm_version=rules.get("algorithm_version"),
    )


def _row(
    rule: dict[str, Any],
    steps: dict[str, dict[str, Any]],
    adapted: dict[str, dict[str, Any]],
    labels: Mapping[str, str],
    sections: list[tuple[str, str]],
    cited: Callable[[list[int] | None], str],
) -> dict[str, Any]:
    """One table row: the rule with its step's label (else its code), its quotes, its items
    (each declared section's, labelled as the section is) and citations rendered."""
    items = [
        {
            "kind": label,
            "text": item["text"],
            "cite": cited(item.get("refs")),
            "adapted": adapted.get(item["text"]),
        }
        for key, label in sections
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
        "cite": cited(rule.get("refs")),
    }


def _score_table(
    env: jinja2.Environment,
    rules: Mapping[str, Any],
    outputs: Mapping[str, Any],
    cited: Callable[[list[int] | None], str],
) -> str:
    """A score's rules: each item with the points it adds when its condition holds (its
    declared label and points when the rule gives none), then its bands, if any."""
    items = {item["code"]: item for item in outputs.get("items") or []}
    rows = []
    for rule in rules["rules"]:
        item = items.get(rule["id"], {})
        rows.append(
            {
                **rule,
                "item_label": rule.get("label") or item.get("label") or "",
                "short": rule.get("letter") or item.get("letter") or "",
                "points": rule.get("points", item.get("points")),
                "quotes": [rule.get("article_text") or "", *(rule.get("also_quotes") or [])],
                "cite": cited(rule.get("refs")),
            }
        )
    return env.get_template("partials/guideline/decision-table-score.html").render(
        rows=rows,
        bands=_bands(outputs.get("bands") or [], "", 0),
        label=outputs.get("label") or "",
        minimum=outputs.get("minimum"),
        maximum=outputs.get("maximum"),
        algorithm_version=rules.get("algorithm_version"),
    )


def _quantity_table(
    env: jinja2.Environment,
    rules: Mapping[str, Any],
    outputs: Mapping[str, Any],
    cited: Callable[[list[int] | None], str],
) -> str:
    """A quantity's formula (``rules_as_data()`` ``formula``: {text, refs}) and its band
    rules, each with its range on the reported value; else its declared bands."""
    unit = outputs.get("unit") or ""
    decimals = outputs.get("decimals")  # None: a core without a spec (its numbers as given)
    band_rules = [rule for rule in rules["rules"] if rule.get("kind") == "band"]
    ranges = {band["code"]: band for band in _bands(band_rules, unit, decimals)}
    rows = [
        {
            **rule,
            "band": ranges.get(rule.get("code")),
            "quotes": [rule.get("article_text") or "", *(rule.get("also_quotes") or [])],
            "cite": cited(rule.get("refs")),
        }
        for rule in rules["rules"]
    ]
    formula = rules.get("formula")
    if isinstance(formula, Mapping) and formula.get("text"):
        formula = {"text": formula["text"], "cite": cited(formula.get("refs"))}
    else:
        formula = None
    return env.get_template("partials/guideline/decision-table-quantity.html").render(
        rows=rows,
        formula=formula,
        declared=[] if band_rules else _bands(outputs.get("bands") or [], unit, decimals),
        label=outputs.get("label") or "",
        unit=unit,
        decimals=decimals,
        algorithm_version=rules.get("algorithm_version"),
    )


def _bands(bands: list[Mapping[str, Any]], unit: str, decimals: int | None) -> list[dict[str, Any]]:
    """Each band ({code, label, minimum, maximum}, inclusive; null: unbounded) with its range
    as text ("60 to 89 UNIT", "90 UNIT or more", "14 UNIT or less")."""

    def number(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or decimals is None:
            return f"{value:g}" if isinstance(value, float) else str(value)
        exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
        return f"{float(exact):.{decimals}f}" if decimals else str(round(exact))

    tail = f" {unit}" if unit else ""
    out = []
    for band in bands:
        low, high = band.get("minimum"), band.get("maximum")
        if low is None and high is None:
            text = "every value"
        elif low is None:
            text = f"{number(high)}{tail} or less"
        elif high is None:
            text = f"{number(low)}{tail} or more"
        else:
            text = f"{number(low)} to {number(high)}{tail}"
        out.append({**band, "range": text})
    return out


def _cite(refs: list[int], cite: Callable[[list[int], str], str], references_page: str) -> str:
    return cite(list(refs), references_page) if refs else ""
