"""The three browser engines a clinic has, behind the few operations the cross-browser tests
need (tests/browser/test_every_browser.py).

- Chromium: Debian's ``chromium`` through Playwright (as the Chromium-only tests drive it).
- Firefox: Debian's ``firefox-esr`` through puppeteer-core over WebDriver BiDi, driven from
  Python by a long-lived Node process (``tests/firefox_bridge.mjs``, JSON lines).
- WebKit (Safari's engine): Debian's WebKitGTK (``WebKitWebDriver`` and its ``MiniBrowser``)
  through selenium, on a virtual X server (``Xvfb``) this module starts.

A :class:`Page` opens one URL at a time (``goto``), runs a JavaScript function with one
JSON argument and returns its awaited, JSON-able value (``evaluate``), clicks, fills,
checks and selects by CSS selector, waits for a selector's state, takes a screenshot and
records what went wrong (``problems``): console errors and warnings, page errors, CSP
violations and requests other than the page's own. What each engine can record differs:
Playwright sees every request (data: ones through the DevTools protocol) and the workers'
consoles; puppeteer's BiDi session sees the page's requests and console; WebDriver has no
console or network API for WebKitGTK, so the page is hooked once loaded (console.error and
warn, errors, unhandled rejections, CSP violations; the Resource Timing entries for
requests): a worker's console is not seen there.
"""

from __future__ import annotations

import enum
import json
import os
import subprocess
import tempfile
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BRIDGE = Path(__file__).resolve().parent / "firefox_bridge.mjs"
FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
WEBKIT_BROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
VIEWPORT = (1280, 900)
TIMEOUT_S = 120
#: Firefox with its network off: every proxied request goes to a closed port (loopback, the
#: test server's, is never proxied); no update, telemetry or remote-settings traffic.
FIREFOX_PREFS = {
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": 9,
    "network.proxy.allow_hijacking_localhost": False,
    "app.update.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
}
#: What the WebKit page records, installed once it has loaded (see the module docstring).
WEBKIT_HOOKS = """() => {
  if (window.__engineProblems) return;
  const seen = (window.__engineProblems = []);
  for (const kind of ["error", "warn"]) {
    const original = console[kind];
    console[kind] = function (...args) {
      seen.push(`console ${kind}: ${args.map(String).join(" ")}`);
      return original.apply(this, args);
    };
  }
  addEventListener("error", (e) => seen.push(`page error: ${e.message}`));
  addEventListener("unhandledrejection", (e) =>
    seen.push(`unhandled rejection: ${(e.reason && e.reason.message) || e.reason}`));
  document.addEventListener("securitypolicyviolation", (e) =>
    seen.push(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
}"""
WEBKIT_PROBLEMS = """([own]) => {
  const seen = window.__engineProblems || [];
  window.__engineProblems = [];
  const origin = (url) => { try { return new URL(url).origin; } catch { return url; } };
  for (const entry of performance.getEntriesByType("resource")) {
    if (!entry.name.startsWith("blob:") && (own === null || origin(entry.name) !== own)) {
      seen.push(`request: ${entry.name.slice(0, 120)}`);
    }
  }
  performance.clearResourceTimings();
  return seen;
}"""
#: A selector reaching a state: "attached", "visible" or "detached".
WAIT = """async ([selector, state, ms]) => {
  const end = Date.now() + ms;
  for (;;) {
    const el = document.querySelector(selector);
    const visible = !!el && el.getClientRects().length > 0
      && getComputedStyle(el).visibility !== "hidden";
    if (state === "attached" ? !!el : state === "visible" ? visible : !el) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}"""


class Engine(enum.Enum):
    CHROMIUM = "chromium"
    FIREFOX = "firefox"
    WEBKIT = "webkit"


