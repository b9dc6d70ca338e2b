"""Budgeting steps 3, 6 and 8 of the Guidance (Action 2): stakeholders' views on
funding levels, the human-rights check of the budget, and the administrative
steps and negotiations, as checklists the plan's ``budget_steps`` sheet fills in.

The checklist (``budgeting_step_checklist.csv``) quotes the Guidance where it
speaks (``is_guidance_text``) and labels our own items (``is_our_item``).
"""

from __future__ import annotations

import pandas as pd

from ._common import label

#: Steps of « Budgétiser la mise en œuvre du Pacte mondial » covered here.
STEP_IDS: tuple[int, ...] = (3, 6, 8)
#: Status of a checklist item in the plan's ``budget_steps`` sheet.
STEP_STATUSES: tuple[str, ...] = ("done", "in_progress", "not_started",
                                  "not_applicable")

STEP_COLUMNS: tuple[str, ...] = (
    "step_id", "item_id", "item_text", "is_guidance_text", "is_our_item", "source",
    "status", "who", "evidence", "is_recorded",
)
SUMMARY_COLUMNS: tuple[str, ...] = (
    "step_id", "step_name", "n_items", "n_done", "n_in_progress", "n_not_started",
    "n_not_applicable", "n_not_recorded",
)


def budget_steps_table(sheet: pd.DataFrame | None, checklist: pd.DataFrame,
                       lang: str = "en") -> pd.DataFrame:
    """Every checklist item of steps 3, 6 and 8 with what the plan records.

    Parameters
    ----------
    sheet : DataFrame or None
        The validated ``budget_steps`` sheet (``step_id, item_id, status, who,
        evidence``); items it does not list are "not recorded", never "not
        started".
    checklist : DataFrame
        ``budgeting_step_checklist.csv``.
    lang : {"en", "fr"}

    Returns
    -------
    DataFrame
        :data:`STEP_COLUMNS`, in checklist order.
    """
    items = checklist.sort_values(["step_id", "item_id"]).reset_index(drop=True)
    out = pd.DataFrame({
        "step_id": items["step_id"].astype(int),
        "item_id": items["item_id"].astype(int),
        "item_text": items["text_fr" if lang == "fr" else "text_en"],
        "is_guidance_text": items["is_guidance_text"].astype(bool),
        "is_our_item": items["is_our_item"].astype(bool), "source": items["source"]})
    if sheet is None or len(sheet) == 0:
        given = pd.DataFrame(columns=["step_id", "item_id", "status", "who",
                                      "evidence"])
    else:
        given = sheet.assign(step_id=sheet["step_id"].astype(int),
                             item_id=sheet["item_id"].astype(int))
        given = given.reindex(columns=["step_id", "item_id", "status", "who",
                                       "evidence"])
    merged = out.merge(given, on=["step_id", "item_id"], how="left",
                       validate="one_to_one")
    return merged.assign(is_recorded=merged["status"].notna(),
                         status=merged["status"].astype("string"),
                         who=merged["who"].astype("string"),
                         evidence=merged["evidence"].astype("string"))[
        list(STEP_COLUMNS)]


def summarise_budget_steps(steps: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Per step: how many items are done, in progress, not started, not
    applicable or not recorded."""
    rows = []
    for step, part in steps.groupby("step_id", sort=True):
        counts = part["status"].value_counts()
        rows.append({
            "step_id": int(step), "step_name": label(f"steps.name.{int(step)}", lang),
            "n_items": len(part),
            **{f"n_{s}": int(counts.get(s, 0)) for s in STEP_STATUSES},
            "n_not_recorded": int((~part["is_recorded"]).sum())})
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def add_steps_to_agenda(agenda: pd.DataFrame, summary: pd.DataFrame,
                        partner_totals: pd.DataFrame, lang: str = "en"
                        ) -> pd.DataFrame:
    """Add the budgeting steps and the partners' returns to the workshop points:
    point 7 (stakeholders' participation) gets the partners who returned, point
    8 (the budgeting) the state of steps 3, 6 and 8."""
    out = agenda.copy()
    # French typography: a narrow no-break space before the semicolon
    sep = "\u202f; " if lang == "fr" else "; "
    steps = sep.join(label("steps.agenda_item", lang, step=int(r.step_id),
                           done=int(r.n_done), total=int(r.n_items),
                           missing=int(r.n_not_recorded))
                     for r in summary.itertuples(index=False))
    partners = (label("steps.agenda_partners", lang, n=len(partner_totals),
                      names=", ".join(partner_totals["partner_name"]))
                if len(partner_totals) else label("steps.agenda_no_partners", lang))
    for point, text in ((7, partners), (8, label("steps.agenda", lang, steps=steps))):
        where = out["point_id"] == point
        out.loc[where, "from_the_plan"] = (
            out.loc[where, "from_the_plan"].astype(str) + " " + text)
    return out
