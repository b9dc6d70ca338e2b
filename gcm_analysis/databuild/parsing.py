"""Parsing source text, normalising units, the country universe, labelling rows."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .rules import (
    ALLOWED_UNITS,
    INDICATOR_UNITS,
    MISSING_TOKENS,
    UNIT_CONVERSIONS,
)


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
