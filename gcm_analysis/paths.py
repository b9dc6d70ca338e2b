"""Every directory the product uses, computed from the package location.

Nothing else in the package builds a path from a literal; modules ask here.
"""

from __future__ import annotations

from pathlib import Path

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


_SAFE_RUN_ID = __import__("re").compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def check_run_id(run_id: str) -> str:
    """Return ``run_id`` if it is a safe folder name, else raise ``ValueError``.

    Allowed: 1-64 characters from letters, digits, ``_``, ``.`` and ``-``, not
    starting with a dot or dash, never ``..``.
    """
    if not isinstance(run_id, str) or not _SAFE_RUN_ID.match(run_id) or ".." in run_id:
        raise ValueError(
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
        raise ValueError(f"country {country!r} is not an upper-case ISO3 code")
    root = Path(output_root) if output_root else OUTPUTS_DIR
    return root / country / check_run_id(run_id)
