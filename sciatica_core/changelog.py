"""The algorithm's changelog: one entry per algorithm version, versioned apart from the software.

Each entry records its date, a one-line summary and a digest of every rule as it stood in that
version; the kit (:func:`guideline_site.kit.release`) derives the rule ids added, changed and
removed from the digests before and after it, and computes today's digests from the rule table
itself. A test (tests/core/test_changelog.py) compares them: a change to the table without a
new entry fails. ``algorithm_version`` in every result names the newest entry.

Each version's rule table is kept as data in ``versions/N.json`` (``python -m
guideline_site.kit freeze sciatica_core N`` writes the newest; version 1's was exported from
the core as it stood before version 2, commit 89636788abd8), so that the site's changelog can
say which answers each version changed; tests/core/test_changelog.py checks each file's
digests against the ones recorded here.
"""

from __future__ import annotations

from guideline_site import kit

DIGESTS_1 = (
    ("red_flag_urgent", "01aff403c2"),
    ("step1_start_nsaid", "bf6e67fa4b"),
    ("step1_exercise_first", "b8209a3d08"),
    ("step1_not_covered", "a58bfa285b"),
    ("step4_reassess", "44391440da"),
    ("step3_continue_duloxetine", "bf08a1c10f"),
    ("step2_adequate_response", "a0c256b216"),
    ("step2_too_early", "b41690147d"),
    ("step3_add_duloxetine", "418d7b1db8"),
    ("red_flag_progressive_neurological_deficit", "21686ec9e2"),
    ("red_flag_cauda_equina_symptoms", "8c4c257e53"),
    ("red_flag_severe_unremitting_pain", "1cb6155113"),
    ("gap_pain_exactly_4", "b6574745da"),
    ("gap_duration_exactly_30_days", "0f1a91d8ae"),
    ("gap_no_functional_limitation", "a664de6501"),
    ("start_nsaid", "c3c91bfa6f"),
    ("start_nsaid_not_tolerated", "ce506f64bf"),
    ("finish_nsaid_course", "7b137a989c"),
    ("nsaid_on_demand_after_course", "56be8b173d"),
    ("continue_nsaid_course", "496f7ba96f"),
    ("duloxetine_30mg_first_week", "6b81ae8a55"),
    ("duloxetine_60mg_after_one_week", "f6eb36950d"),
    ("continue_nsaid_with_duloxetine", "59b1d04203"),
    ("stop_nsaid_not_tolerated", "10d30c5449"),
    ("gap_not_tolerated_before_day_3", "c54a8fddd5"),
    ("gap_not_tolerated_adequate_response", "9f73df17d6"),
    ("gap_partial_response_at_1_month", "2f003611de"),
    ("gap_neuropathic_features", "53a4280fd9"),
    ("gap_duloxetine_without_nsaid", "ef2b5e66f3"),
    ("gap_drugs_while_reassessing", "b1e2007c98"),
    ("home_exercise_throughout", "5356a193d5"),
    ("muscle_relaxants_short_term", "255462a4ad"),
    ("monitor_reassess_1_month", "1e8a84fb45"),
    ("monitor_nsaid_complications", "94bb8fa3f4"),
    ("monitor_duloxetine", "8278cd1232"),
    ("duloxetine_side_effects", "0dce9bdd5f"),
    ("what_to_avoid", "dd97bcadfd"),
)
DIGESTS_2 = (
    ("red_flag_urgent", "158557dd98"),
    ("step1_not_tolerated", "aef760df71"),
    ("step1_start_nsaid", "28c7f806fc"),
    ("step1_exercise_first", "b8209a3d08"),
    ("step1_criteria_open", "c7dcac1978"),
    ("step4_reassess", "e8df4e7c60"),
    ("step3_continue_duloxetine", "0351965bde"),
    ("step2_early_not_tolerated", "f88e86a759"),
    ("step2_adequate_not_tolerated", "69be99ea34"),
    ("step2_adequate_response", "bcf1af493f"),
    ("step2_too_early", "b41690147d"),
    ("step3_add_duloxetine", "3fd034afa3"),
    ("red_flag_progressive_neurological_deficit", "e87fb1fe40"),
    ("red_flag_cauda_equina_symptoms", "7dcb141728"),
    ("red_flag_severe_unremitting_pain", "5e1b35eb8d"),
    ("gap_pain_exactly_4", "fae893ea9f"),
    ("gap_duration_exactly_30_days", "b5d50c2bc4"),
    ("gap_no_functional_limitation", "8c560753c0"),
    ("gap_severe_flare_under_1_month", "8eb04528b3"),
    ("note_not_tolerated_step1", "18c562d756"),
    ("start_nsaid", "b3bfd9a4a6"),
    ("finish_nsaid_course", "c6ec249d35"),
    ("nsaid_on_demand_after_course", "65a62dbbfc"),
    ("continue_nsaid_course", "f15fd08faa"),
    ("duloxetine_30mg_first_week", "b779ff55ab"),
    ("duloxetine_60mg_after_one_week", "fddaf68a69"),
    ("duloxetine_before_day_3", "e3258b1ff6"),
    ("continue_nsaid_with_duloxetine", "59b1d04203"),
    ("gap_nsaid_duration_with_duloxetine", "be16366a16"),
    ("gap_duloxetine_without_nsaid", "2876d409f4"),
    ("gap_partial_response_at_1_month", "2f003611de"),
    ("gap_neuropathic_features", "53a4280fd9"),
    ("step4_injection_caveat", "d5c0d4034d"),
    ("gap_drugs_while_reassessing", "b1e2007c98"),
    ("note_not_tolerated_step4", "fd3d98de76"),
    ("home_exercise_throughout", "5e71741d4e"),
    ("muscle_relaxants_not_recommended", "6b09b42e67"),
    ("muscle_relaxants_short_term", "255462a4ad"),
    ("monitor_reassess_1_month", "8175840617"),
    ("monitor_nsaid_complications", "94bb8fa3f4"),
    ("monitor_duloxetine", "8278cd1232"),
    ("monitor_duloxetine_while_reassessing", "ef0534875b"),
    ("duloxetine_side_effects", "ee8d64ead4"),
    ("what_to_avoid", "4a3a23c080"),
    ("avoid_benzodiazepines", "44c59a098f"),
)
#: Oldest first. A new version: append an entry (the test prints the lists and digests it expects).
CHANGELOG: tuple[kit.Release, ...] = (
    kit.release(
        "1",
        "2026-11-25",
        "The article's flare algorithm as a rule table (contract revision 1).",
        dict(DIGESTS_1),
        table="versions/1.json",
    ),
    kit.release(
        "2",
        "2026-11-27",
        "Contract revision 2: no step code against its own actions (step not_covered"
        " where NSAIDs are not tolerated and the article gives no plan), verbatim quotes with"
        " a table of adapted texts, and the article's own caveats and tensions as notes.",
        dict(DIGESTS_2),
        table="versions/2.json",
    ),
)
