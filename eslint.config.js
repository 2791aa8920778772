// ESLint (flat config), run by scripts/test: the recommended rules over the sources of the
// page script and of the offline file's script (ES modules, web/calculator/ and web/offline/),
// the page scripts as served and the offline file's script as inlined (their bundles among
// them, linted as the classic scripts they are), the worker, the plugin's Node scripts and the
// tests' Node scripts (the offline script's node --test file among them).
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
