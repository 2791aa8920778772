"""The plugin is a real package: its templates, page scripts, styles and Node scripts are
found from the package (a site needs no copy of them) and ship in the wheel."""

from __future__ import annotations

import ast
import re
import subprocess
import tomllib
import zipfile
from pathlib import Path

import yaml

from guideline_site import processes, resources

ROOT = Path(__file__).resolve().parents[2]

PAGE = """---
title: New guideline
review_status: submitted
last_updated: 2026-01-02
audience: clinician
---

# New guideline

A claim [@only-2020].

## References

<!-- references -->
"""
REFERENCES = [
    {"key": "only-2020", "type": "Research", "title": "Only.", "source": "J", "year": 2020}
]


def test_theme_layer_goes_after_the_sites_custom_dir_and_before_the_theme():
    layer = str(resources.TEMPLATES_DIR)
    dirs = ["/site/overrides", "/material", "/mkdocs/templates"]
    resources.add_theme_layer(dirs, "/site/overrides")
    assert dirs == ["/site/overrides", layer, "/material", "/mkdocs/templates"]
    resources.add_theme_layer(dirs, "/site/overrides")  # a second call changes nothing
    assert dirs.count(layer) == 1
    bare = ["/material", "/mkdocs/templates"]
    resources.add_theme_layer(bare, None)
    assert bare == [layer, "/material", "/mkdocs/templates"]


def test_a_site_without_overrides_renders_with_the_packages_templates(
    tmp_path: Path, run_mkdocs_build
):
    project = tmp_path / "new-site"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    (project / "references.yml").write_text(yaml.safe_dump(REFERENCES), encoding="utf-8")
    config = {
        "site_name": "New",
        "use_directory_urls": False,
        "theme": {"name": "material", "font": False},  # no custom_dir
        "plugins": [{"guideline": {"references": "references.yml", "calculator": False}}],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-review-status="submitted"' in html  # partials/guideline/editorial.html
    assert 'id="ref-1"' in html  # partials/guideline/references.html
    assert "assets/stylesheets/guideline.css" in html  # main.html
    assert "Editorial policy" not in html  # no editorial_policy page: no link to one
    for asset in ("stylesheets/guideline.css", "javascripts/audience.js"):
        assert (site / "assets" / asset).is_file(), asset


def test_a_sites_own_asset_wins_over_the_packages(tmp_path: Path, run_mkdocs_build):
    project = tmp_path / "own"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    (project / "references.yml").write_text(yaml.safe_dump(REFERENCES), encoding="utf-8")
    own = project / "overrides" / "assets" / "stylesheets"
    own.mkdir(parents=True)
    (own / "guideline.css").write_text("/* the site's own */\n", encoding="utf-8")
    config = {
        "site_name": "Own",
        "use_directory_urls": False,
        "theme": {"name": "material", "font": False, "custom_dir": "overrides"},
        "plugins": [{"guideline": {"references": "references.yml", "calculator": False}}],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    css = (site / "assets" / "stylesheets" / "guideline.css").read_text(encoding="utf-8")
    assert css == "/* the site's own */\n"
    assert (site / "assets" / "javascripts" / "audience.js").is_file()  # the package's


def test_the_project_wheel_carries_the_theme_layer_and_the_node_scripts(project_wheel: Path):
    built = project_wheel
    names = set(zipfile.ZipFile(built).namelist())
    shipped = [
        path.relative_to(ROOT).as_posix()
        for folder in (resources.TEMPLATES_DIR, resources.ASSETS_DIR, resources.NODE_DIR)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert any(name.endswith("worker.js") for name in shipped)
    assert any(name.endswith("make-snapshot.mjs") for name in shipped)
    assert [name for name in shipped if name not in names] == []
    # PEP 561: the package tells type checkers that its annotations are to be used.
    assert "guideline_site/py.typed" in names


def test_the_project_wheel_is_the_generator_alone(project_wheel: Path):
    """The distribution is ``guideline-site``: its wheel holds ``guideline_site`` (the plugin
    and the scaffold) and its dist-info, no guideline's core. sciatica_core is this
    repository's own site's core, found beside mkdocs.yml as any site's core is."""
    assert project_wheel.name.startswith("guideline_site-")
    archive = zipfile.ZipFile(project_wheel)
    names = archive.namelist()
    assert [n for n in names if "sciatica" in n.lower()] == []
    tops = {name.split("/")[0] for name in names}
    (dist_info,) = (top for top in tops if top.endswith(".dist-info"))
    assert tops == {"guideline_site", dist_info}
    assert "guideline_site/scaffold/example_core/__init__.py.tmpl" in names
    assert "guideline_site/kit/__init__.py" in names
    metadata = archive.read(f"{dist_info}/METADATA").decode("utf-8")
    assert "\nName: guideline-site\n" in metadata
    top_level = [n for n in names if n.endswith("/top_level.txt")]
    assert all(archive.read(n).decode().split() == ["guideline_site"] for n in top_level)


def test_the_site_extra_runs_a_new_sites_tests_and_every_pin_is_written_once():
    """A new site needs only ``pip install 'guideline-site[site]'`` for the README's
    ``python -m pytest && mkdocs build --strict``: pytest is in the site extra. Every outside
    version is pinned (==) once: the test extra takes the site extra's pins by naming it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert project["name"] == "guideline-site"
    assert project["dependencies"] == []
    pins = [
        requirement
        for extra in extras.values()
        for requirement in extra
        if not requirement.startswith(project["name"] + "[")
    ]
    assert [r for r in pins if not re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][\w.]*", r)] == []
    names = [r.split("==")[0].lower() for r in pins]
    assert sorted({n for n in names if names.count(n) > 1}) == []
    assert {r.split("==")[0] for r in extras["site"]} >= {"mkdocs", "mkdocs-material", "pytest"}
    named = [r for r in extras["test"] if r.startswith(project["name"] + "[")]
    assert len(named) == 1 and "site" in named[0][len(project["name"]) + 1 : -1].split(",")


def test_the_glue_never_names_a_core():
    """guideline_site/ finds its cores through the calculators option only: no import of,
    and no string naming, the first core (docstrings and comments may name it as an example)."""
    found = []
    for path in sorted(resources.PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Name):
                names = [node.id]
            elif isinstance(node, ast.Constant) and id(node) not in docstrings:
                names = [node.value] if isinstance(node.value, str) else []
            found += [f"{path.name}:{node.lineno}" for n in names if "sciatica" in n]
    assert found == []


def test_the_editorial_policy_link_comes_from_the_option(built_site: Path):
    html = (built_site / "decision-table.html").read_text(encoding="utf-8")
    assert '<a href="authors.html#review-status">Editorial policy</a>' in html


def test_a_failed_subprocess_is_told_in_short_lines():
    """A Node stack trace quotes a whole line of minified code: one error line stays short."""
    proc = subprocess.CompletedProcess(
        [], 1, stdout="", stderr="first\nsecond\n" + "x" * 5000 + "\nError: boom\n"
    )
    told = processes.tail(proc)
    assert told.startswith("second | xxx") and told.endswith(" | Error: boom")
    assert len(told) < 300
