"""Notebook 03 executed with papermill (slow): with and without a plan file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from gcm_analysis import costing, paths, plan

NOTEBOOK = paths.NOTEBOOKS_DIR / "03_costing.ipynb"
TABLES = {
    "budget_lines": costing.BUDGET_LINE_COLUMNS,
    "budget_summary": ("component", "component_name", "amount_constant",
                       "amount_nominal", "currency", "price_year", "share_pct",
                       "method"),
    "budget_by_objective": ("objective_id", "amount_constant", "amount_nominal",
                            "currency", "price_year", "share_pct", "method"),
    "budget_by_year": ("year", "amount_constant", "amount_nominal", "currency",
                       "price_year", "share_pct", "method"),
    "budget_by_objective_year": ("objective_id", "year", "amount_constant",
                                 "amount_nominal", "currency", "price_year",
                                 "share_pct", "method"),
    "budget_by_category": ("category", "amount_constant"),
    "budget_by_ministry": ("ministry", "amount_constant"),
    "budget_by_intervention": ("objective_id", "intervention_id", "title",
                               "lead_ministry", "start_year", "end_year",
                               "is_essential", "amount_constant", "amount_nominal",
                               "currency", "price_year", "share_pct", "method"),
    "budget_uncertainty": ("scope", "objective_id", "price_basis", "deterministic",
                           "mean", "p10", "p50", "p90", "currency", "price_year",
                           "n_draws"),
    "cost_drivers": ("rank", "driver", "line_id", "variable", "total_low",
                     "total_high", "swing", "currency", "price_year"),
    "budget_price_index": ("year", "inflation_pct", "price_index", "source"),
}


def run(tmp_path: Path, **parameters: object) -> tuple[Path, dict]:
    import papermill

    output = tmp_path / f"03_{parameters['country']}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(output), kernel_name="python3", progress_bar=False,
        cwd=str(tmp_path),
        parameters={"output_root": str(tmp_path), "run_id": "test", "n_draws": 300,
                    **parameters})
    run_dir = paths.run_dir(str(parameters["country"]), "test", tmp_path)
    return run_dir, json.loads(output.read_text(encoding="utf-8"))


def check_tables(run_dir: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, columns in TABLES.items():
        table = pd.read_csv(run_dir / f"{name}.csv")
        assert set(columns) <= set(table.columns), name
        tables[name] = table
    lines = tables["budget_lines"]
    for name in ("budget_by_objective", "budget_by_year", "budget_by_category"):
        assert abs(tables[name]["amount_constant"].sum()
                   - lines["amount_constant"].sum()) < 0.01
    return tables


def markdown_of(notebook: dict) -> str:
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("data", {}).get("text/markdown", "")))
    return "\n".join(texts)


@pytest.mark.slow
def test_costing_notebook_with_a_plan_file(tmp_path: Path) -> None:
    run_dir, notebook = run(tmp_path, country="PRT", currency="EUR", lang="fr",
                            plan_file=str(paths.PLANS_DIR / "PRT_example"))
    tables = check_tables(run_dir)
    assert set(tables["budget_lines"]["currency"]) == {"EUR"}
    assert "fichier de plan" in markdown_of(notebook)
    assert plan.read_plan(run_dir / "plan.xlsx").settings.country == "PRT"


@pytest.mark.slow
def test_costing_notebook_builds_a_starter_plan_without_a_plan_file(
    tmp_path: Path
) -> None:
    run_dir, notebook = run(tmp_path, country="KEN")
    tables = check_tables(run_dir)
    objectives = sorted(tables["budget_by_objective"]["objective_id"])
    assert objectives == list(costing.DEFAULT_STARTER_OBJECTIVES)
    text = markdown_of(notebook)
    assert "Illustrative starter plan" in text and "no objective selection" in text
    starter = plan.read_plan(run_dir / "plan.xlsx")
    assert starter.settings.is_illustrative


@pytest.mark.slow
def test_costing_notebook_uses_the_selection_of_notebook_02(tmp_path: Path) -> None:
    run_dir = paths.run_dir("KEN", "test", tmp_path)
    run_dir.mkdir(parents=True)
    pd.DataFrame({"objective_id": range(1, 24),
                  "is_selected": [i in (4, 20) for i in range(1, 24)]}).to_csv(
        run_dir / "selection.csv", index=False)
    _, notebook = run(tmp_path, country="KEN", lang="en")
    tables = check_tables(run_dir)
    assert sorted(tables["budget_by_objective"]["objective_id"]) == [4, 20]
    assert "selected in notebook 02" in markdown_of(notebook)
