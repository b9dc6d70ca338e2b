"""``budget.xlsx``: the run's budget as a workbook whose totals are live formulas.

A finance team changes a quantity, a unit cost, an exchange rate, a price index or
the contingency rate and sees every total move, as in the costing tools they
know. The formulas are exactly the costing's (:func:`gcm_analysis.costing.
compute_budget_lines`), so the workbook, recalculated, gives the run's own
tables to the cent:

- a cost line in a year: ``amount_constant = ROUND(quantity × unit_cost ×
  (fx_rate / price_index[price year of the unit cost]), 2)`` and
  ``amount_nominal = ROUND(quantity × unit_cost × (fx_rate / price_index[price
  year]) × price_index[year], 2)``;
- a contingency row: ``ROUND(SUM(the bottom-up amounts of its intervention,
  ministry and year) × (contingency_pct / 100), 2)``;
- subtotals by objective and by year: ``SUMIF`` over the lines; the grand
  total: ``SUM`` over the lines.

Inputs sit on their own sheets (``parameters``, ``exchange_rates``,
``price_index``); the lines point to them. Text from the plan (items,
ministries, sources) is written as inert string cells
(:func:`gcm_analysis.xlsx.write_cell`: formula-like text gets a leading ``'``);
the only formulas are the ones built here from cell addresses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from . import i18n, io, xlsx_values
from .i18n import t
from .xlsx import DECIMAL_FORMAT, Formats, new_workbook, write_cell
from .xlsx_headers import column_label

#: Columns of the ``cost_lines`` sheet, in order (A, B, ...).
LINE_COLUMNS: tuple[str, ...] = (
    "objective_id", "intervention_id", "line_id", "year", "item", "category",
    "cost_type", "costing_method", "ministry", "unit", "quantity", "unit_cost",
    "unit_cost_currency", "unit_cost_price_year", "fx_rate",
    "price_index_price_year", "price_index_year", "amount_constant",
    "amount_nominal",
)
_HEADER = {"bold": True, "pattern": 1, "bg_color": "#DCE6F1"}
_INPUT = {"bg_color": "#FFF2CC", "num_format": "#,##0.00####"}
_MONEY = {"num_format": DECIMAL_FORMAT}


def _col(name: str) -> str:
    """The column letter of a ``cost_lines`` column."""
    return xl_col_to_name(LINE_COLUMNS.index(name))


#: header rows of every sheet: the column's label in the workbook's language,
#: then its internal name (as in ``tables.xlsx``); data start on Excel row 3
HEADER_ROWS = 2
_NAME = {"italic": True, "font_color": "#595959", "font_size": 9, "pattern": 1,
         "bg_color": "#F2F2F2"}


def _header(sheet: Any, columns: tuple[str, ...] | list[str],
            formats: Formats, lang: str) -> None:
    for col, name in enumerate(columns):
        write_cell(sheet, 0, col, column_label(name, lang), formats,
                   {**_HEADER, "text_wrap": True, "valign": "top"})
        write_cell(sheet, 1, col, name, formats, _NAME)
    sheet.freeze_panes(HEADER_ROWS, 0)


def _number(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def _write_inputs(workbook: Any, formats: Formats, lines: pd.DataFrame,
                  price_index: pd.DataFrame, contingency_pct: float,
                  about: Mapping[str, Any], lang: str
                  ) -> tuple[dict[Any, int], dict[int, int]]:
    """The ``parameters``, ``exchange_rates`` and ``price_index`` sheets; return
    the Excel row of each (currency, price year) rate and of each year's index."""
    params = workbook.add_worksheet("parameters")
    _header(params, ["parameter", "value", "note"], formats, lang)
    write_cell(params, HEADER_ROWS, 0, "contingency_pct", formats)
    write_cell(params, HEADER_ROWS, 1, float(contingency_pct), formats, _INPUT)
    write_cell(params, HEADER_ROWS, 2, t("budget_xlsx.contingency_note", lang),
               formats)
    for row, (key, value) in enumerate(about.items(), start=HEADER_ROWS + 1):
        write_cell(params, row, 0, str(key), formats)
        write_cell(params, row, 1, value, formats)
        write_cell(params, row, 2, i18n.catalogue(lang).get(f"xlsx.about.{key}", ""),
                   formats)
    params.set_column(0, 0, 22)
    params.set_column(1, 1, 16)
    params.set_column(2, 2, 70)

    rates = workbook.add_worksheet("exchange_rates")
    _header(rates, ["from_currency", "price_year", "fx_rate", "fx_rate_date",
                    "to_currency"], formats, lang)
    costed = lines[lines["cost_type"] != "contingency"]
    pairs = costed[["unit_cost_currency", "unit_cost_price_year", "fx_rate",
                    "fx_rate_date"]].drop_duplicates(
        ["unit_cost_currency", "unit_cost_price_year"]).sort_values(
        ["unit_cost_currency", "unit_cost_price_year"])
    rate_rows: dict[Any, int] = {}
    for row, pair in enumerate(pairs.itertuples(index=False), start=HEADER_ROWS):
        currency, year, rate, date = pair
        write_cell(rates, row, 0, currency, formats)
        write_cell(rates, row, 1, int(year), formats)
        write_cell(rates, row, 2, float(rate), formats, _INPUT)
        write_cell(rates, row, 3, date, formats)
        write_cell(rates, row, 4, about.get("currency", ""), formats)
        rate_rows[(currency, int(year))] = row + 1
    rates.set_column(0, 4, 16)

    index = workbook.add_worksheet("price_index")
    _header(index, ["year", "inflation_pct", "price_index", "source"], formats, lang)
    index_rows: dict[int, int] = {}
    for row, item in enumerate(price_index.itertuples(index=False),
                               start=HEADER_ROWS):
        write_cell(index, row, 0, int(item.year), formats)
        write_cell(index, row, 1, float(item.inflation_pct), formats)
        write_cell(index, row, 2, float(item.price_index), formats, _INPUT)
        write_cell(index, row, 3, item.source, formats)
        index_rows[int(item.year)] = row + 1
    index.set_column(0, 2, 14)
    index.set_column(3, 3, 60)
    return rate_rows, index_rows


