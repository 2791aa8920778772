"""``mkdocs serve`` rebuilds when the package's templates, page scripts or Node scripts, or a
configured core's files change, and a rebuild reads the changed core again."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest
from mkdocs.config import load_config
from tiny_project import TINY_CORE, make_project

from guideline_site import resources


class FakeServer:
    """Records what the plugin asks the live-reload server to watch."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        self.watched.append(path)


@pytest.fixture
def tiny_package():
    """A core package name no other test imports; forgotten afterwards."""
    name = f"tiny_core_{uuid.uuid4().hex[:8]}"
    yield name
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]


def serving_plugin(project: Path):
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["guideline"]
    plugin.on_startup(command="serve", dirty=False)
    plugin.on_config(config)
    return plugin, config


def test_serve_watches_the_packages_files_and_each_configured_core(
    tmp_path: Path, tiny_package: str
):
    project = make_project(
        tmp_path, {"tiny": {"package": tiny_package}}, cores={tiny_package: TINY_CORE}
    )
    plugin, config = serving_plugin(project)
    server = FakeServer()
    assert plugin.on_serve(server, config=config, builder=lambda: None) is server
    assert sorted(server.watched) == sorted(
        str(path)
        for path in (
            resources.TEMPLATES_DIR,
            resources.ASSETS_DIR,
            resources.NODE_DIR,
            (project / tiny_package).resolve(),
        )
    )


def test_a_rebuild_while_serving_reads_a_changed_core_again(tmp_path: Path, tiny_package: str):
    project = make_project(
        tmp_path, {"tiny": {"package": tiny_package}}, cores={tiny_package: TINY_CORE}
    )
    plugin, config = serving_plugin(project)
    assert plugin.site.rules(None)["algorithm_version"] == "tiny-1"
    source = project / tiny_package / "__init__.py"
    source.write_text(TINY_CORE.replace('"tiny-1"', '"tiny-second"'), encoding="utf-8")
    plugin.on_config(config)  # what the next rebuild does (a new size: no stale .pyc)
    assert plugin.site.rules(None)["algorithm_version"] == "tiny-second"
