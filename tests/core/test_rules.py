"""A test per rule and per boundary of the article's flare algorithm.

Each docstring quotes the article sentence the test checks. Standard library only (no pytest
import), so that the same module also runs inside Pyodide (tests/pyodide).
"""

from __future__ import annotations

from sciatica_core import evaluate

ROUTINE = {
    "red_flags": [],
    "pain_score": 6,
    "symptom_duration_days": 45,
    "functional_limitation": True,
}


def run(**changes: object) -> dict:
    return evaluate({**ROUTINE, **changes})


def on_nsaids(nsaid_days: int, response: str, **changes: object) -> dict:
    return run(nsaid_days=nsaid_days, response=response, **changes)


def texts(items: list[dict]) -> list[str]:
    return [item["text"] for item in items]


def gap_texts(result: dict) -> list[str]:
    return [note["text"] for note in result["notes"] if note["code"] == "guideline_gap"]


def note_codes(result: dict) -> list[str]:
    return [note["code"] for note in result["notes"]]


# -- red flags ------------------------------------------------------------------------------


def test_each_red_flag_gives_urgent_evaluation():
    """Red Flags Requiring Urgent Evaluation: "Progressive neurological deficits", "Cauda
    equina symptoms", "Severe unremitting pain despite maximal conservative therapy" [5]."""
    for code in (
        "progressive_neurological_deficit",
        "cauda_equina_symptoms",
        "severe_unremitting_pain",
    ):
        result = run(red_flags=[code])
        assert result["step"] == "urgent_evaluation", code
        assert result["article_step"] is None
        assert result["rules"][:2] == ["red_flag_urgent", f"red_flag_{code}"]
        assert all(item["refs"] == [5] for item in result["actions"])


def test_red_flag_suppresses_the_drug_plan():
    """ "Red Flags Requiring Urgent Evaluation": no routine NSAID or duloxetine plan is shown."""
    result = run(red_flags=["cauda_equina_symptoms"], nsaid_days=10, response="inadequate")
    joined = " ".join(texts(result["actions"]) + texts(result["monitoring"])).lower()
    assert "nsaid" not in joined
    assert "duloxetine" not in joined
    assert result["avoid"] == []
    assert result["monitoring"] == []


def test_red_flag_needs_no_other_field():
    """Red flags require urgent evaluation whatever the pain score or duration."""
    result = evaluate({"red_flags": ["progressive_neurological_deficit"]})
    assert result["step"] == "urgent_evaluation"


def test_all_red_flags_listed_in_contract_order():
    """Each red flag present is named in the urgent actions."""
    result = run(
        red_flags=[
            "severe_unremitting_pain",
            "progressive_neurological_deficit",
            "cauda_equina_symptoms",
        ]
    )
    assert result["rules"][1:4] == [
        "red_flag_progressive_neurological_deficit",
        "red_flag_cauda_equina_symptoms",
        "red_flag_severe_unremitting_pain",
    ]
    assert len(result["actions"]) == 3


def test_urgent_evaluation_says_the_article_gives_no_pathway():
    """The article lists red flags "Requiring Urgent Evaluation" but gives no referral route."""
    result = run(red_flags=["severe_unremitting_pain"])
    assert len(gap_texts(result)) == 1


# -- Step 1: pain boundaries 3 / 4 / 5 -------------------------------------------------------


def test_pain_3_is_exercise_first():
    """Step 1: "If pain <4/10 or <1 month duration, intensify home exercise program first" [3]."""
    result = run(pain_score=3)
    assert result["step"] == "exercise_first"
    assert result["article_step"] == 1
    assert result["rules"][0] == "step1_exercise_first"
    assert gap_texts(result) == []
    assert texts(result["actions"]) == ["Intensify home exercise program first"]


def test_pain_4_is_a_guideline_gap():
    """Step 1: ">4/10 ... proceed with pharmacologic intervention"; "<4/10 ... intensify home
    exercise program first": pain of exactly 4/10 is neither."""
    result = run(pain_score=4)
    assert result["step"] == "exercise_first"
    assert result["rules"][:2] == ["step1_criteria_open", "gap_pain_exactly_4"]
    assert len(gap_texts(result)) == 1
    assert "4/10" in gap_texts(result)[0]


