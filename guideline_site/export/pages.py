"""The HTML of each page of the offline file, rewritten with a parser (``html.parser``).

Each page's rendered ``<article>`` becomes a ``<section id="page--NAME">``; links between
pages become in-file fragment links, ids that clash between pages are prefixed; local
scripts, stylesheets and images are inlined; a callout's icon is written as inline
``<svg>``. Only tags and attributes are looked at (never the theme's class strings), and
every token not rewritten is kept byte for byte.
"""

from __future__ import annotations

import base64
import html as html_mod
import json
import logging
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from mkdocs.exceptions import PluginError

from guideline_site import csp

log = logging.getLogger("mkdocs.plugins.guideline.export")

#: Attributes that hold one or more ids of the same page.
IDREF_ATTRS = frozenset({"for", "aria-describedby", "aria-labelledby", "aria-controls", "list"})
#: Comments around the parts of a page that do not belong in the export (the download link).
SKIP_START = "export:skip"
SKIP_END = "/export:skip"
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}
#: A callout's icon is a CSS mask of the theme's data: SVG (guideline.css), which the page
#: requests like an image; the export writes the same SVG inline instead (no request at all).
_CALLOUT_ICON = re.compile(
    r"\.gl-callout--([\w-]+)\s*\{[^}]*--gl-callout-icon:\s*var\((--[\w-]+)\)"
)
_SVG_VAR = re.compile(
    r'(--[\w-]+):\s*url\("data:image/svg\+xml;charset=utf-8,(<svg [^"]*?</svg>)"\)'
)
CALLOUT_CLASS = "gl-callout"


class Kind(Enum):
    START = "start"
    END = "end"
    DATA = "data"
    COMMENT = "comment"
    OTHER = "other"


class Token(NamedTuple):
    """One token of an HTML text and where it is (``text[start:end]`` is its source). A
    NamedTuple, not a frozen dataclass: a 300-page build makes millions (cProfile: 15 s of
    construction as a dataclass)."""

    kind: Kind
    start: int
    end: int
    tag: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()
    data: str = ""

    def attr(self, name: str) -> str | None:
        return next((v for k, v in self.attrs if k == name), None)


