"""Plan files: read and check one, write a template, a CSV folder or a run's copy.

File access is delegated to :mod:`gcm_analysis.planio` (read with calamine,
write with XlsxWriter); everything else in :mod:`gcm_analysis.plan` works on
DataFrames.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .. import planio
from ..errors import InputError, Problem, as_errors, split_warnings
from .sheets import sheet_specs
from .specs import SETTINGS_COLUMNS, TEMPLATE_SHEETS, Plan
from .tables import describe_columns, plan_to_tables, template_tables
from .validation import validate_tables
from .warnings import free_form_sheet_warnings


# ----------------------------------------------------------------- file API
def validate_plan_file(path: Path | str, strict: bool = False) -> list[Problem]:
    """Check a plan file and return every problem found (empty list = valid).

    Never raises for bad content, nor for an unreadable file: a missing,
    corrupt, password-protected or non-Excel file is returned as a located
    :class:`~gcm_analysis.errors.Problem` too. Nothing is written to the file.

    Parameters
    ----------
    path : Path or str
        An ``.xlsx`` workbook or a folder of CSV files (one per sheet).
    strict : bool
        Return the warnings too, as errors (``gcm validate --strict``).

    Returns
    -------
    list of Problem
        The errors; each names the file, sheet, Excel row, column, value found
        and what was expected. Warnings are left out (see
        :func:`check_plan_file`) unless ``strict``.
    """
    errors, warnings = check_plan_file(path)
    return errors + as_errors(warnings) if strict else errors


def check_plan_file(path: Path | str) -> tuple[list[Problem], list[Problem]]:
    """Check a plan file; return its errors and its warnings, both located.

    Warnings (``severity="warning"``) do not stop the plan from being used:
    columns and sheets the product does not use (with near-miss suggestions),
    rows and columns hidden in Excel, exchange rates dated far from the plan's
    years. Never raises for content; nothing is written to the file.
    """
    _, problems = _load(path)
    return split_warnings(problems)


def read_plan(path: Path | str) -> Plan:
    """Read and validate a plan file.

    Parameters
    ----------
    path : Path or str
        An ``.xlsx`` workbook or a folder of CSV files (one per sheet).

    Returns
    -------
    Plan
        The validated, typed plan.

    Raises
    ------
    InputError
        Listing every problem in every sheet (or the file problem if the file
        cannot be read).
    """
    plan, problems = _load(path)
    errors = [p for p in problems if not p.is_warning]
    if errors or plan is None:
        raise InputError(errors, f"the plan {path} has {len(errors)} problem(s)")
    return plan


def _load(path: Path | str) -> tuple[Plan | None, list[Problem]]:
    sheets, problems = planio.read_sheets(path, skip=TEMPLATE_SHEETS)
    problems = free_form_sheet_warnings(problems, sheet_specs())
    if any(sheet.is_refused for sheet in sheets.values()):
        return None, problems  # a sheet could not be read: that comes first
    if not sheets:
        return None, problems or [Problem(
            file=str(path), message="no sheet could be read from the file",
            expected="a workbook with the sheets settings, interventions and "
            "cost_lines")]
    errors, warnings = split_warnings(problems)
    plan, found = validate_tables(sheets, str(path))
    if plan is not None:
        plan = replace(plan, warnings=(*warnings, *plan.warnings))
        found = list(plan.warnings)
        warnings = []
    return (plan if not errors else None), errors + found + warnings



def write_plan_csv(plan: Plan, folder: Path | str) -> Path:
    """Write a plan as a folder of CSV files, one per sheet.

    Parameters
    ----------
    plan : Plan
    folder : Path or str
        Target folder (created if needed); existing files of the same names are
        replaced atomically.

    Returns
    -------
    Path
        ``folder``.
    """
    return planio.write_csv_folder(folder, plan_to_tables(plan))


def write_template(path: Path | str, country: str | None = None,
                   plan: Plan | None = None, lang: str = "en") -> Path:
    """Write a plan template workbook (blank, or pre-filled with a plan).

    The workbook has an ``instructions`` sheet, one sheet per plan sheet with a
    header comment and drop-downs per column, and a hidden ``lists`` sheet
    holding the drop-down values. Writing is atomic and deterministic (same
    input, same bytes).

    Parameters
    ----------
    path : Path or str
        Target ``.xlsx`` file.
    country : str, optional
        ISO3 code written into the settings of a blank template.
    plan : Plan, optional
        A plan to pre-fill (e.g. a starter plan from
        :func:`gcm_analysis.costing_io.build_starter_plan`); wins over ``country``.
    lang : str
        Language of objective titles on the lists sheet (``en``, ``fr``, ``es``).

    Returns
    -------
    Path
        ``path``.
    """
    tables = plan_to_tables(plan) if plan is not None else template_tables(country)
    layouts = planio.template_layout(list(sheet_specs().values()), SETTINGS_COLUMNS,
                                     tables, describe_columns(), lang)
    return planio.write_workbook(path, layouts)


def convert_plan(source: Path | str, target: Path | str) -> Path:
    """Read a plan and write it in the other form (``.xlsx`` <-> CSV folder).

    The example plans are kept as CSV folders (reviewable in diffs) and their
    workbooks generated with this function, e.g.
    ``convert_plan("data/plans/PRT_example", "data/plans/PRT_example.xlsx")``;
    the output is deterministic.

    Parameters
    ----------
    source : Path or str
        A valid plan (``.xlsx`` or CSV folder).
    target : Path or str
        ``*.xlsx`` for a workbook (a filled template), anything else for a folder.

    Returns
    -------
    Path
        ``target``.

    Raises
    ------
    InputError
        If the source plan has problems.
    """
    the_plan = read_plan(source)
    if str(target).lower().endswith(".xlsx"):
        return write_template(target, plan=the_plan)
    return write_plan_csv(the_plan, target)


def write_run_plan(plan: Plan, run_dir: Path | str, name: str = "plan",
                   lang: str = "en") -> Path:
    """Write the plan a run costed into its run folder as ``<name>.xlsx``.

    The workbook is a filled template in the run's language ``lang`` (its
    instructions and lists; the plan's own text as written): a starter plan
    written this way can be edited in Excel and passed back as the run's
    ``plan_file``.
    """
    return write_template(Path(run_dir) / f"{name}.xlsx", plan=plan, lang=lang)



def check_run_plan(path: Path | str, country: str, currency: str = "",
                   strict: bool = False) -> list[Problem]:
    """Return every reason a run with this plan file would fail (empty = none).

    The file's own problems (:func:`validate_plan_file`), then whether it is the
    run's country's plan and whether its costs convert into the run's reporting
    currency. Never raises for content; the runner calls it before any kernel
    starts, so a broken plan is refused with located problems and nothing is
    written.

    Parameters
    ----------
    path : Path or str
        The run's ``plan_file``.
    country : str
        ISO3 code of the run.
    currency : str
        The run's reporting currency (``""`` keeps the plan's own).
    strict : bool
        Count the plan's warnings as errors (``gcm run --strict``).

    Returns
    -------
    list of Problem
        Errors only (the warnings are the plan's :attr:`Plan.warnings`) unless
        ``strict``.
    """
    the_plan, problems = _load(path)
    errors, warnings = split_warnings(problems)
    if strict and warnings:
        return errors + as_errors(warnings)
    if errors or the_plan is None:
        return errors
    return run_plan_problems(the_plan, path, country, currency)


def run_plan_problems(the_plan: Plan, path: Path | str, country: str,
                      currency: str = "") -> list[Problem]:
    """What stops a valid plan from serving a run: another country, or a
    reporting currency its rates (or its funding sheet) cannot be converted to
    (``""`` keeps the plan's own)."""
    if the_plan.settings.country != country:
        return [Problem(file=str(path), sheet="settings", column="value",
                        value=the_plan.settings.country,
                        message="setting 'country': the plan is for another country "
                        "than the run", expected=country)]
    reporting = the_plan.settings.reporting_currency
    if currency and currency != reporting:
        from .. import reference
        from ..costing.prices import with_reporting_currency

        try:
            reference.check_currency(currency)
            with_reporting_currency(the_plan, currency)
        except InputError as exc:
            return list(exc.problems)
        funding = the_plan.extra_sheets.get("funding")
        if funding is not None and len(funding):  # funding is never converted
            return [Problem(
                file=str(path), sheet="funding", column="currency", value=reporting,
                message=f"the funding is in the plan's reporting currency {reporting}, "
                f"the run's budget would be in {currency}",
                expected=f"a run in {reporting} (currency parameter, gcm run "
                f"--currency {reporting})")]
    return []
