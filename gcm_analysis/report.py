"""The country report (notebook 05): headline figures and summary text.

Pure functions over the tables the stages wrote to the run folder. Every number
in the report's summary is computed here from those tables (nothing typed in),
and :func:`summarise_run` also feeds ``headline.json`` for the batch index.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
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
    "funding_partner_strategy", "funding_scenarios", "funding_budget_steps_summary",
    "funding_consultation_briefs",
)


def _value(table: pd.DataFrame, column: str, default: float = math.nan) -> float:
    if table is None or table.empty or column not in table:
        return default
    return float(table[column].iloc[0])


def summarise_run(tables: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """Return the headline figures of a run (numbers only, plus currency).

    ``total_cost`` is the budget total at constant prices of the base year and
    the cost range the Monte Carlo P10/P50/P90 of the total; ``cost_percentile``
    (0-100) says where the total sits among the simulated totals. Funding uses the
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
        "cost_percentile": round(_value(total_range, "deterministic_percentile"), 1),
        **{name: round(_value(gap, f"{name}_amount"), 2)
           for name in ("secured", "pledged", "pipeline", "to_be_mobilised",
                        "committed", "allocated", "gap", "risk_adjusted_gap")},
        "expected": round(_value(gap, "expected_funded_amount"), 2),
        **{name: round(_value(gap, name), 4) for name in SHARES},
        "gap_rag": str(gap["rag_code"].iloc[0]) if "rag_code" in gap else "",
        "objectives_selected": int(len(selected)),
        "plan_objective_ids": plan_objective_ids(tables["budget_by_objective"]),
        "selected_objective_ids": [int(i) for i in selected["objective_id"]],
        "top_need_objective_ids": [int(i) for i in needs["objective_id"].head(3)],
        "is_illustrative_funding": bool(
            tables["funding_sources"]["is_illustrative"].astype(bool).any()),
    }


def plan_objective_ids(budget_by_objective: pd.DataFrame) -> list[int]:
    """The objectives the costed plan budgets (a cost above zero), ascending."""
    costed = budget_by_objective[budget_by_objective["amount_constant"] > 0.005]
    return sorted(int(i) for i in costed["objective_id"])


def compare_plan_and_selection(selection: pd.DataFrame,
                               budget_by_objective: pd.DataFrame,
                               lang: str = "en") -> pd.DataFrame:
    """The plan's objectives (the budgeted set) beside the needs-based selection.

    One row per objective in either set, plan first then by rank:
    ``objective_id, is_in_plan, is_selected, rank, n_selected, amount_constant,
    currency, status`` (``both``, ``plan_only``, ``selection_only``) and
    ``explanation`` in ``lang``: "In the plan, not in the top N of the
    needs-based selection (rank r)", "Ranked r in the needs-based selection, not
    in the plan". ``rank`` is the rank of ``selection.csv`` (stage 02).
    """
    plan_ids = set(plan_objective_ids(budget_by_objective))
    flags = selection["is_selected"].astype(bool)
    selected = {int(i) for i in selection.loc[flags, "objective_id"]}
    ranks = selection.set_index("objective_id")["rank"]
    budget = budget_by_objective.set_index("objective_id")["amount_constant"]
    currency = (str(budget_by_objective["currency"].iloc[0])
                if len(budget_by_objective) else "")
    n_selected = len(selected)
    rows = []
    for i in sorted(plan_ids | selected):
        rank = ranks.get(i, float("nan"))
        rank_text = "—" if pd.isna(rank) else str(int(rank))
        status = ("both" if i in plan_ids and i in selected
                  else "plan_only" if i in plan_ids else "selection_only")
        rows.append({
            "objective_id": i, "is_in_plan": i in plan_ids,
            "is_selected": i in selected,
            "rank": pd.NA if pd.isna(rank) else int(rank), "n_selected": n_selected,
            "amount_constant": float(budget.get(i, 0.0)) if i in plan_ids else 0.0,
            "currency": currency, "status": status,
            "explanation": t(f"report.compare_{status}", lang, rank=rank_text,
                             n=n_selected),
        })
    out = pd.DataFrame(rows, columns=[
        "objective_id", "is_in_plan", "is_selected", "rank", "n_selected",
        "amount_constant", "currency", "status", "explanation"])
    if out.empty:
        return out
    return out.assign(_order=~out["is_in_plan"]).sort_values(
        ["_order", "rank", "objective_id"], kind="mergesort",
        na_position="last").drop(columns="_order").reset_index(drop=True)


