"""Editorial status of guideline pages, from front matter.

A guideline page (every page unless its front matter says ``page_type: documentation``) must
carry ``review_status`` (submitted / under_review / approved), ``last_updated`` (a date) and
``audience``; otherwise the build fails with a ``PluginError`` naming the page. The result is
put in ``page.meta["editorial"]`` for the theme (badge, date, banner when not approved).

Audience-specific blocks are written as::

    <!-- audience: patient; status: submitted -->
    Markdown for that audience.
    <!-- /audience -->

and rendered through ``partials/guideline/audience.html``: its HTML goes into the page after
Markdown (``placeholders.py``), the block's Markdown stays Markdown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.exceptions import PluginError

from guideline_site.placeholders import Stash

if TYPE_CHECKING:
    import jinja2

STATUSES = {
    "submitted": "Submitted",
    "under_review": "Under Review",
    "approved": "Approved",
}
AUDIENCES = {
    "clinician": "Healthcare professional",
    "patient": "Patient or caregiver",
}
PAGE_TYPES = ("guideline", "documentation")
#: The front matter a guideline page needs, with what each field takes.
REQUIRED = {
    "review_status": f"one of {', '.join(STATUSES)}",
    "last_updated": "a date YYYY-MM-DD",
    "audience": f"one or more of {', '.join(AUDIENCES)}",
}
#: Front matter at the start of a page's source (MkDocs drops front matter it cannot read).
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?)\n(?:-{3}|\.{3})[ \t]*$", re.DOTALL | re.MULTILINE)

AUDIENCE_BLOCK = re.compile(
    r"^<!--\s*audience:\s*(?P<audience>[\w-]+)\s*(?:;\s*status:\s*(?P<status>[\w-]+)\s*)?-->\s*\n"
    r"(?P<body>.*?)"
    r"^<!--\s*/audience\s*-->\s*$",
    re.MULTILINE | re.DOTALL,
)


def _status(value: Any, page: str, where: str) -> dict[str, Any]:
    if value not in STATUSES:
        raise PluginError(f"{page}: {where} must be one of {', '.join(STATUSES)} (got {value!r})")
    order = list(STATUSES)
    current = order.index(value)
    return {
        "code": value,
        "label": STATUSES[value],
        "approved": value == "approved",
        "stages": [
            {
                "code": code,
                "label": label,
                "state": "done" if i < current else "current" if i == current else "todo",
            }
            for i, (code, label) in enumerate(STATUSES.items())
        ],
    }


def _date(value: Any, page: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PluginError(
            f"{page}: last_updated must be a date YYYY-MM-DD (got {value!r})"
        ) from None


def _unreadable_front_matter(source: str) -> str | None:
    """Why the front matter at the start of ``source`` cannot be read, or None (no front
    matter, or it reads)."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return None
    try:
        yaml.safe_load(match.group(1))
    except Exception as exc:  # a YAML error, or a date that is not a date (ValueError)
        return " ".join(str(exc).split())
    return None


def page_editorial(
    meta: Mapping[str, Any], page: str, source: str = "", today: dt.date | None = None
) -> dict[str, Any] | None:
    """Validate a page's front matter; the editorial dict for the theme, or None for
    documentation pages. ``source``: the page's Markdown as MkDocs passed it on (which
    still holds front matter MkDocs could not read); ``today``: the build's date."""
    problem = _unreadable_front_matter(source) if not meta else None
    if problem:
        raise PluginError(f"{page}: its front matter cannot be read: {problem}")
    page_type = meta.get("page_type", "guideline")
    if page_type not in PAGE_TYPES:
        raise PluginError(f"{page}: page_type must be one of {', '.join(PAGE_TYPES)}")
    if page_type == "documentation":
        return None
    missing = [f"{field} ({takes})" for field, takes in REQUIRED.items() if field not in meta]
    if missing:
        raise PluginError(
            f"{page}: a guideline page needs in its front matter: {'; '.join(missing)}"
        )
    audiences = meta["audience"]
    audiences = [audiences] if isinstance(audiences, str) else audiences
    if not isinstance(audiences, list) or not all(a in AUDIENCES for a in audiences):
        raise PluginError(f"{page}: audience must be among {', '.join(AUDIENCES)}")
    updated = _date(meta["last_updated"], page)
    if updated > (today or dt.date.today()) + dt.timedelta(days=1):  # one day: time zones
        raise PluginError(f"{page}: last_updated {updated.isoformat()} is in the future")
    return {
        "status": _status(meta["review_status"], page, "review_status"),
        "last_updated": updated.isoformat(),
        "last_updated_text": f"{updated:%B} {updated.day}, {updated.year}",
        "audience": [{"code": a, "label": AUDIENCES[a]} for a in audiences],
    }


#: Where an audience block's Markdown goes in its template's HTML.
_BODY = "\x00body\x00"


class AudienceBlocks:
    """Audience blocks of pages, from the theme's templates (each distinct opening rendered
    once)."""

    def __init__(self, env: jinja2.Environment) -> None:
        self._block = env.get_template("partials/guideline/audience.html")
        self._chooser = env.get_template("partials/guideline/audience-choice.html")
        self._rendered: dict[tuple[str, str | None], tuple[str, str]] = {}
        self._choice: str | None = None

    def choice(self) -> str:
        """The audience choice's HTML ("Which best describes you?")."""
        if self._choice is None:
            self._choice = self._chooser.render(choices=audience_choices()).strip()
        return self._choice

    def around(self, audience: str, status: str | None, page: str) -> tuple[str, str]:
        """The block's HTML before and after its Markdown."""
        key = (audience, status)
        if key not in self._rendered:
            html = self._block.render(
                audience={"code": audience, "label": AUDIENCES[audience]},
                status=_status(status, page, "an audience block's status") if status else None,
                body=_BODY,
            ).strip()
            before, _, after = html.partition(_BODY)
            self._rendered[key] = (before.rstrip("\n"), after.lstrip("\n"))
        return self._rendered[key]

    def render(self, markdown: str, page: str, stash: Stash) -> str:
        """Replace audience blocks with their template: its HTML before and after the
        block's Markdown goes in after Markdown (placeholders of ``stash``), the Markdown
        stays where it is. The audience choice goes right before the first block."""
        first = True

        def replace(match: re.Match[str]) -> str:
            nonlocal first
            audience = match["audience"]
            if audience not in AUDIENCES:
                raise PluginError(
                    f"{page}: unknown audience {audience!r} (known: {', '.join(AUDIENCES)})"
                )
            before, after = self.around(audience, match["status"], page)
            block = stash.block(before) + match["body"] + stash.block(after)
            if first:
                first = False
                block = stash.block(self.choice()) + block
            return block

        out = AUDIENCE_BLOCK.sub(replace, markdown)
        if re.search(r"^<!--\s*/?audience\b", out, re.MULTILINE):
            raise PluginError(
                f"{page}: unbalanced audience block (<!-- audience: ... --> ... <!-- /audience -->)"
            )
        return out


def audience_choices() -> list[dict[str, str]]:
    return [{"code": code, "label": label} for code, label in AUDIENCES.items()]
