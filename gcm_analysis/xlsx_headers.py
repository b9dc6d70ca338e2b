"""Column headers of ``tables.xlsx`` in the run's language.

A run's tables keep their internal column names (``cost_amount``,
``secured_share``...): the CSV files, the code and the tests use them. In
``tables.xlsx`` each sheet shows two header rows
(:func:`gcm_analysis.xlsx.write_tables_xlsx`):

1. the column's label in the run's language (:func:`column_label`), what a
   finance officer reads and filters on;
2. the internal name, what a developer or a script reads
   (``pandas.read_excel(path, sheet_name=name, header=1)`` gives back the CSV's
   columns).

and the ``columns`` sheet lists every column of every sheet with its label and
unit (:func:`column_unit`).

Labels are catalogue entries: ``xlsx.col.<column>``, else the generic table
label ``col.<column>`` where one exists (the needs and profile tables' headers,
which mean the same). A column with neither keeps its internal name as its label;
``tests/test_xlsx_headers.py`` fails when a column of the session's runs has no
label in both languages.

The Excel number format of a column (:func:`number_format`) is here too, with the
labels and units: what a column holds, in one place; :mod:`gcm_analysis.xlsx`
writes the cells.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import i18n

# Excel number formats by what a column holds (used by every workbook we write)
MONEY_FORMAT = "#,##0"
PCT_FORMAT = "0.0"
SHARE_FORMAT = "0.0%"
DECIMAL_FORMAT = "#,##0.00"
INT_FORMAT = "0"


def number_format(column: str, series: pd.Series) -> str | None:
    """The Excel number format for a column, from its name suffix and dtype."""
    name = column.lower()
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return None
    if name.endswith("_share") or name == "likelihood":
        return SHARE_FORMAT
    if name.endswith("_pct") or name.endswith("_pp"):
        return PCT_FORMAT
    if name.endswith("_year") or name in ("year", "objective_id", "rank", "price_year"):
        return INT_FORMAT
    if any(token in name for token in ("usd", "amount", "cost", "gap", "funded",
                                       "value", "p10", "p50", "p90")):
        return MONEY_FORMAT
    if pd.api.types.is_integer_dtype(series):
        return INT_FORMAT
    return DECIMAL_FORMAT


#: catalogue prefixes searched for a column's label, in order
LABEL_PREFIXES = ("xlsx.col.", "col.")


def label_key(column: str, lang: str = "en") -> str | None:
    """The catalogue key that labels ``column`` (None when there is none)."""
    messages = i18n.catalogue(lang)
    return next((prefix + column for prefix in LABEL_PREFIXES
                 if prefix + column in messages), None)


def column_label(column: str, lang: str = "en") -> str:
    """``column``'s label in ``lang``; its internal name when it has none.

    Examples
    --------
    >>> column_label("cost_amount", "fr"), column_label("need_score", "en")
    ('Coût', 'Need score')
    >>> column_label("no_such_column", "fr")
    'no_such_column'
    """
    key = label_key(column, lang)
    return i18n.t(key, lang) if key is not None else column


def unlabelled(columns: Iterable[str]) -> list[str]:
    """The ``columns`` with no label in some language, sorted."""
    return sorted({c for c in columns for lang in i18n.LANGUAGES
                   if label_key(c, lang) is None})


#: money columns whose name does not end in ``amount`` (budget uncertainty and
#: cost drivers: totals in the table's currency)
_MONEY_NAMES = ("mean", "deterministic", "p10", "p50", "p90", "total_low",
                "total_likely", "total_high", "swing")


def column_unit(column: str, frame: pd.DataFrame, currency: str,
                lang: str = "en") -> str:
    """The unit of ``column`` as its name says (``""`` when it says nothing): an
    amount is in the table's ``currency`` column (its one value, else "see
    column currency"), or the run's ``currency`` when the table has none;
    ``*_usd`` in USD; a unit cost in ``unit_cost_currency``; ``value`` beside a
    ``unit`` column in that column's unit; ``*_share`` a share from 0 to 1 (shown
    as a percentage); ``*_pct`` a percentage; year columns a calendar year.

    Examples
    --------
    >>> frame = pd.DataFrame({"gap_amount": [1.0], "currency": ["EUR"]})
    >>> column_unit("gap_amount", frame, "USD"), column_unit("currency", frame, "USD")
    ('EUR', '')
    """
    name = column.lower()
    numeric = number_format(column, frame[column]) is not None
    if not numeric:
        return ""
    if number_format(column, frame[column]) == SHARE_FORMAT:
        return i18n.t("xlsx.unit.share", lang)
    if name.endswith("_pct"):
        return i18n.t("xlsx.unit.pct", lang)
    if name.endswith("_year") or name in ("year", "price_year"):
        return i18n.t("xlsx.unit.year", lang)
    if name.endswith("_usd"):
        return "USD"
    if name == "unit_cost" and "unit_cost_currency" in frame:
        return i18n.t("xlsx.unit.see_column", lang, column="unit_cost_currency")
    if name == "value" and "unit" in frame:
        return i18n.t("xlsx.unit.see_column", lang, column="unit")
    if "amount" in name or name in _MONEY_NAMES:
        if "currency" not in frame:
            return currency
        found = frame["currency"].dropna().unique()
        if len(found) == 1:
            return str(found[0])
        return i18n.t("xlsx.unit.see_column", lang, column="currency")
    return ""
