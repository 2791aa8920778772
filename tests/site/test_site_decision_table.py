"""The decision table and "What this guideline leaves open" are generated from the core."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from html_tools import normalize

import sciatica_core
from guideline_site import decision_table, resources


@pytest.fixture(scope="module")
def page_html(built_site: Path) -> str:
    return (built_site / "decision-table.html").read_text(encoding="utf-8")


def rows(html: str) -> list[tuple[str, str | None, str, list[int]]]:
    """(rule id, step, condition, citation numbers) of each table row."""
    out = []
    for match in re.finditer(
        r'<tr data-rule-id="([^"]+)"[^>]*?(?: data-step="(\w+)")?>(.*?)</tr>', html, re.S
    ):
        cells = re.findall(r"<td>(.*?)</td>", match[3], re.S)
        refs = [int(n) for n in re.findall(r">(\d+)</a>", cells[-1])]
        out.append((match[1], match[2], normalize(re.sub(r"<[^>]+>", " ", cells[1])), refs))
    return out


def test_rows_equal_the_core_rules(page_html: str):
    core = sciatica_core.rules_as_data()
    expected = [
        (rule["id"], rule["step"], normalize(rule["condition"]), list(rule["refs"]))
        for rule in core["rules"]
    ]
    assert rows(page_html) == expected
    assert f'data-algorithm-version="{core["algorithm_version"]}"' in page_html


def test_row_actions_come_from_the_core(page_html: str):
    core = sciatica_core.rules_as_data()
    text = normalize(re.sub(r"<[^>]+>", " ", page_html))
    for rule in core["rules"]:
        for key in ("actions", "avoid", "monitoring"):
            for item in rule[key]:
                assert normalize(item["text"]) in text, (rule["id"], item["text"])


def test_gaps_equal_the_core_gaps(page_html: str):
    core = sciatica_core.rules_as_data()
    found = re.findall(r'<li data-gap-id="([^"]+)"><strong>(.*?)</strong>: (.*?)</li>', page_html)
    assert [(i, normalize(c), normalize(t)) for i, c, t in found] == [
        (g["id"], normalize(g["condition"]), normalize(g["text"])) for g in core["gaps"]
    ]
    assert "What this guideline leaves open" in page_html


def _render(data, env, citations):
    return decision_table.render(
        "<!-- decision-table -->\n\n<!-- guideline-gaps -->\n",
        "page t.md",
        env,
        citations.render_numbers,
        "index.html",
        data=lambda _name: data,
    )


@pytest.fixture(scope="module")
def theme(project_root: Path):
    from mkdocs.config import load_config

    from guideline_site.citations import Citations, load_references

    config = load_config(str(project_root / "mkdocs.yml"))
    resources.add_theme_layer(config.theme.dirs, config.theme.custom_dir)
    env = config.theme.get_env()
    return env, Citations(load_references(project_root / "docs/references.yml"), env)


def test_changing_a_rule_changes_the_page(theme):
    env, citations = theme
    data = sciatica_core.rules_as_data()
    before = _render(data, env, citations)
    changed = copy.deepcopy(data)
    changed["rules"][1]["condition"] = "A changed condition"
    changed["rules"][1]["refs"] = [6]
    changed["gaps"] = changed["gaps"][:1]
    after = _render(changed, env, citations)
    assert before != after
    assert "A changed condition" in after
    assert [r[3] for r in rows(after)][1] == [6]
    assert after.count("data-gap-id=") == 1


def test_a_broken_core_fails_naming_the_page(theme):
    env, citations = theme

    def broken(_name):
        raise RuntimeError("boom")

    with pytest.raises(decision_table.PluginError, match=r"page t\.md: .*boom"):
        decision_table.render(
            "<!-- decision-table -->\n", "page t.md", env, citations.render_numbers, "", data=broken
        )
