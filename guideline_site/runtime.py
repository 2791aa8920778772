"""The calculators' runtime, one for every calculator of a site: self-hosted Pyodide files,
each core's wheel, one snapshot.

- ``RUNTIME_FILES``: only the files of the npm ``pyodide`` package the page needs (no lock
  file: the worker passes ``lockFileContents``; no micropip, no packages).
- The wheel of each configured core (``wheel.py``), cached by the hash of its sources. A page
  fetches the wheels of its own calculators only.
- One memory snapshot made at build time by ``node/make-snapshot.mjs`` under Node with every
  configured core imported, cached by the hash of the Pyodide files, the wheels, the script
  and the options. If Node or the snapshot fails, the page starts Pyodide cold (slower, same
  result).
- ``render_form``: the form (``templates/partials/calculator.html``) that replaces a
  calculator's placement in a page (``placement.py``); the page script comes once per page,
  after its last calculator, and one Web Worker serves every calculator of the page.

Everything is added to the build with ``File.generated`` (never written behind MkDocs' back).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from guideline_site import placement, processes
from guideline_site import wheel as wheel_mod
from guideline_site.cores import Core
from guideline_site.resources import NODE_DIR

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class PageRef(Protocol):
    """A page as the runtime needs it: its site URL and its name for errors."""

    @property
    def url(self) -> str: ...

    @property
    def name(self) -> str: ...


log = logging.getLogger("mkdocs.plugins.guideline.runtime")

TEMPLATE = "partials/calculator.html"
HEAD_TEMPLATE = "partials/calculator-head.html"
_HEAD_END = re.compile(r"</head\s*>", re.I)
#: The runtime files the page needs from the npm package, nothing else.
RUNTIME_FILES = ("pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: Site paths of the calculator's own static files (the package's assets/, resources.py).
SCRIPT = "assets/calculator/calculator.js"
WORKER = "assets/calculator/worker.js"
STYLESHEET = "assets/calculator/calculator.css"
#: The loadPyodide options that the snapshot is made with and restored with (they must
#: match: sys.executable and os.environ are baked into a snapshot).
LOAD_OPTIONS: dict[str, Any] = {
    "_sysExecutable": "/usr/bin/python3",
    "env": {"HOME": "/home/pyodide"},
}
SNAPSHOT_SCRIPT = NODE_DIR / "make-snapshot.mjs"
BOOT_SCRIPT = NODE_DIR / "boot.mjs"  # how the Node scripts start Pyodide
SNAPSHOT_TIMEOUT_S = 180
#: Where a citation number links to in the page (the reference list's anchors).
REF_HREF = "#ref-{n}"


@dataclass
class Runtime:
    """What one build of the calculators' runtime consists of (site paths are POSIX)."""

    #: every calculator of the site, by its configured name (in mkdocs.yml's order)
    cores: dict[str, Core]
    pyodide_dir: Path
    pyodide_version: str
    site_dir: str
    #: each calculator's wheel, by the same names
    wheels: dict[str, wheel_mod.Wheel]
    lock_contents: str
    #: the authoring kit's wheel, when a core imports the kit: one for the site, unpacked
    #: before any core's
    kit: wheel_mod.Wheel | None = None
    snapshot_path: Path | None = None
    snapshot_uri: str | None = None
    snapshot_note: str = ""
    files: list[tuple[str, Path]] = field(default_factory=list)
    #: the site's version (config.site_version: mike's VERSION), "" for none
    site_version: str = ""

    @property
    def index_uri(self) -> str:
        return f"{self.site_dir}/"

    @property
    def core(self) -> Core:
        """The site's first calculator (it names the offline file)."""
        return next(iter(self.cores.values()))

    def wheel_uri(self, name: str) -> str:
        return f"assets/calculator/{self.wheels[name].path.name}"

    @property
    def libraries(self) -> list[wheel_mod.Wheel]:
        """The wheels every core of the site may import (the kit's), before the cores'."""
        return [self.kit] if self.kit is not None else []

    @staticmethod
    def library_uri(library: wheel_mod.Wheel) -> str:
        return f"assets/calculator/{library.path.name}"


def pyodide_version(pyodide_dir: Path) -> str:
    package_json = pyodide_dir / "package.json"
    try:
        version: str = json.loads(package_json.read_text(encoding="utf-8"))["version"]
        return version
    except (OSError, ValueError, KeyError) as exc:
        raise PluginError(
            f"calculator: cannot read the Pyodide version from {package_json} "
            f"(run scripts/setup to install node_modules): {exc}"
        ) from exc


def minimal_lock(pyodide_dir: Path) -> str:
    """The lock file's ``info`` with no packages: the page loads no packages, and passing it
    as ``lockFileContents`` saves fetching the 119 KB lock file."""
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    return json.dumps({"info": lock["info"], "packages": {}}, sort_keys=True)


