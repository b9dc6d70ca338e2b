"""Readiness self-assessments and the validation workshop agenda."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .. import numbers
from ..errors import ProblemList, msg
from ._common import (
    FundingReference,
    format_money,
    label,
)
from .allocation import summarise_gaps
from .sheets import FRAMEWORK_ITEMS, SCORE_MAX


# ------------------------------------------------------------------ readiness
def readiness_items(lang: str = "en", *, refs: FundingReference) -> pd.DataFrame:
    """Return the 25 readiness items: 5 conditions, 10 principles, 10 criteria.

    Returns
    -------
    DataFrame
        ``framework_code, framework_name, item_id, item_text, is_our_proposal,
        is_text_ours`` (the text shown is our translation or proposal, not the
        source's wording), ``status, source``. ``plan_quality_criteria`` are the
        GCM Workbook's proposal (the Guide's Tool 8 was not available to us) and
        are named so in ``framework_name``.
    """
    text = "text_fr" if lang == "fr" else "text_en"
    # Which language is the source's own: the Guidance is French, the OECD
    # principles English; the plan-quality criteria are ours in both.
    original = {"ideal_budgeting_conditions": "text_fr",
                "budget_governance_principles": "text_en", "plan_quality_criteria": ""}
    parts = []
    for code, table, key in (
        ("ideal_budgeting_conditions", refs.ideal_budgeting_conditions,
         "condition_id"),
        ("budget_governance_principles", refs.budget_governance_principles,
         "principle_id"),
        ("plan_quality_criteria", refs.plan_quality_criteria, "criterion_id"),
    ):
        proposal = (table["is_our_proposal"] if "is_our_proposal" in table
                    else pd.Series(False, index=table.index))
        parts.append(pd.DataFrame({
            "framework_code": code,
            "framework_name": label(f"framework.{code}", lang),
            "item_id": table[key].astype(int),
            "item_text": table[text],
            "is_our_proposal": proposal.astype(bool),
            "is_text_ours": original[code] != text,
            "status": table["status"], "source": table["source"],
        }))
    return pd.concat(parts, ignore_index=True)



def _sep(mark: str, lang: str) -> str:
    """``"; "`` / ``": "`` in English, with a narrow no-break space before the
    mark in French."""
    return ("\u202f" if lang == "fr" else "") + mark + " "


def blank_assessment(lang: str = "en", *, refs: FundingReference) -> pd.DataFrame:
    """Return the ``assessment`` sheet to fill in: every item, score blank."""
    items = readiness_items(lang, refs=refs)
    return pd.DataFrame({
        "framework_code": items["framework_code"], "item_id": items["item_id"],
        "item_text": items["item_text"], "score": pd.Series(pd.NA, dtype="Int64",
                                                            index=items.index),
        "evidence": pd.Series(pd.NA, dtype="string", index=items.index),
    })


def score_readiness(assessment: pd.DataFrame, lang: str = "en", *,
                    refs: FundingReference) -> pd.DataFrame:
    """Return every readiness item with the plan's score, its label and evidence.

    Parameters
    ----------
    assessment : DataFrame
        ``framework_code, item_id, score, evidence`` (may be empty; items not in
        it are "not assessed", never scored 0).
    lang : {"en", "fr"}

    Returns
    -------
    DataFrame
        :func:`readiness_items` columns plus ``score`` (Int64, NA = not
        assessed), ``score_label``, ``evidence``, ``is_assessed``.

    Raises
    ------
    InputError
        If a score is outside 0-3 or an item is unknown (located by framework
        and item).
    """
    items = readiness_items(lang, refs=refs)
    scale = refs.assessment_scale.set_index("score")[
        "text_fr" if lang == "fr" else "text_en"]
    given = assessment.assign(item_id=assessment["item_id"].astype("Int64"))
    known = set(zip(items["framework_code"], items["item_id"], strict=True))
    problems = ProblemList()
    for row in given.itertuples(index=False):
        if (row.framework_code, row.item_id) not in known:
            problems.add(file="assessment", sheet="assessment", column="item_id",
                         value=f"{row.framework_code} {row.item_id}",
                         message=msg("readiness_item_unknown"),
                         expected="; ".join(f"{c} 1-{n}"
                                            for c, n in FRAMEWORK_ITEMS.items()))
        elif not pd.isna(row.score) and not 0 <= int(row.score) <= SCORE_MAX:
            problems.add(file="assessment", sheet="assessment", column="score",
                         value=row.score,
                         message=msg("readiness_score", item=f"{row.framework_code} "
                                     f"{row.item_id}"),
                         expected=msg("readiness_score.expected"))
    problems.raise_if_any("the readiness assessment is not valid")
    merged = items.merge(given[["framework_code", "item_id", "score", "evidence"]],
                         on=["framework_code", "item_id"], how="left",
                         validate="one_to_one")
    score = merged["score"].astype("Int64")
    return merged.assign(
        score=score,
        score_label=score.map(lambda s: label("readiness.not_assessed", lang)
                              if pd.isna(s) else scale.get(int(s), "")),
        evidence=merged["evidence"].astype("string"),
        is_assessed=score.notna().astype(bool),
    )


def summarise_readiness(readiness: pd.DataFrame) -> pd.DataFrame:
    """Return per framework: items, assessed, mean score, share of the maximum,
    and how many items score 0 or 1 (weak)."""
    grouped = readiness.groupby(["framework_code", "framework_name"], sort=False)
    out = grouped.agg(
        n_items=("item_id", "size"),
        n_assessed=("is_assessed", "sum"),
        mean_score=("score", lambda s: float(s.dropna().mean()) if s.notna().any()
                    else np.nan),
        n_weak=("score", lambda s: int((s.dropna() <= 1).sum())),
    ).reset_index()
    mean = pd.to_numeric(out["mean_score"], errors="coerce").astype(float)
    return out.assign(mean_score=mean, score_share=mean / SCORE_MAX)


# ----------------------------------------------------------- workshop agenda
def _objective_list(ids: Iterable[int], lang: str, titles: pd.Series,
                    limit: int = 8) -> str:
    ordered = list(dict.fromkeys(int(i) for i in ids))
    shown = [f"{i} ({titles.get(i, '')})" for i in ordered[:limit]]
    more = len(ordered) - len(shown)
    return ", ".join(shown) + (label("agenda.and_more", lang, n=more) if more else "")


def build_workshop_agenda(
    gaps: pd.DataFrame,
    plan_table: pd.DataFrame,
    readiness: pd.DataFrame,
    lang: str = "en",
    needs: pd.DataFrame | None = None,
    selection: pd.DataFrame | None = None,
    crisis: pd.DataFrame | None = None,
    funding: pd.DataFrame | None = None,
    *,
    refs: FundingReference,
) -> pd.DataFrame:
    """Fill the validation workshop's eight agenda points from the plan.

    The points are the Guidance's (Action 1, « Examiner et adopter le plan
    d'action »); what is written under each comes from this run's tables.

    Parameters
    ----------
    gaps : DataFrame
        From :func:`compute_gaps`.
    plan_table : DataFrame
        The mobilisation plan (:func:`build_mobilisation_plan`).
    readiness : DataFrame
        From :func:`score_readiness`.
    lang : {"en", "fr"}
    needs, selection : DataFrame, optional
        ``needs.csv`` (01) and ``selection.csv`` (02) when the run has them.
    crisis : DataFrame, optional
        From :func:`summarise_crisis`.
    funding : DataFrame, optional
        Prepared funding (partners named under point 7).
    refs : FundingReference
        Reference tables: the workshop points, objective titles, RAG bands.

    Returns
    -------
    DataFrame
        ``point_id, point_text, from_the_plan, based_on``.
    """
    points = refs.validation_workshop_points
    titles = refs.titles(lang)
    total = summarise_gaps(gaps, [], refs.rag_thresholds)
    currency = str(total["currency"].iloc[0])
    first_year = int(gaps["year"].min())
    last_year = int(gaps["year"].max())
    # point 1 names only objectives with a cost in the first plan year (the
    # budget tables), then, apart, those selected by need that the plan lacks
    costed = gaps[(gaps["year"] == first_year) & (gaps["cost_amount"] > 0.005)]
    objectives = sorted(int(i) for i in costed["objective_id"].unique())
    not_in_plan: list[int] = []
    if selection is not None and "is_selected" in selection:
        selected = selection.loc[selection["is_selected"].astype(bool), "objective_id"]
        not_in_plan = sorted(set(selected.astype(int))
                             - {int(i) for i in gaps["objective_id"].unique()})

    def money(value: float) -> str:
        return format_money(value, currency, lang)

    principles = readiness[(readiness["framework_code"] == "plan_quality_criteria")
                           & (readiness["item_id"] == 3)]
    principle_score = principles["score"].iloc[0] if len(principles) else pd.NA
    texts: dict[int, tuple[str, str]] = {}
    point_1 = label("agenda.1", lang, year=first_year,
                    objectives=_objective_list(objectives, lang, titles))
    if not_in_plan:
        point_1 += " " + label("agenda.1_not_in_plan", lang,
                               objectives=_objective_list(not_in_plan, lang, titles))
    texts[1] = (point_1, "costs" if selection is None else "costs, selection.csv")
    texts[2] = (label("agenda.2", lang, score=label("readiness.not_assessed", lang)
                      if pd.isna(principle_score) else f"{int(principle_score)}/3"),
                "assessment")
    if needs is not None and len(needs):
        top = needs.sort_values("rank").head(5)["objective_id"].astype(int)
        shown = _objective_list(top, lang, titles)
        texts[3] = (label("agenda.3", lang, objectives=shown), "needs.csv")
        scores = needs.set_index("objective_id")["need_score"]
        shown = _sep(";", lang).join(
            f"{i}{_sep(':', lang)}{numbers.number(scores.get(i), lang)}"
            for i in objectives[:8])
        texts[4] = (label("agenda.4", lang, scores=shown), "needs.csv")
    else:
        texts[3] = (label("agenda.3_missing", lang), "—")
        texts[4] = (label("agenda.4_missing", lang), "—")
    interventions = gaps.groupby("intervention_id").agg(
        cost=("cost_amount", "sum"), essential=("is_essential", "first"),
        name=("intervention_name", "first"))
    largest = interventions.sort_values("cost", ascending=False).head(3)
    texts[5] = (label("agenda.5", lang, n=len(interventions),
                      k=gaps["objective_id"].nunique(),
                      e=int(interventions["essential"].sum()),
                      largest=_sep(";", lang).join(f"{n} ({money(c)})" for n, c in zip(
                          largest["name"], largest["cost"], strict=True))), "costs")
    per_year = gaps.groupby("year")["cost_amount"].sum()
    texts[6] = (label("agenda.6", lang, first=first_year, last=last_year,
                      per_year=_sep(";", lang).join(
                          f"{int(y)}{_sep(':', lang)}{money(v)}"
                                         for y, v in per_year.items())), "costs")
    ministries = sorted(m for m in gaps["ministry"].unique() if m)
    partners = "—"
    if funding is not None and len(funding):
        partners = ", ".join(dict.fromkeys(funding["source_name"].astype(str)))
    texts[7] = (label("agenda.7", lang, m=len(ministries),
                      ministries=", ".join(ministries[:10]) or "—", partners=partners),
                "costs, funding")
    red = summarise_gaps(gaps, ["objective_id"], refs.rag_thresholds)
    red_ids = red.loc[red["rag_code"] == "red", "objective_id"].astype(int)
    top_sources = "—"
    if len(plan_table):
        firsts = plan_table[plan_table["candidate_rank"] == 1]["source_type_name"]
        top_sources = ", ".join(dict.fromkeys(firsts.astype(str)))
    crisis_text = ""
    if crisis is not None and len(crisis):
        hit = crisis[crisis["outcome"].isin(["delayed", "dropped", "reduced"])]
        crisis_text = " " + label("agenda.8_crisis", lang, n=len(hit),
                                  essential=int(hit["is_essential"].sum()))
    row = total.iloc[0]
    texts[8] = (label("agenda.8", lang, cost=money(row["cost_amount"]),
                      committed=money(row["committed_amount"]),
                      secured=money(row["secured_amount"]),
                      pledged=money(row["pledged_amount"]),
                      gap=money(row["gap_amount"]),
                      risk_gap=money(row["risk_adjusted_gap_amount"]),
                      red=(_objective_list(red_ids, lang, titles) if len(red_ids)
                           else "—"),
                      sources=top_sources) + crisis_text,
                "funding_gaps, funding_mobilisation_plan")
    text_column = "text_fr" if lang == "fr" else "text_en"
    return pd.DataFrame({
        "point_id": points["point_id"].astype(int),
        "point_text": points[text_column],
        "from_the_plan": [texts[int(i)][0] for i in points["point_id"]],
        "based_on": [texts[int(i)][1] for i in points["point_id"]],
    })
