// Firefox for the browser tests: Debian's firefox-esr driven by puppeteer-core (npm, pinned
// in package.json) over WebDriver BiDi, for Python (tests/engines.py) through one
// long-lived process: one JSON command per line on stdin ({id, op, ...args}), one JSON answer
// per line on stdout ({id, ok: true, value} or {id, ok: false, error}). One page at a time,
// each in a fresh browser context; what the page did wrong is kept until `problems` is asked.
import readline from "node:readline";
import puppeteer from "puppeteer-core";

/* Firefox's own stylesheet (html.css, -moz-bullet-font) loads a data: font for list bullets:
 * a request of the browser's, not of the page. */
const BULLET_FONT = "data:font/woff2;base64,d09GMgABAAAAAAScAAsAAAAACfAAAARNAAEA";

let browser = null;
let context = null;
let page = null;
let problems = [];
let allowed = () => false;

function origin(url) {
  try {
    const u = new URL(url);
    return u.protocol === "file:" ? "file:" + u.pathname : u.origin;
  } catch {
    return url;
  }
}

const ops = {
  async launch({ executablePath, prefs }) {
    browser = await puppeteer.launch({
      browser: "firefox",
      executablePath,
      headless: true,
      protocolTimeout: 240000,
      extraPrefsFirefox: prefs,
    });
    return await browser.version();
  },
  async newPage({ width, height }) {
    if (context) await context.close();
    context = await browser.createBrowserContext();
    page = await context.newPage();
    await page.setViewport({ width, height });
    problems = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warn") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (r) => {
      const url = r.url();
      if (url.startsWith(BULLET_FONT) || allowed(url)) return;
      problems.push(`request: ${url.slice(0, 120)}`);
    });
    return null;
  },
  async goto({ url, allowOrigin }) {
    /* Served (allowOrigin): the page's own origin, data: and blob: URLs. From file://: the
     * file itself and the blob: URLs of its workers, nothing else (no data: either). */
    const own = allowOrigin ? origin(url) : url.split("#")[0];
    allowed = (other) => {
      if (other.startsWith("blob:") || (allowOrigin && other.startsWith("data:"))) return true;
      return allowOrigin ? origin(other) === own : other.split("#")[0] === own;
    };
    await page.goto(url, { waitUntil: "load", timeout: 120000 });
    return null;
  },
  async evaluate({ source, arg }) {
    const value = await page.evaluate(`(${source})(${JSON.stringify(arg ?? null)})`);
    return value === undefined ? null : value;
  },
  async click({ selector }) {
    await page.click(selector);
    return null;
  },
  async fill({ selector, value }) {
    await page.locator(selector).fill(value);
    return null;
  },
  async select({ selector, value }) {
    await page.select(selector, value);
    return null;
  },
  async viewport({ width, height }) {
    await page.setViewport({ width, height });
    return null;
  },
  async screenshot({ path }) {
    await page.screenshot({ path });
    return null;
  },
  async problems() {
    const seen = problems;
    problems = [];
    return seen;
  },
  async closePage() {
    if (context) await context.close();
    context = null;
    page = null;
    return null;
  },
  async quit() {
    if (browser) await browser.close();
    browser = null;
    return null;
  },
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const { id, op, ...args } = JSON.parse(line);
  let answer;
  try {
    if (!Object.hasOwn(ops, op)) throw new Error(`unknown operation ${op}`);
    answer = { id, ok: true, value: await ops[op](args) };
  } catch (err) {
    answer = { id, ok: false, error: String((err && err.message) || err).split("\n")[0] };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
  if (op === "quit") break;
}
if (browser) await browser.close();
process.exit(0); /* stdin may still be open */
