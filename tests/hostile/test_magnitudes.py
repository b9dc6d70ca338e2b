"""A plan that validates runs: costing and funding stages and the costing figures
on generated valid plans, unit costs from 1e-2 to 1e15, with and without
low/high estimates, one line or several (issue 21; in process, no kernel)."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gcm_analysis import paths, plan, stages
from gcm_analysis.reporting import costing as figures

matplotlib.use("Agg")

_BASE = plan.plan_to_tables(plan.read_plan(paths.PLANS_DIR / "PRT_example"))

line = st.fixed_dictionaries({
    "exponent": st.floats(-2, 15),
    "quantity": st.sampled_from([1, 3, 12]),
    "spread": st.sampled_from([None, 0.0, 0.2]),
    "recurrent": st.booleans(),
})


def _plan_tables(lines: list[dict]) -> dict[str, pd.DataFrame]:
    tables = {k: v.copy() for k, v in _BASE.items()}
    template = tables["cost_lines"].iloc[0]
    rows = []
    for k, spec in enumerate(lines):
        cost = min(round(10 ** spec["exponent"], 2) or 0.01, plan.MAX_AMOUNT)
        row = template.copy()
        row["line_id"] = f"L-{k}"
        row["quantity_per_year"] = spec["quantity"]
        row["quantity_per_year_low"] = row["quantity_per_year_high"] = ""
        row["unit_cost_likely"] = cost
        if spec["spread"] is None:  # no low/high: the figures get no spread
            row["unit_cost_low"] = row["unit_cost_high"] = ""
        else:
            row["unit_cost_low"] = cost * (1 - spec["spread"])
            row["unit_cost_high"] = min(cost * (1 + spec["spread"]), plan.MAX_AMOUNT)
        row["cost_type"] = "recurrent" if spec["recurrent"] else "start_up"
        row["first_year"] = row["last_year"] = ""
        rows.append(row)
    tables["cost_lines"] = pd.DataFrame(rows).reset_index(drop=True)
    return tables


@settings(max_examples=3, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(st.lists(line, min_size=1, max_size=4))
def test_a_valid_plan_of_any_magnitude_runs_costing_funding_and_figures(
        tmp_path_factory, lines):
    tmp = tmp_path_factory.mktemp("magnitudes")
    folder = plan.write_plan_csv(plan.plan_from_tables(_plan_tables(lines)),
                                 tmp / "plan")
    assert plan.validate_plan_file(folder) == []
    stages.start_run("PRT", "m", tmp, plan_file=str(folder))
    costing = stages.run_stage("costing", "PRT", "m", tmp, n_draws=100)
    funding = stages.run_stage("funding", "PRT", "m", tmp)
    total = funding.tables["funding_gap_total"].iloc[0]
    cost = float(total["cost_amount"])
    assert cost > 0
    assert float(total["committed_amount"]) + float(total["gap_amount"]) == \
        pytest.approx(cost, rel=1e-9, abs=0.01)  # committed + gap = cost
    budget = costing.tables["budget_by_objective"]
    assert abs(budget["amount_constant"].sum()
               - costing.tables["budget_lines"]["amount_constant"].sum()) \
        <= 1e-9 * max(1.0, budget["amount_constant"].sum())
    info = costing.info
    for figure in (
        figures.plot_uncertainty(info["total_draws"],
                                 costing.tables["budget_uncertainty"]),
        figures.plot_budget_by_year(costing.tables["budget_by_objective_year"]),
        figures.plot_tornado(costing.tables["cost_drivers"]),
        figures.plot_objective_ranges(costing.tables["budget_uncertainty"]),
    ):
        figure.savefig(tmp / "figure.svg", format="svg")


def test_the_uncertainty_histogram_copes_with_no_spread_and_huge_totals():
    import numpy as np

    for values in (np.full(200, 1e15), 1e15 + np.arange(200) * 0.125,
                   np.full(200, 0.01), np.zeros(200)):
        totals = pd.DataFrame({"draw": range(200), "amount": values,
                               "currency": "XOF", "price_year": 2026,
                               "price_basis": "constant"})
        v = float(values[0])
        summary = pd.DataFrame([{"scope": "total", "price_basis": "constant",
                                 "p10": v, "p50": v, "p90": v, "deterministic": v}])
        figure = figures.plot_uncertainty(totals, summary)
        patches = figure.axes[0].patches
        assert patches and sum(p.get_height() for p in patches) == \
            pytest.approx(1.0)  # every draw is in a bar
