"""The plan's ``funding`` and ``assessment`` sheets, and funding reference tables.

Two sheets extend a country's plan workbook (see :mod:`gcm_analysis.plan`):

``funding``
    One row per funding source and year: name, type (from
    ``data/reference/funding_source_types.csv``), status (secured, pledged,
    pipeline, to be mobilised), likelihood (blank = the documented default of the
    status), amount, currency, price year, an optional earmark to an objective
    or an intervention, whether the earmark may be lifted in a crisis, and the
    donor's conditions.
``assessment``
    The readiness self-assessment: a score 0-3 and evidence for each of the five
    ideal conditions for GCM budgeting (Guidance, Action 2), the ten OECD
    principles of budgetary governance, and the ten plan-quality criteria (OUR
    proposal, not the Guide's Tool 8, which was not available to us).

Both sheets are described once, as :class:`gcm_analysis.plan.SheetSpec`, and
registered with the plan's extension point when this module is imported (the
extension point's documented use), so ``read_plan`` validates them like the core
sheets: every problem names file, sheet, Excel row, column, value and what was
expected. :func:`validate_funding_sheet` and :func:`validate_assessment_sheet`
run the same checks on a table held in memory.

This module also reads the funding reference tables (through :mod:`.io`); the
prepared tables and their vocabulary are in :mod:`gcm_analysis.funding.sheets`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from . import io, plan, planio
from .errors import Problem, Text, msg
from .funding.sheets import (  # noqa: F401 - the sheets' vocabulary, re-exported
    ASSESSMENT_COLUMNS,
    FRAMEWORK_ITEMS,
    FUNDING_COLUMNS,
    SCORE_MAX,
    SOURCE_TYPE_CODES,
    STATUS_CODES,
    assessment_from_plan,
    check_funding_table,
    empty_funding,
    funding_schema,
    prepare_assessment,
)
from .funding.sheets import funding_from_plan as _funding_from_plan
from .funding.sheets import prepare_funding as _prepare_funding


def prepare_funding(sheet: pd.DataFrame, status_defaults: pd.DataFrame | None = None
                    ) -> pd.DataFrame:
    """:func:`gcm_analysis.funding.sheets.prepare_funding`, with the status
    defaults read from the reference table when not given."""
    return _prepare_funding(sheet, status_defaults if status_defaults is not None
                            else read_status_defaults())


def funding_from_plan(the_plan: plan.Plan) -> pd.DataFrame | None:
    """The plan's prepared funding table (status defaults from the reference
    table), or ``None`` without one."""
    return _funding_from_plan(the_plan, read_status_defaults())


_C = plan.ColumnSpec


def _known_interventions(context: plan.PlanContext
                         ) -> tuple[dict[Any, Any], set[Any], str] | None:
    """The plan's interventions for cross-sheet rules: each one's objective, the
    set of ids, and the first few ids as a rule's "expected" text (None when the
    interventions sheet is not there)."""
    interventions = context.tables.get("interventions")
    if interventions is None or "intervention_id" not in interventions:
        return None
    table = interventions.dropna(subset=["intervention_id"]).drop_duplicates(
        "intervention_id")
    objective_of = dict(zip(table["intervention_id"], table["objective_id"],
                            strict=True))
    known = set(objective_of)
    shown = ", ".join(sorted(known)[:8]) + (" ..." if len(known) > 8 else "")
    return objective_of, known, shown


def _from_interventions(shown: str) -> Text:
    """What an intervention id must be: one of the interventions sheet's."""
    return msg("rule.intervention_exists.expected", ids=shown) if shown \
        else msg("rule.intervention_exists.expected_none")


def _funding_rules(context: plan.PlanContext) -> list[plan.Rule]:
    rules: list[plan.Rule] = []
    known_interventions = _known_interventions(context)
    if known_interventions is not None:
        objective_of, known, shown = known_interventions
        rules += [
            plan.Rule(
                "earmark_intervention_exists", "earmark_intervention_id",
                msg("rule.intervention_exists"), _from_interventions(shown),
                lambda d: d["earmark_intervention_id"].isna()
                | d["earmark_intervention_id"].isin(known)),
            plan.Rule(
                "earmarks_agree", "earmark_intervention_id",
                msg("rule.earmarks_agree"), msg("rule.earmarks_agree.expected"),
                lambda d: _earmarks_agree(d, objective_of)),
        ]
    settings = context.settings
    if settings is not None:
        currency = settings.reporting_currency
        rules.append(plan.Rule(
            "currency_is_reporting", "currency",
            msg("rule.funding_in_reporting", currency=currency),
            currency, lambda d: d["currency"].isna() | (d["currency"] == currency)))
    return rules


