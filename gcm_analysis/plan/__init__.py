"""A country's GCM implementation plan: sheets, validation, template, import.

A plan is one workbook (or a folder of CSV files, one per sheet):

``settings``
    One row per setting: country, reporting currency, base year, horizon,
    contingency %, default inflation %.
``interventions``
    What the plan will do, one row per intervention, under one GCM objective.
``cost_lines``
    The inputs each intervention needs: quantity per year times unit cost
    (low / likely / high), with currency, price year and source.
``exchange_rates``, ``inflation_rates``
    The dated rates the costing uses (they belong to the settings; each is a
    table, so each has its own sheet).
``priorities`` (optional)
    Stakeholder priority and feasibility per objective (0-3), for selection.

Later modules add sheets (``funding``, ``assessment``) by registering a
:class:`SheetSpec` with :func:`register_sheet`; sheets nobody registered are kept
as they are in :attr:`Plan.extra_sheets`.

One description per column (:class:`ColumnSpec`) drives the template (drop-downs,
comments, instructions), the type conversion and the pandera schema, so the three
cannot disagree. Validation collects every problem in every sheet before it
reports, each one located (file, sheet, Excel row, column, value, expected).

The package is split along those lines: :mod:`.specs` (column and sheet
descriptions, settings, :class:`Plan`), :mod:`.sheets` (the core sheets and the
registry), :mod:`.convert` (cell values to types), :mod:`.checks` and
:mod:`.validation` (problems, located), :mod:`.tables` (a plan as tables and back)
and :mod:`.files` (the file API). Only :mod:`.files` touches files, through
:mod:`gcm_analysis.planio` (read with calamine, write with XlsxWriter); everything
else works on DataFrames. Every name is importable from ``gcm_analysis.plan``.
"""

from __future__ import annotations

from ..codes import OBJECTIVE_IDS
from ..errors import InputError, Problem
from .files import (
    check_plan_file,
    check_run_plan,
    convert_plan,
    read_plan,
    run_plan_problems,
    validate_plan_file,
    write_plan_csv,
    write_run_plan,
    write_template,
)
from .sheets import (
    _EXTENSIONS,
    CORE_SHEETS,
    COST_LINES_SPEC,
    EXCHANGE_RATES_SPEC,
    EXTENSION_MODULES,
    INFLATION_RATES_SPEC,
    INTERVENTIONS_SPEC,
    PRIORITIES_SPEC,
    load_extensions,
    register_sheet,
    sheet_specs,
)
from .specs import (
    COST_TYPES,
    COSTING_METHODS,
    MAX_AMOUNT,
    MAX_PROBLEMS_PER_KIND,
    MAX_QUANTITY,
    SETTINGS_COLUMNS,
    SETTINGS_SPEC,
    TEMPLATE_SHEETS,
    TEXT_MAX_CHARS,
    ColumnSpec,
    Plan,
    PlanContext,
    PlanSettings,
    Rule,
    SheetSpec,
)
from .tables import (
    describe_columns,
    objective_ids_in,
    plan_from_tables,
    plan_to_tables,
    template_tables,
)
from .validation import (
    validate_sheet,
    validate_tables,
)

__all__ = [
    "CORE_SHEETS",
    "COSTING_METHODS",
    "COST_LINES_SPEC",
    "COST_TYPES",
    "ColumnSpec",
    "EXCHANGE_RATES_SPEC",
    "EXTENSION_MODULES",
    "INFLATION_RATES_SPEC",
    "INTERVENTIONS_SPEC",
    "InputError",
    "MAX_AMOUNT",
    "MAX_PROBLEMS_PER_KIND",
    "MAX_QUANTITY",
    "OBJECTIVE_IDS",
    "PRIORITIES_SPEC",
    "Plan",
    "PlanContext",
    "PlanSettings",
    "Problem",
    "Rule",
    "SETTINGS_COLUMNS",
    "SETTINGS_SPEC",
    "SheetSpec",
    "TEMPLATE_SHEETS",
    "TEXT_MAX_CHARS",
    "_EXTENSIONS",
    "check_plan_file",
    "check_run_plan", "run_plan_problems",
    "convert_plan",
    "describe_columns",
    "load_extensions",
    "objective_ids_in",
    "plan_from_tables",
    "plan_to_tables",
    "read_plan",
    "register_sheet",
    "sheet_specs",
    "template_tables",
    "validate_plan_file",
    "validate_sheet",
    "validate_tables",
    "write_plan_csv",
    "write_run_plan",
    "write_template",
]
