"""The ``guideline`` MkDocs plugin: thin event hooks that delegate to one module per concern.

Keep each hook a few lines: the work lives in ``citations.py``, ``editorial.py``,
``decision_table.py`` (site), ``runtime.py`` (calculator) and ``export.py`` (offline export).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import BasePlugin

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
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return html
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
