"""File access for the package: reading reference/processed tables, atomic writes.

Domain modules never open files; they take and return DataFrames. Functions here
resolve locations through :mod:`gcm_analysis.paths` and write atomically (to a
temporary name in the same folder, then ``os.replace``) so that a crash never
leaves a half-written file that looks complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from . import paths


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it into place on success.

    On any exception the temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes_atomic(target: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the path."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text_atomic(target: Path | str, text: str) -> Path:
    """Write UTF-8 ``text`` (LF line endings) to ``target`` atomically."""
    return write_bytes_atomic(target, text.encode("utf-8"))


def write_json_atomic(target: Path | str, obj: Any) -> Path:
    """Write ``obj`` as indented, key-sorted JSON atomically."""
    text = json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    return write_text_atomic(target, text + "\n")


def csv_text(df: pd.DataFrame) -> str:
    """Serialise a frame the one way processed and run tables are written.

    UTF-8, LF line endings, no index, and floats written with ``repr`` precision
    so that a rebuild is byte-identical.
    """
    return df.to_csv(index=False, lineterminator="\n")


def write_csv_atomic(target: Path | str, df: pd.DataFrame) -> Path:
    """Write a table as CSV atomically (see :func:`csv_text`)."""
    return write_text_atomic(target, csv_text(df))


def sha256_file(path: Path | str) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@lru_cache(maxsize=64)
def _read_csv_cached(path: str, mtime_ns: int) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=True, encoding="utf-8")


def read_csv(path: Path | str) -> pd.DataFrame:
    """Read a CSV we own (reference, processed or run table); returns a copy.

    Cached on path and modification time, so repeated reads in one process are free.
    """
    path = Path(path)
    return _read_csv_cached(str(path), path.stat().st_mtime_ns).copy()


def read_reference(name: str) -> pd.DataFrame:
    """Read ``data/reference/<name>.csv``."""
    path = paths.reference_file(name)
    if not path.exists():
        raise FileNotFoundError(f"reference table {name!r} not found at {path}")
    return read_csv(path)


def read_processed(name: str) -> pd.DataFrame:
    """Read ``data/processed/<name>.csv`` (built by ``gcm data build``)."""
    path = paths.processed_file(name)
    if not path.exists():
        raise FileNotFoundError(
            f"processed table {name!r} not found at {path}; run `gcm data build`"
        )
    return read_csv(path)


def write_processed(df: pd.DataFrame, name: str) -> Path:
    """Write ``data/processed/<name>.csv`` atomically."""
    return write_csv_atomic(paths.processed_file(name), df)


def read_run_table(run_dir: Path | str, name: str) -> pd.DataFrame:
    """Read a table an earlier stage wrote into the run folder."""
    path = Path(run_dir) / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(
            f"{name}.csv is missing from the run folder; run the earlier stage first"
        )
    return pd.read_csv(path)


def write_run_table(df: pd.DataFrame, run_dir: Path | str, name: str) -> Path:
    """Write a stage's table into the run folder atomically."""
    return write_csv_atomic(Path(run_dir) / f"{name}.csv", df)


def read_run_tables(run_dir: Path | str, names: tuple[str, ...] | list[str]
                    ) -> dict[str, pd.DataFrame]:
    """Read several run tables at once; a missing one raises naming the stage gap."""
    return {name: read_run_table(run_dir, name) for name in names}


def write_run_json(run_dir: Path | str, name: str, obj: Any) -> Path:
    """Write ``<name>.json`` into the run folder atomically."""
    return write_json_atomic(Path(run_dir) / f"{name}.json", obj)


def read_doc(name: str) -> str:
    """Read a project document ``docs/<name>`` (UTF-8), e.g. the assumptions log."""
    return (paths.DOCS_DIR / name).read_text(encoding="utf-8")


def replace_dir(staged: Path, final: Path) -> None:
    """Move a finished folder ``staged`` to ``final`` with one rename (same file
    system), replacing an old one; a half-written folder never looks complete.

    Raises
    ------
    GcmError
        If ``final`` is a symbolic link (it would send the files elsewhere).
    """
    import shutil
    import uuid

    from .exceptions import GcmError

    final.parent.mkdir(parents=True, exist_ok=True)
    trash = None
    if final.is_symlink():
        raise GcmError(f"refusing to replace {final.name}: it is a symbolic link")
    if final.exists():
        trash = final.with_name(f".trash-{final.name}-{uuid.uuid4().hex[:8]}")
        os.replace(final, trash)
    os.replace(staged, final)
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)

