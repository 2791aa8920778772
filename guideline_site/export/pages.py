"""The HTML of each page of the offline file, rewritten where it must be.

Each page's rendered ``<article>`` becomes a ``<section id="page--NAME">``; links between
pages become in-file fragment links, ids that clash between pages are prefixed; local
scripts, stylesheets and images are inlined; a callout's icon is written as inline
``<svg>``. Only tags and attributes are looked at (never the theme's class strings), and
every byte not rewritten is kept as it was.

No page is parsed as a whole. The article is cut out with ``str.find``; its start tags are
found by one compiled pattern (``html.parser``'s own, see ``start_tags``), skipping
comments and the raw text of scripts and styles; only the tags that hold something to
rewrite are read attribute by attribute and written again. (A 300-page build spent ~24 s
under cProfile tokenizing every page with ``html.parser`` to rewrite a few tags of each.)
"""

from __future__ import annotations

import base64
import html as html_mod
import json
import logging
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import attrfind_tolerant  # type: ignore[attr-defined]
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.exceptions import PluginError

from guideline_site import csp

log = logging.getLogger("mkdocs.plugins.guideline.export")

#: Attributes that hold one or more ids of the same page.
IDREF_ATTRS = frozenset({"for", "aria-describedby", "aria-labelledby", "aria-controls", "list"})
#: Comments around the parts of a page that do not belong in the export (the download link).
SKIP_START = "<!-- export:skip -->"
SKIP_END = "<!-- /export:skip -->"
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

#: A start tag as ``html.parser`` reads one (its ``locatestarttagend_tolerant`` and
#: ``tagfind_tolerant``), ending in ``>`` or ``/>``.
_START_TAG = re.compile(
    r"""<([a-zA-Z][^\t\n\r\f />\x00]*)
  (?:[\s/]*
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*
      (?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?(?:\s|/(?!>))*
    )*
  )?
  \s*/?>""",
    re.VERBOSE,
)
#: A start tag, a comment's start, or a "<" that starts neither (tried in this order).
_SCAN = re.compile(_START_TAG.pattern + r"|<!--|<(?=[a-zA-Z])", re.VERBOSE)
#: What ``html.parser`` skips after a tag's name (``tagfind_tolerant``).
_GAP = re.compile(r"(?:\s|/(?!>))*")
#: Elements whose content the parser reads as raw text up to their end tag.
_RAW_END = {name: re.compile(rf"</{name}", re.I) for name in ("script", "style")}
#: The attributes a link rewrite looks at (a tag without any is kept without being read),
#: after what may come before an attribute's name (``html.parser``'s ``attrfind``).
_LINKISH = re.compile(
    r"""[\s"'/](id|href|for|aria-describedby|aria-labelledby|aria-controls|list)\s*=""", re.I
)
#: Tags a resource is inlined from.
_RESOURCES = frozenset({"script", "link", "img"})


@dataclass(kw_only=True, slots=True)  # not frozen: made for ~30,000 tags of 300 pages
class LinkAttr:
    """A tag's one link attribute: ``name="value"`` at ``source[at:end]``, its value at
    ``source[value_start:value_end]`` (written as it reads: no quote, no "&")."""

    name: str
    value: str
    at: int
    value_start: int
    value_end: int
    end: int


#: A double-quoted value without character references, after an attribute's "=".
_PLAIN_VALUE = re.compile(r'\s*"([^"&]*)"')


