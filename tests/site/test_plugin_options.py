"""The plugin's numeric options: MkDocs checks their types, the plugin their ranges; a bad
value stops the build with one line naming the option (never a later, stranger failure)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_calculators_option import one_error_line
from tiny_project import make_project


def build_with(tmp_path: Path, run_mkdocs_build, **options: object):
    project = make_project(tmp_path, {})
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][0]["guideline"].update(options)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return run_mkdocs_build(project, tmp_path / "site")


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("export_runtime_budget", -1.0, "expected a number of at least 0.01 (got -1.0)"),
        ("export_runtime_budget", 0, "expected a number of at least 0.01 (got 0)"),
        ("reference_age_years", -5, "expected a number of at least 0 (got -5)"),
        ("export_page_budget_bytes", -1, "expected a number of at least 0 (got -1)"),
    ],
)
def test_an_option_out_of_range_fails_naming_it(
    tmp_path: Path, run_mkdocs_build, option: str, value: object, expected: str
):
    line = one_error_line(build_with(tmp_path, run_mkdocs_build, **{option: value}))
    assert f"plugins.guideline.{option}: {expected}" in line


def test_a_whole_number_is_a_valid_runtime_budget(tmp_path: Path, run_mkdocs_build):
    """``export_runtime_budget: 2`` means 2.0 (it was refused for not being a float)."""
    result = build_with(tmp_path, run_mkdocs_build, export_runtime_budget=2)
    assert result.returncode == 0, result.stdout + result.stderr
