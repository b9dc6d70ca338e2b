"""The crisis test: cut sources, lift liftable earmarks, re-allocate, compare."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..errors import InputError, Problem, msg
from ._common import (
    CELL_KEYS,
    CRISIS_OUTCOMES,
    _tolerance,
    format_money,
    label,
)
from .allocation import _prepared_funding
from .sheets import SOURCE_TYPE_CODES


# ---------------------------------------------------------------------- crisis
def resolve_shock(funding: pd.DataFrame, source_types: Sequence[str] = (),
                  source_ids: Sequence[str] = (), year: int = 0,
                  base_year: int | None = None) -> dict[str, Any]:
    """Decide what a crisis cuts when parameters leave it open.

    ``year`` 0 means the first plan year (``base_year``, or the first funding
    year). With no source types and no source ids, the shock hits the source
    type with the most money in that year (so every report shows a stress test);
    ``is_default`` then says so.

    Returns
    -------
    dict
        ``source_types`` (list), ``source_ids`` (list), ``year`` (int),
        ``is_default`` (bool).
    """
    lines = _prepared_funding(funding)
    first = base_year if base_year is not None else (
        int(lines["year"].min()) if len(lines) else 0)
    chosen_year = int(year) if year else int(first)
    types, ids = list(source_types), list(source_ids)
    is_default = not types and not ids
    if is_default:
        in_year = lines[lines["year"] == chosen_year]
        if len(in_year):
            totals = in_year.groupby("source_type_code")["amount"].sum()
            totals = totals.sort_index().sort_values(ascending=False, kind="mergesort")
            types = [str(totals.index[0])]
    return {"source_types": types, "source_ids": ids, "year": chosen_year,
            "is_default": is_default}


def shock_funding(funding: pd.DataFrame, source_types: Sequence[str] = (),
                  source_ids: Sequence[str] = (), share: float = 0.5,
                  year: int | None = None) -> pd.DataFrame:
    """Return the funding after a crisis: chosen lines cut, liftable earmarks lifted.

    Parameters
    ----------
    funding : DataFrame
        Prepared funding.
    source_types, source_ids : sequence of str
        Lines of these source types or source ids are cut.
    share : float
        Share of each hit line's amount that disappears (0-1).
    year : int, optional
        Year of the shock; ``None`` = every year. Earmarks marked
        ``can_reallocate_in_crisis`` are lifted in the shock year(s) only.

    Returns
    -------
    DataFrame
        The funding columns (amount reduced) plus ``baseline_amount,
        shock_cut_amount, is_shocked, is_earmark_lifted``.

    Raises
    ------
    ValueError
        If ``share`` is outside 0-1 or a source type is unknown.
    """
    if not 0.0 <= float(share) <= 1.0:
        raise ValueError(f"shock share must be from 0 to 1; found {share}")
    unknown = sorted(set(source_types) - set(SOURCE_TYPE_CODES))
    if unknown:
        raise ValueError(f"unknown source types {unknown}; use {SOURCE_TYPE_CODES}")
    lines = _prepared_funding(funding)
    in_year = (pd.Series(True, index=lines.index) if year is None
               else lines["year"] == int(year))
    hit = in_year & (lines["source_type_code"].isin(list(source_types))
                     | lines["source_id"].isin(list(source_ids)))
    cut = lines["amount"].where(hit, 0.0) * float(share)
    lift = in_year & lines["can_reallocate_in_crisis"] & (
        lines["earmark_objective_id"].notna()
        | lines["earmark_intervention_id"].notna())
    return lines.assign(
        baseline_amount=lines["amount"],
        amount=lines["amount"] - cut,
        earmark_objective_id=lines["earmark_objective_id"].mask(lift),
        earmark_intervention_id=lines["earmark_intervention_id"].mask(lift),
        shock_cut_amount=cut,
        is_shocked=hit.astype(bool),
        is_earmark_lifted=lift.astype(bool),
    )


def compare_scenarios(baseline_gaps: pd.DataFrame, crisis_gaps: pd.DataFrame
                      ) -> pd.DataFrame:
    """Return baseline and crisis funding side by side for every cell.

    Returns
    -------
    DataFrame
        Cell keys, ``intervention_name, is_essential, cost_amount,
        baseline_allocated_amount, crisis_allocated_amount, change_amount,
        baseline_gap_amount, crisis_gap_amount, baseline_expected_funded_amount,
        crisis_expected_funded_amount, currency, price_year``.
    """
    keys = list(CELL_KEYS)
    left = baseline_gaps[[*keys, "intervention_name", "is_essential", "priority_rank",
                          "cost_amount", "allocated_amount", "gap_amount",
                          "expected_funded_amount", "currency", "price_year"]]
    right = crisis_gaps[[*keys, "allocated_amount", "gap_amount",
                         "expected_funded_amount"]]
    both = left.merge(right, on=keys, how="outer", suffixes=("_b", "_c"),
                      validate="one_to_one")
    out = both.rename(columns={
        "allocated_amount_b": "baseline_allocated_amount",
        "allocated_amount_c": "crisis_allocated_amount",
        "gap_amount_b": "baseline_gap_amount", "gap_amount_c": "crisis_gap_amount",
        "expected_funded_amount_b": "baseline_expected_funded_amount",
        "expected_funded_amount_c": "crisis_expected_funded_amount"})
    out["change_amount"] = (out["crisis_allocated_amount"]
                            - out["baseline_allocated_amount"])
    return out[[*keys, "intervention_name", "is_essential", "priority_rank",
                "cost_amount", "baseline_allocated_amount", "crisis_allocated_amount",
                "change_amount", "baseline_gap_amount", "crisis_gap_amount",
                "baseline_expected_funded_amount", "crisis_expected_funded_amount",
                "currency", "price_year"]]


def summarise_crisis(comparison: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Classify each intervention's fate in the crisis and say it in words.

    Outcomes (:data:`CRISIS_OUTCOMES`): ``dropped`` (no funding left in any year,
    it had some), ``delayed`` (no funding left in a year it had some: that year's
    work waits), ``reduced`` (less money in some year), ``reinforced`` (more
    money: re-allocation toward it), ``unchanged``. ``is_protected`` is True for
    essential interventions that lost nothing.

    Returns
    -------
    DataFrame
        ``intervention_id, intervention_name, objective_id, is_essential,
        cost_amount, baseline_allocated_amount, crisis_allocated_amount, change_amount,
        outcome, is_protected, affected_years, explanation, currency,
        price_year``; worst outcomes first.
    """
    tol = _tolerance(comparison["cost_amount"])
    rows = []
    grouped = comparison.groupby(["intervention_id"], sort=True)
    for (intervention,), cells in grouped:
        by_year = cells.groupby("year")[["baseline_allocated_amount",
                                         "crisis_allocated_amount"]].sum()
        lost = by_year[by_year["crisis_allocated_amount"]
                       < by_year["baseline_allocated_amount"] - tol]
        emptied = lost[(lost["crisis_allocated_amount"] <= tol)
                       & (lost["baseline_allocated_amount"] > tol)]
        baseline = float(by_year["baseline_allocated_amount"].sum())
        crisis = float(by_year["crisis_allocated_amount"].sum())
        if baseline > tol and crisis <= tol:
            outcome, years = "dropped", list(lost.index)
        elif len(emptied):
            outcome, years = "delayed", list(emptied.index)
        elif len(lost):
            outcome, years = "reduced", list(lost.index)
        elif crisis > baseline + tol:
            outcome = "reinforced"
            years = list(by_year.index[by_year["crisis_allocated_amount"]
                                       > by_year["baseline_allocated_amount"] + tol])
        else:
            outcome, years = "unchanged", []
        first = cells.iloc[0]
        currency = str(first["currency"])
        year_text = ", ".join(str(int(y)) for y in years)
        key = ("unfunded" if outcome == "unchanged" and baseline <= tol
               else outcome)
        explanation = label(
            f"crisis.explain.{key}", lang, years=year_text,
            baseline=format_money(baseline, currency, lang),
            crisis=format_money(crisis, currency, lang),
            change=format_money(abs(crisis - baseline), currency, lang))
        rows.append({
            "intervention_id": intervention,
            "intervention_name": first["intervention_name"],
            "objective_id": int(first["objective_id"]),
            "is_essential": bool(first["is_essential"]),
            "cost_amount": float(cells["cost_amount"].sum()),
            "baseline_allocated_amount": baseline, "crisis_allocated_amount": crisis,
            "change_amount": crisis - baseline, "outcome": outcome,
            # protected: essential, had money before the shock, and keeps it
            "is_protected": bool(first["is_essential"]) and baseline > tol
            and outcome in ("unchanged", "reinforced"),
            "affected_years": year_text, "explanation": explanation,
            "currency": currency, "price_year": int(first["price_year"]),
        })
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    order = {o: i for i, o in enumerate(reversed(CRISIS_OUTCOMES))}
    return out.assign(_o=out["outcome"].map(order)).sort_values(
        ["_o", "is_essential", "change_amount", "intervention_id"],
        ascending=[True, True, True, True], kind="mergesort").drop(columns="_o"
                                                                  ).reset_index(drop=True)


