// @ts-check
// The text of "Copy to note" (web/calculator/note.js), its pure parts run in-process under
// `node --test` (tests/browser/test_note_text.py runs this file, with the three example
// calculators' declared specs written by the Python side: NOTE_TEXT_SPECS, a JSON file).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { assumedLabel, assumedText, describeValue, inputLines, noteLines } from "../../web/calculator/note.js";

const specsFile = process.env.NOTE_TEXT_SPECS;
/** @type {Record<string, any>} */
const specs = specsFile ? JSON.parse(readFileSync(specsFile, "utf-8")) : {};

/** The typical case, as the page sends it (NSAID tolerance left unanswered). */
const TYPICAL = {
  red_flags: [],
  pain_score: 7,
  symptom_duration_days: 45,
  functional_limitation: true,
  nsaid_days: 5,
  duloxetine_days: null,
  response: "inadequate",
};

test("the specs came from the Python side", () => {
  assert.deepEqual(Object.keys(specs).sort(), ["cha2ds2-vasc", "egfr", "sciatica-flare"]);
});

test("a default is named by its option's label, as assumed, never as an answer", () => {
  const field = specs["sciatica-flare"].fields.find((/** @type {any} */ f) => f.name === "nsaid_tolerated");
  assert.equal(assumedLabel(field), "Yes, tolerated");
  assert.equal(assumedText(field), "not answered (assumed: Yes, tolerated)");
  assert.equal(assumedLabel({ name: "x", kind: "boolean", label: "X", default: false }), "no");
  assert.equal(assumedLabel({ name: "x", kind: "integer", label: "X", unit: "mg", default: 5 }), "5 mg");
  assert.equal(assumedLabel({ name: "x", kind: "integer", label: "X" }), null);
});

test("the typical case's inputs: one line per group, the unanswered default said to be assumed", () => {
  const lines = inputLines(specs["sciatica-flare"], TYPICAL, new Set(Object.keys(TYPICAL)), false);
  assert.deepEqual(lines, [
    "Red flags: none of these three",
    "Pain: 7/10; Duration of current pain: 45 days; Limits function: yes",
    "NSAIDs for this flare: 5 days; Response so far: Inadequate; Duloxetine: not added",
    "NSAIDs tolerated: not answered (assumed: Yes, tolerated)",
  ]);
});

test("an answer given is written as given", () => {
  const input = { ...TYPICAL, nsaid_tolerated: true };
  const lines = inputLines(specs["sciatica-flare"], input, new Set(Object.keys(input)), false);
  assert.equal(lines[3], "NSAIDs tolerated: yes");
  const no = inputLines(specs["sciatica-flare"], { ...TYPICAL, nsaid_tolerated: false }, new Set(), false);
  assert.equal(no[3], "NSAIDs tolerated: no");
});

test("an urgent result lists the screen and what was answered, no default", () => {
  const input = { red_flags: ["cauda_equina_symptoms"], pain_score: 8, nsaid_days: null };
  const lines = inputLines(specs["sciatica-flare"], input, new Set(["red_flags", "pain_score"]), true);
  assert.deepEqual(lines, [
    "Red flags: Cauda equina symptoms (bowel/bladder dysfunction, saddle anesthesia)",
    "Pain: 8/10",
  ]);
});

test("a default of a question not shown is not written", () => {
  const spec = {
    fields: [
      { name: "a", kind: "integer", label: "A", required: false },
      { name: "b", kind: "boolean", label: "B", default: true, options: [], shown_when: [{ field: "a", op: "given" }] },
    ],
    groups: [{ fields: ["a", "b"] }],
  };
  assert.deepEqual(inputLines(spec, {}, new Set(), false), []);
  assert.deepEqual(inputLines(spec, { a: 2 }, new Set(), false), ["A: 2; B: not answered (assumed: yes)"]);
});

test("a decimal is written with its unit field's label; a score's and a quantity's inputs too", () => {
  const egfr = specs.egfr;
  const input = { sex: "female", age_years: 60, creatinine: 0.8, creatinine_unit: "mg/dL" };
  const lines = inputLines(egfr, input, new Set(Object.keys(input)), false);
  assert.equal(lines.length, egfr.groups.filter((/** @type {any} */ g) => g.fields.some((/** @type {string} */ n) => n !== "creatinine_unit")).length);
  assert.ok(lines.join("; ").includes("0.8 mg/dL"), lines.join("\n"));
  assert.ok(!lines.join("\n").includes("creatinine_unit"));
  const creatinine = egfr.fields.find((/** @type {any} */ f) => f.name === "creatinine");
  assert.equal(describeValue(creatinine, 70.7, { creatinine_unit: "umol/L" }, egfr.fields), "70.7 µmol/L");
  const score = specs["cha2ds2-vasc"];
  const scored = inputLines(score, { risk_factors: ["hypertension"], age: 70, sex: "female" }, new Set(), false);
  assert.ok(scored.join("\n").includes("Hypertension"), scored.join("\n"));
});

