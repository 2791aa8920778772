// @ts-check
/* Where the reader is taken and what the result's "Copy link" does (issue 25 items 1 and 2;
 * the layout itself, two columns or a bar at the bottom, is calculator.css).
 *
 * - A link with inputs (a shared or bookmarked result, #NAME?inputs) opens at the
 *   calculator, its result in view: on a wide screen (the result beside the form) at the
 *   calculator's heading, on a narrow one (the result under the form) at the result. Once
 *   more when the result is drawn (the runtime takes seconds; what is above may have moved
 *   meanwhile), unless the reader has scrolled, pressed a key or touched the page since.
 * - "Copy link" (beside "Copy to note" on the card) copies the page's URL with the form's
 *   inputs (in its version's folder on a site published in versions: address.js); the card's status line says it was copied, or what to do instead. */

/**
 * @param {HTMLElement} root  the calculator's element
 * @param {HTMLFormElement} formEl
 * @param {() => string} pageLink  the page's address with the form's inputs (address.js)
 */
export function createLayout(root, formEl, pageLink) {
  const resultBox = /** @type {HTMLElement} */ (root.querySelector("[data-result]"));
  const heading = /** @type {HTMLElement} */ (root.querySelector(".gc-heading") || root);

  /** Whether the result is beside the form (a wide screen) rather than under it. */
  function sideBySide() {
    return resultBox.getBoundingClientRect().top < formEl.getBoundingClientRect().bottom;
  }

  function scrollToResult() {
    (sideBySide() ? heading : resultBox).scrollIntoView({ block: "start" });
  }

  /** @type {boolean} the reader has moved since the page opened (no scrolling them back) */
  let moved = false;
  let opening = false;

  /** Open at the result: the page was opened with this calculator's inputs. */
  function openAtResult() {
    opening = true;
    root.dataset.opened = "link"; /* the result keeps a screen's height (calculator.css) */
    const stop = () => {
      moved = true;
      for (const type of ["wheel", "touchstart", "keydown", "pointerdown"]) window.removeEventListener(type, stop, true);
    };
    for (const type of ["wheel", "touchstart", "keydown", "pointerdown"]) window.addEventListener(type, stop, true);
    laidOut().then(() => moved || scrollToResult());
  }

  /** Settles once the page is parsed and the calculator's stylesheet applies (it comes late,
   * print-only at first: main.js): before that the form and the result are not where they
   * will be, and a scroll then would leave the reader elsewhere (and the page would move
   * under them as the styles came). */
  async function laidOut() {
    if (document.readyState === "loading") {
      await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
    }
    const sheets = /** @type {NodeListOf<HTMLLinkElement>} */ (document.querySelectorAll("link[data-calculator-stylesheet]"));
    await Promise.all(
      [...sheets].filter((link) => !link.sheet).map(
        (link) => new Promise((resolve) => {
          link.addEventListener("load", resolve, { once: true });
          link.addEventListener("error", resolve, { once: true });
        }),
      ),
    );
    /* The form shown and styled is drawn once where it is (out of view) before the page is
     * scrolled to it: drawn in the same frame as the scroll, its growth would count as a
     * shift of everything below it (the Layout Instability API adjusts for the scroll). */
    for (let frame = 0; frame < 2; frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
  }

  /** The result is drawn: the first time after opening with inputs, it is brought into view
   * again (unless the reader has moved). */
  function resultShown() {
    if (!opening) return;
    opening = false;
    if (!moved) scrollToResult();
  }

  /** @param {HTMLElement} button  a card's "Copy link" */
  async function copyLink(button) {
    const status = /** @type {HTMLElement | null} */ (
      /** @type {HTMLElement} */ (button.parentElement).querySelector(".gc-copy-status")
    );
    const url = pageLink();
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(url);
      if (status) status.textContent = "Link copied: it opens this result with these answers.";
    } catch {
      if (status) status.textContent = `Copy this link from the address bar: ${url}`;
    }
  }

  resultBox.addEventListener("click", (event) => {
    const button = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest("[data-copy-link]"));
    if (button) copyLink(button);
  });

  return { openAtResult, resultShown, link: pageLink };
}
