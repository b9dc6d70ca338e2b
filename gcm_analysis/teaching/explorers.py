"""What-if explorers: sliders in JupyterLab, a static table everywhere else.

:func:`whatif` returns an object that displays as *both* an ipywidgets control
(when ``interactive`` is true and ipywidgets is installed) and, in the same
output, a static HTML table of a few positions of the controls computed in
advance. JupyterLab shows the live widget; an exported HTML page (which drops
widget views: :data:`gcm_analysis.export.ACTIVE_MIMETYPES`) or a notebook reopened
without a kernel shows the static table. ipywidgets is imported only when asked
for. Every number is recomputed with the package's own functions on a changed
copy of the lesson data.
"""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import pandas as pd

from .. import costing
from ..reporting import table_html
from ..reporting.costing_text import colon
from . import data
from . import scenario as s
from ._format import (
    check_lang,
    format_amount,
    format_number,
    format_pct,
    french_typography,
    join_list,
)
from .messages import text

log = logging.getLogger(__name__)


def _import_widgets() -> Any:
    try:
        import ipywidgets
    except ImportError:  # optional dependency (extra "widgets")
        return None
    return ipywidgets


@dataclass
class WhatIf:
    """A what-if display: static HTML always, a live widget when available."""

    static_html: str
    widget: Any = None
    note: str = ""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None
                          ) -> dict[str, Any]:
        from ..export import markdown2html_cached

        html = markdown2html_cached(self.note) + self.static_html
        bundle: dict[str, Any] = {"text/html": html,
                                  "text/plain": "What-if table (static view)"}
        if self.widget is not None:
            live = self.widget._repr_mimebundle_()
            if isinstance(live, tuple):  # (data, metadata) in some versions
                live = live[0]
            view = live.get("application/vnd.jupyter.widget-view+json")
            if view is not None:
                bundle["application/vnd.jupyter.widget-view+json"] = view
        return bundle


# -------------------------------------------------------------------- lesson 1
PEER_GROUPS: tuple[str, ...] = ("region", "world", "income_group")
_PEER_WORDS = {"en": {"region": "region", "world": "world",
                      "income_group": "income group"},
               "fr": {"region": "région", "world": "monde",
                      "income_group": "groupe de revenu"}}


def _weights(weight_need: float) -> tuple[float, float, float]:
    """Need weight w; priority and feasibility share the rest as 0.3 : 0.2."""
    rest = 1.0 - weight_need
    return (round(weight_need, 6), round(rest * 0.6, 6), round(1.0 - weight_need
                                                               - rest * 0.6, 6))


def top_objectives(peer_group: str, weight_need: float, n: int = 5,
                   lang: str = "en") -> list[int]:
    """The ``n`` highest priority scores for a peer group and need weight."""
    candidates = data.candidates(peer_group, lang, _weights(weight_need))
    ranked = candidates[candidates["rank"].notna()].sort_values("rank")
    return [int(o) for o in ranked["objective_id"].head(n)]


def _objectives_text(ids: Sequence[int], lang: str) -> str:
    from .. import reference

    titles = reference.objective_titles(lang, short=True)
    return " · ".join(f"{o}. {titles[o]}" for o in ids)


def _lesson1_static(lang: str) -> pd.DataFrame:
    rows = []
    for group in PEER_GROUPS:
        for weight in (1.0, 0.5):
            label = (f"{_PEER_WORDS[lang][group]}, "
                     f"{'poids du besoin' if lang == 'fr' else 'need weight'} "
                     f"{weight:g}")
            rows.append({text("col.scenario", lang): label,
                         text("col.top", lang): _objectives_text(
                             top_objectives(group, weight, lang=lang), lang)})
    return pd.DataFrame(rows)


def _lesson1_widget(widgets: Any, lang: str) -> Any:
    group = widgets.Dropdown(options=[(_PEER_WORDS[lang][g], g) for g in PEER_GROUPS],
                             value=data.PEER_GROUP,
                             description="Pairs" if lang == "fr" else "Peers")
    weight = widgets.FloatSlider(value=data.SELECTION_WEIGHTS[0], min=0.0, max=1.0,
                                 step=0.1, continuous_update=False,
                                 description="Besoin" if lang == "fr" else "Need")
    out = widgets.HTML()

    def redraw(_change: object = None) -> None:
        ids = top_objectives(group.value, weight.value, lang=lang)
        out.value = table_html(pd.DataFrame({
            text("col.rank", lang): range(1, len(ids) + 1),
            text("col.objective", lang): _objectives_text(ids, lang).split(" · "),
        }))

    group.observe(redraw, names="value")
    weight.observe(redraw, names="value")
    redraw()
    return widgets.VBox([group, weight, out])


