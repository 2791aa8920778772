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
 * The script's options as cliOptions gives them (`names`, each once), plus `lists`: options
 * given one or more times, each as its values in order (every one required), and `optional`:
 * lists that may also be absent (an empty list).
 * @param {string[]} names
 * @param {string[]} lists
 * @param {string[]} [optional]
 * @returns {{one: Record<string, string>, many: Record<string, string[]>}}
 */
export function cliOptionLists(names, lists, optional = []) {
  /** @type {import("node:util").ParseArgsConfig["options"]} */
  const options = {};
  for (const name of names) options[name] = { type: "string" };
  for (const name of [...lists, ...optional]) options[name] = { type: "string", multiple: true };
  const values = /** @type {Record<string, unknown>} */ (parseArgs({ options }).values);
  /** @type {Record<string, string>} */
  const one = {};
  /** @type {Record<string, string[]>} */
  const many = {};
  for (const name of names) {
    const value = values[name];
    if (typeof value !== "string") throw new Error(`missing --${name}`);
    one[name] = value;
  }
  for (const name of lists) {
    const value = values[name];
    if (!Array.isArray(value) || !value.length) throw new Error(`missing --${name}`);
    many[name] = value.map(String);
  }
  for (const name of optional) {
    const value = values[name];
    many[name] = Array.isArray(value) ? value.map(String) : [];
  }
  return { one, many };
}

/**
 * Load Pyodide from `pyodideDir` (self-hosted, from npm) and unpack the core's wheel (or any
 * zip of the package; or several cores' wheels, a list) into its site-packages. `options` are further loadPyodide options
 * (they win over the defaults: no stdout).
 * @param {{pyodideDir: string, wheel: string | Uint8Array | Array<string | Uint8Array>, options?: object}} how
 */
export async function bootPyodide({ pyodideDir, wheel, options = {} }) {
  const dir = path.resolve(pyodideDir);
  const { loadPyodide } = await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href);
  const py = await loadPyodide({ indexURL: dir + path.sep, stdout: () => {}, ...options });
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  for (const one of Array.isArray(wheel) ? wheel : [wheel]) {
    const bytes = typeof one === "string" ? new Uint8Array(fs.readFileSync(one)) : one;
    py.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
  }
  return py;
}
