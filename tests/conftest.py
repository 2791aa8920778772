"""Session-scoped fixtures shared by every test folder.

- ``built_site``: ``mkdocs build --strict`` once per session into a temporary directory.
- ``site_server``: serves that build over loopback HTTP with the headers of its ``_headers``
  file (the site's CSP, caching rules, MIME types);
  ``serve_copy``: a copy of it without some files.
- ``browser``: Debian Chromium through Playwright, once per session.
- ``page``: a fresh page that fails the test at teardown on any console error, page error or
  request to another origin than the test server.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import mimetypes
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import pytest

from guideline_site import headers

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".html": "text/html",
    ".whl": "application/zip",
    ".gz": "application/gzip",
}


def mkdocs_env() -> dict[str, str]:
    """Environment for running mkdocs: no MkDocs 2 banner."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` for ``project`` into ``site_dir`` (never raises)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root (where mkdocs.yml is)."""
    return ROOT


@pytest.fixture(scope="session")
def run_mkdocs_build():
    """``run_mkdocs_build(project_dir, site_dir)`` -> CompletedProcess (never raises)."""
    return mkdocs_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site, built once per session with ``mkdocs build --strict``."""
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site_dir)
    if result.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return site_dir


@pytest.fixture(scope="session")
def site_csp(built_site: Path) -> str | None:
    """The Content-Security-Policy header the test server sends, or None.

    The site's policy comes from ``guideline_site.csp`` when that module defines
    ``header_value(site_dir)`` (hashes of the built pages' inline scripts); override this
    fixture to test another policy.
    """
    try:
        from guideline_site import csp
    except ImportError:
        return None
    header_value = getattr(csp, "header_value", None)
    return header_value(built_site) if callable(header_value) else None


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as a static host does: the headers of the site's ``_headers``
    file (guideline_site/headers.py: CSP, caching, types, as Netlify and Cloudflare Pages
    merge them); without that file, ``Cache-Control: no-cache``. ``csp`` replaces the
    policy."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **MIME_TYPES,
    }
    csp: str | None = None
    gzip: bool = False
    rules: ClassVar[list[headers.Rule] | None] = None

    #: each path's headers, once worked out (the rules do not change while serving: a site
    #: of many pages has hundreds of rules, which a host matches natively)
    matched: ClassVar[dict[str, list[tuple[str, str]]]] = {}

    def _rule_headers(self) -> list[tuple[str, str]]:
        if self.rules is None:
            return [("Cache-Control", "no-cache")]
        path = unquote(urlsplit(self.path).path)
        if path not in self.matched:
            self.matched[path] = headers.headers_for(self.rules, path)
        return self.matched[path]

    def end_headers(self) -> None:
        sent = {name.lower() for name, _ in self._rule_headers()}
        for name, value in self._rule_headers():
            if name.lower() == "content-type":
                continue  # sent by guess_type
            if name.lower() == "content-security-policy" and self.csp:
                value = self.csp
            self.send_header(name, value)
        if self.csp and "content-security-policy" not in sent:
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        for name, value in self._rule_headers():
            if name.lower() == "content-type":
                return value
        suffix = Path(os.fspath(path)).suffix.lower()
        return (
            MIME_TYPES.get(suffix)
            or mimetypes.guess_type(os.fspath(path))[0]
            or ("application/octet-stream")
        )

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        """With ``gzip``: text files gzip-encoded, as a static host serves them."""
        path = Path(self.translate_path(self.path))
        if path.name == headers.FILE_NAME:  # read by the host, never served
            self.send_error(404)
            return None
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and accepts and path.is_file() and path.suffix in GZIP_SUFFIXES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser closing a connection mid-download is normal; anything else is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


GZIP_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".map"}


def serve_directory(
    directory: Path, csp: str | None = None, *, gzip: bool = False
) -> tuple[str, http.server.HTTPServer]:
    """Serve ``directory`` on a free loopback port in a daemon thread, with the headers of
    its ``_headers`` file when it has one (``gzip``: text files gzip-encoded when the client
    accepts it).

    Returns (base URL, server)."""
    rules_file = directory / headers.FILE_NAME
    rules = headers.parse(rules_file.read_text(encoding="utf-8")) if rules_file.is_file() else None
    handler = type(
        "Handler", (_Handler,), {"csp": csp, "gzip": gzip, "rules": rules, "matched": {}}
    )
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/", server


@pytest.fixture(scope="session")
def serve_dir():
    """``serve_dir(directory)`` -> (base URL, server): serves another build; the caller
    shuts the server down."""
    return serve_directory


@pytest.fixture(scope="session")
def site_server(built_site: Path, site_csp: str | None):
    """Base URL (ending in ``/``) of the built site served over loopback HTTP."""
    base_url, server = serve_directory(built_site, site_csp)
    yield base_url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def serve_copy(built_site: Path, site_csp: str | None, tmp_path_factory):
    """``serve_copy(without=GLOB)``: base URL of a copy of the built site, without the files
    that match GLOB, served as ``site_server`` serves the site (shut down after the session)."""
    servers = []

    def serve(without: str) -> str:
        copy = tmp_path_factory.mktemp("site-copy") / "site"
        shutil.copytree(built_site, copy)
        for path in copy.glob(without):
            path.unlink()
        base_url, server = serve_directory(copy, site_csp)
        servers.append(server)
        return base_url

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright (never Playwright's own download)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup --browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def page_problems() -> list[str]:
    """What the ``page`` fixture recorded; a test that expects an error may clear it."""
    return []


@pytest.fixture
def page(browser, site_server: str, page_problems: list[str]):
    """A fresh page; fails the test at teardown on any console error, page error, or request
    to another origin than the test server (data: URLs and same-origin blob: URLs allowed)."""
    server_origin = _origin(site_server)
    context = browser.new_context()
    pg = context.new_page()

    def on_console(msg) -> None:
        if msg.type == "error":
            page_problems.append(f"console error: {msg.text} ({msg.location})")

    def on_request(request) -> None:
        url = request.url
        if url.startswith("data:"):
            return
        if url.startswith("blob:"):
            url = url[len("blob:") :]
        if _origin(url) != server_origin:
            page_problems.append(f"request to another origin: {request.url}")

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: page_problems.append(f"page error: {exc}"))
    pg.on("request", on_request)
    yield pg
    context.close()
    if page_problems:
        pytest.fail("page problems:\n" + "\n".join(page_problems))


#: The engines ``engine_page`` runs a test in (tests/engines.py's Engine values).
ENGINES = ("chromium", "firefox", "webkit")


@pytest.fixture(scope="session")
def browsers(browser):
    """Each engine started once per session, on first use."""
    # imported here: benchmarks import this module as tests.conftest, without tests/ on the path
    from engines import Browsers

    started = Browsers(lambda: browser)
    yield started
    started.close()


@pytest.fixture(params=ENGINES)
def engine_page(request, browsers):
    """A page of Chromium, Firefox and WebKit in turn (tests/engines.py); the test fails on
    whatever the page recorded (console errors, page errors, CSP violations, requests other
    than its own)."""
    from engines import Engine

    page = browsers.new_page(Engine(request.param))
    yield page
    problems = page.close()  # a test expecting some takes them first (page.problems())
    if problems:
        pytest.fail(f"{page.engine.value} page problems:\n" + "\n".join(problems))
