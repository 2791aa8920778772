#!/usr/bin/env node
// @ts-check
// Make a Pyodide memory snapshot with every calculator core of a site imported, at build time.
//
//   node guideline_site/node/make-snapshot.mjs --pyodide node_modules/pyodide \
//        [--library kit.whl ...] --wheel core.whl --package core_package \
//        [--wheel W --package P ...] --options options.json --out snapshot.bin.gz
//
// One --wheel/--package pair per core; a --library wheel (the authoring kit's) is unpacked
// first and imported by the cores that need it. Only the wasm heap is in a snapshot, not the virtual
// filesystem: a page unpacks the wheels of its own calculators again after restoring. Node's own values would be baked in, so sys.executable and
// os.environ come from --options (the same loadPyodide options the Web Worker passes).
// The snapshot is verified by restoring it here and calling each core once.
// Exit 0 on success; any failure exits 1 with a message (the build then falls back to a
// cold start in the browser).
import fs from "node:fs";
import zlib from "node:zlib";
import { bootPyodide, cliOptionLists } from "./boot.mjs";

const { one: opt, many } = cliOptionLists(["pyodide", "options", "out"], ["wheel", "package"], ["library"]);
if (many.wheel.length !== many.package.length) throw new Error("one --package for each --wheel");
/* the libraries' wheels (the authoring kit) first, then the cores' */
const wheel = [...many.library, ...many.wheel].map((file) => new Uint8Array(fs.readFileSync(file)));
const options = JSON.parse(fs.readFileSync(opt.options, "utf8"));
const out = opt.out;
const pkgs = JSON.stringify(many.package); // a Python list literal of the import names

const PREPARE = `
import sys, json
for _name in ${pkgs}:
    __import__(_name)
    sys.modules[_name].evaluate  # the entry point exists
`;
const CHECK = `
import importlib, json
json.dumps([importlib.import_module(_name).rules_as_data().get("algorithm_version")
            for _name in ${pkgs}])
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
    algorithm_versions: JSON.parse(version),
  }),
);
