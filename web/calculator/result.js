// @ts-check
/* A calculator's result, drawn by its declared kind (calculator_spec() outputs, version 2):
 * a pathway's step (its kicker, title and declared sections, each a list with citation
 * links; an urgent step hides its urgent_hides sections), a score (its value and the points
 * of each declared item) or a quantity (its label, value, unit and band's code as written);
 * for every kind its notes (they qualify the headline: drawn with it, before the lists), the
 * rules applied, the version stamp, the placeholder line, the live announcement and the text of
 * copy-to-note (note.js). For the patient audience (<html data-audience="patient">, the site's
 * audience choice) the card is framed as what the guideline suggests a clinician consider, not
 * a prescription (its .gc-for-patient parts show for that audience only: calculator.css).
 * Every key and label comes from the core's spec or its result: this file names no
 * calculator's result keys. */

import { toJSON } from "./json.js";
import { inputLines, noteLines } from "./note.js";

/** @typedef {import("./spec.js").Field} Field */
/** @typedef {import("./spec.js").Input} Input */
/** @typedef {import("./spec.js").SpecIndex} SpecIndex */
/** @typedef {import("./spec.js").Outputs} Outputs */
/** @typedef {import("./spec.js").Band} Band */
/** @typedef {{ text: string, refs?: (string | number)[] }} Item  a line of a pathway's section */
/** @typedef {{ code: string, text: string }} Note */
/** A core's result: the keys every kind has; the others are named by the spec's outputs.
 * @typedef {Record<string, any> & { title?: string, notes?: Note[], rules?: string[],
 *   algorithm_version?: string, guideline?: Guideline }} Result */
/** @typedef {{ title?: string, last_updated?: string, review_status?: string }} Guideline */
/** @typedef {{ id: string, article_text?: string, text?: string, condition?: string, refs?: (string | number)[] }} Rule */

/** The review stages as the site's badge names them; an unknown code is shown as it is.
 * @type {Record<string, string>} */
const STATUS_LABELS = { submitted: "Submitted", under_review: "Under Review", approved: "Approved" };
/** @param {unknown} code */
function statusLabel(code) {
  return Object.hasOwn(STATUS_LABELS, /** @type {string} */ (code)) ? STATUS_LABELS[/** @type {string} */ (code)] : String(code);
}

