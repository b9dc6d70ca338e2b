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

#: Labels in full, never cut ("stakehold..."): the label takes the width it needs.
_LABEL_STYLE = {"description_width": "initial"}


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
    save_to: str = "",
) -> Any:
    """Return a peer-group drop-down and indicator-weight sliders that redraw
    the need ranking and its table at once, and a "save these choices" button
    that writes them to a parameters file (:mod:`gcm_analysis.paramfile`) for
    ``gcm run --params``.

    Parameters
    ----------
    indicators, countries, mapping, titles, iso3, peer_group, priorities, \
stakeholder_weight
        As in :func:`gcm_analysis.needs.assess_needs`.
    indicator_labels, objective_labels : mapping, optional
        Display labels for the sliders and the chart.
    lang : str
        Language of the controls, charts and table (en or fr).
    save_to : str
        Default path of the parameters file ('' = ``<ISO3>_params.toml`` in the
        working folder).

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
        options=[(t(f"widgets.peer.{g}", lang), g) for g in needs_module.PEER_GROUPS],
        value=peer_group,
        description=t("widgets.peer_group", lang),
        style=_LABEL_STYLE,
    )
    sliders = {
        name: widgets.FloatSlider(
            value=1.0,
            min=0.0,
            max=WEIGHT_SLIDER_MAX,
            step=0.1,
            description=labels.get(name, name),
            description_allow_html=False,
            continuous_update=False,
            style={"description_width": "340px"},
            layout={"width": "640px"},
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

    def choices() -> dict[str, Any]:
        return needs_choices(group.value,
                             {n: s.value for n, s in sliders.items()},
                             stakeholder_weight)

    save = _save_box(widgets, choices, save_to or f"{iso3}_params.toml", iso3,
                     lang)
    return widgets.VBox([group, header, *sliders.values(), output, save])


def needs_choices(peer_group: str, weights: Mapping[str, float],
                  stakeholder_weight: float) -> dict[str, Any]:
    """The needs explorer's choices as run parameters (multipliers other than
    1, rounded as the sliders step)."""
    return {"peer_group": peer_group,
            "indicator_weights": {name: round(float(w), 4)
                                  for name, w in sorted(weights.items())
                                  if round(float(w), 4) != 1.0},
            "stakeholder_weight": float(stakeholder_weight)}


def normalised_weights(values: Sequence[float]) -> list[float]:
    """Selection weights scaled to sum to 1, rounded to 4 decimals (the last one
    takes the rounding, so the sum is exactly what a run checks)."""
    total = sum(values)
    if total <= 0:
        raise ValueError("at least one weight must be above 0")
    rounded = [round(v / total, 4) for v in values[:-1]]
    return [*rounded, round(1.0 - sum(rounded), 4)]


def _save_box(widgets: Any, choices: Any, default_path: str, iso3: str,
              lang: str) -> Any:
    """A path field, a "save these choices" button and what it did."""
    import html

    from .paramfile import write_params_file

    path = widgets.Text(value=default_path, description=t("widgets.save_path", lang),
                        style=_LABEL_STYLE, layout={"width": "520px"})
    button = widgets.Button(description=t("widgets.save", lang),
                            layout={"width": "auto"})
    status = widgets.HTML()

    def save(_button: object = None) -> None:
        try:
            written = write_params_file(path.value, choices())
        except Exception as exc:  # noqa: BLE001 - shown to the user, not raised
            status.value = html.escape(t("widgets.save_failed", lang,
                                         error=str(exc)))
            return
        status.value = html.escape(t("widgets.saved", lang, path=str(
            written.resolve()))) + "<br><code>" + html.escape(
            f"gcm run {iso3} --params {written.resolve()}") + "</code>"

    button.on_click(save)
    return widgets.VBox([widgets.HBox([path, button]), status])


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
    iso3: str = "",
    save_to: str = "",
) -> Any:
    """Return sliders for the three selection weights and the method, redrawing
    the score-versus-cost chart and the selection table, and a "save these
    choices" button (parameters file for ``gcm run --params``).

    The weights are renormalised to sum to 1 before use. Without a plan
    (``priorities`` None) stakeholder priority and feasibility have no values:
    their sliders are disabled, at 0, with a note. Controls, chart and table
    are in ``lang`` (en or fr). Returns ``None`` when ipywidgets is missing.
    """
    widgets = _import_widgets()
    if widgets is None:
        return None
    has_plan = priorities is not None
    names = [t(f"widgets.weight_{key}", lang)
             for key in ("need", "priority", "feasibility")]
    start = list(weights) if has_plan else [1.0, 0.0, 0.0]
    sliders = [
        widgets.FloatSlider(
            value=float(w),
            min=0.0,
            max=1.0,
            step=0.05,
            description=name,
            continuous_update=False,
            disabled=not has_plan and i > 0,
            style=_LABEL_STYLE,
            layout={"width": "520px"},
        )
        for i, (name, w) in enumerate(zip(names, start, strict=True))
    ]
    methods = [m for m in selection_module.SELECTION_METHODS
               if m != "budget" or budget_envelope_usd > 0]
    method = widgets.Dropdown(
        options=[(t(f"widgets.method_{m}", lang, top_n=top_n, threshold=threshold),
                  m) for m in methods],
        value="budget" if budget_envelope_usd > 0 else "top_n",
        description=t("widgets.method", lang),
        style=_LABEL_STYLE,
    )
    output = widgets.Output()

    def redraw(_change: object = None) -> None:
        from IPython.display import display

        values = [s.value for s in sliders]
        output.clear_output(wait=True)
        with output:
            if sum(values) <= 0:
                display(t("widgets.no_weight", lang))
                return
            w = normalised_weights(values)
            try:
                candidates = selection_module.combine_criteria(
                    needs, priorities, costs, *w
                )
                if candidates["priority_score"].isna().all():
                    # e.g. need at 0 without a plan file: nothing to rank or draw
                    display(_no_scores_message(candidates, w, names, lang))
                    return
                if w[0] == 0:
                    display(t("widgets.no_need_weight", lang))
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

    def choices() -> dict[str, Any]:
        w = normalised_weights([s.value for s in sliders])
        return {"weight_need": w[0], "weight_priority": w[1],
                "weight_feasibility": w[2], "method": method.value,
                "top_n": int(top_n), "threshold": float(threshold),
                "budget_envelope_usd": float(budget_envelope_usd),
                "must_include": [int(i) for i in must_include],
                "must_exclude": [int(i) for i in must_exclude],
                "min_per_area": int(min_per_area)}

    save = _save_box(widgets, choices, save_to or f"{iso3 or 'run'}_params.toml",
                     iso3 or "ISO3", lang)
    note = [] if has_plan else [widgets.HTML(t("widgets.no_plan_note", lang))]
    return widgets.VBox([method, *sliders, output, save, *note])


def _no_scores_message(candidates: pd.DataFrame, weights: Sequence[float],
                       names: Sequence[str], lang: str) -> str:
    """Why no objective has a priority score: the criteria weighted above 0 have
    no values (stakeholder priority and feasibility come from a plan file)."""
    columns = ("need_score", "stakeholder_priority", "feasibility")
    empty = [name for name, column, weight in zip(names, columns, weights, strict=True)
             if weight > 0 and candidates[column].isna().all()]
    return t("widgets.no_scores", lang, criteria=", ".join(empty))


def _slider(widgets: Any, label: str, value: float, low: float, high: float,
            step: float) -> Any:
    return widgets.FloatSlider(value=value, min=low, max=high, step=step,
                               description=label, continuous_update=False,
                               style=_LABEL_STYLE, layout={"width": "560px"})


def costing_explorer(plan: Any, titles: Mapping[int, str] | pd.Series,
                     lang: str = "en") -> Any:
    """Return what-if controls for the budget of notebook 03: unit costs and
    quantities scaled, one inflation rate for every year, the contingency rate
    and the reporting currency; the total and the budget by objective are
    costed again (:mod:`gcm_analysis.whatif`) at each change, beside the run's.

    Returns ``None`` when ipywidgets is missing (the notebook shows the run's
    static tables).
    """
    widgets = _import_widgets()
    if widgets is None:
        return None
    from .funding import format_money
    from .reporting import costing as costing_report
    from .whatif import budget_by_objective, convertible_currencies, costing_what_if

    own = plan.settings
    labels: dict[object, str] = {k: str(v) for k, v in dict(titles).items()}
    unit = _slider(widgets, t("widgets.unit_cost_scale", lang), 1.0, 0.0, 3.0, 0.05)
    quantity = _slider(widgets, t("widgets.quantity_scale", lang), 1.0, 0.0, 3.0,
                       0.05)
    inflation = _slider(widgets, t("widgets.inflation", lang),
                        float(own.inflation_pct), 0.0, 30.0, 0.5)
    contingency = _slider(widgets, t("widgets.contingency", lang),
                          float(own.contingency_pct), 0.0, 50.0, 1.0)
    currency = widgets.Dropdown(options=convertible_currencies(plan),
                                value=own.reporting_currency,
                                description=t("widgets.currency", lang),
                                style=_LABEL_STYLE)
    _, base_total = budget_by_objective(plan)
    output = widgets.Output()

    def redraw(_change: object = None) -> None:
        from IPython.display import HTML, display

        output.clear_output(wait=True)
        with output:
            try:
                changed = costing_what_if(
                    plan, unit_cost_scale=unit.value, quantity_scale=quantity.value,
                    inflation_pct=(None if inflation.value == own.inflation_pct
                                   else inflation.value),
                    contingency_pct=contingency.value, currency=currency.value)
                by_objective, total = budget_by_objective(changed)
            except Exception as exc:  # noqa: BLE001 - shown, the controls stay
                display(str(exc))
                return
            display(HTML(_escape(t(
                "widgets.whatif_budget", lang,
                constant=format_money(float(total["amount_constant"].iloc[0]),
                                      currency.value, lang),
                nominal=format_money(float(total["amount_nominal"].iloc[0]),
                                     currency.value, lang),
                run=format_money(float(base_total["amount_constant"].iloc[0]),
                                 own.reporting_currency, lang)))))
            display(costing_report.format_budget_table(
                by_objective, "objective_id", lang, labels).style.hide(axis="index"))

    controls = [unit, quantity, inflation, contingency, currency]
    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    note = widgets.HTML(t("widgets.whatif_note", lang))
    return widgets.VBox([*controls, note, output])


def funding_explorer(prepared: Any, first_year: int, last_year: int,
                     lang: str = "en") -> Any:
    """Return what-if controls for notebook 04: the likelihood of the money not
    yet secured, one source's amounts, and the crisis test (source types cut,
    share, year); the gap and the crisis outcome are computed again
    (:func:`gcm_analysis.whatif.funding_what_if`) at each change.

    Returns ``None`` when ipywidgets is missing.
    """
    widgets = _import_widgets()
    if widgets is None:
        return None
    from .reporting import funding as funding_report
    from .whatif import funding_what_if

    lines = prepared.funding
    options = prepared.options
    years = list(range(first_year, last_year + 1))
    likelihood = _slider(widgets, t("widgets.likelihood_scale", lang), 1.0, 0.0,
                         2.0, 0.05)
    names = lines.drop_duplicates("source_id")
    source = widgets.Dropdown(
        options=[(str(n), str(i)) for i, n in zip(names["source_id"],
                                                  names["source_name"], strict=True)],
        description=t("widgets.source", lang), style=_LABEL_STYLE,
        layout={"width": "560px"})
    amount = _slider(widgets, t("widgets.source_scale", lang), 1.0, 0.0, 3.0, 0.05)
    types = sorted(str(v) for v in lines["source_type_code"].unique())
    cut = widgets.SelectMultiple(options=types,
                                 value=tuple(v for v in options["shock_source_types"]
                                             if v in types),
                                 description=t("widgets.shock_types", lang),
                                 style=_LABEL_STYLE)
    share = _slider(widgets, t("widgets.shock_share", lang),
                    float(options["shock_share"]), 0.0, 1.0, 0.05)
    year = widgets.Dropdown(
        options=[(t("widgets.first_year", lang), 0)] + [(str(y), y) for y in years],
        value=options["shock_year"] if options["shock_year"] in years else 0,
        description=t("widgets.shock_year", lang), style=_LABEL_STYLE)
    output = widgets.Output()

    def redraw(_change: object = None) -> None:
        from IPython.display import HTML, Markdown, display

        output.clear_output(wait=True)
        with output:
            try:
                tables = funding_what_if(
                    prepared, likelihood_scale=likelihood.value,
                    source_id=source.value or "", source_scale=amount.value,
                    shock={"shock_source_types": list(cut.value),
                           "shock_share": share.value, "shock_year": year.value})
            except Exception as exc:  # noqa: BLE001 - shown, the controls stay
                display(str(exc))
                return
            display(HTML(funding_report.gap_table_html(
                tables["funding_gap_by_objective"],
                tables["funding_gap_by_objective_year"], lang)))
            from .funding import shock_from_table

            display(Markdown(funding_report.describe_crisis(
                shock_from_table(tables["funding_shock"]), share.value,
                tables["funding_crisis_totals"], tables["funding_crisis"], lang)))

    controls = [likelihood, source, amount, cut, share, year]
    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([*controls, output])


def _escape(text: str) -> str:
    import html

    return html.escape(text)
