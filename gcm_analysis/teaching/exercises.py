"""The exercises of the four lessons: expected answers and typical mistakes.

Every expected value and every mistaken value is computed from the fictional
plan and panel by :mod:`.scenario` (the package's needs, selection, costing and
funding functions); the advice for each mistake is in the message catalogue under
``ex<id>.mistake.<code>``.
"""

from __future__ import annotations

from typing import Any

from . import scenario as s
from ._registry import Exercise, Mistake, register

OBJECTIVES = [str(i) for i in range(1, 24)]
ANSWER_LETTERS = ["a", "b", "c", "d"]


def _letter(letter: str) -> Mistake:
    return Mistake(letter, value=lambda: letter)


# ------------------------------------------------------------------- lesson 1
def _remittance_percentile(peer_group: str = s.data.PEER_GROUP) -> float:
    return float(s.indicator_row(s.REMITTANCE_INDICATOR, peer_group)["percentile"])


def _direction_row() -> Any:
    return s.indicator_row(s.DIRECTION_INDICATOR,
                           objective_id=s.direction_objective())


register(
    Exercise("1.1", "score", s.percentile_with_more_peers, (
        Mistake("read_table", value=_remittance_percentile),
        Mistake("above_as_below",
                value=lambda: s.percentile_with_more_peers(counted_below=True)),
        Mistake("reversed", value=lambda: 100.0 - s.percentile_with_more_peers()),
    )),
    Exercise("1.2", "score", lambda: float(_direction_row()["score"]), (
        Mistake("forgot_direction",
                value=lambda: float(_direction_row()["percentile"])),
    )),
    Exercise("1.3", "score", lambda: s.need_score(s.missing_objective()), (
        Mistake("missing_as_zero",
                value=lambda: s.missing_as_zero(s.missing_objective())),
        Mistake("unweighted", value=lambda: s.unweighted_score(s.missing_objective())),
    )),
    Exercise("1.4", "score", lambda: s.score_with_filled(s.missing_objective()), (
        Mistake("old_score", value=lambda: s.need_score(s.missing_objective())),
        Mistake("old_weights", value=lambda: s.score_with_filled(
            s.missing_objective(), how="old_weights")),
        Mistake("unweighted", value=lambda: s.score_with_filled(
            s.missing_objective(), how="unweighted")),
    )),
    Exercise("1.5", "set", s.selected_set, (
        Mistake("need_only", value=s.need_only_set),
        Mistake("priority_only", value=s.priority_only_set),
    ), choices=lambda: OBJECTIVES),
)


# ------------------------------------------------------------------- lesson 2
def _consultant_usd() -> float:
    return s.line_year_cost(s.consultant_line())


def _consultant_rate() -> float:
    return s.line_fx(str(s.consultant_line()["line_id"]))[0]


def _interpretation_raw() -> float:
    return s.line_year_cost(s.interpretation_line())


def _line_years(line: Any) -> int:
    return int(line["last_year"]) - int(line["first_year"]) + 1


def _end() -> int:
    return s.years()[-1]


def _end_constant_with_contingency() -> float:
    return s.focus_year(_end(), "amount_constant", contingency=True)


def _inflation_factor(*years: int, as_number: bool = False) -> float:
    factor = 1.0
    for year in years:
        pct = s.inflation_pct(year)
        factor *= 1.0 + (pct if as_number else pct / 100.0)
    return factor