def format_plan_comparison(comparison: pd.DataFrame, titles: Mapping[int, str],
                           lang: str = "en") -> pd.DataFrame:
    """The comparison as a display table (objective, plan budget, explanation)."""
    currency = str(comparison["currency"].iloc[0]) if len(comparison) else ""
    return pd.DataFrame({
        t("report.col_objective", lang): [f"{i}. {titles.get(i, '')}"
                                          for i in comparison["objective_id"]],
        t("report.col_budget", lang, currency=currency): [
            f"{v:,.0f}" if plan else "—" for v, plan in zip(
                comparison["amount_constant"], comparison["is_in_plan"], strict=True)],
        t("report.col_explanation", lang): comparison["explanation"].tolist(),
    })


def headline_for_index(headline: Mapping[str, Any],
                       profile: pd.DataFrame | None = None,
                       selection: pd.DataFrame | None = None,
                       is_starter_plan: bool | None = None) -> dict[str, Any]:
    """The figures the batch index shows (flat, JSON-friendly): amounts with
    their currency and price year beside them, shares as named in the funding
    vocabulary (each a share of the total cost).

    With the run's ``profile`` table: the population (value, year, source) and
    the cost per person (total cost at constant prices / population, in the
    plan's currency); with ``selection``: the ids of the first three selected
    objectives by priority rank (``top_objective_ids``); ``is_starter_plan``
    says whether the plan is GCM Workbook's illustrative starter plan.
    """
    extra: dict[str, Any] = {}
    if profile is not None and "indicator" in profile:
        people = profile[profile["indicator"] == "population"]
        if len(people) and pd.notna(people["value"].iloc[0]) \
                and float(people["value"].iloc[0]) > 0:
            population = float(people["value"].iloc[0])
            extra.update(population=round(population),
                         population_year=int(people["year"].iloc[0]),
                         population_source=str(people["source"].iloc[0]),
                         cost_per_capita=round(headline["total_cost"] / population,
                                               4))
    if selection is not None and len(selection):
        chosen = selection[selection["is_selected"].astype(bool)].sort_values("rank")
        extra["top_objective_ids"] = [int(i) for i in chosen["objective_id"].head(3)]
    if is_starter_plan is not None:
        extra["is_starter_plan"] = bool(is_starter_plan)
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
        **extra,
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


def _objective_text(ids: Any, titles: Mapping[int, str]) -> str:
    return ", ".join(f"{i} ({titles.get(i, '')})" for i in ids) or "—"


