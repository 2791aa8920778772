"""The ``guideline`` MkDocs plugin: thin event hooks that delegate to one module per concern.

Keep each hook a few lines: the work lives in ``citations.py``, ``editorial.py``,
``decision_table.py`` (site), ``runtime.py`` (calculator) and ``export.py`` (offline export).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin
from mkdocs.utils import get_relative_url

from guideline_site import csp, decision_table, editorial, export, runtime
from guideline_site.citations import Citations, load_references
from guideline_site.config import GuidelineConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


class GuidelinePlugin(BasePlugin[GuidelineConfig]):
    """Citations, editorial status, generated tables, calculator and export glue."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.env = config.theme.get_env()
        root = Path(config.config_file_path).parent
        self.references_path = (root / self.config.references).resolve()
        self.citations = Citations(
            load_references(self.references_path), self.env, self.config.reference_age_years
        )
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        for file in list(files):  # the references file is build input, not site content
            if Path(file.abs_src_path or "").resolve() == self.references_path:
                files.remove(file)
        if self.config.calculator:  # the calculator's runtime, wheel and snapshot
            self.runtime = runtime.prepare(
                root=Path(config.config_file_path).parent,
                pyodide_dir=self.config.pyodide_dir,
                cache_dir=self.config.cache_dir,
                snapshot=self.config.snapshot,
            )
            for file in runtime.generated_files(self.runtime, config):
                files.append(file)
        self.exporter = None
        if self.config.calculator and self.config.offline_export:  # filled in on_post_build
            root = Path(config.config_file_path).parent
            self.exporter = export.Exporter(self.runtime, root / self.config.cache_dir, root)
            files.append(self.exporter.generated_file(config))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        name = f"page {page.file.src_uri}"
        page.meta["editorial"] = editorial.page_editorial(page.meta, name)
        markdown = editorial.render_audience_blocks(markdown, name, self.env)
        markdown = self.citations.process(markdown, name, page.meta)
        target = self.config.references_page_url
        references_url = "" if page.url == target else get_relative_url(target, page.url)
        last_updated = (page.meta["editorial"] or {}).get("last_updated")
        return decision_table.render(
            markdown,
            name,
            self.env,
            lambda numbers, prefix: self.citations.render_numbers(numbers, prefix, last_updated),
            references_url,
        )

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return html
        if self.config.calculator:
            html = runtime.render_calculator(
                html, page, config, self.runtime, self.config.changelog_page_url
            )
        return html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output
        if self.config.calculator:
            output = runtime.add_head(output, page, config, self.runtime)
        if self.exporter:
            self.exporter.add_page(page, output)
        if not self.config.csp:
            return output
        return csp.apply(output)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        if not self.config.enabled or not self.config.csp or not template_name.endswith(".html"):
            return output_content
        return csp.apply(output_content)  # 404.html and other static theme pages

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if self.exporter:  # after every page: the export is made of the rendered pages
            self.exporter.write(config, self.config.export_budget_bytes)