def _file_digest(path: Path) -> bytes:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.digest()


def snapshot_key(
    pyodide_dir: Path,
    wheels: list[wheel_mod.Wheel],
    script: Path,
    libraries: list[wheel_mod.Wheel] | None = None,
) -> str:
    """Hash of everything a snapshot depends on: a snapshot loads only on the same build
    of Pyodide with the same stdlib zip, and holds the imported cores."""
    h = hashlib.sha256()
    for wheel in [*(libraries or []), *wheels]:
        h.update(wheel.package.encode() + b"\0" + wheel.digest.encode() + b"\0")
    for name in (*RUNTIME_FILES, "package.json"):
        h.update(name.encode() + _file_digest(pyodide_dir / name))
    h.update(script.read_bytes())
    h.update(BOOT_SCRIPT.read_bytes())
    h.update(json.dumps(LOAD_OPTIONS, sort_keys=True).encode())
    return h.hexdigest()


def wheel_args(
    wheels: list[wheel_mod.Wheel], libraries: list[wheel_mod.Wheel] | None = None
) -> list[str]:
    """The Node scripts' ``--library L`` for each library wheel (unpacked first, not imported
    as a core) and ``--wheel W --package P`` pairs, one per core."""
    return [arg for w in libraries or [] for arg in ("--library", str(w.path))] + [
        arg for w in wheels for arg in ("--wheel", str(w.path), "--package", w.package)
    ]


def make_snapshot(
    pyodide_dir: Path,
    wheels: list[wheel_mod.Wheel],
    script: Path,
    cache_dir: Path,
    *,
    libraries: list[wheel_mod.Wheel] | None = None,
) -> tuple[Path | None, str]:
    """Return (cached snapshot path, "") or (None, why not). Runs Node only on a cache miss."""
    key = snapshot_key(pyodide_dir, wheels, script, libraries)
    path = cache_dir / f"snapshot-{key[:16]}.bin.gz"
    if path.is_file():
        return path, ""
    node = shutil.which("node")
    if node is None:
        return None, "node is not on PATH"
    cache_dir.mkdir(parents=True, exist_ok=True)
    # this build's own names: builds running at the same time share the cache
    options = cache_dir / f".snapshot-{key[:16]}.{os.getpid()}.options.json"
    made = cache_dir / f".snapshot-{key[:16]}.{os.getpid()}.bin.gz"
    options.write_text(json.dumps(LOAD_OPTIONS), encoding="utf-8")
    cmd = [
        node,
        str(script),
        "--pyodide",
        str(pyodide_dir),
        *wheel_args(wheels, libraries),
        "--options",
        str(options),
        "--out",
        str(made),
    ]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=SNAPSHOT_TIMEOUT_S, check=False
        )
        if proc.returncode == 0 and made.is_file():
            os.replace(made, path)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"{exc}"
    finally:
        options.unlink(missing_ok=True)
        made.unlink(missing_ok=True)
    if proc.returncode != 0 or not path.is_file():
        return None, f"exit {proc.returncode}: {processes.tail(proc)}"
    log.info("calculator: made a memory snapshot %s", proc.stdout.strip())
    return path, ""


def prepare(
    cores: dict[str, Core],
    root: Path,
    pyodide_dir: str | Path,
    cache_dir: str | Path,
    *,
    snapshot: bool = True,
    site_version: str = "",
) -> Runtime:
    """Build each core's wheel and (if enabled) one snapshot with every core imported; list
    the files to add to the site.

    ``root`` is the project (mkdocs.yml's folder); relative paths are taken from it."""
    project_dir = Path(root)
    pyodide_dir = project_dir / pyodide_dir
    cache_dir = project_dir / cache_dir
    if not (pyodide_dir / "pyodide.asm.wasm").is_file():
        raise PluginError(
            f"calculator: Pyodide runtime not found in {pyodide_dir} (run scripts/setup)"
        )
    version = pyodide_version(pyodide_dir)
    site_dir = f"assets/calculator/pyodide-{version}"
    wheel_cache = cache_dir / "calculator"
    try:
        built = wheel_mod.build_wheels([core.package_dir for core in cores.values()], wheel_cache)
    except (OSError, wheel_mod.WheelError) as exc:
        raise PluginError(f"calculator: cannot build the cores' wheels: {exc}") from exc
    wheels = dict(zip(cores, built, strict=True))
    kit = None
    if any(wheel_mod.uses_kit(core.package_dir) for core in cores.values()):
        try:
            kit = wheel_mod.build_kit_wheel(wheel_cache)
        except (OSError, wheel_mod.WheelError) as exc:
            raise PluginError(f"calculator: cannot build the authoring kit's wheel: {exc}") from exc
    runtime = Runtime(
        cores=dict(cores),
        pyodide_dir=pyodide_dir,
        pyodide_version=version,
        site_dir=site_dir,
        wheels=wheels,
        kit=kit,
        lock_contents=minimal_lock(pyodide_dir),
        site_version=site_version,
    )
    runtime.files = [(f"{site_dir}/{name}", pyodide_dir / name) for name in RUNTIME_FILES]
    runtime.files += [(runtime.wheel_uri(name), wheels[name].path) for name in wheels]
    if kit is not None:
        runtime.files.append((runtime.library_uri(kit), kit.path))
    if snapshot:
        path, why = make_snapshot(
            pyodide_dir,
            list(wheels.values()),
            SNAPSHOT_SCRIPT,
            wheel_cache,
            libraries=runtime.libraries,
        )
        if path is None:
            runtime.snapshot_note = f"no memory snapshot ({why}); the page starts cold"
            log.info("calculator: %s", runtime.snapshot_note)
        else:
            runtime.snapshot_path = path
            runtime.snapshot_uri = f"assets/calculator/{path.name}"
            runtime.files.append((runtime.snapshot_uri, path))
    else:
        runtime.snapshot_note = "memory snapshot disabled in mkdocs.yml"
    return runtime


