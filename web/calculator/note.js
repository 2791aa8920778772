// @ts-check
/* The text "Copy to note" gives: short enough to paste into a clinical note (the typical
 * result in at most 12 lines). The inputs as answered, one line per group of the form (a
 * question left unanswered whose core assumes a default says so: "not answered (assumed:
 * LABEL)"); the headline; the notes that qualify it; the headline's actions (a pathway's first
 * section drawn, e.g. "Actions" or an urgent step's "Do now"), a score's points or a
 * quantity's value; the version stamp with the link to the page holding these inputs. No rule
 * ids, step codes or reference list: those stay in the result's "Why this result" and the
 * page (citation numbers stay beside each line). For the patient audience the note says it is
 * for a clinician and is not a prescription.
 *
 * Pure: no DOM, no page state (tests/browser/note.test.mjs runs it under Node). result.js
 * gives it what the card shows. */

import { holds } from "./spec.js";

/** @typedef {import("./spec.js").Field} Field */
/** @typedef {import("./spec.js").Input} Input */
/** @typedef {{ text: string, refs?: (string | number)[] }} Item */
/** @typedef {{ code: string, text: string }} Note */

/** A field's default, as its form names it ("Yes, tolerated"), or null when it has none.
 * @param {Field} field
 * @returns {string | null}
 */
export function assumedLabel(field) {
  const value = field.default;
  if (value === undefined || value === null) return null;
  const option = (field.options || []).find((o) => o.value === value);
  if (option) return option.label;
  if (field.kind === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.length ? value.join("; ") : "none";
  return field.unit ? `${value} ${field.unit}` : String(value);
}

/** "not answered (assumed: LABEL)": how a note and the form name the default a core applies
 * to a question left unanswered.
 * @param {Field} field */
export function assumedText(field) {
  return `not answered (assumed: ${assumedLabel(field)})`;
}

/** A field's answer as a note writes it.
 * @param {Field} field
 * @param {any} value
 * @param {Input} input  (a decimal's unit is its unit field's value there)
 * @param {Field[]} fields  the spec's (a decimal's unit field is found there)
 */
export function describeValue(field, value, input, fields) {
  /** @param {unknown} v */
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
    case "decimal": {
      const unitField = field.unit_field ? fields.find((f) => f.name === field.unit_field) : undefined;
      const unit = unitField ? (unitField.options || []).find((o) => o.value === input[unitField.name]) : undefined;
      const label = unit ? unit.label : unitField ? input[unitField.name] : field.unit;
      return label ? `${value} ${label}` : String(value);
    }
    case "integer":
      /* A number with a unit; one without, on a bounded scale, as a score on that scale. */
      if (field.unit) return `${value} ${field.unit}`;
      return field.maximum === null || field.maximum === undefined ? String(value) : `${value}/${field.maximum}`;
    default:
      return String(value);
  }
}

/** The inputs as answered: one line per group of the form (its answers joined by "; "), in
 * the form's order, each named by its note_label. A question shown but left unanswered whose
 * core assumes a default is written as "not answered (assumed: LABEL)". An urgent result
 * lists only the always-required fields (the screen that made it urgent) and what the reader
 * answered.
 * @param {{ fields: Field[], groups: { fields: string[] }[] }} spec
 * @param {Input} input
 * @param {Set<string>} touched  the fields the reader answered
 * @param {boolean} urgent
 * @returns {string[]}
 */
export function inputLines(spec, input, touched, urgent) {
  const byName = new Map(spec.fields.map((f) => [f.name, f]));
  const lines = [];
  for (const group of spec.groups) {
    const parts = [];
    for (const name of group.fields) {
      const field = byName.get(name);
      /* A unit is written with its decimal ("0.8 mg/dL"), not on its own. */
      if (!field || field.kind === "unit") continue;
      const label = field.note_label || field.label;
      if (Object.hasOwn(input, name)) {
        const value = input[name];
        const always = field.required && !(field.required_when || []).length;
        if (urgent && !always && (!touched.has(name) || value === null)) continue;
        parts.push(`${label}: ${describeValue(field, value, input, spec.fields)}`);
      } else if (!urgent && assumedLabel(field) !== null && holds(field.shown_when, input)) {
        parts.push(`${label}: ${assumedText(field)}`);
      }
    }
    if (parts.length) lines.push(parts.join("; "));
  }
  return lines;
}

/** " [1, 2]" after a line citing references, or "".
 * @param {(string | number)[] | undefined} refs */
export function citation(refs) {
  return refs && refs.length ? ` [${refs.join(", ")}]` : "";
}

/** How a note names a result's note (a guideline gap as a gap, never as advice).
 * @param {Note} note */
export function noteLine(note) {
  return `${note.code === "guideline_gap" ? "Guideline gap (no rule in the article): " : "Note: "}${note.text}`;
}

/**
 * @typedef {object} NoteParts  what the card shows, as the note writes it
 * @property {string} title  the calculator's title
 * @property {string[]} inputs  inputLines()
 * @property {string} headline  the result's one line (a pathway: its step's label and title)
 * @property {string[]} [details]  a score's or quantity's value line(s), as written
 * @property {Note[]} [notes]  the result's notes (they qualify the headline)
 * @property {{ heading: string, items: Item[] } | null} [firstSection]  the headline's actions (a
 *   pathway's first section)
 * @property {string} stamp  "Algorithm version V (article …, last updated D, review status: S)"
 * @property {string} [link]  the page's address with these inputs (in its version's own folder on a
 *   site published in versions: address.js)
 * @property {boolean} [forPatient]  the reader chose the patient audience
 */

/** The note's lines.
 * @param {NoteParts} parts
 * @returns {string[]}
 */
export function noteLines(parts) {
  const lines = [
    parts.forPatient
      ? `For your clinician (a decision aid for clinicians, not a prescription): ${parts.title}. Inputs:`
      : `${parts.title}. Inputs:`,
    ...parts.inputs.map((line) => `- ${line}`),
    parts.forPatient
      ? `What the guideline suggests a clinician consider: ${parts.headline}`
      : `Result: ${parts.headline}`,
    ...(parts.details || []),
    ...(parts.notes || []).map(noteLine),
  ];
  const first = parts.firstSection;
  if (first && first.items.length) {
    lines.push(`${first.heading}:`, ...first.items.map((item) => `- ${item.text}${citation(item.refs)}`));
  }
  lines.push(parts.link ? `${parts.stamp}. This result with these answers: ${parts.link}` : `${parts.stamp}.`);
  return lines;
}
