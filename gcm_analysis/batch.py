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
import shutil
import sys
import time
import uuid
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
from .remote import UrlOutput, is_url, local_path

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
    #: where the index is (a URL for a remote output root)
    location: str = ""

    def __post_init__(self) -> None:
        self.location = self.location or str(self.batch_dir / "index.html")

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


def _worker_root() -> Path:
    """This worker's private folder for run folders on their way to the batch."""
    root = _WORKER.get("root")
    if root is None or not Path(root).is_dir():
        import atexit
        import tempfile

        root = tempfile.mkdtemp(prefix=cleanup.temp_prefix("runs"))
        _WORKER["root"] = root
        atexit.register(shutil.rmtree, root, True)
    return Path(root)


def _stop_current_run() -> bool:
    """End the country this worker runs (a stopped batch on a remote cluster):
    no further stage starts, and the kernel is killed; True if there was one."""
    _WORKER["stops"] = _WORKER.get("stops", 0) + 1
    kernel = _WORKER.get("kernel")
    if kernel is None:
        return False
    kernel.kill()
    return True


class _Stopped(Exception):
    """The batch stopped this country (see :func:`_stop_current_run`)."""


def run_task(task: Mapping[str, Any]) -> dict[str, Any]:
    """Run one country (in a worker process); never raises, returns a record dict.

    ``task``: ``params`` (validated), ``timeout`` (seconds for the whole run),
    ``pdf``, ``warm`` (reuse this worker's kernel), ``stages``, and the plan as
    ``plan_archive`` (:func:`.cluster.pack_dir` bytes) with its ``plan_name``.
    The run folder is made in this worker's private folder and returned, packed,
    under the record's ``archive`` key (see :mod:`.cluster`): the worker needs no
    disk in common with the batch.
    """
    from .cluster import pack_dir, unpack_into
    from .kernels import RunTimeout
    from .runner import run_country

    params = dict(task["params"])
    started = time.perf_counter()
    timeout = task.get("timeout")
    deadline = time.monotonic() + float(timeout) if timeout else None
    record = BatchRecord(country=params["country"], status="failed")
    archive = None
    work_root = _worker_root()
    plan_dir = None
    try:
        if task.get("plan_archive"):
            plan_dir = unpack_into(task["plan_archive"], work_root / ".plans"
                                   / f"{params['country']}-{os.getpid()}")
            params["plan_file"] = str(plan_dir / task["plan_name"])
        stops = _WORKER.get("stops", 0)
        kernel = _warm_kernel(bool(task.get("pdf", True))) if task.get("warm", True) \
            else None

        def executor(name, out_path, parameters, cwd, cell_timeout=None):  # type: ignore[no-untyped-def]
            if kernel is not None:  # a kernel killed while importing is not
                kernel._wait_preload()  # restarted for a stopped batch
            if _WORKER.get("stops", 0) != stops:
                raise _Stopped("stopped: the batch was interrupted")
            if kernel is None:
                from .runner import execute_notebook

                return execute_notebook(name, out_path, parameters, cwd,
                                        cell_timeout)
            return kernel.execute(name, out_path, parameters, cwd, cell_timeout,
                                  deadline=deadline)
        result = run_country(params, output_root=work_root,
                             pdf=task.get("pdf", True), executor=executor,
                             stages=task.get("stages") or _default_stages())
        record.status = result.status
        record.error = result.error or ""
        if "RunTimeout" in record.error or "past the run's time limit" in record.error:
            record.status = "timeout"
        record.run_dir = result.run_dir.relative_to(work_root).as_posix()
        if "report.html" in result.outputs:
            record.report_html = f"{record.run_dir}/report.html"
        if "report.pdf" in result.outputs:
            record.report_pdf = f"{record.run_dir}/report.pdf"
        record.notes = " | ".join(result.notes)
        record.headline = headline_figures(result.run_dir)
        archive = pack_dir(result.run_dir)
    except RunTimeout as exc:
        record.status, record.error = "timeout", str(exc)
    except Exception as exc:  # noqa: BLE001 - one country never sinks a batch
        record.error = f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(work_root / params["country"], ignore_errors=True)
        if plan_dir is not None:
            shutil.rmtree(plan_dir, ignore_errors=True)
    record.seconds = round(time.perf_counter() - started, 3)
    return dict(asdict(record), archive=archive)


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
    mirror = UrlOutput(str(output_root)) if is_url(output_root) else None
    root = mirror.local if mirror else local_path(output_root) if output_root \
        else paths.OUTPUTS_DIR
    try:
        batch_id = paths.check_run_id(batch_id) if batch_id \
            else default_batch_id(root)
        paths.check_output_dir(root, root / "batch" / batch_id)  # before any write
        plans = Path(plans_dir) if plans_dir else None
        if plans is not None and not plans.is_dir():
            raise ParameterError(f"--plans {plans} is not a folder")
        codes = list(dict.fromkeys(countries))
        if not force:
            _refuse_existing(root, batch_id, codes, mirror)
    except BaseException:
        if mirror:
            mirror.close()
        raise
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
    return _execute(request, root, codes, {}, jobs=jobs, scheduler=scheduler,
                    progress=progress, stop=stop, new=True, mirror=mirror)


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
    mirror = UrlOutput(str(output_root)) if is_url(output_root) else None
    root = mirror.local if mirror else local_path(output_root) if output_root \
        else paths.OUTPUTS_DIR
    try:
        batch_dir = paths.check_output_dir(root, root / "batch" / paths.check_run_id(
            batch_id))
        if mirror:
            for name in (REQUEST_FILE, "manifest.json"):
                mirror.pull(f"batch/{batch_id}/{name}")
        request_path = batch_dir / REQUEST_FILE
        if not request_path.is_file():
            where = mirror.url + f"/batch/{batch_id}" if mirror else str(batch_dir)
            raise ParameterError(
                f"cannot resume batch {batch_id!r}: {where}/{REQUEST_FILE} does not "
                "exist (a batch started by this version of gcm records its "
                "parameters there)")
        request = json.loads(request_path.read_text(encoding="utf-8"))
        kept: dict[str, dict[str, Any]] = {}
        manifest = batch_dir / "manifest.json"
        if manifest.is_file():
            for run in json.loads(manifest.read_text(encoding="utf-8")).get("runs",
                                                                             []):
                done = f"{run.get('run_dir')}/run.json"
                if run.get("status") == "ok" and run.get("run_dir") and (
                        mirror.exists(done) if mirror else (root / done).is_file()):
                    kept[run["country"]] = run
    except BaseException:
        if mirror:
            mirror.close()
        raise
    todo = [c for c in request["countries"] if c not in kept]
    return _execute(request, root, todo, kept, jobs=jobs, scheduler=scheduler,
                    progress=progress, stop=stop, mirror=mirror)


