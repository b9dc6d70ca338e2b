"""How robust a selection is to the weights: seeded Dirichlet draws."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ..needs import STAKEHOLDER_SCALE_MAX
from .choice import SelectionRules, _problem_from_arrays, select_objectives
from .criteria import _weighted_rows
from .solver import _area_matrix, _Enumerator, _structure_key

ROBUSTNESS_COLUMNS = [
    "objective_id",
    "title",
    "is_selected",
    "selection_share",
    "n_draws",
]

#: Dirichlet concentration for the weight perturbation. With 20, a weight of 0.5
#: varies with a standard deviation of about 0.11 (roughly +/- 20 %); our
#: assumption, see docs/method_needs_selection.md.
ROBUSTNESS_CONCENTRATION = 20.0


def draw_weights(
    weights: Sequence[float],
    n_draws: int,
    seed: int,
    concentration: float = ROBUSTNESS_CONCENTRATION,
) -> np.ndarray:
    """Draw weight vectors around ``weights`` (Dirichlet), reproducibly.

    Components with weight 0 stay 0; the others follow a Dirichlet distribution
    with parameters ``concentration x weights``, so each draw sums to 1 and its
    mean is ``weights``.

    Returns
    -------
    ndarray
        Shape ``(n_draws, len(weights))``.
    """
    base = np.asarray(weights, dtype=float)
    rng = np.random.default_rng(seed)
    draws = np.zeros((n_draws, base.size))
    positive = base > 0
    if positive.sum() == 1:
        draws[:, positive] = 1.0
    elif positive.any():
        draws[:, positive] = rng.dirichlet(concentration * base[positive], n_draws)
    return draws


def _perturbed_need(
    objective_indicators: pd.DataFrame,
    ids: np.ndarray,
    rng: np.random.Generator,
    n_draws: int,
    concentration: float,
) -> np.ndarray:
    """Need scores (draws, n) with indicator weights re-drawn within each objective."""
    rows = objective_indicators[objective_indicators["weight"] > 0]
    rows = rows[rows["objective_id"].isin(ids)]
    shape = concentration * rows["weight"].to_numpy(dtype=float)
    gammas = rng.gamma(shape, 1.0, size=(n_draws, shape.size))
    scores = rows["score"].to_numpy(dtype=float)
    has = ~np.isnan(scores)
    position = {int(o): i for i, o in enumerate(ids)}
    column = np.array([position[int(o)] for o in rows["objective_id"]], dtype=int)
    onehot = np.zeros((shape.size, ids.size))
    onehot[np.arange(shape.size), column] = 1.0
    num = (gammas * np.where(has, scores, 0.0)) @ onehot
    den = (gammas * has) @ onehot
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def assess_robustness(
    candidates: pd.DataFrame,
    weights: Sequence[float] = (0.5, 0.3, 0.2),
    method: str = "budget",
    top_n: int = 8,
    threshold: float = 50.0,
    budget_envelope_usd: float = 0.0,
    must_include: Iterable[int] = (),
    must_exclude: Iterable[int] = (),
    area_objectives: pd.DataFrame | None = None,
    min_per_area: int = 0,
    objective_indicators: pd.DataFrame | None = None,
    n_draws: int = 200,
    seed: int = 2018,
    concentration: float = ROBUSTNESS_CONCENTRATION,
) -> pd.DataFrame:
    """How often each objective is selected when the weights move.

    Each draw takes new criterion weights (need / priority / feasibility) and,
    when ``objective_indicators`` is given, new indicator weights within each
    objective, both Dirichlet-distributed around the chosen ones; it recomputes
    the priority scores and repeats the selection with the same rules. Draws that
    cannot be solved count as "not selected" for every objective outside the
    must-include list. Same inputs and seed, same result.

    Parameters
    ----------
    candidates : DataFrame
        Output of :func:`combine_criteria` (computed with ``weights``).
    weights : sequence of 3 floats
        ``weight_need, weight_priority, weight_feasibility``.
    method, top_n, threshold, budget_envelope_usd, must_include, must_exclude, \
