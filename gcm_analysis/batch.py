"""Batch runs: the whole chain for many countries, in parallel, past failures.

``run_batch`` validates every country's parameters first (refusals are recorded,
not raised), then runs the countries on a process pool (``--jobs`` workers, one
warm kernel, one HTML exporter and one browser per worker) or on a Dask cluster
(``scheduler="local"`` for a LocalCluster, or a scheduler address). Every run has
a wall-clock limit; a stuck or dead kernel is killed, recorded and replaced, and
the other countries go on. ``outputs/batch/<batch_id>/`` holds ``batch.json``
(what was asked: countries and parameters, for ``--resume``), ``manifest.csv``,
``manifest.json`` and ``index.html``, all written atomically, first when the
batch starts (every country ``pending``) and again each time a country finishes,
so that a batch killed outright still leaves a manifest of what completed.

SIGINT or SIGTERM (see :mod:`.cleanup`) stops a batch within seconds: queued
countries are cancelled, every process the batch started (workers, kernels,
browsers) is killed, staging and kernel folders are removed, and the manifest
and index record the countries that did not finish as ``interrupted``.
:func:`resume_batch` then runs only what is not ``ok``.
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
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, cleanup, io, paths
from .cleanup import StopOnSignals
from .errors import GcmError, ParameterError
from .parameters import validate_parameters

log = logging.getLogger(__name__)

MANIFEST_COLUMNS = ["country", "country_name", "status", "seconds", "error",
                    "run_dir", "report_html", "report_pdf", "notes"]


@dataclass
class BatchRecord:
    """One country's line in the manifest."""

    country: str
    status: str  # ok | failed | timeout | refused | interrupted | pending
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
    #: the signal that stopped the batch (``signal.SIGINT``...), or None
    interrupted: int | None = None

    @property
    def failed(self) -> list[BatchRecord]:
        return [r for r in self.records if r.status != "ok"]

    @property
    def exit_code(self) -> int:
        """0 all ok; 1 a country did not succeed; 128 + signal when interrupted."""
        if self.interrupted:
            return 128 + int(self.interrupted)
        return 1 if self.failed else 0


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
#: What was asked (countries, parameters), kept in the batch folder for --resume.
REQUEST_FILE = "batch.json"
#: How often the batch looks at its stop flag while countries run (seconds).
POLL_SECONDS = 0.2


