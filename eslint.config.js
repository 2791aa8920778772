// ESLint (flat config), run by scripts/test: the recommended rules over the page script's
// sources (ES modules, web/), the page scripts as served (the calculator's bundle among them,
// linted as the classic script it is), the worker, the plugin's Node scripts and the tests'
// Node scripts.
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  js.configs.recommended,
  {
    files: ["guideline_site/assets/**/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser } },
  },
  {
    files: ["web/**/*.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.browser } },
  },
  {
    files: ["guideline_site/assets/calculator/worker.js"],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    files: ["guideline_site/node/*.mjs", "tests/**/*.mjs"],
    languageOptions: { sourceType: "module", globals: { ...globals.node } },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
];
