"""Leave nothing behind: stop an interrupted command whole, clean up after a killed one.

Three pieces, used by ``gcm run`` and ``gcm batch``:

* **Signals.** :class:`StopOnSignals` turns SIGINT and SIGTERM into a flag the
  command polls (a batch stops between two checks, a fraction of a second apart)
  or into an :class:`Interrupted` exception (a single run); the command then
  exits ``128 + signal`` (130 for SIGINT, 143 for SIGTERM).
* **Process mark.** :func:`mark_processes` puts a random token in the command's
  environment (``GCM_PROCESS_MARK``) while it runs. Every process it starts
  inherits it (batch workers, their kernels, the PDF driver and Chromium, Dask's
  local workers), also once re-parented to init because its parent died or
  started it in a session of its own, as Jupyter kernels and browsers are.
  :func:`kill_marked` finds them by that token and kills them.
* **Owner-tagged folders.** Every folder our code creates for a run's working
  files carries the process id of its creator in its name: staging folders
  ``<output root>/.staging/<ISO3>-<run_id>-p<pid>h<host>-<hex>`` and, in the
  system's temporary folder, ``gcm-kernel-<pid>-*`` (kernel sockets),
  ``gcm-chromium-<pid>-*`` (browser profile) and ``gcm-runs-<pid>-*`` (a batch
  worker's run folders before they are shipped to the batch's output root).
  :func:`remove_leftovers` deletes those whose creator is gone (on this host),
  and nothing else: a folder without our prefix, or whose process still runs,
  is left alone.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)

#: Environment variable holding the token of the command that started a process.
MARK_ENV = "GCM_PROCESS_MARK"
#: Prefixes of our folders in the system's temporary folder (then ``<pid>-``).
TEMP_KINDS = ("kernel", "chromium", "runs")
_TEMP_NAME = re.compile(r"^gcm-(?:kernel|chromium|runs)-(\d+)-[A-Za-z0-9_]+$")
_STAGING_NAME = re.compile(r"-p(\d+)h([0-9a-f]{8})-[0-9a-f]{8}$")


# ------------------------------------------------------------------ signals
class Interrupted(KeyboardInterrupt):
    """The command was asked to stop (SIGINT or SIGTERM); ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StopOnSignals:
    """Catch SIGINT and SIGTERM while the ``with`` block runs.

    ``raise_first=False`` (batches): a signal only sets :attr:`signum` and the
    event :attr:`requested`; the caller polls. ``raise_first=True`` (single
    runs): the first signal raises :class:`Interrupted` in the main thread,
    later ones are only recorded, so that cleaning up is not cut short by a
    second Ctrl-C. Outside the main thread signals cannot be caught: the object
    then only works as a flag that :meth:`request` sets.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, raise_first: bool = False) -> None:
        self.raise_first = raise_first
        self.requested = threading.Event()
        self.signum: int | None = None
        self._saved: dict[int, Any] = {}

    def request(self, signum: int = signal.SIGINT) -> None:
        """Ask to stop, as a signal would."""
        if self.signum is None:
            self.signum = signum
        self.requested.set()

    def is_set(self) -> bool:
        return self.requested.is_set()

    @property
    def exit_code(self) -> int:
        """``128 + signal``: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + int(self.signum or signal.SIGINT)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        first = not self.requested.is_set()
        self.request(signum)
        if first and self.raise_first:
            raise Interrupted(signum)

    def __enter__(self) -> StopOnSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in self.SIGNALS:
                self._saved[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._saved.items():
            signal.signal(signum, handler)
        self._saved.clear()


# ------------------------------------------------------------------ processes
@contextmanager
def mark_processes() -> Iterator[str]:
    """Put a new token in this process's environment while the block runs.

    Processes started meanwhile inherit it; :func:`kill_marked` finds them.
    The previous value (if any) is restored afterwards.
    """
    token = uuid.uuid4().hex
    previous = os.environ.get(MARK_ENV)
    os.environ[MARK_ENV] = token
    try:
        yield token
    finally:
        if previous is None:
            os.environ.pop(MARK_ENV, None)
        else:
            os.environ[MARK_ENV] = previous


def marked_processes(token: str) -> list[int]:
    """Process ids (other than this one) whose environment holds ``token``."""
    needle = f"{MARK_ENV}={token}".encode()
    me = os.getpid()
    found: list[int] = []
    if os.path.isdir("/proc/self"):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit() or int(entry.name) == me:
                continue
            try:
                with open(f"/proc/{entry.name}/environ", "rb") as handle:
                    environ = handle.read()
            except OSError:  # gone, or another user's process
                continue
            if needle in environ.split(b"\0"):
                found.append(int(entry.name))
        return found
    try:
        import psutil
    except ImportError:  # no /proc and no psutil: only our direct children
        import multiprocessing

        return [p.pid for p in multiprocessing.active_children() if p.pid]
    for process in psutil.process_iter():
        try:
            if process.pid != me and process.environ().get(MARK_ENV) == token:
                found.append(process.pid)
        except (psutil.Error, OSError):
            continue
    return found


def kill_marked(token: str, timeout: float = 5.0,
                keep: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """Kill (SIGKILL) every process marked with ``token``, except ``keep``;
    return their ids.

    Looks again until none is left or ``timeout`` passes: a process being
    started while the first ones die is caught on the next pass.
    """
    killed: list[int] = []
    if not token:
        return killed
    deadline = time.monotonic() + timeout
    while True:
        alive = [pid for pid in marked_processes(token)
                 if pid not in keep and not _is_zombie(pid)]
        if not alive or time.monotonic() > deadline:
            break
        for pid in alive:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                continue
            if pid not in killed:
                killed.append(pid)
        time.sleep(0.05)
    if killed:
        log.info("killed %d processes of this command: %s", len(killed), killed)
    return killed


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (on this host); a zombie (dead, not yet
    reaped by its parent) does not."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return not _is_zombie(pid)


def kill_at_parent_death() -> None:
    """Linux: have this process killed when its parent dies (a batch worker whose
    batch was killed with SIGKILL stops too; its kernel and browser follow)."""
    if not os.path.isdir("/proc/self"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)


# ------------------------------------------------------------------ folders
def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def owner_tag() -> str:
    """``p<pid>h<host>``: who made a staging folder (see :func:`remove_leftovers`)."""
    return f"p{os.getpid()}h{_host_tag()}"


def temp_prefix(kind: str) -> str:
    """Prefix of a private temporary folder of ours: ``gcm-<kind>-<pid>-``."""
    if kind not in TEMP_KINDS:
        raise ValueError(f"unknown temporary folder kind {kind!r}")
    return f"gcm-{kind}-{os.getpid()}-"


def leftover_folders(output_root: Path | str | None = None, *, own: bool = False
                     ) -> list[Path]:
    """Our staging and temporary folders whose creating process is gone.

    ``own=True`` also lists those of this very process (a command cleaning up
    after itself when interrupted).
    """
    me = os.getpid()

    def gone(pid: int) -> bool:
        return (own and pid == me) or (pid != me and not pid_alive(pid))

    found: list[Path] = []
    temp = Path(tempfile.gettempdir())
    try:
        entries = list(os.scandir(temp))
    except OSError:
        entries = []
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match or not entry.is_dir(follow_symlinks=False):
            continue
        if uid is not None and entry.stat(follow_symlinks=False).st_uid != uid:
            continue
        if gone(int(match.group(1))):
            found.append(Path(entry.path))
    if output_root is not None:
        staging = Path(output_root) / ".staging"
        if staging.is_dir() and not staging.is_symlink():
            host = _host_tag()
            for entry in os.scandir(staging):
                match = _STAGING_NAME.search(entry.name)
                if (match and match.group(2) == host
                        and entry.is_dir(follow_symlinks=False)
                        and gone(int(match.group(1)))):
                    found.append(Path(entry.path))
    return found


def remove_leftovers(output_root: Path | str | None = None, *, own: bool = False
                     ) -> list[Path]:
    """Delete :func:`leftover_folders`; return what was removed.

    The ``.staging`` folder itself goes too when nothing else is left in it.
    """
    removed = []
    for folder in leftover_folders(output_root, own=own):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    if output_root is not None:
        try:
            (Path(output_root) / ".staging").rmdir()
        except OSError:
            pass
    if removed:
        log.info("removed %d folders left by stopped runs: %s", len(removed),
                 ", ".join(p.name for p in removed))
    return removed
