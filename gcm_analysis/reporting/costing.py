"""Figures and display tables for the costing stage (notebook 03). No computation.

Every ``plot_*`` returns a :class:`matplotlib.figure.Figure` with a title and
axes labelled with their unit (currency, price basis). Texts exist in English and
French (:func:`text`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import PurePath

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ._style import COLOURS, localise_number, new_figure, style_axes

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Budget of the implementation plan: {country_name}",
        "intro": "Costs of {n_interventions} interventions under {n_objectives} GCM "
        "objectives, {first_year}-{last_year}, in {currency}. Constant prices are "
        "{base_year} prices; nominal prices include inflation. The range comes from "
        "{n_draws} Monte Carlo draws of unit costs and quantities.",
        "illustrative": "**Illustrative starter plan.** No plan file was given: the "
        "interventions and prices come from the GCM Workbook's default menu of costed "
        "actions, scaled to the country. They are assumptions to start a discussion, "
        "not a budget. Edit the plan written to the run folder (plan.xlsx) and run "
        "again with it.",
        "illustrative_file": "**Illustrative figures.** The plan's settings mark its "
        "figures as illustrative: they are not an adopted budget.",
        "comp_direct_start_up": "Direct activities: start-up",
        "comp_direct_recurrent": "Direct activities: recurrent",
        "comp_support_start_up": "Support activities: start-up",
        "comp_support_recurrent": "Support activities: recurrent",
        "comp_contingency": "Contingency",
        "comp_support_total": "Support activities: total",
        "comp_total": "Total",
        "origin_plan_file": "Plan: the plan file `{plan_file}`.",
        "origin_selection": "Plan: starter plan for the objectives selected in "
        "notebook 02 ({ids}).",
        "origin_default_no_selection": "Plan: starter plan for the default objectives "
        "{ids}, because no objective selection (selection.csv) was found in the run "
        "folder.",
        "origin_default_empty_selection": "Plan: starter plan for the default "
        "objectives {ids}, because the objective selection (selection.csv) selects "
        "none.",
        "headline": "Total: **{total}** {currency} at {base_year} prices "
        "({nominal} nominal), of which contingency {contingency} and support "
        "activities {support}. Range P10-P90: {p10} to {p90} ({method}).",
        "summary_heading": "Budget summary",
        "objective_heading": "Budget by objective",
        "year_heading": "Budget by year and objective",
        "intervention_heading": "Interventions and timeline",
        "category_heading": "Budget by cost category",
        "ministry_heading": "Budget by ministry",
        "uncertainty_heading": "How sure is the total?",
        "uncertainty_note": "P10 and P90 bound the middle 80 % of simulated totals. "
        "Each line's unit cost and quantity vary independently (PERT distribution "
        "on low, likely, high); lines without a range are held at their likely "
        "value.",
        "drivers_heading": "What moves the total most",
        "drivers_note": "Each bar sets one input to its low, then its high value, "
        "with everything else at the likely value.",
        "assumptions_heading": "Price basis",
        "chart_by_year": "Budget by year and objective ({basis})",
        "chart_timeline": "Timeline of interventions",
        "chart_uncertainty": "Distribution of the total cost ({n} draws)",
        "chart_tornado": "Largest cost drivers (one at a time)",
        "chart_objective_range": "Cost by objective: likely value and P10-P90 range",
        "axis_money": "{currency}, {basis}",
        "axis_year": "Year",
        "axis_draws": "Share of draws",
        "basis_constant": "{base_year} prices",
        "basis_nominal": "nominal prices",
        "label_objective": "Objective",
        "label_essential": "essential",
        "label_likely": "likely (deterministic)",
        "label_low": "input at low value",
        "label_high": "input at high value",
        "col_objective": "Objective",
        "col_objective_id": "No.",
        "col_intervention": "Intervention",
        "col_ministry": "Ministry",
        "col_category": "Category",
        "col_component": "Component",
        "col_year": "Year",
        "col_years": "Years",
        "col_constant": "Constant ({currency}, {base_year} prices)",
        "col_nominal": "Nominal ({currency})",
        "col_share": "Share (%)",
        "col_method": "Method",
        "col_p10": "P10",
        "col_p50": "P50",
        "col_p90": "P90",
        "col_driver": "Driver",
        "col_swing": "Swing ({currency})",
        "col_inflation": "Inflation (%)",
        "col_index": "Price index",
        "col_source": "Source",
        "total_row": "Total",
    },
    "fr": {
        "title": "Budget du plan de mise en œuvre : {country_name}",
        "intro": "Coûts de {n_interventions} interventions relevant de {n_objectives} "
        "objectifs du Pacte mondial, {first_year}-{last_year}, en {currency}. Les prix "
        "constants sont ceux de {base_year} ; les prix courants incluent l'inflation. "
        "La fourchette vient de {n_draws} tirages Monte-Carlo des coûts unitaires "
        "et des quantités.",
        "illustrative": "**Plan de départ illustratif.** Aucun fichier de plan n'a "
        "été fourni : les interventions et les prix viennent du menu d'actions "
        "chiffrées du GCM Workbook, ajusté au pays. Ce sont des hypothèses pour "
        "ouvrir la discussion, pas un budget. Modifiez le plan écrit dans le "
        "dossier d'exécution (plan.xlsx) et relancez avec ce fichier.",
        "illustrative_file": "**Chiffres illustratifs.** Les paramètres du plan "
        "indiquent que ses chiffres sont illustratifs : ce n'est pas un budget "
        "adopté.",
        "comp_direct_start_up": "Activités directes : démarrage",
        "comp_direct_recurrent": "Activités directes : récurrent",
        "comp_support_start_up": "Activités d'appui : démarrage",
        "comp_support_recurrent": "Activités d'appui : récurrent",
        "comp_contingency": "Imprévus",
        "comp_support_total": "Activités d'appui : total",
        "comp_total": "Total",
        "origin_plan_file": "Plan : le fichier de plan `{plan_file}`.",
        "origin_selection": "Plan : plan de départ pour les objectifs retenus dans le "
        "carnet 02 ({ids}).",
        "origin_default_no_selection": "Plan : plan de départ pour les objectifs par "
        "défaut {ids}, faute de sélection d'objectifs (selection.csv) dans le "
        "dossier d'exécution.",
        "origin_default_empty_selection": "Plan : plan de départ pour les objectifs "
        "par défaut {ids}, la sélection d'objectifs (selection.csv) n'en retenant "
        "aucun.",
        "headline": "Total : **{total}** {currency} aux prix de {base_year} "
        "({nominal} en prix courants), dont imprévus {contingency} et activités "
        "d'appui {support}. Fourchette P10-P90 : {p10} à {p90} ({method}).",
        "summary_heading": "Synthèse du budget",
        "objective_heading": "Budget par objectif",
        "year_heading": "Budget par année et par objectif",
        "intervention_heading": "Interventions et calendrier",
        "category_heading": "Budget par catégorie de coût",
        "ministry_heading": "Budget par ministère",
        "uncertainty_heading": "Quelle est la fiabilité du total ?",
        "uncertainty_note": "P10 et P90 encadrent 80 % des totaux simulés. Le coût "
        "unitaire et la quantité de chaque ligne varient indépendamment (loi PERT "
        "sur bas, probable, haut) ; les lignes sans fourchette restent à leur valeur "
        "probable.",
        "drivers_heading": "Ce qui fait le plus varier le total",
        "drivers_note": "Chaque barre place un intrant à sa valeur basse puis haute, "
        "tout le reste à la valeur probable.",
        "assumptions_heading": "Base de prix",
        "chart_by_year": "Budget par année et par objectif ({basis})",
        "chart_timeline": "Calendrier des interventions",
        "chart_uncertainty": "Distribution du coût total ({n} tirages)",
        "chart_tornado": "Principaux facteurs de coût (un à la fois)",
        "chart_objective_range": "Coût par objectif : valeur probable et fourchette "
        "P10-P90",
        "axis_money": "{currency}, {basis}",
        "axis_year": "Année",
        "axis_draws": "Part des tirages",
        "basis_constant": "prix de {base_year}",
        "basis_nominal": "prix courants",
        "label_objective": "Objectif",
        "label_essential": "essentiel",
        "label_likely": "probable (déterministe)",
        "label_low": "intrant à sa valeur basse",
        "label_high": "intrant à sa valeur haute",
        "col_objective": "Objectif",
        "col_objective_id": "N°",
        "col_intervention": "Intervention",
        "col_ministry": "Ministère",
        "col_category": "Catégorie",
        "col_component": "Composante",
        "col_year": "Année",
        "col_years": "Années",
        "col_constant": "Constants ({currency}, prix de {base_year})",
        "col_nominal": "Courants ({currency})",
        "col_share": "Part (%)",
        "col_method": "Méthode",
        "col_p10": "P10",
        "col_p50": "P50",
        "col_p90": "P90",
        "col_driver": "Facteur",
        "col_swing": "Écart ({currency})",
        "col_inflation": "Inflation (%)",
        "col_index": "Indice des prix",
        "col_source": "Source",
        "total_row": "Total",
    },
}


def text(key: str, lang: str = "en", **values: object) -> str:
    """Return the costing stage's text ``key`` in ``lang``, placeholders filled."""
    messages = _TEXT.get(lang, _TEXT["en"])
    template = messages[key]
    return template.format(**values) if values else template


