"""An output root at an fsspec URL (``s3://bucket/prefix``, ``memory://...``).

A batch with ``--output URL`` works in a private local folder as usual (each
country's run folder arrives there from its worker, see :mod:`.cluster`), then
copies it to ``URL/<ISO3>/<run_id>/`` and deletes the local copy; the batch's
own files go to ``URL/batch/<batch_id>/`` each time the manifest changes. Object
stores have no rename, so a run folder is uploaded file by file with
``run.json`` and ``report.html`` last: a report present at the URL is complete,
and the manifest, written after its country's files, only points to uploaded
runs. ``file://`` URLs are plain local folders (and keep the atomic renames).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from .cleanup import temp_prefix
from .errors import ParameterError

#: Uploaded last, in this order: their presence marks a complete run folder.
LAST = ("run.json", "report.html")


def is_url(value: Any) -> bool:
    """Whether ``value`` names a remote (non-``file://``) fsspec location."""
    return isinstance(value, str) and "://" in value \
        and not value.startswith("file://")


def local_path(value: str | Path) -> Path:
    """``file:///x`` as ``/x``; any other path unchanged."""
    text = str(value)
    return Path(text[len("file://"):]) if text.startswith("file://") else Path(text)


class UrlOutput:
    """A remote output root and the local folder a batch works in meanwhile."""

    def __init__(self, url: str) -> None:
        try:
            import fsspec

            self.fs, self.base = fsspec.core.url_to_fs(url)
        except (ImportError, ValueError) as exc:
            raise ParameterError(f"--output {url}: {exc} (a remote output needs "
                                 "fsspec and the package for its protocol, e.g. "
                                 "s3fs for s3://)") from exc
        self.url = url.rstrip("/")
        self.base = self.base.rstrip("/")
        self.local = Path(tempfile.mkdtemp(prefix=temp_prefix("runs")))

    def remote(self, relative: str) -> str:
        return f"{self.base}/{relative}"

    def exists(self, relative: str) -> bool:
        return bool(self.fs.exists(self.remote(relative)))

    def pull(self, relative: str) -> bool:
        """Copy one file from the URL into the local folder, if it is there."""
        if not self.exists(relative):
            return False
        target = self.local / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.fs.cat_file(self.remote(relative)))
        return True

    def push_files(self, relative_dir: str, names: list[str]) -> None:
        for name in names:
            path = self.local / relative_dir / name
            if path.is_file():
                self.fs.pipe_file(self.remote(f"{relative_dir}/{name}"),
                                  path.read_bytes())

    def push_run(self, relative_dir: str) -> None:
        """Upload a run folder (``run.json`` and ``report.html`` last, after
        removing those of an older run there), then delete the local copy."""
        folder = self.local / relative_dir
        files = sorted((p.relative_to(folder).as_posix() for p in folder.rglob("*")
                        if p.is_file()), key=lambda n: (n in LAST, LAST.index(n)
                                                        if n in LAST else 0, n))
        for name in LAST:
            if self.exists(f"{relative_dir}/{name}"):
                self.fs.rm_file(self.remote(f"{relative_dir}/{name}"))
        self.push_files(relative_dir, files)
        shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.local, ignore_errors=True)
