// @ts-check
/* Where a result is kept: the page's address with the form's inputs in its hash. On a site
 * published in versions (mike: /VERSION/ beside its aliases such as /latest/), the page in its
 * own version's folder (the root's data-version-url, relative to the page), so that the link
 * in a copied note opens the version that computed the answer after newer ones are
 * published, even when the reader was on /latest/. From file:// (the offline file) the file's
 * own address. And what a version says of inputs in a link that it does not know.
 *
 * Pure: no DOM, no page state (tests/browser/note_text.test.mjs runs it under Node). */

/** The address of the page holding these inputs.
 * @param {string} href  the page's address (location.href)
 * @param {string} versionUrl  the page in its version's folder, relative to it ("" without a version)
 * @param {string} hash  the inputs ("#NAME?…", or "")
 * @returns {string}
 */
export function resultAddress(href, versionUrl, hash) {
  const here = new URL(href);
  const page = versionUrl && here.protocol !== "file:" ? new URL(versionUrl, here) : here;
  page.hash = "";
  return page.href + hash;
}

/** What the form says of a link's inputs that this version's form has no control for (a
 * field of a newer algorithm, or a mistyped name): no result is shown, rather than one
 * computed without them.
 * @param {string[]} names  the inputs' names, as the link gives them
 * @param {string} siteVersion  the site's version ("" without one)
 * @returns {string}
 */
export function unknownInputsMessage(names, siteVersion) {
  const which = siteVersion ? `version ${siteVersion} of this calculator` : "this calculator";
  const list = names.map((name) => `“${name}”`).join(", ");
  return (
    `The link holds ${names.length === 1 ? "an input" : "inputs"} that ${which} does not know: ${list}. ` +
    "It may come from a newer version of the guideline; no result is shown. " +
    "Open the link in the version it came from, or answer the questions here."
  );
}
