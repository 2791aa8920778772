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
    assert result["rules"][:2] == ["step1_not_covered", "gap_pain_exactly_4"]
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
    assert gap_texts(result) == []


def test_duration_30_days_is_a_guideline_gap():
    """Step 1: "present >1 month" versus "<1 month duration": exactly one month is neither."""
    result = run(symptom_duration_days=30)
    assert result["step"] == "exercise_first"
    assert result["rules"][:2] == ["step1_not_covered", "gap_duration_exactly_30_days"]
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
    assert result["rules"][:2] == ["step1_not_covered", "gap_no_functional_limitation"]
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
        "step1_not_covered",
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


def test_start_nsaid_not_tolerated_does_not_start_them():
    """Step 3: "Continue NSAIDs if tolerated": the article gives no first-line alternative."""
    result = run(nsaid_tolerated=False)
    assert result["step"] == "start_nsaid"
    assert "not tolerated: do not start them" in result["title"]
    assert not any(text.startswith("Start with NSAIDs") for text in texts(result["actions"]))
    assert any(text.startswith("Do not start NSAIDs") for text in texts(result["actions"]))
    assert len(gap_texts(result)) == 1


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


def test_nsaid_day_2_not_tolerated_is_a_guideline_gap():
    """ "Continue NSAIDs if tolerated" is said only at Step 3 (after 3-5 days): the article
    gives no rule for intolerance before day 3."""
    result = on_nsaids(2, "none", nsaid_tolerated=False)
    assert result["step"] == "continue_nsaid"
    assert result["title"].startswith("NSAIDs not tolerated: stop them")
    assert sorted(note_codes(result)) == ["guideline_gap", "too_early"]
    assert texts(result["actions"])[0].startswith("Stop NSAIDs")
    assert not any(text.startswith("Continue NSAIDs") for text in texts(result["actions"]))


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


def test_adequate_response_not_tolerated_stops_nsaids():
    """ "Continue NSAIDs if tolerated": actions say to stop, and the gap is named."""
    result = on_nsaids(10, "adequate", nsaid_tolerated=False)
    assert "not tolerated: stop them" in result["title"]
    assert texts(result["actions"])[0].startswith("Stop NSAIDs")
    assert len(gap_texts(result)) == 1


def test_add_duloxetine_not_tolerated_stops_nsaids():
    """Step 3: "Continue NSAIDs if tolerated": when not tolerated, stop them."""
    result = on_nsaids(4, "inadequate", nsaid_tolerated=False)
    assert result["step"] == "add_duloxetine"
    assert "gap_duloxetine_without_nsaid" in result["rules"]
    assert "Continue NSAIDs if tolerated" not in texts(result["actions"])
    assert any(text.startswith("Stop NSAIDs") for text in texts(result["actions"]))
    assert not any("NSAID-related" in text for text in texts(result["monitoring"]))


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
    assert len(gap_texts(result)) == 1
    assert "120" in gap_texts(result)[0]


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
    assert result["rules"][:2] == ["step4_reassess", "gap_drugs_while_reassessing"]
    assert len(gap_texts(result)) == 1


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
        assert [item["refs"] for item in result["avoid"]] == [[3, 4], [3], [2, 6], [3, 1]]


def test_result_carries_its_source():
    """Last updated: November 26, 2025: a copied result carries the article and its date."""
    result = run()
    assert result["guideline"]["last_updated"] == "2025-11-26"
    assert result["guideline"]["title"].startswith("Treatment Options for Sciatic Pain")
    assert result["algorithm_version"].startswith("2025-11-26+")


def test_result_has_exactly_the_contract_fields():
    """The result object of CONTRACT.md, no more and no less."""
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
    """All seven step codes of the contract come out of some input."""
    steps = {
        run(red_flags=["cauda_equina_symptoms"])["step"],
        run(pain_score=1)["step"],
        run()["step"],
        on_nsaids(1, "none")["step"],
        on_nsaids(3, "none")["step"],
        on_nsaids(8, "none", duloxetine_days=1)["step"],
        on_nsaids(31, "none")["step"],
    }
    assert steps == {
        "urgent_evaluation",
        "exercise_first",
        "start_nsaid",
        "continue_nsaid",
        "add_duloxetine",
        "continue_duloxetine",
        "reassess",
    }


def test_response_is_ignored_without_nsaids():
    """The contract: `response` is ignored when `nsaid_days` is null."""
    assert run(response="none")["rules"] == run()["rules"]


def test_defaults_match_explicit_nulls():
    """`nsaid_days` and `duloxetine_days` default to null, `nsaid_tolerated` to true."""
    explicit = run(nsaid_days=None, duloxetine_days=None, nsaid_tolerated=True)
    assert explicit == run()
