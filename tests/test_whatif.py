"""What-if in costing and funding (gcm_analysis.whatif) and the explorers of
notebooks 03 and 04, on a PRT run with its example plan (stages run in-process)."""

from __future__ import annotations

import pandas as pd
import pytest

from gcm_analysis import paths, stages, whatif


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("whatif")
    stages.start_run("PRT", "w", root,
                     plan_file=str(paths.PLANS_DIR / "PRT_example.xlsx"))
    results = {key: stages.run_stage(key, "PRT", "w", root)
               for key in ("profile", "needs", "selection", "costing", "funding")}
    return results


def _total(plan):
    return float(whatif.budget_by_objective(plan)[1]["amount_constant"].iloc[0])


def test_costing_what_if_starts_from_the_run_and_moves_as_asked(run):
    costing = run["costing"]
    plan, lines = costing.info["plan"], costing.tables["budget_lines"]
    by_objective, total = whatif.budget_by_objective(whatif.costing_what_if(plan))
    pd.testing.assert_frame_equal(by_objective, costing.tables["budget_by_objective"])
    base = float(total["amount_constant"].iloc[0])
    contingency = float(lines.loc[lines["cost_type"] == "contingency",
                                  "amount_constant"].sum())
    assert contingency > 0
    no_cont = _total(whatif.costing_what_if(plan, contingency_pct=0))
    assert no_cont == pytest.approx(base - contingency, abs=0.01)
    doubled = _total(whatif.costing_what_if(plan, unit_cost_scale=2.0))
    assert doubled == pytest.approx(2 * base, abs=0.01 * len(lines))
    both = _total(whatif.costing_what_if(plan, unit_cost_scale=2.0,
                                         quantity_scale=0.5))
    assert both == pytest.approx(base, abs=0.01 * len(lines))
    nominal = whatif.budget_by_objective(whatif.costing_what_if(
        plan, inflation_pct=10.0))[1]["amount_nominal"].iloc[0]
    assert nominal > float(total["amount_nominal"].iloc[0])
    assert whatif.convertible_currencies(plan) == ["EUR", "USD"]
    assert _total(whatif.costing_what_if(plan, currency="USD")) != base
    assert plan.settings.contingency_pct == 10.0  # the plan given is unchanged
    with pytest.raises(Exception, match="JPY"):
        whatif.costing_what_if(plan, currency="JPY")


def test_funding_what_if_starts_from_the_run_and_moves_as_asked(run):
    funding = run["funding"]
    prepared = funding.info["prepared"]
    same = whatif.funding_what_if(prepared)
    for name in ("funding_gap_total", "funding_gap_by_objective", "funding_crisis"):
        pd.testing.assert_frame_equal(same[name], funding.tables[name])
    base = funding.tables["funding_gap_total"].iloc[0]
    none_likely = whatif.funding_what_if(prepared, likelihood_scale=0.0)[
        "funding_gap_total"].iloc[0]
    assert none_likely["expected_funded_amount"] == pytest.approx(
        base["secured_amount"])
    source = str(prepared.funding["source_id"].iloc[0])
    cut = whatif.funding_what_if(prepared, source_id=source, source_scale=0.0)[
        "funding_gap_total"].iloc[0]
    allocated = funding.tables["funding_sources"].query("source_id == @source")[
        "allocated_amount"].sum()
    assert cut["allocated_amount"] == pytest.approx(
        base["allocated_amount"] - allocated, abs=0.01)
    assert cut["gap_amount"] + cut["committed_amount"] == pytest.approx(
        cut["cost_amount"], abs=0.01)
    harder = whatif.funding_what_if(prepared, shock={"shock_share": 1.0})
    easier = whatif.funding_what_if(prepared, shock={"shock_share": 0.0})
    cut_row = harder["funding_crisis_totals"].set_index("measure").loc["cut"]
    assert cut_row["crisis_amount"] > easier["funding_crisis_totals"].set_index(
        "measure").loc["cut", "crisis_amount"]
    with pytest.raises(ValueError, match="no funding line"):
        whatif.funding_what_if(prepared, source_id="nobody")


def test_what_if_explorers_speak_french_and_redraw(run, explorer_outputs):
    from gcm_analysis import widgets
    from gcm_analysis.i18n import t

    costing = run["costing"]
    ui = widgets.costing_explorer(costing.info["plan"], costing.info["titles"], "fr")
    assert ui.children[0].description == t("widgets.unit_cost_scale", "fr")
    explorer_outputs.clear()
    ui.children[0].value = 2.0
    assert any("Avec ces choix, le plan coûte 14,8" in str(s)
               for s in explorer_outputs), explorer_outputs[:2]
    settings = run["funding"].settings
    ui = widgets.funding_explorer(run["funding"].info["prepared"],
                                  *settings.years, lang="fr")
    assert ui.children[5].options[0] == ("première année du plan", 0)
    explorer_outputs.clear()
    ui.children[4].value = 1.0  # the whole of the sources cut
    assert any("100" in str(s) for s in explorer_outputs)


def test_what_if_explorers_fall_back_to_none_without_ipywidgets(run, monkeypatch):
    from gcm_analysis import widgets

    monkeypatch.setattr(widgets, "_import_widgets", lambda: None)
    assert widgets.costing_explorer(run["costing"].info["plan"], {}) is None
    assert widgets.funding_explorer(run["funding"].info["prepared"], 2025,
                                    2027) is None
