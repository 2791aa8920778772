"""A site of N calculators (issue 23): the scaffold's site (``python -m guideline_site new``)
with N - 1 more copies of its core under their own package names, one page each.

Each copy answers with its own number: calculator ``k`` gives result A when its number is at
least ``threshold(k)`` and says so in its result ("result A of calculator k"), so a page that
answered with another page's core shows the wrong number or the wrong step. Used by the
50-calculator test (tests/site/test_many_calculators.py) and the growth benchmark
(benchmarks/growth.py).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from guideline_site import new_site

TODAY = datetime.date(2026, 12, 6)


def name(k: int) -> str:
    """Calculator k's name (its fence, its key under ``calculators:``)."""
    return f"calc-{k:03d}"


def package(k: int) -> str:
    return f"calc_{k:03d}_core"


def page(k: int) -> str:
    """Calculator k's page (the first calculator keeps the scaffold's index.md)."""
    return "index.md" if k == 0 else f"{name(k)}.md"


def link(k: int, number: int) -> str:
    """The site path of calculator k's page with a shared link's inputs (the box unticked)."""
    html = page(k).removesuffix(".md") + ".html"
    return f"{html}#{name(k)}?example_number={number}&example_box=false"


def threshold(k: int) -> int:
    """Calculator k gives result A from this number up (1 to 10, so each differs from its
    neighbours)."""
    return 1 + k % 10


def answer(k: int, number: int) -> str:
    """The step calculator k gives for ``example_number`` (the box unticked)."""
    return "placeholder_a" if number >= threshold(k) else "placeholder_b"


def result_text(k: int) -> str:
    return f"result A of calculator {k}"


def _core_source(template: str, k: int) -> str:
    source = template.replace("placeholder result A", f"placeholder {result_text(k)}")
    source = source.replace(
        'kit.where("example_number", ">=", 5)', f'kit.where("example_number", ">=", {threshold(k)})'
    )
    source = source.replace("Example number 5 or more", f"Example number {threshold(k)} or more")
    source = source.replace("example_number >= 5", f"example_number >= {threshold(k)}")
    source = source.replace('title="Example calculator (placeholder)"', f'title="Calculator {k}"')
    # its digests change with its rules: the changelog records the core's own
    return re.sub(r'"placeholder_a=\w+ placeholder_b=\w+"', '""', source)


def _page_source(template: str, k: int) -> str:
    text = template.replace("placeholder result A", f"placeholder {result_text(k)}")
    text = text.replace("Example number 5 or more", f"Example number {threshold(k)} or more")
    text = text.replace("title: Example guideline (placeholder)", f"title: Calculator {k}")
    text = text.replace("# Example guideline (placeholder)", f"# Calculator {k}")
    return text.replace(f"```calculator\n{name(0)}\n```", f"```calculator\n{name(k)}\n```")


def write_site(root: Path, count: int) -> Path:
    """Write a site of ``count`` calculators into ``root`` (new or empty); returns ``root``."""
    new_site.write_site(root, name=name(0), today=TODAY)
    core_template = (root / "example_core" / "__init__.py").read_text(encoding="utf-8")
    page_template = (root / "docs" / "index.md").read_text(encoding="utf-8")
    (root / "example_core").rename(root / package(0))
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p["guideline"] for p in config["plugins"] if isinstance(p, dict))
    calculators = plugin["calculators"] = {}
    nav: list[object] = []
    for k in range(count):
        core = root / package(k)
        core.mkdir(exist_ok=True)
        (core / "__init__.py").write_text(_core_source(core_template, k), encoding="utf-8")
        (root / "docs" / page(k)).write_text(_page_source(page_template, k), encoding="utf-8")
        calculators[name(k)] = {"package": package(k)}
        nav.append({f"Calculator {k}": page(k)})
    changelog = root / "docs" / "changelog.md"
    head = changelog.read_text(encoding="utf-8").replace("<!-- algorithm-changelog -->", "")
    changelog.write_text(
        head
        + "".join(
            f"## Calculator {k}\n\n<!-- algorithm-changelog: {name(k)} -->\n\n"
            for k in range(count)
        ),
        encoding="utf-8",
    )
    nav.append({"Algorithm changelog": "changelog.md"})
    config["nav"] = nav
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    # the scaffold's tests are about its one example core
    for test in (root / "tests").glob("test_*.py"):
        test.unlink()
    return root
