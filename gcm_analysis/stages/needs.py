"""Stage 01, needs assessment: a ranked, explained need score per objective."""

from __future__ import annotations

from .. import needs
from ..profile import country_facts
from ..reference import objective_titles
from .base import Stage, StageInput, StageResult


def run(inputs: StageInput) -> StageResult:
    """``needs`` and ``needs_indicators`` (the evidence behind each score)."""
    params, lang, data = inputs.params, inputs.lang, inputs.data
    objectives = data["reference/gcm_objectives"]
    titles = objective_titles(lang, table=objectives)
    labels = needs.indicator_labels(data["reference/indicator_labels"], lang)
    priorities = inputs.plan.priorities if inputs.plan is not None else None
    countries = data["processed/countries"]
    need_table, evidence = needs.assess_needs(
        data["processed/country_latest"], countries,
        data["reference/objective_indicators"], titles, iso3=inputs.country,
        peer_group=params["peer_group"], indicator_weights=params["indicator_weights"],
        priorities=priorities, stakeholder_weight=params["stakeholder_weight"],
        labels=labels, lang=lang)
    peers, peer_name = needs.peer_countries(countries, inputs.country,
                                            params["peer_group"])
    return StageResult(
        {"needs": need_table, "needs_indicators": evidence},
        info={"titles": titles, "labels": labels, "peers": peers,
              "peer_name": peer_name, "priorities": priorities,
              "country_name": country_facts(countries, inputs.country,
                                            lang)["country_name"],
              "short_titles": objective_titles(lang, short=True, table=objectives)
              .to_dict()})


STAGE = Stage(
    key="needs", notebook="01_needs_assessment", outputs=("needs", "needs_indicators"),
    compute=run, uses_plan=True,
    data=("processed/country_latest", "processed/countries",
          "reference/objective_indicators", "reference/gcm_objectives",
          "reference/indicator_labels"),
    params=("peer_group", "indicator_weights", "stakeholder_weight"))
