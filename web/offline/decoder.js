// @ts-check
/* The decoder Worker: per block, decode7 each part as it comes, through DecompressionStream
 * when gzipped (its CRC checks every byte), and answer after the last part with the bytes
 * twice: an ArrayBuffer (transferred: the first load hands it on without a copy) and a Blob
 * (for the worker's own source, and read again should a load be retried). A JSON block (the
 * content block) is parsed here, off the page's thread, and sent in slices.
 *
 * The page makes it a classic blob: Worker from decoderSource(): the text of decode7 and of
 * decoderMain. So decoderMain refers to nothing outside itself but decode7 and the worker's
 * globals (no import, no module-level name: none would exist in the worker). */

import { decode7 } from "./decode7.js";

/**
 * @typedef {object} DecodeRequest  one part of a block, as the page sends it (blocks.js)
 * @property {string} name     the block's name (a file of the runtime, or the content block)
 * @property {string} text     the part's text (encode7)
 * @property {number} size     the block's size in bytes (after decode7, before gunzip)
 * @property {boolean} gzip    the block is gzipped
 * @property {boolean} last    this is the block's last part
 * @property {boolean} json    the block is JSON, to be parsed and sent in slices
 */
/**
 * @typedef {object} DecodeReply  what the decoder answers, one of:
 *   {name, blob, buffer} the block's bytes (buffer transferred);
 *   {name, key, array, entries} a slice of a JSON block: entries of its value's `key`
 *     (an array when `array`), as [key, value] pairs;
 *   {name, value: true} the JSON block's last message, after all its slices;
 *   {name, error} the block does not decode.
 * @property {string} name
 * @property {Blob} [blob]
 * @property {ArrayBuffer} [buffer]
 * @property {string} [key]
 * @property {boolean} [array]
 * @property {[string, unknown][]} [entries]
 * @property {true} [value]
 * @property {string} [error]
 */
/**
 * @typedef {object} DecoderScope  the worker's global scope, as far as it is used here
 * @property {(message: DecodeReply, transfer?: Transferable[]) => void} postMessage
 * @property {((event: MessageEvent<DecodeRequest>) => void) | null} onmessage
 */

/** The decoder Worker's body (run once, as the worker starts). */
export function decoderMain() {
  const scope = /** @type {DecoderScope} */ (/** @type {unknown} */ (self));
  /**
   * @typedef {object} Block  a block being decoded
   * @property {import("./decode7.js").DecodeState} state
   * @property {Uint8Array<ArrayBuffer>[]} chunks  its bytes so far (when not gzipped)
   * @property {WritableStreamDefaultWriter<BufferSource>} [writer]  into the gunzip
   * @property {Promise<ArrayBuffer>} [bytes]  what the gunzip gives
   * @property {boolean} [failed]  it failed: its other parts are ignored
   */
  /** @type {Map<string, Block>} */
  const blocks = new Map();
  /* A parsed JSON block goes to the page in slices of about SLICE characters, each its
   * own message: the page's thread reads (deserializes) each in a short task of its own,
   * where the whole value of a 300-page file took one task of ~60 ms. */
  const SLICE = 100000;
  /** About how many characters `x` takes.
   * @param {unknown} x
   * @returns {number} */
  function weight(x) {
    if (typeof x === "string") return x.length;
    if (x && typeof x === "object") {
      let n = 0;
      for (const k in x) n += k.length + weight(/** @type {Record<string, unknown>} */ (x)[k]);
      return n;
    }
    return 8;
  }
  /** @param {string} name
   * @param {Record<string, unknown>} value */
  function postInSlices(name, value) {
    for (const key of Object.keys(value)) {
      const whole = /** @type {object} */ (value[key]);
      const array = Array.isArray(whole);
      /** @type {[string, unknown][]} */
      let entries = [];
      let size = 0;
      let sent = false;
      for (const [k, x] of Object.entries(whole)) {
        entries.push([k, x]);
        size += weight(x);
        if (size >= SLICE) {
          scope.postMessage({ name, key, array, entries });
          entries = [];
          size = 0;
          sent = true;
        }
      }
      if (entries.length || !sent) scope.postMessage({ name, key, array, entries });
    }
    scope.postMessage({ name, value: true });
  }
  /** @param {string} name
   * @param {unknown} err */
  function fail(name, err) {
    blocks.set(name, /** @type {Block} */ ({ failed: true }));
    scope.postMessage({ name, error: String((err && /** @type {Error} */ (err).message) || err) });
  }
  scope.onmessage = function (e) {
    const m = e.data;
    let b = blocks.get(m.name);
    if (b && b.failed) return;
    try {
      if (!b) {
        /** @type {Block} */
        const block = { state: { acc: 0, bits: 0, esc: false, left: m.size }, chunks: [] };
        if (m.gzip) {
          const ds = new DecompressionStream("gzip");
          block.writer = ds.writable.getWriter();
          block.bytes = new Response(ds.readable).arrayBuffer();
          block.bytes.catch(function () {});
        }
        blocks.set(m.name, block);
        b = block;
      }
      const bytes = decode7(b.state, m.text);
      if (b.writer) b.writer.write(bytes).catch(function () {});
      else b.chunks.push(bytes);
      if (!m.last) return;
      if (b.state.left !== 0) throw new Error("truncated data block");
      /** @param {ArrayBuffer} buffer */
      const done = function (buffer) {
        if (m.json) {
          /* the content block: parsed here, off the page's thread */
          postInSlices(m.name, JSON.parse(new TextDecoder().decode(buffer)));
          return;
        }
        scope.postMessage({ name: m.name, blob: new Blob([buffer]), buffer }, [buffer]);
      };
      if (!b.writer) {
        const whole = new Uint8Array(m.size);
        let at = 0;
        for (const chunk of b.chunks) {
          whole.set(chunk, at);
          at += chunk.length;
        }
        done(whole.buffer);
        return;
      }
      b.writer.close().catch(function () {});
      /** @type {Promise<ArrayBuffer>} */ (b.bytes).then(done, function (err) {
        fail(m.name, err);
      });
    } catch (err) {
      fail(m.name, err);
    }
  };
}

/** The decoder Worker's source: decode7, then decoderMain run.
 * @returns {string} */
export function decoderSource() {
  return decode7.toString() + "\n(" + decoderMain.toString() + ")();";
}
