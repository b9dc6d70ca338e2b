"""Build the processed country tables from the raw source tables.

Two tables come out (their columns are fixed in ``docs/contracts.md``):

- ``countries``: one row per ISO 3166-1 country or territory, with names (EN/FR),
  M49 code, World Bank region and FY2023 income group, UN M49 region and
  sub-region, UN membership and currency;
- ``country_indicators``: a tidy long table, one row per (iso3, indicator) that has
  a value, with the year of that value, its unit and its source.

Every function here except :func:`build_processed` and
:func:`write_processed_tables` is pure: it takes raw DataFrames (as read by
:mod:`gcm_analysis.rawdata`, all text) and returns new DataFrames. The choices
below (cut-off year, UNHCR reference year, what counts as missing) are named
constants, and ``data/README.md`` explains each of them.

A country without a value for an indicator has **no row** for it: the table never
carries placeholder zeros, and consumers reindex on ``countries`` to show gaps.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from . import io, rawdata

logger = logging.getLogger(__name__)

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

# --------------------------------------------------------------------------------------
# Parsing and units
# --------------------------------------------------------------------------------------


def parse_source_numbers(
    values: pd.Series, missing_tokens: Sequence[str] = MISSING_TOKENS
) -> pd.Series:
    """Turn source text into floats; the source's missing markers become NA.

    Parameters
    ----------
    values : Series
        Text as read by :mod:`gcm_analysis.rawdata` (``"1050147"``, ``".."``, ...).
    missing_tokens : sequence of str
        Exact strings meaning "no value" (default: empty, ``..``, ``~``, ``NA``).

    Returns
    -------
    Series
        float64, same index; NA where the source has no value, never 0.

    Raises
    ------
    ValueError
        If a cell is neither a number nor a known missing marker.

    Examples
    --------
    >>> parse_source_numbers(pd.Series(["12", "..", "~", "0"])).tolist()
    [12.0, nan, nan, 0.0]
    """
    text = values.astype("string")
    is_missing = text.isna() | text.isin(list(missing_tokens))
    numbers = pd.to_numeric(text.where(~is_missing), errors="coerce").astype("float64")
    unexpected = numbers.isna() & ~is_missing
    if unexpected.any():
        examples = sorted(set(text[unexpected].astype(str)))[:5]
        raise ValueError(f"unexpected non-numeric value(s) in source: {examples}")
    return numbers


def normalise_units(values: pd.DataFrame) -> pd.DataFrame:
    """Convert ``value`` to the product's units and rewrite ``unit`` accordingly.

    Thousands become persons, USD million become USD, fractions become percent;
    units already in :data:`ALLOWED_UNITS` are kept as they are.

    Parameters
    ----------
    values : DataFrame
        Has ``value`` (float) and ``unit`` (text) columns.

    Returns
    -------
    DataFrame
        A copy with converted ``value`` and ``unit``.

    Raises
    ------
    ValueError
        If a unit is neither allowed nor convertible.

    Examples
    --------
    >>> frame = pd.DataFrame({"value": [53771.3], "unit": ["thousands"]})
    >>> normalise_units(frame).to_dict("records")
    [{'value': 53771300.0, 'unit': 'persons'}]
    """
    unknown = set(values["unit"]) - set(ALLOWED_UNITS) - set(UNIT_CONVERSIONS)
    if unknown:
        raise ValueError(f"unknown unit(s) {sorted(unknown)}; cannot normalise")
    target = values["unit"].map(lambda u: UNIT_CONVERSIONS.get(u, (u, 1.0))[0])
    factor = values["unit"].map(lambda u: UNIT_CONVERSIONS.get(u, (u, 1.0))[1])
    scaled = values["value"].where(factor == 1.0, values["value"] * factor)
    return values.assign(value=scaled.astype("float64"), unit=target.astype(object))


# --------------------------------------------------------------------------------------
# Country universe
# --------------------------------------------------------------------------------------


def valid_iso3_codes(country_codes: pd.DataFrame) -> frozenset[str]:
    """Return the ISO 3166-1 alpha-3 codes listed in the country-codes table.

    Parameters
    ----------
    country_codes : DataFrame
        Raw ``datasets/country-codes`` table.

    Returns
    -------
    frozenset of str
    """
    codes = country_codes["ISO3166-1-Alpha-3"].astype(str)
    return frozenset(codes[codes.str.fullmatch(r"[A-Z]{3}")])


def m49_to_iso3(country_codes: pd.DataFrame) -> dict[int, str]:
    """Return the UN M49 numeric code -> ISO3 mapping of the country-codes table.

    Parameters
    ----------
    country_codes : DataFrame
        Raw ``datasets/country-codes`` table.

    Returns
    -------
    dict of int to str
    """
    rows = country_codes[
        country_codes["ISO3166-1-Alpha-3"].str.fullmatch(r"[A-Z]{3}")
        & country_codes["M49"].str.fullmatch(r"\d+")
    ]
    return {
        int(m49): iso
        for m49, iso in zip(rows["M49"], rows["ISO3166-1-Alpha-3"], strict=True)
    }


def wdi_economy_codes(wdi_country_metadata: pd.DataFrame) -> frozenset[str]:
    """Return the WDI codes of economies; aggregates (empty ``Region``) are left out.

    Parameters
    ----------
    wdi_country_metadata : DataFrame
        Raw WDI "Metadata - Countries" table.

    Returns
    -------
    frozenset of str
    """
    meta = wdi_country_metadata
    return frozenset(meta.loc[meta["Region"].str.strip() != "", "Country Code"])


# --------------------------------------------------------------------------------------
# World Bank series
# --------------------------------------------------------------------------------------


def tidy_wdi_wide(wide: pd.DataFrame, economies: frozenset[str]) -> pd.DataFrame:
    """Reshape a wide WDI download to ``iso3, year, value`` for economies only.

    Parameters
    ----------
    wide : DataFrame
        Raw WDI download: ``Country Code`` and one text column per year.
    economies : frozenset of str
        Codes to keep (see :func:`wdi_economy_codes`).

    Returns
    -------
    DataFrame
        ``iso3`` (str), ``year`` (int), ``value`` (float); empty cells dropped.
    """
    years = [col for col in wide.columns if str(col).isdigit()]
    rows = wide[wide["Country Code"].isin(economies)]
    long = rows.melt(
        id_vars=["Country Code"], value_vars=years, var_name="year", value_name="raw"
    )
    out = pd.DataFrame(
        {
            "iso3": long["Country Code"].astype(str),
            "year": long["year"].astype(int),
            "value": parse_source_numbers(long["raw"]),
        }
    )
    return out.dropna(subset=["value"]).reset_index(drop=True)


def tidy_wdi_long(long: pd.DataFrame, economies: frozenset[str]) -> pd.DataFrame:
    """Reshape a long WDI file (``Country Code, Year, Value``) to ``iso3, year, value``.

    Parameters
    ----------
    long : DataFrame
        Raw ``datasets/population`` or ``datasets/gdp`` table.
    economies : frozenset of str
        Codes to keep.

    Returns
    -------
    DataFrame
        ``iso3``, ``year`` (int), ``value`` (float); missing values dropped.
    """
    rows = long[long["Country Code"].isin(economies)]
    out = pd.DataFrame(
        {
            "iso3": rows["Country Code"].astype(str),
            "year": rows["Year"].astype(int),
            "value": parse_source_numbers(rows["Value"]),
        }
    )
    return out.dropna(subset=["value"]).reset_index(drop=True)


def drop_unreported_zeros(series: pd.DataFrame) -> pd.DataFrame:
    """Drop values of exactly 0 where the source uses 0 for "not reported".

    WDI (and KNOMAD) remittance series carry 0.0 where a country did not report:
    Syria is USD 1.6 billion in 2010 and 0.0 every year after; Chad, Libya and
    Equatorial Guinea are 0.0 in every year. A whole economy receiving or paying
    exactly nothing is not plausible, so a 0 is treated as missing. The same
    holds for UN DESA emigrant totals of areas that are not listed as origins.

    Parameters
    ----------
    series : DataFrame
        ``iso3, year, value``.

    Returns
    -------
    DataFrame
        The rows whose value is not 0.
    """
    return series[series["value"] != 0].reset_index(drop=True)


def select_latest(series: pd.DataFrame, min_year: int | None = None) -> pd.DataFrame:
    """Keep, per country, the latest year with a value (not older than ``min_year``).

    Parameters
    ----------
    series : DataFrame
        ``iso3, year, value``; NA values are ignored.
    min_year : int, optional
        Oldest acceptable year; countries whose latest value is older get no row.

    Returns
    -------
    DataFrame
        One row per ``iso3`` with ``iso3, year, value``, sorted by ``iso3``.
    """
    rows = series.dropna(subset=["value"])
    if min_year is not None:
        rows = rows[rows["year"] >= min_year]
    latest = rows.sort_values(["iso3", "year"]).groupby("iso3", sort=True).tail(1)
    return latest[["iso3", "year", "value"]].reset_index(drop=True)


def _as_indicator(
    values: pd.DataFrame, indicator: str, source: str | pd.Series
) -> pd.DataFrame:
    """Label ``iso3, year, value`` rows as one indicator with its unit and source."""
    return pd.DataFrame(
        {
            "iso3": values["iso3"].astype(str).to_numpy(),
            "indicator": indicator,
            "year": values["year"].astype(int).to_numpy(),
            "value": values["value"].astype("float64").to_numpy(),
            "unit": INDICATOR_UNITS[indicator],
            "source": source if isinstance(source, str) else source.to_numpy(),
        }
    )


def build_wdi_series(raw: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return every World Bank series used, tidy and restricted to economies.

    Parameters
    ----------
    raw : mapping of str to DataFrame
        Raw tables keyed as in :data:`gcm_analysis.rawdata.RAW_FILES`.

    Returns
    -------
    dict of str to DataFrame
        ``population``, ``gdp_usd`` and the :data:`WDI_WIDE_INDICATORS` keys, each
        ``iso3, year, value`` over all years (remittance zeros already dropped).
    """
    economies = wdi_economy_codes(raw["wdi_country_metadata"])
    series = {
        "population": tidy_wdi_long(raw["wdi_population"], economies),
        "gdp_usd": tidy_wdi_long(raw["wdi_gdp"], economies),
    }
    for indicator, (code, zero_is_missing) in WDI_WIDE_INDICATORS.items():
        tidy = tidy_wdi_wide(raw[f"wdi_{code}"], economies)
        series[indicator] = drop_unreported_zeros(tidy) if zero_is_missing else tidy
    return series


