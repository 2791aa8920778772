// @ts-check
/* A core's declared spec (calculator_spec(), JSON in the page: the root's
 * <script type="application/json" data-calculator-spec>), its types and the indexes the form
 * and the result read. Only the keys this script reads are typed. */

/** @typedef {{ field: string, op: string }} Condition  a shown_when / required_when entry (the spec's Op) */
/** @typedef {{ value: unknown, label: string, factor?: number }} Option  a unit field's options have a factor */
/** @typedef {{ value: string, label?: string, days: number }} Unit */
/**
 * @typedef {object} Field
 * @property {string} name
 * @property {string} kind  checklist, integer, day_count, decimal, unit, boolean or choice
 * @property {string} label
 * @property {string} [question]
 * @property {string} [note_label]  its name in a copied note
 * @property {string} [unit]
 * @property {boolean} [required]
 * @property {Condition[]} [required_when]
 * @property {Condition[]} [shown_when]
 * @property {Option[]} [options]
 * @property {string} [none_option]  a checklist's exclusive "none of these"
 * @property {Unit[]} [units]  a day count's units
 * @property {number | null} [minimum]
 * @property {number | null} [maximum]
 * @property {boolean} [exclusive_minimum]  a decimal's value must be above its minimum
 * @property {string} [unit_field]  a decimal's unit field (kind unit): the unit it was entered in
 * @property {string} [for]  a unit field's decimal
 * @property {string} [null_text]  what a copied note says for null
 * @property {unknown} [default]  what the core assumes when the field is left out (the form
 *   selects nothing for it: a hint and a copied note say what is assumed)
 */
/** @typedef {{ code: string, label: string, urgent?: boolean, not_covered?: boolean }} Step */
/** A pathway's section: a result key holding a list of {text, refs}, drawn under its label
 * (`urgent_label`, optional: its heading when the step is urgent).
 * @typedef {{ key: string, label: string, urgent_label?: string }} Section */
/** A score's declared item (the result's items_field lists {id, label, points} per item).
 * @typedef {{ code: string, label?: string, points?: number }} ScoreItem */
/** A named band of a score or quantity, inclusive at both ends (null: unbounded).
 * @typedef {{ code: string, label?: string, minimum?: number | null, maximum?: number | null }} Band */
/**
 * The declared result kind (calculator_spec() version 2, outputs): a "pathway" (a step of
 * an algorithm, with sections), a "score" (points that add up) or a "quantity" (a number
 * with its unit, rounding and named bands). Only the keys this script reads are typed.
 * @typedef {object} Outputs
 * @property {string} kind  pathway, score or quantity
 * @property {string} field  the result key holding the step code, the score or the value
 * @property {Step[]} [steps]  a pathway's steps
 * @property {Section[]} [sections]  a pathway's sections, in the order they are drawn
 * @property {string[]} [urgent_hides]  a pathway's sections not drawn for an urgent step
 * @property {string} [source_step_field]  a pathway's result key with the source's step number
 * @property {string} [label]  a score's or quantity's name
 * @property {number | null} [maximum]  a score's maximum
 * @property {string} [items_field]  a score's result key listing the points of each item
 * @property {ScoreItem[]} [items]
 * @property {Band[]} [bands]
 * @property {string | null} [band_field]  a score's result key with its band's code
 * @property {string} [unit]  a quantity's unit
 * @property {number} [decimals]  a quantity's digits after the point
 * @property {string} [category_field]  a quantity's result key with its band's code
 */
/**
 * @typedef {object} Spec
 * @property {string} [title]
 * @property {Field[]} fields
 * @property {{ fields: string[] }[]} groups  the form's order
 * @property {Outputs} [outputs]
 */
/** @typedef {Record<string, any>} Input  the input object the core receives */

/** Whether every condition (a field's shown_when / required_when) holds over an input object.
 * @param {Condition[] | undefined} conditions
 * @param {Input} input
 */
export function holds(conditions, input) {
  return (conditions || []).every((c) => {
    const value = input[c.field];
    if (c.op === "given") return value !== undefined && value !== null;
    if (c.op === "no_items") return !Array.isArray(value) || value.length === 0;
    throw new Error(`unknown condition ${JSON.stringify(c.op)} on ${c.field}`);
  });
}

/** The spec, indexed: fields by name, in the form's order (the groups'), the step codes of the
 * result's pathway, and each control name's field (a checklist's FIELD_none, a day count's FIELD_unit
 * when it declares units, belong to FIELD; a unit field's select is its own, named as the
 * field: never inferred from a name).
 * @param {Spec} spec
 */
export function indexSpec(spec) {
  const fields = spec.fields;
  const fieldByName = new Map(fields.map((field) => [field.name, field]));
  const formOrder = spec.groups
    .flatMap((group) => group.fields)
    .map((n) => /** @type {Field} */ (fieldByName.get(n)));
  /* The declared result kind; a pathway's steps by code (the others have none). */
  const outputs = /** @type {Outputs} */ (spec.outputs || { kind: "pathway", field: "step" });
  const steps = new Map((outputs.steps || []).map((step) => [step.code, step]));
  /** @type {Map<string, string>} */
  const fieldOfControl = new Map();
  for (const field of fields) {
    fieldOfControl.set(field.name, field.name);
    if (field.kind === "checklist" && field.none_option) fieldOfControl.set(`${field.name}_none`, field.name);
    if (field.kind === "day_count" && field.units && field.units.length) {
      fieldOfControl.set(`${field.name}_unit`, field.name);
    }
  }
  return { spec, fields, fieldByName, formOrder, outputs, steps, fieldOfControl };
}

/** @typedef {ReturnType<typeof indexSpec>} SpecIndex */
