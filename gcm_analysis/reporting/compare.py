"""Tables and a figure for the country comparison (``compare_countries.ipynb``).

Formats what :mod:`gcm_analysis.compare` computed; computes nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..funding import format_money
from ..i18n import format_percent, localise_number, t
from ._style import COLOURS, new_figure, style_axes


def _score(value: float, lang: str) -> str:
    return "—" if pd.isna(value) else localise_number(f"{value:.0f}", lang)


def format_needs(needs: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Need scores side by side, whole numbers, headings in ``lang``."""
    runs = [c for c in needs.columns if c not in ("objective_id", "title")]
    table = pd.DataFrame({t("compare.col.objective", lang): needs["objective_id"],
                          t("compare.col.title", lang): needs["title"]})
    for run in runs:
        table[run] = [_score(v, lang) for v in needs[run]]
    return table


def format_selection(selection: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Chosen objectives side by side: a tick where a run selected it."""
    runs = [c for c in selection.columns
            if c not in ("objective_id", "title", "n_runs")]
    table = pd.DataFrame({t("compare.col.objective", lang): selection["objective_id"],
                          t("compare.col.title", lang): selection["title"]})
    for run in runs:
        table[run] = ["✓" if v else "" for v in selection[run]]
    table[t("compare.col.n_runs", lang)] = selection["n_runs"]
    return table


def format_budgets(budgets: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per run: cost, per inhabitant, funding shares and gap."""
    rows = []
    for row in budgets.itertuples(index=False):
        per_head = "—" if pd.isna(row.cost_per_capita_per_year) else localise_number(
            f"{row.cost_per_capita_per_year:,.2f}", lang) + f" {row.currency}"
        rows.append({
            t("compare.col.country", lang): f"{row.country_name} ({row.run})",
            t("compare.col.plan", lang): t(
                "compare.own_plan" if row.is_own_plan else "compare.starter_plan",
                lang),
            t("compare.col.years", lang): row.plan_years,
            t("compare.col.cost", lang): format_money(row.cost_amount, row.currency,
                                                      lang),
            t("compare.col.per_capita_year", lang): per_head,
            t("compare.col.secured", lang): format_percent(row.secured_share, lang),
            t("compare.col.expected", lang): format_percent(row.expected_share, lang),
            t("compare.col.gap", lang): format_money(row.gap_amount, row.currency,
                                                     lang),
            t("compare.col.gap_share", lang): format_percent(row.gap_share, lang),
        })
    return pd.DataFrame(rows)


def plot_funding_shares(budgets: pd.DataFrame, lang: str = "en") -> Figure:
    """Per run, the share of the cost secured, further expected, and left as a
    gap (expected share = secured + the likely part of pledges and pipeline)."""
    fig = new_figure(height=1.8 + 0.5 * len(budgets))
    ax = fig.add_subplot()
    labels = budgets["run"].tolist()
    y = np.arange(len(labels))
    secured = budgets["secured_share"].to_numpy(dtype=float) * 100
    expected = budgets["expected_share"].to_numpy(dtype=float) * 100
    ax.barh(y, secured, color=COLOURS["primary"], label=t("compare.secured", lang))
    ax.barh(y, np.clip(expected - secured, 0, None), left=secured,
            color=COLOURS["secondary"], label=t("compare.expected_more", lang))
    ax.barh(y, np.clip(100 - expected, 0, None), left=np.maximum(expected, secured),
            color=COLOURS["tertiary"], label=t("compare.not_expected", lang))
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(t("compare.axis_share", lang))
    ax.set_title(t("compare.funding_title", lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3,
              frameon=False)
    style_axes(ax, lang)
    return fig


def money_note(budgets: pd.DataFrame, lang: str = "en") -> str:
    """Which currency and price year the amounts are in, and whether they can
    be compared as they stand."""
    from ..compare import same_money

    key = "compare.same_money" if same_money(budgets) else "compare.different_money"
    return t("compare.money_note", lang, money=t(key, lang))
