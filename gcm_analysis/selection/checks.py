"""Checks of the selection parameters: human-readable problems, no exceptions.

The runner calls :func:`check_selection_parameters` before any kernel starts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, TypeGuard

import numpy as np
import pandas as pd

SELECTION_METHODS: tuple[str, ...] = ("top_n", "threshold", "budget")


N_OBJECTIVES = 23


def _is_number(value: Any) -> TypeGuard[float]:
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool | np.bool_)
        and math.isfinite(float(value))
    )


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int | np.integer) and not isinstance(
        value, bool | np.bool_
    )


def _check_objective_list(name: str, values: Any) -> list[str]:
    if not isinstance(values, list | tuple):
        return [
            f"{name} {values!r} is not allowed: use a list of objective numbers 1-23"
        ]
    bad = [v for v in values if not _is_int(v) or not 1 <= int(v) <= N_OBJECTIVES]
    if bad:
        return [f"{name} contains {bad!r}: objectives are whole numbers from 1 to 23"]
    if len(set(values)) != len(values):
        return [f"{name} lists an objective more than once: {sorted(values)}"]
    return []


def check_selection_parameters(
    *,
    indicative_costs: pd.DataFrame | None = None,
    area_objectives: pd.DataFrame | None = None,
    **params: Any,
) -> list[str]:
    """Return the problems with the selection parameters (empty if none).

    Only the parameters present are checked; other names are ignored.

    Parameters
    ----------
    indicative_costs : DataFrame, optional
        ``objective_id, indicative_cost_usd`` (from
        ``costing.estimate_indicative_costs``); when given, the envelope must
        cover the must-include objectives and their costs must be known.
    area_objectives : DataFrame, optional
        ``area_id, objective_id``; when given, the coverage rule is checked
        against the must-exclude list and ``top_n``.
    **params
        ``weight_need``, ``weight_priority``, ``weight_feasibility`` (each >= 0,
        together summing to 1), ``method`` (one of :data:`SELECTION_METHODS`),
        ``top_n`` (1-23), ``threshold`` (0-100), ``budget_envelope_usd`` (>= 0;
        0 = none, but > 0 is required by method ``"budget"``), ``must_include``,
        ``must_exclude`` (lists of objective numbers, disjoint),
        ``min_per_area`` (>= 0), ``seed`` (>= 0), ``n_robustness`` (0-100000).

    Returns
    -------
    list of str
        One sentence per problem naming the parameter and what is allowed.

    Examples
    --------
    >>> problems = check_selection_parameters(
    ...     weight_need=0.6, weight_priority=0.3, weight_feasibility=0.2
    ... )
    >>> problems[0].endswith("the three weights must sum to 1")
    True
    """
    problems: list[str] = []
    problems += _check_weights(params)
    method = params.get("method")
    if "method" in params and method not in SELECTION_METHODS:
        allowed = ", ".join(repr(m) for m in SELECTION_METHODS)
        problems.append(f"method {method!r} is not known: use one of {allowed}")
    top_n = params.get("top_n")
    if "top_n" in params and (not _is_int(top_n) or not 1 <= top_n <= N_OBJECTIVES):
        problems.append(f"top_n {top_n!r} is not allowed: use a whole number 1-23")
    threshold = params.get("threshold")
    if "threshold" in params and (
        not _is_number(threshold) or not 0 <= float(threshold) <= 100
    ):
        problems.append(f"threshold {threshold!r} is not allowed: use a number 0-100")
    problems += _check_budget(params)
    include = params.get("must_include", [])
    exclude = params.get("must_exclude", [])
    list_problems = _check_objective_list("must_include", include)
    list_problems += _check_objective_list("must_exclude", exclude)
    problems += list_problems
    if not list_problems:
        both = sorted(set(include) & set(exclude))
        if both:
            problems.append(
                f"objectives {both} are on both must_include and must_exclude; "
                "keep each on one list at most"
            )
        if _uses_top_n(params) and _is_int(top_n) and len(include) > top_n:
            problems.append(
                f"must_include lists {len(include)} objectives but top_n is {top_n}: "
                "raise top_n or shorten the list"
            )
        problems += _check_costs(params, include, indicative_costs)
        problems += _check_areas(params, exclude, area_objectives)
    for name, upper in (
        ("min_per_area", N_OBJECTIVES),
        ("seed", 2**32 - 1),
        ("n_robustness", 100_000),
    ):
        value = params.get(name)
        if name in params and (not _is_int(value) or not 0 <= value <= upper):
            problems.append(
                f"{name} {value!r} is not allowed: use a whole number from 0 to {upper}"
            )
    return problems


def _uses_top_n(params: Mapping[str, Any]) -> bool:
    """Method top_n, or budget without an envelope (which falls back to top_n)."""
    method = params.get("method")
    no_envelope = params.get("budget_envelope_usd", 0) in (0, 0.0)
    return method == "top_n" or (method == "budget" and no_envelope)


def _check_weights(params: Mapping[str, Any]) -> list[str]:
    names = ("weight_need", "weight_priority", "weight_feasibility")
    present = [name for name in names if name in params]
    problems = []
    for name in present:
        value = params[name]
        if not _is_number(value) or float(value) < 0:
            problems.append(f"{name} {value!r} is not allowed: use a number >= 0")
    if len(present) == len(names) and not problems:
        total = sum(float(params[name]) for name in names)
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            problems.append(
                f"weight_need + weight_priority + weight_feasibility = {total:g}: "
                "the three weights must sum to 1"
            )
    return problems


def _check_budget(params: Mapping[str, Any]) -> list[str]:
    if "budget_envelope_usd" not in params:
        return []
    budget = params["budget_envelope_usd"]
    if not _is_number(budget) or float(budget) < 0:
        return [
            f"budget_envelope_usd {budget!r} is not allowed: use an amount in USD >= 0"
            " (0 = no envelope)"
        ]
    return []


def _check_costs(
    params: Mapping[str, Any], include: Sequence[int], costs: pd.DataFrame | None
) -> list[str]:
    if costs is None or params.get("method") != "budget" or not include:
        return []
    budget = params.get("budget_envelope_usd")
    if not _is_number(budget) or float(budget) <= 0:
        return []
    known = costs.set_index("objective_id")["indicative_cost_usd"]
    unknown = [o for o in include if pd.isna(known.get(o, np.nan))]
    if unknown:
        return [
            f"must_include objectives {unknown} have no indicative cost, so the "
            "budget_envelope_usd cannot be checked; add costs or remove them"
        ]
    total = float(sum(float(known[o]) for o in include))
    if total > float(budget):
        return [
            f"budget_envelope_usd {float(budget):,.0f} is below the indicative cost of "
            f"the must_include objectives ({total:,.0f} USD): raise the envelope to "
            "at least that or shorten must_include"
        ]
    return []


def _check_areas(
    params: Mapping[str, Any], exclude: Sequence[int], areas: pd.DataFrame | None
) -> list[str]:
    min_per_area = params.get("min_per_area", 0)
    if areas is None or not _is_int(min_per_area) or min_per_area <= 0:
        return []
    problems = []
    for area_id, members in areas.groupby("area_id")["objective_id"]:
        left = set(members) - set(exclude)
        if len(left) < min_per_area:
            problems.append(
                f"must_exclude leaves MPTF thematic area {area_id} with {len(left)} "
                f"objective(s), fewer than min_per_area = {min_per_area}"
            )
    top_n = params.get("top_n")
    n_areas = int(areas["area_id"].nunique())
    if _uses_top_n(params) and _is_int(top_n) and top_n < n_areas * min_per_area:
        problems.append(
            f"top_n {top_n} is too small to give each of the {n_areas} MPTF thematic "
            f"areas {min_per_area} objective(s): use top_n >= {n_areas * min_per_area}"
            " or set min_per_area to 0"
        )
    return problems
