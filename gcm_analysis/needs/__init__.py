"""Needs assessment: score the 23 GCM objectives from a country's indicators.

The method (documented in ``docs/method_needs_selection.md``) in four steps:

1. **Indicator scores relative to peers.** For each indicator the country's value
   is placed in the distribution of its peer group (world, World Bank region or
   World Bank income group) as a mid-rank percentile, 0 = lowest value among the
   peers with data, 100 = highest, ties share their average rank. A percentile is
   robust to the skewed, heavy-tailed distributions of migration data (a few
   countries host millions of refugees) where z-scores would be dominated by
   outliers. An indicator is not scored when the country has no value or when
   fewer than :data:`MIN_PEERS` peers have one.
2. **Direction.** The mapping table ``data/reference/objective_indicators.csv`` (our
   method, not the UN's) says for each objective which indicators inform it, with
   ``direction`` +1 (a higher value means more need) or -1 (lower means more need)
   and a ``weight``. The indicator score is the percentile, or 100 minus it.
3. **Objective score.** ``need_score`` is the weighted mean of the indicator scores
   that exist; ``coverage`` is the share of the objective's indicator weight that
   has data. Missing indicators are left out of the mean and reported, never
   counted as zero. With no data at all the score is NA.
4. **Stakeholder view (optional).** A plan's stakeholder priority (0-3, rescaled to
   0-100) enters the same weighted mean as one more row with weight
   ``stakeholder_weight``; the indicator weights are scaled by
   ``1 - stakeholder_weight``.
"""

from __future__ import annotations

from .checks import check_needs_parameters
from .definitions import (
    DERIVED_INDICATORS,
    INDICATOR_SCORE_COLUMNS,
    MAPPING_COLUMNS,
    MIN_PEERS,
    NEEDS_COLUMNS,
    OBJECTIVE_INDICATOR_COLUMNS,
    PEER_GROUPS,
    STAKEHOLDER_INDICATOR,
    STAKEHOLDER_SCALE_MAX,
    STATUS_MISSING,
    STATUS_SCORED,
    STATUS_TOO_FEW_PEERS,
    STATUS_ZERO_WEIGHT,
)
from .indicators import (
    add_derived_indicators,
    midrank_percentile,
    peer_countries,
    score_indicators,
)
from .mapping import check_declared_ties, check_mapping, identical_mappings
from .objectives import (
    add_stakeholder_scores,
    assess_needs,
    compute_needs,
    indicator_labels,
    rank_descending,
    score_objective_indicators,
    summarise_evidence,
    tied_objectives,
    weighted_need_scores,
)

__all__ = [
    "DERIVED_INDICATORS",
    "INDICATOR_SCORE_COLUMNS",
    "MAPPING_COLUMNS",
    "MIN_PEERS",
    "NEEDS_COLUMNS",
    "OBJECTIVE_INDICATOR_COLUMNS",
    "PEER_GROUPS",
    "STAKEHOLDER_INDICATOR",
    "STAKEHOLDER_SCALE_MAX",
    "STATUS_MISSING",
    "STATUS_SCORED",
    "STATUS_TOO_FEW_PEERS",
    "STATUS_ZERO_WEIGHT",
    "add_derived_indicators",
    "add_stakeholder_scores",
    "assess_needs",
    "check_declared_ties",
    "check_mapping",
    "check_needs_parameters",
    "compute_needs",
    "identical_mappings",
    "indicator_labels",
    "midrank_percentile",
    "peer_countries",
    "rank_descending",
    "score_indicators",
    "score_objective_indicators",
    "summarise_evidence",
    "tied_objectives",
    "weighted_need_scores",
]