def money(value: object, digits: int = 0, lang: str = "en") -> str:
    """Format an amount with thousands separators; NA as an em dash.

    Examples
    --------
    >>> money(1234567.891), money(1234.5, 1, "fr"), money(None)
    ('1,234,568', '1\u202f234,5', '—')
    """
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return "—"
    return localise_number(f"{float(value):,.{digits}f}", lang)  # type: ignore[arg-type]


_METHOD_WORDS = {"fr": (("bottom-up", "ascendante"), ("top-down", "descendante"),
                        ("mixed", "mixte"), ("not costed", "non chiffrée"))}


def method_text(method: object, lang: str = "en") -> str:
    """Return a costing-method label (``bottom-up``, ``mixed: ...``) in ``lang``."""
    missing = method is None or pd.isna(method)  # type: ignore[arg-type]
    shown = "" if missing else str(method)
    for english, local in _METHOD_WORDS.get(lang, ()):
        shown = shown.replace(english, local)
    return shown


def _basis(price_basis: str, base_year: int, lang: str) -> str:
    return text(f"basis_{price_basis}", lang, base_year=base_year)


def _colours(n: int) -> list[tuple[float, float, float, float]]:
    cmap = colormaps["tab20"]
    return [cmap(i % 20) for i in range(n)]


def _label(objective_id: int, titles: Mapping[int, str] | None, width: int = 28) -> str:
    title = titles.get(int(objective_id)) if titles is not None else None
    return f"{int(objective_id)}. {textwrap.shorten(str(title), width)}" if title else (
        str(int(objective_id)))


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
    heading = {"objective_id": "col_objective", "year": "col_year",
               "category": "col_category", "ministry": "col_ministry",
               "component_name": "col_component",
               "intervention_id": "col_intervention"}.get(key, "col_objective")
    if key == "objective_id":
        names = [_label(int(v), labels, 60) for v in table[key]]
    else:
        names = [str(labels.get(v, v)) if labels is not None else str(v)
                 for v in table[key]]
    out = pd.DataFrame({
        text(heading, lang): names + [text("total_row", lang)],
        text("col_constant", lang, currency=currency, base_year=base_year):
            [money(v, lang=lang) for v in table["amount_constant"]]
            + [money(table["amount_constant"].sum(), lang=lang)],
        text("col_nominal", lang, currency=currency):
            [money(v, lang=lang) for v in table["amount_nominal"]]
            + [money(table["amount_nominal"].sum(), lang=lang)],
        text("col_share", lang): [money(v, 1, lang) for v in table["share_pct"]]
            + [money(table["share_pct"].sum(), 1, lang)],
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
            [money(v, lang=lang) for v in col("amount_constant")],
        text("col_nominal", lang, currency=currency):
            [money(v, lang=lang) for v in col("amount_nominal")],
        text("col_share", lang): [money(v, 1, lang) for v in col("share_pct")],
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
            [money(v, lang=lang) for v in budget["amount_constant"]],
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
            [money(v, lang=lang) for v in part["deterministic"]],
        text("col_p10", lang): [money(v, lang=lang) for v in part["p10"]],
        text("col_p50", lang): [money(v, lang=lang) for v in part["p50"]],
        text("col_p90", lang): [money(v, lang=lang) for v in part["p90"]],
    })


