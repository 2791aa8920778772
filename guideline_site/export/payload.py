"""What goes into the offline file besides the pages: the runtime (Pyodide's scripts and
wasm, a trimmed stdlib, a memory snapshot) and the site's cores, as data blocks.

- A trimmed stdlib: only the modules start-up and the cores' load need, found by running
  the cores under Node (``node/export-modules.mjs``); stored uncompressed in the zip so one
  gzip over the whole zip compresses across files.
- A memory snapshot made with that same zip (a snapshot only restores with the zip it was
  made with).
- Pyodide's ES module (``pyodide.asm.mjs``) made classic-script-safe (``import.meta.url``
  and its ``export`` rewritten), handed over as ``createPyodideModule``.

Everything is cached on disk by the digest of what it is made of.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from guideline_site import processes
from guideline_site import runtime as runtime_mod
from guideline_site import wheel as wheel_mod
from guideline_site.export import codec
from guideline_site.resources import NODE_DIR

log = logging.getLogger("mkdocs.plugins.guideline.export")

MODULES_SCRIPT = NODE_DIR / "export-modules.mjs"
NODE_TIMEOUT_S = 180
#: Where the runtime believes its files live. Never fetched: the worker answers every
#: request for it from the inlined bytes (``.invalid`` can never resolve, should one leak).
INDEX_URL = "https://offline.invalid/pyodide/"
#: Where the stdlib zip is mounted in Pyodide ("/lib/python314.zip/json/__init__.py").
STDLIB_PREFIX = re.compile(r"^/lib/python\d+\.zip/")
#: Needed by unpackArchive (zip file names) but imported only on demand.
STDLIB_EXTRA = ("encodings/cp437.py",)
SNAPSHOT_NAME = "snapshot.bin.gz"


@dataclass(frozen=True, kw_only=True, slots=True)
class Payload:
    blobs: list[codec.Blob]
    #: the wheel of each of the site's cores, in the order the runtime loads them
    wheel_names: list[str]
    snapshot: bool
    note: str
    #: the raw files the export replaces: wasm + full stdlib zip + asm module
    raw_runtime_bytes: int

    @property
    def packed_bytes(self) -> int:
        """Characters of every data block in the file (the runtime part's size)."""
        return sum(len(blob.data) for blob in self.blobs)


def site_wheels(runtime: runtime_mod.Runtime) -> list[wheel_mod.Wheel]:
    """The wheels of the site's cores, in mkdocs.yml's order: the file carries every one."""
    return list(runtime.wheels.values())


def _digest(*parts: bytes, known: dict[int, tuple[bytes, bytes]] | None = None) -> str:
    """A short digest of ``parts``; ``known``: each part's sha256 by ``id`` (with the part,
    so that the id stays its own), to hash each of the same bytes once per build (the wasm
    is ~10 MB and in four keys)."""
    h = hashlib.sha256()
    for part in parts:
        if known is None:
            h.update(hashlib.sha256(part).digest())
            continue
        if id(part) not in known:
            known[id(part)] = (part, hashlib.sha256(part).digest())
        h.update(known[id(part)][1])
    return h.hexdigest()[:16]


def _node(cmd: list[str], what: str) -> None:
    node = shutil.which("node")
    if node is None:
        raise PluginError(f"export: node is not on PATH (needed to {what})")
    try:
        proc = subprocess.run(
            [node, *cmd], capture_output=True, text=True, timeout=NODE_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PluginError(f"export: cannot {what}: {exc}") from exc
    if proc.returncode != 0:
        tail = processes.tail(proc)
        raise PluginError(f"export: cannot {what} (exit {proc.returncode}): {tail}")


def _node_to(
    out: Path, script: Path, runtime: runtime_mod.Runtime, options: dict[str, Any], what: str
) -> None:
    """Run a Node script of ours (--pyodide --wheel --options --out) into ``out``."""
    tag = f"{os.getpid()}"
    opts = out.with_name(f".{out.name}.{tag}.options.json")
    tmp = out.with_name(f".{out.name}.{tag}.tmp")
    try:
        opts.write_text(json.dumps(options), encoding="utf-8")
        _node(
            [str(script), "--pyodide", str(runtime.pyodide_dir),
             *runtime_mod.wheel_args(site_wheels(runtime), runtime.libraries),
             "--options", str(opts), "--out", str(tmp)],
            what,
        )  # fmt: skip
        os.replace(tmp, out)
    finally:
        opts.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)


def trimmed_stdlib(full_zip: bytes, module_files: list[str]) -> bytes:
    """A zip of only the listed stdlib files, stored uncompressed, byte-for-byte
    reproducible (the snapshot is made with exactly these bytes)."""
    keep = {STDLIB_PREFIX.sub("", f) for f in module_files if STDLIB_PREFIX.match(f)}
    keep.update(STDLIB_EXTRA)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(full_zip)) as src, zipfile.ZipFile(out, "w") as dst:
        names = set(src.namelist())
        missing = keep - names
        if missing:
            raise PluginError(f"export: stdlib files not in the zip: {sorted(missing)}")
        for name in sorted(keep):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def classic_asm(source: str) -> str:
    """pyodide.asm.mjs as a classic script that defines ``createPyodideModule``."""
    meta = source.count("import.meta")
    if meta == 0 or meta != source.count("import.meta.url"):
        raise PluginError("export: pyodide.asm.mjs uses import.meta other than import.meta.url")
    export = "export default _createPyodideModule;"
    if source.count(export) != 1 or not source.rstrip().endswith(export):
        raise PluginError("export: pyodide.asm.mjs does not end with its one default export")
    source = source.replace("import.meta.url", json.dumps(INDEX_URL + "pyodide.asm.mjs"))
    return source.replace(export, "globalThis.createPyodideModule = _createPyodideModule;")


