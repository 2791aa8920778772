// @ts-check
/* Every calculator of a page: its form, its result, and the Worker that runs its core.
 *
 * The sources of the page script guideline_site/assets/calculator/calculator.js, a classic
 * script (works from file:// too) bundled from these ES modules by esbuild (scripts/build-js;
 * the bundle is committed, so that a site build needs neither esbuild nor Node):
 *   main.js            this file: mounting each calculator, when its runtime loads, its
 *                      status line, the page API, and the live evaluation that ties the rest
 *   runtime-client.js  the page's one Worker (boot, cores, calls: the one JSON boundary)
 *   form.js            reading the form, the fields revealed, day totals, URL hash, errors
 *   result.js          the result card, the placeholder line, copy-to-note
 *   note.js            the text copy-to-note gives (pure)
 *   layout.js          opening a shared link at its result, copy-link
 *   spec.js            the core's declared spec: its types, its indexes, field conditions
 *   json.js            the JSON text a core receives (exact numbers)
 *
 * Generic: everything about one calculator comes from its root element
 * (data-calculator="NAME", the runtime's data-* attributes) and from its core's declared spec
 * (calculator_spec(), in the root's JSON block <script type="application/json"
 * data-calculator-spec>): the fields and their kinds, units, defaults, when a field shows, a
 * checklist's exclusive "none of these", the labels of a copied note, the step labels and
 * which steps are urgent or not covered. The page's form is generated from the same spec
 * (templates/form.html). The runtime starts loading when the calculator comes within a
 * viewport of being visible, on an interaction with the form, with inputs in the URL hash,
 * or on load()/evaluate() (never on idle); it never blocks the article. Python runs in a Web
 * Worker (worker.js); JSON strings cross the boundary (the core's own evaluate_json). One
 * Worker serves every calculator of the page (one Pyodide, each core imported once; see
 * runtime-client.js); one loader promise per calculator. Should the script be included more
 * than once, each root is still mounted once, and every copy shares the one runtime of the
 * page. Calculators put in the page later are mounted when a "guideline:content" event
 * reaches the document (the offline file carries this script once and dispatches the event
 * on each page it puts in place).
 *
 * Injectable start-up configuration (the offline export reuses this script and the form):
 * set `window.guidelineCalculatorConfig` before this script runs. Every key is optional:
 *   createWorker(): Worker        how to create the worker (default: new Worker(data-worker));
 *                                 may return a Promise of one
 *   runtime: {...}                merged over the runtime config read from the root's data-*
 *                                 attributes; see worker.js for the keys (indexURL, wheelURL,
 *                                 snapshotURL, lockFileContents, loadOptions, files: its
 *                                 ArrayBuffers are transferred to the worker).
 *                                 A value may be a Promise (or a function returning one):
 *                                 it is awaited before the config is sent to the worker.
 *   autoload: false               do not start loading when the calculator comes into view
 *                                 (only on interaction, a hash with inputs, load()/evaluate())
 *
 * Page API (README.md, "The calculator", "Page API"), for each calculator NAME:
 *   window.guidelineCalculators[NAME].load()           Promise settling when the runtime is ready
 *   window.guidelineCalculators[NAME].evaluate(input)  Promise of the result, rejects with {errors}
 *   window.guidelineCalculators[NAME].evaluateJSON(text)  Promise of the core's own
 *                                      evaluate_json(text) answer, the JSON text as it is
 *   window.guidelineCalculators[NAME].runtime          once ready: {snapshot, ms, note, timings}
 * The same object is also window[GLOBAL] when the root names one in data-global (a name the
 * core's spec declares as its legacy_global, e.g. the first user's "sciaticaFlare").
 */

import { resultAddress } from "./address.js";
import { createForm } from "./form.js";
import { toJSON } from "./json.js";
import { createLayout } from "./layout.js";
import { createResultView } from "./result.js";
import { createWorker, runtimeConfig, sharedRuntime } from "./runtime-client.js";
import { indexSpec } from "./spec.js";

/** @typedef {import("./runtime-client.js").InjectedConfig} InjectedConfig */
/** @typedef {import("./form.js").Control} Control */
/**
 * @typedef {object} CalculatorAPI  window.guidelineCalculators[NAME]
 * @property {() => Promise<void>} load
 * @property {(input: unknown) => Promise<unknown>} evaluate
 * @property {(text: string) => Promise<string>} evaluateJSON
 * @property {{ snapshot: boolean, ms: number, note?: string, timings?: unknown }} [runtime]
 */