def build_wdi_indicators(
    wdi_series: Mapping[str, pd.DataFrame], min_year: int = WDI_MIN_YEAR
) -> pd.DataFrame:
    """Latest value (year >= ``min_year``) of each World Bank series, labelled.

    Parameters
    ----------
    wdi_series : mapping of str to DataFrame
        Output of :func:`build_wdi_series`.
    min_year : int
        Oldest acceptable year (default :data:`WDI_MIN_YEAR`).

    Returns
    -------
    DataFrame
        Columns :data:`INDICATOR_COLUMNS`.
    """
    sources = {"population": _POP_SOURCE, "gdp_usd": _GDP_SOURCE}
    for indicator, (code, _) in WDI_WIDE_INDICATORS.items():
        sources[indicator] = f"World Bank WDI {code} ({_WDI_VINTAGE})"
    parts = [
        _as_indicator(select_latest(wdi_series[name], min_year), name, source)
        for name, source in sources.items()
    ]
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------------------
# UN DESA International Migrant Stock 2020
# --------------------------------------------------------------------------------------


def _undesa_countries(
    destination: pd.DataFrame, m49_map: Mapping[int, str]
) -> pd.DataFrame:
    """Country rows of the destination table with ``iso3`` from their M49 code."""
    m49 = destination["location_code_m49"].astype(int)
    # M49 codes >= 900 are UN DESA aggregates (world, SDG regions, income groups).
    rows = destination[m49 < 900].assign(iso3=m49[m49 < 900].map(m49_map))
    unmapped = rows.loc[rows["iso3"].isna(), "location_name"].unique().tolist()
    if unmapped:
        logger.info("UN DESA areas without an ISO 3166 code, left out: %s", unmapped)
    return rows.dropna(subset=["iso3"])


