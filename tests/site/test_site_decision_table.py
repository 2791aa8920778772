"""The decision table and "What this guideline leaves open" are generated from the core."""

from __future__ import annotations

import copy
import html
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
    """(rule id, step, condition, citation numbers) of each table row (the condition leads
    the row; the citations and the rule id, small, come last)."""
    out = []
    for match in re.finditer(
        r'<tr data-rule-id="([^"]+)"[^>]*?(?: data-step="(\w+)")?>(.*?)</tr>', html, re.S
    ):
        condition = re.search(r'<span class="gl-condition">(.*?)</span>', match[3], re.S)
        cites = re.search(r'<td class="gl-cites">(.*?)</td>', match[3], re.S)
        assert condition and cites, match[1]
        refs = [int(n) for n in re.findall(r">(\d+)</a>", cites[1])]
        out.append((match[1], match[2], normalize(re.sub(r"<[^>]+>", " ", condition[1])), refs))
    return out


def test_rows_equal_the_core_rules(page_html: str):
    """The step rules in the order they are tried, then the rules that add to a step (the
    sciatica core lists them in that order already)."""
    core = sciatica_core.rules_as_data()
    ordered = [r for r in core["rules"] if r["step"]] + [r for r in core["rules"] if not r["step"]]
    expected = [
        (rule["id"], rule["step"], normalize(rule["condition"]), list(rule["refs"]))
        for rule in ordered
    ]
    assert rows(page_html) == expected
    assert f'data-algorithm-version="{core["algorithm_version"]}"' in page_html


def test_the_table_leads_with_the_algorithm_in_clinical_terms(page_html: str):
    """Issue 25 item 8: each step row starts with when it applies (the condition, then the
    article's words) and gives the step's label and title; its rule id comes last, small."""
    core = sciatica_core.rules_as_data()
    spec = sciatica_core.calculator_spec()["outputs"]
    labels = {step["code"]: step["label"] for step in spec["steps"]}
    for rule in core["rules"]:
        if not rule["step"]:
            continue
        row = re.search(rf'<tr data-rule-id="{rule["id"]}".*?</tr>', page_html, re.S)
        assert row, rule["id"]
        cells = re.findall(r'<td class="([\w-]+)">(.*?)</td>', row[0], re.S)
        assert [name for name, _ in cells] == ["gl-when", "gl-gives", "gl-cites", "gl-rule-id"]
        assert cells[0][1].startswith('<span class="gl-condition">')
        gives = html.unescape(cells[1][1])
        assert gives.startswith(f"<strong>{labels[rule['step']]}</strong>")
        title = rule["title"] or core["titles"][rule["step"]]
        assert f'<p class="gl-title">{title}</p>' in gives
        assert cells[3][1] == f"<small><code>{rule['id']}</code></small>"


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


def test_every_rule_shows_its_article_quotes(page_html: str):
    """Issue 8: each row quotes the article sentences its rule encodes (verbatim, checked
    against the article by tests/fidelity)."""
    core = sciatica_core.rules_as_data()
    for rule in core["rules"]:
        row = re.search(rf'<tr data-rule-id="{rule["id"]}".*?</tr>', page_html, re.S)
        assert row, rule["id"]
        quotes = [normalize(html.unescape(q)) for q in re.findall(r"<q>(.*?)</q>", row[0], re.S)]
        for quote in [rule["article_text"], *rule["also_quotes"]]:
            assert normalize(quote) in quotes, (rule["id"], quote)


def test_adapted_items_say_what_they_adapt(page_html: str):
    """Issue 8: an item that is not the article's wording is marked "adapted from" with the
    sentences it adapts; a verbatim item is not."""
    core = sciatica_core.rules_as_data()
    adapted = {entry["text"]: entry for entry in core["adapted"]}
    items = re.findall(
        r'<li data-adapted="(true|false)"><strong>\w+:</strong> (.*?)</li>', page_html, re.S
    )
    assert items
    seen = set()
    for flag, body in items:
        text = re.sub(r"<sup.*?</sup>", "", body.split('<span class="gl-adapted">')[0])
        text = normalize(html.unescape(re.sub(r"<[^>]+>", " ", text)))
        entry = next((a for t, a in adapted.items() if normalize(t) == text), None)
        assert (flag == "true") == (entry is not None), text
        if entry:
            seen.add(entry["text"])
            assert "adapted from" in body and normalize(entry["why"]) in normalize(body)
    assert seen == set(adapted)


def test_page_says_nothing_untrue_about_inventing(page_html: str):
    """Issue 8: the page no longer claims "The calculator does not invent one"."""
    assert "does not invent one" not in page_html
    assert "adapted from" in page_html


@pytest.fixture(scope="module")
def changelog_html(built_site: Path) -> str:
    return (built_site / "changelog.html").read_text(encoding="utf-8")