class _Tokenizer(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0]
        self.line_starts += [m.end() for m in re.finditer("\n", text)]
        self.found: list[tuple[Kind, int, str, tuple[tuple[str, str | None], ...], str]] = []

    def _at(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _add(
        self, kind: Kind, tag: str = "", attrs: list[tuple[str, str | None]] | None = None,
        data: str = "",
    ) -> None:  # fmt: skip
        self.found.append((kind, self._at(), tag, tuple(attrs or ()), data))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(Kind.START, tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(Kind.START, tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._add(Kind.END, tag)

    def handle_data(self, data: str) -> None:
        self._add(Kind.DATA, data=data)

    def handle_comment(self, data: str) -> None:
        self._add(Kind.COMMENT, data=data)

    def handle_entityref(self, name: str) -> None:
        self._add(Kind.OTHER)

    def handle_charref(self, name: str) -> None:
        self._add(Kind.OTHER)

    def handle_decl(self, decl: str) -> None:
        self._add(Kind.OTHER)

    def handle_pi(self, data: str) -> None:
        self._add(Kind.OTHER)

    def unknown_decl(self, data: str) -> None:
        self._add(Kind.OTHER)


def tokens(text: str) -> list[Token]:
    """Every token of ``text`` with its source span (the spans cover ``text`` exactly)."""
    parser = _Tokenizer(text)
    parser.feed(text)
    parser.close()
    found = parser.found
    ends = [f[1] for f in found[1:]] + [len(text)] if found else []
    return [
        Token(kind, start, end, tag, attrs, data)
        for (kind, start, tag, attrs, data), end in zip(found, ends, strict=True)
    ]


def _attr_value(value: str) -> str:
    return html_mod.escape(value, quote=False).replace('"', "&quot;")


def start_tag(
    tag: str, attrs: list[tuple[str, str | None]] | tuple[tuple[str, str | None], ...]
) -> str:
    """A start tag written from its attributes (values escaped)."""
    out = [f"<{tag}"]
    for name, value in attrs:
        out.append(f" {name}" if value is None else f' {name}="{_attr_value(value)}"')
    return "".join(out) + ">"


#: Called for each start tag: the text to write in its place, or None to keep it as it is.
Rewrite = Callable[[Token], str | None]


def rewrite(text: str, on_start: Rewrite) -> str:
    """``text`` with each start tag replaced by what ``on_start`` returns for it."""
    out: list[str] = []
    at = 0
    for token in tokens(text):
        if token.kind is Kind.START:
            new = on_start(token)
            if new is not None:
                out.append(text[at : token.start])
                out.append(new)
                at = token.end
    out.append(text[at:])
    return "".join(out)


def inner(text: str, tag: str) -> str | None:
    """The source inside the first ``<tag>`` element of ``text`` (None if there is none)."""
    depth = 0
    begin = 0
    for token in tokens(text):
        if token.tag != tag:
            continue
        if token.kind is Kind.START:
            if depth == 0:
                begin = token.end
            depth += 1
        elif token.kind is Kind.END and depth:
            depth -= 1
            if depth == 0:
                return text[begin : token.start]
    return None


@dataclass(frozen=True, kw_only=True, slots=True)
class ExportPage:
    url: str
    title: str
    html: str
    head: str
    body_attrs: str = ""


def _without_skipped(text: str) -> str:
    """``text`` without what lies between <!-- export:skip --> and <!-- /export:skip -->."""
    out: list[str] = []
    at = 0
    skipping: int | None = None
    for token in tokens(text):
        if token.kind is not Kind.COMMENT:
            continue
        mark = token.data.strip()
        if mark == SKIP_START and skipping is None:
            out.append(text[at : token.start])
            skipping = token.start
        elif mark == SKIP_END and skipping is not None:
            at = token.end
            skipping = None
    out.append(text[at:] if skipping is None else "")
    return "".join(out)


def _focusable_code(text: str) -> str:
    """A scrolling code block (``<pre><code>``) must be focusable (Material's script does it
    on the site)."""
    in_pre = False
    out: list[str] = []
    at = 0
    for token in tokens(text):
        if token.tag == "pre":
            in_pre = token.kind is Kind.START
        elif token.kind is Kind.START and token.tag == "code" and in_pre:
            in_pre = False
            if token.attr("tabindex") is None:
                out += [
                    text[at : token.start],
                    start_tag("code", [*token.attrs, ("tabindex", "0")]),
                ]
                at = token.end
    out.append(text[at:])
    return "".join(out)


def _span(text: str, open_tag: str, close_tag: str) -> str:
    """From the first ``open_tag`` to the last ``close_tag`` of ``text`` ('' if absent): the
    part a parser needs to see, so that a page's navigation is never parsed."""
    begin = text.find(open_tag)
    end = text.rfind(close_tag)
    if begin < 0 or end < begin:
        return ""
    return text[begin : end + len(close_tag)]


def page_from_output(url: str, title: str, src_uri: str, output: str) -> ExportPage:
    """The parts of a rendered page the file needs: its article, head and body attributes."""
    article = inner(_span(output, "<article", "</article>"), "article")
    if article is None:
        raise PluginError(f"export: page {src_uri} has no <article> to export")
    head = inner(_span(output, "<head", "</head>"), "head") or ""
    body_start = output.find("<body")
    body = (
        [t for t in tokens(output[body_start : output.find(">", body_start) + 1])]
        if body_start >= 0
        else []
    )
    body_attrs = (
        start_tag("body", body[0].attrs)[len("<body") : -1]
        if body and body[0].kind is Kind.START
        else ' dir="ltr"'
    )
    return ExportPage(
        url=url,
        title=title,
        html=_focusable_code(_without_skipped(article)),
        head=head,
        body_attrs=body_attrs,
    )


def section_id(url: str) -> str:
    return "page--" + re.sub(r"[^A-Za-z0-9_-]+", "-", url.removesuffix(".html"))


def page_ids(page: ExportPage) -> list[str]:
    """The ids of ``page``'s elements, each once, in order."""
    ids = (t.attr("id") for t in tokens(page.html) if t.kind is Kind.START)
    return list(dict.fromkeys(i for i in ids if i))


def id_maps(
    pages: list[ExportPage], ids: dict[str, list[str]] | None = None
) -> dict[str, dict[str, str]]:
    """Ids that occur on more than one page are prefixed on every page but the first
    (``ids``: each page's ids, when already known)."""
    seen: dict[str, str] = {}
    maps: dict[str, dict[str, str]] = {}
    for page in pages:
        mapping: dict[str, str] = {}
        maps[page.url] = mapping
        for ident in ids[page.url] if ids is not None else page_ids(page):
            if ident in seen and seen[ident] != page.url:
                mapping[ident] = f"{section_id(page.url)}--{ident}"
            else:
                seen.setdefault(ident, page.url)
    return maps


def site_path(site_dir: Path, page_url: str, ref: str) -> Path | None:
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), unquote(parts.path)))
    path = (site_dir / rel).resolve()
    return path if path.is_file() and site_dir.resolve() in path.parents else None


