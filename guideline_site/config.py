"""Configuration of the ``guideline`` MkDocs plugin."""

from __future__ import annotations

import os
import re

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

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
    # The offline export (guideline_site/export/): one self-contained HTML file.
    offline_export = c.Type(bool, default=True)  # needs the calculator
    # The file's two budgets (README, "Offline export"). The runtime part (data blocks of
    # wasm, stdlib, snapshot, Pyodide's scripts and the cores' wheels, and the worker's
    # source) at most this times the raw runtime files it replaces (wasm + full stdlib zip
    # + asm module): carrying anything twice fails the build.
    export_runtime_budget = c.Type((int, float), default=1.0)
    # The content part (everything else: styles, header, pages, search index), compressed
    # in the file but for the first page: a fixed part plus so much per page.
    export_content_budget_bytes = c.Type(int, default=600_000)
    export_page_budget_bytes = c.Type(int, default=12_000)
    # The site's version, as published under /VERSION/ (README, "Versions"): it names the
    # offline file (NAME-offline-VERSION.html) and the results' permanent links. Empty: the
    # version `mike deploy VERSION` is building ($MIKE_DOCS_VERSION), else none.
    version = c.Type(str, default="")


#: mike's variable for the version it is building (mike/mkdocs_utils.py: docs_version_var).
MIKE_VERSION_VAR = "MIKE_DOCS_VERSION"
#: A version is one path segment of a URL and a file name: no slash, no space, no "..".
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*")


#: Numeric options and their smallest allowed value (each: a number, never a boolean).
MINIMUMS = {
    "reference_age_years": 0,
    "export_runtime_budget": 0.01,
    "export_content_budget_bytes": 1,
    "export_page_budget_bytes": 0,
}


def check_options(config: GuidelineConfig) -> None:
    """The numeric options' ranges (MkDocs checks their types): one line naming the option."""
    for option, minimum in MINIMUMS.items():
        value = config[option]
        if isinstance(value, bool) or value < minimum:
            raise PluginError(
                f"plugins.guideline.{option}: expected a number of at least {minimum} "
                f"(got {value!r})"
            )


def site_version(config: GuidelineConfig) -> str:
    """The site's version: the ``version`` option, else ``$MIKE_DOCS_VERSION``, else ""; one
    line naming where a bad one came from."""
    value, where = config.version, "plugins.guideline.version"
    if not value:
        value, where = os.environ.get(MIKE_VERSION_VAR, ""), f"${MIKE_VERSION_VAR}"
    if value and not _VERSION.fullmatch(value):
        raise PluginError(
            f"{where}: expected a version made of letters, digits, '.', '_', '+' and '-' "
            f"(a URL segment and part of a file name), got {value!r}"
        )
    return value
