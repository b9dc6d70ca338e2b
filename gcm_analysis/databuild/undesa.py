"""UN DESA International Migrant Stock 2020: stock, shares, change, emigrants."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import pandas as pd

from .parsing import _as_indicator, normalise_units, parse_source_numbers
from .rules import _UNDESA, UNDESA_CHANGE_YEARS
from .wdi import drop_unreported_zeros

logger = logging.getLogger(__name__)


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


def _undesa_pick(rows: pd.DataFrame, indicator: str, sex: str) -> pd.DataFrame:
    """One UN DESA series, every mid-year period, as ``iso3, year, value, unit``."""
    picked = rows[
        (rows["indicator"] == indicator)
        & (rows["sex"] == sex)
        & rows["period"].str.fullmatch(r"\d{4}")
    ]
    if picked.duplicated(["iso3", "period"]).any():
        raise ValueError(f"UN DESA {indicator}/{sex}: duplicate countries in a period")
    values = pd.DataFrame(
        {
            "iso3": picked["iso3"].astype(str),
            "year": picked["period"].astype(int),
            "value": parse_source_numbers(picked["value"]),
            "unit": picked["unit"].astype(str),
        }
    ).dropna(subset=["value"])
    return normalise_units(values)


def _mid_year(text: str, values: pd.DataFrame) -> pd.Series:
    """Source text per row, naming the row's mid-year (``{year}`` in ``text``)."""
    return values["year"].map(lambda year: text.format(year=year))


def build_undesa_indicators(
    destination: pd.DataFrame,
    origin_totals: pd.DataFrame,
    m49_map: Mapping[int, str],
) -> pd.DataFrame:
    """Migrant stock, its share, female share, 5-year change and emigrants.

    Every mid-year the edition gives (1990, 1995, ..., 2020) is kept.

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
        Columns ``iso3, indicator, year, value, unit, source``, one row per
        country, indicator and mid-year with a value.

    Raises
    ------
    ValueError
        If the origin file's ISO3 disagrees with its M49 code.
    """
    rows = _undesa_countries(destination, m49_map)
    stock = _undesa_pick(rows, "migrant_stock", "both")
    share = _undesa_pick(rows, "migrant_stock_pct_of_population", "both")
    female = _undesa_pick(rows, "female_migrants_pct_of_migrant_stock", "female")

    # The change over the previous UNDESA_CHANGE_YEARS (2015 -> 2020 for the
    # edition year UNDESA_YEAR, whose base is UNDESA_BASE_YEAR).
    base = stock.assign(year=stock["year"] + UNDESA_CHANGE_YEARS)
    change = stock.merge(base, on=["iso3", "year"], suffixes=("", "_base"))
    change = change[change["value_base"] > 0]
    change = change.assign(
        value=(change["value"] - change["value_base"]) / change["value_base"] * 100
    )

    origin = origin_totals
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
                "year": origin["year"].astype(int),
                "value": parse_source_numbers(origin["disp"]),
                "unit": "persons",
            }
        ).dropna(subset=["value"])
    )
    emigrant_share = normalise_units(
        pd.DataFrame(
            {
                "iso3": origin["iso3"],
                "year": origin["year"].astype(int),
                "value": parse_source_numbers(origin["disp_share"]),
                "unit": "fraction",
            }
        ).dropna(subset=["value"])
    )
    emigrant_share = emigrant_share.merge(
        emigrants[["iso3", "year"]], on=["iso3", "year"]
    )

    origin_source = f"{_UNDESA} by origin: emigrants (via guyabel/stepladderChapter)"
    parts = [
        _as_indicator(
            stock,
            "migrant_stock",
            _mid_year(f"{_UNDESA}, Table 1 (both sexes, mid-{{year}})", stock),
        ),
        _as_indicator(
            share,
            "migrant_stock_pct_population",
            _mid_year(f"{_UNDESA}, Table 3 (both sexes, mid-{{year}})", share),
        ),
        _as_indicator(
            female,
            "female_migrants_pct_migrant_stock",
            _mid_year(f"{_UNDESA}, Table 4 (mid-{{year}})", female),
        ),
        _as_indicator(
            change,
            "migrant_stock_change_5y_pct",
            change["year"].map(
                lambda year: f"computed: {_UNDESA}, Table 1, ({year} - "
                f"{year - UNDESA_CHANGE_YEARS}) / {year - UNDESA_CHANGE_YEARS} x 100"
            ),
        ),
        _as_indicator(emigrants, "emigrants", origin_source),
        _as_indicator(
            emigrant_share,
            "emigrants_pct_population",
            f"{origin_source}: disp_share x 100",
        ),
    ]
    return pd.concat(parts, ignore_index=True)
