"""One value per country and indicator from the processed panel: the latest unflagged.

``data/processed/country_indicators.csv`` keeps every year the sources give, with a
``flag`` per value (reason codes of the series checks, ``data/README.md`` §2.5).
Analyses that compare countries need one value per (iso3, indicator):
:func:`latest_values` picks, for each, the latest year whose value is not flagged
and not older than :data:`LATEST_MIN_YEAR`, and says which later values it skipped
and why. Needs, profile and costing call it (through :func:`as_latest_values`), so
they accept either the panel or a table that already has one value per indicator.

Pure functions on DataFrames; no file access, no plotting.
"""

from __future__ import annotations

import pandas as pd

#: Oldest year a value may come from to count as "latest available": older values
#: describe another situation (the World Bank cut-off of the data build, which
#: also gave the UN DESA 2015 estimate and UNHCR stocks a floor).
LATEST_MIN_YEAR = 2015

#: The columns of a one-value-per-indicator table (the panel without ``flag``).
VALUE_COLUMNS: list[str] = ["iso3", "indicator", "year", "value", "unit", "source"]

#: What :func:`latest_values` adds: the most recent value skipped (its year, value
#: and reason codes) and how many values newer than the one used were skipped.
SKIP_COLUMNS: list[str] = ["skipped_year", "skipped_value", "skip_reason", "n_skipped"]

LATEST_COLUMNS: list[str] = VALUE_COLUMNS + SKIP_COLUMNS

#: Indicator -> the same quantity from a second source, kept as its own indicator
#: (never mixed in; shown beside it to confirm or question a flagged value).
SECOND_SOURCES: dict[str, str] = {
    "remittances_received_usd": "remittances_received_knomad_usd",
}

def is_panel(indicators: pd.DataFrame) -> bool:
    """Whether a table is the panel (a ``flag`` column or several years per key)."""
    return "flag" in indicators.columns or bool(
        indicators.duplicated(["iso3", "indicator"]).any()
    )


def latest_values(
    panel: pd.DataFrame,
    min_year: int | None = LATEST_MIN_YEAR,
    with_skipped: bool = True,
) -> pd.DataFrame:
    """Return, per (iso3, indicator), the latest unflagged value and what was skipped.

    Parameters
    ----------
    panel : DataFrame
        ``iso3, indicator, year, value, unit, source`` and optionally ``flag``
        (reason codes; NA or empty = not flagged). A table without ``flag``
        counts as unflagged.
    min_year : int or None
        Oldest year accepted (default :data:`LATEST_MIN_YEAR`; None: any year).
    with_skipped : bool
        True: :data:`LATEST_COLUMNS`, with a row (value NA) also for a country
        whose every recent value is flagged, so the gap can be explained.
        False: only :data:`VALUE_COLUMNS` and only rows with a value (the
        one-value table consumers used before the panel kept every year).

    Returns
    -------
    DataFrame
        Sorted by ``iso3, indicator``. ``skipped_year``, ``skipped_value``,
        ``skip_reason`` describe the most recent flagged value newer than the one
        used (NA when none was skipped); ``n_skipped`` counts them.

    Raises
    ------
    ValueError
        If a column is missing.

    Examples
    --------
    >>> panel = pd.DataFrame({"iso3": ["A", "A", "A"], "indicator": ["x"] * 3,
    ...     "year": [2020, 2021, 2022], "value": [1.0, 1.1, 9.0], "unit": ["%"] * 3,
    ...     "source": ["s"] * 3, "flag": [None, None, "last_year_break"]})
    >>> row = latest_values(panel).iloc[0]
    >>> int(row["year"]), float(row["value"]), int(row["skipped_year"])
    (2021, 1.1, 2022)
    >>> row["skip_reason"]
    'last_year_break'
    """
    missing = [c for c in VALUE_COLUMNS if c not in panel.columns]
    if missing:
        raise ValueError(
            f"the indicator table lacks column(s) {missing}; expected {VALUE_COLUMNS}"
            " (+ flag), as in data/processed/country_indicators.csv"
        )
    rows = panel.dropna(subset=["value"])
    flag = rows["flag"] if "flag" in rows.columns else pd.Series(pd.NA, rows.index)
    flag = flag.astype(object).where(flag.notna() & (flag.astype(str) != ""), None)
    rows = rows[VALUE_COLUMNS].assign(flag=flag)
    if min_year is not None:
        rows = rows[rows["year"] >= min_year]
    rows = rows.sort_values(["iso3", "indicator", "year"], kind="mergesort")
    keys = ["iso3", "indicator"]
    usable = rows[rows["flag"].isna()]
    used = usable.groupby(keys, sort=True).tail(1)
    if not with_skipped:
        return used[VALUE_COLUMNS].reset_index(drop=True)
    used_year = used.set_index(keys)["year"]
    flagged = rows[rows["flag"].notna()]
    after = flagged.join(used_year.rename("used_year"), on=keys)
    skipped = after[after["used_year"].isna() | (after["year"] > after["used_year"])]
    last_skip = skipped.groupby(keys, sort=True).tail(1).set_index(keys)
    n_skipped = skipped.groupby(keys).size()
    out = used.set_index(keys)[["year", "value", "unit", "source"]]
    nothing_used = last_skip.index.difference(out.index)
    if len(nothing_used):
        gap = last_skip.loc[nothing_used, ["unit", "source"]].assign(
            year=pd.NA, value=float("nan")
        )
        out = pd.concat([out, gap[["year", "value", "unit", "source"]]])
    out = out.assign(
        skipped_year=last_skip["year"].reindex(out.index),
        skipped_value=last_skip["value"].reindex(out.index),
        skip_reason=last_skip["flag"].reindex(out.index),
        n_skipped=n_skipped.reindex(out.index).fillna(0).astype(int),
    )
    out = out.sort_index().reset_index()
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    out["skipped_year"] = pd.to_numeric(out["skipped_year"], errors="coerce").astype(
        "Int64"
    )
    out["value"] = out["value"].astype(float)
    out["skipped_value"] = out["skipped_value"].astype(float)
    return out[LATEST_COLUMNS]


