#!/usr/bin/env node
// @ts-check
// Make a Pyodide memory snapshot with a calculator core imported, at build time.
//
//   node guideline_site/node/make-snapshot.mjs --pyodide node_modules/pyodide \
//        --wheel core.whl --package core_package --options options.json --out snapshot.bin.gz
//
// Only the wasm heap is in a snapshot, not the virtual filesystem: the page unpacks the
// wheel again after restoring. Node's own values would be baked in, so sys.executable and
// os.environ come from --options (the same loadPyodide options the Web Worker passes).
// The snapshot is verified by restoring it here and calling the core once.
// Exit 0 on success; any failure exits 1 with a message (the build then falls back to a
// cold start in the browser).
import fs from "node:fs";
import zlib from "node:zlib";
import { bootPyodide, cliOptions } from "./boot.mjs";

const opt = cliOptions(["pyodide", "wheel", "package", "options", "out"]);
const wheel = new Uint8Array(fs.readFileSync(opt.wheel));
const options = JSON.parse(fs.readFileSync(opt.options, "utf8"));
const out = opt.out;
const pkg = JSON.stringify(opt.package); // a Python string literal of the import name

const PREPARE = `
import sys, json
__import__(${pkg})
sys.modules[${pkg}].evaluate  # the entry point exists
`;
const CHECK = `
import json, sys
__import__(${pkg})
json.dumps(sys.modules[${pkg}].rules_as_data().get("algorithm_version"))
`;

/** @param {object} extra */
function load(extra) {
  const stderr = (/** @type {string} */ m) => process.stderr.write(m + "\n");
  return bootPyodide({ pyodideDir: opt.pyodide, wheel, options: { ...options, stderr, ...extra } });
}

const t0 = Date.now();
const py = await load({ _makeSnapshot: true });
py.runPython(PREPARE);
const snapshot = py.makeMemorySnapshot();
const t1 = Date.now();

const restored = await load({ _loadSnapshot: snapshot });
const version = restored.runPython(CHECK);
const t2 = Date.now();

const gz = zlib.gzipSync(snapshot, { level: 6 });
fs.writeFileSync(out + ".tmp", gz);
fs.renameSync(out + ".tmp", out);
console.log(
  JSON.stringify({
    raw_bytes: snapshot.length,
    gzip_bytes: gz.length,
    make_ms: t1 - t0,
    verify_ms: t2 - t1,
    algorithm_version: JSON.parse(version),
  }),
);