def test_changelog_page_lists_every_version_newest_first(changelog_html: str):
    """Issue 8: the algorithm changelog page: one entry per version with its date, summary and
    the rule ids added, changed and removed, generated from the core."""
    core = sciatica_core.rules_as_data()
    versions = re.findall(r'<section class="gl-release" id="version-(\d+)"', changelog_html)
    assert versions == [entry["version"] for entry in reversed(core["changelog"])]
    text = normalize(re.sub(r"<[^>]+>", " ", changelog_html))
    for entry in core["changelog"]:
        assert f"Version {entry['version']} ({entry['date']})" in text
        assert normalize(entry["summary"]) in text
        for rule_id in entry["added"] + entry["changed"] + entry["removed"]:
            assert f"<code>{rule_id}</code>" in changelog_html
    assert f"current: <code>{core['algorithm_version']}</code>" in changelog_html


def test_changelog_says_which_answers_each_version_changed(changelog_html: str):
    """Issue 25 item 8: for each version, "Answers that changed" comes before the rule ids
    (which are in a details element): version 2 lists, with one example input in the form's
    words each, the answers that were a NSAID step and are now "Not covered by the article's
    plan"; version 1 says it is the first."""
    sections = dict(
        re.findall(r'<section class="gl-release" id="version-(\d+)".*?>(.*?)</section>',
                   changelog_html, re.S)
    )  # fmt: skip
    second = sections["2"]
    assert second.index("Answers that changed") < second.index('<details class="gl-rule-ids">')
    changes = re.findall(
        r'<li data-was="(\w+)" data-now="(\w+)" data-count="(\d+)">\s*'
        r'<p class="gl-example">(.*?)</p>',
        second,
        re.S,
    )
    assert sorted(was for was, *_ in changes) == ["continue_nsaid", "continue_nsaid", "start_nsaid"]
    assert {now for _, now, *_ in changes} == {"not_covered"}
    for *_, example in changes:
        assert "NSAIDs tolerated: No, not tolerated" in html.unescape(example)
    text = normalize(html.unescape(re.sub(r"<[^>]+>", " ", second)))
    assert "Was: Start NSAIDs" in text and "Now: Not covered by the article's plan" in text
    assert "The first version" in sections["1"]


def _render_kind(rules, outputs, env, citations) -> str:
    return decision_table.render(
        "<!-- decision-table -->\n",
        "page t.md",
        env,
        citations.render_numbers,
        "index.html",
        data=lambda _name: rules,
        outputs=lambda _name: outputs,
    )


def test_a_pathways_items_are_labelled_by_its_declared_sections(theme):
    """The rule table reads the section keys and labels the spec declares, not its own."""
    env, citations = theme
    outputs = copy.deepcopy(sciatica_core.calculator_spec()["outputs"])
    data = sciatica_core.rules_as_data()

    def labels(html_: str) -> set[str]:
        return set(re.findall(r'<li data-adapted="\w+"><strong>(.*?):</strong>', html_))

    assert labels(_render_kind(data, outputs, env, citations)) == {
        section["label"] for section in outputs["sections"]
    }
    outputs["sections"] = [{"key": "avoid", "label": "Placeholder heading"}]
    html_ = _render_kind(data, outputs, env, citations)
    assert labels(html_) == {"Placeholder heading"}
    steps = {step["code"]: step["label"] for step in outputs["steps"]}
    assert f"<strong>{steps['not_covered']}</strong>" in html.unescape(html_)


def test_a_scores_table_lists_each_item_with_its_points(theme):
    """A score (the CHA2DS2-VASc example): one row per item, its label and points."""
    env, citations = theme
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "cha2ds2-vasc"))
    import cha2ds2vasc_core

    rules = cha2ds2vasc_core.rules_as_data()
    outputs = cha2ds2vasc_core.calculator_spec()["outputs"]
    html_ = _render_kind(rules, outputs, env, citations)
    assert 'data-kind="score"' in html_ and "from 0 to 9" in html_
    found = re.findall(
        r'<tr data-rule-id="([^"]+)" data-kind="points">.*?<td data-points="(\d+)">', html_, re.S
    )
    assert found == [(rule["id"], str(rule["points"])) for rule in rules["rules"]]
    for item in outputs["items"]:
        assert html.escape(item["label"], quote=False) in html_
    assert "Score bands" not in html_  # it declares none


def test_a_quantitys_table_shows_its_formula_and_band_ranges(theme):
    """A quantity (the made-up doubling core): its formula with citation, each band rule
    with its range on the reported value (declared digits, unit), the codes as written."""
    env, citations = theme
    import doubling_core

    rules = doubling_core.rules_as_data()
    html_ = _render_kind(rules, doubling_core.calculator_spec()["outputs"], env, citations)
    assert f"{doubling_core.FORMULA}<sup" in html_  # with its citation
    assert "<code>pQ-low</code> placeholder band low" in html_
    assert "99.9 zz/m² or less" in html_ and "100.0 zz/m² or more" in html_
    # without a spec, the kind comes from rules_as_data() (no unit then)
    bare = _render_kind(rules, None, env, citations)
    assert 'data-kind="quantity"' in bare and "99.9 or less" in bare
    # a quantity whose rules give no band rows shows its declared bands
    no_bands = {**rules, "rules": [{**rules["rules"][0], "kind": "other"}]}
    shown = _render_kind(no_bands, doubling_core.calculator_spec()["outputs"], env, citations)
    assert shown.count('<tr data-band="') == 2
