"""The resource-mobilisation plan: candidate sources for every gap, with reasons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import numbers
from ..i18n import reference_text
from ._common import (
    MIN_PLAN_GAP,
    FundingReference,
    _fact_status,
    _tolerance,
    format_money,
    label,
    source_type_names,
)
from .allocation import summarise_gaps


# ------------------------------------------------------------ mobilisation plan
def _suited_types(objective: int, guidance: pd.DataFrame, area_of: Mapping[int, int]
                  ) -> list[tuple[int, pd.Series]]:
    """Source types suited to an objective, as (tier, row): 0 first resort
    (domestic re-allocation), 1 targeted at the objective, 2 suited to any."""
    suited = []
    for _, row in guidance.iterrows():
        rule = str(row["suited_objectives"])
        if bool(row.get("is_first_resort", False)):
            suited.append((0, row))
        elif rule == "all":
            suited.append((2, row))
        elif rule == "mptf_areas":
            if objective in area_of:
                suited.append((1, row))
        elif objective in {int(v) for v in rule.split(";") if v.strip()}:
            suited.append((1, row))
    return sorted(suited, key=lambda pair: (pair[0], int(pair[1]["suggested_rank"])))


def _calendar(year: int, lead_months: int, earliest: int) -> dict[str, Any]:
    """When to approach a source: its lead time before January of the year the
    money is needed, but never before ``earliest`` (months since year 0: the
    month after the run date). ``is_late`` says the lead time cannot be met."""
    wanted = year * 12 - int(lead_months)
    months = max(wanted, earliest)
    return {"approach_by": f"{months // 12:04d}-{months % 12 + 1:02d}",
            "is_late": bool(wanted < earliest)}


def first_month_after(run_date: dt.date | None) -> int:
    """The month after ``run_date`` as months since year 0 (0 without a date)."""
    if run_date is None:
        return 0
    return run_date.year * 12 + run_date.month  # January = 0, so this is the next


def _size_note(gap: float, currency: str, row: pd.Series, lang: str,
               area_id: int | None) -> str:
    low, high = row["typical_size_min"], row["typical_size_max"]
    if pd.isna(low) or pd.isna(high) or row["typical_size_currency"] != currency:
        return ""
    values = {"gap": format_money(gap, currency, lang),
              "low": format_money(float(low), currency, lang),
              "high": format_money(float(high), currency, lang),
              "area": "" if area_id is None else str(area_id)}
    if gap < float(low):
        key = "plan.size_below_area" if area_id is not None else "plan.size_below"
    elif gap > float(high):
        key = "plan.size_above"
    else:
        key = "plan.size_within"
    return " " + label(key, lang, **values)


def build_mobilisation_plan(
    gaps: pd.DataFrame,
    allocations: pd.DataFrame,
    lang: str = "en",
    max_candidates: int | None = None,
    *,
    refs: FundingReference,
    run_date: dt.date | None = None,
    matches: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the resource-mobilisation plan: candidate sources for every gap.

    With ``matches`` (:func:`gcm_analysis.funding.matching.match_sources`), the
    new sources of an objective are only those eligible for at least one of its
    interventions with a gap, best fit first (ties: the guidance table's order),
    and each reason starts with the matching reason of its best-fit intervention.
    Without it, the guidance table's order below applies to every country.

    For each objective whose gap (cost minus committed money) is at least
    :data:`MIN_PLAN_GAP`
    (largest first):

    1. *follow-ups*: the plan's own sources that are not secured and fund this
       objective (largest expected shortfall first), to be confirmed;
    2. *new sources*: source types of ``funding_source_guidance.csv``: the first
       resort (domestic re-allocation), then those suited to the objective (the
       Migration MPTF through its thematic areas, diaspora and remittance
       instruments for objectives 19 and 20, ...), then those suited to any
       objective, each group in the table's suggested order.

    Each row says why (with [V]/[P]/[U] fact markers and a URL, or the funding
    line it comes from), through which channel, the lead time, and the month to
    approach (the first year with a gap minus the lead time).

    Parameters
    ----------
    gaps : DataFrame
        From :func:`compute_gaps`.
    allocations : DataFrame
        From :func:`allocate_funding`.
    lang : {"en", "fr"}
        Language of the texts.
    max_candidates : int, optional
        Keep at most this many candidates per objective (None = all).
    refs : FundingReference
        Reference tables: source guidance, status defaults, source types, MPTF
        areas, objective titles, RAG bands.
    run_date : date, optional
        The run date: no source is to be approached before the month after it
        (``is_late`` marks a lead time that can no longer be met).

    Returns
    -------
    DataFrame
        ``objective_id, objective_title, lead_ministry, needed_from_year,
        gap_amount, risk_adjusted_gap_amount, currency, price_year,
        candidate_rank, candidate_kind (follow_up / new_source),
        source_type_code, source_type_name, source_id, source_name, reason,
        channel, lead_time_months, approach_by (YYYY-MM), fact_status
        (weakest fact marker in the reason: verified / partial / unverified, or
        from_plan for the plan's own sources), reference`` (the URL behind the
        reason, or the funding lines it comes from).
    """
    guidance = refs.source_guidance
    defaults = refs.status_defaults.set_index("status_code")
    areas = refs.mptf_areas.set_index("area_id")["name_en"]
    area_of = dict(zip(refs.mptf_area_objectives["objective_id"],
                       refs.mptf_area_objectives["area_id"], strict=True))
    titles = refs.titles(lang)
    type_name = source_type_names(refs.source_types, lang)
    by_objective = summarise_gaps(gaps, ["objective_id"], refs.rag_thresholds)
    tol = _tolerance(gaps["cost_amount"])
    earliest = first_month_after(run_date)
    rows: list[dict[str, Any]] = []
    for objective_row in by_objective.sort_values(
            ["risk_adjusted_gap_amount", "objective_id"], ascending=[False, True]
    ).itertuples(index=False):
        # only objectives with a gap (cost not covered by committed money)
        if objective_row.gap_amount < max(tol, MIN_PLAN_GAP):
            continue
        objective = int(objective_row.objective_id)
        cells = gaps[gaps["objective_id"] == objective]
        years = cells.loc[cells["gap_amount"] > tol, "year"]
        needed = int(years.min())
        by_ministry = cells.groupby("ministry")["risk_adjusted_gap_amount"].sum()
        lead = str(by_ministry.sort_values(ascending=False, kind="mergesort").index[0])
        base = {
            "objective_id": objective, "objective_title": titles.get(objective, ""),
            "lead_ministry": lead, "needed_from_year": needed,
            "gap_amount": float(objective_row.gap_amount),
            "risk_adjusted_gap_amount": float(objective_row.risk_adjusted_gap_amount),
            "currency": objective_row.currency,
            "price_year": int(objective_row.price_year),
        }
        candidates = _follow_ups(allocations, objective, needed, defaults, type_name,
                                 lang, tol, earliest)
        if matches is not None:
            candidates += _matched_sources(objective, objective_row, needed,
                                           guidance, matches, lang, earliest)
        else:
            candidates += _new_sources(objective, objective_row, needed, guidance,
                                       area_of, areas, type_name, lang, earliest)
        if max_candidates is not None:
            candidates = candidates[:max_candidates]
        for rank, candidate in enumerate(candidates, start=1):
            rows.append({**base, "candidate_rank": rank, **candidate})
    columns = ["objective_id", "objective_title", "lead_ministry", "needed_from_year",
               "gap_amount", "risk_adjusted_gap_amount", "currency", "price_year",
               "candidate_rank", "candidate_kind", "source_type_code",
               "source_type_name", "source_id", "source_name", "reason", "channel",
               "lead_time_months", "approach_by", "is_late", "fact_status",
               "reference"]
    return pd.DataFrame(rows, columns=columns)