def test_pain_5_starts_nsaids():
    """Step 1: "If pain >4/10 and present >1 month with functional limitation, proceed with
    pharmacologic intervention" [3]."""
    result = run(pain_score=5)
    assert result["step"] == "start_nsaid"
    assert result["rules"][0] == "step1_start_nsaid"
    assert result["notes"] == []


# -- Step 1: duration boundaries 29 / 30 / 31 days ----------------------------------------


def test_duration_29_days_is_exercise_first():
    """Step 1: "If pain <4/10 or <1 month duration, intensify home exercise program first";
    one month is 30 days."""
    result = run(symptom_duration_days=29)
    assert result["step"] == "exercise_first"
    assert result["rules"][0] == "step1_exercise_first"
    # pain 6 with limitation: only the article's own tension is named (revision 2)
    assert result["rules"][1:2] == ["gap_severe_flare_under_1_month"]
    assert gap_texts(run(symptom_duration_days=29, functional_limitation=False)) == []


def test_duration_30_days_is_a_guideline_gap():
    """Step 1: "present >1 month" versus "<1 month duration": exactly one month is neither."""
    result = run(symptom_duration_days=30)
    assert result["step"] == "exercise_first"
    assert result["rules"][:2] == ["step1_criteria_open", "gap_duration_exactly_30_days"]
    assert len(gap_texts(result)) == 1


def test_duration_31_days_starts_nsaids():
    """Step 1: "If pain >4/10 and present >1 month with functional limitation, proceed with
    pharmacologic intervention"."""
    assert run(symptom_duration_days=31)["step"] == "start_nsaid"


def test_no_functional_limitation_is_a_guideline_gap():
    """Step 1 proceeds to drugs only "with functional limitation"; exercise first only for
    "<4/10 or <1 month": pain >4/10 over a month without limitation is open."""
    result = run(functional_limitation=False)
    assert result["step"] == "exercise_first"
    assert result["rules"][:2] == ["step1_criteria_open", "gap_no_functional_limitation"]
    assert len(gap_texts(result)) == 1


def test_low_pain_without_limitation_is_exercise_first_without_gap():
    """Step 1: "If pain <4/10 ... intensify home exercise program first" covers it."""
    result = run(pain_score=2, functional_limitation=False)
    assert result["rules"][0] == "step1_exercise_first"
    assert gap_texts(result) == []


def test_every_open_condition_is_named():
    """Pain exactly 4/10, exactly 1 month and no limitation together: three open conditions."""
    result = run(pain_score=4, symptom_duration_days=30, functional_limitation=False)
    assert result["rules"][:4] == [
        "step1_criteria_open",
        "gap_pain_exactly_4",
        "gap_duration_exactly_30_days",
        "gap_no_functional_limitation",
    ]
    assert len(gap_texts(result)) == 3


# -- Step 2: starting NSAIDs ---------------------------------------------------------------


def test_start_nsaid_actions_are_the_articles():
    """Step 2: "Start with NSAIDs at full anti-inflammatory dose for 7-14 days" [3, 2];
    "Continue home exercise program throughout treatment" [1, 2]."""
    result = run()
    assert result["article_step"] == 1  # the contract groups start_nsaid under Step 1
    assert result["actions"][0] == {
        "text": "Start with NSAIDs at full anti-inflammatory dose for 7-14 days",
        "refs": [3, 2],
    }
    assert {
        "text": "Continue home exercise program throughout treatment",
        "refs": [1, 2],
    } in result["actions"]


def test_muscle_relaxant_line_has_no_citation():
    """ "If considering muscle relaxants, use only short-term (days to 1-2 weeks maximum) for
    acute muscle spasm, not for radicular pain itself": the article cites nothing here."""
    result = run()
    relaxant = [item for item in result["actions"] if "muscle relaxants" in item["text"]]
    assert relaxant == [{"text": relaxant[0]["text"], "refs": []}]
    assert "1-2 weeks maximum" in relaxant[0]["text"]


