"""Tables and figures the lessons show, in English or French.

Notebooks call :func:`table` and :func:`figure` by name (e.g. ``"2.lines"``), so
a cell is one line and no lesson cell computes anything. The figures are the
stage reports' own (``gcm_analysis.reporting``); the tables reuse the report
formatters where they exist and otherwise format the lesson data here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from .. import reference
from ..i18n import unit_name
from ..reporting import costing as costing_report
from ..reporting import funding as funding_report
from ..reporting import needs as needs_report
from . import data
from . import scenario as s
from ._format import (
    bilingual,
    check_lang,
    format_amount,
    format_number,
    french_typography,
)
from .messages import text

_TABLES: dict[str, Callable[[str], pd.DataFrame]] = {}
_FIGURES: dict[str, Callable[[str], Figure]] = {}


def _table(name: str) -> Callable[[Callable[[str], pd.DataFrame]],
                                  Callable[[str], pd.DataFrame]]:
    def register(function: Callable[[str], pd.DataFrame]
                 ) -> Callable[[str], pd.DataFrame]:
        _TABLES[name] = function
        return function
    return register


def _figure(name: str) -> Callable[[Callable[[str], Figure]], Callable[[str], Figure]]:
    def register(function: Callable[[str], Figure]) -> Callable[[str], Figure]:
        _FIGURES[name] = function
        return function
    return register


def table(name: str, lang: str = "en") -> pd.DataFrame:
    """Return the lesson table ``name`` (e.g. ``"2.lines"``) for display."""
    check_lang(lang)
    if name not in _TABLES:
        raise KeyError(f"no lesson table {name!r}; known: {', '.join(sorted(_TABLES))}")
    shown = _TABLES[name](lang)
    return _french_table(shown) if lang == "fr" else shown


def _french_table(frame: pd.DataFrame) -> pd.DataFrame:
    """French typography in a table's headings and texts (:func:`french_typography`);
    a column quoted in English (:func:`_quoted`) is left as it is."""
    cell_lang = dict(frame.attrs.get("cell_lang", {}))
    texts = {column: frame[column].map(
        lambda v: french_typography(v) if isinstance(v, str) else v)
        for column in frame.columns
        if not pd.api.types.is_numeric_dtype(frame[column])
        and cell_lang.get(column, "fr") == "fr"}

    def heading(column: object) -> object:
        return french_typography(column) if isinstance(column, str) else column

    shown = frame.assign(**texts).rename(columns=heading)
    shown.attrs["cell_lang"] = {heading(c): v for c, v in cell_lang.items()}
    return shown


def _quoted(frame: pd.DataFrame, **columns: str) -> pd.DataFrame:
    """Name the language of columns that quote a text in its own language
    (``column=lang``): a bilingual table on purpose, the French original beside
    its English (ours or the source's), as the lesson's prose says. Their cells
    get ``lang`` in the page (:func:`gcm_analysis.reporting.table_html`)."""
    frame.attrs["cell_lang"] = dict(columns)
    return frame


def figure(name: str, lang: str = "en") -> Figure:
    """Return the lesson figure ``name`` (e.g. ``"2.tornado"``)."""
    check_lang(lang)
    if name not in _FIGURES:
        raise KeyError(f"no lesson figure {name!r}; known: "
                       f"{', '.join(sorted(_FIGURES))}")
    return _FIGURES[name](lang)


@lru_cache(maxsize=32)
def _figure_png(name: str, lang: str) -> tuple[bytes, str]:
    from ..reporting import figure_png

    fig = figure(name, lang)
    titles = [fig.get_suptitle()] + [ax.get_title() for ax in fig.axes]
    return figure_png(fig), next((t for t in titles if t), name)


def show_figure(name: str, lang: str = "en") -> Any:
    """Return the lesson figure as an embedded PNG image (rendered once per kernel).

    A notebook cell ending with this call shows the image; the same lesson data
    give the same picture, so a re-run reuses the PNG (restart the kernel after
    editing the fictional plan).
    """
    from IPython.display import Image

    check_lang(lang)
    png, alt = _figure_png(name, lang)
    return Image(data=png, format="png", alt=alt)


def table_names() -> list[str]:
    return sorted(_TABLES)


def figure_names() -> list[str]:
    return sorted(_FIGURES)


def _col(key: str, lang: str) -> str:
    return text(f"col.{key}", lang)


def _yes(flag: object, lang: str) -> str:
    return text("yes" if bool(flag) else "no", lang)


def _decimal(value: float, lang: str, digits: int = 1) -> str:
    if pd.isna(value):
        return "—"
    return format_number(value, digits, lang)


def _pct(share: float, lang: str) -> str:
    shown = f"{100 * share:g}"
    return shown.replace(".", ",") if lang == "fr" else shown


def _titles(lang: str) -> dict[int, str]:
    return {int(k): str(v) for k, v in
            reference.objective_titles(lang, short=True).items()}


# -------------------------------------------------------------------- lesson 1
def _labels(lang: str) -> dict[str, str]:
    from .. import io, needs

    return needs.indicator_labels(io.read_reference("indicator_labels"), lang)


def _digits(value: float) -> int:
    return 0 if pd.notna(value) and abs(value) >= 1000 else 2


@_table("1.indicators")
def _indicators(lang: str) -> pd.DataFrame:
    from .. import needs

    _, detail = data.needs_tables(lang=lang)
    evidence = needs.summarise_evidence(detail)
    labels = _labels(lang)
    return pd.DataFrame({
        _col("indicator", lang): [labels.get(i, i) for i in evidence["indicator"]],
        _col("unit", lang): [unit_name(u, lang) if u else u
                             for u in evidence["unit"].fillna("").astype(str)],
        _col("value", lang): [_decimal(v, lang, _digits(v)) for v in evidence["value"]],
        _col("peer_median", lang): [_decimal(v, lang, _digits(v))
                                    for v in evidence["peer_median"]],
        _col("n_peers", lang): evidence["n_peers"].astype(int).to_list(),
        _col("percentile", lang): [_decimal(v, lang, 1)
                                   for v in evidence["percentile"]],
    })


@_table("1.missing")
def _missing(lang: str) -> pd.DataFrame:
    rows = s.objective_detail(s.missing_objective())
    labels = _labels(lang)
    return pd.DataFrame({
        _col("indicator", lang): [labels.get(i, i) for i in rows["indicator"]],
        _col("direction", lang): rows["direction"].astype(int).to_list(),
        _col("weight", lang): [_decimal(w, lang, 2) for w in rows["weight"]],
        _col("value", lang): [_decimal(v, lang, 2) for v in rows["value"]],
        _col("indicator_score", lang): [_decimal(v, lang, 1) for v in rows["score"]],
        _col("status", lang): [text(f"status.{st}", lang) for st in rows["status"]],
    })


@_table("1.needs")
def _needs(lang: str) -> pd.DataFrame:
    need_table, _ = data.needs_tables(lang=lang)
    ranked = need_table.sort_values(["rank", "objective_id"], na_position="last")
    titles = _titles(lang)
    return pd.DataFrame({
        _col("rank", lang): [("—" if pd.isna(r) else int(r)) for r in ranked["rank"]],
        _col("objective", lang): [f"{int(o)}. {titles[int(o)]}"
                                  for o in ranked["objective_id"]],
        _col("need_score", lang): [_decimal(v, lang, 1) for v in ranked["need_score"]],
        _col("coverage", lang): [_decimal(v, lang, 2) for v in ranked["coverage"]],
    })


@_table("1.selection")
def _selection(lang: str) -> pd.DataFrame:
    """The selection criteria by objective number (the ranking is the exercise)."""
    candidates = data.candidates(lang=lang).sort_values("objective_id")
    titles = _titles(lang)
    return pd.DataFrame({
        _col("objective", lang): [f"{int(o)}. {titles[int(o)]}"
                                  for o in candidates["objective_id"]],
        _col("need_score", lang): [_decimal(v, lang, 1)
                                   for v in candidates["need_score"]],
        _col("priority", lang): [_decimal(v, lang, 0)
                                 for v in candidates["stakeholder_priority"]],
        _col("feasibility", lang): [_decimal(v, lang, 0)
                                    for v in candidates["feasibility"]],
        _col("priority_score", lang): [_decimal(v, lang, 1)
                                       for v in candidates["priority_score"]],
    })


@_figure("1.ranking")
def _ranking(lang: str) -> Figure:
    need_table, _ = data.needs_tables(lang=lang)
    return needs_report.plot_need_ranking(need_table, _titles(lang),
                                          data.peer_name()[1], lang)


# -------------------------------------------------------------------- lesson 2
def _range(low: float, likely: float, high: float, lang: str) -> str:
    return " / ".join(format_number(v, 0, lang) for v in (low, likely, high))


@_table("2.lines")
def _focus_lines(lang: str) -> pd.DataFrame:
    lines = s.focus_lines()
    return pd.DataFrame({
        _col("line", lang): lines["line_id"].to_list(),
        _col("item", lang): [bilingual(i, lang) for i in lines["item"]],
        _col("support", lang): [_yes(f, lang) for f in lines["is_support_activity"]],
        _col("unit", lang): [bilingual(u, lang) for u in lines["unit"]],
        _col("quantity", lang): [_range(a, b, c, lang) for a, b, c in zip(
            lines["quantity_per_year_low"], lines["quantity_per_year"],
            lines["quantity_per_year_high"], strict=True)],
        _col("unit_cost", lang): [_range(a, b, c, lang) for a, b, c in zip(
            lines["unit_cost_low"], lines["unit_cost_likely"], lines["unit_cost_high"],
            strict=True)],
        _col("currency", lang): lines["currency"].to_list(),
        _col("price_year", lang): lines["price_year"].astype(int).to_list(),
        _col("cost_type", lang): [text(f"cost_type.{c}", lang)
                                  for c in lines["cost_type"]],
        _col("years", lang): [f"{int(a)}-{int(b)}" if a != b else str(int(a))
                              for a, b in zip(lines["first_year"], lines["last_year"],
                                              strict=True)],
    })


@_table("2.rates")
def _rates(lang: str) -> pd.DataFrame:
    rates = data.read_teaching_plan().exchange_rates
    return pd.DataFrame({
        _col("from", lang): rates["from_currency"].to_list(),
        _col("to", lang): rates["to_currency"].to_list(),
        _col("rate", lang): [format_number(r, 3, lang).rstrip("0").rstrip(",.")
                             for r in rates["rate"]],
        _col("rate_date", lang): pd.to_datetime(rates["rate_date"]).dt.strftime(
            "%Y-%m-%d").to_list(),
    })


@_table("2.index")
def _index(lang: str) -> pd.DataFrame:
    index = data.budget_tables()["budget_price_index"]
    return pd.DataFrame({
        _col("year", lang): index["year"].astype(int).to_list(),
        _col("inflation", lang): [_decimal(v, lang, 1) for v in index["inflation_pct"]],
        _col("index", lang): [_decimal(v, lang, 5) for v in index["price_index"]],
    })


@_table("2.budget")
def _focus_budget(lang: str) -> pd.DataFrame:
    budget = s.focus_budget().sort_values(["year", "line_id"])
    currency = str(budget["currency"].iloc[0])
    rows = pd.DataFrame({
        _col("year", lang): budget["year"].astype(int).astype(str).to_list(),
        _col("line", lang): budget["line_id"].to_list(),
        _col("item", lang): [
            text("contingency_item", lang, pct=_pct(s.contingency_share(), lang))
            if kind == "contingency" else bilingual(i, lang)
            for i, kind in zip(budget["item"], budget["cost_type"], strict=True)],
        f"{_col('constant', lang)} ({currency})": [
            format_number(v, 0, lang) for v in budget["amount_constant"]],
        f"{_col('nominal', lang)} ({currency})": [
            format_number(v, 0, lang) for v in budget["amount_nominal"]],
    })
    total = pd.DataFrame({
        rows.columns[0]: ["Total"], rows.columns[1]: [""], rows.columns[2]: [""],
        rows.columns[3]: [format_number(budget["amount_constant"].sum(), 0, lang)],
        rows.columns[4]: [format_number(budget["amount_nominal"].sum(), 0, lang)],
    })
    return pd.concat([rows, total], ignore_index=True)


def _cost_drivers(lang: str) -> pd.DataFrame:
    """The cost drivers with each item in the lesson's language (the fictional
    plan writes items "FR / EN")."""
    drivers = data.budget_tables()["cost_drivers"]
    return drivers.assign(item=[bilingual(i, lang) for i in drivers["item"]])


@_table("2.drivers")
def _drivers(lang: str) -> pd.DataFrame:
    return costing_report.format_drivers(_cost_drivers(lang), lang)


@_figure("2.tornado")
def _tornado(lang: str) -> Figure:
    return costing_report.plot_tornado(_cost_drivers(lang), lang)


@_figure("2.uncertainty")
def _uncertainty(lang: str) -> Figure:
    tables = data.budget_tables()
    return costing_report.plot_uncertainty(tables["total_draws"],
                                           tables["budget_uncertainty"], lang)


# -------------------------------------------------------------------- lesson 3
@_table("3.steps")
def _steps(lang: str) -> pd.DataFrame:
    steps = reference.budgeting_steps()
    return _quoted(pd.DataFrame({
        _col("step", lang): steps["step_id"].astype(int).to_list(),
        _col("text_fr", lang): steps["text_fr"].to_list(),
        _col("text_en", lang): steps["text_en"].to_list(),
        _col("in_workbook", lang): [text(f"step_help.{int(i)}", lang)
                                    for i in steps["step_id"]],
    }), **{_col("text_fr", lang): "fr", _col("text_en", lang): "en"})


@_table("3.components")
def _components(lang: str) -> pd.DataFrame:
    # Lesson 3 teaches that the components add up to the total: the report's
    # subtotal row "support activities: total" would count support twice (shares
    # summing to more than 100 %), so the lesson shows the components alone.
    summary = data.budget_tables()["budget_summary"]
    shown = costing_report.format_components(summary, lang)
    subtotal = costing_report.text("comp_support_total", lang)
    return shown[shown.iloc[:, 0] != subtotal].reset_index(drop=True)


@_table("3.reconciliation")
def _reconciliation(lang: str) -> pd.DataFrame:
    tables = data.budget_tables()
    lines = tables["budget_lines"]["amount_constant"].sum()
    currency = str(tables["budget_lines"]["currency"].iloc[0])
    parts = tables["budget_summary"].set_index("component")["amount_constant"]
    checks = {
        "budget_lines": lines,
        "components": parts.drop(["support_total", "total"]).sum(),
        "budget_summary · total": parts["total"],
        "budget_by_objective": tables["budget_by_objective"]["amount_constant"].sum(),
        "budget_by_year": tables["budget_by_year"]["amount_constant"].sum(),
        "budget_by_ministry": tables["budget_by_ministry"]["amount_constant"].sum(),
        "budget_by_intervention": tables["budget_by_intervention"][
            "amount_constant"].sum(),
    }
    return pd.DataFrame({
        _col("measure", lang): list(checks),
        f"{_col('constant', lang)} ({currency})": [
            format_number(v, 2, lang) for v in checks.values()],
        _col("check", lang): ["✓" if round(v, 2) == round(lines, 2) else "✗"
                              for v in checks.values()],
    })


def _framework(code: str, id_column: str, reference_table: pd.DataFrame,
               lang: str) -> pd.DataFrame:
    scores = s.readiness(code).set_index("item_id")
    ids = reference_table[id_column].astype(int)
    shown_score = [("—" if pd.isna(scores.at[i, "score"]) else
                    str(int(scores.at[i, "score"]))) for i in ids]
    return _quoted(pd.DataFrame({
        _col("item_id", lang): ids.to_list(),
        "français": reference_table["text_fr"].to_list(),
        "English": reference_table["text_en"].to_list(),
        _col("score", lang): [v if v != "—" else text("not_assessed", lang)
                              for v in shown_score],
        _col("evidence", lang): [bilingual(e, lang) if isinstance(e, str) else ""
                                 for e in (scores.at[i, "evidence"] for i in ids)],
    }), **{"français": "fr", "English": "en"})


@_table("3.conditions")
def _conditions(lang: str) -> pd.DataFrame:
    return _framework("ideal_budgeting_conditions", "condition_id",
                      reference.ideal_budgeting_conditions(), lang)


@_table("3.principles")
def _principles(lang: str) -> pd.DataFrame:
    return _framework("budget_governance_principles", "principle_id",
                      reference.budget_governance_principles(), lang)


@_figure("3.readiness")
def _readiness(lang: str) -> Figure:
    return funding_report.plot_readiness(data.funding_tables(lang)["funding_readiness"],
                                         lang)


# -------------------------------------------------------------------- lesson 4
@_table("4.sources")
def _sources(lang: str) -> pd.DataFrame:
    types = reference.funding_source_types().sort_values("display_order")
    return _quoted(pd.DataFrame({
        _col("source_type", lang): types["source_type_code"].to_list(),
        _col("guidance_fr", lang): [
            f"({text('our_addition', lang)}) {t}" if ours else t
            for t, ours in zip(types["text_fr"], types["is_our_addition"],
                               strict=True)],
        _col("name_en", lang): types["text_en"].to_list(),
        _col("in_guidance", lang): [_yes(not ours, lang)
                                    for ours in types["is_our_addition"]],
    }), **{_col("guidance_fr", lang): "fr", _col("name_en", lang): "en"})


@_table("4.lines")
def _funding_lines(lang: str) -> pd.DataFrame:
    return funding_report.format_funding_lines(
        data.funding_tables(lang)["funding_sources"], lang)


_TOTAL_ROWS = ("cost_amount", "secured_amount", "pledged_amount", "pipeline_amount",
               "to_be_mobilised_amount")
_TOTAL_NAMES = {
    "en": ("Cost of the plan", "Secured", "Pledged", "Pipeline", "To be mobilised"),
    "fr": ("Coût du plan", "Acquis", "Annoncé", "En préparation", "À mobiliser"),
}


@_table("4.totals")
def _totals(lang: str) -> pd.DataFrame:
    """Cost and the funding allocated to it, by status, with default likelihoods."""
    from ..funding_sheets import read_status_defaults

    total = s.gap_total()
    currency = str(total["currency"])
    defaults = read_status_defaults().set_index("status_code")["default_likelihood"]
    likelihood = [""] + [_decimal(float(defaults[c.removesuffix("_amount")]), lang, 1)
                         for c in _TOTAL_ROWS[1:]]
    return pd.DataFrame({
        _col("measure", lang): list(_TOTAL_NAMES[lang]),
        _col("amount", lang): [format_amount(float(total[c]), currency, lang)
                               for c in _TOTAL_ROWS],
        _col("likelihood", lang): likelihood,
    })


@_table("4.gaps")
def _gaps(lang: str) -> pd.DataFrame:
    tables = data.funding_tables(lang)
    shown, _ = funding_report.format_gap_table(tables["funding_gap_by_objective"],
                                               tables["funding_gap_by_objective_year"],
                                               lang)
    return shown


@_table("4.mobilisation")
def _mobilisation(lang: str) -> pd.DataFrame:
    return funding_report.format_mobilisation_plan(
        data.funding_tables(lang)["funding_mobilisation_plan"], lang)


@_table("4.crisis")
def _crisis(lang: str) -> pd.DataFrame:
    crisis = data.funding_tables(lang)["funding_crisis"]
    shown = funding_report.format_crisis_table(crisis, lang)
    changed = crisis[(crisis["outcome"] != "unchanged") | crisis["is_essential"]]
    column = "Variation" if lang == "fr" else "Change"
    currency = str(crisis["currency"].iloc[0])
    ids = changed["intervention_id"].to_list()
    return shown.assign(**{
        column: [format_amount(v, currency, lang) for v in changed["change_amount"]],
    }).rename(columns={shown.columns[0]: _col("intervention", lang)}).assign(
        **{_col("intervention", lang): [
            f"{i} {n}" for i, n in zip(ids, changed["intervention_name"],
                                       strict=True)]})


@_figure("4.cost_vs_funding")
def _cost_vs_funding(lang: str) -> Figure:
    return funding_report.plot_cost_vs_funding(
        data.funding_tables(lang)["funding_gap_by_year"], lang, False)


@_figure("4.crisis")
def _crisis_figure(lang: str) -> Figure:
    return funding_report.plot_crisis(data.funding_tables(lang)["funding_crisis"], lang)
