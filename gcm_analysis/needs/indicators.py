"""Indicator scores: a country's values placed among its peers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..indicators_panel import as_latest_values
from .definitions import (
    DERIVED_INDICATORS,
    INDICATOR_SCORE_COLUMNS,
    MIN_PEERS,
    PEER_GROUPS,
    STATUS_MISSING,
    STATUS_SCORED,
    STATUS_TOO_FEW_PEERS,
)


def add_derived_indicators(indicators: pd.DataFrame) -> pd.DataFrame:
    """Return the panel with :data:`DERIVED_INDICATORS` appended.

    Parameters
    ----------
    indicators : DataFrame
        ``iso3, indicator, year, value, unit, source``: the processed panel
        (every year, with ``flag``: reduced first to the latest unflagged value
        per indicator by :func:`gcm_analysis.indicators_panel.latest_values`) or
        a table with one value per indicator.

    Returns
    -------
    DataFrame
        One value per (iso3, indicator) plus one row per country and derived
        indicator where both inputs have a value (the denominator must be
        positive). ``year`` is the numerator's year; ``source`` says how it was
        computed.
    """
    indicators = as_latest_values(indicators)
    frames = [indicators]
    for name, spec in DERIVED_INDICATORS.items():
        if name in set(indicators["indicator"]):
            continue
        num = indicators[indicators["indicator"] == spec["numerator"]]
        den = indicators[indicators["indicator"] == spec["denominator"]]
        both = num.merge(den, on="iso3", suffixes=("_num", "_den"))
        both = both[both["value_num"].notna() & (both["value_den"] > 0)]
        if both.empty:
            continue
        frames.append(
            pd.DataFrame(
                {
                    "iso3": both["iso3"],
                    "indicator": name,
                    "year": both["year_num"],
                    "value": both["value_num"] / both["value_den"] * spec["factor"],
                    "unit": spec["unit"],
                    "source": (
                        f"computed: {spec['numerator']} ({both['year_num'].astype(str)}"
                        f") / {spec['denominator']} ({both['year_den'].astype(str)}) x "
                        f"{spec['factor']:g}"
                    ),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["iso3", "indicator"], kind="mergesort").reset_index(
        drop=True
    )


def peer_countries(
    countries: pd.DataFrame, iso3: str, peer_group: str
) -> tuple[list[str], str]:
    """Return the peer group of a country: its members (country included) and name.

    Parameters
    ----------
    countries : DataFrame
        ``iso3, wb_region, wb_income_group``.
    iso3 : str
        The country.
    peer_group : str
        One of :data:`PEER_GROUPS`.

    Returns
    -------
    (list of str, str)
        Sorted ISO3 codes of the group and its display name (``"World"``, the
        region or the income group).

    Raises
    ------
    ValueError
        If the peer group is unknown, the country is not in ``countries``, or it
        has no region / income group.
    """
    if peer_group not in PEER_GROUPS:
        allowed = ", ".join(repr(name) for name in PEER_GROUPS)
        raise ValueError(
            f"peer group {peer_group!r} is not known: use one of {allowed}"
        )
    if iso3 not in set(countries["iso3"]):
        raise ValueError(f"country {iso3!r} is not in the countries table")
    column = PEER_GROUPS[peer_group]
    if column is None:
        return sorted(countries["iso3"]), "World"
    group = countries.loc[countries["iso3"] == iso3, column].iloc[0]
    if pd.isna(group):
        raise ValueError(
            f"peer group {peer_group!r} cannot be used for {iso3}: its {column} is "
            "missing; use 'world' or another peer group"
        )
    members = countries.loc[countries[column] == group, "iso3"]
    return sorted(members), str(group)


def midrank_percentile(values: pd.Series, value: float) -> float:
    """Return the mid-rank percentile (0-100) of ``value`` among ``values``.

    ``values`` must contain ``value``. The lowest value scores 0, the highest 100,
    ties share the mean of their ranks: ``(rank - 1) / (n - 1) * 100`` with
    ``rank`` the average 1-based rank.

    Examples
    --------
    >>> midrank_percentile(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), 4.0)
    75.0
    >>> midrank_percentile(pd.Series([1.0, 2.0, 2.0, 5.0]), 2.0)
    50.0
    """
    clean = pd.Series(values, dtype=float).dropna()
    n = len(clean)
    if n < 2:
        return float("nan")
    below = float((clean < value).sum())
    equal = float((clean == value).sum())
    rank = below + (equal + 1.0) / 2.0
    return (rank - 1.0) / (n - 1.0) * 100.0


def score_indicators(
    indicators: pd.DataFrame,
    countries: pd.DataFrame,
    iso3: str,
    peer_group: str = "region",
    indicator_names: list[str] | None = None,
    min_peers: int = MIN_PEERS,
) -> pd.DataFrame:
    """Place a country's indicator values among its peers.

    Parameters
    ----------
    indicators : DataFrame
        Long table ``iso3, indicator, year, value, unit, source`` with one value
        per indicator (derived indicators already added, see
        :func:`add_derived_indicators`); the processed panel is reduced to the
        latest unflagged values first.
    countries : DataFrame
        ``iso3, wb_region, wb_income_group``.
    iso3 : str
        The country.
    peer_group : str
        ``"world"``, ``"region"`` or ``"income_group"``.
    indicator_names : list of str, optional
        Indicators to score (default: every indicator in the panel).
    min_peers : int
        Fewest peers with a value, the country included, for a percentile.

    Returns
    -------
    DataFrame
        Columns :data:`INDICATOR_SCORE_COLUMNS`, one row per indicator, sorted.
        ``percentile`` is the mid-rank percentile (0-100, before direction), NA
        when ``status`` is ``"missing"`` (no value for the country) or
        ``"too_few_peers"``. ``peer_median`` is over peers with a value.
        ``year`` is the year of the value used; ``skipped_year``,
        ``skipped_value``, ``skip_reason`` the newer flagged value left out.
    """
    members, peer_name = peer_countries(countries, iso3, peer_group)
    indicators = as_latest_values(indicators)
    names = sorted(set(indicator_names or indicators["indicator"].unique()))
    panel = indicators[indicators["indicator"].isin(names)]
    peers = panel[panel["iso3"].isin(members) & panel["value"].notna()]
    own = (
        panel[panel["iso3"] == iso3].drop_duplicates("indicator").set_index("indicator")
    )
    rows = []
    for name in names:
        values = peers.loc[peers["indicator"] == name, "value"].astype(float)
        value = own["value"].get(name, np.nan)
        has_value = pd.notna(value)
        n_peers = int(values.size)
        if not has_value:
            status, percentile = STATUS_MISSING, np.nan
        elif n_peers < min_peers:
            status, percentile = STATUS_TOO_FEW_PEERS, np.nan
        else:
            status, percentile = STATUS_SCORED, midrank_percentile(values, float(value))
        rows.append(
            {
                "iso3": iso3,
                "indicator": name,
                "value": float(value) if has_value else np.nan,
                "unit": own["unit"].get(name, pd.NA),
                "year": own["year"].get(name, pd.NA) if has_value else pd.NA,
                "source": own["source"].get(name, pd.NA) if has_value else pd.NA,
                "peer_group": peer_group,
                "peer_name": peer_name,
                "n_peers": n_peers,
                "peer_median": float(values.median()) if n_peers else np.nan,
                "percentile": percentile,
                "status": status,
                **_skipped(own, name),
            }
        )
    out = pd.DataFrame(rows, columns=INDICATOR_SCORE_COLUMNS)
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    out["skipped_year"] = pd.to_numeric(out["skipped_year"], errors="coerce").astype(
        "Int64"
    )
    out["skipped_value"] = pd.to_numeric(out["skipped_value"], errors="coerce")
    return out


def _skipped(own: pd.DataFrame, name: str) -> dict[str, object]:
    """The newer, flagged value left out for one indicator (NA when none)."""
    out: dict[str, object] = {}
    for column in ("skipped_year", "skipped_value", "skip_reason"):
        value = own[column].get(name, pd.NA) if column in own.columns else pd.NA
        out[column] = pd.NA if pd.isna(value) else value
    return out
