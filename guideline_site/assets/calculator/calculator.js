/* Every calculator of a page: its form, its result, and the Worker that runs its core.
 *
 * A classic script (works from file:// too), generic: everything about one calculator comes
 * from its root element (data-calculator="NAME", the runtime's data-* attributes) and from
 * its core's declared spec (calculator_spec(), in the root's JSON block
 * <script type="application/json" data-calculator-spec>): the fields and their kinds, units,
 * defaults, when a field shows, a checklist's exclusive "none of these", the labels of a
 * copied note, the step labels and which steps are urgent or not covered. The page's form is
 * generated from the same spec (templates/form.html). The runtime starts loading when the
 * calculator comes within a viewport of being visible, on an interaction with the form, with
 * inputs in the URL hash, or on load()/evaluate() (never on idle); it never blocks the
 * article. Python runs in a Web Worker (worker.js); JSON strings cross the boundary (the
 * core's own evaluate_json). One Worker serves every calculator of the page (one Pyodide,
 * each core imported once; see pageRuntime below); one loader promise per calculator. The
 * script may be included more than once (the offline file has one in each page with a
 * calculator): each root is mounted once, and every copy shares the one runtime of the page.
 *
 * Injectable start-up configuration (the offline export reuses this file and the form):
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
 * Page API (CONTRACT.md "Browser hooks", revision 2), for each calculator NAME:
 *   window.guidelineCalculators[NAME].load()           Promise settling when the runtime is ready
 *   window.guidelineCalculators[NAME].evaluate(input)  Promise of the result, rejects with {errors}
 *   window.guidelineCalculators[NAME].evaluateJSON(text)  Promise of the core's own
 *                                      evaluate_json(text) answer, the JSON text as it is
 *   window.guidelineCalculators[NAME].runtime          once ready: {snapshot, ms, note, timings}
 * The same object is also window[GLOBAL] when the root names one in data-global (a name the
 * core's spec declares as its legacy_global, e.g. the first user's "sciaticaFlare").
 */
