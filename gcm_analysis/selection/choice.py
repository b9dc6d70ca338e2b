"""Select objectives under the rules and say why for each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import check_lang, reference_text
from .reasons import _money, _reasons
from .rules import SelectionRules
from .solver import _area_matrix, _has_area_rule, _Problem, _solve

#: selection.csv, as in docs/contracts.md.
SELECTION_COLUMNS = [
    "objective_id",
    "title",
    "need_score",
    "stakeholder_priority",
    "feasibility",
    "indicative_cost_usd",
    "priority_score",
    "rank",
    "is_selected",
    "reason",
]


#: Tie-break: a bonus far below any meaningful score difference (scores are
#: 0-100) that makes the solver prefer the better-ranked of two equal objectives.
_TIE_BREAK = 1e-6


class InfeasibleSelectionError(ValueError):
    """No set of objectives satisfies the selection rules."""


def _build_problem(
    candidates: pd.DataFrame,
    rules: SelectionRules,
    area_objectives: pd.DataFrame | None,
    scores: np.ndarray | None = None,
) -> _Problem:
    ids = candidates["objective_id"].to_numpy(dtype=int)
    score = (
        candidates["priority_score"].to_numpy(dtype=float) if scores is None else scores
    )
    costs = candidates["indicative_cost_usd"].to_numpy(dtype=float)
    areas, _ = _area_matrix(ids, area_objectives)
    return _problem_from_arrays(ids, score, costs, areas, rules)


def _problem_from_arrays(
    ids: np.ndarray,
    score: np.ndarray,
    costs: np.ndarray,
    areas: np.ndarray,
    rules: SelectionRules,
) -> _Problem:
    """The selection problem for one set of scores (numpy only: cheap per draw)."""
    fixed_in = np.isin(ids, rules.must_include)
    fixed_out = np.isin(ids, rules.must_exclude) & ~fixed_in
    eligible = ~np.isnan(score)
    if rules.method_used == "budget":
        eligible &= ~np.isnan(costs)
    fixed_out |= ~eligible & ~fixed_in
    values = np.where(np.isnan(score), 0.0, score)
    if rules.method_used == "threshold":
        values = values - float(rules.threshold)
    budget = float(rules.budget_envelope_usd) if rules.method_used == "budget" else None
    count = None
    if rules.method_used == "top_n":
        count = int(min(rules.top_n, int((~fixed_out).sum())))
    # Tie-break on the rank order of the scores used (better rank, bigger bonus).
    order = np.lexsort((ids, -np.nan_to_num(score, nan=-np.inf)))
    tie_break = np.zeros(ids.size)
    tie_break[order] = _TIE_BREAK * (ids.size - np.arange(ids.size)) / ids.size
    # An area none (or too few) of whose objectives has the data to be selected
    # is covered as far as the data allow; exclusions by the user still count.
    with_data = (eligible | fixed_in).astype(float)
    area_min = np.minimum(int(rules.min_per_area),
                          (areas @ with_data).astype(int)) if areas.size else \
        np.zeros(areas.shape[0], dtype=int)
    return _Problem(
        values,
        costs,
        fixed_in,
        fixed_out,
        areas,
        int(rules.min_per_area),
        area_min,
        budget,
        count,
        tie_break,
    )


def _explain_infeasible(
    candidates: pd.DataFrame,
    rules: SelectionRules,
    problem: _Problem,
    area_names: Mapping[Any, str],
) -> str:
    ids = candidates["objective_id"].to_numpy(dtype=int)
    if rules.method_used == "budget":
        forced = float(np.nansum(problem.costs[problem.fixed_in]))
        if forced > float(rules.budget_envelope_usd):
            return (
                f"the must-include objectives {sorted(rules.must_include)} cost "
                f"{_money(forced)}, more than the envelope of "
                f"{_money(rules.budget_envelope_usd)}"
            )
    if rules.method_used == "top_n" and int(problem.fixed_in.sum()) > rules.top_n:
        return f"must_include lists more than top_n = {rules.top_n} objectives"
    if _has_area_rule(problem):
        for row, minimum, area_id in zip(problem.areas, problem.area_min,
                                         sorted(area_names), strict=False):
            available = ids[row.astype(bool) & ~problem.fixed_out]
            if available.size < minimum:
                return (
                    f"MPTF thematic area {area_names.get(area_id, area_id)} has "
                    f"{available.size} selectable objective(s), fewer than "
                    f"min_per_area = {problem.min_per_area} (the others are "
                    "excluded or lack a score or cost)"
                )
        needed = problem.min_per_area * problem.areas.shape[0]
        if problem.count is not None and problem.count < needed:
            return (
                f"top_n = {rules.top_n} is too few to give each of the "
                f"{problem.areas.shape[0]} MPTF thematic areas {problem.min_per_area}"
                " objective(s); raise top_n or lower min_per_area"
            )
        return (
            "no set of objectives covers every MPTF thematic area within the "
            "limit given (envelope or top_n); raise the limit, lower min_per_area "
            "(0 switches the rule off) or shorten must_include"
        )
    return "no set of objectives satisfies the rules given"


def select_objectives(
    candidates: pd.DataFrame,
    method: str = "budget",
    top_n: int = 8,
    threshold: float = 50.0,
    budget_envelope_usd: float = 0.0,
    must_include: Iterable[int] = (),
    must_exclude: Iterable[int] = (),
    area_objectives: pd.DataFrame | None = None,
    min_per_area: int = 0,
    areas: pd.DataFrame | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Select objectives for immediate implementation and say why for each.

    Parameters
    ----------
    candidates : DataFrame
        Output of :func:`combine_criteria`.
    method : {"top_n", "threshold", "budget"}
        Highest ``top_n`` scores; every score >= ``threshold``; or the highest
        total score within ``budget_envelope_usd`` (exact, ``scipy.optimize.milp``).
    top_n : int
        Number of objectives for ``"top_n"`` (fewer if fewer are selectable).
    threshold : float
        Minimum priority score (0-100) for ``"threshold"``.
    budget_envelope_usd : float
        Envelope in USD for ``"budget"`` (> 0).
    must_include, must_exclude : iterable of int
        Objectives always / never selected (disjoint).
    area_objectives : DataFrame, optional
        ``area_id, objective_id`` (``reference.mptf_area_objectives()``); with
        ``min_per_area > 0`` each area gets at least that many objectives.
    min_per_area : int
        Coverage rule (the GCM Workbook's option, not the UN guidance's): at
        least this many selected objectives in each MPTF thematic area; 0 (the
        default) switches it off, so the selection follows the scores alone.
    areas : DataFrame, optional
        ``area_id`` and a name column (``reference.mptf_thematic_areas()``), for
        the reasons; a ``short_name_<lang>`` or ``name_<lang>`` column is preferred
        when present, else the English name.
    lang : str
        Language of the ``reason`` text, ``"en"`` or ``"fr"`` (amounts and
        numbers the French way in French). Error messages stay in English.

    Returns
    -------
    DataFrame
        ``candidates`` plus ``is_selected`` (bool) and ``reason`` (words, every
        row), sorted by ``objective_id``. Each reason names the rule that decided
        it and agrees with the objective's rank (an objective ranked inside the
        top N but left out is told which rule took its place). The rules applied
        are in ``attrs["selection_rules"]`` (a :class:`SelectionRules`).

    Raises
    ------
    ValueError
        For bad parameters or an unsupported language.
    InfeasibleSelectionError
        When no selection meets the rules (the message says which rule).
    """
    check_lang(lang)
    rules = SelectionRules.build(method, top_n, threshold, budget_envelope_usd,
                                 must_include, must_exclude, min_per_area)
    candidates = candidates.sort_values("objective_id").reset_index(drop=True)
    area_names = _area_names(area_objectives, areas)
    problem = _build_problem(candidates, rules, area_objectives)
    if rules.method_used == "budget":
        no_cost = (
            candidates.loc[problem.fixed_in & np.isnan(problem.costs), "objective_id"]
            .astype(int)
            .tolist()
        )
        if no_cost:
            raise InfeasibleSelectionError(
                f"must-include objectives {no_cost} have no indicative cost, so the "
                "budget envelope cannot be checked; add their costs or remove them"
            )
    chosen = _solve(problem)
    if chosen is None:
        raise InfeasibleSelectionError(
            "no selection is possible: "
            + _explain_infeasible(candidates, rules, problem, area_names)
        )
    # The same problem without the coverage rule tells which picks it forced.
    free = _solve(_with_min_per_area(problem, 0)) if problem.min_per_area else chosen
    out = candidates.assign(is_selected=chosen)
    # The errors above name areas in English; the reasons in the run's language.
    local_names = (
        area_names if lang == "en" else _area_names(area_objectives, areas, lang)
    )
    out["reason"] = _reasons(out, rules, problem, free, area_objectives, local_names,
                             lang)
    # The rules travel with the table, so a summary can name the method used.
    out.attrs["selection_rules"] = rules
    return out