# -------------------------------------------------------------------- lesson 2
def focus_whatif(quantity: float | None = None, unit_cost: float | None = None,
                 inflation_pct: float | None = None,
                 contingency_pct: float | None = None) -> dict[str, float]:
    """Cost the focus intervention with changed inputs (others as in the plan).

    Parameters
    ----------
    quantity, unit_cost : float, optional
        Likely staff months a year and unit cost of the mediator line.
    inflation_pct : float, optional
        Inflation of every year after the base year (%).
    contingency_pct : float, optional
        The plan's contingency (%).

    Returns
    -------
    dict
        ``direct_and_support``, ``contingency``, ``total`` (constant base-year
        prices), ``nominal`` (money of each year) for the focus intervention.
    """
    the_plan = data.read_teaching_plan()
    lines = the_plan.cost_lines.copy()
    row = lines["line_id"] == s.mediator_line()["line_id"]
    if quantity is not None:
        lines.loc[row, "quantity_per_year"] = float(quantity)
    if unit_cost is not None:
        lines.loc[row, "unit_cost_likely"] = float(unit_cost)
    rates = the_plan.inflation_rates.copy()
    changed = replace(the_plan, cost_lines=lines, inflation_rates=rates)
    if inflation_pct is not None:
        base = the_plan.settings.base_year
        later = rates["year"].astype(int) > base
        rates.loc[later, "inflation_pct"] = float(inflation_pct)
        changed = replace(changed, inflation_rates=rates).with_settings(
            inflation_pct=float(inflation_pct))
    if contingency_pct is not None:
        changed = changed.with_settings(contingency_pct=float(contingency_pct))
    budget = costing.compute_budget_lines(changed)
    focus = budget[budget["intervention_id"] == data.FOCUS_INTERVENTION]
    is_cont = focus["cost_type"] == "contingency"
    return {
        "direct_and_support": float(focus.loc[~is_cont, "amount_constant"].sum()),
        "contingency": float(focus.loc[is_cont, "amount_constant"].sum()),
        "total": float(focus["amount_constant"].sum()),
        "nominal": float(focus["amount_nominal"].sum()),
    }


_L2_COLUMNS = {
    "en": ("Scenario", "Before contingency", "Contingency", "Total (constant prices)",
           "Total (nominal)"),
    "fr": ("Scénario", "Avant provision", "Provision", "Total (prix constants)",
           "Total (prix courants)"),
}


def _lesson2_rows(lang: str) -> list[tuple[str, dict[str, Any]]]:
    line = s.mediator_line()
    months = "mois de médiation" if lang == "fr" else "mediator months"
    cost = "coût unitaire" if lang == "fr" else "unit cost"
    infl = "inflation après" if lang == "fr" else "inflation after"
    cont = "provision" if lang == "fr" else "contingency"
    base = data.read_teaching_plan().settings.base_year
    likely = "plan (valeurs probables)" if lang == "fr" else "plan (likely values)"
    def pct(value: float) -> str:
        return format_pct(value, lang, 0)

    return [
        (likely, {}),
        (f"{months} {format_number(line['quantity_per_year_low'], 0, lang)}",
         {"quantity": line["quantity_per_year_low"]}),
        (f"{months} {format_number(line['quantity_per_year_high'], 0, lang)}",
         {"quantity": line["quantity_per_year_high"]}),
        (f"{cost} {format_amount(line['unit_cost_high'], str(line['currency']), lang)}",
         {"unit_cost": line["unit_cost_high"]}),
        (f"{infl} {base}{colon(lang)}{pct(0)}", {"inflation_pct": 0.0}),
        (f"{infl} {base}{colon(lang)}{pct(6)}", {"inflation_pct": 6.0}),
        (f"{cont} {pct(0)}", {"contingency_pct": 0.0}),
        (f"{cont} {pct(20)}", {"contingency_pct": 20.0}),
    ]


