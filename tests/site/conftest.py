"""Fixtures for the site tests: tiny throw-away MkDocs projects using this repo's theme
overrides, plugin and references file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

BuildTiny = Callable[..., tuple[subprocess.CompletedProcess[str], Path]]


@pytest.fixture
def build_tiny(tmp_path: Path, project_root: Path, run_mkdocs_build) -> BuildTiny:
    """Build a tiny project: ``build_tiny({"index.md": "..."})`` -> (process, site_dir);
    ``extra``: more mkdocs.yml settings."""

    def build(pages: dict[str, str], references: Path | None = None, extra: dict | None = None):
        project = tmp_path / "project"
        docs = project / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        for name, text in pages.items():
            (docs / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        config = {
            "site_name": "Tiny guideline",
            "use_directory_urls": False,
            "theme": {
                "name": "material",
                "custom_dir": str(project_root / "overrides"),
                "font": False,
            },
            "plugins": [
                "search",
                {
                    "guideline": {
                        "references": str(references or project_root / "docs/references.yml"),
                        "calculator": False,  # the runtime is not what these test
                    }
                },
            ],
            "markdown_extensions": ["attr_list", "md_in_html", "toc"],
            **(extra or {}),
        }
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        site = tmp_path / "site"
        return run_mkdocs_build(project, site), site

    return build


@pytest.fixture(scope="session")
def project_wheel(tmp_path_factory: pytest.TempPathFactory, project_root: Path) -> Path:
    """The project's wheel (``guideline-site``), built once per session from a copy of its
    sources (pip without build isolation: the backend is the pinned setuptools of the site
    extra, no download). The copy has the site's core beside the plugin, as the repository
    has: the wheel must leave it out."""
    tmp = tmp_path_factory.mktemp("project-wheel")
    source = tmp / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(project_root / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("guideline_site", "sciatica_core"):
        shutil.copytree(project_root / package, source / package, ignore=ignore)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-q", "-w", str(tmp / "dist"), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (built,) = (tmp / "dist").glob("*.whl")
    return built


@pytest.fixture(scope="session")
def clean_venv(tmp_path_factory: pytest.TempPathFactory, project_wheel: Path) -> Path:
    """A new virtual environment holding only the project's wheel with its ``site`` extra
    (its pinned dependencies from PyPI, through pip's cache): a new user's install, as the
    README's "Start a new guideline site" has it. Returns its ``bin`` folder."""
    venv = tmp_path_factory.mktemp("clean-venv") / "venv"
    for command in (
        [sys.executable, "-m", "venv", "--without-pip", str(venv)],
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q",
         "--python", str(venv / "bin" / "python"), "install", f"{project_wheel}[site]"],
    ):  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        assert result.returncode == 0, result.stderr
    return venv / "bin"


@pytest.fixture(scope="session")
def clean_env(tmp_path_factory: pytest.TempPathFactory, clean_venv: Path) -> dict[str, str]:
    """The environment a command in ``clean_venv`` runs with: its bin first on PATH (then
    the system's, for Node), nothing of this project's venv, and one Pyodide runtime cache
    for the session (the only test download from the real npm registry)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    system_path = [p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p]
    env["PATH"] = os.pathsep.join([str(clean_venv), *system_path])
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["GUIDELINE_SITE_CACHE"] = str(tmp_path_factory.mktemp("runtime-cache"))
    return env
