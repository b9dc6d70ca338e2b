"""Facts quoted by the lessons, computed from the lesson data and formatted.

A message's ``{placeholder}`` is looked up here by name (:func:`fact`), so every
figure in the feedback comes from the fictional plan, the real panel or the
reference tables, never from a number typed into a sentence. The lesson
notebooks' Markdown cells quote facts as written text (a trainer can edit them);
each cell lists the facts it quotes in its metadata (``teaching_facts``) and a
test checks that the text still agrees with the data, in both languages. Each
fact is a function ``(lang) -> str``; lessons 3 and 4 are in
:mod:`.facts_budget`.
"""

from __future__ import annotations

from .. import reference
from . import data
from . import scenario as s
from ._facts_base import (
    _decimal,
    _fact,
    _money,
    _num,
    _objective_title,
    _pct,
    _plan,
    _step,
    fact,
    fact_names,
)
from ._format import bilingual, format_amount

__all__ = ["fact", "fact_names"]


# --------------------------------------------------------------------- general
@_fact()
def _currency(lang: str) -> str:
    return _plan().settings.reporting_currency


@_fact()
def _base_year(lang: str) -> str:
    return str(_plan().settings.base_year)


@_fact()
def _end_year(lang: str) -> str:
    return str(_plan().settings.end_year)


@_fact()
def _n_years(lang: str) -> str:
    return str(_plan().settings.horizon_years)


@_fact()
def _n_interventions(lang: str) -> str:
    return str(len(_plan().interventions))


@_fact()
def _n_objectives(lang: str) -> str:
    return str(_plan().interventions["objective_id"].nunique())


@_fact()
def _country_name(lang: str) -> str:
    row = data.fictional_country().iloc[0]
    return str(row["country_name_fr" if lang == "fr" else "country_name"])


@_fact()
def _plan_total(lang: str) -> str:
    return _money(s.plan_range()[0], lang)


@_fact()
def _plan_p10(lang: str) -> str:
    return _money(s.plan_range()[1], lang)


@_fact()
def _plan_p90(lang: str) -> str:
    return _money(s.plan_range()[2], lang)


@_fact()
def _n_draws(lang: str) -> str:
    return _num(data.N_DRAWS, lang)


@_fact()
def _contingency_pct(lang: str) -> str:
    return _pct(_plan().settings.contingency_pct, lang)


@_fact()
def _contingency_share(lang: str) -> str:
    return _decimal(s.contingency_share(), lang)


# -------------------------------------------------------------------- lesson 2
def _focus():  # type: ignore[no-untyped-def]
    interventions = _plan().interventions.set_index("intervention_id")
    return interventions.loc[data.FOCUS_INTERVENTION]


@_fact()
def _focus_id(lang: str) -> str:
    return data.FOCUS_INTERVENTION


@_fact()
def _focus_title(lang: str) -> str:
    return bilingual(_focus()["title"], lang)


@_fact()
def _focus_objective(lang: str) -> str:
    return str(int(_focus()["objective_id"]))


@_fact()
def _focus_ministry(lang: str) -> str:
    return str(_focus()["lead_ministry"])


@_fact()
def _focus_n_lines(lang: str) -> str:
    return str(len(s.focus_lines()))


@_fact()
def _focus_support(lang: str) -> str:
    return _money(s.focus_support(), lang)


@_fact()
def _focus_end_constant(lang: str) -> str:
    return _money(s.focus_year(s.years()[-1], "amount_constant", contingency=False),
                  lang)


@_fact()
def _mediator_line(lang: str) -> str:
    return str(s.mediator_line()["line_id"])


@_fact()
def _mediator_quantity(lang: str) -> str:
    return _num(s.mediator_line()["quantity_per_year"], lang)


@_fact()
def _mediator_unit_cost(lang: str) -> str:
    line = s.mediator_line()
    return format_amount(line["unit_cost_likely"], str(line["currency"]), lang)


@_fact()
def _consultant_line(lang: str) -> str:
    return str(s.consultant_line()["line_id"])


@_fact()
def _consultant_quantity(lang: str) -> str:
    return _num(s.consultant_line()["quantity_per_year"], lang)


@_fact()
def _consultant_unit_cost(lang: str) -> str:
    return _num(s.consultant_line()["unit_cost_likely"], lang)


@_fact()
def _consultant_price_year(lang: str) -> str:
    return str(int(s.consultant_line()["price_year"]))


@_fact()
def _usd_rate(lang: str) -> str:
    return _decimal(s.line_fx(str(s.consultant_line()["line_id"]))[0], lang)


