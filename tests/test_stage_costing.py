"""The costing stage (notebook 03) in process: with and without a plan file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gcm_analysis import costing, paths, plan, stages
from gcm_analysis.reporting import costing as report

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


def run(tmp_path: Path, country: str, lang: str = "en", plan_file: str = "",
        currency: str = "") -> tuple[Path, str]:
    """Set a run folder up and run the costing stage in process (no kernel);
    return the folder and the Markdown notebook 03 shows about the plan."""
    stages.start_run(country, "test", tmp_path, lang=lang, plan_file=plan_file,
                     currency=currency)
    result = stages.run_stage("costing", country, "test", tmp_path, n_draws=300)
    info = result.info
    text = "\n".join((
        report.illustrative_banner(info["facts"]["is_illustrative"], info["origin"],
                                   lang),
        report.plan_origin(info["origin"], lang)))
    return paths.run_dir(country, "test", tmp_path), text


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


def test_costing_stage_with_a_plan_file_keeps_its_currency(tmp_path: Path) -> None:
    run_dir, text = run(tmp_path, country="PRT", lang="fr",
                        plan_file=str(paths.PLANS_DIR / "PRT_example"))
    tables = check_tables(run_dir)
    assert set(tables["budget_lines"]["currency"]) == {"EUR"}  # the plan's own
    assert "fichier de plan" in text
    assert plan.read_plan(run_dir / "plan.xlsx").settings.country == "PRT"


def test_costing_stage_converts_a_plan_when_asked(tmp_path: Path) -> None:
    run_dir, _ = run(tmp_path, country="PRT", currency="USD",
                     plan_file=str(paths.PLANS_DIR / "PRT_example"))
    assert set(check_tables(run_dir)["budget_lines"]["currency"]) == {"USD"}


def test_costing_stage_builds_a_starter_plan_without_a_plan_file(
    tmp_path: Path
) -> None:
    run_dir, text = run(tmp_path, country="KEN")
    tables = check_tables(run_dir)
    objectives = sorted(tables["budget_by_objective"]["objective_id"])
    assert objectives == list(costing.DEFAULT_STARTER_OBJECTIVES)
    assert "Illustrative starter plan" in text and "no objective selection" in text
    starter = plan.read_plan(run_dir / "plan.xlsx")
    assert starter.settings.is_illustrative


def test_costing_stage_uses_the_selection_of_stage_02(tmp_path: Path) -> None:
    stages.start_run("KEN", "test", tmp_path)
    stages.run_stage("needs", "KEN", "test", tmp_path)
    stages.run_stage("selection", "KEN", "test", tmp_path, method="top_n", top_n=2,
                     min_per_area=0, n_robustness=10)
    chosen = stages.open_folder("KEN", "test", tmp_path).table_path("selection")
    picked = sorted(pd.read_csv(chosen).query("is_selected")["objective_id"])
    run_dir, text = run(tmp_path, country="KEN", lang="en")
    tables = check_tables(run_dir)
    assert sorted(tables["budget_by_objective"]["objective_id"]) == picked
    assert len(picked) == 2 and "selected in notebook 02" in text
