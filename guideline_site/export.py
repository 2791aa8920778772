"""The offline export: every page, the references and the calculator in ONE HTML file.

A clinic opens the file from a USB stick (``file://``, no network). Chromium refuses
``fetch``, module ``import()`` and ``new Worker(url)`` for file:// URLs, so the file carries
everything inline and needs none of them:

- Pages: each page's rendered ``<article>`` becomes a ``<section id="page--NAME">``; links
  between pages become in-file fragment links, ids that clash between pages are prefixed.
  CSS alone (``:target`` / ``:has``) shows one page at a time; without JavaScript the
  article reads as usual, and without ``:has`` every page shows one after the other.
- Runtime: the binaries are ``<script type="application/octet-stream">`` data blocks
  (inert text: never parsed as JS), gzipped where it pays, written as ASCII text with 7 bits
  per character (``encode7``: ~8/7 of the bytes where base64 takes 4/3) in parts of 256 K
  characters. After each part a one-line script hands it to a decoder Worker, so decoding
  (and inflating, with DecompressionStream) runs beside the parsing of the rest of the file,
  off the page's thread; the decoder answers with Blobs, passed on by reference.
- Pyodide's ES module (``pyodide.asm.mjs``) is made classic-script-safe here
  (``import.meta.url`` and its ``export`` rewritten) and handed over as
  ``createPyodideModule``. The calculator's own ``calculator.js``, ``worker.js`` and form
  are reused unchanged through their injection points (``window.guidelineCalculatorConfig``): the
  worker is a classic blob Worker made from the inlined ``worker.js`` text, and the
  runtime's requests are answered from the decoded Blobs (``runtime.files``).
- Size: a trimmed stdlib (only the modules start-up and the core load, found by running
  the core under Node: ``node/export-modules.mjs``; stored uncompressed in the zip so
  one gzip over the whole zip compresses across files) and a memory snapshot made with
  that same zip (a snapshot only restores with the zip it was made with).

The file is rendered from ``templates/export/offline.html`` once every page is rendered.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import io
import json
import logging
import os
import posixpath
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from guideline_site import processes
from guideline_site import runtime as runtime_mod
from guideline_site.resources import NODE_DIR

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.guideline.export")


def export_uri(name: str) -> str:
    """Site path of the export of calculator ``name`` (next to index.html, so the link works
    from every host)."""
    return f"{name}-offline.html"


TEMPLATE = "export/offline.html"
MODULES_SCRIPT = NODE_DIR / "export-modules.mjs"
NODE_TIMEOUT_S = 180
CACHE_DAYS = 1
#: Where the runtime believes its files live. Never fetched: the worker answers every
#: request for it from the inlined bytes (``.invalid`` can never resolve, should one leak).
INDEX_URL = "https://offline.invalid/pyodide/"
#: Where the stdlib zip is mounted in Pyodide ("/lib/python314.zip/json/__init__.py").
STDLIB_PREFIX = re.compile(r"^/lib/python\d+\.zip/")
#: Needed by unpackArchive (zip file names) but imported only on demand.
STDLIB_EXTRA = ("encodings/cp437.py",)
SNAPSHOT_NAME = "snapshot.bin.gz"
#: Characters per part of a data block: small enough that parsing one part is no long task.
PART_CHARS = 1 << 18
#: Parts of a page that do not belong in the export (the download link itself).
_SKIP = re.compile(r"<!-- export:skip -->.*?<!-- /export:skip -->", re.S)
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
_HEAD = re.compile(r"<head>(.*?)</head>", re.S)
_BODY = re.compile(r"<body([^>]*)>")
#: A scrolling code block must be focusable (Material's script does it on the site).
_CODE_BLOCK = re.compile(r"(<pre[^>]*>(?:<span></span>)?<code)(?![^>]*tabindex)")
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"[^>]*>')
_HEAD_SCRIPT = re.compile(r'<script src="([^"]+)"[^>]*></script>')
_SCRIPT_SRC = re.compile(r'<script src="([^"]+)"([^>]*)></script>')
_IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]+)(")')
_ID = re.compile(r'(\sid=")([^"]+)(")')
_IDREFS = re.compile(r'(\s(?:for|aria-describedby|aria-labelledby|aria-controls|list)=")([^"]+)(")')
_HREF = re.compile(r'(\shref=")([^"]*)(")')
_INLINE_SCRIPT = re.compile(r"<script(?:\s[^>]*)?>(.*?)</script>", re.S)
_DATA_TYPES = ('type="application/json"', 'type="application/octet-stream"', 'type="text/plain"')
#: A callout's icon is a CSS mask of the theme's data: SVG (guideline.css), which the page
#: requests like an image; the export writes the same SVG inline instead (no request at all).
_CALLOUT = re.compile(r'(<div class="gl-callout gl-callout--([\w-]+)">\s*<h[23]\b[^>]*>)')
_CALLOUT_ICON = re.compile(
    r"\.gl-callout--([\w-]+)\s*\{[^}]*--gl-callout-icon:\s*var\((--[\w-]+)\)"
)
_SVG_VAR = re.compile(
    r'(--[\w-]+):\s*url\("data:image/svg\+xml;charset=utf-8,(<svg [^"]*?</svg>)"\)'
)


@dataclass
class Blob:
    """One inlined binary: its text (``encode7``), gzip or not, its sizes."""

    name: str
    data: str
    gzip: bool
    raw_bytes: int
    #: bytes before encode7 (gzipped or raw): the decoder's output size
    packed_bytes: int

    @property
    def parts(self) -> list[str]:
        """The text in parts of PART_CHARS characters (the parser yields between parts)."""
        return split_parts(self.data, PART_CHARS)


@dataclass
class Payload:
    blobs: list[Blob]
    wheel_name: str
    snapshot: bool
    note: str
    #: the raw files the export replaces: wasm + full stdlib zip + asm module
    raw_runtime_bytes: int


@dataclass
class ExportPage:
    url: str
    title: str
    html: str
    head: str
    body_attrs: str = ""


@dataclass
class Exporter:
    """Collects rendered pages (``on_post_page``) and writes the file (``on_post_build``)."""

    runtime: runtime_mod.Runtime
    cache_dir: Path
    pages: dict[str, ExportPage] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    file: File | None = None

    @property
    def uri(self) -> str:
        return export_uri(self.runtime.core.name)

    def generated_file(self, config: MkDocsConfig) -> File:
        # Registered in on_files so that MkDocs knows the file (links, serve); its bytes
        # exist only once every page is rendered, after MkDocs has copied the static
        # files, so write() fills it in on_post_build through the same File object.
        self.pages.clear()
        self.file = File.generated(
            config, self.uri, content=b"", inclusion=InclusionLevel.NOT_IN_NAV
        )
        return self.file

    def add_page(self, page: Page, output: str) -> None:
        match = _ARTICLE.search(output)
        if match is None:
            raise PluginError(f"export: page {page.file.src_uri} has no <article> to export")
        head = _HEAD.search(output)
        body = _BODY.search(output)
        self.pages[page.url] = ExportPage(
            url=page.url,
            title=page.title or page.url,
            html=_CODE_BLOCK.sub(r'\1 tabindex="0"', _SKIP.sub("", match.group(1))),
            head=head.group(1) if head else "",
            body_attrs=body.group(1) if body else ' dir="ltr"',
        )
        if page.previous_page is None and page.next_page is not None:
            self.order = []
            nxt: Any = page
            while nxt is not None:
                self.order.append(nxt.url)
                nxt = nxt.next_page

    def write(self, config: MkDocsConfig, budget: int) -> int:
        if self.file is None:
            return 0
        payload = build_payload(self.runtime, self.cache_dir)
        text = render(config, self, payload)
        data = text.encode("utf-8")
        size = len(data)
        log.info(
            "offline export: %s is %.2f MB (budget %.2f MB; raw runtime files %.2f MB: %.2fx)",
            self.uri,
            size / 1e6,
            budget / 1e6,
            payload.raw_runtime_bytes / 1e6,
            size / payload.raw_runtime_bytes,
        )
        check_budget(size, budget, self.uri)
        self.file.content_bytes = data
        self.file.copy_file()
        return size


def check_budget(size: int, budget: int, uri: str) -> None:
    if size > budget:
        raise PluginError(
            f"export: {uri} is {size:,} bytes, over the budget of {budget:,} bytes "
            "(export_budget_bytes in mkdocs.yml)"
        )


# --------------------------------------------------------------------------- runtime


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
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


def _cached(path: Path) -> bool:
    """Whether ``path`` is in the cache; a hit is touched, so that _prune keeps it."""
    if not path.is_file():
        return False
    os.utime(path)
    return True


def _prune(cache: Path) -> None:
    """Forget what no build has used for a day (every core change makes a new snapshot)."""
    limit = time.time() - CACHE_DAYS * 86400
    for path in cache.iterdir():
        with contextlib.suppress(OSError):  # another build may be pruning too
            if path.stat().st_mtime < limit:
                path.unlink()


def _atomic_write(path: Path, data: bytes) -> None:
    """Write then rename: builds running at the same time share the cache."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _node_to(out: Path, script: Path, runtime: runtime_mod.Runtime, options: dict, what: str):
    """Run a Node script of ours (--pyodide --wheel --options --out) into ``out``."""
    tag = f"{os.getpid()}"
    opts = out.with_name(f".{out.name}.{tag}.options.json")
    tmp = out.with_name(f".{out.name}.{tag}.tmp")
    try:
        opts.write_text(json.dumps(options), encoding="utf-8")
        _node(
            [str(script), "--pyodide", str(runtime.pyodide_dir),
             *runtime_mod.wheel_args(list(runtime.wheels.values())),
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


#: The characters script data cannot carry verbatim: NUL (the parser makes it U+FFFD), CR
#: (newlines are normalised) and "<" (it could start "</script" or "<!--"); "=" escapes them.
ESCAPE_7BIT = {0x00: b"=@", 0x0D: b"=M", 0x3C: b"=|", 0x3D: b"=}"}


def encode7(data: bytes) -> str:
    """Bytes as ASCII text, 7 bits per character, for a data block of an HTML page: ~8/7 of
    the size where base64 takes 4/3, and plain ASCII, which the parser reads faster.

    The bits, zero-padded to a whole number of 7-byte groups, are cut into 7-bit values, each
    one character; the values NUL, CR, "<" and "=" are written "=" + the value + 64 (yEnc's
    escape; 4 values in 128, +3 %). The decoder (``decode7`` in templates/export/offline.html)
    needs the byte count to drop the padding.
    """
    buf = data + b"\0" * (-len(data) % 7)
    values = bytearray(len(buf) // 7 * 8)
    j = 0
    for i in range(0, len(buf), 7):
        x = int.from_bytes(buf[i : i + 7], "big")
        for k, shift in enumerate((49, 42, 35, 28, 21, 14, 7, 0)):
            values[j + k] = (x >> shift) & 0x7F
        j += 8
    text = bytes(values).replace(b"=", ESCAPE_7BIT[0x3D])  # "=" first: the others add "="
    for value, escaped in ESCAPE_7BIT.items():
        if value != 0x3D:
            text = text.replace(bytes([value]), escaped)
    return text.decode("ascii")


def split_parts(text: str, size: int) -> list[str]:
    """``text`` in parts of about ``size`` characters, never between "=" and what it escapes."""
    parts, i = [], 0
    while i < len(text):
        j = min(i + size, len(text))
        if text[j - 1] == "=":  # always an escape's first character ("=" itself is "=}")
            j += 1
        parts.append(text[i:j])
        i = j
    return parts or [""]


def _blob(
    name: str, raw: bytes | Callable[[], bytes], *, compress: bool, cache: Path, key: str
) -> Blob:
    """``raw`` (gzipped at level 9 when ``compress``) as encode7 text, cached on disk under
    ``key`` (a digest of what ``raw`` is made of): gzip -9 of the wasm and the snapshot takes
    seconds."""
    path = cache / f"blob-{key}-{int(compress)}.a7"
    size_path = path.with_suffix(".sizes")
    if _cached(path) and _cached(size_path):
        raw_bytes, packed = (int(n) for n in size_path.read_text().split())
        return Blob(name, path.read_text(encoding="ascii"), compress, raw_bytes, packed)
    data = raw() if callable(raw) else raw
    packed_data = gzip.compress(data, 9, mtime=0) if compress else data
    text = encode7(packed_data)
    _atomic_write(size_path, f"{len(data)} {len(packed_data)}".encode())
    _atomic_write(path, text.encode("ascii"))
    return Blob(name, text, compress, len(data), len(packed_data))


def build_payload(runtime: runtime_mod.Runtime, cache_dir: Path) -> Payload:
    """The inlined runtime, cached on disk by the hash of everything it depends on."""
    pyodide_dir = runtime.pyodide_dir
    wheels = {w.path.name: w.path.read_bytes() for w in runtime.wheels.values()}
    wheel = b"".join(hashlib.sha256(data).digest() for data in wheels.values())  # cache keys
    full_zip = (pyodide_dir / "python_stdlib.zip").read_bytes()
    wasm = (pyodide_dir / "pyodide.asm.wasm").read_bytes()
    asm = (pyodide_dir / "pyodide.asm.mjs").read_bytes()
    lister = MODULES_SCRIPT
    snapshotter = runtime_mod.SNAPSHOT_SCRIPT
    options = json.dumps(runtime_mod.LOAD_OPTIONS, sort_keys=True).encode()
    cache = cache_dir / "export"
    cache.mkdir(parents=True, exist_ok=True)

    try:
        modules_key = _digest(full_zip, wasm, asm, wheel, lister.read_bytes(), options)
        modules_path = cache / f"modules-{modules_key}.json"
        if not _cached(modules_path):
            _node_to(modules_path, lister, runtime, runtime_mod.LOAD_OPTIONS, "list the stdlib")
        stdlib = trimmed_stdlib(full_zip, json.loads(modules_path.read_text(encoding="utf-8")))
        stdlib_path = cache / f"stdlib-{_digest(stdlib)}.zip"
        if not _cached(stdlib_path):
            _atomic_write(stdlib_path, stdlib)
        snap_key = _digest(stdlib, wasm, asm, wheel, snapshotter.read_bytes(), options)
        snapshot_path = cache / f"snapshot-{snap_key}.bin.gz"
        if not _cached(snapshot_path):
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
        _blob("pyodide.js", js, compress=True, cache=cache, key=_digest(js)),
        _blob("pyodide.asm.js", classic, compress=True, cache=cache, key=_digest(classic)),
        _blob("pyodide.asm.wasm", wasm, compress=True, cache=cache, key=_digest(wasm)),
        _blob(
            "python_stdlib.zip",
            stdlib,
            compress=stdlib is not full_zip,
            cache=cache,
            key=_digest(stdlib),
        ),
    ]
    for name, data in wheels.items():  # every calculator's wheel (a zip already)
        blobs.append(_blob(name, data, compress=False, cache=cache, key=_digest(data)))
    if snapshot_path is not None:  # first: the longest to decode, while the rest is parsed
        blobs.insert(
            0,
            _blob(
                SNAPSHOT_NAME,
                lambda: gzip.decompress(snapshot_path.read_bytes()),
                compress=True,
                cache=cache,
                key=snap_key,
            ),
        )
    _prune(cache)
    return Payload(
        blobs=blobs,
        wheel_name=next(iter(wheels)),
        snapshot=snapshot_path is not None,
        note=note,
        raw_runtime_bytes=len(wasm) + len(full_zip) + len(asm),
    )


# --------------------------------------------------------------------------- pages


def section_id(url: str) -> str:
    return "page--" + re.sub(r"[^A-Za-z0-9_-]+", "-", url.removesuffix(".html"))


def _id_maps(pages: list[ExportPage]) -> dict[str, dict[str, str]]:
    """Ids that occur on more than one page are prefixed on every page but the first."""
    seen: dict[str, str] = {}
    maps: dict[str, dict[str, str]] = {}
    for page in pages:
        mapping = maps[page.url] = {}
        for ident in dict.fromkeys(m.group(2) for m in _ID.finditer(page.html)):
            if ident in seen and seen[ident] != page.url:
                mapping[ident] = f"{section_id(page.url)}--{ident}"
            else:
                seen.setdefault(ident, page.url)
    return maps


def _site_path(site_dir: Path, page_url: str, ref: str) -> Path | None:
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), unquote(parts.path)))
    path = (site_dir / rel).resolve()
    return path if path.is_file() and site_dir.resolve() in path.parents else None