def _rate_date(iso: str, lang: str) -> str:
    """A rate's date in a sentence: as the plan's table writes it in English
    (``2026-07-01``), in words in French (``1er juillet 2026``, the ordinal
    for the first of the month as French writes it)."""
    if lang != "fr":
        return iso
    import datetime as dt

    from .. import numbers

    day = dt.date.fromisoformat(iso[:10])
    shown = numbers.date(day, "fr")
    return f"1er{shown[1:]}" if day.day == 1 else shown


@_fact()
def _usd_rate_date(lang: str) -> str:
    return _rate_date(s.line_fx(str(s.consultant_line()["line_id"]))[1], lang)


def _other_rate() -> tuple[float, str]:
    line = s.consultant_line()
    return s.other_fx(str(line["currency"]), s.line_fx(str(line["line_id"]))[1])


@_fact()
def _usd_rate_other(lang: str) -> str:
    return _decimal(_other_rate()[0], lang)


@_fact()
def _usd_rate_other_date(lang: str) -> str:
    return _rate_date(_other_rate()[1], lang)


@_fact()
def _interpretation_line(lang: str) -> str:
    return str(s.interpretation_line()["line_id"])


@_fact()
def _interpretation_price_year(lang: str) -> str:
    return str(int(s.interpretation_line()["price_year"]))


@_fact()
def _interpretation_quantity(lang: str) -> str:
    return _num(s.interpretation_line()["quantity_per_year"], lang)


@_fact()
def _interpretation_unit_cost(lang: str) -> str:
    line = s.interpretation_line()
    return format_amount(line["unit_cost_likely"], str(line["currency"]), lang)


@_fact()
def _training_line(lang: str) -> str:
    return str(s.training_line()["line_id"])


@_fact()
def _inflation_base(lang: str) -> str:
    return _pct(s.inflation_pct(s.years()[0]), lang)


@_fact()
def _inflation_base_share(lang: str) -> str:
    return _decimal(s.inflation_pct(s.years()[0]) / 100, lang)


@_fact()
def _inflation_mid(lang: str) -> str:
    return _pct(s.inflation_pct(s.years()[1]), lang)


@_fact()
def _inflation_mid_share(lang: str) -> str:
    return _decimal(s.inflation_pct(s.years()[1]) / 100, lang)


@_fact()
def _inflation_end(lang: str) -> str:
    return _pct(s.inflation_pct(s.years()[-1]), lang)


@_fact()
def _inflation_end_share(lang: str) -> str:
    return _decimal(s.inflation_pct(s.years()[-1]) / 100, lang)


@_fact()
def _index_end(lang: str) -> str:
    return _decimal(float(s.price_index()[s.years()[-1]]), lang, 5)


@_fact()
def _envelope_id(lang: str) -> str:
    return s.envelope_intervention()


@_fact()
def _top_driver(lang: str) -> str:
    row = s.top_drivers().iloc[0]
    variable = {"quantity": {"en": "its quantity", "fr": "sa quantité"},
                "unit cost": {"en": "its unit cost", "fr": "son coût unitaire"}}
    return f"{bilingual(row['item'], lang)} ({variable[str(row['variable'])][lang]})"


@_fact()
def _top_swing(lang: str) -> str:
    return _money(float(s.top_drivers().iloc[0]["swing"]), lang)


@_fact()
def _step7_fr(lang: str) -> str:
    return _step(s.support_step(), "text_fr")


@_fact()
def _step7_en(lang: str) -> str:
    return _step(s.support_step(), "text_en")


@_fact()
def _step7_note_fr(lang: str) -> str:
    return _step(s.support_step(), "note_fr")


@_fact()
def _step7_note_en(lang: str) -> str:
    return _step(s.support_step(), "note_en")


def _score(value: float, lang: str) -> str:
    return _decimal(round(float(value), 1), lang, 1)


# -------------------------------------------------------------------- lesson 1
@_fact()
def _workshop_point3_fr(lang: str) -> str:
    points = reference.validation_workshop_points().set_index("point_id")
    return str(points.at[3, "text_fr"]).rstrip(".")


@_fact()
def _workshop_point3_en(lang: str) -> str:
    points = reference.validation_workshop_points().set_index("point_id")
    return str(points.at[3, "text_en"]).rstrip(".")


@_fact()
def _peer_name(lang: str) -> str:
    from ..i18n import group_name

    return group_name("wb_region", data.peer_name()[1], lang)


@_fact()
def _n_peers(lang: str) -> str:
    return str(data.peer_name()[0])