/** The globals this script reads and sets (on window; data-global names one more).
 * @typedef {Record<string, unknown> & { guidelineCalculatorConfig?: InjectedConfig,
 *   guidelineCalculators?: Record<string, CalculatorAPI> }} PageGlobals */

/** The event the offline file dispatches on a page it has put in place (web/offline/pages.js). */
const CONTENT_EVENT = "guideline:content";

const page = /** @type {PageGlobals} */ (/** @type {unknown} */ (window));

/* The stylesheet comes as print-only, so that it does not hold up the article. */
for (const link of /** @type {NodeListOf<HTMLLinkElement>} */ (document.querySelectorAll("link[data-calculator-stylesheet]"))) {
  link.media = "all";
}
/* Printing opens each result's closed "Why this result" (a closed <details> prints its
 * summary only: the rules and article quotes behind the result would be left out; CSS
 * cannot open one in every engine), and closes them again after. */
/** @type {HTMLDetailsElement[]} */
let openedForPrint = [];
window.addEventListener("beforeprint", () => {
  const closed = /** @type {NodeListOf<HTMLDetailsElement>} */ (
    document.querySelectorAll("[data-calculator] [data-result] details:not([open])")
  );
  openedForPrint = [...closed];
  for (const details of openedForPrint) details.open = true;
});
window.addEventListener("afterprint", () => {
  for (const details of openedForPrint) details.open = false;
  openedForPrint = [];
});
const injected = page.guidelineCalculatorConfig || {};
/** @type {Record<string, CalculatorAPI>} */
const calculators = (page.guidelineCalculators = page.guidelineCalculators || {});
const shared = sharedRuntime();

/** @param {unknown} error */
function messageOf(error) {
  return String((error && /** @type {Error} */ (error).message) || error);
}