def default_batch_id(root: Path | None = None) -> str:
    """``batch-<UTC time>``; with ``root``, a suffix (``-2``...) when that id is
    taken already (two batches started in the same second)."""
    base = dt.datetime.now(dt.UTC).strftime("batch-%Y%m%dT%H%M%SZ")
    candidate, number = base, 1
    while root is not None and (root / "batch" / candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def run_batch(countries: Iterable[str], base: Mapping[str, Any] | None = None, *,
              jobs: int | None = None, timeout: float | None = 900,
              plans_dir: Path | str | None = None, scheduler: str | None = None,
              output_root: Path | str | None = None, batch_id: str | None = None,
              pdf: bool = True, warm: bool = True,
              stages: Sequence[str] | None = None,
              progress: bool = True, force: bool = False,
              stop: StopOnSignals | None = None) -> BatchResult:
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
    force : bool
        Run even if the batch folder, or a run folder of one of the countries
        with this batch id, exists already (it is replaced).
    stop : StopOnSignals
        The flag that stops the batch (set by SIGINT or SIGTERM when the caller
        entered it as a context manager). Stopped, the batch kills every process
        it started and records unfinished countries as ``interrupted``.

    Raises
    ------
    ParameterError
        Before anything runs: the batch or one of its run folders exists (and
        not ``force``), or ``plans_dir`` is not a folder.
    """
    root = Path(output_root) if output_root else paths.OUTPUTS_DIR
    batch_id = paths.check_run_id(batch_id) if batch_id else default_batch_id(root)
    batch_dir = paths.check_output_dir(root, root / "batch" / batch_id)
    plans = Path(plans_dir) if plans_dir else None
    if plans is not None and not plans.is_dir():
        raise ParameterError(f"--plans {plans} is not a folder")
    codes = list(dict.fromkeys(countries))
    if not force:
        _refuse_existing(root, batch_id, codes)
    request = {
        "batch_id": batch_id,
        "version": __version__,
        "created_utc": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "countries": codes,
        "base": {k: v for k, v in dict(base or {}).items() if k != "run_id"},
        "timeout": timeout,
        "plans_dir": str(plans.resolve()) if plans is not None else None,
        "pdf": pdf,
        "warm": warm,
        "stages": list(stages or ()),
    }
    io.write_json_atomic(batch_dir / REQUEST_FILE, request)
    return _execute(request, root, codes, {}, jobs=jobs, scheduler=scheduler,
                    progress=progress, stop=stop)


def resume_batch(batch_id: str, *, output_root: Path | str | None = None,
                 jobs: int | None = None, scheduler: str | None = None,
                 progress: bool = True, stop: StopOnSignals | None = None
                 ) -> BatchResult:
    """Run again the countries of a batch that are not ``ok`` in its manifest.

    Countries, parameters, plans, time limit, PDF and stages come from the
    batch's ``batch.json``; a country whose manifest row is missing, ``pending``,
    ``interrupted``, ``failed``, ``timeout`` or ``refused``, or whose run folder
    is gone, runs again. The manifest and index are rewritten for the whole batch.
    """
    root = Path(output_root) if output_root else paths.OUTPUTS_DIR
    batch_dir = paths.check_output_dir(root, root / "batch" / paths.check_run_id(
        batch_id))
    request_path = batch_dir / REQUEST_FILE
    if not request_path.is_file():
        raise ParameterError(
            f"cannot resume batch {batch_id!r}: {request_path} does not exist (a "
            "batch started by this version of gcm records its parameters there)")
    request = json.loads(request_path.read_text(encoding="utf-8"))
    kept: dict[str, dict[str, Any]] = {}
    manifest = batch_dir / "manifest.json"
    if manifest.is_file():
        for run in json.loads(manifest.read_text(encoding="utf-8")).get("runs", []):
            if run.get("status") == "ok" and run.get("run_dir") \
                    and (root / run["run_dir"] / "run.json").is_file():
                kept[run["country"]] = run
    todo = [c for c in request["countries"] if c not in kept]
    return _execute(request, root, todo, kept, jobs=jobs, scheduler=scheduler,
                    progress=progress, stop=stop)


def _refuse_existing(root: Path, batch_id: str, codes: Sequence[str]) -> None:
    batch_dir = root / "batch" / batch_id
    if batch_dir.exists():
        raise ParameterError(
            f"batch {batch_id} exists already ({batch_dir}): finish it with "
            f"--resume {batch_id}, or run it again from the start with --force")
    taken = [c for c in codes if len(c) == 3 and c.isalpha() and c.isupper()
             and paths.run_dir(c, batch_id, root).exists()]
    if taken:
        listed = ", ".join(taken[:5]) + (f" and {len(taken) - 5} more"
                                          if len(taken) > 5 else "")
        raise ParameterError(
            f"run id {batch_id} exists already for {listed} (in {root}): choose "
            "another --batch-id, or use --force to replace those runs")


def _execute(request: Mapping[str, Any], root: Path, todo: Sequence[str],
             kept: Mapping[str, dict[str, Any]], *, jobs: int | None,
             scheduler: str | None, progress: bool,
             stop: StopOnSignals | None) -> BatchResult:
    """Run ``todo`` for the batch ``request``; ``kept`` are finished records."""
    started = time.perf_counter()
    stop = stop if stop is not None else StopOnSignals()  # a flag nobody sets
    batch_id = request["batch_id"]
    batch_dir = root / "batch" / batch_id
    writer = _ManifestWriter(batch_id, batch_dir, root, started)
    records = {c: dict(kept[c]) if c in kept
               else asdict(BatchRecord(country=c, status="pending"))
               for c in request["countries"]}
    bar = Progress(len(todo)) if progress else None
    tasks = _tasks(request, root, todo, records, bar, stop)
    writer.write(records)

    def finished(record: dict[str, Any]) -> None:
        records[record["country"]] = record
        if bar:
            bar.update(record)
        writer.write(records)

    runner = _run_dask if scheduler else _run_pool
    with cleanup.mark_processes() as token:
        try:
            runner(tasks, jobs or os.cpu_count() or 1, scheduler, stop, finished)
        except BaseException:  # a KeyboardInterrupt outside the CLI, or a bug
            stop.request()
            raise
        finally:
            _leave_nothing(token, root, stopped=stop.is_set())
            _mark_unfinished(records, stop)
            if bar:
                bar.close()
            result = writer.write(records, interrupted=stop.signum
                                  if stop.is_set() else None)
    return result


def _tasks(request: Mapping[str, Any], root: Path, todo: Sequence[str],
           records: dict[str, dict[str, Any]], bar: Progress | None,
           stop: StopOnSignals) -> list[dict[str, Any]]:
    """Validate each country's parameters (refusals go to ``records``)."""
    plans = Path(request["plans_dir"]) if request.get("plans_dir") else None
    base = dict(request["base"], run_id=request["batch_id"])
    tasks: list[dict[str, Any]] = []
    for country in todo:
        if stop.is_set():
            break
        values = dict(base, country=country)
        plan = plan_for(country, plans) if country.isalpha() else ""
        if plan:
            values["plan_file"] = plan
        try:
            params = validate_parameters(values)
        except (ParameterError, GcmError) as exc:
            records[country] = asdict(BatchRecord(country=country, status="refused",
                                                  error=str(exc).replace("\n", " ")))
            if bar:
                bar.update(records[country])
            continue
        tasks.append({"params": params, "output_root": str(root),
                      "timeout": request.get("timeout"), "pdf": request["pdf"],
                      "warm": request["warm"],
                      "stages": tuple(request.get("stages") or ())})
    return tasks


def _leave_nothing(token: str, root: Path, stopped: bool) -> None:
    """Kill what the batch started and remove its working folders.

    Stopped: every process carrying the batch's mark, at once. Finished: the
    workers have shut their kernels and browsers down already; anything still
    marked is a leak and is killed too (multiprocessing's shared resource
    tracker excepted: it serves this process, and exits with it).
    """
    leaked = _kill_batch_processes(token)
    if leaked and not stopped:
        log.warning("killed %d processes the batch left running", len(leaked))
    cleanup.remove_leftovers(root)


def _kill_batch_processes(token: str | None = None) -> list[int]:
    """Kill every process carrying the batch's mark but multiprocessing's resource
    tracker, which serves this process and exits with it (killed, it warns)."""
    from multiprocessing import resource_tracker

    tracker = getattr(resource_tracker._resource_tracker, "_pid", None)
    return cleanup.kill_marked(token or os.environ.get(cleanup.MARK_ENV, ""),
                               keep={tracker} if tracker else set())


def _mark_unfinished(records: dict[str, dict[str, Any]], stop: StopOnSignals
                     ) -> None:
    import signal

    name = signal.Signals(stop.signum).name if stop.signum else "an interruption"
    for country, record in records.items():
        if record["status"] == "pending":
            records[country] = asdict(BatchRecord(
                country=country, status="interrupted",
                error=f"stopped by {name} before it finished"))


def _init_worker() -> None:
    """A batch worker leaves Ctrl-C to the batch's main process, which stops it and
    everything it started; on Linux it dies with the main process."""
    import signal

    signal.signal(signal.SIGINT, _ignore_signal)
    cleanup.kill_at_parent_death()


def _ignore_signal(signum: int, frame: Any) -> None:
    """A handler, not SIG_IGN: processes the worker starts get the default back."""


def _run_pool(tasks: list[dict[str, Any]], jobs: int, _: str | None,
              stop: StopOnSignals, finished: Any) -> None:
    import multiprocessing

    if not tasks:
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context,
                               initializer=_init_worker)
    futures = {pool.submit(run_task, task): task for task in tasks}
    pending = set(futures)
    try:
        while pending and not stop.is_set():
            done, pending = wait(pending, timeout=POLL_SECONDS,
                                 return_when=FIRST_COMPLETED)
            for future in done:
                record = _pool_outcome(future, futures[future])
                # once stopped, only a success is a result: a failure may be
                # the stop itself (a worker killed by a signal to the group)
                if not stop.is_set() or record["status"] == "ok":
                    finished(record)
    finally:
        if pending:
            stop.request()
        if stop.is_set():
            # workers first, queued work with them: the pool then fails every
            # pending future as broken (cancelling them ourselves races with
            # that in Python 3.11 and kills the pool's manager thread)
            _kill_batch_processes()
        pool.shutdown(wait=True)


