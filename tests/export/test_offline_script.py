"""The offline file's own script: its sources (web/offline/) are the bundle the export
inlines, its pure parts are tested in-process under Node (offline_script.test.mjs, with
blocks made here by the build's own encode7), and the template keeps no code of its own."""

from __future__ import annotations

import gzip
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from guideline_site import csp, resources
from guideline_site.export import codec, json_block

ROOT = Path(__file__).resolve().parents[2]
NODE_TESTS = Path(__file__).with_name("offline_script.test.mjs")
TEMPLATE = resources.TEMPLATES_DIR / "export" / "offline.html"

TRICKY = [
    b"",
    b"\x00",
    b"<",
    b"\r\n</script><!--",
    bytes(range(256)),
    bytes([0x3C] * 21),
    bytes([0x00, 0x0D, 0x3C] * 7 + [0x3C]),
    b"=" * 15,
    bytes(random.Random(5).randbytes(1000)),
]


def _cut(text: str, rng: random.Random, cuts: int) -> list[str]:
    """``text`` in parts at random places (an "=" escape may end a part: decode7 carries it)."""
    at = sorted(rng.sample(range(len(text) + 1), min(cuts, len(text) + 1)))
    return [text[i:j] for i, j in zip([0, *at], [*at, len(text)], strict=True)]


def _block(
    name: str, data: bytes, *, gzipped: bool, json_value: object = None, damage: bool = False
) -> dict:
    packed = gzip.compress(data, 9, mtime=0) if gzipped else data
    if damage:  # one byte of the deflate stream changed: an inflate or CRC error
        middle = len(packed) // 2
        packed = packed[:middle] + bytes([packed[middle] ^ 0x55]) + packed[middle + 1 :]
    text = codec.encode7(packed)
    case: dict[str, object] = {
        "name": name,
        "parts": codec.split_parts(text, max(len(text) // 3, 1)),
        "size": len(packed),
        "gzip": gzipped,
        "json": json_value is not None,
        "hex": data.hex(),
    }
    if json_value is not None:
        case["value"] = json_value
    return case


def cases() -> dict[str, list[dict]]:
    rng = random.Random(7)
    decode7 = [
        {"parts": _cut(codec.encode7(data), rng, 3), "size": len(data), "hex": data.hex()}
        for data in TRICKY
    ]
    content = {
        "pages": {"page--a": "<p>A &amp; B</p>", "page--b": "<h2 id='x'>é</h2>"},
        "ids": {"x": "page--b"},
        "search": [["page--a", "A", "a & b"], ["page--b", "B", "é"]],
    }
    big = {
        "pages": {f"page--{i}": "<p>" + "w " * 2000 + "</p>" for i in range(120)},
        "ids": {},
        "search": [[f"page--{i}", str(i), "w " * 2000] for i in range(120)],
    }
    good = [
        _block("pyodide.asm.wasm", TRICKY[-1], gzipped=True),
        _block("python_stdlib.zip", bytes(range(256)) * 3, gzipped=False),
        _block("empty.bin", b"", gzipped=False),
    ]
    good += [
        _block(name, json.dumps(value).encode(), gzipped=True, json_value=value)
        for name, value in (("content.json", content), ("big.json", big))
    ]
    truncated = _block("cut.bin", b"abcdefghij" * 10, gzipped=False)
    truncated["size"] += 7  # past the padding of its last 7-byte group
    truncated["error"] = "truncated data block"
    damaged = _block("bad.gz", random.Random(3).randbytes(3000), gzipped=True, damage=True)
    damaged["error"] = "."  # the engine's own words (a CRC or inflate error)
    return {"decode7": decode7, "decoder": [*good, truncated, damaged]}


def test_the_pure_parts_under_node(tmp_path: Path):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required: run scripts/setup")
    data = tmp_path / "cases.json"
    data.write_text(json.dumps(cases()), encoding="utf-8")
    done = subprocess.run(
        [node, "--test", "--test-reporter=tap", str(NODE_TESTS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "OFFLINE_SCRIPT_CASES": str(data)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^# pass [1-9]", done.stdout, re.M), done.stdout
    assert re.search(r"^# fail 0$", done.stdout, re.M), done.stdout


def test_the_runtime_block_is_json_no_markup_can_end():
    value = {"snapshotNote": "</script><!-- <b>", "indexURL": "x/"}
    text = json_block(value)
    assert "<" not in text
    assert json.loads(text) == value


def test_the_template_has_no_code_of_its_own():
    """Its executable scripts are the inlined ones and the one-line call after each part of
    a data block; what the file's script needs of the build is a JSON block (data)."""
    html = TEMPLATE.read_text(encoding="utf-8")
    html = re.sub(r"\{#.*?#\}", "", html, flags=re.S)  # Jinja comments
    bodies = [
        m.group(2)
        for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
        if not re.search(r"\btype=", m.group(1))
    ]
    assert bodies == [
        "{{ script|safe }}",
        "{{ offline_script|safe }}",
        "{{ calculator_script|safe }}",
        "guidelineCalculatorConfig.decodeBlock(document.currentScript.previousElementSibling)",
    ]
    assert '<script type="application/json" id="offline-runtime">{{ runtime|safe }}</script>' in (
        html
    )
    # a JSON block is data: no hash for it in the file's policy
    assert csp.inline_script_hashes('<script type="application/json">{"a": 1}</script>') == []


def test_the_offline_script_is_inlined_not_served():
    assert resources.OFFLINE_SCRIPT.is_file()
    assert "assets/offline/offline.js" not in resources.asset_paths()
    assert "assets/calculator/calculator.js" in resources.asset_paths()
