"""The full chain and the country report (notebooks 00-05), in EN and FR."""

from __future__ import annotations

import json
import re
import unicodedata
from html import unescape as html_unescape

import pandas as pd
import pytest
from conftest import CHAIN_RUNS

from gcm_analysis import paths, report
from gcm_analysis.pdf import chromium_path

# Every test here reads the one full-chain run of the session (tests/conftest.py:
# PRT with its plan in English, KEN in French, PHL in English); the group keeps
# them on one xdist worker, so the chain runs once.
pytestmark = pytest.mark.xdist_group("chain")
RUNS = CHAIN_RUNS


@pytest.fixture(scope="module")
def runs(chain_runs):
    return chain_runs


@pytest.mark.slow
def test_the_chain_runs_for_three_countries(runs):
    root, results = runs
    for iso3, result in results.items():
        assert result.status == "ok", (iso3, result.error)
        run_dir = root / iso3 / "r"
        for name in ("report.html", "tables.xlsx", "run.json", "headline.json",
                     "05_country_report.ipynb", "budget_summary.csv",
                     "funding_gap_total.csv", "selection.csv"):
            assert (run_dir / name).is_file(), (iso3, name)


@pytest.mark.slow
def test_report_is_safe_to_share(runs):
    root, _ = runs
    for iso3 in RUNS:
        html = (root / iso3 / "r" / "report.html").read_text(encoding="utf-8")
        for needle in ("<script", "import ", "gcm_analysis.", "read_run_table",
                       "Traceback", "Error"):
            assert needle not in html, (iso3, needle)
        assert "Content-Security-Policy" in html
        for page in (root / iso3 / "r").glob("*.html"):  # every exported page
            text = page.read_text(encoding="utf-8")
            for local in (str(paths.ROOT_DIR), str(root), "/tmp/", "/home/",
                          "/root/", ".staging"):
                assert local not in text, (page.name, local)
        assert "http://" not in html.split("</head>")[0]  # nothing loaded remotely


@pytest.mark.slow
def test_report_language_follows_the_parameter(runs):
    root, _ = runs
    english = (root / "PRT" / "r" / "report.html").read_text(encoding="utf-8")
    french = (root / "KEN" / "r" / "report.html").read_text(encoding="utf-8")
    assert "Executive summary" in english and "Résumé" not in english
    assert "Résumé" in french and "Executive summary" not in french
    assert "Identité légale" in french  # objective titles from the FR reference
    assert 'lang="fr"' in french


@pytest.mark.slow
def test_needs_and_selection_pages_follow_the_parameter(runs):
    """Notebooks 01 and 02 pass ``lang`` on: headings, charts and sentences."""
    import html

    from gcm_analysis.i18n import t

    root, _ = runs
    pages = {}
    for iso3 in ("PRT", "KEN"):
        text = html.unescape("".join(
            (root / iso3 / "r" / f"{name}.html").read_text(encoding="utf-8")
            for name in ("01_needs_assessment", "02_objective_selection")))
        pages[iso3] = (set(re.findall(r"<th[^>]*>([^<]*)</th>", text)),
                       re.findall(r'alt="([^"]*)"', text), text)
    (english, english_alts, english_text), (french, french_alts, french_text) = (
        pages["PRT"], pages["KEN"])
    for key in ("col.rank", "col.need_score", "col.peer_median", "col.weight",
                "col.selected", "col.priority_score", "report.kf_measure",
                "col.sdg_target", "col.guiding_principle", "col.our_derivation"):
        assert t(key, "en") in english and t(key, "en") not in french, key
        assert t(key, "fr") in french, key
    assert not {"sdg_target", "is_our_derivation", "principle_id"} & (english | french)
    assert any(a.startswith("What drives each objective") for a in english_alts)
    assert any(a.startswith("Ce qui détermine le score") for a in french_alts)
    assert any(a.startswith(t("needs.title", "fr")) for a in french_alts)  # ranking
    assert "Groupe de pairs du Kenya" in french_text
    assert "Objectifs retenus\u202f:" in french_text
    # the computed drivers and reasons columns too
    for english_words, french_words in (("vs peer median", "médiane des pairs de"),
                                        ("Selected:", "Retenu\u202f:"),
                                        ("Not selected:", "Non retenu\u202f:")):
        assert english_words in english_text and english_words not in french_text
        assert french_words in french_text and french_words not in english_text


