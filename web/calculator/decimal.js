// @ts-check
/* A decimal field's text (as the reader typed it, kept in its text input) read as a number,
 * and its range in the unit selected beside it. No DOM here: tests run it under Node too. */

/** A decimal's text read: the number's exact text for JSON (a point, no sign "+", no leading
 * zeros) and its value, or why it is not one.
 * @typedef {{ text: string, value: number } | { error: "not_a_number" | "ambiguous_comma" }} Parsed
 */

/**
 * The text a reader typed in a decimal field, read. A point is the decimal mark; so is a
 * single comma ("0,8" is 0.8, as many clinics' keyboards and lab reports write it), except
 * where it may be a thousands separator: one to three digits, a comma, then exactly three
 * digits ("1,200" could be 1.2 or 1200), which is refused, never guessed. Anything else that
 * is not a plain decimal number (a letter, an exponent, two marks, spaces inside) is not one.
 * @param {string} typed
 * @returns {Parsed}
 */
export function parseDecimal(typed) {
  let text = typed.trim();
  if (/^[+-]?[1-9]\d{0,2},\d{3}$/.test(text)) return { error: "ambiguous_comma" };
  if (!text.includes(".") && (text.match(/,/g) || []).length === 1) text = text.replace(",", ".");
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || !(m[2] || m[3])) return { error: "not_a_number" };
  const whole = m[2].replace(/^0+(?=\d)/, "") || "0";
  const exact = `${m[1] === "-" ? "-" : ""}${whole}${m[3] ? `.${m[3]}` : ""}`;
  return { text: exact, value: Number(exact) };
}

/** A bound in another unit, as shown and checked: bound / factor to 6 significant digits (the
 * reader checks what is shown: 0.1 mg/dL is 8.84 µmol/L, not 8.840000000000002).
 * @param {number} bound  in the first unit
 * @param {number} factor  how many of the first unit one of this unit is
 */
export function boundIn(bound, factor) {
  return factor === 1 ? bound : Number((bound / factor).toPrecision(6));
}

/** A decimal's range in a unit. `minimum` and `maximum` null: unbounded.
 * @typedef {{ minimum: number | null, maximum: number | null, exclusive: boolean, unit: string }} Range
 */

/**
 * @param {{ minimum?: number | null, maximum?: number | null, exclusive_minimum?: boolean }} field
 * @param {number} factor
 * @param {string} unit  the unit's label (may be "")
 * @returns {Range}
 */
export function rangeIn(field, factor, unit) {
  const low = field.minimum === undefined || field.minimum === null ? null : boundIn(field.minimum, factor);
  const high = field.maximum === undefined || field.maximum === null ? null : boundIn(field.maximum, factor);
  return { minimum: low, maximum: high, exclusive: Boolean(field.exclusive_minimum), unit };
}

/** The range as words ("" when unbounded): "0.1 to 20 mg/dL", "above 0 up to 20 mg/dL",
 * "at least 1 mg/dL", "above 0 mg/dL", "at most 20 mg/dL".
 * @param {Range} range
 */
export function rangeText(range) {
  const { minimum: low, maximum: high, exclusive } = range;
  const unit = range.unit ? ` ${range.unit}` : "";
  if (low !== null && high !== null) return exclusive ? `above ${low} up to ${high}${unit}` : `${low} to ${high}${unit}`;
  if (low !== null) return `${exclusive ? "above" : "at least"} ${low}${unit}`;
  if (high !== null) return `at most ${high}${unit}`;
  return "";
}

/** Whether a value is in the range.
 * @param {number} value
 * @param {Range} range
 */
export function inRange(value, range) {
  const { minimum: low, maximum: high, exclusive } = range;
  if (low !== null && (exclusive ? value <= low : value < low)) return false;
  return high === null || value <= high;
}
