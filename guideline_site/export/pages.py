"""The HTML of each page of the offline file, rewritten with a parser (``html.parser``).

Each page's rendered ``<article>`` becomes a ``<section id="page--NAME">``; links between
pages become in-file fragment links, ids that clash between pages are prefixed; local
scripts, stylesheets and images are inlined; a callout's icon is written as inline
``<svg>``. Only tags and attributes are looked at (never the theme's class strings), and
every token not rewritten is kept byte for byte.

Each page is tokenized once: its tokens travel with its text from pass to pass
(``Parsed``), and a pass that rewrites a tag tokenizes only what it writes in its place.
"""

from __future__ import annotations

import base64
import html as html_mod
import json
import logging
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
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


class Parsed(NamedTuple):
    """A text and its tokens (``tokens(text)``), carried from pass to pass so that a page is
    tokenized once."""

    text: str
    tokens: list[Token]


def parse(text: str) -> Parsed:
    return Parsed(text, tokens(text))


#: Elements whose content the parser reads as raw text up to their end tag.
_RAW_TEXT = frozenset({"script", "style"})
_TEXTUAL = frozenset({Kind.DATA, Kind.OTHER})


def _shifted(found: list[Token], by: int) -> list[Token]:
    return [t._replace(start=t.start + by, end=t.end + by) for t in found] if by else found


def _splice(parsed: Parsed, replace: Callable[[Token], str | None]) -> Parsed:
    """``parsed`` with each token for which ``replace`` returns a text replaced by it; the
    new tokens are the kept ones moved and those of each replacement (tokenized alone). Where
    that could differ from tokenizing the whole result (text meeting text where something
    was replaced, a replacement ending inside a script or style), the result is tokenized
    whole."""
    text, found = parsed
    out: list[str] = []
    new_tokens: list[Token] = []
    seams: set[int] = set()  # output positions where a replacement starts or ends
    at = 0
    shift = 0  # output position minus source position
    whole = False
    for token in found:
        new = replace(token)
        if new is None:
            if shift:
                token = token._replace(start=token.start + shift, end=token.end + shift)
            new_tokens.append(token)
            continue
        out += [text[at : token.start], new]
        at = token.end
        piece = tokens(new)
        if piece and piece[-1].kind is Kind.START and piece[-1].tag in _RAW_TEXT:
            whole = True
        seams.update((token.start + shift, token.start + shift + len(new)))
        new_tokens += _shifted(piece, token.start + shift)
        shift += len(new) - (token.end - token.start)
    if not out:
        return parsed
    out.append(text[at:])
    result = "".join(out)
    if whole:
        return parse(result)
    joined = _joined(new_tokens, seams)
    return parse(result) if joined is None else Parsed(result, joined)


def _plain(token: Token) -> bool:
    return token.kind is Kind.DATA and "&" not in token.data and "<" not in token.data


def _joined(found: list[Token], seams: set[int]) -> list[Token] | None:
    """``found`` with the text tokens that meet at a seam as one (as the parser reads plain
    text up to the next ``<`` or ``&``); None where text meets text otherwise (an entity
    could form: the caller tokenizes the whole)."""
    out: list[Token] = []
    for token in found:
        last = out[-1] if out else None
        if last is None or last.end not in seams:
            out.append(token)
        elif _plain(last) and _plain(token):
            out[-1] = last._replace(end=token.end, data=last.data + token.data)
        elif last.kind in _TEXTUAL and token.kind in _TEXTUAL:
            return None
        else:
            out.append(token)
    return out


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


def rewrite_parsed(parsed: Parsed, on_start: Rewrite) -> Parsed:
    """``parsed`` with each start tag replaced by what ``on_start`` returns for it."""
    return _splice(parsed, lambda t: on_start(t) if t.kind is Kind.START else None)


def rewrite(text: str, on_start: Rewrite) -> str:
    """``text`` with each start tag replaced by what ``on_start`` returns for it."""
    return rewrite_parsed(parse(text), on_start).text


def inner_parsed(parsed: Parsed, tag: str) -> Parsed | None:
    """The source inside the first ``<tag>`` element and its tokens (None if there is
    none)."""
    text, found = parsed
    depth = 0
    first = 0
    for index, token in enumerate(found):
        if token.tag != tag:
            continue
        if token.kind is Kind.START:
            if depth == 0:
                first = index + 1
            depth += 1
        elif token.kind is Kind.END and depth:
            depth -= 1
            if depth == 0:
                begin = found[first - 1].end
                return Parsed(text[begin : token.start], _shifted(found[first:index], -begin))
    return None


def inner(text: str, tag: str) -> str | None:
    """The source inside the first ``<tag>`` element of ``text`` (None if there is none)."""
    found = inner_parsed(parse(text), tag)
    return None if found is None else found.text


@dataclass(frozen=True, kw_only=True, slots=True)
class ExportPage:
    url: str
    title: str
    html: str
    #: the page's head (its local stylesheets and scripts are read for the first page)
    head: str
    body_attrs: str = ""
    #: ``tokens(html)``, when known
    tokens: list[Token] | None = field(default=None, compare=False, repr=False)

    def parsed(self) -> Parsed:
        return Parsed(self.html, self.tokens) if self.tokens is not None else parse(self.html)


