"""Stage 00, the country profile: the country's indicators against its peers."""

from __future__ import annotations

from ..profile import compute_country_profile, country_facts, country_series
from .base import Stage, StageInput, StageResult


def run(inputs: StageInput) -> StageResult:
    """The ``profile`` table and the country's display facts."""
    countries = inputs.data["processed/countries"]
    panel = inputs.data["processed/country_indicators"]
    profile = compute_country_profile(
        inputs.data["processed/country_latest"], countries, inputs.country,
        inputs.data["reference/indicator_labels"], inputs.lang)
    facts = country_facts(countries, inputs.country, inputs.lang)
    mine = panel[panel["iso3"] == inputs.country]
    return StageResult({"profile": profile}, info={
        "facts": facts, "series": country_series(mine, inputs.country),
        "country_panel": mine})


STAGE = Stage(
    key="profile", notebook="00_country_profile", outputs=("profile",), compute=run,
    data=("processed/country_indicators", "processed/country_latest",
          "processed/countries",
          "reference/indicator_labels"))
