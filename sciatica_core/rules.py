"""The article's flare algorithm as an ordered rule table.

Source: "Treatment Options for Sciatic Pain Following Successful Physical Therapy" (last
updated 2025-11-26), sections "Clinical Algorithm for Flare Management", "Red Flags Requiring
Urgent Evaluation", "What to Avoid" and "Monitoring Strategy". Citation numbers are the
article's reference numbers 1-6.

Fidelity (contract revision 2): every rule's ``article_text`` and ``also_quotes`` is a verbatim
quote of the article, and every action, avoid and monitoring text is either verbatim or an
entry of :data:`ADAPTED`, which names the article sentences it adapts (both checked against
the article by tests/fidelity). Where the article is silent or in tension with itself, a
``guideline_gap`` note says so instead of a rule. Notes and titles are this calculator's
words about the article, never instructions of its own.

Changing anything in this table changes :data:`ALGORITHM_VERSION` and needs a new entry in
:mod:`sciatica_core.changelog` (a test fails without one).
"""

from __future__ import annotations

from guideline_site import kit
from guideline_site.kit import Adaptation, Item, Note, NoteCode, Op, Rule, Test

from .model import GuidelineData, RedFlag, Step

GUIDELINE: GuidelineData = {
    "title": "Treatment Options for Sciatic Pain Following Successful Physical Therapy",
    "last_updated": "2025-11-26",
    "review_status": "under_review",
}

#: The article's reference list, numbered as the article numbers it.
REFERENCE_COUNT = 6

ALGORITHM = "Clinical Algorithm for Flare Management"
RED_FLAGS = "Red Flags Requiring Urgent Evaluation"
AVOID = "What to Avoid"
MONITORING = "Monitoring Strategy"

STEP1 = (
    "If pain >4/10 and present >1 month with functional limitation, proceed with"
    " pharmacologic intervention"
)
STEP1_EXERCISE = "If pain <4/10 or <1 month duration, intensify home exercise program first"
STEP2 = "Start with NSAIDs at full anti-inflammatory dose for 7-14 days"
STEP2_HEADING = "Step 2: Initial Pharmacologic Intervention"
STEP3 = "Step 3: If Inadequate Response After 3-5 Days"
ON_DEMAND = (
    "NSAIDs should be used on-demand at maximum tolerated anti-inflammatory doses when pain"
    " and stiffness recur, rather than continuous prophylactic use"
)
STEP3_DULOXETINE = "Add duloxetine 30 mg daily, increasing to 60 mg daily after one week"
STEP4 = "Step 4: If No Response After 1 Month"
IF_TOLERATED = "Continue NSAIDs if tolerated"
ACUTE_FLARES = (
    "NSAIDs provide >70% response rates in acute flares and are considered first-line"
    " pharmacologic treatment"
)
NO_CONTINUOUS = (
    "Avoid continuous NSAID use when asymptomatic - use only on-demand for active symptoms"
)
MR_NOT_RECOMMENDED = (
    "Muscle relaxants are not specifically recommended in evidence-based guidelines for sciatic"
    " pain management"
)
MR_SHORT_TERM = (
    "If considering muscle relaxants, use only short-term (days to 1-2 weeks maximum) for acute"
    " muscle spasm, not for radicular pain itself"
)
BENZODIAZEPINES = "Avoid benzodiazepines due to lack of evidence and dependence risk"
INJECTIONS = (
    "Local glucocorticoid injections may be considered only for refractory cases under image"
    " guidance"
)
DULOXETINE_SIDE_EFFECTS_TEXT = (
    "Common side effects include nausea, dry mouth, constipation, and somnolence"
)

TITLES = {
    Step.URGENT_EVALUATION: "Red flag: urgent evaluation. The routine flare plan does not apply.",
    Step.EXERCISE_FIRST: "Intensify the home exercise program first (Step 1)",
    Step.START_NSAID: "Start NSAIDs for 7-14 days, with the home exercise program (Steps 1-2)",
    Step.CONTINUE_NSAID: "Continue the initial NSAID course, then on-demand use only (Step 2)",
    Step.ADD_DULOXETINE: "Inadequate response after 3-5 days: add duloxetine (Step 3)",
    Step.CONTINUE_DULOXETINE: "Continue duloxetine, titrated as the article gives (Step 3)",
    Step.REASSESS: "No adequate response after 1 month: reassess the diagnosis (Step 4)",
    Step.NOT_COVERED: "NSAIDs are not tolerated: the article's plan does not cover this",
}

