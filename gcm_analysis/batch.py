"""Batch runs: the whole chain for many countries, in parallel, past failures.

``run_batch`` validates every country's parameters first (refusals are recorded,
not raised), then runs the countries on a process pool (``--jobs`` workers, one
warm kernel, one HTML exporter and one browser per worker) or on a Dask cluster
(``scheduler="local"`` for a LocalCluster, or a scheduler address). Every run has
a wall-clock limit; a stuck or dead kernel is killed, recorded and replaced, and
the other countries go on. At the end ``outputs/batch/<batch_id>/`` holds
``manifest.csv``, ``manifest.json`` and ``index.html``, all written atomically.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, io, paths
from .errors import GcmError, ParameterError
from .parameters import validate_parameters

log = logging.getLogger(__name__)

MANIFEST_COLUMNS = ["country", "country_name", "status", "seconds", "error",
                    "run_dir", "report_html", "report_pdf", "notes"]


@dataclass
class BatchRecord:
    """One country's line in the manifest."""

    country: str
    status: str  # ok | failed | timeout | refused
    seconds: float = 0.0
    error: str = ""
    run_dir: str = ""
    report_html: str = ""
    report_pdf: str = ""
    notes: str = ""
    country_name: str = ""
    headline: dict[str, Any] = field(default_factory=dict)


@dataclass
class BatchResult:
    """What a batch produced."""

    batch_id: str
    batch_dir: Path
    records: list[BatchRecord]
    seconds: float

    @property
    def failed(self) -> list[BatchRecord]:
        return [r for r in self.records if r.status != "ok"]


# ------------------------------------------------------------------ country lists
def resolve_countries(spec: str | Sequence[str], countries: pd.DataFrame) -> list[str]:
    """Turn a ``--countries`` value into a sorted list of ISO3 codes.

    Accepted: ``all`` (every country in the panel with indicator data), a comma-
    or space-separated list (``PRT,KEN``), ``region:<World Bank region>``,
    ``income:<income group>``, ``un:members``, or ``@file`` (one code per line,
    ``#`` comments). Unknown codes are kept so that they are refused, with a
    message, in the manifest.
    """
    items = [spec] if isinstance(spec, str) else list(spec)
    tokens: list[str] = []
    for item in items:
        tokens += [t for t in str(item).replace(",", " ").split() if t] \
            if not str(item).startswith(("region:", "income:")) else [str(item)]
    chosen: list[str] = []
    for token in tokens:
        if token == "all":
            chosen += _panel_countries(countries)
        elif token == "un:members":
            chosen += sorted(countries.loc[countries["is_un_member"].astype(bool),
                                           "iso3"])
        elif token.startswith("region:"):
            chosen += _by_column(countries, "wb_region", token.split(":", 1)[1])
        elif token.startswith("income:"):
            chosen += _by_column(countries, "wb_income_group", token.split(":", 1)[1])
        elif token.startswith("@"):
            lines = Path(token[1:]).read_text(encoding="utf-8").splitlines()
            chosen += [line.split("#", 1)[0].strip() for line in lines
                       if line.split("#", 1)[0].strip()]
        else:
            chosen.append(token)
    seen: dict[str, None] = {}
    for code in chosen:
        seen.setdefault(code, None)
    return list(seen)


def _panel_countries(countries: pd.DataFrame) -> list[str]:
    indicators = io.read_processed("country_indicators")
    have = set(indicators.loc[indicators["indicator"] == "population", "iso3"])
    return sorted(c for c in countries["iso3"] if c in have)


def _by_column(countries: pd.DataFrame, column: str, value: str) -> list[str]:
    values = sorted(countries[column].dropna().unique())
    match = [v for v in values if v.lower() == value.strip().lower()]
    if not match:
        raise ParameterError(f"unknown {column} {value!r}; one of: "
                             + "; ".join(values))
    return sorted(countries.loc[countries[column] == match[0], "iso3"])


def plan_for(country: str, plans_dir: Path | None) -> str:
    """Return the plan file for a country in ``plans_dir`` (``<ISO3>.xlsx`` or a
    ``<ISO3>/`` folder of CSV files), or ``""`` when it has none."""
    if plans_dir is None:
        return ""
    for candidate in (plans_dir / f"{country}.xlsx", plans_dir / country):
        if candidate.exists():
            return str(candidate.resolve())
    return ""