def _line_formulas(row: int, rate_row: int, price_row: int, year_row: int
                   ) -> dict[str, str]:
    c = {name: f"{_col(name)}{row}" for name in LINE_COLUMNS}
    constant = f"{c['quantity']}*{c['unit_cost']}*({c['fx_rate']}/" \
               f"{c['price_index_price_year']})"
    return {
        "fx_rate": f"=exchange_rates!$C${rate_row}",
        "price_index_price_year": f"=price_index!$C${price_row}",
        "price_index_year": f"=price_index!$C${year_row}",
        "amount_constant": f"=ROUND({constant},2)",
        "amount_nominal": f"=ROUND({constant}*{c['price_index_year']},2)",
    }


def _write_lines(workbook: Any, formats: Formats, lines: pd.DataFrame,
                 rate_rows: Mapping[Any, int], index_rows: Mapping[int, int],
                 lang: str) -> int:
    """The ``cost_lines`` sheet; returns the last Excel row."""
    sheet = workbook.add_worksheet("cost_lines")
    _header(sheet, LINE_COLUMNS, formats, lang)
    table = lines.reset_index(drop=True)
    shown = xlsx_values.for_people(table, lang)  # coded values by their labels
    is_cont = table["cost_type"] == "contingency"
    bottom_up = table[~is_cont & (table["costing_method"] == "bottom_up")]
    keys = ["intervention_id", "ministry", "year"]
    first = HEADER_ROWS + 1  # the Excel row of the first line
    members = {key: [int(i) + first for i in group.index]
               for key, group in bottom_up.groupby(keys, sort=False, dropna=False)}
    for i, line in table.iterrows():
        row = int(str(i)) + first  # Excel row
        values = {name: shown.at[i, name] if name in shown.columns else None
                  for name in LINE_COLUMNS}
        if is_cont.iloc[int(str(i))]:
            refs = members.get(tuple(line[k] for k in keys), [])
            share = f"(parameters!$B${first}/100)"
            formulas = {
                name: "=ROUND((" + "+".join(f"{_col(name)}{r}" for r in refs)
                + f")*{share},2)" if refs else "=0"
                for name in ("amount_constant", "amount_nominal")}
        else:
            formulas = _line_formulas(
                row, rate_rows[(line["unit_cost_currency"],
                                int(line["unit_cost_price_year"]))],
                index_rows[int(line["unit_cost_price_year"])],
                index_rows[int(line["year"])])
        for col, name in enumerate(LINE_COLUMNS):
            if name in formulas:  # cached result: the run's own value
                cached = {"fx_rate": values["fx_rate"]}.get(name, values.get(name))
                sheet.write_formula(row - 1, col, formulas[name],
                                    formats.get(**_MONEY), _number(cached) or 0)
            elif name in ("quantity", "unit_cost"):
                write_cell(sheet, row - 1, col, values[name], formats, _INPUT)
            else:
                write_cell(sheet, row - 1, col, values[name], formats)
    widths = {"item": 40, "ministry": 30, "intervention_id": 14, "line_id": 16}
    for col, name in enumerate(LINE_COLUMNS):
        sheet.set_column(col, col, widths.get(name, 13))
    sheet.autofilter(HEADER_ROWS - 1, 0, len(table) + HEADER_ROWS - 1,
                     len(LINE_COLUMNS) - 1)
    return len(table) + HEADER_ROWS


