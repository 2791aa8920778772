#!/usr/bin/env node
// @ts-check
// Run the core's own test modules (tests/core) inside Pyodide under Node, so that the wasm
// build of CPython and the host CPython are held to the same tests.
//
//   node tests/pyodide/run_core_tests.mjs --pyodide node_modules/pyodide \
//        --wheel guideline_site_kit-....whl --wheel sciatica_core-....whl --tests tests/core
//
// Every --wheel is unpacked, in order (the authoring kit's before the core's).
//
// pytest is not in Pyodide's bundle (and there is no network), so this is a tiny runner:
// it imports each test_*.py module and calls every test_* function that takes no
// arguments. A module that cannot be imported because it needs pytest, hypothesis or
// subprocess (which Pyodide cannot run) is skipped, and listed as skipped with the reason.
// Prints one JSON object: {"passed": [...], "failed": [{"test", "error"}], "skipped": [...]}
// and exits 1 if any test failed or nothing ran.
import fs from "node:fs";
import path from "node:path";
import { bootPyodide, cliOptionLists } from "../../guideline_site/node/boot.mjs";

const { one: opt, many } = cliOptionLists(["pyodide", "tests"], ["wheel"]);
const testsDir = path.resolve(opt.tests);
const py = await bootPyodide({ pyodideDir: opt.pyodide, wheel: many.wheel });
py.FS.mkdirTree("/work/tests/core");
for (const name of fs.readdirSync(testsDir).sort()) {
  if (name.endsWith(".py")) {
    py.FS.writeFile(`/work/tests/core/${name}`, fs.readFileSync(path.join(testsDir, name)));
  }
}

const report = py.runPython(`
import importlib, inspect, json, os, sys, traceback
sys.path.insert(0, "/work/tests/core")
NOT_IN_PYODIDE = {"pytest", "hypothesis", "_pytest"}
passed, failed, skipped = [], [], []
for name in sorted(os.listdir("/work/tests/core")):
    if not (name.startswith("test_") and name.endswith(".py")):
        continue
    modname = name[:-3]
    source = open(f"/work/tests/core/{name}").read()
    if "import subprocess" in source:
        skipped.append({"module": modname, "reason": "runs subprocesses (not possible in Pyodide)"})
        continue
    try:
        module = importlib.import_module(modname)
    except ModuleNotFoundError as exc:
        if exc.name in NOT_IN_PYODIDE:
            skipped.append({"module": modname, "reason": f"needs {exc.name} (not in Pyodide's bundle)"})
            continue
        failed.append({"test": modname, "error": traceback.format_exc()})
        continue
    for attr, fn in sorted(vars(module).items()):
        if not attr.startswith("test_") or not callable(fn) or getattr(fn, "__module__", None) != modname:
            continue
        params = [p for p in inspect.signature(fn).parameters.values() if p.default is p.empty]
        if params:
            skipped.append({"module": modname, "test": attr, "reason": "needs pytest fixtures or parameters"})
            continue
        try:
            fn()
        except Exception:
            failed.append({"test": f"{modname}.{attr}", "error": traceback.format_exc()})
        else:
            passed.append(f"{modname}.{attr}")
json.dumps({"python": sys.version, "passed": passed, "failed": failed, "skipped": skipped})
`);
console.log(report);
const parsed = JSON.parse(report);
process.exit(parsed.failed.length || !parsed.passed.length ? 1 : 0);
