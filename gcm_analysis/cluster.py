"""What a batch needs from workers that share nothing with it but the network.

Every batch worker, in the local process pool as on a Dask cluster, runs its
countries in a private temporary folder of its own and sends each run folder
back to the batch as an archive (:func:`pack_dir`); the batch unpacks it under
its output root, in a staging folder first, then moves it into place with one
rename (:func:`install_run`). A plan file goes the other way the same way. So
the reports end where the user asked whatever the workers' disks, with one code
path for local and remote workers.

Before a Dask batch sends anything, :func:`check_workers` asks every worker for
its :func:`worker_fingerprint` (package version, hash of ``data/processed``,
whether Chromium can print PDFs) and refuses, naming the worker, when one would
give other numbers or cannot make the PDF asked for.
"""

from __future__ import annotations

import hashlib
import io as _io
import shutil
import tarfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import __version__, io, paths
from .cleanup import owner_tag
from .errors import ParameterError


# ------------------------------------------------------------------ archives
def pack_dir(folder: Path | str) -> bytes:
    """A run folder (or a plan folder or file) as gzip-compressed tar bytes.

    Only regular files and folders go in (no links, devices or owners); names
    are relative to ``folder`` (a file is stored under its own name).
    """
    folder = Path(folder)
    buffer = _io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as tar:
        if folder.is_file():
            tar.add(folder, arcname=folder.name, filter=_plain)
        else:
            for path in sorted(folder.rglob("*")):
                if path.is_symlink() or not (path.is_file() or path.is_dir()):
                    continue
                tar.add(path, arcname=path.relative_to(folder).as_posix(),
                        recursive=False, filter=_plain)
    return buffer.getvalue()


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def unpack_into(archive: bytes, folder: Path | str) -> Path:
    """Extract :func:`pack_dir` bytes into ``folder`` (created); nothing may land
    outside it (tarfile's ``data`` filter: no absolute names, ``..``, links out
    of the folder or special files)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=_io.BytesIO(archive), mode="r:gz") as tar:
        tar.extractall(folder, filter="data")
    return folder


def install_run(archive: bytes, country: str, run_id: str, root: Path | str
                ) -> Path:
    """Write a shipped run folder to ``<root>/<ISO3>/<run_id>/`` atomically.

    Unpacked into ``<root>/.staging/`` first, then moved into place with one
    rename (an older folder of that run is replaced), so a half-written run
    folder never appears under its own name.
    """
    root = Path(root)
    final = paths.run_dir(country, run_id, root)
    staged = root / ".staging" / f"{country}-{run_id}-{owner_tag()}-" \
        f"{uuid.uuid4().hex[:8]}"
    for folder in (final, staged):
        paths.check_output_dir(root, folder)
    try:
        unpack_into(archive, staged)
        io.replace_dir(staged, final)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
        try:
            (root / ".staging").rmdir()
        except OSError:
            pass
    return final


# ------------------------------------------------------------------ pre-flight
def data_hash(folder: Path | str | None = None) -> str:
    """SHA-256 over the names and bytes of ``data/processed/*.csv``: two
    installations with the same hash compute from the same data."""
    folder = Path(folder) if folder is not None else paths.PROCESSED_DIR
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.csv")):
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def worker_fingerprint() -> dict[str, Any]:
    """What a batch must agree on with a worker (runs on the worker)."""
    from .pdf import chromium_path

    try:
        import playwright  # noqa: F401

        has_playwright = True
    except ImportError:
        has_playwright = False
    return {"version": __version__, "data": data_hash(),
            "pdf": bool(chromium_path()) and has_playwright}


def fingerprint_problems(worker: Mapping[str, Any], here: Mapping[str, Any],
                         pdf: bool) -> list[str]:
    """Why a worker with ``worker`` fingerprint cannot run a batch started here."""
    problems = []
    if worker.get("version") != here["version"]:
        problems.append(f"it has gcm-workbook {worker.get('version')}, this batch "
                        f"{here['version']}")
    if worker.get("data") != here["data"]:
        theirs = str(worker.get("data"))[:12]
        problems.append(f"its data/processed differ (hash {theirs}…, here "
                        f"{here['data'][:12]}…): rebuild or copy the same data there")
    if pdf and not worker.get("pdf"):
        problems.append("it cannot print PDFs (no Chromium or no playwright "
                        "there): install them on the worker, or use --no-pdf")
    return problems


class WorkerMismatch(ParameterError):
    """A Dask worker cannot run this batch as the client would (refused before
    anything runs)."""


def check_workers(client: Any, pdf: bool, wait_seconds: float = 30.0) -> list[str]:
    """Ask every worker of ``client``'s cluster for its fingerprint and compare.

    Returns the worker addresses. Raises :class:`WorkerMismatch` naming each
    worker that differs, or when no worker joins within ``wait_seconds``.
    """
    try:
        client.wait_for_workers(1, timeout=wait_seconds)
    except Exception as exc:  # noqa: BLE001 - distributed's TimeoutError varies
        raise WorkerMismatch(f"no Dask worker joined the scheduler "
                             f"{client.scheduler.address} within {wait_seconds:.0f} s"
                             ) from exc
    here = worker_fingerprint()
    here["version"] = __version__
    answers = client.run(worker_fingerprint)
    problems = []
    for address in sorted(answers):
        found = fingerprint_problems(answers[address], here, pdf)
        if found:
            problems.append(f"worker {address}: " + "; ".join(found))
    if problems:
        raise WorkerMismatch("refused before anything ran: " + " | ".join(problems))
    return sorted(answers)