def _undesa_pick(
    rows: pd.DataFrame, indicator: str, sex: str, period: str
) -> pd.DataFrame:
    """One UN DESA series as ``iso3, year, value, unit`` (parsed, units normalised)."""
    picked = rows[
        (rows["indicator"] == indicator)
        & (rows["sex"] == sex)
        & (rows["period"] == period)
    ]
    if picked["iso3"].duplicated().any():
        raise ValueError(f"UN DESA {indicator}/{sex}/{period}: duplicate countries")
    values = pd.DataFrame(
        {
            "iso3": picked["iso3"].astype(str),
            "year": int(period),
            "value": parse_source_numbers(picked["value"]),
            "unit": picked["unit"].astype(str),
        }
    ).dropna(subset=["value"])
    return normalise_units(values)


def build_undesa_indicators(
    destination: pd.DataFrame,
    origin_totals: pd.DataFrame,
    m49_map: Mapping[int, str],
) -> pd.DataFrame:
    """Migrant stock, its share, female share, 5-year change and emigrants.

    Parameters
    ----------
    destination : DataFrame
        Raw UN DESA IMS 2020 destination table (long).
    origin_totals : DataFrame
        Raw UN DESA IMS 2020 immigrant/emigrant totals (G. Abel).
    m49_map : mapping of int to str
        M49 -> ISO3 (see :func:`m49_to_iso3`).

    Returns
    -------
    DataFrame
        Columns :data:`INDICATOR_COLUMNS`, year 2020 throughout.

    Raises
    ------
    ValueError
        If the origin file's ISO3 disagrees with its M49 code.
    """
    rows = _undesa_countries(destination, m49_map)
    year = str(UNDESA_YEAR)
    stock = _undesa_pick(rows, "migrant_stock", "both", year)
    share = _undesa_pick(rows, "migrant_stock_pct_of_population", "both", year)
    female = _undesa_pick(rows, "female_migrants_pct_of_migrant_stock", "female", year)
    base = _undesa_pick(rows, "migrant_stock", "both", str(UNDESA_BASE_YEAR))

    change = stock.merge(base, on="iso3", suffixes=("", "_base"))
    change = change[change["value_base"] > 0]
    change = change.assign(
        value=(change["value"] - change["value_base"]) / change["value_base"] * 100
    )

    origin = origin_totals[origin_totals["year"] == year]
    origin_iso3 = origin["country_code"].astype(int).map(m49_map)
    stated = origin["alpha3"].where(origin["alpha3"] != "NA")
    if (origin_iso3.fillna("").astype(str) != stated.fillna("").astype(str)).any():
        raise ValueError("UN DESA origin totals: alpha3 does not match the M49 code")
    origin = origin.assign(iso3=origin_iso3).dropna(subset=["iso3"])
    # Areas UN DESA does not list as origins (Taiwan, Saint Barthelemy, Saint
    # Martin: footnoted as counted in another area) come out of G. Abel's sums
    # as 0 emigrants. That 0 is an artefact, not a count, so it is dropped.
    emigrants = drop_unreported_zeros(
        pd.DataFrame(
            {
                "iso3": origin["iso3"],
                "year": UNDESA_YEAR,
                "value": parse_source_numbers(origin["disp"]),
                "unit": "persons",
            }
        ).dropna(subset=["value"])
    )
    emigrant_share = normalise_units(
        pd.DataFrame(
            {
                "iso3": origin["iso3"],
                "year": UNDESA_YEAR,
                "value": parse_source_numbers(origin["disp_share"]),
                "unit": "fraction",
            }
        ).dropna(subset=["value"])
    )
    emigrant_share = emigrant_share[emigrant_share["iso3"].isin(emigrants["iso3"])]

    origin_source = f"{_UNDESA} by origin: emigrants (via guyabel/stepladderChapter)"
    parts = [
        _as_indicator(
            stock, "migrant_stock", f"{_UNDESA}, Table 1 (both sexes, mid-2020)"
        ),
        _as_indicator(
            share,
            "migrant_stock_pct_population",
            f"{_UNDESA}, Table 3 (both sexes, mid-2020)",
        ),
        _as_indicator(
            female,
            "female_migrants_pct_migrant_stock",
            f"{_UNDESA}, Table 4 (mid-2020)",
        ),
        _as_indicator(
            change,
            "migrant_stock_change_5y_pct",
            f"computed: {_UNDESA}, Table 1, (2020 - 2015) / 2015 x 100",
        ),
        _as_indicator(emigrants, "emigrants", origin_source),
        _as_indicator(
            emigrant_share,
            "emigrants_pct_population",
            f"{origin_source}: disp_share x 100",
        ),
    ]
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------------------
# UNHCR
# --------------------------------------------------------------------------------------


