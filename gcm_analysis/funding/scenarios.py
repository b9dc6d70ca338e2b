"""Scenarios that loop the gap back to priorities: what is kept, phased, deferred
or cut when money falls, costs rise, only secured money comes, or only the
minimum essential package is done.

Each scenario of ``funding_scenarios.csv`` (ours) scales the costs and the funding
lines, keeps the funding lines of some statuses and, for the minimum package, only
the protected interventions' costs; the same allocation rule as the baseline then
runs (protected interventions first), and the gap vocabulary applies unchanged:
committed = secured + pledged, gap = cost - committed.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ._common import _tolerance, label
from .allocation import _allocate, _gaps, summarise_gaps
from .costs import _sort_by_importance

#: Committed share from which an intervention that is not fully funded is
#: "phased" (done over more time or at a smaller scale) rather than "deferred"
#: (our rule, docs/method_funding.md §5b).
PHASE_MIN_SHARE = 0.5

#: Outcomes of an intervention in a scenario, best first.
SCENARIO_OUTCOMES: tuple[str, ...] = ("kept", "phased", "deferred", "cut", "outside")

SCENARIO_COLUMNS: tuple[str, ...] = (
    "scenario_code", "scenario_name", "description", "protection_rule", "cost_amount",
    "committed_amount", "gap_amount", "committed_share", "protected_cost_amount",
    "protected_gap_amount", "n_kept", "n_phased", "n_deferred", "n_cut", "n_outside",
    "currency", "price_year",
)
INTERVENTION_COLUMNS: tuple[str, ...] = (
    "scenario_code", "intervention_id", "intervention_name", "objective_id",
    "is_essential", "is_protected", "cost_amount", "committed_amount", "gap_amount",
    "committed_share", "outcome", "outcome_text", "currency", "price_year",
)
OBJECTIVE_COLUMNS: tuple[str, ...] = (
    "scenario_code", "objective_id", "cost_amount", "committed_amount", "gap_amount",
    "committed_share", "baseline_committed_share", "change_share", "currency",
    "price_year",
)


def protected_interventions(cells: pd.DataFrame, lang: str = "en"
                            ) -> tuple[set[str], str]:
    """The interventions a scenario protects, and a sentence saying by which rule.

    The plan's essential interventions (its ``is_essential`` column). A plan that
    marks none (a starter plan) gets our documented default: the interventions of
    the top half of its objectives by ``priority_rank`` (selection rank); without
    ranks nothing is protected, and the sentence says so.
    """
    essential = set(cells.loc[cells["is_essential"].astype(bool), "intervention_id"])
    if essential:
        return essential, label("scenario.protect.plan", lang, n=len(essential))
    ranks = (cells.dropna(subset=["priority_rank"])
             .groupby("objective_id")["priority_rank"].min().sort_values())
    if ranks.empty:
        return set(), label("scenario.protect.none", lang)
    top = set(ranks.index[: math.ceil(len(ranks) / 2)])
    chosen = set(cells.loc[cells["objective_id"].isin(top), "intervention_id"])
    return chosen, label("scenario.protect.default", lang, n=len(chosen))


def run_scenarios(cells: pd.DataFrame, lines: pd.DataFrame, scenarios: pd.DataFrame,
                  *, thresholds: pd.DataFrame, lang: str = "en"
                  ) -> dict[str, Any]:
    """Run every scenario and compare interventions and objectives.

    Parameters
    ----------
    cells : DataFrame
        Cost cells (:func:`prepare_costs`).
    lines : DataFrame
        Prepared funding lines.
    scenarios : DataFrame
        ``funding_scenarios.csv``: ``scenario_code, cost_factor, funding_factor,
        statuses`` (``;``-separated), ``cost_scope`` (``all``/``protected``),
        ``name_en/fr, text_en/fr``.
    thresholds : DataFrame
        RAG bands (for the gap summaries).
    lang : {"en", "fr"}

    Returns
    -------
    dict
        ``funding_scenarios`` (one row per scenario; ``committed_amount +
        gap_amount = cost_amount``), ``funding_scenario_interventions``,
        ``funding_scenario_objectives`` (tables) and ``protection`` (the
        sentence of :func:`protected_interventions`).
    """
    protected, protection = protected_interventions(cells, lang)
    suffix = "fr" if lang == "fr" else "en"
    # protected interventions are funded first, as essential ones are
    ranked = _sort_by_importance(cells.assign(
        is_essential=cells["intervention_id"].isin(protected)))
    totals, per_item, per_objective = [], [], []
    baseline_share: pd.Series | None = None
    for spec in scenarios.sort_values("display_order").to_dict("records"):
        statuses = str(spec["statuses"]).split(";")
        scope = ranked if spec["cost_scope"] == "all" else ranked[
            ranked["intervention_id"].isin(protected)]
        scoped = scope.assign(amount=scope["amount"] * float(spec["cost_factor"]))
        money = lines[lines["status"].isin(statuses)]
        money = money.assign(amount=money["amount"] * float(spec["funding_factor"]))
        gaps = _gaps(scoped, _allocate(scoped, money), thresholds)
        items = _interventions(gaps, cells, protected, lang)
        items.insert(0, "scenario_code", spec["scenario_code"])
        per_item.append(items)
        objectives = summarise_gaps(gaps, ["objective_id"], thresholds) if len(gaps) \
            else pd.DataFrame(columns=["objective_id", "cost_amount",
                                       "committed_amount", "gap_amount",
                                       "committed_share", "currency", "price_year"])
        objectives = objectives.set_index("objective_id").reindex(
            sorted(cells["objective_id"].unique()))
        if baseline_share is None:
            baseline_share = objectives["committed_share"]
        per_objective.append(pd.DataFrame({
            "scenario_code": spec["scenario_code"],
            "objective_id": objectives.index,
            "cost_amount": objectives["cost_amount"].fillna(0.0).to_numpy(),
            "committed_amount": objectives["committed_amount"].fillna(0.0).to_numpy(),
            "gap_amount": objectives["gap_amount"].fillna(0.0).to_numpy(),
            "committed_share": objectives["committed_share"].to_numpy(),
            "baseline_committed_share": baseline_share.to_numpy(),
            "change_share": (objectives["committed_share"] - baseline_share)
            .to_numpy(),
            "currency": cells["currency"].iloc[0], "price_year":
            int(cells["price_year"].iloc[0])}))
        counts = items["outcome"].value_counts()
        protected_rows = gaps[gaps["intervention_id"].isin(protected)]
        cost = float(gaps["cost_amount"].sum())
        committed = float(gaps["committed_amount"].sum())
        totals.append({
            "scenario_code": spec["scenario_code"],
            "scenario_name": spec[f"name_{suffix}"],
            "description": spec[f"text_{suffix}"], "protection_rule": protection,
            "cost_amount": cost,
            "committed_amount": committed,
            "gap_amount": float(gaps["gap_amount"].sum()),
            "committed_share": committed / cost if cost else float("nan"),
            "protected_cost_amount": float(protected_rows["cost_amount"].sum()),
            "protected_gap_amount": float(protected_rows["gap_amount"].sum()),
            **{f"n_{o}": int(counts.get(o, 0)) for o in SCENARIO_OUTCOMES},
            "currency": cells["currency"].iloc[0],
            "price_year": int(cells["price_year"].iloc[0])})
    return {
        "funding_scenarios": pd.DataFrame(totals, columns=list(SCENARIO_COLUMNS)),
        "funding_scenario_interventions": pd.concat(per_item, ignore_index=True)[
            list(INTERVENTION_COLUMNS)],
        "funding_scenario_objectives": pd.concat(per_objective, ignore_index=True)[
            list(OBJECTIVE_COLUMNS)],
        "protection": protection,
    }


def _interventions(gaps: pd.DataFrame, cells: pd.DataFrame, protected: set[str],
                   lang: str) -> pd.DataFrame:
    """One row per intervention of the plan with its outcome in a scenario."""
    plan = cells.groupby("intervention_id", sort=True).agg(
        intervention_name=("intervention_name", "first"),
        objective_id=("objective_id", "first"), is_essential=("is_essential", "max"))
    money = gaps.groupby("intervention_id")[
        ["cost_amount", "committed_amount", "gap_amount"]].sum()
    out = plan.join(money).fillna({"cost_amount": 0.0, "committed_amount": 0.0,
                                   "gap_amount": 0.0})
    tol = _tolerance(cells["amount"])
    share = out["committed_amount"] / out["cost_amount"].where(out["cost_amount"] > 0)
    outcomes = []
    for in_scope, cost, gap, part in zip(out.index.isin(money.index),
                                         out["cost_amount"], out["gap_amount"],
                                         share, strict=True):
        if not in_scope or cost <= tol:
            outcomes.append("outside")
        elif gap <= tol:
            outcomes.append("kept")
        elif part >= PHASE_MIN_SHARE:
            outcomes.append("phased")
        elif part > 0:
            outcomes.append("deferred")
        else:
            outcomes.append("cut")
    out = out.assign(is_protected=out.index.isin(protected), committed_share=share,
                     outcome=outcomes,
                     outcome_text=[label(f"scenario.outcome.{o}", lang)
                                   for o in outcomes],
                     currency=cells["currency"].iloc[0],
                     price_year=int(cells["price_year"].iloc[0]))
    return out.reset_index()
