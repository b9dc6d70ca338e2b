"""Warnings: what in a plan is not used or looks wrong, without stopping a run.

Each warning is a located :class:`~gcm_analysis.errors.Problem` with
``severity="warning"``: a column or sheet the product does not use (with "did
you mean ..." for near misses, so a misspelt ``unit_cost_hihg`` or a sheet
named ``Funding`` is not dropped without a word), rows and columns hidden in
Excel (read like any other), and exchange rates dated far from the plan's
years. ``--strict`` makes them errors. No file access.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from ..errors import Problem, msg
from ..rawsheet import RawSheet

FAR_YEARS = 5
"""A dated rate more than this many years away from every year the plan uses (its
horizon and its price years) is reported: a rate of 1900 for 2025 costs is a
typing mistake or a stale table, and moves every converted amount."""


def _key(name: Any) -> str:
    return "_".join(str(name).strip().lower().split())


def near_miss(name: Any, candidates: Iterable[str]) -> str | None:
    """The candidate ``name`` most likely stands for (case, spaces and small
    typing mistakes ignored), or None.

    >>> near_miss("unit_cost_hihg", ["unit_cost_low", "unit_cost_high"])
    'unit_cost_high'
    >>> near_miss("Inflation_Rates", ["inflation_rates", "funding"])
    'inflation_rates'
    >>> near_miss("remarks", ["funding", "priorities"]) is None
    True
    """
    options = {_key(c): c for c in candidates}
    key = _key(name)
    if key in options:
        return options[key]
    close = difflib.get_close_matches(key, list(options), n=1, cutoff=0.8)
    return options[close[0]] if close else None


def unknown_column_warnings(file: str, sheet: str, raw: RawSheet,
                            known: Iterable[str], present: Mapping[str, Any]
                            ) -> list[Problem]:
    """A warning for each column of ``raw`` that is not one of ``known``.

    ``present`` maps the known names found to their headers: a near miss that
    duplicates a column already present is still reported, without advice to
    rename it.
    """
    names = list(known)
    out = []
    for header in raw.frame.columns:
        if _key(header) in names:
            continue
        guess = near_miss(header, [n for n in names if n not in present])
        hint = msg("unused_column.did_you_mean", guess=guess) if guess else \
            msg("unused_column.expected", columns=", ".join(names))
        letter = raw.letters.get(header)
        out.append(Problem.of(
            msg("unused_column.letter", letter=letter) if letter
            else msg("unused_column"),
            file=file, sheet=sheet, row=1, column=str(header), value=str(header),
            severity="warning", expected=hint))
    return out


def unknown_sheet_warnings(file: str, sheets: Iterable[str], known: Iterable[str],
                           missing: Iterable[str]) -> list[Problem]:
    """A warning for each sheet that is not a plan sheet (kept as it is), with a
    near miss among the ``missing`` plan sheets when there is one."""
    names = list(known)
    absent = list(missing)
    out = []
    for sheet in sheets:
        if sheet in names:
            continue
        guess = near_miss(sheet, absent)
        if guess is not None:
            message = msg("unused_sheet.did_you_mean", guess=guess)
            expected = msg("unused_sheet.did_you_mean.expected", guess=guess)
        else:
            message = msg("unused_sheet")
            expected = msg("unused_sheet.expected", sheets=", ".join(names))
        out.append(Problem.of(message, file=file, sheet=sheet, value=sheet,
                              expected=expected, severity="warning"))
    return out


def hidden_cell_warnings(file: str, sheet: str, raw: RawSheet) -> list[Problem]:
    """A warning for a hidden sheet, each hidden row that holds data and each
    hidden column with a header: Excel does not show them, the product reads
    them."""
    out = []
    if raw.is_hidden:
        out.append(Problem.of(
            msg("hidden_sheet"), file=file, sheet=sheet, severity="warning",
            expected=msg("hidden_sheet.expected")))
    rows = set(raw.frame.index)
    for row in raw.hidden_rows:
        if row in rows:
            out.append(Problem.of(
                msg("hidden_row"), file=file, sheet=sheet, row=row,
                severity="warning", expected=msg("hidden_row.expected")))
    letters = {letter: header for header, letter in raw.letters.items()}
    for letter in raw.hidden_columns:
        if letter in letters:
            out.append(Problem.of(
                msg("hidden_column", letter=letter), file=file, sheet=sheet, row=1,
                column=str(letters[letter]), severity="warning",
                expected=msg("hidden_column.expected")))
    return out


def far_date_warnings(file: str, rates: pd.DataFrame, years: Iterable[int]
                      ) -> list[Problem]:
    """A warning for each exchange rate dated more than :data:`FAR_YEARS` years
    from every year in ``years`` (the plan's horizon and its price years).

    ``rates`` is the typed ``exchange_rates`` sheet, indexed by Excel row.
    """
    used = sorted({int(y) for y in years})
    if rates.empty or not used or "rate_date" not in rates:
        return []
    shown = f"{used[0]}-{used[-1]}" if len(used) > 1 else str(used[0])
    out = []
    for row, when in rates["rate_date"].items():
        if pd.isna(when):
            continue
        year = int(pd.Timestamp(when).year)
        distance = min(abs(year - y) for y in used)
        if distance > FAR_YEARS:
            out.append(Problem.of(
                msg("far_rate", distance=distance, years=shown),
                file=file, sheet="exchange_rates", row=int(row), column="rate_date",
                value=pd.Timestamp(when).date().isoformat(), severity="warning",
                expected=msg("far_rate.expected", limit=FAR_YEARS, years=shown)))
    return out


_FREE_FORM = ("has values but no header", "column name repeated")


def free_form_sheet_warnings(problems: list[Problem], known: Iterable[str]
                             ) -> list[Problem]:
    """``problems`` with the header problems of sheets that are not plan sheets
    made warnings: such a sheet (notes, a cover page) is kept as found and need
    not be a table; only a column without a header, or a repeated one, is left
    out of the copy a run keeps (``plan.xlsx``), and the warning says so."""
    from dataclasses import replace

    names = set(known)
    out = []
    for problem in problems:
        if problem.sheet is not None and problem.sheet not in names and any(
                mark in problem.message for mark in _FREE_FORM):
            expected = msg("free_form.expected", expected=problem.expected_text
                           or str(problem.expected))
            problem = replace(problem, severity="warning",
                              expected=expected.render("en"), expected_text=expected)
        out.append(problem)
    return out
