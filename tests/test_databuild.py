"""Tests of the processed country tables and the pure functions that build them.

Unlike most tests these read ``data/raw/`` on purpose: the committed processed
files must be exactly what the raw files give, and spot values are checked
against the raw text, parsed here independently of the package.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from gcm_analysis import databuild, io, paths, rawdata
from gcm_analysis.indicators_panel import latest_values

PROCESSED = ("countries", "country_indicators", "country_latest")
SPOT_COUNTRIES = ("KEN", "PRT", "PHL", "MEX", "DEU", "NPL")


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    return rawdata.load_raw_all()


@pytest.fixture(scope="module")
def built(raw) -> dict[str, pd.DataFrame]:
    return databuild.build_processed_tables(raw)


@pytest.fixture(scope="module")
def panel(built) -> pd.DataFrame:
    """``country_indicators`` as built: every year, with flags."""
    return built["country_indicators"]


@pytest.fixture(scope="module")
def indicators(panel) -> pd.DataFrame:
    """The one-value view the analyses use: the latest unflagged value."""
    return latest_values(panel, with_skipped=False)


@pytest.fixture(scope="module")
def countries(built) -> pd.DataFrame:
    return built["countries"]


def value_of(indicators: pd.DataFrame, iso3: str, indicator: str) -> pd.Series:
    rows = indicators[
        (indicators["iso3"] == iso3) & (indicators["indicator"] == indicator)
    ]
    assert len(rows) == 1, f"{iso3} {indicator}: {len(rows)} rows"
    return rows.iloc[0]


def wdi_raw(raw, code: str, iso3: str, year: int) -> str:
    frame = raw[f"wdi_{code}"]
    return frame.loc[frame["Country Code"] == iso3, str(year)].item()


# (a) the committed files are exactly a rebuild


@pytest.mark.parametrize("name", PROCESSED)
def test_committed_processed_file_is_byte_identical_to_a_rebuild(built, name):
    path = paths.processed_file(name)
    assert path.exists(), f"{path} is missing; run `gcm data build`"
    assert path.read_bytes() == io.csv_text(built[name]).encode("utf-8"), (
        f"{path.name} differs from a rebuild of data/raw; run `gcm data build`"
    )


def test_rebuild_is_deterministic(raw, built):
    again = databuild.build_processed_tables(raw)
    for name in PROCESSED:
        assert io.csv_text(again[name]) == io.csv_text(built[name])


def test_stored_latest_values_read_back_as_computed(built):
    """Stages read ``country_latest.csv`` instead of computing it per run: read back
    and typed, it is exactly ``latest_values`` of the panel (dtypes included)."""
    from gcm_analysis.indicators_panel import latest_values
    from gcm_analysis.runfolder import read_data

    stored = read_data(["processed/country_latest"])[0]["processed/country_latest"]
    computed = latest_values(io.read_processed("country_indicators"))
    pd.testing.assert_frame_equal(stored, computed)
    pd.testing.assert_frame_equal(stored, built["country_latest"], check_dtype=False)
    numeric = ["year", "value", "skipped_year", "skipped_value", "n_skipped"]
    assert stored.dtypes[numeric].equals(built["country_latest"].dtypes[numeric])


def test_raw_loaders_keep_source_markers_as_text(raw):
    values = raw["undesa_destination"]["value"]
    assert {"..", "~"} <= set(values)
    assert (raw["undesa_origin_totals"]["fb"] == "NA").any()
    assert (raw["unhcr_population"]["oip"] == "").any()


# (b) spot checks against the raw text


def test_kenya_migrant_stock_2020_is_the_un_desa_figure(indicators, raw):
    row = value_of(indicators, "KEN", "migrant_stock")
    assert (row["year"], row["value"], row["unit"]) == (2020, 1050147.0, "persons")
    desa = raw["undesa_destination"]
    text = desa.loc[
        (desa["iso3"] == "KEN")
        & (desa["indicator"] == "migrant_stock")
        & (desa["sex"] == "both")
        & (desa["period"] == "2020"),
        "value",
    ].item()
    assert float(text) == row["value"]
    change = value_of(indicators, "KEN", "migrant_stock_change_5y_pct")["value"]
    assert change == pytest.approx((1050147 - 1126886) / 1126886 * 100, rel=1e-12)


@pytest.mark.parametrize("iso3", SPOT_COUNTRIES)
def test_population_is_in_persons_and_equals_wdi(indicators, raw, iso3):
    row = value_of(indicators, iso3, "population")
    pop = raw["wdi_population"]
    text = pop.loc[
        (pop["Country Code"] == iso3) & (pop["Year"] == str(row["year"])), "Value"
    ].item()
    assert row["value"] == float(text)
    assert row["unit"] == "persons"
    assert row["year"] == 2024
    assert row["value"] > 1_000_000  # persons, not thousands


@pytest.mark.parametrize("iso3", SPOT_COUNTRIES)
def test_remittances_received_are_in_usd_and_equal_wdi(indicators, raw, iso3):
    row = value_of(indicators, iso3, "remittances_received_usd")
    assert row["value"] == float(wdi_raw(raw, "BX.TRF.PWKR.CD.DT", iso3, row["year"]))
    assert row["unit"] == "USD"
    assert row["value"] > 100_000_000  # USD, not USD million
    assert row["source"].startswith("World Bank WDI BX.TRF.PWKR.CD.DT")


def test_remittance_source_is_wdi_not_knomad_for_china(indicators, raw):
    row = value_of(indicators, "CHN", "remittances_received_usd")
    assert row["value"] == float(wdi_raw(raw, "BX.TRF.PWKR.CD.DT", "CHN", row["year"]))
    # KNOMAD (June 2023) has 53,000 USD million for 2021; WDI has about 22,483.
    assert float(wdi_raw(raw, "BX.TRF.PWKR.CD.DT", "CHN", 2021)) < 30e9


def test_nepal_remittances_pct_gdp_is_the_wdi_series(indicators, raw):
    row = value_of(indicators, "NPL", "remittances_received_pct_gdp")
    assert row["year"] == 2021
    assert row["value"] == float(wdi_raw(raw, "BX.TRF.PWKR.DT.GD.ZS", "NPL", 2021))


@pytest.mark.parametrize("iso3", ["DEU", "KEN", "COL"])
def test_refugees_hosted_sum_the_unhcr_table(indicators, raw, iso3):
    unhcr = raw["unhcr_population"]
    rows = unhcr[
        (unhcr["year"] == str(databuild.UNHCR_YEAR)) & (unhcr["coa_iso"] == iso3)
    ]
    expected = sum(
        int(v) for col in ("refugees", "asylum_seekers", "oip") for v in rows[col] if v
    )
    row = value_of(indicators, iso3, "refugees_asylum_seekers_hosted")
    assert (row["year"], row["value"]) == (databuild.UNHCR_YEAR, float(expected))
    per_1000 = value_of(indicators, iso3, "refugees_asylum_seekers_hosted_per_1000")
    pop = value_of(indicators, iso3, "population")["value"]
    assert per_1000["value"] == pytest.approx(expected / pop * 1000, rel=1e-12)


def test_refugees_originating_excludes_non_country_origins(indicators, raw):
    assert not indicators["iso3"].isin(["XXA", "UNK", "TIB"]).any()
    unhcr = raw["unhcr_population"]
    rows = unhcr[
        (unhcr["year"] == str(databuild.UNHCR_YEAR)) & (unhcr["coo_iso"] == "PHL")
    ]
    expected = sum(
        int(v) for col in ("refugees", "asylum_seekers", "oip") for v in rows[col] if v
    )
    row = value_of(indicators, "PHL", "refugees_asylum_seekers_originating")
    assert row["value"] == float(expected)


def test_portugal_emigrants_are_the_un_desa_origin_total(indicators, raw):
    origin = raw["undesa_origin_totals"]
    sel = origin[(origin["alpha3"] == "PRT") & (origin["year"] == "2020")]
    row = value_of(indicators, "PRT", "emigrants")
    assert row["value"] == float(sel["disp"].item())
    share = value_of(indicators, "PRT", "emigrants_pct_population")
    assert share["value"] == pytest.approx(float(sel["disp_share"].item()) * 100)
    assert share["unit"] == "%"


def test_mexico_derived_indicators_follow_their_inputs(indicators):
    gdp = value_of(indicators, "MEX", "gdp_usd")
    per_capita = value_of(indicators, "MEX", "gdp_per_capita_usd")
    assert per_capita["year"] == gdp["year"]
    assert per_capita["source"].startswith("computed")
    cost = value_of(indicators, "MEX", "remittance_cost_receiving_pct")
    gap = value_of(indicators, "MEX", "remittance_cost_receiving_gap_to_sdg_pp")
    assert gap["value"] == pytest.approx(cost["value"] - 3.0, abs=1e-12)
    assert gap["year"] == cost["year"]


def test_countries_spot_values(countries):
    ken = countries.set_index("iso3").loc["KEN"]
    assert ken["m49_code"] == 404
    assert ken["wb_income_group"] == "Lower middle income"  # FY2023 classification
    assert ken["un_subregion"] == "Sub-Saharan Africa"
    assert ken["currency_code"] == "KES"
    assert bool(ken["is_un_member"])
    prt = countries.set_index("iso3").loc["PRT"]
    assert (prt["country_name"], prt["country_name_fr"]) == ("Portugal", "Portugal")
    deu = countries.set_index("iso3").loc["DEU"]
    assert deu["country_name_fr"] == "Allemagne"
    assert countries.set_index("iso3").loc["BTN", "currency_code"] == "BTN"


# (c) invariants


def test_no_aggregates_and_every_iso3_is_iso_3166(indicators, countries, raw):
    valid = databuild.valid_iso3_codes(raw["country_codes"])
    meta = raw["wdi_country_metadata"]
    wdi_aggregates = set(meta.loc[meta["Region"] == "", "Country Code"])
    for table in (indicators, countries):
        codes = set(table["iso3"])
        assert codes <= valid
        assert not codes & wdi_aggregates
        assert "WLD" not in codes
    assert set(indicators["iso3"]) <= set(countries["iso3"])
    assert not {"XKX", "CHI"} & set(indicators["iso3"])


def test_no_un_desa_aggregate_reaches_the_panel(indicators, raw):
    desa = raw["undesa_destination"]
    m49 = desa["location_code_m49"].astype(int)
    aggregate_names = set(desa.loc[m49 >= 900, "location_name"])
    assert aggregate_names  # the raw file does contain them
    assert (desa.loc[m49 >= 900, "iso3"] == "").all()
    stock = indicators[indicators["indicator"] == "migrant_stock"]
    world = float(
        desa.loc[
            (m49 == 900)
            & (desa["period"] == "2020")
            & (desa["indicator"] == "migrant_stock")
            & (desa["sex"] == "both"),
            "value",
        ].item()
    )
    # The largest value is the United States (about 18 % of the world), not a region.
    assert stock.loc[stock["value"].idxmax(), "iso3"] == "USA"
    assert stock["value"].max() < world / 5


def test_one_row_per_key_units_from_contract_and_no_missing(panel):
    assert list(panel.columns) == databuild.INDICATOR_COLUMNS
    assert not panel.duplicated(["iso3", "indicator", "year"]).any()
    assert set(panel["indicator"]) == set(databuild.INDICATOR_UNITS)
    assert set(panel["unit"]) <= set(databuild.ALLOWED_UNITS)
    assert (panel["indicator"].map(databuild.INDICATOR_UNITS) == panel["unit"]).all()
    assert not panel.drop(columns="flag").isna().any().any()
    assert panel["value"].dtype == np.float64
    assert panel["year"].dtype == np.int64
    keys = panel[["iso3", "indicator", "year"]]
    assert keys.equals(
        keys.sort_values(["iso3", "indicator", "year"]).reset_index(drop=True)
    )
    assert panel["source"].str.len().gt(0).all()
    codes = {c for cell in panel["flag"].dropna() for c in cell.split(";")}
    assert codes <= set(databuild.FLAG_CODES)


def test_the_latest_value_view_has_one_row_per_key(indicators):
    assert list(indicators.columns) == databuild.INDICATOR_COLUMNS[:-1]
    assert not indicators.duplicated(["iso3", "indicator"]).any()
    assert not indicators.isna().any().any()


def test_wdi_values_respect_the_cut_off_year(indicators):
    from gcm_analysis.indicators_panel import LATEST_MIN_YEAR

    assert databuild.WDI_MIN_YEAR == LATEST_MIN_YEAR
    wdi = indicators[indicators["source"].str.contains("WDI")]
    assert wdi["year"].min() >= databuild.WDI_MIN_YEAR


def test_zeros_only_where_the_source_measured_zero(indicators, raw):
    zeros = indicators[indicators["value"] == 0]
    measurable = {
        "refugees_asylum_seekers_hosted",
        "refugees_asylum_seekers_hosted_per_1000",
        "refugees_asylum_seekers_originating",
        "migrant_stock_change_5y_pct",
    }
    assert set(zeros["indicator"]) <= measurable
    unhcr = raw["unhcr_population"]
    hosted_zero = zeros.loc[
        zeros["indicator"] == "refugees_asylum_seekers_hosted", ["iso3", "year"]
    ]
    listed = set(zip(unhcr["coa_iso"], unhcr["year"].astype(int), strict=True))
    # a 0 only for countries UNHCR reports on, in that year
    assert set(zip(hosted_zero["iso3"], hosted_zero["year"], strict=True)) <= listed


@pytest.mark.parametrize(
    ("iso3", "indicator"),
    [
        ("SYR", "remittances_received_usd"),  # WDI 0.0 every year since 2011
        ("TCD", "remittances_received_usd"),  # WDI 0.0 every year
        ("TWN", "emigrants"),  # not a UN DESA origin; the origin file says 0
        ("TWN", "migrant_stock"),  # '..' in UN DESA
        ("AND", "refugees_asylum_seekers_hosted"),  # absent from UNHCR 2025
        ("PRK", "gdp_usd"),  # no WDI GDP
    ],
)
def test_missing_source_values_have_no_row(indicators, iso3, indicator):
    rows = indicators[
        (indicators["iso3"] == iso3) & (indicators["indicator"] == indicator)
    ]
    assert rows.empty


def test_countries_table_follows_its_contract(countries):
    assert list(countries.columns) == databuild.COUNTRIES_COLUMNS
    assert countries["iso3"].is_unique
    assert countries["iso3"].is_monotonic_increasing
    assert countries["is_un_member"].dtype == bool
    assert int(countries["is_un_member"].sum()) == 193
    members = set(countries.loc[countries["is_un_member"], "iso3"])
    assert {"KEN", "PRT", "CIV", "TUR", "SSD"} <= members
    assert not {"PSE", "VAT", "TWN", "COK", "NIU"} & members
    assert countries["country_name"].notna().all()
    assert countries["country_name_fr"].notna().all()
    for column in ("country_name", "wb_region", "currency_code"):
        assert not countries[column].isin(["", "-", "NA", "0"]).any()


def test_un_members_are_independent_in_country_codes(countries, raw):
    codes = raw["country_codes"]
    independent = set(codes.loc[codes["is_independent"] == "Yes", "ISO3166-1-Alpha-3"])
    members = set(countries.loc[countries["is_un_member"], "iso3"])
    assert members <= independent


# (d) coverage of UN Member States


@pytest.mark.parametrize("indicator", ["population", "migrant_stock", "gdp_usd"])
def test_at_least_190_un_members_are_covered(indicators, countries, indicator):
    members = set(countries.loc[countries["is_un_member"], "iso3"])
    covered = set(indicators.loc[indicators["indicator"] == indicator, "iso3"])
    assert len(members & covered) >= 190


# (e) pure functions on tiny frames


def test_parse_source_numbers_reads_markers_as_missing_never_zero():
    parsed = databuild.parse_source_numbers(
        pd.Series(["12.5", "..", "~", "NA", "", "0"])
    )
    assert parsed.dtype == np.float64
    assert parsed.iloc[0] == 12.5 and parsed.iloc[5] == 0.0
    assert parsed.iloc[1:5].isna().all()


def test_parse_source_numbers_rejects_unknown_text():
    with pytest.raises(ValueError, match="non-numeric"):
        databuild.parse_source_numbers(pd.Series(["1", "n/a"]))


def test_normalise_units_converts_to_persons_usd_and_percent():
    given = pd.DataFrame(
        {
            "value": [53771.3, 2.5, 0.25, 7.0],
            "unit": ["thousands", "USD million", "fraction", "persons"],
        }
    )
    expected = pd.DataFrame(
        {
            "value": [53771300.0, 2500000.0, 25.0, 7.0],
            "unit": ["persons", "USD", "%", "persons"],
        }
    )
    result = databuild.normalise_units(given)
    assert_frame_equal(
        result.astype({"unit": object}), expected.astype({"unit": object})
    )
    assert given["unit"].tolist()[0] == "thousands"  # input untouched


def test_normalise_units_rejects_unknown_units():
    with pytest.raises(ValueError, match="unknown unit"):
        databuild.normalise_units(pd.DataFrame({"value": [1.0], "unit": ["furlongs"]}))


def test_tidy_wdi_wide_drops_aggregates_and_empty_cells():
    wide = pd.DataFrame(
        {
            "Country Name": ["Kenya", "World"],
            "Country Code": ["KEN", "WLD"],
            "Indicator Name": ["x", "x"],
            "Indicator Code": ["X", "X"],
            "2020": ["5.0", "100.0"],
            "2021": ["", "101.0"],
        }
    )
    result = databuild.tidy_wdi_wide(wide, frozenset({"KEN"}))
    expected = pd.DataFrame({"iso3": ["KEN"], "year": [2020], "value": [5.0]})
    assert_frame_equal(
        result.astype({"iso3": object}), expected.astype({"iso3": object})
    )


def test_select_latest_respects_the_cut_off():
    series = pd.DataFrame(
        {
            "iso3": ["AAA", "AAA", "BBB", "CCC"],
            "year": [2019, 2021, 2010, 2016],
            "value": [1.0, 2.0, 3.0, np.nan],
        }
    )
    result = databuild.select_latest(series, min_year=2015)
    expected = pd.DataFrame({"iso3": ["AAA"], "year": [2021], "value": [2.0]})
    assert_frame_equal(result, expected)


def test_drop_unreported_zeros_keeps_non_zero_values():
    series = pd.DataFrame(
        {"iso3": ["A", "A"], "year": [2020, 2021], "value": [0.0, 5.0]}
    )
    result = databuild.drop_unreported_zeros(series)
    assert result["value"].tolist() == [5.0]


def test_unhcr_sum_skips_blank_oip_and_non_country_origins():
    table = pd.DataFrame(
        {
            "year": ["2025"] * 4,
            "coo": ["SYR", "STA", "VEN", "UKN"],
            "coo_iso": ["SYR", "XXA", "VEN", "UNK"],
            "coa": ["GFR", "GFR", "COL", "COL"],
            "coa_iso": ["DEU", "DEU", "COL", "COL"],
            "refugees": ["10", "3", "1", "0"],
            "asylum_seekers": ["5", "0", "2", "4"],
            "oip": ["", "", "100", ""],
        }
    )
    result = databuild.build_unhcr_indicators(
        table, frozenset({"DEU", "COL", "SYR", "VEN"})
    )
    got = result.set_index(["iso3", "indicator"])["value"].to_dict()
    assert got == {
        ("COL", "refugees_asylum_seekers_hosted"): 107.0,
        ("DEU", "refugees_asylum_seekers_hosted"): 18.0,
        ("SYR", "refugees_asylum_seekers_originating"): 15.0,
        ("VEN", "refugees_asylum_seekers_originating"): 103.0,
    }


def test_derived_indicators_need_both_inputs():
    base = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "AAA"],
            "indicator": ["gdp_usd", "gdp_usd", "remittance_cost_receiving_pct"],
            "year": [2022, 2022, 2020],
            "value": [1000.0, 500.0, 7.5],
            "unit": ["USD", "USD", "% of amount sent"],
            "source": ["s", "s", "s"],
        }
    )
    population = pd.DataFrame({"iso3": ["AAA"], "year": [2022], "value": [10.0]})
    result = databuild.compute_derived_indicators(
        base, population, population.iloc[0:0]
    )
    got = result.set_index(["iso3", "indicator"])["value"].to_dict()
    assert got == {
        ("AAA", "gdp_per_capita_usd"): 100.0,
        ("AAA", "remittance_cost_receiving_gap_to_sdg_pp"): 4.5,
    }
    assert math.isclose(got[("AAA", "gdp_per_capita_usd")], 100.0)


def test_check_country_indicators_rejects_duplicates_and_bad_units():
    good = pd.DataFrame(
        {
            "iso3": ["KEN"],
            "indicator": ["population"],
            "year": [2024],
            "value": [1.0],
            "unit": ["persons"],
            "source": ["s"],
            "flag": [pd.NA],
        }
    )
    assert databuild.check_country_indicators(good, frozenset({"KEN"})) is good
    with pytest.raises(ValueError, match="unknown flag"):
        databuild.check_country_indicators(
            good.assign(flag="looks_odd"), frozenset({"KEN"})
        )
    with pytest.raises(ValueError, match="more than one row"):
        databuild.check_country_indicators(pd.concat([good, good]), frozenset({"KEN"}))
    with pytest.raises(ValueError, match="unit"):
        databuild.check_country_indicators(
            good.assign(unit="thousands"), frozenset({"KEN"})
        )
    with pytest.raises(ValueError, match="ISO 3166"):
        databuild.check_country_indicators(good.assign(iso3="WLD"), frozenset({"KEN"}))


# (f) the second remittance source


def test_knomad_is_its_own_indicator_never_mixed_into_wdi(panel, raw):
    knomad = panel[panel["indicator"] == "remittances_received_knomad_usd"]
    wdi = panel[panel["indicator"] == "remittances_received_usd"]
    assert knomad["source"].str.startswith("World Bank-KNOMAD").all()
    assert not wdi["source"].str.contains("KNOMAD").any()
    inflows = raw["knomad_inflows"]
    text = inflows.loc[inflows["iso3_or_wb_code"] == "PHL", "2022"].item()
    row = knomad[(knomad["iso3"] == "PHL") & (knomad["year"] == 2022)]
    assert row["value"].item() == pytest.approx(float(text) * 1e6, rel=1e-12)
    assert not set(knomad["iso3"]) & {"WLD", "LMY", "XKX"}
    assert (knomad["value"] > 0).all()  # KNOMAD's 0.0 means "not reported"


def test_the_remittance_breaks_of_wdi_2022_are_flagged(panel):
    flagged = panel[
        (panel["indicator"] == "remittances_received_usd")
        & (panel["year"] == 2022)
        & panel["flag"].notna()
    ]
    assert {"PRT", "PHL", "NZL"} <= set(flagged["iso3"])
    paid_2022 = panel[
        (panel["indicator"] == "remittances_paid_usd") & (panel["year"] == 2022)
    ]
    assert (paid_2022["flag"] == "incomplete_year").all()  # 31 economies only


# (g) every year is kept, exactly as the raw files give it


def panel_value(panel, iso3, indicator, year):
    rows = panel[
        (panel["iso3"] == iso3)
        & (panel["indicator"] == indicator)
        & (panel["year"] == year)
    ]
    assert len(rows) == 1, f"{iso3} {indicator} {year}: {len(rows)} rows"
    return rows.iloc[0]


def test_a_flagged_value_keeps_the_raw_figure(panel, raw):
    row = panel_value(panel, "PRT", "remittances_received_usd", 2022)
    assert row["value"] == float(wdi_raw(raw, "BX.TRF.PWKR.CD.DT", "PRT", 2022))
    assert row["flag"] == "last_year_break"


@pytest.mark.parametrize(("iso3", "year"), [("KEN", 1990), ("DEU", 2005)])
def test_un_desa_earlier_mid_years_equal_the_raw_table(panel, raw, iso3, year):
    desa = raw["undesa_destination"]
    text = desa.loc[
        (desa["iso3"] == iso3)
        & (desa["indicator"] == "migrant_stock")
        & (desa["sex"] == "both")
        & (desa["period"] == str(year)),
        "value",
    ].item()
    assert panel_value(panel, iso3, "migrant_stock", year)["value"] == float(text)


@pytest.mark.parametrize(("iso3", "year"), [("KEN", 2010), ("TUR", 2016)])
def test_unhcr_earlier_years_sum_the_raw_table(panel, raw, iso3, year):
    unhcr = raw["unhcr_population"]
    rows = unhcr[(unhcr["year"] == str(year)) & (unhcr["coa_iso"] == iso3)]
    expected = sum(
        int(v) for col in ("refugees", "asylum_seekers", "oip") for v in rows[col] if v
    )
    row = panel_value(panel, iso3, "refugees_asylum_seekers_hosted", year)
    assert row["value"] == float(expected)
    per_1000 = panel_value(panel, iso3, "refugees_asylum_seekers_hosted_per_1000", year)
    pop = panel_value(panel, iso3, "population", year)["value"]
    assert per_1000["value"] == pytest.approx(expected / pop * 1000, rel=1e-12)


def test_population_keeps_every_wdi_year(panel, raw):
    pop = raw["wdi_population"]
    ken = pop[pop["Country Code"] == "KEN"]
    rows = panel[(panel["iso3"] == "KEN") & (panel["indicator"] == "population")]
    assert rows["year"].tolist() == sorted(ken["Year"].astype(int))
    expected = [float(v) for v in ken.sort_values("Year")["Value"]]
    assert rows["value"].tolist() == expected
