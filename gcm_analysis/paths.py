"""Every directory the product uses, computed from the package location.

Nothing else in the package builds a path from a literal; modules ask here.
"""

from __future__ import annotations

import os
from pathlib import Path

from .exceptions import ParameterError

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT_DIR = PACKAGE_DIR.parent
DATA_DIR = ROOT_DIR / "data"
RAW_DIR = DATA_DIR / "raw"
REFERENCE_DIR = DATA_DIR / "reference"
INTERIM_DIR = DATA_DIR / "interim"
PROCESSED_DIR = DATA_DIR / "processed"
PLANS_DIR = DATA_DIR / "plans"
NOTEBOOKS_DIR = ROOT_DIR / "notebooks"
TEACHING_DIR = NOTEBOOKS_DIR / "teaching"
OUTPUTS_DIR = ROOT_DIR / "outputs"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
DOCS_DIR = ROOT_DIR / "docs"
LOCALES_DIR = PACKAGE_DIR / "locales"


def reference_file(name: str) -> Path:
    """Return the path of a curated reference table ``data/reference/<name>.csv``."""
    return REFERENCE_DIR / f"{name}.csv"


def processed_file(name: str) -> Path:
    """Return the path of a processed table ``data/processed/<name>.csv``."""
    return PROCESSED_DIR / f"{name}.csv"


class UnsafePathError(ParameterError, ValueError):
    """A run id, country code or output folder that could write outside the
    output root. A ``ValueError`` for callers that check names, and a
    ``ParameterError`` so that the command line refuses it with exit code 2."""


_SAFE_RUN_ID = __import__("re").compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def check_run_id(run_id: str) -> str:
    """Return ``run_id`` if it is a safe folder name, else raise ``ValueError``.

    Allowed: 1-64 characters from letters, digits, ``_``, ``.`` and ``-``, not
    starting with a dot or dash, never ``..``.
    """
    if not isinstance(run_id, str) or not _SAFE_RUN_ID.fullmatch(run_id) \
            or ".." in run_id:  # fullmatch: "$" would let a final newline through
        raise UnsafePathError(
            f"run id {run_id!r} is not allowed: use 1-64 letters, digits, '_', '.' "
            "or '-', starting with a letter or digit"
        )
    return run_id


def run_dir(country: str, run_id: str, output_root: str | Path | None = None) -> Path:
    """Return the run folder ``<output_root>/<ISO3>/<run_id>/`` (not created).

    ``output_root`` defaults to ``outputs/``. The country must be three upper-case
    letters and the run id a safe name, so nothing from a parameter can point
    outside the output root.
    """
    if not (isinstance(country, str) and len(country) == 3 and country.isalpha()
            and country.isupper()):
        raise UnsafePathError(f"country {country!r} is not an upper-case ISO3 code")
    root = Path(output_root) if output_root else OUTPUTS_DIR
    return root / country / check_run_id(run_id)


def check_output_dir(root: str | Path, target: str | Path) -> Path:
    """Return ``target`` if writing there stays inside ``root``; else refuse.

    ``target`` must lie below ``root`` (no ``..``, no absolute escape) and no
    existing folder between them, ``target`` included, may be a symbolic link:
    a link planted at ``outputs/PRT`` or ``outputs/.staging`` would send a run's
    files anywhere on disk. The root itself may be a link (e.g. ``outputs/`` kept
    on a larger disk): that is the user's choice, made once.

    Raises
    ------
    UnsafePathError
        Naming the offending folder.
    """
    root, target = Path(root), Path(target)
    try:
        parts = target.relative_to(root).parts
    except ValueError:
        raise UnsafePathError(f"output folder {target} is not inside the output root "
                              f"{root}") from None
    if ".." in parts:
        raise UnsafePathError(f"output folder {target} leaves the output root {root}")
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            raise UnsafePathError(
                f"output folder {current} is a symbolic link (to "
                f"{os.readlink(current)}); refusing to write through it: remove the "
                "link or choose another output root")
        if not current.exists():
            break
    return target
