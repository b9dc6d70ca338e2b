"""The batch index across currencies: shares for every country, money in one
currency through the rates each run recorded, the others in their own currency.
Built from records and tiny run folders (the real PRT/KEN/PHL headlines come
from the session's chain runs; no chain is run here)."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from gcm_analysis import french_lint
from gcm_analysis.batch_currency import common_currency, conversion, recorded_rates
from gcm_analysis.batch_index import BatchRecord, BatchResult, render_index
from gcm_analysis.batch_worker import headline_figures
from gcm_analysis.pdf import chromium_path

COUNTRIES = pd.DataFrame({
    "iso3": ["AAA", "BBB", "CCC", "DDD"],
    "country_name": ["Ruritania", "Borduria", "Syldavia", "Freedonia"],
    "country_name_fr": ["Ruritanie", "Bordurie", "Syldavie", "Fredonie"],
    "wb_region": ["Europe & Central Asia", "Sub-Saharan Africa",
                  "Europe & Central Asia", "Latin America & Caribbean"],
    "wb_income_group": ["High income", "Low income", "Upper middle income",
                        "High income"],
})
SOURCE = "Central bank <b>reference</b> rate"
#: 1 USD = 0.92 EUR mid-2024, 0.80 EUR mid-2026: a 2026 plan takes 0.80
EUR_RATES = [
    {"from_currency": "USD", "to_currency": "EUR", "rate": 0.92,
     "rate_date": "2024-07-01", "source": SOURCE},
    {"from_currency": "USD", "to_currency": "EUR", "rate": 0.80,
     "rate_date": "2026-06-30", "source": SOURCE},
]


def _headline(currency, year, cost, gap, population, secured, expected,
              rates=None):
    return {"currency": currency, "price_year": year, "total_cost": cost,
            "committed": cost - gap, "gap": gap, "secured_share": secured,
            "expected_share": expected, "is_illustrative_funding": False,
            "is_starter_plan": False, "population": population,
            "cost_per_capita": cost / population, "top_objective_ids": [3],
            **({"exchange_rates": rates} if rates else {})}


def _mixed():
    records = [
        BatchRecord("AAA", "ok", 1.0, headline=_headline(
            "USD", 2027, 10e6, 4e6, 5e6, 0.25, 0.5)),
        BatchRecord("BBB", "ok", 1.0, headline=_headline(
            "EUR", 2026, 8e6, 2e6, 1e6, 0.5, 0.75, EUR_RATES)),
        BatchRecord("CCC", "ok", 1.0, headline=_headline(
            "XOF", 2026, 6e9, 3e9, 2e6, 0.125, 0.375)),
        BatchRecord("DDD", "failed", 1.0, error="03_costing failed"),
    ]
    summary = {"ok": 3, "countries": 4, "failed": 1, "interrupted": 0,
               "pending": 0, "stopped_by": None, "seconds": 4.0}
    return BatchResult("mix", Path("batch/mix"), records, 4.0), summary


def _figures(page):
    """{caption: svg} of the page's charts."""
    return dict(re.findall(r"<figure><figcaption>(.*?)</figcaption>(<svg.*?</svg>)"
                           r"</figure>", page))


def test_a_conversion_takes_the_rate_nearest_mid_price_year_either_way():
    eur = _headline("EUR", 2026, 8e6, 2e6, 1e6, 0.5, 0.75, EUR_RATES)
    found = conversion(eur, "USD")
    assert found is not None and found.factor == pytest.approx(1 / 0.80)
    assert found.rate["rate_date"] == "2026-06-30" and not found.is_identity
    old = conversion({**eur, "price_year": 2024}, "USD")
    assert old is not None and old.factor == pytest.approx(1 / 0.92)
    assert conversion({**eur, "currency": "USD"}, "EUR").factor == pytest.approx(
        0.80)  # the direct rate, USD -> EUR
    assert conversion(eur, "EUR").is_identity and conversion(eur, "XOF") is None
    xof = _headline("XOF", 2026, 6e9, 3e9, 2e6, 0.1, 0.3)
    usd = _headline("USD", 2027, 1e6, 1e5, 1e6, 0.1, 0.3)
    assert common_currency([usd, eur, xof]) == "USD"  # reaches two of three
    assert common_currency([eur, xof, xof]) == "XOF"  # most common, none reach
    assert common_currency([]) == "USD"