def _refuse_existing(root: Path, batch_id: str, codes: Sequence[str],
                     mirror: UrlOutput | None = None) -> None:
    batch_dir = root / "batch" / batch_id

    def exists(relative: str) -> bool:
        return mirror.exists(relative) if mirror else (root / relative).exists()

    if exists(f"batch/{batch_id}"):
        where = f"{mirror.url}/batch/{batch_id}" if mirror else batch_dir
        raise ParameterError(
            f"batch {batch_id} exists already ({where}): finish it with "
            f"--resume {batch_id}, or run it again from the start with --force")
    taken = [c for c in codes if len(c) == 3 and c.isalpha() and c.isupper()
             and exists(f"{c}/{batch_id}")]
    if taken:
        listed = ", ".join(taken[:5]) + (f" and {len(taken) - 5} more"
                                          if len(taken) > 5 else "")
        raise ParameterError(
            f"run id {batch_id} exists already for {listed} (in {root}): choose "
            "another --batch-id, or use --force to replace those runs")


def _execute(request: Mapping[str, Any], root: Path, todo: Sequence[str],
             kept: Mapping[str, dict[str, Any]], *, jobs: int | None,
             scheduler: str | None, progress: bool,
             stop: StopOnSignals | None, new: bool = False,
             mirror: UrlOutput | None = None) -> BatchResult:
    """Run ``todo`` for the batch ``request``; ``kept`` are finished records.

    ``new``: write ``batch.json`` (once the Dask workers, if any, passed their
    check: a refused batch writes nothing). ``mirror``: the remote output root
    (``root`` is then its local working folder).
    """
    started = time.perf_counter()
    stop = stop if stop is not None else StopOnSignals()  # a flag nobody sets
    batch_id = request["batch_id"]
    batch_dir = root / "batch" / batch_id
    jobs = jobs or os.cpu_count() or 1
    with cleanup.mark_processes() as token:
        dask = DaskCluster(scheduler, jobs, bool(request["pdf"])) \
            if scheduler and todo else None
        try:
            if new:
                io.write_json_atomic(batch_dir / REQUEST_FILE, request)
            return _execute_here(request, root, todo, kept, jobs=jobs, dask=dask,
                                 progress=progress, stop=stop, token=token,
                                 started=started, mirror=mirror)
        finally:
            if dask is not None:
                dask.close(stopped=stop.is_set())
            _leave_nothing(token, root, stopped=stop.is_set())
            if mirror is not None:
                mirror.close()