# -- conditions ---------------------------------------------------------------------------


def _t(field: str, op: Op, value: int | str | bool | None = None) -> Test:
    return kit.where(field, op, value)


ALWAYS: kit.When = kit.ALWAYS
NO_NSAID = _t("nsaid_days", Op.IS_NULL)
TOLERATED = _t("nsaid_tolerated", Op.EQ, True)
NOT_TOLERATED = _t("nsaid_tolerated", Op.EQ, False)
STEP1_CRITERIA = (
    NO_NSAID,
    _t("pain_score", Op.GT, 4),
    _t("symptom_duration_days", Op.GT, 30),
    _t("functional_limitation", Op.EQ, True),
)

# -- adapted texts: the one table of item texts that are not the article's verbatim words ----


def _adapt(text: str, *adapts: str, why: str) -> Adaptation:
    return Adaptation(text=text, adapts=adapts, why=why)


_RED_FLAG_TEXTS = {
    RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT: "Progressive neurological deficits (weakness,"
    " numbness progression)",
    RedFlag.CAUDA_EQUINA_SYMPTOMS: "Cauda equina symptoms (bowel/bladder dysfunction, saddle"
    " anesthesia)",
    RedFlag.SEVERE_UNREMITTING_PAIN: "Severe unremitting pain despite maximal conservative therapy",
}
RED_FLAG_ADAPTED = {
    flag: _adapt(
        f"Urgent evaluation: {text}",
        RED_FLAGS,
        text,
        why="The article's red flag under its heading, as one line that says what it calls for.",
    )
    for flag, text in _RED_FLAG_TEXTS.items()
}
FINISH_COURSE = _adapt(
    "Finish the NSAID course at full anti-inflammatory dose (7-14 days), then use NSAIDs"
    " on-demand when pain and stiffness recur, rather than continuous prophylactic use",
    STEP2,
    ON_DEMAND,
    why="Step 2's course and the first-line section's on-demand use, for a response that is"
    " adequate before day 14.",
)
COURSE_OVER = _adapt(
    "The 7-14 day NSAID course is over: use NSAIDs on-demand at maximum tolerated"
    " anti-inflammatory doses when pain and stiffness recur, rather than continuous"
    " prophylactic use",
    STEP2,
    ON_DEMAND,
    why="Step 2's course and the first-line section's on-demand use, once 14 days have passed.",
)
CONTINUE_COURSE = _adapt(
    "Continue NSAIDs at full anti-inflammatory dose (course of 7-14 days)",
    STEP2,
    why="Step 2's course, for NSAIDs already started fewer than 3 days ago.",
)
DULOXETINE_FIRST_WEEK = _adapt(
    "Continue duloxetine 30 mg daily; increase to 60 mg daily after one week",
    STEP3_DULOXETINE,
    why="Step 3's titration, for duloxetine already added fewer than 7 days ago.",
)
DULOXETINE_AFTER_WEEK = _adapt(
    "Duloxetine 60 mg daily (after one week at 30 mg)",
    STEP3_DULOXETINE,
    why="Step 3's titration, for duloxetine added 7 days ago or more.",
)
SIDE_EFFECTS = _adapt(
    "Common side effects of duloxetine include nausea, dry mouth, constipation, and somnolence",
    DULOXETINE_SIDE_EFFECTS_TEXT,
    why="The sentence names duloxetine, whose section it comes from, since it is shown apart"
    " from that section.",
)

ADAPTED: tuple[Adaptation, ...] = (
    *RED_FLAG_ADAPTED.values(),
    FINISH_COURSE,
    COURSE_OVER,
    CONTINUE_COURSE,
    DULOXETINE_FIRST_WEEK,
    DULOXETINE_AFTER_WEEK,
    SIDE_EFFECTS,
)

