"""A warm Jupyter kernel reused across notebook runs, with its state reset each time.

Starting a kernel and importing pandas and matplotlib costs about 2.5 s per
notebook; the notebooks' own work is a fraction of that. :class:`WarmKernel`
starts one kernel and runs every notebook through papermill on it (a papermill
engine, ``gcm-warm``, that hands nbclient our kernel manager). Before each
notebook a hidden first cell resets the kernel: it moves to the run's working
folder, deletes every user variable (IPython's ``reset``, as ``%reset -f``),
closes all figures and restores matplotlib's defaults; at the start of each run
(a new working folder) it also runs the garbage collector. Imported modules and
the package's caches stay loaded, which is what makes the reuse fast; they hold
no country state (the CSV cache is keyed on path and modification time and hands
out copies; a test runs country B after A in one kernel and compares with B in a
fresh kernel).

Warm kernels run with one BLAS/OpenMP thread: a batch already runs one kernel
per core, and more threads per kernel only make them compete. Warm kernels and
the fresh ones of ``gcm run`` (engine ``gcm-fresh``) keep no IPython history (an
SQLite write per cell, in the user's home) and, on Linux and macOS, talk to
their client over Unix sockets in a private folder (``ipc`` transport) rather
than over TCP ports on localhost: no port is opened, other users cannot reach
the sockets, and ipykernel has no reason to warn that traffic is unencrypted.

A kernel that dies or overruns its time is killed and replaced by a new one.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .cleanup import temp_prefix

log = logging.getLogger(__name__)

ENGINE_NAME = "gcm-warm"
RESET_TAG = "gcm-kernel-reset"

# Runs as the first (hidden) cell of every notebook. chdir first: the previous
# run's folder may be gone, and IPython's reset asks for the working directory.
# IPython's reset calls gc.collect(), which costs ~0.2 s in a kernel that has
# pandas, scipy and matplotlib loaded: it is skipped on every notebook and done
# once per run instead (``collect``), followed by gc.freeze() so later collections
# do not walk the imported modules again. Reference counting frees everything
# that is not in a reference cycle at once either way.
_RESET_CODE = """\
def __gcm_reset(cwd, collect):
    import gc, os, sys
    os.chdir(cwd)
    collect_now, gc.collect = gc.collect, (lambda generation=2: 0)
    try:
        get_ipython().reset(new_session=False)  # like %reset -f; clears this name too
    finally:
        gc.collect = collect_now
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].rcdefaults()
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    if collect:
        gc.collect()
        gc.freeze()
