"""Stage 05, the country report: headline figures over every earlier table."""

from __future__ import annotations

from .. import report
from ..funding import shock_from_table
from ..i18n import t
from ..profile import country_facts, country_series
from ..reference import objective_titles
from ..reporting.profile import format_data_notes
from .base import Stage, StageInput, StageResult


def _currency_note(inputs: StageInput) -> str:
    """One sentence when the run reports the country's plan in another currency
    than the plan's own (``--currency``), else empty."""
    if inputs.plan is None:
        return ""
    own = inputs.plan.settings.reporting_currency
    if own == inputs.settings.currency:
        return ""
    return t("report.converted", inputs.lang, plan_currency=own,
             currency=inputs.settings.currency, plan=inputs.settings.plan_file
             .rsplit("/", 1)[-1])


def run(inputs: StageInput) -> StageResult:
    """The headline (``headline.json`` for the batch index) and display values.

    Every table comes from a fresh stage (the run folder refuses stale ones),
    so the report never mixes tables computed from different inputs.
    """
    lang, tables = inputs.lang, inputs.tables
    panel = inputs.data["processed/country_indicators"]
    headline = report.summarise_run(tables)
    objectives = inputs.data["reference/gcm_objectives"]
    titles = objective_titles(lang, short=True, table=objectives).to_dict()
    info = {
        "facts": country_facts(inputs.data["processed/countries"], inputs.country,
                               lang),
        "titles": titles,
        "headline": headline,
        "is_starter_plan": not inputs.settings.has_plan,
        "plan_file": inputs.settings.plan_file.rsplit("/", 1)[-1],
        "is_illustrative": headline["is_illustrative_funding"]
        or not inputs.settings.has_plan,
        # the banner says what is illustrative: the whole starter plan, or only
        # the funding of the country's own plan (no funding sheet)
        "banner": ("report.illustrative" if not inputs.settings.has_plan
                   else "report.illustrative_funding"
                   if headline["is_illustrative_funding"] else ""),
        "shock": shock_from_table(tables["funding_shock"]),
        # an explicit --currency converts the country's plan: say so
        "currency_note": _currency_note(inputs),
        # the objectives section: a starter plan covers the selection; the
        # country's own plan is the budgeted set, the selection beside it
        "objectives_note": "" if not inputs.settings.has_plan
        else t("report.compare_note", lang),
        "objectives_table": report.selected_objectives_table(
            tables["selection"], titles, tables["budget_by_objective"], lang)
        if not inputs.settings.has_plan else report.format_plan_comparison(
            report.compare_plan_and_selection(
                tables["selection"], tables["budget_by_objective"], lang),
            titles, lang),
        "assumptions": report.assumptions_table(
            inputs.data["reference/assumptions"], lang),
        "data_sources": report.data_sources_table(
            inputs.data["reference/data_sources"], lang),
        # the main series over time, and the values the analysis left out
        # (flagged in the data build) with the reason
        "series": country_series(panel[panel["iso3"] == inputs.country],
                                 inputs.country),
        "data_notes": format_data_notes(tables["profile"], lang),
    }
    return StageResult({}, info=info,
                       documents={"headline": report.headline_for_index(headline)})


STAGE = Stage(
    key="report", notebook="05_country_report", outputs=(), compute=run,
    inputs=report.REPORT_TABLES, uses_plan=True,
    data=("processed/countries", "processed/country_indicators",
          "reference/gcm_objectives", "reference/assumptions",
          "reference/data_sources"))