def _follow_ups(allocations: pd.DataFrame, objective: int, needed: int,
                defaults: pd.DataFrame, type_name: pd.Series, lang: str,
                tol: float, earliest: int) -> list[dict[str, Any]]:
    mine = allocations[(allocations["objective_id"] == objective)
                       & (allocations["status"] != "secured")]
    if mine.empty:
        return []
    grouped = mine.assign(shortfall=mine["amount"] - mine["expected_amount"]).groupby(
        ["source_id", "source_name", "source_type_code", "status"], as_index=False
    ).agg(amount=("amount", "sum"), shortfall=("shortfall", "sum"),
          likelihood=("likelihood", "min"), currency=("currency", "first"),
          lines=("funding_line_id", _line_list))
    grouped = grouped[grouped["shortfall"] > tol].sort_values(
        ["shortfall", "source_id"], ascending=[False, True], kind="mergesort")
    out = []
    status_column = "text_fr" if lang == "fr" else "text_en"
    for row in grouped.itertuples(index=False):
        lead = int(defaults.at[row.status, "follow_up_lead_months"])
        reason = label(
            "plan.follow_up_reason", lang, source=row.source_name,
            status=str(defaults.at[row.status, status_column]).lower(),
            likelihood=numbers.percent(row.likelihood, lang),
            amount=format_money(row.amount, row.currency, lang),
            shortfall=format_money(row.shortfall, row.currency, lang), lines=row.lines)
        out.append({
            "candidate_kind": "follow_up", "source_type_code": row.source_type_code,
            "source_type_name": type_name.get(row.source_type_code, ""),
            "source_id": row.source_id, "source_name": row.source_name,
            "reason": reason, "channel": label("plan.follow_up_channel", lang),
            "lead_time_months": lead, **_calendar(needed, lead, earliest),
            "fact_status": "from_plan",
            "reference": label("plan.follow_up_source", lang, lines=row.lines),
        })
    return out