def _pool_outcome(future: Any, task: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return dict(future.result())
    except Exception as exc:  # noqa: BLE001 - a worker process died
        return asdict(BatchRecord(country=task["params"]["country"],
                                  status="failed",
                                  error=f"worker died: {type(exc).__name__}: {exc}"))


def _run_dask(tasks: list[dict[str, Any]], jobs: int, scheduler: str | None,
              stop: StopOnSignals, finished: Any) -> None:
    try:
        from distributed import Client, LocalCluster
        from distributed import wait as dask_wait
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
    futures = client.map(run_task, tasks, pure=False,
                         key=[f"gcm-{t['params']['country']}-{i}"
                              for i, t in enumerate(tasks)])
    index = {f.key: t for f, t in zip(futures, tasks, strict=True)}
    pending = set(futures)
    try:
        while pending and not stop.is_set():
            try:
                done, pending = dask_wait(list(pending), timeout=POLL_SECONDS,
                                          return_when="FIRST_COMPLETED")
            except TimeoutError:
                continue
            pending = set(pending)
            for future in done:
                record = _dask_outcome(future, index[future.key])
                if not stop.is_set() or record["status"] == "ok":
                    finished(record)
    finally:
        if pending:
            stop.request()
            client.cancel(list(pending), force=True)
        client.close(timeout=5)
        if cluster is not None:
            if stop.is_set():  # its processes carry the mark: no polite close
                _kill_batch_processes()
            cluster.close(timeout=5)


def _dask_outcome(future: Any, task: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return dict(future.result())
    except Exception as exc:  # noqa: BLE001 - a worker died
        return asdict(BatchRecord(country=task["params"]["country"], status="failed",
                                  error=f"worker died: {type(exc).__name__}: {exc}"))


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


class _ManifestWriter:
    """Writes the batch's manifest and index, again each time a country ends."""

    def __init__(self, batch_id: str, batch_dir: Path, root: Path, started: float
                 ) -> None:
        self.batch_id, self.batch_dir, self.root = batch_id, batch_dir, root
        self.started = started

    def write(self, records: Mapping[str, Mapping[str, Any]],
              interrupted: int | None = None) -> BatchResult:
        rows = [BatchRecord(**records[c]) for c in sorted(records)]
        result = BatchResult(self.batch_id, self.batch_dir, rows,
                             time.perf_counter() - self.started, interrupted)
        write_batch_outputs(result, self.root)
        return result


def write_batch_outputs(result: BatchResult, root: Path) -> dict[str, Path]:
    """Write manifest.csv, manifest.json and index.html atomically."""
    names = _country_names()
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
        "failed": sum(r.status in ("failed", "timeout", "refused")
                      for r in result.records),
        "interrupted": sum(r.status == "interrupted" for r in result.records),
        "pending": sum(r.status == "pending" for r in result.records),
        "complete": all(r.status not in ("pending", "interrupted")
                        for r in result.records),
        "stopped_by": _signal_name(result.interrupted),
        "runs": [asdict(r) for r in result.records],
    }
    written = {
        "manifest.csv": io.write_csv_atomic(batch_dir / "manifest.csv", frame),
        "manifest.json": io.write_json_atomic(batch_dir / "manifest.json", summary),
        "index.html": io.write_text_atomic(batch_dir / "index.html",
                                           render_index(result, summary)),
    }
    return written


def _country_names() -> Mapping[str, str]:
    from .reference import countries

    return countries().set_index("iso3")["country_name"].to_dict()


def _signal_name(signum: int | None) -> str | None:
    import signal

    return signal.Signals(signum).name if signum else None


_STATUS_COLOURS = {"ok": "#2e7d32", "failed": "#c62828", "timeout": "#e65100",
                   "refused": "#6a1b9a", "interrupted": "#5d4037",
                   "pending": "#546e7a"}


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
            f"<td>{esc(_fmt(record.headline.get(k)))}</td>" for k in headline_keys)
        rows.append(
            f"<tr><td>{esc(record.country)}</td><td>{esc(record.country_name)}</td>"
            f'<td style="color:{colour};font-weight:bold">{esc(record.status)}</td>'
            f"<td>{record.seconds:.1f}</td>{figures}<td>{link}</td>"
            f"<td>{esc(record.error)}</td></tr>")
    failed = summary["failed"]
    verdict = (f"{summary['ok']} of {summary['countries']} countries ok"
               + (f", <strong>{failed} failed</strong>" if failed else ""))
    if summary["stopped_by"]:
        verdict += (f" · <strong>stopped by {esc(summary['stopped_by'])}</strong>: "
                    f"{summary['interrupted']} interrupted; finish with "
                    f"<code>gcm batch --resume {esc(result.batch_id)}</code>")
    elif summary["pending"]:
        verdict += f" · running: {summary['pending']} to go"
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


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, int | float):
        return f"{value:,.0f}"
    return str(value)

