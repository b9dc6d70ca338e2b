"""The stage layer: one function per notebook, ``run(inputs) -> tables``.

Every stage is a :class:`Stage`: which run tables it reads (required and
optional), which processed and reference tables, whether it uses the run's
plan, its own parameters, the tables it writes, and a pure ``compute``
function (no file access: it gets a :class:`StageInput` and returns a
:class:`StageResult`). :func:`run_stage` is the one place that loads a stage's
inputs from a run folder (refusing stale or missing ones with one sentence),
computes, writes the tables and records where they came from
(:mod:`gcm_analysis.runfolder`). The notebooks, ``gcm run``/``gcm batch``
(through the notebooks) and the tests all call it.

:func:`start_run` sets a run folder up once: it fixes the run settings
(country, language, currency, plan years, run date) and reads and validates
the plan once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import InputError, ParameterError, Problem
from ..i18n import t
from ..runfolder import (
    RunFolder,
    RunSettings,
    StaleRunError,
    plan_source_sha,
    today,
)
from .base import Stage, StageInput, StageResult

__all__ = ["STAGES", "Stage", "StageInput", "StageResult", "StaleRunError",
           "open_folder", "run_stage", "start_run", "table_owners"]


def _stages() -> dict[str, Stage]:
    from . import costing, funding, needs, profile, report, selection

    return {stage.key: stage for stage in (
        profile.STAGE, needs.STAGE, selection.STAGE, costing.STAGE, funding.STAGE,
        report.STAGE)}


STAGES: dict[str, Stage] = _stages()


def table_owners() -> dict[str, str]:
    """Run table name -> the stage that writes it."""
    return {table: key for key, stage in STAGES.items() for table in stage.outputs}


def _notebooks() -> dict[str, str]:
    return {"setup": STAGES["profile"].notebook,
            **{key: stage.notebook for key, stage in STAGES.items()}}


def open_folder(country: str, run_id: str, output_root: str | Path = "") -> RunFolder:
    """The run folder ``<output_root>/<ISO3>/<run_id>`` (not created)."""
    return RunFolder(paths.run_dir(country, run_id, output_root or None),
                     table_owners(), _notebooks())


# ------------------------------------------------------------------- set-up
@lru_cache(maxsize=8)
def _plan_cached(path: str, sha: str) -> Any:
    from ..plan import read_plan

    return read_plan(path)


def load_plan(path: str | Path) -> Any:
    """Read and validate a plan file, once per process and file content."""
    source = Path(path)
    return _plan_cached(str(source.resolve()), plan_source_sha(source))


def display_path(path: str | Path) -> str:
    """A plan path without local prefixes: relative to the project, else its name."""
    try:
        return Path(path).resolve().relative_to(paths.ROOT_DIR).as_posix()
    except ValueError:
        return Path(path).name


def resolve_settings(country: str, run_id: str, *, lang: str = "en",
                     plan_file: str = "", currency: str = "", base_year: int = 0,
                     horizon_years: int = 0, run_date: dt.date | None = None
                     ) -> tuple[RunSettings, Any]:
    """The run's settings, defaults resolved, and its validated plan (or None).

    With a plan, its currency, base year and horizon are the run's unless
    ``currency`` asks for a conversion; a ``base_year`` or ``horizon_years``
    other than the plan's is refused. Without one, the starter plan starts the
    calendar year after the run date and runs 3 years, in USD.
    """
    date = run_date or today()
    the_plan = None
    if plan_file:
        the_plan = load_plan(plan_file)
        own = the_plan.settings
        if own.country != country:
            raise InputError(Problem(
                file=Path(plan_file).name, sheet="settings", column="value",
                value=own.country, message="setting 'country': the plan is for "
                "another country than the run", expected=country))
        problems = [f"parameter '{name}' is {value}, the plan's is {mine}: a plan sets "
                    f"its own years (leave '{name}' at 0)"
                    for name, value, mine in (("base_year", base_year, own.base_year),
                                              ("horizon_years", horizon_years,
                                               own.horizon_years))
                    if value and value != mine]
        if problems:
            raise ParameterError("invalid run parameters:\n"
                                 + "\n".join(f"  - {p}" for p in problems))
        base_year, horizon_years = own.base_year, own.horizon_years
        currency = currency or own.reporting_currency
        sha = plan_source_sha(Path(plan_file))
    else:
        base_year = base_year or date.year + 1
        horizon_years = horizon_years or 3
        currency = currency or "USD"
        sha = ""
    settings = RunSettings(
        country=country, run_id=run_id, lang=lang, currency=currency,
        base_year=int(base_year), horizon_years=int(horizon_years),
        plan_file=display_path(plan_file) if plan_file else "", plan_sha256=sha,
        run_date=date.isoformat())
    return settings, the_plan


def start_run(country: str, run_id: str, output_root: str | Path = "", *,
              lang: str = "en", plan_file: str = "", currency: str = "",
              base_year: int = 0, horizon_years: int = 0) -> RunSettings:
    """Set a run folder up (or keep it as it is when nothing changed).

    The plan is read and validated here only: when the folder already holds
    the same settings and a snapshot of the same plan file (``gcm run`` sets
    the folder up before the kernels start), nothing is read again.
    """
    folder = open_folder(country, run_id, output_root)
    if folder.is_set_up():
        current = folder.settings()
        same_plan = (not plan_file and not current.plan_file) or (
            bool(plan_file) and plan_source_sha(Path(plan_file))
            == current.plan_sha256)
        wanted = {"lang": lang, "currency": currency or current.currency,
                  "base_year": base_year or current.base_year,
                  "horizon_years": horizon_years or current.horizon_years}
        if same_plan and all(getattr(current, k) == v for k, v in wanted.items()):
            return current
    settings, the_plan = resolve_settings(
        country, run_id, lang=lang, plan_file=plan_file, currency=currency,
        base_year=base_year, horizon_years=horizon_years)
    own = the_plan.settings.reporting_currency if the_plan is not None else None
    if own is not None and settings.currency != own:
        from ..costing import with_reporting_currency

        with_reporting_currency(the_plan, settings.currency)  # refuses early
    return folder.setup(settings, the_plan, Path(plan_file) if plan_file else None)


# -------------------------------------------------------------------- running
def _check_params(stage: Stage, given: Mapping[str, Any]) -> dict[str, Any]:
    from ..parameters import SPECS, check_values, defaults

    unknown = sorted(set(given) - set(stage.params))
    if unknown:
        import difflib

        hints = [f"unknown parameter '{name}' for {stage.notebook}"
                 + (f"; did you mean '{c[0]}'?"
                    if (c := difflib.get_close_matches(name, stage.params, 1)) else "")
                 + (" (a run setting: set it in 00_country_profile)"
                    if name in SPECS and not c else "")
                 for name in unknown]
        raise ParameterError("invalid stage parameters:\n"
                             + "\n".join(f"  - {h}" for h in hints))
    base = defaults()
    values = {name: given.get(name, base[name]) for name in stage.params}
    problems = check_values(values)
    if problems:
        raise ParameterError("invalid stage parameters:\n"
                             + "\n".join(f"  - {p}" for p in problems))
    return values


def run_stage(key: str, country: str, run_id: str, output_root: str | Path = "",
              params_file: str = "", **params: Any) -> StageResult:
    """Load a stage's inputs from its run folder, compute it, write its tables.

    ``params_file`` (a notebook's parameter of that name): a parameters file
    whose values for this stage's parameters replace ``params``
    (:mod:`gcm_analysis.paramfile`).

    Raises
    ------
    StaleRunError
        One sentence naming the notebook to run first, when the folder is not
        set up or an input table is missing or out of date.
    ParameterError
        For an unknown or invalid stage parameter.
    """
    stage = STAGES[key]
    if params_file:
        from ..paramfile import stage_values

        params = stage_values(params_file, params, stage.params)
    values = _check_params(stage, params)
    folder = open_folder(country, run_id, output_root)
    settings = folder.settings()
    folder.check_plan_source(settings, folder.plan_source())
    loaded = folder.load(key, stage.inputs, stage.optional, stage.data,
                         stage.uses_plan)
    inputs = StageInput(settings=loaded.settings, params=values,
                        tables=loaded.tables, data=loaded.data, plan=loaded.plan)
    result = stage.compute(inputs)
    folder.write(key, result.tables, values, loaded.hashes)
    _write_extras(folder, result)
    result.inputs, result.settings = inputs, loaded.settings
    return result


def _write_extras(folder: RunFolder, result: StageResult) -> None:
    from .. import io

    for name, document in result.documents.items():
        io.write_run_json(folder.path, name, document)
    if result.plan_workbook is not None:
        from ..plan import write_run_plan

        write_run_plan(result.plan_workbook, folder.path, lang=folder.settings().lang)
        if "budget_lines" in result.tables:
            _write_budget_workbook(folder, result)


def _write_budget_workbook(folder: RunFolder, result: StageResult) -> None:
    """``budget.xlsx``: the costed plan's budget with live formulas."""
    from ..budget_workbook import write_budget_workbook

    plan_settings = result.plan_workbook.settings
    run = folder.settings()
    write_budget_workbook(
        result.tables["budget_lines"], result.tables["budget_price_index"],
        float(plan_settings.contingency_pct), folder.path / "budget.xlsx",
        about={"country": run.country, "run_id": run.run_id,
               "currency": plan_settings.reporting_currency,
               "price_year": int(plan_settings.base_year),
               "run_date": run.run_date,
               "note": t("budget_xlsx.note", run.lang)},
        titles=result.info.get("titles"),
        created=dt.datetime.fromisoformat(run.run_date), lang=run.lang)


# --------------------------------------------------------- notebooks' errors
def _short_error(shell: Any, etype: type, value: BaseException, tb: Any,
                 tb_offset: int | None = None) -> list[str]:
    """Show a product error as its sentence, without a traceback."""
    text = value.render() if isinstance(value, InputError) else str(value)
    lines = [f"{etype.__name__}: {text}"]
    publish = getattr(shell, "_showtraceback", None)  # ipykernel: the error output
    if publish is not None:
        publish(etype, value, lines)
    return lines


def install_short_errors() -> bool:
    """In IPython (a notebook), show the product's own errors (a stale or missing
    input, a bad parameter, a plan's located problems) as one message instead of
    a traceback; the cell still fails. Returns whether it was installed."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    from ..errors import GcmError

    shell.set_custom_exc((GcmError,), _short_error)
    return True


install_short_errors()

