"""Run the stage notebooks for a country and export the report.

The runner is the only module that knows notebook names and order. A run:

1. validates every parameter before any kernel starts (:mod:`.parameters`);
2. executes the stage notebooks with papermill in a private staging folder
   (the kernel's working directory; notebooks get ``output_root="."`` so no
   absolute path is injected into them);
3. exports HTML in process with one reused nbconvert exporter and our lean
   template (no code, no prompts, no scripts, user HTML sanitised);
4. writes ``run.json`` (version, git commit, parameters, input and output
   checksums) and moves the whole folder into ``outputs/<ISO3>/<run_id>/`` with
   one rename, so a half-written run never looks complete.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
import time
import traceback
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__, io, paths
from .cleanup import owner_tag
from .errors import GcmError
from .nbtext import notebook_path, run_language, stage_name, stage_source
from .parameters import notebook_parameters
from .stages.params import validate_parameters

log = logging.getLogger(__name__)

#: Stage notebooks in run order (names under notebooks/, without .ipynb).
PIPELINE: tuple[str, ...] = (
    "00_country_profile",
    "01_needs_assessment",
    "02_objective_selection",
    "03_costing",
    "04_resource_mobilisation",
    "05_country_report",
)
#: The notebook whose HTML export becomes ``report.html``.
REPORT_NOTEBOOK = "05_country_report"


@dataclass
class RunResult:
    """What one country run produced."""

    country: str
    run_id: str
    run_dir: Path
    status: str  # "ok" or "failed"
    seconds: float
    error: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class RunError(GcmError):
    """A stage notebook failed; the message names the stage and the cell error."""


@lru_cache(maxsize=32)
def declared_parameters(name: str) -> dict[str, Any]:
    """Return the parameters a notebook's ``parameters`` cell declares (papermill)."""
    import papermill

    declared = papermill.inspect_notebook(str(notebook_path(name)))
    return {key: value.get("default") for key, value in declared.items()}


