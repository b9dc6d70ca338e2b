"""Figures and display tables for resource mobilisation (notebook 04).

Everything here formats tables that :mod:`gcm_analysis.funding` computed; the
only arithmetic is scaling amounts to millions for axes. Texts come from
the message catalogue (keys ``funding.*``) in English or French.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from pandas.io.formats.style import Styler

from .. import numbers, reference
from ..funding import CRISIS_OUTCOMES, format_money, label
from ..funding._common import source_type_names
from ..funding.mobilisation import approach_text
from ..funding.vocabulary import SOUGHT_STATUSES, STATUS_CODES
from ..funding_sheets import read_status_defaults
from . import cell_html
from ._style import COLOURS, new_figure, style_axes

STATUS_COLOURS: dict[str, str] = {
    "secured": COLOURS["primary"],
    "pledged": "#4f81bd",
    "pipeline": COLOURS["secondary"],
    "to_be_mobilised": "#d6e4f0",
}
RAG_COLOURS: dict[str, str] = {
    "green": "#c8e6c9", "amber": "#ffe0a3", "red": "#f5b7b1",
}
_MILLION = 1e6



def _colon(lang: str) -> str:
    """``": "``, with a narrow no-break space before the colon in French."""
    return "\u202f: " if lang == "fr" else ": "


def _status_names(lang: str) -> dict[str, str]:
    table = read_status_defaults()
    return dict(zip(table["status_code"], table["text_fr" if lang == "fr"
                                                  else "text_en"], strict=True))


def _unit_label(table: pd.DataFrame, lang: str) -> str:
    currency = str(table["currency"].iloc[0]) if len(table) else ""
    price_year = int(table["price_year"].iloc[0]) if len(table) else 0
    return label("axis.amount", lang, currency=currency, price_year=price_year)


def _objective_names(ids: pd.Series, lang: str) -> list[str]:
    titles = reference.objective_titles(lang, short=True)
    return [f"{int(i)}. {titles.get(int(i), '')}" for i in ids]


def _money_column(values: pd.Series, currency: str, lang: str) -> list[str]:
    return [format_money(float(v), currency, lang) for v in values]


# ---------------------------------------------------------------- cost vs funds
def plot_cost_vs_funding(by_year: pd.DataFrame, lang: str = "en",
                         is_illustrative: bool = False) -> Figure:
    """Stacked bars per year up to the cost: committed money (secured, pledged),
    then the gap (cost minus committed) split into what is sought (pipeline, to be
    mobilised: hatched, not funding) and what is not yet sought; a dot marks the
    expected (likelihood-weighted) funding.

    Parameters
    ----------
    by_year : DataFrame
        ``funding.summarise_gaps(gaps, ["year"])``.
    lang : {"en", "fr"}
    is_illustrative : bool
        Adds "Illustrative" to the title (starter funding scenario).
    """
    fig = new_figure()
    ax = fig.add_subplot()
    years = by_year["year"].astype(int).to_numpy()
    x = np.arange(len(years))
    bottom = np.zeros(len(years))
    names = _status_names(lang)
    for status in STATUS_CODES:
        values = by_year[f"{status}_amount"].to_numpy(dtype=float) / _MILLION
        if values.any():
            sought = status in SOUGHT_STATUSES
            ax.bar(x, values, bottom=bottom, color=STATUS_COLOURS[status],
                   hatch=".." if sought else None, width=0.6,
                   label=label("legend.in_gap", lang, status=names[status])
                   if sought else names[status])
        bottom = bottom + values
    cost = by_year["cost_amount"].to_numpy(dtype=float) / _MILLION
    unsought = np.clip(cost - bottom, 0.0, None)
    ax.bar(x, unsought, bottom=bottom, color="white", edgecolor=COLOURS["red"],
           hatch="///", label=label("legend.gap", lang), width=0.6)
    expected = by_year["expected_funded_amount"].to_numpy(dtype=float) / _MILLION
    ax.plot(x, expected, "D", color=COLOURS["accent"], markersize=6,
            label=label("legend.expected", lang))
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_xlabel(label("axis.year", lang))
    ax.set_ylabel(_unit_label(by_year, lang))
    title = label("heading.by_year", lang)
    if is_illustrative:
        title += f" ({label('note.illustrative_inline', lang)})"
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    style_axes(ax, lang)
    return fig


# -------------------------------------------------------------------- RAG table
def format_gap_table(by_objective: pd.DataFrame, by_objective_year: pd.DataFrame,
                     lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the gap-by-objective table as text and the matching RAG codes.

    Columns: objective, cost, committed, gap, risk-adjusted gap, expected share,
    then one column per year with that year's risk-adjusted gap.

    Returns
    -------
    table : DataFrame
        Display strings.
    rag : DataFrame
        Same shape: ``green`` / ``amber`` / ``red`` / ``""`` per cell.
    """
    currency = str(by_objective["currency"].iloc[0]) if len(by_objective) else ""
    ordered = by_objective.sort_values("objective_id")
    table = pd.DataFrame({
        label("col.objective", lang): _objective_names(ordered["objective_id"], lang),
        label("col.cost", lang): _money_column(ordered["cost_amount"], currency, lang),
        label("col.committed", lang): _money_column(ordered["committed_amount"],
                                                    currency, lang),
        label("col.gap", lang): _money_column(ordered["gap_amount"], currency, lang),
        label("col.risk_gap", lang): _money_column(ordered["risk_adjusted_gap_amount"],
                                                   currency, lang),
        label("col.coverage", lang): [
            numbers.percent(v, lang) for v in ordered["expected_share"]],
    })
    rag = pd.DataFrame("", index=table.index, columns=table.columns)
    rag[label("col.risk_gap", lang)] = ordered["rag_code"].fillna("").to_numpy()
    rag[label("col.coverage", lang)] = ordered["rag_code"].fillna("").to_numpy()
    for year in sorted(by_objective_year["year"].unique()):
        cells = by_objective_year[by_objective_year["year"] == year].set_index(
            "objective_id").reindex(ordered["objective_id"])
        column = str(int(year))
        table[column] = [
            "" if pd.isna(v) else format_money(float(v), currency, lang)
            for v in cells["risk_adjusted_gap_amount"]]
        rag[column] = cells["rag_code"].fillna("").to_numpy()
    return table.reset_index(drop=True), rag.reset_index(drop=True)


