"""The CKD-EPI 2021 creatinine equation (race-free; Inker LA et al., N Engl J Med
2021;385:1737-49) with the KDIGO GFR categories, as a calculator core on the authoring kit.

    >>> answers = {"sex": "female", "age_years": 50, "creatinine": 1.0}
    >>> evaluate(answers | {"creatinine_unit": "mg/dL"})["egfr"]
    69

The reported eGFR is a whole number (halves rounded up); its category is the KDIGO band the
reported number falls in. No advice: the number, its unit and its category only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guideline_site import kit

EQUATION = (
    "eGFRcr = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^-1.200 × 0.9938^Age × 1.012 [if female],"  # noqa: RUF001
    " κ 0.7 (female) or 0.9 (male), α -0.241 (female) or -0.302 (male), Scr in mg/dL"  # noqa: RUF001
)

#: The equation in FHIRPath for the computable FHIR (``%FIELD``: the validated answer, the
#: creatinine in mg/dL): min(r, 1)^alpha * max(r, 1)^-1.200 is r^alpha below 1 and
#: r^-1.200 above; a power ``x^y`` is ``(y * x.ln()).exp()`` (FHIRPath has no fractional power).
_F, _R = "%sex = 'female'", "(%creatinine / iif(%sex = 'female', 0.7, 0.9))"
FHIRPATH = (
    f"142 * iif({_F}, 1.012, 1) * iif({_R} < 1, (iif({_F}, -0.241, -0.302) * {_R}.ln()).exp(),"
    f" (-1.2 * {_R}.ln()).exp()) * (%age_years * 0.9938.ln()).exp()"
)


def egfr(answers: Mapping[str, Any]) -> float:
    """The equation as published, with creatinine in mg/dL (the kit converts µmol/L)."""
    female = answers["sex"] == "female"
    kappa, alpha = (0.7, -0.241) if female else (0.9, -0.302)
    ratio = answers["creatinine"] / kappa
    value = 142 * min(ratio, 1) ** alpha * max(ratio, 1) ** -1.200 * 0.9938 ** answers["age_years"]
    return value * 1.012 if female else value


def _band(code: str, low: int | None, high: int | None, words: str) -> kit.Band:
    return kit.Band(code=code, label=code, minimum=low, maximum=high, article_text=words, refs=(2,))


UNITS = kit.units("creatinine_unit", "Unit", ("mg/dL", "mg/dL", 1), ("umol/L", "µmol/L", 1 / 88.4))
# The digests the changelog check printed for version 1 (formula and bands).
DIGESTS = (
    "formula=944a290973 band_G1=9fa3fc77e9 band_G2=37dbf87d7f band_G3a=f0724fcda2"
    " band_G3b=cef962bab2 band_G4=f1f49d0693 band_G5=8d74ed208f"
)
UNIT = "mL/min/1.73 m²"
FORMULA = kit.Formula(text=EQUATION, article_text=EQUATION, refs=(1,), fhirpath=FHIRPATH)
BANDS = (
    _band("G1", 90, None, "G1 Normal or high ≥90"),
    _band("G2", 60, 89, "G2 Mildly decreased 60-89"),
    _band("G3a", 45, 59, "G3a Mildly to moderately decreased 45-59"),
    _band("G3b", 30, 44, "G3b Moderately to severely decreased 30-44"),
    _band("G4", 15, 29, "G4 Severely decreased 15-29"),
    _band("G5", None, 14, "G5 Kidney failure <15"),
)
CORE = kit.Calculator(
    name="egfr",
    title="eGFR (CKD-EPI 2021 creatinine equation)",
    guideline={
        "title": "eGFR by CKD-EPI 2021 (Inker et al., NEJM 2021) with KDIGO categories",
        "last_updated": "2026-12-06",
        "review_status": "submitted",
    },
    fields=[
        kit.choice("sex", "Sex", [("female", "Female"), ("male", "Male")]),
        # 130: a plausibility bound of this calculator (the equation sets none above 18).
        kit.integer("age_years", "Age", minimum=18, maximum=130, unit="years"),
        kit.decimal(
            "creatinine", "Serum creatinine", minimum=0, exclusive_minimum=True, in_units=UNITS
        ),
    ],
    result=kit.Quantity(label="eGFR", unit=UNIT, field="egfr", formula=FORMULA, bands=BANDS),
    compute=egfr,
    changelog=[kit.release("1", "2026-12-06", "CKD-EPI 2021 with KDIGO categories.", DIGESTS)],
)
evaluate, evaluate_json, calculator_spec, rules_as_data, input_schema = CORE.interface()
InputError = kit.InputError
ALGORITHM_VERSION = CORE.algorithm_version
