"""Resource mobilisation: allocate funding to costs, measure gaps, plan, stress-test.

The method (``docs/method_funding.md``) in brief:

1. **Cells.** Costs are summed to cells ``intervention_id, objective_id, ministry,
   year``. Each funding line (one row of the plan's ``funding`` sheet: a source
   in a year) can only pay for costs of its own year (annual appropriations; no
   carry-over).
2. **Allocation rule.** In each year, the most restricted money goes first:
   (a) lines earmarked to an intervention pay for that intervention; (b) lines
   earmarked to an objective pay for that objective's interventions; (c)
   unearmarked lines pay for any intervention. Within a step, lines are used from
   the most certain (secured, then pledged, pipeline, to be mobilised; then
   higher likelihood) and cells are filled one after the other in the plan's
   order of importance: essential interventions first, then by ``priority_rank``
   (1 = first; blank last), then objective, intervention and ministry. A cell
   takes ``min(money left on the line, cost left in the cell)``. Nothing is
   allocated twice and no line gives more than it has; money an earmark cannot
   use stays unallocated (earmarks are honoured) and is reported with the reason.
   Because restricted money never competes with unrestricted money for the same
   cell, this order funds the largest possible total.
3. **Gaps.** Per cell: ``funded = secured + pledged + pipeline + to be mobilised``
   (allocated amounts) and ``gap = cost - funded``, so ``funded + gap = cost``.
   The expected funding weights each allocated amount by its line's likelihood;
   the risk-adjusted gap is ``cost - expected funding``. Red / amber / green
   comes from the share of cost expected to be funded
   (``funding_rag_thresholds.csv``, our bands).
4. **Resource-mobilisation plan.** For each objective with a risk-adjusted gap:
   first the plan's own uncertain sources to confirm, then source types from
   ``funding_source_guidance.csv``: those suited to the objective, then those
   suited to any, each in the table's suggested order, with the reason (fact
   markers [V]/[P]/[U] and a URL), channel, lead time and the month to approach.
5. **Crisis.** Cut chosen sources by a share in a year, lift the earmarks the
   sources agreed may be lifted, re-run the same allocation, and compare with the
   baseline intervention by intervention: reinforced, unchanged, reduced, delayed
   (no money left in a year it had money) or dropped (no money left at all).

Every function takes DataFrames and returns new ones; nothing here opens a file.
The curated reference tables come in as one :class:`FundingReference` (the stage
layer builds it from its inputs; :func:`gcm_analysis.reference.funding_reference`
reads it for other callers).

Modules: :mod:`.costs` (costs to cells), :mod:`.allocation` (the rule, gaps),
:mod:`.mobilisation` (the plan), :mod:`.crisis`, :mod:`.readiness` (assessments,
workshop agenda), :mod:`.stage` (parameters and every run table), :mod:`.sheets`
(the prepared funding and assessment tables and their vocabulary); the plan
sheets' specifications are in :mod:`gcm_analysis.funding_sheets`.
"""

from __future__ import annotations

from ._common import (
    CELL_KEYS,
    COST_COLUMNS,
    CRISIS_OUTCOMES,
    GAP_MONEY_COLUMNS,
    MIN_PLAN_GAP,
    OPTIONAL_COST_COLUMNS,
    REFERENCE_TABLES,
    STEPS,
    FundingReference,
    format_money,
    label,
)
from .allocation import (
    allocate_funding,
    build_starter_funding,
    check_funding_against_costs,
    compute_gaps,
    convert_funding_prices,
    funding_by_source_type,
    summarise_funding_lines,
    summarise_gaps,
)
from .costs import costs_from_budget, prepare_costs
from .crisis import (
    compare_scenarios,
    crisis_totals,
    resolve_shock,
    shock_funding,
    summarise_crisis,
)
from .mobilisation import build_mobilisation_plan
from .readiness import (
    blank_assessment,
    build_workshop_agenda,
    readiness_items,
    score_readiness,
    summarise_readiness,
)
from .stage import (
    PARAMETER_DEFAULTS,
    check_funding_parameters,
    choose_run_funding,
    compute_funding_tables,
    shock_from_table,
    validate_funding_parameters,
)

__all__ = [
    "CELL_KEYS", "COST_COLUMNS", "CRISIS_OUTCOMES", "GAP_MONEY_COLUMNS",
    "MIN_PLAN_GAP", "OPTIONAL_COST_COLUMNS", "PARAMETER_DEFAULTS", "REFERENCE_TABLES",
    "STEPS", "FundingReference",
    "allocate_funding", "blank_assessment", "build_mobilisation_plan",
    "build_starter_funding", "build_workshop_agenda", "check_funding_against_costs",
    "check_funding_parameters", "choose_run_funding", "compare_scenarios",
    "compute_funding_tables", "compute_gaps", "convert_funding_prices",
    "costs_from_budget", "crisis_totals", "format_money", "funding_by_source_type",
    "label", "prepare_costs", "readiness_items", "resolve_shock", "score_readiness",
    "shock_from_table", "shock_funding", "summarise_crisis", "summarise_funding_lines",
    "summarise_gaps", "summarise_readiness", "validate_funding_parameters",
]