def gap_table_html(by_objective: pd.DataFrame, by_objective_year: pd.DataFrame,
                   lang: str = "en") -> str:
    """Return the gap-by-objective table as escaped HTML, cells coloured red /
    amber / green through classes (no inline styles: reports keep classes and
    ``<style>`` only)."""
    table, rag = format_gap_table(by_objective, by_objective_year, lang)
    css = " ".join(f".gcm-rag-{code} {{background-color: {colour};}}"
                   for code, colour in RAG_COLOURS.items())
    # the objective column is text; every other column holds figures (right
    # aligned, never wrapped: report.css)
    kinds = ["txt"] + ["num"] * (len(table.columns) - 1)
    head = "".join(f'<th class="{kind}">{cell_html(c)}</th>'
                   for c, kind in zip(table.columns, kinds, strict=True))
    rows = []
    for i in range(len(table)):
        cells = []
        for column, kind in zip(table.columns, kinds, strict=True):
            code = rag.at[i, column]
            klass = f"{kind} gcm-rag-{code}" if code in RAG_COLOURS else kind
            cells.append(f'<td class="{klass}">{cell_html(table.at[i, column])}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<style>{css}</style>"
            '<table class="gcm-table gcm-wide gcm-gap-table" border="0">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def show_gap_table(by_objective: pd.DataFrame, by_objective_year: pd.DataFrame,
                   lang: str = "en") -> None:
    """Display the gap-by-objective table (HTML, and its cells with their RAG
    codes for the editable report)."""
    from IPython.display import display

    from . import TABLE_MIMETYPE, table_data

    table, rag = format_gap_table(by_objective, by_objective_year, lang)
    numeric = [False] + [True] * (len(table.columns) - 1)
    display({"text/html": gap_table_html(by_objective, by_objective_year, lang),
             TABLE_MIMETYPE: table_data(table, numeric, shading=rag)}, raw=True)


def style_gap_table(by_objective: pd.DataFrame, by_objective_year: pd.DataFrame,
                    lang: str = "en") -> Styler:
    """Return the gap-by-objective table coloured red / amber / green."""
    table, rag = format_gap_table(by_objective, by_objective_year, lang)
    colours = rag.apply(lambda col: [
        f"background-color: {RAG_COLOURS[c]}" if c in RAG_COLOURS else ""
        for c in col])
    return table.style.apply(lambda _: colours, axis=None).hide(axis="index")


