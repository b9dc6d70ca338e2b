"""Costing's file side: the menu of costed actions, the price scaling, a run's plan.

:mod:`gcm_analysis.costing` is pure (tables in, tables out); these functions read
what it needs from ``data/reference`` (``costed_actions.csv``, ``cost_scaling.csv``)
or from the plan file, then call it. Notebooks, the CLI and parameter checks call
them here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import pandas as pd

from . import io, reference
from .costing.menu import (
    DEFAULT_USD_INFLATION_PCT,
    choose_starter_objectives,
    describe_origin,
    scaling_parameters,
    starter_plan_tables,
)
from .costing.menu import estimate_indicative_costs as _estimate_indicative_costs
from .costing.prices import with_reporting_currency
from .errors import InputError, Problem
from .i18n import LANGUAGES, menu_in_language
from .plan import Plan, objective_ids_in, plan_from_tables, read_plan

log = logging.getLogger("gcm_analysis.costing")  # the name its log lines always had


def read_cost_menu() -> pd.DataFrame:
    """Return the default menu of costed actions (``costed_actions.csv``)."""
    return io.read_reference("costed_actions")


def read_cost_scaling() -> dict[str, float]:
    """Return the price-scaling parameters (``cost_scaling.csv``) by name."""
    return scaling_parameters(io.read_reference("cost_scaling"))


def estimate_indicative_costs(country_indicators: pd.DataFrame, iso3: str,
                              menu: pd.DataFrame | None = None,
                              horizon_years: int = 3) -> pd.DataFrame:
    """Return an indicative cost per GCM objective from the default menu.

    :func:`gcm_analysis.costing.menu.estimate_indicative_costs` with the menu
    (unless given) and the price scaling read from ``data/reference``.

    Examples
    --------
    >>> panel = pd.DataFrame({"iso3": ["ZZZ"], "indicator": ["gdp_per_capita_usd"],
    ...                       "year": [2023], "value": [10000.0], "unit": ["USD"],
    ...                       "source": ["test"]})
    >>> costs = estimate_indicative_costs(panel, "ZZZ")
    >>> len(costs), bool((costs["indicative_cost_usd"] > 0).all())
    (23, True)
    """
    return _estimate_indicative_costs(
        country_indicators, iso3, read_cost_menu() if menu is None else menu,
        read_cost_scaling(), horizon_years=horizon_years)


def build_starter_plan(country: str, objective_ids: Sequence[int],
                       country_indicators: pd.DataFrame, base_year: int,
                       horizon: int, *, contingency_pct: float = 10.0,
                       inflation_pct: float = DEFAULT_USD_INFLATION_PCT,
                       menu: pd.DataFrame | None = None, lang: str = "en") -> Plan:
    """Build an illustrative plan from the menu of costed actions, its texts
    (:func:`gcm_analysis.i18n.menu_in_language`) and notes in ``lang``.

    The sheets of :func:`gcm_analysis.costing.starter_plan_tables` (menu read
    from ``data/reference`` if omitted), validated like a user's plan.

    Raises
    ------
    ParameterError
        If an objective id is not 1-23.
    InputError
        If the resulting plan does not validate (e.g. a bad base year).
    """
    tables = starter_plan_tables(
        country, objective_ids, country_indicators, base_year, horizon,
        menu=menu_in_language(read_cost_menu() if menu is None else menu, lang),
        scaling=read_cost_scaling(),
        contingency_pct=contingency_pct, inflation_pct=inflation_pct,
        # a template language without a catalogue (es: only objective titles)
        lang=lang if lang in LANGUAGES else "en")
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
    if currency and currency != the_plan.settings.reporting_currency:
        reference.check_currency(currency)
    return with_reporting_currency(the_plan, currency), origin
