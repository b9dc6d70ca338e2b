"""End-to-end runs of the stage notebooks through the runner (kernel: slow)."""

from __future__ import annotations

import json
import re

import pytest

from gcm_analysis import paths
from gcm_analysis.errors import ParameterError
from gcm_analysis.runner import run_country


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("runs")
    results = {
        "PRT": run_country({"country": "PRT", "run_id": "t1"}, output_root=root,
                           stages=("00_country_profile",)),
        "KEN": run_country({"country": "KEN", "run_id": "t1", "lang": "fr"},
                           output_root=root, stages=("00_country_profile",)),
    }
    return root, results


@pytest.mark.slow
def test_profile_runs_for_two_regions(two_runs):
    root, results = two_runs
    for iso3, result in results.items():
        assert result.status == "ok", result.error
        run_dir = root / iso3 / "t1"
        assert result.run_dir == run_dir
        for name in ("00_country_profile.ipynb", "report.html", "run.json",
                     "profile.csv"):
            assert (run_dir / name).is_file(), name
    assert not (root / ".staging").exists()


@pytest.mark.slow
def test_report_has_no_code_no_scripts_no_local_paths(two_runs):
    root, _ = two_runs
    html = (root / "PRT" / "t1" / "report.html").read_text(encoding="utf-8")
    assert "Portugal" in html
    for needle in ("import ", "read_processed", "run_country", "<script",
                   "jquery", "cdn.", str(paths.ROOT_DIR), str(root), "/tmp/"):
        assert needle not in html, needle
    assert 'class="input' not in html and "jp-InputArea" not in html
    assert html.count("data:image/svg+xml;base64") >= 2
    assert len(html) < 600_000


@pytest.mark.slow
def test_french_report_is_in_french(two_runs):
    root, _ = two_runs
    html = (root / "KEN" / "t1" / "report.html").read_text(encoding="utf-8")
    assert "Profil de pays" in html and 'lang="fr"' in html


@pytest.mark.slow
def test_stage_notebook_prose_follows_the_run_language(two_runs):
    import nbformat

    from gcm_analysis.nbtext import translations

    root, _ = two_runs
    name = "00_country_profile"
    english = nbformat.read(root / "PRT" / "t1" / f"{name}.ipynb", as_version=4)
    french = nbformat.read(root / "KEN" / "t1" / f"{name}.ipynb", as_version=4)
    title = french.cells[0]
    assert english.cells[0].source.startswith("# 00 · Country profile")
    assert title.source == translations("fr")[f"{name}/{title.id}"]["text"]
    html = (root / "KEN" / "t1" / f"{name}.html").read_text(encoding="utf-8")
    assert "Country profile" not in html and "<h1" in html
    for notebook in (english, french):  # file names, not local paths
        assert notebook.metadata["papermill"]["input_path"] == f"{name}.ipynb"
        assert notebook.metadata["papermill"]["output_path"] == f"{name}.ipynb"
        text = json.dumps(notebook.metadata)
        assert str(paths.ROOT_DIR) not in text and str(root) not in text


@pytest.mark.slow
def test_run_json_records_version_commit_parameters_and_checksums(two_runs):
    root, _ = two_runs
    manifest = json.loads((root / "PRT" / "t1" / "run.json").read_text())
    assert manifest["status"] == "ok"
    assert manifest["version"]
    assert re.fullmatch(r"([0-9a-f]{40}(\+dirty)?|unknown)", manifest["git_commit"])
    assert manifest["parameters"]["country"] == "PRT"
    assert "output_root" not in manifest["parameters"]
    assert "data/processed/country_indicators.csv" in manifest["inputs"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", v) for v in manifest["inputs"].values())
    assert "report.html" in manifest["outputs"]


@pytest.mark.slow
def test_profile_table_matches_the_panel(two_runs):
    import pandas as pd

    root, _ = two_runs
    profile = pd.read_csv(root / "PRT" / "t1" / "profile.csv").set_index("indicator")
    from gcm_analysis.indicators_panel import latest_values

    panel = latest_values(pd.read_csv(paths.processed_file("country_indicators")))
    row = panel[(panel.iso3 == "PRT") & (panel.indicator == "population")]
    assert profile.at["population", "value"] == pytest.approx(row["value"].iloc[0])


def test_unknown_country_is_refused_before_any_kernel_and_nothing_is_written(tmp_path):
    with pytest.raises(ParameterError, match="POR"):
        run_country({"country": "POR", "run_id": "x"}, output_root=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("values, match", [
    ({"country": "PRT", "lang": "de"}, "lang"),
    ({"country": "PRT", "contry": "PRT"}, "did you mean 'country'"),
    ({"country": "PRT", "base_year": "2025"}, "base_year"),
    ({"country": "PRT", "run_id": "../../etc"}, "run id"),
    ({"country": "PRT", "weight_need": 0.9}, "sum"),
    ({"country": "PRT", "plan_file": "/no/such/plan.xlsx"}, "does not exist"),
    ({"country": "PRT", "must_include": [24]}, "1 to 23"),
])
def test_bad_parameters_are_refused_before_any_kernel(tmp_path, values, match):
    with pytest.raises(ParameterError, match=match):
        run_country(values, output_root=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_pdf_report_prints_with_the_html_text(two_runs):
    from gcm_analysis.pdf import chromium_path

    root, results = two_runs
    if chromium_path() is None:
        assert any("PDF skipped" in note for note in results["PRT"].notes)
        pytest.skip("Chromium is not installed here (.ci/run installs it)")
    from pypdf import PdfReader

    reader = PdfReader(root / "PRT" / "t1" / "report.pdf")
    import unicodedata

    text = unicodedata.normalize(  # PDF text keeps ligatures such as "fi"
        "NFKC", "\n".join(page.extract_text() for page in reader.pages))
    assert 2 <= len(reader.pages) <= 6
    assert "Country profile: Portugal" in text
    assert "GCM Workbook" in text and "t1" in text  # footer: version and run id


@pytest.mark.slow
def test_tables_xlsx_has_the_run_tables_with_the_same_numbers(two_runs):
    import pandas as pd
    from openpyxl import load_workbook

    root, _ = two_runs
    run_dir = root / "PRT" / "t1"
    book = load_workbook(run_dir / "tables.xlsx")
    assert "profile" in book.sheetnames and book.sheetnames[0] == "about"
    profile = pd.read_csv(run_dir / "profile.csv")
    sheet = book["profile"]
    header = [c.value for c in sheet[2]]  # row 1: labels; row 2: internal names
    values = [row[header.index("value")] for row in
              sheet.iter_rows(min_row=3, values_only=True)]
    for expected, got in zip(profile["value"], values, strict=True):
        if pd.isna(expected):
            assert got is None
        else:
            assert got == pytest.approx(expected)