# ------------------------------------------------------------------ worker side
_WORKER: dict[str, Any] = {}


#: Imported in a worker's new kernel while the worker starts its browser.
KERNEL_PRELOAD = ("import numpy, pandas, scipy.optimize, matplotlib.figure\n"
                  "import pandera.pandas, xlsxwriter\n"
                  "import gcm_analysis.costing, gcm_analysis.funding, "
                  "gcm_analysis.needs, gcm_analysis.selection, gcm_analysis.report, "
                  "gcm_analysis.reporting.costing, gcm_analysis.reporting.funding, "
                  "gcm_analysis.reporting.needs, gcm_analysis.reporting.profile")


def _warm_kernel(pdf: bool = True) -> Any:
    from .kernels import WarmKernel

    kernel = _WORKER.get("kernel")
    if kernel is None:
        kernel = WarmKernel()
        _WORKER["kernel"] = kernel
        import atexit

        atexit.register(kernel.shutdown)
        kernel.start(preload=KERNEL_PRELOAD)
        _start_exporters(pdf)  # while the kernel imports
    return kernel


def _start_exporters(pdf: bool) -> None:
    """Build this worker's HTML exporter and, for PDF, start its browser now."""
    from .export import shared_exporter
    from .pdf import PdfUnavailable, shared_printer

    shared_exporter()
    if pdf:
        try:
            shared_printer()
        except PdfUnavailable:
            pass  # the run says why, in its notes


def run_task(task: Mapping[str, Any]) -> dict[str, Any]:
    """Run one country (in a worker process); never raises, returns a record dict.

    ``task``: ``params`` (validated), ``output_root``, ``timeout`` (seconds for the
    whole run), ``pdf``, ``warm`` (reuse this worker's kernel).
    """
    from .kernels import RunTimeout
    from .runner import run_country

    params = dict(task["params"])
    started = time.perf_counter()
    timeout = task.get("timeout")
    deadline = time.monotonic() + float(timeout) if timeout else None
    record = BatchRecord(country=params["country"], status="failed")
    try:
        if task.get("warm", True):
            kernel = _warm_kernel(bool(task.get("pdf", True)))

            def executor(name, out_path, parameters, cwd, cell_timeout=None):  # type: ignore[no-untyped-def]
                return kernel.execute(name, out_path, parameters, cwd, cell_timeout,
                                      deadline=deadline)
        else:
            executor = None
        result = run_country(params, output_root=task["output_root"],
                             pdf=task.get("pdf", True), executor=executor,
                             stages=task.get("stages") or _default_stages())
        record.status = result.status
        record.error = result.error or ""
        if "RunTimeout" in record.error or "past the run's time limit" in record.error:
            record.status = "timeout"
        root = Path(task["output_root"])
        record.run_dir = result.run_dir.relative_to(root).as_posix()
        if "report.html" in result.outputs:
            record.report_html = f"{record.run_dir}/report.html"
        if "report.pdf" in result.outputs:
            record.report_pdf = f"{record.run_dir}/report.pdf"
        record.notes = " | ".join(result.notes)
        record.headline = headline_figures(result.run_dir)
    except RunTimeout as exc:
        record.status, record.error = "timeout", str(exc)
    except Exception as exc:  # noqa: BLE001 - one country never sinks a batch
        record.error = f"{type(exc).__name__}: {exc}"
    record.seconds = round(time.perf_counter() - started, 3)
    return asdict(record)


def _default_stages() -> tuple[str, ...]:
    from .runner import PIPELINE

    return PIPELINE


def headline_figures(run_dir: Path) -> dict[str, Any]:
    """Headline numbers for the index page, from the run folder's tables."""
    figures: dict[str, Any] = {}
    summary = run_dir / "headline.json"
    if summary.exists():
        figures.update(json.loads(summary.read_text(encoding="utf-8")))
    return figures


