"""The menu of costed actions: prices scaled to a country, indicative costs,
starter plans."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

from .. import io, reference
from ..errors import InputError, Problem
from ..plan import Plan, plan_from_tables
from .prices import with_reporting_currency

log = logging.getLogger(__name__)

DEFAULT_STARTER_OBJECTIVES: tuple[int, ...] = (1, 3, 6, 15, 23)
"""Objectives of a starter plan when no selection is available.

See docs/assumptions.md#d01-default-starter-objectives.
"""
DEFAULT_USD_INFLATION_PCT = 2.5
"""Inflation of a starter plan (USD, % a year).

See docs/assumptions.md#d02-starter-plan-inflation.
"""


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
    from ..plan import objective_ids_in, read_plan

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
