"""The worker side of a batch: one warm kernel, exporter and browser per worker,
and :func:`run_task`, which runs one country in a private folder."""


import json
import logging
import os
import shutil
import time
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import cleanup
from .batch_index import BatchRecord

log = logging.getLogger(__name__)


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
        for kind in ("html", "pdf", "docx"):  # the reports the run wrote
            if f"report.{kind}" in result.outputs:
                setattr(record, f"report_{kind}", f"{record.run_dir}/report.{kind}")
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
    """Headline numbers for the index page, from the run folder's tables: its
    ``headline.json`` and, as ``exchange_rates``, the dated rates its plan
    recorded (:func:`gcm_analysis.batch_currency.recorded_rates`), with which the
    index converts its amounts into the batch's common currency."""
    from .batch_currency import recorded_rates

    figures: dict[str, Any] = {}
    summary = run_dir / "headline.json"
    if summary.exists():
        figures.update(json.loads(summary.read_text(encoding="utf-8")))
        rates = recorded_rates(run_dir)
        if rates:
            figures["exchange_rates"] = rates
    return figures


def _kill_batch_processes(token: str | None = None) -> list[int]:
    """Kill every process carrying the batch's mark but multiprocessing's resource
    tracker, which serves this process and exits with it (killed, it warns)."""
    from multiprocessing import resource_tracker

    tracker = getattr(resource_tracker._resource_tracker, "_pid", None)
    return cleanup.kill_marked(token or os.environ.get(cleanup.MARK_ENV, ""),
                               keep={tracker} if tracker else set())