# ------------------------------------------------------------------ progress
class Progress:
    """One progress display across runs: a tqdm bar on a terminal; in a log file a
    plain line at most every 10 % (no line per tick, no carriage returns)."""

    def __init__(self, total: int, stream: Any = None) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self._bar = None
        self._next_report = 0.0
        if total and getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self._bar = tqdm(total=total, file=self.stream, unit="country",
                             dynamic_ncols=True)

    def update(self, record: Mapping[str, Any]) -> None:
        self.done += 1
        self.failed += record["status"] != "ok"
        if self._bar is not None:
            self._bar.set_postfix(failed=self.failed, last=record["country"])
            self._bar.update(1)
            return
        share = self.done / self.total
        if share >= self._next_report or self.done == self.total:
            elapsed = time.perf_counter() - self.started
            print(f"batch: {self.done}/{self.total} done ({share:.0%}), "
                  f"{self.failed} failed, {elapsed:.0f} s", file=self.stream,
                  flush=True)
            self._next_report = share + 0.1

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# ------------------------------------------------------------------ running
def default_batch_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("batch-%Y%m%dT%H%M%SZ")


def run_batch(countries: Iterable[str], base: Mapping[str, Any] | None = None, *,
              jobs: int | None = None, timeout: float | None = 900,
              plans_dir: Path | str | None = None, scheduler: str | None = None,
              output_root: Path | str | None = None, batch_id: str | None = None,
              pdf: bool = True, warm: bool = True,
              stages: Sequence[str] | None = None,
              progress: bool = True) -> BatchResult:
    """Run the chain for each country and write the manifest and index.

    Parameters
    ----------
    countries : iterable of str
        ISO3 codes (see :func:`resolve_countries`).
    base : mapping
        Run parameters shared by every country (``lang``, ``currency``...).
    jobs : int
        Worker processes (default: one per core).
    timeout : float
        Seconds one country's whole run may take; past it the kernel is killed
        and the country recorded as ``timeout``.
    plans_dir : path
        Folder with one plan per country (``<ISO3>.xlsx`` or ``<ISO3>/``).
    scheduler : str
        ``None``: local process pool. ``"local"``: a Dask LocalCluster. Otherwise a
        Dask scheduler address (``tcp://host:8786``).
    """
    started = time.perf_counter()
    root = Path(output_root) if output_root else paths.OUTPUTS_DIR
    batch_id = paths.check_run_id(batch_id or default_batch_id())
    batch_dir = paths.check_output_dir(root, root / "batch" / batch_id)
    plans = Path(plans_dir) if plans_dir else None
    if plans is not None and not plans.is_dir():
        raise ParameterError(f"--plans {plans} is not a folder")
    base = dict(base or {})
    base["run_id"] = batch_id
    records: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    for country in countries:
        values = dict(base, country=country)
        plan = plan_for(country, plans) if country.isalpha() else ""
        if plan:
            values["plan_file"] = plan
        try:
            params = validate_parameters(values)
        except (ParameterError, GcmError) as exc:
            records.append(asdict(BatchRecord(country=country, status="refused",
                                              error=str(exc).replace("\n", " "))))
            continue
        tasks.append({"params": params, "output_root": str(root), "timeout": timeout,
                      "pdf": pdf, "warm": warm, "stages": tuple(stages or ())})
    bar = Progress(len(tasks) + len(records)) if progress else None
    for record in records:
        if bar:
            bar.update(record)
    runner = _run_dask if scheduler else _run_pool
    for record in runner(tasks, jobs or os.cpu_count() or 1, scheduler):
        records.append(record)
        if bar:
            bar.update(record)
    if bar:
        bar.close()
    records.sort(key=lambda r: r["country"])
    result = BatchResult(batch_id, batch_dir,
                         [BatchRecord(**r) for r in records],
                         time.perf_counter() - started)
    write_batch_outputs(result, root)
    return result