def test_start_nsaid_criteria_met_but_not_tolerated_is_not_covered():
    """Step 1: "If pain >4/10 and present >1 month with functional limitation, proceed with
    pharmacologic intervention" [3]; Step 2: "Start with NSAIDs at full anti-inflammatory dose
    for 7-14 days" [3, 2]: the article gives no first-line drug for a patient who does not
    tolerate NSAIDs (revision 2: not_covered, article step 1, no drug instruction)."""
    result = run(nsaid_tolerated=False)
    assert result["step"] == "not_covered"
    assert result["article_step"] == 1
    assert result["rules"][0] == "step1_not_tolerated"
    assert texts(result["actions"]) == ["Continue home exercise program throughout treatment"]
    assert "not tolerated" in result["title"]
    assert "stop" not in result["title"].lower()
    assert len(gap_texts(result)) == 1
    assert "first-line drug" in gap_texts(result)[0]
    assert [item["refs"] for item in result["avoid"]] == [[3, 4], [3], [2, 6], [3, 1]]
    assert texts(result["monitoring"]) == [
        "Reassess at 1 month if symptoms persist despite initial treatment"
    ]


def test_start_nsaid_carries_the_muscle_relaxant_caveats():
    """Muscle Relaxants: Limited Role: "Muscle relaxants are not specifically recommended in
    evidence-based guidelines for sciatic pain management" [3, 2]; "Avoid benzodiazepines due
    to lack of evidence and dependence risk" [4] (revision 2: wherever the muscle-relaxant line
    is an action)."""
    result = run()
    actions = texts(result["actions"])
    relaxant = next(i for i, text in enumerate(actions) if text.startswith("If considering"))
    assert result["actions"][relaxant - 1] == {
        "text": "Muscle relaxants are not specifically recommended in evidence-based guidelines"
        " for sciatic pain management",
        "refs": [3, 2],
    }
    assert {
        "text": "Avoid benzodiazepines due to lack of evidence and dependence risk",
        "refs": [4],
    } in result["avoid"]


def test_muscle_relaxant_line_only_with_its_caveats():
    """Every result that shows "If considering muscle relaxants ..." also shows "not
    specifically recommended" and "Avoid benzodiazepines" (and none shows them alone)."""
    for result in (run(), run(nsaid_tolerated=False), on_nsaids(5, "none"), run(pain_score=1)):
        shown = any(text.startswith("If considering muscle") for text in texts(result["actions"]))
        caveat = any(
            text.startswith("Muscle relaxants are not") for text in texts(result["actions"])
        )
        benzo = any("benzodiazepines" in text for text in texts(result["avoid"]))
        assert shown == caveat == benzo


def test_severe_flare_under_one_month_names_the_articles_tension():
    """ "NSAIDs should be used on-demand at maximum tolerated anti-inflammatory doses when pain
    and stiffness recur" [3, 2] and "NSAIDs provide >70% response rates in acute flares" [3, 2],
    while Step 1 gives drugs only for pain "present >1 month": a severe, function-limiting flare
    of 10 days gets exercise first with a guideline_gap note (revision 2)."""
    result = run(pain_score=8, symptom_duration_days=10)
    assert result["step"] == "exercise_first"
    assert "gap_severe_flare_under_1_month" in result["rules"]
    gap = gap_texts(result)
    assert len(gap) == 1
    assert "when pain and stiffness recur" in gap[0]
    assert ">70% response rates in acute flares" in gap[0]


def test_severe_flare_note_boundaries():
    """The tension note needs pain >4/10, functional limitation and <1 month: pain 4, no
    limitation, or 30 days do not raise it (30 days is its own open condition)."""
    assert "gap_severe_flare_under_1_month" in run(pain_score=5, symptom_duration_days=29)["rules"]
    for changes in (
        {"pain_score": 4, "symptom_duration_days": 10},
        {"functional_limitation": False, "symptom_duration_days": 10},
        {"symptom_duration_days": 30},
        {"pain_score": 3, "symptom_duration_days": 10},
    ):
        assert "gap_severe_flare_under_1_month" not in run(**changes)["rules"], changes


def test_exercise_first_not_tolerated_changes_only_a_note():
    """Revision 2: "in reassess and exercise_first, tolerance changes nothing but a note"."""
    for changes in ({"pain_score": 2}, {"pain_score": 4}):
        tolerated = run(**changes)
        not_tolerated = run(nsaid_tolerated=False, **changes)
        assert not_tolerated["step"] == tolerated["step"] == "exercise_first"
        for key in ("title", "actions", "avoid", "monitoring"):
            assert not_tolerated[key] == tolerated[key], key
        assert len(not_tolerated["notes"]) == len(tolerated["notes"]) + 1


