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
REQUIRED = ("review_status", "last_updated", "audience")

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


def page_editorial(meta: Mapping[str, Any], page: str) -> dict[str, Any] | None:
    """Validate a page's front matter; the editorial dict for the theme, or None for
    documentation pages."""
    page_type = meta.get("page_type", "guideline")
    if page_type not in PAGE_TYPES:
        raise PluginError(f"{page}: page_type must be one of {', '.join(PAGE_TYPES)}")
    if page_type == "documentation":
        return None
    missing = [field for field in REQUIRED if field not in meta]
    if missing:
        raise PluginError(
            f"{page}: a guideline page needs {', '.join(missing)} in its front matter "
            f"(review_status: one of {', '.join(STATUSES)})"
        )
    audiences = meta["audience"]
    audiences = [audiences] if isinstance(audiences, str) else audiences
    if not isinstance(audiences, list) or not all(a in AUDIENCES for a in audiences):
        raise PluginError(f"{page}: audience must be among {', '.join(AUDIENCES)}")
    updated = _date(meta["last_updated"], page)
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
