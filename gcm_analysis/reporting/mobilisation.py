"""Display tables and figures of source matching, partner strategy and scenarios
(notebook 04 and the report). Formats what :mod:`gcm_analysis.funding` computed;
the only arithmetic is scaling amounts to millions for an axis."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..funding import format_money, label
from ..funding.matching import figure_text
from ..funding.mobilisation import approach_text
from ..i18n import catalogue, group_name, reference_text
from ._style import COLOURS, new_figure, style_axes

_MILLION = 1e6


def _money(values: pd.Series, currencies: pd.Series, lang: str) -> list[str]:
    return [format_money(float(v), str(c), lang)
            for v, c in zip(values, currencies, strict=True)]


def format_country_eligibility(table: pd.DataFrame, lang: str = "en",
                               indicator_labels: Mapping[str, str] | None = None
                               ) -> pd.DataFrame:
    """The country facts the source rules test: value, basis, status, source,
    in ``lang``: the facts named (``indicator_labels`` for the indicators), the
    values written as the rules write them (income group, yes/no, numbers), our
    proxies' notes translated (catalogue ``funding.eligibility.*``, used while
    their English is the code's) and file and column names shown as code."""
    labels = indicator_labels or {}

    def fact(attribute: str) -> str:
        key = f"eligibility.attribute.{attribute}"
        return (label(key, lang) if f"funding.{key}" in catalogue(lang)
                else labels.get(attribute, attribute))

    def value(attribute: str, text: object) -> str:
        if _is_blank(text):
            return "—"
        if attribute == "income_group":
            return group_name("wb_income", str(text), lang)
        if str(text) in ("True", "False"):
            return label("yes" if str(text) == "True" else "no", lang)
        try:
            return figure_text(attribute, float(str(text)), lang)
        except ValueError:
            return str(text)

    def source(attribute: str, text: object) -> str:
        if _is_blank(text):
            return ""
        shown = str(text)
        for kind in ("source", "exception_source"):  # our proxy, or its exceptions
            shown = reference_text(f"funding.eligibility.{kind}.{attribute}", shown,
                                   lang)
        return _FILE_NAME.sub(lambda m: f"`{m.group()}`", _COLUMN_NAME.sub(
            lambda m: f"(`{m.group(1)}`)", shown))

    return pd.DataFrame({
        label("col.attribute", lang): [fact(a) for a in table["attribute"]],
        label("col.value", lang): [value(a, v) for a, v in
                                   zip(table["attribute"], table["value"],
                                       strict=True)],
        label("col.basis", lang): [
            "" if _is_blank(b) else reference_text(
                "funding.eligibility.basis.world_bank_fy2023", str(b), lang)
            for b in table["basis"]],
        label("col.status", lang): [
            label(f"eligibility.status.{s}", lang)
            if f"funding.eligibility.status.{s}" in catalogue(lang) else s
            for s in table["status"]],
        label("col.source", lang): [source(a, s) for a, s in
                                    zip(table["attribute"], table["source"],
                                        strict=True)],
    })


#: A file of the repository named in a source (``data/processed/countries.csv``),
#: not yet between backticks.
_FILE_NAME = re.compile(r"(?<![`\w/])[\w./-]+\.(?:csv|xlsx|json)(?![`\w])")
#: A column named in parentheses after a file: ``(wb_income_group)``.
_COLUMN_NAME = re.compile(r"\((\w+_\w+)\)")


def _is_blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value))) \
        or str(value) == ""


def format_source_matches(matches: pd.DataFrame, lang: str = "en",
                          top_n: int | None = 3) -> pd.DataFrame:
    """Per intervention with a gap, its eligible sources best first (at most
    ``top_n`` each; None = all, ineligible ones last with the failed rule)."""
    shown = matches if top_n is None else matches[
        matches["is_eligible"] & (matches["match_rank"] <= top_n)]
    return pd.DataFrame({
        label("col.intervention", lang): [
            f"{i} · {n}" for i, n in zip(shown["intervention_id"],
                                         shown["intervention_name"], strict=True)],
        label("col.gap", lang): _money(shown["gap_amount"], shown["currency"], lang),
        label("col.rank", lang): [("" if pd.isna(r) else int(r))
                                  for r in shown["match_rank"]],
        label("col.candidate", lang): shown["source_type_name"].to_numpy(),
        label("col.reason", lang): shown["reason"].to_numpy(),
    })


