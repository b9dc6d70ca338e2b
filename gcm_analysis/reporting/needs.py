"""Figures and display tables for needs assessment (01) and objective selection (02).

No computation: every number drawn here was computed by :mod:`gcm_analysis.needs`
or :mod:`gcm_analysis.selection`; these functions only arrange and label it, in
the run's language. The tables and sentences live in
:mod:`gcm_analysis.reporting.needs_tables` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.collections import PatchCollection
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import numbers
from ..i18n import t
from ._style import COLOURS, new_figure, style_axes
from .needs_tables import (  # noqa: F401 - the tables are part of this module's API
    _by_rank,
    _peer,
    _percent,
    describe_peer_comparison,
    describe_selection,
    format_indicator_table,
    format_mapping_table,
    format_needs_table,
    format_principles_table,
    format_robustness_summary,
    format_sdg_table,
    format_selection_table,
)

_SCORE_CMAP = LinearSegmentedColormap.from_list(
    "need", ["#f7fbff", COLOURS["secondary"], COLOURS["primary"]]
)
_MISSING = "#e6e6e6"


def _objective_label(objective_id: int, labels: Mapping[int, str] | None) -> str:
    name = labels.get(int(objective_id)) if labels is not None else None
    if name is None or pd.isna(name):
        return f"{int(objective_id)}"
    return f"{int(objective_id)}. {name}"


def plot_need_heatmap(
    objective_indicators: pd.DataFrame,
    needs: pd.DataFrame,
    objective_labels: Mapping[int, str] | None = None,
    indicator_labels: Mapping[str, str] | None = None,
    peer_name: str | None = None,
    lang: str = "en",
) -> Figure:
    """Heatmap of indicator scores: objectives (rows, by need rank) x indicators.

    A cell shows the indicator's score (0-100, direction applied) where the
    indicator informs the objective; grey "NA" where it informs it but has no
    data (or too few peers); blank where it does not inform it. Titles, axis
    labels and legend are in ``lang`` (en or fr); the indicator and objective
    labels come translated from the caller.
    """
    rows = objective_indicators[objective_indicators["weight"] > 0]
    order = _by_rank(needs, "need_score")["objective_id"].astype(int).tolist()
    columns = sorted(
        rows["indicator"].unique(), key=lambda i: (i == "stakeholder_priority", i)
    )
    grid = rows.pivot_table(
        index="objective_id",
        columns="indicator",
        values="score",
        aggfunc="first",
        dropna=False,
    ).reindex(index=order, columns=columns)
    mapped = (
        rows.assign(one=1.0)
        .pivot_table(
            index="objective_id", columns="indicator", values="one", aggfunc="first"
        )
        .reindex(index=order, columns=columns)
        .notna()
    )
    fig = new_figure(11.0, 9.5)
    ax = fig.subplots()
    image = ax.imshow(
        np.ma.masked_invalid(grid.to_numpy(dtype=float)),
        cmap=_SCORE_CMAP,
        vmin=0,
        vmax=100,
        aspect="auto",
    )
    outlines, missing = [], []
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            value = grid.iat[i, j]
            if not mapped.iat[i, j]:
                continue
            outlines.append(_cell(j, i))
            if pd.isna(value):
                missing.append(_cell(j, i))
                ax.text(
                    j, i, "NA", ha="center", va="center", fontsize=7, color="#666666"
                )
            else:
                ax.text(
                    j,
                    i,
                    f"{value:.0f}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if value > 60 else COLOURS["text"],
                )
    # one collection each (a patch per cell costs ~10x more to build and draw)
    ax.add_collection(PatchCollection(missing, facecolor=_MISSING, hatch="///",
                                      edgecolor="#bbbbbb", linewidth=0))
    ax.add_collection(PatchCollection(outlines, facecolor="none",
                                      edgecolor="#9aa7b5", linewidth=0.6))
    labels = indicator_labels or {}
    ax.set_xticks(
        range(len(columns)),
        [_wrap(labels.get(c, c), 28) for c in columns],
        rotation=60,
        ha="right",
        fontsize=7,
    )
    ax.set_yticks(
        range(len(order)),
        [_objective_label(o, objective_labels) for o in order],
        fontsize=8,
    )
    ax.set_xlabel(t("needs.heatmap_axis_indicator", lang))
    ax.set_ylabel(t("needs.heatmap_axis_objective", lang))
    colorbar = fig.colorbar(image, ax=ax, shrink=0.6)
    colorbar.set_label(t("needs.heatmap_colorbar", lang))
    ax.set_title(
        t("needs.heatmap_title_peers", lang, peer=_peer(peer_name, lang))
        if peer_name
        else t("needs.heatmap_title", lang)
    )
    fig.legend(
        handles=[
            Patch(
                facecolor=_MISSING,
                hatch="///",
                edgecolor="#999999",
                label=t("needs.heatmap_legend_missing", lang),
            ),
            Patch(
                facecolor="white",
                edgecolor="white",
                label=t("needs.heatmap_legend_blank", lang),
            ),
        ],
        loc="outside lower left",
        ncols=2,
        fontsize=8,
        frameon=False,
    )
    return fig


def _cell(x: int, y: int) -> Patch:
    """The unit square of heat-map cell (x, y)."""
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1)


def _wrap(text: str, width: int) -> str:
    r"""``text`` in lines of about ``width`` characters, cut at ordinary spaces
    only (never at the no-break spaces of ``3\u202f%`` or ``1\u202f000``).

    Examples
    --------
    >>> _wrap("cible ODD 10.c de 3\u202f%", 12) == "cible ODD\n10.c de 3\u202f%"
    True
    """
    words, lines, line = [w for w in str(text).split(" ") if w], [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def plot_need_ranking(
    needs: pd.DataFrame,
    objective_labels: Mapping[int, str] | None = None,
    peer_name: str | None = None,
    lang: str = "en",
) -> Figure:
    """Horizontal bars of the need score by rank, with each objective's coverage.

    Bars whose evidence covers less than half of the indicator weight are
    hatched; objectives without any data are listed as "no data" (not zero).
    Objectives whose scores are equal because the indicators available cannot
    tell them apart (column ``tied_with``) are named in a note under the chart.
    Labels are in ``lang`` (en or fr).
    """
    table = _by_rank(needs, "need_score").iloc[::-1]
    fig = new_figure(9.0, 8.0)
    ax = fig.subplots()
    positions = np.arange(len(table))
    scored = table["need_score"].notna().to_numpy()
    # one call for all bars (a call per bar costs more than drawing them)
    scores = table["need_score"].astype(float).to_numpy()
    bars = ax.barh(positions[scored], scores[scored], color=COLOURS["primary"],
                   edgecolor="white")
    weak = table["coverage"].astype(float).to_numpy()[scored] < 0.5  # NaN: not weak
    for bar, is_weak in zip(bars, weak, strict=True):
        if is_weak:
            bar.set_alpha(0.45)
            bar.set_hatch("//")
    for position, row in zip(positions, table.itertuples(index=False), strict=True):
        if pd.isna(row.need_score):
            ax.text(
                1, float(position), t("label.no_data", lang), va="center", fontsize=8,
                color="#666666"
            )
            continue
        coverage = _percent(row.coverage, lang)
        ax.text(
            row.need_score + 1,
            float(position),
            f"{row.need_score:.0f} ({t('needs.data_word', lang)} {coverage})",
            va="center",
            fontsize=7,
        )
    ax.set_yticks(
        positions,
        [_objective_label(o, objective_labels) for o in table["objective_id"]],
        fontsize=8,
    )
    ax.set_xlim(0, 115)
    ax.axvline(50, color="#999999", linestyle=":", linewidth=1)
    ax.set_xlabel(t("needs.axis_score", lang))
    ax.set_title(t("needs.title_against", lang, peer=_peer(peer_name, lang))
                 if peer_name else t("needs.title", lang))
    ax.legend(
        handles=[
            Patch(
                facecolor=COLOURS["primary"], label=t("needs.legend_full", lang)
            ),
            Patch(
                facecolor=COLOURS["primary"],
                alpha=0.45,
                hatch="//",
                label=t("needs.legend_weak", lang),
            ),
        ],
        loc="lower right",
        fontsize=8,
        frameon=False,
    )
    ties = tie_groups(needs)
    if ties:
        fig.text(0.01, 0.01, "\n".join(
            t("needs.tied_footnote", lang, ids=_and_list(group, lang))
            for group in ties), fontsize=8)
    style_axes(ax, lang)
    return fig


def tie_groups(needs: pd.DataFrame) -> list[tuple[int, ...]]:
    """The groups of tied objectives recorded in a needs table's ``tied_with``
    column (``"13"`` or ``"11;13"``; a number once read back from CSV), in
    order of their first objective; empty without the column."""
    if "tied_with" not in needs.columns:
        return []
    groups = set()
    for objective_id, others in zip(needs["objective_id"], needs["tied_with"],
                                    strict=True):
        if pd.isna(others) or str(others).strip() == "":
            continue
        members = {int(objective_id)} | {int(float(o)) for o in
                                         str(others).split(";") if o.strip()}
        groups.add(tuple(sorted(members)))
    return sorted(groups)


def _and_list(ids: tuple[int, ...], lang: str) -> str:
    words = [str(o) for o in ids]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + t("needs.list_and", lang) + words[-1]


def plot_score_vs_cost(
    selection: pd.DataFrame,
    budget_envelope_usd: float | None = None,
    lang: str = "en",
) -> Figure:
    """Priority score against indicative cost, the selected objectives highlighted.

    Objectives without an indicative cost are named in a note under the chart;
    with no objective to place (no priority score, e.g. every weighted criterion
    missing) the chart says so on a 0-100 score axis.
    """
    known = selection[
        selection["indicative_cost_usd"].notna() & selection["priority_score"].notna()
    ]
    fig = new_figure(9.0, 5.5)
    ax = fig.subplots()
    for is_selected, colour, label in (
        (False, COLOURS["tertiary"], t("selection.not_selected", lang)),
        (True, COLOURS["primary"], t("selection.selected", lang)),
    ):
        part = known[known["is_selected"] == is_selected]
        ax.scatter(
            part["indicative_cost_usd"] / 1e6,
            part["priority_score"],
            s=60,
            color=colour,
            edgecolor="white",
            label=label,
            zorder=3,
        )
        for row in part.itertuples(index=False):
            ax.annotate(
                str(int(row.objective_id)),
                (row.indicative_cost_usd / 1e6, row.priority_score),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize=8,
            )
    if known.empty:
        # nothing to place: a readable frame and a sentence, not axes of +-0.04
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 100)
        ax.text(0.5, 0.5, t("selection.no_points", lang), transform=ax.transAxes,
                ha="center", va="center", fontsize=9, color="#666666")
    costs = known["indicative_cost_usd"]
    is_log = bool(len(costs) and costs.min() > 0 and costs.max() / costs.min() > 50)
    if is_log:
        ax.set_xscale("log")
    ax.set_xlabel(t("selection.axis_cost_log" if is_log else "selection.axis_cost",
                    lang))
    ax.set_ylabel(t("selection.axis_priority", lang))
    title = t("selection.title_cost", lang)
    if budget_envelope_usd:
        spent = selection.loc[selection["is_selected"], "indicative_cost_usd"].sum()
        title += "\n" + t(
            "selection.envelope", lang,
            spent=numbers.money(spent, "USD", lang),
            envelope=numbers.money(budget_envelope_usd, "USD", lang))
    ax.set_title(title)
    missing = selection.loc[selection["indicative_cost_usd"].isna(), "objective_id"]
    if len(missing):
        fig.text(
            0.01,
            0.01,
            t("selection.no_cost", lang,
              ids=", ".join(str(int(o)) for o in missing)),
            fontsize=8,
        )
    if not known.empty:
        ax.legend(fontsize=8, frameon=False)
    style_axes(ax, lang)
    return fig


def plot_robustness(
    robustness: pd.DataFrame,
    objective_labels: Mapping[int, str] | None = None,
    lang: str = "en",
) -> Figure:
    """Share of weight draws in which each objective is selected."""
    table = robustness.sort_values(
        ["selection_share", "objective_id"],
        ascending=[True, False],
        na_position="first",
    )
    fig = new_figure(9.0, 7.5)
    ax = fig.subplots()
    positions = np.arange(len(table))
    colours = [
        COLOURS["primary"] if s else COLOURS["tertiary"] for s in table["is_selected"]
    ]
    ax.barh(positions, table["selection_share"].fillna(0) * 100, color=colours)
    ax.set_yticks(
        positions,
        [_objective_label(o, objective_labels) for o in table["objective_id"]],
        fontsize=8,
    )
    for threshold in (50, 80):
        ax.axvline(threshold, color="#999999", linestyle=":", linewidth=1)
    n_draws = int(table["n_draws"].iloc[0]) if len(table) else 0
    ax.set_xlim(0, 100)
    ax.set_xlabel(t("selection.axis_robust", lang, n=n_draws))
    ax.set_title(t("selection.title_robust", lang))
    ax.legend(
        handles=[
            Patch(color=COLOURS["primary"],
                  label=t("selection.selected_baseline", lang)),
            Patch(color=COLOURS["tertiary"],
                  label=t("selection.not_selected", lang)),
        ],
        loc="lower right",
        fontsize=8,
        frameon=False,
    )
    style_axes(ax, lang)
    return fig
