"""The pinned Pyodide runtime for an installed plugin: found, or fetched once and cached.

``PIN`` is the one place the Pyodide version and its npm integrity hash are set (the repo's
package.json and package-lock.json must agree with it: tests/site/test_pyodide_dist.py).

``locate`` returns a folder holding the runtime files of the pinned version:

1. ``pyodide_dir`` (default ``node_modules/pyodide``) when it holds that version and npm's
   record of the install (``node_modules/.package-lock.json``), if any, names the pinned
   integrity hash (npm checked the tarball against it: the repo's own site);
2. else ``CACHE/pyodide-VERSION`` when an earlier build unpacked it there;
3. else the npm tarball ``REGISTRY/pyodide/-/pyodide-VERSION.tgz`` is downloaded, checked
   against the pinned sha512 integrity hash, unpacked (regular files under ``package/``
   only, no absolute path, no ``..``, no link) into a temporary folder and renamed into
   place, so a failed or concurrent build never leaves a half-written runtime.

``CACHE`` is the ``runtime_cache_dir`` option, else ``$GUIDELINE_SITE_CACHE``, else
``$XDG_CACHE_HOME/guideline-site``, else ``~/.cache/guideline-site``: one download per
machine, shared by every site and test run. Any failure is one ``PluginError`` line naming
what failed and the option that fixes it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.guideline.pyodide")


@dataclass(frozen=True, kw_only=True, slots=True)
class Pin:
    """An npm package version and its registry integrity hash (``sha512-<base64>``)."""

    name: str
    version: str
    integrity: str

    @property
    def tarball(self) -> str:
        """The tarball's path under a registry URL (npm's layout)."""
        return f"{self.name}/-/{self.name}-{self.version}.tgz"


PIN = Pin(
    name="pyodide",
    version="314.0.7",
    integrity="sha512-0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+SNvi/6V5JEsOlD2R1A==",
)
DEFAULT_REGISTRY = "https://registry.npmjs.org"
CACHE_ENV = "GUIDELINE_SITE_CACHE"
#: What a folder must hold to be used (the page's files, the version, the Node entry point).
REQUIRED = ("package.json", "pyodide-lock.json", "pyodide.mjs", "pyodide.asm.wasm")
#: Written last into an unpacked folder: the integrity hash it was checked against.
MARKER = ".guideline-integrity"
DOWNLOAD_TIMEOUT_S = 60
FIX = "set pyodide_registry to a reachable npm registry, or pyodide_dir to an npm-installed pyodide"


def default_cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "guideline-site"


def installed_version(folder: Path) -> str | None:
    """The version in ``folder/package.json`` when it is a complete pyodide package, else None."""
    if not all((folder / name).is_file() for name in REQUIRED):
        return None
    try:
        return str(json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def locate(pyodide_dir: Path, cache_dir: Path | None, registry: str, pin: Pin = PIN) -> Path:
    """A folder with the runtime of ``pin`` (see the module docstring for the order)."""
    found = installed_version(pyodide_dir)
    if found == pin.version and npm_integrity(pyodide_dir) in (None, pin.integrity):
        return pyodide_dir
    if found is not None:
        log.info(
            "calculator: %s holds Pyodide %s, not the pinned %s (%s): using the cache",
            pyodide_dir, found, pin.version, pin.integrity[:20],
        )  # fmt: skip
    cache = cache_dir or default_cache_dir()
    target = cache / f"{pin.name}-{pin.version}"
    if _verified(target, pin):
        return target
    return fetch(pin, registry, target)


def npm_integrity(folder: Path) -> str | None:
    """The integrity hash npm recorded when it installed ``folder`` (its hidden lock file
    ``node_modules/.package-lock.json``), or None when there is no such record."""
    try:
        lock = json.loads((folder.parent / ".package-lock.json").read_text(encoding="utf-8"))
        return str(lock["packages"][f"node_modules/{folder.name}"]["integrity"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _verified(folder: Path, pin: Pin) -> bool:
    try:
        marker = (folder / MARKER).read_text(encoding="utf-8")
    except OSError:
        return False
    return marker == pin.integrity and installed_version(folder) == pin.version


def fetch(pin: Pin, registry: str, target: Path) -> Path:
    """Download, verify and unpack ``pin`` into ``target``; return ``target``."""
    url = f"{registry.rstrip('/')}/{pin.tarball}"
    what = f"calculator: cannot get the Pyodide runtime {pin.version}"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{target.name}-", dir=target.parent) as tmp:
        tarball = Path(tmp) / "package.tgz"
        log.info("calculator: downloading %s", url)
        digest = _download(url, tarball, what)
        if digest != pin.integrity:
            raise PluginError(
                f"{what}: {url} does not match the pinned integrity hash "
                f"(got {digest[:30]}…); {FIX}"
            )
        unpacked = Path(tmp) / "unpacked"
        _unpack(tarball, unpacked, f"{what}: {url}")
        if installed_version(unpacked) != pin.version:
            raise PluginError(
                f"{what}: {url} is not a complete pyodide {pin.version} package; {FIX}"
            )
        (unpacked / MARKER).write_text(pin.integrity, encoding="utf-8")
        try:
            unpacked.rename(target)
        except OSError:
            if not _verified(target, pin):  # not another build that got there first
                shutil.rmtree(target, ignore_errors=True)
                unpacked.rename(target)
    return target


def _download(url: str, path: Path, what: str) -> str:
    """Stream ``url`` into ``path``; return its integrity string (``sha512-<base64>``)."""
    h = hashlib.sha512()
    try:
        with (
            urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response,
            path.open("wb") as out,
        ):
            for chunk in iter(lambda: response.read(1 << 20), b""):
                h.update(chunk)
                out.write(chunk)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise PluginError(f"{what}: cannot download {url} ({reason}); {FIX}") from exc
    return "sha512-" + base64.b64encode(h.digest()).decode("ascii")


def _safe_name(name: str) -> PurePosixPath | None:
    """The member's path under ``package/``, or None when it is outside it or escapes."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name:
        return None
    if not path.parts or path.parts[0] != "package":
        return None
    return PurePosixPath(*path.parts[1:])  # "." for package/ itself


def _unpack(tarball: Path, dest: Path, what: str) -> None:
    """Write the tarball's regular files under ``package/`` into ``dest``; refuse anything
    that would land outside it (absolute path, ``..``, a link or device)."""
    dest.mkdir()
    try:
        with tarfile.open(tarball, "r:gz") as archive:
            for member in archive:
                relative = _safe_name(member.name)
                plain = member.isdir() or (member.isfile() and relative != PurePosixPath())
                if relative is None or not plain:
                    raise PluginError(
                        f"{what}: refusing the tarball's member {member.name!r} "
                        f"(outside package/ or not a plain file); {FIX}"
                    )
                if member.isdir():
                    continue
                out = dest / relative
                out.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                assert source is not None  # a regular file
                with source, out.open("wb") as fh:
                    shutil.copyfileobj(source, fh)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise PluginError(f"{what}: the tarball is corrupt ({exc}); {FIX}") from exc
