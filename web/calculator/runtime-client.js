// @ts-check
/* The page's runtime: the one Web Worker (worker.js) that runs every calculator's core, and
 * what is asked of it. JSON strings cross the boundary both ways (the core's own
 * evaluate_json reads them); nothing here knows a calculator's fields. */

/**
 * @typedef {object} ReadyInfo  the worker's "ready" message (worker.js)
 * @property {boolean} snapshot  started from the memory snapshot
 * @property {number} ms  how long the start took
 * @property {string} [note]
 * @property {unknown} [timings]
 * @property {Record<string, string>} [rules]  package -> its rules_as_data() JSON
 */
/**
 * @typedef {object} WorkerMessage  what the worker posts (worker.js)
 * @property {string} type  progress, ready, failed, core-ready, core-failed or result
 * @property {string} [stage]
 * @property {number} [fraction]
 * @property {ReadyInfo} [info]
 * @property {string} [message]
 * @property {string} [package]
 * @property {string} [rules]
 * @property {number} [id]
 * @property {boolean} [ok]
 * @property {string} [output]
 */
/** @typedef {Record<string, any>} RuntimeConfig  the worker's load config (worker.js) */
/** @typedef {{ progress(stage: string, fraction: number): void, died(error: Error): void }} Listener */
/** @typedef {{ resolve(value: any): void, reject(error: Error): void }} Settle */
/**
 * @typedef {object} InjectedConfig  window.guidelineCalculatorConfig (see main.js)
 * @property {() => Worker | Promise<Worker>} [createWorker]
 * @property {Record<string, unknown>} [runtime]
 * @property {boolean} [autoload]
 */

/** The one Worker of the page and what is asked of it, shared by every calculator (and by
 * every copy of the page script: see sharedRuntime). A calculator mounted after the load
 * started gets its core added to the running worker. */
export function pageRuntime() {
  /** @type {Worker | null} */
  let worker = null;
  /** @type {Promise<ReadyInfo> | null} */
  let booted = null; /* Promise of the worker's ready info */
  let nextId = 0;
  /** @type {Map<number, Settle>} */
  const pending = new Map(); /* evaluate id -> {resolve, reject} */
  /** @type {Map<string, string>} */
  const known = new Map(); /* package -> wheel URL, every calculator that asked to load */
  /** @type {Map<string, string>} */
  const readyRules = new Map(); /* package -> rules JSON, cores loaded by the worker */
  /** @type {Map<string, Promise<string>>} */
  const coreWaits = new Map(); /* package -> Promise of its rules JSON */
  /** @type {Map<string, Settle>} */
  const coreSettle = new Map(); /* package -> {resolve, reject} while the worker adds it */
  /** @type {Set<Listener>} */
  const listeners = new Set(); /* per calculator: {progress(stage, fraction), died(error)} */

  /** The worker failed or died: everything asked of it fails; the next load starts anew.
   * @param {Error} error */
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

  /**
   * @param {string} pkg
   * @param {Error | null} error
   * @param {string} [rules]
   */
  function settleCore(pkg, error, rules) {
    const waiting = coreSettle.get(pkg);
    if (!waiting) return;
    coreSettle.delete(pkg);
    if (error) {
      coreWaits.delete(pkg);
      waiting.reject(error);
    } else waiting.resolve(rules);
  }

  /** Start the worker once: configOf() gives the runtime config (read from the calculator
   * that starts it), createWorker() the Worker. Resolves with the ready info.
   * @param {() => Promise<RuntimeConfig>} configOf
   * @param {() => Worker | Promise<Worker>} createWorker
   * @returns {Promise<ReadyInfo>}
   */
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
          /** @type {WorkerMessage} */
          const m = event.data || {};
          if (m.type === "progress") {
            const stage = /** @type {string} */ (m.stage);
            const fraction = /** @type {number} */ (m.fraction);
            if (fraction < 1) for (const l of listeners) l.progress(stage, fraction);
          } else if (m.type === "ready") {
            const info = /** @type {ReadyInfo} */ (m.info);
            ready = true;
            for (const [pkg, rules] of Object.entries(info.rules || {})) readyRules.set(pkg, rules);
            resolve(info);
          } else if (m.type === "failed") {
            reject(new Error(m.message));
          } else if (m.type === "core-ready") {
            settleCore(/** @type {string} */ (m.package), null, m.rules);
          } else if (m.type === "core-failed") {
            settleCore(/** @type {string} */ (m.package), new Error(m.message));
          } else if (m.type === "result") {
            const p = pending.get(/** @type {number} */ (m.id));
            if (!p) return;
            pending.delete(/** @type {number} */ (m.id));
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

  /** The rules JSON of core `pkg` once the worker has it (added now if it was not in the
   * worker's first load).
   * @param {string} pkg
   * @param {string} wheelURL
   * @returns {Promise<string>}
   */
  function core(pkg, wheelURL) {
    if (!coreWaits.has(pkg)) {
      coreWaits.set(
        pkg,
        new Promise((resolve, reject) => {
          if (readyRules.has(pkg)) return resolve(/** @type {string} */ (readyRules.get(pkg)));
          if (!worker) return reject(new Error("the calculator runtime is not running"));
          coreSettle.set(pkg, { resolve, reject });
          worker.postMessage({ type: "core", core: { package: pkg, wheelURL } });
        }),
      );
    }
    return /** @type {Promise<string>} */ (coreWaits.get(pkg));
  }

  /** A calculator of the page: its core goes with the worker's first load.
   * @param {string} pkg
   * @param {string} wheelURL
   */
  function register(pkg, wheelURL) {
    if (!known.has(pkg)) known.set(pkg, wheelURL);
  }

  /** Load core `pkg` (from wheelURL) in the page's worker: {info, rules}.
   * @param {string} pkg
   * @param {string} wheelURL
   * @param {() => Promise<RuntimeConfig>} configOf
   * @param {() => Worker | Promise<Worker>} createWorker
   */
  async function load(pkg, wheelURL, configOf, createWorker) {
    register(pkg, wheelURL);
    const info = await boot(configOf, createWorker);
    return { info, rules: await core(pkg, wheelURL) };
  }

  /** The answer of core `pkg`'s evaluate_json to the JSON text `text`, as the worker's text.
   * @param {string} pkg
   * @param {string} text
   * @returns {Promise<string>}
   */
  function call(pkg, text) {
    if (!worker) return Promise.reject(new Error("the calculator stopped working; retry loading it"));
    const w = worker;
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ type: "evaluate", id, package: pkg, input: text });
    });
  }

  return { register, load, call, listeners };
}

