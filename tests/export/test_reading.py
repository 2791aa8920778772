"""How the offline file reads like the site, in its pure parts (export/pages.py): the nav's
sections as a tree, each page's contents as MkDocs gives them, and the search index's
headings (a result opens its page at the heading before the word). The browser side is in
test_large_file.py."""

from __future__ import annotations

import dataclasses
import json

from mkdocs.structure.toc import get_toc

from guideline_site import export
from guideline_site.export import pages


def section(
    url: str, *path: str, toc: tuple[pages.TocEntry, ...] = (), html: str = ""
) -> pages.Section:
    return pages.Section(
        id=pages.section_id(url),
        title=url.title(),
        html=html,
        eager=False,
        ids=(),
        path=path,
        toc=toc,
    )


def shape(nodes: list[pages.NavNode]) -> list:
    return [
        (n.title, n.open, shape(n.children)) if n.id is None else n.id.removeprefix("page--")
        for n in nodes
    ]


def test_nav_tree_groups_consecutive_pages_by_their_sections_and_opens_the_first_pages():
    tree = pages.nav_tree(
        [
            section("a", "S1", "Deep"),
            section("b", "S1", "Deep"),
            section("c", "S1"),
            section("d"),
            section("e", "S2"),
            section("f", "S1"),  # a later section of the same title is its own entry
        ]
    )
    assert shape(tree) == [
        ("S1", True, [("Deep", True, ["a", "b"]), "c"]),
        "d",
        ("S2", False, ["e"]),
        ("S1", False, ["f"]),
    ]
    assert shape(pages.nav_tree([section("x"), section("y", "S")])) == ["x", ("S", False, ["y"])]


def test_contents_are_the_headings_under_the_pages_title():
    toc = get_toc(
        [
            {"level": 1, "id": "t", "name": "Title", "children": [
                {"level": 2, "id": "a", "name": "A &amp; B", "children": [
                    {"level": 3, "id": "a1", "name": "A1", "children": []}]},
                {"level": 2, "id": "b", "name": "B", "children": []},
            ]}
        ]
    )  # fmt: skip
    assert export.contents(toc) == (
        pages.TocEntry(id="a", title="A &amp; B", children=(pages.TocEntry(id="a1", title="A1"),)),
        pages.TocEntry(id="b", title="B"),
    )
    # no single h1 on top: every top heading is listed
    two = get_toc([{"level": 2, "id": "x", "name": "X", "children": []}] * 2)
    assert [e.id for e in export.contents(two)] == ["x", "x"]


def test_search_entry_places_each_heading_in_the_pages_text():
    html = (
        '<h1 id="t">Title</h1><p>Intro <b>words</b></p>'
        '<h2 id="p--a">First &amp; more</h2><p>alpha</p>'
        '<h3 id="p--b">Second</h3><script>no text</script><p>beta</p>'
        '<h2 id="p--c">Empty</h2>'
    )
    toc = (
        pages.TocEntry(id="p--a", title="", children=(pages.TocEntry(id="p--b", title=""),)),
        pages.TocEntry(id="p--c", title=""),
        pages.TocEntry(id="p--missing", title=""),
    )
    page_id, title, text, heads = pages.search_entry(section("p", toc=toc, html=html))
    assert (page_id, title) == ("page--p", "P")
    assert text == pages.page_text(html) == "title intro words first & more alpha second beta empty"
    assert [(h, text[at:]) for h, at in heads] == [  # type: ignore[misc]
        ("p--a", "first & more alpha second beta empty"),
        ("p--b", "second beta empty"),
        ("p--c", "empty"),
    ]


def test_a_pages_contents_travel_with_it_and_stay_out_of_the_search():
    lazy = section("p", html="<p>body</p>")
    lazy = dataclasses.replace(lazy, toc_html="<nav>toc</nav>")
    data = json.loads(pages.content([lazy]))
    assert data["pages"] == {"page--p": "<nav>toc</nav><p>body</p>"}
    assert data["search"] == [["page--p", "P", "body", []]]
