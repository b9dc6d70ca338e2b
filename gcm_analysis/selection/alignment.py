"""SDG targets and guiding principles touched by a selection."""

from __future__ import annotations

from typing import Any

import pandas as pd

# -------------------------------------------------------------- principles and SDGs


def summarise_sdg_targets(
    selection: pd.DataFrame, sdg_links: pd.DataFrame
) -> pd.DataFrame:
    """List the SDG targets the selected objectives touch.

    Parameters
    ----------
    selection : DataFrame
        ``objective_id, is_selected`` (output of :func:`select_objectives`).
    sdg_links : DataFrame
        ``objective_id, sdg_target, is_our_derivation`` (``reference.sdg_links``).

    Returns
    -------
    DataFrame
        ``sdg_target, objective_ids`` (comma-separated selected objectives),
        ``n_objectives``, ``is_our_derivation`` (True if any link is ours),
        sorted by SDG target (numerically by goal, then target).
    """
    chosen = set(selection.loc[selection["is_selected"], "objective_id"].astype(int))
    links = sdg_links[sdg_links["objective_id"].astype(int).isin(chosen)]
    columns = ["sdg_target", "objective_ids", "n_objectives", "is_our_derivation"]
    if links.empty:
        return pd.DataFrame(columns=columns)
    derivation = (
        links["is_our_derivation"].astype(bool)
        if "is_our_derivation" in links.columns
        else pd.Series(True, index=links.index)
    )
    grouped = links.assign(is_our_derivation=derivation).groupby("sdg_target")
    out = pd.DataFrame(
        {
            "objective_ids": grouped["objective_id"].agg(
                lambda s: ", ".join(str(o) for o in sorted(set(s.astype(int))))
            ),
            "n_objectives": grouped["objective_id"].nunique(),
            "is_our_derivation": grouped["is_our_derivation"].any(),
        }
    ).reset_index()
    out["_key"] = out["sdg_target"].map(_sdg_sort_key)
    return out.sort_values("_key").drop(columns="_key").reset_index(drop=True)[columns]


def _sdg_sort_key(target: Any) -> tuple[int, str]:
    text = str(target)
    goal, _, rest = text.partition(".")
    return (int(goal) if goal.isdigit() else 99, rest.rjust(4))


#: Which objectives most directly express each guiding principle (GCM para 15).
#: OUR derivation, from where the objective's commitment names the principle's
#: concern; the GCM says every principle applies to every objective, so this
#: only shows which principles a selection foregrounds, not compliance.
GUIDING_PRINCIPLE_OBJECTIVES: dict[int, tuple[int, ...]] = {
    1: (3, 7, 15, 16),  # people-centred: information, vulnerability, services
    2: (8, 9, 10, 14, 21, 23),  # international cooperation
    3: (5, 11, 12, 21),  # national sovereignty: entry, borders, procedures, return
    4: (4, 10, 12, 13),  # rule of law and due process
    5: (2, 18, 19, 20),  # sustainable development
    6: (7, 8, 13, 15, 17),  # human rights
    7: (6, 7, 10),  # gender-responsive: women workers, trafficking
    8: (4, 7, 13, 15),  # child-sensitive: birth registration, detention, schooling
    9: (1, 11, 12, 22),  # whole-of-government
    10: (6, 16, 17, 19),  # whole-of-society: employers, communities, diaspora
}


def guiding_principle_links() -> pd.DataFrame:
    """Return :data:`GUIDING_PRINCIPLE_OBJECTIVES` as a table.

    Returns
    -------
    DataFrame
        ``principle_id, objective_id, is_our_derivation`` (always True).
    """
    rows = [(p, o) for p, objs in GUIDING_PRINCIPLE_OBJECTIVES.items() for o in objs]
    out = pd.DataFrame(rows, columns=["principle_id", "objective_id"])
    return out.assign(is_our_derivation=True)


def summarise_guiding_principles(
    selection: pd.DataFrame,
    principles: pd.DataFrame,
    links: pd.DataFrame | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Show which guiding principles the selected objectives foreground.

    Parameters
    ----------
    selection : DataFrame
        ``objective_id, is_selected``.
    principles : DataFrame
        ``principle_id, name_en`` (and ``name_fr``), from
        ``reference.guiding_principles()``.
    links : DataFrame, optional
        ``principle_id, objective_id``; default :func:`guiding_principle_links`.
    lang : str
        Language of the names (falls back to English).

    Returns
    -------
    DataFrame
        ``principle_id, name, objective_ids`` (selected objectives linked to
        the principle, comma-separated, empty if none), ``n_objectives``,
        ``is_our_derivation``; one row per principle, so principles the
        selection does not foreground stay visible.
    """
    links = guiding_principle_links() if links is None else links
    chosen = set(selection.loc[selection["is_selected"], "objective_id"].astype(int))
    column = f"name_{lang}" if f"name_{lang}" in principles.columns else "name_en"
    rows = []
    for principle_id, name in zip(
        principles["principle_id"], principles[column], strict=True
    ):
        linked = links.loc[links["principle_id"] == principle_id, "objective_id"]
        hits = sorted(set(linked.astype(int)) & chosen)
        rows.append(
            {
                "principle_id": int(principle_id),
                "name": name,
                "objective_ids": ", ".join(str(o) for o in hits),
                "n_objectives": len(hits),
                "is_our_derivation": True,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "principle_id",
            "name",
            "objective_ids",
            "n_objectives",
            "is_our_derivation",
        ],
    )