def _without_skipped(parsed: Parsed) -> Parsed:
    """``parsed`` without what lies between <!-- export:skip --> and <!-- /export:skip -->."""
    skipping = False

    def replace(token: Token) -> str | None:
        nonlocal skipping
        mark = token.data.strip() if token.kind is Kind.COMMENT else None
        if mark == SKIP_START and not skipping:
            skipping = True
        elif not skipping:
            return None
        elif mark == SKIP_END:
            skipping = False
        return ""

    return _splice(parsed, replace)


def _focusable_code(parsed: Parsed) -> Parsed:
    """A scrolling code block (``<pre><code>``) must be focusable (Material's script does it
    on the site)."""
    in_pre = False

    def replace(token: Token) -> str | None:
        nonlocal in_pre
        if token.tag == "pre":
            in_pre = token.kind is Kind.START
        elif token.kind is Kind.START and token.tag == "code" and in_pre:
            in_pre = False
            if token.attr("tabindex") is None:
                return start_tag("code", [*token.attrs, ("tabindex", "0")])
        return None

    return _splice(parsed, replace)


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
    article = inner_parsed(parse(_span(output, "<article", "</article>")), "article")
    if article is None:
        raise PluginError(f"export: page {src_uri} has no <article> to export")
    # read (tokenized) for the first page only, by head_assets
    head = _span(output, "<head", "</head>")
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
    html, found = _focusable_code(_without_skipped(article))
    return ExportPage(
        url=url, title=title, html=html, head=head, body_attrs=body_attrs, tokens=found
    )


def section_id(url: str) -> str:
    return "page--" + re.sub(r"[^A-Za-z0-9_-]+", "-", url.removesuffix(".html"))


def page_ids(page: ExportPage) -> list[str]:
    """The ids of ``page``'s elements, each once, in order."""
    ids = (t.attr("id") for t in page.parsed().tokens if t.kind is Kind.START)
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
    """``rewrite_links_parsed``'s text."""
    return rewrite_links_parsed(page, maps).text


def rewrite_links_parsed(page: ExportPage, maps: dict[str, dict[str, str]]) -> Parsed:
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

    return rewrite_parsed(page.parsed(), on_start)


def script_text(text: str, where: str) -> str:
    if re.search(r"</script|<!--", text, re.I):
        raise PluginError(f"export: {where} contains '</script' or '<!--': cannot be inlined")
    return text


def inline_resources(parsed: Parsed, page_url: str, site_dir: Path) -> Parsed:
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

    return rewrite_parsed(parsed, on_start)


def callout_icons(styles: list[str]) -> dict[str, str]:
    """gl-callout--KIND -> the theme's SVG its heading shows (from the inlined CSS)."""
    css = "\n".join(styles)
    svgs = dict(_SVG_VAR.findall(css))
    return {kind: svgs[var] for kind, var in _CALLOUT_ICON.findall(css) if var in svgs}


def inline_callout_icons(html: str, icons: dict[str, str], page_url: str) -> str:
    """``inline_callout_icons_parsed``'s text."""
    return inline_callout_icons_parsed(parse(html), icons, page_url).text


def inline_callout_icons_parsed(parsed: Parsed, icons: dict[str, str], page_url: str) -> Parsed:
    """Each callout's icon as an inline ``<svg>`` at the start of its heading (the h2/h3
    that is the callout's first child)."""
    html = parsed.text
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

    return rewrite_parsed(parsed, on_start)


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
    #: ``tokens(html)``, when known
    tokens: list[Token] | None = field(default=None, compare=False, repr=False)


def sections(pages: list[ExportPage], site_dir: Path, styles: list[str]) -> list[Section]:
    """Each page as a section of the file: id, title, its rewritten article."""
    ids = {page.url: page_ids(page) for page in pages}
    maps = id_maps(pages, ids)
    icons = callout_icons(styles)
    out: list[Section] = []
    for number, page in enumerate(pages):
        html, found = inline_callout_icons_parsed(
            inline_resources(rewrite_links_parsed(page, maps), page.url, site_dir),
            icons,
            page.url,
        )
        mapping = maps[page.url]
        out.append(
            Section(
                id=section_id(page.url),
                title=page.title,
                html=html,
                eager=number == 0 or bool(csp.inline_script_hashes(html)),
                ids=tuple(mapping.get(i, i) for i in ids[page.url]),
                tokens=found,
            )
        )
    return out


#: Elements whose text is not read (a page's scripts, styles, the calculator's templates).
_UNREAD = frozenset({"script", "style", "template", "svg"})


def page_text(html: str, found: list[Token] | None = None) -> str:
    """What a reader sees of ``html`` (``found``: its tokens, when known), in lower case and
    on one line: the search index."""
    words: list[str] = []
    unread = 0
    for token in tokens(html) if found is None else found:
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
        "search": [[s.id, s.title, page_text(s.html, s.tokens)] for s in sections],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
