"""``tables.xlsx`` headers in the run's language (gcm_analysis.xlsx_headers), on
the session's full-chain runs (KEN in French, PRT and PHL in English)."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from gcm_analysis import french_lint, i18n
from gcm_analysis.xlsx_headers import column_label, column_unit, label_key, unlabelled

#: run-table columns that have no label yet (``xlsx.col.<column>`` or ``col.<column>``
#: in both languages). Empty: a new column must come with its label, or be listed
#: here on purpose (its internal name then stands as its label).
KNOWN_UNLABELLED: set[str] = set()


def test_labels_come_from_the_catalogue_with_the_generic_ones_reused():
    assert label_key("cost_amount") == "xlsx.col.cost_amount"
    assert label_key("need_score") == "col.need_score"  # the needs table's label
    assert column_label("need_score", "fr") == i18n.t("col.need_score", "fr")
    assert column_label("cost_amount", "en") == "Cost"
    assert unlabelled(["cost_amount", "need_score", "zz_new"]) == ["zz_new"]


def test_units_follow_the_name_and_the_table_currency():
    frame = pd.DataFrame({"gap_amount": [1.0, 2.0], "currency": ["EUR", "USD"],
                          "year": [2025, 2026], "value": [3.0, 4.0],
                          "unit": ["%", "USD"], "indicative_cost_usd": [1.0, 2.0]})
    assert column_unit("gap_amount", frame, "XOF") == "see column currency"
    assert column_unit("gap_amount", frame.iloc[:1], "XOF", "fr") == "EUR"
    assert column_unit("gap_amount", frame.drop(columns="currency"), "XOF") == "XOF"
    assert column_unit("year", frame, "XOF", "fr") == "année civile"
    assert column_unit("value", frame, "XOF") == "see column unit"
    assert column_unit("indicative_cost_usd", frame, "XOF") == "USD"
    assert column_unit("unit", frame, "XOF") == ""


def _run_columns(root) -> set[str]:
    import csv

    columns: set[str] = set()
    for path in sorted(root.glob("*/r/*.csv")):
        with open(path, encoding="utf-8") as handle:
            columns |= set(next(csv.reader(handle), []))
    return columns


@pytest.mark.slow
@pytest.mark.xdist_group("chain")
def test_every_run_column_has_a_label_in_both_languages(chain_runs):
    root, _ = chain_runs
    columns = _run_columns(root)
    assert len(columns) > 150  # the whole chain's tables were read
    missing = set(unlabelled(columns))
    assert missing - KNOWN_UNLABELLED == set(), (
        "columns without a label: add xlsx.col.<column> to "
        "gcm_analysis/locales/gcm.pot and its French to fr/LC_MESSAGES/gcm.po")
    assert KNOWN_UNLABELLED - missing == set(), "labelled now: drop from the list"


def _workbook_headers(path):
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    headers = {}
    for sheet in book.worksheets:
        rows = sheet.iter_rows(max_row=2, values_only=True)
        headers[sheet.title] = (list(next(rows, ())), list(next(rows, ())))
    book.close()
    return headers


@pytest.mark.slow
@pytest.mark.xdist_group("chain")
@pytest.mark.parametrize("iso3, lang", [("KEN", "fr"), ("PRT", "en")])
def test_tables_xlsx_headers_are_in_the_run_language(chain_runs, iso3, lang):
    root, _ = chain_runs
    run_dir = root / iso3 / "r"
    headers = _workbook_headers(run_dir / "tables.xlsx")
    tables = sorted(p.stem for p in run_dir.glob("*.csv"))
    assert list(headers)[:2] == ["about", "columns"]
    assert set(tables) <= set(headers)
    labels: list[str] = []
    for name in tables:
        shown, internal = headers[name]
        assert internal == list(pd.read_csv(run_dir / f"{name}.csv", nrows=0).columns)
        assert shown == [column_label(c, lang) for c in internal], name
        # the internal name is never the only header
        assert [c for c, label in zip(internal, shown, strict=True) if c == label] == []
        labels += shown
    if lang == "fr":
        assert "Déficit" in labels and "Part acquise" in labels
        assert headers["about"][0][0] == "Clé"
        assert headers["columns"][0][:3] == ["Feuille", "Colonne (nom interne)",
                                             "Libellé"]
        page = "".join(f"<p>{html.escape(text)}</p>" for text in sorted(set(labels)))
        assert french_lint.problems(f"<html><body>{page}</body></html>") == []
    else:
        assert "Gap" in labels and "Secured share" in labels