def build_payload(runtime: runtime_mod.Runtime, cache_dir: Path) -> Payload:
    """The inlined runtime and cores, cached on disk by the hash of everything they depend
    on."""
    pyodide_dir = runtime.pyodide_dir
    cores = site_wheels(runtime)
    wheels = [*runtime.libraries, *cores]  # the kit's, once, and each core's
    wheel_bytes = [w.path.read_bytes() for w in wheels]
    full_zip = (pyodide_dir / "python_stdlib.zip").read_bytes()
    wasm = (pyodide_dir / "pyodide.asm.wasm").read_bytes()
    asm = (pyodide_dir / "pyodide.asm.mjs").read_bytes()
    lister = MODULES_SCRIPT
    snapshotter = runtime_mod.SNAPSHOT_SCRIPT
    boot = runtime_mod.BOOT_SCRIPT.read_bytes()  # how both scripts start Pyodide
    options = json.dumps(runtime_mod.LOAD_OPTIONS, sort_keys=True).encode()
    known: dict[int, tuple[bytes, bytes]] = {}
    digest = functools.partial(_digest, known=known)
    cache = cache_dir / "export"
    cache.mkdir(parents=True, exist_ok=True)

    snapshot_path: Path | None
    try:
        modules_key = digest(full_zip, wasm, asm, *wheel_bytes, lister.read_bytes(), boot, options)
        modules_path = cache / f"modules-{modules_key}.json"
        if not codec.cached(modules_path):
            _node_to(modules_path, lister, runtime, runtime_mod.LOAD_OPTIONS, "list the stdlib")
        stdlib = trimmed_stdlib(full_zip, json.loads(modules_path.read_text(encoding="utf-8")))
        stdlib_path = cache / f"stdlib-{digest(stdlib)}.zip"
        if not codec.cached(stdlib_path):
            codec.atomic_write(stdlib_path, stdlib)
        snap_key = digest(stdlib, wasm, asm, *wheel_bytes, snapshotter.read_bytes(), boot, options)
        snapshot_path = cache / f"snapshot-{snap_key}.bin.gz"
        if not codec.cached(snapshot_path):
            opts = {**runtime_mod.LOAD_OPTIONS, "stdLibURL": str(stdlib_path)}
            _node_to(snapshot_path, snapshotter, runtime, opts, "make the snapshot")
    except PluginError as exc:
        # As for the site's calculator: without Node, or if the snapshot fails, the file
        # carries the full stdlib and the calculator starts cold (slower, same results).
        note = f"no snapshot in this file ({exc}): cold start"
        log.info("offline export: %s", note)
        stdlib, snapshot_path, snap_key = full_zip, None, ""
    else:
        note = ""
    js = (pyodide_dir / "pyodide.js").read_bytes()
    classic = classic_asm(asm.decode("utf-8")).encode()
    blobs = [
        codec.make_blob("pyodide.js", js, compress=True, cache=cache, key=digest(js)),
        codec.make_blob("pyodide.asm.js", classic, compress=True, cache=cache, key=digest(classic)),
        codec.make_blob("pyodide.asm.wasm", wasm, compress=True, cache=cache, key=digest(wasm)),
        codec.make_blob(
            "python_stdlib.zip",
            stdlib,
            compress=stdlib is not full_zip,
            cache=cache,
            key=digest(stdlib),
        ),
    ]
    for wheel, data in zip(wheels, wheel_bytes, strict=True):  # a wheel is a zip already
        blobs.append(
            codec.make_blob(wheel.path.name, data, compress=False, cache=cache, key=digest(data))
        )
    if snapshot_path is not None:  # first: the longest to decode, while the rest is parsed
        snapshot_gz = snapshot_path
        blobs.insert(
            0,
            codec.make_blob(
                SNAPSHOT_NAME,
                lambda: gzip.decompress(snapshot_gz.read_bytes()),
                compress=True,
                cache=cache,
                key=snap_key,
            ),
        )
    codec.prune(cache)
    return Payload(
        blobs=blobs,
        wheel_names=[w.path.name for w in cores],
        snapshot=snapshot_path is not None,
        note=note,
        raw_runtime_bytes=len(wasm) + len(full_zip) + len(asm),
    )
