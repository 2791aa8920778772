"""The offline export: every page, the references and the calculator in ONE HTML file.

A clinic opens the file from a USB stick (``file://``, no network). Chromium refuses
``fetch``, module ``import()`` and ``new Worker(url)`` for file:// URLs, so the file carries
everything inline and needs none of them. The work is split by job:

- ``payload``: what goes in besides the pages (the runtime, a trimmed stdlib, a memory
  snapshot, the site's cores' wheels);
- ``codec``: how bytes go in (inert ``<script type="application/octet-stream">`` data
  blocks, gzipped where it pays, 7 bits per character, in parts; the file's script hands
  each part to a decoder Worker as soon as the parser has read it);
- ``pages``: the HTML of each page, rewritten where it must be (in-file links, clashing ids
  prefixed, local resources and the callouts' icons inlined): the article is cut out with
  ``str.find`` and only its start tags are read, with ``html.parser``'s own pattern.

CSS alone (``:target`` / ``:has``) shows one page at a time. The calculator's own
``calculator.js``, ``worker.js`` and form are reused unchanged through their injection
points (``window.guidelineCalculatorConfig``): the worker is a classic blob Worker made from
the inlined ``worker.js`` text, and the runtime's requests are answered from the decoded
blocks. The file's own script (that start-up, the compressed pages, links into them and
the search) is ``assets/offline/offline.js`` (``resources.OFFLINE_SCRIPT``), bundled from
``web/offline/`` (ES modules) by ``scripts/build-js`` and inlined; what it needs of the
build (the runtime's names) is a JSON block it reads. The policy of the file comes from
``csp.py`` (``csp.OFFLINE``): the hashes of its inline scripts are those of the rendered
file's.

The file is rendered from ``templates/export/offline.html`` once every page is rendered.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from guideline_site import csp, resources
from guideline_site import runtime as runtime_mod
from guideline_site.export import codec
from guideline_site.export import pages as pages_mod
from guideline_site.export import payload as payload_mod

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink

log = logging.getLogger("mkdocs.plugins.guideline.export")

TEMPLATE = "export/offline.html"
#: A page's table of contents, written at the start of its article (compressed with it)
TOC_TEMPLATE = "export/toc.html"


def export_uri(name: str, version: str = "") -> str:
    """Site path of the export of calculator ``name`` (next to index.html, so the link works
    from every host), named with the site's ``version`` when it has one."""
    return f"{name}-offline-{version}.html" if version else f"{name}-offline.html"


@dataclass
class Exporter:
    """Collects rendered pages (``on_post_page``) and writes the file (``on_post_build``)."""

    runtime: runtime_mod.Runtime
    cache_dir: Path
    #: the site's version (config.site_version), "" for none
    version: str = ""
    pages: dict[str, pages_mod.ExportPage] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    file: File | None = None
    #: the written file's inline-script hashes (csp.header_value need not read it)
    script_hashes: list[str] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return export_uri(self.runtime.core.name, self.version)

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
        path: list[str] = []
        parent = page.parent
        while parent is not None:
            path.insert(0, parent.title)
            parent = parent.parent
        self.pages[page.url] = pages_mod.page_from_output(
            page.url,
            page.title or page.url,
            page.file.src_uri,
            output,
            path=tuple(path),
            toc=contents(page.toc),
        )
        if page.previous_page is None and page.next_page is not None:
            self.order = []
            nxt: Page | None = page
            while nxt is not None:
                self.order.append(nxt.url)
                nxt = nxt.next_page

    def write(self, config: MkDocsConfig, budgets: Budgets) -> int:
        if self.file is None:
            return 0
        payload = payload_mod.build_payload(self.runtime, self.cache_dir)
        rendered = render(config, self, payload)
        runtime_part, pages = rendered.runtime_part, rendered.pages
        self.script_hashes = rendered.hashes
        data = rendered.text.encode("utf-8")
        size = len(data)
        content_part = size - runtime_part
        log.info(
            "offline export: %s is %.2f MB: runtime part %.2f MB (%.2fx the raw runtime files"
            " %.2f MB), content part %.2f MB for %d pages",
            self.uri,
            size / 1e6,
            runtime_part / 1e6,
            runtime_part / payload.raw_runtime_bytes,
            payload.raw_runtime_bytes / 1e6,
            content_part / 1e6,
            pages,
        )
        budgets.check(
            self.uri,
            runtime_part=runtime_part,
            raw_runtime=payload.raw_runtime_bytes,
            content_part=content_part,
            pages=pages,
        )
        self.file.content_bytes = data
        self.file.copy_file()
        return size


