"""Figures of the costing stage (notebook 03). No computation.

Every ``plot_*`` returns a :class:`matplotlib.figure.Figure` with a title and
axes labelled with their unit (currency, price basis).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ._style import COLOURS, new_figure, style_axes
from .costing_text import (
    _basis,
    _colours,
    _label,
    _legend_label,
    amount,
    colon,
    text,
    variable_name,
)


# ------------------------------------------------------------------- figures
def _money_axis(ax: Any, which: str, currency: str, basis: str, lang: str,
                ticks: int | None = None) -> None:
    """Label axis ``which`` (``"x"`` or ``"y"``) with the money unit, its ticks
    as amounts (at most ``ticks`` of them when given)."""
    label = text("axis_money", lang, currency=currency, basis=basis)
    (ax.set_xlabel if which == "x" else ax.set_ylabel)(label)
    axis = ax.xaxis if which == "x" else ax.yaxis
    axis.set_major_formatter(lambda v, _pos: amount(v, lang=lang))
    if ticks is not None:
        axis.set_major_locator(MaxNLocator(ticks))


def plot_budget_by_year(by_objective_year: pd.DataFrame,
                        titles: Mapping[int, str] | None = None, lang: str = "en",
                        price_basis: str = "nominal") -> Figure:
    """Stacked bars: the budget of each year, split by objective.

    Parameters
    ----------
    by_objective_year : DataFrame
        ``costing.summarise_budget(lines, ["objective_id", "year"])``.
    titles : mapping of int to str, optional
        Short objective titles for the legend.
    lang : str
    price_basis : {"nominal", "constant"}
    """
    column = f"amount_{price_basis}"
    wide = by_objective_year.pivot_table(index="year", columns="objective_id",
                                         values=column, aggfunc="sum", fill_value=0.0)
    currency = str(by_objective_year["currency"].iloc[0])
    base_year = int(by_objective_year["price_year"].iloc[0])
    fig = new_figure(8.5, 4.8)
    ax = fig.subplots()
    bottom = np.zeros(len(wide))
    colours = _colours(len(wide.columns))
    # years at 0..n-1 with their labels, as a category axis would place them
    positions = np.arange(len(wide))
    for colour, objective_id in zip(colours, wide.columns, strict=True):
        values = wide[objective_id].to_numpy(dtype=float)
        ax.bar(positions, values, bottom=bottom, color=colour,
               label=_legend_label(int(objective_id), titles))
        bottom = bottom + values
    ax.set_xticks(positions, wide.index.astype(str))
    for x, total in enumerate(bottom):
        ax.annotate(amount(total, lang=lang), (x, total), ha="center", va="bottom",
                    fontsize=8)
    basis = _basis(price_basis, base_year, lang)
    ax.set_xlabel(text("axis_year", lang))
    _money_axis(ax, "y", currency, basis, lang)
    ax.set_title(text("chart_by_year", lang, basis=basis))
    ax.legend(title=text("label_objective", lang), fontsize=7, title_fontsize=8,
              loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    style_axes(ax, lang)
    return fig


def plot_timeline(interventions: pd.DataFrame, titles: Mapping[int, str] | None = None,
                  lang: str = "en") -> Figure:
    """Gantt chart: one bar per intervention from its start to its end year.

    Parameters
    ----------
    interventions : DataFrame
        ``costing.summarise_interventions`` (``objective_id, intervention_id,
        title, start_year, end_year, is_essential, amount_constant``...).
    """
    table = interventions.sort_values(["objective_id", "start_year",
                                       "intervention_id"]).reset_index(drop=True)
    objectives = sorted(table["objective_id"].astype(int).unique())
    colour_of = dict(zip(objectives, _colours(len(objectives)), strict=True))
    height = max(2.5, 0.38 * len(table) + 1.2)
    fig = new_figure(9.0, height)
    ax = fig.subplots()
    for y, row in table.iterrows():
        start, end = int(row["start_year"]), int(row["end_year"])
        essential = pd.notna(row["is_essential"]) and bool(row["is_essential"])
        ax.barh(y, end - start + 1, left=start, height=0.6,
                color=colour_of[int(row["objective_id"])],
                edgecolor=COLOURS["text"] if essential else "none",
                linewidth=1.2 if essential else 0)
    labels = [textwrap.shorten(f"{r.intervention_id} {r.title}", 55)
              for r in table.itertuples()]
    ax.set_yticks(range(len(table)), labels, fontsize=8)
    ax.invert_yaxis()
    first = int(table["start_year"].min()) if len(table) else 0
    last = int(table["end_year"].max()) if len(table) else 0
    ax.set_xticks(np.arange(first, last + 1) + 0.5,
                  [str(y) for y in range(first, last + 1)])
    ax.set_xticks(np.arange(first, last + 2), minor=True)
    ax.tick_params(axis="x", which="major", length=0)
    ax.set_xlim(first, last + 1)
    ax.grid(axis="x", which="minor", color="#dddddd")
    ax.set_xlabel(text("axis_year", lang))
    ax.set_title(text("chart_timeline", lang))
    handles = [Patch(color=colour_of[o], label=_legend_label(o, titles))
               for o in objectives]
    handles.append(Patch(facecolor="white", edgecolor=COLOURS["text"],
                         label=text("label_essential", lang)))
    ax.legend(handles=handles, fontsize=7, loc="center left",
              bbox_to_anchor=(1.0, 0.5), frameon=False)
    style_axes(ax, lang)
    return fig


def plot_uncertainty(totals: pd.DataFrame, summary: pd.DataFrame, lang: str = "en"
                     ) -> Figure:
    """Histogram of simulated totals with P10, P50, P90 and the likely total.

    Parameters
    ----------
    totals : DataFrame
        ``costing.total_draws(draws)`` (``draw, amount, currency, price_year,
        price_basis``).
    summary : DataFrame
        ``costing.summarise_simulation`` (the ``total`` row of the same basis is
        used).
    """
    basis_name = str(totals["price_basis"].iloc[0])
    row = summary[(summary["scope"] == "total")
                  & (summary["price_basis"] == basis_name)].iloc[0]
    currency = str(totals["currency"].iloc[0])
    base_year = int(totals["price_year"].iloc[0])
    values = totals["amount"].to_numpy(dtype=float)
    fig = new_figure(8.0, 4.2)
    ax = fig.subplots()
    weights = np.full(len(values), 1.0 / max(len(values), 1))
    ax.hist(values, bins=_histogram_edges(values).tolist(), weights=weights,
            color=COLOURS["secondary"])
    marks = [("P10", row["p10"], "--"), ("P50", row["p50"], "-"),
             ("P90", row["p90"], "--")]
    for label, value, style in marks:
        ax.axvline(float(value), color=COLOURS["primary"], linestyle=style,
                   label=f"{label}: {amount(value, lang=lang)}")
    if pd.notna(row["deterministic"]):
        ax.axvline(float(row["deterministic"]), color=COLOURS["accent"], linestyle=":",
                   label=f"{text('label_likely', lang)}: "
                   f"{amount(row['deterministic'], lang=lang)}")
    basis = _basis(basis_name, base_year, lang)
    _money_axis(ax, "x", currency, basis, lang, ticks=6)
    ax.set_ylabel(text("axis_draws", lang))
    ax.set_title(text("chart_uncertainty", lang, n=amount(len(values), lang=lang)))
    ax.legend(fontsize=8, frameon=False)
    style_axes(ax, lang)
    return fig


def _histogram_edges(values: np.ndarray, bins: int = 50) -> np.ndarray:
    """Bin edges for a histogram of ``values`` at any magnitude.

    matplotlib's ``bins=50`` fails ("Too many bins for data range") when the
    spread is below the floating-point resolution of the values (totals of 1e15
    whose draws differ in the last digits) and draws one bar of width 1 around a
    spread of zero (a plan without low/high estimates). Edges are therefore
    chosen here: fewer bins when the spread is close to the resolution, and one
    bar 1 % wide around the value when there is no usable spread.
    """
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.array([0.0, 1.0])
    low, high = float(finite.min()), float(finite.max())
    resolution = np.spacing(max(abs(low), abs(high), 1e-300))
    for count in (bins, 10, 1):
        if high - low > resolution * count * 16:
            edges = np.linspace(low, high, count + 1)
            if bool(np.all(np.diff(edges) > 0)):
                return edges
    half = max(abs(high) * 0.005, 1e-12)
    return np.array([low - half, high + half])


def plot_tornado(drivers: pd.DataFrame, lang: str = "en") -> Figure:
    """Tornado: total cost with each driver at its low and high value.

    Parameters
    ----------
    drivers : DataFrame
        ``costing.compute_cost_drivers`` (largest swing first).
    """
    table = drivers.reset_index(drop=True)
    fig = new_figure(8.5, max(2.5, 0.55 * len(table) + 1.3))
    ax = fig.subplots()
    if table.empty:
        ax.set_title(text("chart_tornado", lang))
        return fig
    centre = float(table["total_likely"].iloc[0])
    low = table["total_low"].to_numpy(dtype=float)
    high = table["total_high"].to_numpy(dtype=float)
    positions = np.arange(len(table))
    ax.barh(positions, low - centre, left=centre, color=COLOURS["secondary"],
            label=text("label_low", lang))
    ax.barh(positions, high - centre, left=centre, color=COLOURS["primary"],
            label=text("label_high", lang))
    ax.axvline(centre, color=COLOURS["text"], linewidth=0.8)
    labels = [f"{line}{colon(lang)}{variable_name(variable, lang)}\n"
              f"{textwrap.shorten(str(item), 50)}"
              for line, variable, item in zip(table["line_id"], table["variable"],
                                              table["item"], strict=True)]
    ax.set_yticks(positions, labels, fontsize=7)
    ax.invert_yaxis()
    currency = str(table["currency"].iloc[0])
    base_year = int(table["price_year"].iloc[0])
    _money_axis(ax, "x", currency, _basis("constant", base_year, lang), lang, ticks=5)
    ax.set_title(text("chart_tornado", lang))
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    style_axes(ax, lang)
    return fig


def plot_objective_ranges(summary: pd.DataFrame,
                          titles: Mapping[int, str] | None = None, lang: str = "en",
                          price_basis: str = "constant") -> Figure:
    """Cost per objective: the likely value with its P10-P90 range."""
    part = summary[(summary["scope"] == "objective")
                   & (summary["price_basis"] == price_basis)].reset_index(drop=True)
    fig = new_figure(8.0, max(2.5, 0.4 * len(part) + 1.2))
    ax = fig.subplots()
    positions = np.arange(len(part))
    ax.hlines(positions, part["p10"], part["p90"], color=COLOURS["secondary"],
              linewidth=6, label="P10-P90")
    ax.plot(part["deterministic"], positions, "o", color=COLOURS["primary"],
            label=text("label_likely", lang))
    ax.set_yticks(positions, [_label(int(o), titles, 40) for o in part["objective_id"]],
                  fontsize=8)
    ax.invert_yaxis()
    currency = str(part["currency"].iloc[0]) if len(part) else ""
    base_year = int(part["price_year"].iloc[0]) if len(part) else 0
    _money_axis(ax, "x", currency, _basis(price_basis, base_year, lang), lang, ticks=6)
    ax.set_title(text("chart_objective_range", lang))
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    style_axes(ax, lang)
    return fig
