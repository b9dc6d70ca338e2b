"""Build rules of the data build: named choices, units, column lists.

Each constant is explained in ``data/README.md`` ("Build rules"); change both
together.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------
# Choices (documented in data/README.md, "Build rules")
# --------------------------------------------------------------------------------------

#: Oldest year accepted as "latest available" for World Bank series. Older values
#: describe another situation (and WDI remittance costs start in 2011 anyway).
WDI_MIN_YEAR = 2015

#: UNHCR reference year: end-2025 stocks from the "Global Trends 2025" release
#: (refugees R package 2025.12.1; in that package ``YYYY.12`` releases carry the
#: end-year Global Trends figures, ``YYYY.6`` releases the mid-year ones).
UNHCR_YEAR = 2025

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
INDICATOR_COLUMNS: list[str] = ["iso3", "indicator", "year", "value", "unit", "source"]

_WDI_VINTAGE = "2023-05-10 vintage"
_POP_SOURCE = "World Bank WDI SP.POP.TOTL (datasets/population copy of 2026-03-06)"
_GDP_SOURCE = "World Bank WDI NY.GDP.MKTP.CD (datasets/gdp copy of 2024-10-21)"
_UNDESA = "UN DESA International Migrant Stock 2020"
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
