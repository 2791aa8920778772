"""The article's flare algorithm as an ordered rule table.

Source: "Treatment Options for Sciatic Pain Following Successful Physical Therapy" (last
updated 2025-11-26), sections "Clinical Algorithm for Flare Management", "Red Flags Requiring
Urgent Evaluation", "What to Avoid" and "Monitoring Strategy". Citation numbers are the
article's reference numbers 1-6. Every text below is the article's own wording, trimmed to fit;
where the article is silent, a ``guideline_gap`` note says so instead of a rule.

Changing anything in this table changes :data:`ALGORITHM_VERSION` (see ``__init__``).
"""

from __future__ import annotations

from .model import Item, Note, NoteCode, Op, RedFlag, Rule, Step, Test

GUIDELINE = {
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
STEP3 = "Step 3: If Inadequate Response After 3-5 Days"
ON_DEMAND = (
    "NSAIDs should be used on-demand at maximum tolerated anti-inflammatory doses when pain"
    " and stiffness recur, rather than continuous prophylactic use"
)
STEP3_DULOXETINE = "Add duloxetine 30 mg daily, increasing to 60 mg daily after one week"
STEP4 = "Step 4: If No Response After 1 Month"

TITLES = {
    Step.URGENT_EVALUATION: "Red flag: urgent evaluation. The routine flare plan does not apply.",
    Step.EXERCISE_FIRST: "Intensify the home exercise program first (Step 1)",
    Step.START_NSAID: "Start NSAIDs for 7-14 days, with the home exercise program (Steps 1-2)",
    Step.CONTINUE_NSAID: "Continue the initial NSAID course, then on-demand use only (Step 2)",
    Step.ADD_DULOXETINE: "Inadequate response after 3-5 days: add duloxetine (Step 3)",
    Step.CONTINUE_DULOXETINE: "Continue duloxetine, titrated as the article gives (Step 3)",
    Step.REASSESS: "No adequate response after 1 month: reassess the diagnosis (Step 4)",
}

# -- conditions ---------------------------------------------------------------------------


def _t(field: str, op: Op, value: int | str | bool | None = None) -> Test:
    return Test(field=field, op=op, value=value)


ALWAYS: tuple[tuple[Test, ...], ...] = ((),)
NO_NSAID = _t("nsaid_days", Op.IS_NULL)
TOLERATED = _t("nsaid_tolerated", Op.EQ, True)
NOT_TOLERATED = _t("nsaid_tolerated", Op.EQ, False)

# -- items (the article's wording) ----------------------------------------------------------

HOME_EXERCISE = Item(text="Continue home exercise program throughout treatment", refs=(1, 2))
CONTINUE_NSAID_IF_TOLERATED = Item(text="Continue NSAIDs if tolerated", refs=(2,))
STOP_NSAID = Item(
    text="Stop NSAIDs: they are not tolerated (the article continues NSAIDs only if tolerated)",
    refs=(2,),
)
REASSESS_1_MONTH = Item(
    text="Reassess at 1 month if symptoms persist despite initial treatment", refs=(2,)
)
NSAID_COMPLICATIONS = Item(
    text="Monitor for NSAID-related gastrointestinal, renal, and cardiovascular complications"
    " if used frequently",
    refs=(3,),
)
DULOXETINE_PLAN = Item(
    text="Establish monitoring plan for side effects before starting long-term duloxetine",
    refs=(2,),
)
DULOXETINE_SIDE_EFFECTS = Item(
    text="Common side effects of duloxetine include nausea, dry mouth, constipation,"
    " and somnolence",
    refs=(4,),
)
WHAT_TO_AVOID = (
    Item(
        text="Do not use systemic corticosteroids - they are ineffective and carry significant"
        " side effects",
        refs=(3, 4),
    ),
    Item(
        text="Avoid continuous NSAID use when asymptomatic - use only on-demand for active"
        " symptoms",
        refs=(3,),
    ),
    Item(
        text="Do not prescribe opioids except as last resort for severe, refractory pain, and"
        " only short-term",
        refs=(2, 6),
    ),
    Item(
        text="Avoid passive physical therapy (massage, ultrasound, heat alone) as primary"
        " treatment",
        refs=(3, 1),
    ),
)


def _gap(text: str) -> Note:
    return Note(code=NoteCode.GUIDELINE_GAP, text=text)


# -- step rules: the first whose condition holds decides the step ----------------------------

STEP_RULES = (
    Rule(
        id="red_flag_urgent",
        section=RED_FLAGS,
        condition="Any red flag is present",
        article_text="Red Flags Requiring Urgent Evaluation: progressive neurological deficits;"
        " cauda equina symptoms; severe unremitting pain despite maximal conservative therapy",
        refs=(5,),
        when=((_t("red_flags", Op.NONEMPTY),),),
        step=Step.URGENT_EVALUATION,
        article_step=None,
        note=_gap(
            "The article lists these red flags as requiring urgent evaluation but does not say"
            " where to refer, how fast, or what the evaluation should include."
        ),
    ),
    Rule(
        id="step1_start_nsaid",
        section=ALGORITHM,
        condition="No NSAID yet; pain > 4/10, present > 30 days (1 month), with functional"
        " limitation",
        article_text=STEP1 + "; " + STEP2,
        refs=(3, 2),
        when=(
            (
                NO_NSAID,
                _t("pain_score", Op.GT, 4),
                _t("symptom_duration_days", Op.GT, 30),
                _t("functional_limitation", Op.EQ, True),
            ),
        ),
        step=Step.START_NSAID,
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
        step=Step.EXERCISE_FIRST,
        article_step=1,
        actions=(Item(text="Intensify home exercise program first", refs=(3,)),),
    ),
    Rule(
        id="step1_not_covered",
        section=ALGORITHM,
        condition="No NSAID yet; any other case: pain exactly 4/10, exactly 30 days, or no"
        " functional limitation (the article leaves these open)",
        article_text=STEP1 + "; " + STEP1_EXERCISE,
        refs=(3,),
        when=((NO_NSAID,),),
        step=Step.EXERCISE_FIRST,
        article_step=1,
        actions=(
            Item(
                text="Intensify home exercise program first (the article's pharmacologic"
                " criteria are not met)",
                refs=(3,),
            ),
        ),
    ),
    Rule(
        id="step4_reassess",
        section=ALGORITHM,
        condition="NSAIDs started 30 days (1 month) ago or more, and the response is not adequate",
        article_text=STEP4 + ": Reassess diagnosis and consider alternative causes; consider"
        " referral for interventional procedures if conservative measures fail",
        refs=(2, 3, 5),
        when=((_t("nsaid_days", Op.GE, 30), _t("response", Op.NE, "adequate")),),
        step=Step.REASSESS,
        article_step=4,
        actions=(
            Item(text="Reassess diagnosis and consider alternative causes", refs=(2,)),
            Item(
                text="Consider referral for interventional procedures (epidural or"
                " transforaminal injections) if conservative measures fail",
                refs=(3, 5),
            ),
        ),
    ),
    Rule(
        id="step3_continue_duloxetine",
        section=ALGORITHM,
        condition="Duloxetine already added (and no reassessment due)",
        article_text=STEP3 + ": " + STEP3_DULOXETINE,
        refs=(4, 2),
        when=((_t("duloxetine_days", Op.NOT_NULL),),),
        step=Step.CONTINUE_DULOXETINE,
        article_step=3,
    ),
    Rule(
        id="step2_adequate_response",
        section=ALGORITHM,
        condition="NSAIDs started and the response is adequate",
        article_text=STEP2 + "; " + ON_DEMAND,
        refs=(3, 2),
        when=((_t("response", Op.EQ, "adequate"),),),
        step=Step.CONTINUE_NSAID,
        article_step=2,
    ),
    Rule(
        id="step2_too_early",
        section=ALGORITHM,
        condition="NSAIDs started fewer than 3 days ago, response not adequate",
        article_text=STEP3,
        refs=(3, 2),
        when=((_t("nsaid_days", Op.LT, 3),),),
        step=Step.CONTINUE_NSAID,
        article_step=2,
        note=Note(
            code=NoteCode.TOO_EARLY,
            text="Too early to judge the response: the article judges the response to NSAIDs"
            " after 3-5 days, and fewer than 3 days have passed.",
        ),
    ),
    Rule(
        id="step3_add_duloxetine",
        section=ALGORITHM,
        condition="NSAIDs started 3 or more days ago, response not adequate, no duloxetine yet",
        article_text=STEP3 + ": " + STEP3_DULOXETINE,
        refs=(4, 2),
        when=ALWAYS,
        step=Step.ADD_DULOXETINE,
        article_step=3,
        actions=(Item(text=STEP3_DULOXETINE, refs=(4, 2)),),
    ),
)

NON_URGENT = tuple(rule.id for rule in STEP_RULES if rule.step is not Step.URGENT_EVALUATION)
ON_NSAIDS = (
    "step2_adequate_response",
    "step2_too_early",
    "step3_add_duloxetine",
    "step3_continue_duloxetine",
    "step4_reassess",
)
ON_DULOXETINE = ("step3_add_duloxetine", "step3_continue_duloxetine")

_RED_FLAG_ACTIONS = {
    RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT: "Progressive neurological deficits (weakness,"
    " numbness progression)",
    RedFlag.CAUDA_EQUINA_SYMPTOMS: "Cauda equina symptoms (bowel/bladder dysfunction, saddle"
    " anesthesia)",
    RedFlag.SEVERE_UNREMITTING_PAIN: "Severe unremitting pain despite maximal conservative therapy",
}

# -- modifier rules, in the order their items appear in the result -------------------------

MODIFIER_RULES = (
    *(
        Rule(
            id=f"red_flag_{flag.value}",
            section=RED_FLAGS,
            condition=f"Red flag present: {flag.value}",
            article_text=text,
            refs=(5,),
            when=((_t("red_flags", Op.CONTAINS, flag.value),),),
            after=("red_flag_urgent",),
            actions=(Item(text=f"Urgent evaluation: {text}", refs=(5,)),),
        )
        for flag, text in _RED_FLAG_ACTIONS.items()
    ),
    Rule(
        id="gap_pain_exactly_4",
        section=ALGORITHM,
        condition="No NSAID yet and pain exactly 4/10",
        article_text=STEP1 + "; " + STEP1_EXERCISE,
        refs=(3,),
        when=((_t("pain_score", Op.EQ, 4),),),
        after=("step1_not_covered",),
        note=_gap(
            "Pain of exactly 4/10 is open: the article proceeds to drugs for pain >4/10 and"
            " exercise first for pain <4/10."
        ),
    ),
    Rule(
        id="gap_duration_exactly_30_days",
        section=ALGORITHM,
        condition="No NSAID yet and pain present exactly 30 days (1 month)",
        article_text=STEP1 + "; " + STEP1_EXERCISE,
        refs=(3,),
        when=((_t("symptom_duration_days", Op.EQ, 30),),),
        after=("step1_not_covered",),
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
        article_text=STEP1 + "; " + STEP1_EXERCISE,
        refs=(3,),
        when=((_t("functional_limitation", Op.EQ, False),),),
        after=("step1_not_covered",),
        note=_gap(
            "Pain without functional limitation is open: the article proceeds to drugs only"
            " with functional limitation, and gives exercise first only for pain <4/10 or"
            " <1 month."
        ),
    ),
    Rule(
        id="start_nsaid",
        section=ALGORITHM,
        condition="Starting NSAIDs, tolerated",
        article_text=STEP2,
        refs=(3, 2),
        when=((TOLERATED,),),
        after=("step1_start_nsaid",),
        actions=(Item(text=STEP2, refs=(3, 2)),),
    ),
    Rule(
        id="start_nsaid_not_tolerated",
        section=ALGORITHM,
        condition="Starting NSAIDs, but NSAIDs are not tolerated",
        article_text="Continue NSAIDs if tolerated",
        refs=(2,),
        when=((NOT_TOLERATED,),),
        after=("step1_start_nsaid",),
        title="Pharmacologic criteria met, but NSAIDs are not tolerated: do not start them"
        " (Step 1)",
        actions=(
            Item(
                text="Do not start NSAIDs: they are not tolerated (the article uses NSAIDs"
                " only if tolerated)",
                refs=(2,),
            ),
        ),
        note=_gap(
            "The article gives no first-line drug for a patient who does not tolerate"
            " NSAIDs; duloxetine is its second line, for pain that persists despite NSAIDs."
        ),
    ),
    Rule(
        id="finish_nsaid_course",
        section=ALGORITHM,
        condition="Adequate response, NSAIDs tolerated, fewer than 14 days of NSAIDs",
        article_text=STEP2 + "; " + ON_DEMAND,
        refs=(3, 2),
        when=((TOLERATED, _t("nsaid_days", Op.LT, 14)),),
        after=("step2_adequate_response",),
        actions=(
            Item(
                text="Finish the NSAID course at full anti-inflammatory dose (7-14 days), then"
                " use NSAIDs on-demand when pain and stiffness recur, rather than continuous"
                " prophylactic use",
                refs=(3, 2),
            ),
        ),
    ),
    Rule(
        id="nsaid_on_demand_after_course",
        section=ALGORITHM,
        condition="Adequate response, NSAIDs tolerated, 14 days of NSAIDs or more",
        article_text=STEP2 + "; " + ON_DEMAND,
        refs=(3, 2),
        when=((TOLERATED, _t("nsaid_days", Op.GE, 14)),),
        after=("step2_adequate_response",),
        title="Adequate response: the 7-14 day NSAID course is over; on-demand use only (Step 2)",
        actions=(
            Item(
                text="The 7-14 day NSAID course is over: use NSAIDs on-demand at maximum"
                " tolerated anti-inflammatory doses when pain and stiffness recur, rather than"
                " continuous prophylactic use",
                refs=(3, 2),
            ),
        ),
    ),
    Rule(
        id="continue_nsaid_course",
        section=ALGORITHM,
        condition="Fewer than 3 days of NSAIDs, tolerated",
        article_text=STEP2,
        refs=(3, 2),
        when=((TOLERATED,),),
        after=("step2_too_early",),
        actions=(
            Item(
                text="Continue NSAIDs at full anti-inflammatory dose (course of 7-14 days)",
                refs=(3, 2),
            ),
        ),
    ),
    Rule(
        id="duloxetine_30mg_first_week",
        section=ALGORITHM,
        condition="Duloxetine added fewer than 7 days ago",
        article_text=STEP3_DULOXETINE,
        refs=(4, 2),
        when=((_t("duloxetine_days", Op.LT, 7),),),
        after=("step3_continue_duloxetine",),
        actions=(
            Item(
                text="Continue duloxetine 30 mg daily; increase to 60 mg daily after one week",
                refs=(4, 2),
            ),
        ),
    ),
    Rule(
        id="duloxetine_60mg_after_one_week",
        section=ALGORITHM,
        condition="Duloxetine added 7 days (one week) ago or more",
        article_text=STEP3_DULOXETINE,
        refs=(4, 2),
        when=((_t("duloxetine_days", Op.GE, 7),),),
        after=("step3_continue_duloxetine",),
        actions=(Item(text="Duloxetine 60 mg daily (after one week at 30 mg)", refs=(4, 2)),),
        note=_gap(
            "Beyond 60 mg daily the article is not specific: its algorithm gives 60 mg daily"
            " after one week, while its duloxetine section says to titrate to 60-120 mg daily"
            " based on response, without saying when."
        ),
    ),
    Rule(
        id="continue_nsaid_with_duloxetine",
        section=ALGORITHM,
        condition="On duloxetine (Step 3), NSAIDs tolerated",
        article_text="Continue NSAIDs if tolerated",
        refs=(2,),
        when=((TOLERATED,),),
        after=ON_DULOXETINE,
        actions=(CONTINUE_NSAID_IF_TOLERATED,),
    ),
    Rule(
        id="stop_nsaid_not_tolerated",
        section=ALGORITHM,
        condition="On NSAIDs, but NSAIDs are not tolerated",
        article_text="Continue NSAIDs if tolerated",
        refs=(2,),
        when=((NOT_TOLERATED,),),
        after=ON_NSAIDS,
        actions=(STOP_NSAID,),
    ),
    Rule(
        id="gap_not_tolerated_before_day_3",
        section=ALGORITHM,
        condition="Fewer than 3 days of NSAIDs, not tolerated",
        article_text=STEP3 + "; Continue NSAIDs if tolerated",
        refs=(2,),
        when=((NOT_TOLERATED,),),
        after=("step2_too_early",),
        title="NSAIDs not tolerated: stop them (Step 2; the article gives no rule before day 3)",
        note=_gap(
            "The article gives no rule for NSAIDs that are not tolerated before day 3: it"
            " judges the response after 3-5 days and adds duloxetine only then."
        ),
    ),
    Rule(
        id="gap_not_tolerated_adequate_response",
        section=ALGORITHM,
        condition="Adequate response, NSAIDs not tolerated",
        article_text="Continue NSAIDs if tolerated",
        refs=(2,),
        when=((NOT_TOLERATED,),),
        after=("step2_adequate_response",),
        title="Adequate response, but NSAIDs are not tolerated: stop them (Step 2)",
        note=_gap(
            "The article does not say what to use instead when NSAIDs work but are not tolerated."
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
        id="gap_duloxetine_without_nsaid",
        section=ALGORITHM,
        condition="On duloxetine (Step 3), NSAIDs not tolerated",
        article_text=STEP3_DULOXETINE + "; Continue NSAIDs if tolerated",
        refs=(4, 2),
        when=((NOT_TOLERATED,),),
        after=ON_DULOXETINE,
        note=_gap(
            "Step 3 adds duloxetine to NSAIDs; the article does not say whether duloxetine"
            " alone is appropriate when NSAIDs are not tolerated."
        ),
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
        id="home_exercise_throughout",
        section=ALGORITHM,
        condition="Any pharmacologic step",
        article_text="Continue home exercise program throughout treatment",
        refs=(1, 2),
        when=ALWAYS,
        after=("step1_start_nsaid", *ON_NSAIDS),
        actions=(HOME_EXERCISE,),
    ),
    Rule(
        id="muscle_relaxants_short_term",
        section="Muscle Relaxants: Limited Role",
        condition="Starting pharmacologic treatment for a flare",
        article_text="If considering muscle relaxants, use only short-term (days to 1-2 weeks"
        " maximum) for acute muscle spasm, not for radicular pain itself",
        refs=(),
        when=ALWAYS,
        after=("step1_start_nsaid",),
        actions=(
            Item(
                text="If considering muscle relaxants, use only short-term (days to 1-2 weeks"
                " maximum) for acute muscle spasm, not for radicular pain itself",
                refs=(),
            ),
        ),
    ),
    Rule(
        id="monitor_reassess_1_month",
        section=MONITORING,
        condition="Initial treatment under way",
        article_text=REASSESS_1_MONTH.text,
        refs=(2,),
        when=ALWAYS,
        after=(
            "step1_exercise_first",
            "step1_not_covered",
            "step1_start_nsaid",
            "step2_adequate_response",
            "step2_too_early",
            "step3_add_duloxetine",
            "step3_continue_duloxetine",
        ),
        monitoring=(REASSESS_1_MONTH,),
    ),
    Rule(
        id="monitor_nsaid_complications",
        section=MONITORING,
        condition="NSAIDs used and tolerated",
        article_text=NSAID_COMPLICATIONS.text,
        refs=(3,),
        when=((TOLERATED,),),
        after=("step1_start_nsaid", *ON_NSAIDS),
        monitoring=(NSAID_COMPLICATIONS,),
    ),
    Rule(
        id="monitor_duloxetine",
        section=MONITORING,
        condition="Duloxetine added or being added",
        article_text=DULOXETINE_PLAN.text,
        refs=(2,),
        when=ALWAYS,
        after=ON_DULOXETINE,
        monitoring=(DULOXETINE_PLAN,),
    ),
    Rule(
        id="duloxetine_side_effects",
        section="Second-Line: Duloxetine",
        condition="Duloxetine added or being added",
        article_text="Common side effects include nausea, dry mouth, constipation, and somnolence",
        refs=(4,),
        when=ALWAYS,
        after=ON_DULOXETINE,
        monitoring=(DULOXETINE_SIDE_EFFECTS,),
    ),
    Rule(
        id="what_to_avoid",
        section=AVOID,
        condition="Any routine (non-urgent) step",
        article_text="; ".join(item.text for item in WHAT_TO_AVOID),
        refs=(3, 4, 2, 6, 1),
        when=ALWAYS,
        after=NON_URGENT,
        avoid=WHAT_TO_AVOID,
    ),
)

RULES = STEP_RULES + MODIFIER_RULES