def _line_list(ids: pd.Series) -> str:
    return ", ".join(str(v) for v in sorted(set(ids)))


def _new_sources(objective: int, objective_row: Any, needed: int,
                 guidance: pd.DataFrame, area_of: Mapping[int, int],
                 areas: pd.Series, type_name: pd.Series, lang: str, earliest: int
                 ) -> list[dict[str, Any]]:
    suffix = "fr" if lang == "fr" else "en"
    out = []
    for tier, row in _suited_types(objective, guidance, area_of):
        rule = str(row["suited_objectives"])
        area_id = area_of.get(objective) if rule == "mptf_areas" else None
        if tier == 0:
            match = label("plan.match_first", lang)
        elif area_id is not None:
            match = label("plan.match_area", lang, objective=objective, area=area_id,
                          area_name=reference_text(f"mptf_area.{area_id}",
                                                   str(areas.get(area_id, "")), lang))
        elif tier == 1:
            match = label("plan.match_targeted", lang, objective=objective,
                          basis=row[f"suited_basis_{suffix}"])
        else:
            match = label("plan.match_any", lang, basis=row[f"suited_basis_{suffix}"])
        reason = f"{match} {row[f'reason_{suffix}']}" + _size_note(
            float(objective_row.risk_adjusted_gap_amount), objective_row.currency,
            row, lang, area_id)
        lead = int(row["lead_time_months"])
        out.append({
            "candidate_kind": "new_source", "source_type_code": row["source_type_code"],
            "source_type_name": type_name.get(row["source_type_code"], ""),
            "source_id": pd.NA, "source_name": pd.NA, "reason": reason,
            "channel": row[f"channel_{suffix}"], "lead_time_months": lead,
            **_calendar(needed, lead, earliest),
            "fact_status": _fact_status(reason), "reference": row["source_url"],
        })
    return out


def _matched_sources(objective: int, objective_row: Any, needed: int,
                     guidance: pd.DataFrame, matches: pd.DataFrame, lang: str,
                     earliest: int) -> list[dict[str, Any]]:
    """New sources for an objective from the per-intervention matching: eligible
    for one of its interventions, best fit first."""
    suffix = "fr" if lang == "fr" else "en"
    mine = matches[(matches["objective_id"] == objective) & matches["is_eligible"]]
    if mine.empty:
        return []
    order = guidance.set_index("source_type_code")
    best = mine.assign(order=mine["source_type_code"].map(order["suggested_rank"]))
    best = best.sort_values(["fit_score", "order", "intervention_id"],
                            ascending=[False, True, True], kind="mergesort")
    best = best.drop_duplicates("source_type_code")
    out = []
    for row in best.itertuples(index=False):
        info = order.loc[row.source_type_code]
        reason = (label("plan.match_intervention", lang,
                        intervention=row.intervention_id, reason=row.reason)
                  + " " + str(info[f"reason_{suffix}"]) + _size_note(
                      float(objective_row.risk_adjusted_gap_amount),
                      objective_row.currency, info, lang, None))
        lead = int(info["lead_time_months"])
        out.append({
            "candidate_kind": "new_source", "source_type_code": row.source_type_code,
            "source_type_name": row.source_type_name, "source_id": pd.NA,
            "source_name": pd.NA, "reason": reason,
            "channel": info[f"channel_{suffix}"], "lead_time_months": lead,
            **_calendar(needed, lead, earliest),
            "fact_status": _fact_status(reason), "reference": info["source_url"],
        })
    return out


def approach_text(plan_table: pd.DataFrame, lang: str = "en") -> list[str]:
    """The month to approach each source, saying when its lead time can no
    longer be met before the money is needed (the calendar starts after the run
    date)."""
    late = (plan_table["is_late"].astype(bool) if "is_late" in plan_table
            else pd.Series(False, index=plan_table.index))
    return [label("plan.approach_late", lang, month=numbers.month(month, lang),
                  year=int(year))
            if is_late else numbers.month(month, lang)
            for month, year, is_late in zip(plan_table["approach_by"],
                                            plan_table["needed_from_year"], late,
                                            strict=True)]
