"""UNHCR refugees, asylum seekers and OIP hosted and originating."""

from __future__ import annotations

import pandas as pd

from .parsing import _as_indicator, parse_source_numbers
from .rules import (
    _UNHCR,
    UNHCR_COUNT_COLUMNS,
    UNHCR_FIRST_YEAR,
    UNHCR_NON_COUNTRY_CODES,
    UNHCR_YEAR,
)


def build_unhcr_indicators(
    unhcr_population: pd.DataFrame,
    valid_iso3: frozenset[str],
    year: int = UNHCR_YEAR,
    first_year: int = UNHCR_FIRST_YEAR,
) -> pd.DataFrame:
    """Refugees, asylum seekers and OIP hosted by and originating from each country.

    The bilateral table is summed by country of asylum (``coa_iso``) for
    "hosted" and by country of origin (``coo_iso``) for "originating". Origins
    that are not countries (stateless, unknown, Tibetan) count towards the host
    country's total but get no row of their own. A country absent from the table
    in a year gets no row for that year (UNHCR publishes no zero rows, so
    absence is not a measured zero). Every year from ``first_year`` to ``year``
    is kept.

    Parameters
    ----------
    unhcr_population : DataFrame
        Raw UNHCR population table.
    valid_iso3 : frozenset of str
        ISO 3166-1 codes allowed as keys.
    year : int
        Last year kept (default :data:`UNHCR_YEAR`, the release's reference year).
    first_year : int
        First year kept (default :data:`UNHCR_FIRST_YEAR`).

    Returns
    -------
    DataFrame
        ``iso3, indicator, year, value, unit, source``, one row per country,
        indicator and year with a value.
    """
    years = unhcr_population["year"].astype(int)
    rows = unhcr_population[(years >= first_year) & (years <= year)]
    counts = pd.DataFrame(
        {col: parse_source_numbers(rows[col]) for col in UNHCR_COUNT_COLUMNS}
    )
    # oip is blank where UNHCR did not use the category: skip it, never read it as 0.
    total = counts.sum(axis=1, min_count=1)
    row_years = rows["year"].astype(int)
    parts = []
    for indicator, key in (
        ("refugees_asylum_seekers_hosted", "coa_iso"),
        ("refugees_asylum_seekers_originating", "coo_iso"),
    ):
        keys = rows[key].astype(str)
        keep = keys.isin(valid_iso3) & ~keys.isin(UNHCR_NON_COUNTRY_CODES)
        summed = (
            total[keep]
            .groupby([keys[keep], row_years[keep]])
            .sum(min_count=1)
            .dropna()
        )
        values = pd.DataFrame(
            {
                "iso3": summed.index.get_level_values(0).astype(str),
                "year": summed.index.get_level_values(1).astype(int),
                "value": summed.to_numpy(),
            }
        )
        source = values["year"].map(lambda y, k=key: _UNHCR.format(year=y, key=k))
        parts.append(_as_indicator(values, indicator, source))
    return pd.concat(parts, ignore_index=True)