def _rewrite_links(page: ExportPage, maps: dict[str, dict[str, str]]) -> str:
    mapping = maps[page.url]

    def ref(url: str, frag: str) -> str:
        if not frag:
            return "#" + section_id(url)
        return "#" + maps[url].get(frag, frag)

    def href(m: re.Match[str]) -> str:
        value = m.group(2)
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            return m.group(0)
        if not parts.path:
            target = page.url
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), parts.path))
        if target not in maps:  # not in the file: a dead link from a USB stick, so none
            log.warning(
                "export: page %s links to %r, which is not in the offline file", page.url, value
            )
            return ""
        return m.group(1) + ref(target, unquote(parts.fragment)) + m.group(3)

    def ident(m: re.Match[str]) -> str:
        return m.group(1) + mapping.get(m.group(2), m.group(2)) + m.group(3)

    def idrefs(m: re.Match[str]) -> str:
        return m.group(1) + " ".join(mapping.get(i, i) for i in m.group(2).split()) + m.group(3)

    html = _ID.sub(ident, page.html)
    html = _IDREFS.sub(idrefs, html)
    return _HREF.sub(href, html)


def _script_text(text: str, where: str) -> str:
    if re.search(r"</script|<!--", text, re.I):
        raise PluginError(f"export: {where} contains '</script' or '<!--': cannot be inlined")
    return text