__gcm_reset({cwd!r}, {collect!r})
"""


#: IPython writes every cell to its history database (SQLite, in a thread), a few
#: per cent of a run's CPU; our kernels keep no history. ``In``/``Out`` still work.
KERNEL_ARGUMENTS = ("--HistoryManager.enabled=False",)


def _use_sockets_in(km: Any, folder: str) -> bool:
    """Make ``km``'s kernel listen on Unix sockets in ``folder`` (a private folder).

    Only on Unix, and only if the socket paths stay under the ~100 characters a
    Unix socket path may have; otherwise the kernel keeps TCP on localhost.
    Returns whether the sockets moved.
    """
    prefix = os.path.join(folder, "kernel")
    if os.name != "posix" or len(prefix) > 90:
        return False
    km.transport = "ipc"
    km.ip = prefix
    return True


class RunTimeout(Exception):
    """A notebook run went past its wall-clock time and its kernel was killed."""


#: papermill engine for a fresh kernel per notebook (``gcm run``), saving once.
FRESH_ENGINE_NAME = "gcm-fresh"


class _SaveOnce:
    """Make papermill write the output notebook once, when it completes.

    papermill's execution manager rewrites the whole output notebook (serialised
    and schema-validated) before and after every cell, so that a long notebook can
    be watched while it runs; for ~90 cells a country that is about 180 writes of
    a growing file, each holding the kernel up. Run folders are private staging
    folders nobody watches: the notebook is written when it completes or fails.
    """

    def __init__(self, nb_man: Any) -> None:
        self.nb_man = nb_man
        self.path = nb_man.output_path

    def __enter__(self) -> None:
        self.nb_man.output_path = None

    def __exit__(self, *exc: object) -> None:
        self.nb_man.output_path = self.path


def _name_paths(nb_man: Any) -> None:
    """Record the notebook's file names, not local paths, in its papermill metadata
    (a run reads its notebook as an object, which papermill would copy whole into
    ``input_path``)."""
    meta = nb_man.nb.metadata.get("papermill", {})
    source = nb_man.nb.metadata.get("gcm_workbook", {}).get("notebook")
    if source is not None:
        meta["input_path"] = source
    elif not isinstance(meta.get("input_path"), str | None):  # a notebook object
        meta["input_path"] = ""
    if isinstance(meta.get("output_path"), str):
        meta["output_path"] = Path(meta["output_path"]).name


def register_engines() -> None:
    """Register our papermill engines, ``gcm-fresh`` and ``gcm-warm`` (once)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    if ENGINE_NAME in papermill_engines._engines:
        return

    class FreshEngine(NBClientEngine):  # type: ignore[misc]
        """papermill's nbclient engine, writing the output notebook once; its new
        kernel keeps no history, talks over private Unix sockets and is stopped
        at once when the notebook ends (a graceful stop stalls ~5 s at times)."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):  # type: ignore[no-untyped-def]
            from jupyter_client.manager import AsyncKernelManager

            with tempfile.TemporaryDirectory(prefix=temp_prefix("kernel"),
                                             ignore_cleanup_errors=True) as folder:

                class Manager(AsyncKernelManager):  # type: ignore[misc]
                    def __init__(self, **options: Any) -> None:
                        super().__init__(**options)
                        _use_sockets_in(self, folder)

                kwargs.setdefault("kernel_manager_class", Manager)
                kwargs.setdefault("extra_arguments", list(KERNEL_ARGUMENTS))
                kwargs.setdefault("shutdown_kernel", "immediate")
                _name_paths(nb_man)
                with _SaveOnce(nb_man):
                    return super().execute_managed_notebook(nb_man, kernel_name,
                                                            **kwargs)

    class WarmEngine(NBClientEngine):  # type: ignore[misc]
        """papermill engine that executes on a kernel manager it is given."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,  # type: ignore[no-untyped-def]
                                     stdout_file=None, stderr_file=None,
                                     start_timeout=60, execution_timeout=None,
                                     km=None, kc=None, reset_cwd=None,
                                     reset_collect=True, **kwargs):
            from nbformat.v4 import new_code_cell

            reset = new_code_cell(_RESET_CODE.format(cwd=str(reset_cwd),
                                                        collect=bool(reset_collect)))
            reset.metadata["tags"] = [RESET_TAG]
            reset.metadata["papermill"] = {"exception": None, "start_time": None,
                                           "end_time": None, "duration": None,
                                           "status": "pending"}
            nb_man.nb.cells.insert(0, reset)
            _name_paths(nb_man)
            client = PapermillNotebookClient(
                nb_man, km=km, timeout=execution_timeout,
                startup_timeout=start_timeout, kernel_name=kernel_name,
                log=logging.getLogger("papermill"), log_output=log_output,
                stdout_file=stdout_file, stderr_file=stderr_file,
            )
            # a client whose channels are already open skips nbclient's ~0.2 s
            # wait_for_ready handshake on every notebook
            client.kc = kc
            try:
                with _SaveOnce(nb_man):
                    result = client.execute()
            finally:
                cells = nb_man.nb.cells
                if cells and RESET_TAG in cells[0].get("metadata", {}).get("tags", []):
                    reset_outputs = cells[0].get("outputs", [])
                    del cells[0]
                else:
                    reset_outputs = []
                if kc is None and client.kc is not None:
                    client.kc.stop_channels()
            errors = [o for o in reset_outputs if o.get("output_type") == "error"]
            if errors:
                raise RuntimeError("resetting the warm kernel failed: "
                                   f"{errors[0].get('ename')}: "
                                   f"{errors[0].get('evalue')}")
            return result

    papermill_engines.register(FRESH_ENGINE_NAME, FreshEngine)
    papermill_engines.register(ENGINE_NAME, WarmEngine)


