"""Determinism: the same inputs give the same outputs, timestamps aside.

Two full runs (notebooks 00-05) of the example plan with the same parameters,
the first on fresh kernels, the second on one warm kernel (as batches run):
every CSV table is byte-identical, every figure embedded in every HTML page is
byte-identical (SVG), ``plan.xlsx`` and ``headline.json`` are byte-identical,
``tables.xlsx`` holds the same cells (its about sheet's time stamp aside) and
``run.json`` differs only in time stamps and durations. A third, costing-only
run with another seed moves the Monte Carlo range and nothing else: the random
draws come from the ``seed`` parameter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gcm_analysis import paths
from gcm_analysis.kernels import WarmKernel
from gcm_analysis.runner import run_country

VALUES = {"country": "PRT", "plan_file": str(paths.PLANS_DIR / "PRT_example"),
          "currency": "EUR", "seed": 7, "n_draws": 500, "n_robustness": 50}
TIMING = {"created_utc", "seconds"}


def _images(html: str) -> list[str]:
    return re.findall(r'src="data:image/(?:png|svg\+xml);base64,([^"]+)"', html)


def _text(html: str) -> list[str]:
    """Every text of the page but its footer (which names the run and date)."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("footer", "title")

        def handle_endtag(self, tag):
            self.skip -= tag in ("footer", "title")

        def handle_data(self, data):
            if not self.skip and data.strip():
                self.parts.append(data.strip())

    parser = Text()
    parser.feed(html)
    return parser.parts


def _cells(path: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return {sheet.title: [row for row in sheet.iter_rows(values_only=True)
                          if sheet.title != "about" or row[0] not in ("created_utc",
                                                                    "run_id")]
            for sheet in book.worksheets}


def _without_timing(manifest: dict) -> dict:
    clean = {k: v for k, v in manifest.items() if k not in TIMING}
    clean["stages"] = [{k: v for k, v in s.items() if k != "seconds"}
                       for s in manifest["stages"]]
    # outputs whose bytes carry the time (executed notebooks, tables.xlsx, pages
    # whose footer shows the date) are compared by content above
    clean["outputs"] = sorted(manifest["outputs"])
    return clean


@pytest.mark.slow
def test_two_runs_of_the_same_inputs_give_the_same_tables_figures_and_manifest(
        tmp_path):
    fresh = run_country({**VALUES, "run_id": "a"}, output_root=tmp_path, pdf=False)
    kernel = WarmKernel()
    try:
        warm = run_country({**VALUES, "run_id": "b"}, output_root=tmp_path, pdf=False,
                           executor=kernel.execute)
    finally:
        kernel.shutdown()
    assert fresh.status == warm.status == "ok", (fresh.error, warm.error)
    a, b = fresh.run_dir, warm.run_dir

    tables = sorted(p.name for p in a.glob("*.csv"))
    assert len(tables) > 30 and tables == sorted(p.name for p in b.glob("*.csv"))
    for name in tables:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    for name in ("plan.xlsx", "headline.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert _cells(a / "tables.xlsx") == _cells(b / "tables.xlsx")

    pages = sorted(p.name for p in a.glob("*.html"))
    assert pages == sorted(p.name for p in b.glob("*.html"))
    figures = 0
    for name in pages:
        html_a = (a / name).read_text(encoding="utf-8")
        html_b = (b / name).read_text(encoding="utf-8")
        assert _images(html_a) == _images(html_b), name
        figures += len(_images(html_a))
        assert _text(html_a) == _text(html_b), name  # every number and word
    assert figures >= 10

    run_a = json.loads((a / "run.json").read_text())
    run_b = json.loads((b / "run.json").read_text())
    assert run_a["parameters"].pop("run_id") == "a"
    assert run_b["parameters"].pop("run_id") == "b"
    assert run_a["settings"].pop("run_id") == "a"
    assert run_b["settings"].pop("run_id") == "b"
    assert _without_timing(run_a) == _without_timing(run_b)
    for name in tables + ["plan.xlsx", "headline.json"]:  # checksums agree too
        assert run_a["outputs"][name] == run_b["outputs"][name], name

    # another seed: another Monte Carlo range, the same budget
    other = run_country({**VALUES, "run_id": "c", "seed": 8}, output_root=tmp_path,
                        stages=("03_costing",), pdf=False, export=False)
    assert other.status == "ok", other.error
    c = other.run_dir
    assert (c / "budget_lines.csv").read_bytes() == \
        (a / "budget_lines.csv").read_bytes()
    assert (c / "budget_uncertainty.csv").read_bytes() != \
        (a / "budget_uncertainty.csv").read_bytes()
