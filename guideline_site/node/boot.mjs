// @ts-check
// The one way the Node scripts start Pyodide with a calculator core installed: the plugin's
// make-snapshot.mjs and export-modules.mjs, and the tests' run_core_tests.mjs.
//
//   import { bootPyodide, cliOptions } from "./boot.mjs";
//   const opt = cliOptions(["pyodide", "wheel"]);             // --pyodide DIR --wheel FILE
//   const py = await bootPyodide({ pyodideDir: opt.pyodide, wheel: opt.wheel });
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/**
 * The script's `--NAME VALUE` options, every one of `names` required (a missing or unknown
 * one throws, naming it).
 * @param {string[]} names
 * @returns {Record<string, string>}
 */
export function cliOptions(names) {
  const { values } = parseArgs({
    options: Object.fromEntries(names.map((name) => [name, { type: "string" }])),
  });
  /** @type {Record<string, string>} */
  const out = {};
  for (const name of names) {
    const value = values[name];
    if (typeof value !== "string") throw new Error(`missing --${name}`);
    out[name] = value;
  }
  return out;
}

/**
 * Load Pyodide from `pyodideDir` (self-hosted, from npm) and unpack the core's wheel (or any
 * zip of the package) into its site-packages. `options` are further loadPyodide options
 * (they win over the defaults: no stdout).
 * @param {{pyodideDir: string, wheel: string | Uint8Array, options?: object}} how
 */
export async function bootPyodide({ pyodideDir, wheel, options = {} }) {
  const dir = path.resolve(pyodideDir);
  const { loadPyodide } = await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href);
  const py = await loadPyodide({ indexURL: dir + path.sep, stdout: () => {}, ...options });
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  const bytes = typeof wheel === "string" ? new Uint8Array(fs.readFileSync(wheel)) : wheel;
  py.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
  return py;
}