def _lesson2_table(rows: Sequence[tuple[str, dict[str, Any]]], lang: str
                   ) -> pd.DataFrame:
    currency = data.read_teaching_plan().settings.reporting_currency
    names = _L2_COLUMNS[lang]
    records = []
    for label, changes in rows:
        result = focus_whatif(**changes)
        records.append({names[0]: label,
                        names[1]: format_amount(result["direct_and_support"],
                                                currency, lang),
                        names[2]: format_amount(result["contingency"], currency, lang),
                        names[3]: format_amount(result["total"], currency, lang),
                        names[4]: format_amount(result["nominal"], currency, lang)})
    return pd.DataFrame(records)


def _lesson2_widget(widgets: Any, lang: str) -> Any:
    line = s.mediator_line()
    the_plan = data.read_teaching_plan()
    fr = lang == "fr"
    quantity = widgets.IntSlider(
        value=int(line["quantity_per_year"]), min=int(line["quantity_per_year_low"]),
        max=int(line["quantity_per_year_high"]), step=10, continuous_update=False,
        description="Mois/an" if fr else "Months/yr")
    unit_cost = widgets.IntSlider(
        value=int(line["unit_cost_likely"]), min=int(line["unit_cost_low"]),
        max=int(line["unit_cost_high"]), step=5000, continuous_update=False,
        description="Coût/mois" if fr else "Cost/month")
    inflation = widgets.FloatSlider(
        value=float(s.inflation_pct(s.years()[1])), min=0.0, max=10.0, step=0.5,
        continuous_update=False, description="Inflation %")
    contingency = widgets.FloatSlider(
        value=float(the_plan.settings.contingency_pct), min=0.0, max=20.0, step=1.0,
        continuous_update=False, description="Provision %" if fr else "Conting. %")
    out = widgets.HTML()

    def redraw(_change: object = None) -> None:
        label = "réglages" if fr else "settings"
        out.value = table_html(_lesson2_table([(label, {
            "quantity": quantity.value, "unit_cost": unit_cost.value,
            "inflation_pct": inflation.value,
            "contingency_pct": contingency.value})], lang))

    for control in (quantity, unit_cost, inflation, contingency):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([quantity, unit_cost, inflation, contingency, out])


# -------------------------------------------------------------------- lesson 4
def crisis_whatif(source_type: str, share: float, year: int,
                  lang: str = "en") -> dict[str, Any]:
    """Run the crisis test for one source type, share and year.

    Returns
    -------
    dict
        ``cut``, ``gap_essential``, ``gap_other`` (crisis), ``gap_essential_before``,
        ``gap_other_before``, ``protected`` (essential interventions that lost
        nothing, of ``n_essential``), ``hit`` (interventions whose funding fell,
        with their outcome).
    """
    # Amounts do not depend on the language: one cached run serves EN and FR.
    tables = data.funding_tables("en", (source_type,), share, year)
    totals = tables["funding_crisis_totals"].set_index("measure")
    crisis = tables["funding_crisis"]
    essential = crisis[crisis["is_essential"].astype(bool)]
    hit = crisis[crisis["change_amount"] < 0]
    from ..funding import label

    return {
        "cut": float(totals.at["cut", "crisis_amount"]),
        "gap_essential_before": float(totals.at["gap_essential", "baseline_amount"]),
        "gap_essential": float(totals.at["gap_essential", "crisis_amount"]),
        "gap_other_before": float(totals.at["gap_other", "baseline_amount"]),
        "gap_other": float(totals.at["gap_other", "crisis_amount"]),
        "protected": int(essential["is_protected"].astype(bool).sum()),
        "n_essential": len(essential),
        "hit": join_list(f"{i} ({label('crisis.outcome.' + o, lang).lower()})"
                         for i, o in zip(hit["intervention_id"], hit["outcome"],
                                         strict=True)) or "—",
    }


def _lesson4_table(rows: Sequence[tuple[str, float, int]], lang: str) -> pd.DataFrame:
    currency = data.read_teaching_plan().settings.reporting_currency
    records = []
    types = _type_names(lang)
    for source_type, share, year in rows:
        result = crisis_whatif(source_type, share, year, lang)
        records.append({
            text("col.scenario", lang): f"{types[source_type]} "
                                           f"−{format_pct(100 * share, lang, 0)} "
                                           f"({year})",
            text("col.cut", lang): format_amount(result["cut"], currency, lang),
            text("col.gap_essential", lang): format_amount(
                result["gap_essential"], currency, lang),
            text("col.gap_other", lang): format_amount(result["gap_other"],
                                                          currency, lang),
            text("col.protected", lang): f"{result['protected']} / "
                                            f"{result['n_essential']}",
            text("col.hit", lang): result["hit"],
        })
    return pd.DataFrame(records)