# -- items ----------------------------------------------------------------------------------


def _item(text: str | Adaptation, *refs: int) -> Item:
    return Item(text=text.text if isinstance(text, Adaptation) else text, refs=refs)


HOME_EXERCISE = _item("Continue home exercise program throughout treatment", 1, 2)
CONTINUE_NSAID_IF_TOLERATED = _item(IF_TOLERATED, 2)
REASSESS_1_MONTH = _item("Reassess at 1 month if symptoms persist despite initial treatment", 2)
NSAID_COMPLICATIONS = _item(
    "Monitor for NSAID-related gastrointestinal, renal, and cardiovascular complications"
    " if used frequently",
    3,
)
DULOXETINE_PLAN = _item(
    "Establish monitoring plan for side effects before starting long-term duloxetine", 2
)
DULOXETINE_SIDE_EFFECTS = _item(SIDE_EFFECTS, 4)
WHAT_TO_AVOID = (
    _item(
        "Do not use systemic corticosteroids - they are ineffective and carry significant"
        " side effects",
        3,
        4,
    ),
    _item(NO_CONTINUOUS, 3),
    _item(
        "Do not prescribe opioids except as last resort for severe, refractory pain, and"
        " only short-term",
        2,
        6,
    ),
    _item(
        "Avoid passive physical therapy (massage, ultrasound, heat alone) as primary treatment",
        3,
        1,
    ),
)


def _gap(text: str) -> Note:
    return kit.gap(text)


# -- step rules: the first whose condition holds decides the step ----------------------------

