"""The rule table as data: complete, citing only the article's references, versioned."""

from __future__ import annotations

import ast
import dataclasses
import json
import sys
from pathlib import Path

import sciatica_core
from sciatica_core import CORE, RULES, Item, Step, calculator, form, rules
from sciatica_core.changelog import CHANGELOG

CORE_DIR = Path(sciatica_core.__file__).parent


def _imports_only_the_kit(node: ast.ImportFrom | ast.Import) -> bool:
    """``from guideline_site import kit``, ``from guideline_site.kit import ...`` or
    ``import guideline_site.kit``: the authoring kit (standard library only), which the
    core's wheel carries; never the rest of the generator (the glue)."""
    if isinstance(node, ast.ImportFrom):
        if node.module == "guideline_site":
            return [alias.name for alias in node.names] == ["kit"]
        return node.module == "guideline_site.kit"
    return all(alias.name == "guideline_site.kit" for alias in node.names)


def test_core_imports_only_the_standard_library():
    """The core runs unchanged in Pyodide: no third-party import, no import of the glue;
    besides the standard library, only the authoring kit (itself standard library only)."""
    for path in sorted(CORE_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and _imports_only_the_kit(node):
                continue
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: inside the core
                    continue
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top == "__future__", (path, name)


def test_rule_ids_are_unique_and_refs_are_the_articles():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        for ref in rule.refs:
            assert 1 <= ref <= rules.REFERENCE_COUNT, rule.id
        for item in (
            *rule.items_of("actions"),
            *rule.items_of("avoid"),
            *rule.items_of("monitoring"),
        ):
            assert all(1 <= ref <= rules.REFERENCE_COUNT for ref in item.refs), rule.id


def test_modifiers_refer_to_step_rules():
    step_ids = {rule.id for rule in rules.STEP_RULES}
    for rule in rules.MODIFIER_RULES:
        assert rule.step is None
        assert rule.after and set(rule.after) <= step_ids, rule.id


def test_every_step_has_a_title_and_a_rule():
    assert set(rules.TITLES) == set(Step)
    assert {rule.step for rule in rules.STEP_RULES} == {step.value for step in Step}


def test_last_step_rule_always_holds():
    """The walk always finds a step: the last step rule is unconditional."""
    assert rules.STEP_RULES[-1].when == ((),)


def test_rules_as_data_is_json_and_lists_gaps():
    data = sciatica_core.rules_as_data()
    assert json.loads(json.dumps(data)) == data
    assert [rule["id"] for rule in data["rules"]] == [rule.id for rule in RULES]
    gap_ids = {gap["id"] for gap in data["gaps"]}
    assert {
        "gap_pain_exactly_4",
        "gap_duration_exactly_30_days",
        "gap_no_functional_limitation",
        "gap_severe_flare_under_1_month",
        "gap_nsaid_duration_with_duloxetine",
        "step1_not_tolerated",
    } <= gap_ids
    assert data["changelog"][-1]["version"] == data["algorithm_version"].split("+")[0]
    assert {entry["text"] for entry in data["adapted"]} == {a.text for a in rules.ADAPTED}


def test_algorithm_version_changes_when_a_rule_changes():
    """algorithm_version is derived from the table: changing a threshold changes it."""
    digests = CORE.digests
    assert sciatica_core.ALGORITHM_VERSION == "2+680584d72ff3"  # as before the move onto the kit
    first = rules.STEP_RULES[2]
    clause = tuple(
        dataclasses.replace(test, value=5) if test.field == "pain_score" else test
        for test in first.when[0]
    )
    changed = dataclasses.replace(first, when=(clause,))
    table = [changed if rule is first else rule for rule in rules.RULES]
    changed_core = calculator(rules=table)
    new = changed_core.digests
    assert [rule_id for rule_id in new if new[rule_id] != digests[rule_id]] == [first.id]
    assert changed_core.algorithm_version != sciatica_core.ALGORITHM_VERSION
    assert changed_core.changelog_problems()  # and the changelog asks for a new entry


def test_algorithm_version_changes_when_a_text_changes():
    """An item's text, a title, or the sentences an adapted text adapts are part of a rule."""
    digests = CORE.digests
    first = rules.STEP_RULES[0]
    reworded = dataclasses.replace(first, items={"actions": (Item(text="changed", refs=(5,)),)})
    table = [reworded if rule is first else rule for rule in rules.RULES]
    assert calculator(rules=table).digests != digests
    steps = [
        dataclasses.replace(step, title="changed") if step.code == Step.REASSESS.value else step
        for step in form.STEPS
    ]
    assert calculator(steps=steps).digests != digests
    adapted = [dataclasses.replace(rules.ADAPTED[0], adapts=("changed",)), *rules.ADAPTED[1:]]
    assert calculator(adapted=adapted).digests != digests


def test_algorithm_version_names_the_newest_changelog_entry():
    """The result's version stamp starts with the newest changelog entry's version."""
    assert sciatica_core.ALGORITHM_VERSION.split("+")[0] == CHANGELOG[-1].version
