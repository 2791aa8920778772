// @ts-check
/* The calculators' Web Worker, one per page: runs every core of the page's calculators under
 * one Pyodide, off the main thread (each core is its package, imported once).
 *
 * A classic worker (it also works as a classic blob Worker from file://). Pyodide 314
 * refuses classic workers when `importScripts` is visible while pyodide.js loads, so the
 * worker keeps a bound copy and hides the global before importing anything.
 *
 * Protocol (structured-clone messages, JSON strings for calculator data):
 *   page -> worker  {type: "load", config}            once; config described below
 *                   {type: "core", core}               a core not in config.cores (a
 *                                                      calculator mounted later): {package,
 *                                                      wheelURL}
 *                   {type: "evaluate", id, package, input}   input: a JSON string
 *   worker -> page  {type: "progress", stage, fraction}
 *                   {type: "ready", info}              info: {snapshot, ms, note, rules,
 *                                                            timings}: timings are ms from
 *                                                      the load's start (origin: that start,
 *                                                      ms since the epoch)
 *                                                      rules: {package: rules_as_data() as
 *                                                      JSON} for config.cores
 *                   {type: "failed", message}
 *                   {type: "core-ready", package, rules} / {type: "core-failed", package, message}
 *                   {type: "result", id, ok, output}   output: JSON string {result} or {errors}
 *
 * config: {cores: [{package, wheelURL}], libraries: [wheelURL] (optional: wheels unpacked
 *          before any core's, not imported: the authoring kit's, one for the site),
 *          indexURL, snapshotURL (or ""), lockFileContents, loadOptions,
 *          files: {basename: ArrayBuffer|Uint8Array} (optional: answered instead of fetch)}.
 *          The snapshot (made with every core of the site imported) holds modules, not files:
 *          the libraries and the wheels of the page's cores are unpacked after restoring.
 *
 * The runtime's scripts (pyodide.js and, optionally, the asm module as a classic script that
 * defines createPyodideModule) are imported from indexURL unless the worker's own source
 * already defined loadPyodide: the offline file appends them to this file's text, because
 * WebKit lets a worker of a page opened from file:// read no blob: URL (importScripts, fetch,
 * Blob reads all fail), so bytes reach it only as ArrayBuffers and code only as its source.
 */
"use strict";

const importOnce = self.importScripts.bind(self);
self.importScripts = undefined;

const LOAD_TIMEOUT_MS = 120000;
const SNAPSHOT_TIMEOUT_MS = 30000;
const realFetch = self.fetch.bind(self);
/** @type {(error: Error) => void} */
let failLoad = () => {};
let fetchFile = realFetch;
let loading = null;
let runtime = null; /* the Pyodide instance, once loaded */
/* package -> its evaluate_json (a Python callable), for every core loaded */
const calls = new Map();
/* package -> Promise of its rules JSON, for a core added after the load */
const added = new Map();

function progress(stage, fraction) {
  self.postMessage({ type: "progress", stage, fraction });
}

function basename(url) {
  const path = new URL(String(url), self.location.href).pathname;
  return path.slice(path.lastIndexOf("/") + 1);
}

/* Answer the runtime's requests from config.files when given; turn an HTTP error for a
 * runtime file into a load failure (Pyodide only logs a failed wasm instantiation and
 * then waits forever). */
function installFetch(config) {
  const files = config.files || {};
  fetchFile = async (resource, init, optional) => {
    const url = resource instanceof Request ? resource.url : String(resource);
    const name = basename(url);
    if (Object.prototype.hasOwnProperty.call(files, name)) {
      const type = name.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
      return new Response(files[name], { headers: { "Content-Type": type } });
    }
    let response;
    try {
      response = await realFetch(resource, init);
    } catch (err) {
      const error = new Error(`could not download ${name}: ${err && err.message}`);
      if (!optional) failLoad(error);
      throw error;
    }
    if (!response.ok) {
      const error = new Error(`could not download ${name} (HTTP ${response.status})`);
      if (!optional) failLoad(error);
      throw error;
    }
    return response;
  };
  self.fetch = (resource, init) => {
    const name = basename(resource instanceof Request ? resource.url : String(resource));
    const early = started.get(name);
    if (early) {
      started.delete(name);
      return early;
    }
    return fetchFile(resource, init, false);
  };
}

/* Requests made before Pyodide asks for them (by basename): Pyodide's own fetch gets them. */
const started = new Map();

/* Compile the wasm while the snapshot downloads and inflates. Pyodide compiles it only once
 * the snapshot is restored into memory (the memory's size is the snapshot's), so compiling
 * first would wait for it; here the compile streams from the download, and Pyodide's
 * instantiateStreaming is answered with the compiled module (its own response, the same
 * download, is left unread). Any failure: Pyodide compiles as usual. */
