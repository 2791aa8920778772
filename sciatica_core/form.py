"""The calculator's declared form: its inputs and result steps, as authoring-kit declarations.

Every input field (kind, range, unit, label, hint, default, when it shows, when it is
required, and the messages a clinician reads when it is missing or inconsistent), the groups
the form shows them in, and every result step (label, urgent or not, not covered). The kit
(:mod:`guideline_site.kit`) validates input against these declarations and derives the spec
and the JSON Schema from them. Field labels live here only.

Standard library only, besides the kit; runs unchanged on CPython 3.11+ and in Pyodide.
"""

from __future__ import annotations

from guideline_site import kit

from .model import RedFlag, Response, Step
from .rules import TITLES

NAME = "sciatica-flare"
TITLE = "Sciatica flare calculator"
#: The page-wide name this calculator also answers to, besides
#: ``window.guidelineCalculators[NAME]`` (docs/authoring.md, "In the browser": kept for the pages
#: and tests written before revision 2).
LEGACY_GLOBAL = "sciaticaFlare"

#: The longest day count accepted (100 years of 365 days).
MAX_DAYS = 36500

_NO_RED_FLAG = kit.no_items("red_flags")
#: NSAIDs started: as entered, so that a bad day count still asks for the response (the
#: contract's validation did).
_NSAID_STARTED = kit.given("nsaid_days", as_entered=True)

RED_FLAG_LABELS = {
    RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT: (
        "Progressive neurological deficit (weakness, numbness progression)"
    ),
    RedFlag.CAUDA_EQUINA_SYMPTOMS: (
        "Cauda equina symptoms (bowel/bladder dysfunction, saddle anesthesia)"
    ),
    RedFlag.SEVERE_UNREMITTING_PAIN: "Severe unremitting pain despite maximal conservative therapy",
}
RESPONSE_LABELS = {
    Response.ADEQUATE: "Adequate",
    Response.INADEQUATE: "Inadequate",
    Response.NONE: "None",
}


def _unless_red_flag(label: str) -> str:
    return f"{label} is required unless a red flag is present."


RED_FLAGS = kit.checklist(
    "red_flags",
    "Red-flag screen",
    [(flag.value, RED_FLAG_LABELS[flag]) for flag in RedFlag],
    note_label="Red flags",
    question="Red flags present",
    hint="The article's three red flags requiring urgent evaluation, and only those: tick"
    " every one present, or “None of these three” when none of them is. An unanswered"
    " screen gives no plan.",
    none_option="None of these three",
    required_message="The red-flag screen must be answered: list the red flags present, or an"
    " empty list for none of these.",
    not_list_message="The red-flag screen must be a list of red-flag codes (got {got}).",
    unknown_item_message="Unknown red flag {got}: expected any of {expected}.",
)
PAIN_SCORE = kit.integer(
    "pain_score",
    "Pain score",
    minimum=0,
    maximum=10,
    note_label="Pain",
    question="Pain now, 0–10 numeric rating scale",  # noqa: RUF001 - the form's en dash
    required_when=[_NO_RED_FLAG],
    required_message=_unless_red_flag("Pain score"),
)
SYMPTOM_DURATION_DAYS = kit.day_count(
    "symptom_duration_days",
    "Duration of the current pain",
    maximum=MAX_DAYS,
    note_label="Duration of current pain",
    question="How long the current pain has been present",
    hint="A month counts as 30 days.",
    required_when=[_NO_RED_FLAG],
    required_message=_unless_red_flag("Duration of the current pain"),
)
FUNCTIONAL_LIMITATION = kit.boolean(
    "functional_limitation",
    "Functional limitation",
    note_label="Limits function",
    question="Does the pain limit function?",
    yes="Yes, it limits function",
    no="No",
    required_when=[_NO_RED_FLAG],
    required_message=_unless_red_flag("Functional limitation"),
)
NSAID_DAYS = kit.day_count(
    "nsaid_days",
    "Days since NSAIDs were started",
    maximum=MAX_DAYS,
    note_label="NSAIDs for this flare",
    question="NSAIDs started how long ago",
    hint="Leave empty if NSAIDs have not been started for this flare.",
    required=False,
    null_text="not started",
)
RESPONSE = kit.choice(
    "response",
    "Response to treatment",
    [(r.value, RESPONSE_LABELS[r]) for r in Response],
    note_label="Response so far",
    question="Response to the treatment so far",
    required_when=[_NO_RED_FLAG, _NSAID_STARTED],
    required_message="Response to treatment is required once NSAIDs have been started"
    " (adequate, inadequate or none).",
    shown_when=[_NSAID_STARTED],
)
DULOXETINE_DAYS = kit.day_count(
    "duloxetine_days",
    "Days since duloxetine was added",
    maximum=MAX_DAYS,
    note_label="Duloxetine",
    question="Duloxetine added how long ago",
    hint="Leave empty if duloxetine has not been added.",
    required=False,
    shown_when=[_NSAID_STARTED],
    null_text="not added",
    requires="nsaid_days",
    requires_message="Duloxetine is given but NSAIDs are not: in this algorithm duloxetine is"
    " added to NSAIDs (Step 3), so days since NSAIDs were started is needed too.",
    at_most="nsaid_days",
    at_most_message="Duloxetine cannot have been added {value} days ago when NSAIDs were"
    " started only {limit} days ago: in this algorithm duloxetine is added after NSAIDs.",
)
NSAID_TOLERATED = kit.boolean(
    "nsaid_tolerated",
    "NSAIDs tolerated",
    note_label="NSAIDs tolerated",
    question="Are NSAIDs tolerated?",
    yes="Yes, tolerated",
    no="No, not tolerated",
    required=False,
    default=True,
)