register(
    Exercise("2.1", "money", lambda: s.line_year_cost(s.mediator_line()), (
        Mistake("all_years", value=lambda: s.line_year_cost(s.mediator_line())
                * _line_years(s.mediator_line())),
        Mistake("people_not_months", value=lambda: s.line_year_cost(
            s.mediator_line(),
            quantity=float(s.mediator_line()["quantity_per_year"]) / 12.0)),
        Mistake("high_cost", value=lambda: s.line_year_cost(s.mediator_line(),
                                                            "unit_cost_high")),
        Mistake("low_cost", value=lambda: s.line_year_cost(s.mediator_line(),
                                                           "unit_cost_low")),
    )),
    Exercise("2.2", "money", lambda: s.line_constant_year(s.consultant_line()), (
        Mistake("fx_missing", value=_consultant_usd),
        Mistake("fx_inverted", value=lambda: _consultant_usd() / _consultant_rate()),
        Mistake("fx_wrong_date", value=lambda: _consultant_usd() * s.other_fx(
            str(s.consultant_line()["currency"]),
            s.line_fx(str(s.consultant_line()["line_id"]))[1])[0]),
    )),
    Exercise("2.3", "money", lambda: s.line_constant_year(s.interpretation_line()), (
        Mistake("no_price_adjustment", value=_interpretation_raw),
        Mistake("deflated", value=lambda: _interpretation_raw() * float(
            s.price_index()[int(s.interpretation_line()["price_year"])])),
        Mistake("pct_as_number", value=lambda: _interpretation_raw()
                * _inflation_factor(s.years()[0], as_number=True)),
        Mistake("all_years", value=lambda: s.line_constant_year(
            s.interpretation_line()) * _line_years(s.interpretation_line())),
    )),
    Exercise("2.4", "money", lambda: s.focus_total(contingency=False), (
        Mistake("forgot_support", value=lambda: s.focus_total() - s.focus_support()),
        Mistake("fx_missing", value=lambda: s.focus_total()
                - s.line_constant_year(s.consultant_line()) + _consultant_usd()),
        Mistake("startup_every_year", value=lambda: s.focus_total()
                + s.line_constant_year(s.consultant_line()) * (len(s.years()) - 1)),
        Mistake("one_year", value=lambda: s.focus_year(s.years()[0],
                                                       contingency=False)),
        Mistake("with_contingency", value=lambda: s.focus_total(contingency=True)),
        Mistake("no_price_adjustment", value=lambda: s.focus_total()
                - (s.line_constant_year(s.interpretation_line())
                   - _interpretation_raw()) * _line_years(s.interpretation_line())),
    )),
    Exercise("2.5", "money", lambda: s.focus_year(_end(), "amount_nominal"), (
        Mistake("forgot_inflation", value=_end_constant_with_contingency),
        Mistake("forgot_contingency", value=lambda: s.focus_year(
            _end(), "amount_nominal", contingency=False)),
        Mistake("one_year_inflation", value=lambda: _end_constant_with_contingency()
                * _inflation_factor(_end())),
        Mistake("same_rate", value=lambda: _end_constant_with_contingency()
                * _inflation_factor(s.years()[1]) ** (len(s.years()) - 1)),
        Mistake("pct_as_number", value=lambda: _end_constant_with_contingency()
                * _inflation_factor(*s.years()[1:], as_number=True)),
        Mistake("contingency_as_number", value=lambda: s.focus_year(
            _end(), "amount_nominal", contingency=False)
            * (1.0 + 100.0 * s.contingency_share())),
    )),
    Exercise("2.6", "choice", lambda: str(s.top_drivers().iloc[0]["line_id"]), (
        Mistake("largest_line", value=s.largest_line),
        Mistake("second_driver", value=lambda: str(
            s.top_drivers()["line_id"].drop_duplicates().iloc[1])),
    ), choices=lambda: sorted(s.data.budget_lines().query(
        "cost_type != 'contingency'")["line_id"].unique())),
)


# ------------------------------------------------------------------- lesson 3
MCQ_ANSWERS: dict[str, str] = {"3.5": "c", "4.5": "d"}
"""Keys of the two multiple-choice questions (the options are in the lessons)."""

