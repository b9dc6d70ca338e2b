"""World Bank WDI series: tidy, drop unreported zeros, latest year."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .parsing import _as_indicator, parse_source_numbers, wdi_economy_codes
from .rules import (
    _GDP_SOURCE,
    _POP_SOURCE,
    _WDI_VINTAGE,
    WDI_WIDE_INDICATORS,
)


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


def build_wdi_indicators(wdi_series: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every year of each World Bank series, labelled with its unit and source.

    The processed panel keeps every year; which one an analysis uses (the latest
    unflagged value, not older than :data:`WDI_MIN_YEAR`) is decided by
    :func:`gcm_analysis.indicators_panel.latest_values`.

    Parameters
    ----------
    wdi_series : mapping of str to DataFrame
        Output of :func:`build_wdi_series`.

    Returns
    -------
    DataFrame
        ``iso3, indicator, year, value, unit, source``.
    """
    sources = {"population": _POP_SOURCE, "gdp_usd": _GDP_SOURCE}
    for indicator, (code, _) in WDI_WIDE_INDICATORS.items():
        sources[indicator] = f"World Bank WDI {code} ({_WDI_VINTAGE})"
    parts = [
        _as_indicator(wdi_series[name], name, source)
        for name, source in sources.items()
    ]
    return pd.concat(parts, ignore_index=True)
