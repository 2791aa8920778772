"""The example site as a whole: the core's declared form and rule table agree with each other
and with the page, the page carries its citation and status, and the site's configuration
names the core. Nothing anywhere gives treatment advice."""

from __future__ import annotations

import ast
import importlib
import json
import re
import sys
from pathlib import Path

import cha2ds2vasc_core
import pytest
import yaml
from cha2ds2vasc_core import (
    COMPONENTS,
    GUIDELINE,
    RISK_FACTOR_CODES,
    SEXES,
    InputError,
    calculator_spec,
    evaluate,
    input_schema,
    rules_as_data,
)
from test_cha2ds2vasc_score import ADVICE_WORDS

from guideline_site import kit

SITE = Path(__file__).resolve().parents[1]
CORE = Path(cha2ds2vasc_core.__file__).parent
KIT = Path(kit.__file__).parent
PAGE = (SITE / "docs" / "index.md").read_text(encoding="utf-8")


def front_matter() -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", PAGE, re.DOTALL)
    assert match, "docs/index.md has no front matter"
    return yaml.safe_load(match.group(1))


def spec_field(name: str) -> dict:
    return next(field for field in calculator_spec()["fields"] if field["name"] == name)


def test_core_imports_only_the_standard_library_and_the_kit():
    """The core runs in Pyodide: no third-party import, no import of another core, and of the
    generator only its authoring kit, which itself imports only the standard library."""
    stdlib = sys.stdlib_module_names | {"__future__"}
    for path in sorted([*CORE.glob("*.py"), *KIT.glob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                kit = path.parent == CORE and name == "guideline_site.kit"
                assert kit or name.split(".")[0] in stdlib, (path, name)


def test_core_has_the_generators_interface():
    for name in ("evaluate", "evaluate_json", "rules_as_data", "calculator_spec", "input_schema"):
        assert callable(getattr(cha2ds2vasc_core, name)), name
    assert issubclass(InputError, ValueError)


def test_spec_and_schema_are_json_ready_data():
    for data in (calculator_spec(), input_schema(), rules_as_data()):
        assert json.loads(json.dumps(data, allow_nan=False)) == data


def test_spec_declares_a_points_checklist_an_age_in_years_and_a_choice():
    spec = calculator_spec()
    assert spec["name"] == "cha2ds2-vasc"
    assert [(f["name"], f["kind"]) for f in spec["fields"]] == [
        ("risk_factors", "checklist"),
        ("age", "integer"),
        ("sex", "choice"),
    ]
    assert spec_field("risk_factors")["none_option"] == "None of these"
    assert all(field["required"] for field in spec["fields"])
    assert [name for group in spec["groups"] for name in group["fields"]] == [
        "risk_factors",
        "age",
        "sex",
    ]


def test_spec_points_are_the_rule_tables():
    """Each option's points and each age band's points are the table's, not a second copy."""
    worth = {c.id: c.points for c in COMPONENTS}
    for option in spec_field("risk_factors")["options"]:
        assert option["points"] == worth[option["value"]], option
    assert {o["value"]: o["points"] for o in spec_field("sex")["options"]} == {
        "female": worth["sex_category_female"],
        "male": 0,
    }
    assert spec_field("age")["points"] == [
        {"minimum": 65, "maximum": 74, "points": worth["age_65_to_74"]},
        {"minimum": 75, "maximum": 130, "points": worth["age_75_or_over"]},
    ]
    outputs = calculator_spec()["outputs"]
    assert outputs["kind"] == "score" and (outputs["minimum"], outputs["maximum"]) == (0, 9)
    assert outputs["items_field"] == "components"  # the result key (spec version 2)
    assert [c["code"] for c in outputs["items"]] == [c.id for c in COMPONENTS]


def test_spec_labels_are_the_ones_in_error_messages():
    for name, bad in (("age", "x"), ("sex", "x")):
        with pytest.raises(InputError) as caught:
            evaluate({"risk_factors": [], "age": 50, "sex": "male", name: bad})
        assert caught.value.errors[0]["message"].startswith(spec_field(name)["label"])


def test_schema_has_the_cores_fields_codes_and_range():
    schema = input_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["risk_factors", "age", "sex"]
    assert schema["additionalProperties"] is False
    props = schema["properties"]
    assert props["risk_factors"]["type"] == "array"
    assert props["risk_factors"]["items"]["enum"] == list(RISK_FACTOR_CODES)
    assert props["sex"]["enum"] == list(SEXES)
    assert (props["age"]["type"], props["age"]["minimum"], props["age"]["maximum"]) == (
        "integer",
        0,
        130,
    )
    assert evaluate({"risk_factors": [], "age": 130, "sex": "male"})["score"] == 2
    with pytest.raises(InputError):
        evaluate({"risk_factors": [], "age": 131, "sex": "male"})


def test_every_rule_quotes_its_definition_line_and_cites_the_paper():
    data = rules_as_data()
    assert [rule["id"] for rule in data["rules"]] == [c.id for c in COMPONENTS]
    for rule in data["rules"]:
        assert rule["article_text"].endswith(f": {rule['points']}"), rule["id"]
        assert rule["refs"] == [1], rule["id"]
        assert rule["condition"] and rule["when"], rule["id"]
    assert data["max_score_text"] == "Maximum score: 9"
    newest = cha2ds2vasc_core.CORE.changelog[-1]
    assert data["algorithm_version"].startswith(newest.version + "+")
    assert newest.date == GUIDELINE["last_updated"]
    assert cha2ds2vasc_core.CORE.changelog_problems() == []


def test_the_pages_table_is_the_rule_table():
    rows = re.findall(r"^\| (?!Item|---)(.+?) \| (\w+) \| (\d) \|$", PAGE, re.MULTILINE)
    assert rows == [(c.label, c.letter, str(c.points)) for c in COMPONENTS]
    assert "The maximum score is 9." in PAGE


def test_page_front_matter_is_the_cores_guideline():
    meta = front_matter()
    assert meta["review_status"] == "submitted" == GUIDELINE["review_status"]
    assert str(meta["last_updated"]) == GUIDELINE["last_updated"]
    assert meta["audience"] == ["clinician"]


def test_references_file_cites_the_paper_in_the_sites_format():
    entries = yaml.safe_load((SITE / "docs" / "references.yml").read_text(encoding="utf-8"))
    assert len(entries) == 1
    (entry,) = entries
    assert set(entry) == {"key", "type", "title", "source", "year"}
    assert entry["type"] == "Research" and entry["year"] == 2010
    assert entry["title"].startswith("Refining clinical risk stratification for predicting")
    assert entry["title"].endswith("the Euro Heart Survey on Atrial Fibrillation.")
    assert entry["source"] == (
        "Lip GYH, Nieuwlaat R, Pisters R, Lane DA, Crijns HJGM. Chest 2010;137(2):263-272"
    )
    assert f"[@{entry['key']}]" in PAGE
    assert "<!-- references -->" in PAGE


def test_site_config_names_the_core_as_its_calculator():
    config = yaml.safe_load((SITE / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    plugins = config["plugins"]
    assert plugins[0] == "search"
    guideline = plugins[1]["guideline"]
    assert guideline["calculators"] == {"cha2ds2-vasc": {"package": "cha2ds2vasc_core"}}
    assert importlib.import_module("cha2ds2vasc_core") is cha2ds2vasc_core
    assert "```calculator\ncha2ds2-vasc\n```" in PAGE


def test_nothing_gives_treatment_advice_or_an_invented_threshold():
    text = (json.dumps([calculator_spec(), rules_as_data(), input_schema()]) + PAGE).lower()
    for word in ADVICE_WORDS:
        assert word not in text, word