def _inline_resources(html: str, page_url: str, site_dir: Path) -> str:
    """Local scripts, stylesheets and images of an article, inlined (no file:// request)."""

    def local(ref: str) -> Path:
        path = _site_path(site_dir, page_url, ref)
        if path is None:
            raise PluginError(f"export: page {page_url} refers to {ref!r}, not in the site")
        return path

    def script(m: re.Match[str]) -> str:
        text = local(m.group(1)).read_text(encoding="utf-8")
        return f"<script>{_script_text(text, m.group(1))}</script>"

    def stylesheet(m: re.Match[str]) -> str:
        return f"<style>{local(m.group(1)).read_text(encoding='utf-8')}</style>"

    def image(m: re.Match[str]) -> str:
        if m.group(2).startswith("data:"):
            return m.group(0)
        path = local(m.group(2))
        kind = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}.get(
            path.suffix.lower(), "application/octet-stream"
        )
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{m.group(1)}data:{kind};base64,{data}{m.group(3)}"

    html = _SCRIPT_SRC.sub(script, html)
    html = _STYLESHEET.sub(stylesheet, html)
    return _IMG_SRC.sub(image, html)


def _callout_icons(styles: list[str]) -> dict[str, str]:
    """gl-callout--KIND -> the theme's SVG its heading shows (from the inlined CSS)."""
    css = "\n".join(styles)
    svgs = dict(_SVG_VAR.findall(css))
    return {kind: svgs[var] for kind, var in _CALLOUT_ICON.findall(css) if var in svgs}


