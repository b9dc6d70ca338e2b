"""Objective need scores: weighted means of indicator scores, with drivers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .. import numbers
from ..i18n import check_lang, format_percent, t
from .checks import _check_indicator_weights, _is_number
from .definitions import (
    DERIVED_INDICATORS,
    MAPPING_COLUMNS,
    MIN_PEERS,
    NEEDS_COLUMNS,
    OBJECTIVE_INDICATOR_COLUMNS,
    STAKEHOLDER_INDICATOR,
    STAKEHOLDER_SCALE_MAX,
    STATUS_MISSING,
    STATUS_SCORED,
    STATUS_TOO_FEW_PEERS,
    STATUS_ZERO_WEIGHT,
)
from .indicators import add_derived_indicators, score_indicators
from .mapping import _apply_indicator_weights, check_mapping


def score_objective_indicators(
    indicators: pd.DataFrame,
    countries: pd.DataFrame,
    mapping: pd.DataFrame,
    iso3: str,
    peer_group: str = "region",
    indicator_weights: Mapping[str, float] | None = None,
    min_peers: int = MIN_PEERS,
) -> pd.DataFrame:
    """Return, per objective and indicator, the value, its peer percentile and score.

    This is the traceable detail behind every need score.

    Parameters
    ----------
    indicators : DataFrame
        ``data/processed/country_indicators.csv`` as read (every year, with
        ``flag``): each indicator's latest unflagged value is used
        (:func:`gcm_analysis.indicators_panel.latest_values`); a table with one
        value per indicator is used as it is.
    countries : DataFrame
        ``iso3, wb_region, wb_income_group``.
    mapping : DataFrame
        ``objective_id, indicator, direction, weight`` (``objective_indicators``
        reference table).
    iso3 : str
        The country.
    peer_group : str
        ``"world"``, ``"region"`` or ``"income_group"``.
    indicator_weights : mapping, optional
        Multipliers per indicator (>= 0, default 1) applied to the mapped weights
        before they are normalised to sum to 1 within each objective.
    min_peers : int
        See :func:`score_indicators`.

    Returns
    -------
    DataFrame
        Columns :data:`OBJECTIVE_INDICATOR_COLUMNS`, sorted by objective and
        indicator. ``weight`` sums to 1 per objective; ``score`` is the percentile
        with the direction applied (NA where ``status`` is not ``"scored"``);
        ``kind`` is ``"indicator"``.

    Raises
    ------
    ValueError
        For an unknown peer group or country, a bad mapping or negative weights.
    """
    problems = _check_indicator_weights(indicator_weights, mapping)
    if problems:
        raise ValueError("; ".join(problems))
    mapping = _apply_indicator_weights(check_mapping(mapping), indicator_weights)
    totals = mapping.groupby("objective_id")["weight"].transform("sum")
    mapping = mapping.assign(weight=mapping["weight"] / totals)
    panel = add_derived_indicators(indicators)
    scores = score_indicators(
        panel,
        countries,
        iso3,
        peer_group,
        sorted(mapping["indicator"].unique()),
        min_peers,
    )
    out = mapping[MAPPING_COLUMNS].merge(scores, on="indicator", how="left")
    direction = out["direction"].astype(float)
    out["score"] = np.where(direction > 0, out["percentile"], 100.0 - out["percentile"])
    out["status"] = out["status"].where(out["weight"] > 0, STATUS_ZERO_WEIGHT)
    out["kind"] = "indicator"
    out["objective_id"] = out["objective_id"].astype(int)
    out["direction"] = out["direction"].astype(int)
    return (
        out[OBJECTIVE_INDICATOR_COLUMNS]
        .sort_values(["objective_id", "indicator"], kind="mergesort")
        .reset_index(drop=True)
    )


def add_stakeholder_scores(
    objective_indicators: pd.DataFrame,
    priorities: pd.DataFrame | None,
    stakeholder_weight: float = 0.0,
) -> pd.DataFrame:
    """Blend a plan's stakeholder priorities into the objective-indicator table.

    Adds one ``kind="stakeholder"`` row per objective (indicator
    :data:`STAKEHOLDER_INDICATOR`) with weight ``stakeholder_weight`` and the
    stakeholder priority rescaled to 0-100 as its score; indicator weights are
    multiplied by ``1 - stakeholder_weight``. :func:`compute_needs` then takes
    the weighted mean over every row with a score, so an objective without a
    stakeholder score keeps its indicator-only score and vice versa.

    Parameters
    ----------
    objective_indicators : DataFrame
        Output of :func:`score_objective_indicators`.
    priorities : DataFrame or None
        ``objective_id, stakeholder_priority`` (0-3, NA allowed), e.g.
        ``plan.read_plan(path).priorities``.
    stakeholder_weight : float
        0 (indicators only, the table is returned unchanged) to 1.

    Returns
    -------
    DataFrame
        Same columns, sorted by objective with the stakeholder row last.

    Raises
    ------
    ValueError
        If the weight is outside 0-1 or a stakeholder score outside 0-3.
    """
    if not _is_number(stakeholder_weight) or not 0 <= stakeholder_weight <= 1:
        raise ValueError(
            f"stakeholder_weight {stakeholder_weight!r} must be a number from 0 to 1"
        )
    if stakeholder_weight == 0:
        return objective_indicators.copy()
    scores = _stakeholder_scores(priorities)
    base = objective_indicators[objective_indicators["kind"] == "indicator"]
    iso3 = base["iso3"].iloc[0] if len(base) else pd.NA
    objectives = sorted(base["objective_id"].unique())
    values = scores.reindex(objectives)
    rows = pd.DataFrame(
        {
            "iso3": iso3,
            "objective_id": objectives,
            "indicator": STAKEHOLDER_INDICATOR,
            "kind": "stakeholder",
            "direction": 1,
            "weight": float(stakeholder_weight),
            "value": values.to_numpy(dtype=float),
            "unit": "score 0-3",
            "source": "plan file (priorities sheet)",
            "score": values.to_numpy(dtype=float) / STAKEHOLDER_SCALE_MAX * 100.0,
        }
    )
    rows["status"] = np.where(rows["value"].notna(), STATUS_SCORED, STATUS_MISSING)
    scaled = base.assign(weight=base["weight"] * (1.0 - float(stakeholder_weight)))
    out = pd.concat([scaled, rows.reindex(columns=OBJECTIVE_INDICATOR_COLUMNS)])
    out["_order"] = (out["kind"] == "stakeholder").astype(int)
    return (
        out.sort_values(["objective_id", "_order", "indicator"], kind="mergesort")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def _stakeholder_scores(priorities: pd.DataFrame | None) -> pd.Series:
    if priorities is None or len(priorities) == 0:
        return pd.Series(dtype=float)
    scores = pd.to_numeric(priorities["stakeholder_priority"], errors="coerce")
    bad = scores.notna() & ~scores.between(0, STAKEHOLDER_SCALE_MAX)
    if bad.any():
        raise ValueError(
            "stakeholder_priority must be from 0 to 3; found "
            f"{sorted(scores[bad].unique())}"
        )
    return (
        pd.Series(
            scores.to_numpy(dtype=float),
            index=priorities["objective_id"].astype(int).to_numpy(),
        )
        .groupby(level=0)
        .first()
    )


def weighted_need_scores(objective_indicators: pd.DataFrame) -> pd.DataFrame:
    """Return ``objective_id, need_score, coverage`` from the detail table.

    ``need_score`` = sum(weight x score) / sum(weight) over rows with a score
    (NA when none); ``coverage`` = weight of indicator rows with a score / weight
    of all indicator rows (stakeholder rows excluded; NA if that weight is 0).
    """
    rows = objective_indicators
    has_score = rows["score"].notna() & (rows["weight"] > 0)
    weighted = (rows["weight"] * rows["score"]).where(has_score, 0.0)
    used_weight = rows["weight"].where(has_score, 0.0)
    is_indicator = rows["kind"] == "indicator"
    frame = pd.DataFrame(
        {
            "objective_id": rows["objective_id"],
            "weighted": weighted,
            "used": used_weight,
            "ind_used": used_weight.where(is_indicator, 0.0),
            "ind_total": rows["weight"].where(is_indicator, 0.0),
        }
    )
    sums = frame.groupby("objective_id", sort=True).sum()
    need = (sums["weighted"] / sums["used"]).where(sums["used"] > 0)
    coverage = (sums["ind_used"] / sums["ind_total"]).where(sums["ind_total"] > 0)
    return pd.DataFrame(
        {
            "objective_id": sums.index.astype(int),
            "need_score": need.to_numpy(dtype=float),
            "coverage": coverage.to_numpy(dtype=float),
        }
    )


def _format_value(value: float, lang: str = "en") -> str:
    if pd.isna(value):
        return t("needs.drivers_na", lang)
    magnitude = abs(value)
    if magnitude >= 1000:
        return numbers.number(value, lang, 0)
    if magnitude >= 10:
        return numbers.number(value, lang, 1)
    return numbers.number(value, lang, 2)


def _drivers_text(
    rows: list[dict[str, Any]], labels: Mapping[str, str], lang: str = "en"
) -> str:
    """Indicators by contribution (weight x score), then those without a score."""
    active = [r for r in rows if r["weight"] > 0]
    scored = sorted(
        (r for r in active if pd.notna(r["score"])),
        key=lambda r: (-r["weight"] * r["score"], r["indicator"]),
    )
    parts = []
    for row in scored:
        values = {
            "label": labels.get(row["indicator"], row["indicator"]),
            "value": _format_value(row["value"], lang),
            "score": numbers.number(row['score'], lang, 0),
            "weight": format_percent(row["weight"], lang),
        }
        if row["kind"] == "stakeholder":
            parts.append(t("needs.drivers_stakeholder", lang, **values))
            continue
        lower = "" if row["direction"] > 0 else t("needs.drivers_lower_more_need", lang)
        # the year of the value used sits next to it: scores mix 2020 stocks,
        # 2025 refugee figures and 2021 remittances
        year = row.get("year")
        values["value"] += (
            "" if year is None or pd.isna(year)
            else t("needs.drivers_year", lang, year=int(year))
        )
        parts.append(
            t(
                "needs.drivers_indicator",
                lang,
                median=_format_value(row["peer_median"], lang),
                lower=lower,
                **values,
            )
        )
    gaps = [r for r in active if pd.isna(r["score"])]
    missing = [
        labels.get(r["indicator"], r["indicator"])
        for r in gaps
        if r["status"] == STATUS_MISSING
    ]
    few = [
        labels.get(r["indicator"], r["indicator"])
        for r in gaps
        if r["status"] == STATUS_TOO_FEW_PEERS
    ]
    separator = t("needs.drivers_separator", lang)
    text = separator.join(parts) if parts else t("needs.drivers_none", lang)
    if missing:
        text += t("needs.drivers_no_data", lang, indicators=separator.join(missing))
    if few:
        text += t(
            "needs.drivers_too_few_peers",
            lang,
            min_peers=MIN_PEERS,
            indicators=separator.join(few),
        )
    return text


def tied_objectives(objective_indicators: pd.DataFrame) -> list[tuple[int, ...]]:
    """Groups of objectives whose scores rest on exactly the same evidence.

    Two objectives are tied when the rows that enter their need scores (the
    indicators and stakeholder rows with a score and a weight above 0) are the
    same indicators with the same scores and the same weights once normalised:
    their need scores are then equal, and the data available cannot tell them
    apart. It happens when the mapping gives them the same indicators and
    weights, or when the indicators that would tell them apart have no data for
    the country. Equal scores reached from different evidence are not ties.

    Parameters
    ----------
    objective_indicators : DataFrame
        Output of :func:`score_objective_indicators` (optionally with
        :func:`add_stakeholder_scores`).

    Returns
    -------
    list of tuple of int
        Each group of two or more objectives, sorted, in order of their first
        objective.
    """
    rows = objective_indicators[objective_indicators["score"].notna()
                                & (objective_indicators["weight"] > 0)]
    groups: dict[tuple[Any, ...], list[int]] = {}
    for objective_id, part in rows.groupby("objective_id", sort=True):
        weights = part["weight"].to_numpy(dtype=float)
        key = tuple(sorted(zip(part["kind"], part["indicator"],
                               np.round(weights / weights.sum(), 9),
                               np.round(part["score"].to_numpy(dtype=float), 9),
                               strict=True)))
        groups.setdefault(key, []).append(int(objective_id))
    return [tuple(group) for group in groups.values() if len(group) > 1]


def _list_text(ids: tuple[int, ...], lang: str) -> str:
    """``12 and 13``, ``11, 12 and 13`` (``et`` in French)."""
    words = [str(o) for o in ids]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + t("needs.list_and", lang) + words[-1]


def compute_needs(
    objective_indicators: pd.DataFrame,
    titles: pd.Series,
    labels: Mapping[str, str] | pd.Series | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Rank the objectives by need and explain each score.

    Parameters
    ----------
    objective_indicators : DataFrame
        Output of :func:`score_objective_indicators`, optionally passed through
        :func:`add_stakeholder_scores`.
    titles : Series
        Objective titles indexed by ``objective_id`` (``reference.objective_titles``).
    labels : mapping or Series, optional
        Display label per indicator (default: the indicator code).
    lang : str
        Language of the ``drivers`` text, ``"en"`` or ``"fr"`` (numbers the
        French way in French); the labels are used as given.

    Returns
    -------
    DataFrame
        Columns :data:`NEEDS_COLUMNS`, one row per objective sorted by
        ``objective_id``: ``need_score`` 0-100 (higher = more need, NA without
        data), ``rank`` (1 = most need; ties by objective number; NA when the
        score is NA), ``coverage`` 0-1, ``drivers`` (indicators by contribution,
        each with its value, the year of that value and the peer median, then the
        missing ones, then, for tied objectives, a sentence saying that the
        indicators available cannot tell them apart), ``tied_with`` (the other
        objectives of its tie, :func:`tied_objectives`, as ``"13"`` or
        ``"11;13"``; NA when it has none).

    Raises
    ------
    ValueError
        For a language other than ``"en"`` or ``"fr"``.
    """
    check_lang(lang)
    labels = dict(labels) if labels is not None else {}
    labels.setdefault(STAKEHOLDER_INDICATOR, t("needs.drivers_stakeholder_label", lang))
    scores = weighted_need_scores(objective_indicators)
    columns = [
        "objective_id",
        "indicator",
        "kind",
        "direction",
        "weight",
        "value",
        "year",
        "peer_median",
        "score",
        "status",
    ]
    if "year" not in objective_indicators.columns:
        objective_indicators = objective_indicators.assign(year=pd.NA)
    by_objective: dict[int, list[dict[str, Any]]] = {}
    for record in objective_indicators[columns].to_dict("records"):
        by_objective.setdefault(int(record["objective_id"]), []).append(record)
    drivers = {
        o: _drivers_text(rows, labels, lang) for o, rows in by_objective.items()
    }
    tied_with: dict[int, str] = {}
    for group in tied_objectives(objective_indicators):
        note = t("needs.drivers_tied", lang, ids=_list_text(group, lang))
        for objective_id in group:
            drivers[objective_id] += note
            tied_with[objective_id] = ";".join(
                str(o) for o in group if o != objective_id)
    out = scores.assign(
        title=scores["objective_id"].map(titles),
        drivers=scores["objective_id"].map(drivers),
        tied_with=scores["objective_id"].map(tied_with),
    )
    out["rank"] = rank_descending(out["need_score"], out["objective_id"])
    return out[NEEDS_COLUMNS].reset_index(drop=True)