/** @typedef {ReturnType<typeof pageRuntime>} PageRuntime */

const SHARED = Symbol.for("guideline-calculators.runtime");

/** The page's runtime, made by the first copy of this script that runs: the offline file
 * includes the script once in each page with a calculator, and every copy shares the one
 * runtime through window, under a registered symbol.
 * @returns {PageRuntime}
 */
export function sharedRuntime() {
  const holder = /** @type {{ [SHARED]?: PageRuntime }} */ (/** @type {unknown} */ (window));
  return holder[SHARED] || (holder[SHARED] = pageRuntime());
}

/** @param {unknown} value a value, a Promise of one, or a function returning either */
async function resolveValue(value) {
  const v = typeof value === "function" ? value() : value;
  return await v;
}

/** The runtime config of the calculator at `root` (its data-* attributes), with the injected
 * config's runtime keys merged over it (each awaited; the ArrayBuffers of files are
 * transferred to the worker).
 * @param {HTMLElement} root
 * @param {InjectedConfig} injected
 * @returns {Promise<RuntimeConfig>}
 */
export async function runtimeConfig(root, injected) {
  const d = root.dataset;
  const base = document.baseURI;
  /** @param {string | undefined} url */
  const abs = (url) => (url ? new URL(url, base).href : "");
  /** @type {RuntimeConfig} */
  const config = {
    indexURL: abs(d.indexUrl),
    snapshotURL: abs(d.snapshot),
    snapshotNote: d.snapshotNote || "",
    lockFileContents: d.lock,
    loadOptions: d.loadOptions ? JSON.parse(d.loadOptions) : {},
    /* wheels the cores import (the authoring kit's), unpacked before theirs */
    libraries: (d.libraries || "").split(" ").filter(Boolean).map(abs),
  };
  const extra = injected.runtime || {};
  for (const key of Object.keys(extra)) config[key] = await resolveValue(extra[key]);
  if (config.files) {
    /** @type {Record<string, unknown>} */
    const files = {};
    for (const name of Object.keys(config.files)) {
      files[name] = await resolveValue(config.files[name]);
    }
    config.files = files;
  }
  return config;
}

/** The page's Worker: the injected config's createWorker(), else a new Worker of the root's
 * data-worker URL.
 * @param {HTMLElement} root
 * @param {InjectedConfig} injected
 * @returns {Worker | Promise<Worker>}
 */
export function createWorker(root, injected) {
  if (typeof injected.createWorker === "function") return injected.createWorker();
  const url = root.dataset.worker;
  if (!url) throw new Error("the page does not say where the calculator worker is");
  return new Worker(new URL(url, document.baseURI).href);
}
