"""How an installed plugin gets the pinned Pyodide runtime (guideline_site/pyodide_dist.py):
the repo's node_modules when it holds the pinned version, else the npm tarball fetched once
into a cache, checked against the pinned integrity hash and unpacked safely. A local HTTP
server stands in for the npm registry: no test here reaches the real one."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import socket
import tarfile
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError
from test_calculators_option import one_error_line
from tiny_project import TINY_CORE, make_project

from guideline_site import pyodide_dist, runtime, wheel
from guideline_site.pyodide_dist import Pin

ROOT = Path(__file__).resolve().parents[2]
TEST_VERSION = "0.0.1-test"
#: A complete (tiny, fake) pyodide package: what locate() asks of a folder.
PACKAGE_FILES = {
    "package/package.json": json.dumps({"name": "pyodide", "version": TEST_VERSION}).encode(),
    "package/pyodide-lock.json": b'{"info": {}, "packages": {}}',
    "package/pyodide.mjs": b"export {};\n",
    "package/pyodide.asm.wasm": b"\0asm fake",
    "package/sub/dir/file.txt": b"nested",
}


def tarball(files: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture
def registry(tmp_path: Path, serve_dir):
    """``registry(data, pin=None)`` -> base URL of a local 'npm registry' that serves
    ``data`` as the tarball of ``pin`` (default: a test pin whose integrity is ``data``'s)."""
    servers = []

    def serve(data: bytes, pin: Pin | None = None) -> tuple[str, Pin]:
        pin = pin or Pin(name="pyodide", version=TEST_VERSION, integrity=integrity(data))
        root = tmp_path / f"registry-{len(servers)}"
        path = root / pin.tarball
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        base_url, server = serve_dir(root)
        servers.append(server)
        return base_url, pin

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def unreachable() -> str:
    """A loopback URL nobody listens on (a port just released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_the_pin_is_the_one_package_json_and_package_lock_install():
    """pyodide_dist.PIN is the source; the repo's npm files (for its Node tests) must agree."""
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["pyodide"] == pyodide_dist.PIN.version
    assert lock["packages"][""]["dependencies"]["pyodide"] == pyodide_dist.PIN.version
    entry = lock["packages"]["node_modules/pyodide"]
    assert entry["version"] == pyodide_dist.PIN.version
    assert entry["integrity"] == pyodide_dist.PIN.integrity


def test_a_tarball_is_fetched_checked_unpacked_and_then_reused(tmp_path: Path, registry):
    base_url, pin = registry(tarball(PACKAGE_FILES))
    cache = tmp_path / "cache"
    found = pyodide_dist.locate(tmp_path / "no-node-modules", cache, base_url, pin)
    assert found == cache / f"pyodide-{TEST_VERSION}"
    for name, data in PACKAGE_FILES.items():
        assert (found / name.removeprefix("package/")).read_bytes() == data
    assert (found / pyodide_dist.MARKER).read_text(encoding="utf-8") == pin.integrity
    assert sorted(p.name for p in cache.iterdir()) == [found.name]  # no temporary left
    # a later build: no registry needed
    assert pyodide_dist.locate(tmp_path / "no-node-modules", cache, unreachable(), pin) == found


def test_the_repos_node_modules_of_the_pinned_version_is_used_as_it_is(tmp_path: Path):
    node_modules = ROOT / "node_modules" / "pyodide"
    found = pyodide_dist.locate(node_modules, tmp_path / "cache", unreachable())
    assert found == node_modules
    assert not (tmp_path / "cache").exists()


def test_a_folder_of_another_version_is_passed_over_for_the_pinned_one(tmp_path, registry):
    other = tmp_path / "node_modules" / "pyodide"
    other.mkdir(parents=True)
    for name in pyodide_dist.REQUIRED:
        (other / name).write_text("{}", encoding="utf-8")
    (other / "package.json").write_text('{"version": "0.0.0-old"}', encoding="utf-8")
    base_url, pin = registry(tarball(PACKAGE_FILES))
    found = pyodide_dist.locate(other, tmp_path / "cache", base_url, pin)
    assert found == tmp_path / "cache" / f"pyodide-{TEST_VERSION}"


def test_a_node_modules_install_npm_recorded_with_another_hash_is_passed_over(
    tmp_path: Path, registry
):
    base_url, pin = registry(tarball(PACKAGE_FILES))
    installed = tmp_path / "node_modules" / "pyodide"
    installed.mkdir(parents=True)
    for name, data in PACKAGE_FILES.items():
        (installed / name.removeprefix("package/")).parent.mkdir(parents=True, exist_ok=True)
        (installed / name.removeprefix("package/")).write_bytes(data)
    record = tmp_path / "node_modules" / ".package-lock.json"
    for recorded, expected in ((pin.integrity, installed), ("sha512-other", None)):
        packages = {"node_modules/pyodide": {"version": TEST_VERSION, "integrity": recorded}}
        record.write_text(json.dumps({"packages": packages}), encoding="utf-8")
        found = pyodide_dist.locate(installed, tmp_path / "cache", base_url, pin)
        assert found == (expected or tmp_path / "cache" / f"pyodide-{TEST_VERSION}")


def test_a_tarball_that_does_not_match_the_pin_is_refused_and_not_cached(tmp_path, registry):
    genuine = tarball(PACKAGE_FILES)
    tampered = tarball({**PACKAGE_FILES, "package/pyodide.mjs": b"evil();\n"})
    base_url, pin = registry(tampered, Pin(name="pyodide", version=TEST_VERSION,
                                           integrity=integrity(genuine)))  # fmt: skip
    with pytest.raises(PluginError, match="does not match the pinned integrity hash") as err:
        pyodide_dist.locate(tmp_path / "none", tmp_path / "cache", base_url, pin)
    assert "pyodide_registry" in str(err.value) and "\n" not in str(err.value)
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_corrupt_tarball_is_refused_in_one_line(tmp_path, registry):
    base_url, pin = registry(tarball(PACKAGE_FILES)[:-200])  # truncated, integrity matches
    with pytest.raises(PluginError, match="the tarball is corrupt") as err:
        pyodide_dist.locate(tmp_path / "none", tmp_path / "cache", base_url, pin)
    assert "pyodide_registry" in str(err.value) and "\n" not in str(err.value)
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_tarball_without_the_package_files_is_refused(tmp_path, registry):
    base_url, pin = registry(tarball({"package/README.md": b"just a readme"}))
    with pytest.raises(PluginError, match="is not a complete pyodide"):
        pyodide_dist.locate(tmp_path / "none", tmp_path / "cache", base_url, pin)


@pytest.mark.parametrize(
    ("files", "links"),
    [
        pytest.param({"package/../../escaped.txt": b"x"}, None, id="dot-dot"),
        pytest.param({"/tmp/escaped-absolute.txt": b"x"}, None, id="absolute"),
        pytest.param({"other/escaped.txt": b"x"}, None, id="outside-package"),
        pytest.param({}, {"package/pyodide.mjs": "../../../escaped.txt"}, id="symlink"),
    ],
)
def test_a_member_that_would_land_outside_the_folder_is_refused(
    tmp_path: Path, registry, files, links
):
    base_url, pin = registry(tarball({**PACKAGE_FILES, **files}, links))
    with pytest.raises(PluginError, match="refusing the tarball's member"):
        pyodide_dist.locate(tmp_path / "none", tmp_path / "cache", base_url, pin)
    assert list((tmp_path / "cache").iterdir()) == []
    assert not list(tmp_path.rglob("escaped*"))
    assert not Path("/tmp/escaped-absolute.txt").exists()


def test_the_default_cache_is_the_env_var_else_the_user_cache(monkeypatch, tmp_path: Path):
    monkeypatch.setenv(pyodide_dist.CACHE_ENV, str(tmp_path / "shared"))
    assert pyodide_dist.default_cache_dir() == tmp_path / "shared"
    monkeypatch.delenv(pyodide_dist.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert pyodide_dist.default_cache_dir() == tmp_path / "xdg" / "guideline-site"


def build_without_runtime(tmp_path: Path, run_mkdocs_build, registry_url: str):
    """A site with a calculator, no node_modules and an empty cache: the build must fetch."""
    project = make_project(
        tmp_path, {"tiny": {"package": "tiny_core"}}, "```calculator\ntiny\n```",
        {"tiny_core": TINY_CORE},
    )  # fmt: skip
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][0]["guideline"].update(
        calculator=True,
        runtime_cache_dir=str(tmp_path / "runtime-cache"),
        pyodide_registry=registry_url,
        snapshot=False,
        offline_export=False,
    )
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return run_mkdocs_build(project, tmp_path / "site")


def test_an_unreachable_registry_stops_the_build_with_one_line(tmp_path: Path, run_mkdocs_build):
    line = one_error_line(build_without_runtime(tmp_path, run_mkdocs_build, unreachable()))
    assert f"cannot get the Pyodide runtime {pyodide_dist.PIN.version}" in line
    assert "cannot download" in line and "pyodide_registry" in line and "pyodide_dir" in line


def test_a_registry_serving_another_tarball_stops_the_build_with_one_line(
    tmp_path: Path, run_mkdocs_build, registry
):
    base_url, _ = registry(tarball(PACKAGE_FILES), pyodide_dist.PIN)  # not the pinned bytes
    line = one_error_line(build_without_runtime(tmp_path, run_mkdocs_build, base_url))
    assert "does not match the pinned integrity hash" in line and "pyodide_registry" in line
    assert not list((tmp_path / "runtime-cache").iterdir())


def test_without_node_the_snapshot_step_falls_back_to_a_cold_start(monkeypatch, tmp_path: Path):
    built = wheel.build_wheel(ROOT / "sciatica_core", tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    path, why = runtime.make_snapshot(
        ROOT / "node_modules" / "pyodide", [built], runtime.SNAPSHOT_SCRIPT, tmp_path / "cache"
    )
    assert (path, why) == (None, "node is not on PATH")
