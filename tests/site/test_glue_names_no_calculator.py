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