def generated_files(runtime: Runtime, config: MkDocsConfig) -> list[File]:
    """The runtime's files as MkDocs generated files (copied, not read into memory)."""
    return [
        File.generated(config, uri, abs_src_path=str(path), inclusion=InclusionLevel.NOT_IN_NAV)
        for uri, path in runtime.files
    ]


def page_context(
    runtime: Runtime,
    name: str,
    page_url: str,
    changelog_url: str = "changelog.html",
    *,
    script: bool = True,
) -> dict[str, Any]:
    """What the template of calculator ``name`` needs: URLs relative to the page, the rules
    as data; ``script``: whether the page script comes after this calculator."""

    def rel(uri: str) -> str:
        return get_relative_url(uri, page_url)

    core = runtime.cores[name]
    return {
        "name": name,
        "package": core.package,
        "with_script": script,
        "script": rel(SCRIPT),
        "stylesheet": rel(STYLESHEET),
        "worker": rel(WORKER),
        "index_url": rel(runtime.index_uri),
        "wheel": rel(runtime.wheel_uri(name)),
        "libraries": " ".join(rel(runtime.library_uri(w)) for w in runtime.libraries),
        "snapshot": rel(runtime.snapshot_uri) if runtime.snapshot_uri else "",
        "snapshot_note": runtime.snapshot_note,
        "lock": runtime.lock_contents,
        "load_options": json.dumps(LOAD_OPTIONS, sort_keys=True),
        "rules": core.rules_as_data(),
        "spec": core.spec(),
        "pyodide_version": runtime.pyodide_version,
        "ref_href": REF_HREF,
        "changelog_href": rel(changelog_url),
        "site_version": runtime.site_version,
        "version_url": version_url(runtime.site_version, page_url),
    }


def version_url(site_version: str, page_url: str) -> str:
    """The page in its own version's folder, relative to the page (mike publishes each
    version under /VERSION/ and its aliases beside it: a page read under /latest/ links to
    /VERSION/), or "" without a version."""
    if not site_version:
        return ""
    return "../" * (page_url.count("/") + 1) + f"{site_version}/{page_url}"


def render_form(
    page: PageRef,
    env: jinja2.Environment,
    runtime: Runtime,
    name: str,
    changelog_url: str,
    *,
    script: bool = True,
    heading_level: int = 2,
) -> str:
    """Calculator ``name``'s form for one page (``script``: followed by the page script;
    ``heading_level``: its heading's, one below the page's heading it is placed under)."""
    calc = page_context(runtime, name, page.url, changelog_url, script=script)
    calc["heading_level"] = heading_level
    calc["heading_id"] = placement.heading_id(name)
    try:
        return env.get_template(TEMPLATE).render(calc=calc)
    except Exception as exc:
        raise PluginError(f"{page.name}: cannot render the calculator {name}: {exc}") from exc


def title(runtime: Runtime, name: str) -> str:
    """Calculator ``name``'s title: its declared spec's, or its name (no spec)."""
    spec = runtime.cores[name].spec()
    return str(spec["title"]) if spec and spec.get("title") else name


def add_head(output: str, page: PageRef, env: jinja2.Environment, runtime: Runtime) -> str:
    """Put the calculators' stylesheet into <head> of a page that holds a calculator."""
    placed = [name for name in runtime.cores if f'data-calculator="{name}"' in output]
    if not placed:
        return output
    match = _HEAD_END.search(output)
    if match is None:
        raise PluginError(f"{page.name}: no </head> for the calculator's stylesheet")
    calc = page_context(runtime, placed[0], page.url)
    head = env.get_template(HEAD_TEMPLATE).render(calc=calc)
    return output[: match.start()] + head + output[match.start() :]