def build_unhcr_indicators(
    unhcr_population: pd.DataFrame,
    valid_iso3: frozenset[str],
    year: int = UNHCR_YEAR,
) -> pd.DataFrame:
    """Refugees, asylum seekers and OIP hosted by and originating from each country.

    The bilateral table is summed by country of asylum (``coa_iso``) for
    "hosted" and by country of origin (``coo_iso``) for "originating". Origins
    that are not countries (stateless, unknown, Tibetan) count towards the host
    country's total but get no row of their own. A country absent from the table
    in ``year`` gets no row (UNHCR publishes no zero rows, so absence is not a
    measured zero).

    Parameters
    ----------
    unhcr_population : DataFrame
        Raw UNHCR population table.
    valid_iso3 : frozenset of str
        ISO 3166-1 codes allowed as keys.
    year : int
        Reference year (default :data:`UNHCR_YEAR`).

    Returns
    -------
    DataFrame
        Columns :data:`INDICATOR_COLUMNS`.
    """
    rows = unhcr_population[unhcr_population["year"].astype(int) == year]
    counts = pd.DataFrame(
        {col: parse_source_numbers(rows[col]) for col in UNHCR_COUNT_COLUMNS}
    )
    # oip is blank where UNHCR did not use the category: skip it, never read it as 0.
    total = counts.sum(axis=1, min_count=1)
    parts = []
    for indicator, key in (
        ("refugees_asylum_seekers_hosted", "coa_iso"),
        ("refugees_asylum_seekers_originating", "coo_iso"),
    ):
        keys = rows[key].astype(str)
        keep = keys.isin(valid_iso3) & ~keys.isin(UNHCR_NON_COUNTRY_CODES)
        summed = total[keep].groupby(keys[keep]).sum(min_count=1).dropna()
        values = pd.DataFrame(
            {"iso3": summed.index.astype(str), "year": year, "value": summed.to_numpy()}
        )
        parts.append(
            _as_indicator(values, indicator, _UNHCR.format(year=year, key=key))
        )
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------------------
# Derived indicators
# --------------------------------------------------------------------------------------