def _inline_callout_icons(html: str, icons: dict[str, str], page_url: str) -> str:
    """Each callout's icon as an inline ``<svg>`` at the start of its heading (see _CALLOUT)."""

    def icon(m: re.Match[str]) -> str:
        svg = icons.get(m.group(2))
        if svg is None:
            raise PluginError(f"export: page {page_url}: no icon for gl-callout--{m.group(2)}")
        attrs = '<svg class="gl-callout__icon" aria-hidden="true" '
        return m.group(1) + svg.replace("<svg ", attrs, 1)

    return _CALLOUT.sub(icon, html)


def _head_assets(page: ExportPage, site_dir: Path) -> tuple[list[str], list[str]]:
    """The first page's local stylesheets and synchronous head scripts, as text."""
    styles, scripts = [], []
    for ref in _STYLESHEET.findall(page.head):
        path = _site_path(site_dir, page.url, ref)
        if path is not None:
            text = path.read_text(encoding="utf-8")
            if re.search(r"url\((?!['\"]?data:)", text):
                log.debug("export: %s refers to other files; they are not inlined", ref)
            styles.append(text)
    for ref in _HEAD_SCRIPT.findall(page.head):
        path = _site_path(site_dir, page.url, ref)
        if path is not None:
            scripts.append(_script_text(path.read_text(encoding="utf-8"), ref))
    return styles, scripts


