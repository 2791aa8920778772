"""``python -m guideline_site new DIR``: write a new guideline site from the files under
``guideline_site/scaffold/``.

The scaffold is kept as files: a file whose name ends in ``.tmpl`` is rendered with
:class:`string.Template` (``${name}``, ``${today}``, ``${year}``; every placeholder must be
known) and written without that suffix; every other file is copied as it is. The site it
writes builds with ``mkdocs build --strict`` and its placeholder core's tests pass.
"""

from __future__ import annotations

import datetime
import re
import string
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

SCAFFOLD = "scaffold"
TEMPLATE_SUFFIX = ".tmpl"
#: A calculator's name: it appears in URLs, HTML attributes and file names.
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_NAME = "example"
_SKIP = {"__pycache__"}


class NewSiteError(Exception):
    """Why a site cannot be written there (one line, naming the folder or option)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Written:
    """What :func:`write_site` wrote: the folder and its files, relative, in order."""

    root: Path
    files: tuple[str, ...]


def scaffold_files(
    folder: Traversable | None = None, prefix: str = ""
) -> list[tuple[str, Traversable]]:
    """Every file of the scaffold as (relative path, resource), sorted."""
    folder = folder if folder is not None else resources.files("guideline_site") / SCAFFOLD
    found: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        if entry.name in _SKIP or entry.name.endswith((".pyc", ".pyo")):
            continue
        if entry.is_dir():
            found.extend(scaffold_files(entry, f"{prefix}{entry.name}/"))
        else:
            found.append((f"{prefix}{entry.name}", entry))
    return sorted(found, key=lambda pair: pair[0])


def check_target(target: Path) -> None:
    """Refuse a path that is a file or a folder with anything in it."""
    if target.exists() and not target.is_dir():
        raise NewSiteError(f"{target} exists and is not a folder: give a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise NewSiteError(f"{target} is not empty: give a new or empty folder")


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise NewSiteError(
            f"--name {name!r}: a calculator's name is lower-case letters, digits and single"
            " hyphens (e.g. my-score)"
        )
    return name


def write_site(
    target: Path, *, name: str = DEFAULT_NAME, today: datetime.date | None = None
) -> Written:
    """Write the scaffold into ``target`` (new or empty) for a calculator called ``name``."""
    check_name(name)
    check_target(target)
    today = today or datetime.date.today()
    values = {"name": name, "today": today.isoformat(), "year": str(today.year)}
    rendered: list[tuple[str, bytes]] = []
    for relative, resource in scaffold_files():
        data = resource.read_bytes()
        if relative.endswith(TEMPLATE_SUFFIX):
            relative = relative.removesuffix(TEMPLATE_SUFFIX)
            try:
                text = string.Template(data.decode("utf-8")).substitute(values)
            except (KeyError, ValueError) as exc:  # a scaffold defect, not the user's
                raise AssertionError(
                    f"scaffold template {relative}: bad placeholder {exc}"
                ) from exc
            data = text.encode("utf-8")
        rendered.append((relative, data))
    target.mkdir(parents=True, exist_ok=True)
    for relative, data in rendered:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return Written(root=target, files=tuple(relative for relative, _ in rendered))