def _earmarks_agree(table: pd.DataFrame, objective_of: Mapping[str, Any]) -> pd.Series:
    mapped = table["earmark_intervention_id"].map(objective_of)
    both = table["earmark_objective_id"].notna() & mapped.notna()
    same = pd.Series(True, index=table.index)
    same[both] = (mapped[both].astype(int) == table.loc[both, "earmark_objective_id"]
                  .astype(int))
    return same.astype(bool)


FUNDING_SHEET = plan.SheetSpec(
    name="funding",
    description="One row per funding source and year: what is secured, pledged, in "
    "the pipeline or still to be mobilised, and what it is earmarked to.",
    columns=(
        _C("source_id", "id", "Short code of the source, the same on every row "
           "(year) of one source, e.g. EU-01; blank = made from source_name"),
        _C("source_name", "text", "Name of the source, e.g. 'Ministry of Labour "
           "budget' or 'Migration MPTF joint programme'", required=True,
           max_length=300),
        _C("source_type_code", "choice", "Type of source (see the lists sheet)",
           required=True, choices=SOURCE_TYPE_CODES),
        _C("status", "choice", "secured (budgeted or signed), pledged (announced), "
           "pipeline (proposal submitted or in negotiation), to_be_mobilised (not "
           "yet approached)", required=True, choices=STATUS_CODES),
        _C("likelihood", "number", "Chance the money arrives (0-1); blank = the "
           "default of the status (secured 1, pledged 0.8, pipeline 0.5, "
           "to_be_mobilised 0.2)", unit="share 0-1: type 0.8 for 80 %", minimum=0,
           maximum=1),
        _C("year", "int", "Year the money can be spent", required=True, unit="year",
           minimum=2000, maximum=2100),
        _C("amount", "number", "Amount available in that year", required=True,
           unit="in the row's currency", minimum=0, maximum=plan.MAX_AMOUNT),
        _C("currency", "currency", "Currency of the amount (ISO 4217); the plan's "
           "reporting currency", required=True, dropdown="currency"),
        _C("price_year", "int", "Year whose prices the amount is in (for money of "
           "the year itself: the same as year)", required=True, unit="year",
           minimum=1990, maximum=2100),
        _C("earmark_objective_id", "int", "GCM objective (1-23) the money is "
           "reserved for; blank = not earmarked to an objective", minimum=1,
           maximum=23, dropdown="objective_id"),
        _C("earmark_intervention_id", "id", "intervention_id the money is reserved "
           "for; blank = not earmarked to an intervention"),
        _C("can_reallocate_in_crisis", "yesno", "yes if the earmark may be lifted to "
           "protect essential interventions when money is cut (agreed with the "
           "source); blank = no", default=False, dropdown="yesno"),
        _C("conditions", "text", "Conditions attached (co-financing, reporting, "
           "deadlines)"),
        _C("notes", "text", "Anything else"),
    ),
    unique_together=("source_id", "source_name", "year", "earmark_objective_id",
                     "earmark_intervention_id"),
    rules=_funding_rules,
)


def _assessment_rules(context: plan.PlanContext) -> list[plan.Rule]:
    limits = {code: count for code, count in FRAMEWORK_ITEMS.items()}
    words = "; ".join(f"{code} 1-{count}" for code, count in limits.items())
    return [plan.Rule(
        "item_in_framework", "item_id", msg("rule.item_in_framework"), words,
        lambda d: d["framework_code"].isna() | d["item_id"].isna()
        | (d["item_id"] > 10)  # reported by the column's own range check
        | (d["item_id"] <= d["framework_code"].map(limits).astype("Float64"))
        .fillna(True).astype(bool))]


ASSESSMENT_SHEET = plan.SheetSpec(
    name="assessment",
    description="Readiness self-assessment: a score 0-3 and the evidence for each "
    "ideal budgeting condition, budgetary-governance principle and plan-quality "
    "criterion (the last list is the GCM Workbook's proposal, not the Guide's "
    "Tool 8).",
    columns=(
        _C("framework_code", "choice", "ideal_budgeting_conditions (Guidance, Action "
           "2), budget_governance_principles (OECD 2015) or plan_quality_criteria "
           "(GCM Workbook proposal)", required=True, choices=tuple(FRAMEWORK_ITEMS)),
        _C("item_id", "int", "Number of the condition, principle or criterion",
           required=True, minimum=1, maximum=10),
        _C("item_text", "text", "Text of the item (for information; not read)"),
        _C("score", "int", "0 not in place, 1 emerging, 2 partly in place, 3 in "
           "place; blank = not assessed", minimum=0, maximum=SCORE_MAX),
        _C("evidence", "text", "What shows the score: a document, decision or data "
           "source a reviewer can check"),
    ),
    unique_together=("framework_code", "item_id"),
    rules=_assessment_rules,
)


