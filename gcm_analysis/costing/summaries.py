"""Budget totals by any keys, by component, by intervention."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..plan.specs import Plan
from .lines import CONTINGENCY


# ------------------------------------------------------------------ summaries
def check_single_money_basis(lines: pd.DataFrame) -> tuple[str, int]:
    """Return the one currency and price year of a money table, or raise.

    Raises
    ------
    ValueError
        If the rows use more than one currency or price year: such amounts
        cannot be added up.
    """
    currencies = lines["currency"].dropna().unique()
    price_years = lines["price_year"].dropna().unique()
    if len(currencies) > 1:
        raise ValueError(
            "cannot add amounts in different currencies "
            f"{sorted(map(str, currencies))}; "
            "convert them with dated exchange rates first")
    if len(price_years) > 1:
        raise ValueError(
            "cannot add amounts at different price years "
            f"{sorted(map(int, price_years))}")
    currency = str(currencies[0]) if len(currencies) else ""
    price_year = int(price_years[0]) if len(price_years) else 0
    return currency, price_year


def describe_method(top_down_share: float) -> str:
    """Name the costing method of a total from its top-down share (0-1).

    Examples
    --------
    >>> describe_method(0.0), describe_method(1.0), describe_method(0.25)
    ('bottom-up', 'top-down', 'mixed: bottom-up 75%, top-down 25%')
    """
    if not top_down_share > 0:
        return "bottom-up"
    if top_down_share >= 1:
        return "top-down"
    top = round(100 * top_down_share)
    top = min(max(top, 1), 99)
    return f"mixed: bottom-up {100 - top}%, top-down {top}%"


def summarise_budget(lines: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Add up budget lines by the given keys; every total names its method.

    Parameters
    ----------
    lines : DataFrame
        From :func:`compute_budget_lines` (or a filtered part of it).
    by : sequence of str
        Grouping columns, e.g. ``["objective_id"]``, ``["year"]``,
        ``["objective_id", "year"]``; empty for the grand total.

    Returns
    -------
    DataFrame
        ``*by, amount_constant, amount_nominal, currency, price_year, share_pct,
        method``, sorted by the keys. ``share_pct`` is the group's share of the
        constant-price total of ``lines`` (0-100); ``method`` is ``bottom-up``,
        ``top-down`` or ``mixed: bottom-up x%, top-down y%``.

    Raises
    ------
    ValueError
        If ``lines`` mixes currencies or price years.
    """
    currency, price_year = check_single_money_basis(lines)
    keys = list(by)
    work = lines.assign(
        _top=np.where(lines["costing_method"] == "top_down",
                      lines["amount_constant"], 0.0))
    if keys:
        sums = work.groupby(keys, sort=True, dropna=False)[
            ["amount_constant", "amount_nominal", "_top"]].sum().reset_index()
    else:
        sums = work[["amount_constant", "amount_nominal", "_top"]].sum().to_frame().T
    total = float(lines["amount_constant"].sum())
    top_share = np.divide(sums["_top"].to_numpy(dtype=float),
                          sums["amount_constant"].to_numpy(dtype=float),
                          out=np.zeros(len(sums)),
                          where=sums["amount_constant"].to_numpy(dtype=float) != 0)
    out = sums.assign(
        amount_constant=sums["amount_constant"].astype(float).round(2),
        amount_nominal=sums["amount_nominal"].astype(float).round(2),
        currency=currency,
        price_year=price_year,
        share_pct=(100 * sums["amount_constant"].astype(float) / total).round(4)
        if total else np.nan,
        method=[describe_method(s) for s in top_share],
    ).drop(columns="_top")
    return out.reset_index(drop=True)


_COMPONENTS = (
    ("direct_start_up", "Direct activities: start-up"),
    ("direct_recurrent", "Direct activities: recurrent"),
    ("support_start_up", "Support activities: start-up"),
    ("support_recurrent", "Support activities: recurrent"),
    ("contingency", "Contingency"),
)


def summarise_budget_components(lines: pd.DataFrame) -> pd.DataFrame:
    """Split the total into direct and support activities, start-up and recurrent.

    Returns
    -------
    DataFrame
        ``component, component_name, amount_constant, amount_nominal, currency,
        price_year, share_pct, method``; the components (direct / support x
        start-up / recurrent, contingency), then ``support_total`` (support
        activities incl. nothing of contingency) and ``total``.
    """
    support = np.where(lines["is_support_activity"].fillna(False).astype(bool),
                       "support", "direct")
    component = np.where(lines["cost_type"] == CONTINGENCY, CONTINGENCY,
                         support + "_" + lines["cost_type"].astype(str))
    tagged = lines.assign(component=component)
    parts = summarise_budget(tagged, ["component"]).set_index("component")
    currency, price_year = check_single_money_basis(lines)
    rows = []
    for code, name in _COMPONENTS:
        if code in parts.index:
            rows.append({"component": code, "component_name": name,
                         **parts.loc[code].to_dict()})
        else:
            rows.append({"component": code, "component_name": name,
                         "amount_constant": 0.0, "amount_nominal": 0.0,
                         "currency": currency, "price_year": price_year,
                         "share_pct": 0.0, "method": "bottom-up"})
    support_lines = tagged[tagged["component"].str.startswith("support")]
    extra = [("support_total", "Support activities: total", support_lines),
             ("total", "Total", tagged)]
    for code, name, part in extra:
        if part.empty:
            rows.append({"component": code, "component_name": name,
                         "amount_constant": 0.0, "amount_nominal": 0.0,
                         "currency": currency, "price_year": price_year,
                         "share_pct": 0.0, "method": "bottom-up"})
            continue
        total = summarise_budget(part).iloc[0].to_dict()
        total["share_pct"] = round(100 * total["amount_constant"]
                                   / float(lines["amount_constant"].sum()), 4) if float(
            lines["amount_constant"].sum()) else np.nan
        rows.append({"component": code, "component_name": name, **total})
    columns = ["component", "component_name", "amount_constant", "amount_nominal",
               "currency", "price_year", "share_pct", "method"]
    return pd.DataFrame(rows)[columns]


def summarise_interventions(lines: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Return the budget per intervention with its title, ministry, years, flags.

    Returns
    -------
    DataFrame
        ``objective_id, intervention_id, title, lead_ministry, start_year,
        end_year, is_essential, amount_constant, amount_nominal, currency,
        price_year, share_pct, method``; interventions without cost lines have
        zero amounts and method ``not costed``.
    """
    totals = summarise_budget(lines, ["intervention_id"])
    columns = ["objective_id", "intervention_id", "title", "lead_ministry",
               "start_year", "end_year", "is_essential"]
    out = plan.interventions[columns].merge(totals, on="intervention_id", how="left")
    currency, price_year = check_single_money_basis(lines)
    uncosted = out["amount_constant"].isna()
    out = out.assign(
        amount_constant=out["amount_constant"].fillna(0.0),
        amount_nominal=out["amount_nominal"].fillna(0.0),
        currency=currency or plan.settings.reporting_currency,
        price_year=price_year or plan.settings.base_year,
        share_pct=out["share_pct"].fillna(0.0),
        method=out["method"].where(~uncosted, "not costed"),
    )
    return out.sort_values(["objective_id", "intervention_id"]).reset_index(drop=True)