def _execute_here(request: Mapping[str, Any], root: Path, todo: Sequence[str],
                  kept: Mapping[str, dict[str, Any]], *, jobs: int,
                  dask: DaskCluster | None, progress: bool, stop: StopOnSignals,
                  token: str, started: float, mirror: UrlOutput | None
                  ) -> BatchResult:
    batch_id = request["batch_id"]
    writer = _ManifestWriter(batch_id, root / "batch" / batch_id, root, started,
                             mirror)
    records = {c: dict(kept[c]) if c in kept
               else asdict(BatchRecord(country=c, status="pending"))
               for c in request["countries"]}
    bar = Progress(len(todo)) if progress else None
    tasks = _tasks(request, root, todo, records, bar, stop)
    writer.write(records)

    def finished(record: dict[str, Any]) -> None:
        record = _install(record, root, batch_id, mirror)
        records[record["country"]] = record
        if bar:
            bar.update(record)
        writer.write(records)

    try:
        if dask is not None:
            _run_dask(tasks, dask, stop, finished)
        else:
            _run_pool(tasks, jobs, stop, finished)
    except BaseException:  # a KeyboardInterrupt outside the CLI, or a bug
        stop.request()
        raise
    finally:
        if stop.is_set():
            if dask is not None:
                dask.close(stopped=True)
            _leave_nothing(token, root, stopped=True)
        _mark_unfinished(records, stop)
        if bar:
            bar.close()
        result = writer.write(records, interrupted=stop.signum
                              if stop.is_set() else None)
    return result


def _install(record: dict[str, Any], root: Path, batch_id: str,
             mirror: UrlOutput | None = None) -> dict[str, Any]:
    """Write a finished country's shipped run folder under ``root`` (and to the
    remote output root); return the record without the archive (a failure to
    write it fails the country)."""
    from .cluster import install_run

    record = dict(record)
    archive = record.pop("archive", None)
    if archive:
        try:
            final = install_run(archive, record["country"], batch_id, root)
            if mirror is not None:
                mirror.push_run(final.relative_to(root).as_posix())
        except Exception as exc:  # noqa: BLE001 - this country fails, not the batch
            record.update(status="failed", report_html="", report_pdf="",
                          error=f"writing the run folder under {root} failed: "
                                f"{type(exc).__name__}: {exc}")
    return record


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
        task = {"params": params, "timeout": request.get("timeout"),
                "pdf": request["pdf"], "warm": request["warm"],
                "stages": tuple(request.get("stages") or ())}
        if plan:  # the worker may not see this disk: the plan travels with the task
            from .cluster import pack_dir

            task.update(plan_archive=pack_dir(plan), plan_name=Path(plan).name)
        tasks.append(task)
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


def _run_pool(tasks: list[dict[str, Any]], jobs: int, stop: StopOnSignals,
              finished: Any) -> None:
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


