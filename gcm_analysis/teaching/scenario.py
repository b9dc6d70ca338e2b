"""The numbers behind the lessons, computed from the fictional plan and panel.

Exercises (:mod:`.exercises`) compare answers with these numbers and prose
(:mod:`.facts`) quotes them; nothing is typed in. Lines are found by their role
in the focus intervention (the staff line, the line in a foreign currency, the
support activity, the line priced before the base year), so the lessons follow
the plan if its figures change.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import reference
from . import data

# ------------------------------------------------------------------- lesson 1
REMITTANCE_INDICATOR = "remittances_received_pct_gdp"
DIRECTION_INDICATOR = "gdp_per_capita_usd"


def indicator_row(indicator: str, peer_group: str = data.PEER_GROUP,
                  objective_id: int | None = None) -> pd.Series:
    """One row of Lumeria's objective-indicator detail (first objective using it)."""
    _, detail = data.needs_tables(peer_group)
    rows = detail[detail["indicator"] == indicator]
    if objective_id is not None:
        rows = rows[rows["objective_id"] == objective_id]
    return rows.iloc[0]


def direction_objective() -> int:
    """The first objective scoring GDP per capita with direction -1."""
    _, detail = data.needs_tables()
    rows = detail[(detail["indicator"] == DIRECTION_INDICATOR)
                  & (detail["direction"] < 0)]
    return int(rows["objective_id"].min())


def missing_objective() -> int:
    """The objective whose score leaves out the most indicator weight (missing data)."""
    table, _ = data.needs_tables()
    scored = table[table["need_score"].notna()]
    return int(scored.sort_values(["coverage", "objective_id"]).iloc[0]["objective_id"])


def objective_detail(objective_id: int) -> pd.DataFrame:
    _, detail = data.needs_tables()
    return detail[(detail["objective_id"] == objective_id)
                  & (detail["kind"] == "indicator")]


def need_score(objective_id: int, peer_group: str = data.PEER_GROUP) -> float:
    table, _ = data.needs_tables(peer_group)
    return float(table.set_index("objective_id").at[objective_id, "need_score"])


def missing_as_zero(objective_id: int) -> float:
    """The need score if missing indicators counted as 0 (the slip of 1.3)."""
    rows = objective_detail(objective_id)
    weighted = (rows["weight"] * rows["score"].fillna(0.0)).sum()
    return float(weighted / rows["weight"].sum())


def unweighted_score(objective_id: int) -> float:
    rows = objective_detail(objective_id)
    return float(rows["score"].dropna().mean())


def top_objective(peer_group: str = data.PEER_GROUP) -> int:
    table, _ = data.needs_tables(peer_group)
    return int(table.loc[table["rank"] == 1, "objective_id"].iloc[0])


def selected_set() -> list[int]:
    chosen = data.selected_objectives()
    return sorted(int(o) for o in chosen.loc[chosen["is_selected"], "objective_id"])


def need_only_set(top_n: int = data.SELECTION_TOP_N) -> list[int]:
    table, _ = data.needs_tables()
    ranked = table[table["rank"].notna()].sort_values("rank")
    return sorted(int(o) for o in ranked["objective_id"].head(top_n))


def priority_only_set(top_n: int = data.SELECTION_TOP_N) -> list[int]:
    """Top objectives by stakeholder priority alone (feasibility, then id, on ties)."""
    priorities = data.read_teaching_plan().priorities
    ranked = priorities.sort_values(["stakeholder_priority", "feasibility",
                                     "objective_id"], ascending=[False, False, True])
    return sorted(int(o) for o in ranked["objective_id"].head(top_n))


# ------------------------------------------------------------------- lesson 2
def focus_lines() -> pd.DataFrame:
    """The focus intervention's cost lines (as completed by the plan reader)."""
    lines = data.read_teaching_plan().cost_lines
    return lines[lines["intervention_id"] == data.FOCUS_INTERVENTION].reset_index(
        drop=True)