class Tag:
    """A start tag of a text: ``text[start:end]`` is its source, ``name`` in lower case;
    its attributes are read when first asked for, once."""

    __slots__ = (
        "_attrs",
        "_first_link",
        "_first_read",
        "_link",
        "_link_read",
        "end",
        "name",
        "source",
        "start",
    )

    def __init__(self, start: int, end: int, name: str, source: str) -> None:
        self.start = start
        self.end = end
        self.name = name
        self.source = source
        self._attrs: list[tuple[str, str | None]] | None = None
        self._link: LinkAttr | None = None
        self._link_read = False
        self._first_link: re.Match[str] | None = None
        self._first_read = False

    def first_link(self) -> re.Match[str] | None:
        """Where its first link attribute's name is (None: it has none)."""
        if not self._first_read:
            self._first_read = True
            self._first_link = _LINKISH.search(self.source)
        return self._first_link

    def link_attr(self) -> LinkAttr | None:
        """Its link attribute (id, href, for, aria-*, list) read alone, without the
        others, when that is sure: the tag has one, double-quoted, with no character
        reference, and no single quote anywhere (Python-Markdown's and the templates'
        tags). None otherwise: read ``attrs``."""
        if self._link_read:
            return self._link
        self._link_read = True
        source = self.source
        m = self.first_link()
        if m is not None and "'" not in source and not _LINKISH.search(source, m.end()):
            value = _PLAIN_VALUE.match(source, m.end())
            # an even number of quotes before it: not inside another attribute's value
            if value is not None and source.count('"', 0, m.start()) % 2 == 0:
                self._link = LinkAttr(
                    name=m[1].lower(),
                    value=value[1],
                    at=m.start(),
                    value_start=value.start(1),
                    value_end=value.end(1),
                    end=value.end(),
                )
        return self._link

    def __repr__(self) -> str:
        return f"Tag({self.start}, {self.end}, {self.source!r})"

    @property
    def attrs(self) -> list[tuple[str, str | None]]:
        """Its attributes as ``html.parser`` reads them (names in lower case, values
        unescaped, None for an attribute without a value)."""
        if self._attrs is not None:
            return self._attrs
        out: list[tuple[str, str | None]] = []
        source = self.source
        at = _GAP.match(source, 1 + len(self.name)).end()  # type: ignore[union-attr]
        while (m := attrfind_tolerant.match(source, at)) and m.end() != at:
            name, rest, value = m.group(1, 2, 3)
            if not rest:
                value = None
            elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                value = value[1:-1]
            if value and "&" in value:
                value = html_mod.unescape(value)
            out.append((name.lower(), value))
            at = m.end()
        self._attrs = out
        return out

    def attr(self, name: str) -> str | None:
        return next((v for k, v in self.attrs if k == name), None)


def start_tags(text: str) -> Iterator[Tag]:
    """Every start tag of ``text``, in order, as ``html.parser`` finds them: none inside a
    comment or inside a script's or style's text."""
    at = 0
    while True:  # from ``at`` on, until a comment or a script's text makes the scan jump
        for found in _SCAN.finditer(text, at):
            name = found[1]
            if name is None:
                if found[0] == "<!--":
                    end = text.find("-->", found.start() + 4)
                    at = len(text) if end < 0 else end + 3
                    break
                continue  # a "<" that starts no tag
            name = name.lower()
            yield Tag(found.start(), found.end(), name, found[0])
            raw_end = _RAW_END.get(name)
            if raw_end is not None:
                close = raw_end.search(text, found.end())
                at = len(text) if close is None else close.start()
                break
        else:
            return


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
Rewrite = Callable[[Tag], str | None]


def rewrite(text: str, on_start: Rewrite, tags: list[Tag] | None = None) -> str:
    """``text`` with each start tag replaced by what ``on_start`` returns for it (``tags``:
    its start tags, when known)."""
    out: list[str] = []
    at = 0
    for tag in start_tags(text) if tags is None else tags:
        new = on_start(tag)
        if new is not None:
            out += [text[at : tag.start], new]
            at = tag.end
    if not out:
        return text
    out.append(text[at:])
    return "".join(out)


def inner(text: str, tag: str) -> str | None:
    """The source from the end of the first ``<tag ...>`` to the last ``</tag>`` of
    ``text`` (None if there is none): the content of a page's one article."""
    for found in start_tags(text):
        if found.name == tag:
            end = text.rfind(f"</{tag}>")
            return text[found.end : end] if end >= found.end else None
    return None


@dataclass(frozen=True, kw_only=True, slots=True)
class TocEntry:
    """A heading of a page's table of contents: its id, its title (HTML: text with
    character references, as MkDocs gives it) and the headings under it."""

    id: str
    title: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class ExportPage:
    url: str
    title: str
    html: str
    #: the page's head (its local stylesheets and scripts are read for the first page)
    head: str
    body_attrs: str = ""
    #: the titles of the nav's sections that hold the page, outermost first
    path: tuple[str, ...] = ()
    #: the page's headings below its title (MkDocs' page.toc), as the site's contents show them
    toc: tuple[TocEntry, ...] = ()


