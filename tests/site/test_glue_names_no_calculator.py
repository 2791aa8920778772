"""Issue 10: the glue (page script, worker, Node scripts, templates) names no field, code or
text of any one calculator: everything about a calculator comes from its core's declared spec.
Comments may name the first user (the sciatica calculator) as an example."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GLUE = [ROOT / "guideline_site" / folder for folder in ("assets", "node", "templates")]
GLUE.append(ROOT / "web")  # the page script's sources (bundled into assets/)
#: The first user's name, its calculator's name, field names and drug names (issue 10).
FIRST_USER = re.compile(r"sciatica|flare|nsaid|duloxetine|pain_score|red_flags", re.I)
#: A comment line, crudely: one starting with //, *, /*, # or {# (JS, CSS, Jinja).
COMMENT = re.compile(r"^\s*(//|/?\*|#|\{#)")


def names_of_the_first_user(paths: list[Path], base: Path = ROOT) -> list[str]:
    """Every line outside a comment that names the first user, as PATH:LINE: TEXT (PATH
    relative to ``base``)."""
    hits = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FIRST_USER.search(line) and not COMMENT.match(line):
                hits.append(f"{path.relative_to(base)}:{n}: {line.strip()}")
    return hits


def test_the_checker_flags_code_and_passes_comments(tmp_path: Path):
    sample = tmp_path / "sample.js"
    sample.write_text(
        "// the sciatica flare calculator, as an example\n"
        " * nsaid_days in a block comment\n"
        "{# red_flags in a Jinja comment #}\n"
        'const field = "pain_score";\n',
        encoding="utf-8",
    )
    assert names_of_the_first_user([sample], tmp_path) == [
        'sample.js:4: const field = "pain_score";'
    ]


def test_page_script_worker_node_scripts_and_templates_name_no_calculator():
    files = sorted(p for folder in GLUE for p in folder.rglob("*") if p.is_file())
    assert any(p.name == "calculator.js" for p in files)
    assert any(p.name == "form.js" for p in files)  # a source of calculator.js
    assert any(p.name == "worker.js" for p in files)
    assert any(p.suffix == ".mjs" for p in files)
    assert any(p.name == "calculator.html" for p in files)
    assert names_of_the_first_user(files) == []


#: The result keys of the two first calculators (issue 19 item 2): the page script draws a
#: result by its declared kind (calculator_spec() outputs: a pathway's sections, a score's
#: items_field, a quantity's field and category_field), never by these names.
RESULT_KEYS = (
    "actions",
    "avoid",
    "monitoring",
    "article_step",
    "letter",
    "present",
    "max_points",
    "components",
)
#: A key used in code: `.key`, `["key"]` / `'key'` / `` `key` `` as a whole string, or `key:`
#: in an object literal (a word inside a longer string or name, e.g. data-item-present, is not).
KEY_USE = re.compile(r"(?:\.(?P<a>\w+)\b|[\"'`](?P<b>\w+)[\"'`]|(?:^|[{,\s])(?P<c>\w+)\s*:(?!:))")


def result_keys_named(paths: list[Path], base: Path = ROOT) -> list[str]:
    """Every use of a RESULT_KEYS key as a key outside a comment, as PATH:LINE: TEXT."""
    hits = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if COMMENT.match(line):
                continue
            code = line.split("//")[0] if "://" not in line else line
            for match in KEY_USE.finditer(code):
                if (match["a"] or match["b"] or match["c"]) in RESULT_KEYS:
                    hits.append(f"{path.relative_to(base)}:{n}: {line.strip()}")
                    break
    return hits


def test_the_key_checker_flags_keys_and_passes_comments_and_longer_names(tmp_path: Path):
    sample = tmp_path / "sample.js"
    sample.write_text(
        "// result.actions in a comment\n"
        'const a = { "data-component-present": "true", presentation: 1 };\n'
        "const b = result.actions;\n"
        'const c = result["max_points"];\n'
        "const d = { letter: 1 };\n",
        encoding="utf-8",
    )
    assert result_keys_named([sample], tmp_path) == [
        "sample.js:3: const b = result.actions;",
        'sample.js:4: const c = result["max_points"];',
        "sample.js:5: const d = { letter: 1 };",
    ]


def test_page_script_sources_name_no_calculators_result_keys():
    sources = sorted((ROOT / "web" / "calculator").glob("*.js"))
    assert any(p.name == "result.js" for p in sources)
    assert result_keys_named(sources) == []


def test_no_class_or_id_carries_the_first_calculators_prefix():
    """Issue 19 item 2: the generic layer's classes and ids are the generator's (``gc-``),
    not the first calculator's ``sf-`` (sciatica flare)."""
    files = sorted(p for folder in GLUE for p in folder.rglob("*") if p.is_file())
    hits = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bsf-", line)
    ]
    assert hits == []
