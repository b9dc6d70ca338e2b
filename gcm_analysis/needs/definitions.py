"""Names, columns and constants of the needs assessment."""

from __future__ import annotations

from typing import Any

#: Peer groups a country can be compared with, and the ``countries`` column that
#: defines them (``None``: every country in the panel).
PEER_GROUPS: dict[str, str | None] = {
    "world": None,
    "region": "wb_region",
    "income_group": "wb_income_group",
}

#: Fewest peers with a value (the country included) for a percentile to mean
#: something: with 4 values a single country moves the score by 33 points.
MIN_PEERS = 5

#: Stakeholder scores in plans run from 0 (not a priority) to 3 (high priority).
STAKEHOLDER_SCALE_MAX = 3.0

#: Pseudo-indicator used for the stakeholder row in the objective-indicator table.
STAKEHOLDER_INDICATOR = "stakeholder_priority"

#: Indicators computed here from two panel indicators (not in the processed panel).
DERIVED_INDICATORS: dict[str, dict[str, Any]] = {
    "refugees_asylum_seekers_originating_per_1000": {
        "numerator": "refugees_asylum_seekers_originating",
        "denominator": "population",
        "factor": 1000.0,
        "unit": "per 1,000 population",
        "label_en": "Refugees and asylum seekers from the country per 1000 inhabitants",
        "label_fr": "Réfugiés et demandeurs d'asile originaires du pays pour 1 000 "
        "habitants",
    },
}

MAPPING_COLUMNS = ["objective_id", "indicator", "direction", "weight"]

INDICATOR_SCORE_COLUMNS = [
    "iso3",
    "indicator",
    "value",
    "unit",
    "year",
    "source",
    "peer_group",
    "peer_name",
    "n_peers",
    "peer_median",
    "percentile",
    "status",
    "skipped_year",
    "skipped_value",
    "skip_reason",
]

#: One row per objective and indicator: everything needed to trace a need score.
#: ``year`` is the year of the value used (the latest unflagged one, see
#: :func:`gcm_analysis.indicators_panel.latest_values`); ``skipped_year``,
#: ``skipped_value`` and ``skip_reason`` name the newer, flagged value left out.
OBJECTIVE_INDICATOR_COLUMNS = [
    "iso3",
    "objective_id",
    "indicator",
    "kind",
    "direction",
    "weight",
    "value",
    "unit",
    "year",
    "source",
    "peer_group",
    "peer_name",
    "n_peers",
    "peer_median",
    "percentile",
    "score",
    "status",
    "skipped_year",
    "skipped_value",
    "skip_reason",
]

#: needs.csv, as in docs/contracts.md.
NEEDS_COLUMNS = ["objective_id", "title", "need_score", "rank", "coverage", "drivers",
                 "tied_with"]

STATUS_SCORED = "scored"
STATUS_MISSING = "missing"
STATUS_TOO_FEW_PEERS = "too_few_peers"
STATUS_ZERO_WEIGHT = "zero_weight"
