"""The parts of publishing in versions (issue 21) that need no build: the site's version
(option, mike's variable, refused values), the offline file's name, a page's link into its
own version's folder, and the root ``_headers`` of a tree of versions side by side
(``python -m guideline_site headers``). The built versions: tests/browser/test_versions.py."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from guideline_site import __main__ as cli
from guideline_site import csp, export, headers, runtime
from guideline_site.config import MIKE_VERSION_VAR, site_version

REDIRECT = '<html><head><script>location.replace("2/");</script></head></html>'


def test_the_version_comes_from_the_option_else_from_mike(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(MIKE_VERSION_VAR, "3")
    assert site_version(SimpleNamespace(version="2.1")) == "2.1"  # type: ignore[arg-type]
    assert site_version(SimpleNamespace(version="")) == "3"  # type: ignore[arg-type]
    monkeypatch.delenv(MIKE_VERSION_VAR)
    assert site_version(SimpleNamespace(version="")) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["../1", "1/2", "v 2", ".hidden"])
def test_a_version_that_is_no_url_segment_is_refused_naming_where_it_came_from(
    bad: str, monkeypatch: pytest.MonkeyPatch
):
    with pytest.raises(PluginError, match=r"^plugins\.guideline\.version: .*" + r"got"):
        site_version(SimpleNamespace(version=bad))  # type: ignore[arg-type]
    monkeypatch.setenv(MIKE_VERSION_VAR, bad)
    with pytest.raises(PluginError, match=rf"^\${MIKE_VERSION_VAR}: "):
        site_version(SimpleNamespace(version=""))  # type: ignore[arg-type]


def test_the_offline_file_is_named_with_the_version_when_there_is_one():
    assert export.export_uri("egfr") == "egfr-offline.html"
    assert export.export_uri("egfr", "2") == "egfr-offline-2.html"


def test_a_page_links_to_itself_in_its_own_versions_folder():
    assert runtime.version_url("", "index.html") == ""
    assert runtime.version_url("2", "index.html") == "../2/index.html"
    assert runtime.version_url("2", "guide/page.html") == "../../2/guide/page.html"
    assert runtime.version_url("2", "guide/") == "../../2/guide/"  # use_directory_urls


def _version(tree: Path, version: str, script: str) -> None:
    """A small built version: a page with an inline script, a versioned wheel, a script."""
    site = tree / version
    (site / "assets/calculator").mkdir(parents=True)
    (site / "index.html").write_text(f"<html><head><script>{script}</script></head></html>")
    (site / "assets/calculator/core-0+gabc-py3-none-any.whl").write_bytes(b"wheel")
    (site / "assets/calculator/calculator.js").write_text("//")
    wheel = "assets/calculator/core-0+gabc-py3-none-any.whl"
    headers.write(
        site, [wheel], {"index.html": csp.inline_script_hashes((site / "index.html").read_text())}
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Versions 1 and 2, `latest` a symlink to 2 (mike's default alias), `stable` an alias of
    redirect pages, and the root's files."""
    _version(tmp_path, "1", "one()")
    _version(tmp_path, "2", "two()")
    os.symlink("2", tmp_path / "latest")
    (tmp_path / "stable").mkdir()
    (tmp_path / "stable/index.html").write_text(REDIRECT)
    (tmp_path / "index.html").write_text(REDIRECT.replace("2/", "latest/"))
    (tmp_path / "versions.json").write_text("[]")
    return tmp_path


def _cache(rules: list[headers.Rule], path: str) -> list[str]:
    return [v for n, v in headers.headers_for(rules, path) if n == "Cache-Control"]


def test_the_root_headers_cover_every_version_alias_and_root_file_once(tree: Path):
    rules = headers.published_rules(tree)
    files = [p for p in tree.rglob("*") if p.is_file() and p.name != headers.FILE_NAME]
    served = {p.relative_to(tree).as_posix() for p in files}
    served |= {f"latest/{p.relative_to(tree / '2').as_posix()}" for p in files if "2" in p.parts}
    assert "latest/assets/calculator/calculator.js" in served
    for path in sorted(served):
        assert len(_cache(rules, f"/{path}")) == 1, path
    wheel = "assets/calculator/core-0+gabc-py3-none-any.whl"
    for version in ("1", "2", "latest"):
        assert _cache(rules, f"/{version}/{wheel}") == [headers.IMMUTABLE]
        assert _cache(rules, f"/{version}/index.html") == [headers.REVALIDATE]
        assert _cache(rules, f"/{version}/") == [headers.REVALIDATE]
    for path in ("/", "/versions.json", "/stable/index.html", "/stable/"):
        assert _cache(rules, path) == [headers.REVALIDATE], path
    # one policy for every path, with every version's and every redirect's scripts
    policy = dict(headers.headers_for(rules, "/1/index.html"))["Content-Security-Policy"]
    assert policy == dict(headers.headers_for(rules, "/stable/"))["Content-Security-Policy"]
    pages = ["1/index.html", "2/index.html", "stable/index.html", "index.html"]
    for page in pages:
        for source in csp.inline_script_hashes((tree / page).read_text()):
            assert source in policy, page


def test_the_command_writes_the_root_file_or_says_in_one_line_why_not(
    tree: Path, tmp_path_factory: pytest.TempPathFactory, capsys: Any
):
    assert cli.main(["headers", str(tree)]) == 0
    assert headers.parse((tree / headers.FILE_NAME).read_text()) == headers.published_rules(tree)
    empty = tmp_path_factory.mktemp("not-a-tree")
    assert cli.main(["headers", str(empty)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "has no versions.json" in err
