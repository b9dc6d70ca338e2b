"""Checking one sheet: conversion, pandera schema, located problems."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Number, Problem, Text, msg
from ..rawsheet import EXCEL_ERRORS, RawSheet
from .convert import _convert, _has_percent_sign, _is_blank
from .specs import (
    _CONTROL_CHARS,
    _ID_PATTERN,
    _STRING_KINDS,
    TEXT_MAX_CHARS,
    ColumnSpec,
    PlanContext,
    Rule,
    SheetSpec,
)
from .warnings import hidden_cell_warnings, unknown_column_warnings


# ------------------------------------------------------------------ validation
def _column_checks(spec: ColumnSpec, codes: Mapping[str, frozenset[str]]) -> list[Any]:
    import pandera.pandas as pa

    token = f"col:{spec.name}"
    checks = []
    if spec.kind in ("int", "number") and (spec.minimum is not None
                                           or spec.maximum is not None):
        low = -np.inf if spec.minimum is None else spec.minimum
        high = np.inf if spec.maximum is None else spec.maximum
        checks.append(pa.Check(lambda s, lo=low, hi=high: s.isna() | s.between(lo, hi),
                               error=f"{token}:range"))
    elif spec.kind == "choice":
        allowed = codes.get(spec.name, frozenset(spec.choices))
        checks.append(pa.Check(lambda s, a=allowed: s.isna() | s.isin(a),
                               error=f"{token}:choice"))
    elif spec.kind == "id":
        checks.append(pa.Check(
            lambda s: s.isna() | s.str.fullmatch(_ID_PATTERN).fillna(False),
            error=f"{token}:pattern"))
    elif spec.kind in ("currency", "iso3"):
        known = codes.get(spec.kind)
        checks.append(pa.Check(
            lambda s, k=known: s.isna() | (s.str.fullmatch(r"[A-Z]{3}").fillna(False)
                                           & (s.isin(k) if k else True)),
            error=f"{token}:code"))
    return checks


_MESSAGES = {  # catalogue keys problem.check.<name>
    "range": msg("check.range"),
    "choice": msg("check.choice"),
    "pattern": msg("check.pattern"),
    "code": msg("check.code"),
}
_CONVERSION_MESSAGES = {  # catalogue keys problem.convert.<kind>
    kind: msg(f"convert.{kind}") for kind in ("int", "number", "yesno", "date",
                                             "principles")}


def _schema(sheet: SheetSpec, present: list[str], rules: list[Rule],
            codes: Mapping[str, frozenset[str]]) -> Any:
    import pandera.pandas as pa

    columns = {}
    for spec in sheet.columns:
        if spec.name not in present:
            continue
        columns[spec.name] = pa.Column(
            checks=_column_checks(spec, codes),
            nullable=not spec.required,
            unique=spec.unique,
            required=True,
        )
    frame_checks = [pa.Check(_passing(rule.test), error=f"rule:{rule.name}")
                    for rule in rules]
    unique = [c for c in sheet.unique_together if c in present] or None
    return pa.DataFrameSchema(columns, checks=frame_checks, unique=unique,
                              report_duplicates="all")


def _passing(test: Callable[[pd.DataFrame], pd.Series]
             ) -> Callable[[pd.DataFrame], pd.Series]:
    """Wrap a rule so that an undecidable row (NA) passes."""
    def check(frame: pd.DataFrame) -> pd.Series:
        return test(frame).astype("boolean").fillna(True).astype(bool)
    return check


@dataclass
class _SheetResult:
    typed: pd.DataFrame
    problems: list[Problem]


def _validate_sheet(
    sheet: SheetSpec,
    raw: RawSheet,
    file: str,
    context: PlanContext,
    codes: Mapping[str, frozenset[str]],
) -> _SheetResult:
    """Convert and check one sheet; return the typed table and its problems."""
    import pandera.pandas as pa

    frame = raw.frame
    names, problems = _header_names(frame, file, sheet.name)
    if len(frame) < sheet.min_rows:
        problems.append(Problem.of(
            msg("no_data_rows"), file=file, sheet=sheet.name,
            expected=msg("no_data_rows.expected", count=Number(sheet.min_rows))))
    for spec in sheet.columns:
        if spec.required and spec.name not in names:
            problems.append(Problem.of(
                msg("required_column_missing"), file=file, sheet=sheet.name, row=1,
                column=spec.name, expected=msg("column_named", column=spec.name)))
    problems += unknown_column_warnings(file, sheet.name, raw,
                                        [c.name for c in sheet.columns], names)
    problems += hidden_cell_warnings(file, sheet.name, raw)
    typed_cols: dict[str, pd.Series] = {}
    bad_cells: set[tuple[int, str]] = set()
    found, noted = _note_problems(raw, file, sheet.name, sheet.columns)
    problems.extend(found)
    bad_cells |= noted
    for spec in sheet.columns:
        original = names.get(spec.name)
        if original is None:  # absent optional column: blanks of the right type
            blank = pd.Series("", index=frame.index, dtype=object)
            typed_cols[spec.name] = _convert(blank, spec)[0]
            continue
        column = frame[original]
        flagged = _cell_flags(column, spec)
        if flagged:  # reported here; converted as blanks
            column = column.where(~column.index.isin(list(flagged)), "")
            for row, (message, expected) in flagged.items():
                bad_cells.add((row, spec.name))
                problems.append(_problem(file, sheet, raw, spec, row, original,
                                         message, expected))
        typed, bad = _convert(column, spec)
        typed_cols[spec.name] = typed
        for row in frame.index[bad.to_numpy()]:
            bad_cells.add((row, spec.name))
            message = _conversion_message(spec, frame.at[row, original])
            problems.append(_problem(file, sheet, raw, spec, row, original, message))
    typed_frame = pd.DataFrame(typed_cols, index=frame.index)
    present = [s.name for s in sheet.columns if s.name in names]
    rules = list(sheet.rules(context)) if sheet.rules else []
    schema = _schema(sheet, present, rules, codes)
    # Cells that failed conversion are already reported: blank them for the checks.
    checked = typed_frame.copy()
    for name in {column for _, column in bad_cells}:
        rows = [row for row, column in bad_cells if column == name]
        checked[name] = checked[name].mask(checked.index.isin(rows))
    try:
        schema.validate(checked, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems.extend(_schema_problems(errors.failure_cases, file, sheet, raw, names,
                                         rules, bad_cells))
    order = {c.name: i for i, c in enumerate(sheet.columns)}
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column or "", -1)))
    return _SheetResult(typed=typed_frame, problems=problems)


def _normalise_header(text: Any) -> str:
    return re.sub(r"\s+", "_", str(text).strip().lower())


def _header_names(frame: pd.DataFrame, file: str, sheet: str
                  ) -> tuple[dict[str, Any], list[Problem]]:
    """Map normalised column names to the frame's columns; a name that repeats
    once normalised (``Title`` and ``title``) is a problem and the first wins."""
    names: dict[str, Any] = {}
    problems: list[Problem] = []
    for column in frame.columns:
        key = _normalise_header(column)
        if key in names:
            problems.append(Problem.of(
                msg("column_name_repeated_pair", first=str(names[key]),
                    second=str(column)),
                file=file, sheet=sheet, row=1, column=key, value=str(column),
                expected=msg("each_column_once")))
            continue
        names[key] = column
    return names, problems


def _note_problems(raw: RawSheet, file: str, sheet: str,
                   columns: Sequence[ColumnSpec]) -> tuple[list[Problem],
                                                          set[tuple[int, str]]]:
    """Problems for formula cells without a result and merged cells (from
    :attr:`RawSheet.notes`); returns them and the cells they make bad."""
    known = {c.name for c in columns}
    problems: list[Problem] = []
    bad: set[tuple[int, str]] = set()
    for note in raw.notes:
        column = _normalise_header(note.column)
        if note.kind == "formula" and column in known:
            bad.add((note.row, column))
            problems.append(Problem.of(
                msg("formula_no_result", cell=f"{note.letter}{note.row}"),
                file=file, sheet=sheet, row=note.row, column=column, value=note.text,
                expected=msg("formula_no_result.expected")))
        elif note.kind == "merged" and (note.row == 1 or column in known):
            header = note.row == 1
            kind = "merged_header" if header else "merged"
            problems.append(Problem.of(
                msg(kind, cells=note.text), file=file, sheet=sheet, row=note.row,
                column=column if column in known else note.letter, value=note.text,
                expected=msg(f"{kind}.expected")))
    return problems, bad


_ERROR_VALUE = (msg("excel_error"), msg("excel_error.expected"))


def _cell_flags(column: pd.Series, spec: ColumnSpec
                ) -> dict[int, tuple[Text, Text | None]]:
    """Cells refused before conversion, each with its message and expectation:
    Excel error values in any column; control characters and over-long text in
    text columns."""
    is_text = column.map(type).eq(str).to_numpy(dtype=bool)
    if not is_text.any():
        return {}
    text = column[is_text].astype(str)
    flags: dict[int, tuple[Text, Text | None]] = {}
    for row in text.index[text.str.strip().isin(EXCEL_ERRORS).to_numpy()]:
        flags[row] = _ERROR_VALUE
    if spec.kind not in _STRING_KINDS:
        return flags
    for row in text.index[text.str.contains(_CONTROL_CHARS).to_numpy(dtype=bool)]:
        if row not in flags:
            char = _CONTROL_CHARS.search(text[row]).group()  # type: ignore[union-attr]
            flags[row] = (msg("control_char", code=f"U+{ord(char):04X}"),
                          msg("control_char.expected"))
    limit = spec.max_length or TEXT_MAX_CHARS
    lengths = text.str.strip().str.len()
    for row in text.index[(lengths > limit).to_numpy(dtype=bool)]:
        flags.setdefault(row, (msg("text_too_long", count=Number(int(lengths[row]))),
                               msg("text_too_long.expected", count=Number(limit))))
    return flags


def _conversion_message(spec: ColumnSpec, value: Any) -> Text:
    """The message for a cell that could not be converted, with a hint when the
    likely cause is known (a date in a year column, a decimal comma...)."""
    message = _CONVERSION_MESSAGES.get(spec.kind, msg("invalid_value"))

    def hinted(hint: str) -> Text:
        return msg("with_hint", message=message, hint=msg(f"hint.{hint}"))

    if spec.kind in ("int", "number"):
        if isinstance(value, datetime | date):
            return hinted("date_year" if spec.unit == "year" else "date")
        if isinstance(value, bool):
            return hinted("bool")
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if _has_percent_sign(value) and (spec.kind == "int"
                                         or spec.percent_sign == "refused"):
            return hinted("percent_count" if spec.kind == "int" else "percent_amount")
        if "," in text and re.fullmatch(r"[-+]?[\d.,]*\d%?", text):
            return hinted("decimal_comma")
        try:
            if not np.isfinite(float(text.rstrip("%"))):
                return hinted("not_finite")
        except ValueError:
            pass
    if spec.kind == "date" and isinstance(value, int | float) \
            and not isinstance(value, bool):
        return hinted("date_serial")
    return message


def _problem(file: str, sheet: SheetSpec, raw: RawSheet, spec: ColumnSpec,
             row: int | None, original: str | None, message: Text,
             expected: Text | str | None = None) -> Problem:
    value = None
    if row is not None and original is not None and row in raw.frame.index:
        value = raw.frame.at[row, original]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        if _is_blank(value):
            value = None
        elif isinstance(value, str) and len(value) > 80:  # keep messages readable
            value = f"{value[:60]}... ({len(value):,} characters)"
    if row is not None and original in raw.letters:
        message = msg("in_cell", message=message, cell=f"{raw.letters[original]}{row}")
    return Problem.of(message, file=file, sheet=sheet.name, row=row,
                      column=spec.name, value=value,
                      expected=expected or spec.expected_text())


def _schema_problems(failures: pd.DataFrame, file: str, sheet: SheetSpec,
                     raw: RawSheet, names: Mapping[str, str], rules: list[Rule],
                     bad_cells: set[tuple[int, str]]) -> list[Problem]:
    problems: list[Problem] = []
    by_rule = {f"rule:{r.name}": r for r in rules}
    seen: set[tuple[Any, str, Text]] = set()
    expected: Text | str | None
    # Column checks first: a cell with a bad value is not also blamed by a rule.
    is_rule = failures["check"].astype(str).isin(list(by_rule))
    failures = pd.concat([failures[~is_rule], failures[is_rule]])
    blamed: set[tuple[int | None, str]] = set(bad_cells)
    for context, check, column, index in zip(
        failures["schema_context"].astype(str), failures["check"].astype(str),
        failures["column"], failures["index"], strict=True,
    ):
        row = None if index is None or pd.isna(index) else int(index)
        if context == "DataFrameSchema" and "uniqueness" in check:
            continue  # reported once per row by _duplicate_key_problems
        if check in by_rule:
            rule = by_rule[check]
            if row is None:  # the rule itself failed: a bug, not a user's mistake
                raise RuntimeError(f"plan rule {rule.name!r} on sheet {sheet.name!r} "
                                   f"could not run: {_failure_case(failures, check)}")
            column, message, expected = rule.column, rule.message, rule.expected
        else:
            column = str(column)
            if column not in names and column not in {s.name for s in sheet.columns}:
                continue  # frame-level duplicates are reported per column below
            message, expected = _check_message(check)
        if check in by_rule and (row, column) in blamed:
            continue
        if row is not None and (row, column) in bad_cells:
            continue
        key = (row, column, message)
        if key in seen:
            continue
        seen.add(key)
        blamed.add((row, column))
        spec = sheet.column(column)
        problems.append(_problem(file, sheet, raw, spec, row, names.get(column),
                                 message, expected))
    if sheet.unique_together:
        problems.extend(_duplicate_key_problems(failures, file, sheet, raw, names,
                                                seen))
    return problems


def _check_message(check: str) -> tuple[Text, Text | None]:
    """The message and expectation for a failed column check (``check``)."""
    if check.startswith("col:"):
        return _MESSAGES.get(check.rsplit(":", 1)[-1], msg("invalid_value")), None
    if check == "not_nullable":
        return msg("value_missing"), None
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        return msg("value_repeated"), msg("value_repeated.expected")
    return msg("failed_check", check=check), None


def _failure_case(failures: pd.DataFrame, check: str) -> str:
    """Return the first failure case of ``check`` (for error messages)."""
    cases = failures.loc[failures["check"].astype(str) == check, "failure_case"]
    return str(cases.iloc[0]) if len(cases) else ""


def _duplicate_key_problems(failures: pd.DataFrame, file: str, sheet: SheetSpec,
                            raw: RawSheet, names: Mapping[str, str],
                            seen: set[tuple[Any, str, Text]]) -> list[Problem]:
    mask = failures["check"].astype(str).str.contains("uniqueness") & (
        failures["schema_context"].astype(str) == "DataFrameSchema")
    rows = sorted({int(i) for i in failures.loc[mask, "index"].dropna()})
    column = sheet.unique_together[-1]
    out = []
    for row in rows:
        key = (row, column, msg("combination_repeated"))
        if key in seen:
            continue
        seen.add(key)
        out.append(_problem(
            file, sheet, raw, sheet.column(column), row, names.get(column),
            msg("combination_repeated"),
            msg("combination_repeated.expected",
                columns=", ".join(sheet.unique_together))))
    return out


def _reference_codes() -> dict[str, frozenset[str]]:
    """The codes read from the reference files (callers outside a stage)."""
    from ..reference import plan_codes

    return plan_codes()