function compileEarly(config) {
  if (typeof WebAssembly.compileStreaming !== "function") return;
  const name = "pyodide.asm.wasm";
  const response = fetchFile(new URL(name, config.indexURL).href, undefined, false);
  response.catch(() => {});
  started.set(name, response);
  const compiled = WebAssembly.compileStreaming(response.then((r) => r.clone())).catch(() => null);
  const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const module = await compiled;
    if (!module) return instantiateStreaming(source, imports);
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

async function fetchBytes(url, optional) {
  /* An optional file (the snapshot) may fail without failing the load. */
  const response = await fetchFile(url, undefined, optional);
  /* A snapshot is stored gzipped: inflate while it downloads when the bytes start with the
   * gzip magic (a host may already have removed a Content-Encoding). */
  const reader = response.body.getReader();
  const first = await reader.read();
  const body = new ReadableStream({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  const head = first.done ? [] : first.value;
  const gzip = head.length > 1 && head[0] === 0x1f && head[1] === 0x8b;
  if (gzip && typeof DecompressionStream !== "function") {
    reader.cancel().catch(() => {});
    throw new Error("this browser cannot inflate it (no DecompressionStream)");
  }
  const stream = gzip ? body.pipeThrough(new DecompressionStream("gzip")) : body;
  return concatenate(stream);
}

/* A stream's bytes in one array. Read chunk by chunk: in Chromium ~30 ms faster for the
 * 31 MB snapshot than `new Response(stream).arrayBuffer()`, on the first result's path. */
async function concatenate(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    chunks.push(next.value);
    size += next.value.length;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

function importRuntimeScripts(config) {
  if (typeof self.loadPyodide !== "function") {
    importOnce(new URL("pyodide.js", config.indexURL).href);
  }
  if (typeof self.loadPyodide !== "function") {
    throw new Error("the Pyodide runtime script did not define loadPyodide");
  }
}

/* package: the core's import name (JSON.stringify makes it a Python string literal). The
 * page's JSON text goes to the core's own evaluate_json (README.md, "The calculator"), the
 * one JSON boundary: duplicate keys, NaN and bad JSON are answered exactly as in CPython. */
const shim = (pkg) => `
import importlib
importlib.import_module(${JSON.stringify(pkg)}).evaluate_json
`;
const rulesOf = (pkg) => `
import importlib, json
json.dumps(importlib.import_module(${JSON.stringify(pkg)}).rules_as_data())
`;

/* Unpack a wheel into site-packages. */
function unpack(py, bytes) {
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
}

/* Unpack a core's wheel and import it: [its evaluate_json, its rules]. */
function importCore(py, pkg, bytes) {
  unpack(py, bytes);
  return [py.runPython(shim(pkg)), py.runPython(rulesOf(pkg))];
}

class SnapshotError extends Error {}

/* wheels: [{package, bytes: Promise of the wheel's bytes}], the page's cores; libraries:
 * [Promise of a wheel's bytes], unpacked first. */
async function boot(config, snapshot, wheels, libraries, marks) {
  const options = {
    indexURL: config.indexURL,
    lockFileContents: config.lockFileContents,
    ...(config.loadOptions || {}),
    stdout: () => {},
    stderr: (line) => console.warn("[python]", line),
  };
  if (typeof self.createPyodideModule === "function") {
    options.createPyodideModule = self.createPyodideModule;
  }
  /* A promise: Pyodide fetches the wasm and the stdlib while the snapshot downloads. */
  if (snapshot) options._loadSnapshot = snapshot;
  progress(snapshot ? "restoring the snapshot" : "starting Python (cold start)", 0.4);
  const py = await self.loadPyodide(options);
  marks.python = performance.now();
  progress("loading the calculator", 0.85);
  /* The snapshot holds the imported modules but not the files: unpack again. */
  for (const library of libraries) unpack(py, await library);
  const cores = new Map();
  for (const wheel of wheels) cores.set(wheel.package, importCore(py, wheel.package, await wheel.bytes));
  marks.core = performance.now();
  return { py, cores };
}

function snapshotBytes(config, marks) {
  return fetchBytes(config.snapshotURL, true).then(
    (bytes) => {
      marks.snapshot = performance.now();
      return bytes;
    },
    (err) => {
      throw new SnapshotError(`snapshot unavailable (${err.message})`);
    },
  );
}

async function load(config) {
  const t0 = performance.now();
  const marks = {};
  const failed = new Promise((_, reject) => {
    failLoad = reject;
    setTimeout(
      () => reject(new Error(`the runtime did not start within ${LOAD_TIMEOUT_MS / 1000} s`)),
      LOAD_TIMEOUT_MS,
    );
  });
  failed.catch(() => {});
  installFetch(config);
  progress("loading the runtime", 0.1);
  /* Start every download at once: snapshot, wheel (the runtime files: in loadPyodide). */
  let snapshot = config.snapshotURL ? snapshotBytes(config, marks) : null;
  /* Handled here: a load that fails before they are awaited leaves no unhandled rejection. */
  if (snapshot) snapshot.catch(() => {});
  const wheels = (config.cores || []).map((core) => {
    const bytes = fetchBytes(core.wheelURL);
    bytes.catch(() => {});
    return { package: core.package, bytes };
  });
  const libraries = (config.libraries || []).map((url) => {
    const bytes = fetchBytes(url);
    bytes.catch(() => {});
    return bytes;
  });
  compileEarly(config);
  importRuntimeScripts(config);
  marks.script = performance.now();
  let note = snapshot ? "" : config.snapshotNote || "no snapshot: cold start";
  let core;
  if (snapshot) {
    try {
      const stuck = new Promise((_, reject) =>
        setTimeout(() => reject(new Error("no answer")), SNAPSHOT_TIMEOUT_MS),
      );
      core = await Promise.race([boot(config, snapshot, wheels, libraries, marks), failed, stuck]);
    } catch (err) {
      if (err instanceof SnapshotError) {
        note = `${err.message}: cold start`;
      } else if (/could not download/.test(err.message)) {
        throw err; /* a runtime file is missing: fatal */
      } else {
        note = `snapshot restore failed (${err.message}): cold start`;
      }
      snapshot = null;
    }
  }
  if (!core) core = await Promise.race([boot(config, null, wheels, libraries, marks), failed]);
  failLoad = () => {};
  runtime = core.py;
  const rules = {};
  for (const [pkg, [call, text]] of core.cores) {
    calls.set(pkg, call);
    rules[pkg] = text;
  }
  progress("ready", 1);
  const ms = Math.round(performance.now() - t0);
  /* origin: when this load started, in ms since the epoch (performance.timeOrigin based), so
   * that a page can place the marks on its own clock. */
  const timings = { origin: performance.timeOrigin + t0 };
  for (const [k, v] of Object.entries(marks)) timings[k] = Math.round(v - t0);
  return { snapshot: Boolean(snapshot), ms, note, rules, timings };
}

/* A core asked for after the load (its calculator was mounted later): its rules JSON. */
async function addCore(core) {
  if (!loading) throw new Error("the runtime was not asked to load");
  await loading;
  const bytes = await fetchBytes(core.wheelURL);
  if (!calls.has(core.package)) {
    const [call, text] = importCore(runtime, core.package, bytes);
    calls.set(core.package, call);
    return text;
  }
  return runtime.runPython(rulesOf(core.package));
}

/* What a reader is shown of an error: of a core's evaluate (a broken core: its input error
 * is an answer, not an error), or of loading the runtime or a core (a core that raises on
 * import). A Python exception's message is its whole traceback: the reader gets its last
 * line, the exception ("RuntimeError: boom"); the console gets it all. */
function readerLine(err, what = "the core raised an error") {
  const text = String(err);
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  if (lines.length <= 1) return text;
  console.error(`[calculator] ${what}:\n${text}`);
  return lines[lines.length - 1];
}

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "load") {
    if (!loading) loading = load(message.config);
    try {
      self.postMessage({ type: "ready", info: await loading });
    } catch (err) {
      const why = readerLine((err && err.message) || err, "the runtime did not start");
      self.postMessage({ type: "failed", message: why });
    }
  } else if (message.type === "core") {
    const pkg = message.core.package;
    if (!added.has(pkg)) added.set(pkg, addCore(message.core));
    try {
      self.postMessage({ type: "core-ready", package: pkg, rules: await added.get(pkg) });
    } catch (err) {
      added.delete(pkg);
      const why = readerLine((err && err.message) || err, `the core ${pkg} did not load`);
      self.postMessage({ type: "core-failed", package: pkg, message: why });
    }
  } else if (message.type === "evaluate") {
    let output;
    try {
      const call = calls.get(message.package);
      if (!call) throw new Error(`no calculator core ${JSON.stringify(message.package)} is loaded`);
      output = call(message.input);
    } catch (err) {
      self.postMessage({ type: "result", id: message.id, ok: false, message: readerLine(err) });
      return;
    }
    self.postMessage({ type: "result", id: message.id, ok: true, output });
  }
};
