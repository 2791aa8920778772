"""The site's artifacts after its pages are built, by MkDocs or by another generator:

    python -m guideline_site assemble [--config-file mkdocs.yml]

run in the folder of ``mkdocs.yml`` after ``zensical build``, writes into its ``site_dir``
what the ``guideline`` plugin writes during and after an MkDocs build: the package's page
scripts and styles, the calculators' runtime files, wheels and snapshot, the calculator
stylesheet and guideline head in each page that lacks them, each page's CSP, the offline
file (from the built HTML pages), the computable FHIR and the host's ``_headers``. The plugin
runs the same ``finish_page`` (``on_post_page``) and ``finish_site`` (``on_post_build``).

A built page without the Markdown extension's mark (``extension.MARK``: its citations,
calculator and status were never rendered) stops it, naming the page.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from guideline_site import csp, export, fhir, headers, resources, runtime
from guideline_site import site as site_mod
from guideline_site.extension import MARK, PageInfo

if TYPE_CHECKING:
    pass

HEAD_TEMPLATE = "partials/guideline/head.html"
_HEAD_END = re.compile(r"</head\s*>", re.I)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Finished:
    """A page's final HTML, the HTML the offline file takes (without the policy meta), and
    its inline scripts' hashes (for the host's header)."""

    output: str
    exported: str
    hashes: list[str]


def finish_page(site: site_mod.Site, page: PageInfo, output: str) -> Finished:
    """A written page with the calculators' stylesheet in its head (if it holds one) and
    its Content-Security-Policy (unless ``csp: false``)."""
    if site.runtime:
        output = runtime.add_head(output, page, site.env, site.runtime)
    hashes = csp.inline_script_hashes(output)
    final = csp.apply(output, hashes) if site.options.csp else output
    return Finished(output=final, exported=output, hashes=hashes)


def finish_site(
    site: site_mod.Site, exporter: export.Exporter | None, script_hashes: dict[str, list[str]]
) -> None:
    """Once every page is written: the offline file, the FHIR files, ``_headers``."""
    options = site.options
    if exporter:  # after every page: the export is made of the rendered pages
        exporter.write(
            site.config,
            export.Budgets(
                runtime_ratio=options.export_runtime_budget,
                content_bytes=options.export_content_budget_bytes,
                page_bytes=options.export_page_budget_bytes,
                calculators=len(site.cores),
            ),
        )
        script_hashes[exporter.uri] = exporter.script_hashes
    site_dir = Path(site.config.site_dir)
    fhir.write(site_dir, site.fhir)
    # the host's headers (CSP, caching, types), once every page and file is written
    headers.write(site_dir, headers.versioned_paths(site.runtime), script_hashes)


def assemble(config_file: str | Path = "mkdocs.yml") -> list[str]:
    """Write the artifacts of the site built from ``config_file``; the site paths written."""
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    site = site_mod.load(config_file)
    config = site.config
    site_dir = Path(config.site_dir)
    if not (site_dir / "index.html").is_file():
        raise PluginError(f"assemble: {site_dir} holds no built site (no index.html)")
    copied = site_dir / site.references_path.relative_to(Path(config.docs_dir).resolve())
    copied.unlink(missing_ok=True)  # the references file is build input, not site content
    written = _copy_assets(site, site_dir)
    started = site.prepare_runtime()
    files = get_files(config)
    pages = get_navigation(files, config).pages
    exporter = None
    if started and site.exports:
        exporter = export.Exporter(
            started, site.root / site.options.cache_dir, version=site.version
        )
        # File.generated names the plugin that makes a file: outside a build, none runs
        setattr(config.plugins, "_current_plugin", site_mod.PLUGIN)  # noqa: B010
        exporter.generated_file(config)
    script_hashes: dict[str, list[str]] = {}
    head = site.env.get_template(HEAD_TEMPLATE)
    for page in pages:
        path = site_dir / page.file.dest_uri
        where = PageInfo(src_uri=page.file.src_uri, url=page.url, meta={})
        output = path.read_text(encoding="utf-8")
        if MARK not in output:
            raise PluginError(
                f"{where.name}: built without guideline_site.extension (list it under "
                "markdown_extensions in mkdocs.yml): its citations, calculator and review "
                "status are missing"
            )
        if "assets/stylesheets/guideline.css" not in output:
            output = _add_to_head(output, head.render(page=page, base_url=_base(page.url)))
        finished = finish_page(site, where, output)
        path.write_text(finished.output, encoding="utf-8")
        script_hashes[page.file.dest_uri] = finished.hashes
        if exporter:
            page.title = page.title or _h1(finished.exported) or page.url
            exporter.add_page(page, finished.exported)
    for other in site_dir.glob("*.html"):  # 404.html and other theme pages
        if other.name.endswith("-offline.html") or other.name in script_hashes:
            continue
        if site.options.csp:
            other.write_text(csp.apply(other.read_text(encoding="utf-8")), encoding="utf-8")
    finish_site(site, exporter, script_hashes)
    if exporter:
        written.append(exporter.uri)
    return [*written, "_headers"]


def _copy_assets(site: site_mod.Site, site_dir: Path) -> list[str]:
    """The package's page scripts and styles the site lacks, and the runtime's files."""
    written = []
    for uri in resources.asset_paths():
        target = site_dir / uri
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(resources.PACKAGE_DIR / uri, target)
            written.append(uri)
    started = site.prepare_runtime()
    for uri, source in started.files if started else []:
        target = site_dir / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(uri)
    return written


def _base(url: str) -> str:
    depth = url.count("/")
    return "/".join([".."] * depth) or "."


def _add_to_head(output: str, tags: str) -> str:
    match = _HEAD_END.search(output)
    if match is None:
        return output
    return output[: match.start()] + tags + output[match.start() :]


def _h1(output: str) -> str | None:
    match = _H1.search(output)
    return " ".join(_TAG.sub("", match.group(1)).split()) if match else None