def _returns_rules(context: plan.PlanContext) -> list[plan.Rule]:
    rules = [plan.Rule(
        "return_target", "intervention_id",
        msg("rule.return_target"), msg("rule.return_target.expected"),
        lambda d: d["intervention_id"].notna() | d["objective_id"].notna())]
    known_interventions = _known_interventions(context)
    if known_interventions is not None:
        objective_of, known, shown = known_interventions
        rules += [
            plan.Rule(
                "return_intervention_exists", "intervention_id",
                msg("rule.intervention_exists"), _from_interventions(shown),
                lambda d: d["intervention_id"].isna()
                | d["intervention_id"].isin(known)),
            plan.Rule(
                "return_objective_agrees", "objective_id",
                msg("rule.return_objective_agrees"),
                msg("rule.return_objective_agrees.expected"),
                lambda d: _earmarks_agree(d.rename(columns={
                    "intervention_id": "earmark_intervention_id",
                    "objective_id": "earmark_objective_id"}), objective_of)),
        ]
    settings = context.settings
    if settings is not None:
        currency = settings.reporting_currency
        rules.append(plan.Rule(
            "return_currency_is_reporting", "currency",
            msg("rule.returns_in_reporting", currency=currency),
            currency, lambda d: d["currency"].isna() | (d["currency"] == currency)))
    return rules


PARTNER_RETURNS_SHEET = plan.SheetSpec(
    name="partner_returns",
    description="Several partners' returns from the resource-mobilisation "
    "consultations: who funds or could fund what, how much, which years, with what "
    "status. A record of the consultations, not funding: agreed money goes into the "
    "funding sheet. Same partner, target and year twice = a duplicate (flagged); "
    "partners together offering more than an intervention's cost = an overlap "
    "(flagged).",
    columns=(
        _C("partner_name", "text", "Name of the partner, the same on each of its "
           "rows, e.g. 'EU AMIF national programme'", required=True, max_length=200),
        _C("partner_type_code", "choice", "Type of source (see the lists sheet)",
           required=True, choices=SOURCE_TYPE_CODES),
        _C("intervention_id", "id", "intervention_id the partner funds or could "
           "fund; blank = an objective as a whole"),
        _C("objective_id", "int", "GCM objective (1-23); blank = the intervention's",
           minimum=1, maximum=23, dropdown="objective_id"),
        _C("year", "int", "Year of the money (one row per year)", required=True,
           unit="year", minimum=2000, maximum=2100),
        _C("amount", "number", "Amount in that year", required=True,
           unit="in the row's currency", minimum=0, maximum=plan.MAX_AMOUNT),
        _C("currency", "currency", "Currency of the amount (ISO 4217); the plan's "
           "reporting currency", required=True, dropdown="currency"),
        _C("status", "choice", "secured (signed), pledged (announced), pipeline "
           "(under discussion), to_be_mobilised (interest only)", required=True,
           choices=STATUS_CODES),
        _C("interests", "text", "The partner's areas of interest, in its words"),
        _C("returned_on", "text", "When the return was received (e.g. 2026-11-30)"),
        _C("notes", "text", "Anything else"),
    ),
    rules=_returns_rules,
)


BUDGET_STEPS_SHEET = plan.SheetSpec(
    name="budget_steps",
    description="Budgeting steps 3, 6 and 8 of the Guidance (Action 2): one row "
    "per checklist item of data/reference/budgeting_step_checklist.csv, with its "
    "status, who is involved and the evidence. Items quoted from the Guidance and "
    "our own items are told apart in the report.",
    columns=(
        _C("step_id", "int", "Budgeting step: 3 (stakeholders' views on funding "
           "levels), 6 (human-rights check), 8 (administrative steps and "
           "negotiations)", required=True, minimum=3, maximum=8),
        _C("item_id", "int", "Number of the checklist item within the step",
           required=True, minimum=1, maximum=20),
        _C("item_text", "text", "Text of the item (for information; not read)"),
        _C("status", "choice", "done, in_progress, not_started or not_applicable",
           required=True, choices=("done", "in_progress", "not_started",
                                   "not_applicable")),
        _C("who", "text", "Stakeholders consulted or the body responsible"),
        _C("evidence", "text", "What shows it: minutes, a decision, a document a "
           "reviewer can check"),
        _C("notes", "text", "Anything else"),
    ),
    unique_together=("step_id", "item_id"),
    rules=lambda context: [plan.Rule(
        "step_item_known", "item_id", msg("rule.step_item_known"),
        msg("rule.step_item_known.expected"),
        lambda d: d["step_id"].isna() | d["item_id"].isna()
        | (d["step_id"].isin([3, 6, 8])
           & (d["item_id"] <= d["step_id"].map({3: 7, 6: 5, 8: 5})
              .astype("Float64")).fillna(False)).astype(bool))],
)


