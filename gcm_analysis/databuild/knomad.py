"""World Bank-KNOMAD remittance inflows: a second source, kept as its own indicator.

``remittances_received_knomad_usd`` sits beside the WDI series
``remittances_received_usd`` and is never mixed into it (data/README.md §2.4): the
analyses use WDI; KNOMAD is shown next to it so that a reader can see whether a
flagged WDI value is confirmed by the other source (Philippines 2022: WDI USD 9.1
billion, flagged; KNOMAD USD 38.0 billion) or not.
"""

from __future__ import annotations

import pandas as pd

from .parsing import _as_indicator, normalise_units, parse_source_numbers
from .rules import KNOMAD_MISSING_TOKENS, KNOMAD_SOURCE
from .wdi import drop_unreported_zeros


def build_knomad_indicators(
    inflows: pd.DataFrame, valid_iso3: frozenset[str]
) -> pd.DataFrame:
    """Every year of KNOMAD remittance inflows, in USD, countries only.

    Aggregates (``is_aggregate`` = yes) and codes outside ISO 3166-1 (Kosovo) are
    left out; KNOMAD's 0.0 means "not reported" as in WDI and is dropped, and so
    are its empty cells (one holds a single space: Saint-Martin 2018).

    Parameters
    ----------
    inflows : DataFrame
        Raw KNOMAD inflows table (US$ million, one text column per year).
    valid_iso3 : frozenset of str
        ISO 3166-1 codes allowed as keys.

    Returns
    -------
    DataFrame
        ``iso3, indicator, year, value, unit, source`` for indicator
        ``remittances_received_knomad_usd``.

    Raises
    ------
    ValueError
        If a country code appears twice.
    """
    rows = inflows[
        (inflows["is_aggregate"] == "no") & inflows["iso3_or_wb_code"].isin(valid_iso3)
    ]
    if rows["iso3_or_wb_code"].duplicated().any():
        raise ValueError("KNOMAD inflows list a country code twice")
    years = [col for col in rows.columns if str(col).isdigit()]
    long = rows.melt(
        id_vars=["iso3_or_wb_code"], value_vars=years, var_name="year", value_name="raw"
    )
    values = pd.DataFrame(
        {
            "iso3": long["iso3_or_wb_code"].astype(str),
            "year": long["year"].astype(int),
            "value": parse_source_numbers(long["raw"], KNOMAD_MISSING_TOKENS),
            "unit": "USD million",
        }
    ).dropna(subset=["value"])
    values = normalise_units(drop_unreported_zeros(values))
    return _as_indicator(values, "remittances_received_knomad_usd", KNOMAD_SOURCE)
