"""A plan as tables and back: the sheets a file holds, a blank template's sheets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..errors import InputError
from .sheets import (
    _EXTENSIONS,
    COST_LINES_SPEC,
    EXCHANGE_RATES_SPEC,
    INFLATION_RATES_SPEC,
    INTERVENTIONS_SPEC,
    PRIORITIES_SPEC,
    sheet_specs,
)
from .specs import SETTINGS_COLUMNS, Plan, SheetSpec
from .validation import validate_tables


def plan_from_tables(tables: Mapping[str, pd.DataFrame], source: str = "<tables>",
                     *, codes: Mapping[str, frozenset[str]] | None = None) -> Plan:
    """Validate sheet tables held in memory and return the plan.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        As returned by :func:`plan_to_tables` (settings as ``setting, value``).
    source : str
        Label used in problems.
    codes : mapping, optional
        Known codes (see :func:`gcm_analysis.plan.validate_tables`).

    Raises
    ------
    InputError
        Listing every problem.
    """
    plan, problems = validate_tables(tables, source, codes=codes)
    if problems or plan is None:
        raise InputError(problems, f"{source}: {len(problems)} problem(s)")
    return plan


def plan_to_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """Return the plan as the sheets a file holds (text yes/no, ISO dates).

    Derived columns are written back as they are, so reading the tables again
    gives the same plan.
    """
    settings = plan.settings
    values = {
        "country": settings.country,
        "plan_title": settings.plan_title or "",
        "reporting_currency": settings.reporting_currency,
        "base_year": settings.base_year,
        "horizon_years": settings.horizon_years,
        "contingency_pct": settings.contingency_pct,
        "inflation_pct": settings.inflation_pct,
        "is_illustrative": "yes" if settings.is_illustrative else "no",
    }
    tables = {"settings": _settings_table(values)}
    for spec in (INTERVENTIONS_SPEC, COST_LINES_SPEC, EXCHANGE_RATES_SPEC,
                 INFLATION_RATES_SPEC, PRIORITIES_SPEC):
        tables[spec.name] = _file_table(getattr(plan, spec.name), spec)
    for name, table in plan.extra_sheets.items():
        extension = _EXTENSIONS.get(name)
        tables[name] = _file_table(table, extension) if extension else table.copy()
    return tables


def _settings_table(values: Mapping[str, Any]) -> pd.DataFrame:
    rows = [(s.name, values.get(s.name, ""), s.unit, s.description)
            for s in SETTINGS_COLUMNS]
    return pd.DataFrame(rows, columns=["setting", "value", "unit", "description"])


def _file_table(table: pd.DataFrame, spec: SheetSpec) -> pd.DataFrame:
    out = {}
    for column in spec.columns:
        series = table[column.name] if column.name in table else pd.Series(
            pd.NA, index=table.index, dtype=object)
        if column.kind == "yesno":
            series = series.map(lambda v: "" if pd.isna(v) else ("yes" if v else "no"))
        elif column.kind == "date":
            series = pd.to_datetime(series).dt.strftime("%Y-%m-%d")
        elif column.kind in ("int", "number"):
            series = series.astype(object).where(series.notna(), None)
            if column.kind == "int":
                series = series.map(lambda v: None if v is None else int(v))
        out[column.name] = series.astype(object).where(series.notna(), None)
    return pd.DataFrame(out).reset_index(drop=True)



def template_tables(country: str | None = None) -> dict[str, pd.DataFrame]:
    """Return the sheets of a blank template as tables (settings with defaults)."""
    values = {"country": country or "", "contingency_pct": 10.0,
              "is_illustrative": "no"}
    tables = {"settings": _settings_table(values)}
    for spec in sheet_specs().values():
        if spec.name != "settings" and spec.in_template:
            tables[spec.name] = pd.DataFrame(columns=[c.name for c in spec.columns])
    return tables


def objective_ids_in(plan: Plan) -> list[int]:
    """Return the objectives the plan's interventions serve, sorted."""
    return sorted(int(v) for v in plan.interventions["objective_id"].dropna().unique())


def describe_columns(specs: Sequence[SheetSpec] | None = None,
                     lang: str = "en") -> pd.DataFrame:
    """Return one row per sheet column: what to enter, unit, allowed values.

    Used for the template's instructions sheet and for documentation; the
    words are in ``lang`` (sheet and column names are the plan's, never
    translated).
    """
    from ..i18n import t

    rows = []
    for spec in specs or list(sheet_specs().values()):
        columns = SETTINGS_COLUMNS if spec.name == "settings" else spec.columns
        for column in columns:
            rows.append({
                "sheet": spec.name,
                "column": column.name,
                "required": t("template.yes" if column.required else "template.no",
                              lang),
                "what_to_enter": column.description_in(spec.name, lang),
                "unit": column.unit_text(lang),
                "allowed": column.expected_text().render(lang),
            })
    return pd.DataFrame(rows)
