"""The built site in headless Chromium: no console error, page error or request to another
origin on any page; audience choice remembered; readable without JS; print without chrome."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PATIENT = '.gl-audience[data-audience="patient"]'
CLINICIAN = '.gl-audience[data-audience="clinician"]'


@pytest.mark.parametrize("name", ["index.html", "decision-table.html", "authors.html", "404.html"])
def test_page_loads_cleanly(page, site_server: str, name: str):
    response = page.goto(site_server + name, wait_until="load")
    assert response is not None
    assert response.ok or name == "404.html"
    page.wait_for_timeout(300)  # let deferred scripts and workers start
    assert page.locator("footer .gl-disclaimer").is_visible()


def test_audience_choice_is_remembered(page, site_server: str):
    page.goto(site_server + "index.html")
    choice = page.locator("[data-audience-choice]")
    assert choice.is_visible()
    assert page.get_by_role("group", name="Which best describes you?").is_visible()
    # Default: the article's (clinician) text.
    assert page.locator(CLINICIAN).is_visible()
    assert not page.locator(PATIENT).is_visible()
    page.get_by_label("Patient or caregiver").check()
    assert page.locator(PATIENT).is_visible()
    assert not page.locator(CLINICIAN).is_visible()
    assert page.evaluate("localStorage.getItem('guideline-audience')") == "patient"
    page.reload()
    assert page.get_by_label("Patient or caregiver").is_checked()
    assert page.locator(PATIENT).is_visible()
    assert not page.locator(CLINICIAN).is_visible()
    page.get_by_label("Healthcare professional").check()
    assert page.locator(CLINICIAN).is_visible()
    # The rest of the article shows whatever the audience.
    assert page.get_by_role("heading", name="Red Flags Requiring Urgent Evaluation").is_visible()


def test_audience_switch_is_announced_politely(page, site_server: str):
    """A screen-reader user hears what the switch changed: the choice's status line (polite,
    silent at load) says which text now shows."""
    page.goto(site_server + "index.html")
    live = page.locator("[data-audience-choice] [data-audience-announce]")
    assert live.get_attribute("role") == "status"
    assert live.get_attribute("aria-live") == "polite"
    assert live.text_content() == ""  # nothing said before the reader chooses
    page.get_by_label("Patient or caregiver").check()
    assert live.text_content() == "Showing the text for patients and caregivers."
    page.get_by_label("Healthcare professional").check()
    assert live.text_content() == "Showing the text for healthcare professionals."


def test_unknown_stored_audience_falls_back_to_clinician(page, site_server: str):
    page.goto(site_server + "index.html")
    page.evaluate("localStorage.setItem('guideline-audience', 'robot')")
    page.reload()
    assert page.locator(CLINICIAN).is_visible()
    assert not page.locator(PATIENT).is_visible()


def test_readable_without_javascript(browser, site_server: str):
    context = browser.new_context(java_script_enabled=False)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    pg = context.new_page()
    try:
        pg.goto(site_server + "index.html")
        assert pg.locator(CLINICIAN).is_visible()
        assert pg.locator(PATIENT).is_visible()  # every variant, labelled
        assert "Patient or caregiver" in pg.locator(PATIENT).inner_text()
        assert not pg.locator("[data-audience-choice]").is_visible()
        assert pg.locator(".gl-banner").is_visible()
        assert pg.get_by_role("heading", name="References").is_visible()
    finally:
        context.close()
    assert all(url.startswith(site_server) for url in requests), requests


def test_print_has_no_navigation_chrome_and_keeps_references(page, site_server: str):
    page.goto(site_server + "index.html")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("#ref-6").is_visible()
    assert page.locator(".gl-banner").is_visible()
    assert page.locator("footer .gl-disclaimer").is_visible()
    assert page.locator(PATIENT).is_visible()
    assert page.locator(CLINICIAN).is_visible()


def test_callouts_have_icon_heading_and_border(page, site_server: str):
    page.goto(site_server + "index.html")
    for kind, heading in (("danger", "Red Flags"), ("avoid", "What to Avoid")):
        callout = page.locator(f".gl-callout--{kind}")
        style = callout.evaluate(
            """el => {
                const s = getComputedStyle(el);
                const icon = getComputedStyle(el.querySelector('h3'), '::before');
                return {border: s.borderTopWidth, left: s.borderLeftWidth,
                        mask: icon.maskImage || icon.webkitMaskImage, width: icon.width};
            }"""
        )
        assert style["border"] != "0px"
        assert float(style["left"].removesuffix("px")) >= 6
        assert style["mask"].startswith("url(")
        assert style["width"] != "0px"
        assert heading in callout.locator("h3").inner_text()


def test_citation_links_reach_the_reference(page, site_server: str):
    page.goto(site_server + "index.html")
    page.locator('.gl-cite a[href="#ref-5"]').first.click()
    assert page.url.endswith("#ref-5")
    assert page.locator("#ref-5").is_visible()


@pytest.mark.parametrize("name", ["index.html", "decision-table.html", "authors.html"])
@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_axe_finds_no_violation(page, site_server: str, project_root, name: str, audience: str):
    """axe-core (npm, pinned) on the whole page, each audience; injected as an init script,
    so the site's CSP needs no exception."""
    page.add_init_script(path=str(project_root / "node_modules" / "axe-core" / "axe.min.js"))
    page.add_init_script(f"localStorage.setItem('guideline-audience', '{audience}')")
    page.goto(site_server + name)
    result = page.evaluate("() => axe.run(document)")
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]
    assert not violations