def _indicator_label(indicator: str, lang: str) -> str:
    from .. import io, needs

    labels = needs.indicator_labels(io.read_reference("indicator_labels"), lang)
    return str(labels.get(indicator, indicator))


def _value_with_unit(row: object, lang: str) -> str:
    value = float(row["value"])  # type: ignore[index]
    unit = str(row["unit"])  # type: ignore[index]
    shown = _decimal(value, lang, 1) if abs(value) < 1000 else _num(value, lang)
    if unit == "%":
        return f"{shown} %" if lang == "fr" else f"{shown}%"
    if unit.startswith("USD"):
        return f"{shown}\u00a0USD" if lang == "fr" else f"USD {shown}"
    return f"{shown} {unit}"


@_fact()
def _remittance_label(lang: str) -> str:
    return _indicator_label(s.REMITTANCE_INDICATOR, lang)


@_fact()
def _remittance_value(lang: str) -> str:
    return _value_with_unit(s.indicator_row(s.REMITTANCE_INDICATOR), lang)


@_fact()
def _remittance_n_peers(lang: str) -> str:
    return str(int(s.indicator_row(s.REMITTANCE_INDICATOR)["n_peers"]))


@_fact()
def _remittance_below(lang: str) -> str:
    return str(s.peers_below(s.REMITTANCE_INDICATOR))


@_fact()
def _remittance_percentile(lang: str) -> str:
    return _score(s.indicator_row(s.REMITTANCE_INDICATOR)["percentile"], lang)


@_fact()
def _extra_peers_above(lang: str) -> str:
    return str(s.EXTRA_PEERS_ABOVE)


@_fact()
def _filled_score(lang: str) -> str:
    return _num(s.FILLED_SCORE, lang)


@_fact()
def _missing_score(lang: str) -> str:
    return _score(s.need_score(s.missing_objective()), lang)


@_fact()
def _missing_rank(lang: str) -> str:
    objective = s.missing_objective()
    return str(s.rank_with_score(objective, s.need_score(objective)))


@_fact()
def _filled_rank(lang: str) -> str:
    objective = s.missing_objective()
    return str(s.rank_with_score(objective, s.score_with_filled(objective)))


@_fact()
def _gdp_value(lang: str) -> str:
    return _value_with_unit(s.indicator_row(s.DIRECTION_INDICATOR), lang)


@_fact()
def _gdp_percentile(lang: str) -> str:
    return _score(s.indicator_row(s.DIRECTION_INDICATOR)["percentile"], lang)


@_fact()
def _direction_objective(lang: str) -> str:
    return str(s.direction_objective())


@_fact()
def _direction_title(lang: str) -> str:
    return _objective_title(s.direction_objective(), lang)


@_fact()
def _missing_objective(lang: str) -> str:
    return str(s.missing_objective())


@_fact()
def _missing_title(lang: str) -> str:
    return _objective_title(s.missing_objective(), lang)


@_fact()
def _missing_label(lang: str) -> str:
    rows = s.objective_detail(s.missing_objective())
    names = rows.loc[rows["score"].isna(), "indicator"]
    joiner = " ; " if lang == "fr" else "; "
    return joiner.join(_indicator_label(n, lang) for n in names)


@_fact()
def _missing_coverage(lang: str) -> str:
    table, _ = data.needs_tables()
    value = float(table.set_index("objective_id").at[s.missing_objective(),
                                                     "coverage"])
    return _decimal(value, lang, 2)


@_fact()
def _top_title(lang: str) -> str:
    return _objective_title(s.top_objective(), lang)


@_fact()
def _n_prioritised(lang: str) -> str:
    return str(len(_plan().priorities))


@_fact()
def _weight_need(lang: str) -> str:
    return _decimal(data.SELECTION_WEIGHTS[0], lang, 2)


@_fact()
def _weight_priority(lang: str) -> str:
    return _decimal(data.SELECTION_WEIGHTS[1], lang, 2)


@_fact()
def _weight_feasibility(lang: str) -> str:
    return _decimal(data.SELECTION_WEIGHTS[2], lang, 2)


@_fact()
def _top_n(lang: str) -> str:
    return str(data.SELECTION_TOP_N)


@_fact()
def _selected_titles(lang: str) -> str:
    joiner = " ; " if lang == "fr" else "; "
    return joiner.join(f"{o}. {_objective_title(o, lang)}" for o in s.selected_set())




from . import facts_budget  # noqa: E402,F401  (registers lessons 3 and 4)
