"""Where the package's own files are, found from the package itself (never from the project
being built, which may be any folder with a mkdocs.yml):

- ``TEMPLATES_DIR``: the Jinja templates, a theme layer that the plugin puts between the
  site's ``custom_dir`` and the theme (mkdocs-material): a site's own overrides still win, and
  a site without any still renders.
- ``ASSETS_DIR``: page scripts, the worker and styles, added to the site at ``assets/...``
  unless the site has a file of that path itself (its docs or its ``custom_dir``); but
  ``OFFLINE_SCRIPT``, the offline file's own script, which the export inlines (it is no
  file of the site).
- ``NODE_DIR``: the Node scripts the build runs (snapshot, stdlib module list).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.structure.files import File

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
ASSETS_DIR = PACKAGE_DIR / "assets"
NODE_DIR = PACKAGE_DIR / "node"
#: The offline file's own script (bundled from web/offline/ by scripts/build-js), read by
#: guideline_site/export/ and inlined into that file; not copied into the site.
OFFLINE_SCRIPT = ASSETS_DIR / "offline" / "offline.js"


def add_theme_layer(theme_dirs: list[str], custom_dir: str | None) -> None:
    """Insert ``TEMPLATES_DIR`` into a theme's search path, right after ``custom_dir`` (in
    place; a second call changes nothing)."""
    layer = str(TEMPLATES_DIR)
    if layer in theme_dirs:
        return
    theme_dirs.insert(1 if custom_dir else 0, layer)


def asset_paths() -> list[str]:
    """Site paths (``assets/...``) of the package's static files, sorted (all but
    ``OFFLINE_SCRIPT``)."""
    return sorted(
        path.relative_to(PACKAGE_DIR).as_posix()
        for path in ASSETS_DIR.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path != OFFLINE_SCRIPT
    )


def add_assets(files: Files, config: MkDocsConfig) -> None:
    """Add the package's static files that the site does not provide itself."""
    for uri in asset_paths():
        if files.get_file_from_path(uri) is None:
            files.append(File(uri, str(PACKAGE_DIR), config.site_dir, config.use_directory_urls))