@pytest.mark.slow
def test_headline_figures_reconcile_with_the_run_tables(runs):
    root, _ = runs
    for iso3 in RUNS:
        run_dir = root / iso3 / "r"
        tables = {name: pd.read_csv(run_dir / f"{name}.csv")
                  for name in report.REPORT_TABLES}
        headline = report.summarise_run(tables)
        summary = tables["budget_summary"].set_index("component")
        total = summary.at["total", "amount_constant"]
        assert headline["total_cost"] == pytest.approx(total, abs=0.01)
        assert headline["committed"] + headline["gap"] == pytest.approx(total, abs=0.05)
        by_objective = tables["budget_by_objective"]["amount_constant"].sum()
        assert by_objective == pytest.approx(total, abs=0.05)
        assert headline["objectives_selected"] == \
            int(tables["selection"]["is_selected"].sum())
        index_figures = json.loads((run_dir / "headline.json").read_text())
        assert index_figures["currency"] == headline["currency"]
        assert index_figures["total_cost"] == headline["total_cost"]
        # every share is its named amount over the cost, recomputed here
        gap = tables["funding_gap_total"].iloc[0]
        for share, amount in (("committed_share", "committed_amount"),
                              ("secured_share", "secured_amount"),
                              ("expected_share", "expected_funded_amount")):
            assert index_figures[share] == pytest.approx(
                gap[amount] / gap["cost_amount"], abs=1e-4), (iso3, share)
        assert gap["committed_amount"] == pytest.approx(
            gap["secured_amount"] + gap["pledged_amount"])
        # the figure printed in the report is the computed one
        html = html_unescape((run_dir / "report.html").read_text(encoding="utf-8"))
        lang = RUNS[iso3]["lang"]
        assert report.money(headline["total_cost"], headline["currency"], lang) in html
        percent = f"{headline['committed_share'] * 100:.0f}"
        space = "\u202f" if lang == "fr" else ""
        assert f"{percent}{space}%" in html, (iso3, percent)


@pytest.mark.slow
def test_a_country_plan_is_used_and_starter_runs_are_labelled_illustrative(runs):
    root, _ = runs
    with_plan = (root / "PRT" / "r" / "report.html").read_text(encoding="utf-8")
    starter = (root / "PHL" / "r" / "report.html").read_text(encoding="utf-8")
    assert "Illustrative: without the country" in starter
    # the country's own plan is never called a starter plan; without a funding
    # sheet only its funding is illustrative, and the banner says so
    assert "Illustrative: without the country" not in with_plan
    assert "Illustrative funding: this report costs the country's own plan " \
        "(PRT_example.xlsx)" in with_plan
    run_json = json.loads((root / "PRT" / "r" / "run.json").read_text())
    assert run_json["parameters"]["plan_file"] == "data/plans/PRT_example.xlsx"
    assert "data/plans/PRT_example.xlsx" in run_json["inputs"]
    assert "Portugal" in with_plan


@pytest.mark.slow
def test_pdf_prints_every_section(runs):
    root, results = runs
    if chromium_path() is None:
        assert any("PDF skipped" in n for n in results["PRT"].notes)
        pytest.skip("Chromium is not installed here (.ci/run installs it)")
    from pypdf import PdfReader

    for iso3, heading in (("PRT", "Executive summary"), ("KEN", "Résumé")):
        reader = PdfReader(root / iso3 / "r" / "report.pdf")
        text = unicodedata.normalize(
            "NFKC", "\n".join(p.extract_text() for p in reader.pages))
        assert 5 <= len(reader.pages) <= 16, len(reader.pages)
        assert heading in text
        assert re.search(r"GCM Workbook \S+ · \S+ r · \d{4}-\d{2}-\d{2}", text)


@pytest.mark.slow
def test_xlsx_tables_have_the_same_numbers_as_the_run_tables(runs):
    from openpyxl import load_workbook

    root, _ = runs
    run_dir = root / "PRT" / "r"
    book = load_workbook(run_dir / "tables.xlsx", read_only=True)
    for name in ("budget_by_objective", "funding_gap_by_objective",
                 "funding_mobilisation_plan"):
        frame = pd.read_csv(run_dir / f"{name}.csv")
        rows = list(book[name].iter_rows(values_only=True))
        assert list(rows[1]) == list(frame.columns)  # row 1: labels
        sheet = pd.DataFrame(rows[2:], columns=rows[1])
        for column in frame.select_dtypes("number").columns:
            expected = frame[column].astype(float).fillna(-1e99).to_numpy()
            got = pd.to_numeric(sheet[column]).astype(float).fillna(-1e99).to_numpy()
            assert got == pytest.approx(expected), (name, column)