def _same_year_ratio(
    numerator: pd.DataFrame, denominator: pd.DataFrame, scale: float
) -> pd.DataFrame:
    """``numerator / denominator * scale`` on matching (iso3, year) rows."""
    both = numerator[["iso3", "year", "value"]].merge(
        denominator[["iso3", "year", "value"]], on=["iso3", "year"], suffixes=("", "_d")
    )
    both = both[both["value_d"] > 0]
    ratio = both["value"] / both["value_d"]
    return both.assign(value=ratio * scale if scale != 1.0 else ratio)


def compute_derived_indicators(
    indicators: pd.DataFrame,
    population_series: pd.DataFrame,
    gdp_series: pd.DataFrame,
) -> pd.DataFrame:
    """GDP per capita, refugees per 1,000, remittances paid % GDP, SDG 10.c gaps.

    Parameters
    ----------
    indicators : DataFrame
        Source indicators (columns :data:`INDICATOR_COLUMNS`).
    population_series, gdp_series : DataFrame
        Full WDI series ``iso3, year, value`` (all years), so ratios use the
        denominator of the same year as the numerator.

    Returns
    -------
    DataFrame
        Columns :data:`INDICATOR_COLUMNS`; a value is computed only where both
        inputs exist (missing stays missing).
    """

    def pick(name: str) -> pd.DataFrame:
        return indicators[indicators["indicator"] == name]

    gdp_pc = _same_year_ratio(pick("gdp_usd"), population_series, 1.0)
    paid_pct = _same_year_ratio(pick("remittances_paid_usd"), gdp_series, 100.0)

    # Refugee stocks are end-of-year; the population denominator is the latest WDI
    # year not after it (2024 for 2025 stocks), named in each row's source.
    pop = population_series.rename(columns={"year": "pop_year", "value": "pop"})
    per_1000_parts = []
    for side in ("hosted", "originating"):
        stock = pick(f"refugees_asylum_seekers_{side}")[["iso3", "year", "value"]]
        per_1000 = stock.merge(pop, on="iso3")
        per_1000 = per_1000[
            (per_1000["pop_year"] <= per_1000["year"]) & (per_1000["pop"] > 0)
        ]
        per_1000 = per_1000.sort_values(["iso3", "pop_year"]).groupby("iso3").tail(1)
        per_1000 = per_1000.assign(value=per_1000["value"] / per_1000["pop"] * 1000)
        source = (
            f"computed: refugees_asylum_seekers_{side} (UNHCR "
            + per_1000["year"].astype(str)
            + ") / population (WDI SP.POP.TOTL "
            + per_1000["pop_year"].astype(str)
            + ") x 1000"
        )
        per_1000_parts.append(
            _as_indicator(per_1000, f"refugees_asylum_seekers_{side}_per_1000", source)
        )

    parts = [
        _as_indicator(
            gdp_pc,
            "gdp_per_capita_usd",
            "computed: gdp_usd / population, same year (WDI)",
        ),
        *per_1000_parts,
        _as_indicator(
            paid_pct,
            "remittances_paid_pct_gdp",
            "computed: remittances_paid_usd / gdp_usd, same year, x 100 (WDI)",
        ),
    ]
    for direction in ("receiving", "sending"):
        cost = pick(f"remittance_cost_{direction}_pct")
        gap = cost.assign(value=cost["value"] - SDG_10C_TARGET_PCT)
        parts.append(
            _as_indicator(
                gap,
                f"remittance_cost_{direction}_gap_to_sdg_pp",
                f"computed: remittance_cost_{direction}_pct minus the SDG 10.c target "
                f"of {SDG_10C_TARGET_PCT:g} %",
            )
        )
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------------------
# The two processed tables
# --------------------------------------------------------------------------------------


