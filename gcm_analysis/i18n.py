"""A small message catalogue: report labels and prose in English and French.

One JSON file per language under ``gcm_analysis/locales/``; every key must exist in
every language (a test checks). Notebooks call ``t("key", lang)`` instead of
keeping two copies of their text. :func:`localise_number` and
:func:`format_percent` write numbers the way each language does; they live here,
not in :mod:`gcm_analysis.reporting`, so that the computation modules can build
their texts without importing matplotlib.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from . import paths

LANGUAGES: tuple[str, ...] = ("en", "fr")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported report language, else raise ValueError."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; use one of {LANGUAGES}")
    return lang


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Return the message catalogue for ``lang`` (a fresh dict is not needed)."""
    check_lang(lang)
    with open(paths.LOCALES_DIR / f"{lang}.json", encoding="utf-8") as handle:
        return dict(json.load(handle))


def t(key: str, lang: str = "en", **values: Any) -> str:
    """Translate ``key`` into ``lang`` and fill ``{placeholders}`` from ``values``.

    Examples
    --------
    >>> t("report.footer_version", "fr", version="1.0", run_id="r1", date="2026-01-01")
    'GCM Workbook 1.0 · exécution r1 · 2026-01-01'
    """
    messages = catalogue(lang)
    if key not in messages:
        raise KeyError(f"message {key!r} is missing from the {lang!r} catalogue")
    text = messages[key]
    return text.format(**values) if values else text


def localise_number(shown: str, lang: str = "en") -> str:
    """Write a number formatted the English way (``1,234.5``) in ``lang``.

    French: narrow no-break space between thousands, decimal comma (``1 234,5``).

    Examples
    --------
    >>> localise_number("1,234.5", "fr") == "1\u202f234,5", localise_number("0.25")
    (True, '0.25')
    """
    if lang == "fr":
        return shown.replace(",", "\u202f").replace(".", ",")
    return shown


def format_percent(share: float, lang: str = "en") -> str:
    """Write a 0-1 share as a whole percentage in ``lang``.

    English ``40%``; French ``40 %`` with a narrow no-break space, as the French
    catalogue writes it.

    Examples
    --------
    >>> format_percent(0.4), format_percent(0.125, "fr") == "12\u202f%"
    ('40%', True)
    """
    shown = f"{share:.0%}"
    if lang == "fr":
        return localise_number(shown[:-1], lang) + "\u202f%"
    return shown


def funding_label(key: str, lang: str = "en", **values: Any) -> str:
    """Return a stage-04 report text from ``data/reference/funding_labels.csv``.

    Raises
    ------
    KeyError
        If the key is not in the table.
    """
    texts = _funding_labels(lang, paths.reference_file("funding_labels").stat()
                            .st_mtime_ns)
    if key not in texts:
        raise KeyError(f"label {key!r} is missing from funding_labels.csv")
    text = texts[key]
    return text.format(**values) if values else text


@cache
def _funding_labels(lang: str, version: int) -> dict[str, str]:
    """The label texts of one language (``version``: the file's modification time,
    so an edited file is read again)."""
    import csv

    column = "text_fr" if lang == "fr" else "text_en"
    with open(paths.reference_file("funding_labels"), encoding="utf-8",
              newline="") as handle:
        return {row["label_key"]: row[column] for row in csv.DictReader(handle)}

