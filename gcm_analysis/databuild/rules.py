"""Build rules of the data build: named choices, units, column lists.

Each constant is explained in ``data/README.md`` ("Build rules"); change both
together.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------
# Choices (documented in data/README.md, "Build rules")
# --------------------------------------------------------------------------------------

#: Oldest year accepted as "latest available". The build keeps every year; the rule
#: is applied by gcm_analysis.indicators_panel.latest_values (its LATEST_MIN_YEAR,
#: kept equal to this by a test). Older values describe another situation.
WDI_MIN_YEAR = 2015

#: UNHCR reference year: end-2025 stocks from the "Global Trends 2025" release
#: (refugees R package 2025.12.1; in that package ``YYYY.12`` releases carry the
#: end-year Global Trends figures, ``YYYY.6`` releases the mid-year ones).
UNHCR_YEAR = 2025

#: First UNHCR year in the raw copy (the package table cut at 2000).
UNHCR_FIRST_YEAR = 2000

#: UNHCR population columns summed into "refugees and asylum seekers". ``oip``
#: (other people in need of international protection, e.g. 2.8 million
#: Venezuelans in Colombia) is included, as in UNHCR's own count of people
#: forcibly displaced across borders; without it Colombia would show 19,000.
UNHCR_COUNT_COLUMNS: tuple[str, ...] = ("refugees", "asylum_seekers", "oip")

#: UNHCR origin codes that are not countries: Stateless, Unknown, Tibetan.
UNHCR_NON_COUNTRY_CODES = frozenset({"XXA", "UNK", "TIB"})

#: UN DESA International Migrant Stock edition and the base year of the 5-year change.
UNDESA_YEAR = 2020
UNDESA_BASE_YEAR = 2015
#: Span of ``migrant_stock_change_5y_pct`` (each mid-year against 5 years before).
UNDESA_CHANGE_YEARS = UNDESA_YEAR - UNDESA_BASE_YEAR

#: SDG target 10.c: remittance costs below 3 % of the amount sent (by 2030).
SDG_10C_TARGET_PCT = 3.0

#: Codes the World Bank (and UN DESA, as M49 830) use that are not ISO 3166-1 and are
#: therefore left out of the panel, which is keyed on ISO 3166-1 alpha-3.
NON_ISO_CODES_DROPPED: dict[str, str] = {
    "XKX": "Kosovo: World Bank code in the ISO user-assigned range, not ISO 3166-1",
    "CHI": "Channel Islands: World Bank / M49 830 grouping of Jersey (JEY) and "
    "Guernsey (GGY); its figures cannot be split between the two",
}

#: Number of UN Member States (OCHA taxonomy, "Appears in DGACM list").
UN_MEMBER_COUNT = 193

#: Tokens the sources use for "no value". Never read as zero.
MISSING_TOKENS: tuple[str, ...] = ("", "..", "~", "NA")

#: KNOMAD's workbook also leaves one cell as a single space (Saint-Martin, 2018).
KNOMAD_MISSING_TOKENS: tuple[str, ...] = (*MISSING_TOKENS, " ")

#: Units a value may carry in ``country_indicators`` (contracts.md).
ALLOWED_UNITS: tuple[str, ...] = (
    "persons",
    "USD",
    "USD per person",
    "%",
    "per 1,000 population",
    "% of amount sent",
    "percentage points",
)

#: Source units and how to turn them into the units above.
UNIT_CONVERSIONS: dict[str, tuple[str, float]] = {
    "thousands": ("persons", 1000.0),
    "USD million": ("USD", 1_000_000.0),
    "fraction": ("%", 100.0),
    "percent": ("%", 1.0),
}

#: The indicators of ``country_indicators`` and their units (contracts.md).
INDICATOR_UNITS: dict[str, str] = {
    "population": "persons",
    "gdp_usd": "USD",
    "gdp_per_capita_usd": "USD per person",
    "migrant_stock": "persons",
    "migrant_stock_pct_population": "%",
    "female_migrants_pct_migrant_stock": "%",
    "migrant_stock_change_5y_pct": "%",
    "refugees_asylum_seekers_hosted": "persons",
    "refugees_asylum_seekers_hosted_per_1000": "per 1,000 population",
    "refugees_asylum_seekers_originating": "persons",
    "refugees_asylum_seekers_originating_per_1000": "per 1,000 population",
    "emigrants": "persons",
    "emigrants_pct_population": "%",
    "remittances_received_usd": "USD",
    "remittances_received_knomad_usd": "USD",
    "remittances_received_pct_gdp": "%",
    "remittances_paid_usd": "USD",
    "remittances_paid_pct_gdp": "%",
    "remittance_cost_receiving_pct": "% of amount sent",
    "remittance_cost_sending_pct": "% of amount sent",
    "remittance_cost_receiving_gap_to_sdg_pp": "percentage points",
    "remittance_cost_sending_gap_to_sdg_pp": "percentage points",
}

COUNTRIES_COLUMNS: list[str] = [
    "iso3",
    "country_name",
    "country_name_fr",
    "m49_code",
    "wb_region",
    "wb_income_group",
    "un_region",
    "un_subregion",
    "is_un_member",
    "currency_code",
]
INDICATOR_COLUMNS: list[str] = [
    "iso3",
    "indicator",
    "year",
    "value",
    "unit",
    "source",
    "flag",
]

_WDI_VINTAGE = "2023-05-10 vintage"
_POP_SOURCE = "World Bank WDI SP.POP.TOTL (datasets/population copy of 2026-03-06)"
_GDP_SOURCE = "World Bank WDI NY.GDP.MKTP.CD (datasets/gdp copy of 2024-10-21)"
_UNDESA = "UN DESA International Migrant Stock 2020"
#: The second remittance source: never mixed into the WDI series (README §2.4).
KNOMAD_SOURCE = (
    "World Bank-KNOMAD remittance inflows, June 2023 (US$ million x 1e6; 2022 is "
    "an estimate; another source than WDI, not used by the analyses)"
)
_UNHCR = (
    "UNHCR Global Trends {year} (refugees R package 2025.12.1): "
    "refugees + asylum_seekers + oip, end-{year}, by {key}"
)

#: Remittance and cost series from the wide WDI downloads:
#: indicator -> (WDI code, whether a reported 0 means "not reported").
WDI_WIDE_INDICATORS: dict[str, tuple[str, bool]] = {
    "remittances_received_usd": ("BX.TRF.PWKR.CD.DT", True),
    "remittances_paid_usd": ("BM.TRF.PWKR.CD.DT", True),
    "remittances_received_pct_gdp": ("BX.TRF.PWKR.DT.GD.ZS", True),
    "remittance_cost_receiving_pct": ("SI.RMT.COST.IB.ZS", False),
    "remittance_cost_sending_pct": ("SI.RMT.COST.OB.ZS", False),
}

# --------------------------------------------------------------------------------------
# Series checks (data/README.md §2.5): reason codes written in ``flag``
# --------------------------------------------------------------------------------------

#: A one-year jump (spike) that the next value reverses.
FLAG_SPIKE = "spike"
#: A one-year fall (dip) that the next value reverses.
FLAG_DIP = "dip"
#: The country's last value breaks from the one before; nothing later confirms it.
FLAG_LAST_YEAR_BREAK = "last_year_break"
#: The series' last year is reported by only part of the countries (provisional).
FLAG_INCOMPLETE_YEAR = "incomplete_year"
#: A share of GDP that the amount / GDP of the same year contradicts.
FLAG_INCONSISTENT = "inconsistent_with_amount"

#: Every reason code, in the order the data notes explain them.
FLAG_CODES: tuple[str, ...] = (
    FLAG_SPIKE,
    FLAG_DIP,
    FLAG_LAST_YEAR_BREAK,
    FLAG_INCOMPLETE_YEAR,
    FLAG_INCONSISTENT,
)

#: Factor between two neighbouring values that makes a break: the larger is at
#: least 3 times the smaller (x3 or a third). Migration and remittance series move
#: a lot (a war triples refugee numbers, a currency crisis halves remittances in
#: USD); a factor of 3 that reverts the next year is a reporting break, not a
#: change. WDI 2022 remittances received: Mauritania x12.8, South Sudan x8.8,
#: Portugal x6.0, Philippines x0.25, Kuwait x0.03 against 2021.
BREAK_RATIO_DEFAULT = 3.0

#: Tighter factors for series that cannot move that much in a year: a population
#: or GDP in current USD that moves by a quarter (GDP: halves or doubles) and
#: reverts is an error or a rebasing, not a change.
BREAK_RATIO: dict[str, float] = {
    "population": 1.25,
    "gdp_usd": 2.0,
}

#: Neighbouring values further apart than this are not compared: the checks are
#: year-on-year (one missing year tolerated). UN DESA's 5-yearly estimates are
#: therefore not checked for breaks: a 5-year step is not a year-on-year change
#: (Colombia's migrant stock 2015 -> 2020 rose x13 with the Venezuelan exodus),
#: and the edition is one consistent model estimate.
BREAK_MAX_GAP_YEARS = 2

#: A break must reach this level (larger of the two values), by unit: 2 -> 7
#: refugees or 0.1 -> 0.4 % of GDP are noise, not breaks.
BREAK_MIN_LEVEL: dict[str, float] = {
    "persons": 1000.0,
    "USD": 1_000_000.0,
    "%": 1.0,
    "% of amount sent": 1.0,
}

#: The last year of a series is incomplete when fewer countries have it than this
#: share of the countries that have the year before.
LAST_YEAR_MIN_COVERAGE = 0.8

#: Largest relative difference between a published share of GDP and amount / GDP
#: of the same year (WDI: 95 % of country-years agree within 6 %; the GDP file is
#: a newer vintage than the share).
CONSISTENCY_TOLERANCE = 0.25

#: Source indicators checked against themselves (derived ones inherit flags).
CHECKED_INDICATORS: tuple[str, ...] = (
    "population",
    "gdp_usd",
    "migrant_stock",
    "migrant_stock_pct_population",
    "female_migrants_pct_migrant_stock",
    "emigrants",
    "emigrants_pct_population",
    "refugees_asylum_seekers_hosted",
    "refugees_asylum_seekers_originating",
    "remittances_received_usd",
    "remittances_received_knomad_usd",
    "remittances_paid_usd",
    "remittances_received_pct_gdp",
    "remittance_cost_receiving_pct",
    "remittance_cost_sending_pct",
)

#: Share of GDP -> (its amount, GDP): checked against each other, same year.
SHARE_OF_GDP_PAIRS: dict[str, tuple[str, str]] = {
    "remittances_received_pct_gdp": ("remittances_received_usd", "gdp_usd"),
}

#: Derived indicator -> its inputs and which of their years: 0 the same year, -5
#: five years before, "asof" the latest year not after (population for refugee
#: stocks per 1,000).
DERIVED_INPUTS: dict[str, tuple[tuple[str, int | str], ...]] = {
    "gdp_per_capita_usd": (("gdp_usd", 0), ("population", 0)),
    "remittances_paid_pct_gdp": (("remittances_paid_usd", 0), ("gdp_usd", 0)),
    "migrant_stock_change_5y_pct": (("migrant_stock", 0), ("migrant_stock", -5)),
    "refugees_asylum_seekers_hosted_per_1000": (
        ("refugees_asylum_seekers_hosted", 0),
        ("population", "asof"),
    ),
    "refugees_asylum_seekers_originating_per_1000": (
        ("refugees_asylum_seekers_originating", 0),
        ("population", "asof"),
    ),
    "remittance_cost_receiving_gap_to_sdg_pp": (("remittance_cost_receiving_pct", 0),),
    "remittance_cost_sending_gap_to_sdg_pp": (("remittance_cost_sending_pct", 0),),
}
