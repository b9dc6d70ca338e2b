"""Stage 02, objective selection: which objectives to act on now, and how robustly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import selection
from ..costing import estimate_indicative_costs, scaling_parameters
from ..reference import objective_titles
from .base import Stage, StageInput, StageResult

#: The selection rules among the stage's parameters (:class:`SelectionRules`).
RULE_NAMES = ("method", "top_n", "threshold", "budget_envelope_usd", "must_include",
              "must_exclude", "min_per_area")


def rules(params: Mapping[str, Any]) -> selection.SelectionRules:
    """The stage's selection rules as one checked object."""
    values = {name: params[name] for name in RULE_NAMES}
    values["must_include"] = tuple(values["must_include"])
    values["must_exclude"] = tuple(values["must_exclude"])
    return selection.SelectionRules(**values)


def run(inputs: StageInput) -> StageResult:
    """``selection`` (all 23 objectives, chosen or not, with reasons) and
    ``robustness`` (how often each is chosen under perturbed weights)."""
    params, lang, data = inputs.params, inputs.lang, inputs.data
    need_table = inputs.tables["needs"]
    evidence = inputs.tables["needs_indicators"]
    costs = estimate_indicative_costs(
        data["processed/country_latest"], inputs.country,
        data["reference/costed_actions"],
        scaling_parameters(data["reference/cost_scaling"]),
        horizon_years=inputs.settings.horizon_years)
    priorities = inputs.plan.priorities if inputs.plan is not None else None
    area_objectives = data["reference/mptf_area_objectives"]
    weights = (params["weight_need"], params["weight_priority"],
               params["weight_feasibility"])
    chosen_rules = rules(params)
    candidates = selection.combine_criteria(need_table, priorities, costs, *weights)
    chosen = selection.select_objectives(
        candidates, **chosen_rules.as_kwargs(), area_objectives=area_objectives,
        areas=data["reference/mptf_thematic_areas"], lang=lang)
    robustness = selection.assess_robustness(
        candidates, weights, **chosen_rules.as_kwargs(),
        area_objectives=area_objectives, objective_indicators=evidence,
        n_draws=params["n_robustness"], seed=params["seed"])
    objectives = data["reference/gcm_objectives"]
    return StageResult(
        {"selection": selection.format_selection_csv(chosen),
         "robustness": robustness},
        info={"chosen": chosen, "candidates": candidates, "weights": weights,
              "costs": costs, "priorities": priorities, "rules": chosen_rules,
              "area_objectives": area_objectives, "needs": need_table,
              "short_titles": objective_titles(lang, short=True, table=objectives),
              "sdg": selection.summarise_sdg_targets(
                  chosen, data["reference/sdg_links"].astype({"sdg_target": str})),
              "principles": selection.summarise_guiding_principles(
                  chosen, data["reference/guiding_principles"], lang=lang)})


STAGE = Stage(
    key="selection", notebook="02_objective_selection",
    outputs=("selection", "robustness"), compute=run,
    inputs=("needs", "needs_indicators"), uses_plan=True,
    data=("processed/country_latest", "reference/costed_actions",
          "reference/cost_scaling", "reference/mptf_area_objectives",
          "reference/mptf_thematic_areas", "reference/gcm_objectives",
          "reference/sdg_links", "reference/guiding_principles"),
    params=("weight_need", "weight_priority", "weight_feasibility", *RULE_NAMES,
            "seed", "n_robustness"))
