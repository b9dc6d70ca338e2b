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
LOCALES_DIR = PACKAGE_DIR / "locales"


def reference_file(name: str) -> Path:
    """Return the path of a curated reference table ``data/reference/<name>.csv``."""
    return REFERENCE_DIR / f"{name}.csv"


def processed_file(name: str) -> Path:
    """Return the path of a processed table ``data/processed/<name>.csv``."""
    return PROCESSED_DIR / f"{name}.csv"
