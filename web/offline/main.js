// @ts-check
/* The offline file's own script (guideline_site/export/): the sources of
 * guideline_site/assets/offline/offline.js, a classic script bundled from these ES modules by
 * esbuild (scripts/build-js; the bundle is committed, as calculator.js is) and inlined by the
 * export into the file's <head> (templates/export/offline.html), after the page scripts and
 * before the body:
 *   main.js     this file: reads the file's runtime, sets the calculator's config, starts
 *               the pages
 *   blocks.js   the calculator's start-up from file://: the data blocks, their decoder
 *               Workers, the calculator's worker (window.guidelineCalculatorConfig)
 *   decoder.js  the decoder Worker (its source is made from its functions' text)
 *   decode7.js  encode7 (export/codec.py) undone, part by part
 *   pages.js    the compressed pages put in place, links into them, the file's search
 *   layout.js   the menu of pages, each page's contents, the page shown marked in the nav
 *
 * It runs while the parser is still in <head>: it must set window.guidelineCalculatorConfig
 * at once, since the script after each part of a data block in the body calls its
 * decodeBlock() as soon as the parser has read the part. Its one input is the runtime's JSON
 * block just before it, <script type="application/json" id="offline-runtime">. */

import { offlineConfig } from "./blocks.js";
import { startLayout } from "./layout.js";
import { startPages } from "./pages.js";

/** The globals this script reads and sets (on window).
 * @typedef {Record<string, unknown> & {
 *   guidelineCalculatorConfig?: import("./blocks.js").OfflineConfig }} PageGlobals */

const page = /** @type {PageGlobals} */ (/** @type {unknown} */ (window));
const runtimeBlock = /** @type {HTMLElement} */ (document.getElementById("offline-runtime"));
/** @type {import("./blocks.js").OfflineRuntime} */
const runtime = JSON.parse(/** @type {string} */ (runtimeBlock.textContent));

page.guidelineCalculatorConfig = offlineConfig(runtime);
startLayout();
/* read back: what a test's setter on the global made of it is what the pages use */
startPages(/** @type {import("./blocks.js").OfflineConfig} */ (page.guidelineCalculatorConfig));
