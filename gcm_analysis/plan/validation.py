"""Checking a whole plan: settings, every sheet in order, derived defaults."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from ..errors import Number, Problem, Text, msg, split_warnings
from ..rawsheet import RawSheet, column_letter
from .checks import (
    _header_names,
    _normalise_header,
    _note_problems,
    _reference_codes,
    _validate_sheet,
)
from .convert import _is_blank
from .sheets import _EXTENSIONS, sheet_specs
from .specs import (
    MAX_PROBLEMS_PER_KIND,
    SETTINGS_COLUMNS,
    SETTINGS_SPEC,
    TEMPLATE_SHEETS,
    Plan,
    PlanContext,
    PlanSettings,
    SheetSpec,
)
from .warnings import (
    far_date_warnings,
    hidden_cell_warnings,
    unknown_column_warnings,
    unknown_sheet_warnings,
)


def validate_sheet(
    spec: SheetSpec,
    table: RawSheet | pd.DataFrame,
    file: str = "<table>",
    settings: PlanSettings | None = None,
    tables: Mapping[str, pd.DataFrame] | None = None,
    *,
    codes: Mapping[str, frozenset[str]] | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert and check one sheet on its own (for extension modules and tests).

    Parameters
    ----------
    spec : SheetSpec
        The sheet's description.
    table : RawSheet or DataFrame
        The sheet as read; a DataFrame's first row is Excel row 2.
    file : str
        Label of the file, used in each problem.
    settings : PlanSettings, optional
        The plan's settings, for rules that need them.
    tables : mapping of str to DataFrame, optional
        Typed sheets already checked (e.g. ``interventions``), for cross-sheet rules.
    codes : mapping, optional
        Known codes (:func:`gcm_analysis.codes.reference_codes`); default
        read from the reference files.

    Returns
    -------
    typed : DataFrame
        One row per sheet row, typed, indexed by Excel row number.
    problems : list of Problem
        Errors only (the warnings of a whole plan come with
        :func:`validate_tables`).
    """
    raw, repeated = _as_raw(spec.name, table, file)
    result = _validate_sheet(spec, raw, file, PlanContext(settings, dict(tables or {})),
                             _reference_codes() if codes is None else codes)
    return result.typed, repeated + [p for p in result.problems if not p.is_warning]


def _settings_from_sheet(raw: RawSheet, file: str,
                         codes: Mapping[str, frozenset[str]]
                         ) -> tuple[PlanSettings | None, list[Problem], dict[str, Any]]:
    """Read the key/value settings sheet into :class:`PlanSettings`.

    Also returns the settings that are valid on their own (for the rules of
    other sheets when some setting has a problem).
    """
    frame = raw.frame
    names, repeated = _header_names(frame, file, "settings")
    if "setting" not in names or "value" not in names:
        missing = [c for c in ("setting", "value") if c not in names]
        return None, [Problem.of(msg("required_column_missing"), file=file,
                                 sheet="settings", row=1, column=c,
                                 expected=msg("column_named", column=c))
                      for c in missing], {}
    specs = {s.name: s for s in SETTINGS_COLUMNS}
    where: dict[str, int] = {}
    values: dict[str, Any] = {}
    problems, noted = _note_problems(raw, file, "settings", SETTINGS_SPEC.columns)
    problems = repeated + problems + unknown_column_warnings(
        file, "settings", raw, [c.name for c in SETTINGS_SPEC.columns], names
    ) + hidden_cell_warnings(file, "settings", raw)
    noted_rows = {row for row, _ in noted}
    for row, key, value in zip(frame.index, frame[names["setting"]],
                               frame[names["value"]], strict=True):
        name = _normalise_header(key) if not _is_blank(key) else ""
        if name not in specs:
            problems.append(Problem.of(
                msg("unknown_setting"), file=file, sheet="settings", row=int(row),
                column="setting", value=None if _is_blank(key) else key,
                expected=msg("expect.one_of", choices=", ".join(specs))))
            continue
        if name in where:
            problems.append(Problem.of(
                msg("setting_repeated", row=where[name]), file=file, sheet="settings",
                row=int(row), column="setting", value=key,
                expected=msg("setting_repeated.expected")))
            continue
        where[name] = int(row)
        values[name] = value
    # One wide row, validated with the same machinery as the tables; problems are
    # then moved back to the row where each setting was found.
    wide = pd.DataFrame({k: [values.get(k, "")] for k in specs}, dtype=object)
    sheet = SheetSpec("settings", "", SETTINGS_COLUMNS)
    letters = {k: raw.letters.get(names["value"], "B") for k in specs}
    shifted = RawSheet("settings", wide.set_axis([0]), letters)
    result = _validate_sheet(sheet, shifted, file, PlanContext(None, {}), codes)
    wrong = {p.column for p in result.problems}
    valid = {name: _plain(result.typed.iloc[0][name]) for name in specs
             if name not in wrong and not pd.isna(result.typed.iloc[0][name])}
    for p in result.problems + _share_like_settings(valid, file):
        row = where.get(p.column or "")
        if row in noted_rows:
            continue  # a formula without a result, reported above
        valid.pop(p.column or "", None)
        if row is None:
            problems.append(Problem.of(
                msg("setting_missing", setting=p.column), file=file, sheet="settings",
                column="setting", value=None,
                expected=msg("setting_missing.expected", setting=p.column,
                             expected=specs[p.column or ""].expected_text())))
            continue
        letter = raw.letters.get(names["value"], "B")
        text = msg("for_setting", message=_without_cell(p), setting=p.column,
                   cell=f"{letter}{row}")
        problems.append(replace(p, row=row, column="value",
                                message=text.render("en"), text=text))
    if any(not p.is_warning for p in problems):
        return None, problems, valid
    row0 = result.typed.iloc[0]
    settings = PlanSettings(
        country=str(row0["country"]),
        reporting_currency=str(row0["reporting_currency"]),
        base_year=int(row0["base_year"]),
        horizon_years=int(row0["horizon_years"]),
        contingency_pct=float(row0["contingency_pct"]),
        inflation_pct=float(row0["inflation_pct"]),
        plan_title=None if pd.isna(row0["plan_title"]) else str(row0["plan_title"]),
        is_illustrative=bool(row0["is_illustrative"]),
    )
    return settings, problems, valid  # warnings only