class DaskCluster:
    """A connection to a Dask scheduler, its workers checked (:mod:`.cluster`).

    ``scheduler="local"`` starts a LocalCluster of ``jobs`` worker processes on
    this machine; any other value is a scheduler address. Connecting refuses,
    before anything runs, when a worker has another package version or data
    build, or (on a remote cluster, PDF asked) cannot print PDFs.
    """

    def __init__(self, scheduler: str, jobs: int, pdf: bool) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise GcmError("--scheduler needs the 'dask' extra: pip install -e "
                           "'.[dask]'") from exc
        from .cluster import check_workers

        self.local = scheduler == "local"
        self.cluster = None
        if self.local:
            self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1,
                                        processes=True, dashboard_address=None,
                                        silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(scheduler, timeout="30s")
            except (OSError, TimeoutError) as exc:
                raise ParameterError(f"cannot reach the Dask scheduler {scheduler}: "
                                     f"{exc}") from exc
        try:
            # same machine as this batch: PDF as in a local batch (a note if
            # Chromium is missing); a remote worker must be able to print
            self.workers = check_workers(self.client, pdf=pdf and not self.local)
        except BaseException:
            self.close(stopped=True)
            raise

    def close(self, stopped: bool = False) -> None:
        if self.client is None:
            return
        if stopped and not self.local:  # end the countries running out there
            try:
                self.client.run(_stop_current_run, on_error="return")
            except Exception:  # noqa: BLE001 - a worker gone already
                log.debug("stopping remote runs failed", exc_info=True)
        client, self.client = self.client, None
        try:
            client.close(timeout=5)
        finally:
            if self.cluster is not None:
                if stopped:  # its processes carry the batch's mark: no polite close
                    _kill_batch_processes()
                self.cluster.close(timeout=5)


def _run_dask(tasks: list[dict[str, Any]], dask: DaskCluster, stop: StopOnSignals,
              finished: Any) -> None:
    """Send countries to the cluster one per free worker thread, as others finish.

    Dask would hand all of them to the workers at once; a worker that dies then
    takes the countries queued on it down with the one it runs, and Ctrl-C has
    the whole batch to cancel out there. Held back here, a lost worker costs one
    country (reported failed when the scheduler gives up on it: its
    ``allowed-failures``; with the default, 3, Dask first runs it again on
    another worker) and nothing waits on the cluster but what runs.
    """
    from distributed import wait as dask_wait

    client = dask.client
    tag = uuid.uuid4().hex[:8]
    queue = list(enumerate(tasks))
    index: dict[str, dict[str, Any]] = {}
    pending: set[Any] = set()
    try:
        while (queue or pending) and not stop.is_set():
            if queue and len(pending) < max(sum(client.nthreads().values()), 1):
                number, task = queue.pop(0)
                key = f"gcm-{task['params']['country']}-{tag}-{number}"
                pending.add(client.submit(run_task, task, key=key, pure=False))
                index[key] = task
                continue
            try:
                done, not_done = dask_wait(list(pending), timeout=POLL_SECONDS,
                                           return_when="FIRST_COMPLETED")
            except TimeoutError:
                continue
            pending = set(not_done)
            for future in done:
                record = _dask_outcome(future, index[future.key])
                if not stop.is_set() or record["status"] == "ok":
                    finished(record)
    finally:
        if pending or queue:
            stop.request()
        if pending:
            client.cancel(list(pending), force=True)


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

    def __init__(self, batch_id: str, batch_dir: Path, root: Path, started: float,
                 mirror: UrlOutput | None = None) -> None:
        self.batch_id, self.batch_dir, self.root = batch_id, batch_dir, root
        self.started, self.mirror = started, mirror

    def write(self, records: Mapping[str, Mapping[str, Any]],
              interrupted: int | None = None) -> BatchResult:
        rows = [BatchRecord(**records[c]) for c in sorted(records)]
        result = BatchResult(self.batch_id, self.batch_dir, rows,
                             time.perf_counter() - self.started, interrupted)
        written = write_batch_outputs(result, self.root)
        if self.mirror is not None:
            self.mirror.push_files(f"batch/{self.batch_id}",
                                   [REQUEST_FILE, *written])
            result.location = f"{self.mirror.url}/batch/{self.batch_id}/index.html"
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
            f"<td>{esc(_fmt(record.headline.get(k), k))}</td>" for k in headline_keys)
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