def _without_skipped(html: str) -> str:
    """``html`` without what lies between <!-- export:skip --> and <!-- /export:skip -->."""
    out: list[str] = []
    at = 0
    while (begin := html.find(SKIP_START, at)) >= 0:
        out.append(html[at:begin])
        end = html.find(SKIP_END, begin)
        at = len(html) if end < 0 else end + len(SKIP_END)
    if not out:
        return html
    out.append(html[at:])
    return "".join(out)


def _span(text: str, open_tag: str, close_tag: str) -> str:
    """From the first ``open_tag`` to the last ``close_tag`` of ``text`` ('' if absent): the
    part to look at, so that a page's navigation is never read."""
    begin = text.find(open_tag)
    end = text.rfind(close_tag)
    if begin < 0 or end < begin:
        return ""
    return text[begin : end + len(close_tag)]


def page_from_output(
    url: str,
    title: str,
    src_uri: str,
    output: str,
    *,
    path: tuple[str, ...] = (),
    toc: tuple[TocEntry, ...] = (),
) -> ExportPage:
    """The parts of a rendered page the file needs: its article, head and body attributes
    (``path`` and ``toc``: its place in the nav and its headings, as MkDocs knows them)."""
    article = inner(_span(output, "<article", "</article>"), "article")
    if article is None:
        raise PluginError(f"export: page {src_uri} has no <article> to export")
    # read for the first page only, by head_assets
    head = _span(output, "<head", "</head>")
    body_start = output.find("<body")
    body = next(start_tags(output[body_start : output.find(">", body_start) + 1]), None)
    body_attrs = (
        start_tag("body", body.attrs)[len("<body") : -1]
        if body_start >= 0 and body is not None and body.name == "body"
        else ' dir="ltr"'
    )
    return ExportPage(
        url=url,
        title=title,
        html=_without_skipped(article),
        head=head,
        body_attrs=body_attrs,
        path=path,
        toc=toc,
    )


def section_id(url: str) -> str:
    return "page--" + re.sub(r"[^A-Za-z0-9_-]+", "-", url.removesuffix(".html"))


_ID = re.compile(r"""[\s"'/]id\s*=""", re.I)


def page_ids(page: ExportPage, tags: list[Tag] | None = None) -> list[str]:
    """The ids of ``page``'s elements, each once, in order (``tags``: its start tags,
    when known)."""
    found = start_tags(page.html) if tags is None else tags
    ids = (_id_of(t) for t in found if _ID.search(t.source))
    return list(dict.fromkeys(i for i in ids if i))


def _id_of(tag: Tag) -> str | None:
    one = tag.link_attr()
    return one.value if one is not None and one.name == "id" else tag.attr("id")


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


class _Links:
    """For the start tags of ``page``: ids prefixed where they clash and links between pages
    as in-file fragments; a link to anything else leads nowhere from a USB stick: it loses
    its href and the build warns."""

    def __init__(self, page: ExportPage, maps: dict[str, dict[str, str]]) -> None:
        self.page = page
        self.maps = maps
        self.mapping = maps[page.url]
        self.targets: dict[str, str | None] = {}

    def href(self, value: str) -> str | None:
        if value in self.targets:
            return self.targets[value]
        page, maps = self.page, self.maps
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            new: str | None = value
        else:
            if not parts.path:
                target = page.url
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), parts.path))
            if target not in maps:
                log.warning(
                    "export: page %s links to %r, which is not in the offline file",
                    page.url,
                    value,
                )
                new = None
            else:
                frag = unquote(parts.fragment)
                new = "#" + (maps[target].get(frag, frag) if frag else section_id(target))
        self.targets[value] = new
        return new

    def value(self, name: str, value: str) -> str | None:
        """Attribute ``name``'s new value (None: the attribute goes)."""
        if name == "id":
            return self.mapping.get(value, value)
        if name in IDREF_ATTRS:
            return " ".join(self.mapping.get(i, i) for i in value.split())
        if name == "href":
            return self.href(value)
        return value

    def attrs_of(self, tag: Tag) -> list[tuple[str, str | None]] | None:
        """Its attributes rewritten (None if nothing changes)."""
        attrs: list[tuple[str, str | None]] = []
        changed = False
        for name, value in tag.attrs:
            new: str | None = value
            if value is not None:
                new = self.value(name, value)
                if new is None:
                    changed = True
                    continue
            changed = changed or new != value
            attrs.append((name, new))
        return attrs if changed else None

    def source_of(self, tag: Tag, one: LinkAttr) -> str | None:
        """The tag with its one link attribute ``one`` rewritten in place, every other byte
        as written (None if nothing changes)."""
        new = self.value(one.name, one.value)
        if new == one.value:
            return None
        source = tag.source
        if new is None:
            return source[: one.at] + source[one.end :]
        return source[: one.value_start] + _attr_value(new) + source[one.value_end :]


