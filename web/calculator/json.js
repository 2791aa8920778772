// @ts-check
/* The JSON text a core receives (its own evaluate_json reads it on the worker's side): numbers
 * written exactly, NaN and ±Infinity as Python's json writes them. */

/** A number written into the JSON text as it is (exact): a whole number too large for a
 * JavaScript number, or a day total that is not whole. */
export class RawNumber {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

/** JSON text for the core. JSON.stringify would turn NaN and ±Infinity into null, which a
 * core reads as "not given" (an optional day count: Infinity would mean "not started");
 * Python's json reads the tokens NaN and Infinity, so the core's evaluate_json sees the
 * same text as CPython does and rejects it. A BigInt is written exactly.
 * @param {unknown} value
 * @returns {string}
 */
export function toJSON(value) {
  /** @type {string[]} */
  const raw = [];
  const mark = `\u0000gc-raw-${Math.random().toString(36).slice(2)}-`;
  /** @param {string} text */
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

/** `text` (a decimal number as typed) times a whole `factor`, computed exactly: a Number
 * when whole and safe, else a RawNumber (a whole number too large for a Number, or a
 * total that is not whole, which the core then rejects: never rounded). null when the
 * text is not a plain decimal number.
 * @param {string} text
 * @param {number} factor
 * @returns {number | RawNumber | null}
 */
export function exactTimes(text, factor) {
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