#: Every input field, in the contract's order.
FIELDS = (
    RED_FLAGS,
    PAIN_SCORE,
    SYMPTOM_DURATION_DAYS,
    FUNCTIONAL_LIMITATION,
    NSAID_DAYS,
    DULOXETINE_DAYS,
    RESPONSE,
    NSAID_TOLERATED,
)

#: The form's parts (fieldsets), with their fields in order.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("1. Red-flag screen (answer first)", ("red_flags",)),
    ("2. The current flare", ("pain_score", "symptom_duration_days", "functional_limitation")),
    ("3. Treatment so far for this flare", ("nsaid_days", "response", "duloxetine_days")),
    ("4. NSAID tolerance", ("nsaid_tolerated",)),
)

#: Field name -> how a clinician reads it in a message or a note.
LABELS = {field.name: field.label for field in FIELDS}

_STEP_LABELS = {
    Step.URGENT_EVALUATION: "Urgent evaluation",
    Step.EXERCISE_FIRST: "Intensify home exercise first",
    Step.START_NSAID: "Start NSAIDs",
    Step.CONTINUE_NSAID: "Continue NSAIDs",
    Step.ADD_DULOXETINE: "Add duloxetine",
    Step.CONTINUE_DULOXETINE: "Continue duloxetine",
    Step.REASSESS: "Reassess",
    Step.NOT_COVERED: "Not covered by the article's plan",
}

#: Every result step, in the contract's order, with its label and its result's title.
STEPS = tuple(
    kit.Step(
        code=step.value,
        label=_STEP_LABELS[step],
        title=TITLES[step],
        urgent=step is Step.URGENT_EVALUATION,
        not_covered=step is Step.NOT_COVERED,
    )
    for step in Step
)

#: The result's sections, in the order the page shows them; an urgent step shows its
#: actions only.
PATHWAY = kit.Pathway(
    steps=STEPS,
    sections=(
        kit.Section(key="actions", label="Actions", urgent_label="Do now"),
        kit.Section(key="avoid", label="Avoid"),
        kit.Section(key="monitoring", label="Monitoring"),
    ),
    urgent_hides=("avoid", "monitoring"),
    source_step_field="article_step",
)
