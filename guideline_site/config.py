"""Configuration of the ``guideline`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class GuidelineConfig(base.Config):
    """Options under ``plugins: - guideline:`` in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    # The one references file (YAML), relative to mkdocs.yml.
    references = c.Type(str, default="docs/references.yml")
    # URL of the page that holds the reference list (generated tables link their citations).
    references_page_url = c.Type(str, default="index.html")
