// @ts-check
/* The calculator's start-up for the offline file (calculator.js reads
 * window.guidelineCalculatorConfig): the worker is a classic blob Worker made from the
 * inlined worker.js text followed by the runtime's two scripts (a Worker, fetch or import of
 * a file:// URL is refused), and every file the runtime asks for is answered from the data
 * blocks at the end of the body. Each block is handed, as soon as the parser has read it, to
 * a small decoder Worker (decoder.js: decode7, then DecompressionStream when gzipped: its CRC
 * checks every byte) that answers with a Blob and an ArrayBuffer: decoding runs beside the
 * parsing of the rest of the file. The ArrayBuffers are transferred on to the calculator's
 * worker (a retried load reads the Blobs into new ones on the page's thread): in WebKit a
 * worker of a page opened from file:// can read no Blob and import no blob: URL, so bytes
 * reach it as ArrayBuffers and code only as part of its own source.
 *
 * The file's markup this reads: the data blocks, <script type="application/octet-stream"
 * data-offline-blob="NAME" data-part="I" data-parts="N" data-gzip="0|1" data-size="BYTES">,
 * each part followed by a one-line script that calls decodeBlock() on it; and the worker's
 * source, <script type="text/plain" id="offline-worker"> (templates/export/offline.html). */

import { decoderSource } from "./decoder.js";

/**
 * @typedef {object} OfflineRuntime  the file's runtime, from its JSON block (export/__init__.py)
 * @property {string} indexURL      where the runtime believes its files live (never fetched)
 * @property {string} wheelURL      the first core's wheel
 * @property {string} snapshotURL   the memory snapshot's, "" when the file carries none
 * @property {string} snapshotNote
 * @property {string} content       the name of the content block
 */
/**
 * @typedef {object} Content  the content block (export/pages.py content())
 * @property {Record<string, string>} pages   section id -> the page's article HTML
 * @property {Record<string, string>} ids     id inside a page -> the page's section id
 * @property {SearchEntry[]} search  every page's, in the file's order
 */
/**
 * @typedef {[string, string, string, [string, number][]]} SearchEntry  a page in the search
 *   index: [section id, title, lower-case text, [[heading id, where its part of the text
 *   begins], ...]] (export/pages.py search_entry())
 */
/**
 * @typedef {object} Decoded  a block, decoded
 * @property {Blob} blob
 * @property {ArrayBuffer | null} buffer  taken (set to null) by the first load
 * @property {Content | undefined} value   the parsed value of a JSON block
 */
/**
 * @typedef {object} Entry  a block being sent to its decoder, part by part
 * @property {number} sent     parts sent so far
 * @property {number} parts
 * @property {Promise<Decoded>} promise
 * @property {(decoded: Decoded) => void} resolve
 * @property {(error: Error) => void} reject
 * @property {Worker} [decoder]
 * @property {Record<string, any>} [value]  a JSON block's value, as its slices come
 */
/**
 * @typedef {object} OfflineConfig  window.guidelineCalculatorConfig in the offline file
 * @property {(el: Element | null) => void} decodeBlock  called by the script after each
 *   part of a data block, while the parser goes on
 * @property {() => Promise<Content>} content
 * @property {() => Promise<Worker>} createWorker
 * @property {{ indexURL: string, wheelURL: string, snapshotNote: string,
 *   snapshotURL: () => Promise<string>, files: () => Promise<Record<string, ArrayBuffer>> }} runtime
 */

/** The runtime's two scripts: part of the calculator worker's source, not files for it. */
const SCRIPTS = ["pyodide.js", "pyodide.asm.js"];

/**
 * The offline file's calculator config (see main.js for where it goes).
 * @param {OfflineRuntime} base
 * @returns {OfflineConfig}
 */
