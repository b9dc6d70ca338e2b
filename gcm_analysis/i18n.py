"""A small message catalogue: report labels and prose in English and French.

One JSON file per language under ``gcm_analysis/locales/``; every key must exist in
every language (a test checks). Notebooks call ``t("key", lang)`` instead of
keeping two copies of their text.
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