def csp(html: str) -> str:
    """The file's policy: no request at all (connect-src 'none'), inline scripts by hash,
    blob: for the workers only (their source is theirs: no script is imported), wasm
    compilation allowed."""
    hashes = []
    for m in _INLINE_SCRIPT.finditer(html):
        tag = html[m.start() : m.start(1)]
        if any(t in tag for t in _DATA_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join([*dict.fromkeys(hashes), "'wasm-unsafe-eval'"]),
            "worker-src blob:",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def render(config: MkDocsConfig, exporter: Exporter, payload: Payload) -> str:
    site_dir = Path(config.site_dir)
    urls = [u for u in exporter.order if u in exporter.pages]
    urls += [u for u in exporter.pages if u not in urls]
    pages = [exporter.pages[u] for u in urls]
    if not pages:
        raise PluginError("export: no pages to export")
    maps = _id_maps(pages)
    styles, head_scripts = _head_assets(pages[0], site_dir)
    icons = _callout_icons(styles)
    sections = [
        {
            "id": section_id(p.url),
            "title": p.title,
            "html": _inline_callout_icons(
                _inline_resources(_rewrite_links(p, maps), p.url, site_dir), icons, p.url
            ),
        }
        for p in pages
    ]
    worker = (site_dir / runtime_mod.WORKER).read_text(encoding="utf-8")
    env = config.theme.get_env()
    context = {
        "config": config,
        "sections": sections,
        # the theme's colour scheme (data-md-color-*) as on the site's pages
        "body_attrs": pages[0].body_attrs,
        "styles": styles,
        "head_scripts": head_scripts,
        "worker_source": _script_text(worker, runtime_mod.WORKER),
        "blobs": payload.blobs,
        "runtime": json.dumps(
            {
                "indexURL": INDEX_URL,
                "wheelURL": INDEX_URL + payload.wheel_name,
                "snapshotURL": INDEX_URL + SNAPSHOT_NAME if payload.snapshot else "",
                "snapshotNote": payload.note,
            }
        ),
        "csp": "",
    }
    template = env.get_template(TEMPLATE)
    draft = template.render(context)
    context["csp"] = csp(draft)
    return template.render(context)
