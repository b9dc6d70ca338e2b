"""Cost a GCM implementation plan: a multi-year budget with a range.

From a validated :class:`~gcm_analysis.plan.Plan`:

* :func:`compute_budget_lines`: one row per cost line and year, in the
  reporting currency, at constant (base-year) and nominal prices, with
  contingency lines; every total is a sum of these rows.
* :func:`summarise_budget`, :func:`summarise_budget_components`: totals by any
  keys (objective, year, category, ministry...), each saying which costing
  method produced it; direct vs support activities, start-up vs recurrent.
* :func:`simulate_budget`, :func:`summarise_simulation`: seeded Monte Carlo on
  low/likely/high unit costs and quantities (PERT or triangular), P10/P50/P90
  overall and per objective.
* :func:`compute_cost_drivers`: the tornado of the inputs that move the total most.
* :func:`build_starter_plan`, :func:`estimate_indicative_costs`: illustrative
  plans and costs from the default menu of costed actions
  (``data/reference/costed_actions.csv``), prices scaled to the country.

Assumptions are listed in ``docs/assumptions.md``; code applying one cites its
heading.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

from . import io, reference
from .errors import InputError, Problem
from .plan import Plan, PlanSettings, plan_from_tables

log = logging.getLogger(__name__)

DISTRIBUTIONS: tuple[str, ...] = ("pert", "triangular")
DEFAULT_STARTER_OBJECTIVES: tuple[int, ...] = (1, 3, 6, 15, 23)
"""Objectives of a starter plan when no selection is available.

See docs/assumptions.md#d01-default-starter-objectives.
"""
DEFAULT_USD_INFLATION_PCT = 2.5
"""Inflation of a starter plan (USD, % a year).