def check_country_indicators(
    indicators: pd.DataFrame, valid_iso3: frozenset[str]
) -> pd.DataFrame:
    """Return ``indicators`` unchanged if it meets the contract, else raise.

    Parameters
    ----------
    indicators : DataFrame
        Candidate ``country_indicators`` table.
    valid_iso3 : frozenset of str
        ISO 3166-1 alpha-3 codes.

    Returns
    -------
    DataFrame

    Raises
    ------
    ValueError
        Listing every broken rule (columns, keys, iso3, units, missing values).
    """
    problems = []
    if list(indicators.columns) != INDICATOR_COLUMNS:
        problems.append(f"columns {list(indicators.columns)} != {INDICATOR_COLUMNS}")
    else:
        if indicators.duplicated(["iso3", "indicator"]).any():
            problems.append("more than one row per (iso3, indicator)")
        bad_iso = set(indicators["iso3"]) - valid_iso3
        if bad_iso:
            problems.append(f"iso3 not in ISO 3166-1: {sorted(bad_iso)[:10]}")
        expected_unit = indicators["indicator"].map(INDICATOR_UNITS)
        if expected_unit.isna().any():
            problems.append("unknown indicator(s)")
        elif (expected_unit != indicators["unit"]).any():
            problems.append("unit does not match the contract for some indicator")
        if indicators[["year", "value", "unit", "source"]].isna().any().any():
            problems.append("missing year, value, unit or source")
    if problems:
        raise ValueError(
            "country_indicators breaks its contract: " + "; ".join(problems)
        )
    return indicators


