"""Citations: ``[@key]`` / ``[@a; @b]`` in Markdown become numbered superscripts linked to a
reference list generated from ONE references file (YAML list; position = number).

``<!-- references -->`` on its own line renders the reference list. Each source shows its year,
and one older than the plugin's ``reference_age_years`` at the page's ``last_updated`` is
flagged, in the list and in every citation's tooltip. Unknown keys raise
``PluginError`` naming the page and the key, and so does a page that cites without the marker
(its citations link to the list on the same page). HTML comes from the theme's Jinja templates
``partials/guideline/citation.html`` and ``partials/guideline/references.html``.

A citation's HTML and the reference list do not go through Markdown: the Markdown gets a
placeholder (``placeholders.py``), replaced by the HTML in the page's HTML. A citation on a
heading's line keeps its HTML in the Markdown, so that the heading's text in the table of
contents has no placeholder.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.exceptions import PluginError

from guideline_site.placeholders import Stash

if TYPE_CHECKING:
    import jinja2

# [@key] or [@key1; @key2] (pandoc style), not followed by "(" or "[" (a Markdown link).
CITATION = re.compile(r"\[(@[\w.-]+(?:\s*;\s*@[\w.-]+)*)\](?![(\[])")
#: A heading's line (ATX), or a line a setext underline follows.
_HEADING_LINE = re.compile(r"^ {0,3}#|^[^\n]*\n {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
REFERENCES_MARKER = re.compile(r"^<!--\s*references\s*-->\s*$", re.MULTILINE)
REFERENCE_TYPES = ("Guideline", "Research")
FIELDS = ("key", "type", "title", "source", "year")


@dataclass(frozen=True)
class Reference:
    number: int
    key: str
    type: str
    title: str
    source: str
    year: int

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"


@dataclass(frozen=True, kw_only=True, slots=True)
class Cited:
    """A reference as a page shows it: with its age at the page's last update."""

    ref: Reference
    #: Whole years between the source's year and the page's last update; None without a date.
    age: int | None
    old: bool

    def __getattr__(self, name: str) -> Any:  # the template reads ref fields directly
        return getattr(self.ref, name)


def load_references(path: Path) -> dict[str, Reference]:
    """Read and validate the references file; returns references by key, in file order."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:  # YAML's message spans lines: one line here
        raise PluginError(f"references file {path}: {' '.join(str(exc).split())}") from None
    if not isinstance(entries, list) or not entries:
        raise PluginError(f"references file {path}: expected a non-empty list")
    references: dict[str, Reference] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"references file {path}, entry {number}"
        if not isinstance(entry, dict) or set(entry) != set(FIELDS):
            raise PluginError(f"{where}: expected exactly the fields {', '.join(FIELDS)}")
        if entry["type"] not in REFERENCE_TYPES:
            raise PluginError(f"{where}: type must be one of {', '.join(REFERENCE_TYPES)}")
        if entry["key"] in references:
            raise PluginError(f"{where}: duplicate key {entry['key']!r}")
        if not isinstance(entry["year"], int):
            raise PluginError(f"{where}: year must be an integer")
        references[entry["key"]] = Reference(
            number=number, **{k: entry[k] for k in FIELDS if k != "year"}, year=entry["year"]
        )
    return references


class Citations:
    """Renders citations and reference lists for pages, from one references file."""

    def __init__(
        self, references: dict[str, Reference], env: jinja2.Environment, age_years: int = 10
    ) -> None:
        self.references = references
        self.age_years = age_years
        self.by_number = {ref.number: ref for ref in references.values()}
        self._citation = env.get_template("partials/guideline/citation.html")
        self._list = env.get_template("partials/guideline/references.html")
        self._rendered: dict[tuple[tuple[int, ...], str, str | None, bool], str] = {}
        self._lists: dict[tuple[str | None, bool], str] = {}

    def lookup(self, key: str, page: str) -> Reference:
        try:
            return self.references[key]
        except KeyError:
            known = ", ".join(self.references)
            raise PluginError(
                f"{page}: unknown citation key {key!r} (known keys: {known})"
            ) from None

    def cited(self, ref: Reference, last_updated: str | None) -> Cited:
        """``ref`` with its age at ``last_updated`` (an ISO date), flagged when older than the
        configured number of years."""
        if not last_updated:
            return Cited(ref=ref, age=None, old=False)
        age = int(last_updated[:4]) - ref.year
        return Cited(ref=ref, age=age, old=age > self.age_years)

    def render_numbers(
        self,
        numbers: list[int],
        href_prefix: str = "",
        last_updated: str | None = None,
        *,
        search_view: bool = False,
    ) -> str:
        """A superscript for citation numbers (used by generated tables too); with
        ``search_view``, what the search plugin indexes of it (``placeholders.py``)."""
        key = (tuple(numbers), href_prefix, last_updated, search_view)
        html = self._rendered.get(key)
        if html is None:
            refs = [self.cited(self.by_number[n], last_updated) for n in numbers]
            html = self._citation.render(
                refs=refs,
                href_prefix=href_prefix,
                age_years=self.age_years,
                search_view=search_view,
            ).strip()
            self._rendered[key] = html
        return html

    def render_list(self, last_updated: str | None = None, *, search_view: bool = False) -> str:
        """The reference list as of ``last_updated`` (rendered once per date); with
        ``search_view``, what the search plugin indexes of it (``placeholders.py``)."""
        html = self._lists.get((last_updated, search_view))
        if html is None:
            html = self._list.render(
                references=[self.cited(ref, last_updated) for ref in self.references.values()],
                age_years=self.age_years,
                last_updated=last_updated,
                search_view=search_view,
            ).strip()
            self._lists[(last_updated, search_view)] = html
        return html

    def process(
        self, markdown: str, page: str, meta: MutableMapping[str, Any], stash: Stash
    ) -> str:
        """Replace citations and the references marker (in Markdown whose code is masked:
        ``code_blocks.py``) by placeholders of ``stash``."""
        cited: list[int] = []
        editorial = meta.get("editorial") or {}
        last_updated = editorial.get("last_updated") if isinstance(editorial, dict) else None

        headings = {m.start() for m in _HEADING_LINE.finditer(markdown)}

        def on_heading(at: int) -> bool:
            return markdown.rfind("\n", 0, at) + 1 in headings

        def replace(match: re.Match[str]) -> str:
            keys = [k.strip()[1:] for k in match.group(1).split(";")]
            refs = [self.lookup(key, page) for key in keys]
            cited.extend(ref.number for ref in refs)
            numbers = [ref.number for ref in refs]
            html = self.render_numbers(numbers, "", last_updated)
            if on_heading(match.start()):
                return html
            view = self.render_numbers(numbers, "", last_updated, search_view=True)
            return stash.inline(html, view)

        out = CITATION.sub(replace, markdown)
        meta["cited_references"] = sorted(set(cited))
        if cited and not REFERENCES_MARKER.search(out):
            raise PluginError(
                f"{page}: cites references but has no <!-- references --> line for its "
                "reference list (its citations link to the list on the same page)"
            )
        if REFERENCES_MARKER.search(out):
            listing = self.render_list(last_updated)
            view = self.render_list(last_updated, search_view=True)
            out = REFERENCES_MARKER.sub(lambda _m: stash.block(listing, view), out)
        return out