# -------------------------------------------------------------- by source type
def plot_funding_by_source_type(by_type: pd.DataFrame, lang: str = "en") -> Figure:
    """Horizontal bars per source type: allocated money by status, and money
    that could not be allocated (earmark or year without cost).

    Parameters
    ----------
    by_type : DataFrame
        ``funding.funding_by_source_type``.
    """
    types = source_type_names(reference.funding_source_types(), lang)
    totals = by_type.groupby("source_type_code")["available_amount"].sum()
    order = totals.sort_values(kind="mergesort").index.tolist()
    fig = new_figure(8.0, 1.2 + 0.45 * max(1, len(order)))
    ax = fig.add_subplot()
    y = np.arange(len(order))
    left = np.zeros(len(order))
    names = _status_names(lang)
    for status in STATUS_CODES:
        part = by_type[by_type["status"] == status].groupby("source_type_code")[
            "allocated_amount"].sum().reindex(order).fillna(0.0).to_numpy() / _MILLION
        if part.any():
            ax.barh(y, part, left=left, color=STATUS_COLOURS[status],
                    label=names[status], height=0.6)
        left = left + part
    rest = by_type.groupby("source_type_code")["unallocated_amount"].sum().reindex(
        order).fillna(0.0).to_numpy() / _MILLION
    if rest.any():
        ax.barh(y, rest, left=left, color=COLOURS["tertiary"], height=0.6,
                label=label("legend.unallocated", lang))
    ax.set_yticks(y, [_wrapped(types.get(code, code), 32) for code in order])
    ax.set_xlabel(_unit_label(by_type, lang))
    ax.set_title(label("heading.by_source", lang))
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    style_axes(ax, lang)
    return fig


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _wrapped(text: str, width: int = 42) -> str:
    """A chart label in full, on as many lines of ``width`` characters as it
    needs (a label is never cut: "Domestic public resource…")."""
    return textwrap.fill(_capital(text), width, break_long_words=False,
                         break_on_hyphens=False)


# ------------------------------------------------------------ mobilisation plan
def format_mobilisation_plan(plan_table: pd.DataFrame, lang: str = "en"
                             ) -> pd.DataFrame:
    """Return the mobilisation plan for display, one row per candidate."""
    if plan_table.empty:
        return pd.DataFrame(columns=[label(k, lang) for k in (
            "col.objective", "col.risk_gap", "col.rank", "col.candidate",
            "col.reason", "col.channel", "col.approach_by", "col.link")])
    candidate = [
        f"{label('kind.' + kind, lang)}{_colon(lang)}"
        f"{name if isinstance(name, str) else type_name}"
        for kind, name, type_name in zip(plan_table["candidate_kind"],
                                         plan_table["source_name"],
                                         plan_table["source_type_name"], strict=True)]
    return pd.DataFrame({
        label("col.objective", lang): _objective_names(plan_table["objective_id"],
                                                       lang),
        label("col.risk_gap", lang): [
            format_money(float(v), c, lang) for v, c in zip(
                plan_table["risk_adjusted_gap_amount"], plan_table["currency"],
                strict=True)],
        label("col.rank", lang): plan_table["candidate_rank"].astype(int).to_numpy(),
        label("col.candidate", lang): candidate,
        label("col.reason", lang): plan_table["reason"].to_numpy(),
        label("col.channel", lang): plan_table["channel"].to_numpy(),
        label("col.approach_by", lang): approach_text(plan_table, lang),
        label("col.link", lang): plan_table["reference"].to_numpy(),
    })


# ---------------------------------------------------------------------- crisis
def plot_crisis(crisis: pd.DataFrame, lang: str = "en", top_n: int = 15) -> Figure:
    """Paired bars per intervention (those whose funding changed, largest change
    first, at most ``top_n``): baseline and crisis funding; essential ones bold.

    Parameters
    ----------
    crisis : DataFrame
        ``funding.summarise_crisis``.
    """
    changed = crisis[crisis["outcome"] != "unchanged"]
    shown = (changed if len(changed) else crisis).assign(
        _size=lambda d: d["change_amount"].abs()).sort_values(
        ["_size", "intervention_id"], ascending=[False, True]).head(top_n)
    shown = shown.iloc[::-1]
    fig = new_figure(8.0, 1.4 + 0.42 * max(1, len(shown)))
    ax = fig.add_subplot()
    y = np.arange(len(shown))
    ax.barh(y + 0.2, shown["baseline_allocated_amount"] / _MILLION, height=0.38,
            color=COLOURS["secondary"], label=label("legend.baseline", lang))
    ax.barh(y - 0.2, shown["crisis_allocated_amount"] / _MILLION, height=0.38,
            color=COLOURS["primary"], label=label("legend.crisis", lang))
    names = [_wrapped(str(n), 38) for n in shown["intervention_name"]]
    ax.set_yticks(y, names)
    for tick, essential in zip(ax.get_yticklabels(), shown["is_essential"],
                               strict=True):
        if essential:
            tick.set_fontweight("bold")
    ax.set_xlabel(_unit_label(crisis, lang))
    ax.set_title(label("chart.crisis", lang))
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    style_axes(ax, lang)
    return fig


