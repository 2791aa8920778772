"""Two versions of a guideline site published side by side with mike (issue 21): the
scaffold's site (``python -m guideline_site new``) in a git repository of its own, version 1
deployed with ``mike deploy 1 latest --update-aliases``, then a changed rule (result A from
``example_number`` 7 up, was 5) with its changelog entry (``kit.release("2", ...)``) deployed
as version 2 the same way, ``latest`` made the default. The published branch is then checked
out into a folder (``git archive``: what a host is given) and its root ``_headers`` written
by ``python -m guideline_site headers``.

Used by tests/browser/test_versions.py; ``write_published(root)`` is also a script's worth of
the README's "Versions" commands.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import yaml
from tiny_project import SHARED_CACHE

from guideline_site import new_site

ROOT = Path(__file__).resolve().parent.parent
NAME = "example"
TODAY = datetime.date(2026, 12, 6)
BRANCH = "gh-pages"
SITE_URL = "https://guideline.test/example/"
#: Version 2's threshold (version 1's is the scaffold's 5).
NEW_THRESHOLD = 7


def answer(version: str, number: int) -> str:
    """The step version ``version`` gives for ``example_number`` (the box unticked)."""
    return (
        "placeholder_a" if number >= (5 if version == "1" else NEW_THRESHOLD) else "placeholder_b"
    )


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout


def _env() -> dict[str, str]:
    """mike runs `mkdocs build` from PATH: this interpreter's."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {
        **os.environ,
        "PATH": path,
        "NO_MKDOCS_2_WARNING": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }


def _digests(core_init: Path) -> str:
    """The core's rule digests as a release records them (``id=digest ...``)."""
    spec = importlib.util.spec_from_file_location(f"versions_core_{id(core_init)}", core_init)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return " ".join(f"{rule}={value}" for rule, value in module.CORE.digests.items())


def change_rule(repo: Path) -> None:
    """Version 2: result A from ``NEW_THRESHOLD`` up, the page's sentence with it, and its
    changelog entry recording the new digests."""
    core = repo / "example_core" / "__init__.py"
    source = core.read_text(encoding="utf-8")
    for old, new in (
        (
            'kit.where("example_number", ">=", 5)',
            f'kit.where("example_number", ">=", {NEW_THRESHOLD})',
        ),
        ("example_number >= 5", f"example_number >= {NEW_THRESHOLD}"),
        ("Example number 5 or more", f"Example number {NEW_THRESHOLD} or more"),
    ):
        assert old in source, old
        source = source.replace(old, new)
    entry = (
        f'        kit.release("2", "{TODAY}", "Result A from example number {NEW_THRESHOLD} up '
        '(was 5).", "placeholder_a=? placeholder_b=?"),\n    ],\n)'
    )
    source = source.replace("        )\n    ],\n)", "        ),\n" + entry, 1)
    core.write_text(source, encoding="utf-8")
    core.write_text(
        source.replace("placeholder_a=? placeholder_b=?", _digests(core)), encoding="utf-8"
    )
    page = repo / "docs" / "index.md"
    text = page.read_text(encoding="utf-8")
    assert "Example number 5 or more" in text
    page.write_text(
        text.replace("Example number 5 or more", f"Example number {NEW_THRESHOLD} or more"),
        encoding="utf-8",
    )


def write_repo(repo: Path) -> None:
    """The scaffold's site with Material's version selector, in a new git repository."""
    new_site.write_site(repo, name=NAME, today=TODAY)
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p["guideline"] for p in config["plugins"] if isinstance(p, dict))
    plugin["pyodide_dir"] = str(ROOT / "node_modules" / "pyodide")
    plugin["cache_dir"] = str(SHARED_CACHE)  # shared by the session's builds (tiny_project.py)
    config["site_url"] = SITE_URL
    config["extra"]["version"] = {"provider": "mike", "default": "latest"}
    (repo / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (repo / ".gitignore").write_text("site/\n", encoding="utf-8")
    _run(["git", "init", "-q", "-b", "main"], repo)
    _run(["git", "add", "-A"], repo, _env())
    _run(["git", "commit", "-q", "-m", "version 1"], repo, _env())


def deploy(repo: Path, version: str) -> None:
    mike = [str(Path(sys.executable).parent / "mike")]
    _run([*mike, "deploy", "--branch", BRANCH, version, "latest", "--update-aliases"], repo, _env())


def write_published(root: Path) -> Path:
    """Publish versions 1 and 2 and return the folder a host is given (with its root
    ``_headers``)."""
    repo, tree = root / "repo", root / "published"
    write_repo(repo)
    deploy(repo, "1")
    change_rule(repo)
    _run(["git", "commit", "-q", "-am", "version 2: result A from 7"], repo, _env())
    deploy(repo, "2")
    _run(
        [str(Path(sys.executable).parent / "mike"), "set-default", "--branch", BRANCH, "latest"],
        repo,
        _env(),
    )
    tree.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", BRANCH], cwd=repo, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    _run([sys.executable, "-m", "guideline_site", "headers", str(tree)], ROOT, _env())
    return tree
