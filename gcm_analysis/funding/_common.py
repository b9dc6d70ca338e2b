"""Constants, tolerances and report texts shared by the funding modules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import numbers
from ..i18n import funding_label

#: The 23 GCM objectives (A/RES/73/195).
OBJECTIVE_IDS: tuple[int, ...] = tuple(range(1, 24))

#: Columns a costs table must have (one row per cost, any grain finer than a cell).
COST_COLUMNS: tuple[str, ...] = (
    "intervention_id", "objective_id", "year", "ministry", "is_essential", "amount",
    "currency", "price_year",
)
#: Optional cost columns used when present.
OPTIONAL_COST_COLUMNS: tuple[str, ...] = ("priority_rank", "intervention_name")
#: Keys of an allocation cell.
CELL_KEYS: tuple[str, ...] = ("intervention_id", "objective_id", "ministry", "year")
#: Allocation steps, in the order they run.
STEPS: tuple[str, ...] = ("intervention_earmark", "objective_earmark", "unearmarked")
#: Money columns of the gap table; all share the row's ``currency``/``price_year``.
#: Words and formulas: :mod:`gcm_analysis.funding.vocabulary`.
GAP_MONEY_COLUMNS: tuple[str, ...] = (
    "cost_amount", "secured_amount", "pledged_amount", "pipeline_amount",
    "to_be_mobilised_amount", "committed_amount", "allocated_amount", "gap_amount",
    "expected_funded_amount", "risk_adjusted_gap_amount",
)
#: Crisis outcomes of an intervention, from best to worst.
CRISIS_OUTCOMES: tuple[str, ...] = (
    "reinforced", "unchanged", "reduced", "delayed", "dropped",
)

#: Smallest risk-adjusted gap (in currency units) that enters the mobilisation
#: plan: below one unit of currency a gap is rounding, not a need.
MIN_PLAN_GAP = 1.0

# Relative tolerance of money comparisons: float sums of millions are exact to
# about 1e-16 relative; 1e-9 leaves room for thousands of additions.
_RELATIVE_TOLERANCE = 1e-9


def _tolerance(amounts: Iterable[float]) -> float:
    total = float(np.nansum(np.abs(np.asarray(list(amounts), dtype=float))))
    return _RELATIVE_TOLERANCE * max(1.0, total)


# ------------------------------------------------------------ reference data
#: The reference tables the funding domain reads (field -> (table, sort column)).
REFERENCE_TABLES: dict[str, tuple[str, str | None]] = {
    "status_defaults": ("funding_status_defaults", "display_order"),
    "rag_thresholds": ("funding_rag_thresholds", "display_order"),
    "source_guidance": ("funding_source_guidance", "suggested_rank"),
    "assessment_scale": ("funding_assessment_scale", "score"),
    "source_types": ("funding_source_types", None),
    "objectives": ("gcm_objectives", None),
    "mptf_areas": ("mptf_thematic_areas", None),
    "mptf_area_objectives": ("mptf_area_objectives", None),
    "ideal_budgeting_conditions": ("ideal_budgeting_conditions", None),
    "budget_governance_principles": ("budget_governance_principles", None),
    "plan_quality_criteria": ("plan_quality_criteria", None),
    "validation_workshop_points": ("validation_workshop_points", None),
    "source_rules": ("funding_source_rules", None),
    "country_exceptions": ("funding_country_exceptions", None),
    "scenarios": ("funding_scenarios", "display_order"),
    "budgeting_step_checklist": ("budgeting_step_checklist", None),
}


@dataclass(frozen=True)
class FundingReference:
    """The curated tables the funding functions use, passed in (never read here).

    Build it with :meth:`from_tables` from the reference tables named in
    :data:`REFERENCE_TABLES` (the stage layer loads them from the run folder's
    inputs; :func:`gcm_analysis.reference.funding_reference` reads them).
    """

    status_defaults: pd.DataFrame
    rag_thresholds: pd.DataFrame
    source_guidance: pd.DataFrame
    assessment_scale: pd.DataFrame
    source_types: pd.DataFrame
    objectives: pd.DataFrame
    mptf_areas: pd.DataFrame
    mptf_area_objectives: pd.DataFrame
    ideal_budgeting_conditions: pd.DataFrame
    budget_governance_principles: pd.DataFrame
    plan_quality_criteria: pd.DataFrame
    validation_workshop_points: pd.DataFrame
    source_rules: pd.DataFrame
    country_exceptions: pd.DataFrame
    scenarios: pd.DataFrame
    budgeting_step_checklist: pd.DataFrame

    @classmethod
    def from_tables(cls, tables: Mapping[str, pd.DataFrame]) -> FundingReference:
        """From reference tables keyed by table name (``funding_status_defaults``
        ...) or by ``reference/<name>``; each sorted as the domain expects."""
        values = {}
        for field, (name, order) in REFERENCE_TABLES.items():
            table = tables[name] if name in tables else tables[f"reference/{name}"]
            values[field] = (table.sort_values(order) if order else table).reset_index(
                drop=True)
        return cls(**values)

    def titles(self, lang: str = "en", short: bool = True) -> pd.Series:
        """Objective titles (short labels by default) indexed by ``objective_id``."""
        column = ("short_title_" if short else "title_") + ("fr" if lang == "fr"
                                                            else "en")
        return self.objectives.set_index("objective_id")[column]


# ---------------------------------------------------------------------- labels
def label(key: str, lang: str = "en", **values: Any) -> str:
    """Return a stage-04 report text (catalogue key ``funding.<key>``) in ``lang``
    (:func:`gcm_analysis.i18n.funding_label`).

    Raises
    ------
    KeyError
        If the key is not in the table.
    """
    return funding_label(key, lang, **values)


def format_money(amount: float, currency: str, lang: str = "en") -> str:
    """Return an amount as report text (:func:`gcm_analysis.numbers.money`).

    Examples
    --------
    >>> format_money(1_234_567, "USD")
    'USD 1.2 million'
    >>> format_money(45_000, "EUR", "fr") == "45\u202f000\u00a0EUR"
    True
    """
    return numbers.money(amount, currency, lang)


def _fact_status(text: str) -> str:
    """The weakest fact marker found in a text: unverified, partial or verified."""
    if "[U]" in text:
        return "unverified"
    if "[P]" in text:
        return "partial"
    return "verified" if "[V]" in text else "unverified"


def source_type_names(types: pd.DataFrame, lang: str = "en") -> pd.Series:
    """Each funding source type's name as a label, by ``source_type_code``: in
    French our short name without the Guidance's article (``name_fr``), in
    English ``text_en`` with a capital."""
    table = types.set_index("source_type_code")
    if lang == "fr" and "name_fr" in table.columns:
        return table["name_fr"].astype(str)
    return table["text_en"].astype(str).map(lambda s: s[:1].upper() + s[1:])
