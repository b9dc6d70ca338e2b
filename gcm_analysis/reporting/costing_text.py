"""Texts of the costing stage (notebook 03) in English and French, and the
helpers its tables and figures share."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import pandas as pd
from matplotlib import colormaps

from .. import numbers

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


def amount(value: object, digits: int = 0, lang: str = "en") -> str:
    """A number for a costing table: grouped thousands, ``digits`` decimals, NA
    as an em dash (:func:`gcm_analysis.numbers.number`).

    Examples
    --------
    >>> amount(1234567.891), amount(1234.5, 1, "fr") == "1\u202f234,5", amount(None)
    ('1,234,568', True, '—')
    """
    return numbers.number(value, lang, digits)


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


def _label(objective_id: int, titles: Mapping[Any, str] | None, width: int = 28) -> str:
    title = titles.get(int(objective_id)) if titles is not None else None
    return f"{int(objective_id)}. {textwrap.shorten(str(title), width)}" if title else (
        str(int(objective_id)))



def intro(facts: Mapping[str, object], country_name: str, lang: str = "en") -> str:
    """Return the title and the opening paragraph of the costing report (Markdown)."""
    title = text("title", lang, country_name=country_name)
    values = {k: facts[k] for k in ("n_interventions", "n_objectives", "first_year",
                                    "last_year", "currency", "base_year")}
    body = text("intro", lang, n_draws=amount(facts["n_draws"], lang=lang), **values)
    return f"# {title}\n\n{body}"


def headline(facts: Mapping[str, object], lang: str = "en") -> str:
    """Return the one-paragraph summary of the budget (Markdown)."""
    return text(
        "headline", lang, currency=facts["currency"], base_year=facts["base_year"],
        method=method_text(facts["method"], lang),
        **{key: amount(facts[key], lang=lang)
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
