"""No page requests another origin: no URL of another origin in the built HTML, CSS or JS,
except the strings listed below, each of which is shown never to be fetched.

HTML attributes that load or link (src, href, srcset, action, poster, data, url()) must never
hold another origin's URL. In CSS and JS, every absolute URL must be on ALLOWED with its reason.
The browser tests (test_site_browser.py) then load every page and fail on any request to
another origin, which covers what a string scan cannot see.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

URL = re.compile(r"""https?://[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,}[^\s"'`)<>\\]*""")
# In attributes, protocol-relative URLs (//host/...) load from another origin too.
ATTRIBUTE_URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,}[^\s"'`)<>]*""")
# (URL prefix, why it is never fetched by this site)
ALLOWED = [
    ("http://www.w3.org/", "XML namespace identifiers (SVG, XLink, XHTML): names, not loads"),
    ("https://fontawesome.com", "licence comment of the icon font CSS in Material's stylesheet"),
    ("https://clipboardjs.com/", "licence comment of clipboard.js in Material's bundle"),
    (
        "https://unpkg.com/resize-observer-polyfill",
        "Material loads it only when the browser lacks ResizeObserver (every supported "
        "browser has it)",
    ),
    (
        "https://unpkg.com/mermaid",
        "Material loads Mermaid only on pages with mermaid diagrams; this site has none "
        "(asserted below)",
    ),
    (
        "https://api.github.com/",
        "Material fetches repository facts only when repo_url is set; mkdocs.yml sets none "
        "(asserted below)",
    ),
    ("http://lunrjs.com", "licence comment of lunr in Material's search worker"),
    ("http://tartarus.org/", "comment in lunr's Porter stemmer (search worker)"),
    ("https://bit.ly/2s3ChXG", "text of an error message in lunr (search worker)"),
    (
        "https://cdn.jsdelivr.net/pyodide/",
        "Pyodide's default package CDN, used only for packages it is asked to fetch without "
        "an indexURL; the calculator passes a same-origin indexURL and loads no packages",
    ),
    (
        "https://offline.invalid/",
        "the offline export's in-page fetch wrapper answers these from inlined bytes; .invalid "
        "never resolves (RFC 6761)",
    ),
]
LOADING_ATTRIBUTES = {"src", "href", "srcset", "action", "poster", "data", "formaction"}


def other_origin(url: str) -> bool:
    return bool(urlsplit(url if "//" not in url[:2] else "https:" + url).netloc)


def unexplained(text: str) -> set[str]:
    return {
        url
        for url in URL.findall(text)
        if other_origin(url) and not any(url.startswith(prefix) for prefix, _ in ALLOWED)
    }


class AttributeURLs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name in LOADING_ATTRIBUTES or name == "style":
                for url in ATTRIBUTE_URL.findall(value):
                    if other_origin(url):
                        self.found.append(f"<{tag} {name}={value!r}>")


def site_files(site: Path, *suffixes: str) -> list[Path]:
    lunr_languages = site / "assets" / "javascripts" / "lunr"
    return [p for p in site.rglob("*") if p.suffix in suffixes and lunr_languages not in p.parents]


def test_no_html_attribute_loads_or_links_another_origin(built_site: Path):
    pages = site_files(built_site, ".html")
    assert pages
    for page in pages:
        parser = AttributeURLs()
        parser.feed(page.read_text(encoding="utf-8"))
        assert not parser.found, f"{page.name}: {parser.found}"


@pytest.mark.parametrize("suffixes", [(".html",), (".css",), (".js", ".mjs")])
def test_every_absolute_url_in_html_css_js_is_explained(built_site: Path, suffixes):
    files = site_files(built_site, *suffixes)
    assert files
    problems = {
        str(f.relative_to(built_site)): sorted(found)
        for f in files
        if (found := unexplained(f.read_text(encoding="utf-8", errors="replace")))
    }
    assert not problems


def test_conditions_of_the_allow_list_hold(built_site: Path, project_root: Path):
    config = yaml.safe_load((project_root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "repo_url" not in config, "repo_url makes Material call api.github.com"
    assert config["theme"].get("font") is False, "theme.font must be false (Google Fonts)"
    for page in site_files(built_site, ".html"):
        html = page.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in html, page.name
        assert "fonts.googleapis.com" not in html, page.name
    # Material's lunr language files are loaded only for non-English search languages.
    search = next(
        (p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p), {}
    )
    assert search.get("lang", ["en"]) in (["en"], "en")


def test_the_scan_catches_a_real_load():
    assert unexplained('<script src="https://cdn.example.org/x.js"></script>')
    assert unexplained("fetch('http://cdn.example.org/x.json')")
    parser = AttributeURLs()
    parser.feed('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">')
    assert parser.found
    parser = AttributeURLs()
    parser.feed('<img src="//cdn.example.org/x.png" alt="">')
    assert parser.found
