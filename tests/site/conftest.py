"""Fixtures for the site tests: tiny throw-away MkDocs projects using this repo's theme
overrides, plugin and references file."""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

BuildTiny = Callable[..., tuple[subprocess.CompletedProcess[str], Path]]


@pytest.fixture
def build_tiny(tmp_path: Path, project_root: Path, run_mkdocs_build) -> BuildTiny:
    """Build a tiny project: ``build_tiny({"index.md": "..."})`` -> (process, site_dir)."""

    def build(pages: dict[str, str], references: Path | None = None):
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
        }
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        site = tmp_path / "site"
        return run_mkdocs_build(project, site), site

    return build
