"""Consultation briefs (Guidance, Action 3 « Mobiliser des ressources », step 1):
one brief per meeting type the Guidance names, each covering the five topics
it lists, pre-filled from the run's funding tables, then where the record of the
stakeholders' views on funding levels stands (Action 2, step 3).

Pure: tables in, one table out. Every ``figure`` is a value of the run table
named in ``source_table`` (row ``source_key``, column ``source_column``), or the
sum of that column over the rows ``source_key`` names, never a new estimate.

What is the Guidance's and what is ours:

* the three meeting types use the Guidance's words (step 1: bilateral meetings
  that associate « des acteurs gouvernementaux de différents niveaux et secteurs
  du gouvernement, ainsi que des acteurs non gouvernementaux »; the third,
  « partenaires de financement existants et potentiels », is one of step 1's
  topics, made a meeting of its own by us);
* the five topics are quoted from the ``budgeting_step_checklist`` reference
  (items 3.2 to 3.6, the Guidance's text and its source), the sixth is item 3.1
  (Action 2, step 3);
* which source types go to which meeting (:data:`MEETING_SOURCE_TYPES`), how
  many rows each topic shows and which tables fill each topic are OUR rules.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._common import MIN_PLAN_GAP, label

#: The meeting types, in the order the Guidance names the actors (step 1).
MEETING_TYPES: tuple[str, ...] = ("government", "non_governmental",
                                  "funding_partners")

#: Source types discussed in each meeting (OUR grouping, not the Guidance's):
#: public money with government actors, private and diaspora money with
#: non-governmental actors, funds and development partners with the funding
#: partners.
MEETING_SOURCE_TYPES: dict[str, tuple[str, ...]] = {
    "government": ("domestic_budget", "national_local_development_funding"),
    "non_governmental": ("private_sector", "foundations", "diaspora_contributions",
                         "remittances", "social_impact_bonds",
                         "public_private_partnerships"),
    "funding_partners": ("migration_mptf", "sdg_funds", "multilateral_migration_funds",
                         "bilateral_development_partners", "ifi_mdb"),
}

#: The five topics of step 1 and their item in ``budgeting_step_checklist.csv``
#: (step 3, where the checklist quotes them), then ``views``: Action 2, step 3
#: (take the stakeholders' input on funding levels into account, item 3.1),
#: whose record the plan's ``budget_steps`` sheet keeps (items 3.1 and 3.7).
TOPICS: dict[str, int] = {"gaps": 2, "partners": 3, "interests": 4, "resources": 5,
                          "crisis": 6, "views": 1}
#: Checklist items of step 3 that record the stakeholders' views.
VIEW_ITEMS: tuple[int, ...] = (1, 7)

#: Rows shown per list (objectives, ministries, interventions): OUR choice, to
#: keep a brief to one page; the largest amounts first.
MAX_ROWS = 5

BRIEF_COLUMNS: tuple[str, ...] = (
    "meeting_type", "meeting_name", "topic", "topic_text", "topic_source", "item",
    "figure", "currency", "source_table", "source_key", "source_column",
)

#: Crisis-test measures a brief cites (``funding_crisis_totals.measure``).
_CRISIS_MEASURES: tuple[str, ...] = ("cut", "reallocated", "gap_essential")


def build_consultation_briefs(tables: Mapping[str, pd.DataFrame],
                              checklist: pd.DataFrame, lang: str = "en"
                              ) -> pd.DataFrame:
    """One brief per meeting type: the Guidance's five topics, then where the
    record of the stakeholders' views on funding levels stands (Action 2, step 3).

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The funding stage's tables (``funding_gap_total``,
        ``funding_gap_by_objective``, ``funding_gap_by_year``,
        ``funding_gap_by_ministry``, ``funding_sources``,
        ``funding_partner_totals``, ``funding_partner_interests``,
        ``funding_crisis_totals``, ``funding_scenarios``,
        ``funding_budget_steps``; optional
        ``funding_partner_strategy`` and ``funding_source_matches``).
    checklist : DataFrame
        ``budgeting_step_checklist.csv`` (the topics' text and source).
    lang : {"en", "fr"}

    Returns
    -------
    DataFrame
        :data:`BRIEF_COLUMNS`, meetings in :data:`MEETING_TYPES` order, topics in
        the Guidance's order, then the record of the stakeholders' views.
        ``figure`` is empty for a text-only item; a topic with nothing in the
        tables gets one item saying so.
    """
    step3 = checklist[checklist["step_id"].astype(int) == 3]
    steps = step3.set_index(step3["item_id"].astype(int))
    text_column = "text_fr" if lang == "fr" else "text_en"
    rows: list[dict[str, object]] = []
    for meeting in MEETING_TYPES:
        for topic, item_id in TOPICS.items():
            items = _TOPIC_ITEMS[topic](tables, meeting, lang)
            if not items:
                items = [_item(label("consult.nothing", lang), np.nan, "", "", "", "")]
            for item in items:
                rows.append({
                    "meeting_type": meeting,
                    "meeting_name": label(f"consult.meeting.{meeting}", lang),
                    "topic": topic,
                    "topic_text": str(steps.loc[item_id, text_column]),
                    "topic_source": str(steps.loc[item_id, "source"]), **item})
    out = pd.DataFrame(rows, columns=list(BRIEF_COLUMNS))
    return out.astype({"figure": float})


# ------------------------------------------------------------------- helpers
def _item(text: str, figure: float, currency: str, table: str, key: str,
          column: str) -> dict[str, object]:
    return {"item": text, "figure": float(figure), "currency": currency,
            "source_table": table, "source_key": key, "source_column": column}


def _table(tables: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    table = tables.get(name)
    return table if table is not None else pd.DataFrame()


def _in_meeting(codes: pd.Series, meeting: str) -> pd.Series:
    return codes.isin(MEETING_SOURCE_TYPES[meeting])


def _largest(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows with at least one unit of currency in ``column``, largest first."""
    if table.empty:
        return table
    kept = table[table[column] >= MIN_PLAN_GAP]
    return kept.sort_values(column, ascending=False, kind="stable").head(MAX_ROWS)


def _total(tables: Mapping[str, pd.DataFrame], column: str, key: str,
           lang: str) -> list[dict[str, object]]:
    total = _table(tables, "funding_gap_total")
    if total.empty:
        return []
    row = total.iloc[0]
    return [_item(label(key, lang), row[column], str(row["currency"]),
                  "funding_gap_total", "", column)]


def _by(tables: Mapping[str, pd.DataFrame], name: str, key: str, column: str,
        text_key: str, lang: str, top: bool = True) -> list[dict[str, object]]:
    table = _table(tables, name)
    if table.empty:
        return []
    shown = _largest(table, column) if top else table[table[column] >= MIN_PLAN_GAP]
    return [_item(label(text_key, lang, value=row[key]), row[column],
                  str(row["currency"]), name, f"{key}={row[key]}", column)
            for _, row in shown.iterrows()]


# -------------------------------------------------------------------- topics
def _gaps(tables: Mapping[str, pd.DataFrame], meeting: str, lang: str
          ) -> list[dict[str, object]]:
    """The total gap, the largest gaps by objective and, with government
    actors, by ministry (levels and sectors)."""
    out = _total(tables, "gap_amount", "consult.gap_total", lang)
    out += _by(tables, "funding_gap_by_objective", "objective_id", "gap_amount",
               "consult.gap_objective", lang)
    if meeting == "government":
        out += _by(tables, "funding_gap_by_ministry", "ministry", "gap_amount",
                   "consult.gap_ministry", lang)
    return out


def _partners(tables: Mapping[str, pd.DataFrame], meeting: str, lang: str
              ) -> list[dict[str, object]]:
    """Existing partners (funding lines allocated to the plan, partners'
    returns) and potential ones (the partner strategy's asks)."""
    out: list[dict[str, object]] = []
    sources = _table(tables, "funding_sources")
    if not sources.empty:
        mine = sources[_in_meeting(sources["source_type_code"], meeting)]
        for name, part in mine.groupby("source_name", sort=True):
            amount = float(part["allocated_amount"].sum())
            if amount >= MIN_PLAN_GAP:
                out.append(_item(label("consult.existing_source", lang, name=name),
                                 amount, str(part["currency"].iloc[0]),
                                 "funding_sources", f"source_name={name}",
                                 "allocated_amount"))
    totals = _table(tables, "funding_partner_totals")
    if not totals.empty:
        mine = totals if meeting == "funding_partners" else totals[
            _in_meeting(totals["partner_type_code"], meeting)]
        out += [_item(label("consult.partner_return", lang, name=row["partner_name"]),
                      row["committed_amount"], str(row["currency"]),
                      "funding_partner_totals", f"partner_name={row['partner_name']}",
                      "committed_amount") for _, row in mine.iterrows()]
    strategy = _table(tables, "funding_partner_strategy")
    if not strategy.empty:
        mine = strategy[_in_meeting(strategy["source_type_code"], meeting)]
        out += [_item(label("consult.potential", lang, name=row["source_type_name"],
                            channel=row["channel"]),
                      row["ask_amount"], str(row["currency"]),
                      "funding_partner_strategy",
                      f"source_type_code={row['source_type_code']}", "ask_amount")
                for _, row in mine.iterrows()]
        asked = set(strategy["source_type_code"])
    else:
        asked = set()
    out += _eligible(tables, meeting, asked, lang)
    return out


def _eligible(tables: Mapping[str, pd.DataFrame], meeting: str, asked: set[str],
              lang: str) -> list[dict[str, object]]:
    """Source types our matching finds eligible but that lead no ask: the
    gaps of the interventions they could fund (the same gap can appear under
    several sources, so these do not add up)."""
    matches = _table(tables, "funding_source_matches")
    if matches.empty:
        return []
    mine = matches[matches["is_eligible"].astype(bool)
                   & _in_meeting(matches["source_type_code"], meeting)
                   & ~matches["source_type_code"].isin(asked)]
    out = []
    for code, part in mine.groupby("source_type_code", sort=False):
        amount = float(part["gap_amount"].sum())
        if amount >= MIN_PLAN_GAP:
            out.append(_item(
                label("consult.eligible", lang, name=part["source_type_name"].iloc[0],
                      n=len(part)),
                amount, str(part["currency"].iloc[0]), "funding_source_matches",
                f"source_type_code={code};is_eligible=True", "gap_amount"))
    return out


def _interests(tables: Mapping[str, pd.DataFrame], meeting: str, lang: str
               ) -> list[dict[str, object]]:
    """What partners said they fund (returns) and the objectives our matching
    proposes to each potential partner."""
    out: list[dict[str, object]] = []
    interests = _table(tables, "funding_partner_interests")
    if not interests.empty:
        # an objective with a gap and no partner has no name (empty or missing)
        named = interests["partner_name"].fillna("").astype(str).str.strip() != ""
        mine = interests[named]
        if meeting != "funding_partners":
            mine = mine[_in_meeting(mine["partner_type_code"], meeting)]
        for _, row in mine.iterrows():
            said = (row["interests"] if isinstance(row["interests"], str)
                    and row["interests"].strip() else "—")
            out.append(_item(
                label("consult.interest", lang, name=row["partner_name"],
                      objective=int(row["objective_id"]), interests=said),
                row["offered_amount"], str(row["currency"]),
                "funding_partner_interests",
                f"objective_id={int(row['objective_id'])};"
                f"partner_name={row['partner_name']}", "offered_amount"))
    strategy = _table(tables, "funding_partner_strategy")
    if not strategy.empty:
        mine = strategy[_in_meeting(strategy["source_type_code"], meeting)]
        out += [_item(label("consult.matched", lang, name=row["source_type_name"],
                            objectives=row["objective_ids"]), np.nan, "",
                      "funding_partner_strategy",
                      f"source_type_code={row['source_type_code']}", "objective_ids")
                for _, row in mine.iterrows()]
        asked = set(strategy["source_type_code"])
    else:
        asked = set()
    matches = _table(tables, "funding_source_matches")
    if not matches.empty:
        # eligible sources that lead no ask: the objectives they are eligible for
        mine = matches[matches["is_eligible"].astype(bool)
                       & _in_meeting(matches["source_type_code"], meeting)
                       & ~matches["source_type_code"].isin(asked)]
        for code, part in mine.groupby("source_type_code", sort=False):
            objectives = ", ".join(str(int(o)) for o in sorted(
                part["objective_id"].unique()))
            out.append(_item(label("consult.eligible_for", lang,
                                   name=part["source_type_name"].iloc[0],
                                   objectives=objectives), np.nan, "",
                             "funding_source_matches",
                             f"source_type_code={code};is_eligible=True",
                             "objective_id"))
    return out


def _resources(tables: Mapping[str, pd.DataFrame], meeting: str, lang: str
               ) -> list[dict[str, object]]:
    """The cost and its allocation by year and objective (and ministry for
    government actors), then the asks per intervention of the meeting's
    sources."""
    out = _total(tables, "cost_amount", "consult.cost_total", lang)
    out += _by(tables, "funding_gap_by_year", "year", "cost_amount",
               "consult.cost_year", lang, top=False)
    out += _by(tables, "funding_gap_by_objective", "objective_id", "cost_amount",
               "consult.cost_objective", lang)
    if meeting == "government":
        out += _by(tables, "funding_gap_by_ministry", "ministry", "cost_amount",
                   "consult.cost_ministry", lang)
    matches = _table(tables, "funding_source_matches")
    if not matches.empty:
        leads = matches[matches["is_lead"].astype(bool)
                        & _in_meeting(matches["source_type_code"], meeting)]
        for _, row in _largest(leads, "gap_amount").iterrows():
            out.append(_item(
                label("consult.ask", lang, intervention=row["intervention_id"],
                      name=row["intervention_name"], source=row["source_type_name"]),
                row["gap_amount"], str(row["currency"]), "funding_source_matches",
                f"intervention_id={row['intervention_id']};"
                f"source_type_code={row['source_type_code']}", "gap_amount"))
    return out


def _crisis(tables: Mapping[str, pd.DataFrame], meeting: str, lang: str
            ) -> list[dict[str, object]]:
    """The crisis test (money cut, reallocated, essential gap) and each
    scenario's gap and protected gap."""
    out: list[dict[str, object]] = []
    totals = _table(tables, "funding_crisis_totals")
    if not totals.empty:
        for _, row in totals[totals["measure"].isin(_CRISIS_MEASURES)].iterrows():
            out.append(_item(label(f"consult.crisis.{row['measure']}", lang),
                             row["crisis_amount"], str(row["currency"]),
                             "funding_crisis_totals", f"measure={row['measure']}",
                             "crisis_amount"))
    scenarios = _table(tables, "funding_scenarios")
    for _, row in scenarios.iterrows():
        for column, key in (("gap_amount", "consult.scenario_gap"),
                            ("protected_gap_amount", "consult.scenario_protected")):
            out.append(_item(label(key, lang, name=row["scenario_name"]), row[column],
                             str(row["currency"]), "funding_scenarios",
                             f"scenario_code={row['scenario_code']}", column))
    return out


def _views(tables: Mapping[str, pd.DataFrame], meeting: str, lang: str
           ) -> list[dict[str, object]]:
    """Where the plan's record of the stakeholders' views on funding levels
    stands (``funding_budget_steps``, step 3, items 3.1 and 3.7): text only."""
    steps = _table(tables, "funding_budget_steps")
    if steps.empty:
        return []
    mine = steps[(steps["step_id"].astype(int) == 3)
                 & steps["item_id"].astype(int).isin(VIEW_ITEMS)]
    out = []
    for _, row in mine.iterrows():
        status = row["status"] if isinstance(row["status"], str) else "not_recorded"
        out.append(_item(
            label("consult.view", lang, item=f"3.{int(row['item_id'])}",
                  status=label(f"steps.status.{status}", lang)),
            np.nan, "", "funding_budget_steps",
            f"step_id=3;item_id={int(row['item_id'])}", "status"))
    return out


_TOPIC_ITEMS = {"gaps": _gaps, "partners": _partners, "interests": _interests,
                "resources": _resources, "crisis": _crisis, "views": _views}


def brief_figure(tables: Mapping[str, pd.DataFrame], row: Mapping[str, object]
                 ) -> float:
    """The value a brief's row cites, read back from its source table (the sum
    of ``source_column`` over the rows ``source_key`` selects)."""
    table = tables[str(row["source_table"])]
    key = row["source_key"]
    if isinstance(key, str) and key:
        for part in key.split(";"):
            column, value = part.split("=", 1)
            table = table[table[column].astype(str) == value]
    return float(table[str(row["source_column"])].sum())
