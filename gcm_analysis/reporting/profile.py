"""Figures and display tables for the country profile (notebook 00) and the report:
peers, remittance cost, trends over time and the data notes."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import numbers
from ..i18n import indicator_note, t, unit_name
from . import cite_titles
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
            t("col.unit", lang): [unit_name(str(u), lang) for u in profile["unit"]],
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


def format_sources(profile: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the distinct sources behind the profile, one per row, their notes
    in ``lang`` (:func:`gcm_analysis.i18n.indicator_note`)."""
    sources = profile["source"].dropna().drop_duplicates().sort_values()
    return pd.DataFrame({t("col.source", lang): [
        cite_titles(indicator_note(s, lang), lang) for s in sources]})


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
        ax.set_ylabel(unit_name(str(row["unit"]), lang), fontsize=8)
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
            ax.text(float(value) + 0.1, position,
                    numbers.percent(float(value) / 100, lang, 2), va="center",
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


#: Axis scale per unit: (divisor, catalogue key of the scaled unit), largest first.
_SCALES: dict[str, list[tuple[float, str]]] = {
    "persons": [(1e6, "unit.million_persons"), (1e3, "unit.thousand_persons"),
                (1.0, "unit.persons")],
    "USD": [(1e9, "unit.billion_usd"), (1e6, "unit.million_usd"), (1.0, "unit.usd")],
    "% of amount sent": [(1.0, "unit.pct_amount")],
}

#: First year shown on the trend charts (population and GDP start in 1960; the
#: migration series in 1990).
TREND_FIRST_YEAR = 1990


def _scale(unit: str, largest: float) -> tuple[float, str]:
    for divisor, key in _SCALES.get(unit, [(1.0, "")]):
        if largest >= divisor or divisor == 1.0:
            return divisor, key
    return 1.0, ""  # pragma: no cover - the list always ends with 1.0


def plot_trends(series: pd.DataFrame, lang: str = "en",
                country_name: str = "") -> Figure:
    """Small multiples of a country's main series over time, flagged points marked.

    Parameters
    ----------
    series : DataFrame
        Output of :func:`gcm_analysis.profile.country_series` (one country:
        ``indicator, year, value, unit, flag, is_used``).
    lang : str
        ``"en"`` or ``"fr"`` for titles, legend and number format.
    country_name : str
        Shown in the figure title (default: the ISO3 code of the series).

    Returns
    -------
    Figure
        One panel per series of ``TREND_INDICATORS`` (migrant stock, refugees and
        asylum seekers hosted, remittances received, their cost, population,
        GDP) from :data:`TREND_FIRST_YEAR`: the series as a line, flagged values
        (not used) as red crosses, the value the analysis uses circled; a second
        source (KNOMAD beside WDI remittances) as a dashed grey line.
    """
    from ..indicators_panel import SECOND_SOURCES
    from ..profile import TREND_INDICATORS

    fig = new_figure(9.0, 6.2)
    axes = fig.subplots(2, 3).ravel()
    shown = series[series["year"] >= TREND_FIRST_YEAR]
    for ax, indicator in zip(axes, TREND_INDICATORS, strict=True):
        rows = shown[shown["indicator"] == indicator].sort_values("year")
        ax.set_title(textwrap.fill(t(f"trend.{indicator}", lang), 26), fontsize=9)
        style_axes(ax, lang)
        if rows.empty:
            ax.text(0.5, 0.5, t("label.no_data", lang), ha="center", va="center",
                    transform=ax.transAxes, fontsize=9)
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_visible(False)
            continue
        unit = str(rows["unit"].iloc[0])
        divisor, unit_key = _scale(unit, float(rows["value"].abs().max()))
        values = rows["value"].astype(float) / divisor
        other = shown[shown["indicator"] == SECOND_SOURCES.get(indicator, "")]
        if not other.empty:
            other = other.sort_values("year")
            # drawn over the WDI line (KNOMAD repeats WDI in most years)
            ax.plot(other["year"], other["value"].astype(float) / divisor,
                    color=COLOURS["text"], alpha=0.6, linewidth=1.0,
                    linestyle="--", zorder=3)
        flagged = rows["flag"].notna().to_numpy()
        used = rows["is_used"].astype(bool).to_numpy()
        ax.plot(rows["year"], values, color=COLOURS["secondary"], linewidth=1.2,
                marker="o", markersize=2.5, markerfacecolor=COLOURS["primary"],
                markeredgecolor=COLOURS["primary"])
        if flagged.any() and not other.empty:
            # where our value is flagged, the second source's value is marked
            check = other[other["year"].isin(rows["year"][flagged])]
            ax.plot(check["year"], check["value"].astype(float) / divisor,
                    linestyle="none", marker="D", markersize=5,
                    color=COLOURS["text"], alpha=0.6, zorder=4)
        if flagged.any():
            ax.plot(rows["year"][flagged], values[flagged], linestyle="none",
                    marker="x", markersize=7, markeredgewidth=1.8,
                    color=COLOURS["red"])
        if used.any():
            ax.plot(rows["year"][used], values[used], linestyle="none", marker="o",
                    markersize=8, markerfacecolor="none", markeredgewidth=1.5,
                    color=COLOURS["primary"])
        ax.set_ylabel(t(unit_key, lang) if unit_key else unit_name(unit, lang),
                      fontsize=8)
        top = float(values.max())
        if not other.empty:
            top = max(top, float(other["value"].max()) / divisor)
        ax.set_ylim(min(0.0, float(values.min())), top * 1.08)
        ax.tick_params(axis="x", labelrotation=0)
    handles = [
        Line2D([], [], color=COLOURS["secondary"], marker="o", markersize=3,
               markerfacecolor=COLOURS["primary"], markeredgecolor=COLOURS["primary"],
               label=t("trend.legend_series", lang)),
        Line2D([], [], linestyle="none", marker="o", markersize=8,
               markerfacecolor="none", color=COLOURS["primary"],
               label=t("trend.legend_used", lang)),
        Line2D([], [], linestyle="none", marker="x", markersize=7,
               markeredgewidth=1.8, color=COLOURS["red"],
               label=t("trend.legend_flagged", lang)),
    ]
    if series["indicator"].isin(list(SECOND_SOURCES.values())).any():
        handles.append(Line2D([], [], color=COLOURS["text"], alpha=0.6,
                              linestyle="--", marker="D", markersize=4,
                              label=t("trend.legend_second_source", lang)))
    fig.legend(handles=handles, loc="lower center", ncols=len(handles), fontsize=8,
               frameon=False)
    if not country_name and "iso3" in series.columns and len(series):
        country_name = str(series["iso3"].iloc[0])
    fig.suptitle(t("profile.chart_trends", lang, country_name=country_name))
    return fig


def format_data_notes(table: pd.DataFrame, lang: str = "en",
                      labels: dict[str, str] | None = None,
                      panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the values the analysis left out, and the one it used instead.

    For the report's data appendix and the profile: one row per indicator whose
    latest value was flagged and skipped.

    Parameters
    ----------
    table : DataFrame
        A table with ``indicator, value, unit, year, skipped_year, skipped_value,
        skip_reason`` (and optionally ``label``): the profile
        (:func:`gcm_analysis.profile.compute_country_profile`), the needs evidence
        (``needs_indicators``) or :func:`gcm_analysis.indicators_panel.latest_values`
        for one country.
    lang : str
        ``"en"`` or ``"fr"``.
    labels : dict, optional
        Display label per indicator (default: ``label`` column, else the code).
    panel : DataFrame, optional
        The country's rows of the processed panel: when given, a last column
        shows the second source's value for the year left out (KNOMAD for WDI
        remittances, :data:`gcm_analysis.indicators_panel.SECOND_SOURCES`), so
        the reader sees whether it confirms the flagged value.

    Returns
    -------
    DataFrame
        Display strings with translated headings: indicator, value used, year
        used, value left out, year left out, why (reason codes in words)[, other
        source in the year left out]. Empty (with the headings) when nothing was
        skipped.
    """
    from ..indicators_panel import SECOND_SOURCES

    keys = ["col.indicator", "col.value_used", "col.year_used", "col.value_skipped",
            "col.year_skipped", "col.skip_reason"]
    if panel is not None:
        keys.append("col.second_source")
    columns = [t(key, lang) for key in keys]
    if "skip_reason" not in table.columns:
        return pd.DataFrame(columns=columns)
    rows = table[table["skip_reason"].notna()].drop_duplicates("indicator")
    names = labels or {}
    if "label" in rows.columns:
        names = {**dict(zip(rows["indicator"], rows["label"], strict=True)), **names}

    def year(value: object) -> str:
        return "—" if pd.isna(value) else str(int(float(str(value))))

    def reasons(codes: str) -> str:
        return "; ".join(t(f"flag.{code}", lang) for code in str(codes).split(";"))

    def second(indicator: str, skipped_year: object, unit: str) -> str:
        other = SECOND_SOURCES.get(indicator)
        if panel is None or other is None or pd.isna(skipped_year):
            return "—"
        match = panel[(panel["indicator"] == other)
                      & (panel["year"] == int(float(str(skipped_year))))]
        if match.empty:
            return "—"
        return format_number(float(match["value"].iloc[0]), unit, lang=lang)

    data = [
        [
            names.get(r.indicator, r.indicator),
            format_number(r.value, r.unit, lang=lang),
            year(r.year),
            format_number(r.skipped_value, r.unit, lang=lang),
            year(r.skipped_year),
            reasons(r.skip_reason),
            *([second(r.indicator, r.skipped_year, r.unit)] if panel is not None
              else []),
        ]
        for r in rows.itertuples(index=False)
    ]
    return pd.DataFrame(data, columns=columns)