def format_crisis_table(crisis: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the interventions whose funding changes, and the essential ones."""
    shown = crisis[(crisis["outcome"] != "unchanged") | crisis["is_essential"]]
    return pd.DataFrame({
        label("col.intervention", lang): shown["intervention_name"].to_numpy(),
        label("col.objective", lang): shown["objective_id"].astype(int).to_numpy(),
        label("col.essential", lang): [label("yes" if e else "no", lang)
                                       for e in shown["is_essential"]],
        label("col.outcome", lang): [label(f"crisis.outcome.{o}", lang)
                                     for o in shown["outcome"]],
        label("col.baseline", lang): _money_column(shown["baseline_allocated_amount"],
                                                   _currency(crisis), lang),
        label("col.crisis", lang): _money_column(shown["crisis_allocated_amount"],
                                                 _currency(crisis), lang),
        label("col.explanation", lang): shown["explanation"].to_numpy(),
    })


def _currency(table: pd.DataFrame) -> str:
    return str(table["currency"].iloc[0]) if len(table) else ""


def describe_crisis(shock: Mapping[str, Any], share: float, totals: pd.DataFrame,
                    crisis: pd.DataFrame, lang: str = "en") -> str:
    """Return the crisis test in a few sentences (Markdown): what was cut, what
    the allocation moved, what is delayed or dropped, and whether essential
    interventions are protected."""
    types = source_type_names(reference.funding_source_types(), lang)
    named = [_capital(types.get(code, code)) for code in shock["source_types"]]
    named += [str(i) for i in shock["source_ids"]]
    values = totals.set_index("measure")
    currency = _currency(totals)

    def money(measure: str, column: str) -> str:
        return format_money(float(values.at[measure, column]), currency, lang)

    parts = [
        label("crisis.shock", lang, sources=", ".join(named) or "—",
              share=numbers.percent(share, lang), year=shock["year"],
              default=label("crisis.shock_default", lang) if shock["is_default"]
              else ""),
        label("crisis.summary", lang, cut=money("cut", "crisis_amount"),
              ess_before=money("gap_essential", "baseline_amount"),
              ess_after=money("gap_essential", "crisis_amount"),
              oth_before=money("gap_other", "baseline_amount"),
              oth_after=money("gap_other", "crisis_amount")),
    ]
    if float(values.at["reallocated", "crisis_amount"]) > 0:
        parts.append(label("crisis.reallocated", lang,
                           reallocated=money("reallocated", "crisis_amount")))
    essential = crisis[crisis["is_essential"].astype(bool)]
    if len(essential):
        # only essential interventions that had money before the shock can be
        # protected; those without any are counted apart (issue 17)
        funded = essential[essential["baseline_allocated_amount"] > 0.005]
        if len(funded):
            parts.append(label("crisis.protected", lang,
                               n=int(funded["is_protected"].sum()),
                               total=len(funded)))
        if len(funded) < len(essential):
            parts.append(label("crisis.unfunded_essential", lang,
                               n=len(essential) - len(funded)))
    else:
        parts.append(label("crisis.no_essential", lang))
    listed = False
    for outcome in reversed(CRISIS_OUTCOMES):
        if outcome in ("unchanged",):
            continue
        hit = crisis[crisis["outcome"] == outcome]
        if len(hit):
            listed = listed or outcome != "reinforced"
            parts.append(label("crisis.list", lang,
                               outcome=label(f"crisis.outcome.{outcome}", lang),
                               names=", ".join(hit["intervention_name"].astype(str))))
    if not listed:
        parts.append(label("crisis.none_hit", lang))
    return " ".join(parts)


# ------------------------------------------------------------------- readiness
def plot_readiness(readiness: pd.DataFrame, lang: str = "en") -> Figure:
    """One panel per framework: each item's score 0-3 (grey outline = not
    assessed)."""
    frameworks = list(dict.fromkeys(readiness["framework_code"]))
    heights = [int((readiness["framework_code"] == f).sum()) for f in frameworks]
    fig = new_figure(8.5, 1.5 + 0.3 * sum(heights))
    axes = fig.subplots(len(frameworks), 1, sharex=True,
                        gridspec_kw={"height_ratios": heights})
    axes = np.atleast_1d(axes)
    for ax, code in zip(axes, frameworks, strict=True):
        items = readiness[readiness["framework_code"] == code].iloc[::-1]
        y = np.arange(len(items))
        scores = items["score"].astype("Float64").fillna(0).to_numpy(dtype=float)
        colours = [COLOURS["tertiary"] if pd.isna(s) else
                   (COLOURS["red"] if s <= 1 else COLOURS["amber"] if s == 2
                    else COLOURS["green"]) for s in items["score"]]
        ax.barh(y, scores, color=colours, height=0.6)
        missing = items["score"].isna().to_numpy()
        if missing.any():  # not assessed: a dotted outline over the whole scale
            ax.barh(y[missing], 3, height=0.6, fill=False,
                    edgecolor=COLOURS["tertiary"],
                    linestyle=":")
        for yi, (score, text) in enumerate(zip(items["score"], items["score_label"],
                                               strict=True)):
            if pd.isna(score) or int(score) == 0:
                ax.text(0.05, yi, text, va="center", fontsize=7,
                        color=COLOURS["text"])
        ax.set_yticks(y, [_wrapped(f"{int(i)}. {t}", 55) for i, t in zip(
            items["item_id"], items["item_text"], strict=True)], fontsize=7)
        ax.set_xlim(0, 3)
        ax.set_xticks([0, 1, 2, 3])
        ax.set_title(str(items["framework_name"].iloc[0]), fontsize=9)
        style_axes(ax, lang)
    axes[-1].set_xlabel(label("axis.score", lang))
    fig.suptitle(label("chart.readiness", lang), fontsize=11)
    return fig


def format_readiness_summary(summary: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return one row per framework: assessed items, mean score, weak items."""
    return pd.DataFrame({
        label("col.framework", lang): summary["framework_name"].to_numpy(),
        label("col.assessed", lang): [f"{int(a)} / {int(n)}" for a, n in zip(
            summary["n_assessed"], summary["n_items"], strict=True)],
        label("col.mean_score", lang): ["—" if pd.isna(m) else f"{float(m):.1f} / 3"
                                        for m in summary["mean_score"]],
        label("col.weak", lang): summary["n_weak"].astype(int).to_numpy(),
    })


