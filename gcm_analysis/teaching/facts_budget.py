"""Facts of lessons 3 (the budget) and 4 (funding), registered with the others."""

from __future__ import annotations

from .. import reference
from . import data
from . import scenario as s
from ._facts_base import _fact, _money, _objective_title, _plan, _step
from ._format import bilingual


# -------------------------------------------------------------------- lesson 3
def _action_title(action_id: int) -> str:
    actions = reference.guidance_actions().set_index("action_id")
    return str(actions.at[action_id, "title_fr"])


@_fact()
def _action2_title_fr(lang: str) -> str:
    return _action_title(2)


@_fact()
def _action3_title_fr(lang: str) -> str:
    return _action_title(3)


@_fact()
def _capacity_step(lang: str) -> str:
    return str(s.capacity_step())


@_fact()
def _step6_fr(lang: str) -> str:
    return _step(s.step_with("droits de l'homme"), "text_fr")


@_fact()
def _step6_en(lang: str) -> str:
    return _step(s.step_with("droits de l'homme"), "text_en")


@_fact()
def _support_total(lang: str) -> str:
    return _money(s.components()["support_total"], lang)


def _condition_text(condition_id: int, lang: str) -> str:
    table = reference.ideal_budgeting_conditions().set_index("condition_id")
    return str(table.at[condition_id, "text_fr" if lang == "fr" else "text_en"])


@_fact()
def _weakest_condition(lang: str) -> str:
    return _condition_text(s.lowest_assessed("ideal_budgeting_conditions"), lang)


@_fact()
def _weakest_score(lang: str) -> str:
    rows = s.readiness("ideal_budgeting_conditions").set_index("item_id")
    return str(int(rows.at[s.lowest_assessed("ideal_budgeting_conditions"), "score"]))


@_fact()
def _unassessed_condition(lang: str) -> str:
    joiner = " et " if lang == "fr" else " and "
    return joiner.join(str(i) for i in s.not_assessed("ideal_budgeting_conditions"))


@_fact()
def _comprehensive_principle(lang: str) -> str:
    table = reference.budget_governance_principles().set_index("principle_id")
    return str(table.at[s.principle_with(s.COMPREHENSIVE_FRAGMENT),
                        "text_fr" if lang == "fr" else "text_en"])


# -------------------------------------------------------------------- lesson 4
# Guidance (FR excerpt), Action 3 « Mobiliser des ressources », step 1, last topic
# of the bilateral meetings (French as written; the English is our translation).
REALLOCATION_FR = ("Modalités de réaffectation rapide des ressources en période de "
                   "bouleversement mondial, par exemple lors d'une pandémie mondiale")
REALLOCATION_EN = ("Modalities for the rapid re-allocation of resources in times of "
                   "global upheaval, for example during a global pandemic")


@_fact()
def _reallocation_fr(lang: str) -> str:
    return REALLOCATION_FR


@_fact()
def _reallocation_en(lang: str) -> str:
    return REALLOCATION_EN


@_fact()
def _n_sources(lang: str) -> str:
    funding = _plan().extra_sheets["funding"]
    return str(funding["source_id"].nunique())


@_fact()
def _secured(lang: str) -> str:
    return _money(float(s.gap_total()["secured_amount"]), lang)


@_fact()
def _cost(lang: str) -> str:
    return _money(float(s.gap_total()["cost_amount"]), lang)


@_fact()
def _gap(lang: str) -> str:
    return _money(float(s.gap_total()["gap_amount"]), lang)


@_fact()
def _riskiest_title(lang: str) -> str:
    return _objective_title(s.objective_with_max("risk_adjusted_gap_amount"), lang)


@_fact()
def _riskiest_gap(lang: str) -> str:
    table = s.gap_by_objective().set_index("objective_id")
    objective = s.objective_with_max("risk_adjusted_gap_amount")
    return _money(float(table.at[objective, "risk_adjusted_gap_amount"]), lang)


@_fact()
def _shock_source(lang: str) -> str:
    funding = _plan().extra_sheets["funding"]
    names = funding.loc[funding["source_type_code"].isin(data.SHOCK["source_types"]),
                        "source_name"].drop_duplicates()
    joiner = " ; " if lang == "fr" else "; "
    return joiner.join(bilingual(n, lang) for n in names)


@_fact()
def _shock_share(lang: str) -> str:
    pct = f"{100 * data.SHOCK['share']:g}"
    return f"{pct} %" if lang == "fr" else f"{pct}%"


@_fact()
def _shock_year(lang: str) -> str:
    return str(data.SHOCK["year"])


def _loser() -> object:
    return s.crisis().set_index("intervention_id").loc[s.biggest_loser(0)]


@_fact()
def _loser_title(lang: str) -> str:
    # the plan's title, "FR / EN", in the lesson's language (the crisis table of
    # the scenario is the English run's)
    titles = _plan().interventions.set_index("intervention_id")["title"]
    return bilingual(titles[s.biggest_loser(0)], lang)


@_fact()
def _loser_change(lang: str) -> str:
    return _money(abs(float(_loser()["change_amount"])), lang)  # type: ignore[index]


@_fact()
def _loser_outcome(lang: str) -> str:
    from ..funding import label

    outcome = _loser()["outcome"]  # type: ignore[index]
    return label(f"crisis.outcome.{outcome}", lang).lower()


@_fact()
def _n_essential(lang: str) -> str:
    return str(len(s.essential_ids()))
