"""The ``_headers`` file the build writes (guideline_site/headers.py) and the test server that
sends it: every built file is served with its caching rule, the security headers and types;
a new core version changes the URLs the page loads."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from guideline_site import csp, headers, runtime, wheel

ROOT = Path(__file__).resolve().parents[2]


def served(base: str, path: str) -> dict[str, str]:
    request = urllib.request.Request(base + path, method="HEAD")
    with urllib.request.urlopen(request, timeout=30) as response:
        return {k.lower(): v for k, v in response.headers.items()}


def built_files(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and p.name != headers.FILE_NAME
    )


def test_every_built_file_is_served_with_its_caching_rule(built_site: Path, site_server: str):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    versioned = [
        f"assets/calculator/pyodide-{runtime.pyodide_version(ROOT / 'node_modules/pyodide')}/",
        html.split('data-wheel="', 1)[1].split('"', 1)[0],
        html.split('data-snapshot="', 1)[1].split('"', 1)[0],
        *html.split('data-libraries="', 1)[1].split('"', 1)[0].split(),  # the kit's wheel
    ]
    assert all(v.startswith("assets/calculator/") for v in versioned), versioned
    seen_immutable = set()
    for path in built_files(built_site):
        got = served(site_server, path)
        expected = (
            headers.IMMUTABLE
            if any(path.startswith(v) for v in versioned) or headers._HASHED_NAME.search(path)
            else headers.REVALIDATE
        )
        assert got.get("cache-control") == expected, path
        assert got["x-content-type-options"] == "nosniff", path
        assert got["referrer-policy"] == "no-referrer", path
        if expected == headers.IMMUTABLE:
            seen_immutable.add(path)
    assert any(p.endswith("pyodide.asm.wasm") for p in seen_immutable)
    assert any(p.endswith(".whl") and "guideline_site_kit-" not in p for p in seen_immutable)
    assert any("guideline_site_kit-" in p for p in seen_immutable)
    assert any("snapshot-" in p for p in seen_immutable)
    assert "index.html" not in seen_immutable


def test_pages_get_the_built_policy_and_the_wasm_its_type(built_site: Path, site_server: str):
    for url in ("", "index.html", "authors.html"):
        got = served(site_server, url)
        assert got["cache-control"] == "no-cache"
        assert got["content-security-policy"] == csp.header_value(built_site)
    wasm = [p for p in built_files(built_site) if p.endswith(".wasm")]
    assert wasm
    assert served(site_server, wasm[0])["content-type"] == "application/wasm"


def test_the_header_policy_reads_only_the_pages_whose_hashes_the_build_does_not_know(
    tmp_path: Path,
):
    """The build hands over the hashes it computed while writing the pages and the offline
    file (~13 MB): those files are not read again; any other page is."""
    (tmp_path / "a.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<script>b()</script>", encoding="utf-8")
    read_a, read_b = (
        csp.inline_script_hashes(f"<script>{s}</script>") for s in ("alert(1)", "b()")
    )
    assert csp.header_value(tmp_path) == csp.policy([*read_a, *read_b])
    assert csp.header_value(tmp_path, {"a.html": read_a}) == csp.header_value(tmp_path)
    told = ["'sha256-told'"]
    assert csp.header_value(tmp_path, {"sub/b.html": told}) == csp.policy([*read_a, *told])
    written = headers.write(tmp_path, [], {"a.html": told}).read_text(encoding="utf-8")
    assert dict(headers.headers_for(headers.parse(written), "/a.html"))[
        "Content-Security-Policy"
    ] == csp.policy([*told, *read_b])


def test_the_headers_file_itself_is_not_served(site_server: str):
    with pytest.raises(urllib.error.HTTPError) as error:
        served(site_server, headers.FILE_NAME)
    error.value.close()
    assert error.value.code == 404


def test_caching_rules_never_overlap(tmp_path: Path):
    """Hosts join two matching values of one header with a comma: each file gets one rule."""
    for name in (
        "index.html",
        "a/page.html",
        "assets/js/app.1234abcd.min.js",
        "assets/js/plain.js",
        "assets/js/lunr/x.js",
        "assets/calc/pyodide-1.0/p.wasm",
        "assets/calc/core-0+gabc-py3-none-any.whl",
        "assets/calc/worker.js",
        "search/index.json",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    versioned = ["assets/calc/pyodide-1.0", "assets/calc/core-0+gabc-py3-none-any.whl"]
    parsed = headers.parse(headers.write(tmp_path, versioned).read_text(encoding="utf-8"))
    cache = {
        url: dict(headers.headers_for(parsed, url)).get("Cache-Control")
        for url in ("/", "/a/page", *(f"/{p}" for p in built_files(tmp_path)))
    }
    assert cache == {
        "/": "no-cache",
        "/a/page": "no-cache",
        "/a/page.html": "no-cache",
        "/assets/calc/core-0+gabc-py3-none-any.whl": headers.IMMUTABLE,
        "/assets/calc/pyodide-1.0/p.wasm": headers.IMMUTABLE,
        "/assets/calc/worker.js": "no-cache",
        "/assets/js/app.1234abcd.min.js": headers.IMMUTABLE,
        "/assets/js/lunr/x.js": "no-cache",
        "/assets/js/plain.js": "no-cache",
        "/index.html": "no-cache",
        "/search/index.json": "no-cache",
    }


def test_a_new_core_version_changes_the_urls_the_page_loads(tmp_path: Path):
    """The wheel's name carries its sources' hash, and the snapshot's name a hash of the
    wheel: a changed rule gives the page new URLs, never a stale cached file."""
    package = tmp_path / "core"
    package.mkdir()
    (package / "__init__.py").write_text("RULE = 1\n")
    first = wheel.build_wheel(package, tmp_path / "cache")
    (package / "__init__.py").write_text("RULE = 2\n")
    second = wheel.build_wheel(package, tmp_path / "cache")
    assert first.path.name != second.path.name
    pyodide = ROOT / "node_modules" / "pyodide"
    script = runtime.SNAPSHOT_SCRIPT
    assert runtime.snapshot_key(pyodide, [first], script) != runtime.snapshot_key(
        pyodide, [second], script
    )