def _entries(items: Iterable[AnchorLink]) -> tuple[pages_mod.TocEntry, ...]:
    return tuple(
        pages_mod.TocEntry(id=i.id, title=i.title, children=_entries(i.children)) for i in items
    )


def contents(toc: Iterable[AnchorLink]) -> tuple[pages_mod.TocEntry, ...]:
    """A page's table of contents as the site shows it: the headings under its title (a
    page whose one top heading is its h1 lists that heading's children)."""
    items = list(toc)
    if len(items) == 1 and items[0].level == 1:
        items = list(items[0].children)
    return _entries(items)


#: The runtime part's budget grows by this much for each calculator after the first: what a
#: calculator adds there is its core's wheel alone (the kit's wheel, the calculators' script
#: and the snapshot are carried once; its page is a page of the content part). A core of a few
#: dozen lines makes a wheel of 3-4 KB; the allowance leaves room for a long rule table (the
#: first user's wheel is 19 KB, most of it the article's quotes), on top of the ratio's slack
#: (issue 23: at most 15 KB per extra calculator).
BYTES_PER_EXTRA_CALCULATOR = 15_000


@dataclass(frozen=True, kw_only=True, slots=True)
class Budgets:
    """The file's two budgets, each with its purpose: the runtime part catches something
    carried twice; the content part grows with the pages, compressed."""

    #: the runtime part at most this times the raw runtime files (export_runtime_budget)
    runtime_ratio: float
    #: the content part at most content_bytes + page_bytes per page
    content_bytes: int
    page_bytes: int
    #: the site's calculators: each after the first adds BYTES_PER_EXTRA_CALCULATOR to the
    #: runtime part's budget (its wheel; issue 23)
    calculators: int = 1

    @property
    def extra_calculator_bytes(self) -> int:
        return BYTES_PER_EXTRA_CALCULATOR * max(self.calculators - 1, 0)

    def runtime_budget(self, raw_runtime: int) -> int:
        return int(self.runtime_ratio * raw_runtime) + self.extra_calculator_bytes

    def check(
        self, uri: str, *, runtime_part: int, raw_runtime: int, content_part: int, pages: int
    ) -> None:
        runtime_budget = self.runtime_budget(raw_runtime)
        if runtime_part > runtime_budget:
            extra = self.extra_calculator_bytes
            more = (
                f" + {extra:,} bytes for {self.calculators - 1} more calculators" if extra else ""
            )
            raise PluginError(
                f"export: {uri}: the runtime part is {runtime_part:,} bytes, over its budget of"
                f" {runtime_budget:,} bytes (export_runtime_budget: {self.runtime_ratio}x the"
                f" raw runtime files, {raw_runtime:,} bytes{more}; is something carried twice?)"
            )
        content_budget = self.content_bytes + self.page_bytes * pages
        if content_part > content_budget:
            raise PluginError(
                f"export: {uri}: the content part is {content_part:,} bytes, over its budget of"
                f" {content_budget:,} bytes (export_content_budget_bytes {self.content_bytes:,}"
                f" + {pages} pages x export_page_budget_bytes {self.page_bytes:,})"
            )


CONTENT_NAME = "content.json"
#: What marks a page that holds a calculator (templates/partials/calculator.html's root).
CALCULATOR_ATTR = "data-calculator="


@dataclass(frozen=True, kw_only=True, slots=True)
class Edition:
    """What the file says of itself: the site's version ("" for none), the day it was built
    (UTC; ``$SOURCE_DATE_EPOCH`` when set) and where newer versions are (the site's root
    URL, "" when mkdocs.yml has no site_url)."""

    version: str
    built: str
    newer_url: str


