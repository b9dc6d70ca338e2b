"""Display tables and sentences for needs assessment (01) and objective selection (02).

Like :mod:`gcm_analysis.reporting.needs` (the charts, which re-exports these), no
computation: the numbers come from :mod:`gcm_analysis.needs` and
:mod:`gcm_analysis.selection`; headings and fixed words are in the run's language,
numbers the French way in French.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import numbers
from ..i18n import (
    format_percent,
    group_name,
    indicator_note,
    reference_text,
    t,
    unit_name,
)
from ..selection import SelectionRules
from . import cite_titles
from ._style import localise_number


def _fixed(value: float, spec: str, lang: str) -> str:
    """A number in format ``spec`` (``".1f"``, ``",.2f"``, ``"g"``), NA as a dash,
    the French way in French (decimal comma, narrow no-break space)."""
    if pd.isna(value):
        return "—"
    return localise_number(format(value, spec), lang)


def _percent(share: float, lang: str) -> str:
    """A 0-1 share as a whole percentage (:func:`~gcm_analysis.i18n.format_percent`);
    NA as a dash."""
    return "—" if pd.isna(share) else format_percent(share, lang)


def _peer(peer_name: str | None, lang: str) -> str | None:
    """The peer group's display name in ``lang``: the world, a World Bank region
    or income group (:func:`gcm_analysis.i18n.group_name`)."""
    if peer_name == "World":
        return t("needs.peer_world", lang)
    if peer_name is None:
        return None
    shown = group_name("wb_region", peer_name, lang)
    return shown if shown != peer_name else group_name("wb_income", peer_name, lang)


def _yes_no(flags: pd.Series, lang: str) -> np.ndarray:
    return np.where(flags.astype(bool), t("label.yes", lang), t("label.no", lang))


def _by_rank(table: pd.DataFrame, score: str) -> pd.DataFrame:
    """Rows in rank order, unranked (NA) last, by objective number."""
    return (
        table.assign(_na=table[score].isna())
        .sort_values(["_na", "rank", "objective_id"], kind="mergesort")
        .drop(columns="_na")
    )


def format_needs_table(needs: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The ranked needs for display: rank, objective, score, data coverage, drivers.

    Parameters
    ----------
    needs : DataFrame
        ``needs.assess_needs`` output (titles already in ``lang``).
    lang : str
        Language of the headings and fixed words (en or fr); numbers the French
        way in French. The ``drivers`` text is shown as computed.

    Returns
    -------
    DataFrame
        One row per objective, in rank order, unranked last.
    """
    table = _by_rank(needs, "need_score")
    no_data = t("label.no_data", lang)
    return pd.DataFrame(
        {
            t("col.rank", lang): table["rank"].astype("string").fillna("—").to_numpy(),
            t("report.col_objective", lang): [
                f"{int(o)}. {title}"
                for o, title in zip(table["objective_id"], table["title"], strict=True)
            ],
            t("col.need_score", lang): table["need_score"]
            .map(lambda v: no_data if pd.isna(v) else _fixed(v, ".1f", lang))
            .to_numpy(),
            t("col.data_coverage", lang): table["coverage"]
            .map(lambda v: _percent(v, lang))
            .to_numpy(),
            t("col.need_drivers", lang): table["drivers"].to_numpy(),
        }
    )