class EngineError(RuntimeError):
    """An operation the engine could not carry out (one line, naming the operation)."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Page:
    """One page of one engine; the operations shared by every engine are written once here."""

    engine: Engine

    def goto(self, url: str) -> None:
        raise NotImplementedError

    def evaluate(self, source: str, arg: Any = None) -> Any:
        """``source`` is a JavaScript function of one argument; its value, awaited."""
        raise NotImplementedError

    def click(self, selector: str) -> None:
        raise NotImplementedError

    def fill(self, selector: str, value: str) -> None:
        raise NotImplementedError

    def select_option(self, selector: str, value: str) -> None:
        raise NotImplementedError

    def screenshot(self, path: Path) -> None:
        raise NotImplementedError

    def set_viewport(self, width: int, height: int) -> None:
        """The page's viewport becomes ``width`` x ``height`` CSS pixels (a phone's, say)."""
        raise NotImplementedError

    def problems(self) -> list[str]:
        """What went wrong since the last call (console errors, requests...)."""
        raise NotImplementedError

    def close(self) -> list[str]:
        """Closes the page; returns its last problems."""
        raise NotImplementedError

    def check(self, selector: str, checked: bool = True) -> None:
        if self.evaluate("(s) => document.querySelector(s).checked", selector) != checked:
            self.click(selector)

    def uncheck(self, selector: str) -> None:
        self.check(selector, checked=False)

    def wait_for_selector(self, selector: str, timeout: float = 60_000, state: str = "attached"):
        """As Playwright's (``timeout`` in ms), so that tests/browser/calc_helpers.py's form
        helpers drive every engine."""
        if not self.evaluate(WAIT, [selector, state, int(timeout)]):
            raise EngineError(f"{self.engine.value}: {selector!r} not {state} in {timeout} ms")

    def text(self, selector: str) -> str:
        return self.evaluate("(s) => document.querySelector(s).textContent", selector)


class ChromiumPage(Page):
    engine = Engine.CHROMIUM

    def __init__(self, browser) -> None:
        self._problems: list[str] = []
        width, height = VIEWPORT
        self._viewport = {"width": width, "height": height}
        self._context = browser.new_context(viewport=self._viewport)
        self._page = None

    def goto(self, url: str) -> None:
        if self._page is None:
            self._page = self._open(url)
            self._page.set_viewport_size(self._viewport)
        self._page.goto(url)

    def _open(self, url: str):
        served = not url.startswith("file:")
        own = _origin(url) if served else url.split("#")[0]
        problems = self._problems

        def allowed(other: str) -> bool:
            # served: its origin, data: and blob:; from file://: the file and blob: only
            if other.startswith("blob:") or (served and other.startswith("data:")):
                return True
            return _origin(other) == own if served else other.split("#")[0] == own

        def console(msg) -> None:
            if msg.type in ("error", "warning"):
                problems.append(f"console {msg.type}: {msg.text}")

        page = refuse_requests(self._context, allowed, problems)
        page.on("console", console)
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        page.on("worker", lambda worker: worker.on("console", console))
        return page

    @property
    def playwright(self):
        """The Playwright page (once ``goto`` has opened it), for what only Chromium tests do
        (hover, locators, a second page of the same context)."""
        return self._page

    def evaluate(self, source: str, arg: Any = None) -> Any:
        return self._page.evaluate(source, arg)

    def click(self, selector: str) -> None:
        self._page.click(selector)

    def fill(self, selector: str, value: str) -> None:
        self._page.fill(selector, value)

    def select_option(self, selector: str, value: str) -> None:
        self._page.select_option(selector, value)

    def screenshot(self, path: Path) -> None:
        self._page.screenshot(path=str(path))

    def set_viewport(self, width: int, height: int) -> None:
        self._viewport = {"width": width, "height": height}
        if self._page is not None:  # else the page opened by goto gets it
            self._page.set_viewport_size(self._viewport)

    def problems(self) -> list[str]:
        seen = list(self._problems)
        self._problems.clear()
        return seen

    def close(self) -> list[str]:
        self._context.close()
        return self.problems()


def refuse_requests(context, allowed, problems: list[str]):
    """A page of ``context`` on which every request ``allowed(url)`` refuses is aborted and
    recorded in ``problems``; data: requests too (Chromium makes them like any image, and
    routes do not see them: the DevTools protocol does)."""

    def route(r) -> None:
        if allowed(r.request.url):
            r.continue_()
        else:
            problems.append(f"request: {r.request.url[:120]}")
            r.abort()

    def sent(event) -> None:
        url = event["request"]["url"]
        if url.startswith("data:") and not allowed(url):
            problems.append(f"request: {url[:120]}")

    context.route("**/*", route)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.on("Network.requestWillBeSent", sent)
    cdp.send("Network.enable")
    return page


class FirefoxBridge:
    """The Node process driving Firefox (tests/firefox_bridge.mjs)."""

    def __init__(self) -> None:
        if not Path(FIREFOX).exists():
            raise EngineError(f"{FIREFOX} is missing: run scripts/setup --browser")
        self._log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (open while the bridge runs)
        self._proc = subprocess.Popen(
            ["node", str(BRIDGE)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self._next = 0
        self.version = self.call("launch", executablePath=FIREFOX, prefs=FIREFOX_PREFS)

    def call(self, op: str, **args: Any) -> Any:
        self._next += 1
        assert self._proc.stdin is not None and self._proc.stdout is not None
        try:
            self._proc.stdin.write(json.dumps({"id": self._next, "op": op, **args}) + "\n")
            self._proc.stdin.flush()
            line = self._proc.stdout.readline()
        except OSError as exc:
            raise EngineError(f"firefox: the bridge is gone ({exc})") from exc
        if not line:
            self._log.seek(0)
            tail = " | ".join(self._log.read().strip().splitlines()[-3:])
            raise EngineError(f"firefox: the bridge exited during {op}: {tail}")
        answer = json.loads(line)
        if not answer["ok"]:
            raise EngineError(f"firefox: {op} failed: {answer['error']}")
        return answer.get("value")

    def close(self) -> None:
        try:
            self.call("quit")
        finally:
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None:
                    pipe.close()
            try:
                self._proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._log.close()


class FirefoxPage(Page):
    engine = Engine.FIREFOX

    def __init__(self, bridge: FirefoxBridge) -> None:
        self._bridge = bridge
        bridge.call("newPage", width=VIEWPORT[0], height=VIEWPORT[1])

    def goto(self, url: str) -> None:
        self._bridge.call("goto", url=url, allowOrigin=not url.startswith("file:"))

    def evaluate(self, source: str, arg: Any = None) -> Any:
        return self._bridge.call("evaluate", source=source, arg=arg)

    def click(self, selector: str) -> None:
        self._bridge.call("click", selector=selector)

    def fill(self, selector: str, value: str) -> None:
        self._bridge.call("fill", selector=selector, value=value)

    def select_option(self, selector: str, value: str) -> None:
        self._bridge.call("select", selector=selector, value=value)

    def screenshot(self, path: Path) -> None:
        self._bridge.call("screenshot", path=str(path))

    def set_viewport(self, width: int, height: int) -> None:
        self._bridge.call("viewport", width=width, height=height)

    def problems(self) -> list[str]:
        return self._bridge.call("problems")

    def close(self) -> list[str]:
        seen = self.problems()
        self._bridge.call("closePage")
        return seen


class WebKitDriver:
    """A WebDriver session of WebKitGTK's MiniBrowser on a virtual X server of its own."""

    def __init__(self) -> None:
        from selenium import webdriver

        for path in (WEBKIT_DRIVER, WEBKIT_BROWSER):
            if not Path(path).exists():
                raise EngineError(f"{path} is missing: run scripts/setup --browser")
        read, write = os.pipe()
        self._xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            display = pipe.readline().strip()
        if not display:
            self._xvfb.kill()
            raise EngineError("webkit: Xvfb did not start (is the xvfb package installed?)")
        options = webdriver.WebKitGTKOptions()
        options.binary_location = WEBKIT_BROWSER
        options.add_argument("--automation")
        service = webdriver.WebKitGTKService(
            executable_path=WEBKIT_DRIVER, env={**os.environ, "DISPLAY": f":{display}"}
        )
        try:
            with warnings.catch_warnings():  # selenium 4.51's own WebKitGTK set-up warns
                warnings.filterwarnings("ignore", "setting remote_server_addr", DeprecationWarning)
                self.driver = webdriver.WebKitGTK(options=options, service=service)
        except Exception:
            self._xvfb.kill()
            raise
        self.driver.set_script_timeout(TIMEOUT_S)
        self.driver.set_window_size(*VIEWPORT)
        self.version = self.driver.capabilities.get("browserVersion", "?")

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            self._xvfb.terminate()
            self._xvfb.wait(timeout=30)


