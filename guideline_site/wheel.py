"""A calculator core's wheel, and the authoring kit's, for Pyodide in the browser, built by a
standard build backend.

Each package is copied (its files only: no bytecode, no caches, mode 0644) into a temporary
folder beside a small generated ``pyproject.toml`` and built by setuptools' ``build_meta``
(PEP 517; the backend is installed with the ``site`` extra: no build isolation, no network)
in a subprocess, with ``SOURCE_DATE_EPOCH`` fixed, so the same sources always give the same
bytes. The result is a PEP 427 wheel whose file name and metadata agree: version
``0+g<hash>``, the hash of the package's sources, so a new algorithm (any changed file) gives
a new file name and URL. Cached under ``.cache/calculator/`` by that hash: the backend runs
only when the sources change, and once for every wheel a build lacks (one subprocess, not one
per core: a site of many calculators builds in seconds).

The authoring kit (``guideline_site.kit``, standard library only) is a wheel of its own,
``guideline_site_kit``, that a site carries once whatever its number of cores (issue 23): a
core's wheel holds the core alone, and a page unpacks the kit's wheel before its cores'.
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
name = "{distribution}"
version = "{version}"
description = "{description}"

[tool.setuptools.packages.find]
include = [{packages}]

[tool.setuptools.package-data]
"*" = ["**/*"]
"""
_BUILD = """\
import os
import sys
from setuptools import build_meta
for src, dist in zip(sys.argv[1::2], sys.argv[2::2]):
    os.chdir(src)
    print(build_meta.build_wheel(dist), flush=True)
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


#: The authoring kit (standard library only), with the generator package's ``__init__.py``
#: (a docstring): the kit, not the glue. Its wheel's distribution and import names.
_KIT_DIR = Path(__file__).resolve().parent / "kit"
KIT_DISTRIBUTION = "guideline_site_kit"
KIT_PACKAGE = "guideline_site"
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
    """The kit's files and their paths inside its wheel."""
    files = [(_KIT_DIR.parent / "__init__.py", f"{KIT_PACKAGE}/__init__.py")]
    files += [
        (path, f"{KIT_PACKAGE}/kit/{path.relative_to(_KIT_DIR).as_posix()}")
        for path in source_files(_KIT_DIR)
    ]
    return files


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


