"""The batch index page: units, flags, charts, sorting and filters in Chromium,
and user text that stays text. Built from records (no chain runs here)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from gcm_analysis.batch_index import BatchRecord, BatchResult, render_index
from gcm_analysis.batch_page import SCRIPT, SCRIPT_HASH
from gcm_analysis.pdf import chromium_path

HOSTILE = "<script>window.__pwned=1</script>Ruritania"
COUNTRIES = pd.DataFrame({
    "iso3": ["AAA", "BBB", "CCC", "DDD"],
    "country_name": [HOSTILE, "Borduria", "Syldavia", "Freedonia"],
    "country_name_fr": ["Ruritanie", "Bordurie", "Syldavie", "Fredonie"],
    "wb_region": ["Europe & Central Asia", 'Sub-Saharan "Africa"',
                  "Europe & Central Asia", "Latin America"],
    "wb_income_group": ["High income", "Low income", "Upper middle income", pd.NA],
})


def _headline(cost, population, secured, expected, gap, starter, funding=False,
              currency="USD"):
    return {"currency": currency, "price_year": 2027, "total_cost": cost,
            "committed": cost - gap, "gap": gap, "risk_adjusted_gap": gap * 1.1,
            "secured_share": secured, "committed_share": 1 - gap / cost,
            "expected_share": expected, "objectives_selected": 5,
            "is_illustrative_funding": funding or starter,
            "is_starter_plan": starter, "population": population,
            "population_year": 2024, "cost_per_capita": cost / population,
            "top_objective_ids": [14, 3, 18]}


def _result():
    records = [
        BatchRecord("AAA", "ok", 12.5, report_html="AAA/b/report.html",
                    report_pdf="AAA/b/report.pdf", report_docx="AAA/b/report.docx",
                    headline=_headline(12_000_000, 10_000_000, 0.1, 0.3, 7e6, True)),
        BatchRecord("BBB", "ok", 10.0, report_html="BBB/b/report.html",
                    headline=_headline(3_000_000, 1_000_000, 0.5, 0.6, 1e6, False,
                                       funding=True)),
        BatchRecord("CCC", "ok", 11.0, report_html="CCC/b/report.html",
                    headline=_headline(50_000_000, 2_000_000, 0.0, 0.2, 40e6,
                                       False)),
        BatchRecord("DDD", "failed", 3.0,
                    error='03_costing: <img src=x onerror="window.__pwned=2">'),
    ]
    summary = {"ok": 3, "countries": 4, "failed": 1, "interrupted": 0, "pending": 0,
               "stopped_by": None, "seconds": 40.0}
    return BatchResult("b", Path("batch/b"), records, 40.0), summary


def test_index_states_units_flags_and_errors_and_escapes_user_text():
    result, summary = _result()
    page = render_index(result, summary, "en", countries=COUNTRIES)
    assert HOSTILE not in page and "&lt;script&gt;window.__pwned=1" in page
    assert 'onerror="window' not in page and "onerror=&quot;window" in page
    assert re.findall(r"<script[^>]*>", page) == ["<script>"]  # ours alone
    assert f"<script>{SCRIPT}</script>" in page
    assert f"script-src 'sha256-{SCRIPT_HASH}'" in page and "http" not in page.split(
        "<body>")[0].replace("http-equiv", "")
    for words in ("Total cost",
                  "USD million, constant prices of the plan&#x27;s base year",
                  "USD per person", "% of the cost", "Illustrative starter plan",
                  "Own plan, illustrative funding", "Own plan", "1 failed",
                  "14. Consular protection<br>3. Information provision"):
        assert words in page, words
    assert page.count("<svg") == 3  # cost per person, shares, gap
    assert 'href="../../AAA/b/report.docx"' in page
    french = render_index(result, summary, "fr", countries=COUNTRIES)
    assert '<html lang="fr">' in french and "Coût par habitant" in french
    assert "Plan de départ illustratif" in french and "Ruritanie" in french
    assert ">12,0<" in french and "0,01\u202f%" not in french  # French numbers
    assert 'data-region="Europe et Asie centrale"' in french  # groups in French


def _drive(path):
    from playwright.sync_api import sync_playwright

    from gcm_analysis.pdf import CHROMIUM_FLAGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 800})
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(path.as_uri(), wait_until="load")
            names = "() => [...document.querySelectorAll('#countries tbody tr')]" \
                ".filter(r => !r.hidden).map(r => r.cells[0].textContent.trim())"
            seen = {"start": page.evaluate(names)}
            page.click("th:nth-child(6) button")  # total cost: largest first
            seen["cost_desc"] = page.evaluate(names)
            page.click("th:nth-child(6) button")
            seen["cost_asc"] = page.evaluate(names)
            page.click("th:nth-child(1) button")  # country name: A to Z
            seen["name_asc"] = page.evaluate(names)
            page.select_option("select[data-filter=region]", "Europe & Central Asia")
            seen["europe"] = page.evaluate(names)
            seen["count"] = page.text_content("#shown-count")
            page.select_option("select[data-filter=region]", "")
            page.select_option("select[data-filter=income]", "Low income")
            seen["low"] = page.evaluate(names)
            seen["pwned"] = page.evaluate("window.__pwned === undefined")
            seen["scroll"] = page.evaluate(
                "document.documentElement.scrollWidth <= window.innerWidth")
            seen["errors"] = errors
        finally:
            browser.close()
    return seen


def test_index_sorts_filters_and_runs_no_user_text_in_chromium(tmp_path):
    if chromium_path() is None:
        pytest.skip("Chromium is not installed here (apt-get install chromium)")
    pytest.importorskip("playwright")
    result, summary = _result()
    path = tmp_path / "index.html"
    path.write_text(render_index(result, summary, "en", countries=COUNTRIES),
                    encoding="utf-8")
    with ThreadPoolExecutor(1) as pool:  # playwright's sync API wants its own thread
        seen = pool.submit(_drive, path).result()
    first = [name.split()[0] for name in seen["start"]]
    assert first == ["<script>window.__pwned=1</script>Ruritania", "Borduria",
                     "Syldavia", "Freedonia"]  # the label is shown as text
    assert seen["pwned"] and seen["errors"] == []
    short = lambda names: [n.split()[-1] for n in names]  # noqa: E731 - the ISO3
    assert short(seen["cost_desc"]) == ["CCC", "AAA", "BBB", "DDD"]  # failed last
    assert short(seen["cost_asc"]) == ["BBB", "AAA", "CCC", "DDD"]
    assert short(seen["name_asc"]) == ["AAA", "BBB", "DDD", "CCC"]
    assert short(seen["europe"]) == ["AAA", "CCC"] and seen["count"] == "2"
    assert short(seen["low"]) == ["BBB"]
    assert seen["scroll"]  # the table scrolls in its container on a phone