def rewrite_links(page: ExportPage, maps: dict[str, dict[str, str]]) -> str:
    """``page``'s HTML with ids prefixed where they clash and links between pages as
    in-file fragments (``_Links``), through the rewriter ``sections`` uses."""
    return _Rewriter(page.url, {}, _Links(page, maps), None).rewrite(page.html)


def script_text(text: str, where: str) -> str:
    if re.search(r"</script|<!--", text, re.I):
        raise PluginError(f"export: {where} contains '</script' or '<!--': cannot be inlined")
    return text


def callout_icons(styles: list[str]) -> dict[str, str]:
    """gl-callout--KIND -> the theme's SVG its heading shows (from the inlined CSS)."""
    css = "\n".join(styles)
    svgs = dict(_SVG_VAR.findall(css))
    return {kind: svgs[var] for kind, var in _CALLOUT_ICON.findall(css) if var in svgs}


def inline_callout_icons(html: str, icons: dict[str, str], page_url: str) -> str:
    """Each callout's icon as an inline ``<svg>`` at the start of its heading (the h2/h3
    that is the callout's first child)."""
    return _Rewriter(page_url, icons, None, None).rewrite(html)


class _Rewriter:
    """One pass over a page's start tags doing every rewrite the file needs: links and ids
    (``maps``), local resources inlined (``site_dir``), callout icons, focusable code
    blocks."""

    def __init__(
        self, page_url: str, icons: dict[str, str], links: _Links | None, site_dir: Path | None
    ) -> None:
        self.page_url = page_url
        self.icons = icons
        self.links = links
        self.site_dir = site_dir

    def local(self, ref: str) -> Path:
        path = None if self.site_dir is None else site_path(self.site_dir, self.page_url, ref)
        if path is None:
            raise PluginError(f"export: page {self.page_url} refers to {ref!r}, not in the site")
        return path

    def resource(self, tag: Tag, attrs: list[tuple[str, str | None]]) -> str | None:
        """A local script, stylesheet or image, inlined (no file:// request)."""
        values = dict(attrs)
        src = values.get("src")
        if tag.name == "script" and src:
            return f"<script>{script_text(self.local(src).read_text(encoding='utf-8'), src)}"
        href = values.get("href")
        if tag.name == "link" and values.get("rel") == "stylesheet" and href:
            return f"<style>{self.local(href).read_text(encoding='utf-8')}</style>"
        if tag.name == "img" and src and not src.startswith("data:"):
            path = self.local(src)
            kind = IMAGE_TYPES.get(path.suffix.lower(), "application/octet-stream")
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            uri = f"data:{kind};base64,{data}"
            return start_tag("img", [(k, uri if k == "src" else v) for k, v in attrs])
        return None

    def rewrite(self, html: str, tags: list[Tag] | None = None) -> str:
        """``html`` rewritten (``tags``: its start tags, when known)."""
        callout: str | None = None  # the kind of the callout whose first child is next
        pre_end = -1  # the end of the last <pre> start tag whose <code> is not yet seen

        def on_start(tag: Tag) -> str | None:
            nonlocal callout, pre_end
            kind, callout = callout, None
            name = tag.name
            links = self.links
            linkish = links is not None and tag.first_link() is not None
            code = False
            if name == "pre":
                pre_end = tag.end
            elif name == "code" and pre_end >= 0:
                code = html.find("</pre", pre_end, tag.start) < 0
                pre_end = -1
            elif name == "div" and CALLOUT_CLASS in tag.source:
                prefix = CALLOUT_CLASS + "--"
                classes = (tag.attr("class") or "").split()
                if CALLOUT_CLASS in classes:
                    kinds = [c[len(prefix) :] for c in classes if c.startswith(prefix)]
                    callout = kinds[-1] if kinds else None
            icon = None
            if kind is not None and name in ("h2", "h3"):
                icon = self.icons.get(kind)
                if icon is None:
                    raise PluginError(
                        f"export: page {self.page_url}: no icon for gl-callout--{kind}"
                    )
            resource = self.site_dir is not None and name in _RESOURCES
            if not (linkish or code or icon or resource):
                return None
            if linkish and links is not None and not (code or icon or resource):
                one = tag.link_attr()  # most tags: one id or href, read alone
                if one is not None:
                    return links.source_of(tag, one)
            attrs = tag.attrs
            new_attrs = links.attrs_of(tag) if links is not None and linkish else None
            if resource:
                inlined = self.resource(tag, attrs if new_attrs is None else new_attrs)
                if inlined is not None:
                    return inlined
            if code and not any(k == "tabindex" for k, _ in attrs):
                new_attrs = [*(attrs if new_attrs is None else new_attrs), ("tabindex", "0")]
            if new_attrs is None and icon is None:
                return None
            written = tag.source if new_attrs is None else start_tag(name, new_attrs)
            if icon is not None:
                svg = icon.replace("<svg ", '<svg class="gl-callout__icon" aria-hidden="true" ', 1)
                written += svg
            return written

        return rewrite(html, on_start, tags)