def test_the_worker_keeps_the_rates_its_run_recorded(tmp_path):
    run = tmp_path / "run"
    (run / "plan").mkdir(parents=True)
    (run / "headline.json").write_text(json.dumps(
        {"currency": "EUR", "price_year": 2025, "total_cost": 1.0}))
    (run / "plan" / "exchange_rates.csv").write_text(
        "__row__,from_currency,to_currency,rate,rate_date,source\n"
        "0,USD,EUR,0.88,2025-07-01,\"ECB, euro reference rate\"\n"
        "1,GBP,EUR,,2025-07-01,blank rate\n", encoding="utf-8")
    figures = headline_figures(run)
    assert figures["exchange_rates"] == [
        {"from_currency": "USD", "to_currency": "EUR", "rate": 0.88,
         "rate_date": "2025-07-01", "source": "ECB, euro reference rate"}]
    assert recorded_rates(tmp_path / "nothing") == []


def test_every_country_is_compared_money_in_one_currency_or_its_own_panel():
    result, summary = _mixed()
    page = render_index(result, summary, "en", countries=COUNTRIES)
    figures = _figures(page)
    shares = figures["Secured and expected funding, as a percentage of the cost"]
    assert all(name in shares for name in ("Ruritania", "Borduria", "Syldavia"))
    per_person = figures["Cost per person (USD, constant prices)"]
    assert "Ruritania" in per_person and "Borduria" in per_person
    assert "Syldavia" not in per_person
    assert ">10.00<" in per_person  # 8e6 EUR / 1e6 people / 0.80 = 10 USD each
    gap = figures["Funding gap (cost − committed), USD million"]
    assert ">2.5<" in gap and ">4.0<" in gap  # 2e6 EUR / 0.80; 4e6 USD
    own = figures["Cost per person (XOF, constant prices)"]
    assert "Syldavia" in own and ">3,000.00<" in own  # in its own currency
    assert "Funding gap (cost − committed), XOF million" in figures
    assert "Countries in XOF, not converted" in page
    assert ("Syldavia: the run records no exchange rate between XOF and USD"
            in page)
    assert ("Borduria: 1 USD = 0.8 EUR, rate dated June 30, 2026; source: Central "
            "bank &lt;b&gt;reference&lt;/b&gt; rate") in page  # escaped
    assert "docs/assumptions.md#m01-inflation-and-exchange-rates" in page
    assert "from 2026 to 2027: they are not brought to one price year" in page
    # the table: own currency shown, converted beside it, sorted by the converted
    row = re.search(r'<tr data-region="Sub-Saharan Africa".*?</tr>', page).group(0)
    assert 'data-sort="10000000.0"><span class="value">8.0\u00a0EUR<small ' \
        'class="converted">≈\u00a010.0\u00a0USD</small>' in row  # in millions
    assert 'data-label="Total cost (USD million, constant prices of the plan&#x27;s ' \
        'base year)"' in row  # what a phone's card says beside the value
    xof_row = re.search(r'<tr data-region="Europe &amp; Central Asia" '
                        r'data-income="Upper.*?</tr>', page).group(0)
    assert 'data-sort=""><span class="value">6,000.0\u00a0XOF</span>' in xof_row


