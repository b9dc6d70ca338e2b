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

The package follows those steps: :mod:`.prices`, :mod:`.lines`, :mod:`.summaries`,
:mod:`.uncertainty`, :mod:`.menu` and :mod:`.budget` (every table of the stage).
Every name is importable from ``gcm_analysis.costing``.
"""

from __future__ import annotations

from .budget import (
    compute_budget_tables,
    describe_budget,
)
from .lines import (
    BUDGET_LINE_COLUMNS,
    CONTINGENCY,
    MONEY_COLUMNS,
    compute_budget_lines,
)
from .menu import (
    DEFAULT_STARTER_OBJECTIVES,
    DEFAULT_USD_INFLATION_PCT,
    choose_starter_objectives,
    country_scale_factor,
    describe_origin,
    estimate_indicative_costs,
    price_menu,
    scaling_parameters,
    starter_plan_tables,
)
from .prices import (
    compute_price_index,
    with_reporting_currency,
)
from .summaries import (
    check_single_money_basis,
    describe_method,
    summarise_budget,
    summarise_budget_components,
    summarise_interventions,
)
from .uncertainty import (
    DISTRIBUTIONS,
    compute_cost_drivers,
    simulate_budget,
    summarise_simulation,
    total_draws,
)

__all__ = [
    "scaling_parameters",
    "BUDGET_LINE_COLUMNS",
    "CONTINGENCY",
    "DEFAULT_STARTER_OBJECTIVES",
    "DEFAULT_USD_INFLATION_PCT",
    "DISTRIBUTIONS",
    "MONEY_COLUMNS",
    "check_single_money_basis",
    "choose_starter_objectives",
    "compute_budget_lines",
    "compute_budget_tables",
    "compute_cost_drivers",
    "compute_price_index",
    "country_scale_factor",
    "describe_budget",
    "describe_method",
    "describe_origin",
    "estimate_indicative_costs",
    "price_menu",
    "simulate_budget",
    "starter_plan_tables",
    "summarise_budget",
    "summarise_budget_components",
    "summarise_interventions",
    "summarise_simulation",
    "total_draws",
    "with_reporting_currency",
]
