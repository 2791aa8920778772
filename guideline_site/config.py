"""Configuration of the ``guideline`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from guideline_site import pyodide_dist


class GuidelineConfig(base.Config):
    """Options under ``plugins: - guideline:`` in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    # The one references file (YAML), relative to mkdocs.yml.
    references = c.Type(str, default="docs/references.yml")
    # URL of the page that holds the reference list (generated tables link their citations).
    references_page_url = c.Type(str, default="index.html")
    # Where the status line's "Editorial policy" links to (a page of the site, with an
    # optional #fragment); empty: no link.
    editorial_policy = c.Type(str, default="")
    # A source older than this many years at the citing page's last_updated is flagged (the
    # reference list, citation tooltips, the calculator's result and the offline file).
    reference_age_years = c.Type(int, default=10)
    # URL of the algorithm changelog page (the result's version stamp links to it).
    changelog_page_url = c.Type(str, default="changelog.html")
    # The site's calculators: {NAME: {package: IMPORT_NAME}}, each a pure-Python core found
    # through importlib (installed, or in mkdocs.yml's folder). Validated by cores.py, which
    # names the bad option in one PluginError line (so any value is accepted here).
    calculators = c.Type(object, default={})
    # The calculators' browser runtime: self-hosted Pyodide (from npm), the core's wheel, a
    # memory snapshot. False: no runtime (the generated tables still come from the cores).
    calculator = c.Type(bool, default=True)
    # The pinned Pyodide runtime (guideline_site/pyodide_dist.py): taken from pyodide_dir
    # (relative to mkdocs.yml) when that holds the pinned version, else downloaded once from
    # the npm registry (checked against the pinned sha512) into runtime_cache_dir (empty:
    # $GUIDELINE_SITE_CACHE, else the user cache dir ~/.cache/guideline-site).
    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    pyodide_registry = c.Type(str, default=pyodide_dist.DEFAULT_REGISTRY)
    runtime_cache_dir = c.Type(str, default="")
    snapshot = c.Type(bool, default=True)  # made at build time with Node; else a cold start
    cache_dir = c.Type(str, default=".cache")  # wheel and snapshot cache, relative to mkdocs.yml
    # A Content-Security-Policy meta tag in every page (guideline_site/csp.py).
    csp = c.Type(bool, default=True)
    # The offline export (guideline_site/export.py): one self-contained HTML file.
    offline_export = c.Type(bool, default=True)  # needs the calculator
    # The build fails above this size: 13.4 MB = 1.0x the raw runtime files the export
    # replaces (wasm 9.60 + stdlib zip 2.55 + asm module 1.25 MB). The file is 12.6 MB (gzip,
    # 7 bits per character, trimmed stdlib, snapshot): ~0.8 MB for content to grow; carrying
    # anything twice, or base64 instead of encode7 (+1.6 MB), fails the build.
    export_budget_bytes = c.Type(int, default=13_400_000)