export function offlineConfig(base) {
  /* Two decoders: the snapshot, the biggest block, has its own, so that it decodes beside
   * the others (the page's thread is free once the file is parsed). */
  /** @type {Record<string, Worker>} */
  const decoders = {};
  /** @type {Map<string, Entry>} */
  const decoded = new Map();
  const source = decoderSource();
  /** @param {string} name */
  function decoderFor(name) {
    const key = base.snapshotURL.endsWith("/" + name) ? "snapshot" : "other";
    if (!decoders[key]) {
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
      /** @param {MessageEvent<import("./decoder.js").DecodeReply>} e */
      worker.onmessage = function (e) {
        const d = /** @type {Entry} */ (decoded.get(e.data.name));
        if (e.data.entries) {
          /* a slice of a JSON block (postInSlices) */
          d.value = d.value || {};
          const key = /** @type {string} */ (e.data.key);
          const part = d.value[key] || (d.value[key] = e.data.array ? [] : {});
          for (const [k, x] of e.data.entries) part[k] = x;
        } else if (e.data.error) {
          d.reject(
            new Error(
              "this offline file is damaged (" + e.data.name + " does not decode: " + e.data.error + "); download it again",
            ),
          );
        } else {
          d.resolve({
            blob: /** @type {Blob} */ (e.data.blob),
            buffer: /** @type {ArrayBuffer} */ (e.data.buffer),
            value: /** @type {Content | undefined} */ (e.data.value && d.value),
          });
        }
      };
      decoders[key] = worker;
    }
    return decoders[key];
  }
  /* A browser without DecompressionStream (Chrome < 80, Firefox < 113, Safari < 16.4) cannot
   * inflate the gzipped blocks: the calculator says so; the pages still read. */
  const inflates = typeof DecompressionStream === "function";
  /** Each part once, in order (the parser meets them in order).
   * @param {HTMLElement} el  a part of a data block */
  function post(el) {
    const name = /** @type {string} */ (el.dataset.offlineBlob);
    const part = Number(el.dataset.part);
    let entry = decoded.get(name);
    if (!entry) {
      /** @type {(decoded: Decoded) => void} */
      let resolve = () => {};
      /** @type {(error: Error) => void} */
      let reject = () => {};
      const promise = new Promise(function (res, rej) {
        resolve = res;
        reject = rej;
      });
      entry = { sent: 0, parts: Number(el.dataset.parts), promise, resolve, reject };
      entry.promise.catch(function () {}); /* rejected for the caller that awaits it */
      decoded.set(name, entry);
      if (el.dataset.gzip === "1" && !inflates) {
        entry.sent = entry.parts; /* nothing to decode */
        entry.reject(
          new Error(
            "this browser cannot open the offline calculator: it has no " +
              "DecompressionStream (a browser from 2023 or later has it)",
          ),
        );
      } else entry.decoder = decoderFor(name);
    }
    if (part !== entry.sent) return;
    entry.sent += 1;
    /** @type {import("./decoder.js").DecodeRequest} */
    const request = {
      name,
      text: /** @type {string} */ (el.textContent),
      size: Number(el.dataset.size),
      gzip: el.dataset.gzip === "1",
      last: entry.sent === entry.parts,
      json: name === base.content,
    };
    /** @type {Worker} */ (entry.decoder).postMessage(request);
  }
  /** @type {Promise<void>} */
  const domReady = new Promise(function (resolve) {
    if (document.readyState !== "loading") resolve();
    else document.addEventListener("DOMContentLoaded", () => resolve(), { once: true });
  });
  /** name -> Promise of its block, for every block in the file (all parts parsed by now)
   * @returns {Promise<Map<string, Promise<Decoded>>>} */
  async function blocks() {
    await domReady;
    const out = new Map();
    for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("script[data-offline-blob]"))) {
      post(el); /* a no-op for the parts already sent */
      const name = /** @type {string} */ (el.dataset.offlineBlob);
      out.set(name, /** @type {Entry} */ (decoded.get(name)).promise);
    }
    for (const [name, entry] of decoded) {
      if (entry.sent < entry.parts) {
        entry.reject(
          new Error(
            "this offline file is incomplete (part " + (entry.sent + 1) + " of " + name + " is missing); download it again",
          ),
        );
      }
    }
    return out;
  }
  /** @param {Map<string, Promise<Decoded>>} all
   * @param {string} name */
  async function block(all, name) {
    const found = all.get(name);
    if (!found) throw new Error("this offline file is incomplete (" + name + " is missing); download it again");
    return await found;
  }
  return {
    decodeBlock: function (el) {
      const part = /** @type {HTMLElement | null} */ (el);
      if (part && part.dataset && part.dataset.offlineBlob) post(part);
    },
    /* the content block: {pages: {section id: HTML}, ids: {id: section id}, search: [...]} */
    content: async function () {
      return /** @type {Content} */ ((await block(await blocks(), base.content)).value);
    },
    createWorker: async function () {
      /* worker.js first: its "use strict" and the hiding of importScripts come before the
       * runtime's scripts, each run in a function of its own (they define their globals on
       * globalThis), so that no name of theirs meets one of worker.js. */
      const all = await blocks();
      /** @type {BlobPart[]} */
      const parts = [/** @type {string} */ (/** @type {HTMLElement} */ (document.getElementById("offline-worker")).textContent)];
      for (const name of SCRIPTS) {
        parts.push("\n;(function () {\n", (await block(all, name)).blob, "\n}).call(globalThis);\n");
      }
      return new Worker(URL.createObjectURL(new Blob(parts, { type: "text/javascript" })));
    },
    runtime: {
      indexURL: base.indexURL,
      wheelURL: base.wheelURL,
      snapshotNote: base.snapshotNote,
      snapshotURL: async function () {
        const name = base.snapshotURL.slice(base.indexURL.length);
        return (await blocks()).has(name) ? base.snapshotURL : "";
      },
      files: async function () {
        /* calculator.js transfers them: the decoder's buffers go with the first load, a
         * retry reads the Blobs again. */
        const all = await blocks();
        const names = [...all.keys()].filter(function (name) {
          return !SCRIPTS.includes(name) && name !== base.content;
        });
        const buffers = await Promise.all(
          names.map(async function (name) {
            const bytes = await block(all, name);
            const buffer = bytes.buffer;
            bytes.buffer = null;
            return buffer || bytes.blob.arrayBuffer();
          }),
        );
        /** @type {Record<string, ArrayBuffer>} */
        const files = {};
        names.forEach(function (name, i) {
          files[name] = buffers[i];
        });
        return files;
      },
    },
  };
}
