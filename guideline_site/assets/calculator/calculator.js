/* The sciatica flare calculator: the form, the result, and the Worker that runs the core.
 *
 * A classic script (works from file:// too). The runtime starts on idle or on the first
 * interaction with the form; it never blocks the article. Python runs in a Web Worker
 * (worker.js); JSON strings cross the boundary; one loader promise.
 *
 * Injectable start-up configuration (the offline export reuses this file and the form):
 * set `window.sciaticaFlareConfig` before this script runs. Every key is optional:
 *   createWorker(): Worker        how to create the worker (default: new Worker(data-worker));
 *                                 may return a Promise of one
 *   runtime: {...}                merged over the runtime config read from the root's data-*
 *                                 attributes; see worker.js for the keys (indexURL, wheelURL,
 *                                 snapshotURL, lockFileContents, loadOptions, files: its
 *                                 ArrayBuffers are transferred to the worker).
 *                                 A value may be a Promise (or a function returning one):
 *                                 it is awaited before the config is sent to the worker.
 *   autoload: false               do not start loading on idle (only on interaction / load())
 *
 * Page API (CONTRACT.md "Browser hooks"):
 *   window.sciaticaFlare.load()            Promise settling when the runtime is ready
 *   window.sciaticaFlare.evaluate(input)   Promise of the result, rejects with {errors}
 *   window.sciaticaFlare.runtime           once ready: {snapshot, ms, note, timings} (diagnostics)
 */
