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
import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__, cleanup, io, paths
from .batch_dask import DaskCluster, _run_dask  # noqa: F401 - re-exported
from .batch_index import (  # noqa: F401 - re-exported: the batch's records and outputs
    MANIFEST_COLUMNS,
    POLL_SECONDS,
    REQUEST_FILE,
    BatchRecord,
    BatchResult,
    _ManifestWriter,
    manifest_frame,
    render_index,
    write_batch_outputs,
)
from .batch_worker import (  # noqa: F401 - re-exported: the worker side
    KERNEL_PRELOAD,
    _kill_batch_processes,
    _stop_current_run,
    headline_figures,
    run_task,
)
from .cleanup import StopOnSignals
from .errors import GcmError, ParameterError
from .numbers import number, percent
from .remote import UrlOutput, is_url, local_path
from .stages.params import validate_parameters
from .termtext import say, terminal_lang

log = logging.getLogger(__name__)

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


# ------------------------------------------------------------------ progress
class Progress:
    """One progress display across runs: a tqdm bar on a terminal; in a log file a
    plain line at most every 10 % (no line per tick, no carriage returns)."""

    def __init__(self, total: int, stream: Any = None, lang: str = "en") -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.lang = lang
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
            print(say("batch_progress", self.lang, done=self.done, total=self.total,
                      share=percent(share, self.lang), failed=self.failed,
                      seconds=number(elapsed, self.lang)), file=self.stream,
                  flush=True)
            self._next_report = share + 0.1

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# ------------------------------------------------------------------ running
#: What was asked (countries, parameters), kept in the batch folder for --resume.
#: How often the batch looks at its stop flag while countries run (seconds).


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
                             mirror, lang=str((request.get("base") or {}).get(
                                 "lang") or "en"))
    records = {c: dict(kept[c]) if c in kept
               else asdict(BatchRecord(country=c, status="pending"))
               for c in request["countries"]}
    bar = Progress(len(todo), lang=terminal_lang(
        (request.get("base") or {}).get("lang"))) if progress else None
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
              finished: Any, target: Any = None) -> None:
    """Run ``tasks`` on ``jobs`` worker processes; ``finished(record)`` for each.

    A worker that dies (killed by the system for memory, a crash in a native
    library) breaks the whole pool: Python then fails every country still queued.
    Those are not at fault: the countries that were running when it broke are
    run again, each alone in a pool of its own (the one that kills its worker
    again fails by itself, "worker died"), and the queued ones in a new pool.
    """
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    target = run_task if target is None else target
    if not tasks:
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context,
                               initializer=_init_worker)
    futures = {pool.submit(target, task): task for task in tasks}
    pending = set(futures)
    running: set[Any] = set()
    broken: list[dict[str, Any]] = []
    suspects: list[dict[str, Any]] = []
    try:
        while pending and not stop.is_set():
            done, pending = wait(pending, timeout=POLL_SECONDS,
                                 return_when=FIRST_COMPLETED)
            for future in done:
                if (not stop.is_set() and len(tasks) > 1
                        and isinstance(future.exception(), BrokenProcessPool)):
                    (suspects if future in running else broken).append(
                        futures[future])
                    continue
                record = _pool_outcome(future, futures[future])
                # once stopped, only a success is a result: a failure may be
                # the stop itself (a worker killed by a signal to the group)
                if not stop.is_set() or record["status"] == "ok":
                    finished(record)
            running = {f for f in pending if f.running()}
    finally:
        if pending:
            stop.request()
        if stop.is_set():
            # workers first, queued work with them: the pool then fails every
            # pending future as broken (cancelling them ourselves races with
            # that in Python 3.11 and kills the pool's manager thread)
            _kill_batch_processes()
        pool.shutdown(wait=True)
    if len(suspects) + len(broken) == len(tasks):
        # not one country finished before the pool broke: no telling which one
        # broke it, so each runs alone
        suspects, broken = suspects + broken, []
    for task in suspects:
        if not stop.is_set():
            _run_pool([task], 1, stop, finished, target)
    if broken and not stop.is_set():  # fewer tasks than this pool had: it ends
        _run_pool(broken, jobs, stop, finished, target)


def _pool_outcome(future: Any, task: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return dict(future.result())
    except Exception as exc:  # noqa: BLE001 - a worker process died
        return asdict(BatchRecord(country=task["params"]["country"],
                                  status="failed",
                                  error=f"worker died: {type(exc).__name__}: {exc}"))