# -- Step 2 / 3: NSAID day 2 / 3 -----------------------------------------------------------


def test_nsaid_day_2_inadequate_is_too_early():
    """Step 3: "If Inadequate Response After 3-5 Days": before day 3, keep the NSAID course."""
    result = on_nsaids(2, "inadequate")
    assert result["step"] == "continue_nsaid"
    assert result["article_step"] == 2
    assert result["rules"][0] == "step2_too_early"
    assert note_codes(result) == ["too_early"]


def test_nsaid_day_3_inadequate_adds_duloxetine():
    """Step 3: "If Inadequate Response After 3-5 Days": "Add duloxetine 30 mg daily,
    increasing to 60 mg daily after one week" [4, 2]."""
    result = on_nsaids(3, "inadequate")
    assert result["step"] == "add_duloxetine"
    assert result["article_step"] == 3
    assert result["actions"][0] == {
        "text": "Add duloxetine 30 mg daily, increasing to 60 mg daily after one week",
        "refs": [4, 2],
    }
    assert {"text": "Continue NSAIDs if tolerated", "refs": [2]} in result["actions"]


def test_add_duloxetine_names_the_neuropathic_condition_as_a_gap():
    """ "Duloxetine 30-60 mg daily is recommended for sciatic pain with neuropathic features that
    persists despite NSAIDs" [4, 2]: Step 3 does not repeat it and the calculator does not ask."""
    result = on_nsaids(3, "none")
    assert "gap_neuropathic_features" in result["rules"]
    assert any("neuropathic" in text for text in gap_texts(result))


def test_no_response_before_one_month_adds_duloxetine():
    """Step 3: an inadequate response (none at all included) after 3-5 days adds duloxetine."""
    assert on_nsaids(5, "none")["step"] == "add_duloxetine"


def test_nsaid_day_2_not_tolerated_is_not_covered():
    """Step 3: "If Inadequate Response After 3-5 Days" ... "Continue NSAIDs if tolerated" [2]:
    Step 2 has no tolerance condition, so before day 3 the article gives no plan for NSAIDs
    that are not tolerated (revision 2: not_covered, article step 2)."""
    for response in ("none", "inadequate"):
        result = on_nsaids(2, response, nsaid_tolerated=False)
        assert result["step"] == "not_covered"
        assert result["article_step"] == 2
        assert result["rules"][0] == "step2_early_not_tolerated"
        assert texts(result["actions"]) == ["Continue home exercise program throughout treatment"]
        assert note_codes(result) == ["guideline_gap"]
        assert "stop" not in result["title"].lower()


def test_nsaid_day_3_not_tolerated_is_step_3():
    """Day 3 is within "After 3-5 Days": Step 3 applies, without "Continue NSAIDs if
    tolerated"."""
    assert on_nsaids(3, "none", nsaid_tolerated=False)["step"] == "add_duloxetine"


def test_adequate_response_continues_the_course():
    """Step 2: "Start with NSAIDs at full anti-inflammatory dose for 7-14 days"; "NSAIDs
    should be used on-demand ... rather than continuous prophylactic use" [3, 2]."""
    result = on_nsaids(1, "adequate")
    assert result["step"] == "continue_nsaid"
    assert result["rules"][0] == "step2_adequate_response"
    assert "too_early" not in note_codes(result)
    assert "on-demand" in texts(result["actions"])[0]


def test_adequate_response_day_13_finishes_the_course():
    """Step 2: "Start with NSAIDs at full anti-inflammatory dose for 7-14 days"."""
    result = on_nsaids(13, "adequate")
    assert result["rules"][:2] == ["step2_adequate_response", "finish_nsaid_course"]
    assert texts(result["actions"])[0].startswith("Finish the NSAID course")