STEP_RULES = (
    Rule(
        id="red_flag_urgent",
        section=RED_FLAGS,
        condition="Any red flag is present",
        article_text=RED_FLAGS,
        refs=(5,),
        when=((_t("red_flags", Op.NONEMPTY),),),
        step=Step.URGENT_EVALUATION.value,
        article_step=None,
        note=_gap(
            "The article lists these red flags as requiring urgent evaluation but does not say"
            " where to refer, how fast, or what the evaluation should include."
        ),
    ),
    Rule(
        id="step1_not_tolerated",
        section=ALGORITHM,
        condition="No NSAID yet; pain > 4/10, present > 30 days (1 month), with functional"
        " limitation; NSAIDs not tolerated",
        article_text=STEP1,
        also_quotes=(STEP2,),
        refs=(3, 2),
        when=((*STEP1_CRITERIA, NOT_TOLERATED),),
        step=Step.NOT_COVERED.value,
        article_step=1,
        title="Pharmacologic criteria met, but NSAIDs are not tolerated: the article's plan"
        " does not cover this (Step 1)",
        note=_gap(
            "The article's pharmacologic intervention starts with NSAIDs and gives no"
            " first-line drug for a patient who does not tolerate them; duloxetine is its"
            " second line, for pain that persists despite NSAIDs."
        ),
    ),
    Rule(
        id="step1_start_nsaid",
        section=ALGORITHM,
        condition="No NSAID yet; pain > 4/10, present > 30 days (1 month), with functional"
        " limitation; NSAIDs tolerated",
        article_text=STEP1,
        refs=(3,),
        when=((*STEP1_CRITERIA, TOLERATED),),
        step=Step.START_NSAID.value,
        article_step=1,
    ),
    Rule(
        id="step1_exercise_first",
        section=ALGORITHM,
        condition="No NSAID yet; pain < 4/10, or present < 30 days (1 month)",
        article_text=STEP1_EXERCISE,
        refs=(3,),
        when=(
            (NO_NSAID, _t("pain_score", Op.LT, 4)),
            (NO_NSAID, _t("symptom_duration_days", Op.LT, 30)),
        ),
        step=Step.EXERCISE_FIRST.value,
        article_step=1,
        items={"actions": (_item("Intensify home exercise program first", 3),)},
    ),
    Rule(
        id="step1_criteria_open",
        section=ALGORITHM,
        condition="No NSAID yet; any other case: pain exactly 4/10, exactly 30 days, or no"
        " functional limitation (the article leaves these open)",
        article_text=STEP1,
        also_quotes=(STEP1_EXERCISE,),
        refs=(3,),
        when=((NO_NSAID,),),
        step=Step.EXERCISE_FIRST.value,
        article_step=1,
        items={"actions": (_item("Intensify home exercise program first", 3),)},
    ),
    Rule(
        id="step4_reassess",
        section=ALGORITHM,
        condition="NSAIDs started 30 days (1 month) ago or more, and the response is not adequate",
        article_text=STEP4,
        refs=(2, 3, 5),
        when=((_t("nsaid_days", Op.GE, 30), _t("response", Op.NE, "adequate")),),
        step=Step.REASSESS.value,
        article_step=4,
        items={
            "actions": (
                _item("Reassess diagnosis and consider alternative causes", 2),
                _item(
                    "Consider referral for interventional procedures (epidural or transforaminal"
                    " injections) if conservative measures fail",
                    3,
                    5,
                ),
            )
        },
    ),
    Rule(
        id="step3_continue_duloxetine",
        section=ALGORITHM,
        condition="Duloxetine already added (and no reassessment due)",
        article_text=STEP3_DULOXETINE,
        refs=(4, 2),
        when=((_t("duloxetine_days", Op.NOT_NULL),),),
        step=Step.CONTINUE_DULOXETINE.value,
        article_step=3,
    ),
    Rule(
        id="step2_early_not_tolerated",
        section=ALGORITHM,
        condition="NSAIDs started fewer than 3 days ago, response not adequate, NSAIDs not"
        " tolerated",
        article_text=STEP3,
        also_quotes=(IF_TOLERATED,),
        refs=(2,),
        when=((_t("nsaid_days", Op.LT, 3), _t("response", Op.NE, "adequate"), NOT_TOLERATED),),
        step=Step.NOT_COVERED.value,
        article_step=2,
        title="NSAIDs are not tolerated before the response can be judged: the article's plan"
        " does not cover this (Step 2)",
        note=_gap(
            "The article gives no plan for NSAIDs that are not tolerated before day 3: it"
            " judges the response after 3-5 days, then adds duloxetine and continues NSAIDs"
            ' only "if tolerated" [2].'
        ),
    ),
    Rule(
        id="step2_adequate_not_tolerated",
        section=ALGORITHM,
        condition="NSAIDs started, the response is adequate, NSAIDs not tolerated",
        article_text=STEP2,
        also_quotes=(IF_TOLERATED,),
        refs=(3, 2),
        when=((_t("response", Op.EQ, "adequate"), NOT_TOLERATED),),
        step=Step.NOT_COVERED.value,
        article_step=2,
        title="Adequate response, but NSAIDs are not tolerated: the article's plan does not"
        " cover this (Step 2)",
        note=_gap(
            "The article does not say what to do when NSAIDs help but are not tolerated: its"
            ' Step 2 gives the NSAID course, and it continues NSAIDs only "if tolerated" [2].'
        ),
    ),
    Rule(
        id="step2_adequate_response",
        section=ALGORITHM,
        condition="NSAIDs started and the response is adequate",
        article_text=STEP2,
        also_quotes=(ON_DEMAND,),
        refs=(3, 2),
        when=((_t("response", Op.EQ, "adequate"),),),
        step=Step.CONTINUE_NSAID.value,
        article_step=2,
    ),
    Rule(
        id="step2_too_early",
        section=ALGORITHM,
        condition="NSAIDs started fewer than 3 days ago, response not adequate",
        article_text=STEP3,
        refs=(3, 2),
        when=((_t("nsaid_days", Op.LT, 3),),),
        step=Step.CONTINUE_NSAID.value,
        article_step=2,
        note=Note(
            code=NoteCode.TOO_EARLY.value,
            text="Too early to judge the response: the article judges the response to NSAIDs"
            " after 3-5 days, and fewer than 3 days have passed.",
        ),
    ),
    Rule(
        id="step3_add_duloxetine",
        section=ALGORITHM,
        condition="NSAIDs started 3 or more days ago, response not adequate, no duloxetine yet",
        article_text=STEP3,
        also_quotes=(STEP3_DULOXETINE,),
        refs=(4, 2),
        when=ALWAYS,
        step=Step.ADD_DULOXETINE.value,
        article_step=3,
        items={"actions": (_item(STEP3_DULOXETINE, 4, 2),)},
    ),
)

