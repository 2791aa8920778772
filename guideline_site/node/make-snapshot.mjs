#!/usr/bin/env node
// Make a Pyodide memory snapshot with every calculator core of a site imported, at build time.
//
//   node guideline_site/node/make-snapshot.mjs --pyodide node_modules/pyodide \
//        --wheel core.whl --package core_package [--wheel W --package P ...] \
//        --options options.json --out snapshot.bin.gz
//
// One --wheel/--package pair per core. Only the wasm heap is in a snapshot, not the virtual
// filesystem: a page unpacks the wheels of its own calculators again after restoring. Node's own values would be baked in, so sys.executable and
// os.environ come from --options (the same loadPyodide options the Web Worker passes).
// The snapshot is verified by restoring it here and calling each core once.
// Exit 0 on success; any failure exits 1 with a message (the build then falls back to a
// cold start in the browser).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";

/* Every value of --NAME, in order. */
function args(name) {
  const values = [];
  process.argv.forEach((a, i) => {
    if (a === `--${name}` && i + 1 < process.argv.length) values.push(process.argv[i + 1]);
  });
  if (!values.length) throw new Error(`missing --${name}`);
  return values;
}
const arg = (name) => args(name)[0];

const pyodideDir = path.resolve(arg("pyodide"));
const wheels = args("wheel").map((file) => new Uint8Array(fs.readFileSync(file)));
const options = JSON.parse(fs.readFileSync(arg("options"), "utf8"));
const out = arg("out");
/* The import names as a Python list literal of strings. */
const packages = args("package");
if (packages.length !== wheels.length) throw new Error("one --package for each --wheel");
const pkgs = JSON.stringify(packages);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

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

async function load(extra) {
  const py = await loadPyodide({
    indexURL: pyodideDir + path.sep,
    ...options,
    stdout: () => {},
    stderr: (m) => process.stderr.write(m + "\n"),
    ...extra,
  });
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  for (const wheel of wheels) py.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
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
    algorithm_versions: JSON.parse(version),
  }),
);
