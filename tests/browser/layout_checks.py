"""What the layout tests measure in a page (issue 25 items 1, 2 and 5), as JavaScript run in
any engine (Playwright's page.evaluate or tests/engines.py's Page.evaluate: a function of one
JSON argument, its value JSON)."""

from __future__ import annotations

#: Records every layout shift (Chromium: the Layout Instability API) in window.__shifts.
CLS_OBSERVER = """
window.__shifts = [];
if (typeof PerformanceObserver === "function"
    && (PerformanceObserver.supportedEntryTypes || []).includes("layout-shift")) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__shifts.push({value: e.value, input: e.hadRecentInput,
        sources: (e.sources || []).map((s) => s.node
          ? (s.node.className || s.node.nodeName) + ` ${Math.round(s.previousRect.y)}`
            + `->${Math.round(s.currentRect.y)}` : "?")});
    }
  }).observe({type: "layout-shift", buffered: true});
}
"""

#: The layout shift score of shifts without recent input, and the shifts.
CLS = """() => ({
  cls: (window.__shifts || []).filter((s) => !s.input).reduce((a, s) => a + s.value, 0),
  shifts: window.__shifts || [],
})"""

#: Where the result is in the viewport (the Material header's bottom: the top of what is
#: seen), and where the form is.
WHERE_RESULT = """([selector]) => {
  const root = document.querySelector(selector);
  const rect = (el) => { const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  const header = document.querySelector(".md-header");
  return {
    viewport: {width: innerWidth, height: innerHeight},
    header: header ? header.getBoundingClientRect().bottom : 0,
    result: rect(root.querySelector("[data-result]")),
    card: rect(root.querySelector("[data-result] > *")),
    form: rect(root.querySelector("form")),
    summary: rect(root.querySelector("[data-announce]")),
    scrollY: scrollY,
  };
}"""

#: Every control a finger or pointer uses: the calculator's (shown ones), the audience
#: choice, "Go to the calculator" and "Download for offline use"; each one's size, and for
#: a radio or checkbox whether its label's first line is beside it (same line, after it).
TARGETS = """([selector]) => {
  const root = document.querySelector(selector);
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const controls = [
    ...root.querySelectorAll("input, select, textarea, button, a[href], summary"),
    ...document.querySelectorAll(
      ".gl-audience-choice input, .gc-jump a, .guideline-offline-download a"),
  ].filter(shown);
  return controls.map((el) => {
    const r = el.getBoundingClientRect();
    const name = el.id || el.getAttribute("href") || el.textContent.trim().slice(0, 40)
      || el.outerHTML.slice(0, 60);
    const item = {name, tag: el.tagName, width: r.width, height: r.height, sameLine: null};
    if (el.type === "radio" || el.type === "checkbox") {
      const label = el.labels && el.labels[0];
      const text = label && [...label.childNodes].find((n) => n.textContent.trim());
      if (text) {
        const range = document.createRange();
        range.selectNodeContents(text);
        const first = range.getClientRects()[0];
        const middle = (r.top + r.bottom) / 2;
        item.sameLine = Boolean(first) && first.left >= r.right - 1
          && first.top <= middle + 2 && first.bottom >= middle - 2;
      }
    }
    return item;
  });
}"""

#: Tab from the top of the page through the audience choice and the calculator: each
#: control that takes the focus, and whether its focus is drawn (an outline or a ring).
FOCUS_RING = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const seen = (window.__tabbed = window.__tabbed || new WeakSet());
  if (seen.has(el)) return null;  // round the page once
  seen.add(el);
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1;
  const ring = s.boxShadow && s.boxShadow !== "none";
  return {name: el.id || el.getAttribute("href") || el.textContent.trim().slice(0, 40),
          inCalculator: Boolean(el.closest("[data-calculator]")),
          inAudience: Boolean(el.closest(".gl-audience-choice")),
          visible: outline || ring};
}"""


def small_targets(targets: list[dict]) -> list[dict]:
    """The controls under 24 x 24 CSS px (a rounding's half pixel allowed)."""
    return [t for t in targets if t["width"] < 23.5 or t["height"] < 23.5]


def split_from_label(targets: list[dict]) -> list[dict]:
    """The radios and checkboxes whose label's first line is not beside them."""
    return [t for t in targets if t["sameLine"] is False]