NON_URGENT = tuple(rule.id for rule in STEP_RULES if rule.step != Step.URGENT_EVALUATION.value)
NOT_COVERED_RULES = tuple(rule.id for rule in STEP_RULES if rule.step == Step.NOT_COVERED.value)
STEP1_EXERCISE_RULES = ("step1_exercise_first", "step1_criteria_open")
ON_NSAIDS = (
    "step2_adequate_response",
    "step2_too_early",
    "step3_add_duloxetine",
    "step3_continue_duloxetine",
    "step4_reassess",
)
ON_DULOXETINE = ("step3_add_duloxetine", "step3_continue_duloxetine")

# -- modifier rules, in the order their items appear in the result -------------------------

MODIFIER_RULES = (
    *(
        Rule(
            id=f"red_flag_{flag.value}",
            section=RED_FLAGS,
            condition=f"Red flag present: {flag.value}",
            article_text=_RED_FLAG_TEXTS[flag],
            refs=(5,),
            when=((_t("red_flags", Op.CONTAINS, flag.value),),),
            after=("red_flag_urgent",),
            items={"actions": (_item(adapted, 5),)},
        )
        for flag, adapted in RED_FLAG_ADAPTED.items()
    ),
    Rule(
        id="gap_pain_exactly_4",
        section=ALGORITHM,
        condition="No NSAID yet and pain exactly 4/10",
        article_text=STEP1,
        also_quotes=(STEP1_EXERCISE,),
        refs=(3,),
        when=((_t("pain_score", Op.EQ, 4),),),
        after=("step1_criteria_open",),
        note=_gap(
            "Pain of exactly 4/10 is open: the article proceeds to drugs for pain >4/10 and"
            " exercise first for pain <4/10."
        ),
    ),
    Rule(
        id="gap_duration_exactly_30_days",
        section=ALGORITHM,
        condition="No NSAID yet and pain present exactly 30 days (1 month)",
        article_text=STEP1,
        also_quotes=(STEP1_EXERCISE,),
        refs=(3,),
        when=((_t("symptom_duration_days", Op.EQ, 30),),),
        after=("step1_criteria_open",),
        note=_gap(
            "A duration of exactly 1 month (30 days) is open: the article proceeds to drugs"
            " for pain present >1 month and exercise first for <1 month."
        ),
    ),
    Rule(
        id="gap_no_functional_limitation",
        section=ALGORITHM,
        condition="No NSAID yet, pain at least 4/10 for at least 30 days, but no functional"
        " limitation",
        article_text=STEP1,
        also_quotes=(STEP1_EXERCISE,),
        refs=(3,),
        when=((_t("functional_limitation", Op.EQ, False),),),
        after=("step1_criteria_open",),
        note=_gap(
            "Pain without functional limitation is open: the article proceeds to drugs only"
            " with functional limitation, and gives exercise first only for pain <4/10 or"
            " <1 month."
        ),
    ),
    Rule(
        id="gap_severe_flare_under_1_month",
        section="First-Line: NSAIDs",
        condition="No NSAID yet; pain > 4/10 with functional limitation, present < 30 days",
        article_text=ON_DEMAND,
        also_quotes=(ACUTE_FLARES, STEP1),
        refs=(3, 2),
        when=(
            (
                _t("pain_score", Op.GT, 4),
                _t("functional_limitation", Op.EQ, True),
                _t("symptom_duration_days", Op.LT, 30),
            ),
        ),
        after=("step1_exercise_first",),
        note=_gap(
            "A severe, function-limiting flare of under 1 month is open: the article's"
            ' first-line section uses NSAIDs on demand "when pain and stiffness recur", with'
            ' ">70% response rates in acute flares" [3, 2], while its Step 1 proceeds to drugs'
            " only for pain present >1 month; it does not reconcile the two. Step 1 is shown."
        ),
    ),
    Rule(
        id="note_not_tolerated_step1",
        section=ALGORITHM,
        condition="No NSAID yet, exercise first, NSAIDs not tolerated",
        article_text=STEP1,
        also_quotes=(STEP2,),
        refs=(3, 2),
        when=((NOT_TOLERATED,),),
        after=STEP1_EXERCISE_RULES,
        note=_gap(
            "NSAIDs are recorded as not tolerated. This does not change Step 1's exercise-first"
            " plan; should the pharmacologic step be reached, the article starts it with NSAIDs"
            " and gives no first-line drug for a patient who does not tolerate them."
        ),
    ),
    Rule(
        id="start_nsaid",
        section=ALGORITHM,
        condition="Starting NSAIDs",
        article_text=STEP2,
        refs=(3, 2),
        when=ALWAYS,
        after=("step1_start_nsaid",),
        items={"actions": (_item(STEP2, 3, 2),)},
    ),
    Rule(
        id="finish_nsaid_course",
        section=ALGORITHM,
        condition="Adequate response, NSAIDs tolerated, fewer than 14 days of NSAIDs",
        article_text=STEP2,
        also_quotes=(ON_DEMAND,),
        refs=(3, 2),
        when=((TOLERATED, _t("nsaid_days", Op.LT, 14)),),
        after=("step2_adequate_response",),
        items={"actions": (_item(FINISH_COURSE, 3, 2),)},
    ),
    Rule(
        id="nsaid_on_demand_after_course",
        section=ALGORITHM,
        condition="Adequate response, NSAIDs tolerated, 14 days of NSAIDs or more",
        article_text=STEP2,
        also_quotes=(ON_DEMAND,),
        refs=(3, 2),
        when=((TOLERATED, _t("nsaid_days", Op.GE, 14)),),
        after=("step2_adequate_response",),
        title="Adequate response: the 7-14 day NSAID course is over; on-demand use only (Step 2)",
        items={"actions": (_item(COURSE_OVER, 3, 2),)},
    ),
    Rule(
        id="continue_nsaid_course",
        section=ALGORITHM,
        condition="Fewer than 3 days of NSAIDs, tolerated",
        article_text=STEP2,
        refs=(3, 2),
        when=((TOLERATED,),),
        after=("step2_too_early",),
        items={"actions": (_item(CONTINUE_COURSE, 3, 2),)},
    ),
    Rule(
        id="duloxetine_30mg_first_week",
        section=ALGORITHM,
        condition="Duloxetine added fewer than 7 days ago",
        article_text=STEP3_DULOXETINE,
        refs=(4, 2),
        when=((_t("duloxetine_days", Op.LT, 7),),),
        after=("step3_continue_duloxetine",),
        items={"actions": (_item(DULOXETINE_FIRST_WEEK, 4, 2),)},
    ),
    Rule(
        id="duloxetine_60mg_after_one_week",
        section=ALGORITHM,
        condition="Duloxetine added 7 days (one week) ago or more",
        article_text=STEP3_DULOXETINE,
        refs=(4, 2),
        when=((_t("duloxetine_days", Op.GE, 7),),),
        after=("step3_continue_duloxetine",),
        items={"actions": (_item(DULOXETINE_AFTER_WEEK, 4, 2),)},
        note=_gap(
            "Beyond 60 mg daily the article is not specific: its algorithm gives 60 mg daily"
            " after one week, while its duloxetine section says to titrate to 60-120 mg daily"
            " based on response, without saying when."
        ),
    ),
    Rule(
        id="duloxetine_before_day_3",
        section=ALGORITHM,
        condition="Duloxetine already added, NSAIDs started fewer than 3 days ago",
        article_text=STEP3,
        also_quotes=(STEP3_DULOXETINE,),
        refs=(4, 2),
        when=((_t("nsaid_days", Op.LT, 3),),),
        after=("step3_continue_duloxetine",),
        note=Note(
            code=NoteCode.TOO_EARLY.value,
            text="Duloxetine was added before day 3 of NSAIDs: the article adds duloxetine"
            " after an inadequate response to NSAIDs after 3-5 days.",
        ),
    ),
    Rule(
        id="continue_nsaid_with_duloxetine",
        section=ALGORITHM,
        condition="On duloxetine (Step 3), NSAIDs tolerated",
        article_text=IF_TOLERATED,
        refs=(2,),
        when=((TOLERATED,),),
        after=ON_DULOXETINE,
        items={"actions": (CONTINUE_NSAID_IF_TOLERATED,)},
    ),
    Rule(
        id="gap_nsaid_duration_with_duloxetine",
        section=ALGORITHM,
        condition="Continuing duloxetine, NSAIDs tolerated",
        article_text=IF_TOLERATED,
        also_quotes=(NO_CONTINUOUS,),
        refs=(2, 3),
        when=((TOLERATED,),),
        after=("step3_continue_duloxetine",),
        note=_gap(
            'The article does not say how long NSAIDs continue beside duloxetine ("Continue'
            ' NSAIDs if tolerated" [2]), while its What to Avoid rules out "continuous NSAID'
            ' use when asymptomatic" [3].'
        ),
    ),
    Rule(
        id="gap_duloxetine_without_nsaid",
        section=ALGORITHM,
        condition="On duloxetine (Step 3), NSAIDs not tolerated",
        article_text=IF_TOLERATED,
        also_quotes=(STEP3_DULOXETINE,),
        refs=(4, 2),
        when=((NOT_TOLERATED,),),
        after=ON_DULOXETINE,
        note=_gap(
            'The article continues NSAIDs only "if tolerated" ("Continue NSAIDs if tolerated"'
            " [2]), so that line is not shown. Its Step 3 adds duloxetine to NSAIDs; it does not"
            " say whether duloxetine alone is appropriate when NSAIDs are not tolerated."
        ),
    ),
    Rule(
        id="gap_partial_response_at_1_month",
        section=ALGORITHM,
        condition="NSAIDs started 30 days ago or more, response inadequate (some, not none)",
        article_text=STEP4,
        refs=(2,),
        when=((_t("response", Op.EQ, "inadequate"),),),
        after=("step4_reassess",),
        note=_gap(
            "Step 4 covers no response after 1 month; the article does not say what to do"
            " with a partial (inadequate) response at 1 month. Step 4 is shown."
        ),
    ),
    Rule(
        id="gap_neuropathic_features",
        section="Second-Line: Duloxetine",
        condition="Adding duloxetine",
        article_text="Duloxetine 30-60 mg daily is recommended for sciatic pain with neuropathic"
        " features that persists despite NSAIDs",
        refs=(4, 2),
        when=ALWAYS,
        after=("step3_add_duloxetine",),
        note=_gap(
            "The article's duloxetine section recommends it for sciatic pain with neuropathic"
            " features that persists despite NSAIDs; its Step 3 does not repeat that"
            " condition, and this calculator does not ask about neuropathic features."
        ),
    ),
    Rule(
        id="step4_injection_caveat",
        section="Corticosteroids: Avoid Systemic Use",
        condition="Reassessment due (Step 4): beside the referral for injections",
        article_text=INJECTIONS,
        refs=(3, 1),
        when=ALWAYS,
        after=("step4_reassess",),
        items={"actions": (_item(INJECTIONS, 3, 1),)},
    ),
    Rule(
        id="gap_drugs_while_reassessing",
        section=ALGORITHM,
        condition="Reassessment due (Step 4)",
        article_text=STEP4,
        refs=(2,),
        when=ALWAYS,
        after=("step4_reassess",),
        note=_gap(
            "Step 4 does not say whether to continue or stop NSAIDs (or duloxetine, if added)"
            " while the diagnosis is reassessed."
        ),
    ),
    Rule(
        id="note_not_tolerated_step4",
        section=ALGORITHM,
        condition="Reassessment due (Step 4), NSAIDs not tolerated",
        article_text=IF_TOLERATED,
        refs=(2,),
        when=((NOT_TOLERATED,),),
        after=("step4_reassess",),
        note=_gap(
            'NSAIDs are recorded as not tolerated: the article continues NSAIDs only "if'
            ' tolerated" [2], and its Step 4 does not say what to use instead while the'
            " diagnosis is reassessed."
        ),
    ),
    Rule(
        id="home_exercise_throughout",
        section=ALGORITHM,
        condition="Any pharmacologic step, or a step the article's plan does not cover",
        article_text="Continue home exercise program throughout treatment",
        refs=(1, 2),
        when=ALWAYS,
        after=("step1_start_nsaid", *ON_NSAIDS, *NOT_COVERED_RULES),
        items={"actions": (HOME_EXERCISE,)},
    ),
    Rule(
        id="muscle_relaxants_not_recommended",
        section="Muscle Relaxants: Limited Role",
        condition="Starting pharmacologic treatment for a flare (beside the muscle-relaxant line)",
        article_text=MR_NOT_RECOMMENDED,
        refs=(3, 2),
        when=ALWAYS,
        after=("step1_start_nsaid",),
        items={"actions": (_item(MR_NOT_RECOMMENDED, 3, 2),)},
    ),
    Rule(
        id="muscle_relaxants_short_term",
        section="Muscle Relaxants: Limited Role",
        condition="Starting pharmacologic treatment for a flare",
        article_text=MR_SHORT_TERM,
        refs=(),
        when=ALWAYS,
        after=("step1_start_nsaid",),
        items={"actions": (_item(MR_SHORT_TERM),)},
    ),
    Rule(
        id="monitor_reassess_1_month",
        section=MONITORING,
        condition="Initial treatment under way",
        article_text=REASSESS_1_MONTH.text,
        refs=(2,),
        when=ALWAYS,
        after=(
            *STEP1_EXERCISE_RULES,
            "step1_start_nsaid",
            "step2_adequate_response",
            "step2_too_early",
            "step3_add_duloxetine",
            "step3_continue_duloxetine",
            *NOT_COVERED_RULES,
        ),
        items={"monitoring": (REASSESS_1_MONTH,)},
    ),
    Rule(
        id="monitor_nsaid_complications",
        section=MONITORING,
        condition="NSAIDs used and tolerated",
        article_text=NSAID_COMPLICATIONS.text,
        refs=(3,),
        when=((TOLERATED,),),
        after=("step1_start_nsaid", *ON_NSAIDS),
        items={"monitoring": (NSAID_COMPLICATIONS,)},
    ),
    Rule(
        id="monitor_duloxetine",
        section=MONITORING,
        condition="Duloxetine added or being added",
        article_text=DULOXETINE_PLAN.text,
        refs=(2,),
        when=ALWAYS,
        after=ON_DULOXETINE,
        items={"monitoring": (DULOXETINE_PLAN,)},
    ),
    Rule(
        id="monitor_duloxetine_while_reassessing",
        section=MONITORING,
        condition="Reassessment due (Step 4), duloxetine added",
        article_text=DULOXETINE_PLAN.text,
        refs=(2,),
        when=((_t("duloxetine_days", Op.NOT_NULL),),),
        after=("step4_reassess",),
        items={"monitoring": (DULOXETINE_PLAN,)},
    ),
    Rule(
        id="duloxetine_side_effects",
        section="Second-Line: Duloxetine",
        condition="Duloxetine added or being added",
        article_text=DULOXETINE_SIDE_EFFECTS_TEXT,
        refs=(4,),
        when=ALWAYS,
        after=ON_DULOXETINE,
        items={"monitoring": (DULOXETINE_SIDE_EFFECTS,)},
    ),
    Rule(
        id="what_to_avoid",
        section=AVOID,
        condition="Any routine (non-urgent) step",
        article_text=AVOID,
        refs=(3, 4, 2, 6, 1),
        when=ALWAYS,
        after=NON_URGENT,
        items={"avoid": WHAT_TO_AVOID},
    ),
    Rule(
        id="avoid_benzodiazepines",
        section="Muscle Relaxants: Limited Role",
        condition="Wherever the muscle-relaxant line is shown",
        article_text=BENZODIAZEPINES,
        refs=(4,),
        when=ALWAYS,
        after=("step1_start_nsaid",),
        items={"avoid": (_item(BENZODIAZEPINES, 4),)},
    ),
)

RULES = STEP_RULES + MODIFIER_RULES
