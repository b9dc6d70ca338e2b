"""What a plan file really is, from its content (magic bytes), not its name.

A workbook renamed by hand, exported by a web application or saved by another
office suite often carries an ``.xlsx`` name it does not deserve. Reading it as
a zip package would report a misleading reason ("password-protected", "File not
found '_rels/.rels'"); the content tells what it is and what to do instead.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, Text, msg
from .limits import _ENCRYPTED_MARK, _OLE_MAGIC, _ZIP_MAGIC

_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Stream names of an OLE2 (compound) file's directory, in UTF-16-LE.
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_XLS_STREAMS = ("Workbook".encode("utf-16-le"), "Book\0".encode("utf-16-le"))
_WORD_STREAM = "WordDocument".encode("utf-16-le")


@dataclass(frozen=True)
class FileKind:
    """What a file's content is: ``code`` and the words used in messages."""

    code: str
    words: str


XLSX = FileKind("xlsx", "an Excel workbook (.xlsx)")
XLSB = FileKind("xlsb", "an Excel binary workbook (.xlsb)")
XLS = FileKind("xls", "an Excel 97-2003 workbook (.xls)")
ENCRYPTED = FileKind("encrypted", "a password-protected (encrypted) workbook")
ODS = FileKind("ods", "an OpenDocument spreadsheet (.ods)")
ODF = FileKind("odf", "an OpenDocument file that is not a spreadsheet")
WORD = FileKind("word", "a Word document")
OLE = FileKind("ole", "an Office 97-2003 file that is not a workbook")
ZIP = FileKind("zip", "a zip archive that is not a workbook")
HTML = FileKind("html", "a web page (HTML)")
XML_2003 = FileKind("xml2003", "an Excel 2003 XML spreadsheet")
TEXT = FileKind("text", "a text file (CSV or plain text)")
EMPTY = FileKind("empty", "an empty file (0 bytes)")
OTHER = FileKind("other", "not a spreadsheet")
DAMAGED_ZIP = FileKind("damaged_zip", "a damaged zip package")
VAGUE = frozenset({"ole", "other", "zip", "damaged_zip"})
"""Kinds that say nothing more than the file's suffix does."""


def file_kind(path: Path) -> FileKind:
    """Return what ``path`` holds, judged from its first bytes (and, for zip and
    OLE2 containers, the names of their parts). The file must be a regular file
    of a readable size (checked before); it is only read, never changed.

    Raises
    ------
    OSError
        If the file cannot be read.
    """
    with open(path, "rb") as handle:
        head = handle.read(4096)
        if not head:
            return EMPTY
        if head.startswith(_OLE_MAGIC):
            # The directory of a compound file can sit anywhere: read it all (the
            # file size was checked before).
            body = head + handle.read()
            return _ole_kind(body)
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(path)
    return _text_kind(head)


def _ole_kind(body: bytes) -> FileKind:
    if _ENCRYPTED_MARK in body or _ENCRYPTION_INFO in body:
        return ENCRYPTED
    if any(name in body for name in _XLS_STREAMS):
        return XLS
    if _WORD_STREAM in body:
        return WORD
    return OLE


def _zip_kind(path: Path) -> FileKind:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                mimetype = archive.read("mimetype")[:200] if info.file_size < 200 \
                    else b""
                if mimetype.strip() == _ODS_MIMETYPE:
                    return ODS
                if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                    return ODF
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError,
            NotImplementedError, RuntimeError, ValueError):
        return DAMAGED_ZIP  # the package reader says how it is damaged
    lowered = {n.lower() for n in names}
    if "xl/workbook.bin" in lowered:
        return XLSB
    if "word/document.xml" in lowered:
        return WORD
    if any(n.startswith("xl/") for n in lowered) or "[content_types].xml" in lowered:
        return XLSX
    return ZIP


def _text_kind(head: bytes) -> FileKind:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                          (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom):].decode(encoding, "ignore")
            break
    else:
        if b"\0" in head:
            return OTHER
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end
                try:
                    text = head.decode("cp1252")
                except UnicodeDecodeError:
                    return OTHER
            else:
                text = head[:exc.start].decode("utf-8")
    start = text.lstrip().lower()
    if start.startswith(("<!doctype html", "<html")) or (
            start.startswith("<") and "<table" in start):
        return HTML
    if start.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" \
            in start:
        return XML_2003
    printable = sum(c.isprintable() or c in "\r\n\t" for c in text)
    return TEXT if printable >= 0.95 * max(len(text), 1) else OTHER


def kind_problem(path: Path, kind: FileKind) -> Problem | None:
    """The problem to report for a plan file of this kind (None for a workbook
    we read: ``.xlsx``/``.xlsm`` content under a workbook suffix)."""
    suffix = path.suffix.lower()
    if kind in (XLSX, DAMAGED_ZIP) and suffix in (".xlsx", ".xlsm"):
        return None
    natural = {"xls": (".xls",), "xlsb": (".xlsb",), "ods": (".ods",),
               "html": (".html", ".htm"), "text": (".csv", ".txt")}
    named: Text | str = msg("filetype.named", suffix=suffix) if suffix and \
        suffix not in natural.get(kind.code, ()) else ""
    expected = msg("filetype.expected")
    if kind is XLSX:
        return Problem.of(msg("filetype.xlsx", named=named), file=str(path),
                          value=suffix or path.name, expected=expected)
    known = ("empty", "encrypted", "xls", "xlsb", "ods", "xml2003", "html", "text",
             "word", "odf", "ole", "zip")
    message = msg(f"filetype.{kind.code}", named=named) if kind.code in known \
        else msg("filetype.other")
    return Problem.of(message, file=str(path), expected=expected)
