"""Content-Security-Policy for the built site.

A ``<meta http-equiv="Content-Security-Policy">`` tag goes into every page (it works on any
static host): only the site itself, plus ``'wasm-unsafe-eval'`` (Pyodide compiles its wasm;
never ``'unsafe-eval'``), plus a sha256 hash for each inline script the theme needs, computed
from the page's final HTML at build time (``on_post_page``).

A policy in a meta tag does not reach a Web Worker loaded from a URL: the worker's policy
comes from its own HTTP response. ``header_value(site_dir)`` is the same policy for a host
that sends headers (the test server sends it with every response, so the calculator's worker
runs under it as well).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

#: Script types that the browser executes (an inline JSON block is not a script).
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
_ATTR_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_ATTR_SRC = re.compile(r"\bsrc\s*=", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
META_MARK = 'http-equiv="Content-Security-Policy"'

#: The policy, directive by directive; script hashes are appended to script-src.
DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "worker-src": ["'self'"],
    "connect-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

#: The offline file's policy (guideline_site/export): no request at all, inline scripts by
#: hash, blob: for the workers only (their source is their own: no script is imported),
#: wasm compilation allowed, never eval.
OFFLINE: dict[str, list[str]] = {
    "default-src": ["'none'"],
    "script-src": ["'wasm-unsafe-eval'"],
    "worker-src": ["blob:"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "connect-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-...') for the executable inline scripts in ``html``."""
    hashes: list[str] = []
    for match in _SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if _ATTR_SRC.search(attrs):
            continue
        type_match = _ATTR_TYPE.search(attrs)
        kind = next((g for g in type_match.groups() if g is not None), "") if type_match else ""
        if kind.strip().lower() not in _JS_TYPES:
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode()}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(
    script_hashes: Sequence[str] = (),
    directives: dict[str, list[str]] = DIRECTIVES,
) -> str:
    """The policy (the site's unless ``directives`` is given) as one header/meta value,
    with ``script_hashes`` added to its script-src."""
    parts = []
    for name, sources in directives.items():
        values = [*sources, *script_hashes] if name == "script-src" else sources
        parts.append(f"{name} {' '.join(values)}")
    return "; ".join(parts)


def apply(
    html: str,
    hashes: Sequence[str] | None = None,
    directives: dict[str, list[str]] = DIRECTIVES,
) -> str:
    """Insert the meta policy (the site's unless ``directives`` is given) for this page's
    own inline scripts, as early as possible in <head> (before any script it governs). A
    page without <head> is left alone. ``hashes``: ``inline_script_hashes(html)``, when
    already known."""
    if META_MARK in html:
        return html
    if hashes is None:
        hashes = inline_script_hashes(html)
    tag = f'<meta {META_MARK} content="{policy(hashes, directives)}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html
    return html[: anchor.end()] + tag + html[anchor.end() :]


def header_value(
    site_dir: Path | None = None, known: Mapping[str, Sequence[str]] | None = None
) -> str:
    """The policy for an HTTP header: the hashes of every page's inline scripts in the
    built ``site_dir`` (none when it is not given). ``known``: the hashes of the pages the
    build has already hashed, by site path (POSIX, relative); only the others are read
    (the offline file alone is ~13 MB)."""
    hashes: list[str] = []
    if site_dir is not None:
        site = Path(site_dir)
        for page in sorted(site.rglob("*.html")):
            found = (known or {}).get(page.relative_to(site).as_posix())
            if found is None:
                found = inline_script_hashes(page.read_text(encoding="utf-8"))
            for source in found:
                if source not in hashes:
                    hashes.append(source)
    return policy(hashes)
