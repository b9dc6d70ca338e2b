"""Combine need, stakeholder priority and feasibility into a priority score."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..needs import STAKEHOLDER_SCALE_MAX, rank_descending
from .checks import _check_weights

CANDIDATE_COLUMNS = [
    "objective_id",
    "title",
    "need_score",
    "coverage",
    "stakeholder_priority",
    "feasibility",
    "indicative_cost_usd",
    "priority_score",
    "rank",
]


def priority_scores(
    need: pd.Series,
    stakeholder_priority: pd.Series,
    feasibility: pd.Series,
    weights: Sequence[float],
) -> pd.Series:
    """Weighted mean of the 0-100 components over those present (NA if none).

    Parameters
    ----------
    need : Series
        Need score 0-100.
    stakeholder_priority, feasibility : Series
        Scores 0-3 (rescaled here to 0-100).
    weights : sequence of 3 floats
        Weights of need, priority and feasibility.

    Examples
    --------
    >>> priority_scores(pd.Series([60.0]), pd.Series([3.0]), pd.Series([float("nan")]),
    ...                 (0.5, 0.3, 0.2)).round(3).tolist()
    [75.0]
    """
    parts = np.column_stack(
        [
            pd.to_numeric(need, errors="coerce").to_numpy(dtype=float),
            pd.to_numeric(stakeholder_priority, errors="coerce").to_numpy(dtype=float)
            / STAKEHOLDER_SCALE_MAX
            * 100.0,
            pd.to_numeric(feasibility, errors="coerce").to_numpy(dtype=float)
            / STAKEHOLDER_SCALE_MAX
            * 100.0,
        ]
    )
    return pd.Series(
        _weighted_rows(parts, np.asarray(weights, dtype=float)), index=need.index
    )


def _weighted_rows(parts: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Row-wise weighted mean ignoring NaN; ``weights`` is (3,) or (draws, 3)."""
    present = ~np.isnan(parts)
    filled = np.where(present, parts, 0.0)
    if weights.ndim == 1:
        num = filled @ weights
        den = present.astype(float) @ weights
    else:  # (draws, k) -> (draws, n)
        num = weights @ filled.T
        den = weights @ present.T.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def combine_criteria(
    needs: pd.DataFrame,
    priorities: pd.DataFrame | None = None,
    costs: pd.DataFrame | None = None,
    weight_need: float = 0.5,
    weight_priority: float = 0.3,
    weight_feasibility: float = 0.2,
) -> pd.DataFrame:
    """Return one row per objective with every selection criterion and its score.

    Parameters
    ----------
    needs : DataFrame
        ``objective_id, title, need_score, coverage`` (needs.csv).
    priorities : DataFrame, optional
        ``objective_id, stakeholder_priority, feasibility`` (scores 0-3, NA
        allowed), e.g. ``plan.read_plan(path).priorities``.
    costs : DataFrame, optional
        ``objective_id, indicative_cost_usd``.
    weight_need, weight_priority, weight_feasibility : float
        Non-negative, summing to 1.

    Returns
    -------
    DataFrame
        Columns :data:`CANDIDATE_COLUMNS`, sorted by ``objective_id``;
        ``priority_score`` 0-100 (NA only when no component is known), ``rank``
        1 = highest score (ties by objective number), NA without a score.

    Raises
    ------
    ValueError
        If the weights are negative or do not sum to 1, or a score is outside 0-3.
    """
    problems = _check_weights(
        {
            "weight_need": weight_need,
            "weight_priority": weight_priority,
            "weight_feasibility": weight_feasibility,
        }
    )
    if problems:
        raise ValueError("; ".join(problems))
    base = needs.sort_values("objective_id").reset_index(drop=True)
    index = pd.Index(base["objective_id"].astype(int), name="objective_id")
    plan = _indexed(priorities, ["stakeholder_priority", "feasibility"])
    for column in ("stakeholder_priority", "feasibility"):
        values = pd.to_numeric(plan[column], errors="coerce")
        bad = values.notna() & ~values.between(0, STAKEHOLDER_SCALE_MAX)
        if bad.any():
            raise ValueError(
                f"{column} must be from 0 to 3; found {sorted(values[bad])}"
            )
    cost = _indexed(costs, ["indicative_cost_usd"])["indicative_cost_usd"]
    out = pd.DataFrame(
        {
            "objective_id": index.to_numpy(),
            "title": base["title"].to_numpy(),
            "need_score": pd.to_numeric(base["need_score"]).to_numpy(dtype=float),
            "coverage": pd.to_numeric(
                base.get("coverage", pd.Series(np.nan, index=base.index))
            ).to_numpy(dtype=float),
            "stakeholder_priority": pd.to_numeric(
                plan["stakeholder_priority"].reindex(index)
            ).to_numpy(dtype=float),
            "feasibility": pd.to_numeric(plan["feasibility"].reindex(index)).to_numpy(
                dtype=float
            ),
            "indicative_cost_usd": pd.to_numeric(cost.reindex(index)).to_numpy(
                dtype=float
            ),
        }
    )
    weights = (weight_need, weight_priority, weight_feasibility)
    out["priority_score"] = priority_scores(
        out["need_score"], out["stakeholder_priority"], out["feasibility"], weights
    )
    out["rank"] = rank_descending(out["priority_score"], out["objective_id"])
    return out[CANDIDATE_COLUMNS]


def _indexed(frame: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    if frame is None or len(frame) == 0:
        return pd.DataFrame(
            columns=columns, index=pd.Index([], name="objective_id"), dtype=float
        )
    present = frame.assign(objective_id=frame["objective_id"].astype(int))
    present = present.drop_duplicates("objective_id").set_index("objective_id")
    return present.reindex(columns=columns)
