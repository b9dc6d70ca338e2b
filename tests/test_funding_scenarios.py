"""Scenarios: funding cut, cost surge, secured only, minimum essential package."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gcm_analysis import funding_sheets as fs
from gcm_analysis import reference
from gcm_analysis.funding import prepare_costs
from gcm_analysis.funding.scenarios import protected_interventions, run_scenarios

REFS = reference.funding_reference()


def cells(essential: bool = True) -> pd.DataFrame:
    rows = [("E1", 5, 2027, True, 100.0, 1), ("E1", 5, 2028, True, 100.0, 1),
            ("N1", 5, 2027, False, 80.0, 1), ("N2", 20, 2027, False, 200.0, 2),
            ("N2", 20, 2028, False, 200.0, 2), ("N3", 1, 2027, False, 50.0, 3)]
    frame = pd.DataFrame(rows, columns=["intervention_id", "objective_id", "year",
                                        "is_essential", "amount", "priority_rank"])
    frame = frame.assign(ministry="M", currency="USD", price_year=2027,
                         intervention_name=frame["intervention_id"])
    if not essential:
        frame["is_essential"] = False
    return prepare_costs(frame)


def lines() -> pd.DataFrame:
    base = {"source_id": pd.NA, "source_name": "Budget",
            "source_type_code": "domestic_budget", "likelihood": pd.NA,
            "currency": "USD", "price_year": 2027, "earmark_objective_id": pd.NA,
            "earmark_intervention_id": pd.NA, "can_reallocate_in_crisis": False,
            "conditions": pd.NA}
    rows = [{**base, "status": "secured", "year": 2027, "amount": 200.0},
            {**base, "status": "pledged", "year": 2028, "amount": 150.0},
            {**base, "status": "pipeline", "year": 2027, "amount": 100.0,
             "source_name": "MPTF", "source_type_code": "migration_mptf"}]
    return fs.prepare_funding(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def result():
    return run_scenarios(cells(), lines(), REFS.scenarios,
                         thresholds=REFS.rag_thresholds)


def test_every_scenario_reconciles_funded_plus_gap_equals_cost(result):
    totals = result["funding_scenarios"]
    assert list(totals["scenario_code"]) == ["baseline", "funding_cut", "cost_surge",
                                             "secured_only", "minimum_essential"]
    np.testing.assert_allclose(totals["committed_amount"] + totals["gap_amount"],
                               totals["cost_amount"])
    items = result["funding_scenario_interventions"]
    by_scenario = items.groupby("scenario_code")[
        ["cost_amount", "committed_amount", "gap_amount"]].sum()
    merged = totals.set_index("scenario_code").join(by_scenario.add_suffix("_items"))
    for column in ("cost_amount", "committed_amount", "gap_amount"):
        np.testing.assert_allclose(merged[column], merged[f"{column}_items"])
    # every scenario lists every intervention once
    assert items.groupby("scenario_code").size().eq(4).all()


def test_scenarios_move_money_the_way_their_rule_says(result):
    totals = result["funding_scenarios"].set_index("scenario_code")
    base = totals.loc["baseline"]
    assert base["cost_amount"] == pytest.approx(730.0)
    assert base["committed_amount"] == pytest.approx(350.0)  # pipeline not committed
    assert totals.loc["cost_surge", "cost_amount"] == pytest.approx(730.0 * 1.2)
    assert totals.loc["funding_cut", "committed_amount"] == pytest.approx(350 * 0.75)
    assert totals.loc["secured_only", "committed_amount"] == pytest.approx(200.0)
    package = totals.loc["minimum_essential"]
    assert package["cost_amount"] == pytest.approx(200.0)  # E1 only
    assert package["n_outside"] == 3


def test_protected_interventions_come_first_and_outcomes_follow_the_shares(result):
    items = result["funding_scenario_interventions"].set_index(
        ["scenario_code", "intervention_id"])
    assert items.loc[("secured_only", "E1"), "outcome"] == "phased"  # 100 of 200
    assert items.loc[("secured_only", "N1"), "outcome"] == "kept"  # 80 in 2027
    assert items.loc[("secured_only", "N2"), "outcome"] == "deferred"  # 20 of 400
    assert items.loc[("secured_only", "N3"), "outcome"] == "cut"  # nothing left
    assert items.loc[("baseline", "E1"), "outcome"] == "kept"
    assert items.loc[("minimum_essential", "N2"), "outcome"] == "outside"
    share = items["committed_share"].dropna()
    assert share.between(0, 1 + 1e-9).all()
    phased = items[items["outcome"] == "phased"]["committed_share"]
    deferred = items[items["outcome"] == "deferred"]["committed_share"]
    assert (phased >= 0.5).all() and (deferred < 0.5).all()


def test_objective_coverage_is_compared_with_the_baseline(result):
    objectives = result["funding_scenario_objectives"]
    cut = objectives[objectives["scenario_code"] == "secured_only"].set_index(
        "objective_id")
    assert cut.loc[20, "committed_share"] == pytest.approx(20 / 400)
    assert cut.loc[1, "committed_share"] == pytest.approx(0.0)
    assert cut.loc[1, "change_share"] == pytest.approx(
        -cut.loc[1, "baseline_committed_share"])
    np.testing.assert_allclose(
        objectives["committed_amount"] + objectives["gap_amount"],
        objectives["cost_amount"])


def test_starter_plans_get_the_documented_default_protection():
    chosen, sentence = protected_interventions(cells(essential=False))
    # ranks: objective 5 (rank 1), 20 (rank 2), 1 (rank 3): top half = 5 and 20
    assert chosen == {"E1", "N1", "N2"}
    assert "ours" in sentence and "priority rank" in sentence
    french = protected_interventions(cells(essential=False), "fr")[1]
    assert "règle de GCM Workbook, pas celle du Guide" in french
    plan = protected_interventions(cells())
    assert plan[0] == {"E1"} and "essential" in plan[1]