def test_adequate_response_day_14_is_on_demand_only():
    """After the "7-14 days" course: "NSAIDs should be used on-demand at maximum tolerated
    anti-inflammatory doses when pain and stiffness recur, rather than continuous prophylactic
    use" [3, 2]."""
    result = on_nsaids(14, "adequate")
    assert result["rules"][:2] == ["step2_adequate_response", "nsaid_on_demand_after_course"]
    assert "course is over" in result["title"]
    assert texts(result["actions"])[0].startswith("The 7-14 day NSAID course is over")
    assert result["actions"][0]["refs"] == [3, 2]


def test_adequate_response_not_tolerated_is_not_covered():
    """Step 2: "Start with NSAIDs at full anti-inflammatory dose for 7-14 days" [3, 2] and
    "Continue NSAIDs if tolerated" [2]: the article does not say what to do when NSAIDs help
    but are not tolerated (revision 2: not_covered, article step 2)."""
    for days in (1, 10, 45):
        result = on_nsaids(days, "adequate", nsaid_tolerated=False)
        assert result["step"] == "not_covered"
        assert result["article_step"] == 2
        assert result["rules"][0] == "step2_adequate_not_tolerated"
        assert texts(result["actions"]) == ["Continue home exercise program throughout treatment"]
        assert len(gap_texts(result)) == 1
        assert "stop" not in result["title"].lower()


def test_add_duloxetine_not_tolerated_omits_continue_nsaids():
    """Step 3: "Continue NSAIDs if tolerated" [2]: not shown when NSAIDs are not tolerated; the
    result says the article continues them only if tolerated, quoting it. Nothing else
    changes."""
    result = on_nsaids(4, "inadequate", nsaid_tolerated=False)
    tolerated = on_nsaids(4, "inadequate")
    assert result["step"] == "add_duloxetine"
    assert "gap_duloxetine_without_nsaid" in result["rules"]
    assert "Continue NSAIDs if tolerated" not in texts(result["actions"])
    assert [a for a in tolerated["actions"] if a["text"] != "Continue NSAIDs if tolerated"] == (
        result["actions"]
    )
    assert not any(text.lower().startswith("stop") for text in texts(result["actions"]))
    assert any('"Continue NSAIDs if tolerated"' in text for text in gap_texts(result))
    assert not any("NSAID-related" in text for text in texts(result["monitoring"]))


def test_continue_duloxetine_not_tolerated_omits_continue_nsaids():
    """Step 3: "Continue NSAIDs if tolerated" [2], with duloxetine already added."""
    result = on_nsaids(12, "inadequate", duloxetine_days=8, nsaid_tolerated=False)
    assert result["step"] == "continue_duloxetine"
    assert "Continue NSAIDs if tolerated" not in texts(result["actions"])
    assert any('"Continue NSAIDs if tolerated"' in text for text in gap_texts(result))
    assert "gap_nsaid_duration_with_duloxetine" not in result["rules"]


def test_continue_duloxetine_names_how_long_nsaids_continue_as_a_gap():
    """ "Continue NSAIDs if tolerated" [2] beside "Avoid continuous NSAID use when
    asymptomatic" [3]: the article does not say how long NSAIDs continue beside duloxetine
    (revision 2)."""
    result = on_nsaids(12, "inadequate", duloxetine_days=8)
    assert "gap_nsaid_duration_with_duloxetine" in result["rules"]
    assert any("how long NSAIDs continue" in text for text in gap_texts(result))


def test_duloxetine_before_day_3_is_too_early():
    """Step 3: "If Inadequate Response After 3-5 Days": "Add duloxetine ...": duloxetine
    started before day 3 of NSAIDs gets the note too_early (revision 2)."""
    for nsaid_days in (0, 1, 2):
        result = on_nsaids(nsaid_days, "none", duloxetine_days=0)
        assert result["step"] == "continue_duloxetine"
        assert "too_early" in note_codes(result)
    assert "too_early" not in note_codes(on_nsaids(3, "none", duloxetine_days=0))


# -- Step 3: duloxetine day 6 / 7 ----------------------------------------------------------


def test_duloxetine_day_6_stays_at_30_mg():
    """Step 3: "Add duloxetine 30 mg daily, increasing to 60 mg daily after one week"."""
    result = on_nsaids(12, "inadequate", duloxetine_days=6)
    assert result["step"] == "continue_duloxetine"
    assert result["rules"][:2] == ["step3_continue_duloxetine", "duloxetine_30mg_first_week"]
    assert texts(result["actions"])[0].startswith("Continue duloxetine 30 mg daily")