def _run_pool(tasks: list[dict[str, Any]], jobs: int, _: str | None
              ) -> Iterable[dict[str, Any]]:
    import multiprocessing

    if not tasks:
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)),
                             mp_context=context) as pool:
        futures = {pool.submit(run_task, task): task for task in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a worker process died
                yield asdict(BatchRecord(country=task["params"]["country"],
                                         status="failed",
                                         error=f"worker died: {type(exc).__name__}: "
                                               f"{exc}"))


def _run_dask(tasks: list[dict[str, Any]], jobs: int, scheduler: str | None
              ) -> Iterable[dict[str, Any]]:
    try:
        from distributed import Client, LocalCluster
        from distributed import as_completed as dask_completed
    except ImportError as exc:
        raise GcmError("--scheduler needs the 'dask' extra: pip install -e '.[dask]'"
                       ) from exc
    if not tasks:
        return
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        futures = client.map(run_task, tasks, pure=False,
                             key=[f"gcm-{t['params']['country']}-{i}"
                                  for i, t in enumerate(tasks)])
        index = {f.key: t for f, t in zip(futures, tasks, strict=True)}
        for future in dask_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a worker died
                task = index[future.key]
                yield asdict(BatchRecord(country=task["params"]["country"],
                                         status="failed",
                                         error=f"worker died: {type(exc).__name__}: "
                                               f"{exc}"))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ------------------------------------------------------------------ outputs
def manifest_frame(result: BatchResult) -> pd.DataFrame:
    """The manifest as a table, one row per country, sorted by country."""
    rows = []
    for record in result.records:
        row = {column: getattr(record, column) for column in MANIFEST_COLUMNS}
        for key, value in sorted(record.headline.items()):
            row[key] = value
        rows.append(row)
    return pd.DataFrame(rows)


def write_batch_outputs(result: BatchResult, root: Path) -> dict[str, Path]:
    """Write manifest.csv, manifest.json and index.html atomically."""
    from .reference import countries

    names = countries().set_index("iso3")["country_name"]
    for record in result.records:
        record.country_name = str(names.get(record.country, ""))
    frame = manifest_frame(result)
    batch_dir = result.batch_dir
    summary = {
        "batch_id": result.batch_id,
        "version": __version__,
        "created_utc": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "seconds": round(result.seconds, 3),
        "countries": len(result.records),
        "ok": sum(r.status == "ok" for r in result.records),
        "failed": len(result.failed),
        "runs": [asdict(r) for r in result.records],
    }
    written = {
        "manifest.csv": io.write_csv_atomic(batch_dir / "manifest.csv", frame),
        "manifest.json": io.write_json_atomic(batch_dir / "manifest.json", summary),
        "index.html": io.write_text_atomic(batch_dir / "index.html",
                                           render_index(result, summary)),
    }
    return written


_STATUS_COLOURS = {"ok": "#2e7d32", "failed": "#c62828", "timeout": "#e65100",
                   "refused": "#6a1b9a"}


def render_index(result: BatchResult, summary: Mapping[str, Any]) -> str:
    """A static, escaped index page linking every report (relative links)."""
    esc = html.escape
    headline_keys = sorted({k for r in result.records for k in r.headline})
    head = "".join(f"<th>{esc(k)}</th>" for k in headline_keys)
    rows = []
    for record in result.records:
        link = (f'<a href="../../{esc(record.report_html)}">HTML</a>'
                if record.report_html else "")
        if record.report_pdf:
            link += f' · <a href="../../{esc(record.report_pdf)}">PDF</a>'
        colour = _STATUS_COLOURS.get(record.status, "#333")
        figures = "".join(
            f"<td>{esc(_fmt(record.headline.get(k), k))}</td>" for k in headline_keys)
        rows.append(
            f"<tr><td>{esc(record.country)}</td><td>{esc(record.country_name)}</td>"
            f'<td style="color:{colour};font-weight:bold">{esc(record.status)}</td>'
            f"<td>{record.seconds:.1f}</td>{figures}<td>{link}</td>"
            f"<td>{esc(record.error)}</td></tr>")
    failed = summary["failed"]
    verdict = (f"{summary['ok']} of {summary['countries']} countries ok"
               + (f", <strong>{failed} failed</strong>" if failed else ""))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'">
<title>GCM Workbook batch {esc(result.batch_id)}</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#222}}
table{{border-collapse:collapse;font-size:13px}}td,th{{border-bottom:1px solid #ddd;
padding:4px 8px;text-align:left;vertical-align:top}}th{{background:#f3f5f8}}</style>
</head><body>
<h1>Batch {esc(result.batch_id)}</h1>
<p>{verdict} · {summary['seconds']:.0f} s · GCM Workbook {esc(__version__)}</p>
<table><thead><tr><th>ISO3</th><th>Country</th><th>Status</th><th>Seconds</th>{head}
<th>Report</th><th>Error</th></tr></thead><tbody>
{''.join(rows)}
</tbody></table></body></html>
"""


def _fmt(value: Any, key: str = "") -> str:
    """A headline value for the index: shares as percentages (each a share of
    the total cost, as the funding vocabulary names them), years as years."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key.endswith("_share") and isinstance(value, int | float):
        return f"{100 * value:.0f} %"
    if key.endswith("year") and isinstance(value, int | float):
        return str(int(value))
    if isinstance(value, int | float):
        return f"{value:,.0f}"
    return str(value)

