"""The funding stage (notebook 04): in process, and twice in a kernel.

A small plan (CSV folder) is costed in process (stage 03); the two kernel tests
then execute notebook 04 on that run folder and check what it shows.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from gcm_analysis import io, paths, stages

papermill = pytest.importorskip("papermill")

NOTEBOOK = paths.NOTEBOOKS_DIR / "04_resource_mobilisation.ipynb"
YEARS = (2025, 2026, 2027)


def run(notebook: Path, tmp_path: Path, **parameters) -> nbformat.NotebookNode:
    """Execute a notebook with papermill into ``tmp_path``; return it."""
    out = tmp_path / f"{notebook.stem}-{parameters.get('lang', 'en')}.ipynb"
    papermill.execute_notebook(
        str(notebook), str(out), parameters={"output_root": str(tmp_path / "outputs"),
                                             **parameters},
        kernel_name="python3", cwd=str(tmp_path), progress_bar=False,
    )
    return nbformat.read(out, as_version=4)


def markdown_of(executed: nbformat.NotebookNode) -> str:
    texts = []
    for cell in executed["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            texts.append("".join(data.get("text/markdown", "")))
            texts.append("".join(data.get("text/html", "")))
    return "\n".join(texts)


def images_in(executed: nbformat.NotebookNode) -> int:
    return sum("image/svg+xml" in o.get("data", {}) for c in executed["cells"]
               for o in c.get("outputs", []))


def write_plan_folder(folder: Path) -> Path:
    """A small plan (CSV folder) with funding and assessment sheets."""
    folder.mkdir(parents=True)
    pd.DataFrame({
        "setting": ["country", "reporting_currency", "base_year", "horizon_years",
                    "contingency_pct", "inflation_pct", "is_illustrative"],
        "value": ["PRT", "USD", 2025, 3, 0, 2, "no"],
    }).to_csv(folder / "settings.csv", index=False)
    pd.DataFrame({
        "intervention_id": ["PRT-REC", "PRT-INC", "PRT-REM"],
        "objective_id": [7, 16, 20],
        "title": ["Reception of migrants in vulnerable situations",
                  "Local integration programme", "Remittance price comparison"],
        "lead_ministry": ["Ministry of Interior", "Ministry of Social Affairs",
                          "Ministry of Finance"],
        "start_year": 2025, "end_year": 2027,
        "is_essential": ["yes", "no", "no"],
    }).to_csv(folder / "interventions.csv", index=False)
    pd.DataFrame({
        "line_id": ["REC-1", "INC-1", "REM-1"],
        "intervention_id": ["PRT-REC", "PRT-INC", "PRT-REM"],
        "item": ["Case workers", "Grants to municipalities", "Web tool"],
        "category": ["consultancy", "consultancy", "consultancy"],
        "is_support_activity": "no", "unit": ["staff month", "grant", "year"],
        "quantity_per_year": [20, 4, 1], "quantity_per_year_low": [20, 4, 1],
        "quantity_per_year_high": [20, 4, 1], "unit_cost_low": [4000, 50000, 80000],
        "unit_cost_likely": [5000, 50000, 80000],
        "unit_cost_high": [6000, 50000, 80000], "currency": "USD", "price_year": 2025,
        "cost_type": "recurrent", "costing_method": "bottom_up", "first_year": 2025,
        "last_year": 2027, "ministry": "", "source": "test fixture", "notes": "",
    }).to_csv(folder / "cost_lines.csv", index=False)
    pd.DataFrame({
        "source_id": ["DONOR"] * 3 + ["BUDGET"] * 3 + ["MPTF"],
        "source_name": ["Donor grant"] * 3 + ["State budget"] * 3
        + ["Migration MPTF joint programme"],
        "source_type_code": ["bilateral_development_partners"] * 3
        + ["domestic_budget"] * 3 + ["migration_mptf"],
        "status": ["secured"] * 6 + ["pipeline"],
        "likelihood": [""] * 6 + [0.3],
        "year": [*YEARS, *YEARS, 2026],
        "amount": [100000] * 3 + [150000] * 3 + [120000],
        "currency": "USD", "price_year": [*YEARS, *YEARS, 2026],
        "earmark_objective_id": ["", "", "", "", "", "", 16],
        "earmark_intervention_id": ["PRT-REC"] * 3 + [""] * 4,
        "can_reallocate_in_crisis": "",
        "conditions": ["Annual narrative report"] * 3 + [""] * 4,
    }).to_csv(folder / "funding.csv", index=False)
    pd.DataFrame({
        "framework_code": ["ideal_budgeting_conditions", "budget_governance_principles",
                           "plan_quality_criteria"],
        "item_id": [1, 2, 7], "score": [3, 2, 1],
        "evidence": ["Council of Ministers resolution", "MTEF ceilings", ""],
    }).to_csv(folder / "assessment.csv", index=False)
    return folder


def costed(root: Path, run_id: str, plan_folder: Path, lang: str = "en") -> Path:
    """Set a PRT run folder up with the plan and run the costing stage in process;
    return the run folder (where notebook 04 finds the costing tables)."""
    stages.start_run("PRT", run_id, root, lang=lang, plan_file=str(plan_folder))
    stages.run_stage("costing", "PRT", run_id, root, n_draws=200)
    return paths.run_dir("PRT", run_id, root)


def check_conservation(run_dir: Path) -> pd.DataFrame:
    gaps = io.read_run_table(run_dir, "funding_gaps")
    assert np.allclose(gaps["committed_amount"] + gaps["gap_amount"],
                       gaps["cost_amount"])
    expected = gaps["expected_funded_amount"] + gaps["risk_adjusted_gap_amount"]
    assert np.allclose(expected, gaps["cost_amount"])
    sources = io.read_run_table(run_dir, "funding_sources")
    assert (sources["allocated_amount"] <= sources["amount"] + 1e-6).all()
    return gaps


@pytest.mark.slow
def test_notebook_04_runs_on_costing_tables_with_the_starter_scenario(tmp_path):
    plan_folder = write_plan_folder(tmp_path / "plan")
    (plan_folder / "funding.csv").unlink()  # no funding: the starter scenario
    run_dir = costed(tmp_path / "outputs", "fx", plan_folder)
    executed = run(NOTEBOOK, tmp_path, run_id="fx", country="PRT")
    text = markdown_of(executed)
    assert "Illustrative" in text and "40%" in text
    assert images_in(executed) == 5  # with the scenarios chart
    gaps = check_conservation(run_dir)
    assert gaps["gap_amount"].sum() > 0  # the starter scenario always leaves a gap
    written = {p.stem for p in run_dir.glob("funding_*.csv")}
    assert {"funding_gaps", "funding_mobilisation_plan", "funding_crisis",
            "funding_readiness", "funding_workshop_agenda", "funding_scenarios",
            "funding_source_matches", "funding_partner_strategy"} <= written
    scenarios = io.read_run_table(run_dir, "funding_scenarios")
    assert np.allclose(scenarios["committed_amount"] + scenarios["gap_amount"],
                       scenarios["cost_amount"])
    # Portugal: no Resident Coordinator, so no Joint SDG Fund and no MPTF
    matches = io.read_run_table(run_dir, "funding_source_matches")
    unlisted = matches["source_type_code"].isin(["sdg_funds", "migration_mptf"])
    assert len(matches[unlisted]) and not matches.loc[unlisted, "is_eligible"].any()
    from gcm_analysis.export import shared_exporter

    html = shared_exporter().to_html(executed, title="t", subtitle="s", footer="f")
    assert "gcm-rag-red" in html and "Traceback" not in html
    assert "def " not in html and "funding_sheets" not in html  # no code
    plan_table = io.read_run_table(run_dir, "funding_mobilisation_plan")
    assert plan_table["reason"].str.len().gt(40).all()
    assert plan_table.groupby("objective_id").size().max() <= 3


@pytest.mark.slow
def test_notebook_04_uses_the_plan_funding_and_reports_what_a_shock_delays(tmp_path):
    plan_folder = write_plan_folder(tmp_path / "plan")
    run_dir = costed(tmp_path / "outputs", "plan", plan_folder, lang="fr")
    executed = run(NOTEBOOK, tmp_path, run_id="plan", country="PRT",
                   shock_source_ids=["DONOR"], shock_share=1.0, shock_year=2026)
    text = markdown_of(executed)
    assert "Illustratif" not in text
    assert "Choc testé" in text
    # funded only in 2026 from unearmarked money, the remittance tool is dropped
    assert "Abandonnée\u202f: Remittance price comparison" in text
    gaps = check_conservation(run_dir)
    # nominal funding converted to 2025 prices with the price index
    sources = io.read_run_table(run_dir, "funding_sources")
    budget_2026 = sources[(sources["source_id"] == "BUDGET")
                          & (sources["year"] == 2026)]
    assert budget_2026["amount"].item() == pytest.approx(150000 / 1.02)
    crisis = io.read_run_table(run_dir, "funding_crisis").set_index("intervention_id")
    assert bool(crisis.at["PRT-REC", "is_protected"])
    assert crisis.at["PRT-INC", "outcome"] in ("delayed", "reduced", "dropped")
    cells = io.read_run_table(run_dir, "funding_crisis_cells")
    essential_2026 = cells[(cells["intervention_id"] == "PRT-REC")
                           & (cells["year"] == 2026)]
    assert essential_2026["crisis_allocated_amount"].item() == pytest.approx(
        essential_2026["cost_amount"].item())
    readiness = io.read_run_table(run_dir, "funding_readiness")
    assert readiness["score"].notna().sum() == 3
    assert gaps.loc[gaps["intervention_id"] == "PRT-REC", "secured_amount"].gt(0).all()


def test_funding_without_costing_tables_says_to_run_03_first(tmp_path):
    stages.start_run("PRT", "empty", tmp_path)
    with pytest.raises(stages.StaleRunError, match="run 03_costing first"):
        stages.run_stage("funding", "PRT", "empty", tmp_path)


@pytest.fixture(scope="module")
def costed_prt(tmp_path_factory):
    root = tmp_path_factory.mktemp("chain")
    plan_folder = write_plan_folder(root / "plan")
    stages.start_run("PRT", "starter", root)
    stages.run_stage("costing", "PRT", "starter", root, n_draws=200)
    costed(root, "plan", plan_folder)
    return root, plan_folder


def test_costing_then_funding_for_prt_with_a_starter_plan(costed_prt):
    root, _ = costed_prt
    result = stages.run_stage("funding", "PRT", "starter", root)
    assert result.info["is_illustrative"] and "illustrative" in result.info["note"]
    check_conservation(paths.run_dir("PRT", "starter", root))


def test_costing_then_funding_for_prt_with_a_plan_file(costed_prt):
    root, _ = costed_prt
    result = stages.run_stage("funding", "PRT", "plan", root,
                              shock_source_types=["bilateral_development_partners"],
                              shock_share=1.0)
    assert not result.info["is_illustrative"]
    run_dir = paths.run_dir("PRT", "plan", root)
    gaps = check_conservation(run_dir)
    budget = io.read_run_table(run_dir, "budget_lines")
    assert gaps["cost_amount"].sum() == pytest.approx(budget["amount_constant"].sum())
    crisis = io.read_run_table(run_dir, "funding_crisis").set_index("intervention_id")
    assert bool(crisis.at["PRT-REC", "is_protected"])
    assert set(crisis["outcome"]) & {"delayed", "reduced", "dropped"}
