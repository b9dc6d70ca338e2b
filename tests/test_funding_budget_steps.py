"""Budgeting steps 3, 6 and 8: checklist, plan sheet, summary and agenda."""

from __future__ import annotations

import shutil

import pandas as pd

from gcm_analysis import funding_sheets as fs  # noqa: F401 - registers the sheets
from gcm_analysis import paths, plan, reference
from gcm_analysis.funding.budget_steps import (
    add_steps_to_agenda,
    budget_steps_table,
    summarise_budget_steps,
)

REFS = reference.funding_reference()
CHECKLIST = REFS.budgeting_step_checklist
EXAMPLE = paths.PLANS_DIR / "PRT_example"


def test_checklist_quotes_the_guidance_and_labels_our_items():
    assert set(CHECKLIST["step_id"]) == {3, 6, 8}
    assert not CHECKLIST.duplicated(["step_id", "item_id"]).any()
    assert (CHECKLIST["is_guidance_text"] != CHECKLIST["is_our_item"]).all()
    ours = CHECKLIST[CHECKLIST["is_our_item"]]
    assert ours["source"].str.startswith("OUR item").all()
    assert ours["status"].eq("unverified").all()
    quoted = CHECKLIST[CHECKLIST["is_guidance_text"]]
    assert quoted["source"].str.contains("Guidance").all()
    # each step opens with the Guidance's own step text
    firsts = CHECKLIST[CHECKLIST["item_id"] == 1]
    assert firsts["is_guidance_text"].all()


def test_items_not_recorded_are_never_counted_as_not_started():
    sheet = pd.DataFrame({"step_id": [3, 6], "item_id": [1, 3],
                          "status": ["done", "not_started"], "who": ["MFA", pd.NA],
                          "evidence": ["minutes", pd.NA]})
    steps = budget_steps_table(sheet, CHECKLIST, "fr")
    assert len(steps) == len(CHECKLIST) and steps["is_recorded"].sum() == 2
    summary = summarise_budget_steps(steps, "fr").set_index("step_id")
    assert summary.at[3, "n_done"] == 1 and summary.at[6, "n_not_started"] == 1
    assert summary.at[8, "n_not_recorded"] == summary.at[8, "n_items"]
    assert summary["step_name"].str.startswith("Étape").all()
    agenda = pd.DataFrame({"point_id": range(1, 9), "point_text": "p",
                           "from_the_plan": "x", "based_on": "b"})
    totals = pd.DataFrame({"partner_name": ["EU", "City"]})
    filled = add_steps_to_agenda(agenda, summarise_budget_steps(steps), totals)
    assert "step 3: 1 of 7 items done" in filled.at[7, "from_the_plan"]
    assert "EU, City" in filled.at[6, "from_the_plan"]
    assert filled.loc[:5, "from_the_plan"].eq("x").all()


def test_budget_steps_sheet_errors_are_located(tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    sheet = pd.read_csv(folder / "budget_steps.csv")
    sheet.loc[0, "item_id"] = 9  # step 3 has 7 items
    sheet.loc[1, "status"] = "finished"
    sheet.to_csv(folder / "budget_steps.csv", index=False)
    found = {(p.sheet, p.row, p.column) for p in plan.validate_plan_file(folder)}
    assert {("budget_steps", 2, "item_id"), ("budget_steps", 3, "status")} <= found