/** @param {HTMLElement} root  a calculator's element (data-calculator="NAME") */
function mount(root) {
  const name = /** @type {string} */ (root.dataset.calculator);
  /* Hidden in the markup, so that without JavaScript only the <noscript> line shows. */
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll("[data-needs-script]"))) el.hidden = false;
  const specBlock = root.querySelector("script[data-calculator-spec]");
  const spec = specBlock ? JSON.parse(/** @type {string} */ (specBlock.textContent)) : null;
  const HASH_PREFIX = `#${name}?`;
  const pkg = /** @type {string} */ (root.dataset.package);

  /* ------------------------------------------------------------------ runtime */

  /** @type {Promise<import("./runtime-client.js").ReadyInfo> | null} */
  let loader = null;

  /**
   * @param {string} state  idle, loading, ready or error (the root's data-state)
   * @param {string} [text]  the status line (unchanged when not given)
   * @param {string} [detail]
   */
  function setState(state, text, detail) {
    root.dataset.state = state;
    const status = root.querySelector("[data-status]");
    const errorBox = /** @type {HTMLElement | null} */ (root.querySelector("[data-load-error]"));
    if (status && text) status.textContent = text;
    const detailEl = root.querySelector("[data-status-detail]");
    if (detailEl) detailEl.textContent = detail || "";
    if (errorBox) errorBox.hidden = state !== "error";
  }

  /**
   * @param {string} stage
   * @param {number} fraction
   */
  function setProgress(stage, fraction) {
    const bar = /** @type {HTMLProgressElement | null} */ (root.querySelector("[data-progress]"));
    if (bar) bar.value = fraction;
    setState("loading", `Loading the calculator: ${stage}…`);
  }

  /** @type {(text: string | undefined) => void} */
  let rememberRules = () => {};

  /** The runtime failed to load, or the page's worker died after it was ready: the page
   * says so, and the retry button (or the next load()/evaluate()) starts a new one.
   * @param {unknown} error
   * @param {string} text
   */
  function stop(error, text) {
    loader = null;
    setState("error", text, messageOf(error));
  }

  /* When the runtime starts loading (it is several MB: a reader who only reads should not
   * pay for it). Always on load() / evaluate() (the page API, an interaction with the form,
   * inputs in the URL hash); besides, once the calculator comes within one viewport of
   * being visible (IntersectionObserver, rootMargin 100 %), unless autoload is false or the
   * reader asked to save data (navigator.connection.saveData: Chromium only; WebKit and
   * Firefox have no navigator.connection), when only using the form loads it. Never on
   * idle. The status line says which. */
  let stopWatching = () => {};

  function whenToLoad() {
    const start = () => load().catch(() => {});
    const connection = /** @type {{ connection?: { saveData?: boolean } }} */ (navigator).connection;
    if (injected.autoload === false) {
      setState("idle", "The calculator loads when you use the form.");
    } else if (connection && connection.saveData === true) {
      setState("idle", "Data saver is on: the calculator (a few MB) loads only when you use the form.");
    } else if (typeof IntersectionObserver === "function") {
      setState("idle", "The calculator loads when you scroll to it or use the form.");
      const observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) start();
        },
        { rootMargin: "100% 0px" },
      );
      observer.observe(root);
      stopWatching = () => observer.disconnect();
    } else {
      /* A browser without IntersectionObserver (before 2019): once the page has loaded. */
      setState("idle", "The calculator loads once the page has loaded, or when you use the form.");
      if (document.readyState === "complete") start();
      else window.addEventListener("load", start, { once: true });
    }
  }

  shared.listeners.add({
    progress: (stage, fraction) => {
      if (loader && root.dataset.state === "loading") setProgress(stage, fraction);
    },
    died: (error) => {
      if (loader) stop(error, "The calculator stopped working.");
    },
  });

  const wheelURL = new URL(root.dataset.wheel || "", document.baseURI).href;
  shared.register(pkg, wheelURL);

  function load() {
    if (loader) return loader;
    stopWatching();
    setState("loading", "Loading the calculator…");
    loader = shared.load(pkg, wheelURL, () => runtimeConfig(root, injected), () => createWorker(root, injected)).then(
      ({ info, rules }) => {
        rememberRules(rules);
        api.runtime = {
          snapshot: info.snapshot, ms: info.ms, note: info.note, timings: info.timings,
        };
        const secs = (info.ms / 1000).toFixed(1);
        const how = info.snapshot ? "from a snapshot" : "cold start";
        setState("ready", "Calculator ready.", `Runtime started in ${secs} s (${how}). ${info.note || ""}`.trim());
        return info;
      },
      (error) => {
        stop(error, "The calculator could not be loaded.");
        throw error;
      },
    );
    return loader;
  }

  /** The core's evaluate_json answer for a JSON text, as the text the worker returns.
   * @param {string} inputJSON */
  async function evaluateJSON(inputJSON) {
    if (typeof inputJSON !== "string") throw new TypeError("evaluateJSON takes a JSON string");
    await load();
    return await shared.call(pkg, inputJSON);
  }

  /** @param {string} inputJSON */
  async function call(inputJSON) {
    return JSON.parse(await evaluateJSON(inputJSON));
  }

  /** @param {unknown} input */
  async function evaluate(input) {
    let text;
    try {
      text = toJSON(input);
    } catch (error) {
      throw {
        errors: [{ field: null, message: `The input cannot be written as JSON (${String(/** @type {Error} */ (error).message).split("\n")[0]}).` }],
      };
    }
    const answer = await call(text);
    if (answer.errors) throw { errors: answer.errors };
    return answer.result;
  }

  /** @type {CalculatorAPI} */
  const api = {
    load: () => load().then(() => undefined),
    evaluate,
    evaluateJSON,
  };
  calculators[name] = api;
  if (root.dataset.global) page[root.dataset.global] = api;

  const formEl = root.querySelector("form");
  if (!spec || !formEl) return;

  /* ------------------------------------------------------------------ form and result */

  const index = indexSpec(spec);
  const form = createForm(root, formEl, index, HASH_PREFIX);
  /* A copied note links to this page with the answers it describes (in its version's own
   * folder on a site published in versions). */
  const pageLink = () => resultAddress(location.href, root.dataset.versionUrl || "", form.hashOfForm());
  const view = createResultView(root, index, form.touched, pageLink);
  const layout = createLayout(root, formEl, pageLink);
  rememberRules = view.rememberRules;
  let generation = 0;

  /* ----- live evaluation */

  /** The reader pressed "Show result": the next answer's first error takes the focus. */
  let focusFirstError = false;

  async function update() {
    const gen = ++generation;
    form.problems.clear();
    const { input } = form.readInput(form.problems);
    const inputText = toJSON(input);
    form.formToHash();
    if (root.dataset.state !== "ready") view.showPlaceholder("Loading the calculator…");
    let answer;
    try {
      answer = await call(inputText);
    } catch (error) {
      /* The reason (the load's or the worker's error) is said here too: the status line above
       * the form may be out of view. */
      if (gen === generation) {
        view.showPlaceholder(`No result: the calculator is not available (${messageOf(error).replace(/\.$/, "")}).`);
      }
      return;
    }
    if (gen !== generation) return;
    /* What the page itself refuses (a decimal outside its range in the selected unit) is an
     * error even when the core would take it. */
    const errors = [...(answer.errors || [])];
    for (const [field, message] of form.problems) {
      if (!errors.some((error) => error.field === field)) errors.push({ field, message });
    }
    /* Inputs this version does not know: said above the form, and no result (one computed
     * without them would be a guess). */
    const unknown = form.unknownMessage();
    if (unknown) errors.push({ field: null, message: unknown });
    if (errors.length) {
      view.forgetResult();
      const held = form.showErrors(errors);
      const shown = errors.length - held;
      view.showPlaceholder(
        unknown
          ? "No result: the link holds inputs this version does not know (named in the form)."
          : shown
            ? "No result: correct the answers marked above."
            : "No result yet: answer the questions above.",
      );
      /* After "Show result": the first answer to correct gets the focus, so that a keyboard
       * or screen-reader user lands on it and hears its message (aria-describedby). */
      if (focusFirstError) {
        focusFirstError = false;
        const first = /** @type {HTMLElement | null} */ (root.querySelector('form [aria-invalid="true"]'));
        if (first) first.focus();
      }
      return;
    }
    focusFirstError = false;
    form.clearErrors();
    view.showResult(input, inputText, answer.result);
    layout.resultShown();
  }

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** An edit makes any answer still in flight an answer to an earlier form: it is dropped
   * (bumping the generation), never drawn over the form as it is now, where it would show a
   * "required" message under a field just filled and move the controls below it.
   * @param {number} delay */
  function scheduleUpdate(delay) {
    clearTimeout(timer);
    generation++;
    timer = setTimeout(update, delay);
  }

  /** @param {Event} event */
  function onEdit(event) {
    if (!form.edited(/** @type {Control} */ (event.target))) return;
    scheduleUpdate(event.type === "input" ? 250 : 0);
  }

  formEl.addEventListener("input", onEdit);
  formEl.addEventListener("change", onEdit);
  formEl.addEventListener("submit", (event) => {
    event.preventDefault();
    form.submitted = true;
    focusFirstError = true;
    scheduleUpdate(0);
  });
  formEl.addEventListener("reset", () => {
    setTimeout(() => {
      form.touched.clear();
      form.fromLink.clear();
      form.unknownFromLink.length = 0;
      form.submitted = false;
      view.forget();
      form.clearErrors();
      form.updateReveal();
      if (location.hash.startsWith(HASH_PREFIX)) history.replaceState(null, "", location.pathname + location.search);
      view.showPlaceholder("No result yet: answer the questions above.");
    }, 0);
  });
  for (const type of ["focusin", "pointerdown", "keydown"]) {
    formEl.addEventListener(type, () => load().catch(() => {}), { once: true });
  }

  /** @type {HTMLElement} */ (root.querySelector("[data-retry]")).addEventListener("click", () => {
    load().then(() => update(), () => {});
  });

  /* Back, forward, or a calculator link opened in this page: show the hash's inputs. Any
   * other hash (a citation, a heading) leaves the form alone. */
  window.addEventListener("hashchange", () => {
    if (!location.hash.startsWith(HASH_PREFIX) || location.hash === form.hashOfForm()) return;
    form.resetControls();
    form.touched.clear();
    form.submitted = false;
    form.hashToForm();
    scheduleUpdate(0);
  });

  form.updateReveal();
  if (form.hashToForm()) {
    load().catch(() => {});
    update();
    layout.openAtResult();
  } else {
    whenToLoad();
  }
}

/** Each calculator in `container`, once.
 * @param {ParentNode} container */
function mountAll(container) {
  for (const root of /** @type {NodeListOf<HTMLElement>} */ (container.querySelectorAll("[data-calculator]"))) {
    if (!root.dataset.calculatorMounted) {
      root.dataset.calculatorMounted = "true";
      mount(root);
    }
  }
}

mountAll(document);
/* Content put in the page later (the offline file puts its compressed pages in place and
 * dispatches this event on each: web/offline/pages.js): its calculators too. */
document.addEventListener(CONTENT_EVENT, (event) => {
  if (event.target instanceof Element) mountAll(event.target);
});