def _share_like_settings(values: Mapping[str, Any], file: str) -> list[Problem]:
    """Percentages typed as shares (10 % as 0.1): refused, since 0.1 % of
    contingency or inflation is never meant (type 0 for none)."""
    problems = []
    for name, below, example in (("contingency_pct", 1.0, 10),
                                 ("inflation_pct", 0.1, 2.5)):
        value = values.get(name)
        if value is not None and 0 < abs(float(value)) < below:
            problems.append(Problem.of(
                msg("share_not_percent", value=Number(float(value), "g")), file=file,
                sheet="settings", column=name, value=value,
                expected=msg("share_not_percent.expected", example=Number(example))))
    return problems


def _plain(value: Any) -> Any:
    """A numpy/pandas scalar as a plain Python value."""
    return value.item() if hasattr(value, "item") else value


def _empty_raw(name: str, spec: SheetSpec) -> RawSheet:
    frame = pd.DataFrame({c.name: pd.Series(dtype=object) for c in spec.columns})
    frame.index.name = "row"
    return RawSheet(name, frame, {})


def validate_tables(
    sheets: Mapping[str, RawSheet | pd.DataFrame], source: str = "<tables>",
    *, codes: Mapping[str, frozenset[str]] | None = None,
) -> tuple[Plan | None, list[Problem]]:
    """Validate plan sheets given as tables; return the plan and every problem.

    Parameters
    ----------
    sheets : mapping of str to RawSheet or DataFrame
        Sheet name -> raw table. A DataFrame's rows are numbered as in a file
        (first data row = row 2).
    source : str
        Label used as the ``file`` of each problem.
    codes : mapping, optional
        Known currency, country and cost-category codes
        (:func:`gcm_analysis.codes.reference_codes`, e.g. from a stage's
        declared inputs); default read from the reference files by
        :func:`gcm_analysis.reference.plan_codes`.

    Returns
    -------
    plan : Plan or None
        The typed plan, or ``None`` if there is any problem.
    problems : list of Problem
        Every problem in every sheet, in sheet order.
    """
    raw: dict[str, RawSheet] = {}
    problems: list[Problem] = []
    for name, table in sheets.items():
        if name not in TEMPLATE_SHEETS:
            raw[name], repeated = _as_raw(name, table, source)
            problems.extend(repeated)
    specs = sheet_specs()
    named_missing: set[str] = set()  # told already, by a "required sheet" error
    for spec in specs.values():
        if spec.required and spec.name not in raw:
            near = [n for n in raw if n not in specs
                    and _normalise_header(n) == spec.name]
            named_missing.update(near)
            problems.append(Problem.of(
                msg("required_sheet_missing"), file=source, sheet=spec.name,
                expected=msg("sheet_named_found", sheet=spec.name, found=near[0])
                if near else msg("sheet_named", sheet=spec.name)))
    refused_names = sheet_name_problems(source, [n for n in raw if n not in specs],
                                        [*specs, *sorted(TEMPLATE_SHEETS)])
    problems += refused_names
    named_missing.update(p.sheet for p in refused_names if p.sheet)
    codes = _reference_codes() if codes is None else codes
    settings = None
    values: dict[str, Any] = {}
    if "settings" in raw:
        settings, found, values = _settings_from_sheet(raw["settings"], source, codes)
        problems.extend(found)
    typed: dict[str, pd.DataFrame] = {}
    order = ["exchange_rates", "inflation_rates", "interventions", "cost_lines",
             "priorities"] + list(_EXTENSIONS)
    for name in order:
        spec = specs[name]
        sheet_raw = raw.get(name)
        if sheet_raw is None:  # absent: reported above if required
            spec = replace(spec, min_rows=0)
            sheet_raw = _empty_raw(name, spec)
        result = _validate_sheet(spec, sheet_raw, source,
                                 PlanContext(settings, typed, values), codes)
        typed[name] = result.typed
        problems.extend(result.problems)
    problems += unknown_sheet_warnings(
        source, [n for n in raw if n not in specs and n not in named_missing],
        list(specs), [n for n in specs if n not in raw])
    if settings is not None:
        years = settings.years + [int(y) for y in
                                  typed["cost_lines"]["price_year"].dropna()]
        problems += far_date_warnings(source, typed["exchange_rates"], years)
    errors, warnings = split_warnings(_cap_problems(problems))
    if errors or settings is None:
        return None, errors + warnings
    extra = {name: typed[name].reset_index(drop=True) for name in _EXTENSIONS}
    for name, sheet in raw.items():
        if name not in specs:
            extra[name] = sheet.frame.reset_index(drop=True)
    plan = Plan(
        settings=settings,
        interventions=typed["interventions"].reset_index(drop=True),
        cost_lines=_complete_cost_lines(typed["cost_lines"], typed["interventions"]),
        exchange_rates=typed["exchange_rates"].reset_index(drop=True),
        inflation_rates=typed["inflation_rates"].reset_index(drop=True),
        priorities=typed["priorities"].reset_index(drop=True),
        extra_sheets=extra,
        source=source,
        warnings=tuple(warnings),
    )
    return plan, []


