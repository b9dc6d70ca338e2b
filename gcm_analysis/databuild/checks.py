"""Series checks: flag values that break their own series or disagree with another.

Every value of the panel is kept; a value that fails a check gets a reason code in
``flag`` (several codes are joined with ``;`` in alphabetical order; an unflagged
value has an empty ``flag``). Analyses then use the latest *unflagged* value
(:func:`gcm_analysis.indicators_panel.latest_values`). The codes and thresholds
are the constants of :mod:`.rules` and are explained in ``data/README.md`` §2.5.

The checks, all pure and vectorised:

- :func:`flag_breaks` (``spike``, ``dip``, ``last_year_break``): a change by a
  factor of at least :data:`BREAK_RATIO` from the previous value that the
  neighbouring values do not confirm;
- :func:`flag_incomplete_last_year` (``incomplete_year``): the last year of a
  series covered by fewer than :data:`LAST_YEAR_MIN_COVERAGE` of the countries
  that have the year before;
- :func:`flag_inconsistent_share` (``inconsistent_with_amount``): a share of GDP
  that does not match its amount divided by GDP within
  :data:`CONSISTENCY_TOLERANCE`;
- :func:`inherit_input_flags`: a derived value carries the flags of its inputs.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .rules import (
    BREAK_MAX_GAP_YEARS,
    BREAK_MIN_LEVEL,
    BREAK_RATIO,
    BREAK_RATIO_DEFAULT,
    CHECKED_INDICATORS,
    CONSISTENCY_TOLERANCE,
    DERIVED_INPUTS,
    FLAG_DIP,
    FLAG_INCOMPLETE_YEAR,
    FLAG_INCONSISTENT,
    FLAG_LAST_YEAR_BREAK,
    FLAG_SPIKE,
    INDICATOR_UNITS,
    LAST_YEAR_MIN_COVERAGE,
    SHARE_OF_GDP_PAIRS,
)


def _factor(a: pd.Series, b: pd.Series) -> pd.Series:
    """Larger over smaller of two non-negative values (inf when one of them is 0)."""
    high = np.maximum(a, b)
    low = np.minimum(a, b)
    ratio = np.where(low > 0, high / low.where(low > 0, 1.0), np.inf)
    ratio = np.where(high > 0, ratio, 1.0)
    return pd.Series(ratio, index=a.index).where(a.notna() & b.notna())


def flag_breaks(
    series: pd.DataFrame,
    ratio: float = BREAK_RATIO_DEFAULT,
    min_level: float = 0.0,
    max_gap: int = BREAK_MAX_GAP_YEARS,
) -> pd.Series:
    """Flag values that jump or fall from their own series without confirmation.

    A change between two neighbouring values (at most ``max_gap`` years apart)
    counts as a *break* when the larger is at least ``ratio`` times the smaller
    and at least ``min_level`` (so that 2 -> 7 refugees is not a break). Then:

    - ``spike`` / ``dip``: the value breaks from the previous one **and** from the
      next one, in the same direction, while the previous and next values do not
      break from each other (a one-year excursion that reverts);
    - ``last_year_break``: the country's last value breaks from the previous one
      (or, when that one is a spike or dip, from the one before it), and no
      later value can confirm it.

    A break followed by values at the new level (a real change, e.g. refugees
    arriving after a war starts) is not flagged.

    Parameters
    ----------
    series : DataFrame
        ``iso3, year, value`` of one indicator (values >= 0).
    ratio : float
        Factor that makes a break (> 1).
    min_level : float
        The larger of the two values must be at least this.
    max_gap : int
        Values further apart than this many years are not neighbours.

    Returns
    -------
    Series
        Reason code or NA, aligned on ``series.index``.

    Examples
    --------
    >>> s = pd.DataFrame({"iso3": ["A"] * 6, "year": [1, 2, 3, 4, 5, 6],
    ...                   "value": [10.0, 11.0, 60.0, 12.0, 13.0, 50.0]})
    >>> flag_breaks(s, ratio=3.0).tolist()
    [<NA>, <NA>, 'spike', <NA>, <NA>, 'last_year_break']
    """
    if ratio <= 1:
        raise ValueError(f"break ratio {ratio!r} must be greater than 1")
    ordered = series.sort_values(["iso3", "year"], kind="mergesort")
    group = ordered.groupby("iso3", sort=False)
    value = ordered["value"].astype(float)
    year = ordered["year"].astype(int)
    prev = group["value"].shift(1).astype(float)
    nxt = group["value"].shift(-1).astype(float)
    prev = prev.where(year - group["year"].shift(1) <= max_gap)
    nxt = nxt.where(group["year"].shift(-1) - year <= max_gap)
    is_last = group["year"].shift(-1).isna()

    def breaks(a: pd.Series, b: pd.Series) -> pd.Series:
        return (_factor(a, b) >= ratio).fillna(False) & (
            np.maximum(a, b) >= min_level
        ).fillna(False)

    from_prev = breaks(value, prev)
    from_next = breaks(value, nxt)
    same_side = ((value - prev) * (value - nxt) > 0).fillna(False)
    neighbours_agree = ~breaks(prev, nxt) & prev.notna() & nxt.notna()
    excursion = from_prev & from_next & same_side & neighbours_agree
    # The last value is compared with the value before it, or, when that one is
    # itself a spike or dip, with the one before that (KWT 2022 against 2020,
    # not against the 2021 spike).
    prev_is_excursion = excursion.groupby(ordered["iso3"], sort=False).shift(1)
    prev2 = group["value"].shift(2).astype(float)
    prev2 = prev2.where(year - group["year"].shift(2) <= 2 * max_gap)
    base = prev.where(~prev_is_excursion.fillna(False).astype(bool), prev2)
    flags = pd.Series(pd.NA, index=ordered.index, dtype="string")
    flags[excursion & (value > prev)] = FLAG_SPIKE
    flags[excursion & (value < prev)] = FLAG_DIP
    flags[is_last & breaks(value, base)] = FLAG_LAST_YEAR_BREAK
    return flags.reindex(series.index)


def flag_incomplete_last_year(
    series: pd.DataFrame, min_coverage: float = LAST_YEAR_MIN_COVERAGE
) -> pd.Series:
    """Flag every value of a series' last year when few countries report it.

    The last year is *incomplete* (provisional, partly reported) when the number
    of countries with a value in it is below ``min_coverage`` times the number in
    the year before (World Bank remittances paid: 31 economies in 2022 against
    166 in 2021).

    Parameters
    ----------
    series : DataFrame
        ``iso3, year, value`` of one indicator.
    min_coverage : float
        Share (0-1) of the previous year's countries the last year must reach.

    Returns
    -------
    Series
        ``incomplete_year`` or NA, aligned on ``series.index``.
    """
    flags = pd.Series(pd.NA, index=series.index, dtype="string")
    counts = series.groupby("year")["iso3"].nunique().sort_index()
    if len(counts) < 2:
        return flags
    last, before = int(counts.index[-1]), counts.iloc[-2]
    if counts.iloc[-1] < min_coverage * before:
        flags[series["year"] == last] = FLAG_INCOMPLETE_YEAR
    return flags


def flag_inconsistent_share(
    share: pd.DataFrame,
    amount: pd.DataFrame,
    gdp: pd.DataFrame,
    tolerance: float = CONSISTENCY_TOLERANCE,
) -> pd.Series:
    """Flag shares of GDP that their amount and GDP of the same year contradict.

    ``amount / gdp x 100`` is compared with the published share; when one is more
    than ``1 + tolerance`` times the other, the share is flagged
    ``inconsistent_with_amount``. The share, not the amount, is flagged: the
    publisher computed it with a GDP of another vintage than the one in the
    panel, while the amount is the reported figure (a broken amount is caught by
    :func:`flag_breaks`).

    Parameters
    ----------
    share, amount, gdp : DataFrame
        ``iso3, year, value`` each (share in %, amount and GDP in the same
        currency).
    tolerance : float
        Relative difference allowed (0.25: up to 25 %).

    Returns
    -------
    Series
        Reason code or NA, aligned on ``share.index``.
    """
    keys = ["iso3", "year"]
    implied = amount[[*keys, "value"]].merge(
        gdp[[*keys, "value"]], on=keys, suffixes=("_amount", "_gdp")
    )
    implied = implied[implied["value_gdp"] > 0]
    implied = implied.assign(
        implied=implied["value_amount"] / implied["value_gdp"] * 100
    )
    both = (
        share[keys]
        .reset_index()
        .merge(implied[[*keys, "implied"]], on=keys, how="left")
        .set_index("index")
    )
    factor = _factor(share["value"].astype(float), both["implied"].reindex(share.index))
    flags = pd.Series(pd.NA, index=share.index, dtype="string")
    flags[(factor > 1 + tolerance).fillna(False)] = FLAG_INCONSISTENT
    return flags


def _join_flags(*columns: pd.Series) -> pd.Series:
    """Row-wise ``;``-joined sorted unique codes; NA where there is none."""
    frame = pd.concat(columns, axis=1)

    def join(row: pd.Series) -> object:
        codes = sorted({code for cell in row.dropna() for code in str(cell).split(";")})
        return ";".join(codes) if codes else pd.NA

    if frame.empty:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    present = frame.notna().any(axis=1)
    out = pd.Series(pd.NA, index=frame.index, dtype="string")
    if present.any():
        out[present] = frame[present].apply(join, axis=1).astype("string")
    return out


def flag_source_series(
    panel: pd.DataFrame,
    ratios: Mapping[str, float] = BREAK_RATIO,
    min_levels: Mapping[str, float] = BREAK_MIN_LEVEL,
) -> pd.Series:
    """Run the single-series and related-series checks on the source indicators.

    Parameters
    ----------
    panel : DataFrame
        ``iso3, indicator, year, value, unit, source`` (every year).
    ratios : mapping
        Break factor per indicator (default :data:`BREAK_RATIO`, else
        :data:`BREAK_RATIO_DEFAULT`).
    min_levels : mapping
        Smallest value a break must reach, per unit (:data:`BREAK_MIN_LEVEL`).

    Returns
    -------
    Series
        Joined reason codes or NA, aligned on ``panel.index``; indicators not in
        :data:`CHECKED_INDICATORS` are NA (derived ones inherit, see
        :func:`inherit_input_flags`).
    """
    parts = []
    for name in CHECKED_INDICATORS:
        rows = panel[panel["indicator"] == name]
        if rows.empty:
            continue
        level = float(min_levels.get(INDICATOR_UNITS[name], 0.0))
        ratio = float(ratios.get(name, BREAK_RATIO_DEFAULT))
        parts.append(
            _join_flags(
                flag_breaks(rows, ratio, level), flag_incomplete_last_year(rows)
            )
        )
    for share_name, (amount_name, gdp_name) in SHARE_OF_GDP_PAIRS.items():
        share = panel[panel["indicator"] == share_name]
        parts.append(
            flag_inconsistent_share(
                share,
                panel[panel["indicator"] == amount_name],
                panel[panel["indicator"] == gdp_name],
            )
        )
    if not parts:
        return pd.Series(pd.NA, index=panel.index, dtype="string")
    stacked = pd.concat(parts)
    by_row = (
        stacked.dropna()
        .groupby(level=0)
        .agg(
            lambda codes: ";".join(
                sorted({c for cell in codes for c in cell.split(";")})
            )
        )
    )
    return by_row.reindex(panel.index).astype("string")


def inherit_input_flags(panel: pd.DataFrame, flags: pd.Series) -> pd.Series:
    """Give each derived value the flags of the input values it was computed from.

    Inputs are listed in :data:`DERIVED_INPUTS`: an input of the same year, of a
    year ``k`` years before (``-k``), or the latest year not after the derived
    value's (``"asof"``, population for refugees per 1,000).

    Parameters
    ----------
    panel : DataFrame
        ``iso3, indicator, year, ...``.
    flags : Series
        Flags of the source rows (aligned on ``panel.index``).

    Returns
    -------
    Series
        ``flags`` with the derived rows' inherited codes filled in.
    """
    keyed = panel[["iso3", "indicator", "year"]].assign(flag=flags)
    parts = [flags]
    for derived, inputs in DERIVED_INPUTS.items():
        rows = keyed[keyed["indicator"] == derived][["iso3", "year"]].reset_index()
        for input_name, offset in inputs:
            source = keyed[keyed["indicator"] == input_name][["iso3", "year", "flag"]]
            if offset == "asof":
                left = rows.sort_values("year")
                matched = pd.merge_asof(
                    left,
                    source.sort_values("year"),
                    on="year",
                    by="iso3",
                    direction="backward",
                ).set_index("index")["flag"]
            else:
                shifted = source.assign(year=source["year"] - int(offset))
                matched = rows.merge(
                    shifted, on=["iso3", "year"], how="left"
                ).set_index("index")["flag"]
            parts.append(matched.dropna().astype("string"))
    stacked = pd.concat(parts).dropna()
    by_row = stacked.groupby(level=0).agg(
        lambda codes: ";".join(sorted({c for cell in codes for c in cell.split(";")}))
    )
    return by_row.reindex(panel.index).astype("string")


def flag_panel(panel: pd.DataFrame) -> pd.DataFrame:
    """Return the panel with its ``flag`` column (source checks, then inheritance).

    Parameters
    ----------
    panel : DataFrame
        ``iso3, indicator, year, value, unit, source`` with every year.

    Returns
    -------
    DataFrame
        The same rows plus ``flag`` (reason codes joined with ``;``, NA if none).
    """
    flags = inherit_input_flags(panel, flag_source_series(panel))
    return panel.assign(flag=flags.astype(object).where(flags.notna(), pd.NA))
