"""Indicators computed from two source indicators (ratios, SDG 10.c gaps)."""

from __future__ import annotations

import pandas as pd

from .parsing import _as_indicator
from .rules import SDG_10C_TARGET_PCT


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
        denominator of the same year as the numerator. Every year of every
        input gives a derived row.

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
    # year not after the stock's year (the same year up to 2024, 2024 for 2025
    # stocks), named in each row's source.
    pop = population_series.rename(columns={"year": "pop_year", "value": "pop"})
    per_1000_parts = []
    for side in ("hosted", "originating"):
        stock = pick(f"refugees_asylum_seekers_{side}")[["iso3", "year", "value"]]
        per_1000 = stock.merge(pop, on="iso3")
        per_1000 = per_1000[
            (per_1000["pop_year"] <= per_1000["year"]) & (per_1000["pop"] > 0)
        ]
        per_1000 = (
            per_1000.sort_values(["iso3", "year", "pop_year"])
            .groupby(["iso3", "year"])
            .tail(1)
        )
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