def rank_descending(scores: pd.Series, keys: pd.Series) -> pd.Series:
    """Rank scores from high (1) to low, ties broken by ``keys``; NA stays NA."""
    order = pd.DataFrame({"score": scores.to_numpy(), "key": keys.to_numpy()})
    order = order[order["score"].notna()].sort_values(
        ["score", "key"], ascending=[False, True], kind="mergesort"
    )
    ranks = pd.Series(pd.NA, index=range(len(scores)), dtype="Int64")
    ranks.loc[order.index] = np.arange(1, len(order) + 1)
    return ranks.set_axis(scores.index)


def indicator_labels(labels: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """Return a display label per indicator, derived indicators included.

    Parameters
    ----------
    labels : DataFrame
        ``indicator, label_en, label_fr`` (reference table ``indicator_labels``).
    lang : str
        ``"en"`` or ``"fr"``; falls back to English where a label is missing.
    """
    column = f"label_{lang}" if f"label_{lang}" in labels.columns else "label_en"
    text = labels[column].fillna(labels["label_en"])
    out = dict(zip(labels["indicator"], text, strict=True))
    for name, spec in DERIVED_INDICATORS.items():
        out.setdefault(name, spec.get(f"label_{lang}", spec["label_en"]))
    out.setdefault(
        STAKEHOLDER_INDICATOR,
        t("needs.drivers_stakeholder_label", "fr" if lang == "fr" else "en"),
    )
    return out


def assess_needs(
    indicators: pd.DataFrame,
    countries: pd.DataFrame,
    mapping: pd.DataFrame,
    titles: pd.Series,
    iso3: str,
    peer_group: str = "region",
    indicator_weights: Mapping[str, float] | None = None,
    priorities: pd.DataFrame | None = None,
    stakeholder_weight: float = 0.0,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the whole needs assessment: ``(needs, objective_indicators)``.

    A convenience around :func:`score_objective_indicators`,
    :func:`add_stakeholder_scores` and :func:`compute_needs` (same parameters;
    ``lang`` is the language of the ``drivers`` text).
    """
    detail = score_objective_indicators(
        indicators, countries, mapping, iso3, peer_group, indicator_weights
    )
    detail = add_stakeholder_scores(detail, priorities, stakeholder_weight)
    return compute_needs(detail, titles, labels, lang), detail


def summarise_evidence(objective_indicators: pd.DataFrame) -> pd.DataFrame:
    """Count, per indicator, how many objectives it informs and whether it has data.

    Returns
    -------
    DataFrame
        ``indicator, value, unit, year, peer_median, n_peers, percentile,
        status`` (and, when the detail has them, ``skipped_year, skipped_value,
        skip_reason``: the newer flagged value left out), then ``n_objectives``;
        one row per indicator (stakeholder rows excluded), sorted by indicator.
    """
    rows = objective_indicators[objective_indicators["kind"] == "indicator"]
    counts = rows.groupby("indicator")["objective_id"].nunique().rename("n_objectives")
    columns = ["value", "unit", "year", "peer_median", "n_peers", "percentile",
               "status"]
    columns += [c for c in ("skipped_year", "skipped_value", "skip_reason")
                if c in rows.columns]
    first = rows.drop_duplicates("indicator").set_index("indicator")[columns]
    return (
        first.join(counts).reset_index().sort_values("indicator").reset_index(drop=True)
    )