register(
    Exercise("3.1", "choice", s.support_step, (
        Mistake("capacity_step", value=s.capacity_step),
    ), choices=lambda: [str(i) for i in range(1, 9)]),
    Exercise("3.2", "share", s.support_share, (
        Mistake("without_contingency", value=lambda: s.components()["support_total"]
                / (s.components()["total"] - s.components()["contingency"])),
        Mistake("contingency_as_support", value=lambda: (
            s.components()["support_total"] + s.components()["contingency"])
            / s.components()["total"]),
        Mistake("secretariat_only", value=s.secretariat_share),
    )),
    Exercise("3.3", "choice", lambda: s.lowest_assessed("ideal_budgeting_conditions"), (
        Mistake("not_assessed_as_zero", test=lambda answer: answer in {
            str(i) for i in s.not_assessed("ideal_budgeting_conditions")}),
        Mistake("highest", value=lambda: int(s.readiness("ideal_budgeting_conditions")
                                             .sort_values(["score", "item_id"],
                                                          ascending=[False, True])
                                             .iloc[0]["item_id"])),
    ), choices=lambda: [str(i) for i in range(1, 6)]),
    Exercise("3.4", "choice", lambda: s.principle_with(s.COMPREHENSIVE_FRAGMENT), (
        Mistake("transparency", value=lambda: s.principle_with(s.TRANSPARENT_FRAGMENT)),
        Mistake("lowest_score", value=lambda: s.lowest_assessed(
            "budget_governance_principles")),
    ), choices=lambda: [str(i) for i in range(1, 11)]),
    Exercise("3.5", "choice", lambda: MCQ_ANSWERS["3.5"],
             tuple(_letter(x) for x in ANSWER_LETTERS if x != MCQ_ANSWERS["3.5"]),
             choices=lambda: ANSWER_LETTERS),
)


# ------------------------------------------------------------------- lesson 4
def _gap(column: str) -> float:
    return float(s.gap_total()[column])


def _extra_sources(answer: Any) -> dict[str, str]:
    extra = sorted(set(answer) - set(s.our_source_additions()))
    return {"codes": ", ".join(extra)}


register(
    Exercise("4.1", "set", s.our_source_additions, (
        Mistake("guidance_named", test=lambda answer: bool(
            set(answer) - set(s.our_source_additions())),
            details=lambda answer, lang: _extra_sources(answer)),
    ), choices=s.source_type_codes),
    Exercise("4.2", "share", lambda: _gap("secured_amount") / _gap("cost_amount"), (
        Mistake("pledged_as_secured", value=lambda: (
            _gap("secured_amount") + _gap("pledged_amount")) / _gap("cost_amount")),
        Mistake("all_sources", value=lambda: _gap("allocated_amount")
                / _gap("cost_amount")),
        Mistake("expected_coverage", value=lambda: _gap("expected_funded_amount")
                / _gap("cost_amount")),
    )),
    Exercise("4.3", "money", lambda: _gap("risk_adjusted_gap_amount"), (
        # the gap if every source delivers: cost minus all allocated money
        Mistake("face_value_gap", value=lambda: _gap("cost_amount")
                - _gap("allocated_amount")),
        Mistake("secured_only", value=lambda: _gap("cost_amount")
                - _gap("secured_amount")),
        Mistake("pledged_full", value=lambda: _gap("cost_amount")
                - _gap("secured_amount") - _gap("pledged_amount")),
    )),
    Exercise("4.4", "choice",
             lambda: s.objective_with_max("risk_adjusted_gap_amount"), (
        Mistake("largest_cost", value=lambda: s.objective_with_max("cost_amount")),
        Mistake("face_value_gap", value=s.objective_with_max_uncovered),
        Mistake("lowest_coverage", value=s.objective_with_lowest_coverage),
    ), choices=lambda: [str(o) for o in s.objective_ids()]),
    Exercise("4.5", "choice", lambda: MCQ_ANSWERS["4.5"],
             tuple(_letter(x) for x in ANSWER_LETTERS if x != MCQ_ANSWERS["4.5"]),
             choices=lambda: ANSWER_LETTERS),
    Exercise("4.6", "choice", lambda: s.biggest_loser(0), (
        Mistake("essential", test=lambda answer: answer in {
            i.lower() for i in s.essential_ids()}),
        Mistake("second", value=lambda: s.biggest_loser(1)),
    ), choices=s.intervention_ids),
)