(function () {
  "use strict";

  /* The stylesheet comes as print-only, so that it does not hold up the article. */
  for (const link of document.querySelectorAll("link[data-calculator-stylesheet]")) {
    link.media = "all";
  }
  const injected = window.guidelineCalculatorConfig || {};
  const calculators = (window.guidelineCalculators = window.guidelineCalculators || {});

  /* A number written into the JSON text as it is (exact): a whole number too large for a
   * JavaScript number, or a day total that is not whole. */
  class RawNumber {
    constructor(text) {
      this.text = text;
    }
    toString() {
      return this.text;
    }
  }

  /* JSON text for the core. JSON.stringify would turn NaN and ±Infinity into null, which a
   * core reads as "not given" (an optional day count: Infinity would mean "not started");
   * Python's json reads the tokens NaN and Infinity, so the core's evaluate_json sees the
   * same text as CPython does and rejects it. A BigInt is written exactly. */
  function toJSON(value) {
    const raw = [];
    const mark = `\u0000gc-raw-${Math.random().toString(36).slice(2)}-`;
    const keep = (text) => `${mark}${raw.push(text) - 1}`;
    const text = JSON.stringify(value === undefined ? null : value, (key, v) => {
      if (typeof v === "number" && !Number.isFinite(v)) {
        return keep(Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
      }
      if (typeof v === "bigint") return keep(v.toString());
      if (v instanceof RawNumber) return keep(v.text);
      return v;
    });
    if (text === undefined) return "null";
    const quoted = JSON.stringify(mark).slice(0, -1);
    return text.split(quoted).map((part, i) => {
      if (!i) return part;
      const end = part.indexOf('"');
      return raw[Number(part.slice(0, end))] + part.slice(end + 1);
    }).join("");
  }

  /* `text` (a decimal number as typed) times a whole `factor`, computed exactly: a Number
   * when whole and safe, else a RawNumber (a whole number too large for a Number, or a
   * total that is not whole, which the core then rejects: never rounded). null when the
   * text is not a plain decimal number. */
  function exactTimes(text, factor) {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(text);
    if (!m || !(m[2] || m[3])) return null;
    const frac = m[3] || "";
    const scale = frac.length - Number(m[4] || 0); /* value = digits * 10^-scale */
    if (Math.abs(scale) > 400) return null;
    let digits = BigInt((m[2] || "") + frac || "0") * BigInt(factor);
    if (scale < 0) digits *= 10n ** BigInt(-scale);
    const sign = m[1] === "-" && digits !== 0n ? "-" : "";
    let whole = digits.toString();
    let part = "";
    if (scale > 0) {
      whole = whole.padStart(scale + 1, "0");
      part = whole.slice(whole.length - scale).replace(/0+$/, "");
      whole = whole.slice(0, whole.length - scale);
    }
    const value = `${sign}${whole}${part ? `.${part}` : ""}`;
    if (part) return new RawNumber(value);
    return Number.isSafeInteger(Number(value)) ? Number(value) : new RawNumber(value);
  }

  /* A field's shown_when / required_when conditions (the spec's Op) over an input object. */
  function holds(conditions, input) {
    return (conditions || []).every((c) => {
      const value = input[c.field];
      if (c.op === "given") return value !== undefined && value !== null;
      if (c.op === "no_items") return !Array.isArray(value) || value.length === 0;
      throw new Error(`unknown condition ${JSON.stringify(c.op)} on ${c.field}`);
    });
  }

  /* ------------------------------------------------------------------ the page's runtime */

  /* The one Worker of the page and what is asked of it, shared by every calculator (and by
   * every copy of this script: it lives on window under a registered symbol). A calculator
   * mounted after the load started gets its core added to the running worker. */
  const SHARED = Symbol.for("guideline-calculators.runtime");
  const shared = window[SHARED] || (window[SHARED] = pageRuntime());

  function pageRuntime() {
    let worker = null;
    let booted = null; /* Promise of the worker's ready info */
    let nextId = 0;
    const pending = new Map(); /* evaluate id -> {resolve, reject} */
    const known = new Map(); /* package -> wheel URL, every calculator that asked to load */
    const readyRules = new Map(); /* package -> rules JSON, cores loaded by the worker */
    const coreWaits = new Map(); /* package -> Promise of its rules JSON */
    const coreSettle = new Map(); /* package -> {resolve, reject} while the worker adds it */
    const listeners = new Set(); /* per calculator: {progress(stage, fraction), died(error)} */

    /* The worker failed or died: everything asked of it fails; the next load starts anew. */
    function fail(error) {
      if (worker) worker.terminate();
      worker = null;
      booted = null;
      for (const p of [...pending.values(), ...coreSettle.values()]) p.reject(error);
      pending.clear();
      coreSettle.clear();
      coreWaits.clear();
      readyRules.clear();
    }

    function settleCore(pkg, error, rules) {
      const waiting = coreSettle.get(pkg);
      if (!waiting) return;
      coreSettle.delete(pkg);
      if (error) {
        coreWaits.delete(pkg);
        waiting.reject(error);
      } else waiting.resolve(rules);
    }

    /* Start the worker once: configOf() gives the runtime config (read from the calculator
     * that starts it), createWorker() the Worker. Resolves with the ready info. */
    function boot(configOf, createWorker) {
      if (booted) return booted;
      const started = (async () => {
        const config = await configOf();
        config.cores = [...known].map(([pkg, wheelURL]) => ({ package: pkg, wheelURL }));
        const w = await createWorker();
        worker = w;
        return await new Promise((resolve, reject) => {
          let ready = false;
          w.onmessage = (event) => {
            const m = event.data || {};
            if (m.type === "progress") {
              if (m.fraction < 1) for (const l of listeners) l.progress(m.stage, m.fraction);
            } else if (m.type === "ready") {
              ready = true;
              for (const [pkg, rules] of Object.entries(m.info.rules || {})) readyRules.set(pkg, rules);
              resolve(m.info);
            } else if (m.type === "failed") {
              reject(new Error(m.message));
            } else if (m.type === "core-ready") {
              settleCore(m.package, null, m.rules);
            } else if (m.type === "core-failed") {
              settleCore(m.package, new Error(m.message));
            } else if (m.type === "result") {
              const p = pending.get(m.id);
              if (!p) return;
              pending.delete(m.id);
              if (m.ok) p.resolve(m.output);
              else p.reject(new Error(m.message));
            }
          };
          w.onerror = (event) => {
            event.preventDefault();
            const error = new Error(`the calculator worker failed: ${event.message || "could not start"}`);
            if (!ready) reject(error);
            else if (worker === w) {
              fail(error);
              for (const l of listeners) l.died(error);
            }
          };
          const buffers = Object.values(config.files || {}).filter((v) => v instanceof ArrayBuffer);
          w.postMessage({ type: "load", config }, buffers);
        });
      })();
      booted = started;
      started.catch((error) => {
        if (booted === started) fail(error);
      });
      return started;
    }

    /* The rules JSON of core `pkg` once the worker has it (added now if it was not in the
     * worker's first load). */
    function core(pkg, wheelURL) {
      if (!coreWaits.has(pkg)) {
        coreWaits.set(
          pkg,
          new Promise((resolve, reject) => {
            if (readyRules.has(pkg)) return resolve(readyRules.get(pkg));
            if (!worker) return reject(new Error("the calculator runtime is not running"));
            coreSettle.set(pkg, { resolve, reject });
            worker.postMessage({ type: "core", core: { package: pkg, wheelURL } });
          }),
        );
      }
      return coreWaits.get(pkg);
    }

    /* A calculator of the page: its core goes with the worker's first load. */
    function register(pkg, wheelURL) {
      if (!known.has(pkg)) known.set(pkg, wheelURL);
    }

    /* Load core `pkg` (from wheelURL) in the page's worker: {info, rules}. */
    async function load(pkg, wheelURL, configOf, createWorker) {
      register(pkg, wheelURL);
      const info = await boot(configOf, createWorker);
      return { info, rules: await core(pkg, wheelURL) };
    }

    function call(pkg, text) {
      if (!worker) return Promise.reject(new Error("the calculator stopped working; retry loading it"));
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: "evaluate", id, package: pkg, input: text });
      });
    }

    return { register, load, call, listeners };
  }

  /* The review stages as the site's badge names them; an unknown code is shown as it is. */
  const STATUS_LABELS = { submitted: "Submitted", under_review: "Under Review", approved: "Approved" };
  function statusLabel(code) {
    return Object.hasOwn(STATUS_LABELS, code) ? STATUS_LABELS[code] : String(code);
  }

  function mount(root) {
    const name = root.dataset.calculator;
    /* Hidden in the markup, so that without JavaScript only the <noscript> line shows. */
    for (const el of root.querySelectorAll("[data-needs-script]")) el.hidden = false;
    const specBlock = root.querySelector("script[data-calculator-spec]");
    const spec = specBlock ? JSON.parse(specBlock.textContent) : null;
    const HASH_PREFIX = `#${name}?`;

    /* ------------------------------------------------------------------ runtime */

    let loader = null;

    function setState(state, text, detail) {
      if (!root) return;
      root.dataset.state = state;
      const status = root.querySelector("[data-status]");
      const errorBox = root.querySelector("[data-load-error]");
      if (status && text) status.textContent = text;
      const detailEl = root.querySelector("[data-status-detail]");
      if (detailEl) detailEl.textContent = detail || "";
      if (errorBox) errorBox.hidden = state !== "error";
    }

    function setProgress(stage, fraction) {
      if (!root) return;
      const bar = root.querySelector("[data-progress]");
      if (bar) bar.value = fraction;
      setState("loading", `Loading the calculator: ${stage}…`);
    }

    async function resolveValue(value) {
      const v = typeof value === "function" ? value() : value;
      return await v;
    }

    async function runtimeConfig() {
      const d = root ? root.dataset : {};
      const base = document.baseURI;
      const abs = (url) => (url ? new URL(url, base).href : "");
      const config = {
        indexURL: abs(d.indexUrl),
        snapshotURL: abs(d.snapshot),
        snapshotNote: d.snapshotNote || "",
        lockFileContents: d.lock,
        loadOptions: d.loadOptions ? JSON.parse(d.loadOptions) : {},
      };
      const extra = injected.runtime || {};
      for (const key of Object.keys(extra)) config[key] = await resolveValue(extra[key]);
      if (config.files) {
        const files = {};
        for (const name of Object.keys(config.files)) {
          files[name] = await resolveValue(config.files[name]);
        }
        config.files = files;
      }
      return config;
    }

    let rememberRules = () => {};

    function createWorker() {
      if (typeof injected.createWorker === "function") return injected.createWorker();
      const url = root && root.dataset.worker;
      if (!url) throw new Error("the page does not say where the calculator worker is");
      return new Worker(new URL(url, document.baseURI).href);
    }

    /* The runtime failed to load, or the page's worker died after it was ready: the page
     * says so, and the retry button (or the next load()/evaluate()) starts a new one. */
    function stop(error, text) {
      loader = null;
      setState("error", text, String(error.message || error));
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
      const connection = navigator.connection;
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
    shared.register(root.dataset.package, wheelURL);

    function load() {
      if (loader) return loader;
      stopWatching();
      setState("loading", "Loading the calculator…");
      loader = shared.load(root.dataset.package, wheelURL, runtimeConfig, createWorker).then(
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

    /* The core's evaluate_json answer for a JSON text, as the text the worker returns. */
    async function evaluateJSON(inputJSON) {
      if (typeof inputJSON !== "string") throw new TypeError("evaluateJSON takes a JSON string");
      await load();
      return await shared.call(root.dataset.package, inputJSON);
    }

    async function call(inputJSON) {
      return JSON.parse(await evaluateJSON(inputJSON));
    }

    async function evaluate(input) {
      let text;
      try {
        text = toJSON(input);
      } catch (error) {
        throw {
          errors: [{ field: null, message: `The input cannot be written as JSON (${String(error.message).split("\n")[0]}).` }],
        };
      }
      const answer = await call(text);
      if (answer.errors) throw { errors: answer.errors };
      return answer.result;
    }

    const api = {
      load: () => load().then(() => undefined),
      evaluate,
      evaluateJSON,
    };
    calculators[name] = api;
    if (root.dataset.global) window[root.dataset.global] = api;

    const form = root.querySelector("form");
    if (!spec || !form) return;

    /* ------------------------------------------------------------------ form */

    const resultBox = root.querySelector("[data-result]");
    const announcer = root.querySelector("[data-announce]");
    const noteArea = root.querySelector("[data-note-text]");
    const noteBox = noteArea.parentElement;
    const formError = root.querySelector("[data-form-error]");
    /* The rule table (rules_as_data()) comes from the worker with the ready message. */
    const ruleById = new Map();
    const refHref = root.dataset.refHref || "#ref-{n}";
    rememberRules = (text) => {
      const data = JSON.parse(text || "{}");
      for (const item of [...(data.rules || []), ...(data.gaps || [])]) ruleById.set(item.id, item);
    };
    const touched = new Set();
    /* Number fields whose text is not a number, in the last input read: their message is the
     * page's own ("not a number"), not the core's echo of a placeholder value. */
    const unparsed = new Set();
    let submitted = false;
    let generation = 0;
    let lastResult = null;
    let lastInput = null;
    let shownKey = null; /* what the result box shows now (re-rendered only when it changes) */

    /* The spec, indexed: fields by name, in the form's order (the groups'), the step codes of
     * the result, and each control name's field (a checklist's FIELD_none, a day count's
     * FIELD_unit belong to FIELD). */
    const fields = spec.fields;
    const fieldByName = new Map(fields.map((field) => [field.name, field]));
    const formOrder = spec.groups.flatMap((group) => group.fields).map((n) => fieldByName.get(n));
    const steps = new Map((((spec.outputs || {}).steps) || []).map((step) => [step.code, step]));
    /* A score-type output (outputs.kind "score"): the result's outputs.field holds the score,
     * its outputs.components_field the points of each component ({id, letter, label,
     * present, points, max_points}); the spec's outputs.components name them. */
    const score = (spec.outputs || {}).kind === "score" ? spec.outputs : null;
    const fieldOfControl = new Map();
    for (const field of fields) {
      fieldOfControl.set(field.name, field.name);
      if (field.kind === "checklist" && field.none_option) fieldOfControl.set(`${field.name}_none`, field.name);
      if (field.kind === "day_count") fieldOfControl.set(`${field.name}_unit`, field.name);
    }
    const dayFields = fields.filter((field) => field.kind === "day_count");
    const checklistsWithNone = fields.filter((field) => field.kind === "checklist" && field.none_option);

    function control(controlName) {
      return form.elements.namedItem(controlName);
    }

    function controlsNamed(controlName) {
      return form.querySelectorAll(`[name="${CSS.escape(controlName)}"]`);
    }

    function radioValue(controlName) {
      const checked = form.querySelector(`input[name="${CSS.escape(controlName)}"]:checked`);
      return checked ? checked.value : null;
    }

    function fieldLabel(fieldName) {
      const field = fieldByName.get(fieldName);
      return field ? field.question || field.label : fieldName;
    }

    function unitDays(field, unit) {
      const found = (field.units || []).find((u) => u.value === unit);
      return found ? found.days : null;
    }

    function readNumber(field, input, unparsed) {
      const el = control(field.name);
      if (!el) return;
      const raw = el.value.trim();
      if (raw === "" && !el.validity.badInput) {
        if (el.dataset.optional === "true") input[field.name] = null;
        return;
      }
      const unit = control(`${field.name}_unit`);
      const factor = unit ? unitDays(field, unit.value) : 1;
      const value = raw === "" || !factor ? null : exactTimes(raw, factor);
      /* Not a number (or no known unit): the core reports the field; never a guess. */
      input[field.name] = value === null ? raw : value;
      if (value === null) unparsed.add(field.name);
    }

    function readField(field, input, unparsed) {
      const n = field.name;
      if (field.kind === "checklist") {
        const codes = [...form.querySelectorAll(`input[name="${CSS.escape(n)}"]:checked`)].map((el) => el.value);
        /* With an exclusive "none of these", the list is answered only when something is
         * ticked (an unanswered screen is left out, never taken as "none"). */
        const none = field.none_option ? control(`${n}_none`) : null;
        if (codes.length || !field.none_option || (none && none.checked)) input[n] = codes;
      } else if (field.kind === "integer" || field.kind === "day_count") {
        readNumber(field, input, unparsed);
      } else if (field.kind === "boolean") {
        const value = radioValue(n);
        if (value !== null) input[n] = value === "true";
      } else if (field.kind === "choice") {
        const value = radioValue(n);
        if (value !== null) input[n] = value;
      }
    }

    /* The input object the core receives, read from the form in its order: a field whose
     * shown_when does not hold over the answers before it is hidden and left out. */
    function readInput(unparsed = new Set()) {
      const input = {};
      const shown = new Set();
      for (const field of formOrder) {
        if (!holds(field.shown_when, input)) continue;
        shown.add(field.name);
        readField(field, input, unparsed);
      }
      return { input, shown };
    }

    /* Show the fields whose conditions hold (data-shown-when, from the spec, in the markup). */
    function updateReveal() {
      const { shown } = readInput();
      for (const box of form.querySelectorAll("[data-shown-when]")) {
        const named = box.querySelector("[name]");
        box.hidden = !(named && shown.has(fieldOfControl.get(named.name)));
      }
      updateTotals();
    }

    /* A count in weeks or months shows its exact day total, which is what the core receives
     * (and what the copied note says); a total that is not whole says so. */
    function updateTotals() {
      for (const field of dayFields) {
        const out = form.querySelector(`[data-days-total-for="${CSS.escape(field.name)}"]`);
        const unit = control(`${field.name}_unit`);
        if (!out || !unit) continue;
        const raw = control(field.name).value.trim();
        const days = unitDays(field, unit.value);
        const total = raw && days && days !== 1 ? exactTimes(raw, days) : null;
        if (total === null) out.textContent = "";
        else if (total instanceof RawNumber && total.text.includes(".")) {
          out.textContent = `(${raw} ${unit.value} = ${total} days: not a whole number of days)`;
        } else out.textContent = `(${raw} ${unit.value} = ${total} days)`;
      }
    }

    /* ----- URL hash: the raw form values, so a result can be bookmarked and shared */

    function hashOfForm() {
      const params = new URLSearchParams();
      for (const el of form.elements) {
        if (!el.name || el.type === "button" || el.type === "submit") continue;
        if ((el.type === "checkbox" || el.type === "radio") && !el.checked) continue;
        /* A control left at its default (the first unit, a default answer) is not written. */
        if (el.tagName === "SELECT" && el.selectedOptions[0] && el.selectedOptions[0].defaultSelected) continue;
        if (el.type === "radio" && el.defaultChecked) continue;
        if (el.value === "") continue;
        params.append(el.name, el.value);
      }
      const text = params.toString();
      return text ? HASH_PREFIX + text : "";
    }

    /* The hash holds the inputs of the calculator last used on the page: an empty form
     * clears only its own (another calculator's inputs stay). */
    function formToHash() {
      const hash = hashOfForm();
      if (!hash && !location.hash.startsWith(HASH_PREFIX)) return;
      const url = hash || location.pathname + location.search;
      if (hash !== location.hash) history.replaceState(null, "", url);
    }

    /* Every control back to its state in the markup (without the form's reset event, which
     * also clears the hash). */
    function resetControls() {
      for (const el of form.elements) {
        if (el.type === "checkbox" || el.type === "radio") el.checked = el.defaultChecked;
        else if (el.tagName === "SELECT") for (const o of el.options) o.selected = o.defaultSelected;
        else if (el.tagName === "INPUT") el.value = el.defaultValue;
      }
    }

    /* The form from the hash. A hash is anyone's text: only a value a control can hold is
     * taken (a checkbox or radio of that value, a select's option), as text, never markup. */
    function hashToForm() {
      if (!location.hash.startsWith(HASH_PREFIX)) return false;
      const params = new URLSearchParams(location.hash.slice(HASH_PREFIX.length));
      for (const [name, value] of params) {
        const els = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
        for (const el of els) {
          if (el.type === "checkbox" || el.type === "radio") {
            if (el.value === value) el.checked = true;
          } else if (el.tagName === "SELECT") {
            if ([...el.options].some((o) => o.value === value)) el.value = value;
          } else {
            el.value = value;
          }
        }
        if (els.length) touched.add(fieldOfControl.get(name) || name);
      }
      /* "None of these" and an item ticked exclude each other; the item wins (the safe side:
       * a red flag, a risk factor). */
      for (const field of checklistsWithNone) {
        if (form.querySelector(`input[name="${CSS.escape(field.name)}"]:checked`)) {
          control(`${field.name}_none`).checked = false;
        }
      }
      updateReveal();
      return true;
    }

    /* ----- errors at the fields */

    function clearErrors() {
      for (const el of root.querySelectorAll("[data-error-for]")) {
        el.textContent = "";
        el.hidden = true;
      }
      for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
      formError.textContent = "";
      formError.hidden = true;
    }

    function showErrors(errors) {
      clearErrors();
      let hiddenCount = 0;
      const general = [];
      for (const error of errors) {
        const field = error.field;
        const slot = field && root.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
        if (!slot) {
          general.push(error.message);
          continue;
        }
        if (!submitted && !touched.has(field)) {
          hiddenCount += 1;
          continue;
        }
        const message = unparsed.has(field) ? `${fieldLabel(field)}: what was typed is not a number.` : error.message;
        if (slot.textContent.includes(message)) continue;
        slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
        slot.hidden = false;
        for (const el of form.querySelectorAll(`[name="${CSS.escape(field)}"]`)) {
          el.setAttribute("aria-invalid", "true");
        }
      }
      if (general.length) {
        formError.textContent = general.join(" ");
        formError.hidden = false;
      }
      return hiddenCount;
    }

    /* ----- the result */

    function el(tag, attrs, ...children) {
      const node = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
      for (const child of children) {
        if (child === null || child === undefined) continue;
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
      return node;
    }

    function refLinks(refs) {
      if (!refs || !refs.length) return null;
      const span = el("span", { class: "sf-refs" }, " [");
      refs.forEach((n, i) => {
        if (i) span.append(", ");
        span.append(
          el("a", { href: refHref.replace("{n}", n), "data-ref": n, "aria-label": `reference ${n}`, title: refTitle(n) }, n),
        );
      });
      span.append("]");
      return span;
    }

    function itemList(items) {
      return el("ul", {}, ...items.map((item) => el("li", {}, item.text, refLinks(item.refs))));
    }

    function section(title, items) {
      if (!items || !items.length) return null;
      return el("section", { class: "sf-section" }, el("h4", {}, title), itemList(items));
    }

    function notesSection(notes) {
      if (!notes || !notes.length) return null;
      const list = el("ul", { class: "sf-notes" });
      for (const note of notes) {
        const gap = note.code === "guideline_gap";
        const label = gap ? "Guideline gap (the article gives no rule; not advice): " : "Note: ";
        list.append(el("li", { class: gap ? "sf-gap" : "sf-note", "data-note": note.code }, el("strong", {}, label), note.text));
      }
      return el("section", { class: "sf-section" }, el("h4", {}, "Notes"), list);
    }

    function traceSection(result) {
      const list = el("ol", { class: "sf-trace" });
      for (const id of result.rules || []) {
        const rule = ruleById.get(id);
        const li = el("li", { "data-rule": id }, el("code", {}, id));
        if (rule) {
          const text = rule.article_text || rule.text || "";
          li.append(": ", rule.condition ? `${rule.condition} — ` : "", text ? `“${text}”` : "");
          li.append(refLinks(rule.refs || []) || "");
        }
        list.append(li);
      }
      return el("details", { class: "sf-why" }, el("summary", {}, "Why this result"), list);
    }

    /* The spec's entry for the result's step (an unknown code: its code as its label). */
    function stepOf(result) {
      return steps.get(result.step) || { code: result.step, label: String(result.step), urgent: false };
    }

    /* What the card's first line says about the step: its label from the spec, with the
     * article's step number when the result gives one; an urgent step says so first (once:
     * a label that starts with the word gets it in capitals, not a second time). */
    function kickerFor(result) {
      const step = stepOf(result);
      if (step.urgent) {
        const label = String(step.label);
        const own = /^urgent\b/i.exec(label);
        return own ? `URGENT${label.slice(own[0].length)}` : `URGENT: ${label}`;
      }
      const n = result.article_step;
      return n === null || n === undefined ? step.label : `${step.label} (article step ${n})`;
    }

    function versionStamp(version) {
      const text = `Algorithm version ${version}`;
      const link = root.querySelector("[data-changelog-link]");
      return link ? el("a", { href: link.getAttribute("href"), "data-changelog-stamp": "" }, text) : text;
    }

    /* ----- a score: its value, the points of each component, the core's own notes */

    function scoreOf(result) {
      return result[score.field];
    }

    /* The result's components, each with its spec entry's letter and label when the result
     * gives none (matched by id or code). */
    function componentsOf(result) {
      const declared = new Map((score.components || []).map((c) => [c.code, c]));
      return (result[score.components_field] || []).map((item) => {
        const entry = declared.get(item.id !== undefined ? item.id : item.code) || {};
        return {
          letter: item.letter !== undefined ? item.letter : entry.letter,
          label: item.label !== undefined ? item.label : entry.label,
          present: item.present !== undefined ? Boolean(item.present) : item.points > 0,
          points: item.points,
          max: item.max_points !== undefined ? item.max_points : entry.points,
        };
      });
    }

    function scoreText(result) {
      const max = score.maximum;
      return max === null || max === undefined ? String(scoreOf(result)) : `${scoreOf(result)} of ${max}`;
    }

    function breakdown(result) {
      const rows = componentsOf(result).map((c) =>
        el(
          "tr",
          { "data-component-present": c.present ? "true" : "false" },
          el("td", {}, c.letter ? el("strong", {}, c.letter) : ""),
          el("td", {}, c.label),
          el("td", {}, c.present ? "yes" : "no"),
          el("td", { class: "sf-points-cell" }, c.max === undefined ? String(c.points) : `${c.points} / ${c.max}`),
        ),
      );
      return el(
        "table",
        { class: "sf-breakdown", "data-breakdown": "" },
        el("caption", {}, "Points of each item"),
        el("thead", {}, el("tr", {}, ...["", "Item", "Present", "Points"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...rows),
        el("tfoot", {}, el("tr", {}, el("th", { scope: "row", colspan: "3" }, "Total"), el("td", { class: "sf-points-cell" }, scoreText(result)))),
      );
    }

    function renderScore(result) {
      const g = result.guideline || {};
      const title = result.title || `${score.label || spec.title || name}: ${scoreText(result)}`;
      const card = el(
        "article",
        { class: "sf-step sf-score", "data-score": String(scoreOf(result)) },
        el("p", { class: "sf-kicker" }, score.label || spec.title || name),
        el("h3", { class: "sf-title" }, title),
        el("p", { class: "sf-score-value", "data-score-value": "" }, scoreText(result)),
        breakdown(result),
        notesSection(result.notes),
        traceSection(result),
        metaLine(result, g),
        copyLine(),
      );
      resultBox.replaceChildren(card);
      announce(title);
    }

    function metaLine(result, g) {
      return el(
        "p",
        { class: "sf-meta" },
        versionStamp(result.algorithm_version),
        ` · article “${g.title || ""}” last updated ${g.last_updated || "?"}` +
          (g.review_status ? ` · review status: ${statusLabel(g.review_status)}` : ""),
      );
    }

    function copyLine() {
      return el(
        "p",
        { class: "sf-copy" },
        el("button", { type: "button", class: "md-button", "data-copy-note": "" }, "Copy to note"),
        el("span", { class: "sf-copy-status", role: "status" }),
      );
    }

    function renderResult(result) {
      if (score) {
        renderScore(result);
        return;
      }
      const step = stepOf(result);
      const urgent = Boolean(step.urgent);
      const kicker = kickerFor(result);
      const g = result.guideline || {};
      /* An urgent step and a step the source's plan does not cover are styled as such; neither
       * as the other (a not-covered step is neutral, never routine or urgent). */
      const modifier = urgent ? " sf-step--urgent" : step.not_covered ? " sf-step--not-covered" : "";
      const card = el(
        "article",
        { class: `sf-step${modifier}`, "data-step": result.step },
        el("p", { class: "sf-kicker" }, kicker),
        el("h3", { class: "sf-title" }, result.title),
        section(urgent ? "Do now" : "Actions", result.actions),
        urgent ? null : section("Avoid", result.avoid),
        urgent ? null : section("Monitoring", result.monitoring),
        notesSection(result.notes),
        traceSection(result),
        metaLine(result, g),
        copyLine(),
      );
      resultBox.replaceChildren(card);
      announce(`${kicker}: ${result.title}`);
    }

    function renderPlaceholder(text) {
      hideNote();
      if (shownKey === text) return;
      shownKey = text;
      resultBox.replaceChildren(el("p", { class: "sf-placeholder" }, text));
      announce(text);
    }

    /* One short line for screen readers, only when it changes. */
    function announce(text) {
      if (announcer.textContent !== text) announcer.textContent = text;
    }

    /* The copied note describes one input and its result: it goes as soon as they change. */
    function hideNote() {
      noteBox.hidden = true;
      noteArea.value = "";
    }

    /* ----- copy to note */

    /* The tooltip of a result's citation: the entry of the page's reference list, with its
     * age flag when it has one (as the article's own citations show it). */
    function refTitle(n) {
      const target = refEntry(n);
      if (!target) return `reference ${n} of the article`;
      const old = target.dataset.old === "true" ? "; older than the site's age limit at the article's last update" : "";
      const age = target.querySelector(".gl-references__age");
      return `${refText(n)}${age ? ` (${age.textContent.replace(/\s+/g, " ").trim()})` : old}`;
    }

    function refEntry(n) {
      return document.getElementById(refHref.replace("{n}", n).replace(/^#/, ""));
    }

    function refText(n) {
      const target = refEntry(n);
      if (!target) return "";
      /* The entry's parts (type, title, source) as sentences, not run together. */
      const parts = target.children.length ? [...target.children].filter((part) => !part.classList.contains("gl-references__age")) : [target];
      return parts
        .map((part) => part.textContent.replace(/\s+/g, " ").trim().replace(/\.$/, ""))
        .filter(Boolean)
        .join(". ");
    }

    /* One line per field answered, in the spec's order, named by its note_label. An urgent
     * result lists only the always-required fields (the screen that made it urgent) and what
     * the reader answered, not the defaults of questions left untouched. */
    function describeInput(input, urgent) {
      const lines = [];
      for (const field of fields) {
        if (!Object.hasOwn(input, field.name)) continue;
        const value = input[field.name];
        const always = field.required && !(field.required_when || []).length;
        if (urgent && !always && (!touched.has(field.name) || value === null)) continue;
        lines.push(`- ${field.note_label || field.label}: ${describeValue(field, value)}`);
      }
      return lines;
    }

    function describeValue(field, value) {
      const optionLabel = (v) => {
        const option = (field.options || []).find((o) => o.value === v);
        return option ? option.label : String(v);
      };
      if (value === null) return field.null_text || "not given";
      switch (field.kind) {
        case "checklist": {
          const none = field.none_option || "none";
          return value.length ? value.map(optionLabel).join("; ") : none.charAt(0).toLowerCase() + none.slice(1);
        }
        case "boolean":
          return value ? "yes" : "no";
        case "choice":
          return optionLabel(value);
        case "day_count":
          return `${value} days`;
        case "integer":
          /* A number with a unit; one without, on a bounded scale, as a score on that scale. */
          if (field.unit) return `${value} ${field.unit}`;
          return field.maximum === null || field.maximum === undefined ? String(value) : `${value}/${field.maximum}`;
        default:
          return String(value);
      }
    }

    function noteText(input, result) {
      const g = result.guideline || {};
      const refs = new Set();
      const items = (title, list) => {
        if (!list || !list.length) return [];
        return [
          `${title}:`,
          ...list.map((item) => {
            (item.refs || []).forEach((n) => refs.add(n));
            return `- ${item.text}${item.refs && item.refs.length ? ` [${item.refs.join(", ")}]` : ""}`;
          }),
        ];
      };
      const urgent = !score && Boolean(stepOf(result).urgent);
      const lines = [spec.title || name, "Inputs:", ...describeInput(input, urgent), `Result: ${result.title || scoreText(result)}`];
      if (score) {
        const present = componentsOf(result).filter((c) => c.present);
        lines.push(`${score.label || "Score"}: ${scoreText(result)}`);
        if (present.length) lines.push("Points:");
        for (const c of present) lines.push(`- ${c.letter ? `${c.letter}: ` : ""}${c.label}: ${c.points}`);
      } else {
        lines.push(
          `Step: ${kickerFor(result)} (code ${result.step})`,
          ...items(urgent ? "Do now" : "Actions", result.actions),
          ...(urgent ? [] : items("Avoid", result.avoid)),
          ...(urgent ? [] : items("Monitoring", result.monitoring)),
        );
      }
      if (result.notes && result.notes.length) {
        lines.push("Notes:");
        for (const note of result.notes) {
          lines.push(`- ${note.code === "guideline_gap" ? "Guideline gap (no rule in the article): " : ""}${note.text}`);
        }
      }
      lines.push(`Rules applied: ${(result.rules || []).join(", ")}`);
      if (refs.size) {
        lines.push("References:");
        for (const n of [...refs].sort((a, b) => a - b)) {
          const text = refText(n);
          const age = refEntry(n) && refEntry(n).querySelector(".gl-references__age");
          const flag = age ? ` (${age.textContent.replace(/\s+/g, " ").trim()})` : "";
          lines.push(`[${n}] ${text || `reference ${n} of the article`}${flag}`);
        }
      }
      lines.push(
        `Algorithm version ${result.algorithm_version}. Source: ${g.title || "the guideline article"}, last updated ${g.last_updated || "?"}${g.review_status ? ` (review status: ${statusLabel(g.review_status)})` : ""}.`,
      );
      return lines.join("\n");
    }

    async function copyNote(button) {
      if (!lastResult) return;
      const text = noteText(lastInput, lastResult);
      noteArea.value = text;
      noteBox.hidden = false;
      const status = button.parentElement.querySelector(".sf-copy-status");
      try {
        if (!navigator.clipboard) throw new Error("no clipboard");
        await navigator.clipboard.writeText(text);
        status.textContent = "Copied to the clipboard.";
      } catch {
        noteArea.focus();
        noteArea.select();
        status.textContent = "Select the text below and copy it.";
      }
    }

    /* ----- live evaluation */

    async function update() {
      const gen = ++generation;
      unparsed.clear();
      const { input } = readInput(unparsed);
      const inputText = toJSON(input);
      formToHash();
      if (root.dataset.state !== "ready") renderPlaceholder("Loading the calculator…");
      let answer;
      try {
        answer = await call(inputText);
      } catch {
        if (gen === generation) renderPlaceholder("No result: the calculator is not available.");
        return;
      }
      if (gen !== generation) return;
      if (answer.errors) {
        lastResult = null;
        const held = showErrors(answer.errors);
        const shown = answer.errors.length - held;
        renderPlaceholder(
          shown
            ? "No result: correct the answers marked above."
            : "No result yet: answer the questions above.",
        );
        return;
      }
      clearErrors();
      const key = JSON.stringify(answer.result);
      if (key !== shownKey || inputText !== toJSON(lastInput)) hideNote();
      lastInput = input;
      lastResult = answer.result;
      if (key === shownKey) return; /* the same result: keep the card (and what is open in it) */
      shownKey = key;
      renderResult(answer.result);
    }

    let timer = null;
    /* An edit makes any answer still in flight an answer to an earlier form: it is dropped
     * (bumping the generation), never drawn over the form as it is now, where it would
     * show a "required" message under a field just filled and move the controls below it. */
    function scheduleUpdate(delay) {
      clearTimeout(timer);
      generation++;
      timer = setTimeout(update, delay);
    }

    function onEdit(event) {
      const target = event.target;
      if (!target.name) return;
      const field = fieldOfControl.get(target.name) || target.name;
      const declared = fieldByName.get(field);
      /* A checklist's "none of these" and its items exclude each other. */
      if (declared && declared.kind === "checklist" && declared.none_option && target.checked) {
        if (target.name === `${field}_none`) {
          for (const box of controlsNamed(field)) box.checked = false;
        } else {
          control(`${field}_none`).checked = false;
        }
      }
      /* Choosing a unit before typing the number is not an answer yet: no "required" message
       * appears (and moves the form under the pointer) until the number itself is touched. */
      const unitOfEmpty = target.name === `${field}_unit` && control(field) && control(field).value === "";
      if (!unitOfEmpty) touched.add(field);
      updateReveal();
      scheduleUpdate(event.type === "input" ? 250 : 0);
    }

    form.addEventListener("input", onEdit);
    form.addEventListener("change", onEdit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submitted = true;
      scheduleUpdate(0);
    });
    form.addEventListener("reset", () => {
      setTimeout(() => {
        touched.clear();
        submitted = false;
        lastResult = null;
        lastInput = null;
        clearErrors();
        updateReveal();
        if (location.hash.startsWith(HASH_PREFIX)) history.replaceState(null, "", location.pathname + location.search);
        renderPlaceholder("No result yet: answer the questions above.");
      }, 0);
    });
    for (const type of ["focusin", "pointerdown", "keydown"]) {
      form.addEventListener(type, () => load().catch(() => {}), { once: true });
    }

    resultBox.addEventListener("click", (event) => {
      const copy = event.target.closest("[data-copy-note]");
      if (copy) {
        copyNote(copy);
        return;
      }
      /* Citation links scroll to the reference without replacing the inputs in the hash. */
      const link = event.target.closest("a[data-ref]");
      if (!link) return;
      const target = document.getElementById(link.getAttribute("href").replace(/^#/, ""));
      if (!target) return;
      event.preventDefault();
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    });

    root.querySelector("[data-retry]").addEventListener("click", () => {
      load().then(() => update(), () => {});
    });

    /* Back, forward, or a calculator link opened in this page: show the hash's inputs. Any
     * other hash (a citation, a heading) leaves the form alone. */
    window.addEventListener("hashchange", () => {
      if (!location.hash.startsWith(HASH_PREFIX) || location.hash === hashOfForm()) return;
      resetControls();
      touched.clear();
      submitted = false;
      hashToForm();
      scheduleUpdate(0);
    });

    updateReveal();
    if (hashToForm()) {
      load().catch(() => {});
      update();
    } else {
      whenToLoad();
    }
  }

  /* Each calculator of the page, once (the script is included once per calculator). */
  for (const root of document.querySelectorAll("[data-calculator]")) {
    if (root.dataset.calculatorMounted) continue;
    root.dataset.calculatorMounted = "true";
    mount(root);
  }
})();