@dataclass(frozen=True, kw_only=True, slots=True)
class _Plan:
    """What one wheel is made of: its distribution, import packages and files, and the hash
    of them all (its version and cache key)."""

    distribution: str
    package: str
    packages: tuple[str, ...]
    files: tuple[tuple[Path, str], ...]
    description: str

    @property
    def digest(self) -> str:
        h = hashlib.sha256(self.distribution.encode() + b"\0")
        for path, name in self.files:
            h.update(name.encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
        h.update(_PYPROJECT.encode() + _BUILD.encode())
        return h.hexdigest()

    def pyproject(self, version: str) -> str:
        packages = ", ".join(f'"{p}"' for p in self.packages)
        return _PYPROJECT.format(
            distribution=self.distribution,
            version=version,
            description=self.description,
            packages=packages,
        )


def _core_plan(package_dir: Path) -> _Plan:
    if not (package_dir / "__init__.py").is_file():
        raise FileNotFoundError(f"{package_dir} is not a Python package (no __init__.py)")
    package = package_dir.name
    files = tuple(
        (p, f"{package}/{p.relative_to(package_dir).as_posix()}") for p in source_files(package_dir)
    )
    return _Plan(
        distribution=package,
        package=package,
        packages=(package, f"{package}.*"),
        files=files,
        description=f"The calculator core {package}, built for the browser by guideline_site.",
    )


def _kit_plan() -> _Plan:
    return _Plan(
        distribution=KIT_DISTRIBUTION,
        package=KIT_PACKAGE,
        packages=(KIT_PACKAGE, f"{KIT_PACKAGE}.kit"),
        files=tuple(kit_files()),
        description="The authoring kit of guideline_site, for calculator cores in the browser.",
    )


def sources_digest(package_dir: Path) -> str:
    """sha256 over the package's name, file names and contents (what the wheel is made of)."""
    return _core_plan(package_dir).digest


def wheel_name(package: str, digest: str) -> str:
    """The PEP 427 file name: distribution, version, py3-none-any."""
    return f"{package}-{VERSION.format(digest=digest[:DIGEST_CHARS])}-py3-none-any.whl"


def _run_backend(jobs: list[tuple[_Plan, str, Path]]) -> None:
    """Build each (plan, version, out) with setuptools' build_meta, all in one subprocess,
    in a temporary folder; write each wheel to its out."""
    with tempfile.TemporaryDirectory(prefix="guideline-wheel-") as tmp:
        args: list[str] = []
        for number, (plan, version, _) in enumerate(jobs):
            src = Path(tmp) / f"src-{number}"
            for path, name in plan.files:
                target = src / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                target.chmod(0o644)
            (src / "pyproject.toml").write_text(plan.pyproject(version), encoding="utf-8")
            dist = Path(tmp) / f"dist-{number}"
            dist.mkdir()
            args += [str(src), str(dist)]
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        try:
            proc = subprocess.run(
                [sys.executable, "-c", _BUILD, *args],
                cwd=tmp,
                env=env,
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT_S + len(jobs),
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise WheelError(f"setuptools build_meta: {exc}") from exc
        if proc.returncode != 0:
            tail = processes.tail(proc)
            raise WheelError(f"setuptools build_meta exit {proc.returncode}: {tail}")
        names = [line for line in proc.stdout.splitlines() if line.endswith(".whl")]
        if len(names) != len(jobs):
            raise WheelError(f"setuptools build_meta built {len(names)} of {len(jobs)} wheels")
        for number, ((_, _, out), name) in enumerate(zip(jobs, names, strict=True)):
            built = Path(tmp) / f"dist-{number}" / name
            if built.name != out.name:
                raise WheelError(f"the backend named the wheel {built.name}, expected {out.name}")
            out.parent.mkdir(parents=True, exist_ok=True)
            partial = out.with_name(f".{out.name}.{os.getpid()}.tmp")  # builds share the cache
            shutil.copyfile(built, partial)
            os.replace(partial, out)


def _build(plans: list[_Plan], cache_dir: Path) -> list[Wheel]:
    """The wheel of each plan, from ``cache_dir`` or built (every missing one at once)."""
    wheels: list[Wheel] = []
    jobs: list[tuple[_Plan, str, Path]] = []
    for plan in plans:
        digest = plan.digest
        path = cache_dir / wheel_name(plan.distribution, digest)
        if not path.is_file():
            jobs.append((plan, VERSION.format(digest=digest[:DIGEST_CHARS]), path))
        wheels.append(Wheel(path=path, digest=digest, package=plan.package))
    if jobs:
        _run_backend(jobs)
    return wheels


def build_wheels(package_dirs: list[Path], cache_dir: Path) -> list[Wheel]:
    """Build (or reuse from ``cache_dir``) the wheel of each package, in order."""
    return _build([_core_plan(d) for d in package_dirs], cache_dir)


def build_wheel(package_dir: Path, cache_dir: Path) -> Wheel:
    """Build (or reuse from ``cache_dir``) the wheel of the package in ``package_dir``."""
    return build_wheels([package_dir], cache_dir)[0]


def build_kit_wheel(cache_dir: Path) -> Wheel:
    """Build (or reuse from ``cache_dir``) the authoring kit's wheel."""
    return _build([_kit_plan()], cache_dir)[0]


def wheels_for(package_dir: Path, cache_dir: Path) -> list[Wheel]:
    """What Pyodide needs to import the package: the kit's wheel first when the package
    imports the kit, then the package's (tests of a core under Node use it)."""
    kit = [build_kit_wheel(cache_dir)] if uses_kit(package_dir) else []
    return [*kit, build_wheel(package_dir, cache_dir)]