def rewrite_links(page: ExportPage, maps: dict[str, dict[str, str]]) -> str:
    """Ids prefixed where they clash, links between pages as in-file fragments; a link to
    anything else leads nowhere from a USB stick: it loses its href and the build warns."""
    mapping = maps[page.url]

    def href(value: str) -> str | None:
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            return value
        if not parts.path:
            target = page.url
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), parts.path))
        if target not in maps:
            log.warning(
                "export: page %s links to %r, which is not in the offline file", page.url, value
            )
            return None
        frag = unquote(parts.fragment)
        return "#" + (maps[target].get(frag, frag) if frag else section_id(target))

    def on_start(token: Token) -> str | None:
        attrs: list[tuple[str, str | None]] = []
        changed = False
        for name, value in token.attrs:
            new: str | None = value
            if value is not None:
                if name == "id":
                    new = mapping.get(value, value)
                elif name in IDREF_ATTRS:
                    new = " ".join(mapping.get(i, i) for i in value.split())
                elif name == "href":
                    new = href(value)
                    if new is None:
                        changed = True
                        continue
            changed = changed or new != value
            attrs.append((name, new))
        return start_tag(token.tag, attrs) if changed else None

    return rewrite(page.html, on_start)


def script_text(text: str, where: str) -> str:
    if re.search(r"</script|<!--", text, re.I):
        raise PluginError(f"export: {where} contains '</script' or '<!--': cannot be inlined")
    return text


def inline_resources(html: str, page_url: str, site_dir: Path) -> str:
    """Local scripts, stylesheets and images of an article, inlined (no file:// request)."""

    def local(ref: str) -> Path:
        path = site_path(site_dir, page_url, ref)
        if path is None:
            raise PluginError(f"export: page {page_url} refers to {ref!r}, not in the site")
        return path

    def on_start(token: Token) -> str | None:
        src = token.attr("src")
        if token.tag == "script" and src:
            return f"<script>{script_text(local(src).read_text(encoding='utf-8'), src)}"
        href = token.attr("href")
        if token.tag == "link" and token.attr("rel") == "stylesheet" and href:
            return f"<style>{local(href).read_text(encoding='utf-8')}</style>"
        if token.tag == "img" and src and not src.startswith("data:"):
            path = local(src)
            kind = IMAGE_TYPES.get(path.suffix.lower(), "application/octet-stream")
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            uri = f"data:{kind};base64,{data}"
            return start_tag("img", [(k, uri if k == "src" else v) for k, v in token.attrs])
        return None

    return rewrite(html, on_start)


def callout_icons(styles: list[str]) -> dict[str, str]:
    """gl-callout--KIND -> the theme's SVG its heading shows (from the inlined CSS)."""
    css = "\n".join(styles)
    svgs = dict(_SVG_VAR.findall(css))
    return {kind: svgs[var] for kind, var in _CALLOUT_ICON.findall(css) if var in svgs}


