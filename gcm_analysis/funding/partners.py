"""Partners' returns: several partners' answers merged, duplicates and overlaps
flagged, totals by partner, and partners' interests against the plan's gaps.

A return is what a partner says it funds or could fund (the plan's
``partner_returns`` sheet, one row per partner, intervention or objective and
year). Returns are a consultation record, not funding lines: they never enter the
allocation (agreed money goes into the ``funding`` sheet), so nothing is counted
twice. Merge rules (ours, docs/method_funding.md §6b):

* **duplicate**: two rows of the same partner for the same intervention (or, for
  rows without one, the same objective) and year are one offer reported twice;
  the row with the most certain status is kept (secured, pledged, pipeline, to be
  mobilised; then the larger amount, then the first row), the others are flagged
  ``duplicate`` and left out of the totals;
* **overlap**: when the kept returns of two or more partners for the same
  intervention and year add up to more than its cost, every one of them is
  flagged ``overlap`` (kept in the totals: which partner gives way is for the
  negotiation, not for us to decide).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._common import _tolerance, format_money, label
from .sheets import STATUS_CODES
from .vocabulary import COMMITTED_STATUSES

#: Columns of the prepared returns (``funding_partner_returns``).
RETURN_COLUMNS: tuple[str, ...] = (
    "return_row", "partner_name", "partner_type_code", "intervention_id",
    "objective_id", "year", "amount", "currency", "status", "interests",
    "merge_flag", "merge_note",
)
TOTAL_COLUMNS: tuple[str, ...] = (
    "partner_name", "partner_type_code", "n_returns", "secured_amount",
    "pledged_amount", "pipeline_amount", "to_be_mobilised_amount",
    "committed_amount", "total_amount", "currency", "objective_ids", "interests",
)
INTEREST_COLUMNS: tuple[str, ...] = (
    "objective_id", "partner_name", "partner_type_code", "offered_amount",
    "objective_gap_amount", "currency", "interests",
)


def merge_partner_returns(sheet: pd.DataFrame, gaps: pd.DataFrame,
                          lang: str = "en") -> pd.DataFrame:
    """Merge the partners' returns and flag duplicates and overlaps.

    Parameters
    ----------
    sheet : DataFrame
        The validated ``partner_returns`` sheet (``partner_name,
        partner_type_code, intervention_id, objective_id, year, amount,
        currency, status, interests``); its first row is Excel row 2.
    gaps : DataFrame
        The gap cells (``intervention_id, objective_id, year, cost_amount``): the
        cost an overlap is measured against, and the objective of an
        intervention named without one.
    lang : {"en", "fr"}

    Returns
    -------
    DataFrame
        :data:`RETURN_COLUMNS`; ``merge_flag`` is empty, ``duplicate`` or
        ``overlap``, ``merge_note`` says with which rows.
    """
    table = sheet.reset_index(drop=True)
    objective_of = dict(zip(gaps["intervention_id"], gaps["objective_id"],
                            strict=False))
    out = pd.DataFrame({
        "return_row": range(2, len(table) + 2),
        "partner_name": table["partner_name"].astype("string").str.strip(),
        "partner_type_code": table["partner_type_code"].astype("string"),
        "intervention_id": table["intervention_id"].astype("string"),
        "objective_id": table["objective_id"].astype("Int64").fillna(
            table["intervention_id"].map(objective_of).astype("Int64")),
        "year": table["year"].astype("Int64"),
        "amount": pd.to_numeric(table["amount"]).astype(float),
        "currency": table["currency"].astype("string"),
        "status": table["status"].astype("string"),
        "interests": table["interests"].astype("string") if "interests" in table
        else pd.Series(pd.NA, index=table.index, dtype="string"),
    })
    out["merge_flag"] = ""
    out["merge_note"] = ""
    certainty = {s: i for i, s in enumerate(STATUS_CODES)}
    target = out["intervention_id"].fillna("objective " + out["objective_id"]
                                           .astype("string"))
    out = out.assign(_target=target, _certainty=out["status"].map(certainty))
    for _, group in out.groupby(["partner_name", "_target", "year"], dropna=False):
        if len(group) < 2:
            continue
        ordered = group.sort_values(["_certainty", "amount", "return_row"],
                                    ascending=[True, False, True], kind="mergesort")
        kept = int(ordered["return_row"].iloc[0])
        for index in ordered.index[1:]:
            out.at[index, "merge_flag"] = "duplicate"
            out.at[index, "merge_note"] = label("returns.duplicate", lang, row=kept)
    cost = gaps.groupby(["intervention_id", "year"])["cost_amount"].sum()
    tol = _tolerance(gaps["cost_amount"]) if len(gaps) else 0.0
    live = out[(out["merge_flag"] == "") & out["intervention_id"].notna()]
    for (intervention, year), group in live.groupby(["intervention_id", "year"]):
        if group["partner_name"].nunique() < 2:
            continue
        line_cost = float(cost.get((intervention, year), 0.0))
        offered = float(group["amount"].sum())
        if offered > line_cost + tol:
            rows = ", ".join(str(r) for r in group["return_row"])
            currency = str(group["currency"].iloc[0])
            note = label("returns.overlap", lang, rows=rows,
                         offered=format_money(offered, currency, lang),
                         cost=format_money(line_cost, currency, lang))
            out.loc[group.index, "merge_flag"] = "overlap"
            out.loc[group.index, "merge_note"] = note
    return out[list(RETURN_COLUMNS)]


def partner_totals(returns: pd.DataFrame) -> pd.DataFrame:
    """Totals per partner over the returns kept (duplicates left out), by status;
    committed = secured + pledged, as everywhere in stage 04."""
    kept = returns[returns["merge_flag"] != "duplicate"]
    rows: list[dict[str, Any]] = []
    for (name, code, currency), part in kept.groupby(
            ["partner_name", "partner_type_code", "currency"], sort=True):
        by_status = part.groupby("status")["amount"].sum()
        amounts = {f"{s}_amount": float(by_status.get(s, 0.0)) for s in STATUS_CODES}
        interests = "; ".join(dict.fromkeys(str(v) for v in part["interests"].dropna()))
        rows.append({
            "partner_name": name, "partner_type_code": code, "n_returns": len(part),
            **amounts,
            "committed_amount": sum(amounts[f"{s}_amount"]
                                    for s in COMMITTED_STATUSES),
            "total_amount": float(part["amount"].sum()), "currency": currency,
            "objective_ids": ", ".join(str(v) for v in sorted(
                set(part["objective_id"].dropna().astype(int)))),
            "interests": interests})
    return pd.DataFrame(rows, columns=list(TOTAL_COLUMNS))


def partner_interests(returns: pd.DataFrame, gaps: pd.DataFrame) -> pd.DataFrame:
    """Partners' interests against the plan's gaps: one row per objective with a
    gap or an offer and per partner offering for it (``partner_name`` empty for
    an objective with a gap no partner offers for)."""
    kept = returns[returns["merge_flag"] != "duplicate"].dropna(
        subset=["objective_id"])
    gap = gaps.groupby("objective_id")["gap_amount"].sum()
    currency = str(gaps["currency"].iloc[0]) if len(gaps) else ""
    rows: list[dict[str, Any]] = []
    objectives = sorted(set(gap[gap > _tolerance(gaps["cost_amount"])].index)
                        | set(kept["objective_id"].astype(int)))
    for objective in objectives:
        offers = kept[kept["objective_id"] == objective]
        base = {"objective_id": int(objective),
                "objective_gap_amount": float(gap.get(objective, 0.0)),
                "currency": currency}
        if offers.empty:
            rows.append({**base, "partner_name": "", "partner_type_code": "",
                         "offered_amount": 0.0, "interests": ""})
            continue
        for (name, code), part in offers.groupby(["partner_name",
                                                  "partner_type_code"]):
            rows.append({**base, "partner_name": name, "partner_type_code": code,
                         "offered_amount": float(part["amount"].sum()),
                         "interests": "; ".join(dict.fromkeys(
                             str(v) for v in part["interests"].dropna()))})
    return pd.DataFrame(rows, columns=list(INTEREST_COLUMNS))