class WarmKernel:
    """One long-lived kernel that executes stage notebooks one after another."""

    def __init__(self, kernel_name: str = "python3", startup_timeout: int = 60) -> None:
        self.kernel_name = kernel_name
        self.startup_timeout = startup_timeout
        self.km: Any = None
        self.kc: Any = None
        self.runs = 0
        self.restarts = 0
        self._last_cwd: str | None = None
        self._preload: threading.Thread | None = None
        self._socket_dir: str | None = None
        register_engines()

    def start(self, preload: str = "") -> None:
        """Start the kernel now and run ``preload`` (imports) in it in the background.

        The caller can meanwhile start its browser and exporter; the first
        notebook waits for the preload to finish. Imports are all a preload may
        do: the reset before each notebook clears every name it defines.
        """
        if self.km is None:
            self._start()
        if preload:
            from jupyter_core.utils import run_sync

            kc = self.kc

            def load() -> None:
                try:
                    run_sync(kc.execute_interactive)(preload, silent=True,
                                                     store_history=False,
                                                     timeout=self.startup_timeout)
                except Exception:  # noqa: BLE001 - the first notebook imports anyway
                    log.debug("kernel preload failed", exc_info=True)

            self._preload = threading.Thread(target=load, daemon=True)
            self._preload.start()

    def _wait_preload(self) -> None:
        """Wait for the preload; not for a kernel that died meanwhile (killed by
        a stopped batch: its preload would wait for a reply up to its timeout)."""
        if self._preload is not None:
            while self._preload.is_alive():
                self._preload.join(0.2)
                if self._preload.is_alive() and not self.is_alive():
                    break
            self._preload = None

    # ------------------------------------------------------------------ lifecycle
    def _start(self) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        km = AsyncKernelManager(kernel_name=self.kernel_name)
        self._use_private_sockets(km)
        env = dict(os.environ)
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(name, "1")
        run_sync(km.start_kernel)(env=env, extra_arguments=list(KERNEL_ARGUMENTS))
        kc = km.client()
        kc.start_channels()
        run_sync(kc.wait_for_ready)(timeout=self.startup_timeout)
        self.km, self.kc = km, kc

    def _use_private_sockets(self, km: Any) -> None:
        """Put the kernel's sockets in a new private folder."""
        self._remove_sockets()
        folder = tempfile.mkdtemp(prefix=temp_prefix("kernel"))  # mode 0700
        if _use_sockets_in(km, folder):
            self._socket_dir = folder
        else:
            os.rmdir(folder)

    def _remove_sockets(self) -> None:
        if self._socket_dir is not None:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            self._socket_dir = None

    def pid(self) -> int | None:
        """The kernel process id, or None when no kernel runs."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return getattr(process, "pid", None)

    def kill(self) -> None:
        """Kill the kernel process at once (used on timeouts and dead kernels)."""
        pid = self.pid()
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def shutdown(self) -> None:
        """Stop the kernel immediately (no graceful wait: it stalls ~5 s at times)."""
        if self.km is None:
            self._remove_sockets()  # a kernel that failed to start
            return
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:  # noqa: BLE001 - closing a dead kernel's sockets
                pass
            self.kc = None
        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - a dead kernel cannot shut down cleanly
            self.kill()
        self.km = None
        self._remove_sockets()

    def replace(self) -> None:
        """Throw the kernel away; the next run starts a new one."""
        self.kill()
        self.shutdown()
        self.restarts += 1

    def is_alive(self) -> bool:
        if self.km is None:
            return False
        from jupyter_core.utils import run_sync

        try:
            return bool(run_sync(self.km.is_alive)())
        except Exception:  # noqa: BLE001
            return False

    # ------------------------------------------------------------------ execution
    def execute(self, name: str, out_path: Path, parameters: Mapping[str, Any],
                cwd: Path, cell_timeout: int | None = 600,
                deadline: float | None = None) -> Any:
        """Execute a stage notebook on the warm kernel (runner ``Executor``).

        ``deadline`` is a ``time.monotonic()`` instant after which the kernel is
        killed and :class:`RunTimeout` raised.
        """
        import papermill

        from .nbtext import run_language, stage_source

        self._wait_preload()
        if self.km is None or not self.is_alive():
            if self.km is not None:
                self.replace()
            self._start()
        run_cwd = str(Path(cwd).resolve())  # a new folder: a new run (full gc)
        timer = None
        timed_out = threading.Event()
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RunTimeout(f"the run reached its time limit before {name} "
                                 "could start")

            def expire() -> None:
                timed_out.set()
                self.kill()

            timer = threading.Timer(remaining, expire)
            timer.daemon = True
            timer.start()
        try:
            result = papermill.execute_notebook(
                stage_source(name, run_language(out_path, parameters)), str(out_path),
                parameters=dict(parameters),
                kernel_name=self.kernel_name, engine_name=ENGINE_NAME,
                progress_bar=False, log_output=False, km=self.km, kc=self.kc,
                request_save_on_cell_execute=False,
                reset_cwd=run_cwd, reset_collect=run_cwd != self._last_cwd,
                execution_timeout=cell_timeout,
            )
            self._last_cwd = run_cwd
        except Exception:
            if timed_out.is_set():
                self.replace()
                raise RunTimeout(f"{name} went past the run's time limit; its kernel "
                                 "was killed") from None
            if not self.is_alive():
                self.replace()
            raise
        finally:
            if timer is not None:
                timer.cancel()
        self.runs += 1
        return result
