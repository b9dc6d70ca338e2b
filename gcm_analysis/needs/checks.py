"""Checks of the needs parameters: human-readable problems, no exceptions.

The runner calls :func:`check_needs_parameters` before any kernel starts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, TypeGuard

import numpy as np
import pandas as pd

from .definitions import PEER_GROUPS
from .mapping import _apply_indicator_weights


def _is_number(value: Any) -> TypeGuard[float]:
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool | np.bool_)
        and math.isfinite(float(value))
    )


def check_needs_parameters(
    *,
    countries: pd.DataFrame | None = None,
    mapping: pd.DataFrame | None = None,
    **params: Any,
) -> list[str]:
    """Return the problems with the needs-assessment parameters (empty if none).

    Only the parameters present are checked; names this stage does not use are
    ignored (the run-parameter schema handles unknown names).

    Parameters
    ----------
    countries : DataFrame, optional
        ``iso3, wb_region, wb_income_group``; when given with ``country`` and
        ``peer_group``, the country must belong to a group of that kind.
    mapping : DataFrame, optional
        The objective-indicator table; when given, ``indicator_weights`` keys must
        be indicators of the mapping and may not switch off a whole objective.
    **params
        ``peer_group`` (one of :data:`PEER_GROUPS`), ``stakeholder_weight``
        (0-1), ``indicator_weights`` (dict indicator -> multiplier >= 0),
        ``plan_file`` (str), ``country`` (ISO3).

    Returns
    -------
    list of str
        One human-readable sentence per problem, naming the parameter and what is
        allowed.

    Examples
    --------
    >>> check_needs_parameters(peer_group="continent")[0].split(":")[0]
    "peer_group 'continent' is not known"
    >>> check_needs_parameters(peer_group="world", stakeholder_weight=0.0)
    []
    """
    problems: list[str] = []
    allowed = ", ".join(repr(name) for name in PEER_GROUPS)
    peer_group = params.get("peer_group")
    if "peer_group" in params and peer_group not in PEER_GROUPS:
        problems.append(f"peer_group {peer_group!r} is not known: use one of {allowed}")
    if "stakeholder_weight" in params:
        weight = params["stakeholder_weight"]
        if not _is_number(weight) or not 0.0 <= float(weight) <= 1.0:
            problems.append(
                f"stakeholder_weight {weight!r} is not allowed: use a number from 0 "
                "(indicators only) to 1 (stakeholder scores only)"
            )
        elif float(weight) > 0 and "plan_file" in params and not params["plan_file"]:
            problems.append(
                f"stakeholder_weight is {weight} but plan_file is empty: give a plan "
                "file with stakeholder scores, or set stakeholder_weight to 0"
            )
    if "indicator_weights" in params:
        problems += _check_indicator_weights(params["indicator_weights"], mapping)
    country = params.get("country")
    if (
        countries is not None
        and isinstance(country, str)
        and peer_group in PEER_GROUPS
        and PEER_GROUPS[peer_group] is not None
    ):
        column = str(PEER_GROUPS[peer_group])
        rows = countries.loc[countries["iso3"] == country, column]
        if not rows.empty and pd.isna(rows.iloc[0]):
            problems.append(
                f"peer_group {peer_group!r} cannot be used for {country}: it has no "
                f"{column.replace('wb_', 'World Bank ').replace('_', ' ')}; use 'world'"
                " or another peer group"
            )
    return problems


def _check_indicator_weights(weights: Any, mapping: pd.DataFrame | None) -> list[str]:
    if weights is None:
        return []
    if not isinstance(weights, Mapping):
        return [
            f"indicator_weights {weights!r} is not allowed: use a dict such as "
            "{'emigrants_pct_population': 1.5} (multipliers >= 0; 1 = as mapped)"
        ]
    problems = []
    known = set(mapping["indicator"]) if mapping is not None else None
    for name, value in weights.items():
        if known is not None and name not in known:
            problems.append(
                f"indicator_weights: {name!r} is not an indicator of the objective "
                f"mapping; use one of {', '.join(sorted(known))}"
            )
        if not _is_number(value) or float(value) < 0:
            problems.append(
                f"indicator_weights[{name!r}] = {value!r} is not allowed: use a "
                "number >= 0 (0 switches the indicator off, 1 keeps the mapped weight)"
            )
    if mapping is not None and not problems:
        effective = _apply_indicator_weights(mapping, dict(weights))
        totals = effective.groupby("objective_id")["weight"].sum()
        for objective_id in totals.index[totals <= 0]:
            problems.append(
                f"indicator_weights switch off every indicator of objective "
                f"{objective_id}; keep at least one of its indicators above 0"
            )
    return problems