@lru_cache(maxsize=1)
def git_commit() -> str:
    """Return the checkout's commit (``+dirty`` when it has changes), or ``unknown``."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(paths.ROOT_DIR), "rev-parse", "HEAD"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(paths.ROOT_DIR), "status", "--porcelain", "--",
             "gcm_analysis", "notebooks", "data"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return commit + ("+dirty" if dirty else "")


def input_files(params: Mapping[str, Any], stages: Sequence[str]) -> list[Path]:
    """Return every file a run reads: processed and reference data, notebooks, plan."""
    files = sorted(paths.PROCESSED_DIR.glob("*.csv")) + sorted(
        paths.REFERENCE_DIR.glob("*.csv")
    )
    files += [notebook_path(name) for name in stages]
    plan = params.get("plan_file") or ""
    if plan:
        plan_path = Path(plan)
        files += sorted(p for p in plan_path.rglob("*") if p.is_file()) \
            if plan_path.is_dir() else [plan_path]
    return files


def _display_path(path: Path) -> str:
    """A path without local prefixes: relative to the project, else the file name."""
    try:
        return path.resolve().relative_to(paths.ROOT_DIR).as_posix()
    except ValueError:
        return path.name


def _public_parameters(params: Mapping[str, Any]) -> dict[str, Any]:
    public = {k: v for k, v in params.items() if k != "output_root"}
    if public.get("plan_file"):
        public["plan_file"] = _display_path(Path(public["plan_file"]))
    return public


# --------------------------------------------------------------------------- running
def execute_notebook(name: str, out_path: Path, parameters: Mapping[str, Any],
                     cwd: Path, cell_timeout: int | None = 600) -> Any:
    """Execute one stage notebook with papermill on a fresh kernel; return the
    executed notebook (written to ``out_path`` once, when it completes or fails)."""
    import papermill

    from .kernels import FRESH_ENGINE_NAME, register_engines

    register_engines()
    return papermill.execute_notebook(
        stage_source(name, run_language(out_path, parameters)),
        str(out_path),
        parameters=dict(parameters),
        kernel_name="python3",
        engine_name=FRESH_ENGINE_NAME,
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        cwd=str(cwd),
        execution_timeout=cell_timeout,
    )


def _error_summary(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "PapermillExecutionError":
        return f"{exc.ename}: {exc.evalue}"  # type: ignore[attr-defined]
    return f"{name}: {exc}"


#: Signature of a notebook executor: (name, out_path, parameters, cwd, cell_timeout).
Executor = Callable[[str, Path, Mapping[str, Any], Path, "int | None"], Any]


def run_country(values: Mapping[str, Any], *, stages: Sequence[str] = PIPELINE,
                output_root: Path | str | None = None, export: bool = True,
                pdf: bool = True, cell_timeout: int | None = 600,
                executor: Executor | None = None) -> RunResult:
    """Run the chain for one country and return what it produced.

    Parameters are validated first (``ParameterError`` before any kernel starts).
    A failing stage does not raise: the result has ``status="failed"``, the run
    folder keeps the executed notebooks and a ``run.json`` that says what failed,
    and no ``report.html`` is written. ``executor`` runs one notebook (default: a
    fresh kernel per notebook via papermill; batches pass a warm kernel).
    """
    params = validate_parameters(values)
    execute = executor or execute_notebook
    root = Path(output_root) if output_root else paths.OUTPUTS_DIR
    final = paths.run_dir(params["country"], params["run_id"], root)
    # owner-tagged: what a killed run leaves is removed by the next command
    staging_root = root / ".staging" / f"{params['country']}-{params['run_id']}-" \
        f"{owner_tag()}-{uuid.uuid4().hex[:8]}"
    staged = paths.run_dir(params["country"], params["run_id"], staging_root)
    for folder in (final, staged):  # no symbolic link below the root (containment)
        paths.check_output_dir(root, folder)
    staged.mkdir(parents=True)
    started = time.perf_counter()
    try:
        settings = _start_run_folder(params, staging_root)
    except BaseException:
        shutil.rmtree(staging_root, ignore_errors=True)
        raise
    created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    stage_log: list[dict[str, Any]] = []
    status, error = "ok", None
    notes: list[str] = []
    executed: dict[str, Any] = {}
    # the notebooks get the effective values: the parameters file was applied
    # here (options win over it), so they must not read it again
    kernel_params = dict(params, output_root=".", params_file="")
    if params.get("plan_file"):  # kernels run in the staging folder
        kernel_params["plan_file"] = str(Path(params["plan_file"]).resolve())
    try:
        for name in stages:
            t0 = time.perf_counter()
            wanted = notebook_parameters(declared_parameters(name), kernel_params)
            try:
                executed[stage_name(name)] = execute(
                    name, staged / f"{stage_name(name)}.ipynb", wanted, staging_root,
                    cell_timeout)
            except Exception as exc:  # noqa: BLE001 - recorded, run continues to cleanup
                status, error = "failed", f"{name}: {_error_summary(exc)}"
                stage_log.append({"notebook": name, "status": "failed",
                                  "seconds": round(time.perf_counter() - t0, 3)})
                log.warning("run %s/%s failed in %s", params["country"],
                            params["run_id"], name)
                break
            stage_log.append({"notebook": name, "status": "ok",
                              "seconds": round(time.perf_counter() - t0, 3)})
        if status == "ok" and export:
            notes += export_reports(executed, staged, params, created, pdf=pdf)
    except Exception as exc:  # noqa: BLE001 - an export failure fails the run, cleanly
        status, error = "failed", f"export: {_error_summary(exc)}"
        log.debug("export failed: %s", traceback.format_exc())
        for name in ("report.html", "report.pdf", "report.docx"):
            leftover = staged / name  # whatever sits there: no report looks complete
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    outputs = {p.name: io.sha256_file(p) for p in sorted(staged.iterdir())
               if p.is_file()}
    manifest = {
        "package": "gcm-workbook",
        "version": __version__,
        "git_commit": git_commit(),
        "created_utc": created,
        "status": status,
        "error": error,
        "seconds": round(seconds, 3),
        "parameters": _public_parameters(params),
        "settings": settings,
        "stages": stage_log,
        "notes": notes,
        "inputs": {_display_path(p): io.sha256_file(p)
                   for p in input_files(params, stages)},
        "outputs": outputs,
    }
    io.write_json_atomic(staged / "run.json", manifest)
    io.replace_dir(staged, final)
    shutil.rmtree(staging_root, ignore_errors=True)
    try:
        (root / ".staging").rmdir()
    except OSError:
        pass
    return RunResult(params["country"], params["run_id"], final, status,
                     seconds, error, outputs, notes)


def _start_run_folder(params: Mapping[str, Any], root: Path) -> dict[str, Any]:
    """Set the staged run folder up before any kernel starts: the run settings
    (run date, resolved currency and years) and the plan, read and validated
    once (:func:`gcm_analysis.stages.start_run`); notebook 00 finds it set up."""
    from .stages import start_run

    settings = start_run(
        params["country"], params["run_id"], root, lang=params["lang"],
        plan_file=params["plan_file"], currency=params["currency"],
        base_year=params["base_year"], horizon_years=params["horizon_years"])
    return settings.to_dict()


def write_run_workbook(run_dir: Path, params: Mapping[str, Any], created: str,
                       country_name: str) -> Path | None:
    """Write ``tables.xlsx``: every table the stages wrote (one sheet each), its
    headers in the run's language (:func:`gcm_analysis.xlsx.write_tables_xlsx`)."""
    import pandas as pd

    from .i18n import t
    from .xlsx import write_tables_xlsx

    settings = _read_settings(run_dir)

    tables = {p.stem: pd.read_csv(p) for p in sorted(run_dir.glob("*.csv"))}
    if not tables:
        return None
    lang = str(settings.get("lang") or params.get("lang") or "en")
    about = {"country": params["country"], "country_name": country_name,
             "run_id": params["run_id"], "created_utc": created,
             "gcm_workbook_version": __version__, "git_commit": git_commit(),
             "reporting_currency": settings.get("currency", ""),
             "base_year": settings.get("base_year", ""),
             "run_date": settings.get("run_date", ""),
             "lang": lang, "note": t("xlsx.about.note_text", lang)}
    return write_tables_xlsx(tables, run_dir / "tables.xlsx", about, lang=lang,
                             currency=str(settings.get("currency", "")))


