"""Published worked values of the CKD-EPI 2021 creatinine equation (race-free).

The equation (Inker LA, Eneanya ND, Coresh J, et al. New creatinine- and cystatin
C-based equations to estimate GFR without race. N Engl J Med 2021;385:1737-49,
doi:10.1056/NEJMoa2102953), as printed by the National Kidney Foundation at
https://www.kidney.org/ckd-epi-creatinine-equation-2021:

    eGFRcr = 142 x min(Scr/k, 1)^a x max(Scr/k, 1)^-1.200 x 0.9938^Age x 1.012 [if female]

    Scr = standardized serum creatinine in mg/dL
    k   = 0.7 (female) or 0.9 (male)
    a   = -0.241 (female) or -0.302 (male)
    Age in years; result in mL/min/1.73 m2

The same constants appear on QxMD's calculator page
(https://qxmd.com/calculate/calculator_251/egfr-using-ckd-epi-2021-update).

Each record below is a (sex, age, creatinine) -> eGFR example printed by a source.
Nothing here was computed for this file: ``egfr`` is the number as the source prints it.

``rounded`` is True when the source prints a whole number (as a laboratory or the
NKF calculator reports eGFR), False when it prints decimals (themselves rounded to
the number of decimals shown). Compare a computed value with a ``rounded`` record
after rounding half up to a whole number, and with an unrounded record to within
half a unit of its last decimal.

Sources
-------
[S11] Inker et al. 2021, Supplementary Appendix, Table S11, column "eGFR (AS) new"
      (https://www.nejm.org/doi/suppl/10.1056/NEJMoa2102953/suppl_file/nejmoa2102953_appendix.pdf).
      The table itself was not available to us; its values are taken as transcribed in
      the R package JMLuther/tabletools, file R/calculate_egfr_ckdepi.R (commit
      017ced82ff30a12096e067c54238b0d7cfca9c23), whose comments say the function's
      2021 results were "verified against Table S11 in Inker NEJM 2021: eGFR (AS) new"
      and list the 16 values for ages 50 and 75, both sexes, creatinine 0.6, 1.0,
      1.5 and 2.0 mg/dL. (For the race-based columns the same comments note where the
      function differs from the table by 1, e.g. "135 (not 136)"; none is noted for
      the 2021 values.) Whole numbers.
[NKF-tabletools] JMLuther/tabletools, R/calculate_egfr_ckdepi.R, roxygen @examples
      under "CKD-EPI 2021 version ... https://www.kidney.org/professionals/kdoqi/gfr_calculator":
      two results with one decimal.
[NKF-admiral] pharmaverse/admiral, tests/testthat/test-compute_kidney.R (commit
      05459a5e6d85c639377da801de492e36c94cead5), tests 01.01 and 01.02: "Expected
      values are taken from the National Kidney Foundation's CKD-EPI Creatinine
      Equation (2021) calculator at https://www.kidney.org/content/ckd-epi-creatinine-equation-2021".
      Whole numbers; one of them is given in umol/L (85 umol/L).
[admiral-01.07] Same file, test 01.07: four results to 4 decimals from umol/L inputs,
      with no source cited (the package's own regression values). admiral converts with
      SCr(mg/dL) = Creat(umol/L) / 88.42 (its compute_egfr documentation), not 88.4, so
      these decimals are reproduced only with 88.42; with 88.4 each value is 0.02-0.03
      lower (e.g. 80.2075 instead of 80.2293). The whole numbers are the same either way.
[kidney.epi] CRAN package kidney.epi (Bikbov B), reference page of egfr.ckdepi.cr.2021
      (scientific-tools-org/kidney.epi, docs/reference/egfr.ckdepi.cr.2021.html): the
      rendered example egfr.ckdepi.cr.2021(creatinine = 1.4, age = 60, sex = "Male",
      creatinine_units = "mg/dl") prints 57.54.
[egfr-vignette] CRAN package egfr 1.1.1 (mhovd/egfr), vignette "Getting started with
      egfr" (https://stat.ethz.ch/CRAN/web/packages/egfr/vignettes/egfr.html): printed
      results of egfr_ckdepi_cr_2021, one of them from 88.4 umol/L.

Left out: costcalculator.calculator.city/egfr-calculation-formula says a 55-year-old man
with creatinine 1.2 mg/dL has "approximately 73"; the equation gives 71.4 (71). The page
is an unreviewed calculator site and its number does not follow from the equation it
prints, so it is not a check value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

_S11 = (
    "Inker et al. NEJM 2021 Supplementary Appendix Table S11, eGFR (AS) new, as transcribed "
    "in JMLuther/tabletools R/calculate_egfr_ckdepi.R @017ced82"
)
_NKF_TABLETOOLS = (
    "NKF CKD-EPI 2021 calculator (kidney.org), as recorded in the @examples of "
    "JMLuther/tabletools R/calculate_egfr_ckdepi.R @017ced82"
)
_NKF_ADMIRAL = (
    "NKF CKD-EPI Creatinine Equation (2021) calculator (kidney.org), as recorded in "
    "pharmaverse/admiral tests/testthat/test-compute_kidney.R @05459a5e, test {}"
)
_ADMIRAL_0107 = (
    "pharmaverse/admiral tests/testthat/test-compute_kidney.R @05459a5e, test 01.07 "
    "(no source cited; umol/L converted with 88.42)"
)
_KIDNEY_EPI = (
    "kidney.epi reference page egfr.ckdepi.cr.2021, rendered example "
    "(scientific-tools-org/kidney.epi docs/reference/egfr.ckdepi.cr.2021.html)"
)
_EGFR_VIGNETTE = (
    "CRAN egfr 1.1.1 vignette 'Getting started with egfr' "
    "(stat.ethz.ch/CRAN/web/packages/egfr/vignettes/egfr.html)"
)


@dataclass(frozen=True)
class Worked:
    """One published (sex, age, creatinine) -> eGFR example, as the source prints it."""

    sex: Literal["female", "male"]
    age_years: int
    creatinine: float
    creatinine_unit: Literal["mg/dL", "umol/L"]
    egfr: float
    rounded: bool
    source: str


PUBLISHED: tuple[Worked, ...] = (
    # [S11] Inker 2021 Table S11, eGFR (AS) new: whole numbers.
    Worked("male", 50, 0.6, "mg/dL", 118, True, _S11),
    Worked("male", 50, 1.0, "mg/dL", 92, True, _S11),
    Worked("male", 50, 1.5, "mg/dL", 56, True, _S11),
    Worked("male", 50, 2.0, "mg/dL", 40, True, _S11),
    Worked("male", 75, 0.6, "mg/dL", 101, True, _S11),
    Worked("male", 75, 1.0, "mg/dL", 78, True, _S11),
    Worked("male", 75, 1.5, "mg/dL", 48, True, _S11),
    Worked("male", 75, 2.0, "mg/dL", 34, True, _S11),
    Worked("female", 50, 0.6, "mg/dL", 109, True, _S11),
    Worked("female", 50, 1.0, "mg/dL", 69, True, _S11),
    Worked("female", 50, 1.5, "mg/dL", 42, True, _S11),
    Worked("female", 50, 2.0, "mg/dL", 30, True, _S11),
    Worked("female", 75, 0.6, "mg/dL", 94, True, _S11),
    Worked("female", 75, 1.0, "mg/dL", 59, True, _S11),
    Worked("female", 75, 1.5, "mg/dL", 36, True, _S11),
    Worked("female", 75, 2.0, "mg/dL", 26, True, _S11),
    # [NKF-tabletools] one decimal.
    Worked("male", 70, 0.8, "mg/dL", 95.2, False, _NKF_TABLETOOLS),
    Worked("female", 70, 0.8, "mg/dL", 79.2, False, _NKF_TABLETOOLS),
    # [NKF-admiral] whole numbers; the second in umol/L.
    Worked("male", 55, 1.09, "mg/dL", 80, True, _NKF_ADMIRAL.format("01.01")),
    Worked("female", 65, 85, "umol/L", 66, True, _NKF_ADMIRAL.format("01.02")),
    # [admiral-01.07] 4 decimals, umol/L, converted by admiral with 88.42 (see docstring).
    Worked("male", 55, 96.3, "umol/L", 80.2293, False, _ADMIRAL_0107),
    Worked("female", 52, 70, "umol/L", 89.7175, False, _ADMIRAL_0107),
    Worked("male", 67, 77, "umol/L", 94.5453, False, _ADMIRAL_0107),
    Worked("female", 76, 65, "umol/L", 84.4646, False, _ADMIRAL_0107),
    # [kidney.epi] 2 decimals.
    Worked("male", 60, 1.4, "mg/dL", 57.54, False, _KIDNEY_EPI),
    # [egfr-vignette] as printed by R.
    Worked("female", 50, 1.0, "mg/dL", 68.6335, False, _EGFR_VIGNETTE),
    Worked("female", 40, 0.8, "mg/dL", 95.46369, False, _EGFR_VIGNETTE),
    Worked("male", 65, 1.2, "mg/dL", 67.11141, False, _EGFR_VIGNETTE),
    Worked("female", 72, 1.5, "mg/dL", 36.79633, False, _EGFR_VIGNETTE),
    Worked("female", 50, 88.4, "umol/L", 68.6335, False, _EGFR_VIGNETTE),
)