/** An element with attributes and children (a child that is not a Node becomes text; null
 * and undefined are left out).
 * @param {string} tag
 * @param {Record<string, unknown> | null} attrs
 * @param {...unknown} children
 */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, /** @type {string} */ (v));
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * @param {HTMLElement} root  the calculator's element
 * @param {SpecIndex} index
 * @param {Set<string>} touched  the fields the reader answered (the form's)
 * @param {() => string} pageLink  the page's address with the form's answers (a copied note's link)
 */
export function createResultView(root, index, touched, pageLink) {
  const { spec, outputs, steps } = index;
  const name = root.dataset.calculator;
  const resultBox = /** @type {HTMLElement} */ (root.querySelector("[data-result]"));
  const announcer = /** @type {HTMLElement} */ (root.querySelector("[data-announce]"));
  const noteArea = /** @type {HTMLTextAreaElement} */ (root.querySelector("[data-note-text]"));
  const noteBox = /** @type {HTMLElement} */ (noteArea.parentElement);
  /* The rule table (rules_as_data()) comes from the worker with the ready message. */
  /** @type {Map<string, Rule>} */
  const ruleById = new Map();
  const refHref = root.dataset.refHref || "#ref-{n}";
  /** @type {Result | null} */
  let lastResult = null;
  /** @type {Input | null} */
  let lastInput = null;
  /** @type {string | null} */
  let shownKey = null; /* what the result box shows now (re-rendered only when it changes) */

  /** @param {(string | number)[] | undefined} refs */
  function refLinks(refs) {
    if (!refs || !refs.length) return null;
    const span = el("span", { class: "gc-refs" }, " [");
    refs.forEach((n, i) => {
      if (i) span.append(", ");
      span.append(
        el("a", { href: refHref.replace("{n}", String(n)), "data-ref": n, "aria-label": `reference ${n}`, title: refTitle(n) }, n),
      );
    });
    span.append("]");
    return span;
  }

  /** @param {Item[]} items */
  function itemList(items) {
    return el("ul", {}, ...items.map((item) => el("li", {}, item.text, refLinks(item.refs))));
  }

  /**
   * @param {string} title
   * @param {Item[] | undefined} items
   */
  function section(title, items) {
    if (!items || !items.length) return null;
    return el("section", { class: "gc-section" }, el("h4", {}, title), itemList(items));
  }

  /** The result's notes (a guideline gap, too early to judge, what a score's value means):
   * they qualify the headline, so they are drawn with it, before the lists.
   * @param {Note[] | undefined} notes */
  function notesList(notes) {
    if (!notes || !notes.length) return null;
    const list = el("ul", { class: "gc-notes", "data-notes": "" });
    for (const note of notes) {
      const gap = note.code === "guideline_gap";
      const label = gap ? "Guideline gap (the article gives no rule; not advice): " : "Note: ";
      list.append(el("li", { class: gap ? "gc-gap" : "gc-note", "data-note": note.code }, el("strong", {}, label), note.text));
    }
    return list;
  }

  /** Whether the reader chose the patient audience (the site's choice, on <html>). */
  function forPatient() {
    return document.documentElement.getAttribute("data-audience") === "patient";
  }

  /** What heads a card for the patient audience (shown for it only): the result is what the
   * guideline suggests a clinician consider, not a prescription or instructions. */
  function patientFrame() {
    return el(
      "p",
      { class: "gc-for-patient gc-patient-frame", "data-patient-frame": "" },
      el("strong", {}, "What the guideline suggests a clinician consider"),
      " (for clinicians: not a prescription, and not instructions for you; talk it over with your clinician)",
    );
  }

  /** The live line, framed for the patient audience as the card is.
   * @param {string} text */
  function announceResult(text) {
    announce(forPatient() ? `What the guideline suggests a clinician consider: ${text}` : text);
  }

  /** @param {Result} result */
  function traceSection(result) {
    const list = el("ol", { class: "gc-trace" });
    for (const id of result.rules || []) {
      const rule = ruleById.get(id);
      const li = el("li", { "data-rule": id }, el("code", {}, id));
      if (rule) {
        const text = rule.article_text || rule.text || "";
        li.append(": ", rule.condition ? `${rule.condition} — ` : "", text ? `“${text}”` : "");
        li.append(refLinks(rule.refs || []) || "");
      }
      list.append(li);
    }
    return el("details", { class: "gc-why" }, el("summary", {}, "Why this result"), list);
  }

  /* ----- a pathway: the step in outputs.field, its declared sections */

  /** The spec's entry for a pathway result's step (an unknown code: its code as its label).
   * @param {Result} result
   * @returns {import("./spec.js").Step}
   */
  function stepOf(result) {
    const code = /** @type {string} */ (result[outputs.field]);
    return steps.get(code) || { code, label: String(code), urgent: false };
  }

  /** Whether a result is an urgent step of a pathway (never for a score or a quantity).
   * @param {Result} result */
  function isUrgent(result) {
    return outputs.kind === "pathway" && Boolean(stepOf(result).urgent);
  }

  /** What the card's first line says about the step: its label from the spec, with the
   * source's step number when the spec names a source_step_field and the result gives one;
   * an urgent step says so first (once: a label that starts with the word gets it in
   * capitals, not a second time).
   * @param {Result} result
   */
  function kickerFor(result) {
    const step = stepOf(result);
    if (step.urgent) {
      const label = String(step.label);
      const own = /^urgent\b/i.exec(label);
      return own ? `URGENT${label.slice(own[0].length)}` : `URGENT: ${label}`;
    }
    const n = outputs.source_step_field ? result[outputs.source_step_field] : null;
    return n === null || n === undefined ? step.label : `${step.label} (article step ${n})`;
  }

  /** The pathway's sections a result shows, in the declared order, each with its heading
   * (an urgent step: its urgent_label if it has one; its urgent_hides sections left out)
   * and the result's items under its key.
   * @param {Result} result
   * @returns {{ key: string, heading: string, items: Item[] }[]}
   */
  function sectionsOf(result) {
    const urgent = isUrgent(result);
    const hidden = new Set(urgent ? outputs.urgent_hides || [] : []);
    return (outputs.sections || [])
      .filter((s) => !hidden.has(s.key))
      .map((s) => ({ key: s.key, heading: (urgent && s.urgent_label) || s.label, items: result[s.key] || [] }));
  }

  /** @param {unknown} version */
  function versionStamp(version) {
    const text = `Algorithm version ${version}`;
    const link = root.querySelector("[data-changelog-link]");
    return link ? el("a", { href: link.getAttribute("href"), "data-changelog-stamp": "" }, text) : text;
  }

  /** On a site published in versions: the version that computed this result, with this
   * result's permanent link (its own version's folder, these inputs: address.js). */
  function siteVersionParts() {
    const version = root.dataset.siteVersion;
    if (!version) return [];
    return [
      ` · site version ${version} (`,
      el("a", { href: pageLink(), "data-version-link": "" }, "permanent link to this result"),
      ")",
    ];
  }

  /* ----- a score: its value in outputs.field, the points of each declared item */

  /** The result's items (outputs.items_field: {id, points} each), with their declared
   * entry's label and points (matched by code), in the result's order.
   * @param {Result} result
   * @returns {{ code: string, label: string, points: number, max?: number }[]}
   */
  function itemsOf(result) {
    const declared = new Map((outputs.items || []).map((item) => [item.code, item]));
    const given = outputs.items_field ? result[outputs.items_field] : null;
    return (Array.isArray(given) ? given : []).map((/** @type {Record<string, any>} */ item) => {
      const code = String(item.id !== undefined ? item.id : item.code);
      /** @type {Partial<import("./spec.js").ScoreItem>} */
      const entry = declared.get(code) || {};
      return {
        code,
        label: String(entry.label !== undefined ? entry.label : item.label !== undefined ? item.label : code),
        points: Number(item.points) || 0,
        max: entry.points,
      };
    });
  }

  /** The band of `value` among `bands` (inclusive; null: unbounded), or the band whose code
   * the result gives in `field`.
   * @param {Result} result
   * @param {string | null | undefined} field
   * @param {unknown} value
   * @returns {Band | null}
   */
  function bandOf(result, field, value) {
    const bands = outputs.bands || [];
    if (field && result[field] !== undefined && result[field] !== null) {
      const code = String(result[field]);
      return bands.find((b) => b.code === code) || { code, label: code };
    }
    if (typeof value !== "number") return null;
    const fits = (/** @type {Band} */ b) =>
      (b.minimum === null || b.minimum === undefined || value >= b.minimum) &&
      (b.maximum === null || b.maximum === undefined || value <= b.maximum);
    return bands.find(fits) || null;
  }

  /** A band as written: its code, and its label when that says more.
   * @param {Band} band */
  function bandText(band) {
    return band.label || band.code;
  }

  /** "value of maximum" on the card.
   * @param {Result} result */
  function scoreText(result) {
    const max = outputs.maximum;
    const value = result[outputs.field];
    return max === null || max === undefined ? String(value) : `${value} of ${max}`;
  }

  /** @param {Result} result */
  function breakdown(result) {
    const rows = itemsOf(result).map((c) =>
      el(
        "tr",
        { "data-component-present": c.points > 0 ? "true" : "false", "data-item": c.code },
        el("td", {}, c.label),
        el("td", {}, c.points > 0 ? "yes" : "no"),
        el("td", { class: "gc-points-cell" }, c.max === undefined ? String(c.points) : `${c.points} / ${c.max}`),
      ),
    );
    return el(
      "table",
      { class: "gc-breakdown", "data-breakdown": "" },
      el("caption", {}, "Points of each item"),
      el("thead", {}, el("tr", {}, ...["Item", "Present", "Points"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...rows),
      el("tfoot", {}, el("tr", {}, el("th", { scope: "row", colspan: "2" }, "Total"), el("td", { class: "gc-points-cell" }, scoreText(result)))),
    );
  }

  /** @param {Result} result */
  function renderScore(result) {
    const label = outputs.label || spec.title || name;
    const title = result.title || `${label}: ${scoreText(result)}`;
    const band = bandOf(result, outputs.band_field, result[outputs.field]);
    const card = el(
      "article",
      { class: "gc-step gc-score", "data-score": String(result[outputs.field]) },
      patientFrame(),
      el("p", { class: "gc-kicker" }, label),
      el("h3", { class: "gc-title" }, title),
      el("p", { class: "gc-score-value", "data-score-value": "" }, scoreText(result)),
      band ? el("p", { class: "gc-band", "data-band": band.code }, bandText(band)) : null,
      notesList(result.notes),
      breakdown(result),
      ...commonParts(result),
    );
    resultBox.replaceChildren(card);
    announceResult(title);
  }

  /* ----- a quantity: its value in outputs.field with the unit, its band's code as written */

  /** The reported value with the declared digits after the point ("52", "1.50").
   * @param {Result} result */
  function quantityValue(result) {
    const value = result[outputs.field];
    const digits = outputs.decimals;
    if (typeof value !== "number" || !Number.isInteger(digits)) return String(value);
    return value.toFixed(/** @type {number} */ (digits));
  }

  /** "LABEL VALUE UNIT" (e.g. "eGFR 52 mL/min/1.73 m²").
   * @param {Result} result */
  function quantityText(result) {
    const label = outputs.label || spec.title || name;
    return [label, quantityValue(result), outputs.unit].filter(Boolean).join(" ");
  }

  /** @param {Result} result */
  function categoryOf(result) {
    return bandOf(result, outputs.category_field, result[outputs.field]);
  }

  /** @param {Result} result */
  function renderQuantity(result) {
    const text = quantityText(result);
    const band = categoryOf(result);
    const headline = band ? `${text} (${bandText(band)})` : text;
    /* The value is the card's title; the result's own title shows too only when it says
     * more than the value and its band (a kit core's title is exactly that). */
    const title = result.title && ![text, headline, band && `${text} (${band.code})`].includes(result.title) ? result.title : null;
    const card = el(
      "article",
      { class: "gc-step gc-quantity", "data-quantity": String(result[outputs.field]), "data-category": band ? band.code : "" },
      patientFrame(),
      el("p", { class: "gc-kicker" }, outputs.label || spec.title || name),
      el("h3", { class: "gc-title gc-quantity-value", "data-quantity-value": "" }, text),
      band ? el("p", { class: "gc-band", "data-band": band.code }, bandText(band)) : null,
      title ? el("p", { class: "gc-subtitle" }, title) : null,
      notesList(result.notes),
      ...commonParts(result),
    );
    resultBox.replaceChildren(card);
    announceResult(title || headline);
  }

  /** The parts every kind's card ends with: the rules applied, the stamp, the copy.
   * @param {Result} result */
  function commonParts(result) {
    return [traceSection(result), metaLine(result, result.guideline || {}), copyLine()];
  }

  /**
   * @param {Result} result
   * @param {Guideline} g
   */
  function metaLine(result, g) {
    return el(
      "p",
      { class: "gc-meta" },
      versionStamp(result.algorithm_version),
      ...siteVersionParts(),
      ` · article “${g.title || ""}” last updated ${g.last_updated || "?"}` +
        (g.review_status ? ` · review status: ${statusLabel(g.review_status)}` : ""),
    );
  }

  function copyLine() {
    return el(
      "p",
      { class: "gc-copy" },
      el(
        "button",
        { type: "button", class: "md-button", "data-copy-note": "" },
        el("span", { class: "gc-for-clinician" }, "Copy to note"),
        el("span", { class: "gc-for-patient" }, "Copy a summary for your clinician"),
      ),
      el("button", { type: "button", class: "md-button", "data-copy-link": "" }, "Copy link"), // layout.js
      el("span", { class: "gc-copy-status", role: "status" }),
    );
  }

  /** @param {Result} result */
  function renderResult(result) {
    if (outputs.kind === "score") renderScore(result);
    else if (outputs.kind === "quantity") renderQuantity(result);
    else renderPathway(result);
  }

  /** @param {Result} result */
  function renderPathway(result) {
    const step = stepOf(result);
    const urgent = isUrgent(result);
    const kicker = kickerFor(result);
    /* An urgent step and a step the source's plan does not cover are styled as such; neither
     * as the other (a not-covered step is neutral, never routine or urgent). */
    const modifier = urgent ? " gc-step--urgent" : step.not_covered ? " gc-step--not-covered" : "";
    const card = el(
      "article",
      { class: `gc-step${modifier}`, "data-step": step.code },
      patientFrame(),
      el("p", { class: "gc-kicker" }, kicker),
      el("h3", { class: "gc-title" }, result.title),
      notesList(result.notes),
      ...sectionsOf(result).map((s) => section(s.heading, s.items)),
      ...commonParts(result),
    );
    resultBox.replaceChildren(card);
    announceResult(`${kicker}: ${result.title}`);
  }

  /** A line in place of a result (loading, no result yet, the errors to correct).
   * @param {string} text */
  function renderPlaceholder(text) {
    hideNote();
    if (shownKey === text) return;
    shownKey = text;
    resultBox.replaceChildren(el("p", { class: "gc-placeholder" }, text));
    announce(text);
  }

  /** One short line for screen readers, only when it changes.
   * @param {string} text */
  function announce(text) {
    if (announcer.textContent !== text) announcer.textContent = text;
  }

  /** The copied note describes one input and its result: it goes as soon as they change. */
  function hideNote() {
    noteBox.hidden = true;
    noteArea.value = "";
  }

  /* ----- copy to note */

  /** The tooltip of a result's citation: the entry of the page's reference list, with its
   * age flag when it has one (as the article's own citations show it).
   * @param {string | number} n */
  function refTitle(n) {
    const target = refEntry(n);
    if (!target) return `reference ${n} of the article`;
    const old = target.dataset.old === "true" ? "; older than the site's age limit at the article's last update" : "";
    return `${refText(n)}${ageFlag(target) || old}`;
  }

  /** " (its age flag)" of a reference list entry, or "" when it has none.
   * @param {HTMLElement | null} target */
  function ageFlag(target) {
    const age = target && target.querySelector(".gl-references__age");
    return age ? ` (${/** @type {string} */ (age.textContent).replace(/\s+/g, " ").trim()})` : "";
  }

  /** @param {string | number} n */
  function refEntry(n) {
    return document.getElementById(refHref.replace("{n}", String(n)).replace(/^#/, ""));
  }

  /** @param {string | number} n */
  function refText(n) {
    const target = refEntry(n);
    if (!target) return "";
    /* The entry's parts (type, title, source) as sentences, not run together. */
    const parts = target.children.length ? [...target.children].filter((part) => !part.classList.contains("gl-references__age")) : [target];
    return parts
      .map((part) => /** @type {string} */ (part.textContent).replace(/\s+/g, " ").trim().replace(/\.$/, ""))
      .filter(Boolean)
      .join(". ");
  }

  /** The text copy-to-note puts on the clipboard (note.js writes it): the inputs as
   * answered, the headline with what qualifies it and its actions, the version stamp and the
   * link to the page with these inputs.
   * @param {Input} input
   * @param {Result} result
   */
  function noteText(input, result) {
    const g = result.guideline || {};
    const label = outputs.label || spec.title || name;
    /** @type {string[]} */
    let details = [];
    /** @type {{ heading: string, items: Item[] } | null} */
    let firstSection = null;
    let headline;
    if (outputs.kind === "score") {
      /* A score on a bounded scale: "value/maximum", and the items that scored. */
      const max = outputs.maximum;
      const value = result[outputs.field];
      const band = bandOf(result, outputs.band_field, value);
      headline = result.title || scoreText(result);
      details = [`${label}: ${max === null || max === undefined ? value : `${value}/${max}`}${band ? ` (${bandText(band)})` : ""}`];
      const scored = itemsOf(result).filter((c) => c.points > 0);
      if (scored.length) details.push(`Points: ${scored.map((c) => `${c.label} ${c.points}`).join("; ")}`);
    } else if (outputs.kind === "quantity") {
      /* A quantity: "LABEL: VALUE UNIT (CATEGORY)", never as a fraction of a maximum. */
      const band = categoryOf(result);
      const value = [quantityValue(result), outputs.unit].filter(Boolean).join(" ");
      headline = result.title || quantityText(result);
      details = [`${label}: ${value}${band ? ` (${bandText(band)})` : ""}`];
    } else {
      headline = [kickerFor(result), result.title].filter(Boolean).join(" — ");
      const first = sectionsOf(result)[0];
      firstSection = first ? { heading: first.heading, items: first.items } : null;
    }
    const status = g.review_status ? `, review status: ${statusLabel(g.review_status)}` : "";
    const siteVersion = root.dataset.siteVersion;
    return noteLines({
      title: spec.title || String(name),
      inputs: inputLines(spec, input, touched, isUrgent(result)),
      headline,
      details,
      notes: result.notes || [],
      firstSection,
      stamp: `Algorithm version ${result.algorithm_version} (${siteVersion ? `site version ${siteVersion}, ` : ""}article “${g.title || "the guideline article"}”, last updated ${g.last_updated || "?"}${status})`,
      link: pageLink(),
      forPatient: forPatient(),
    }).join("\n");
  }

  /** @param {HTMLElement} button  a card's "Copy to note" */
  async function copyNote(button) {
    if (!lastResult) return;
    const text = noteText(/** @type {Input} */ (lastInput), lastResult);
    noteArea.value = text;
    noteBox.hidden = false;
    const status = /** @type {HTMLElement} */ (
      /** @type {HTMLElement} */ (button.parentElement).querySelector(".gc-copy-status")
    );
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied to the clipboard.";
    } catch {
      noteArea.focus();
      noteArea.select();
      status.textContent = "Select the text below and copy it.";
    }
  }

  resultBox.addEventListener("click", (event) => {
    const clicked = /** @type {Element} */ (event.target);
    const copy = /** @type {HTMLElement | null} */ (clicked.closest("[data-copy-note]"));
    if (copy) {
      copyNote(copy);
      return;
    }
    /* Citation links scroll to the reference without replacing the inputs in the hash. */
    const link = clicked.closest("a[data-ref]");
    if (!link) return;
    const target = document.getElementById(/** @type {string} */ (link.getAttribute("href")).replace(/^#/, ""));
    if (!target) return;
    event.preventDefault();
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  });

  return {
    /** The core's rule table (rules_as_data() JSON), for "Why this result": each rule's own
     * condition and article text. Only its rules: a gap entry shares its rule's id, and its
     * text (ours, saying what the article leaves open) is shown as the result's note, never
     * quoted as the article's words.
     * @param {string | undefined} text */
    rememberRules(text) {
      const data = JSON.parse(text || "{}");
      for (const item of data.rules || []) ruleById.set(item.id, item);
    },
    /** Show `result` for `input` (`inputText`: its JSON text). The same result keeps its card
     * (and what is open in it); a copied note goes when the input or the result changes.
     * @param {Input} input
     * @param {string} inputText
     * @param {Result} result
     */
    showResult(input, inputText, result) {
      const key = JSON.stringify(result);
      if (key !== shownKey || inputText !== toJSON(lastInput)) hideNote();
      lastInput = input;
      lastResult = result;
      if (key === shownKey) return;
      shownKey = key;
      renderResult(result);
    },
    showPlaceholder: renderPlaceholder,
    /** No result to copy (the input has errors). */
    forgetResult() {
      lastResult = null;
    },
    /** No result and no input (the form was reset). */
    forget() {
      lastResult = null;
      lastInput = null;
    },
  };
}