def format_indicator_table(
    objective_indicators: pd.DataFrame,
    indicator_labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """One row per indicator: value, year, source, peer median and percentile.

    Headings, fixed words, units and the processed data's source notes in
    ``lang`` (en or fr; a note the catalogue lacks is shown as the data give
    it), numbers the French way in French.
    """
    rows = objective_indicators[objective_indicators["kind"] == "indicator"]
    first = rows.drop_duplicates("indicator").sort_values("indicator")
    counts = rows.groupby("indicator")["objective_id"].nunique()
    labels = indicator_labels or {}
    return pd.DataFrame(
        {
            t("col.indicator", lang): [labels.get(i, i) for i in first["indicator"]],
            t("col.value", lang): first["value"]
            .map(lambda v: _number(v, lang))
            .to_numpy(),
            t("col.unit", lang): [
                "" if pd.isna(u) else unit_name(str(u), lang) for u in first["unit"]
            ],
            t("col.year", lang): first["year"].astype("string").fillna("—").to_numpy(),
            t("col.peer_median", lang): first["peer_median"]
            .map(lambda v: _number(v, lang))
            .to_numpy(),
            t("col.peers_with_data", lang): first["n_peers"].to_numpy(),
            t("col.percentile", lang): first["percentile"]
            .map(lambda v: _fixed(v, ".0f", lang))
            .to_numpy(),
            t("col.objectives_informed", lang): counts.reindex(
                first["indicator"]
            ).to_numpy(),
            t("col.source", lang): [
                t("label.no_data", lang) if pd.isna(s)
                else cite_titles(indicator_note(s, lang), lang)
                for s in first["source"]
            ],
        }
    )


def _number(value: float, lang: str = "en") -> str:
    if pd.isna(value):
        return "—"
    if abs(value) >= 1000:
        return numbers.number(value, lang, 0)
    return numbers.number(value, lang, 2)


def format_mapping_table(
    mapping: pd.DataFrame,
    indicator_labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """The objective-indicator mapping (our method) for display.

    Headings, the direction words, percentages and the ``rationale`` of the
    reference table in ``lang`` (en or fr; catalogue
    ``needs.rationale.<objective_id>.<indicator>``, used while its English is
    the table's: an edited or a user's own reason is shown as written).
    """
    labels = indicator_labels or {}
    return pd.DataFrame(
        {
            t("report.col_objective", lang): mapping["objective_id"].to_numpy(),
            t("col.indicator", lang): [labels.get(i, i) for i in mapping["indicator"]],
            t("col.higher_value_means", lang): np.where(
                mapping["direction"] > 0,
                t("needs.more_need", lang),
                t("needs.less_need", lang),
            ),
            t("col.weight", lang): mapping["weight"]
            .map(lambda v: _percent(v, lang))
            .to_numpy(),
            t("col.why", lang): [
                reference_text(f"needs.rationale.{int(o)}.{i}", str(why), lang)
                for o, i, why in zip(mapping["objective_id"], mapping["indicator"],
                                     mapping["rationale"], strict=True)
            ],
        }
    )


def format_selection_table(selection: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The selection for display, selected objectives first, by rank.

    Headings, yes/no and numbers in ``lang`` (en or fr); objective titles come
    in ``lang`` from the caller; the ``reason`` text is shown as computed.
    """
    table = selection.assign(
        _out=~selection["is_selected"].astype(bool),
        _na=selection["priority_score"].isna(),
    )
    table = table.sort_values(["_out", "_na", "rank", "objective_id"], kind="mergesort")
    return pd.DataFrame(
        {
            t("col.selected", lang): _yes_no(table["is_selected"], lang),
            t("report.col_objective", lang): [
                f"{int(o)}. {title}"
                for o, title in zip(table["objective_id"], table["title"], strict=True)
            ],
            t("col.priority_score", lang): table["priority_score"]
            .map(lambda v: _fixed(v, ".1f", lang))
            .to_numpy(),
            t("col.need", lang): table["need_score"]
            .map(lambda v: _fixed(v, ".0f", lang))
            .to_numpy(),
            t("col.stakeholder_priority", lang): table["stakeholder_priority"]
            .map(lambda v: _fixed(v, "g", lang))
            .to_numpy(),
            t("col.feasibility", lang): table["feasibility"]
            .map(lambda v: _fixed(v, "g", lang))
            .to_numpy(),
            t("selection.axis_cost", lang): table["indicative_cost_usd"]
            .map(lambda v: _fixed(v / 1e6, ",.2f", lang))
            .to_numpy(),
            t("col.reason", lang): table["reason"].to_numpy(),
        }
    )


#: The headline robustness numbers shown, with their message keys.
_ROBUSTNESS_MEASURES = {
    "n_selected": "selection.robust_n_selected",
    "mean_share_selected": "selection.robust_mean_share",
    "n_stable": "selection.robust_n_stable",
    "n_fragile": "selection.robust_n_fragile",
    "n_contenders": "selection.robust_n_contenders",
}


def format_robustness_summary(
    summary: Mapping[str, float], lang: str = "en"
) -> pd.DataFrame:
    """The headline robustness numbers as a two-column table, in ``lang``."""
    values = []
    for key in _ROBUSTNESS_MEASURES:
        value = summary.get(key, float("nan"))
        values.append(
            _percent(value, lang)
            if key == "mean_share_selected"
            else ("—" if pd.isna(value) else f"{int(value)}")
        )
    return pd.DataFrame(
        {
            t("report.kf_measure", lang): [
                t(message, lang) for message in _ROBUSTNESS_MEASURES.values()
            ],
            t("col.value", lang): values,
        }
    )


def format_sdg_table(sdg_targets: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The SDG targets a selection touches, for display.

    Parameters
    ----------
    sdg_targets : DataFrame
        ``selection.summarise_sdg_targets`` output: ``sdg_target, objective_ids,
        n_objectives, is_our_derivation``.
    lang : str
        Language of the headings, of the targets' words (``title_fr`` of
        ``reference.sdg_targets``, the UN's French) and of the yes/no words (en or
        fr).

    Returns
    -------
    DataFrame
        The same rows, named columns, ``is_our_derivation`` as yes/no.
    """
    sdg_targets = sdg_targets.assign(
        sdg_target_title=sdg_target_titles(sdg_targets["sdg_target"], lang))
    return _display_columns(sdg_targets, {
        "sdg_target": "col.sdg_target", "sdg_target_title": "col.sdg_target_title",
        "objective_ids": "col.selected_objectives",
        "n_objectives": "col.n_objectives", "is_our_derivation": "col.our_derivation",
    }, lang)


def sdg_target_titles(targets: pd.Series, lang: str = "en") -> pd.Series:
    """The words of SDG ``targets`` (``"10.7"``...) in ``lang``.

    French comes from ``title_fr`` of ``reference.sdg_targets`` (the UN's French
    text); a target whose source has no French keeps its English words, said so
    in French (``sdg.title_english_only``), never a translation of ours.

    Examples
    --------
    >>> sdg_target_titles(pd.Series(["10.7"]), "fr").item()[:40]
    'Faciliter la migration et la mobilité de'
    """
    from ..reference import sdg_targets as target_words

    words = target_words().set_index("sdg_target")
    keys = targets.astype(str)
    english = keys.map(words["title_en"])
    if lang != "fr":  # no other language in the table: the English words
        return english
    french = keys.map(words["title_fr"].fillna(""))
    return pd.Series(
        [fr if isinstance(fr, str) and fr else
         (t("sdg.title_english_only", lang, title=en) if isinstance(en, str) else en)
         for fr, en in zip(french, english, strict=True)],
        index=targets.index, dtype=object)


def format_principles_table(
    principles: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """The guiding principles a selection foregrounds, for display.

    Parameters
    ----------
    principles : DataFrame
        ``selection.summarise_guiding_principles`` output: ``principle_id, name,
        objective_ids, n_objectives, is_our_derivation`` (names already in
        ``lang``).
    lang : str
        Language of the headings and of the yes/no words (en or fr).

    Returns
    -------
    DataFrame
        The same rows, named columns, ``is_our_derivation`` as yes/no.
    """
    return _display_columns(principles, {
        "principle_id": "col.principle_id", "name": "col.guiding_principle",
        "objective_ids": "col.selected_objectives",
        "n_objectives": "col.n_objectives", "is_our_derivation": "col.our_derivation",
    }, lang)


def _display_columns(frame: pd.DataFrame, columns: Mapping[str, str], lang: str
                     ) -> pd.DataFrame:
    """``frame``'s ``columns`` (name -> catalogue key of its heading) with headings
    in ``lang``; the ``is_our_derivation`` flags as yes/no words."""
    return pd.DataFrame({
        t(key, lang): (_yes_no(frame[name], lang) if name == "is_our_derivation"
                       else frame[name].to_numpy())
        for name, key in columns.items()
    })


def describe_peer_comparison(
    country: str,
    peer_name: str,
    n_peers: int,
    stakeholder_weight: float,
    lang: str = "en",
) -> str:
    """The Markdown sentence that opens the needs scores: who is compared with whom.

    Parameters
    ----------
    country : str
        The country's name in ``lang`` (French: written with its article,
        *Groupe de pairs du Kenya*).
    peer_name : str
        Display name of the peer group (``needs.peer_countries``).
    n_peers : int
        Countries and territories in the peer group.
    stakeholder_weight : float
        Weight (0-1) of the stakeholder priority in the need score.
    lang : str
        en or fr.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> describe_peer_comparison("Kenya", "World", 215, 0.3)
    '**Kenya** compared with **World** (215 countries and territories). Stakeholder \
scores weigh 30% of the need score.'
    """
    return t(
        "needs.peer_comparison",
        lang,
        country_name=country,
        peer=_peer(peer_name, lang),
        n=n_peers,
        share=_percent(stakeholder_weight, lang),
    )


def describe_selection(
    selection: pd.DataFrame,
    method: str | SelectionRules,
    weights: tuple[float, float, float],
    lang: str = "en",
) -> str:
    """The Markdown sentence that sums up a selection: how many, how, which weights.

    It names the method actually used: method ``budget`` without an envelope
    takes the top N, and the sentence says so. When the coverage rule was on,
    it says that the rule is ours.

    Parameters
    ----------
    selection : DataFrame
        ``selection.select_objectives`` output (one row per objective); the
        rules it applied are read from ``selection.attrs["selection_rules"]``
        when ``method`` is given only by name.
    method : str or SelectionRules
        The rules (preferred), or the name of the method asked for.
    weights : (float, float, float)
        Weights of need, stakeholder priority and feasibility.
    lang : str
        en or fr; weights with a decimal comma in French.

    Returns
    -------
    str
        Markdown.
    """
    rules = _rules_of(selection, method)
    need, priority, feasibility = (_fixed(w, "g", lang) for w in weights)
    asked = rules.method if rules is not None else str(method)
    used = rules.method_used if rules is not None else asked
    values = {"n": int(selection["is_selected"].sum()), "total": len(selection),
              "method": used, "need": need, "priority": priority,
              "feasibility": feasibility}
    if used != asked and rules is not None:
        text = t("selection.summary_fallback", lang, asked=asked,
                 top_n=rules.top_n, **values)
    else:
        text = t("selection.summary", lang, **values)
    if rules is not None and rules.min_per_area > 0:
        text += " " + t("selection.summary_coverage", lang,
                        min_per_area=rules.min_per_area)
    return text


def _rules_of(selection: pd.DataFrame, method: str | SelectionRules
              ) -> SelectionRules | None:
    """The rules behind a selection: given, or recorded by ``select_objectives``
    for the method named (None when neither is known)."""
    if isinstance(method, SelectionRules):
        return method
    recorded = selection.attrs.get("selection_rules")
    if isinstance(recorded, SelectionRules) and recorded.method == method:
        return recorded
    return None
