"""Interactive explorers for JupyterLab (optional: needs ``ipywidgets``).

Each function returns an ipywidgets container, or ``None`` when ipywidgets is not
installed, so notebooks fall back to their static results. Batch runs never call
these (the notebooks guard them with the ``interactive`` parameter). The widgets
only wire controls to the pure functions of :mod:`gcm_analysis.needs` and
:mod:`gcm_analysis.selection` and to the figures of
:mod:`gcm_analysis.reporting.needs`; they compute nothing themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from . import needs as needs_module
from . import selection as selection_module
from .i18n import t
from .reporting import needs as report
from .reporting import show

log = logging.getLogger(__name__)

#: Range of the indicator-weight sliders (multipliers of the mapped weights).
WEIGHT_SLIDER_MAX = 3.0


def _import_widgets() -> Any:
    try:
        import ipywidgets
    except ImportError:  # optional dependency (extra "widgets")
        log.info("ipywidgets is not installed; showing static results only")
        return None
    return ipywidgets


def needs_explorer(
    indicators: pd.DataFrame,
    countries: pd.DataFrame,
    mapping: pd.DataFrame,
    titles: pd.Series,
    iso3: str,
    peer_group: str = "region",
    indicator_labels: Mapping[str, str] | None = None,
    objective_labels: Mapping[int, str] | None = None,
    priorities: pd.DataFrame | None = None,
    stakeholder_weight: float = 0.0,
    lang: str = "en",
) -> Any:
    """Return a peer-group drop-down and indicator-weight sliders that redraw
    the need ranking and its table at once.

    Parameters
    ----------
    indicators, countries, mapping, titles, iso3, peer_group, priorities, \
stakeholder_weight
        As in :func:`gcm_analysis.needs.assess_needs`.
    indicator_labels, objective_labels : mapping, optional
        Display labels for the sliders and the chart.
    lang : str
        Language of the controls, charts and table (en or fr).

    Returns
    -------
    ipywidgets.VBox or None
        ``None`` when ipywidgets is missing.
    """
    widgets = _import_widgets()
    if widgets is None:
        return None
    labels = dict(indicator_labels or {})
    names = sorted(mapping["indicator"].unique())
    group = widgets.Dropdown(
        options=list(needs_module.PEER_GROUPS),
        value=peer_group,
        description=t("widgets.peer_group", lang),
    )
    sliders = {
        name: widgets.FloatSlider(
            value=1.0,
            min=0.0,
            max=WEIGHT_SLIDER_MAX,
            step=0.1,
            description=_short(labels.get(name, name)),
            continuous_update=False,
            style={"description_width": "260px"},
            layout={"width": "560px"},
        )
        for name in names
    }
    output = widgets.Output()

    def redraw(_change: object = None) -> None:
        from IPython.display import display

        weights = {name: slider.value for name, slider in sliders.items()}
        output.clear_output(wait=True)
        with output:
            try:
                result, evidence = needs_module.assess_needs(
                    indicators,
                    countries,
                    mapping,
                    titles,
                    iso3,
                    group.value,
                    weights,
                    priorities,
                    stakeholder_weight,
                    labels,
                    lang=lang,
                )
            except ValueError as exc:  # e.g. every indicator of an objective at 0
                display(str(exc))
                return
            peer_name = needs_module.peer_countries(countries, iso3, group.value)[1]
            show(report.plot_need_ranking(result, objective_labels, peer_name,
                                          lang=lang))
            show(
                report.plot_need_heatmap(
                    evidence, result, objective_labels, labels, peer_name, lang=lang
                )
            )
            display(report.format_needs_table(result, lang).style.hide(axis="index"))

    group.observe(redraw, names="value")
    for slider in sliders.values():
        slider.observe(redraw, names="value")
    redraw()
    header = widgets.HTML(t("widgets.indicator_weights", lang))
    return widgets.VBox([group, header, *sliders.values(), output])


def selection_explorer(
    needs: pd.DataFrame,
    priorities: pd.DataFrame | None,
    costs: pd.DataFrame | None,
    budget_envelope_usd: float = 0.0,
    top_n: int = 8,
    threshold: float = 50.0,
    must_include: Sequence[int] = (),
    must_exclude: Sequence[int] = (),
    area_objectives: pd.DataFrame | None = None,
    min_per_area: int = 0,
    weights: Sequence[float] = (0.5, 0.3, 0.2),
    lang: str = "en",
) -> Any:
    """Return sliders for the three selection weights and the method, redrawing
    the score-versus-cost chart and the selection table.

    The weights are renormalised to sum to 1 before use. Controls, chart and
    table are in ``lang`` (en or fr). Returns ``None`` when ipywidgets is missing.
    """
    widgets = _import_widgets()
    if widgets is None:
        return None
    names = [t(f"widgets.weight_{key}", lang)
             for key in ("need", "priority", "feasibility")]
    sliders = [
        widgets.FloatSlider(
            value=float(w),
            min=0.0,
            max=1.0,
            step=0.05,
            description=name,
            continuous_update=False,
        )
        for name, w in zip(names, weights, strict=True)
    ]
    method = widgets.Dropdown(
        options=list(selection_module.SELECTION_METHODS),
        value="budget" if budget_envelope_usd > 0 else "top_n",
        description=t("widgets.method", lang),
    )
    output = widgets.Output()

    def redraw(_change: object = None) -> None:
        from IPython.display import display

        values = [s.value for s in sliders]
        total = sum(values)
        output.clear_output(wait=True)
        with output:
            if total <= 0:
                display(t("widgets.no_weight", lang))
                return
            w = [v / total for v in values]
            try:
                candidates = selection_module.combine_criteria(
                    needs, priorities, costs, *w
                )
                if candidates["priority_score"].isna().all():
                    # e.g. need at 0 without a plan file: nothing to rank or draw
                    display(_no_scores_message(candidates, w, names, lang))
                    return
                chosen = selection_module.select_objectives(
                    candidates,
                    method.value,
                    top_n,
                    threshold,
                    budget_envelope_usd,
                    must_include,
                    must_exclude,
                    area_objectives,
                    min_per_area,
                    lang=lang,
                )
            except ValueError as exc:
                display(str(exc))
                return
            show(report.plot_score_vs_cost(chosen, budget_envelope_usd or None,
                                           lang=lang))
            display(report.format_selection_table(chosen, lang).style.hide(
                axis="index"))

    method.observe(redraw, names="value")
    for slider in sliders:
        slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([method, *sliders, output])


def _no_scores_message(candidates: pd.DataFrame, weights: Sequence[float],
                       names: Sequence[str], lang: str) -> str:
    """Why no objective has a priority score: the criteria weighted above 0 have
    no values (stakeholder priority and feasibility come from a plan file)."""
    columns = ("need_score", "stakeholder_priority", "feasibility")
    empty = [name for name, column, weight in zip(names, columns, weights, strict=True)
             if weight > 0 and candidates[column].isna().all()]
    return t("widgets.no_scores", lang, criteria=", ".join(empty))


def _short(text: str, width: int = 45) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
