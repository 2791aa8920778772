"""The ``calculators`` option: each core found through importlib (installed or in mkdocs.yml's
folder); every bad configuration stops ``mkdocs build`` with exit 1 and ONE error line naming
the option or the page, never a traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from tiny_project import TINY_CORE, make_project


def one_error_line(result) -> str:
    """The build failed with exit 1 and exactly one ERROR line, no traceback: that line.
    (For a page, MkDocs itself first logs "Error reading page 'NAME':", a line of its own
    that carries no message.)"""
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    errors = [
        line
        for line in output.splitlines()
        if line.startswith("ERROR") and not line.rstrip().endswith("Error reading page 'index.md':")
    ]
    assert len(errors) == 1, output
    return errors[0]


@pytest.mark.parametrize(
    ("calculators", "cores", "expected"),
    [
        pytest.param(
            {"flare": {"package": "no_such_core"}},
            {},
            "plugins.guideline.calculators.flare.package: no package 'no_such_core' installed",
            id="unknown-package",
        ),
        pytest.param(
            {"flare": {"package": "half_core"}},
            {"half_core": "def evaluate(data):\n    return {}\n"},
            "calculators.flare.package: 'half_core' is not a calculator core: it lacks "
            "evaluate_json, InputError, rules_as_data",
            id="core-without-the-interface",
        ),
        pytest.param(
            {"flare": {"package": "broken_core"}},
            {"broken_core": "raise RuntimeError('boom')\n"},
            "calculators.flare.package: importing 'broken_core' failed: RuntimeError('boom')",
            id="core-that-fails-to-import",
        ),
        pytest.param(
            ["flare"],
            {},
            "plugins.guideline.calculators: expected a mapping of calculator names",
            id="not-a-mapping",
        ),
        pytest.param(
            {"flare": {"pkg": "tiny_core"}},
            {"tiny_core": TINY_CORE},
            "plugins.guideline.calculators.flare: unknown option pkg",
            id="unknown-option",
        ),
        pytest.param(
            {"flare": {}},
            {},
            "plugins.guideline.calculators.flare.package: "
            "expected the core's top-level import name",
            id="missing-package",
        ),
        pytest.param(
            {"one": {"package": "tiny_core"}, "two": {"package": "tiny_core"}},
            {"tiny_core": TINY_CORE},
            "calculators.two.package: 'tiny_core' is already the core of calculator 'one'",
            id="two-calculators-one-core",
        ),
        pytest.param(
            {"Flare Calc": {"package": "tiny_core"}},
            {"tiny_core": TINY_CORE},
            "calculator name 'Flare Calc' must be lower-case",
            id="bad-name",
        ),
    ],
)
def test_a_bad_calculators_option_fails_with_one_line_naming_it(
    tmp_path: Path, run_mkdocs_build, calculators, cores, expected
):
    project = make_project(tmp_path, calculators, cores=cores)
    line = one_error_line(run_mkdocs_build(project, tmp_path / "site"))
    assert expected in line


def test_a_calculator_placed_but_not_configured_fails_naming_the_page(
    tmp_path: Path, run_mkdocs_build
):
    body = "```calculator\nother-calc\n```"
    project = make_project(
        tmp_path, {"tiny": {"package": "tiny_core"}}, body, {"tiny_core": TINY_CORE}
    )
    line = one_error_line(run_mkdocs_build(project, tmp_path / "site"))
    assert "page index.md: calculator 'other-calc' is placed but not configured" in line
    assert "(configured: tiny)" in line


def test_a_table_of_a_calculator_not_configured_fails_naming_the_page(
    tmp_path: Path, run_mkdocs_build
):
    project = make_project(
        tmp_path,
        {"tiny": {"package": "tiny_core"}},
        "<!-- decision-table: other-calc -->",
        {"tiny_core": TINY_CORE},
    )
    line = one_error_line(run_mkdocs_build(project, tmp_path / "site"))
    assert "page index.md: calculator 'other-calc' is not configured" in line


def test_a_table_naming_no_calculator_on_a_site_of_two_says_how_to_name_one(
    tmp_path: Path, run_mkdocs_build
):
    project = make_project(
        tmp_path,
        {"one": {"package": "one_core"}, "two": {"package": "two_core"}},
        "<!-- decision-table -->",
        {"one_core": TINY_CORE, "two_core": TINY_CORE},
    )
    line = one_error_line(run_mkdocs_build(project, tmp_path / "site"))
    assert "marker names no calculator, so the site needs exactly one" in line
    assert "(configured: one, two)" in line
    assert "<!-- algorithm-changelog: NAME -->" in line


def test_a_core_in_the_project_folder_gives_the_generated_tables(tmp_path: Path, run_mkdocs_build):
    body = textwrap.dedent(
        """
        <!-- decision-table -->

        <!-- guideline-gaps: tiny -->
        """
    )
    project = make_project(
        tmp_path, {"tiny": {"package": "tiny_core"}}, body, {"tiny_core": TINY_CORE}
    )
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-rule-id="tiny-rule"' in html
    assert 'data-algorithm-version="tiny-1"' in html
    assert 'data-gap-id="tiny-gap"' in html
