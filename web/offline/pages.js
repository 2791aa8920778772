// @ts-check
/* The pages that travel compressed (all but the first and those with a script of their
 * own) are put in place from the content block: the one the address points to at once,
 * the others a few at a time (no long task), all before printing. A link to an id inside
 * a page not yet in place finds its page through the block's id list, then the address
 * is visited again so that :target shows it. Search: every word of the query, in any
 * order, in a page's text (the index in the content block); results are links to the
 * pages, each at the heading before the word it found (the index's heading offsets), their
 * count is announced. The page shown is marked in the nav (layout.js) whenever the address
 * changes.
 *
 * The file's markup this reads: <section class="export-page" data-offline-page> (a page
 * still to put in place, its <article> first), the search form (.export-search,
 * #export-search-input, .export-search__panel, #export-search-status, #export-search-results);
 * it sets <html data-offline-pages="ready|failed"> (templates/export/offline.html), and
 * data-offline-shown on the page a calculator's shared link (#NAME?inputs) points into. */

import { markCurrent } from "./layout.js";

/** @typedef {import("./blocks.js").Content} Content */
/** @typedef {import("./blocks.js").SearchEntry} SearchEntry */

/** At most this many results are listed. */
export const MAX_RESULTS = 50;

/** The id a location's hash names ("" for none), or null when it is malformed (a stray "%").
 * @param {string} hash  location.hash ("" or "#...")
 * @returns {string | null} */
export function hashId(hash) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return null;
  }
}

/** What a hash names: the id, and for a calculator's shared link ("#NAME?inputs", which
 * names no element, so no :target shows its page) the calculator's name as the id with
 * `inputs` true.
 * @param {string} hash  location.hash
 * @returns {{ id: string, inputs: boolean } | null}  null: nothing, or a malformed hash */
export function hashTarget(hash) {
  const id = hashId(hash);
  if (!id) return null;
  const query = id.indexOf("?");
  return query > 0 ? { id: id.slice(0, query), inputs: true } : { id, inputs: false };
}

/** The words of a query, lower-case (none for a blank one).
 * @param {string} query
 * @returns {string[]} */
