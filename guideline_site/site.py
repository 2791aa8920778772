"""One site's guideline state, shared by the MkDocs plugin, the Markdown extension and
``assemble``: the checked options, the references, the cores and what is computed from them.

``Site.from_mkdocs(config, options)`` is what the plugin makes in ``on_config``;
``load(config_file)`` makes the same from a ``mkdocs.yml`` (its ``guideline`` plugin block,
validated by MkDocs' own loader) for a generator that runs no MkDocs plugin (Zensical) and
for ``python -m guideline_site assemble``; it is cached per file for the process.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from guideline_site import core_checks, cores, editorial, fhir, pyodide_dist, resources
from guideline_site import runtime as runtime_mod
from guideline_site.citations import Citations, load_references
from guideline_site.config import GuidelineConfig, check_options, site_version

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PLUGIN = "guideline"


@dataclass(kw_only=True)
class Site:
    """What every page of one site is rendered with."""

    config: MkDocsConfig
    options: GuidelineConfig
    root: Path
    env: jinja2.Environment
    references_path: Path
    citations: Citations
    audience_blocks: editorial.AudienceBlocks
    cores: dict[str, cores.Core]
    #: each core's checked declared outputs (its result kind), for its decision table
    outputs: dict[str, Mapping[str, Any]]
    #: each calculator's computable FHIR (fhir/NAME/*.json), from its declarations
    fhir: dict[str, dict[str, dict[str, Any]]]
    #: each core's answers that changed per version (the changelog page), once a build
    answer_changes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    #: the calculators' runtime (wheels, snapshot), once prepared
    runtime: runtime_mod.Runtime | None = None
    #: the site's published version (mike's $MIKE_DOCS_VERSION, or the version option)
    version: str = ""

    @classmethod
    def from_mkdocs(
        cls, config: MkDocsConfig, options: GuidelineConfig, *, fresh: bool = False
    ) -> Site:
        check_options(options)
        # the package's templates and page scripts, under the site's own overrides
        resources.add_theme_layer(config.theme.dirs, config.theme.custom_dir)
        env = config.theme.get_env()
        root = Path(config.config_file_path).parent
        references_path = (root / options.references).resolve()
        citations = Citations(load_references(references_path), env, options.reference_age_years)
        loaded = cores.load(options.calculators, root, fresh=fresh)
        outputs: dict[str, Mapping[str, Any]] = {}
        for name, core in loaded.items():  # what each core declares, before any use
            rules = core.rules_as_data()
            if hasattr(core.module, "calculator_spec"):
                spec = core_checks.check_spec(name, core.spec())
                core_checks.check_outputs_match_rules(name, spec, rules)
                outputs[name] = spec["outputs"]
            core_checks.check_references(name, rules, citations.by_number)
        return cls(
            config=config,
            options=options,
            root=root,
            env=env,
            references_path=references_path,
            citations=citations,
            audience_blocks=editorial.AudienceBlocks(env),
            cores=loaded,
            outputs=outputs,
            fhir=_fhir(loaded, citations, config.site_url or ""),
            version=site_version(options),
        )

    def prepare_runtime(self) -> runtime_mod.Runtime | None:
        """The runtime, the wheels and the snapshot (None: no calculator); once a build."""
        if self.runtime is None and self.options.calculator and self.cores:
            cache = self.options.runtime_cache_dir
            self.runtime = runtime_mod.prepare(
                self.cores,
                root=self.root,
                pyodide_dir=pyodide_dist.locate(
                    self.root / self.options.pyodide_dir,
                    self.root / cache if cache else None,
                    self.options.pyodide_registry,
                ),
                cache_dir=self.options.cache_dir,
                snapshot=self.options.snapshot,
                site_version=self.version,
            )
        return self.runtime

    @property
    def exports(self) -> bool:
        """Whether the build writes the offline file."""
        return bool(self.options.offline_export and self.options.calculator and self.cores)

    def fhir_links(self, name: str | None, page_url: str) -> dict[str, str] | None:
        """The FHIR files of calculator ``name`` (None: the site's one), relative to a page."""
        if name is None and len(self.cores) == 1:
            (name,) = self.cores
        if name not in self.fhir:
            return None
        return {kind: get_relative_url(fhir.site_path(name, kind), page_url) for kind in fhir.FILES}

    def rules(self, name: str | None) -> dict[str, Any]:
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

    def changes(self, name: str | None) -> Mapping[str, Mapping[str, Any]]:
        """For calculator ``name`` (None: the site's one calculator), the answers each
        version of its algorithm changed; computed once a build."""
        from guideline_site import decision_table

        rules = self.rules(name)
        if name is None:
            (name,) = self.cores
        if name not in self.answer_changes:
            core = self.cores[name]
            self.answer_changes[name] = decision_table.version_changes(
                rules, core.spec(), core.kept_table
            )
        return self.answer_changes[name]

    def declared_outputs(self, name: str | None) -> Mapping[str, Any] | None:
        """The declared outputs of calculator ``name`` (None: the site's one calculator);
        None for a core without ``calculator_spec()`` (after ``rules`` found the name)."""
        if name is None and len(self.cores) == 1:
            (name,) = self.cores
        return self.outputs.get(name) if name else None


def _fhir(
    loaded: dict[str, cores.Core], citations: Citations, base_url: str
) -> dict[str, dict[str, dict[str, Any]]]:
    """Each calculator's FHIR resources: one that declares its form and its conditions as
    data (every kit core does); a declaration FHIRPath cannot express stops the build
    naming it."""
    references = {
        number: {"title": ref.title, "source": ref.source, "year": ref.year}
        for number, ref in citations.by_number.items()
    }
    out = {}
    for name, core in loaded.items():
        spec, rules = core.spec(), core.rules_as_data()
        if spec is None or not fhir.declares_conditions(rules):
            continue
        try:
            out[name] = fhir.resources(name, spec, rules, references, base_url)
        except fhir.FhirError as exc:
            raise PluginError(f"computable FHIR: {exc}") from None
    return out


_LOADED: dict[Path, Site] = {}
_LOCK = threading.Lock()


def load(config_file: str | Path) -> Site:
    """The site of ``config_file`` (a mkdocs.yml with the ``guideline`` plugin), read once
    per process; a PluginError naming the file when it has no such plugin."""
    from mkdocs.config import load_config

    path = Path(config_file).resolve()
    with _LOCK:
        site = _LOADED.get(path)
        if site is None:
            if not path.is_file():
                raise PluginError(f"{config_file}: no such file (the guideline site's mkdocs.yml)")
            config = load_config(str(path))
            plugin = config.plugins.get(PLUGIN)
            if plugin is None or not plugin.config.enabled:
                raise PluginError(f"{config_file}: no enabled '{PLUGIN}' plugin under plugins")
            site = _LOADED[path] = Site.from_mkdocs(config, plugin.config)
        return site