def register_sheets() -> None:
    """Register the ``funding``, ``assessment`` and ``partner_returns`` sheets
    with the plan workbook.

    Idempotent. Called when this module is imported, which is how the plan's
    extension point (:func:`gcm_analysis.plan.register_sheet`) expects it.
    """
    for spec in (FUNDING_SHEET, ASSESSMENT_SHEET, PARTNER_RETURNS_SHEET,
                 BUDGET_STEPS_SHEET):
        plan.register_sheet(spec, replace_existing=True)


register_sheets()


# ------------------------------------------------------------------ validation
def _validate(spec: plan.SheetSpec, table: pd.DataFrame | planio.RawSheet, file: str,
              settings: plan.PlanSettings | None,
              tables: Mapping[str, pd.DataFrame]) -> tuple[pd.DataFrame, list[Problem]]:
    return plan.validate_sheet(spec, table, file, settings, tables)


def validate_funding_sheet(
    table: pd.DataFrame | planio.RawSheet,
    file: str = "plan",
    settings: plan.PlanSettings | None = None,
    interventions: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert and check a ``funding`` sheet; return the typed sheet and problems.

    Parameters
    ----------
    table : DataFrame or RawSheet
        The sheet as read (cells as text or numbers; a DataFrame's first row is
        Excel row 2).
    file : str
        Label of the file, used in each problem.
    settings : PlanSettings, optional
        The plan's settings; with them the currency must be the reporting one.
    interventions : DataFrame, optional
        The plan's interventions; with them intervention earmarks must exist and
        agree with the objective earmark.

    Returns
    -------
    typed : DataFrame
        One row per sheet row, typed, indexed by Excel row number.
    problems : list of Problem
        Every problem, located (sheet ``funding``, row, column, value, expected).
    """
    tables = {} if interventions is None else {"interventions": interventions}
    return _validate(FUNDING_SHEET, table, file, settings, tables)


def validate_assessment_sheet(
    table: pd.DataFrame | planio.RawSheet, file: str = "plan"
) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert and check an ``assessment`` sheet (see :func:`validate_funding_sheet`).

    Returns
    -------
    typed : DataFrame
    problems : list of Problem
    """
    return _validate(ASSESSMENT_SHEET, table, file, None, {})


# ----------------------------------------------------------- reference tables
def read_status_defaults() -> pd.DataFrame:
    """Return ``funding_status_defaults.csv``: the default likelihood per status.

    Columns ``status_code, display_order, default_likelihood, text_en, text_fr,
    rationale_en, rationale_fr, follow_up_lead_months, is_our_assumption, status,
    source``; every default is a GCM Workbook assumption, not UN text.
    """
    return io.read_reference("funding_status_defaults").sort_values("display_order")


def read_source_guidance() -> pd.DataFrame:
    """Return ``funding_source_guidance.csv``: per source type, the objectives it
    suits, typical size, channel, lead time and the reason, with fact markers
    ([V] verified, [P] partial, [U] unverified) and the source URL."""
    return io.read_reference("funding_source_guidance").sort_values("suggested_rank")


def read_rag_thresholds() -> pd.DataFrame:
    """Return ``funding_rag_thresholds.csv`` (our red/amber/green coverage bands)."""
    return io.read_reference("funding_rag_thresholds").sort_values("display_order")


def read_assessment_scale() -> pd.DataFrame:
    """Return ``funding_assessment_scale.csv`` (our 0-3 readiness scale)."""
    return io.read_reference("funding_assessment_scale").sort_values("score")


def read_labels() -> pd.DataFrame:
    """Return the report texts of stage 04 in EN and FR (catalogue keys
    ``funding.<label_key>``): ``label_key, text_en, text_fr``."""
    from .i18n import catalogue

    english, french = catalogue("en"), catalogue("fr")
    keys = [key for key in english if key.startswith("funding.")]
    return pd.DataFrame({"label_key": [key[len("funding."):] for key in keys],
                         "text_en": [english[key] for key in keys],
                         "text_fr": [french[key] for key in keys]})
