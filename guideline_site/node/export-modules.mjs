#!/usr/bin/env node
// @ts-check
// List the standard-library files the calculators need, for the offline export's trimmed
// stdlib zip.
//
//   node guideline_site/node/export-modules.mjs --pyodide node_modules/pyodide \
//        [--library kit.whl ...] --wheel core.whl --package core_package [--wheel W --package P ...] \
//        --options options.json --out modules.json
//
// Starts Pyodide with the full stdlib, unpacks and imports each core (one --wheel/--package
// pair per core) with every module of its package (but __main__), calls it on an empty object, an invalid value, a non-object
// and bad JSON (so modules imported lazily by the core or by error handling are seen too),
// then writes the sorted paths of every loaded module that lives in the stdlib zip
// ("/lib/python314.zip/json/__init__.py" ...) as JSON.
import fs from "node:fs";
import { bootPyodide, cliOptionLists } from "./boot.mjs";

const { one: opt, many } = cliOptionLists(["pyodide", "options", "out"], ["wheel", "package"], ["library"]);
if (many.wheel.length !== many.package.length) throw new Error("one --package for each --wheel");
const py = await bootPyodide({
  pyodideDir: opt.pyodide,
  wheel: [...many.library, ...many.wheel], /* the kit's wheel first, then the cores' */
  options: JSON.parse(fs.readFileSync(opt.options, "utf8")),
});
const files = py.runPython(`
import importlib, json, os, sys

def exercise(core):
    (top,) = core.__path__
    for folder, _dirs, names in sorted(os.walk(top)):
        rel = os.path.relpath(folder, top)
        prefix = ".".join([core.__name__, *([] if rel == "." else rel.split(os.sep))])
        for name in sorted(names):
            if name.endswith(".py") and name not in ("__init__.py", "__main__.py"):
                importlib.import_module(f"{prefix}.{name[:-3]}")
    for data in ({}, {"": "bogus"}, [1, 2]):
        try:
            json.dumps(core.evaluate(data))
        except core.InputError as exc:
            json.dumps(exc.errors)
    for text in ('{"a": 1, "a": 2}', "NaN", "not json", "[1, 2]"):
        try:  # only the modules it imports matter here (the contract says it never raises)
            core.evaluate_json(text)
        except Exception:
            pass
    json.dumps(core.rules_as_data())

for package in ${JSON.stringify(many.package)}:
    exercise(importlib.import_module(package))
json.dumps(sorted({m.__file__ for m in list(sys.modules.values())
                   if isinstance(getattr(m, "__file__", None), str)}))
`);
fs.writeFileSync(opt.out, files);
