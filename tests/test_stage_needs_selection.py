"""Stages 01 and 02 in process for three countries of different regions and incomes."""

from __future__ import annotations

import pandas as pd
import pytest

from gcm_analysis import paths, stages

# Three regions, three income groups, three peer groups, three selection methods:
# Portugal (Europe & Central Asia, high income; with the example plan's stakeholder
# scores), Ethiopia (Sub-Saharan Africa, low income; a large refugee host) and the
# Philippines (East Asia & Pacific, lower-middle income; a large emigration country).
PLAN = str(paths.PLANS_DIR / "PRT_example")
CASES = {
    "PRT": {
        "method": "budget",
        "budget_envelope_usd": 8e6,
        "must_include": [20],
        "plan_file": PLAN,
    },
    "ETH": {"method": "top_n", "top_n": 6},
    "PHL": {"method": "threshold", "threshold": 50.0, "must_exclude": [13]},
}
PEER_GROUPS = {"PRT": "region", "ETH": "income_group", "PHL": "world"}


@pytest.mark.parametrize("country", sorted(CASES))
def test_needs_and_selection_stages_run(country, tmp_path):
    rules = {k: v for k, v in CASES[country].items() if k != "plan_file"}
    plan_file = CASES[country].get("plan_file", "")
    stages.start_run(country, "test", tmp_path, plan_file=plan_file)
    stages.run_stage("needs", country, "test", tmp_path,
                     peer_group=PEER_GROUPS[country],
                     stakeholder_weight=0.3 if plan_file else 0.0)
    stages.run_stage("selection", country, "test", tmp_path, n_robustness=100,
                     **rules)
    run_dir = paths.run_dir(country, "test", tmp_path)
    needs = pd.read_csv(run_dir / "needs.csv")
    chosen = pd.read_csv(run_dir / "selection.csv")
    assert len(needs) == 23 and len(chosen) == 23
    assert needs["need_score"].dropna().between(0, 100).all()
    assert needs["coverage"].between(0, 1).all()
    assert chosen["priority_score"].dropna().between(0, 100).all()
    assert chosen["is_selected"].any()
    reasons = chosen.loc[chosen["is_selected"], "reason"]
    assert reasons.notna().all() and reasons.str.startswith("Selected").all()
    if "must_include" in CASES[country]:
        assert chosen.set_index("objective_id").loc[20, "is_selected"]
    if "must_exclude" in CASES[country]:
        assert not chosen.set_index("objective_id").loc[13, "is_selected"]
    if CASES[country]["method"] == "budget":
        spent = chosen.loc[chosen["is_selected"], "indicative_cost_usd"].sum()
        assert spent <= CASES[country]["budget_envelope_usd"]
    if plan_file:
        assert chosen["stakeholder_priority"].notna().any()
        evidence = pd.read_csv(run_dir / "needs_indicators.csv")
        assert (evidence["kind"] == "stakeholder").sum() == 23
    robustness = pd.read_csv(run_dir / "robustness.csv")
    assert robustness["selection_share"].between(0, 1).all()


@pytest.mark.parametrize("country", ["PRT", "KEN", "PHL", "SEN"])
def test_default_selection_is_need_first(country, tmp_path):
    """Default parameters: no coverage rule, so the top 8 by rank are selected, no
    reason mentions the rule, and the summary names the method actually used."""
    from gcm_analysis.reporting import needs as report

    stages.start_run(country, "test", tmp_path)
    stages.run_stage("needs", country, "test", tmp_path)
    result = stages.run_stage("selection", country, "test", tmp_path, n_robustness=10)
    chosen = result["selection"]
    selected = set(chosen.loc[chosen["is_selected"], "objective_id"])
    assert selected == set(chosen.loc[chosen["rank"] <= 8, "objective_id"]), country
    assert not chosen["reason"].str.contains("coverage").any()
    outside = chosen.loc[chosen["reason"].str.contains("outside the top 8"), "rank"]
    assert (outside > 8).all() and len(outside) == 15
    summary = report.describe_selection(result.info["chosen"], "budget",
                                        result.info["weights"])
    assert summary.startswith(
        "**8 of 23 objectives selected** by method `top_n`, the top 8: method "
        "`budget` was asked for, but no budget envelope was given;")
    french = report.describe_selection(result.info["chosen"], "budget",
                                       result.info["weights"], "fr")
    assert "par la méthode `top_n`, les 8 mieux classés" in french


def test_coverage_rule_is_opt_in_and_labelled_ours(tmp_path):
    """KEN with min_per_area = 1: the objective ranked 6th gives its place to the
    rule's picks and is told so, never "outside the top 8"."""
    stages.start_run("KEN", "test", tmp_path)
    stages.run_stage("needs", "KEN", "test", tmp_path)
    result = stages.run_stage("selection", "KEN", "test", tmp_path, n_robustness=10,
                              min_per_area=1)
    chosen = result["selection"].set_index("objective_id")
    pushed = chosen[(chosen["rank"] <= 8) & ~chosen["is_selected"]]
    assert len(pushed) >= 1
    for reason in pushed["reason"]:
        assert reason.startswith("Not selected: it would be among the top 8 (no "
                                 "budget envelope given) without the coverage rule (a "
                                 "GCM Workbook option, not the UN guidance's"), reason
    picks = chosen[chosen["is_selected"] & (chosen["rank"] > 8)]
    assert len(picks) == len(pushed)
    assert picks["reason"].str.startswith("Selected to cover MPTF thematic area").all()