(function () {
  "use strict";

  /* The stylesheet comes as print-only, so that it does not hold up the article. */
  for (const link of document.querySelectorAll("link[data-calculator-stylesheet]")) {
    link.media = "all";
  }
  const root = document.querySelector("[data-calculator]"); /* the site's one calculator */
  /* Hidden in the markup, so that without JavaScript only the <noscript> line shows. */
  if (root) for (const el of root.querySelectorAll("[data-needs-script]")) el.hidden = false;
  const injected = window.sciaticaFlareConfig || {};
  const UNITS = { days: 1, weeks: 7, months: 30 };
  const DAY_FIELDS = ["symptom_duration_days", "nsaid_days", "duloxetine_days"];
  const HASH_PREFIX = `#${root ? root.dataset.calculator : ""}?`;

  /* ------------------------------------------------------------------ runtime */

  let worker = null;
  let loader = null;
  let nextId = 0;
  const pending = new Map();

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
      package: d.package,
      indexURL: abs(d.indexUrl),
      wheelURL: abs(d.wheel),
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

  function rejectAll(error) {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  }

  /* The worker failed to load, or died after it was ready: what was asked of it fails, the
   * page says so, and the retry button (or the next load()/evaluate()) starts a new one. */
  function stop(error, text) {
    if (worker) worker.terminate();
    worker = null;
    loader = null;
    rejectAll(error);
    setState("error", text, String(error.message || error));
  }

  function load() {
    if (loader) return loader;
    setState("loading", "Loading the calculator…");
    loader = (async () => {
      const config = await runtimeConfig();
      const w = await createWorker();
      worker = w;
      return await new Promise((resolve, reject) => {
        let ready = false;
        w.onmessage = (event) => {
          const m = event.data || {};
          if (m.type === "progress") {
            if (m.fraction < 1) setProgress(m.stage, m.fraction);
          } else if (m.type === "ready") {
            ready = true;
            resolve(m.info);
          } else if (m.type === "failed") {
            reject(new Error(m.message));
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
          else if (worker === w) stop(error, "The calculator stopped working.");
        };
        const buffers = Object.values(config.files || {}).filter((v) => v instanceof ArrayBuffer);
        w.postMessage({ type: "load", config }, buffers);
      });
    })().then(
      (info) => {
        rememberRules(info.rules);
        window.sciaticaFlare.runtime = {
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

  async function call(inputJSON) {
    await load();
    if (!worker) throw new Error("the calculator stopped working; retry loading it");
    const id = ++nextId;
    const output = await new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ type: "evaluate", id, input: inputJSON });
    });
    return JSON.parse(output);
  }

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

  /* JSON text for the core. JSON.stringify would turn NaN and ±Infinity into null, which the
   * core reads as "not given" (NSAID days: Infinity would mean "not started"); Python's json
   * reads the tokens NaN and Infinity, so the core sees the same value as CPython does and
   * rejects it. A BigInt is written exactly. */
  function toJSON(value) {
    const raw = [];
    const mark = `\u0000sf-raw-${Math.random().toString(36).slice(2)}-`;
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

  window.sciaticaFlare = {
    load: () => load().then(() => undefined),
    evaluate,
  };

  if (!root) return;

  /* ------------------------------------------------------------------ form */

  const form = root.querySelector("form");
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

  function control(name) {
    return form.elements.namedItem(name);
  }

  function radioValue(name) {
    const checked = form.querySelector(`input[name="${name}"]:checked`);
    return checked ? checked.value : null;
  }

  function fieldLabel(name) {
    const label = form.querySelector(`label[for="sf-${CSS.escape(name)}"]`);
    return label ? label.textContent.replace(/\s+/g, " ").trim() : name;
  }

  function isShown(el) {
    return !el.closest("[hidden]");
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

  function readNumber(name, input) {
    const el = control(name);
    if (!el || !isShown(el)) return;
    const raw = el.value.trim();
    if (raw === "" && !el.validity.badInput) {
      if (el.dataset.optional === "true") input[name] = null;
      return;
    }
    const unit = control(`${name}_unit`);
    const factor = unit ? UNITS[unit.value] : 1;
    const value = raw === "" || !factor ? null : exactTimes(raw, factor);
    /* Not a number (or no known unit): the core reports the field; never a guess. */
    input[name] = value === null ? raw : value;
    if (value === null) unparsed.add(name);
  }

  /* The input object the core receives, read from the form (hidden parts are left out). */
  function readInput() {
    const input = {};
    unparsed.clear();
    const none = control("red_flags_none");
    const flags = [...form.querySelectorAll('input[name="red_flags"]:checked')].map((el) => el.value);
    if (flags.length || (none && none.checked)) input.red_flags = flags;
    readNumber("pain_score", input);
    readNumber("symptom_duration_days", input);
    const limit = radioValue("functional_limitation");
    if (limit !== null) input.functional_limitation = limit === "true";
    readNumber("nsaid_days", input);
    if (input.nsaid_days !== undefined && input.nsaid_days !== null) {
      const response = radioValue("response");
      if (response !== null) input.response = response;
      readNumber("duloxetine_days", input);
    }
    const tolerated = radioValue("nsaid_tolerated");
    if (tolerated !== null) input.nsaid_tolerated = tolerated === "true";
    return input;
  }

  function updateReveal() {
    const nsaid = control("nsaid_days").value.trim() !== "";
    for (const el of form.querySelectorAll("[data-reveal-when-nsaid]")) el.hidden = !nsaid;
    updateTotals();
  }

  /* A count in weeks or months shows its exact day total, which is what the core receives
   * (and what the copied note says); a total that is not whole says so. */
  function updateTotals() {
    for (const name of DAY_FIELDS) {
      const out = form.querySelector(`[data-days-total-for="${name}"]`);
      const unit = control(`${name}_unit`);
      if (!out || !unit) continue;
      const raw = control(name).value.trim();
      const total = raw && unit.value !== "days" && UNITS[unit.value] ? exactTimes(raw, UNITS[unit.value]) : null;
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
      if (el.tagName === "SELECT" && el.value === "days") continue;
      if (el.value === "" || (el.name === "nsaid_tolerated" && el.value === "true")) continue;
      params.append(el.name, el.value);
    }
    const text = params.toString();
    return text ? HASH_PREFIX + text : "";
  }

  function formToHash() {
    const hash = hashOfForm();
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
      if (els.length) touched.add(name === "red_flags_none" ? "red_flags" : name.replace(/_unit$/, ""));
    }
    /* "None of these" and a red flag exclude each other; a red flag wins (the safe side). */
    if (form.querySelector('input[name="red_flags"]:checked')) control("red_flags_none").checked = false;
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

  /* What the card's first line says about the step (an urgent step and a step the article's
   * plan does not cover are named as such; neither is styled as the other). */
  function kickerFor(result) {
    if (result.step === "urgent_evaluation") return "URGENT: red flag present";
    if (result.step === "not_covered") {
      return `Not covered by the article's plan (article step ${result.article_step})`;
    }
    return `Article step ${result.article_step} of the flare algorithm`;
  }

  function versionStamp(version) {
    const text = `Algorithm version ${version}`;
    const link = root.querySelector("[data-changelog-link]");
    return link ? el("a", { href: link.getAttribute("href"), "data-changelog-stamp": "" }, text) : text;
  }

  function renderResult(result) {
    const urgent = result.step === "urgent_evaluation";
    const kicker = kickerFor(result);
    const g = result.guideline || {};
    const modifier = urgent ? " sf-step--urgent" : result.step === "not_covered" ? " sf-step--not-covered" : "";
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
      el(
        "p",
        { class: "sf-meta" },
        versionStamp(result.algorithm_version),
        ` · article “${g.title || ""}” last updated ${g.last_updated || "?"}` +
          (g.review_status ? ` · review status: ${statusLabel(g.review_status)}` : ""),
      ),
      el(
        "p",
        { class: "sf-copy" },
        el("button", { type: "button", class: "md-button", "data-copy-note": "" }, "Copy to note"),
        el("span", { class: "sf-copy-status", role: "status" }),
      ),
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

  /* The review stages as the site's badge names them; an unknown code is shown as it is. */
  const STATUS_LABELS = { submitted: "Submitted", under_review: "Under Review", approved: "Approved" };
  function statusLabel(code) {
    return Object.hasOwn(STATUS_LABELS, code) ? STATUS_LABELS[code] : String(code);
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

  /* An urgent result lists only the red-flag screen and what the reader answered, not the
   * defaults of questions left untouched ("NSAIDs: not started"). */
  function describeInput(input, urgent) {
    const lines = [];
    const flags = input.red_flags || [];
    const flagLabel = (code) => {
      const box = form.querySelector(`input[name="red_flags"][value="${CSS.escape(code)}"]`);
      const label = box && form.querySelector(`label[for="${box.id}"]`);
      return label ? label.textContent.replace(/\s+/g, " ").trim() : code;
    };
    lines.push(`- Red flags: ${flags.length ? flags.map(flagLabel).join("; ") : "none of these"}`);
    const days = (n) => (n === null || n === undefined ? "not started" : `${n} days`);
    if (urgent) {
      input = Object.fromEntries(
        Object.entries(input).filter(([name, value]) => touched.has(name) && value !== null),
      );
    }
    if ("pain_score" in input) lines.push(`- Pain: ${input.pain_score}/10`);
    if ("symptom_duration_days" in input) lines.push(`- Duration of current pain: ${days(input.symptom_duration_days)}`);
    if ("functional_limitation" in input) lines.push(`- Limits function: ${input.functional_limitation ? "yes" : "no"}`);
    if ("nsaid_days" in input) lines.push(`- NSAIDs for this flare: ${days(input.nsaid_days)}`);
    if ("duloxetine_days" in input) lines.push(`- Duloxetine: ${input.duloxetine_days === null ? "not added" : `${input.duloxetine_days} days`}`);
    if ("response" in input) lines.push(`- Response so far: ${input.response}`);
    if ("nsaid_tolerated" in input) lines.push(`- NSAIDs tolerated: ${input.nsaid_tolerated ? "yes" : "no"}`);
    return lines;
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
    const urgent = result.step === "urgent_evaluation";
    const lines = [
      "Sciatica flare calculator",
      "Inputs:",
      ...describeInput(input, urgent),
      `Result: ${result.title}`,
      `Step: ${kickerFor(result)} (code ${result.step})`,
      ...items(urgent ? "Do now" : "Actions", result.actions),
      ...(urgent ? [] : items("Avoid", result.avoid)),
      ...(urgent ? [] : items("Monitoring", result.monitoring)),
    ];
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
    } catch (err) {
      noteArea.focus();
      noteArea.select();
      status.textContent = "Select the text below and copy it.";
    }
  }

  /* ----- live evaluation */

  async function update() {
    const gen = ++generation;
    const input = readInput();
    const inputText = toJSON(input);
    formToHash();
    if (root.dataset.state !== "ready") renderPlaceholder("Loading the calculator…");
    let answer;
    try {
      answer = await call(inputText);
    } catch (error) {
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
          : "No result yet: answer the red-flag screen and the questions above.",
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
  function scheduleUpdate(delay) {
    clearTimeout(timer);
    timer = setTimeout(update, delay);
  }

  function onEdit(event) {
    const target = event.target;
    if (!target.name) return;
    if (target.name === "red_flags_none" && target.checked) {
      for (const box of form.querySelectorAll('input[name="red_flags"]')) box.checked = false;
    } else if (target.name === "red_flags" && target.checked) {
      control("red_flags_none").checked = false;
    }
    const field = target.name === "red_flags_none" ? "red_flags" : target.name.replace(/_unit$/, "");
    /* Choosing a unit before typing the number is not an answer yet: no "required" message
     * appears (and moves the form under the pointer) until the number itself is touched. */
    const unitOfEmpty = target.name.endsWith("_unit") && control(field) && control(field).value === "";
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
      history.replaceState(null, "", location.pathname + location.search);
      renderPlaceholder("No result yet: answer the red-flag screen and the questions above.");
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
  } else if (injected.autoload !== false) {
    const start = () => load().catch(() => {});
    const idle = () =>
      "requestIdleCallback" in window ? requestIdleCallback(start, { timeout: 4000 }) : setTimeout(start, 1000);
    if (document.readyState === "complete") idle();
    else window.addEventListener("load", idle, { once: true });
  }
})();
