"""The built site carries each calculator's computable FHIR, linked from its decision table
and covered by the host's headers (CSP site-wide, revalidated caching)."""

from __future__ import annotations

import json
from pathlib import Path

from guideline_site import headers


def test_the_site_writes_and_links_its_fhir(built_site: Path):
    page = (built_site / "decision-table.html").read_text(encoding="utf-8")
    rules = headers.parse((built_site / "_headers").read_text(encoding="utf-8"))
    for kind in ("Questionnaire", "PlanDefinition"):
        path = f"fhir/sciatica-flare/{kind}.json"
        assert json.loads((built_site / path).read_text(encoding="utf-8"))["resourceType"] == kind
        assert f'href="{path}"' in page
        sent = dict(headers.headers_for(rules, f"/{path}"))
        assert sent["Cache-Control"] == headers.REVALIDATE and "Content-Security-Policy" in sent