# ---------------------------------------------------------------------- agenda
def format_workshop_agenda(agenda: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the eight agenda points with what the plan says under each."""
    return pd.DataFrame({
        label("col.point", lang): [f"{int(i)}. {t}" for i, t in zip(
            agenda["point_id"], agenda["point_text"], strict=True)],
        label("col.from_plan", lang): agenda["from_the_plan"].to_numpy(),
    })


# --------------------------------------------------------------------- sources
def format_funding_lines(lines: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the funding lines with what each gave and why any is left over.

    Parameters
    ----------
    lines : DataFrame
        ``funding.summarise_funding_lines``.
    """
    types = source_type_names(reference.funding_source_types(), lang)
    names = _status_names(lang)
    currency = _currency(lines)
    return pd.DataFrame({
        label("col.source", lang): lines["source_name"].to_numpy(),
        label("col.type", lang): [_capital(types.get(c, c))
                                  for c in lines["source_type_code"]],
        label("col.status", lang): [names.get(s, s) for s in lines["status"]],
        label("col.likelihood", lang): [
            f"{numbers.percent(float(p), lang)} ({label('basis.' + b, lang)})"
            if b in ("user", "status_default") else numbers.percent(float(p), lang)
            for p, b in zip(lines["likelihood"], lines["likelihood_basis"],
                            strict=True)],
        label("col.year", lang): lines["year"].astype(int).to_numpy(),
        label("col.amount", lang): _money_column(lines["amount"], currency, lang),
        label("col.allocated", lang): _money_column(lines["allocated_amount"],
                                                    currency, lang),
        label("col.why_unallocated", lang): [
            "" if pd.isna(r) else label(f"unallocated.{r}", lang)
            for r in lines["unallocated_reason"]],
    })


# -------------------------------------------------------------------- headings
def section(key: str, lang: str = "en", note: str | None = None,
            level: int = 2) -> str:
    """Return a Markdown heading from the catalogue (``funding.*`` keys), with
    an optional
    note (another label key) as a paragraph under it."""
    text = f"{'#' * level} {label(key, lang)}"
    return text + (f"\n\n{label(note, lang)}" if note else "")


def title(country_name: str, funding_note: str, lang: str = "en") -> str:
    """Return the report's title, intro and, for the starter scenario, the
    illustrative warning (Markdown)."""
    text = f"# {label('heading.title', lang)}{_colon(lang)}{country_name}\n\n"
    text += label("heading.intro", lang)
    if funding_note:
        text += f"\n\n> **{label('note.illustrative', lang)}.** {funding_note}"
    return text