def format_drivers(drivers: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the cost drivers (tornado table) as text."""
    currency = str(drivers["currency"].iloc[0]) if len(drivers) else ""
    return pd.DataFrame({
        "#": drivers["rank"].to_list(),
        text("col_driver", lang): drivers["driver"].to_list(),
        text("col_swing", lang, currency=currency):
            [money(v, lang=lang) for v in drivers["swing"]],
    })


def format_price_index(index: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Return the price index table as text."""
    return pd.DataFrame({
        text("col_year", lang): index["year"].astype(int).to_list(),
        text("col_inflation", lang):
            [money(v, 2, lang) for v in index["inflation_pct"]],
        text("col_index", lang): [money(v, 4, lang) for v in index["price_index"]],
        text("col_source", lang): index["source"].to_list(),
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


# ------------------------------------------------------------------- figures
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
               label=_label(int(objective_id), titles))
        bottom = bottom + values
    ax.set_xticks(positions, wide.index.astype(str))
    for x, total in enumerate(bottom):
        ax.annotate(money(total, lang=lang), (x, total), ha="center", va="bottom",
                    fontsize=8)
    basis = _basis(price_basis, base_year, lang)
    ax.set_xlabel(text("axis_year", lang))
    ax.set_ylabel(text("axis_money", lang, currency=currency, basis=basis))
    ax.yaxis.set_major_formatter(lambda v, _pos: money(v, lang=lang))
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
    handles = [Patch(color=colour_of[o], label=_label(o, titles)) for o in objectives]
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
    ax.hist(values, bins=50, weights=weights, color=COLOURS["secondary"])
    marks = [("P10", row["p10"], "--"), ("P50", row["p50"], "-"),
             ("P90", row["p90"], "--")]
    for label, value, style in marks:
        ax.axvline(float(value), color=COLOURS["primary"], linestyle=style,
                   label=f"{label}: {money(value, lang=lang)}")
    if pd.notna(row["deterministic"]):
        ax.axvline(float(row["deterministic"]), color=COLOURS["accent"], linestyle=":",
                   label=f"{text('label_likely', lang)}: "
                   f"{money(row['deterministic'], lang=lang)}")
    basis = _basis(basis_name, base_year, lang)
    ax.set_xlabel(text("axis_money", lang, currency=currency, basis=basis))
    ax.set_ylabel(text("axis_draws", lang))
    ax.xaxis.set_major_formatter(lambda v, _pos: money(v, lang=lang))
    ax.xaxis.set_major_locator(MaxNLocator(6))
    ax.set_title(text("chart_uncertainty", lang, n=money(len(values), lang=lang)))
    ax.legend(fontsize=8, frameon=False)
    style_axes(ax, lang)
    return fig


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
    labels = [f"{line}: {variable}\n{textwrap.shorten(str(item), 50)}"
              for line, variable, item in zip(table["line_id"], table["variable"],
                                              table["item"], strict=True)]
    ax.set_yticks(positions, labels, fontsize=7)
    ax.invert_yaxis()
    currency = str(table["currency"].iloc[0])
    base_year = int(table["price_year"].iloc[0])
    ax.set_xlabel(text("axis_money", lang, currency=currency,
                       basis=_basis("constant", base_year, lang)))
    ax.xaxis.set_major_formatter(lambda v, _pos: money(v, lang=lang))
    ax.xaxis.set_major_locator(MaxNLocator(5))
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
    ax.set_xlabel(text("axis_money", lang, currency=currency,
                       basis=_basis(price_basis, base_year, lang)))
    ax.xaxis.set_major_formatter(lambda v, _pos: money(v, lang=lang))
    ax.xaxis.set_major_locator(MaxNLocator(6))
    ax.set_title(text("chart_objective_range", lang))
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    style_axes(ax, lang)
    return fig


def intro(facts: Mapping[str, object], country_name: str, lang: str = "en") -> str:
    """Return the title and the opening paragraph of the costing report (Markdown)."""
    title = text("title", lang, country_name=country_name)
    values = {k: facts[k] for k in ("n_interventions", "n_objectives", "first_year",
                                    "last_year", "currency", "base_year")}
    body = text("intro", lang, n_draws=money(facts["n_draws"], lang=lang), **values)
    return f"# {title}\n\n{body}"


def headline(facts: Mapping[str, object], lang: str = "en") -> str:
    """Return the one-paragraph summary of the budget (Markdown)."""
    return text(
        "headline", lang, currency=facts["currency"], base_year=facts["base_year"],
        method=method_text(facts["method"], lang),
        **{key: money(facts[key], lang=lang)
           for key in ("total", "nominal", "contingency", "support", "p10", "p90")})


def plan_origin(origin: Mapping[str, object], lang: str = "en") -> str:
    """Return the sentence naming where the costed plan comes from.

    ``origin`` is the second value of ``costing_io.prepare_run_plan``.
    """
    objective_ids = origin.get("objective_ids", ())
    ids = ", ".join(str(i) for i in objective_ids)  # type: ignore[attr-defined]
    # only the file name: a report never shows a local path
    plan_file = PurePath(str(origin.get("plan_file") or "")).name
    return text(f"origin_{origin['kind']}", lang, plan_file=plan_file, ids=ids)


def heading(key: str, lang: str = "en", level: int = 2) -> str:
    """Return a Markdown heading for text ``key``."""
    return f"{'#' * level} {text(key, lang)}"