def head_assets(page: ExportPage, site_dir: Path) -> tuple[list[str], list[str]]:
    """The first page's local stylesheets and synchronous head scripts, as text."""
    styles: list[str] = []
    scripts: list[str] = []
    for tag in start_tags(page.head):
        href = tag.attr("href")
        src = tag.attr("src")
        if tag.name == "link" and tag.attr("rel") == "stylesheet" and href:
            path = site_path(site_dir, page.url, href)
            if path is not None:
                text = path.read_text(encoding="utf-8")
                if re.search(r"url\((?!['\"]?data:)", text):
                    log.debug("export: %s refers to other files; they are not inlined", href)
                styles.append(text)
        elif tag.name == "script" and src:
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
    #: the nav's sections that hold the page (titles, outermost first)
    path: tuple[str, ...] = ()
    #: its headings, with their ids as in the file (after prefixing)
    toc: tuple[TocEntry, ...] = ()
    #: its table of contents as HTML (templates/export/toc.html), written before ``html``
    toc_html: str = ""


#: Tags a rewrite looks at whatever their attributes (code blocks, resources).
_LOOKED_AT = frozenset({"pre", "code", *_RESOURCES})


def _worth_a_look(tags: Iterable[Tag]) -> list[Tag]:
    """The tags a rewrite (``_Rewriter``) may change, in order: those with a link
    attribute, code blocks, resources, callouts' divs and the tag right after each (about
    half of an article's tags)."""
    out: list[Tag] = []
    after_callout = False
    for tag in tags:
        callout = tag.name == "div" and CALLOUT_CLASS in tag.source
        if callout or after_callout or tag.name in _LOOKED_AT or tag.first_link() is not None:
            out.append(tag)
        after_callout = callout
    return out


def sections(pages: list[ExportPage], site_dir: Path, styles: list[str]) -> list[Section]:
    """Each page as a section of the file: id, title, its rewritten article."""
    tags = {page.url: _worth_a_look(start_tags(page.html)) for page in pages}
    ids = {page.url: page_ids(page, tags[page.url]) for page in pages}
    maps = id_maps(pages, ids)
    icons = callout_icons(styles)
    out: list[Section] = []
    for number, page in enumerate(pages):
        rewriter = _Rewriter(page.url, icons, _Links(page, maps), site_dir)
        html = rewriter.rewrite(page.html, tags.pop(page.url))
        mapping = maps[page.url]
        out.append(
            Section(
                id=section_id(page.url),
                title=page.title,
                html=html,
                eager=number == 0 or bool(csp.inline_script_hashes(html)),
                ids=tuple(mapping.get(i, i) for i in ids[page.url]),
                path=page.path,
                toc=_mapped_toc(page.toc, mapping),
            )
        )
    return out


