"""Stage 04 as a whole: parameters, the run's funding, every run table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .. import numbers
from ..errors import InputError, ParameterError, Problem, msg
from ._common import FundingReference, label
from .allocation import (
    _allocate,
    _by_source_type,
    _gaps,
    _prepared_funding,
    _summarise_lines,
    build_starter_funding,
    convert_funding_prices,
    summarise_gaps,
)
from .budget_steps import (
    add_steps_to_agenda,
    budget_steps_table,
    summarise_budget_steps,
)
from .consultations import build_consultation_briefs
from .costs import prepare_costs
from .crisis import (
    compare_scenarios,
    crisis_totals,
    resolve_shock,
    shock_funding,
    summarise_crisis,
)
from .matching import (
    CountryFunding,
    build_partner_strategy,
    country_eligibility_table,
    match_sources,
)
from .mobilisation import build_mobilisation_plan
from .partners import merge_partner_returns, partner_interests, partner_totals
from .readiness import build_workshop_agenda, score_readiness, summarise_readiness
from .scenarios import run_scenarios
from .sheets import SOURCE_TYPE_CODES

# ----------------------------------------------------------------- parameters
#: Defaults of the stage-04 parameters (the lead's schema must agree).
PARAMETER_DEFAULTS: dict[str, Any] = {
    "domestic_share": 0.4,
    "shock_source_types": [],
    "shock_source_ids": [],
    "shock_share": 0.5,
    "shock_year": 0,
    "max_candidates": 3,
}


def validate_funding_parameters(**params: Any) -> None:
    """Raise :class:`ParameterError` listing every problem of
    :func:`check_funding_parameters` (for the notebook's first cell)."""
    problems = check_funding_parameters(**params)
    if problems:
        raise ParameterError("invalid resource-mobilisation parameters:\n"
                             + "\n".join(f"  - {p}" for p in problems))


def check_funding_parameters(**params: Any) -> list[str]:
    """Return the problems of the stage-04 parameters (empty list = fine).

    Checks each stage-04 parameter present (others are ignored): shares from 0 to
    1, source types from the reference list (with the closest code suggested),
    source ids as text, ``shock_year`` 0 or a plan year (needs ``base_year`` and
    ``horizon_years``), ``max_candidates`` from 1 to 12.

    Returns
    -------
    list of str
        One message per problem, naming the parameter, the value and what is
        allowed.
    """
    out: list[str] = []
    for name in ("domestic_share", "shock_share"):
        if name in params:
            value = params[name]
            if (isinstance(value, bool) or not isinstance(value, int | float)
                    or not 0.0 <= float(value) <= 1.0):
                out.append(f"parameter '{name}' is {value!r}; allowed: a number from "
                           "0 to 1")
    if "shock_source_types" in params:
        out.extend(_check_source_types(params["shock_source_types"]))
    if "shock_source_ids" in params:
        value = params["shock_source_ids"]
        if not isinstance(value, list | tuple) or not all(
                isinstance(v, str) and v for v in value):
            out.append(f"parameter 'shock_source_ids' is {value!r}; allowed: a list "
                       "of source_id texts from the funding sheet")
    if "shock_year" in params:
        out.extend(_check_shock_year(params))
    if "max_candidates" in params:
        value = params["max_candidates"]
        if (isinstance(value, bool) or not isinstance(value, int)
                or not 1 <= value <= 12):
            out.append(f"parameter 'max_candidates' is {value!r}; allowed: a whole "
                       "number from 1 to 12")
    return out


def _check_source_types(value: Any) -> list[str]:
    import difflib

    if not isinstance(value, list | tuple):
        return [f"parameter 'shock_source_types' is {value!r}; allowed: a list of "
                "source type codes"]
    out = []
    for code in value:
        if code in SOURCE_TYPE_CODES:
            continue
        close = [c for c in SOURCE_TYPE_CODES if str(code).lower() in c]
        if len(close) != 1:
            close = difflib.get_close_matches(str(code), SOURCE_TYPE_CODES, 1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        out.append(f"parameter 'shock_source_types' has unknown code {code!r}{hint} "
                   "(allowed: " + ", ".join(SOURCE_TYPE_CODES) + ")")
    return out


def _check_shock_year(params: Mapping[str, Any]) -> list[str]:
    value = params["shock_year"]
    if isinstance(value, bool) or not isinstance(value, int):
        return [f"parameter 'shock_year' is {value!r}; allowed: 0 (first plan year) "
                "or a plan year"]
    base, horizon = params.get("base_year"), params.get("horizon_years")
    if value == 0 or not isinstance(base, int) or not isinstance(horizon, int):
        return []
    last = base + horizon - 1
    if not base <= value <= last:
        return [f"parameter 'shock_year' is {value}; allowed: 0 (first plan year) or "
                f"a plan year from {base} to {last}"]
    return []


# ------------------------------------------------------------------ stage 04
def choose_run_funding(costs: pd.DataFrame, plan_funding: pd.DataFrame | None,
                       price_index: pd.DataFrame | None = None,
                       domestic_share: float = 0.4, lang: str = "en",
                       currency: str | None = None, *, refs: FundingReference
                       ) -> tuple[pd.DataFrame, str]:
    """Return the funding a run uses and a note saying where it comes from.

    The plan's own funding sheet when it has one (converted to the costs' price
    year with ``price_index`` when a line is in another price year); otherwise
    the illustrative starter scenario (:func:`build_starter_funding`).

    Parameters
    ----------
    costs : DataFrame
        Costs (:data:`COST_COLUMNS`).
    plan_funding : DataFrame or None
        :func:`gcm_analysis.funding.sheets.funding_from_plan`.
    price_index : DataFrame, optional
        ``year, price_index`` (``budget_price_index.csv``).
    domestic_share : float
        Share of cost of the starter scenario.
    lang : {"en", "fr"}
    currency : str, optional
        The run's reporting currency; the costs must be in it.

    Returns
    -------
    funding : DataFrame
    note : str
        Empty for the plan's own funding; the illustrative warning otherwise.

    Raises
    ------
    InputError
        If the costs are not in ``currency``, or a funding line cannot be
        converted to the costs' price year.
    """
    cells = prepare_costs(costs)
    found = sorted(cells["currency"].unique())
    if currency and len(cells) and found != [currency]:
        raise InputError(Problem.of(
            msg("costs_not_reporting"), file="budget_lines.csv", column="currency",
            value=", ".join(found), expected=currency))
    if plan_funding is None or plan_funding.empty:
        return (build_starter_funding(costs, domestic_share, lang=lang, refs=refs),
                label("starter.note", lang,
                      share=numbers.percent(domestic_share, lang)))
    price_year = int(cells["price_year"].iloc[0]) if len(cells) else 0
    lines = _prepared_funding(plan_funding)
    if price_index is not None and (lines["price_year"] != price_year).any():
        lines = convert_funding_prices(lines, price_index, price_year)
    return lines, ""


def compute_funding_tables(
    costs: pd.DataFrame,
    funding: pd.DataFrame,
    assessment: pd.DataFrame,
    *,
    shock_source_types: Sequence[str] = (),
    shock_source_ids: Sequence[str] = (),
    shock_share: float = 0.5,
    shock_year: int = 0,
    max_candidates: int | None = 3,
    lang: str = "en",
    needs: pd.DataFrame | None = None,
    selection: pd.DataFrame | None = None,
    refs: FundingReference,
    run_date: dt.date | None = None,
    country: CountryFunding | None = None,
    interventions: pd.DataFrame | None = None,
    partner_returns: pd.DataFrame | None = None,
    budget_steps: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Return every table of the resource-mobilisation stage, keyed by run-table name.

    Parameters
    ----------
    costs, funding : DataFrame
        Costs (:data:`COST_COLUMNS`) and prepared funding.
    assessment : DataFrame
        Prepared assessment (may be empty).
    shock_source_types, shock_source_ids, shock_share, shock_year :
        The crisis test (:func:`resolve_shock`, :func:`shock_funding`).
    max_candidates : int, optional
        Candidates per objective in the mobilisation plan.
    lang : {"en", "fr"}
        Language of the text columns.
    needs, selection : DataFrame, optional
        Earlier stages' tables, for the workshop agenda.
    refs : FundingReference
        The reference tables (RAG bands, source guidance, readiness frameworks...).
    run_date : date, optional
        The run date: the mobilisation calendar starts the month after it.
    country : CountryFunding, optional
        The country's facts (:func:`country_funding_profile`): with it, sources
        are matched per intervention (eligibility, then fit) and the
        mobilisation plan proposes only eligible sources.
    interventions : DataFrame, optional
        The plan's interventions sheet (lead ministry, partners).
    partner_returns : DataFrame, optional
        The plan's validated ``partner_returns`` sheet (several partners'
        returns); without it the three partner tables have no rows.
    budget_steps : DataFrame, optional
        The plan's validated ``budget_steps`` sheet (steps 3, 6 and 8).

    Returns
    -------
    dict of str to DataFrame
        ``funding_sources`` (lines with allocated / unallocated and why),
        ``funding_allocations``, ``funding_gaps`` (cells),
        ``funding_gap_by_objective``, ``funding_gap_by_year``,
        ``funding_gap_by_objective_year``, ``funding_gap_by_ministry``,
        ``funding_gap_total``, ``funding_by_source_type``,
        ``funding_mobilisation_plan``, ``funding_shock`` (one row),
        ``funding_crisis_cells``, ``funding_crisis``, ``funding_crisis_totals``,
        ``funding_readiness``, ``funding_readiness_summary``,
        ``funding_workshop_agenda``, ``funding_scenarios``,
        ``funding_scenario_interventions``, ``funding_scenario_objectives``,
        ``funding_partner_returns``, ``funding_partner_totals``,
        ``funding_partner_interests``, ``funding_budget_steps``,
        ``funding_budget_steps_summary``, ``funding_consultation_briefs``;
        with ``country`` also
        ``funding_source_matches``, ``funding_partner_strategy`` and
        ``funding_country_eligibility``.
    """
    # costs and funding are checked and prepared once, for every table below
    cells = prepare_costs(costs)
    lines = _prepared_funding(funding)
    thresholds = refs.rag_thresholds
    allocations = _allocate(cells, lines)
    gaps = _gaps(cells, allocations, thresholds)
    matches = (match_sources(gaps, country, refs=refs, interventions=interventions,
                             lang=lang) if country is not None else None)
    plan_table = build_mobilisation_plan(gaps, allocations, lang, max_candidates,
                                         refs=refs, run_date=run_date, matches=matches)
    first_year = int(gaps["year"].min()) if len(gaps) else None
    shock = resolve_shock(funding, shock_source_types, shock_source_ids, shock_year,
                          first_year)
    shocked = shock_funding(funding, shock["source_types"], shock["source_ids"],
                            shock_share, shock["year"])
    crisis_gaps = _gaps(cells, _allocate(cells, _prepared_funding(shocked)), thresholds)
    comparison = compare_scenarios(gaps, crisis_gaps)
    crisis = summarise_crisis(comparison, lang)
    readiness = score_readiness(assessment, lang, refs=refs)
    scenarios = run_scenarios(cells, lines, refs.scenarios, thresholds=thresholds,
                              lang=lang)
    extra: dict[str, pd.DataFrame] = {
        name: scenarios[name] for name in ("funding_scenarios",
                                           "funding_scenario_interventions",
                                           "funding_scenario_objectives")}
    returns = merge_partner_returns(
        partner_returns if partner_returns is not None else _no_returns(), gaps, lang)
    totals = partner_totals(returns)
    steps = budget_steps_table(budget_steps, refs.budgeting_step_checklist, lang)
    steps_summary = summarise_budget_steps(steps, lang)
    extra |= {"funding_partner_returns": returns, "funding_partner_totals": totals,
              "funding_partner_interests": partner_interests(returns, gaps),
              "funding_budget_steps": steps,
              "funding_budget_steps_summary": steps_summary}
    if country is not None and matches is not None:
        extra |= {"funding_source_matches": matches,
                 "funding_partner_strategy": build_partner_strategy(
                     matches, refs=refs, lang=lang, run_date=run_date),
                 "funding_country_eligibility": country_eligibility_table(
                     country, refs.country_exceptions)}
    out = {
        "funding_sources": _summarise_lines(lines, allocations, cells),
        "funding_allocations": allocations,
        "funding_gaps": gaps,
        "funding_gap_by_objective": summarise_gaps(gaps, ["objective_id"], thresholds),
        "funding_gap_by_year": summarise_gaps(gaps, ["year"], thresholds),
        "funding_gap_by_objective_year": summarise_gaps(gaps, ["objective_id", "year"],
                                                        thresholds),
        "funding_gap_by_ministry": summarise_gaps(gaps, ["ministry"], thresholds),
        "funding_gap_total": summarise_gaps(gaps, [], thresholds),
        "funding_by_source_type": _by_source_type(lines, allocations),
        "funding_mobilisation_plan": plan_table,
        "funding_shock": pd.DataFrame([{
            "source_types": ";".join(shock["source_types"]),
            "source_ids": ";".join(shock["source_ids"]),
            "share": float(shock_share), "year": shock["year"],
            "is_default": shock["is_default"],
            "is_illustrative": bool(lines["is_illustrative"].any()),
        }]),
        "funding_crisis_cells": comparison,
        "funding_crisis": crisis,
        "funding_crisis_totals": crisis_totals(comparison, shocked),
        "funding_readiness": readiness,
        "funding_readiness_summary": summarise_readiness(readiness),
        "funding_workshop_agenda": add_steps_to_agenda(build_workshop_agenda(
            gaps, plan_table, readiness, lang, needs=needs, selection=selection,
            crisis=crisis, funding=lines, refs=refs), steps_summary, totals, lang),
        **extra,
    }
    # the consultations' briefs cite the tables above, never a new estimate
    out["funding_consultation_briefs"] = build_consultation_briefs(
        out, refs.budgeting_step_checklist, lang)
    return out


def _no_returns() -> pd.DataFrame:
    """An empty ``partner_returns`` sheet."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in (
        ("partner_name", "string"), ("partner_type_code", "string"),
        ("intervention_id", "string"), ("objective_id", "Int64"), ("year", "Int64"),
        ("amount", float), ("currency", "string"), ("status", "string"),
        ("interests", "string"))})


def shock_from_table(shock_table: pd.DataFrame) -> dict[str, Any]:
    """Return the ``funding_shock`` row as the dict :func:`resolve_shock` gives."""
    row = shock_table.iloc[0]
    return {"source_types": _split(row["source_types"]),
            "source_ids": _split(row["source_ids"]), "year": int(row["year"]),
            "is_default": bool(row["is_default"]), "share": float(row["share"])}


def _split(value: Any) -> list[str]:
    return [p for p in value.split(";") if p] if isinstance(value, str) else []