def edition(config: MkDocsConfig, version: str) -> Edition:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    site_url = config.site_url or ""
    if version:  # mike's plugin joins the version to site_url: the root lists them all
        site_url = site_url.rstrip("/").removesuffix(f"/{version}")
    return Edition(
        version=version,
        built=when.date().isoformat(),
        newer_url=site_url and f"{site_url.rstrip('/')}/",
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Rendered:
    """The file's text, the size of its runtime part, its number of pages and the hashes
    of its inline scripts (its policy's, and the host's header's)."""

    text: str
    runtime_part: int
    pages: int
    hashes: list[str]


def json_block(value: object) -> str:
    """``value`` as the text of an inline ``<script type="application/json">``: every ``<``
    escaped (``\\u003c``, the same string to JSON.parse), so that no ``</script`` or ``<!--``
    in a value can end or change the block."""
    return json.dumps(value).replace("<", "\\u003c")


def render(config: MkDocsConfig, exporter: Exporter, payload: payload_mod.Payload) -> Rendered:
    """The file, rendered once with its policy's place empty, then once without the
    runtime (its size, its scripts); the policy goes in the first one's place."""
    site_dir = Path(config.site_dir)
    urls = [u for u in exporter.order if u in exporter.pages]
    urls += [u for u in exporter.pages if u not in urls]
    pages = [exporter.pages[u] for u in urls]
    if not pages:
        raise PluginError("export: no pages to export")
    styles, head_scripts = pages_mod.head_assets(pages[0], site_dir)
    # The calculators' stylesheet and page script, once for every page: a page's own
    # <script src> is left out of it (export:skip), so that a page with a calculator is
    # compressed like any other and the script is not carried once per calculator page
    # (issue 23). The script mounts the calculators of a page the file puts in place later.
    calculators = any(CALCULATOR_ATTR in page.html for page in pages)
    if calculators and CALCULATOR_ATTR not in pages[0].html:
        styles.append((site_dir / runtime_mod.STYLESHEET).read_text(encoding="utf-8"))
    calculator_script = (
        pages_mod.script_text(
            (site_dir / runtime_mod.SCRIPT).read_text(encoding="utf-8"), runtime_mod.SCRIPT
        )
        if calculators
        else ""
    )
    env = config.theme.get_env()
    toc_template = env.get_template(TOC_TEMPLATE)
    sections = [
        dataclasses.replace(s, toc_html=toc_template.render(section=s).strip()) if s.toc else s
        for s in pages_mod.sections(pages, site_dir, styles)
    ]
    content = codec.pack(CONTENT_NAME, pages_mod.content(sections), compress=True)
    worker = (site_dir / runtime_mod.WORKER).read_text(encoding="utf-8")
    script = resources.OFFLINE_SCRIPT.read_text(encoding="utf-8")
    index_url = payload_mod.INDEX_URL
    context: dict[str, object] = {
        "config": config,
        "edition": edition(config, exporter.version),
        "sections": sections,
        "nav": pages_mod.nav_tree(sections),
        # the theme's colour scheme (data-md-color-*) as on the site's pages
        "body_attrs": pages[0].body_attrs,
        "styles": styles,
        "head_scripts": head_scripts,
        "worker_source": pages_mod.script_text(worker, runtime_mod.WORKER),
        "offline_script": pages_mod.script_text(script, "assets/offline/offline.js"),
        "calculator_script": calculator_script,
        # the content first: the pages are wanted before the calculator
        "blobs": [content, *payload.blobs],
        # read by the file's script from <script type="application/json" id="offline-runtime">
        "runtime": json_block(
            {
                "indexURL": index_url,
                "wheelURL": index_url + payload.wheel_names[0],
                "snapshotURL": index_url + payload_mod.SNAPSHOT_NAME if payload.snapshot else "",
                "snapshotNote": payload.note,
                "content": CONTENT_NAME,
            }
        ),
    }
    template = env.get_template(TEMPLATE)
    draft = template.render(context)
    # the runtime part: what the file loses without the runtime's blocks and worker source
    without_runtime = template.render({**context, "blobs": [content], "worker_source": ""})
    runtime_part = len(draft.encode()) - len(without_runtime.encode())
    # the same scripts without reading the runtime's 12 MB: its blocks are inert and their
    # one-line scripts are the content block's; the worker's source is not executable
    hashes = csp.inline_script_hashes(without_runtime)
    text = csp.apply(draft, hashes, csp.OFFLINE)
    return Rendered(text=text, runtime_part=runtime_part, pages=len(sections), hashes=hashes)
