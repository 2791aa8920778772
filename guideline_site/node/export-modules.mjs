#!/usr/bin/env node
// List the standard-library files the calculator needs, for the offline export's trimmed
// stdlib zip.
//
//   node scripts/export-modules.mjs --pyodide node_modules/pyodide --wheel core.whl \
//        --options options.json --out modules.json
//
// Starts Pyodide with the full stdlib, unpacks and imports sciatica_core, calls it on a
// valid input, an invalid one and a non-object (so modules imported lazily by the core or
// by error handling are seen too), then writes the sorted paths of every loaded module
// that lives in the stdlib zip ("/lib/python314.zip/json/__init__.py" ...) as JSON.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values: opt } = parseArgs({
  options: Object.fromEntries(
    ["pyodide", "wheel", "options", "out"].map((k) => [k, { type: "string" }]),
  ),
});
const dir = path.resolve(opt.pyodide);
const { loadPyodide } = await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href);
const py = await loadPyodide({
  indexURL: dir + path.sep,
  ...JSON.parse(fs.readFileSync(opt.options, "utf8")),
  stdout: () => {},
});
const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
py.unpackArchive(new Uint8Array(fs.readFileSync(opt.wheel)), "wheel", {
  extractDir: sitePackages,
});
const files = py.runPython(`
import json, sys, sciatica_core
for data in ({"red_flags": [], "pain_score": 6, "symptom_duration_days": 40,
              "functional_limitation": True},
             {"red_flags": ["bogus"], "pain_score": "6"},
             [1, 2]):
    try:
        json.dumps(sciatica_core.evaluate(data))
    except sciatica_core.InputError as exc:
        json.dumps(exc.errors)
json.dumps(sciatica_core.rules_as_data())
json.dumps(sorted({m.__file__ for m in list(sys.modules.values())
                   if isinstance(getattr(m, "__file__", None), str)}))
`);
fs.writeFileSync(opt.out, files);
