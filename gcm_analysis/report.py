"""The country report (notebook 05): headline figures and summary text.

Pure functions over the tables the stages wrote to the run folder. Every number
in the report's summary is computed here from those tables (nothing typed in),
and :func:`summarise_run` also feeds ``headline.json`` for the batch index.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from . import numbers
from .funding.mobilisation import approach_text
from .funding.vocabulary import SHARES
from .i18n import reference_text, t

#: Run tables the report reads (the run folder may hold more).
REPORT_TABLES = (
    "profile", "needs", "selection", "budget_summary", "budget_by_objective",
    "budget_by_year", "budget_by_objective_year", "budget_uncertainty",
    "funding_gap_total", "funding_gap_by_objective", "funding_gap_by_objective_year",
    "funding_gap_by_year", "funding_by_source_type", "funding_mobilisation_plan",
    "funding_crisis", "funding_crisis_totals", "funding_shock",
    "funding_readiness_summary", "funding_workshop_agenda", "funding_sources",
)


def _value(table: pd.DataFrame, column: str, default: float = math.nan) -> float:
    if table is None or table.empty or column not in table:
        return default
    return float(table[column].iloc[0])


def summarise_run(tables: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """Return the headline figures of a run (numbers only, plus currency).

    ``total_cost`` is the budget total at constant prices of the base year and
    the cost range the Monte Carlo P10/P50/P90 of the total. Funding uses the
    one vocabulary (:mod:`gcm_analysis.funding.vocabulary`): ``committed`` =
    secured + pledged, ``gap`` = cost - committed (so ``committed + gap ==
    total_cost``), ``expected`` = likelihood-weighted, and every share names
    its numerator over the cost (``committed_share`` = committed / cost...).
    """
    summary = tables["budget_summary"]
    total_row = summary[summary["component"] == "total"]
    uncertainty = tables["budget_uncertainty"]
    total_range = uncertainty[(uncertainty["scope"] == "total")
                              & (uncertainty["price_basis"] == "constant")]
    gap = tables["funding_gap_total"]
    selection = tables["selection"]
    selected = selection[selection["is_selected"].astype(bool)]
    needs = tables["needs"].dropna(subset=["rank"]).sort_values("rank")
    return {
        "currency": str(total_row["currency"].iloc[0]),
        "price_year": int(total_row["price_year"].iloc[0]),
        "total_cost": round(float(total_row["amount_constant"].iloc[0]), 2),
        "total_cost_nominal": round(float(total_row["amount_nominal"].iloc[0]), 2),
        "cost_p10": round(_value(total_range, "p10"), 2),
        "cost_p50": round(_value(total_range, "p50"), 2),
        "cost_p90": round(_value(total_range, "p90"), 2),
        **{name: round(_value(gap, f"{name}_amount"), 2)
           for name in ("secured", "pledged", "pipeline", "to_be_mobilised",
                        "committed", "allocated", "gap", "risk_adjusted_gap")},
        "expected": round(_value(gap, "expected_funded_amount"), 2),
        **{name: round(_value(gap, name), 4) for name in SHARES},
        "gap_rag": str(gap["rag_code"].iloc[0]) if "rag_code" in gap else "",
        "objectives_selected": int(len(selected)),
        "selected_objective_ids": [int(i) for i in selected["objective_id"]],
        "top_need_objective_ids": [int(i) for i in needs["objective_id"].head(3)],
        "is_illustrative_funding": bool(
            tables["funding_sources"]["is_illustrative"].astype(bool).any()),
    }


def headline_for_index(headline: Mapping[str, Any]) -> dict[str, Any]:
    """The figures the batch index shows (flat, JSON-friendly): amounts with
    their currency and price year beside them, shares as named in the funding
    vocabulary (each a share of the total cost)."""
    return {
        "currency": headline["currency"],
        "price_year": headline["price_year"],
        "total_cost": headline["total_cost"],
        "committed": headline["committed"],
        "gap": headline["gap"],
        "risk_adjusted_gap": headline["risk_adjusted_gap"],
        "secured_share": headline["secured_share"],
        "committed_share": headline["committed_share"],
        "expected_share": headline["expected_share"],
        "objectives_selected": headline["objectives_selected"],
        "is_illustrative_funding": headline["is_illustrative_funding"],
    }


def money(value: float, currency: str, lang: str = "en") -> str:
    """An amount for prose (:func:`gcm_analysis.numbers.money`): from a million
    up in words (``USD 2.1 million``, ``2,1 millions USD``), below in full."""
    return numbers.money(value, currency, lang)


def _percent(share: float, lang: str = "en") -> str:
    """A share as a whole percentage, '—' when undefined."""
    return numbers.percent(share, lang)


def section(heading: str, note: str | None, lang: str = "en", level: int = 2) -> str:
    """Markdown of a report section's start: the text ``report.<heading>`` as a
    heading of ``level``, then the paragraph ``report.<note>`` (if any).

    Examples
    --------
    >>> section("needs_heading", None).startswith("## ")
    True
    """
    start = f"{'#' * level} {t('report.' + heading, lang)}"
    return f"{start}\n\n{t('report.' + note, lang)}" if note else start


def executive_summary(headline: Mapping[str, Any], facts: Mapping[str, str],
                      titles: Mapping[int, str], lang: str = "en") -> str:
    """The executive summary in Markdown, in ``lang`` (all numbers from headline)."""
    cur = headline["currency"]
    objectives = ", ".join(f"{i} ({titles.get(i, '')})"
                           for i in headline["selected_objective_ids"])
    top = ", ".join(f"{i} ({titles.get(i, '')})"
                    for i in headline["top_need_objective_ids"])
    paragraphs = [
        t("report.summary_needs", lang, country_name=facts["country_name"], top=top),
        t("report.summary_selection", lang, n=headline["objectives_selected"],
          objectives=objectives),
        t("report.summary_budget", lang,
          total=money(headline["total_cost"], cur, lang),
          price_year=headline["price_year"],
          nominal=money(headline["total_cost_nominal"], cur, lang),
          p10=money(headline["cost_p10"], cur, lang),
          p90=money(headline["cost_p90"], cur, lang)),
        t("report.summary_funding", lang,
          committed=money(headline["committed"], cur, lang),
          committed_share=_percent(headline["committed_share"], lang),
          secured=money(headline["secured"], cur, lang),
          pledged=money(headline["pledged"], cur, lang),
          expected=money(headline["expected"], cur, lang),
          expected_share=_percent(headline["expected_share"], lang),
          gap=money(headline["gap"], cur, lang),
          risk_gap=money(headline["risk_adjusted_gap"], cur, lang)),
    ]
    return "\n\n".join(paragraphs)


def key_figures(headline: Mapping[str, Any], lang: str = "en") -> pd.DataFrame:
    """The key figures as a two-column display table."""
    cur = headline["currency"]
    rows = [
        (t("report.kf_objectives", lang), str(headline["objectives_selected"])),
        (t("report.kf_total", lang, price_year=headline["price_year"]),
         money(headline["total_cost"], cur, lang)),
        (t("report.kf_nominal", lang),
         money(headline["total_cost_nominal"], cur, lang)),
        (t("report.kf_range", lang),
         f"{money(headline['cost_p10'], cur, lang)} – "
         f"{money(headline['cost_p90'], cur, lang)}"),
        (t("report.kf_committed", lang), money(headline["committed"], cur, lang)),
        (t("report.kf_committed_share", lang),
         _percent(headline["committed_share"], lang)),
        (t("report.kf_expected", lang), money(headline["expected"], cur, lang)),
        (t("report.kf_expected_share", lang),
         _percent(headline["expected_share"], lang)),
        (t("report.kf_gap", lang), money(headline["gap"], cur, lang)),
        (t("report.kf_risk_gap", lang),
         money(headline["risk_adjusted_gap"], cur, lang)),
    ]
    return pd.DataFrame(rows, columns=[t("report.kf_measure", lang),
                                       t("report.kf_value", lang)])


def selected_objectives_table(selection: pd.DataFrame, titles: Mapping[int, str],
                              budget_by_objective: pd.DataFrame,
                              lang: str = "en") -> pd.DataFrame:
    """Chosen objectives with need score and planned budget, in ``lang``."""
    chosen = selection[selection["is_selected"].astype(bool)].sort_values("rank")
    budget = budget_by_objective.set_index("objective_id")["amount_constant"]
    currency = str(budget_by_objective["currency"].iloc[0]) \
        if len(budget_by_objective) else ""
    return pd.DataFrame({
        t("report.col_objective", lang): [f"{i}. {titles.get(i, '')}"
                                          for i in chosen["objective_id"]],
        t("report.col_need", lang): [numbers.number(v, lang)
                                     for v in chosen["need_score"]],
        t("report.col_budget", lang, currency=currency): [
            numbers.number(budget.get(i), lang) if i in budget.index else "—"
            for i in chosen["objective_id"]],
    })


def mobilisation_summary(plan: pd.DataFrame, titles: Mapping[int, str],
                         lang: str = "en", per_gap: int = 1) -> pd.DataFrame:
    """The first candidate source(s) for each gap, largest gap first."""
    if plan.empty:
        return pd.DataFrame(columns=[t("report.col_objective", lang)])
    top = plan[plan["candidate_rank"] <= per_gap].sort_values(
        ["gap_amount", "objective_id"], ascending=[False, True])
    return pd.DataFrame({
        t("report.col_objective", lang): [f"{i}. {titles.get(i, '')}"
                                          for i in top["objective_id"]],
        t("report.col_gap", lang, currency=str(top["currency"].iloc[0])): [
            numbers.number(v, lang) for v in top["gap_amount"]],
        t("report.col_source", lang): top["source_type_name"].tolist(),
        t("report.col_approach_by", lang): approach_text(top, lang),
    })


def assumptions_table(assumptions: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The assumptions log's method rows (``assumptions.csv``), headings in ``lang``.

    ``assumptions`` is the reference table ``assumptions``: the data behind the
    summary tables of ``docs/assumptions.md`` (a test keeps the two in step).
    """
    rows = assumptions[assumptions["group"] == "method"]

    def rating(value: object) -> str:
        key = "rating." + re.sub(r"[^a-z0-9]+", "_", str(value).lower()).strip("_")
        return reference_text(key, str(value), lang)

    return pd.DataFrame({
        t("report.col_id", lang): rows["assumption_id"].to_numpy(),
        t("report.col_assumption", lang): [
            reference_text(f"assumption.{i}", str(text), lang)
            for i, text in zip(rows["assumption_id"], rows["assumption_en"],
                               strict=True)],
        t("report.col_evidence", lang): [rating(v) for v in rows["evidence"]],
        t("report.col_impact", lang): [rating(v) for v in rows["impact"]],
    })


def data_sources_table(sources: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The data sources with their licence and vintage, headings in ``lang``."""
    return pd.DataFrame({
        t("report.col_dataset", lang): sources["dataset"],
        t("report.col_publisher", lang): sources["publisher"],
        t("report.col_licence", lang): sources["licence"],
        t("report.col_vintage", lang): [
            reference_text(f"data_source.vintage.{i}", str(v), lang)
            for i, v in zip(sources["source_id"], sources["vintage"], strict=True)],
        t("report.col_used_for", lang): [
            reference_text(f"data_source.used_for.{i}", str(v), lang)
            for i, v in zip(sources["source_id"], sources["used_for"], strict=True)],
    })
