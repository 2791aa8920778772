// @ts-check
// The offline file's script (web/offline/), its pure parts run in-process under `node --test`
// (tests/export/test_offline_script.py runs this file): decode7 and the decoder Worker's
// source (run with a stand-in for the worker's global scope) against blocks that Python's
// encode7 made (OFFLINE_SCRIPT_CASES: a JSON file written by the pytest side), and the
// search and fragment helpers of pages.js.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { decode7 } from "../../web/offline/decode7.js";
import { decoderSource } from "../../web/offline/decoder.js";
import { findPages, hashId, hashTarget, MAX_RESULTS, resultTarget, searchWords, snippet, statusText } from "../../web/offline/pages.js";

/**
 * @typedef {object} Case  one block, as the file carries it
 * @property {string} name
 * @property {string[]} parts   encode7 text, in parts
 * @property {number} size      bytes after decode7
 * @property {boolean} gzip
 * @property {boolean} json
 * @property {string} hex       the bytes wanted (after gunzip when gzipped)
 * @property {unknown} [value]  the parsed value (a JSON block)
 * @property {string} [error]   the decoder's error, when it must fail
 */
const casesFile = process.env.OFFLINE_SCRIPT_CASES;
/** @type {{ decode7: Case[], decoder: Case[] }} */
const cases = casesFile ? JSON.parse(readFileSync(casesFile, "utf-8")) : { decode7: [], decoder: [] };

test("the cases came from the Python side", () => {
  assert.ok(casesFile, "run me from tests/export/test_offline_script.py");
  assert.ok(cases.decode7.length > 5 && cases.decoder.length > 3);
});

test("decode7 undoes encode7, part by part", () => {
  for (const c of cases.decode7) {
    const state = { acc: 0, bits: 0, esc: false, left: c.size };
    const got = c.parts.flatMap((part) => Array.from(decode7(state, part)));
    assert.equal(Buffer.from(got).toString("hex"), c.hex, JSON.stringify(c.parts).slice(0, 80));
    assert.equal(state.left, 0);
  }
});

/** Runs the decoder Worker's own source against a stand-in global scope; resolves with the
 * messages it posts for `c` up to its last (bytes, the JSON block's end, or an error).
 * @param {Case} c */
async function decode(c) {
  /** @type {{ message: any, transfer?: unknown[] }[]} */
  const posted = [];
  /** @type {(value?: unknown) => void} */
  let finished = () => {};
  const over = new Promise((resolve) => (finished = resolve));
  /** @type {{ onmessage: ((e: { data: unknown }) => void) | null, postMessage: (m: any, t?: unknown[]) => void }} */
  const scope = {
    onmessage: null,
    postMessage(message, transfer) {
      posted.push({ message, transfer });
      if (message.blob || message.error || message.value === true) finished();
    },
  };
  new Function("self", decoderSource())(scope);
  assert.ok(scope.onmessage, "the decoder sets its onmessage");
  c.parts.forEach((text, i) => {
    const last = i === c.parts.length - 1;
    /** @type {NonNullable<typeof scope.onmessage>} */ (scope.onmessage)({
      data: { name: c.name, text, size: c.size, gzip: c.gzip, last, json: c.json },
    });
  });
  await over;
  return posted;
}

test("the decoder Worker's source decodes, gunzips, parses and slices each block", async () => {
  for (const c of cases.decoder) {
    const posted = await decode(c);
    const last = posted[posted.length - 1].message;
    assert.ok(posted.every((p) => p.message.name === c.name));
    if (c.error) {
      assert.equal(posted.length, 1);
      assert.match(String(last.error), new RegExp(c.error), `${c.name}: ${JSON.stringify(posted.map((p) => Object.keys(p.message)))}`);
    } else if (c.json) {
      /* slices: [key, entries] messages, then {value: true}; put together as the page does */
      /** @type {Record<string, any>} */
      const value = {};
      for (const { message } of posted.slice(0, -1)) {
        const part = value[message.key] || (value[message.key] = message.array ? [] : {});
        for (const [k, x] of message.entries) part[k] = x;
      }
      assert.deepEqual(last, { name: c.name, value: true });
      assert.deepEqual(value, c.value);
      const slices = posted.length - 1;
      assert.ok(slices >= Object.keys(value).length, "one slice per key at least");
      if (c.name === "big.json") assert.ok(slices > Object.keys(value).length + 1, "big values go in slices");
    } else {
      assert.equal(posted.length, 1);
      assert.ok(last.blob instanceof Blob);
      assert.deepEqual(posted[0].transfer, [last.buffer]);
      assert.equal(Buffer.from(last.buffer).toString("hex"), c.hex);
      assert.equal(Buffer.from(await last.blob.arrayBuffer()).toString("hex"), c.hex);
    }
  }
});

