"""Countries side by side (gcm_analysis.compare, compare_countries.ipynb), on the
session's three full-chain runs."""

from __future__ import annotations

import pandas as pd
import pytest

from gcm_analysis import compare, io, paths, reference
from gcm_analysis.errors import ParameterError


@pytest.fixture(scope="module")
def runs(chain_runs):
    root, _ = chain_runs
    return compare.read_runs(compare.run_folders(["PRT", "KEN", "PHL"], "r", root))


def test_budgets_side_by_side_reconcile_with_each_run(runs):
    budgets = compare.compare_budgets(runs, io.read_processed("country_indicators"),
                                      compare.country_names(["PRT", "KEN", "PHL"]))
    assert budgets["iso3"].tolist() == ["PRT", "KEN", "PHL"]
    for run, row in zip(runs, budgets.itertuples(index=False), strict=True):
        total = pd.read_csv(run.run_dir / "budget_summary.csv").set_index(
            "component").loc["total"]
        gap = pd.read_csv(run.run_dir / "funding_gap_total.csv").iloc[0]
        assert row.cost_amount == total["amount_constant"]
        assert row.currency == total["currency"]
        assert row.gap_amount == pytest.approx(gap["cost_amount"]
                                               - gap["committed_amount"], abs=0.01)
        assert row.cost_per_capita == pytest.approx(row.cost_amount / row.population)
        assert 0 <= row.secured_share <= row.committed_share <= 1
        assert row.population_source and row.population_year > 2000
    assert budgets.loc[0, "is_own_plan"] and not budgets.loc[1, "is_own_plan"]
    assert not compare.same_money(budgets)  # PRT's plan is in EUR, the others USD


def test_needs_and_choices_side_by_side_are_each_runs_own(runs):
    titles = reference.objective_titles("en", short=True)
    needs = compare.compare_needs(runs, titles)
    selection = compare.compare_selection(runs, titles)
    assert len(needs) == 23
    for run in runs:
        own = pd.read_csv(run.run_dir / "needs.csv").set_index("objective_id")
        mine = needs.set_index("objective_id")[run.iso3]
        pd.testing.assert_series_equal(mine.sort_index(), own["need_score"],
                                       check_names=False)
        chosen = pd.read_csv(run.run_dir / "selection.csv")
        wanted = set(chosen.loc[chosen["is_selected"], "objective_id"])
        assert set(selection.loc[selection[run.iso3], "objective_id"]) == wanted
    means = needs[["PRT", "KEN", "PHL"]].mean(axis=1)
    assert means.is_monotonic_decreasing


def test_an_unfinished_run_is_refused_naming_the_folder_and_file(tmp_path, runs):
    with pytest.raises(ParameterError, match="needs.csv.*missing"):
        compare.read_runs([runs[0].run_dir, tmp_path])
    with pytest.raises(ParameterError, match="at least two"):
        compare.read_runs([runs[0].run_dir])
    with pytest.raises(ParameterError, match="give run_id"):
        compare.run_folders(["PRT"])


@pytest.mark.slow
def test_the_comparison_notebook_runs_for_three_countries_in_french(
        chain_runs, tmp_path):
    import papermill

    root, _ = chain_runs
    # the French copy for JupyterLab (notebooks/fr/, lang "fr" in its parameters)
    done = papermill.execute_notebook(
        str(paths.NOTEBOOKS_DIR / "fr" / "compare_countries.ipynb"),
        str(tmp_path / "compare.ipynb"), kernel_name="python3", progress_bar=False,
        parameters={"countries": ["PRT", "KEN", "PHL"], "run_id": "r",
                    "output_root": str(root)})
    assert done.cells[0].source.startswith("# Pays côte à côte")
    shown = "".join(str(output.get("data", {}))
                    for cell in done.cells for output in cell.get("outputs", []))
    for text in ("Portugal", "Kenya", "Philippines", "Coût par habitant et par an",
                 "Quelle part de chaque plan est financée", "comparez les parts"):
        assert text in shown, text
