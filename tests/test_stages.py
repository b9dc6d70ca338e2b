"""The stage layer and the run folder, without a kernel.

Every stage runs in process over the bundled data; the run folder's records
decide freshness, and a stale or missing input is refused with one sentence
that names the notebook to run.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from gcm_analysis import paths, stages
from gcm_analysis.errors import ParameterError
from gcm_analysis.plan import read_plan
from gcm_analysis.runfolder import read_plan_snapshot, write_plan_snapshot
from gcm_analysis.stages import StageInput, StaleRunError

CHAIN = ("profile", "needs", "selection", "costing", "funding", "report")
PLAN_CSV = paths.PLANS_DIR / "PRT_example"


def _chain(root: Path, country: str = "KEN", run_id: str = "r", **settings) -> dict:
    stages.start_run(country, run_id, root, **settings)
    return {key: stages.run_stage(key, country, run_id, root) for key in CHAIN}


@pytest.fixture(scope="module")
def ken_chain(tmp_path_factory):
    root = tmp_path_factory.mktemp("chain")
    return root, _chain(root)


def test_the_registry_names_every_notebook_once():
    notebooks = [stage.notebook for stage in stages.STAGES.values()]
    assert notebooks == sorted(notebooks) and len(set(notebooks)) == 6
    assert all((paths.NOTEBOOKS_DIR / f"{n}.ipynb").exists() for n in notebooks)
    owners = stages.table_owners()
    for stage in stages.STAGES.values():  # every input has exactly one producer
        assert all(name in owners for name in stage.inputs + stage.optional)


def test_a_whole_chain_runs_in_process_and_reconciles(ken_chain):
    root, results = ken_chain
    folder = stages.open_folder("KEN", "r", root)
    records = folder.records()
    assert set(records) == set(CHAIN)
    for key, stage in stages.STAGES.items():
        assert set(records[key].outputs) == set(stage.outputs)
        assert records[key].inputs["settings"] is not None
    gap = results["funding"]["funding_gap_total"].iloc[0]
    assert gap["committed_amount"] + gap["gap_amount"] == pytest.approx(
        gap["cost_amount"])
    total = results["costing"]["budget_summary"].set_index("component")
    assert gap["cost_amount"] == pytest.approx(total.at["total", "amount_constant"])
    headline = json.loads((folder.path / "headline.json").read_text())
    assert headline["objectives_selected"] == int(
        results["selection"]["selection"]["is_selected"].sum())


def test_settings_start_from_the_run_date(ken_chain):
    root, _ = ken_chain
    settings = stages.open_folder("KEN", "r", root).settings()
    run_date = dt.date.fromisoformat(settings.run_date)
    assert run_date == dt.datetime.now(dt.UTC).date()
    assert settings.base_year == run_date.year + 1
    assert (settings.currency, settings.horizon_years) == ("USD", 3)
    lines = pd.read_csv(stages.open_folder("KEN", "r", root).table_path("budget_lines"))
    assert lines["year"].min() == settings.base_year


def test_the_report_before_anything_names_notebook_00(tmp_path):
    with pytest.raises(StaleRunError, match=r"run 00_country_profile first"):
        stages.run_stage("report", "KEN", "r", tmp_path)
    stages.start_run("KEN", "r", tmp_path)
    with pytest.raises(StaleRunError, match=r"profile\.csv.*run 00_country_profile"):
        stages.run_stage("report", "KEN", "r", tmp_path)
    with pytest.raises(StaleRunError, match=r"needs\.csv.*run 01_needs_assessment"):
        stages.run_stage("selection", "KEN", "r", tmp_path)


def test_a_rerun_costing_makes_the_report_refuse_until_funding_runs_again(tmp_path):
    _chain(tmp_path)
    stages.run_stage("costing", "KEN", "r", tmp_path, contingency_pct=25.0)
    with pytest.raises(StaleRunError) as caught:
        stages.run_stage("report", "KEN", "r", tmp_path)
    message = str(caught.value)
    assert "run 04_resource_mobilisation again" in message
    assert "\n" not in message  # one sentence, no traceback
    stages.run_stage("funding", "KEN", "r", tmp_path)
    stages.run_stage("report", "KEN", "r", tmp_path)  # fresh again


def test_the_same_result_recomputed_is_not_stale(tmp_path):
    _chain(tmp_path)
    stages.run_stage("costing", "KEN", "r", tmp_path)  # same parameters, same bytes
    stages.run_stage("report", "KEN", "r", tmp_path)


def test_a_table_changed_by_hand_is_refused(tmp_path):
    _chain(tmp_path)
    path = stages.open_folder("KEN", "r", tmp_path).table_path("budget_lines")
    path.write_text(path.read_text() + "\n")
    with pytest.raises(StaleRunError, match=r"budget_lines\.csv.*run 03_costing again"):
        stages.run_stage("funding", "KEN", "r", tmp_path)


def test_a_selection_made_after_costing_makes_costing_stale(tmp_path):
    stages.start_run("KEN", "r", tmp_path)
    stages.run_stage("costing", "KEN", "r", tmp_path)  # default starter objectives
    for key in ("profile", "needs", "selection"):
        stages.run_stage(key, "KEN", "r", tmp_path)
    with pytest.raises(StaleRunError, match=r"run 03_costing again"):
        stages.run_stage("funding", "KEN", "r", tmp_path)


def test_new_run_settings_make_every_stage_stale(tmp_path):
    _chain(tmp_path)
    stages.start_run("KEN", "r", tmp_path, lang="fr")
    with pytest.raises(StaleRunError, match=r"run 00_country_profile again"):
        stages.run_stage("report", "KEN", "r", tmp_path)


def test_an_edited_plan_file_is_refused_until_the_folder_reads_it_again(tmp_path):
    plan_dir = tmp_path / "plan_src"
    shutil.copytree(PLAN_CSV, plan_dir)
    root = tmp_path / "out"
    stages.start_run("PRT", "r", root, plan_file=str(plan_dir))
    stages.run_stage("needs", "PRT", "r", root)
    settings = stages.open_folder("PRT", "r", root).settings()
    assert settings.plan_file == "plan_src"  # a name, never a local path
    assert settings.currency == "EUR" and settings.base_year == 2025  # the plan's
    # edit the plan: the folder still holds the snapshot it validated
    lines = plan_dir / "cost_lines.csv"
    lines.write_text(lines.read_text().replace("2025", "2026", 1))
    with pytest.raises(StaleRunError, match=r"plan_src changed.*00_country_profile"):
        stages.run_stage("selection", "PRT", "r", root)
    stages.start_run("PRT", "r", root, plan_file=str(plan_dir))  # reads it again
    with pytest.raises(StaleRunError, match=r"run 01_needs_assessment again"):
        stages.run_stage("selection", "PRT", "r", root)
    stages.run_stage("needs", "PRT", "r", root)
    stages.run_stage("selection", "PRT", "r", root)


def test_the_plan_is_read_and_validated_once(tmp_path, monkeypatch):
    import gcm_analysis.plan as plan_module
    from gcm_analysis.stages.params import validate_parameters

    calls = []
    real = plan_module.read_plan
    monkeypatch.setattr(plan_module, "read_plan",
                        lambda path: calls.append(path) or real(path))
    stages._plan_cached.cache_clear()
    plan_dir = tmp_path / "p"
    shutil.copytree(PLAN_CSV, plan_dir)
    params = validate_parameters({"country": "PRT", "plan_file": str(plan_dir)})
    stages.start_run("PRT", "r", tmp_path / "out", plan_file=params["plan_file"])
    for key in CHAIN:
        stages.run_stage(key, "PRT", "r", tmp_path / "out")
    assert len(calls) == 1


def test_the_plan_snapshot_gives_back_the_validated_plan(tmp_path):
    plan = read_plan(PLAN_CSV)
    write_plan_snapshot(plan, tmp_path / "snap")
    again = read_plan_snapshot(tmp_path / "snap")
    assert again.settings == plan.settings
    for name in ("interventions", "cost_lines", "exchange_rates", "inflation_rates",
                 "priorities"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(plan, name))
    assert set(again.extra_sheets) == set(plan.extra_sheets)
    for name, table in plan.extra_sheets.items():
        pd.testing.assert_frame_equal(again.extra_sheets[name], table)


def test_own_plan_years_cannot_be_overridden(tmp_path):
    with pytest.raises(ParameterError, match="base_year.*plan sets its own years"):
        stages.start_run("PRT", "r", tmp_path, plan_file=str(PLAN_CSV), base_year=2030)


def test_stage_parameters_are_checked_and_run_settings_named(tmp_path):
    stages.start_run("KEN", "r", tmp_path)
    with pytest.raises(ParameterError, match="set it in 00_country_profile"):
        stages.run_stage("costing", "KEN", "r", tmp_path, currency="EUR")
    with pytest.raises(ParameterError, match="did you mean 'n_draws'"):
        stages.run_stage("costing", "KEN", "r", tmp_path, n_draw=10)
    with pytest.raises(ParameterError, match="contingency_pct"):
        stages.run_stage("costing", "KEN", "r", tmp_path, contingency_pct=-1.0)


def test_a_stage_computes_from_tables_alone(ken_chain):
    """The stage function itself opens no file: give it tables, get tables."""
    root, results = ken_chain
    given = results["funding"].inputs
    fresh = StageInput(settings=given.settings, params=dict(given.params),
                       tables={k: v.copy() for k, v in given.tables.items()},
                       data=given.data, plan=None)
    again = stages.STAGES["funding"].compute(fresh)
    for name, table in again.tables.items():
        pd.testing.assert_frame_equal(table, results["funding"].tables[name])
    # a smaller budget gives a smaller cost in every funding table
    half = dict(fresh.tables)
    lines = half["budget_lines"].copy()
    lines["amount_constant"] = lines["amount_constant"] / 2
    half["budget_lines"] = lines
    cut = stages.STAGES["funding"].compute(StageInput(
        settings=given.settings, params=dict(given.params), tables=half,
        data=given.data))
    before = results["funding"]["funding_gap_total"]["cost_amount"].iloc[0]
    assert cut.tables["funding_gap_total"]["cost_amount"].iloc[0] == pytest.approx(
        before / 2)


@pytest.mark.parametrize("key", CHAIN)
def test_no_stage_computation_opens_a_file(ken_chain, key, monkeypatch):
    """Below the stage layer nothing reads a file: each stage's ``compute``, given
    the inputs the layer loaded for it, opens none (the read cache emptied first,
    so a file read inside would show)."""
    import builtins

    from gcm_analysis import io

    root, results = ken_chain
    io._read_csv_cached.cache_clear()
    opened: list[str] = []
    real_open = builtins.open

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    stages.STAGES[key].compute(results[key].inputs)
    monkeypatch.undo()
    assert opened == [], f"stage {key} read {opened}"


@pytest.mark.slow
def test_the_report_notebook_on_a_fresh_folder_says_run_00_without_a_traceback(
        tmp_path):
    import nbformat
    import papermill

    out = tmp_path / "05.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        papermill.execute_notebook(
            str(paths.NOTEBOOKS_DIR / "05_country_report.ipynb"), str(out),
            parameters={"country": "KEN", "run_id": "fresh",
                        "output_root": str(tmp_path)},
            kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
    assert caught.value.ename == "StaleRunError"
    assert "run 00_country_profile first" in caught.value.evalue
    errors = [o for c in nbformat.read(out, as_version=4).cells
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert len(errors) == 1 and len(errors[0]["traceback"]) == 1  # one sentence


def test_no_date_before_the_run_date(ken_chain):
    """Plans and calendars start from the run date (issue 17): the budget's
    years, and every month to approach a source, come after it; a lead time
    that can no longer be met is marked, not moved into the past."""
    root, results = ken_chain
    settings = stages.open_folder("KEN", "r", root).settings()
    run_date = dt.date.fromisoformat(settings.run_date)
    first_month = f"{run_date.year + run_date.month // 12:04d}-" \
        f"{run_date.month % 12 + 1:02d}"
    plan = results["funding"]["funding_mobilisation_plan"]
    assert len(plan) and (plan["approach_by"] >= first_month).all()
    assert (plan["approach_by"] <= plan["needed_from_year"].astype(str)
            + "-01").all()
    wanted = plan["needed_from_year"] * 12 - plan["lead_time_months"]
    earliest = run_date.year * 12 + run_date.month
    assert (plan["is_late"] == (wanted < earliest)).all()
    lines = results["costing"]["budget_lines"]
    assert lines["year"].min() > run_date.year


def test_objectives_without_a_gap_get_no_source_to_approach(ken_chain):
    root, results = ken_chain
    gaps = results["funding"]["funding_gap_by_objective"]
    plan = results["funding"]["funding_mobilisation_plan"]
    closed = set(gaps.loc[gaps["gap_amount"] < 1.0, "objective_id"])
    assert not closed & set(plan["objective_id"])
    assert set(plan["objective_id"]) == set(
        gaps.loc[gaps["gap_amount"] >= 1.0, "objective_id"])


def test_an_explicit_currency_converts_the_own_plan_and_the_report_says_so(tmp_path):
    """Issue 17 item 2: the plan's currency by default; --currency converts,
    and the report says from which currency and at which rates (without
    --currency, the session's PRT run stays in EUR with no such note:
    tests/test_report_claims.py)."""
    converted = _chain(tmp_path, "PRT", "usd", plan_file=str(PLAN_CSV),
                       currency="USD")
    note = converted["report"].info["currency_note"]
    assert "is in EUR" in note and "to USD" in note and "exchange_rates" in note
    assert converted["costing"]["budget_summary"]["currency"].eq("USD").all()
    assert converted["report"].info["headline"]["currency"] == "USD"