test("a location's hash: its id, none, or malformed", () => {
  assert.equal(hashId(""), "");
  assert.equal(hashId("#"), "");
  assert.equal(hashId("#page--authors"), "page--authors");
  assert.equal(hashId("#caf%C3%A9"), "café");
  assert.equal(hashId("#100%"), null);
  assert.equal(hashId("#%E0%A4%A"), null);
});

test("a calculator's shared link names the calculator, with inputs; any other hash its id", () => {
  assert.deepEqual(hashTarget("#calc-009?example_number=3&example_box=false"), { id: "calc-009", inputs: true });
  assert.deepEqual(hashTarget("#page--authors"), { id: "page--authors", inputs: false });
  assert.deepEqual(hashTarget("#caf%C3%A9"), { id: "café", inputs: false });
  assert.equal(hashTarget(""), null);
  assert.equal(hashTarget("#100%"), null);
  /* a "?" first is no calculator's name: the whole hash is the id */
  assert.deepEqual(hashTarget("#?x=1"), { id: "?x=1", inputs: false });
});

test("search: every word of the query, in any order, in the index's order", () => {
  assert.deepEqual(searchWords("  Low  BACK\tpain "), ["low", "back", "pain"]);
  assert.deepEqual(searchWords(" \n "), []);
  /** @type {import("../../web/offline/blocks.js").SearchEntry[]} */
  const index = [
    ["a", "A", "low back pain and sciatica", []],
    ["b", "B", "pain in the back, low", []],
    ["c", "C", "neck pain", []],
  ];
  assert.deepEqual(
    findPages(index, ["back", "low"]).map((e) => e[0]),
    ["a", "b"],
  );
  assert.deepEqual(findPages(index, ["pain"]).length, 3);
  assert.deepEqual(findPages(index, ["zzz"]), []);
  assert.deepEqual(findPages(index, []).length, 3);
});

test("a result opens its page at the heading before the word, or at its top", () => {
  /** @type {import("../../web/offline/blocks.js").SearchEntry} */
  const entry = ["page--p", "P", "intro words first heading text second heading more text", [
    ["first", 12],
    ["second", 31],
  ]];
  assert.equal(entry[2].slice(12, 19), "first h");
  assert.equal(entry[2].slice(31, 37), "second");
  assert.equal(resultTarget(entry, "intro"), "page--p");
  assert.equal(resultTarget(entry, "words"), "page--p");
  assert.equal(resultTarget(entry, "first"), "first"); /* a heading's own words: that heading */
  assert.equal(resultTarget(entry, "text"), "first"); /* the first place of the word */
  assert.equal(resultTarget(entry, "more"), "second");
  assert.equal(resultTarget(["page--q", "Q", "no headings", []], "headings"), "page--q");
});

test("a result's snippet: the text around the first word", () => {
  assert.equal(snippet("low back pain", "back"), ": \u2026low back pain\u2026");
  const text = "x".repeat(100) + "needle" + "y".repeat(100);
  assert.equal(snippet(text, "needle"), ": \u2026" + "x".repeat(40) + "needle" + "y".repeat(54) + "\u2026");
});

test("the announced status", () => {
  assert.equal(statusText(0), "No page found.");
  assert.equal(statusText(1), "1 page found.");
  assert.equal(statusText(2), "2 pages found.");
  assert.equal(statusText(MAX_RESULTS), `${MAX_RESULTS} pages found.`);
  assert.equal(statusText(MAX_RESULTS + 1), `${MAX_RESULTS + 1} pages found (the first ${MAX_RESULTS} shown).`);
  assert.equal(statusText(3, 2), "3 pages found (the first 2 shown).");
});