def executive_summary(headline: Mapping[str, Any], facts: Mapping[str, str],
                      titles: Mapping[int, str], lang: str = "en",
                      is_own_plan: bool = False) -> str:
    """The executive summary in Markdown, in ``lang`` (all numbers from headline).

    For the country's own plan (``is_own_plan``) the objectives paragraph names
    the plan's budgeted objectives, then the needs-based selection beside them
    and the differences both ways.
    """
    cur = headline["currency"]
    top = _objective_text(headline["top_need_objective_ids"], titles)
    if is_own_plan:
        plan_ids = list(headline["plan_objective_ids"])
        chosen = list(headline["selected_objective_ids"])
        objectives_paragraph = t(
            "report.summary_plan", lang, n_plan=len(plan_ids),
            plan=_objective_text(plan_ids, titles), n_selected=len(chosen),
            n_both=len(set(plan_ids) & set(chosen)),
            plan_only=_objective_text([i for i in plan_ids if i not in chosen],
                                      titles),
            selection_only=_objective_text([i for i in chosen if i not in plan_ids],
                                           titles))
    else:
        objectives_paragraph = t(
            "report.summary_selection", lang, n=headline["objectives_selected"],
            objectives=_objective_text(headline["selected_objective_ids"], titles))
    paragraphs = [
        t("report.summary_needs", lang, country_name=facts["country_name"], top=top),
        objectives_paragraph,
        t("report.summary_budget", lang,
          total=money(headline["total_cost"], cur, lang),
          price_year=headline["price_year"],
          nominal=money(headline["total_cost_nominal"], cur, lang),
          percentile=_percent(headline["cost_percentile"] / 100, lang),
          p50=money(headline["cost_p50"], cur, lang),
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


def key_figures(headline: Mapping[str, Any], lang: str = "en",
                is_own_plan: bool = False) -> pd.DataFrame:
    """The key figures as a two-column display table (for the country's own
    plan, the number of objectives it budgets, not of those selected by need)."""
    cur = headline["currency"]
    rows = [
        (t("report.kf_plan_objectives", lang),
         str(len(headline["plan_objective_ids"]))) if is_own_plan else
        (t("report.kf_objectives", lang), str(headline["objectives_selected"])),
        (t("report.kf_total", lang, price_year=headline["price_year"]),
         money(headline["total_cost"], cur, lang)),
        (t("report.kf_nominal", lang),
         money(headline["total_cost_nominal"], cur, lang)),
        (t("report.kf_range", lang),
         f"{money(headline['cost_p10'], cur, lang)} – "
         f"{money(headline['cost_p90'], cur, lang)}"),
        (t("report.kf_p50", lang), money(headline["cost_p50"], cur, lang)),
        (t("report.kf_percentile", lang),
         _percent(headline["cost_percentile"] / 100, lang)),
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


def plan_warnings_section(warnings: Sequence[Any] | None, plan_file: str,
                          lang: str = "en") -> tuple[str, pd.DataFrame]:
    """The appendix on the plan file's warnings: Markdown and a table.

    ``warnings`` are the :class:`~gcm_analysis.errors.Problem` warnings of the
    plan the run used (``Plan.warnings``, kept in the run's plan snapshot), or
    None for a starter plan. One row per warning: where, what, what was
    expected (the messages of ``gcm validate``, in ``lang``: a warning read back
    from a snapshot keeps its catalogue key and values; the names and values
    from the file are the user's own and stay as they are).
    """
    heading = f"### {t('report.plan_warnings_heading', lang)}\n\n"
    columns = [t(f"report.col_{c}", lang) for c in ("where", "warning", "expected")]
    if warnings is None:
        return heading + t("report.plan_warnings_starter", lang), \
            pd.DataFrame(columns=columns)
    key = "report.plan_warnings_intro" if warnings else "report.plan_warnings_none"
    rows = [(p.location(lang), p.message_in(lang) if p.value is None
             else f"{p.message_in(lang)} ({p.value})", p.expected_in(lang) or "")
            for p in warnings]
    return heading + t(key, lang, plan=plan_file), pd.DataFrame(rows, columns=columns)


def data_sources_table(sources: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The data sources with their licence and vintage, headings in ``lang``.

    In another language than English the titles are cited as published, in
    English (:class:`gcm_analysis.reporting.Cited`: marked ``lang="en"``), a
    note of ours after a title in ``lang`` (catalogue
    ``data_source.dataset.<source_id>``: the French keeps the title and
    translates what follows it); publishers and licences from
    ``data_source.publisher.*`` and ``data_source.licence.*``.
    """
    def text(kind: str) -> list[str]:
        return [reference_text(f"data_source.{kind}.{i}", str(v), lang)
                for i, v in zip(sources["source_id"], sources[kind], strict=True)]

    return pd.DataFrame({
        t("report.col_dataset", lang): (
            sources["dataset"].tolist() if lang == "en" else
            [_cited(str(english), shown) for english, shown in
             zip(sources["dataset"], text("dataset"), strict=True)]),
        t("report.col_publisher", lang): text("publisher"),
        t("report.col_licence", lang): text("licence"),
        t("report.col_vintage", lang): text("vintage"),
        t("report.col_used_for", lang): text("used_for"),
    })


def _cited(english: str, shown: str) -> Any:
    """A source's title as published (the part ``shown`` shares with the
    ``english``, to a word's end), cited in English, and what ``shown`` adds.

    Examples
    --------
    >>> cited = _cited("Guide (French excerpt)", "Guide (extrait en français)")
    >>> cited.work, cited.after
    ('Guide', ' (extrait en français)')
    """
    from .reporting import Cited

    size = 0
    while size < min(len(english), len(shown)) and english[size] == shown[size]:
        size += 1
    while 0 < size < len(english) and english[size - 1].isalnum() \
            and english[size].isalnum():
        size -= 1  # not inside a word
    title = shown[:size].rstrip(" (")
    return Cited(title, "en", shown[len(title):])
