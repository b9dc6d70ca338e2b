"""The objective-indicator mapping (our method): validation and weights."""

from __future__ import annotations

from collections.abc import Mapping

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
