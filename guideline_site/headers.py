"""The ``_headers`` file a static host reads (Netlify and Cloudflare Pages format).

Written into the built site by ``on_post_build``, after every page (the policy hashes the
pages' inline scripts):

- every path: the Content-Security-Policy the build computes (``csp.header_value``: a meta
  policy does not reach the calculator's Web Worker), ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer``;
- caching: an asset whose name carries a version or a content hash (the Pyodide folder
  ``pyodide-VERSION/``, each core's wheel and the kit's ``…-0+gHASH-….whl``, the snapshot
  ``snapshot-HASH.bin.gz``, Material's ``NAME.HASH.min.js``) ``public, max-age=31536000,
  immutable``; everything else, the HTML first, ``no-cache`` (the browser revalidates: a new
  build is seen at once). A new algorithm version changes the wheel's and the snapshot's
  names, so the page loads new URLs and nothing stale;
- ``Content-Type`` for ``.wasm`` (``application/wasm``: needed by streaming compilation) and
  ``.mjs``.

Both hosts merge the headers of every rule a path matches, joining two values of one header
with a comma, so the caching rules never overlap: a folder without a versioned file gets one
rule (``/search/*``), the others a rule per file. A page's rule also names its URL without
``.html`` (Cloudflare Pages serves ``/authors.html`` as ``/authors``) and ``/`` for
``index.html``. The test server (``tests/conftest.py``) sends the headers of this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from guideline_site import csp

if TYPE_CHECKING:
    from guideline_site.runtime import Runtime

FILE_NAME = "_headers"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SECURITY: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
)
CONTENT_TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript"}
#: A file name that carries a content hash, as Material names its bundles.
_HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule:
    """One block of the file: a path pattern and its headers."""

    pattern: str
    headers: tuple[tuple[str, str], ...]

    def text(self) -> str:
        return "\n".join([self.pattern, *(f"  {name}: {value}" for name, value in self.headers)])


def versioned_paths(runtime: Runtime | None) -> list[str]:
    """The calculator runtime's versioned site paths: the Pyodide folder (its name carries
    the version), every calculator's wheel, the kit's and the snapshot (theirs a hash of what
    they are made of)."""
    if runtime is None:
        return []
    paths = [runtime.site_dir, *(runtime.wheel_uri(name) for name in runtime.wheels)]
    paths += [runtime.library_uri(library) for library in runtime.libraries]  # the kit's
    return [*paths, runtime.snapshot_uri] if runtime.snapshot_uri else paths


def _is_versioned(path: PurePosixPath, versioned: frozenset[str]) -> bool:
    posix = path.as_posix()
    return (
        posix in versioned
        or any(posix.startswith(f"{v}/") for v in versioned)
        or bool(_HASHED_NAME.search(path.name))
    )


def _aliases(path: PurePosixPath) -> list[str]:
    """The URL patterns a file is requested by."""
    url = f"/{path.as_posix()}"
    if path.suffix != ".html":
        return [url]
    bare = url[: -len(".html")]
    if path.name == "index.html":
        return [url, bare[: -len("index")] or "/"]
    return [url, bare]


def cache_rules(site_dir: Path, versioned: Iterable[str]) -> list[Rule]:
    """Caching rules that cover every file of ``site_dir`` once: ``versioned`` are site paths
    (POSIX, relative) of versioned files or folders."""
    marks = frozenset(v.strip("/") for v in versioned)
    files = sorted(
        PurePosixPath(p.relative_to(site_dir).as_posix())
        for p in site_dir.rglob("*")
        if p.is_file() and p.name != FILE_NAME
    )
    rules: list[Rule] = []

    def cover(folder: PurePosixPath) -> None:
        inside = [f for f in files if folder in f.parents]
        values = {_is_versioned(f, marks) for f in inside}
        if folder.as_posix() != "." and len(values) == 1:
            value = IMMUTABLE if values.pop() else REVALIDATE
            rules.append(
                Rule(pattern=f"/{folder.as_posix()}/*", headers=(("Cache-Control", value),))
            )
            return
        for f in inside:
            if f.parent == folder:
                value = IMMUTABLE if _is_versioned(f, marks) else REVALIDATE
                rules.extend(
                    Rule(pattern=url, headers=(("Cache-Control", value),)) for url in _aliases(f)
                )
        depth = len(folder.parts)
        for sub in sorted(
            {PurePosixPath(*f.parts[: depth + 1]) for f in inside if f.parent != folder}
        ):
            cover(sub)

    cover(PurePosixPath("."))
    return rules


def rules(
    site_dir: Path, versioned: Iterable[str], known: Mapping[str, Sequence[str]] | None = None
) -> list[Rule]:
    """Every rule of the file, the site-wide one first (``known``: the inline-script
    hashes of the pages the build has hashed already, by site path: ``csp.header_value``)."""
    site_wide = Rule(
        pattern="/*",
        headers=(("Content-Security-Policy", csp.header_value(site_dir, known)), *SECURITY),
    )
    types = [
        Rule(pattern=f"/{p.relative_to(site_dir).as_posix()}", headers=(("Content-Type", kind),))
        for p in sorted(site_dir.rglob("*"))
        if p.is_file() and (kind := CONTENT_TYPES.get(p.suffix))
    ]
    return [site_wide, *cache_rules(site_dir, versioned), *types]


def write(
    site_dir: Path, versioned: Iterable[str], known: Mapping[str, Sequence[str]] | None = None
) -> Path:
    """Write ``_headers`` into ``site_dir``; return its path (``known``: as for ``rules``)."""
    return _written(site_dir, rules(site_dir, versioned, known), "the guideline plugin")


def _written(site_dir: Path, rules: Sequence[Rule], what: str) -> Path:
    path = site_dir / FILE_NAME
    path.write_text(
        f"# Response headers for Netlify and Cloudflare Pages, written by {what}\n"
        "# (guideline_site/headers.py). Other hosts: see the README (nginx, GitHub Pages).\n\n"
        + "\n\n".join(rule.text() for rule in rules)
        + "\n",
        encoding="utf-8",
    )
    return path


#: The script hashes of a policy's value.
_HASH_SOURCE = re.compile(r"'sha256-[A-Za-z0-9+/=]+'")


def published_rules(tree: Path) -> list[Rule]:
    """The rules of a published tree of versions side by side (mike's branch checked out:
    ``VERSION/`` folders, their aliases, ``versions.json`` and the root's redirect), each
    path covered once. A folder with its own ``_headers`` (a version's build, or an alias
    that is a symlink to one or a copy of one) keeps its caching and type rules under its
    own path; any other folder (an alias of mike's redirect pages) and the root's files
    revalidate. One site-wide policy holds every version's script hashes and those of the
    other pages (mike's redirects have an inline script)."""
    hashes: list[str] = []
    scoped: list[Rule] = []

    def add_hashes(found: Iterable[str]) -> None:
        hashes.extend(h for h in found if h not in hashes)

    for folder in sorted(p for p in tree.iterdir() if p.is_dir() and not p.name.startswith(".")):
        own = folder / FILE_NAME
        if own.is_file():
            for rule in parse(own.read_text(encoding="utf-8")):
                if rule.pattern == "/*":
                    add_hashes(_HASH_SOURCE.findall(dict(rule.headers)["Content-Security-Policy"]))
                else:
                    scoped.append(
                        Rule(pattern=f"/{folder.name}{rule.pattern}", headers=rule.headers)
                    )
            continue
        for rule in cache_rules(folder, ()):
            scoped.append(Rule(pattern=f"/{folder.name}{rule.pattern}", headers=rule.headers))
        for page in sorted(folder.rglob("*.html")):
            add_hashes(csp.inline_script_hashes(page.read_text(encoding="utf-8")))
    for file in sorted(p for p in tree.iterdir() if p.is_file() and p.name != FILE_NAME):
        if file.suffix == ".html":
            add_hashes(csp.inline_script_hashes(file.read_text(encoding="utf-8")))
        scoped.extend(
            Rule(pattern=url, headers=(("Cache-Control", REVALIDATE),))
            for url in _aliases(PurePosixPath(file.name))
        )
    site_wide = Rule(
        pattern="/*", headers=(("Content-Security-Policy", csp.policy(hashes)), *SECURITY)
    )
    return [site_wide, *scoped]


def write_published(tree: Path) -> Path:
    """Write ``_headers`` at the root of a published tree of versions (``published_rules``)."""
    return _written(tree, published_rules(tree), "python -m guideline_site headers")


def parse(text: str) -> list[Rule]:
    """The rules of a ``_headers`` text (comments and blank lines skipped)."""
    parsed: list[Rule] = []
    pattern: str | None = None
    headers: list[tuple[str, str]] = []
    for line in [*text.splitlines(), ""]:
        if line.lstrip().startswith("#"):
            continue
        if line.startswith((" ", "\t")) and line.strip():
            if pattern is None:
                raise ValueError(f"{FILE_NAME}: a header before any path: {line.strip()!r}")
            name, sep, value = line.strip().partition(":")
            if not sep:
                raise ValueError(f"{FILE_NAME}: not a 'Name: value' line: {line.strip()!r}")
            headers.append((name.strip(), value.strip()))
            continue
        if pattern is not None:
            parsed.append(Rule(pattern=pattern, headers=tuple(headers)))
        pattern, headers = (line.strip() or None), []
    return parsed


def _matches(pattern: str, path: str) -> bool:
    regex = "".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", pattern))
    return re.fullmatch(regex, path) is not None


def headers_for(parsed: list[Rule], path: str) -> list[tuple[str, str]]:
    """The headers a host sends for URL ``path``: every matching rule's, in order, two values
    of one header joined with ", " (as Netlify and Cloudflare Pages merge them)."""
    merged: dict[str, tuple[str, str]] = {}
    for rule in parsed:
        if not _matches(rule.pattern, path):
            continue
        for name, value in rule.headers:
            key = name.lower()
            merged[key] = (name, f"{merged[key][1]}, {value}") if key in merged else (name, value)
    return list(merged.values())