def test_duloxetine_day_7_goes_to_60_mg():
    """Step 3: "increasing to 60 mg daily after one week" [4, 2]."""
    result = on_nsaids(12, "inadequate", duloxetine_days=7)
    assert result["rules"][:2] == ["step3_continue_duloxetine", "duloxetine_60mg_after_one_week"]
    assert texts(result["actions"])[0].startswith("Duloxetine 60 mg daily")
    assert result["actions"][0]["refs"] == [4, 2]


def test_duloxetine_beyond_60_mg_is_a_guideline_gap():
    """ "Start at 30 mg daily and titrate to 60-120 mg daily based on response" [4] against the
    algorithm's 60 mg daily: when to go above 60 mg is not said."""
    result = on_nsaids(20, "inadequate", duloxetine_days=10)
    assert [text for text in gap_texts(result) if "120" in text] != []
    assert not any("120" in text for text in gap_texts(on_nsaids(20, "none", duloxetine_days=6)))


def test_duloxetine_with_adequate_response_continues_duloxetine():
    """Step 3 continues once duloxetine has been added, whatever the response before 1 month."""
    assert on_nsaids(40, "adequate", duloxetine_days=20)["step"] == "continue_duloxetine"


def test_duloxetine_monitoring():
    """Monitoring Strategy: "Establish monitoring plan for side effects before starting
    long-term duloxetine" [2]."""
    result = on_nsaids(5, "inadequate")
    assert {
        "text": "Establish monitoring plan for side effects before starting long-term duloxetine",
        "refs": [2],
    } in result["monitoring"]


# -- Step 4: NSAID day 29 / 30 -------------------------------------------------------------


def test_nsaid_day_29_no_response_is_not_yet_reassessment():
    """Step 4: "If No Response After 1 Month": day 29 is before one month."""
    assert on_nsaids(29, "none")["step"] == "add_duloxetine"
    assert on_nsaids(29, "none", duloxetine_days=20)["step"] == "continue_duloxetine"


def test_nsaid_day_30_no_response_reassesses():
    """Step 4: "If No Response After 1 Month": "Reassess diagnosis and consider alternative
    causes" [2]; "Consider referral for interventional procedures (epidural or transforaminal
    injections) if conservative measures fail" [3, 5]."""
    result = on_nsaids(30, "none", duloxetine_days=20)
    assert result["step"] == "reassess"
    assert result["article_step"] == 4
    assert result["actions"][:2] == [
        {"text": "Reassess diagnosis and consider alternative causes", "refs": [2]},
        {
            "text": "Consider referral for interventional procedures (epidural or"
            " transforaminal injections) if conservative measures fail",
            "refs": [3, 5],
        },
    ]
    assert result["actions"][2] == {
        "text": "Local glucocorticoid injections may be considered only for refractory cases"
        " under image guidance",
        "refs": [3, 1],
    }
    assert result["rules"][:3] == [
        "step4_reassess",
        "step4_injection_caveat",
        "gap_drugs_while_reassessing",
    ]
    assert len(gap_texts(result)) == 1


def test_reassess_keeps_duloxetine_monitoring_when_duloxetine_was_added():
    """Monitoring Strategy: "Establish monitoring plan for side effects before starting
    long-term duloxetine" [2]: stays at Step 4 where duloxetine_days is set (revision 2)."""
    line = {
        "text": "Establish monitoring plan for side effects before starting long-term duloxetine",
        "refs": [2],
    }
    assert line in on_nsaids(30, "none", duloxetine_days=20)["monitoring"]
    assert line in on_nsaids(30, "none", duloxetine_days=0)["monitoring"]
    assert line not in on_nsaids(30, "none")["monitoring"]


def test_reassess_not_tolerated_changes_only_a_note():
    """Revision 2: "in reassess and exercise_first, tolerance changes nothing but a note"."""
    tolerated = on_nsaids(30, "none")
    result = on_nsaids(30, "none", nsaid_tolerated=False)
    assert result["step"] == "reassess"
    for key in ("title", "actions", "avoid"):
        assert result[key] == tolerated[key], key
    assert len(result["notes"]) == len(tolerated["notes"]) + 1