def inline_callout_icons(html: str, icons: dict[str, str], page_url: str) -> str:
    """Each callout's icon as an inline ``<svg>`` at the start of its heading (the h2/h3
    that is the callout's first child)."""
    pending: list[str] = []

    def on_start(token: Token) -> str | None:
        kind = pending.pop() if pending else None
        classes = (token.attr("class") or "").split()
        if token.tag == "div" and CALLOUT_CLASS in classes:
            prefix = CALLOUT_CLASS + "--"
            pending.extend(c[len(prefix) :] for c in classes if c.startswith(prefix))
            return None
        if kind is None or token.tag not in ("h2", "h3"):
            return None
        svg = icons.get(kind)
        if svg is None:
            raise PluginError(f"export: page {page_url}: no icon for gl-callout--{kind}")
        attrs = '<svg class="gl-callout__icon" aria-hidden="true" '
        return html[token.start : token.end] + svg.replace("<svg ", attrs, 1)

    return rewrite(html, on_start)


def head_assets(page: ExportPage, site_dir: Path) -> tuple[list[str], list[str]]:
    """The first page's local stylesheets and synchronous head scripts, as text."""
    styles: list[str] = []
    scripts: list[str] = []
    for token in tokens(page.head):
        if token.kind is not Kind.START:
            continue
        href = token.attr("href")
        src = token.attr("src")
        if token.tag == "link" and token.attr("rel") == "stylesheet" and href:
            path = site_path(site_dir, page.url, href)
            if path is not None:
                text = path.read_text(encoding="utf-8")
                if re.search(r"url\((?!['\"]?data:)", text):
                    log.debug("export: %s refers to other files; they are not inlined", href)
                styles.append(text)
        elif token.tag == "script" and src:
            path = site_path(site_dir, page.url, src)
            if path is not None:
                scripts.append(script_text(path.read_text(encoding="utf-8"), src))
    return styles, scripts


@dataclass(frozen=True, kw_only=True, slots=True)
class Section:
    """A page of the file. An eager one is written as HTML (the first page, readable
    without JavaScript, and a page with a script of its own, which must run under the
    file's policy); the others travel compressed in the content block and are put in
    place by the file's script."""

    id: str
    title: str
    html: str
    eager: bool
    #: the ids inside the page (after prefixing), so that a link to one finds its page
    ids: tuple[str, ...]


def sections(pages: list[ExportPage], site_dir: Path, styles: list[str]) -> list[Section]:
    """Each page as a section of the file: id, title, its rewritten article."""
    ids = {page.url: page_ids(page) for page in pages}
    maps = id_maps(pages, ids)
    icons = callout_icons(styles)
    out: list[Section] = []
    for number, page in enumerate(pages):
        html = inline_callout_icons(
            inline_resources(rewrite_links(page, maps), page.url, site_dir), icons, page.url
        )
        mapping = maps[page.url]
        out.append(
            Section(
                id=section_id(page.url),
                title=page.title,
                html=html,
                eager=number == 0 or bool(csp.inline_script_hashes(html)),
                ids=tuple(mapping.get(i, i) for i in ids[page.url]),
            )
        )
    return out


#: Elements whose text is not read (a page's scripts, styles, the calculator's templates).
_UNREAD = frozenset({"script", "style", "template", "svg"})


def page_text(html: str) -> str:
    """What a reader sees of ``html``, in lower case and on one line: the search index."""
    words: list[str] = []
    unread = 0
    for token in tokens(html):
        if token.tag in _UNREAD:
            if token.kind is Kind.START:
                unread += 1
            elif token.kind is Kind.END and unread:
                unread -= 1
        elif not unread and token.kind is Kind.DATA:
            words.append(token.data)
        elif not unread and token.kind is Kind.OTHER:
            words.append(html_mod.unescape(html[token.start : token.end]))
    return " ".join(" ".join(words).lower().split())


def content(sections: list[Section]) -> bytes:
    """The content block's JSON: the HTML of every lazy page, which page holds each id of
    theirs, and the search index (every page's id, title and text)."""
    lazy = [s for s in sections if not s.eager]
    data = {
        "pages": {s.id: s.html for s in lazy},
        "ids": {i: s.id for s in lazy for i in s.ids},
        "search": [[s.id, s.title, page_text(s.html)] for s in sections],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
