"""Versions kept as data and the answers that changed between them (guideline_site.kit:
``freeze``, ``Rule.from_data``, ``Field.from_data``, ``compare``). Each test's docstring is
the sentence it encodes."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sciatica_core
from guideline_site import kit
from guideline_site.kit._fields import Field

ROOT = Path(__file__).resolve().parents[2]
VERSIONS = Path(sciatica_core.__file__).parent / "versions"
GUIDELINE = {"title": "A placeholder", "last_updated": "2026-12-01", "review_status": "submitted"}


def _demo(threshold: int, title: str = "High title") -> kit.Calculator:
    """A placeholder pathway: a flag is urgent, else a score above ``threshold`` is high."""
    return kit.Calculator(
        name="demo",
        title="Demo",
        guideline=GUIDELINE,
        fields=[
            kit.checklist("flags", "Flags", [("a", "Flag A")], none_option="No flag"),
            kit.integer("score", "Score", minimum=0, maximum=10, note_label="Score now",
                        required_when=[kit.no_items("flags")]),
            kit.boolean("ok", "OK", note_label="Tolerated", yes="Yes, tolerated", no="No",
                        required=False, default=True),
        ],
        result=kit.Pathway(
            steps=(kit.Step(code="urgent", label="Urgent", title="Urgent title", urgent=True),
                   kit.Step(code="high", label="High", title=title),
                   kit.Step(code="low", label="Low", title="Low title")),
            sections=(kit.Section(key="actions", label="Actions"),),
        ),
        rules=[
            kit.Rule(id="flagged", section="S", condition="any flag", article_text="Q1",
                     refs=(1,), when=((kit.where("flags", "is not empty"),),), step="urgent"),
            kit.Rule(id="high", section="S", condition=f"score > {threshold}",
                     article_text="Q2", refs=(1,),
                     when=((kit.where("score", ">", threshold),),), step="high"),
            kit.Rule(id="low", section="S", condition="else", article_text="Q3", refs=(1,),
                     step="low"),
        ],
    )  # fmt: skip


def test_a_rule_read_back_from_its_data_is_the_same_rule() -> None:
    """Rule.from_data(rule.to_data()) gives the rule back: its condition, step, items, note,
    title and quotes (every rule of the sciatica core)."""
    sections = sciatica_core.CORE.result.sections
    for rule in sciatica_core.RULES:
        data = rule.to_data(sections)
        again = kit.Rule.from_data(json.loads(json.dumps(data)), ("actions", "avoid", "monitoring"))
        assert again == rule, rule.id


def test_a_field_read_back_from_the_spec_is_the_same_field() -> None:
    """Field.from_data(field.to_data()) describes the same field (its kind, range, options,
    conditions and labels): a spec's fields can be validated without the core."""
    for data in sciatica_core.calculator_spec()["fields"]:
        assert Field.from_data(data).to_data() == data, data["name"]


def test_freeze_keeps_what_decides_an_answer_and_its_digests() -> None:
    """freeze(rules_as_data(), version) keeps the kind, rules, titles, labels, section keys and
    adapted texts, and its table_digests are the calculator's own digests."""
    core = sciatica_core.CORE
    table = kit.freeze(core.rules_as_data(), "2")
    assert table["version"] == "2" and table["kind"] == "pathway"
    assert table["sections"] == ["actions", "avoid", "monitoring"]
    assert "changelog" not in table and "gaps" not in table
    assert kit.table_digests(table) == core.digests


def test_same_table_changes_no_answer() -> None:
    """Comparing a version with itself finds no answer that changed."""
    spec, table = _demo(4).calculator_spec(), _demo(4).rules_as_data()
    result = kit.compare(spec, table, table)
    assert result["compared"] > 0 and result["changed"] == 0 and result["groups"] == []


def test_a_moved_threshold_changes_the_answers_between_the_old_and_new_threshold() -> None:
    """Moving "score > 4" to "score > 5" changes the answer for score 5 only: one group, was
    High, now Low, with that example in the form's words."""
    old, new = _demo(4), _demo(5)
    result = kit.compare(old.calculator_spec(), old.rules_as_data(), new.rules_as_data())
    (group,) = result["groups"]
    assert group["was"] == {"key": "high", "label": "High", "title": "High title"}
    assert group["now"] == {"key": "low", "label": "Low", "title": "Low title"}
    # score 5 with no flag, "ok" yes or no (unanswered is its default, yes: the same input)
    assert group["count"] == 2 and result["changed"] == 2
    assert group["example"]["input"] == {"flags": [], "score": 5, "ok": True}
    assert group["example"]["text"] == "Flags: No flag; Score now: 5; Tolerated: Yes, tolerated"
    assert new.evaluate(group["example"]["input"])["step"] == "low"