See docs/assumptions.md#d02-starter-plan-inflation.
"""
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
_CHUNK_CELLS = 1_000_000  # matrix cells per Monte Carlo chunk (memory ~ 8 MB each)


# ---------------------------------------------------------------- price basis
def compute_price_index(plan: Plan, first_year: int | None = None) -> pd.DataFrame:
    """Return the price index of the reporting currency, base year = 1.

    Parameters
    ----------
    plan : Plan
    first_year : int, optional
        Earliest year needed (the oldest price year); defaults to the earliest of
        the base year and the cost lines' price years.

    Returns
    -------
    DataFrame
        ``year, inflation_pct, price_index, source``, one row per year from
        ``first_year`` to the plan's last year (or the latest price year).
        ``inflation_pct`` of year t is the
        change from t-1 to t; ``source`` names the inflation_rates row or the
        default setting.
    """
    settings = plan.settings
    years_needed = [settings.base_year]
    if first_year is not None:
        years_needed.append(first_year)
    if len(plan.cost_lines):
        years_needed.append(int(plan.cost_lines["price_year"].min()))
    start = min(years_needed)
    end = settings.end_year
    if len(plan.cost_lines):  # a price year may lie after the horizon
        end = max(end, int(plan.cost_lines["price_year"].max()))
    years = np.arange(start, end + 1)
    given = plan.inflation_rates.dropna(subset=["year"]).drop_duplicates("year")
    rates = dict(zip(given["year"].astype(int), given["inflation_pct"].astype(float),
                     strict=True))
    sources = dict(zip(given["year"].astype(int), given["source"].astype(str),
                       strict=True))
    pct = np.array([rates.get(int(y), settings.inflation_pct) for y in years])
    growth = 1.0 + pct / 100.0
    # index(t) = prod_{s=base+1..t} growth(s) for t > base; 1 / prod_{s=t+1..base}
    # growth(s) for t < base (docs/assumptions.md#m01-inflation-and-exchange-rates).
    log_growth = np.log(growth)
    cumulative = np.cumsum(log_growth)
    base_pos = int(settings.base_year - start)
    index = np.exp(cumulative - cumulative[base_pos])
    source = [sources.get(int(y), "inflation_pct setting") for y in years]
    return pd.DataFrame({"year": years.astype(int), "inflation_pct": pct,
                         "price_index": index, "source": source})


def _exchange_rates_used(plan: Plan) -> pd.DataFrame:
    """Pick one dated rate per (currency, price year) of the cost lines.

    The rate dated nearest to 1 July of the price year wins (the middle of the
    year whose prices the unit cost is in); see
    docs/assumptions.md#m01-inflation-and-exchange-rates.
    """
    reporting = plan.settings.reporting_currency
    pairs = plan.cost_lines[["currency", "price_year"]].drop_duplicates()
    rates = plan.exchange_rates
    direct = rates.loc[rates["to_currency"] == reporting,
                       ["from_currency", "rate", "rate_date"]].rename(
        columns={"from_currency": "currency"})
    inverse = rates.loc[rates["from_currency"] == reporting,
                        ["to_currency", "rate", "rate_date"]].rename(
        columns={"to_currency": "currency"})
    inverse = inverse.assign(rate=1.0 / inverse["rate"].astype(float))
    candidates = pd.concat([direct.assign(order=0), inverse.assign(order=1)],
                           ignore_index=True)
    rows = []
    problems = []
    for currency, price_year in pairs.itertuples(index=False):
        if currency == reporting:
            rows.append((currency, int(price_year), 1.0, pd.NaT))
            continue
        found = candidates[candidates["currency"] == currency]
        if found.empty:
            problems.append(Problem(
                file=plan.source or "<plan>", sheet="exchange_rates",
                column="currency", value=currency,
                message=f"no dated exchange rate between {currency} and the reporting "
                f"currency {reporting}; mixing currencies needs a rate",
                expected=f"a row {currency} -> {reporting} (or {reporting} -> "
                f"{currency}) in exchange_rates"))
            continue
        middle = pd.Timestamp(year=int(price_year), month=7, day=1)
        distance = (pd.to_datetime(found["rate_date"]) - middle).abs()
        best = found.assign(distance=distance).sort_values(
            ["distance", "rate_date", "order"]).iloc[0]
        rows.append((currency, int(price_year), float(best["rate"]),
                     pd.Timestamp(best["rate_date"])))
    if problems:
        raise InputError(problems, "the plan mixes currencies without exchange rates")
    return pd.DataFrame(rows, columns=["currency", "price_year", "fx_rate",
                                       "fx_rate_date"])


def with_reporting_currency(plan: Plan, currency: str) -> Plan:
    """Return the plan with another reporting currency, if its rates allow it.

    Parameters
    ----------
    plan : Plan
    currency : str
        ISO 4217 code; ``""`` keeps the plan's own reporting currency.

    Returns
    -------
    Plan
        The same plan with ``settings.reporting_currency`` changed. Inflation
        rates are kept (they then apply to amounts in the new currency; see
        docs/assumptions.md#m01-inflation-and-exchange-rates).

    Raises
    ------
    InputError
        If a currency of the cost lines has no dated rate to ``currency``.
    """
    if not currency or currency == plan.settings.reporting_currency:
        return plan
    reference.check_currency(currency)
    changed = plan.with_settings(reporting_currency=currency)
    _exchange_rates_used(changed)
    return changed


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


def compute_budget_lines(plan: Plan) -> pd.DataFrame:
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
    contingency = _contingency_lines(lines, settings, plan.interventions)
    out = pd.concat([lines.assign(_order=0), contingency.assign(_order=1)],
                    ignore_index=True)
    out = out.sort_values(["objective_id", "intervention_id", "_order", "line_id",
                           "year"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)[list(BUDGET_LINE_COLUMNS)]


def _contingency_lines(lines: pd.DataFrame, settings: PlanSettings,
                       interventions: pd.DataFrame) -> pd.DataFrame:
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
        "item": f"Contingency ({settings.contingency_pct:g} % of bottom-up costs)",
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


# -------------------------------------------------------------- uncertainty
def _uncertainty_inputs(plan: Plan) -> pd.DataFrame:
    """Per cost line: the ranges and the weights turning quantity x cost into money."""
    table = _line_table(plan)
    index = compute_price_index(plan).set_index("year")["price_index"]
    years = np.arange(int(table["first_year"].min()), int(table["last_year"].max()) + 1)
    cumulative = np.concatenate([[0.0], np.cumsum(pd.Series(years).map(index)
                                                  .to_numpy(dtype=float))])
    first_pos = table["first_year"].to_numpy() - years[0]
    last_pos = table["last_year"].to_numpy() - years[0]
    nominal_years = cumulative[last_pos + 1] - cumulative[first_pos]
    contingency = np.where(table["costing_method"] == "bottom_up",
                           1.0 + plan.settings.contingency_pct / 100.0, 1.0)
    return pd.DataFrame({
        "line_id": table["line_id"],
        "intervention_id": table["intervention_id"],
        "objective_id": table["objective_id"].astype(int),
        "item": table["item"],
        "quantity_low": table["quantity_per_year_low"].astype(float),
        "quantity_likely": table["quantity_per_year"].astype(float),
        "quantity_high": table["quantity_per_year_high"].astype(float),
        "unit_cost_low": table["unit_cost_low"].astype(float),
        "unit_cost_likely": table["unit_cost_likely"].astype(float),
        "unit_cost_high": table["unit_cost_high"].astype(float),
        "weight_constant": table["to_constant"] * table["n_years"] * contingency,
        "weight_nominal": table["to_constant"].to_numpy() * nominal_years * contingency,
    })


def _sample(rng: np.random.Generator, low: np.ndarray, likely: np.ndarray,
            high: np.ndarray, n: int, distribution: str) -> np.ndarray:
    """Draw ``n`` values per column from PERT or triangular(low, likely, high)."""
    spread = high - low
    varies = np.flatnonzero(spread > 0)
    if len(varies) == 0:
        return np.broadcast_to(likely, (n, len(likely)))
    a, m, b, width = low[varies], likely[varies], high[varies], spread[varies]
    if distribution == "pert":
        # PERT: Beta(1 + 4 (m-a)/(b-a), 1 + 4 (b-m)/(b-a)) scaled to [a, b].
        alpha = 1.0 + 4.0 * (m - a) / width
        beta = 1.0 + 4.0 * (b - m) / width
        drawn = rng.beta(alpha, beta, size=(n, len(a)))
        drawn *= width
        drawn += a
    else:  # triangular, by inverting its distribution function
        u = rng.random((n, len(a)))
        cut = (m - a) / width
        left = a + np.sqrt(u * width * (m - a))
        right = b - np.sqrt((1.0 - u) * width * (b - m))
        drawn = np.where(u < cut, left, right)
    if len(varies) == len(likely):
        return drawn
    out = np.empty((n, len(likely)))
    out[:] = likely
    out[:, varies] = drawn
    return out


def simulate_budget(plan: Plan, n_draws: int = 2000, seed: int = 2018,
                    distribution: str = "pert") -> pd.DataFrame:
    """Monte Carlo of the plan's total cost per objective (seeded, vectorised).

    Each cost line's unit cost and quantity are drawn independently from a PERT
    (default) or triangular distribution on low/likely/high; one draw holds for
    every year of the line. Lines without a range keep their likely value. See
    docs/assumptions.md#m03-uncertainty-model.

    Parameters
    ----------
    plan : Plan
    n_draws : int
        Number of draws (>= 1).
    seed : int
        Seed of numpy's random generator: same plan, seed and n_draws, same draws.
    distribution : {"pert", "triangular"}

    Returns
    -------
    DataFrame
        ``draw, objective_id, amount_constant, amount_nominal, currency,
        price_year``: one row per draw and objective, contingency included.

    Raises
    ------
    ValueError
        For an unknown distribution or ``n_draws`` < 1.
    """
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution must be one of {DISTRIBUTIONS}; "
                         f"found {distribution!r}")
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1; found {n_draws}")
    inputs = _uncertainty_inputs(plan)
    objectives = np.sort(inputs["objective_id"].unique())
    column = np.searchsorted(objectives, inputs["objective_id"].to_numpy())
    n_lines = len(inputs)
    design = np.zeros((n_lines, len(objectives)))
    design[np.arange(n_lines), column] = 1.0
    k = len(objectives)
    weights = np.hstack([design * inputs["weight_constant"].to_numpy()[:, None],
                         design * inputs["weight_nominal"].to_numpy()[:, None]])
    q = [inputs[f"quantity_{k}"].to_numpy() for k in ("low", "likely", "high")]
    c = [inputs[f"unit_cost_{k}"].to_numpy() for k in ("low", "likely", "high")]
    chunk = max(1, _CHUNK_CELLS // max(n_lines, 1))
    starts = list(range(0, n_draws, chunk))
    # One child seed per chunk: results do not depend on thread scheduling.
    children = np.random.SeedSequence(seed).spawn(len(starts))

    def run(i: int) -> np.ndarray:
        rng = np.random.default_rng(children[i])
        n = min(chunk, n_draws - starts[i])
        factor = _sample(rng, *q, n, distribution) * _sample(rng, *c, n, distribution)
        return factor @ weights  # (n, 2k): constant then nominal per objective

    workers = max(1, min(2, os.cpu_count() or 1, len(starts)))
    if workers == 1:
        results = [run(i) for i in range(len(starts))]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(run, range(len(starts))))
    totals = np.vstack(results)
    constant, nominal = totals[:, :k], totals[:, k:]
    return pd.DataFrame({
        "draw": np.repeat(np.arange(n_draws), k),
        "objective_id": np.tile(objectives, n_draws).astype(int),
        "amount_constant": constant.reshape(-1),
        "amount_nominal": nominal.reshape(-1),
        "currency": plan.settings.reporting_currency,
        "price_year": plan.settings.base_year,
    })


def summarise_simulation(draws: pd.DataFrame, lines: pd.DataFrame | None = None
                         ) -> pd.DataFrame:
    """Return P10/P50/P90 and the mean, overall and per objective.

    Parameters
    ----------
    draws : DataFrame
        From :func:`simulate_budget`.
    lines : DataFrame, optional
        Budget lines, to show the deterministic (likely-value) total beside the
        range.

    Returns
    -------
    DataFrame
        ``scope, objective_id, price_basis, deterministic, mean, p10, p50, p90,
        currency, price_year, n_draws``: ``scope`` is ``total`` (objective_id NA)
        or ``objective``; ``price_basis`` is ``constant`` or ``nominal``.
    """
    currency, price_year = check_single_money_basis(draws)
    n_draws = int(draws["draw"].nunique())
    rows = []
    for basis in ("constant", "nominal"):
        column = f"amount_{basis}"
        wide = draws.pivot(index="draw", columns="objective_id", values=column)
        parts = {"total": wide.sum(axis=1).to_frame("all")} | {"objective": wide}
        for scope, frame in parts.items():
            values = frame.to_numpy()
            p10, p50, p90 = np.percentile(values, [10, 50, 90], axis=0)
            for j, key in enumerate(frame.columns):
                deterministic = np.nan
                if lines is not None:
                    mask = (lines["objective_id"] == key) if scope == "objective" else (
                        slice(None))
                    deterministic = round(float(lines.loc[mask, column].sum()), 2)
                rows.append({
                    "scope": scope,
                    "objective_id": pd.NA if scope == "total" else int(key),
                    "price_basis": basis,
                    "deterministic": deterministic,
                    "mean": float(values[:, j].mean()),
                    "p10": float(p10[j]), "p50": float(p50[j]), "p90": float(p90[j]),
                    "currency": currency, "price_year": price_year,
                    "n_draws": n_draws,
                })
    out = pd.DataFrame(rows)
    out["objective_id"] = out["objective_id"].astype("Int64")
    return out


def total_draws(draws: pd.DataFrame, price_basis: str = "constant") -> pd.DataFrame:
    """Return the simulated grand total per draw (for a histogram).

    Returns
    -------
    DataFrame
        ``draw, amount, currency, price_year, price_basis``.
    """
    currency, price_year = check_single_money_basis(draws)
    totals = draws.groupby("draw")[f"amount_{price_basis}"].sum()
    return pd.DataFrame({"draw": totals.index.to_numpy(), "amount": totals.to_numpy(),
                         "currency": currency, "price_year": price_year,
                         "price_basis": price_basis})


def compute_cost_drivers(plan: Plan, top_n: int = 10) -> pd.DataFrame:
    """Return the inputs that move the total most (a tornado), one at a time.

    Each line's unit cost, then its quantity, is set to its low and its high
    value while everything else stays at the likely value; the swing is the
    difference between the two totals (constant prices, contingency included).

    Parameters
    ----------
    plan : Plan
    top_n : int
        How many drivers to keep (largest swing first).

    Returns
    -------
    DataFrame
        ``rank, driver, line_id, intervention_id, objective_id, item, variable,
        input_low, input_likely, input_high, total_low, total_likely, total_high,
        swing, currency, price_year``.
    """
    inputs = _uncertainty_inputs(plan)
    weight = inputs["weight_constant"].to_numpy()
    q_likely = inputs["quantity_likely"].to_numpy()
    c_likely = inputs["unit_cost_likely"].to_numpy()
    total = float((q_likely * c_likely * weight).sum())
    frames = []
    for variable, prefix, other in (("unit cost", "unit_cost", q_likely),
                                    ("quantity", "quantity", c_likely)):
        low = inputs[f"{prefix}_low"].to_numpy()
        likely = inputs[f"{prefix}_likely"].to_numpy()
        high = inputs[f"{prefix}_high"].to_numpy()
        total_low = total + (low - likely) * other * weight
        total_high = total + (high - likely) * other * weight
        frames.append(pd.DataFrame({
            "line_id": inputs["line_id"], "intervention_id": inputs["intervention_id"],
            "objective_id": inputs["objective_id"], "item": inputs["item"],
            "variable": variable, "input_low": low, "input_likely": likely,
            "input_high": high, "total_low": total_low, "total_likely": total,
            "total_high": total_high, "swing": total_high - total_low,
        }))
    drivers = pd.concat(frames, ignore_index=True)
    drivers = drivers[drivers["swing"] > 0].sort_values(
        ["swing", "line_id", "variable"], ascending=[False, True, True],
        kind="stable").head(top_n)
    drivers = drivers.assign(
        rank=np.arange(1, len(drivers) + 1),
        driver=drivers["item"].astype(str) + " (" + drivers["line_id"].astype(str)
        + "): " + drivers["variable"],
        currency=plan.settings.reporting_currency,
        price_year=plan.settings.base_year,
    )
    columns = ["rank", "driver", "line_id", "intervention_id", "objective_id", "item",
               "variable", "input_low", "input_likely", "input_high", "total_low",
               "total_likely", "total_high", "swing", "currency", "price_year"]
    return drivers[columns].reset_index(drop=True)


# ------------------------------------------------------- menu, starter plans
def read_cost_menu() -> pd.DataFrame:
    """Return the default menu of costed actions (``costed_actions.csv``)."""
    return io.read_reference("costed_actions")


def read_cost_scaling() -> dict[str, float]:
    """Return the price-scaling parameters (``cost_scaling.csv``) by name."""
    table = io.read_reference("cost_scaling")
    return dict(zip(table["parameter"], table["value"].astype(float), strict=True))


def country_scale_factor(country_indicators: pd.DataFrame, iso3: str,
                         scaling: dict[str, float] | None = None
                         ) -> tuple[float, str]:
    """Return the factor that scales country-sensitive prices, and how it was made.

    ``factor = clip((gdp_per_capita / reference_gdp_per_capita) ** elasticity,
    min, max)`` (docs/assumptions.md#s01-scaling-prices-to-the-country). Without
    a GDP per capita the factor is 1 (unscaled) and the note says so.

    Parameters
    ----------
    country_indicators : DataFrame
        Long panel ``iso3, indicator, year, value, unit, source``.
    iso3 : str
    scaling : dict, optional
        Parameters from :func:`read_cost_scaling` (read if omitted).

    Returns
    -------
    factor : float
    note : str
    """
    params = scaling or read_cost_scaling()
    is_gdp = country_indicators["indicator"] == "gdp_per_capita_usd"
    rows = country_indicators[(country_indicators["iso3"] == iso3) & is_gdp]
    rows = rows.dropna(subset=["value"])
    if rows.empty:
        return 1.0, (f"unscaled: no GDP per capita for {iso3}, menu prices used as "
                     "they are")
    row = rows.sort_values("year").iloc[-1]
    gdp = float(row["value"])
    raw = (gdp / params["reference_gdp_per_capita_usd"]) ** params[
        "gdp_per_capita_elasticity"]
    factor = float(np.clip(raw, params["min_scale_factor"], params["max_scale_factor"]))
    return factor, (f"scaled by GDP per capita (USD {gdp:,.0f} in {int(row['year'])}; "
                    f"factor {factor:.2f})")


def price_menu(country_indicators: pd.DataFrame, iso3: str,
               menu: pd.DataFrame | None = None,
               scaling: dict[str, float] | None = None) -> pd.DataFrame:
    """Return the menu of costed actions with prices for one country.

    Lines with ``price_basis`` ``gdp_per_capita`` are multiplied by
    :func:`country_scale_factor`; ``global`` lines keep their USD price.

    Returns
    -------
    DataFrame
        The menu's columns with scaled ``unit_cost_low/likely/high`` (rounded to
        the cent) plus ``scale_factor`` and ``price_note``.
    """
    menu = read_cost_menu() if menu is None else menu
    factor, note = country_scale_factor(country_indicators, iso3, scaling)
    scaled = (menu["price_basis"] == "gdp_per_capita").to_numpy()
    multiplier = np.where(scaled, factor, 1.0)
    out = menu.assign(**{
        col: np.round(menu[col].astype(float).to_numpy() * multiplier, 2)
        for col in ("unit_cost_low", "unit_cost_likely", "unit_cost_high")
    })
    return out.assign(scale_factor=multiplier,
                      price_note=np.where(scaled, note, "global price, not scaled"))


def estimate_indicative_costs(country_indicators: pd.DataFrame, iso3: str,
                              menu: pd.DataFrame | None = None,
                              horizon_years: int = 3) -> pd.DataFrame:
    """Return an indicative cost per GCM objective from the menu, for selection.

    The cost of an objective is the sum of its menu actions over
    ``horizon_years`` (start-up costs once, recurrent costs every year), at
    likely prices scaled to the country, in USD at the menu's price year,
    without contingency. It is illustrative: an order of magnitude for comparing
    objectives, not a budget.

    Parameters
    ----------
    country_indicators : DataFrame
        Long panel ``iso3, indicator, year, value, unit, source``.
    iso3 : str
        Country code.
    menu : DataFrame, optional
        Menu of costed actions (read from ``data/reference`` if omitted).
    horizon_years : int
        Years of recurrent costs counted.

    Returns
    -------
    DataFrame
        ``objective_id, indicative_cost_usd, method``: one row per objective
        1-23; ``method`` says how the figure was made.

    Examples
    --------
    >>> panel = pd.DataFrame({"iso3": ["ZZZ"], "indicator": ["gdp_per_capita_usd"],
    ...                       "year": [2023], "value": [10000.0], "unit": ["USD"],
    ...                       "source": ["test"]})
    >>> costs = estimate_indicative_costs(panel, "ZZZ")
    >>> len(costs), bool((costs["indicative_cost_usd"] > 0).all())
    (23, True)
    """
    priced = price_menu(country_indicators, iso3, menu)
    if set(priced["currency"]) != {"USD"}:
        raise ValueError("the menu of costed actions must be priced in USD")
    years = np.where(priced["cost_type"] == "start_up", 1, horizon_years)
    cost = priced["quantity_per_year"].astype(float) * priced[
        "unit_cost_likely"].astype(float) * years
    totals = cost.groupby(priced["objective_id"]).sum()
    n_actions = priced.groupby("objective_id")["action_id"].nunique()
    _, note = country_scale_factor(country_indicators, iso3)
    price_year = int(priced["price_year"].max())
    ids = list(reference.OBJECTIVE_IDS)
    methods = [
        f"menu of costed actions ({int(n_actions.get(i, 0))} actions, {horizon_years} "
        f"years, USD {price_year} prices, {note}; illustrative)"
        if i in totals.index else "not costed: no action in the menu"
        for i in ids
    ]
    return pd.DataFrame({
        "objective_id": ids,
        "indicative_cost_usd": [round(float(totals.get(i, np.nan)), 2) for i in ids],
        "method": methods,
    })


def choose_starter_objectives(selection: pd.DataFrame | None) -> tuple[list[int], str]:
    """Return the objectives of a starter plan and where they come from.

    Parameters
    ----------
    selection : DataFrame or None
        ``selection.csv`` from notebook 02 (``objective_id, is_selected, ...``),
        or ``None`` when it is absent.

    Returns
    -------
    objective_ids : list of int
    origin : str
        ``"selection"`` (the objectives selected in notebook 02),
        ``"default_no_selection"`` (no selection.csv: the documented default set
        :data:`DEFAULT_STARTER_OBJECTIVES`) or ``"default_empty_selection"``
        (selection.csv selects nothing: the same default set).
    """
    default = list(DEFAULT_STARTER_OBJECTIVES)
    if selection is None:
        return default, "default_no_selection"
    flags = selection["is_selected"].map(
        lambda v: str(v).strip().lower() in ("true", "1", "yes"))
    ids = sorted(int(i) for i in selection.loc[flags, "objective_id"])
    if not ids:
        return default, "default_empty_selection"
    return reference.check_objective_ids(ids), "selection"


_ORIGIN_NOTES = {
    "plan_file": "the plan file {plan_file}",
    "selection": "an illustrative starter plan for the objectives selected in "
    "notebook 02 (selection.csv): {ids}",
    "default_no_selection": "an illustrative starter plan; selection.csv was not found "
    "in the run folder, so it covers the default objectives {ids} "
    "(docs/assumptions.md#d01-default-starter-objectives)",
    "default_empty_selection": "an illustrative starter plan; selection.csv selects no "
    "objective, so it covers the default objectives {ids} "
    "(docs/assumptions.md#d01-default-starter-objectives)",
}


def describe_origin(origin: dict[str, Any]) -> str:
    """Return, in English, where a run's plan comes from (for logs and run notes)."""
    ids = ", ".join(str(i) for i in origin.get("objective_ids", []))
    return _ORIGIN_NOTES[origin["kind"]].format(
        plan_file=PurePath(str(origin.get("plan_file") or "")).name, ids=ids)


def build_starter_plan(country: str, objective_ids: Sequence[int],
                       country_indicators: pd.DataFrame, base_year: int,
                       horizon: int, *, contingency_pct: float = 10.0,
                       inflation_pct: float = DEFAULT_USD_INFLATION_PCT,
                       menu: pd.DataFrame | None = None) -> Plan:
    """Build an illustrative plan from the menu of costed actions.

    One intervention per menu action of each selected objective, running the
    whole horizon; start-up costs fall in the base year, recurrent costs every
    year. Prices are the menu's, scaled to the country (:func:`price_menu`), in
    USD at the menu's price year. The plan is marked illustrative (setting,
    titles' notes and every line's source) and passes the same validation as a
    user's plan, so it can be written to a template and edited.

    Parameters
    ----------
    country : str
        ISO3 code.
    objective_ids : sequence of int
        GCM objectives (1-23).
    country_indicators : DataFrame
        Long panel (for GDP per capita).
    base_year : int
        First plan year.
    horizon : int
        Number of plan years.
    contingency_pct : float
        Contingency on bottom-up costs, in %.
    inflation_pct : float
        Annual USD inflation assumed (docs/assumptions.md#d02-starter-plan-inflation).
    menu : DataFrame, optional
        Menu of costed actions (read from ``data/reference`` if omitted).

    Returns
    -------
    Plan

    Raises
    ------
    ParameterError
        If an objective id is not 1-23.
    InputError
        If the resulting plan does not validate (e.g. a bad base year).
    """
    ids = reference.check_objective_ids(list(objective_ids))
    priced = price_menu(country_indicators, country, menu)
    chosen = priced[priced["objective_id"].isin(ids)].sort_values(
        ["objective_id", "action_id", "line_no"])
    actions = chosen.drop_duplicates("action_id")
    end_year = base_year + horizon - 1
    intervention_id = country + "-" + actions["action_id"].astype(str)
    interventions = pd.DataFrame({
        "intervention_id": intervention_id.to_numpy(),
        "objective_id": actions["objective_id"].to_numpy(),
        "title": actions["action_title"].to_numpy(),
        "lead_ministry": actions["lead_ministry"].to_numpy(),
        "partners": "",
        "start_year": base_year,
        "end_year": end_year,
        "is_essential": "",
        "guiding_principles": actions["guiding_principles"].astype(str).to_numpy(),
        "indicator": actions["indicator"].to_numpy(),
        "target": actions["target"].to_numpy(),
        "notes": ("Illustrative: menu action " + actions["action_id"].astype(str)
                  + " of the GCM Workbook; edit before use").to_numpy(),
    })
    line_ids = (country + "-" + chosen["action_id"].astype(str) + "-"
                + chosen["line_no"].map(lambda k: f"{int(k):02d}"))
    cost_lines = pd.DataFrame({
        "line_id": line_ids.to_numpy(),
        "intervention_id": (country + "-" + chosen["action_id"].astype(str)).to_numpy(),
        "item": chosen["item"].to_numpy(),
        "category": chosen["category"].to_numpy(),
        "is_support_activity": chosen["is_support_activity"].map(
            lambda v: "yes" if str(v).lower() in ("true", "yes", "1") else "no"
        ).to_numpy(),
        "unit": chosen["unit"].to_numpy(),
        "quantity_per_year": chosen["quantity_per_year"].to_numpy(),
        "quantity_per_year_low": chosen["quantity_per_year_low"].to_numpy(),
        "quantity_per_year_high": chosen["quantity_per_year_high"].to_numpy(),
        "unit_cost_low": chosen["unit_cost_low"].to_numpy(),
        "unit_cost_likely": chosen["unit_cost_likely"].to_numpy(),
        "unit_cost_high": chosen["unit_cost_high"].to_numpy(),
        "currency": chosen["currency"].to_numpy(),
        "price_year": chosen["price_year"].to_numpy(),
        "cost_type": chosen["cost_type"].to_numpy(),
        "costing_method": "bottom_up",
        "first_year": "",
        "last_year": "",
        "ministry": "",
        "source": ("Illustrative menu price (" + chosen["price_note"].astype(str)
                   + "): " + chosen["source"].astype(str)).to_numpy(),
        "notes": "",
    })
    settings = pd.DataFrame({
        "setting": ["country", "plan_title", "reporting_currency", "base_year",
                    "horizon_years", "contingency_pct", "inflation_pct",
                    "is_illustrative"],
        "value": [country, f"Illustrative starter plan for {country} (GCM Workbook "
                  "menu of costed actions)", "USD", base_year, horizon,
                  contingency_pct, inflation_pct, "yes"],
    })
    tables: dict[str, Any] = {"settings": settings, "interventions": interventions,
                              "cost_lines": cost_lines}
    return plan_from_tables(tables, source=f"starter plan for {country}")


def prepare_run_plan(country: str, plan_file: str, selection: pd.DataFrame | None,
                     country_indicators: pd.DataFrame, base_year: int,
                     horizon_years: int, contingency_pct: float = 10.0,
                     currency: str = "") -> tuple[Plan, dict[str, Any]]:
    """Return the plan a costing run uses, and where it comes from.

    With ``plan_file`` the country's plan is read and validated (its settings
    give base year, horizon and contingency); without it an illustrative starter
    plan is built from the menu for the objectives of ``selection``
    (:func:`choose_starter_objectives`). Either way the budget is then expressed
    in ``currency`` (:func:`with_reporting_currency`).

    Parameters
    ----------
    country : str
        ISO3 code of the run.
    plan_file : str
        Path of the plan (``.xlsx`` or CSV folder); ``""`` for a starter plan.
    selection : DataFrame or None
        ``selection.csv`` of the run folder, if any.
    country_indicators : DataFrame
        Long panel (GDP per capita for the starter plan's prices).
    base_year, horizon_years : int
        Years of a starter plan.
    contingency_pct : float
        Contingency of a starter plan, in %.
    currency : str
        Reporting currency of the budget (``""`` keeps the plan's own).

    Returns
    -------
    plan : Plan
    origin : dict
        ``kind`` (``plan_file``, ``selection``, ``default_no_selection`` or
        ``default_empty_selection``), ``plan_file``, ``objective_ids`` and
        ``note`` (:func:`describe_origin`).

    Raises
    ------
    InputError
        If the plan file has problems, is for another country, or lacks a rate
        for ``currency``.
    """
    from .plan import objective_ids_in, read_plan

    if plan_file:
        the_plan = read_plan(plan_file)
        if the_plan.settings.country != country:
            raise InputError(Problem(
                file=str(plan_file), sheet="settings", column="value",
                value=the_plan.settings.country,
                message="the plan is for another country than the run",
                expected=country))
        kind = "plan_file"
    else:
        ids, kind = choose_starter_objectives(selection)
        the_plan = build_starter_plan(country, ids, country_indicators, base_year,
                                      horizon_years, contingency_pct=contingency_pct)
    origin: dict[str, Any] = {"kind": kind, "plan_file": str(plan_file or ""),
                              "objective_ids": objective_ids_in(the_plan)}
    origin["note"] = describe_origin(origin)
    log.info("costing %s", origin["note"])
    return with_reporting_currency(the_plan, currency), origin


def compute_budget_tables(plan: Plan, n_draws: int = 2000, seed: int = 2018,
                          distribution: str = "pert", top_n: int = 10
                          ) -> dict[str, pd.DataFrame]:
    """Return every table of the costing stage, keyed by run-folder table name.

    Parameters
    ----------
    plan : Plan
    n_draws, seed, distribution :
        Monte Carlo settings (:func:`simulate_budget`).
    top_n : int
        Number of cost drivers kept.

    Returns
    -------
    dict of str to DataFrame
        ``budget_lines``, ``budget_summary``, ``budget_by_objective``,
        ``budget_by_year``, ``budget_by_objective_year``, ``budget_by_category``,
        ``budget_by_ministry``, ``budget_by_intervention``,
        ``budget_uncertainty``, ``cost_drivers``, ``budget_price_index`` (written
        to the run folder; columns in docs/contracts.md) and ``total_draws``
        (for the histogram; not written).
    """
    lines = compute_budget_lines(plan)
    draws = simulate_budget(plan, n_draws=n_draws, seed=seed, distribution=distribution)
    return {
        "budget_lines": lines,
        "budget_summary": summarise_budget_components(lines),
        "budget_by_objective": summarise_budget(lines, ["objective_id"]),
        "budget_by_year": summarise_budget(lines, ["year"]),
        "budget_by_objective_year": summarise_budget(lines, ["objective_id", "year"]),
        "budget_by_category": summarise_budget(lines, ["category"]),
        "budget_by_ministry": summarise_budget(lines, ["ministry"]),
        "budget_by_intervention": summarise_interventions(lines, plan),
        "budget_uncertainty": summarise_simulation(draws, lines),
        "cost_drivers": compute_cost_drivers(plan, top_n=top_n),
        "budget_price_index": compute_price_index(plan),
        "total_draws": total_draws(draws),
    }


def describe_budget(tables: dict[str, pd.DataFrame], plan: Plan) -> dict[str, Any]:
    """Return the headline figures of a budget as plain values (for report text).

    Returns
    -------
    dict
        ``country, currency, base_year, first_year, last_year, n_interventions,
        n_objectives, total, nominal, contingency, support, p10, p90, method,
        n_draws, is_illustrative``; amounts are floats in the reporting currency
        (constant prices unless named ``nominal``).
    """
    components = tables["budget_summary"].set_index("component")
    uncertainty = tables["budget_uncertainty"]
    total_row = uncertainty[(uncertainty["scope"] == "total")
                            & (uncertainty["price_basis"] == "constant")].iloc[0]
    settings = plan.settings
    return {
        "country": settings.country,
        "currency": settings.reporting_currency,
        "base_year": settings.base_year,
        "first_year": settings.base_year,
        "last_year": settings.end_year,
        "n_interventions": int(len(plan.interventions)),
        "n_objectives": int(plan.interventions["objective_id"].nunique()),
        "total": float(components.at["total", "amount_constant"]),
        "nominal": float(components.at["total", "amount_nominal"]),
        "contingency": float(components.at["contingency", "amount_constant"]),
        "support": float(components.at["support_total", "amount_constant"]),
        "p10": float(total_row["p10"]),
        "p90": float(total_row["p90"]),
        "method": str(components.at["total", "method"]),
        "n_draws": int(total_row["n_draws"]),
        "is_illustrative": bool(settings.is_illustrative),
    }