def _write_totals(workbook: Any, formats: Formats, name: str, key: str,
                  keys: list[Any], labels: Mapping[Any, str], last: int,
                  lang: str) -> None:
    """A subtotal sheet: one SUMIF row per key, then the total as a SUM."""
    sheet = workbook.add_worksheet(name)
    _header(sheet, [key, "title", "amount_constant", "amount_nominal"], formats, lang)
    first = HEADER_ROWS + 1
    key_range = f"cost_lines!${_col(key)}${first}:${_col(key)}${last}"
    for row, value in enumerate(keys, start=HEADER_ROWS):
        write_cell(sheet, row, 0, value, formats)
        write_cell(sheet, row, 1, labels.get(value, ""), formats)
        for col, money in ((2, "amount_constant"), (3, "amount_nominal")):
            money_range = f"cost_lines!${_col(money)}${first}:${_col(money)}${last}"
            sheet.write_formula(row, col, f"=SUMIF({key_range},A{row + 1},"
                                f"{money_range})", formats.get(**_MONEY))
    total = len(keys) + HEADER_ROWS  # 0-based row of the total: Excel total + 1
    write_cell(sheet, total, 0, t("costing.total_row", lang), formats, {"bold": True})
    for col, letter in ((2, "C"), (3, "D")):
        sheet.write_formula(total, col, f"=SUM({letter}{first}:{letter}{total})",
                            formats.get(bold=True, **_MONEY))
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 3, 18)


def write_budget_workbook(lines: pd.DataFrame, price_index: pd.DataFrame,
                          contingency_pct: float, target: Path | str, *,
                          about: Mapping[str, Any],
                          titles: Mapping[int, str] | pd.Series | None = None,
                          created: datetime | None = None, lang: str = "en") -> Path:
    """Write ``budget.xlsx`` atomically (see the module docstring).

    Parameters
    ----------
    lines : DataFrame
        ``budget_lines`` of the run (:data:`gcm_analysis.costing.
        BUDGET_LINE_COLUMNS`).
    price_index : DataFrame
        ``budget_price_index`` (``year, inflation_pct, price_index, source``).
    contingency_pct : float
        The plan's contingency rate (% of bottom-up costs).
    about : mapping
        Facts shown on the ``parameters`` sheet (country, currency, price year...).
    titles : mapping, optional
        Objective titles for the subtotal sheet.
    lang : str
        Language of the header labels, notes and coded values (``en``, ``fr``);
        the internal names (header row 2) and the formulas are the same in both.
    """
    with io.atomic_path(target) as tmp:
        workbook, formats = new_workbook(str(tmp), created or datetime(2000, 1, 1))
        formats.get(**_HEADER)
        rate_rows, index_rows = _write_inputs(workbook, formats, lines, price_index,
                                              contingency_pct, about, lang)
        last = _write_lines(workbook, formats, lines, rate_rows, index_rows, lang)
        objectives = sorted(int(v) for v in lines["objective_id"].dropna().unique())
        _write_totals(workbook, formats, "by_objective", "objective_id", objectives,
                      {} if titles is None else dict(titles), last, lang)
        years = sorted(int(v) for v in lines["year"].unique())
        _write_totals(workbook, formats, "by_year", "year", years, {}, last, lang)
        workbook.worksheets()[3].activate()  # open on the lines
        workbook.close()
    return Path(target)