_SHEET_NAME_CHARS = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31
"""Excel's limit on a sheet name (UTF-16 code units)."""


def sheet_name_problems(file: str, extra: list[str], product: list[str]
                        ) -> list[Problem]:
    """Errors for sheets of the user's own (``extra``) whose names the run could
    not write into its copy of the plan (``plan.xlsx``): longer than 31
    characters, with a character Excel refuses, or equal, case ignored, to a
    sheet the product writes (``product``) or to another sheet of the plan.

    A sheet's name only reaches these limits in a CSV folder (file stems) or a
    workbook written by a program that does not check them; Excel itself
    refuses them. They are refused here, before a run, rather than by the run.
    """
    problems: list[Problem] = []
    taken = {name.lower(): name for name in product}
    for name in extra:
        expected = msg("sheet_name.expected")
        length = len(name.encode("utf-16-le")) // 2
        if length > MAX_SHEET_NAME:
            problems.append(Problem.of(
                msg("sheet_name.too_long", count=length), file=file, sheet=name,
                value=name, expected=expected))
        elif _SHEET_NAME_CHARS.search(name) or name.startswith("'") \
                or name.endswith("'") or name.lower() == "history":
            problems.append(Problem.of(
                msg("sheet_name.refused"), file=file, sheet=name, value=name,
                expected=expected))
        elif name.lower() in taken:
            other = taken[name.lower()]
            kind = "sheet_name.product" if other in product else "sheet_name.other"
            if other in product and other not in TEMPLATE_SHEETS:
                kind = "sheet_name.product_rename"
            problems.append(Problem.of(
                msg(kind, other=other), file=file, sheet=name, value=name,
                expected=expected))
        taken.setdefault(name.lower(), name)
    return problems