def _one(frame: pd.DataFrame, role: str) -> pd.Series:
    if len(frame) != 1:
        raise ValueError(f"the focus intervention needs exactly one {role} line; "
                         f"found {len(frame)}")
    return frame.iloc[0]


def mediator_line() -> pd.Series:
    lines = focus_lines()
    return _one(lines[(lines["category"] == "staff")], "staff")


def consultant_line() -> pd.Series:
    lines = focus_lines()
    reporting = data.read_teaching_plan().settings.reporting_currency
    return _one(lines[lines["currency"] != reporting], "foreign-currency")


def training_line() -> pd.Series:
    lines = focus_lines()
    return _one(lines[lines["is_support_activity"].astype(bool)], "support")


def interpretation_line() -> pd.Series:
    lines = focus_lines()
    base = data.read_teaching_plan().settings.base_year
    return _one(lines[lines["price_year"] < base], "old-price")


def years() -> list[int]:
    return data.read_teaching_plan().settings.years


def price_index() -> pd.Series:
    """The price index by year (base year = 1)."""
    table = data.budget_tables()["budget_price_index"]
    return table.set_index("year")["price_index"].astype(float)


def inflation_pct(year: int) -> float:
    table = data.budget_tables()["budget_price_index"]
    return float(table.set_index("year").at[year, "inflation_pct"])


def line_fx(line_id: str) -> tuple[float, str]:
    """The rate (reporting units per unit) and its date used for a line."""
    lines = data.budget_lines()
    row = lines[lines["line_id"] == line_id].iloc[0]
    return float(row["fx_rate"]), str(row["fx_rate_date"])


def other_fx(currency: str, used_date: str) -> tuple[float, str]:
    """Another dated rate of the same currency (the slip of picking the wrong date)."""
    the_plan = data.read_teaching_plan()
    rates = the_plan.exchange_rates
    reporting = the_plan.settings.reporting_currency
    rows = rates[(rates["from_currency"] == currency)
                 & (rates["to_currency"] == reporting)]
    dates = pd.to_datetime(rows["rate_date"]).dt.strftime("%Y-%m-%d")
    others = rows[dates != used_date]
    if others.empty:
        return float("nan"), ""
    row = others.iloc[0]
    return float(row["rate"]), pd.Timestamp(row["rate_date"]).strftime("%Y-%m-%d")


def line_year_cost(line: pd.Series, unit_cost: str = "unit_cost_likely",
                   quantity: float | None = None) -> float:
    qty = float(line["quantity_per_year"]) if quantity is None else quantity
    return qty * float(line[unit_cost])


def line_constant_year(line: pd.Series) -> float:
    """One year of a line in reporting currency at base-year prices."""
    fx, _ = line_fx(str(line["line_id"]))
    return line_year_cost(line) * fx / float(price_index()[int(line["price_year"])])


def focus_budget() -> pd.DataFrame:
    lines = data.budget_lines()
    return lines[lines["intervention_id"] == data.FOCUS_INTERVENTION]


def focus_total(contingency: bool = False) -> float:
    budget = focus_budget()
    if not contingency:
        budget = budget[budget["cost_type"] != "contingency"]
    return float(budget["amount_constant"].sum())


def focus_support() -> float:
    budget = focus_budget()
    return float(budget.loc[budget["is_support_activity"].fillna(False).astype(bool),
                            "amount_constant"].sum())


def focus_year(year: int, column: str = "amount_constant",
               contingency: bool = True) -> float:
    budget = focus_budget()
    budget = budget[budget["year"] == year]
    if not contingency:
        budget = budget[budget["cost_type"] != "contingency"]
    return float(budget[column].sum())


def contingency_share() -> float:
    return data.read_teaching_plan().settings.contingency_pct / 100.0


def envelope_intervention() -> str:
    lines = data.read_teaching_plan().cost_lines
    return str(lines.loc[lines["costing_method"] == "top_down",
                         "intervention_id"].iloc[0])


def top_drivers() -> pd.DataFrame:
    return data.budget_tables()["cost_drivers"]


