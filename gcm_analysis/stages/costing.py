"""Stage 03, costing: the plan's budget by objective, year, category and ministry."""

from __future__ import annotations

from typing import Any

from .. import costing
from ..codes import reference_codes
from ..i18n import menu_in_language
from ..plan import objective_ids_in, plan_from_tables
from ..profile import country_facts
from ..reference import objective_titles
from .base import Stage, StageInput, StageResult

#: Tables of the costing stage written to the run folder (``total_draws`` is not).
OUTPUTS = ("budget_lines", "budget_summary", "budget_by_objective", "budget_by_year",
           "budget_by_objective_year", "budget_by_category", "budget_by_ministry",
           "budget_by_intervention", "budget_uncertainty", "cost_drivers",
           "budget_price_index")


def costed_plan(inputs: StageInput) -> tuple[Any, dict[str, Any]]:
    """The plan this run costs, in the run's currency, and where it comes from.

    The run's own plan (the snapshot validated at set-up) or, without one, an
    illustrative starter plan for the objectives chosen in stage 02 (or the
    documented default set when there is no selection).
    """
    settings = inputs.settings
    if inputs.plan is not None:
        the_plan, kind = inputs.plan, "plan_file"
    else:
        ids, kind = costing.choose_starter_objectives(inputs.tables.get("selection"))
        the_plan = plan_from_tables(costing.starter_plan_tables(
            inputs.country, ids, inputs.data["processed/country_latest"],
            settings.base_year, settings.horizon_years,
            contingency_pct=inputs.params["contingency_pct"],
            menu=menu_in_language(inputs.data["reference/costed_actions"],
                                  inputs.lang),
            scaling=costing.scaling_parameters(inputs.data["reference/cost_scaling"]),
            lang=inputs.lang),
            source=f"starter plan for {inputs.country}",
            codes=reference_codes(
                inputs.data["reference/currencies"]["currency_code"],
                inputs.data["processed/countries"]["iso3"],
                inputs.data["reference/cost_categories"]["category_code"]))
    origin: dict[str, Any] = {"kind": kind, "plan_file": settings.plan_file,
                              "objective_ids": objective_ids_in(the_plan)}
    origin["note"] = costing.describe_origin(origin)
    return costing.with_reporting_currency(the_plan, settings.currency), origin


def run(inputs: StageInput) -> StageResult:
    """Every budget table of the costed plan, and the plan as ``plan.xlsx``."""
    budget_plan, origin = costed_plan(inputs)
    scaling = costing.scaling_parameters(inputs.data["reference/cost_scaling"])
    # shared price-level and scale factors (docs/assumptions.md#m03-uncertainty-model)
    tables = costing.compute_budget_tables(
        budget_plan, n_draws=inputs.params["n_draws"], seed=inputs.params["seed"],
        price_level_sd=scaling["shared_price_level_sd"],
        quantity_scale_sd=scaling["shared_quantity_scale_sd"], lang=inputs.lang)
    lang = inputs.lang
    objectives = inputs.data["reference/gcm_objectives"]
    info = {
        "facts": costing.describe_budget(tables, budget_plan),
        "origin": origin,
        "plan": budget_plan,
        "total_draws": tables.pop("total_draws"),
        "titles": objective_titles(lang, short=True, table=objectives),
        "country_name": country_facts(inputs.data["processed/countries"],
                                      inputs.country, lang)["country_name"],
        "categories": inputs.data["reference/cost_categories"],
    }
    return StageResult(tables, info=info, plan_workbook=budget_plan)


STAGE = Stage(
    key="costing", notebook="03_costing", outputs=OUTPUTS, compute=run,
    optional=("selection",), uses_plan=True,
    data=("processed/country_latest", "processed/countries",
          "reference/costed_actions", "reference/cost_scaling",
          "reference/gcm_objectives", "reference/cost_categories",
          "reference/currencies"),
    params=("contingency_pct", "seed", "n_draws"))