def crisis_totals(comparison: pd.DataFrame, shocked: pd.DataFrame) -> pd.DataFrame:
    """Return the crisis in a few numbers (money cut, re-allocated, gaps).

    Returns
    -------
    DataFrame
        ``measure, baseline_amount, crisis_amount, currency, price_year`` for
        ``available`` (funding), ``allocated_essential``, ``allocated_other``,
        ``gap_essential``, ``gap_other``, and ``measure`` ``cut`` and
        ``reallocated`` (money moved to cells that gained) with the crisis value.
    """
    units = comparison[["currency", "price_year"]].drop_duplicates()
    if len(units) > 1:
        raise InputError(Problem.of(msg("cannot_add"), file="crisis"))
    currency, price_year = (units.iloc[0].tolist() if len(units) else ["", 0])
    essential = comparison["is_essential"].astype(bool)

    def pair(column: str, mask: pd.Series) -> tuple[float, float]:
        return (float(comparison.loc[mask, f"baseline_{column}"].sum()),
                float(comparison.loc[mask, f"crisis_{column}"].sum()))

    rows = [
        ("available", float(shocked["baseline_amount"].sum()),
         float(shocked["amount"].sum())),
        ("cut", 0.0, float(shocked["shock_cut_amount"].sum())),
        ("allocated_essential", *pair("allocated_amount", essential)),
        ("allocated_other", *pair("allocated_amount", ~essential)),
        ("gap_essential", *pair("gap_amount", essential)),
        ("gap_other", *pair("gap_amount", ~essential)),
        ("reallocated", 0.0, float(comparison["change_amount"].clip(lower=0).sum())),
    ]
    out = pd.DataFrame(rows, columns=["measure", "baseline_amount", "crisis_amount"])
    return out.assign(currency=currency, price_year=price_year)
