"""The guideline's page features as a Python-Markdown extension, run by any generator that
runs Python-Markdown (MkDocs through the ``guideline`` plugin, Zensical by itself):

    markdown_extensions:
      - pymdownx.superfences
      - guideline_site.extension      # after superfences: it adds the calculator fence

Before Markdown (a preprocessor): the page's front matter checked (its editorial status),
audience blocks, citations and the reference list, the generated tables; after Markdown (a
postprocessor): that HTML put in its place, each ``calculator`` fence's form, the
calculators' headings in the table of contents, the editorial status at the top and the
offline file's link at the bottom. A problem stops the build with one line naming the page.

The page comes from the generator: the ``guideline`` plugin sets it (``PageInfo``) before
each page; under Zensical it is Zensical's rendering context. The site (references, cores,
options) is the plugin's under MkDocs; elsewhere the extension reads the ``guideline`` plugin
block of ``config_file`` (option; default ``mkdocs.yml`` in the working folder) itself, once
per process (``site.load``). Every page it renders carries ``MARK``: ``assemble`` refuses a
built page without it (a page built without the extension), and the theme says so.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from markdown import Extension, Markdown  # type: ignore[import-untyped]
from markdown.postprocessors import Postprocessor  # type: ignore[import-untyped]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from guideline_site import (
    code_blocks,
    core_checks,
    cores,
    decision_table,
    editorial,
    export,
    placeholders,
    placement,
    runtime,
)
from guideline_site import site as site_mod

#: What every page rendered by the extension carries (an attribute of its first element).
MARK = "data-guideline-page"
#: Where the editorial status and the offline link go (each rendered once per page).
EDITORIAL_TEMPLATE = "partials/guideline/editorial.html"
DOWNLOAD_TEMPLATE = "export/download-link.html"


@dataclass(kw_only=True)
class PageInfo:
    """The page being rendered: its source path (in docs/), its site URL and its front
    matter (the extension adds ``editorial`` and ``cited_references`` to it)."""

    src_uri: str
    url: str
    meta: MutableMapping[str, Any]

    @property
    def name(self) -> str:
        return f"page {self.src_uri}"


@dataclass(kw_only=True)
class Rendered:
    """What the extension left for the plugin of one page: the stash (search views), the
    ids it added."""

    stash: placeholders.Stash = field(default_factory=placeholders.Stash)
    anchor_ids: set[str] = field(default_factory=set)


class GuidelineExtension(Extension):  # type: ignore[misc]
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "config_file": ["mkdocs.yml", "The site's mkdocs.yml (its guideline plugin block)"],
        }
        super().__init__(**kwargs)
        #: set by the plugin: its site, the page before each conversion, search views on
        self.site: site_mod.Site | None = None
        self.page: PageInfo | None = None
        self.search_views = False
        self.placements = placement.Placements()
        #: the last page rendered, for the plugin
        self.rendered = Rendered()

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        fences = md.registeredExtensions
        superfences = next((e for e in fences if type(e).__module__ == placement.SUPERFENCES), None)
        if superfences is None:
            raise PluginError(
                f"markdown_extensions: list {placement.SUPERFENCES} before "
                "guideline_site.extension (it adds the calculator fence to it)"
            )
        placement.extend_superfences(superfences, self.placements)
        md.preprocessors.register(_Before(md, self), "guideline", 35)
        # after raw HTML is put back (30) and the unescaping (10): the page's final HTML
        md.postprocessors.register(_After(md, self), "guideline", 5)

    def current(self, md: Markdown) -> tuple[site_mod.Site, PageInfo]:
        site = self.site or site_mod.load(self.getConfig("config_file"))
        page = self.page or _zensical_page(md)
        if page is None:
            raise PluginError(
                "guideline_site.extension: no page to render (run it from MkDocs with the "
                "guideline plugin, or from Zensical)"
            )
        return site, page


def _zensical_page(md: Markdown) -> PageInfo | None:
    try:
        from zensical.extensions.context import ContextPreprocessor
    except ImportError:
        return None
    context = ContextPreprocessor.from_markdown(md)
    if context is None:
        return None
    url = str(context.page.url).lstrip("/")
    return PageInfo(src_uri=str(context.page.path), url=url, meta=context.page.meta)


class _Before(Preprocessor):  # type: ignore[misc]
    def __init__(self, md: Markdown, ext: GuidelineExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        site, page = self.ext.current(self.md)
        rendered = self.ext.rendered = Rendered()
        return before_markdown(site, page, "\n".join(lines), rendered.stash).split("\n")


class _After(Postprocessor):  # type: ignore[misc]
    def __init__(self, md: Markdown, ext: GuidelineExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        site, page = self.ext.current(self.md)
        return after_markdown(
            site, page, text, self.ext.rendered, self.ext.placements, self.md, self.ext
        )


def before_markdown(
    site: site_mod.Site, page: PageInfo, markdown: str, stash: placeholders.Stash
) -> str:
    """The page's Markdown with the guideline's markers replaced (their HTML stashed)."""
    name = page.name
    page.meta["editorial"] = editorial.page_editorial(page.meta, name, markdown)
    masked = code_blocks.mask(markdown)  # no marker fires inside code
    markdown = site.audience_blocks.render(masked.text, name, stash)
    markdown = site.citations.process(markdown, name, page.meta, stash)
    target = site.options.references_page_url
    references_url = "" if page.url == target else get_relative_url(target, page.url)
    last_updated = (page.meta["editorial"] or {}).get("last_updated")
    markdown = decision_table.render(
        markdown,
        name,
        site.env,
        lambda numbers, prefix: site.citations.render_numbers(numbers, prefix, last_updated),
        references_url,
        site.rules,
        site.declared_outputs,
        site.changes,
        lambda calculator: site.fhir_links(calculator, page.url),
    )
    # the status at the top, the offline link at the bottom (neither indexed by search)
    top = stash.block(_editorial(site, page))
    bottom = stash.block(_download_link(site, page)) if site.exports else ""
    return f"{top}{masked.restore(markdown)}{bottom}"


def _editorial(site: site_mod.Site, page: PageInfo) -> str:
    ed = page.meta.get("editorial")
    policy = site.options.editorial_policy.split("#", 1)
    href = ""
    if ed and policy[0]:
        href = get_relative_url(policy[0], page.url) + (f"#{policy[1]}" if len(policy) > 1 else "")
    body = site.env.get_template(EDITORIAL_TEMPLATE).render(ed=ed, policy_href=href) if ed else ""
    return f"<div {MARK} data-search-exclude>{body}</div>"


def _download_link(site: site_mod.Site, page: PageInfo) -> str:
    href = get_relative_url(export.export_uri(next(iter(site.cores))), page.url)
    return site.env.get_template(DOWNLOAD_TEMPLATE).render(href=href).strip()


def after_markdown(
    site: site_mod.Site,
    page: PageInfo,
    text: str,
    rendered: Rendered,
    placements: placement.Placements,
    md: Markdown,
    ext: GuidelineExtension,
) -> str:
    """The page's HTML with the stashed HTML and the calculators' forms in place."""
    stash = rendered.stash
    # with search views, the plugin puts the HTML itself in after the search plugin
    text = stash.restore(text, views=ext.search_views)
    rendered.anchor_ids |= stash.anchor_ids()
    placed = placements.names(text)
    if not placed:
        return text
    where = page.name
    for name in placed:
        if name not in site.cores:
            known = ", ".join(site.cores) or "none"
            raise PluginError(
                f"{where}: calculator {name!r} is placed but not configured in "
                f"{cores.WHERE} (configured: {known})"
            )
    if len(placed) != len(set(placed)):
        raise PluginError(f"{where}: a calculator is placed more than once")
    editorial_meta = page.meta.get("editorial")
    if editorial_meta is not None:  # its results stamp this page's status and date
        for name in placed:
            core_checks.check_guideline(
                name, site.cores[name].rules_as_data(), editorial_meta, where
            )
    started = site.prepare_runtime()
    if started is None:
        raise PluginError(
            f"{where}: a calculator is placed, but the calculator runtime is off "
            "(calculator: false in mkdocs.yml)"
        )
    changelog = site.options.changelog_page_url
    headings = placement.headings(text, placements)  # each one's, in the outline
    text = placements.replace(  # the page script once, after the last calculator
        text,
        lambda name: runtime.render_form(
            page,
            site.env,
            started,
            name,
            changelog,
            script=name == placed[-1],
            heading_level=headings[name].level,
        ),
    )
    targets = [(runtime.title(started, name), placement.heading_id(name)) for name in placed]
    tokens = getattr(md, "toc_tokens", None)
    for (title, ident), name in zip(targets, placed, strict=True):
        if tokens is not None:
            placement.add_to_toc_tokens(tokens, title, ident, headings[name])
    rendered.anchor_ids |= {ident for _, ident in targets}
    return placement.jump_links(text, targets)


NAME = "guideline_site.extension"


def bind(config: Any, site: site_mod.Site) -> GuidelineExtension:
    """The extension for MkDocs' ``config`` (its ``markdown_extensions``), bound to the
    plugin's ``site``: in place of the listed one (with its options), else added after
    superfences (which is added when missing)."""
    extensions: list[Any] = config.markdown_extensions
    bound = GuidelineExtension(**config.mdx_configs.pop(NAME, None) or {})
    bound.site = site
    if placement.SUPERFENCES not in extensions:
        extensions.append(placement.SUPERFENCES)
    at = next(
        (i for i, e in enumerate(extensions) if e == NAME or isinstance(e, GuidelineExtension)),
        None,
    )
    if at is None:
        extensions.append(bound)
    else:
        extensions[at] = bound
    return bound


def makeExtension(**kwargs: Any) -> GuidelineExtension:
    return GuidelineExtension(**kwargs)
