"""The reason, in words, for each objective's selection or not.

Each reason names the rule that decided it and agrees with the objective's rank:
the choice is compared with the choice the same rules give without the coverage
rule, so that an objective ranked inside the top N and left out is told what
took its place (see ``docs/method_needs_selection.md``, "Reasons").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import numbers
from ..i18n import t
from .solver import _has_area_rule, _Problem

if TYPE_CHECKING:
    from .rules import SelectionRules


def _no_envelope(rules: SelectionRules, lang: str = "en") -> str:
    if rules.method != rules.method_used:
        return t("selection.reason_no_envelope", lang)
    return ""


def _money(value: float, lang: str = "en") -> str:
    """An amount in USD for a reason, as the report writes amounts
    (:func:`gcm_analysis.numbers.money`): ``USD 9.5 million`` / ``9,5 millions
    USD``; below a million in full."""
    if pd.isna(value):
        return t("selection.reason_money_none", lang)
    return numbers.money(value, "USD", lang)


def _criteria_text(row: Any, lang: str = "en") -> str:
    parts = []
    if pd.notna(row.need_score):
        need = numbers.number(row.need_score, lang, 0)
        parts.append(t("selection.reason_need", lang, need=need))
    if pd.notna(row.stakeholder_priority):
        priority = numbers.number(row.stakeholder_priority, lang, None)
        parts.append(t("selection.reason_stakeholder", lang, priority=priority))
    if pd.notna(row.feasibility):
        feasibility = numbers.number(row.feasibility, lang, None)
        parts.append(t("selection.reason_feasibility", lang, feasibility=feasibility))
    return ", ".join(parts) if parts else t("selection.reason_no_criteria", lang)


def _area_counts(
    table: pd.DataFrame, area_objectives: pd.DataFrame | None
) -> tuple[dict[int, list[Any]], dict[Any, int]]:
    """Areas of each objective, and how many selected objectives each area has."""
    memberships: dict[int, list[Any]] = {}
    if area_objectives is not None:
        for area_id, objective_id in zip(
            area_objectives["area_id"], area_objectives["objective_id"], strict=True
        ):
            memberships.setdefault(int(objective_id), []).append(area_id)
    selected_ids = set(table.loc[table["is_selected"], "objective_id"].astype(int))
    n_selected_in: dict[Any, int] = {}
    for objective_id, area_ids in memberships.items():
        for area_id in area_ids:
            n_selected_in[area_id] = n_selected_in.get(area_id, 0) + int(
                objective_id in selected_ids
            )
    return memberships, n_selected_in


@dataclass(frozen=True)
class _ReasonContext:
    """What every objective's reason is read from: the rules, the solved problem,
    the choice with and without the coverage rule, and the areas."""

    rules: SelectionRules
    problem: _Problem
    chosen: np.ndarray  # bool, objective order
    free: np.ndarray  # bool: the choice without the coverage rule
    ids: np.ndarray
    ranks: np.ndarray  # float, NaN without a score
    memberships: Mapping[int, list[Any]]
    n_selected_in: Mapping[Any, int]
    required_in: Mapping[Any, int]  # area -> objectives the rule asks for there
    area_names: Mapping[Any, str]
    everything_fits: bool
    n_scored: int
    lang: str

    def covers(self, position: int) -> list[Any]:
        """The areas whose coverage rule needs this (selected) objective: without
        it they would fall below what the rule asks for."""
        if not _has_area_rule(self.problem):
            return []
        return [a for a in self.memberships.get(int(self.ids[position]), [])
                if self.n_selected_in.get(a, 0) <= self.required_in.get(a, 0)]

    def coverage_picks(self) -> list[int]:
        """Objectives selected only because the coverage rule needs them."""
        return [int(self.ids[i]) for i in np.flatnonzero(self.chosen & ~self.free)
                if self.covers(int(i))]

    def ids_text(self, ids: Iterable[int]) -> str:
        return ", ".join(str(int(o)) for o in sorted(ids))

    def coverage_rule(self) -> str:
        return t("selection.coverage_rule_ours", self.lang,
                 min_per_area=self.rules.min_per_area)


def _reasons(
    table: pd.DataFrame,
    rules: SelectionRules,
    problem: _Problem,
    free: np.ndarray | None,
    area_objectives: pd.DataFrame | None,
    area_names: Mapping[Any, str],
    lang: str = "en",
) -> list[str]:
    memberships, n_selected_in = _area_counts(table, area_objectives)
    chosen = table["is_selected"].to_numpy(dtype=bool)
    context = _ReasonContext(
        rules=rules,
        problem=problem,
        chosen=chosen,
        free=chosen if free is None else np.asarray(free, dtype=bool),
        ids=table["objective_id"].to_numpy(dtype=int),
        ranks=pd.to_numeric(table["rank"]).to_numpy(dtype=float),
        memberships=memberships,
        n_selected_in=n_selected_in,
        required_in=dict(zip(sorted(area_names), problem.area_min.tolist(),
                             strict=False)),
        area_names=area_names,
        everything_fits=bool(np.all(chosen | problem.fixed_out)),
        n_scored=int(table["priority_score"].notna().sum()),
        lang=lang,
    )
    short = _short_area_notes(problem, area_names, lang)
    separator = t("selection.reason_separator", lang)
    reasons = []
    for position, row in enumerate(table.itertuples(index=False)):
        notes = [short[a] for a in memberships.get(int(row.objective_id), [])
                 if a in short]
        reasons.append(_reason(row, position, context)
                       + "".join(separator + note for note in notes))
    return reasons


def _short_area_notes(problem: _Problem, area_names: Mapping[Any, str],
                      lang: str = "en") -> dict[Any, str]:
    """A note for each thematic area whose coverage rule the data cut down."""
    if not _has_area_rule(problem):
        return {}
    notes = {}
    for minimum, area_id in zip(problem.area_min, sorted(area_names), strict=False):
        if minimum < problem.min_per_area:
            notes[area_id] = t(
                "selection.reason_area_short" if minimum else
                "selection.reason_area_empty",
                lang,
                area=area_names.get(area_id, area_id),
                available=int(minimum),
                min_per_area=problem.min_per_area,
            )
    return notes


def _reason(row: Any, position: int, context: _ReasonContext) -> str:
    """The reason, in words, for one objective's selection or not."""
    lang = context.lang
    criteria = _criteria_text(row, lang)
    score = (
        t("selection.reason_score", lang,
          score=numbers.number(row.priority_score, lang, 1), rank=row.rank,
          n_scored=context.n_scored, criteria=criteria)
        if pd.notna(row.priority_score)
        else t("selection.reason_no_score", lang, criteria=criteria)
    )
    if not row.is_selected:
        return _not_selected_reason(row, position, score, context)
    if context.problem.fixed_in[position]:
        return t("selection.reason_must_include", lang, score=score)
    areas = context.covers(position)
    if not context.free[position] and areas:
        where = ", ".join(context.area_names.get(a, str(a)) for a in areas)
        text = t("selection.reason_coverage", lang, areas=where, score=score,
                 rule=context.coverage_rule())
        if context.rules.method_used == "budget":
            text += t("selection.reason_cost", lang,
                      cost=_money(row.indicative_cost_usd, lang))
        return text
    return _selected_reason(row, position, score, context)