def test_the_french_index_converts_in_french(tmp_path):
    result, summary = _mixed()
    page = render_index(result, summary, "fr", countries=COUNTRIES)
    figures = _figures(page)
    assert "Syldavie" in figures["Financement acquis et attendu, en pourcentage du "
                                 "coût"]
    assert ">10,00<" in figures["Coût par habitant (USD, prix constants)"]
    assert "Pays en XOF, montants non convertis" in page
    assert ("Bordurie\u202f: 1 USD = 0,8 EUR, taux du 30 juin 2026\u202f; "
            "source\u202f: «\u00a0Central bank") in page  # the plan's words, quoted
    assert "6\u202f000,0\u00a0XOF" in page  # French number format
    assert 'data-region="Afrique subsaharienne"' in page  # groups in French
    assert '<select data-filter="region"><option value="">Toutes</option>' in page
    assert '<select data-filter="income"><option value="">Tous</option>' in page
    # what a francophone reader trips over: nothing but the plan's own words
    found = french_lint.problems(page.replace(SOURCE, "").replace(
        "Central bank &lt;b&gt;reference&lt;/b&gt; rate", ""))
    assert found == [], found


def _open(path: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from gcm_analysis.pdf import CHROMIUM_FLAGS

    seen = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS, headless=True)
        try:
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 800})
                page.goto(path.as_uri(), wait_until="load")
                measure = """() => {
                  const doc = document.documentElement;
                  const text = [...document.querySelectorAll('svg text')]
                    .map(t => t.getBoundingClientRect().height).filter(h => h > 0);
                  const shown = [...document.querySelectorAll('#countries tbody tr')]
                    .filter(r => r.offsetHeight > 0)
                    .map(r => r.cells[0].textContent.trim().split(/\\s+/).pop());
                  return {page: doc.scrollWidth <= window.innerWidth,
                          table: document.getElementById('countries').scrollWidth
                            <= document.querySelector('.scroll').clientWidth,
                          text: Math.min(...text), shown: shown};
                }"""
                seen[width] = page.evaluate(measure)
                page.click("th:nth-child(10) button")  # the gap, largest first
                seen[width]["by_gap"] = page.evaluate(measure)["shown"]
                page.select_option("select[data-filter=region]",
                                   "Europe et Asie centrale")
                seen[width]["europe"] = page.evaluate(measure)["shown"]
                page.close()
        finally:
            browser.close()
    return seen


def test_the_mixed_index_fits_a_desktop_and_a_phone(tmp_path):
    if chromium_path() is None:
        pytest.skip("Chromium is not installed here (apt-get install chromium)")
    pytest.importorskip("playwright")
    result, summary = _mixed()
    path = tmp_path / "index.html"
    path.write_text(render_index(result, summary, "fr", countries=COUNTRIES),
                    encoding="utf-8")
    with ThreadPoolExecutor(1) as pool:  # playwright's sync API wants its own thread
        seen = pool.submit(_open, path).result()
    for width in (1280, 390):  # a table on a desktop, cards on a phone
        assert seen[width]["page"] and seen[width]["table"], (width, seen[width])
        assert seen[width]["text"] >= 10, (width, seen[width])  # chart text
        # sorted by the gap in USD: 4 USD million, 2.5 (EUR converted), the XOF
        # country (no rate) and the failed one last
        assert seen[width]["by_gap"] == ["AAA", "BBB", "CCC", "DDD"], seen[width]
        assert seen[width]["europe"] == ["AAA", "CCC"], seen[width]  # filtered


def test_the_session_runs_compare_portugal_in_usd_with_its_plans_rate(chain_runs):
    root, results = chain_runs
    records = [BatchRecord(iso3, "ok", 1.0,
                           headline=headline_figures(result.run_dir))
               for iso3, result in sorted(results.items())]
    assert records[-1].country == "PRT" and records[-1].headline["currency"] == "EUR"
    summary = {"ok": 3, "countries": 3, "failed": 0, "interrupted": 0,
               "pending": 0, "stopped_by": None, "seconds": 3.0}
    page = render_index(BatchResult("s", root / "batch" / "s", records, 3.0),
                        summary, "en")
    per_person = _figures(page)["Cost per person (USD, constant prices)"]
    assert all(name in per_person for name in ("Portugal", "Kenya", "Philippines"))
    prt = records[-1].headline
    rate = conversion(prt, "USD")
    assert rate is not None and rate.rate["rate_date"] == f"{prt['price_year']}-07-01"
    assert f">{prt['cost_per_capita'] * rate.factor:,.2f}<" in per_person
    assert "Portugal: 1 USD = " in page and "not converted" not in page
