#!/usr/bin/env node
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
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing --${name}`);
  return process.argv[i + 1];
}

const pyodideDir = path.resolve(arg("pyodide"));
const wheel = new Uint8Array(fs.readFileSync(arg("wheel")));
const options = JSON.parse(fs.readFileSync(arg("options"), "utf8"));
const out = arg("out");
const pkg = JSON.stringify(arg("package")); // a Python string literal of the import name
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

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

async function load(extra) {
  const py = await loadPyodide({
    indexURL: pyodideDir + path.sep,
    ...options,
    stdout: () => {},
    stderr: (m) => process.stderr.write(m + "\n"),
    ...extra,
  });
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
  return py;
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
