"""Figures and display tables for the country profile (notebook 00)."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..i18n import t
from ._style import COLOURS, format_number, new_figure, style_axes

_PEER_INDICATORS = [
    "migrant_stock_pct_population",
    "female_migrants_pct_migrant_stock",
    "emigrants_pct_population",
    "remittances_received_pct_gdp",
    "refugees_asylum_seekers_hosted_per_1000",
    "remittance_cost_receiving_pct",
]


def format_profile_table(profile: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the profile as display strings, with translated column headings."""
    out = pd.DataFrame(
        {
            t("col.indicator", lang): profile["label"],
            t("col.value", lang): [
                format_number(v, u, lang=lang) for v, u in zip(profile["value"],
                                                              profile["unit"],
                                                    strict=True)
            ],
            t("col.unit", lang): profile["unit"],
            t("col.year", lang): [
                "—" if pd.isna(y) else str(int(y)) for y in profile["year"]
            ],
            t("col.region_median", lang): [
                format_number(v, u, lang=lang) for v, u in zip(profile["region_median"],
                                                    profile["unit"], strict=True)
            ],
            t("col.income_group_median", lang): [
                format_number(v, u, lang=lang) for v, u in zip(
                    profile["income_group_median"],
                                                    profile["unit"], strict=True)
            ],
            t("col.world_percentile", lang): [
                format_number(v, None, 0, lang) for v in profile["world_percentile"]
            ],
        }
    )
    return out


def format_sources(profile: pd.DataFrame) -> pd.DataFrame:
    """Return the distinct sources behind the profile, one per row."""
    sources = profile["source"].dropna().drop_duplicates().sort_values()
    return pd.DataFrame({"source": sources.to_list()})


def plot_profile_vs_peers(
    profile: pd.DataFrame, facts: dict[str, str], lang: str = "en"
) -> Figure:
    """Small multiples: the country against its region and income-group medians."""
    shown = profile.set_index("indicator").reindex(_PEER_INDICATORS).dropna(how="all")
    fig = new_figure(9.0, 5.8, layout=None)
    axes = fig.subplots(2, 3).ravel()
    fig.subplots_adjust(left=0.07, right=0.98, top=0.86, bottom=0.1, wspace=0.35,
                        hspace=0.45)
    series = [
        ("value", t("label.country", lang), COLOURS["primary"]),
        ("region_median", t("label.region_median", lang), COLOURS["secondary"]),
        ("income_group_median", t("label.income_group_median", lang),
         COLOURS["tertiary"]),
    ]
    for ax, (_, row) in zip(axes, shown.iterrows(), strict=False):
        heights = [row[column] for column, _, _ in series]
        values = [0.0 if pd.isna(h) else float(h) for h in heights]
        bars = ax.bar(range(3), values, color=[c for _, _, c in series])
        for bar, height in zip(bars, heights, strict=True):
            text = (t("label.no_data", lang) if pd.isna(height)
                    else format_number(height, lang=lang))
            ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=8)
        ax.set_xticks(range(3), ["", "", ""])
        ax.set_title(textwrap.fill(str(row["label"]), 30), fontsize=9)
        ax.set_ylabel(str(row["unit"]), fontsize=8)
        style_axes(ax, lang)
    for ax in axes[len(shown):]:
        ax.set_visible(False)
    handles = [Patch(color=colour, label=label) for _, label, colour in series]
    fig.legend(handles=handles, loc="lower center", ncols=3, fontsize=9,
               frameon=False)
    fig.suptitle(t("profile.chart_peers", lang, country_name=facts["country_name"]))
    return fig


def plot_remittance_cost(profile: pd.DataFrame, lang: str = "en") -> Figure:
    """Horizontal bars: remittance costs to and from the country vs the 3 % target."""
    indexed = profile.set_index("indicator")
    labels = [t("label.receiving", lang), t("label.sending", lang)]
    values = [
        indexed["value"].get("remittance_cost_receiving_pct", pd.NA),
        indexed["value"].get("remittance_cost_sending_pct", pd.NA),
    ]
    fig = new_figure(8.0, 2.8)
    ax = fig.subplots()
    for position, value in enumerate(values):
        if pd.isna(value):
            ax.text(0.1, position, t("label.no_data", lang), va="center", fontsize=9)
        else:
            colour = COLOURS["red"] if float(value) > 3 else COLOURS["green"]
            ax.barh(position, float(value), color=colour)
            ax.text(float(value) + 0.1, position, f"{float(value):.2f} %", va="center",
                    fontsize=9)
    ax.axvline(3.0, color=COLOURS["accent"], linestyle="--",
               label=t("label.sdg_target", lang))
    ax.set_yticks(range(2), labels)
    ax.set_xlabel(t("label.percent_of_amount", lang))
    finite = [float(v) for v in values if pd.notna(v)]
    ax.set_xlim(0, max([5.0, *finite]) * 1.2)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title(t("profile.chart_remittance_cost", lang))
    style_axes(ax, lang)
    return fig
