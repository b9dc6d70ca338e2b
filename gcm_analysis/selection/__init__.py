"""Objective selection: combine need, stakeholder views and cost; choose objectives.

Method (documented in ``docs/method_needs_selection.md``):

* **Priority score** (0-100) = weighted mean of the need score (0-100), the
  stakeholder priority (0-3, rescaled to 0-100) and the feasibility (0-3,
  rescaled), with weights ``weight_need``, ``weight_priority`` and
  ``weight_feasibility`` (>= 0, summing to 1). A component that is missing for an
  objective is left out and the other weights are renormalised; an objective
  with no component at all has no priority score and is not selected unless it
  is on the must-include list.
* **Selection**, three methods, all honouring the must-include / must-exclude
  lists and, when asked for, the coverage rule (at least ``min_per_area``
  objectives in each Migration MPTF thematic area; a GCM Workbook option, not
  the UN guidance's, off by default so that the selection follows need first):

  - ``"top_n"``: the ``top_n`` objectives with the highest priority score;
  - ``"threshold"``: every objective whose score reaches ``threshold``;
  - ``"budget"``: the set with the highest total priority score whose indicative
    cost fits in ``budget_envelope_usd`` (a 0-1 knapsack).

  Each is solved exactly as a small mixed-integer programme with
  :func:`scipy.optimize.milp` (HiGHS, relative gap 0); without a budget or a
  coverage rule a sort gives the same optimum. Ties are broken in favour of the
  better-ranked objective.
* **Robustness**: the weights are drawn at random around the chosen ones
  (Dirichlet, seeded) and the selection is repeated with an exact enumerator
  (:class:`~gcm_analysis.selection.solver._Enumerator`, about 0.1 ms a draw); the
  share of draws in which each objective is selected is reported.

Modules: :mod:`.checks` (parameter checks), :mod:`.criteria` (priority score),
:mod:`.choice` (selection), :mod:`.reasons` (the reason for each objective),
:mod:`.solver`, :mod:`.robustness`, :mod:`.alignment` (SDG targets, guiding
principles).
"""

from __future__ import annotations

from ..needs import rank_descending
from .alignment import (
    GUIDING_PRINCIPLE_OBJECTIVES,
    guiding_principle_links,
    summarise_guiding_principles,
    summarise_sdg_targets,
)
from .checks import N_OBJECTIVES, SELECTION_METHODS, check_selection_parameters
from .choice import (
    SELECTION_COLUMNS,
    InfeasibleSelectionError,
    SelectionRules,
    format_selection_csv,
    select_objectives,
)
from .criteria import CANDIDATE_COLUMNS, combine_criteria, priority_scores
from .robustness import (
    ROBUSTNESS_COLUMNS,
    ROBUSTNESS_CONCENTRATION,
    assess_robustness,
    draw_weights,
    summarise_robustness,
)

__all__ = [
    "CANDIDATE_COLUMNS",
    "GUIDING_PRINCIPLE_OBJECTIVES",
    "N_OBJECTIVES",
    "ROBUSTNESS_COLUMNS",
    "ROBUSTNESS_CONCENTRATION",
    "SELECTION_COLUMNS",
    "SELECTION_METHODS",
    "InfeasibleSelectionError",
    "SelectionRules",
    "assess_robustness",
    "check_selection_parameters",
    "combine_criteria",
    "draw_weights",
    "format_selection_csv",
    "guiding_principle_links",
    "priority_scores",
    "rank_descending",
    "select_objectives",
    "summarise_guiding_principles",
    "summarise_robustness",
    "summarise_sdg_targets",
]