def _read_settings(run_dir: Path) -> dict[str, Any]:
    import json

    path = run_dir / "settings.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def export_reports(executed: Mapping[str, Any], run_dir: Path,
                   params: Mapping[str, Any], created: str, pdf: bool = True
                   ) -> list[str]:
    """Export each stage to HTML; write ``report.html``, ``report.pdf`` and
    ``report.docx`` (each atomically, ``report.html`` last).

    Returns notes for the user (for example that PDF was skipped and why).
    """
    from .export import shared_exporter
    from .i18n import t
    from .pdf import PdfUnavailable, shared_printer
    from .reference import countries

    exporter = shared_exporter()
    lang = params["lang"]
    names = countries().set_index("iso3")
    column = "country_name_fr" if lang == "fr" else "country_name"
    country_name = names.at[params["country"], column]
    if not isinstance(country_name, str) or not country_name:
        country_name = str(names.at[params["country"], "country_name"])
    footer = t("report.footer_version", lang, version=__version__,
               run_id=params["run_id"], date=created[:10])
    notes: list[str] = []
    report_html = None
    for name, notebook in executed.items():
        # the report's <title> is its heading: the PDF's title metadata
        title = t("report.title", lang, country_name=country_name) \
            if name == REPORT_NOTEBOOK else f"{country_name} · {name}"
        html = exporter.to_html(notebook, title=title,
                                subtitle=country_name, footer=footer, lang=lang)
        io.write_text_atomic(run_dir / f"{name}.html", html)
        # the report notebook when it ran; otherwise (partial chains) the last stage
        if name == REPORT_NOTEBOOK or REPORT_NOTEBOOK not in executed:
            report_html = html
    write_run_workbook(run_dir, params, created, country_name)
    if report_html is None:
        return notes
    if pdf:
        try:
            document = shared_printer().to_pdf(report_html, footer=footer)
        except PdfUnavailable as exc:  # in the run's language (printed by gcm run)
            notes.append(exc.render_in(lang))
            log.warning("%s", exc)
        else:
            io.write_bytes_atomic(run_dir / "report.pdf", document)
    if REPORT_NOTEBOOK in executed:  # the editable report, from the same outputs
        from .docx_report import report_docx

        io.write_bytes_atomic(run_dir / "report.docx", report_docx(
            executed[REPORT_NOTEBOOK], footer=footer, lang=lang,
            title=t("report.title", lang, country_name=country_name)))
    # report.html last: its presence marks a complete report
    io.write_text_atomic(run_dir / "report.html", report_html)
    return notes
