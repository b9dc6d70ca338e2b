"""Costs to fund: check a costs table and sum it to allocation cells."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import ProblemList, msg
from ._common import (
    COST_COLUMNS,
    OBJECTIVE_IDS,
    OPTIONAL_COST_COLUMNS,
)


# ----------------------------------------------------------------------- costs
def prepare_costs(costs: pd.DataFrame, file: str = "costs") -> pd.DataFrame:
    """Check a costs table and sum it to allocation cells.

    Parameters
    ----------
    costs : DataFrame
        At least :data:`COST_COLUMNS`; optional ``priority_rank`` (1 = most
        important; blank = after every ranked intervention) and
        ``intervention_name``. ``is_essential`` blank means not essential.
    file : str
        Label used in problems (rows are numbered as in a CSV file: first data
        row = 2).

    Returns
    -------
    DataFrame
        One row per cell: ``intervention_id, objective_id, ministry, year,
        is_essential, priority_rank, intervention_name, amount, currency,
        price_year``, sorted by the allocation order of importance.

    Raises
    ------
    InputError
        Listing every problem: missing columns, objectives outside 1-23, negative
        or non-finite amounts, an intervention with two objectives, essential
        flags or ranks, or a year with two currencies or price years.
    """
    problems = ProblemList()
    missing = [c for c in COST_COLUMNS if c not in costs.columns]
    if missing:
        problems.add(file=file, message=msg("columns_missing",
                                            columns=", ".join(missing)),
                     expected=", ".join(COST_COLUMNS))
        problems.raise_if_any(f"{file}: the costs table cannot be used")
    table = costs.reset_index(drop=True)
    rows = pd.Series(range(2, len(table) + 2))
    amount = pd.to_numeric(table["amount"], errors="coerce")
    objective = pd.to_numeric(table["objective_id"], errors="coerce")
    year = pd.to_numeric(table["year"], errors="coerce")
    checks = [
        ("amount", ~np.isfinite(amount.astype(float)) | (amount < 0),
         msg("costs.amount"), msg("costs.amount.expected")),
        ("objective_id", ~objective.isin(OBJECTIVE_IDS),
         msg("costs.objective"), msg("costs.objective.expected")),
        ("year", year.isna() | (year % 1 != 0), msg("costs.year"),
         msg("costs.year.expected")),
        ("intervention_id", table["intervention_id"].isna(),
         msg("costs.intervention"), msg("costs.intervention.expected")),
        ("currency", table["currency"].isna(), msg("costs.currency"),
         msg("costs.currency.expected")),
        ("price_year", table["price_year"].isna(), msg("costs.price_year"),
         msg("costs.price_year.expected")),
    ]
    for column, bad, message, expected in checks:
        for position in np.flatnonzero(bad.fillna(True).to_numpy()):
            problems.add(file=file, row=int(rows[position]), column=column,
                         value=table[column].iloc[position], message=message,
                         expected=expected)
    problems.raise_if_any(f"{file}: {len(problems.problems)} problem(s) in the costs")
    essential = table["is_essential"].astype("boolean").fillna(False).astype(bool)
    rank = (pd.to_numeric(table["priority_rank"], errors="coerce").astype(float)
            if "priority_rank" in table else pd.Series(np.nan, index=table.index))
    name = (table["intervention_name"].astype("string") if "intervention_name" in table
            else table["intervention_id"].astype("string"))
    clean = pd.DataFrame({
        "intervention_id": table["intervention_id"].astype(str),
        "objective_id": objective.astype(int),
        "ministry": table["ministry"].astype("string").fillna(""),
        "year": year.astype(int),
        "is_essential": essential,
        "priority_rank": rank,
        "intervention_name": name.fillna(table["intervention_id"].astype("string")),
        "amount": amount.astype(float),
        "currency": table["currency"].astype(str),
        "price_year": pd.to_numeric(table["price_year"]).astype(int),
    })
    attributes = ["objective_id", "is_essential", "priority_rank"]
    counts = clean.groupby("intervention_id", sort=True)[attributes].nunique(
        dropna=False)
    for column in attributes:
        for intervention in counts.index[counts[column] > 1]:
            problems.add(file=file, column=column, value=intervention,
                         message=msg("costs.attribute", intervention=intervention,
                                     column=column),
                         expected=msg("costs.attribute.expected", column=column))
    units = clean.groupby("year")[["currency", "price_year"]].nunique()
    for year_value, row in units.iterrows():
        if row["currency"] > 1 or row["price_year"] > 1:
            problems.add(file=file, column="currency", value=year_value,
                         message=msg("costs.mixed_year", year=year_value),
                         expected=msg("costs.mixed_year.expected"))
    if clean["currency"].nunique() > 1:
        problems.add(file=file, column="currency",
                     value=", ".join(sorted(clean["currency"].unique())),
                     message=msg("costs.currencies"),
                     expected=msg("costs.currencies.expected"))
    problems.raise_if_any(f"{file}: {len(problems.problems)} problem(s) in the costs")
    keys = ["intervention_id", "ministry", "year"]
    cells = clean.groupby(keys, as_index=False, sort=False).agg(
        objective_id=("objective_id", "first"), is_essential=("is_essential", "first"),
        priority_rank=("priority_rank", "first"),
        intervention_name=("intervention_name", "first"),
        amount=("amount", "sum"), currency=("currency", "first"),
        price_year=("price_year", "first"))
    return _sort_by_importance(cells)[
        ["intervention_id", "objective_id", "ministry", "year", "is_essential",
         "priority_rank", "intervention_name", "amount", "currency", "price_year"]
    ].reset_index(drop=True)


def _sort_by_importance(cells: pd.DataFrame) -> pd.DataFrame:
    """Order cells as the allocation fills them: essential, rank, ids."""
    order = cells.assign(
        _not_essential=~cells["is_essential"].astype(bool),
        _rank=cells["priority_rank"].fillna(np.inf),
    )
    return order.sort_values(
        ["year", "_not_essential", "_rank", "objective_id", "intervention_id",
         "ministry"], kind="mergesort").drop(columns=["_not_essential", "_rank"])


def costs_from_budget(budget_lines: pd.DataFrame,
                      interventions: pd.DataFrame | None = None,
                      selection: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the generic costs table from the costing stage's budget lines.

    Uses ``amount_constant`` (reporting currency, base-year prices, contingency
    rows included) so that amounts of different years can be added; funding
    entered in money of its own year is brought to the same prices with
    :func:`convert_funding_prices`.

    Parameters
    ----------
    budget_lines : DataFrame
        :data:`gcm_analysis.costing.BUDGET_LINE_COLUMNS` (``budget_lines.csv``),
        or a table that already has :data:`COST_COLUMNS`.
    interventions : DataFrame, optional
        The plan's interventions (``intervention_id, title, is_essential`` and
        optionally ``priority_rank``): essential flags and names. Without it no
        intervention is essential.
    selection : DataFrame, optional
        ``selection.csv`` (02): an objective's ``rank`` becomes the
        ``priority_rank`` of its interventions when they have none of their own.

    Returns
    -------
    DataFrame
        :data:`COST_COLUMNS` plus ``priority_rank`` and ``intervention_name``.
    """
    table = budget_lines.copy()
    if "amount" not in table and "amount_constant" in table:
        table["amount"] = table["amount_constant"]
    if interventions is not None:
        info = interventions.drop_duplicates("intervention_id").set_index(
            "intervention_id")
        for source, target in (("is_essential", "is_essential"),
                               ("priority_rank", "priority_rank"),
                               ("title", "intervention_name")):
            if target not in table and source in info:
                table[target] = table["intervention_id"].map(info[source])
    if "is_essential" not in table:
        table["is_essential"] = False
    table["is_essential"] = table["is_essential"].map(_as_flag).astype(bool)
    if selection is not None and "rank" in selection and "objective_id" in selection:
        ranks = selection.set_index(selection["objective_id"].astype(int))["rank"]
        by_objective = pd.to_numeric(table["objective_id"]).astype(int).map(ranks)
        given = (pd.to_numeric(table["priority_rank"], errors="coerce")
                 if "priority_rank" in table else pd.Series(np.nan, index=table.index))
        table["priority_rank"] = given.fillna(by_objective)
    keep = [c for c in (*COST_COLUMNS, *OPTIONAL_COST_COLUMNS) if c in table]
    return table[keep].reset_index(drop=True)


def _as_flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1", "oui")
    return False if value is None or pd.isna(value) else bool(value)