def largest_line() -> str:
    lines = data.budget_lines()
    lines = lines[lines["cost_type"] != "contingency"]
    return str(lines.groupby("line_id")["amount_constant"].sum().idxmax())


def plan_range() -> tuple[float, float, float]:
    """Deterministic total, P10 and P90 of the plan (constant prices)."""
    table = data.budget_tables()["budget_uncertainty"]
    row = table[(table["scope"] == "total")
                & (table["price_basis"] == "constant")].iloc[0]
    return float(row["deterministic"]), float(row["p10"]), float(row["p90"])


# ------------------------------------------------------------------- lesson 3
def step_with(fragment: str) -> int:
    """The budgeting step whose French text (as written) contains ``fragment``."""
    steps = reference.budgeting_steps()
    found = steps[steps["text_fr"].str.contains(fragment, regex=False)]
    return int(found["step_id"].iloc[0])


SUPPORT_STEP_FRAGMENT = "activités d'appui"
CAPACITY_STEP_FRAGMENT = "renforcement des capacités"


def support_step() -> int:
    return step_with(SUPPORT_STEP_FRAGMENT)


def capacity_step() -> int:
    steps = reference.budgeting_steps()
    found = steps[steps["text_fr"].str.startswith("Organiser des activités de "
                                                  + CAPACITY_STEP_FRAGMENT)]
    return int(found["step_id"].iloc[0])


def components() -> pd.Series:
    table = data.budget_tables()["budget_summary"]
    return table.set_index("component")["amount_constant"].astype(float)


def support_share() -> float:
    parts = components()
    return parts["support_total"] / parts["total"]


def secretariat_share() -> float:
    """Support lines of the coordination intervention (objective 23) only."""
    lines = data.budget_lines()
    the_plan = data.read_teaching_plan()
    ids = the_plan.interventions.loc[the_plan.interventions["objective_id"] == 23,
                                     "intervention_id"]
    mask = lines["intervention_id"].isin(ids) & (lines["cost_type"] != "contingency")
    return float(lines.loc[mask, "amount_constant"].sum()) / components()["total"]


def readiness(framework: str) -> pd.DataFrame:
    table = data.funding_tables()["funding_readiness"]
    return table[table["framework_code"] == framework]


def lowest_assessed(framework: str) -> int:
    rows = readiness(framework)
    rows = rows[rows["is_assessed"].astype(bool)]
    return int(rows.sort_values(["score", "item_id"]).iloc[0]["item_id"])


def not_assessed(framework: str) -> list[int]:
    rows = readiness(framework)
    return [int(i) for i in rows.loc[~rows["is_assessed"].astype(bool), "item_id"]]


def principle_with(fragment: str) -> int:
    table = reference.budget_governance_principles()
    found = table[table["text_en"].str.contains(fragment, regex=False)]
    return int(found["principle_id"].iloc[0])


COMPREHENSIVE_FRAGMENT = "comprehensive, accurate and reliable"
TRANSPARENT_FRAGMENT = "open, transparent and accessible"


# ------------------------------------------------------------------- lesson 4
def our_source_additions() -> list[str]:
    types = reference.funding_source_types()
    return sorted(types.loc[types["is_our_addition"].astype(bool), "source_type_code"])


def source_type_codes() -> list[str]:
    types = reference.funding_source_types().sort_values("display_order")
    return list(types["source_type_code"])


def gap_total() -> pd.Series:
    return data.funding_tables()["funding_gap_total"].iloc[0]


def gap_by_objective() -> pd.DataFrame:
    return data.funding_tables()["funding_gap_by_objective"]


def objective_with_max(column: str) -> int:
    table = gap_by_objective()
    return int(table.sort_values([column, "objective_id"],
                                 ascending=[False, True]).iloc[0]["objective_id"])


def objective_with_max_uncovered() -> int:
    """The objective with the largest gap *if every source delivered* (cost minus
    all allocated money, pipeline and money to be mobilised included)."""
    table = gap_by_objective()
    table = table.assign(uncovered=table["cost_amount"] - table["allocated_amount"])
    return int(table.sort_values(["uncovered", "objective_id"],
                                 ascending=[False, True]).iloc[0]["objective_id"])


