"""What-if questions on a run's costing and funding, for the explorers of
notebooks 03 and 04. Pure: plans and tables in, tables out (no file access).

Costing: scale every unit cost or quantity, set one inflation rate for every
year, change the contingency rate or the reporting currency, and cost the plan
again with :func:`gcm_analysis.costing.compute_budget_lines` (the stage's own
function). Funding: scale the likelihood of the funding not yet secured,
change one source's amounts, or set the crisis test, and compute the funding
tables again with :func:`gcm_analysis.funding.compute_funding_tables` on the
stage's own inputs (:func:`funding_inputs`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from . import costing, funding
from .plan.specs import Plan

_QUANTITIES = ("quantity_per_year", "quantity_per_year_low", "quantity_per_year_high")
_UNIT_COSTS = ("unit_cost_low", "unit_cost_likely", "unit_cost_high")


def costing_what_if(plan: Plan, *, unit_cost_scale: float = 1.0,
                    quantity_scale: float = 1.0, inflation_pct: float | None = None,
                    contingency_pct: float | None = None, currency: str = ""
                    ) -> Plan:
    """The plan with its inputs changed as asked (the plan given is unchanged).

    ``inflation_pct`` replaces the plan's inflation for every year (its
    ``inflation_rates`` sheet is set aside); ``currency`` converts with the plan's
    dated rates (:func:`gcm_analysis.costing.with_reporting_currency`, which
    refuses a currency without rates).
    """
    if unit_cost_scale < 0 or quantity_scale < 0:
        raise ValueError("scales must be 0 or more")
    lines = plan.cost_lines.copy()
    for column in _UNIT_COSTS:
        lines[column] = lines[column] * unit_cost_scale
    for column in _QUANTITIES:
        lines[column] = lines[column] * quantity_scale
    changed = replace(plan, cost_lines=lines)
    if inflation_pct is not None:
        changed = replace(changed.with_settings(inflation_pct=float(inflation_pct)),
                          inflation_rates=plan.inflation_rates.iloc[0:0])
    if contingency_pct is not None:
        changed = changed.with_settings(contingency_pct=float(contingency_pct))
    return costing.with_reporting_currency(changed, currency)


def budget_by_objective(plan: Plan) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The plan's budget by objective and its total (constant and nominal
    prices), from its budget lines."""
    lines = costing.compute_budget_lines(plan)
    return (costing.summarise_budget(lines, ["objective_id"]),
            costing.summarise_budget(lines))


def convertible_currencies(plan: Plan) -> list[str]:
    """The reporting currencies the plan's dated rates allow (its own first)."""
    own = plan.settings.reporting_currency
    rates = plan.exchange_rates
    candidates = sorted(set(rates["from_currency"]) | set(rates["to_currency"])
                        ) if len(rates) else []
    found = [own]
    for code in candidates:
        if code == own:
            continue
        try:
            costing.with_reporting_currency(plan, str(code))
        except Exception:  # noqa: BLE001 - a currency the rates cannot reach
            continue
        found.append(str(code))
    return found


@dataclass(frozen=True)
class FundingInputs:
    """What the funding stage computes from, prepared once."""

    costs: pd.DataFrame
    funding: pd.DataFrame
    assessment: pd.DataFrame
    refs: Any
    options: dict[str, Any]


def funding_what_if(prepared: FundingInputs, *, likelihood_scale: float = 1.0,
                    source_id: str = "", source_scale: float = 1.0,
                    shock: dict[str, Any] | None = None) -> dict[str, pd.DataFrame]:
    """The funding tables with the funding changed as asked.

    ``likelihood_scale`` multiplies the likelihood of every line not yet
    secured (capped at 1); ``source_scale`` multiplies the amounts of the lines
    of ``source_id``; ``shock`` replaces the crisis-test parameters
    (``shock_source_types``, ``shock_source_ids``, ``shock_share``,
    ``shock_year``).
    """
    if likelihood_scale < 0 or source_scale < 0:
        raise ValueError("scales must be 0 or more")
    lines = prepared.funding.copy()
    open_lines = lines["status"] != "secured"
    lines.loc[open_lines, "likelihood"] = (
        lines.loc[open_lines, "likelihood"] * likelihood_scale).clip(upper=1.0)
    if source_id:
        if source_id not in set(lines["source_id"]):
            raise ValueError(f"no funding line has source_id {source_id!r}")
        chosen = lines["source_id"] == source_id
        lines.loc[chosen, "amount"] = lines.loc[chosen, "amount"] * source_scale
    options = {**prepared.options, **(shock or {})}
    return funding.compute_funding_tables(prepared.costs, lines, prepared.assessment,
                                          refs=prepared.refs, **options)
