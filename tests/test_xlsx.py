from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from gcm_analysis.xlsx import neutralise, number_format, write_tables_xlsx


@pytest.mark.parametrize("payload", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x",
                                     "=HYPERLINK(\"http://evil\",\"click\")"])
def test_formula_like_text_is_neutralised(payload):
    assert neutralise(payload) == "'" + payload


def test_plain_values_pass_through():
    assert neutralise("Ministry of Labour") == "Ministry of Labour"
    assert neutralise(-3) == -3 and neutralise(None) is None


def test_workbook_round_trips_numbers_and_blocks_formulas(tmp_path):
    budget = pd.DataFrame({
        "objective_id": [1, 2], "title": ["=cmd|' /C calc'!A0", "Data"],
        "cost_usd": [1234567.891, float("nan")], "share_pct": [12.5, 87.5],
        "funded_share": [0.25, 1.0], "year": [2025, 2026],
    })
    target = write_tables_xlsx({"budget": budget}, tmp_path / "t.xlsx",
                               {"country": "PRT", "note": "=bad"})
    book = load_workbook(target)
    assert book.sheetnames == ["about", "columns", "budget"]
    sheet = book["budget"]
    assert [c.value for c in sheet[2]] == list(budget.columns)  # row 2: names
    assert sheet["B3"].value == "'=cmd|' /C calc'!A0" and sheet["B3"].data_type == "s"
    assert sheet["C3"].value == pytest.approx(1234567.891)
    assert sheet["C4"].value is None  # missing stays empty, never 0
    assert sheet["C3"].number_format == "#,##0"
    assert sheet["D3"].number_format == "0.0"
    assert sheet["E3"].number_format == "0.0%"
    assert sheet.freeze_panes == "A3"
    assert book["about"]["B3"].value == "'=bad"
    # nothing in the workbook is a formula
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_number_formats_follow_column_suffixes():
    numbers = pd.Series([1.0])
    assert number_format("gap_usd", numbers) == "#,##0"
    assert number_format("migrant_share", numbers) == "0.0%"
    assert number_format("title", pd.Series(["a"])) is None


def test_workbook_reads_back_as_the_frames(tmp_path):
    budget = pd.DataFrame({
        "objective_id": [1, 2, 3], "title": ["=1+1", "-minus", "Plain"],
        "amount_usd": [1234567.891, float("nan"), float("inf")],
        "is_core": [True, False, True], "note": [None, "x", "y"],
    })
    sources = pd.DataFrame({"source_id": ["S1"], "funded_usd": [10.0]})
    target = write_tables_xlsx({"budget": budget, "sources": sources},
                               tmp_path / "t.xlsx")
    book = load_workbook(target)
    assert book.sheetnames == ["about", "columns", "budget", "sources"]
    rows = list(book["budget"].iter_rows(values_only=True))
    assert list(rows[1]) == list(budget.columns)
    pd.testing.assert_frame_equal(  # header=1: the CSV's columns (10.0 reads as 10)
        pd.read_excel(target, sheet_name="sources", header=1, engine="openpyxl"),
        sources, check_dtype=False)
    assert rows[2:] == [
        (1, "'=1+1", 1234567.891, True, None),
        (2, "'-minus", None, False, "x"),  # NaN and inf are empty cells, never 0
        (3, "Plain", None, True, "y"),
    ]
    assert book["budget"]["B3"].data_type == "s"
    money = [book["budget"].cell(row, 3) for row in (3, 4, 5)]
    assert [c.number_format for c in money] == ["#,##0"] * 3  # empty cells too
    assert book["budget"]["A3"].number_format == "0"
    assert book["budget"]["A1"].font.b and book["budget"]["A1"].number_format == \
        "General"
    assert book["budget"]["A1"].value == "Objective"  # the label, above the name
    assert book["budget"].auto_filter.ref == "A2:E5"
    assert book["sources"]["B3"].number_format == "#,##0"
    # about: a header row, then how the sheets are laid out
    about = [r[0] for r in book["about"].iter_rows(values_only=True)]
    assert about == ["Key", "layout"]


def test_same_tables_give_the_same_bytes(tmp_path):
    frame = pd.DataFrame({"cost_usd": [1.5, 2.0], "name": ["a", "b"]})
    about = {"run_id": "r", "created_utc": "2025-05-01T10:00:00+00:00"}
    first = write_tables_xlsx({"t": frame}, tmp_path / "a.xlsx", about)
    second = write_tables_xlsx({"t": frame}, tmp_path / "b.xlsx", about)
    assert first.read_bytes() == second.read_bytes()
    created = load_workbook(first).properties.created
    assert created.isoformat() == "2025-05-01T10:00:00"


def test_sheet_names_are_cut_and_kept_apart(tmp_path):
    frame = pd.DataFrame({"a": [1]})
    long = "funding_gap_by_objective_and_year_x"
    target = write_tables_xlsx({long: frame, long + "y": frame, "About": frame},
                               tmp_path / "t.xlsx")
    assert load_workbook(target).sheetnames == [
        "about", "columns", long[:31], long[:30] + "1", "About1"]


def test_headers_are_labels_in_the_language_above_the_internal_names(tmp_path):
    """Row 1 is what a finance officer reads (the run's language), row 2 what a
    script reads (the CSV's header); the columns sheet maps one to the other with
    the unit."""
    gaps = pd.DataFrame({"objective_id": [1], "gap_amount": [10.0],
                         "secured_share": [0.5], "currency": ["EUR"],
                         "odd_new_column": ["x"]})
    target = write_tables_xlsx({"gaps": gaps}, tmp_path / "t.xlsx", lang="fr",
                               currency="USD")
    book = load_workbook(target)
    rows = list(book["gaps"].iter_rows(values_only=True))
    assert rows[0] == ("Objectif", "Déficit", "Part acquise", "Monnaie",
                       "odd_new_column")  # no label yet: its name (a test lists them)
    assert rows[1] == tuple(gaps.columns)
    index = list(book["columns"].iter_rows(values_only=True))
    assert index[0] == ("Feuille", "Colonne (nom interne)", "Libellé", "Unité")
    assert index[1] == ("sheet", "column", "label", "unit")
    assert ("gaps", "gap_amount", "Déficit", "EUR") in index  # the table's currency
    assert ("gaps", "secured_share", "Part acquise",
            "part de 0 à 1 (affichée en pourcentage)") in index
    assert book["about"]["A1"].value == "Clé"
    assert str(book["about"]["B2"].value).startswith("Ligne 1 de chaque feuille")
