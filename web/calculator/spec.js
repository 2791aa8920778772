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
 */
/** @typedef {{ code: string, label: string, urgent?: boolean, not_covered?: boolean }} Step */
/** @typedef {{ code: string, letter?: string, label?: string, points?: number }} Component */
/**
 * @typedef {object} Outputs
 * @property {string} [kind]  "score" for a points score; else the result has a step
 * @property {Step[]} [steps]
 * @property {string} field  a score's field in the result
 * @property {string} components_field  the result's field with the points of each component
 * @property {Component[]} [components]
 * @property {number | null} [minimum]
 * @property {number | null} [maximum]
 * @property {boolean} [exclusive_minimum]  a decimal's value must be above its minimum
 * @property {string} [unit_field]  a decimal's unit field (kind unit): the unit it was entered in
 * @property {string} [for]  a unit field's decimal
 * @property {string} [label]
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
 * result, and each control name's field (a checklist's FIELD_none, a day count's FIELD_unit
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
  const steps = new Map((((spec.outputs || {}).steps) || []).map((step) => [step.code, step]));
  /* A score-type output (outputs.kind "score"): the result's outputs.field holds the score,
   * its outputs.components_field the points of each component ({id, letter, label,
   * present, points, max_points}); the spec's outputs.components name them. */
  const outputs = spec.outputs;
  const score = outputs && outputs.kind === "score" ? outputs : null;
  /** @type {Map<string, string>} */
  const fieldOfControl = new Map();
  for (const field of fields) {
    fieldOfControl.set(field.name, field.name);
    if (field.kind === "checklist" && field.none_option) fieldOfControl.set(`${field.name}_none`, field.name);
    if (field.kind === "day_count" && field.units && field.units.length) {
      fieldOfControl.set(`${field.name}_unit`, field.name);
    }
  }
  return { spec, fields, fieldByName, formOrder, steps, score, fieldOfControl };
}

/** @typedef {ReturnType<typeof indexSpec>} SpecIndex */
