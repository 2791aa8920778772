"""The calculator's build side: the wheel, the runtime files, the snapshot, the CSP."""

from __future__ import annotations

import base64
import csv
import email.parser
import hashlib
import io
import re
import zipfile
from pathlib import Path

from guideline_site import csp, runtime, wheel

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"


def test_wheel_is_deterministic_and_holds_the_core_alone(tmp_path: Path):
    """The same sources give the same bytes; the wheel holds the core and nothing else: the
    authoring kit it imports is a wheel of its own, one for the site (issue 23)."""
    a = wheel.build_wheel(ROOT / "sciatica_core", tmp_path / "a")
    b = wheel.build_wheel(ROOT / "sciatica_core", tmp_path / "b")
    assert a.path.read_bytes() == b.path.read_bytes()
    names = zipfile.ZipFile(a.path).namelist()
    assert "sciatica_core/__init__.py" in names
    dist_info = a.path.name.removesuffix("-py3-none-any.whl") + ".dist-info/"
    assert all(n.startswith(("sciatica_core/", dist_info)) for n in names), names
    assert not any(n.startswith("sciatica_core/versions/") for n in names)  # build-time only
    assert not any(n.endswith(".pyc") or "__pycache__" in n for n in names)


def test_kit_wheel_holds_the_kit_and_the_package_docstring_alone(tmp_path: Path):
    """The kit's wheel: guideline_site/__init__.py (a docstring) and guideline_site/kit/,
    none of the generator's glue; the same sources give the same bytes."""
    a = wheel.build_kit_wheel(tmp_path / "a")
    b = wheel.build_kit_wheel(tmp_path / "b")
    assert a.path.read_bytes() == b.path.read_bytes()
    assert a.path.name.startswith("guideline_site_kit-0+g")
    names = zipfile.ZipFile(a.path).namelist()
    dist_info = a.path.name.removesuffix("-py3-none-any.whl") + ".dist-info/"
    kit = ("guideline_site/kit/", "guideline_site/__init__.py", dist_info)
    assert all(n.startswith(kit) for n in names), names
    assert "guideline_site/kit/_calculator.py" in names
    assert not any(n.endswith(".pyc") or "__pycache__" in n for n in names)


def test_several_wheels_build_in_one_go_each_as_alone(tmp_path: Path):
    """Building several cores at once (one backend process) gives each the bytes it has when
    built alone."""
    packages = []
    for name, value in (("one_core", 1), ("two_core", 2)):
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text(f"X = {value}\n")
        packages.append(package)
    together = wheel.build_wheels(packages, tmp_path / "together")
    alone = [wheel.build_wheel(p, tmp_path / f"alone-{p.name}") for p in packages]
    assert [w.path.name for w in together] == [w.path.name for w in alone]
    assert [w.path.read_bytes() for w in together] == [w.path.read_bytes() for w in alone]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_wheel_file_name_metadata_and_record_agree(tmp_path: Path):
    """A valid PEP 427 wheel: its file name's name and version are its METADATA's, the
    version carries the sources' hash, and RECORD lists every file with its sha256."""
    built = wheel.build_wheel(ROOT / "sciatica_core", tmp_path)
    dist, version, python, abi, platform = built.path.name.removesuffix(".whl").split("-")
    assert (python, abi, platform) == ("py3", "none", "any")
    assert version == f"0+g{built.digest[:16]}"
    with zipfile.ZipFile(built.path) as zf:
        info = f"{dist}-{version}.dist-info"
        metadata = email.parser.Parser().parsestr(zf.read(f"{info}/METADATA").decode())
        assert _canonical(metadata["Name"]) == _canonical(dist) == "sciatica-core"
        assert metadata["Version"] == version
        wheel_info = email.parser.Parser().parsestr(zf.read(f"{info}/WHEEL").decode())
        assert wheel_info["Wheel-Version"] == "1.0"
        assert wheel_info["Root-Is-Purelib"] == "true"
        assert wheel_info["Tag"] == "py3-none-any"
        record = list(csv.reader(io.StringIO(zf.read(f"{info}/RECORD").decode())))
        assert sorted(row[0] for row in record) == sorted(zf.namelist())
        for name, digest, size in record:
            if name == f"{info}/RECORD":
                assert digest == size == ""
                continue
            data = zf.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == "sha256=" + expected.decode(), name
            assert int(size) == len(data), name


def test_wheel_is_rebuilt_only_when_sources_change(tmp_path: Path):
    package = tmp_path / "sciatica_core"
    package.mkdir()
    (package / "__init__.py").write_text("X = 1\n")
    first = wheel.build_wheel(package, tmp_path / "cache")
    mtime = first.path.stat().st_mtime_ns
    assert wheel.build_wheel(package, tmp_path / "cache").path.stat().st_mtime_ns == mtime
    (package / "__init__.py").write_text("X = 2\n")
    second = wheel.build_wheel(package, tmp_path / "cache")
    assert second.digest != first.digest and second.path != first.path


def test_snapshot_failure_falls_back_to_cold_start(tmp_path: Path):
    built = wheel.build_wheel(ROOT / "sciatica_core", tmp_path)
    script = tmp_path / "broken.mjs"
    script.write_text("console.error('boom'); process.exit(3);\n")
    path, why = runtime.make_snapshot(PYODIDE, [built], script, tmp_path / "cache")
    assert path is None
    assert "exit 3" in why and "boom" in why


def test_site_has_only_the_runtime_files_the_page_needs(built_site: Path):
    version = runtime.pyodide_version(PYODIDE)
    files = sorted(p.name for p in (built_site / f"assets/calculator/pyodide-{version}").iterdir())
    assert files == sorted(runtime.RUNTIME_FILES)
    calc = built_site / "assets" / "calculator"
    assert len(list(calc.glob("sciatica_core-*-py3-none-any.whl"))) == 1
    assert len(list(calc.glob("snapshot-*.bin.gz"))) == 1
    assert not list(built_site.rglob("pyodide-lock.json"))
    assert not list(built_site.rglob("node_modules"))


def test_article_page_embeds_the_calculator(built_site: Path):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert html.count('data-calculator="sciatica-flare"') == 1
    assert "data-guideline-calculator" not in html  # the placement is replaced
    assert 'data-snapshot="assets/calculator/snapshot-' in html


def test_every_page_has_a_strict_csp(built_site: Path):
    # The theme's pages (the offline export is a separate file with its own policy).
    pages = [built_site / "404.html"]
    pages += [built_site / f"{md.stem}.html" for md in sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert len(metas) == 1, page
        (policy,) = metas
        assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy, page
        assert "'wasm-unsafe-eval'" in policy
        assert "http:" not in policy and "https:" not in policy and "*" not in policy
        for source in csp.inline_script_hashes(html):
            assert source in policy, (page, source)
        assert html.index("Content-Security-Policy") < html.index("<script"), page


def test_inline_script_hashes():
    html = (
        '<script>alert(1)</script><script src="x.js"></script>'
        '<script type="application/json">{"a": 1}</script><script type="module">b()</script>'
    )
    # sha256 of "alert(1)" and of "b()", base64, as in CSP examples.
    assert csp.inline_script_hashes(html) == [
        "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='",
        "'sha256-cf242PFc/kb7xD0Qzhsmd9vvRkc+cWFmbi+k+YvtdKc='",
    ]
    assert csp.apply("<html><head><meta charset=utf-8></head></html>").count("sha256") == 0
