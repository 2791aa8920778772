// @ts-check
/* A calculator's form: the input object read from it (in the spec's order, hidden fields left
 * out), the fields revealed by the answers, a day count's exact total, a decimal's range in
 * its selected unit, the URL hash <-> form, and the errors shown at the fields. The form's
 * markup is generated from the same spec (templates/form.html). */

import { unknownInputsMessage } from "./address.js";
import { inRange, parseDecimal, rangeIn, rangeText } from "./decimal.js";
import { exactTimes, RawNumber } from "./json.js";
import { holds } from "./spec.js";

/** @typedef {import("./spec.js").Field} Field */
/** @typedef {import("./spec.js").Input} Input */
/** @typedef {import("./spec.js").SpecIndex} SpecIndex */
/** @typedef {{ field: string | null, message: string }} FieldError  an error of the core's answer */
/** A control of the form as this script reads it: an <input> or a <select> (a select's
 * options are read only after its tagName is checked).
 * @typedef {HTMLInputElement & Pick<HTMLSelectElement, "options" | "selectedOptions">} Control */

/**
 * @param {HTMLElement} root  the calculator's element
 * @param {HTMLFormElement} form
 * @param {SpecIndex} index
 * @param {string} hashPrefix  "#NAME?": the URL hash that holds this calculator's inputs
 */
