"""Partners' returns: validation, merge rules, totals and interests."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from gcm_analysis import funding_sheets as fs  # noqa: F401 - registers the sheets
from gcm_analysis import paths, plan
from gcm_analysis.funding.partners import (
    merge_partner_returns,
    partner_interests,
    partner_totals,
)

EXAMPLE = paths.PLANS_DIR / "PRT_example"


def gaps() -> pd.DataFrame:
    return pd.DataFrame({
        "intervention_id": ["A", "A", "B"], "objective_id": [5, 5, 16],
        "year": [2026, 2027, 2026], "cost_amount": [100.0, 100.0, 50.0],
        "gap_amount": [80.0, 100.0, 0.0], "currency": "EUR"})


def returns(rows: list[tuple]) -> pd.DataFrame:
    """rows: (partner, type, intervention, objective, year, amount, status)."""
    table = pd.DataFrame(rows, columns=["partner_name", "partner_type_code",
                                        "intervention_id", "objective_id", "year",
                                        "amount", "status"])
    return table.assign(currency="EUR", interests="integration",
                        objective_id=table["objective_id"].astype("Int64"))


THREE_PARTNERS = [
    ("EU", "multilateral_migration_funds", "A", None, 2026, 60.0, "pledged"),
    ("EU", "multilateral_migration_funds", "A", None, 2026, 60.0, "pipeline"),
    ("City", "national_local_development_funding", "A", None, 2026, 50.0,
     "to_be_mobilised"),
    ("City", "national_local_development_funding", "A", None, 2027, 40.0, "secured"),
    ("Fdn", "foundations", None, 19, 2027, 10.0, "pipeline"),
]


def test_duplicates_keep_the_most_certain_row_and_overlaps_are_flagged():
    merged = merge_partner_returns(returns(THREE_PARTNERS), gaps())
    flags = dict(zip(merged["return_row"], merged["merge_flag"], strict=True))
    assert flags[3] == "duplicate"  # the pipeline copy of the pledged row 2
    assert "row 2" in merged.set_index("return_row").at[3, "merge_note"]
    # EU 60 + City 50 = 110 > cost 100 of A in 2026: both flagged
    assert flags[2] == flags[4] == "overlap"
    assert flags[5] == flags[6] == ""  # 40 of 100 in 2027; a whole objective
    assert merged.set_index("return_row").at[6, "objective_id"] == 19
    assert merged.set_index("return_row").at[2, "objective_id"] == 5  # from A


def test_partner_totals_leave_duplicates_out_and_count_committed():
    merged = merge_partner_returns(returns(THREE_PARTNERS), gaps())
    totals = partner_totals(merged).set_index("partner_name")
    assert totals.at["EU", "total_amount"] == 60.0  # not 120
    assert totals.at["EU", "committed_amount"] == 60.0
    assert totals.at["City", "committed_amount"] == 40.0  # secured only
    assert totals.at["City", "total_amount"] == 90.0
    assert totals["total_amount"].sum() == pytest.approx(
        merged.loc[merged["merge_flag"] != "duplicate", "amount"].sum())


def test_interests_map_partners_against_the_plans_gaps():
    merged = merge_partner_returns(returns(THREE_PARTNERS), gaps())
    table = partner_interests(merged, gaps())
    five = table[table["objective_id"] == 5].set_index("partner_name")
    assert five.at["EU", "offered_amount"] == 60.0
    assert five.at["City", "offered_amount"] == 90.0
    assert five["objective_gap_amount"].eq(180.0).all()
    assert 19 in set(table["objective_id"])  # an offer without a gap is shown
    no_offer = merge_partner_returns(returns([]), gaps())
    bare = partner_interests(no_offer, gaps())
    assert bare["objective_id"].tolist() == [5] and bare["partner_name"].eq("").all()


def test_bad_returns_get_located_errors(tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    sheet = pd.read_csv(folder / "partner_returns.csv")
    sheet.loc[1, "intervention_id"] = "PRT-99"
    sheet.loc[2, "partner_type_code"] = "bank"
    sheet.loc[3, "currency"] = "USD"
    sheet.loc[4, ["intervention_id", "objective_id"]] = [None, None]
    sheet.to_csv(folder / "partner_returns.csv", index=False)
    problems = plan.validate_plan_file(folder)
    found = {(p.sheet, p.row, p.column) for p in problems}
    assert {("partner_returns", 3, "intervention_id"),
            ("partner_returns", 4, "partner_type_code"),
            ("partner_returns", 5, "currency"),
            ("partner_returns", 6, "intervention_id")} <= found
    message = next(p.message for p in problems if p.row == 3)
    assert "no intervention with this id" in message and "(cell" in message


def test_the_example_plan_has_three_partners_with_an_overlap_and_a_duplicate():
    the_plan = plan.read_plan(EXAMPLE)
    sheet = the_plan.extra_sheets["partner_returns"]
    assert sheet["partner_name"].nunique() == 3
    cost = pd.DataFrame({"intervention_id": ["PRT-06", "PRT-05"],
                         "objective_id": [16, 15], "year": [2026, 2026],
                         "cost_amount": [900_000.0, 300_000.0],
                         "gap_amount": [0.0, 0.0], "currency": "EUR"})
    merged = merge_partner_returns(sheet, cost)
    assert {"duplicate", "overlap"} <= set(merged["merge_flag"])