def as_latest_values(indicators: pd.DataFrame) -> pd.DataFrame:
    """Return a one-value-per-(iso3, indicator) table, whatever was passed.

    The panel (see :func:`is_panel`) goes through :func:`latest_values`; a table
    that already has one value per indicator and no ``flag`` (a fixture, the
    teaching panel) is returned unchanged, so callers keep their own values.

    Parameters
    ----------
    indicators : DataFrame
        The processed panel or a one-value table (:data:`VALUE_COLUMNS`).

    Returns
    -------
    DataFrame
        At least :data:`VALUE_COLUMNS`; from a panel, :data:`LATEST_COLUMNS`.
    """
    if is_panel(indicators):
        return latest_values(indicators)
    return indicators


def skipped_values(latest: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of :func:`latest_values` where a newer value was skipped.

    Parameters
    ----------
    latest : DataFrame
        Output of :func:`latest_values`.

    Returns
    -------
    DataFrame
        The same columns, only rows with ``n_skipped > 0``.
    """
    if "n_skipped" not in latest.columns:
        return pd.DataFrame(columns=LATEST_COLUMNS)
    return latest[latest["n_skipped"] > 0].reset_index(drop=True)


def typed_latest(table: pd.DataFrame) -> pd.DataFrame:
    """Give ``data/processed/country_latest.csv`` as read the dtypes of
    :func:`latest_values` (a CSV keeps no ``Int64``), so a stage reading the
    stored table sees what computing it would have given.

    Examples
    --------
    >>> table = pd.DataFrame({"iso3": ["A"], "indicator": ["x"], "year": [2021.0],
    ...     "value": [1], "unit": ["%"], "source": ["s"], "skipped_year": [None],
    ...     "skipped_value": [None], "skip_reason": [None], "n_skipped": [0]})
    >>> typed_latest(table).dtypes[["year", "value", "skipped_year"]].tolist()
    [Int64Dtype(), dtype('float64'), Int64Dtype()]
    """
    out = table[LATEST_COLUMNS].copy()
    for column in ("year", "skipped_year"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("Int64")
    for column in ("value", "skipped_value"):
        out[column] = out[column].astype(float)
    out["n_skipped"] = out["n_skipped"].astype(int)
    out["skip_reason"] = out["skip_reason"].astype(object)
    return out
