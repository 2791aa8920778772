"""The ``guideline`` MkDocs plugin: thin event hooks that delegate to one module per concern.

Keep each hook a few lines: the work lives in ``citations.py``, ``editorial.py``,
``decision_table.py`` (site), ``cores.py`` and ``placement.py`` (which calculators, and
where), ``runtime.py`` (calculator), ``export/`` (offline export) and ``headers.py`` (the
host's ``_headers`` file).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.utils import get_relative_url

from guideline_site import (
    code_blocks,
    core_checks,
    cores,
    csp,
    decision_table,
    editorial,
    export,
    fhir,
    headers,
    placeholders,
    placement,
    pyodide_dist,
    resources,
    runtime,
)
from guideline_site.citations import Citations, load_references
from guideline_site.config import GuidelineConfig, check_options, site_version

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
        check_options(self.config)
        self.site_version = site_version(self.config)  # mike's VERSION, or the option's
        # the package's templates and page scripts, under the site's own overrides
        resources.add_theme_layer(config.theme.dirs, config.theme.custom_dir)
        self.env = config.theme.get_env()
        root = Path(config.config_file_path).parent
        self.references_path = (root / self.config.references).resolve()
        self.citations = Citations(
            load_references(self.references_path), self.env, self.config.reference_age_years
        )
        self.audience_blocks = editorial.AudienceBlocks(self.env)
        self.cores = cores.load(self.config.calculators, root, fresh=self.serving)
        #: each core's checked declared outputs (its result kind), for its decision table
        self.outputs: dict[str, Mapping[str, Any]] = {}
        for name, core in self.cores.items():  # what each core declares, before any use
            rules = core.rules_as_data()
            if hasattr(core.module, "calculator_spec"):
                spec = core_checks.check_spec(name, core.spec())
                core_checks.check_outputs_match_rules(name, spec, rules)
                self.outputs[name] = spec["outputs"]
            core_checks.check_references(name, rules, self.citations.by_number)
        #: each calculator's computable FHIR (fhir/NAME/*.json), from its declarations
        self.fhir = self._fhir(config.site_url or "")
        #: each core's answers that changed per version (the changelog page), once a build
        self.answer_changes: dict[str, dict[str, dict[str, Any]]] = {}
        self.placements = placement.Placements()
        #: each page's HTML waiting for its place after Markdown, by source path
        self.stashes: dict[str, placeholders.Stash] = {}
        placement.register(config.markdown_extensions, config.mdx_configs, self.placements)
        return config

    def _fhir(self, base_url: str) -> dict[str, dict[str, dict[str, Any]]]:
        """Each calculator's FHIR resources: one that declares its form and its conditions
        as data (every kit core does); a declaration FHIRPath cannot express stops the build
        naming it."""
        references = {
            number: {"title": ref.title, "source": ref.source, "year": ref.year}
            for number, ref in self.citations.by_number.items()
        }
        out = {}
        for name, core in self.cores.items():
            spec, rules = core.spec(), core.rules_as_data()
            if spec is None or not fhir.declares_conditions(rules):
                continue
            try:
                out[name] = fhir.resources(name, spec, rules, references, base_url)
            except fhir.FhirError as exc:
                raise PluginError(f"computable FHIR: {exc}") from None
        return out

    def _fhir_links(self, name: str | None, page_url: str) -> dict[str, str] | None:
        """The FHIR files of calculator ``name`` (None: the site's one), relative to a page."""
        if name is None and len(self.cores) == 1:
            (name,) = self.cores
        if name not in self.fhir:
            return None
        return {kind: get_relative_url(fhir.site_path(name, kind), page_url) for kind in fhir.FILES}

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
            if Path(file.abs_src_path or "").resolve() == self.references_path:
                files.remove(file)
        resources.add_assets(files, config)  # page scripts, worker, styles
        self.runtime = None
        if self.config.calculator and self.cores:  # the runtime, the wheels and snapshot
            root = Path(config.config_file_path).parent
            cache = self.config.runtime_cache_dir
            self.runtime = runtime.prepare(
                self.cores,
                root=root,
                pyodide_dir=pyodide_dist.locate(
                    root / self.config.pyodide_dir,
                    root / cache if cache else None,
                    self.config.pyodide_registry,
                ),
                cache_dir=self.config.cache_dir,
                snapshot=self.config.snapshot,
                site_version=self.site_version,
            )
            for file in runtime.generated_files(self.runtime, config):
                files.append(file)
        #: each written page's inline-script hashes, by site path (csp.header_value)
        self.script_hashes: dict[str, list[str]] = {}
        self.exporter = None
        if self.runtime and self.config.offline_export:  # filled in on_post_build
            root = Path(config.config_file_path).parent
            self.exporter = export.Exporter(
                self.runtime, root / self.config.cache_dir, version=self.site_version
            )
            files.append(self.exporter.generated_file(config))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        name = f"page {page.file.src_uri}"
        page.meta["editorial"] = editorial.page_editorial(page.meta, name, markdown)
        masked = code_blocks.mask(markdown)  # no marker fires inside code
        stash = self.stashes[page.file.src_uri] = placeholders.Stash()
        markdown = self.audience_blocks.render(masked.text, name, stash)
        markdown = self.citations.process(markdown, name, page.meta, stash)
        target = self.config.references_page_url
        references_url = "" if page.url == target else get_relative_url(target, page.url)
        last_updated = (page.meta["editorial"] or {}).get("last_updated")
        markdown = decision_table.render(
            markdown,
            name,
            self.env,
            lambda numbers, prefix: self.citations.render_numbers(numbers, prefix, last_updated),
            references_url,
            self._rules,
            self._outputs,
            self._changes,
            lambda name: self._fhir_links(name, page.url),
        )
        return masked.restore(markdown)

    def _rules(self, name: str | None) -> dict[str, Any]:
        """The rules of calculator ``name`` (None: the site's one calculator)."""
        if name is None and len(self.cores) == 1:
            (core,) = self.cores.values()
            return core.rules_as_data()
        if name in self.cores:
            return self.cores[name].rules_as_data()
        known = ", ".join(self.cores) or "none"
        if name:
            raise PluginError(
                f"calculator {name!r} is not configured in {cores.WHERE} (configured: {known})"
            )
        raise PluginError(
            "a generated table's marker names no calculator, so the site needs exactly one "
            f"in {cores.WHERE} (configured: {known}); name it in the marker, e.g. "
            "<!-- decision-table: NAME --> or <!-- algorithm-changelog: NAME -->"
        )

    def _changes(self, name: str | None) -> Mapping[str, Mapping[str, Any]]:
        """For calculator ``name`` (None: the site's one calculator), the answers each
        version of its algorithm changed; computed once a build."""
        rules = self._rules(name)
        if name is None:
            (name,) = self.cores
        if name not in self.answer_changes:
            core = self.cores[name]
            self.answer_changes[name] = decision_table.version_changes(
                rules, core.spec(), core.kept_table
            )
        return self.answer_changes[name]

    def _outputs(self, name: str | None) -> Mapping[str, Any] | None:
        """The declared outputs of calculator ``name`` (None: the site's one calculator);
        None for a core without ``calculator_spec()`` (after ``_rules`` found the name)."""
        if name is None and len(self.cores) == 1:
            (name,) = self.cores
        return self.outputs.get(name) if name else None

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return html
        stash = self.stashes.get(page.file.src_uri)
        if stash is not None:  # the plugin's HTML, put in after Markdown
            html = stash.restore(html)
            if page.present_anchor_ids is not None:
                page.present_anchor_ids |= stash.anchor_ids()
        placed = self.placements.names(html)
        if not placed:
            return html
        where = f"page {page.file.src_uri}"
        for name in placed:
            if name not in self.cores:
                known = ", ".join(self.cores) or "none"
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
                    name, self.cores[name].rules_as_data(), editorial_meta, where
                )
        if self.runtime is None:
            raise PluginError(
                f"{where}: a calculator is placed, but the calculator runtime is off "
                "(calculator: false in mkdocs.yml)"
            )
        started, changelog = self.runtime, self.config.changelog_page_url
        headings = placement.headings(html, self.placements)  # each one's, in the outline
        html = self.placements.replace(  # the page script once, after the last calculator
            html,
            lambda name: runtime.render_form(
                page,
                config,
                started,
                name,
                changelog,
                script=name == placed[-1],
                heading_level=headings[name].level,
            ),
        )
        targets = [(runtime.title(started, name), placement.heading_id(name)) for name in placed]
        for (title, ident), name in zip(targets, placed, strict=True):
            placement.add_to_toc(page.toc, title, ident, headings[name])
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= {ident for _, ident in targets}
        return placement.jump_links(html, targets)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        stash = self.stashes.pop(page.file.src_uri, None) if self.config.enabled else None
        if stash is not None and page.content is not None:
            # indexed by the search plugin (listed first): now the citations' own HTML
            page.content = stash.restore_searched(page.content, f"page {page.file.src_uri}")
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output
        if self.runtime:
            output = runtime.add_head(output, page, config, self.runtime)
        if self.exporter:
            self.exporter.add_page(page, output)
        # the page's scripts, for its meta policy and the host's header (not read again)
        hashes = csp.inline_script_hashes(output)
        self.script_hashes[page.file.dest_uri] = hashes
        if not self.config.csp:
            return output
        return csp.apply(output, hashes)

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
            self.exporter.write(
                config,
                export.Budgets(
                    runtime_ratio=self.config.export_runtime_budget,
                    content_bytes=self.config.export_content_budget_bytes,
                    page_bytes=self.config.export_page_budget_bytes,
                    calculators=len(self.cores),
                ),
            )
            self.script_hashes[self.exporter.uri] = self.exporter.script_hashes
        fhir.write(Path(config.site_dir), self.fhir)
        # the host's headers (CSP, caching, types), once every page and file is written
        headers.write(
            Path(config.site_dir), headers.versioned_paths(self.runtime), self.script_hashes
        )