def build_country_indicators(raw: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Build ``country_indicators`` from the raw tables.

    Parameters
    ----------
    raw : mapping of str to DataFrame
        Raw tables keyed as in :data:`gcm_analysis.rawdata.RAW_FILES`.

    Returns
    -------
    DataFrame
        ``iso3, indicator, year, value, unit, source``, sorted by ``iso3, indicator``.
    """
    valid = valid_iso3_codes(raw["country_codes"])
    wdi = build_wdi_series(raw)
    # XKX and CHI are World Bank economies without an ISO 3166-1 code (see
    # NON_ISO_CODES_DROPPED); the panel is keyed on ISO 3166-1, so they go.
    outside = sorted(set(wdi["population"]["iso3"]) - valid)
    if outside:
        logger.info("World Bank codes outside ISO 3166-1, left out: %s", outside)
    wdi = {name: series[series["iso3"].isin(valid)] for name, series in wdi.items()}
    sources = pd.concat(
        [
            build_wdi_indicators(wdi),
            build_undesa_indicators(
                raw["undesa_destination"],
                raw["undesa_origin_totals"],
                m49_to_iso3(raw["country_codes"]),
            ),
            build_unhcr_indicators(raw["unhcr_population"], valid),
        ],
        ignore_index=True,
    )
    derived = compute_derived_indicators(sources, wdi["population"], wdi["gdp_usd"])
    table = (
        pd.concat([sources, derived], ignore_index=True)
        .sort_values(["iso3", "indicator"], kind="mergesort")
        .reset_index(drop=True)
    )
    table = table.astype(
        {
            "iso3": object,
            "indicator": object,
            "unit": object,
            "source": object,
            "year": "int64",
            "value": "float64",
        }
    )
    return check_country_indicators(table, valid)


def _first_present(*columns: pd.Series) -> pd.Series:
    """Row-wise first non-empty text among ``columns``; NA if all are empty."""
    result = pd.Series(pd.NA, index=columns[0].index, dtype=object)
    for col in reversed(columns):
        text = col.astype(object).where(col.astype(str).str.strip() != "")
        result = text.where(text.notna(), result)
    return result


def _currency_code(iso_list: pd.Series, ocha: pd.Series) -> pd.Series:
    """One ISO 4217 code: country-codes' code; where it lists several, OCHA's pick."""

    def choose(codes: str, fallback: str) -> object:
        options = [c.strip() for c in str(codes).split(",") if c.strip()]
        if len(options) == 1:
            return options[0]
        if fallback in options:
            return fallback
        if options:
            return options[0]
        return fallback or pd.NA

    return pd.Series(
        [choose(c, f) for c, f in zip(iso_list, ocha, strict=True)],
        index=iso_list.index,
        dtype=object,
    )


def build_countries(
    country_codes: pd.DataFrame,
    ocha_taxonomy: pd.DataFrame,
    wdi_country_metadata: pd.DataFrame,
) -> pd.DataFrame:
    """Build ``countries``: one row per ISO 3166-1 country or territory.

    Names come from the OCHA taxonomy (UNTERM short names, M49 names for
    territories), falling back on country-codes; regions from UN M49
    (country-codes) and the World Bank (WDI metadata, FY2023 income groups); UN
    membership from OCHA's "Appears in DGACM list" (the 193 Member States);
    currency from ISO 4217 in country-codes, with OCHA's code breaking ties
    where several circulate (e.g. Bhutan BTN, El Salvador USD).

    Parameters
    ----------
    country_codes, ocha_taxonomy, wdi_country_metadata : DataFrame
        Raw tables.

    Returns
    -------
    DataFrame
        Columns :data:`COUNTRIES_COLUMNS`, sorted by ``iso3``.

    Raises
    ------
    ValueError
        If the UN member count is not 193 or a code is duplicated.
    """
    base = country_codes[country_codes["ISO3166-1-Alpha-3"].str.fullmatch(r"[A-Z]{3}")]
    ocha = ocha_taxonomy[
        ocha_taxonomy["ISO 3166-1 Alpha 3-Codes"].str.fullmatch(r"[A-Z]{3}")
    ]
    if ocha["ISO 3166-1 Alpha 3-Codes"].duplicated().any():
        raise ValueError("OCHA taxonomy lists an ISO3 code twice")
    merged = base.merge(
        ocha.rename(columns={"ISO 3166-1 Alpha 3-Codes": "ISO3166-1-Alpha-3"}),
        on="ISO3166-1-Alpha-3",
        how="left",
        suffixes=("", "_ocha"),
    ).merge(
        wdi_country_metadata.rename(columns={"Country Code": "ISO3166-1-Alpha-3"}),
        on="ISO3166-1-Alpha-3",
        how="left",
    )
    merged = merged.fillna("")
    countries = pd.DataFrame(
        {
            "iso3": merged["ISO3166-1-Alpha-3"].astype(object),
            "country_name": _first_present(
                merged["English Short"],
                merged["Preferred Term"],
                merged["CLDR display name"],
                merged["official_name_en"],
            ),
            "country_name_fr": _first_present(
                merged["French Short"], merged["M49 French"], merged["official_name_fr"]
            ),
            "m49_code": pd.to_numeric(merged["M49"].replace("", None)).astype("Int64"),
            "wb_region": _first_present(merged["Region"]),
            "wb_income_group": _first_present(merged["IncomeGroup"]),
            "un_region": _first_present(merged["Region Name"]),
            "un_subregion": _first_present(merged["Sub-region Name"]),
            "is_un_member": (merged["Appears in DGACM list"] == "Y").astype(bool),
            "currency_code": _currency_code(
                merged["ISO4217-currency_alphabetic_code"], merged["Currency"]
            ),
        }
    )
    if countries["iso3"].duplicated().any():
        raise ValueError("country-codes lists an ISO3 code twice")
    members = int(countries["is_un_member"].sum())
    if members != UN_MEMBER_COUNT:
        raise ValueError(
            f"found {members} UN Member States, expected {UN_MEMBER_COUNT}"
        )
    return countries.sort_values("iso3").reset_index(drop=True)[COUNTRIES_COLUMNS]


def build_processed_tables(raw: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Build both processed tables from raw tables (pure).

    Parameters
    ----------
    raw : mapping of str to DataFrame
        Raw tables keyed as in :data:`gcm_analysis.rawdata.RAW_FILES`.

    Returns
    -------
    dict of str to DataFrame
        ``{"countries": ..., "country_indicators": ...}``.
    """
    return {
        "countries": build_countries(
            raw["country_codes"], raw["ocha_taxonomy"], raw["wdi_country_metadata"]
        ),
        "country_indicators": build_country_indicators(raw),
    }


def build_processed(raw_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Read ``data/raw`` and build both processed tables (nothing is written).

    Parameters
    ----------
    raw_dir : path, optional
        Folder with the raw files (default ``data/raw``).

    Returns
    -------
    dict of str to DataFrame
        ``{"countries": ..., "country_indicators": ...}``.
    """
    return build_processed_tables(rawdata.load_raw_all(raw_dir))


def write_processed_tables(tables: Mapping[str, pd.DataFrame]) -> list[Path]:
    """Write each table to ``data/processed/<name>.csv`` (atomic, deterministic).

    Parameters
    ----------
    tables : mapping of str to DataFrame
        As returned by :func:`build_processed`.

    Returns
    -------
    list of Path
        The files written, in name order.
    """
    return [io.write_processed(tables[name], name) for name in sorted(tables)]