def _mapped_toc(entries: tuple[TocEntry, ...], mapping: dict[str, str]) -> tuple[TocEntry, ...]:
    return tuple(
        TocEntry(
            id=mapping.get(e.id, e.id), title=e.title, children=_mapped_toc(e.children, mapping)
        )
        for e in entries
    )


@dataclass(kw_only=True, slots=True)
class NavNode:
    """An entry of the file's navigation: a page (``id``, its section's id) or a section of
    the nav (``id`` None) with the entries under it; ``open`` when it holds the first page."""

    title: str
    id: str | None = None
    children: list[NavNode] = field(default_factory=list)
    open: bool = False


def nav_tree(sections: list[Section]) -> list[NavNode]:
    """The pages in the nav's sections, in the file's order (the nav's): consecutive pages
    under the same section titles share the section's entry; the first page's sections are
    open (the page shown without a fragment, and without JavaScript)."""
    top: list[NavNode] = []
    #: the open section entries along the previous page's path: (title, node)
    trail: list[tuple[str, NavNode]] = []
    for number, section in enumerate(sections):
        shared = 0
        while (
            shared < min(len(trail), len(section.path)) and trail[shared][0] == section.path[shared]
        ):
            shared += 1
        del trail[shared:]
        for title in section.path[shared:]:
            node = NavNode(title=title)
            (trail[-1][1].children if trail else top).append(node)
            trail.append((title, node))
        if number == 0:
            for _, node in trail:
                node.open = True
        (trail[-1][1].children if trail else top).append(
            NavNode(title=section.title, id=section.id)
        )
    return top


#: What a reader does not see: comments, the content of scripts, styles, the calculator's
#: templates and drawings, then any other tag (its quoted attribute values may hold a ">").
_UNREAD = re.compile(
    r"""<!--.*?-->|<(script|style|template|svg)\b.*?</\1\s*>"""
    r"""|</?[a-zA-Z](?:"[^"]*"|'[^']*'|[^'">])*>""",
    re.S | re.I,
)


def page_text(html: str) -> str:
    """What a reader sees of ``html``, in lower case and on one line: the search index."""
    return " ".join(html_mod.unescape(_UNREAD.sub(" ", html)).lower().split())


def _toc_ids(entries: tuple[TocEntry, ...]) -> Iterator[str]:
    for e in entries:
        yield e.id
        yield from _toc_ids(e.children)


def search_entry(section: Section) -> list[object]:
    """The search index's entry of a page: its id, title and text (``page_text``), and where
    in that text each heading of its contents begins: ``[[heading id, offset], ...]`` in
    order, so that a result can open the page at the heading before the word it found."""
    html = section.html
    starts: list[tuple[int, str]] = []
    for ident in _toc_ids(section.toc):
        at = html.find(f' id="{ident}"')
        tag = html.rfind("<", 0, at) if at >= 0 else -1
        if tag >= 0:
            starts.append((tag, ident))
    starts.sort()
    texts: list[str] = []
    heads: list[list[object]] = []
    length = 0
    for (begin, ident), end in zip(
        [(0, ""), *starts], [s for s, _ in starts] + [len(html)], strict=True
    ):
        part = page_text(html[begin:end])
        if ident:
            heads.append([ident, length + (1 if texts else 0)])
        if part:
            length += len(part) + (1 if texts else 0)
            texts.append(part)
    return [section.id, section.title, " ".join(texts), heads]


def content(sections: list[Section]) -> bytes:
    """The content block's JSON: the HTML of every lazy page (its contents, then its
    article), which page holds each id of theirs, and the search index (``search_entry``)."""
    lazy = [s for s in sections if not s.eager]
    data = {
        "pages": {s.id: s.toc_html + s.html for s in lazy},
        "ids": {i: s.id for s in lazy for i in s.ids},
        "search": [search_entry(s) for s in sections],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
