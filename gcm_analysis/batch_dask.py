"""Batches on a Dask cluster (a LocalCluster or a scheduler address)."""


import logging
import uuid
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from .batch_index import POLL_SECONDS, BatchRecord
from .batch_worker import _kill_batch_processes, _stop_current_run, run_task
from .cleanup import StopOnSignals
from .errors import GcmError, ParameterError

log = logging.getLogger(__name__)


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
        self.cluster: Any = None
        self.client: Any = None
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
