"""A calculator core's wheel, for Pyodide in the browser, built by a standard build backend.

The core's package is copied (its files only: no bytecode, no caches, mode 0644) into a
temporary folder beside a small generated ``pyproject.toml`` and built by setuptools'
``build_meta`` (PEP 517; the backend is installed with the ``site`` extra: no build
isolation, no network) in a subprocess, with ``SOURCE_DATE_EPOCH`` fixed, so the same
sources always give the same bytes. The result is a PEP 427 wheel whose file name and
metadata agree: version ``0+g<hash>``, the hash of the package's sources, so a new algorithm
(any changed file) gives a new file name and URL. Cached under ``.cache/calculator/`` by that
hash: the backend runs only when the sources change.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from guideline_site import processes

#: Local version label of the content hash (PEP 440: "0+g<16 hex digits>").
VERSION = "0+g{digest}"
DIGEST_CHARS = 16
#: Zip timestamps of the wheel (1980-01-01, the earliest a zip holds).
SOURCE_DATE_EPOCH = "315532800"
BUILD_TIMEOUT_S = 300
_SKIP_DIRS = {"__pycache__"}
#: The folder where the kit keeps each published version's rule table
#: (``python -m guideline_site.kit freeze``): the build's changelog reads them; the browser's
#: core does not, so they stay out of the wheel.
KEPT_TABLES = "versions"
_SKIP_SUFFIXES = {".pyc", ".pyo"}
_PYPROJECT = """\
[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "{package}"
version = "{version}"
description = "The calculator core {package}, built for the browser by guideline_site."

[tool.setuptools.packages.find]
include = ["{package}", "{package}.*"{kit}]

[tool.setuptools.package-data]
"*" = ["**/*"]
"""
_BUILD = """\
import sys
from setuptools import build_meta
print(build_meta.build_wheel(sys.argv[1]))
"""


class WheelError(Exception):
    """The backend could not build the wheel (the message names the cause)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Wheel:
    """A built wheel: where it is cached, the hash of its sources, the package inside."""

    path: Path
    digest: str
    package: str

    @property
    def bytes(self) -> bytes:
        return self.path.read_bytes()


#: The authoring kit (standard library only) goes into the wheel of a core that imports it,
#: with the generator package's ``__init__.py`` (a docstring): the kit, not the glue.
_KIT_DIR = Path(__file__).resolve().parent / "kit"
_KIT_IMPORT = re.compile(
    rb"^\s*(?:from\s+guideline_site(?:\.kit)?\s+import|import\s+guideline_site\.kit)", re.M
)


def uses_kit(package_dir: Path) -> bool:
    """Whether a module of the package imports the authoring kit."""
    return any(
        _KIT_IMPORT.search(path.read_bytes())
        for path in source_files(package_dir)
        if path.suffix == ".py"
    )


def kit_files() -> list[tuple[Path, str]]:
    """The kit's files and their paths inside a wheel."""
    files = [(_KIT_DIR.parent / "__init__.py", "guideline_site/__init__.py")]
    files += [
        (path, f"guideline_site/kit/{path.relative_to(_KIT_DIR).as_posix()}")
        for path in source_files(_KIT_DIR)
    ]
    return files


def _wheel_files(package_dir: Path) -> list[tuple[Path, str]]:
    """Every file of the wheel with its path inside it: the package's, and the kit's when
    the package imports it."""
    files = [
        (p, f"{package_dir.name}/{p.relative_to(package_dir).as_posix()}")
        for p in source_files(package_dir)
    ]
    return files + (kit_files() if uses_kit(package_dir) else [])


def source_files(package_dir: Path) -> list[Path]:
    """The package's files that go into the wheel, sorted (no bytecode, no caches)."""
    files = []
    for path in sorted(package_dir.rglob("*")):
        rel = path.relative_to(package_dir)
        if not path.is_file() or _SKIP_DIRS.intersection(rel.parts):
            continue
        if path.suffix in _SKIP_SUFFIXES or path.name.startswith("."):
            continue
        if rel.parts[0] == KEPT_TABLES and path.suffix == ".json":
            continue  # earlier versions' rule tables: read at build time, never in the browser
        files.append(path)
    return files


def sources_digest(package_dir: Path) -> str:
    """sha256 over the package's name, file names and contents (what the wheel is made of)."""
    h = hashlib.sha256(package_dir.name.encode() + b"\0")
    for path, name in _wheel_files(package_dir):
        h.update(name.encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update(_PYPROJECT.encode() + _BUILD.encode())
    return h.hexdigest()


def wheel_name(package: str, digest: str) -> str:
    """The PEP 427 file name: distribution, version, py3-none-any."""
    return f"{package}-{VERSION.format(digest=digest[:DIGEST_CHARS])}-py3-none-any.whl"


def _run_backend(package_dir: Path, version: str, out: Path) -> None:
    """Build the wheel with setuptools' build_meta in a temporary folder; write it to out."""
    package = package_dir.name
    with tempfile.TemporaryDirectory(prefix="guideline-wheel-") as tmp:
        src = Path(tmp) / "src"
        files = _wheel_files(package_dir)
        for path, name in files:
            target = src / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            target.chmod(0o644)
        with_kit = any(name.startswith("guideline_site/") for _, name in files)
        kit = ', "guideline_site", "guideline_site.kit"' if with_kit else ""
        (src / "pyproject.toml").write_text(
            _PYPROJECT.format(package=package, version=version, kit=kit), encoding="utf-8"
        )
        dist = Path(tmp) / "dist"
        dist.mkdir()
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        try:
            proc = subprocess.run(
                [sys.executable, "-c", _BUILD, str(dist)],
                cwd=src,
                env=env,
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise WheelError(f"setuptools build_meta: {exc}") from exc
        if proc.returncode != 0:
            tail = processes.tail(proc)
            raise WheelError(f"setuptools build_meta exit {proc.returncode}: {tail}")
        built = dist / proc.stdout.strip().splitlines()[-1]
        if built.name != out.name:
            raise WheelError(f"the backend named the wheel {built.name}, expected {out.name}")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.name}.{os.getpid()}.tmp")  # builds share the cache
        shutil.copyfile(built, partial)
        os.replace(partial, out)


def build_wheel(package_dir: Path, cache_dir: Path) -> Wheel:
    """Build (or reuse from ``cache_dir``) the wheel of the package in ``package_dir``."""
    if not (package_dir / "__init__.py").is_file():
        raise FileNotFoundError(f"{package_dir} is not a Python package (no __init__.py)")
    digest = sources_digest(package_dir)
    path = cache_dir / wheel_name(package_dir.name, digest)
    if not path.is_file():
        _run_backend(package_dir, VERSION.format(digest=digest[:DIGEST_CHARS]), path)
    return Wheel(path=path, digest=digest, package=package_dir.name)