area_objectives, min_per_area
        As in :func:`select_objectives`.
    objective_indicators : DataFrame, optional
        ``objective_id, weight, score`` detail from the needs assessment
        (needs_indicators.csv); without it the need scores are held fixed.
    n_draws : int
        Number of random draws (0 returns the baseline only, share NA).
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    concentration : float
        Dirichlet concentration; higher means smaller perturbations.

    Returns
    -------
    DataFrame
        Columns :data:`ROBUSTNESS_COLUMNS`, sorted by ``objective_id``:
        ``is_selected`` in the baseline and ``selection_share`` (0-1).
    """
    base = select_objectives(
        candidates,
        method,
        top_n,
        threshold,
        budget_envelope_usd,
        must_include,
        must_exclude,
        area_objectives,
        min_per_area,
    )
    rules = SelectionRules.build(method, top_n, threshold, budget_envelope_usd,
                                 must_include, must_exclude, min_per_area)
    table = base.sort_values("objective_id").reset_index(drop=True)
    ids = table["objective_id"].to_numpy(dtype=int)
    counts = np.zeros(ids.size)
    if n_draws > 0:
        rng = np.random.default_rng(seed)
        criterion_weights = draw_weights(
            weights, n_draws, int(rng.integers(2**32)), concentration
        )
        need = (
            _perturbed_need(objective_indicators, ids, rng, n_draws, concentration)
            if objective_indicators is not None
            else np.tile(table["need_score"].to_numpy(dtype=float), (n_draws, 1))
        )
        scale = 100.0 / STAKEHOLDER_SCALE_MAX
        others = (
            np.column_stack(
                [
                    table["stakeholder_priority"].to_numpy(dtype=float),
                    table["feasibility"].to_numpy(dtype=float),
                ]
            )
            * scale
        )
        counts = _count_selections(
            table, rules, area_objectives, need, others, criterion_weights
        )
    share = counts / n_draws if n_draws > 0 else np.full(ids.size, np.nan)
    return pd.DataFrame(
        {
            "objective_id": ids,
            "title": table["title"].to_numpy(),
            "is_selected": table["is_selected"].to_numpy(dtype=bool),
            "selection_share": share,
            "n_draws": int(n_draws),
        }
    )[ROBUSTNESS_COLUMNS]


def _count_selections(
    table: pd.DataFrame,
    rules: SelectionRules,
    area_objectives: pd.DataFrame | None,
    need: np.ndarray,
    others: np.ndarray,
    criterion_weights: np.ndarray,
) -> np.ndarray:
    counts = np.zeros(table.shape[0])
    ids = table["objective_id"].to_numpy(dtype=int)
    costs = table["indicative_cost_usd"].to_numpy(dtype=float)
    areas, _ = _area_matrix(ids, area_objectives)
    solvers: dict[bytes, _Enumerator] = {}
    for draw in range(criterion_weights.shape[0]):
        parts = np.column_stack([need[draw], others])
        scores = _weighted_rows(parts, criterion_weights[draw])
        problem = _problem_from_arrays(ids, scores, costs, areas, rules)
        key = _structure_key(problem)
        if key not in solvers:
            solvers[key] = _Enumerator(problem)
        chosen = solvers[key].solve(problem.values + problem.tie_break)
        counts += problem.fixed_in if chosen is None else chosen
    return counts


def summarise_robustness(robustness: pd.DataFrame) -> dict[str, float]:
    """Headline numbers: how stable the baseline selection is.

    Returns
    -------
    dict
        ``n_selected``; ``mean_share_selected`` (mean selection share of the
        baseline's objectives); ``n_stable`` (baseline objectives selected in at
        least 80 % of draws); ``n_fragile`` (baseline objectives selected in
        fewer than half of the draws); ``n_contenders`` (others selected in at
        least 20 % of draws).
    """
    selected = robustness[robustness["is_selected"]]
    others = robustness[~robustness["is_selected"]]
    return {
        "n_selected": int(selected.shape[0]),
        "mean_share_selected": float(selected["selection_share"].mean()),
        "n_stable": int((selected["selection_share"] >= 0.8).sum()),
        "n_fragile": int((selected["selection_share"] < 0.5).sum()),
        "n_contenders": int((others["selection_share"] >= 0.2).sum()),
    }