def test_a_changed_title_is_a_changed_answer() -> None:
    """A step whose title changed changes the answer of every input reaching it."""
    old, new = _demo(4), _demo(4, title="Another title")
    result = kit.compare(old.calculator_spec(), old.rules_as_data(), new.rules_as_data())
    (group,) = result["groups"]
    assert (group["was"]["title"], group["now"]["title"]) == ("High title", "Another title")


def test_many_combinations_are_sampled_with_a_seed() -> None:
    """Beyond ``limit`` combinations a seeded sample is tried: the same on every run."""
    old, new = _demo(4), _demo(5)
    spec, a, b = old.calculator_spec(), old.rules_as_data(), new.rules_as_data()
    first = kit.compare(spec, a, b, limit=3)
    assert first["sampled"] and first["compared"] <= 3
    assert kit.compare(spec, a, b, limit=3) == first


def test_a_quantity_is_not_compared() -> None:
    """A quantity's formula is code, not data: its versions are not compared, and it says
    why."""
    import doubling_core

    spec, rules = doubling_core.calculator_spec(), doubling_core.rules_as_data()
    result = kit.compare(spec, rules, rules)
    assert result["groups"] == [] and "formula" in result["reason"]


def test_a_score_compares_its_totals() -> None:
    """A score item worth another number of points changes the totals it is part of."""
    sys.path.insert(0, str(ROOT / "examples" / "cha2ds2-vasc"))
    import cha2ds2vasc_core

    spec, old = cha2ds2vasc_core.calculator_spec(), cha2ds2vasc_core.rules_as_data()
    new = copy.deepcopy(old)
    first = next(rule for rule in new["rules"] if rule["kind"] == "points")
    first["points"] += 1
    result = kit.compare(spec, old, new)
    assert result["changed"] > 0
    for group in result["groups"]:
        assert group["was"]["key"] != group["now"]["key"]


def test_sciatica_version_2_changes_the_answers_where_nsaids_are_not_tolerated() -> None:
    """Version 1 -> 2 of the sciatica core: where NSAIDs are not tolerated (starting, before
    day 3, or with an adequate response) the answer is now "Not covered by the article's
    plan"; each example, evaluated by today's core, gives the new answer; in under a second."""
    spec = sciatica_core.calculator_spec()
    old = json.loads((VERSIONS / "1.json").read_text(encoding="utf-8"))
    new = json.loads((VERSIONS / "2.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = kit.compare(spec, old, new)
    elapsed = time.perf_counter() - started
    assert not result["sampled"] and result["compared"] > 10000
    moves = sorted((g["was"]["key"], g["now"]["key"]) for g in result["groups"])
    assert moves == [
        ("continue_nsaid", "not_covered"),
        ("continue_nsaid", "not_covered"),
        ("start_nsaid", "not_covered"),
    ]
    for group in result["groups"]:
        example = group["example"]
        assert "NSAIDs tolerated: No, not tolerated" in example["text"]
        now = sciatica_core.evaluate(example["input"])
        assert (now["step"], now["title"]) == (group["now"]["key"], group["now"]["title"])
    assert elapsed < 2.0, elapsed  # about 0.2-0.4 s; slack for a loaded machine


def test_freeze_command_writes_only_the_newest_version(tmp_path: Path) -> None:
    """``python -m guideline_site.kit freeze PACKAGE VERSION`` refuses a version that is not
    today's table (it would record the wrong rules)."""
    proc = subprocess.run(
        [sys.executable, "-m", "guideline_site.kit", "freeze", "sciatica_core", "1"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 2 and "not 1" in proc.stderr


@pytest.mark.parametrize("version", ["1", "2"])
def test_each_kept_table_is_valid_json_of_its_version(version: str) -> None:
    """versions/N.json holds version N's table."""
    table = json.loads((VERSIONS / f"{version}.json").read_text(encoding="utf-8"))
    assert table["version"] == version and table["kind"] == "pathway"
