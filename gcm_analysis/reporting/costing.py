"""Figures and display tables for the costing stage (notebook 03). No computation.

Every ``plot_*`` returns a :class:`matplotlib.figure.Figure` with a title and
axes labelled with their unit (currency, price basis). Texts exist in English and
French (:func:`text`). The display tables are here; the texts live in
:mod:`.costing_text` and the figures in :mod:`.costing_figures`, both importable
from this module.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..i18n import source_note
from ._style import format_number
from .costing_figures import (  # noqa: F401 - the figures are part of this module's API
    plot_budget_by_year,
    plot_objective_ranges,
    plot_timeline,
    plot_tornado,
    plot_uncertainty,
)
from .costing_text import (  # noqa: F401 - the texts are part of this module's API
    _basis,
    _label,
    amount,
    colon,
    heading,
    headline,
    intro,
    method_text,
    plan_origin,
    text,
    variable_name,
)


# -------------------------------------------------------------------- tables
def format_budget_table(table: pd.DataFrame, key: str, lang: str = "en",
                        labels: Mapping[object, str] | None = None) -> pd.DataFrame:
    """Return a budget summary (from ``costing.summarise_budget``) as display text.

    Parameters
    ----------
    table : DataFrame
        ``<key>, amount_constant, amount_nominal, currency, price_year, share_pct,
        method``.
    key : str
        The grouping column shown first (e.g. ``objective_id``, ``year``).
    lang : str
    labels : mapping, optional
        Display labels for the key values (e.g. objective titles).

    Returns
    -------
    DataFrame
        With a total row; headings translated.
    """
    currency = str(table["currency"].iloc[0]) if len(table) else ""
    base_year = int(table["price_year"].iloc[0]) if len(table) else 0
    header = {"objective_id": "col_objective", "year": "col_year",
               "category": "col_category", "ministry": "col_ministry",
               "component_name": "col_component",
               "intervention_id": "col_intervention"}.get(key, "col_objective")
    if key == "objective_id":
        names = [_label(int(v), labels, 60) for v in table[key]]
    else:
        names = [str(labels.get(v, v)) if labels is not None else str(v)
                 for v in table[key]]
    out = pd.DataFrame({
        text(header, lang): names + [text("total_row", lang)],
        text("col_constant", lang, currency=currency, base_year=base_year):
            [amount(v, lang=lang) for v in table["amount_constant"]]
            + [amount(table["amount_constant"].sum(), lang=lang)],
        text("col_nominal", lang, currency=currency):
            [amount(v, lang=lang) for v in table["amount_nominal"]]
            + [amount(table["amount_nominal"].sum(), lang=lang)],
        text("col_share", lang): [amount(v, 1, lang) for v in table["share_pct"]]
            + [amount(table["share_pct"].sum(), 1, lang)],
        text("col_method", lang): [method_text(m, lang) for m in table["method"]]
        + [""],
    })
    return out


def format_components(components: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the budget summary (direct/support, start-up/recurrent) as text."""
    shown = components[~components["component"].isin(["total", "support_total"])]
    totals = components.set_index("component")
    currency = str(components["currency"].iloc[0])
    base_year = int(components["price_year"].iloc[0])
    codes = list(shown["component"]) + ["support_total", "total"]
    rows = [text(f"comp_{code}", lang) for code in codes]
    def col(name: str) -> list[object]:
        return list(shown[name]) + [totals.at["support_total", name],
                                    totals.at["total", name]]
    return pd.DataFrame({
        text("col_component", lang): rows,
        text("col_constant", lang, currency=currency, base_year=base_year):
            [amount(v, lang=lang) for v in col("amount_constant")],
        text("col_nominal", lang, currency=currency):
            [amount(v, lang=lang) for v in col("amount_nominal")],
        text("col_share", lang): [amount(v, 1, lang) for v in col("share_pct")],
        text("col_method", lang): [method_text(m, lang) for m in col("method")],
    })


