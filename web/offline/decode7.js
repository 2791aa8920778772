// @ts-check
/* encode7 (guideline_site/export/codec.py) undone, one part at a time: 7 bits per ASCII
 * character; "=" escapes the next one (its value + 64). `state` carries over from one part
 * to the next.
 *
 * Run by the decoder Worker from its own source (decoder.js: decoderSource() is this
 * function's text followed by the worker's), so it refers to nothing outside itself. */

/**
 * @typedef {object} DecodeState  where the decoding of a block stands between two parts
 * @property {number} acc   the bits read and not yet written
 * @property {number} bits  how many (0 to 7)
 * @property {boolean} esc  the last character was an "=" (the next one is escaped)
 * @property {number} left  bytes still to write (the block's size at its start)
 */

/**
 * The bytes of `text`, one part of a block, at most `state.left` of them; `state` is updated.
 * @param {DecodeState} state
 * @param {string} text
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function decode7(state, text) {
  const out = new Uint8Array(Math.min(state.left, Math.ceil((text.length * 7) / 8) + 1));
  let acc = state.acc;
  let bits = state.bits;
  let esc = state.esc;
  let o = 0;
  for (let i = 0; i < text.length && o < state.left; i++) {
    let c = text.charCodeAt(i);
    if (esc) {
      c -= 0x40;
      esc = false;
    } else if (c === 0x3d) {
      esc = true;
      continue;
    }
    acc = (acc << 7) | c;
    bits += 7;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = acc >>> bits;
      acc &= (1 << bits) - 1;
    }
  }
  state.acc = acc;
  state.bits = bits;
  state.esc = esc;
  state.left -= o;
  return out.subarray(0, o);
}