def objective_with_lowest_coverage() -> int:
    table = gap_by_objective()
    return int(table.sort_values(["expected_share", "objective_id"]).iloc[0][
        "objective_id"])


def crisis() -> pd.DataFrame:
    return data.funding_tables()["funding_crisis"]


def biggest_loser(rank: int = 0) -> str:
    table = crisis().sort_values(["change_amount", "intervention_id"])
    return str(table.iloc[rank]["intervention_id"])


def essential_ids() -> list[str]:
    interventions = data.read_teaching_plan().interventions
    return sorted(interventions.loc[interventions["is_essential"].fillna(False)
                                    .astype(bool), "intervention_id"])


def intervention_ids() -> list[str]:
    return sorted(data.read_teaching_plan().interventions["intervention_id"])


def objective_ids() -> list[int]:
    return sorted(int(o) for o in data.read_teaching_plan().interventions[
        "objective_id"].unique())


def as_float(value: object) -> float:
    return float(np.asarray(value, dtype=float))


def _peer_values(indicator: str, peer_group: str) -> tuple[pd.Series, float]:
    """The peers' values of ``indicator`` (with data) and Lumeria's own value."""
    indicators, countries = data.teaching_panel()
    from .. import needs

    members, _ = needs.peer_countries(countries, data.COUNTRY, peer_group)
    values = indicators[(indicators["indicator"] == indicator)
                        & indicators["iso3"].isin(members)
                        & indicators["value"].notna()]
    own = float(values.loc[values["iso3"] == data.COUNTRY, "value"].iloc[0])
    return values["value"].astype(float), own


def peers_below(indicator: str, peer_group: str = data.PEER_GROUP) -> int:
    """How many peers with data have a lower value than Lumeria (ties apart)."""
    values, own = _peer_values(indicator, peer_group)
    return int((values < own).sum())


def peers_tied(indicator: str, peer_group: str = data.PEER_GROUP) -> int:
    """How many other peers have exactly Lumeria's value."""
    values, own = _peer_values(indicator, peer_group)
    return int((values == own).sum()) - 1


# ------------------------------------------------ reworked lesson 1 exercises
EXTRA_PEERS_ABOVE = 2
"""Exercise 1.1: peers that start publishing the figure, all above Lumeria."""

FILLED_SCORE = 100.0
"""Exercise 1.4: the score of the missing indicator once its value arrives (the
highest of the region)."""


def percentile_with_more_peers(extra_above: int = EXTRA_PEERS_ABOVE,
                               counted_below: bool = False) -> float:
    """Lumeria's remittance percentile once ``extra_above`` more peers with
    higher values have data (``counted_below``: the slip of counting them as
    lower values)."""
    n = int(indicator_row(REMITTANCE_INDICATOR)["n_peers"]) + extra_above
    below = peers_below(REMITTANCE_INDICATOR) + (extra_above if counted_below else 0)
    return below / (n - 1) * 100.0


def score_with_filled(objective_id: int, filled: float = FILLED_SCORE,
                      how: str = "weighted") -> float:
    """An objective's need score once its missing indicators score ``filled``.

    ``how``: ``weighted`` (the method), ``old_weights`` (the slip of still
    dividing by the weight that had data) or ``unweighted`` (a simple mean).
    """
    rows = objective_detail(objective_id)
    scores = rows["score"].fillna(filled)
    if how == "unweighted":
        return float(scores.mean())
    total = float((rows["weight"] * scores).sum())
    if how == "old_weights":
        return total / float(rows.loc[rows["score"].notna(), "weight"].sum())
    return total / float(rows["weight"].sum())


def rank_with_score(objective_id: int, score: float) -> int:
    """The objective's rank in the need ranking if its score were ``score``."""
    table, _ = data.needs_tables()
    others = table[(table["objective_id"] != objective_id)
                   & table["need_score"].notna()]
    return 1 + int((others["need_score"] > score).sum())
