"""The message catalogue: report labels and prose in English and French.

The texts are gettext catalogues under ``gcm_analysis/locales/`` (``gcm.pot`` the
English, ``fr/LC_MESSAGES/gcm.po`` the French; :mod:`gcm_analysis.catalogue`
reads and maintains them); every key has both languages (a test checks).
Notebooks call ``t("key", lang)`` instead of keeping two copies of their text.
:func:`localise_number` and
:func:`format_percent` write numbers the way each language does; they live here,
not in :mod:`gcm_analysis.reporting`, so that the computation modules can build
their texts without importing matplotlib.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

log = logging.getLogger(__name__)

LANGUAGES: tuple[str, ...] = ("en", "fr")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported report language, else raise ValueError."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; use one of {LANGUAGES}")
    return lang


def catalogue(lang: str) -> dict[str, str]:
    """Return the message catalogue for ``lang``: ``{key: text}`` for every key of
    ``locales/gcm.pot`` (keys of notebook cells excluded). A key whose translation
    is missing or outdated (fuzzy) has its English text, and is logged once; the
    test suite fails on it (:func:`gcm_analysis.catalogue.problems`)."""
    check_lang(lang)
    return _catalogue(lang)


@cache
def _catalogue(lang: str) -> dict[str, str]:
    from .catalogue import NOTEBOOK_PREFIX, entries

    table = {}
    stale = []
    for key, entry in entries(lang).items():
        if key.startswith(NOTEBOOK_PREFIX):
            continue
        if entry.translation is None:
            stale.append(key)
        table[key] = entry.english if entry.translation is None else entry.translation
    if stale:
        log.warning("%d message(s) have no up-to-date %s translation and stay in "
                    "English: %s", len(stale), lang, ", ".join(stale[:10]))
    return table


def t(key: str, lang: str = "en", **values: Any) -> str:
    """Translate ``key`` into ``lang`` and fill ``{placeholders}`` from ``values``.

    Examples
    --------
    >>> t("report.footer_version", "fr", version="1.0", run_id="r1", date="2026-01-01")
    'GCM Workbook 1.0 · exécution r1 · 2026-01-01'
    """
    messages = catalogue(lang)
    if key not in messages:
        raise KeyError(f"message {key!r} is missing from the catalogue "
                       "(gcm_analysis/locales/gcm.pot)")
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
    """Return a stage-04 report text (catalogue key ``funding.<key>``).

    Raises
    ------
    KeyError
        If the key is not in the catalogue.
    """
    return t(f"funding.{key}", lang, **values)
