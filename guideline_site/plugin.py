"""The ``guideline`` MkDocs plugin: what needs a plugin, in thin event hooks.

The page features are the Markdown extension's (``extension.py``), which Zensical runs too:
the plugin binds it to its ``site.Site`` and tells it each page. What stays here: the
package's theme layer and files, the runtime's files in the build, the search plugin's view
of citations (``placeholders.py``), MkDocs' anchor check, and the same per-page and
after-build steps as ``python -m guideline_site assemble`` (``assemble.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import BasePlugin

from guideline_site import assemble, csp, export, extension, resources, runtime
from guideline_site import site as site_mod
from guideline_site.config import GuidelineConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext


class GuidelinePlugin(BasePlugin[GuidelineConfig]):
    """Citations, editorial status, generated tables, calculator and export glue."""

    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # (Its presence also keeps this object across the rebuilds of `mkdocs serve`.)
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.site = site_mod.Site.from_mkdocs(config, self.config, fresh=self.serving)
        self.cores = self.site.cores
        #: the page features, as the Markdown extension any generator runs (extension.py)
        self.extension = extension.bind(config, self.site)
        self.extension.search_views = True  # put back in on_page_context, after search
        self.rendered: dict[str, extension.Rendered] = {}
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        if self.config.enabled:
            for path in self.watch_paths():
                server.watch(str(path))
        return server

    def watch_paths(self) -> list[Path]:
        """What `mkdocs serve` rebuilds on besides docs/ and mkdocs.yml: the package's
        templates, page scripts and Node scripts, and each configured core's folder."""
        folders = [resources.TEMPLATES_DIR, resources.ASSETS_DIR, resources.NODE_DIR]
        return [*folders, *(core.package_dir for core in self.cores.values())]

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        for file in list(files):  # the references file is build input, not site content
            if Path(file.abs_src_path or "").resolve() == self.site.references_path:
                files.remove(file)
        resources.add_assets(files, config)  # page scripts, worker, styles
        self.site.runtime = None
        self.runtime = self.site.prepare_runtime()  # the runtime, the wheels and snapshot
        if self.runtime:
            for file in runtime.generated_files(self.runtime, config):
                files.append(file)
        #: each written page's inline-script hashes, by site path (csp.header_value)
        self.script_hashes: dict[str, list[str]] = {}
        self.exporter = None
        if self.runtime and self.config.offline_export:  # filled in on_post_build
            root = Path(config.config_file_path).parent
            self.exporter = export.Exporter(
                self.runtime, root / self.config.cache_dir, version=self.site.version
            )
            files.append(self.exporter.generated_file(config))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.config.enabled:  # the page the extension renders next
            self.extension.page = extension.PageInfo(
                src_uri=page.file.src_uri, url=page.url, meta=page.meta
            )
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return html
        rendered = self.rendered[page.file.src_uri] = self.extension.rendered
        self.extension.page = None
        if page.present_anchor_ids is not None:  # MkDocs' anchor check
            page.present_anchor_ids |= rendered.anchor_ids
        return html

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        rendered = self.rendered.pop(page.file.src_uri, None) if self.config.enabled else None
        stash = rendered.stash if rendered else None
        if stash is not None and page.content is not None:
            # indexed by the search plugin (listed first): now the citations' own HTML
            page.content = stash.restore_searched(page.content, f"page {page.file.src_uri}")
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output
        where = extension.PageInfo(src_uri=page.file.src_uri, url=page.url, meta=page.meta)
        finished = assemble.finish_page(self.site, where, output)
        self.script_hashes[page.file.dest_uri] = finished.hashes
        if self.exporter:
            self.exporter.add_page(page, finished.exported)
        return finished.output

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        if not self.config.enabled or not self.config.csp or not template_name.endswith(".html"):
            return output_content
        return csp.apply(output_content)  # 404.html and other static theme pages

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            assemble.finish_site(self.site, self.exporter, self.script_hashes)
