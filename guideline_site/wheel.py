"""A deterministic pure-Python wheel of one calculator core alone, for Pyodide in the browser.

Built with the standard library's ``zipfile``: sorted entries, fixed timestamps and
permissions, so the same sources always give the same bytes. The wheel is cached under
``.cache/calculator/`` by a hash of its sources and rebuilt only when they change.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

#: Wheel metadata version string: the content hash identifies the build, not this.
VERSION = "0"
_EPOCH = (1980, 1, 1, 0, 0, 0)
_SKIP_DIRS = {"__pycache__"}
_SKIP_SUFFIXES = {".pyc", ".pyo"}


@dataclass(frozen=True)
class Wheel:
    """A built wheel: where it is cached and the hash of its sources."""

    path: Path
    digest: str
    #: the import name of the package inside
    package: str

    @property
    def bytes(self) -> bytes:
        return self.path.read_bytes()


def source_files(package_dir: Path) -> list[Path]:
    """The package's files that go into the wheel, sorted (no bytecode, no caches)."""
    files = []
    for path in sorted(package_dir.rglob("*")):
        rel = path.relative_to(package_dir)
        if not path.is_file() or _SKIP_DIRS.intersection(rel.parts):
            continue
        if path.suffix in _SKIP_SUFFIXES or path.name.startswith("."):
            continue
        files.append(path)
    return files


def sources_digest(package_dir: Path) -> str:
    """sha256 over the package's file names and contents (what the wheel is made of)."""
    h = hashlib.sha256()
    for path in source_files(package_dir):
        h.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode()


def wheel_bytes(package_dir: Path) -> bytes:
    """The wheel's bytes: the package plus a minimal .dist-info (METADATA, WHEEL, RECORD)."""
    package = package_dir.name
    dist_info = f"{package}-{VERSION}.dist-info"
    entries: list[tuple[str, bytes]] = [
        (f"{package}/{p.relative_to(package_dir).as_posix()}", p.read_bytes())
        for p in source_files(package_dir)
    ]
    entries.append(
        (
            f"{dist_info}/METADATA",
            f"Metadata-Version: 2.1\nName: {package}\nVersion: {VERSION}\n".encode(),
        )
    )
    entries.append(
        (
            f"{dist_info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: guideline_site.wheel\n"
            b"Root-Is-Purelib: true\nTag: py3-none-any\n",
        )
    )
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in entries)
    record += f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def build_wheel(package_dir: Path, cache_dir: Path) -> Wheel:
    """Build (or reuse from ``cache_dir``) the wheel of ``package_dir``."""
    if not (package_dir / "__init__.py").is_file():
        raise FileNotFoundError(f"{package_dir} is not a Python package (no __init__.py)")
    digest = sources_digest(package_dir)
    path = cache_dir / f"{package_dir.name}-{digest[:16]}-py3-none-any.whl"
    if not path.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(wheel_bytes(package_dir))
        tmp.replace(path)
    return Wheel(path=path, digest=digest, package=package_dir.name)
