// @ts-check
/* The file's layout on screen, as the site's: the pages behind a menu on narrow screens
 * (the header's .export-menu-button, aria-expanded; <html data-export-menu="open">), each
 * page's contents folded behind its button there (.export-toc__toggle), the page shown
 * marked in the nav (aria-current="page") with its sections open. The nav's sections are
 * <details> (no script needed). Without this script (html without .export-js) the CSS shows
 * the pages and the contents in full and hides both buttons.
 *
 * It starts while the parser is still in <head> (main.js): it listens on the document, so
 * the buttons work as soon as they are parsed (templates/export/offline.html). */

/** The nav link to the page of section id `pageId` becomes the current one (aria-current),
 * the sections that hold it open; the previous one is no longer marked.
 * @param {string} pageId */
export function markCurrent(pageId) {
  const nav = document.getElementById("export-nav");
  if (!nav) return;
  const link = nav.querySelector('a[href="#' + CSS.escape(pageId) + '"]');
  if (!link || link.getAttribute("aria-current") === "page") return;
  for (const other of nav.querySelectorAll("a[aria-current]")) other.removeAttribute("aria-current");
  link.setAttribute("aria-current", "page");
  for (let d = link.closest("details"); d; d = /** @type {Element} */ (d.parentElement).closest("details")) {
    /** @type {HTMLDetailsElement} */ (d).open = true;
  }
}

/** Opens or closes the menu of pages.
 * @param {boolean} open
 * @param {boolean} [focus]  the menu's button takes the focus (closed with Escape) */
function setMenu(open, focus) {
  const button = /** @type {HTMLElement | null} */ (document.querySelector(".export-menu-button"));
  if (open) document.documentElement.dataset.exportMenu = "open";
  else delete document.documentElement.dataset.exportMenu;
  if (!button) return;
  button.setAttribute("aria-expanded", String(open));
  if (focus) button.focus();
}

/** Turns the layout's buttons on (see above). */
export function startLayout() {
  document.documentElement.classList.add("export-js");
  document.addEventListener("click", function (e) {
    const target = /** @type {Element} */ (e.target);
    if (!(target instanceof Element)) return;
    const button = target.closest(".export-menu-button, .export-toc__toggle");
    if (button) {
      const open = button.getAttribute("aria-expanded") !== "true";
      if (button.classList.contains("export-menu-button")) setMenu(open);
      else button.setAttribute("aria-expanded", String(open));
    } else if (target.closest(".export-nav a") && document.documentElement.dataset.exportMenu) {
      setMenu(false); /* a page was chosen: the menu goes, the page shows */
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && document.documentElement.dataset.exportMenu) setMenu(false, true);
  });
}