def _cap_problems(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_KIND
                  ) -> list[Problem]:
    """Keep the first ``limit`` problems of each kind (sheet, column, message) and
    count the rest in one line: 50,000 identical mistakes stay readable."""
    seen: dict[tuple[Any, ...], list[Problem]] = {}
    kept: list[Problem] = []
    for problem in problems:
        kind = (problem.file, problem.sheet, problem.column, _without_cell(problem),
                problem.severity)
        group = seen.setdefault(kind, [])
        group.append(problem)
        if len(group) <= limit:
            kept.append(problem)
    for (file, sheet, column, message, severity), group in seen.items():
        if len(group) > limit:
            rest = group[limit:]
            rows = [p.row for p in rest if p.row is not None]
            text = msg("more_cells_rows", count=Number(len(rest)), message=message,
                       first=min(rows), last=max(rows)) if rows else \
                msg("more_cells", count=Number(len(rest)), message=message)
            first = group[0]
            kept.append(Problem.of(
                text, file=file, sheet=sheet, column=column, severity=severity,
                expected=first.expected_text or first.expected))
    return kept


def _without_cell(problem: Problem) -> Text | str:
    """The problem's message without its "(cell B4)" (a :class:`Text` when the
    problem has its catalogue key)."""
    text = problem.text
    if text is None:
        return re.sub(r" \(cell [A-Z]+\d+\)$", "", problem.message)
    if text.key == "problem.in_cell":
        return text.values["message"]  # type: ignore[no-any-return]
    return text


def _as_raw(name: str, table: RawSheet | pd.DataFrame, file: str = "<table>"
            ) -> tuple[RawSheet, list[Problem]]:
    """A table as a :class:`RawSheet` (a DataFrame's first row is row 2);
    a column name given twice is a problem (the first column is kept)."""
    if isinstance(table, RawSheet):
        return table, []
    problems = [Problem.of(msg("column_name_repeated"), file=file, sheet=name, row=1,
                           column=str(column), value=str(column),
                           expected=msg("each_column_once"))
                for column in table.columns[table.columns.duplicated()].unique()]
    table = table.loc[:, ~table.columns.duplicated()]
    frame = table.astype(object).set_axis(range(2, len(table) + 2))
    frame = frame.where(frame.notna(), "")
    frame.index.name = "row"
    letters = {c: column_letter(j) for j, c in enumerate(frame.columns)}
    return RawSheet(name, frame, letters), problems


def _complete_cost_lines(lines: pd.DataFrame, interventions: pd.DataFrame
                         ) -> pd.DataFrame:
    """Fill the blanks that have documented defaults (ids, years, ministry, ranges)."""
    spans = interventions.drop_duplicates("intervention_id").set_index(
        "intervention_id")
    out = lines.reset_index(drop=True)
    start = out["intervention_id"].map(spans["start_year"]).astype("Int64")
    end = out["intervention_id"].map(spans["end_year"]).astype("Int64")
    first = out["first_year"].astype("Int64").fillna(start)
    last = out["last_year"].astype("Int64").fillna(end)
    last = last.where(out["cost_type"] != "start_up", first)
    ministry = out["ministry"].astype("string").fillna(
        out["intervention_id"].map(spans["lead_ministry"]).astype("string"))
    counter = out.groupby("intervention_id", sort=False).cumcount() + 1
    generated = out["intervention_id"] + "-" + counter.map(lambda k: f"{k:02d}")
    line_id = out["line_id"].astype("string").fillna(generated.astype("string"))
    duplicated = line_id.duplicated(keep="first")
    line_id = line_id.where(~duplicated, line_id + "-" + (out.index + 1).astype(str))
    return out.assign(
        line_id=line_id,
        first_year=first,
        last_year=last,
        ministry=ministry,
        quantity_per_year_low=out["quantity_per_year_low"].astype("Float64").fillna(
            out["quantity_per_year"]),
        quantity_per_year_high=out["quantity_per_year_high"].astype("Float64").fillna(
            out["quantity_per_year"]),
        unit_cost_low=out["unit_cost_low"].astype("Float64").fillna(
            out["unit_cost_likely"]),
        unit_cost_high=out["unit_cost_high"].astype("Float64").fillna(
            out["unit_cost_likely"]),
    )
