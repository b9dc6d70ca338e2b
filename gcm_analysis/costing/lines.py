"""The budget lines: one row per cost line and year, plus contingency lines."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import numbers
from ..i18n import t
from ..plan.specs import Plan, PlanSettings
from .prices import _exchange_rates_used, compute_price_index

CONTINGENCY = "contingency"

BUDGET_LINE_COLUMNS: tuple[str, ...] = (
    "iso3", "objective_id", "intervention_id", "line_id", "year", "item", "category",
    "is_support_activity", "cost_type", "costing_method", "ministry", "quantity",
    "unit", "unit_cost", "unit_cost_currency", "unit_cost_price_year", "fx_rate",
    "fx_rate_date", "amount_constant", "amount_nominal", "currency", "price_year",
)
"""Columns of :func:`compute_budget_lines` (documented in docs/contracts.md)."""

MONEY_COLUMNS: tuple[str, ...] = ("amount_constant", "amount_nominal", "currency",
                                  "price_year")


# ------------------------------------------------------------------ the lines
def _line_table(plan: Plan) -> pd.DataFrame:
    """One row per cost line with everything costing needs (not yet by year)."""
    interventions = plan.interventions.drop_duplicates("intervention_id").set_index(
        "intervention_id")
    lines = plan.cost_lines.reset_index(drop=True)
    fx = _exchange_rates_used(plan)
    index = compute_price_index(plan).set_index("year")["price_index"]
    merged = lines.merge(fx, on=["currency", "price_year"], how="left",
                         validate="many_to_one")
    first = merged["first_year"].astype(int).to_numpy()
    last = merged["last_year"].astype(int).to_numpy()
    is_start_up = (merged["cost_type"] == "start_up").to_numpy()
    last = np.where(is_start_up, first, last)
    deflator = merged["price_year"].astype(int).map(index).to_numpy(dtype=float)
    return merged.assign(
        objective_id=merged["intervention_id"].map(interventions["objective_id"]),
        first_year=first,
        last_year=last,
        n_years=last - first + 1,
        # constant base-year money per unit of (quantity x unit cost)
        to_constant=merged["fx_rate"].to_numpy(dtype=float) / deflator,
    )


def compute_budget_lines(plan: Plan, lang: str = "en") -> pd.DataFrame:
    """Return the budget as one row per cost line and year, plus contingency rows.

    Each cost line is converted to the reporting currency at its dated rate,
    moved from its price year to base-year prices with the price index
    (``amount_constant``), then inflated to the year it is spent
    (``amount_nominal``); both are rounded to the cent, so every total built
    from these rows reconciles with them to the cent. Contingency
    (``contingency_pct`` of bottom-up costs; top-down amounts are taken as
    complete, see docs/assumptions.md#m02-contingency) is one row per
    intervention, ministry and year, with category and cost_type
    ``contingency``.

    Parameters
    ----------
    plan : Plan
        A validated plan.

    Returns
    -------
    DataFrame
        Columns :data:`BUDGET_LINE_COLUMNS`. ``amount_constant`` is in
        ``currency`` at ``price_year`` (= the base year) prices;
        ``amount_nominal`` in current prices of ``year``. ``unit_cost``,
        ``unit_cost_currency``, ``unit_cost_price_year`` are the line's inputs as
        entered.

    Raises
    ------
    InputError
        If a cost line's currency has no dated rate to the reporting currency.
    """
    settings = plan.settings
    table = _line_table(plan)
    index = compute_price_index(plan).set_index("year")["price_index"]
    counts = table["n_years"].to_numpy()
    position = np.repeat(np.arange(len(table)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    expanded = table.iloc[position].reset_index(drop=True)
    years = expanded["first_year"].to_numpy() + offsets
    quantity = expanded["quantity_per_year"].astype(float).to_numpy()
    unit_cost = expanded["unit_cost_likely"].astype(float).to_numpy()
    constant_raw = quantity * unit_cost * expanded["to_constant"].to_numpy()
    nominal_raw = constant_raw * pd.Series(years).map(index).to_numpy(dtype=float)
    lines = pd.DataFrame({
        "iso3": settings.country,
        "objective_id": expanded["objective_id"].astype("Int64"),
        "intervention_id": expanded["intervention_id"].astype("string"),
        "line_id": expanded["line_id"].astype("string"),
        "year": years.astype(int),
        "item": expanded["item"].astype("string"),
        "category": expanded["category"].astype("string"),
        "is_support_activity": expanded["is_support_activity"].astype("boolean"),
        "cost_type": expanded["cost_type"].astype("string"),
        "costing_method": expanded["costing_method"].astype("string"),
        "ministry": expanded["ministry"].astype("string"),
        "quantity": pd.array(quantity, dtype="Float64"),
        "unit": expanded["unit"].astype("string"),
        "unit_cost": pd.array(unit_cost, dtype="Float64"),
        "unit_cost_currency": expanded["currency"].astype("string"),
        "unit_cost_price_year": expanded["price_year"].astype("Int64"),
        "fx_rate": pd.array(expanded["fx_rate"].to_numpy(dtype=float), dtype="Float64"),
        "fx_rate_date": pd.to_datetime(expanded["fx_rate_date"]).dt.strftime(
            "%Y-%m-%d"),
        "amount_constant": np.round(constant_raw, 2),
        "amount_nominal": np.round(nominal_raw, 2),
        "currency": settings.reporting_currency,
        "price_year": settings.base_year,
    })
    lines["fx_rate_date"] = lines["fx_rate_date"].astype("string")
    contingency = _contingency_lines(lines, settings, plan.interventions, lang)
    out = pd.concat([lines.assign(_order=0), contingency.assign(_order=1)],
                    ignore_index=True)
    out = out.sort_values(["objective_id", "intervention_id", "_order", "line_id",
                           "year"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)[list(BUDGET_LINE_COLUMNS)]


def _contingency_lines(lines: pd.DataFrame, settings: PlanSettings,
                       interventions: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Contingency rows: pct of bottom-up costs per intervention, ministry, year."""
    base = lines[lines["costing_method"] == "bottom_up"]
    if base.empty or settings.contingency_pct == 0:
        return lines.iloc[0:0]
    keys = ["objective_id", "intervention_id", "ministry", "year"]
    grouped = base.groupby(keys, sort=True, dropna=False)[
        ["amount_constant", "amount_nominal"]].sum().reset_index()
    share = settings.contingency_pct / 100.0
    ministries = grouped[["intervention_id", "ministry"]].drop_duplicates()
    ministries = ministries.assign(
        k=ministries.groupby("intervention_id").cumcount() + 1,
        n=ministries.groupby("intervention_id")["ministry"].transform("size"))
    grouped = grouped.merge(ministries, on=["intervention_id", "ministry"])
    suffix = np.where(grouped["n"] > 1, grouped["k"].astype(str), "")
    line_id = grouped["intervention_id"].astype(str) + "-CONT" + suffix
    return pd.DataFrame({
        "iso3": settings.country,
        "objective_id": grouped["objective_id"].astype("Int64"),
        "intervention_id": grouped["intervention_id"].astype("string"),
        "line_id": line_id.astype("string"),
        "year": grouped["year"].astype(int),
        "item": t("costing.contingency_item", lang,
                  pct=numbers.number(settings.contingency_pct, lang, digits=None)),
        "category": CONTINGENCY,
        "is_support_activity": pd.array([False] * len(grouped), dtype="boolean"),
        "cost_type": CONTINGENCY,
        "costing_method": "bottom_up",
        "ministry": grouped["ministry"].astype("string"),
        "quantity": pd.array([pd.NA] * len(grouped), dtype="Float64"),
        "unit": pd.array([pd.NA] * len(grouped), dtype="string"),
        "unit_cost": pd.array([pd.NA] * len(grouped), dtype="Float64"),
        "unit_cost_currency": pd.array([pd.NA] * len(grouped), dtype="string"),
        "unit_cost_price_year": pd.array([pd.NA] * len(grouped), dtype="Int64"),
        "fx_rate": pd.array([pd.NA] * len(grouped), dtype="Float64"),
        "fx_rate_date": pd.array([pd.NA] * len(grouped), dtype="string"),
        "amount_constant": np.round(grouped["amount_constant"].to_numpy() * share, 2),
        "amount_nominal": np.round(grouped["amount_nominal"].to_numpy() * share, 2),
        "currency": settings.reporting_currency,
        "price_year": settings.base_year,
    })