class WebKitPage(Page):
    engine = Engine.WEBKIT

    def __init__(self, session: WebKitDriver) -> None:
        self._driver = session.driver
        self._own: str | None = None
        self._seen: list[str] = []
        self._resized = False
        #: a viewport narrower than MiniBrowser's window can be: (width, height) of the iframe
        #: a file:// page is shown in (``goto``), and that iframe's wrapper page
        self._frame: tuple[int, int] | None = None
        self._wrapper: Path | None = None
        self._driver.get("about:blank")

    def goto(self, url: str) -> None:
        self._collect()
        self._own = None if url.startswith("file:") else _origin(url)
        self._driver.switch_to.default_content()
        if self._frame is None:
            self._driver.get(url)
        else:
            self._goto_framed(url)
        self.evaluate(WEBKIT_HOOKS)

    def _goto_framed(self, url: str) -> None:
        """``url`` (a file) in an iframe of the viewport's size, at the top left of a wrapper
        page beside it; the page's operations then act in the iframe."""
        from selenium.webdriver.common.by import By

        if not url.startswith("file:"):
            raise EngineError(f"webkit: a {self._frame} viewport is for file:// pages only")
        path = Path(unquote(urlsplit(url).path))
        width, height = self._frame  # type: ignore[misc]
        self._wrapper = path.with_name(".webkit-viewport.html")
        self._wrapper.write_text(
            f'<!doctype html><body style="margin:0"><iframe title="page" src="{path.name}'
            f'{"#" + urlsplit(url).fragment if urlsplit(url).fragment else ""}"'
            f' style="display:block;border:0;width:{width}px;height:{height}px"></iframe>',
            encoding="utf-8",
        )
        self._driver.get(self._wrapper.as_uri())
        self._driver.switch_to.frame(self._driver.find_element(By.TAG_NAME, "iframe"))

    def _collect(self) -> None:
        if self._driver.current_url.startswith(("http", "file")):
            self._seen += self.evaluate(WEBKIT_PROBLEMS, [self._own])

    def evaluate(self, source: str, arg: Any = None) -> Any:
        answer = self._driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"Promise.resolve(arguments[0]).then({source}).then("
            "(value) => done({ok: true, value: value === undefined ? null : value}),"
            "(e) => done({ok: false, error: String((e && e.message) || e)}));",
            arg,
        )
        if not answer["ok"]:
            raise EngineError(f"webkit: evaluate failed: {answer['error']}")
        return answer["value"]

    def _element(self, selector: str):
        """The element, scrolled to the middle of the viewport (WebDriver scrolls it only to
        an edge, where the site's sticky header covers it)."""
        from selenium.webdriver.common.by import By

        element = self._driver.find_element(By.CSS_SELECTOR, selector)
        self._driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        return element

    def click(self, selector: str) -> None:
        self._element(selector).click()

    def fill(self, selector: str, value: str) -> None:
        element = self._element(selector)
        element.clear()
        element.send_keys(value)

    def select_option(self, selector: str, value: str) -> None:
        from selenium.webdriver.support.select import Select

        Select(self._element(selector)).select_by_value(value)

    def screenshot(self, path: Path) -> None:
        self._driver.save_screenshot(str(path))

    def set_viewport(self, width: int, height: int) -> None:
        """The window's size less its viewport's (MiniBrowser's own bars). Its window is 447
        px wide at least: a narrower viewport is an iframe of that size (file:// pages)."""
        inner = self._driver.execute_script("return [innerWidth, innerHeight]")
        outer = self._driver.get_window_size()
        self._driver.set_window_size(
            width + outer["width"] - inner[0], height + outer["height"] - inner[1]
        )
        self._resized = True
        got = self._driver.execute_script("return innerWidth")
        self._frame = (width, height) if got > width else None

    def problems(self) -> list[str]:
        self._collect()
        seen, self._seen = self._seen, []
        return seen

    def close(self) -> list[str]:
        seen = self.problems()
        self._driver.switch_to.default_content()
        self._driver.get("about:blank")
        if self._resized:  # the next page of the session has the usual size
            self._driver.set_window_size(*VIEWPORT)
        if self._wrapper is not None:
            self._wrapper.unlink(missing_ok=True)
        return seen


class Browsers:
    """Each engine started once, on first use; ``new_page(engine)`` a fresh page of it."""

    def __init__(self, chromium_browser) -> None:
        self._chromium = chromium_browser
        self._firefox: FirefoxBridge | None = None
        self._webkit: WebKitDriver | None = None
        self.versions: dict[Engine, str] = {}

    def new_page(self, engine: Engine) -> Page:
        if engine is Engine.CHROMIUM:
            browser = self._chromium()
            self.versions[engine] = browser.version
            return ChromiumPage(browser)
        if engine is Engine.FIREFOX:
            if self._firefox is None:
                self._firefox = FirefoxBridge()
                self.versions[engine] = self._firefox.version
            return FirefoxPage(self._firefox)
        if self._webkit is None:
            self._webkit = WebKitDriver()
            self.versions[engine] = self._webkit.version
        return WebKitPage(self._webkit)

    def close(self) -> None:
        for session in (self._firefox, self._webkit):
            if session is not None:
                session.close()