def format_partner_strategy(strategy: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per partner: what to ask, for which interventions, channel, when."""
    return pd.DataFrame({
        label("col.candidate", lang): strategy["source_type_name"].to_numpy(),
        label("col.ask", lang): strategy["what_to_ask"].to_numpy(),
        label("col.channel", lang): strategy["channel"].to_numpy(),
        label("col.approach_by", lang): approach_text(strategy, lang),
    })


def describe_protection(scenarios: pd.DataFrame) -> str:
    """The sentence saying which interventions the scenarios protect and why."""
    return str(scenarios["protection_rule"].iloc[0]) if len(scenarios) else ""


def format_scenarios(scenarios: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Scenarios side by side: cost, committed, gap, protected gap, outcomes."""
    counts = [label("scenario.counts", lang, kept=k, phased=p, deferred=d, cut=c,
                    outside=o)
              for k, p, d, c, o in zip(scenarios["n_kept"], scenarios["n_phased"],
                                       scenarios["n_deferred"], scenarios["n_cut"],
                                       scenarios["n_outside"], strict=True)]
    return pd.DataFrame({
        label("col.scenario", lang): scenarios["scenario_name"].to_numpy(),
        label("col.description", lang): scenarios["description"].to_numpy(),
        label("col.cost", lang): _money(scenarios["cost_amount"],
                                        scenarios["currency"], lang),
        label("col.committed", lang): _money(scenarios["committed_amount"],
                                             scenarios["currency"], lang),
        label("col.gap", lang): _money(scenarios["gap_amount"], scenarios["currency"],
                                       lang),
        label("col.protected_gap", lang): _money(scenarios["protected_gap_amount"],
                                                 scenarios["currency"], lang),
        label("col.outcomes", lang): counts,
    })


def format_scenario_outcomes(items: pd.DataFrame, scenarios: pd.DataFrame,
                             lang: str = "en") -> pd.DataFrame:
    """Interventions × scenarios: what happens to each (kept, phased, deferred,
    cut, outside the package); protected interventions marked."""
    names = dict(zip(scenarios["scenario_code"], scenarios["scenario_name"],
                     strict=True))
    wide = items.pivot(index=["objective_id", "intervention_id", "is_protected"],
                       columns="scenario_code", values="outcome")
    wide = wide[[c for c in scenarios["scenario_code"] if c in wide.columns]]
    out = pd.DataFrame({
        label("col.intervention", lang): [
            f"{i}{' *' if p else ''}" for _, i, p in wide.index],
        label("col.objective", lang): [int(o) for o, _, _ in wide.index],
    })
    for code in wide.columns:
        out[names[code]] = [label(f"scenario.short.{o}", lang) for o in wide[code]]
    return out


def plot_scenarios(scenarios: pd.DataFrame, lang: str = "en") -> Figure:
    """Stacked bars per scenario: committed money and the gap (millions); the
    protected interventions' gap marked on each bar."""
    fig = new_figure(width=8.0, height=4.8)
    ax = fig.add_subplot()
    x = np.arange(len(scenarios))
    committed = scenarios["committed_amount"].to_numpy(dtype=float) / _MILLION
    gap = scenarios["gap_amount"].to_numpy(dtype=float) / _MILLION
    protected = scenarios["protected_gap_amount"].to_numpy(dtype=float) / _MILLION
    ax.bar(x, committed, color=COLOURS["primary"], label=label("col.committed", lang))
    ax.bar(x, gap, bottom=committed, color="#f5b7b1", hatch="//",
           label=label("col.gap", lang))
    ax.scatter(x, committed + protected, marker="_", s=400, color="black",
               label=label("legend.protected_gap", lang))
    ax.set_xticks(x, [textwrap.fill(str(n), 14) for n in scenarios["scenario_name"]])
    currency = str(scenarios["currency"].iloc[0]) if len(scenarios) else ""
    price_year = int(scenarios["price_year"].iloc[0]) if len(scenarios) else 0
    ax.set_ylabel(label("axis.amount", lang, currency=currency,
                        price_year=price_year))
    ax.set_title(label("chart.scenarios_title", lang))
    top = float(np.nanmax(committed + gap)) if len(scenarios) else 1.0
    ax.set_ylim(0, top * 1.35 or 1.0)  # room for the legend above the bars
    ax.legend(loc="upper left", ncol=3, fontsize=8, framealpha=0.9)
    style_axes(ax, lang)
    return fig


# ------------------------------------------------------------ partner returns
def format_partner_returns(returns: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The merged returns, one row each, with the duplicate or overlap flag."""
    target = [str(i) if isinstance(i, str) else f"{label('col.objective', lang)} {o}"
              for i, o in zip(returns["intervention_id"], returns["objective_id"],
                              strict=True)]
    return pd.DataFrame({
        label("col.row", lang): returns["return_row"].to_numpy(),
        label("col.partner", lang): returns["partner_name"].to_numpy(),
        label("col.intervention", lang): target,
        label("col.year", lang): returns["year"].to_numpy(),
        label("col.amount", lang): _money(returns["amount"], returns["currency"], lang),
        label("col.status", lang): returns["status"].to_numpy(),
        label("col.flag", lang): returns["merge_note"].fillna("").to_numpy(),
    })


def format_partner_totals(totals: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Totals per partner: committed (secured + pledged) and all offers."""
    return pd.DataFrame({
        label("col.partner", lang): totals["partner_name"].to_numpy(),
        label("col.committed", lang): _money(totals["committed_amount"],
                                             totals["currency"], lang),
        label("col.total", lang): _money(totals["total_amount"], totals["currency"],
                                         lang),
        label("col.objective", lang): totals["objective_ids"].to_numpy(),
        label("col.interests", lang): totals["interests"].to_numpy(),
    })


def format_partner_interests(interests: pd.DataFrame, lang: str = "en"
                             ) -> pd.DataFrame:
    """Objectives × partners: each objective's gap and what each partner offers
    for it (an objective with a gap and no partner shows an empty partner)."""
    return pd.DataFrame({
        label("col.objective", lang): interests["objective_id"].to_numpy(),
        label("col.gap", lang): _money(interests["objective_gap_amount"],
                                       interests["currency"], lang),
        label("col.partner", lang): interests["partner_name"].fillna("").to_numpy(),
        label("col.offered", lang): _money(interests["offered_amount"],
                                           interests["currency"], lang),
        label("col.interests", lang): interests["interests"].fillna("").to_numpy(),
    })


def describe_returns(returns: pd.DataFrame, lang: str = "en") -> str:
    """A sentence when the plan has no returns (empty otherwise)."""
    return "" if len(returns) else label("returns.none", lang)


# ------------------------------------------------------------ budgeting steps
def format_budget_steps(steps: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Steps 3, 6 and 8 item by item: the Guidance's text or ours, status, who,
    evidence."""
    status = [label(f"steps.status.{s}" if isinstance(s, str)
                    else "steps.status.not_recorded", lang) for s in steps["status"]]
    return pd.DataFrame({
        label("col.step", lang): [f"{s}.{i}" for s, i in zip(
            steps["step_id"], steps["item_id"], strict=True)],
        label("col.origin", lang): [label("steps.origin.guidance" if g
                                          else "steps.origin.ours", lang)
                                    for g in steps["is_guidance_text"]],
        label("col.item", lang): steps["item_text"].to_numpy(),
        label("col.status", lang): status,
        label("col.who", lang): steps["who"].fillna("").to_numpy(),
        label("col.evidence", lang): steps["evidence"].fillna("").to_numpy(),
    })


def format_budget_steps_summary(summary: pd.DataFrame, lang: str = "en"
                                ) -> pd.DataFrame:
    """Per step 3, 6 and 8: items done, in progress, not started, not recorded
    (the statuses, cell values elsewhere, capitalised as column headers)."""
    def header(status: str) -> str:
        text = label(f"steps.status.{status}", lang)
        return text[:1].upper() + text[1:]

    return pd.DataFrame({
        label("col.step", lang): summary["step_name"].to_numpy(),
        **{header(status): summary[f"n_{status}"].to_numpy()
           for status in ("done", "in_progress", "not_started", "not_applicable",
                          "not_recorded")},
    })


# --------------------------------------------------------- consultation briefs
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]#|])")


def escape_markdown(text: str) -> str:
    """User text made inert in Markdown: HTML escaped, Markdown marks
    backslashed.

    Examples
    --------
    >>> escape_markdown("<b>*NGO*</b>")
    '&lt;b&gt;\\\\*NGO\\\\*&lt;/b&gt;'
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))


def render_consultation_briefs(briefs: pd.DataFrame, lang: str = "en",
                               level: int = 4, max_items: int | None = None) -> str:
    """The consultation briefs as Markdown: a heading per meeting type, the
    Guidance's topics, a bullet per item with its amount (the first
    ``max_items`` of each topic, None = all, then how many more the table
    holds). User text (partner and intervention names) is escaped."""
    parts: list[str] = []
    for _, brief in briefs.groupby("meeting_type", sort=False):
        name = escape_markdown(str(brief["meeting_name"].iloc[0]))
        parts.append(f"{'#' * level} {name}")
        # the topics' sources (English reference text) stay in the table
        parts.append(f"*{escape_markdown(label('consult.topics_from', lang))}*")
        for _, topic in brief.groupby("topic", sort=False):
            lines = [f"**{escape_markdown(str(topic['topic_text'].iloc[0]))}**", ""]
            shown = topic if max_items is None else topic.head(max_items)
            for row in shown.itertuples(index=False):
                text = escape_markdown(str(row.item))
                if pd.notna(row.figure):
                    sep = "\u202f: " if lang == "fr" else ": "
                    text += sep + format_money(float(row.figure), str(row.currency),
                                               lang)
                lines.append(f"- {text}")
            if len(topic) > len(shown):
                more = label("consult.more", lang, n=len(topic) - len(shown))
                lines.append(f"- {more}")
            parts.append("\n".join(lines))
    return "\n\n".join(parts)