def _excluded_above(position: int, context: _ReasonContext) -> list[int]:
    """Must-exclude objectives ranked above this one."""
    rank = context.ranks[position]
    return [int(o) for o, r in zip(context.ids, context.ranks, strict=True)
            if o in context.rules.must_exclude and r < rank]


def _selected_reason(row: Any, position: int, score: str,
                     context: _ReasonContext) -> str:
    rules, lang = context.rules, context.lang
    if rules.method_used == "top_n":
        no_envelope = _no_envelope(rules, lang)
        if pd.notna(row.rank) and int(row.rank) > rules.top_n:
            # Only better-ranked objectives left out by the user make room for it.
            return t("selection.reason_top_n_after_exclusions", lang,
                     top_n=rules.top_n, no_envelope=no_envelope, score=score,
                     ids=context.ids_text(_excluded_above(position, context)))
        return t("selection.reason_top_n", lang, top_n=rules.top_n,
                 no_envelope=no_envelope, score=score)
    if rules.method_used == "threshold":
        return t("selection.reason_threshold", lang, score=score,
                 threshold=numbers.number(rules.threshold, lang, None))
    key = "everything_fits" if context.everything_fits else "best_set"
    return t(f"selection.reason_{key}", lang, score=score,
             envelope=_money(rules.budget_envelope_usd, lang),
             cost=_money(row.indicative_cost_usd, lang))


def _not_selected_reason(row: Any, position: int, score: str,
                         context: _ReasonContext) -> str:
    rules, lang = context.rules, context.lang
    if int(row.objective_id) in rules.must_exclude:
        return t("selection.reason_must_exclude", lang, score=score)
    if pd.isna(row.priority_score):
        return t("selection.reason_unscored", lang, score=score)
    if rules.method_used == "budget" and pd.isna(row.indicative_cost_usd):
        return t("selection.reason_not_costed", lang, score=score)
    no_envelope = _no_envelope(rules, lang)
    if context.free[position]:
        # Chosen without the coverage rule: the rule's own picks took its place.
        values = {"score": score, "rule": context.coverage_rule(),
                  "ids": context.ids_text(context.coverage_picks())}
        if rules.method_used == "top_n":
            return t("selection.reason_displaced_by_coverage_top_n", lang,
                     top_n=rules.top_n, no_envelope=no_envelope, **values)
        return t("selection.reason_displaced_by_coverage", lang, **values)
    if rules.method_used == "top_n":
        if int(row.rank) <= rules.top_n:
            # Inside the top N by rank, so must-include objectives ranked below it
            # (or without a score) took the places.
            return t("selection.reason_displaced_by_must_include", lang,
                     rank=row.rank, top_n=rules.top_n, no_envelope=no_envelope,
                     ids=context.ids_text(rules.must_include),
                     n_forced=len(rules.must_include), score=score)
        return t("selection.reason_outside_top_n", lang, top_n=rules.top_n,
                 no_envelope=no_envelope, score=score)
    if rules.method_used == "threshold":
        return t("selection.reason_below_threshold", lang, score=score,
                 threshold=numbers.number(rules.threshold, lang, None))
    return _does_not_fit_reason(row, score, context)


def _does_not_fit_reason(row: Any, score: str, context: _ReasonContext) -> str:
    rules, lang = context.rules, context.lang
    envelope = float(rules.budget_envelope_usd)
    cost = float(row.indicative_cost_usd)
    forced = float(np.nansum(context.problem.costs[context.problem.fixed_in]))
    values = {"score": score, "cost": _money(cost, lang),
              "envelope": _money(envelope, lang)}
    if cost > envelope:
        return t("selection.reason_costs_more_than_envelope", lang, **values)
    if cost > envelope - forced:
        return t("selection.reason_no_room_after_must_include", lang,
                 room=_money(envelope - forced, lang), **values)
    return t("selection.reason_does_not_fit", lang, **values)
