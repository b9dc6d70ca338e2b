"""What a plan file may be (suffixes, sizes, the marks that identify a format),
and the problems every reader reports when a file or sheet is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import Number, Problem, Text, msg
from ..rawsheet import RawSheet

WORKBOOK_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm")
"""File suffixes read as plan workbooks: Office Open XML, what Excel, LibreOffice
and ``gcm template`` save. Older or foreign formats are refused with a message
saying how to convert them (they cannot be checked for hostile content)."""
EXCEL_SUFFIXES = WORKBOOK_SUFFIXES  # former name, kept for callers
_CONVERTIBLE_SUFFIXES = (".xls", ".xlsb", ".ods", ".numbers")

MAX_FILE_BYTES = 64 * 2**20
"""Largest plan workbook, or CSV file of a plan folder, that is read (64 MiB)."""
MAX_UNPACKED_BYTES = 256 * 2**20
"""Largest total size of a workbook's parts once unzipped (256 MiB): a guard
against zip bombs, far above a 50,000-line plan (about 50 MiB)."""
MAX_DATA_ROWS = 50_000
"""Most data rows read from one sheet (benchmarks/bench_costing.py costs a plan of
50,000 lines; a national plan has hundreds)."""
MAX_SHEET_CELLS = 2_000_000
"""Most cells a sheet may span (rows x columns up to its last used cell).
calamine allocates the whole rectangle: one stray value in cell XFD1048576 would
ask for hundreds of gigabytes and abort the process."""
_MAX_PARTS = 10_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected .xlsx is an OLE compound file holding an
# "EncryptedPackage" stream; the directory stores stream names in UTF-16-LE.
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_ZIP_MAGIC = b"PK\x03\x04"


# --------------------------------------------- problems every reader reports
def _file_problem(path: Path, message: Text, value: Any = None) -> Problem:
    return Problem.of(message, file=str(path), value=value,
                      expected=msg("file.expected_xlsx"))


def _megabytes(size: int) -> Text:
    return msg("file.megabytes", size=Number(round(size / 2**20)))


def _check_file(path: Path, sheet: str | None = None) -> Problem | None:
    """A problem if ``path`` is not a regular file of a readable size, else None.

    Devices, pipes and sockets (also behind a symbolic link) would block or
    never end; they are refused before anything is read.
    """
    import stat

    try:
        info = path.stat()
    except OSError as exc:
        return Problem.of(msg("file.cannot_open", reason=exc.strerror),
                          file=str(path), sheet=sheet)
    if not stat.S_ISREG(info.st_mode):
        return Problem.of(msg("file.not_regular"), file=str(path), sheet=sheet,
                          expected=msg("file.not_regular.expected"))
    if info.st_size > MAX_FILE_BYTES:
        return Problem.of(msg("file.too_large", size=_megabytes(info.st_size)),
                          file=str(path), sheet=sheet, value=info.st_size,
                          expected=msg("at_most", limit=_megabytes(MAX_FILE_BYTES)))
    return None



def _refused_sheet(name: str) -> RawSheet:
    frame = pd.DataFrame(index=pd.Index([], name="row"), dtype=object)
    return RawSheet(name=name, frame=frame, letters={}, is_refused=True)