/** @param {boolean} forPatient */
function typicalNote(forPatient) {
  return noteLines({
    title: "Sciatica flare calculator",
    inputs: inputLines(specs["sciatica-flare"], TYPICAL, new Set(), false),
    headline: "Add duloxetine (article step 3) — Inadequate response after 3-5 days: add duloxetine (Step 3)",
    notes: [{ code: "guideline_gap", text: "The article leaves this open." }],
    firstSection: {
      heading: "Actions",
      items: [{ text: "Add duloxetine", refs: [4, 2] }, { text: "Continue NSAIDs if tolerated", refs: [2] }, { text: "Keep exercising" }],
    },
    stamp: "Algorithm version 2+abc (article “T”, last updated 2025-11-26, review status: Under Review)",
    link: "https://example.org/#sciatica-flare?pain_score=7",
    forPatient,
  });
}

test("the typical note: at most 12 lines, the headline, its qualifying note, its actions, the stamp and link", () => {
  const lines = typicalNote(false);
  assert.ok(lines.length <= 12, lines.join("\n"));
  assert.equal(lines[0], "Sciatica flare calculator. Inputs:");
  assert.equal(lines[5], "Result: Add duloxetine (article step 3) — Inadequate response after 3-5 days: add duloxetine (Step 3)");
  assert.equal(lines[6], "Guideline gap (no rule in the article): The article leaves this open.");
  assert.deepEqual(lines.slice(7, 11), ["Actions:", "- Add duloxetine [4, 2]", "- Continue NSAIDs if tolerated [2]", "- Keep exercising"]);
  assert.equal(
    lines[11],
    "Algorithm version 2+abc (article “T”, last updated 2025-11-26, review status: Under Review). This result with these answers: https://example.org/#sciatica-flare?pain_score=7",
  );
  const text = lines.join("\n");
  assert.ok(!/Rules applied|References:|\(code /.test(text), text);
});

test("for the patient audience the note is labelled for a clinician, never as instructions", () => {
  const lines = typicalNote(true);
  assert.ok(lines.length <= 12);
  assert.ok(lines[0].startsWith("For your clinician (a decision aid for clinicians, not a prescription): "), lines[0]);
  assert.ok(lines[5].startsWith("What the guideline suggests a clinician consider: Add duloxetine"), lines[5]);
  assert.ok(!lines.some((line) => line.startsWith("Result:")));
});

test("a note without a link ends with its stamp; a non-gap note is a Note", () => {
  const lines = noteLines({ title: "T", inputs: [], headline: "H", details: ["S: 2/9"], notes: [{ code: "x", text: "Y" }], stamp: "Algorithm version 1" });
  assert.deepEqual(lines, ["T. Inputs:", "Result: H", "S: 2/9", "Note: Y", "Algorithm version 1."]);
});

// The address a note links to (web/calculator/address.js): the version's own folder.
import { resultAddress, unknownInputsMessage } from "../../web/calculator/address.js";

test("a result read under an alias links to its own version's folder, with its inputs", () => {
  const hash = "#example?score=3";
  assert.equal(
    resultAddress("https://h.test/guide/latest/index.html#old", "../2/index.html", hash),
    "https://h.test/guide/2/index.html#example?score=3",
  );
  assert.equal(
    resultAddress("https://h.test/2/sub/page.html?q=1", "../../2/sub/page.html", hash),
    "https://h.test/2/sub/page.html#example?score=3",
  );
  /* Without a version, and from the offline file: the page's own address. */
  assert.equal(resultAddress("http://h.test/latest/index.html#x", "", hash), "http://h.test/latest/index.html#example?score=3");
  assert.equal(resultAddress("file:///usb/a-offline-2.html#x", "../2/index.html", ""), "file:///usb/a-offline-2.html");
});

test("inputs a version does not know are named, and no result is promised", () => {
  const one = unknownInputsMessage(["new_field"], "1");
  assert.match(one, /an input that version 1 of this calculator does not know: “new_field”/);
  assert.match(one, /no result is shown/);
  assert.match(unknownInputsMessage(["a", "b"], ""), /inputs that this calculator does not know: “a”, “b”/);
});