def _with_min_per_area(problem: _Problem, value: int) -> _Problem:
    return _Problem(
        problem.values,
        problem.costs,
        problem.fixed_in,
        problem.fixed_out,
        problem.areas,
        value,
        np.minimum(problem.area_min, value),
        problem.budget,
        problem.count,
        problem.tie_break,
    )


def _area_names(
    area_objectives: pd.DataFrame | None,
    areas: pd.DataFrame | None,
    lang: str = "en",
) -> dict[Any, str]:
    if area_objectives is None:
        return {}
    ids = sorted(area_objectives["area_id"].unique())
    names: dict[Any, str] = {a: str(a) for a in ids}
    if areas is not None and len(areas):
        text_columns = [
            c for c in areas.columns if c != "area_id" and areas[c].dtype == object
        ]
        localised = (f"short_name_{lang}", f"name_{lang}") if lang != "en" else ()
        preferred = [
            c
            for c in (*localised, "short_name_en", "name_en", "name", "title_en",
                      "title")
            if c in areas.columns
        ]
        column = (preferred or text_columns or [None])[0]
        if column is not None:
            for area_id, name in zip(areas["area_id"], areas[column], strict=True):
                if pd.notna(name):
                    shown = (reference_text(f"mptf_area.{area_id}", str(name), lang)
                             if column == "name_en" and lang != "en" else name)
                    names[area_id] = f"{area_id} ({shown})"
    return names


def format_selection_csv(selection: pd.DataFrame) -> pd.DataFrame:
    """Return the selection with exactly the selection.csv contract columns."""
    out = selection[SELECTION_COLUMNS].copy()
    out["is_selected"] = out["is_selected"].astype(bool)
    out["rank"] = out["rank"].astype("Int64")
    return out.sort_values("objective_id").reset_index(drop=True)