export function createForm(root, form, index, hashPrefix) {
  const { fields, fieldByName, formOrder, fieldOfControl } = index;
  const formError = /** @type {HTMLElement} */ (root.querySelector("[data-form-error]"));
  const dayFields = fields.filter((field) => field.kind === "day_count" && field.units && field.units.length);
  const decimalFields = fields.filter((field) => field.kind === "decimal");
  const checklistsWithNone = fields.filter((field) => field.kind === "checklist" && field.none_option);
  /** The fields the reader has answered (or the hash gave): only theirs show errors before a submit.
   * @type {Set<string>} */
  const touched = new Set();
  /** Number fields whose text the page itself refuses, in the last input read, with the
   * page's message: a text that is not a number (the core gets the text and rejects the field;
   * its echo of it is not shown), a decimal outside its range in the selected unit.
   * @type {Map<string, string>} */
  const problems = new Map();
  /** Values the URL hash gave that no control can hold (a unit or choice the form does not
   * have, a number that is not one): field -> its [control name, value] pairs. They stay the
   * field's answer, so the core rejects the field by name and no result is shown, and they
   * stay in the hash, until the reader answers that field again. Never dropped in silence:
   * a dropped unit would turn "2 years" into 2 days.
   * @type {Map<string, [string, string][]>} */
  const fromLink = new Map();
  /** The link's inputs that no control of this form is named by (a field of a newer
   * algorithm): [name, value] pairs. While there are any, no result is shown and the form
   * says so, naming them (unknownMessage); they stay in the hash until the reader edits the
   * form.
   * @type {[string, string][]} */
  const unknownFromLink = [];

  /** @param {string} controlName */
  function control(controlName) {
    return /** @type {Control | null} */ (form.elements.namedItem(controlName));
  }

  /** @param {string} controlName */
  function controlsNamed(controlName) {
    return /** @type {NodeListOf<Control>} */ (form.querySelectorAll(`[name="${CSS.escape(controlName)}"]`));
  }

  /** @param {string} controlName */
  function radioValue(controlName) {
    const checked = /** @type {HTMLInputElement | null} */ (
      form.querySelector(`input[name="${CSS.escape(controlName)}"]:checked`)
    );
    return checked ? checked.value : null;
  }

  /** @param {string} fieldName */
  function fieldLabel(fieldName) {
    const field = fieldByName.get(fieldName);
    return field ? field.question || field.label : fieldName;
  }

  /**
   * @param {Field} field
   * @param {string} unit
   */
  function unitDays(field, unit) {
    const found = (field.units || []).find((u) => u.value === unit);
    return found ? found.days : null;
  }

  /**
   * @param {Field} field
   * @param {Input} input
   * @param {Map<string, string>} problems
   */
  function readNumber(field, input, problems) {
    const el = control(field.name);
    if (!el) return;
    const raw = el.value.trim();
    if (raw === "" && !el.validity.badInput) {
      if (el.dataset.optional === "true") input[field.name] = null;
      return;
    }
    /* Only a day count that declares units has a unit menu (NAME_unit): never inferred from
     * a name (a declared field "creatinine_unit" is not an integer's unit). */
    const unit = dayFields.includes(field) ? control(`${field.name}_unit`) : null;
    const factor = unit ? unitDays(field, unit.value) : 1;
    const value = raw === "" || !factor ? null : exactTimes(raw, factor);
    /* Not a number (or no known unit): the core reports the field; never a guess. */
    input[field.name] = value === null ? raw : value;
    if (value === null) problems.set(field.name, `${fieldLabel(field.name)}: what was typed is not a number.`);
  }

  /** A decimal's unit field and the range in its selected unit (in the first unit when the
   * link gave a unit the menu does not have: then the unit is what the core rejects).
   * @param {Field} field
   */
  function decimalRange(field) {
    const unitField = field.unit_field ? fieldByName.get(field.unit_field) : undefined;
    const select = unitField ? control(unitField.name) : null;
    const option = select && select.selectedOptions[0];
    const chosen = unitField && option && (unitField.options || []).find((o) => o.value === option.value);
    const factor = chosen && chosen.factor ? chosen.factor : 1;
    const unit = chosen ? chosen.label : field.unit || "";
    return { unitField, select, range: rangeIn(field, factor, unit) };
  }

  /** A decimal, as typed (a point or a comma), read as a JSON number written exactly (never a
   * string: the text as typed goes to the core only when it is not a number, so that the core
   * rejects the field), with its unit field's value beside it: the core converts.
   * @param {Field} field
   * @param {Input} input
   * @param {Map<string, string>} problems
   */
  function readDecimal(field, input, problems) {
    const el = control(field.name);
    if (!el) return;
    const { unitField, select, range } = decimalRange(field);
    const raw = el.value.trim();
    const label = fieldLabel(field.name);
    if (raw === "") {
      if (el.dataset.optional === "true") input[field.name] = null;
    } else {
      const parsed = parseDecimal(raw);
      if ("error" in parsed) {
        input[field.name] = raw;
        problems.set(
          field.name,
          parsed.error === "ambiguous_comma"
            ? `${label}: “${raw}” could be read two ways; write the decimal mark as a point (1.2) or leave out the thousands comma (1200).`
            : `${label}: what was typed is not a number.`,
        );
      } else {
        input[field.name] = new RawNumber(parsed.text);
        const linkedUnit = unitField && fromLink.has(unitField.name);
        if (!linkedUnit && !inRange(parsed.value, range)) {
          problems.set(field.name, `${label}: must be ${rangeText(range)} (“${raw}” is not).`);
        }
      }
    }
    /* The unit is sent with its decimal, whenever the decimal is. */
    if (unitField && select && Object.hasOwn(input, field.name)) input[unitField.name] = select.value;
  }

  /**
   * @param {Field} field
   * @param {Input} input
   * @param {Map<string, string>} problems
   */
  function readField(field, input, problems) {
    const n = field.name;
    if (field.kind === "checklist") {
      const boxes = /** @type {NodeListOf<HTMLInputElement>} */ (
        form.querySelectorAll(`input[name="${CSS.escape(n)}"]:checked`)
      );
      const codes = [...boxes].map((el) => el.value);
      /* With an exclusive "none of these", the list is answered only when something is
       * ticked (an unanswered screen is left out, never taken as "none"). */
      const none = field.none_option ? control(`${n}_none`) : null;
      if (codes.length || !field.none_option || (none && none.checked)) input[n] = codes;
    } else if (field.kind === "integer" || field.kind === "day_count") {
      readNumber(field, input, problems);
    } else if (field.kind === "decimal") {
      readDecimal(field, input, problems);
    } else if (field.kind === "boolean") {
      const value = radioValue(n);
      if (value !== null) input[n] = value === "true";
    } else if (field.kind === "choice") {
      const value = radioValue(n);
      if (value !== null) input[n] = value;
    }
    const given = fromLink.get(n);
    if (given) {
      const values = given.map(([, value]) => value);
      input[n] = field.kind === "checklist" ? [...(input[n] || []), ...values] : values.join(" ");
    }
  }

  /** The input object the core receives, read from the form in its order: a field whose
   * shown_when does not hold over the answers before it is hidden and left out. A unit field
   * is read with its decimal (drawn beside it, shown with it).
   * @param {Map<string, string>} [problems]  gets the number fields the page itself refuses
   */
  function readInput(problems = new Map()) {
    /** @type {Input} */
    const input = {};
    /** @type {Set<string>} */
    const shown = new Set();
    for (const field of formOrder) {
      if (field.kind === "unit" || !holds(field.shown_when, input)) continue;
      shown.add(field.name);
      if (field.kind === "decimal" && field.unit_field) shown.add(field.unit_field);
      readField(field, input, problems);
    }
    /* A unit the link gave that its menu does not have: the core rejects it by name. */
    for (const field of fields) {
      const given = field.kind === "unit" && shown.has(field.name) ? fromLink.get(field.name) : undefined;
      if (given && Object.hasOwn(input, /** @type {string} */ (field.for))) {
        input[field.name] = given.map(([, value]) => value).join(" ");
      }
    }
    return { input, shown };
  }

  /** Each decimal's range, in the unit selected beside it (bound / factor). */
  function updateRanges() {
    for (const field of decimalFields) {
      const out = form.querySelector(`[data-range-for="${CSS.escape(field.name)}"]`);
      if (!out) continue;
      const text = rangeText(decimalRange(field).range);
      out.textContent = text ? `(${text})` : "";
    }
  }

  /** Show the fields whose conditions hold (data-shown-when, from the spec, in the markup). */
  function updateReveal() {
    const { shown } = readInput();
    for (const box of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll("[data-shown-when]"))) {
      const named = /** @type {Control | null} */ (box.querySelector("[name]"));
      box.hidden = !(named && shown.has(/** @type {string} */ (fieldOfControl.get(named.name))));
    }
    updateTotals();
    updateRanges();
  }

  /** A count in weeks or months shows its exact day total, which is what the core receives
   * (and what the copied note says); a total that is not whole says so. */
  function updateTotals() {
    for (const field of dayFields) {
      const out = form.querySelector(`[data-days-total-for="${CSS.escape(field.name)}"]`);
      const unit = control(`${field.name}_unit`);
      if (!out || !unit) continue;
      const raw = /** @type {Control} */ (control(field.name)).value.trim();
      const days = unitDays(field, unit.value);
      const total = raw && days && days !== 1 ? exactTimes(raw, days) : null;
      if (total === null) out.textContent = "";
      else if (total instanceof RawNumber && total.text.includes(".")) {
        out.textContent = `(${raw} ${unit.value} = ${total} days: not a whole number of days)`;
      } else out.textContent = `(${raw} ${unit.value} = ${total} days)`;
    }
  }

  /* ----- URL hash: the raw form values, so a result can be bookmarked and shared */

  /** The hash of the form's answers ("" for an empty form). */
  function hashOfForm() {
    const params = new URLSearchParams();
    const { shown } = readInput();
    /** @param {string} field */
    const hidden = (field) => fieldByName.has(field) && !shown.has(field);
    for (const el of /** @type {Iterable<Control>} */ (form.elements)) {
      if (!el.name || el.type === "button" || el.type === "submit") continue;
      /* A hidden question's answer is not part of the input: a link never carries it. */
      if (hidden(fieldOfControl.get(el.name) || el.name)) continue;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) continue;
      /* A control left at its default (the first unit, a default answer) is not written. */
      if (el.tagName === "SELECT" && el.selectedOptions[0] && el.selectedOptions[0].defaultSelected) continue;
      if (el.type === "radio" && el.defaultChecked) continue;
      if (el.value === "") continue;
      params.append(el.name, el.value);
    }
    for (const [field, given] of fromLink) {
      if (!hidden(field)) for (const [name, value] of given) params.append(name, value);
    }
    for (const [name, value] of unknownFromLink) params.append(name, value);
    const text = params.toString();
    return text ? hashPrefix + text : "";
  }

  /** The hash holds the inputs of the calculator last used on the page: an empty form
   * clears only its own (another calculator's inputs stay). */
  function formToHash() {
    const hash = hashOfForm();
    if (!hash && !location.hash.startsWith(hashPrefix)) return;
    const url = hash || location.pathname + location.search;
    if (hash !== location.hash) history.replaceState(null, "", url);
  }

  /** Every control back to its state in the markup (without the form's reset event, which
   * also clears the hash). */
  function resetControls() {
    for (const el of /** @type {Iterable<Control>} */ (form.elements)) {
      if (el.type === "checkbox" || el.type === "radio") el.checked = el.defaultChecked;
      else if (el.tagName === "SELECT") for (const o of el.options) o.selected = o.defaultSelected;
      else if (el.tagName === "INPUT") el.value = el.defaultValue;
    }
  }

  /** The form from the hash (false when the hash holds no inputs of this calculator). A
   * hash is anyone's text: only a value a control can hold is taken (a checkbox or radio of
   * that value, a select's option), as text, never markup. */
  function hashToForm() {
    fromLink.clear();
    unknownFromLink.length = 0;
    if (!location.hash.startsWith(hashPrefix)) return false;
    const params = new URLSearchParams(location.hash.slice(hashPrefix.length));
    for (const [name, value] of params) {
      const els = controlsNamed(name);
      if (!els.length) {
        /* Not this version's form: said, never ignored (a nameless pair is no input). */
        if (name.trim()) unknownFromLink.push([name, value]);
        continue;
      }
      if (value.trim() === "") continue; /* given empty: not given */
      let held = false;
      for (const el of els) {
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.value === value) held = el.checked = true;
        } else if (el.tagName === "SELECT") {
          if ([...el.options].some((o) => o.value === value)) {
            el.value = value;
            held = true;
          }
        } else {
          el.value = value;
          /* A number input drops text that is not a number. */
          held = el.value !== "";
        }
      }
      const field = fieldOfControl.get(name) || name;
      touched.add(field);
      if (!held) fromLink.set(field, [...(fromLink.get(field) || []), [name, value]]);
    }
    /* "None of these" and an item ticked exclude each other; the item wins (the safe side:
     * a red flag, a risk factor). */
    for (const field of checklistsWithNone) {
      if (form.querySelector(`input[name="${CSS.escape(field.name)}"]:checked`)) {
        /** @type {Control} */ (control(`${field.name}_none`)).checked = false;
      }
    }
    updateReveal();
    return true;
  }

  /** An edit of a control (an input or change event): a checklist's "none of these" and its
   * items exclude each other, and the field counts as touched. False for a target that is
   * not a named control (nothing to do).
   * @param {Control} target
   */
  function edited(target) {
    if (!target.name) return false;
    const field = fieldOfControl.get(target.name) || target.name;
    fromLink.delete(field);
    unknownFromLink.length = 0; /* the reader answers this version's form */
    const declared = fieldByName.get(field);
    /* A checklist's "none of these" and its items exclude each other. */
    if (declared && declared.kind === "checklist" && declared.none_option && target.checked) {
      if (target.name === `${field}_none`) {
        for (const box of controlsNamed(field)) box.checked = false;
      } else {
        /** @type {Control} */ (control(`${field}_none`)).checked = false;
      }
    }
    /* Choosing a unit before typing the number is not an answer yet: no "required" message
     * appears (and moves the form under the pointer) until the number itself is touched. */
    const number = control(field);
    const unitOfEmpty = target.name === `${field}_unit` && number && number.value === "";
    if (!unitOfEmpty) touched.add(field);
    updateReveal();
    return true;
  }

  /* ----- errors at the fields */

  function clearErrors() {
    for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll("[data-error-for]"))) {
      el.textContent = "";
      el.hidden = true;
    }
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    formError.textContent = "";
    formError.hidden = true;
  }

  /** Show the core's errors at their fields (an error without a field of the form: above
   * it). A field not touched yet keeps its error hidden until the form is submitted.
   * Returns how many were held back so.
   * @param {FieldError[]} errors
   */
  function showErrors(errors) {
    clearErrors();
    let hiddenCount = 0;
    /** @type {string[]} */
    const general = [];
    for (const error of errors) {
      const field = error.field;
      const slot = /** @type {HTMLElement | null} */ (
        field && root.querySelector(`[data-error-for="${CSS.escape(field)}"]`)
      );
      if (!field || !slot) {
        general.push(error.message);
        continue;
      }
      if (!view.submitted && !touched.has(field)) {
        hiddenCount += 1;
        continue;
      }
      const given = fromLink.get(field);
      const message = given
        ? `${fieldLabel(field)}: the link gave ${given.map(([, v]) => `“${v}”`).join(", ")}, which this form cannot take; answer it again.`
        : problems.get(field) || error.message;
      if (/** @type {string} */ (slot.textContent).includes(message)) continue;
      slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
      slot.hidden = false;
      for (const el of form.querySelectorAll(`[name="${CSS.escape(field)}"]`)) {
        el.setAttribute("aria-invalid", "true");
      }
    }
    if (general.length) {
      formError.textContent = general.join(" ");
      formError.hidden = false;
    }
    return hiddenCount;
  }

  /** The form's message on the link's unknown inputs, or "" when there are none. */
  function unknownMessage() {
    const names = [...new Set(unknownFromLink.map(([name]) => name))];
    return names.length ? unknownInputsMessage(names, root.dataset.siteVersion || "") : "";
  }

  const view = {
    /** Whether the reader submitted the form: every error shows, touched or not. */
    submitted: false,
    touched,
    problems,
    fromLink,
    unknownFromLink,
    unknownMessage,
    readInput,
    updateReveal,
    hashOfForm,
    formToHash,
    resetControls,
    hashToForm,
    edited,
    clearErrors,
    showErrors,
  };
  return view;
}

/** @typedef {ReturnType<typeof createForm>} FormView */
