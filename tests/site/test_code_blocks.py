"""No marker of the plugin fires inside code: a code block is the author's example."""

from __future__ import annotations

from pathlib import Path

from tiny_project import TINY_CORE, make_project

from guideline_site import code_blocks

EXAMPLES = """Use `<!-- references -->` and `[@no-such-key]` inline.

```markdown
<!-- references -->
[@no-such-key]
```

- a list item with an indented example:

    ~~~~
    <!-- audience: patient; status: submitted -->
    For patients.
    <!-- /audience -->
    ```calculator
    tiny
    ```
    ~~~~

````text
<!-- decision-table -->
<!-- guideline-gaps -->
```
still code (a shorter fence does not close it)
````
"""


def test_mask_hides_every_code_block_and_span_and_restores_them_unchanged():
    masked = code_blocks.mask(EXAMPLES)
    for marker in ("<!--", "[@", "```calculator", "still code"):
        assert marker not in masked.text, marker
    assert "a list item with an indented example" in masked.text
    assert masked.restore(masked.text) == EXAMPLES


def test_an_unclosed_fence_is_code_to_the_end():
    text = "before\n```\n<!-- references -->\n"
    masked = code_blocks.mask(text)
    assert masked.text.startswith("before\n") and "references" not in masked.text
    assert masked.restore(masked.text) == text


def test_markers_in_code_stay_examples_in_the_built_page(tmp_path: Path, run_mkdocs_build):
    project = make_project(
        tmp_path, {"tiny": {"package": "tiny_core"}}, EXAMPLES, {"tiny_core": TINY_CORE}
    )
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml").read_text(encoding="utf-8")
        + "markdown_extensions:\n  - pymdownx.superfences\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr  # the unknown key in code is not a citation
    html = (site / "index.html").read_text(encoding="utf-8")
    assert html.count('class="gl-references"') == 1  # the page's own marker only
    assert "&lt;!-- references --&gt;" in html
    assert "&lt;!-- audience: patient; status: submitted --&gt;" in html
    assert "gl-audience" not in html
    assert "data-rule-id" not in html and "data-gap-id" not in html
    assert "data-guideline-calculator" not in html
    assert "[@no-such-key]" in html


def test_the_authors_pages_examples_render_as_code(built_site: Path):
    html = (built_site / "authors.html").read_text(encoding="utf-8")
    assert "&lt;!-- references --&gt;" in html
    assert 'id="ref-1"' not in html
    assert "&lt;!-- audience: patient; status: submitted --&gt;" in html