export function searchWords(query) {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** The index's entries whose text has every word, in the index's order.
 * @param {Content["search"]} index
 * @param {string[]} words
 * @returns {Content["search"]} */
export function findPages(index, words) {
  return index.filter(function (entry) {
    return words.every(function (word) {
      return entry[2].includes(word);
    });
  });
}

/** Where a result leads: the id of the last heading of the page that begins at or before
 * the first place of `word` in its text, or the page's own id when none does.
 * @param {SearchEntry} entry
 * @param {string} word  a word the page's text has
 * @returns {string} */
export function resultTarget(entry, word) {
  const at = entry[2].indexOf(word);
  let target = entry[0];
  for (const [id, start] of entry[3]) {
    if (start > at) break;
    target = id;
  }
  return target;
}

/** The text shown after a result's link: the page's text around the first word.
 * @param {string} text  the page's text (lower-case, from the index)
 * @param {string} word  a word the text has
 * @returns {string} */
export function snippet(text, word) {
  const at = text.indexOf(word);
  return ": \u2026" + text.slice(Math.max(0, at - 40), at + 60) + "\u2026";
}

/** The status line announced after a search.
 * @param {number} found  how many pages were found
 * @param {number} [max]  how many are listed at most
 * @returns {string} */
export function statusText(found, max = MAX_RESULTS) {
  return found === 0
    ? "No page found."
    : found === 1
      ? "1 page found."
      : found + " pages found" + (found > max ? " (the first " + max + " shown)." : ".");
}

/** Dispatched on a page once it is put in place (its calculators are mounted on it). */
export const CONTENT_EVENT = "guideline:content";

/** The section that is, or holds, the element of `id`, or the page the content block's id
 * list names for it (null when neither).
 * @param {Content} content
 * @param {string} id
 * @returns {{ target: HTMLElement | null, page: Element | null }} */
function pageOf(content, id) {
  const target = document.getElementById(id);
  const page = target ? target.closest(".export-page") : document.getElementById(content.ids[id] || "");
  return { target, page };
}

/**
 * Puts the pages in place once the content block is decoded, and starts the search.
 * @param {{ content: () => Promise<Content> }} config  the file's calculator config (blocks.js)
 */
export function startPages(config) {
  /** @type {Content | null} */
  let content = null;
  /** Puts a page in place (true) unless it already is, or the content is not read yet.
   * @param {Element | null | undefined} section */
  function fill(section) {
    if (!content || !section || !section.hasAttribute("data-offline-page")) return false;
    section.removeAttribute("data-offline-page");
    /** @type {Element} */ (section.firstElementChild).innerHTML = content.pages[section.id];
    /* the calculators' page script (carried once in the file) mounts the page's calculators */
    section.dispatchEvent(new CustomEvent(CONTENT_EVENT, { bubbles: true }));
    return true;
  }
  /** Marks the page shown (the one the address points to, else the first) in the nav.
   * @param {string | null} id  the address's id */
  function markShown(id) {
    const target = id ? document.getElementById(id) : null;
    const page =
      (target && target.closest(".export-page")) ||
      (id && content && document.getElementById(content.ids[id] || "")) ||
      document.querySelector(".export-page");
    if (page) markCurrent(page.id);
  }
  function show() {
    const named = hashTarget(location.hash);
    for (const shown of document.querySelectorAll("[data-offline-shown]")) shown.removeAttribute("data-offline-shown");
    /* a malformed link: the first page stays, as for an unknown id */
    if (named && content) {
      const { target, page } = pageOf(content, named.id);
      const filled = fill(page);
      /* a calculator's shared link: its page is marked to show (the calculator reads the
       * inputs from the address when it is mounted) */
      if (named.inputs && page) page.setAttribute("data-offline-shown", "");
      else if (filled && !target) location.replace(location.href);
    }
    markShown(named ? named.id : null);
  }
  addEventListener("hashchange", function () {
    show();
    openResults(false);
  });
  /** Shows or hides the search's results (the status line stays read out).
   * @param {boolean} open */
  function openResults(open) {
    const panel = document.querySelector(".export-search__panel");
    const list = document.getElementById("export-search-results");
    if (!panel || !list) return;
    panel.classList.toggle("export-search__panel--open", open);
    list.hidden = !open;
  }
  /** @param {string} query */
  function search(query) {
    const words = searchWords(query);
    const list = /** @type {HTMLElement} */ (document.getElementById("export-search-results"));
    const status = /** @type {HTMLElement} */ (document.getElementById("export-search-status"));
    list.replaceChildren();
    openResults(words.length > 0);
    if (!words.length) {
      status.textContent = "";
      return;
    }
    const found = findPages(/** @type {Content} */ (content).search, words);
    for (const entry of found.slice(0, MAX_RESULTS)) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#" + resultTarget(entry, words[0]);
      a.textContent = entry[1];
      const span = document.createElement("span");
      span.textContent = snippet(entry[2], words[0]);
      li.append(a, span);
      list.append(li);
    }
    status.textContent = statusText(found.length);
  }
  function startSearch() {
    const form = /** @type {HTMLFormElement} */ (document.querySelector(".export-search"));
    const input = /** @type {HTMLInputElement} */ (document.getElementById("export-search-input"));
    let timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        search(input.value);
      }, 150);
    });
    input.addEventListener("focus", function () {
      if (searchWords(input.value).length) openResults(true);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") openResults(false);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      search(input.value);
      const first = /** @type {HTMLElement | null} */ (document.querySelector("#export-search-results a"));
      if (first) first.focus();
    });
    form.hidden = false;
  }
  config.content().then(
    function (value) {
      content = value;
      show();
      startSearch();
      const rest = Array.from(document.querySelectorAll("[data-offline-page]"));
      (function step() {
        const until = performance.now() + 8;
        while (rest.length && performance.now() < until) fill(rest.shift());
        if (rest.length) setTimeout(step, 0);
        else document.documentElement.dataset.offlinePages = "ready";
      })();
    },
    /** @param {Error} err */
    function (err) {
      document.documentElement.dataset.offlinePages = "failed";
      for (const section of document.querySelectorAll("[data-offline-page] > article")) {
        const p = document.createElement("p");
        p.className = "export-needs-js";
        p.textContent = "This page cannot be shown: " + err.message;
        section.append(p);
      }
    },
  );
}