def format_interventions(budget: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return interventions with years, ministry, budget and method as text."""
    currency = str(budget["currency"].iloc[0]) if len(budget) else ""
    base_year = int(budget["price_year"].iloc[0]) if len(budget) else 0
    return pd.DataFrame({
        text("col_objective_id", lang): budget["objective_id"].astype(int).to_list(),
        text("col_intervention", lang): (budget["intervention_id"].astype(str) + " "
                                         + budget["title"].astype(str)).to_list(),
        text("col_ministry", lang): budget["lead_ministry"].astype(str).to_list(),
        text("col_years", lang): (budget["start_year"].astype(str) + "-"
                                  + budget["end_year"].astype(str)).to_list(),
        text("col_constant", lang, currency=currency, base_year=base_year):
            [amount(v, lang=lang) for v in budget["amount_constant"]],
        text("col_method", lang): [method_text(m, lang) for m in budget["method"]],
    })


def format_uncertainty(summary: pd.DataFrame, lang: str = "en",
                       titles: Mapping[int, str] | None = None,
                       price_basis: str = "constant") -> pd.DataFrame:
    """Return P10/P50/P90 (total first, then objectives) as text."""
    part = summary[summary["price_basis"] == price_basis]
    currency = str(part["currency"].iloc[0])
    base_year = int(part["price_year"].iloc[0])
    names = [text("total_row", lang) if pd.isna(o) else _label(int(o), titles, 60)
             for o in part["objective_id"]]
    return pd.DataFrame({
        text("col_objective", lang): names,
        text("col_constant", lang, currency=currency, base_year=base_year):
            [amount(v, lang=lang) for v in part["deterministic"]],
        text("col_p10", lang): [amount(v, lang=lang) for v in part["p10"]],
        text("col_p50", lang): [amount(v, lang=lang) for v in part["p50"]],
        text("col_p90", lang): [amount(v, lang=lang) for v in part["p90"]],
        text("col_position", lang): [
            "—" if pd.isna(v) else format_number(v, None, 0, lang)
            for v in part.get("deterministic_percentile",
                              pd.Series(float("nan"), index=part.index))],
    })


def format_drivers(drivers: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the cost drivers (tornado table) as text."""
    currency = str(drivers["currency"].iloc[0]) if len(drivers) else ""
    return pd.DataFrame({
        "#": drivers["rank"].to_list(),
        text("col_driver", lang): [
            f"{item} ({line}){colon(lang)}{variable_name(v, lang)}"
            for item, line, v in zip(drivers["item"], drivers["line_id"],
                                     drivers["variable"], strict=True)],
        text("col_swing", lang, currency=currency):
            [amount(v, lang=lang) for v in drivers["swing"]],
    })


def format_price_index(index: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the price index table as text."""
    return pd.DataFrame({
        text("col_year", lang): index["year"].astype(int).to_list(),
        text("col_inflation", lang):
            [amount(v, 2, lang) for v in index["inflation_pct"]],
        text("col_index", lang): [amount(v, 4, lang) for v in index["price_index"]],
        text("col_source", lang): [source_note(str(v), lang) or v
                                   for v in index["source"]],
    })


def illustrative_banner(is_illustrative: bool, origin: Mapping[str, object],
                        lang: str = "en") -> str:
    """Return the warning shown above an illustrative plan's budget ('' if real).

    A starter plan gets the starter-plan warning; a plan file whose settings say
    ``is_illustrative = yes`` gets a shorter one.
    """
    if not is_illustrative:
        return ""
    key = "illustrative_file" if origin["kind"] == "plan_file" else "illustrative"
    return text(key, lang)


def category_labels(categories: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """Return display names of cost categories (``cost_categories.csv``), plus
    contingency."""
    column = "name_fr" if lang == "fr" else "name_en"
    labels = dict(zip(categories["category_code"], categories[column], strict=True))
    labels["contingency"] = text("comp_contingency", lang)
    return labels
