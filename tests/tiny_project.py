"""A tiny throw-away guideline project with a placeholder calculator core in its own folder
(an obvious placeholder, not clinical content), for the tests of the generator."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: The plugin's cache (wheels, snapshots, the offline file's data blocks), content-addressed
#: and safe to share between builds: every test build of a site with a runtime uses this one
#: (the project's own, as its mkdocs.yml says), so that a block common to every site (the
#: wasm's, the stdlib's) is made once per session, not once per site.
SHARED_CACHE = ROOT / ".cache"

PAGE = """---
title: T
review_status: submitted
last_updated: 2026-01-02
audience: clinician
---

# T

Text [@only-2020].

{body}

## References

<!-- references -->
"""
REFERENCES = [
    {"key": "only-2020", "type": "Research", "title": "Only.", "source": "J", "year": 2020}
]
#: A core with the whole interface and one rule (an obvious placeholder, not clinical).
TINY_CORE = """
import json

class InputError(ValueError):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors

def evaluate(data):
    if not isinstance(data, dict):
        raise InputError([{"field": None, "message": "not an object"}])
    return {"step": "placeholder_step"}

def evaluate_json(text):
    try:
        return json.dumps({"result": evaluate(json.loads(text))})
    except InputError as exc:
        return json.dumps({"errors": exc.errors})
    except ValueError as exc:
        return json.dumps({"errors": [{"field": None, "message": str(exc)}]})

def rules_as_data():
    return {
        "algorithm_version": "tiny-1",
        "guideline": {"title": "A placeholder", "last_updated": "2026-01-02",
                      "review_status": "submitted"},
        "changelog": [{"version": "tiny-1"}],
        "rules": [{"id": "tiny-rule", "kind": "step", "step": "placeholder_step",
                   "condition": "the tiny condition", "refs": [1],
                   "article_text": "Tiny text."}],
        "gaps": [{"id": "tiny-gap", "condition": "a tiny gap", "text": "left open"}],
    }
"""


def make_project(
    root: Path, calculators: object, body: str = "", cores: dict[str, str] | None = None
) -> Path:
    project = root / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(PAGE.format(body=body), encoding="utf-8")
    (project / "references.yml").write_text(yaml.safe_dump(REFERENCES), encoding="utf-8")
    for package, source in (cores or {}).items():
        (project / package).mkdir()
        (project / package / "__init__.py").write_text(source, encoding="utf-8")
    options = {"references": "references.yml", "calculator": False, "calculators": calculators}
    config = {
        "site_name": "T",
        "use_directory_urls": False,
        "theme": {"name": "material", "font": False},
        "plugins": [{"guideline": options}],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return project


def build_scaffolded_site(
    tmp: Path, run_mkdocs_build, edit: Callable[[Path], object], **options: object
) -> Path:
    """A site written by ``python -m guideline_site new`` (its placeholder core, calculator
    named ``example``), changed by ``edit(project_folder)``, built with the local Pyodide, no
    snapshot and ``options`` (plugin options, e.g. offline_export); returns the built site's
    folder."""
    project = tmp / "site-src"
    result = subprocess.run(
        [sys.executable, "-m", "guideline_site", "new", str(project)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    edit(project)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    guideline = next(p["guideline"] for p in config["plugins"] if isinstance(p, dict))
    guideline.update(
        {
            "pyodide_dir": str(ROOT / "node_modules" / "pyodide"),
            "cache_dir": str(tmp / "cache"),
            "snapshot": False,  # a cold start is enough here (and needs no Node)
            "offline_export": False,
            **options,
        }
    )
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = tmp / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site