OPTION_WIDTH = 48
"""Widest source-type name in the lesson 4 drop-down (characters)."""


def _type_names(lang: str) -> dict[str, str]:
    from .. import reference

    types = reference.funding_source_types().set_index("source_type_code")
    column = "text_fr" if lang == "fr" else "text_en"
    return {code: _short_name(str(name)) for code, name in types[column].items()}


def _short_name(name: str) -> str:
    """A drop-down option: short, but ending on a whole word (never "Fonds
    mond"), without a bracket left open."""
    short = textwrap.shorten(name, OPTION_WIDTH, placeholder=" …")
    if short.count("(") > short.count(")"):
        short = short[:short.rindex("(")].rstrip() + " …"
    return short


def _plan_source_types() -> list[str]:
    funding = data.read_teaching_plan().extra_sheets["funding"]
    return list(dict.fromkeys(funding["source_type_code"]))


def _lesson4_static_rows() -> list[tuple[str, float, int]]:
    year = int(data.SHOCK["year"])
    main = str(data.SHOCK["source_types"][0])
    return ([(main, share, year) for share in (0.25, 0.5, 0.75, 1.0)]
            + [("domestic_budget", share, year) for share in (0.1, 0.25)])


def _lesson4_widget(widgets: Any, lang: str) -> Any:
    names = _type_names(lang)
    source = widgets.Dropdown(options=[(names[c], c) for c in _plan_source_types()],
                              value=str(data.SHOCK["source_types"][0]),
                              description="Source")
    share = widgets.FloatSlider(value=float(data.SHOCK["share"]), min=0.0, max=1.0,
                                step=0.05, continuous_update=False,
                                description="Coupe" if lang == "fr" else "Cut")
    year = widgets.Dropdown(options=s.years(), value=int(data.SHOCK["year"]),
                            description="Année" if lang == "fr" else "Year")
    out = widgets.HTML()

    def redraw(_change: object = None) -> None:
        out.value = table_html(_lesson4_table([(source.value, share.value,
                                                year.value)], lang))

    for control in (source, share, year):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([source, share, year, out])


# ---------------------------------------------------------------------- public
_STATIC: dict[int, Callable[[str], pd.DataFrame]] = {
    1: _lesson1_static,
    2: lambda lang: _lesson2_table(_lesson2_rows(lang), lang),
    4: lambda lang: _lesson4_table(_lesson4_static_rows(), lang),
}
_WIDGETS: dict[int, Callable[[Any, str], Any]] = {
    1: _lesson1_widget, 2: _lesson2_widget, 4: _lesson4_widget,
}
LESSONS_WITH_WHATIF: tuple[int, ...] = tuple(_STATIC)


def static_table(lesson: int, lang: str = "en") -> pd.DataFrame:
    """The what-if table of a lesson at a few positions of its controls."""
    check_lang(lang)
    shown = _static_table(int(lesson), lang).copy()
    if lang == "fr":  # U+202F before : ; % in the scenario names
        return shown.map(lambda v: french_typography(v) if isinstance(v, str) else v)
    return shown


@lru_cache(maxsize=16)
def _static_table(lesson: int, lang: str) -> pd.DataFrame:
    return _STATIC[lesson](lang)


def whatif(lesson: int, lang: str = "en", interactive: bool = False) -> WhatIf:
    """Return the lesson's what-if explorer (static table, plus sliders if asked).

    Parameters
    ----------
    lesson : int
        1, 2 or 4 (:data:`LESSONS_WITH_WHATIF`).
    lang : {"en", "fr"}
    interactive : bool
        Add the ipywidgets controls (JupyterLab). Without ipywidgets the static
        view is shown with a note saying why.
    """
    check_lang(lang)
    lesson = int(lesson)
    if lesson not in _STATIC:
        raise ValueError(f"lesson {lesson} has no what-if explorer; lessons with one: "
                         f"{LESSONS_WITH_WHATIF}")
    static = table_html(static_table(lesson, lang), text=True)
    if not interactive:
        return WhatIf(static, None, text("whatif.static_note", lang))
    widgets = _import_widgets()
    if widgets is None:
        return WhatIf(static, None, text("whatif.no_widgets", lang))
    return WhatIf(static, _WIDGETS[lesson](widgets, lang),
                  text("whatif.static_note", lang))
