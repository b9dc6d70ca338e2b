"""The objective-indicator mapping (our method): validation and weights."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .definitions import MAPPING_COLUMNS


def check_mapping(mapping: pd.DataFrame) -> pd.DataFrame:
    """Validate the objective-indicator mapping and return it sorted.

    Raises
    ------
    ValueError
        On missing columns, objectives outside 1-23, a direction other than
        +1/-1, negative weights, duplicate (objective, indicator) pairs, or an
        objective of 1-23 without any indicator.
    """
    missing = [c for c in MAPPING_COLUMNS if c not in mapping.columns]
    if missing:
        raise ValueError(f"objective-indicator mapping lacks columns {missing}")
    problems = []
    ids = pd.to_numeric(mapping["objective_id"], errors="coerce")
    if ids.isna().any() or not ids.between(1, 23).all():
        problems.append("objective_id must be an integer from 1 to 23")
    if not mapping["direction"].isin([1, -1]).all():
        problems.append("direction must be 1 (higher = more need) or -1")
    weights = pd.to_numeric(mapping["weight"], errors="coerce")
    if weights.isna().any() or (weights < 0).any():
        problems.append("weight must be a number >= 0")
    if mapping.duplicated(["objective_id", "indicator"]).any():
        problems.append("each (objective_id, indicator) pair must appear once")
    absent = sorted(set(range(1, 24)) - set(ids.dropna().astype(int)))
    if absent:
        problems.append(f"objectives without any indicator: {absent}")
    if problems:
        raise ValueError("objective-indicator mapping: " + "; ".join(problems))
    return mapping.sort_values(["objective_id", "indicator"]).reset_index(drop=True)


def _apply_indicator_weights(
    mapping: pd.DataFrame, indicator_weights: Mapping[str, float] | None
) -> pd.DataFrame:
    multipliers = mapping["indicator"].map(dict(indicator_weights or {})).fillna(1.0)
    return mapping.assign(weight=mapping["weight"].astype(float) * multipliers)


def identical_mappings(mapping: pd.DataFrame) -> list[tuple[int, ...]]:
    """Groups of objectives that the mapping cannot tell apart.

    Two objectives with the same indicators, directions and weights (after the
    weights are normalised to sum to 1 within each objective) always get the
    same need score, for every country and peer group.

    Parameters
    ----------
    mapping : DataFrame
        ``objective_id, indicator, direction, weight``.

    Returns
    -------
    list of tuple of int
        Each group of two or more objectives, sorted, in order of their first
        objective; empty when every objective's mapping is its own.

    Examples
    --------
    >>> table = pd.DataFrame({"objective_id": [1, 1, 2, 2, 3],
    ...                       "indicator": ["a", "b", "a", "b", "a"],
    ...                       "direction": [1, 1, 1, 1, 1],
    ...                       "weight": [0.6, 0.4, 3.0, 2.0, 1.0]})
    >>> identical_mappings(table)
    [(1, 2)]
    """
    active = mapping[pd.to_numeric(mapping["weight"]) > 0]
    groups: dict[tuple[Any, ...], list[int]] = {}
    for objective_id, rows in active.groupby("objective_id", sort=True):
        weights = pd.to_numeric(rows["weight"]).to_numpy(dtype=float)
        key = tuple(sorted(zip(rows["indicator"], rows["direction"].astype(int),
                               np.round(weights / weights.sum(), 9), strict=True)))
        groups.setdefault(key, []).append(int(objective_id))
    return [tuple(group) for group in groups.values() if len(group) > 1]


def check_declared_ties(mapping: pd.DataFrame, declared: pd.DataFrame) -> list[str]:
    """Problems with the objectives the mapping cannot tell apart.

    Every pair of objectives with identical mappings (:func:`identical_mappings`)
    must be declared in ``declared`` (reference table
    ``indistinguishable_objectives``) with a reason saying why no indicator of
    the panel tells them apart; a declared pair whose mappings differ is stale.

    Parameters
    ----------
    mapping : DataFrame
        The objective-indicator mapping.
    declared : DataFrame
        ``objective_id, other_objective_id, reason`` (one row per pair, the
        lower objective first).

    Returns
    -------
    list of str
        One sentence per problem (empty when the declarations match the mapping).
    """
    pairs = {
        (a, b)
        for group in identical_mappings(mapping)
        for i, a in enumerate(group)
        for b in group[i + 1:]
    }
    reasons = {
        (int(min(a, b)), int(max(a, b))): str(reason).strip() if pd.notna(reason)
        else ""
        for a, b, reason in zip(declared["objective_id"],
                                declared["other_objective_id"],
                                declared["reason"], strict=True)
    }
    problems = []
    for a, b in sorted(pairs):
        if (a, b) not in reasons:
            problems.append(
                f"objectives {a} and {b} have identical indicators and weights in "
                "objective_indicators.csv, so they always score the same: give one of "
                "them an indicator that tells them apart, or declare the pair in "
                "indistinguishable_objectives.csv with a reason")
        elif not reasons[(a, b)]:
            problems.append(
                f"indistinguishable_objectives.csv declares objectives {a} and {b} "
                "without a reason: say why no indicator of the panel tells them apart")
    for a, b in sorted(set(reasons) - pairs):
        problems.append(
            f"indistinguishable_objectives.csv declares objectives {a} and {b}, but "
            "their mappings differ: remove the row")
    return problems
