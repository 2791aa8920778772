"""The shared fixtures themselves work: build, serve, browse with problem recording."""

from __future__ import annotations

import urllib.request

import pytest


def test_built_site_has_index(built_site):
    assert (built_site / "index.html").is_file()


def test_server_mime_types(site_server, built_site):
    with urllib.request.urlopen(site_server + "index.html") as response:
        assert response.headers["Content-Type"].startswith("text/html")
    js = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js"))
    rel = js.relative_to(built_site).as_posix()
    with urllib.request.urlopen(site_server + rel) as response:
        assert response.headers["Content-Type"].startswith("text/javascript")


@pytest.mark.browser
def test_page_records_console_errors(page, site_server, page_problems):
    page.goto(site_server + "index.html")
    page.evaluate("console.error('deliberate')")
    # about:blank has no CSP, so the browser really tries the other origin.
    page.goto("about:blank")
    page.set_content('<img src="http://192.0.2.1/x.png" alt="">')
    page.wait_for_timeout(200)
    assert any("deliberate" in p for p in page_problems)
    assert any("another origin" in p for p in page_problems)
    page_problems.clear()
