"""Stage 04, resource mobilisation: funding against the budget, gaps, plan, crisis."""

from __future__ import annotations

import datetime as dt

from .. import funding
from ..funding.matching import country_funding_profile
from ..funding.sheets import assessment_from_plan, funding_from_plan
from ..indicators_panel import VALUE_COLUMNS
from ..needs import indicator_labels
from ..profile import country_facts
from ..whatif import FundingInputs
from .base import Stage, StageInput, StageResult

#: Tables of the funding stage (every one is written to the run folder).
OUTPUTS = ("funding_sources", "funding_allocations", "funding_gaps",
           "funding_gap_by_objective", "funding_gap_by_year",
           "funding_gap_by_objective_year", "funding_gap_by_ministry",
           "funding_gap_total", "funding_by_source_type", "funding_mobilisation_plan",
           "funding_shock", "funding_crisis_cells", "funding_crisis",
           "funding_crisis_totals", "funding_readiness", "funding_readiness_summary",
           "funding_workshop_agenda", "funding_scenarios",
           "funding_scenario_interventions", "funding_scenario_objectives",
           "funding_partner_returns", "funding_partner_totals",
           "funding_partner_interests", "funding_budget_steps",
           "funding_budget_steps_summary", "funding_source_matches",
           "funding_partner_strategy", "funding_country_eligibility",
           "funding_consultation_briefs")

PARAMS = ("domestic_share", "shock_source_types", "shock_source_ids", "shock_share",
          "shock_year", "max_candidates")


def prepare(inputs: StageInput) -> tuple[FundingInputs, str]:
    """The costs, the funding (the plan's own, or the illustrative starter
    scenario, with its note), the assessment and the options the funding
    tables are computed from (the what-if explorer of notebook 04 starts here)."""
    params, settings, lang = inputs.params, inputs.settings, inputs.lang
    funding.validate_funding_parameters(
        **params, base_year=settings.base_year, horizon_years=settings.horizon_years)
    tables = inputs.tables
    selection, needs = tables.get("selection"), tables.get("needs")
    costs = funding.costs_from_budget(tables["budget_lines"],
                                      tables["budget_by_intervention"], selection)
    refs = funding.FundingReference.from_tables(inputs.data)
    the_plan = inputs.plan
    plan_funding = (funding_from_plan(the_plan, refs.status_defaults) if the_plan
                    else None)
    run_funding, note = funding.choose_run_funding(
        costs, plan_funding, tables["budget_price_index"], params["domestic_share"],
        lang, settings.currency, refs=refs)
    options = {
        "shock_source_types": params["shock_source_types"],
        "shock_source_ids": params["shock_source_ids"],
        "shock_share": params["shock_share"], "shock_year": params["shock_year"],
        "max_candidates": params["max_candidates"], "lang": lang, "needs": needs,
        "selection": selection, "run_date": dt.date.fromisoformat(settings.run_date),
        # who can fund what: the country's facts and the plan's own sheets
        "country": country_funding_profile(
            inputs.data["processed/countries"],
            # one value per indicator, only where there is one
            inputs.data["processed/country_latest"][list(VALUE_COLUMNS)]
            .dropna(subset=["value"]).astype({"year": int}).reset_index(drop=True),
            inputs.country, refs.country_exceptions, lang),
        "interventions": the_plan.interventions if the_plan else None,
        "partner_returns": (the_plan.extra_sheets.get("partner_returns") if the_plan
                            else None),
        "budget_steps": (the_plan.extra_sheets.get("budget_steps") if the_plan
                         else None)}
    return FundingInputs(costs, run_funding, assessment_from_plan(the_plan), refs,
                         options), note


def run(inputs: StageInput) -> StageResult:
    """Every funding table, from the costed budget and the plan's funding sheets.

    The funding and assessment sheets come from the plan the costing stage used
    (the run's snapshot); a run without a funding sheet gets the illustrative
    starter scenario, and says so.
    """
    prepared, note = prepare(inputs)
    out = funding.compute_funding_tables(
        prepared.costs, prepared.funding, prepared.assessment, refs=prepared.refs,
        **prepared.options)
    info = {"note": note, "is_illustrative": bool(note),
            "assessment": prepared.assessment, "prepared": prepared,
            "shock": funding.shock_from_table(out["funding_shock"]),
            "country_name": country_facts(inputs.data["processed/countries"],
                                          inputs.country, inputs.lang)["country_name"],
            # the names of the indicators the eligibility table shows
            "labels": indicator_labels(inputs.data["reference/indicator_labels"],
                                       inputs.lang)}
    return StageResult(out, info=info)


STAGE = Stage(
    key="funding", notebook="04_resource_mobilisation", outputs=OUTPUTS, compute=run,
    inputs=("budget_lines", "budget_by_intervention", "budget_price_index"),
    optional=("selection", "needs"), uses_plan=True,
    data=("processed/countries", "processed/country_latest",
          "reference/indicator_labels",
          *(f"reference/{name}" for name, _ in funding.REFERENCE_TABLES.values())),
    params=PARAMS)
