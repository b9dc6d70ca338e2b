"""Every table of the costing stage, and a budget's headline figures."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..plan.specs import Plan
from .lines import compute_budget_lines
from .prices import compute_price_index
from .summaries import (
    summarise_budget,
    summarise_budget_components,
    summarise_interventions,
)
from .uncertainty import (
    compute_cost_drivers,
    simulate_budget,
    summarise_simulation,
    total_draws,
)


def compute_budget_tables(plan: Plan, n_draws: int = 2000, seed: int = 2018,
                          distribution: str = "pert", top_n: int = 10,
                          price_level_sd: float = 0.0,
                          quantity_scale_sd: float = 0.0, lang: str = "en"
                          ) -> dict[str, pd.DataFrame]:
    """Return every table of the costing stage, keyed by run-folder table name.

    Parameters
    ----------
    plan : Plan
    n_draws, seed, distribution, price_level_sd, quantity_scale_sd :
        Monte Carlo settings (:func:`simulate_budget`).
    lang : str
        Language of the texts made here (the contingency rows' item, the cost
        drivers' labels); codes and amounts are the same in every language.
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
    lines = compute_budget_lines(plan, lang=lang)
    draws = simulate_budget(plan, n_draws=n_draws, seed=seed, distribution=distribution,
                            price_level_sd=price_level_sd,
                            quantity_scale_sd=quantity_scale_sd)
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
        "cost_drivers": compute_cost_drivers(plan, top_n=top_n, lang=lang),
        "budget_price_index": compute_price_index(plan),
        "total_draws": total_draws(draws),
    }


def describe_budget(tables: dict[str, pd.DataFrame], plan: Plan) -> dict[str, Any]:
    """Return the headline figures of a budget as plain values (for report text).

    Returns
    -------
    dict
        ``country, currency, base_year, first_year, last_year, n_interventions,
        n_objectives, total, nominal, contingency, support, p10, p50, p90,
        total_percentile, method,
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
        "p50": float(total_row["p50"]),
        "p90": float(total_row["p90"]),
        "total_percentile": float(total_row["deterministic_percentile"]),
        "method": str(components.at["total", "method"]),
        "n_draws": int(total_row["n_draws"]),
        "is_illustrative": bool(settings.is_illustrative),
    }