def test_reassess_keeps_the_home_exercise_program():
    """ "Continue home exercise program throughout treatment" [1, 2]."""
    result = on_nsaids(30, "none")
    assert {
        "text": "Continue home exercise program throughout treatment",
        "refs": [1, 2],
    } in result["actions"]


def test_partial_response_at_one_month_reassesses_with_gap():
    """Step 4 says "No Response After 1 Month"; a partial (inadequate) response is open."""
    result = on_nsaids(30, "inadequate")
    assert result["step"] == "reassess"
    assert result["title"].startswith("No adequate response after 1 month")
    assert "gap_partial_response_at_1_month" in result["rules"]
    assert len(gap_texts(result)) == 2


def test_adequate_response_after_one_month_is_not_reassessment():
    """Step 4 is for "No Response After 1 Month" only."""
    assert on_nsaids(45, "adequate")["step"] == "continue_nsaid"


# -- the parts every result has ----------------------------------------------------------


def test_what_to_avoid_on_every_routine_step():
    """What to Avoid: "Do not use systemic corticosteroids" [3, 4], "Avoid continuous NSAID
    use when asymptomatic" [3], "Do not prescribe opioids except as last resort" [2, 6],
    "Avoid passive physical therapy ... as primary treatment" [3, 1]."""
    for result in (run(pain_score=2), run(), on_nsaids(5, "none"), on_nsaids(30, "none")):
        assert [item["refs"] for item in result["avoid"]][:4] == [[3, 4], [3], [2, 6], [3, 1]]


def test_result_carries_its_source():
    """Last updated: November 26, 2025: a copied result carries the article and its date."""
    result = run()
    assert result["guideline"]["last_updated"] == "2025-11-26"
    assert result["guideline"]["title"].startswith("Treatment Options for Sciatic Pain")
    assert result["algorithm_version"].startswith("2+")


def test_result_has_exactly_the_contract_fields():
    """The result object (README, "The core and its contract"), no more and no less."""
    assert set(run()) == {
        "step",
        "article_step",
        "title",
        "actions",
        "avoid",
        "monitoring",
        "notes",
        "rules",
        "algorithm_version",
        "guideline",
    }


def test_every_step_code_is_reachable():
    """All eight step codes of the contract (revision 2) come out of some input."""
    steps = {
        run(red_flags=["cauda_equina_symptoms"])["step"],
        run(pain_score=1)["step"],
        run()["step"],
        on_nsaids(1, "none")["step"],
        on_nsaids(3, "none")["step"],
        on_nsaids(8, "none", duloxetine_days=1)["step"],
        on_nsaids(31, "none")["step"],
        run(nsaid_tolerated=False)["step"],
    }
    assert steps == {
        "urgent_evaluation",
        "exercise_first",
        "start_nsaid",
        "continue_nsaid",
        "add_duloxetine",
        "continue_duloxetine",
        "reassess",
        "not_covered",
    }


def test_response_is_ignored_without_nsaids():
    """The contract: `response` is ignored when `nsaid_days` is null."""
    assert run(response="none")["rules"] == run()["rules"]


def test_defaults_match_explicit_nulls():
    """`nsaid_days` and `duloxetine_days` default to null, `nsaid_tolerated` to true."""
    explicit = run(nsaid_days=None, duloxetine_days=None, nsaid_tolerated=True)
    assert explicit == run()


def test_not_covered_step_1_boundaries():
    """Step 1: "If pain >4/10 and present >1 month with functional limitation, proceed with
    pharmacologic intervention" [3]: only where the criteria are met does intolerance make the
    step not_covered; at pain 4/10, exactly 30 days or without limitation it stays exercise
    first (with a note), and at 5/10 for 31 days with limitation it is not_covered."""
    assert run(pain_score=5, symptom_duration_days=31, nsaid_tolerated=False)["step"] == (
        "not_covered"
    )
    for changes in (
        {"pain_score": 4},
        {"symptom_duration_days": 30},
        {"functional_limitation": False},
        {"symptom_duration_days": 29},
    ):
        result = run(nsaid_tolerated=False, **changes)
        assert result["step"] == "exercise_first", changes
        assert "note_not_tolerated_step1" in result["rules"], changes
