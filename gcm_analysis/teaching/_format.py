"""How the lessons write numbers, amounts and bilingual plan texts (no lesson logic).

A leaf module: it imports nothing else from :mod:`gcm_analysis.teaching`, so the
data, facts, checks and tables modules can all use it without import cycles.
"""

from __future__ import annotations

import re
from typing import Any

from .. import numbers

LANGUAGES: tuple[str, ...] = ("en", "fr")
LESSONS: tuple[int, ...] = (1, 2, 3, 4)

NNBSP = "\u202f"
"""Narrow no-break space: French thousands separator and space before ``%``."""


def check_lang(lang: str) -> str:
    """Return ``lang`` if the lessons exist in it, else raise ValueError."""
    if lang not in LANGUAGES:
        raise ValueError(f"lessons exist in {', '.join(LANGUAGES)}; found {lang!r}")
    return lang


class Prose(str):
    """A text that notebooks display as Markdown (and print as plain text)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def bilingual(value: Any, lang: str) -> str:
    """The French or English half of a plan text written ``FR / EN``.

    The fictional plan writes titles, items and units in both languages (as a
    bilingual country might); other texts are returned as they are.

    Examples
    --------
    >>> bilingual("Médiateurs / Mediators", "fr"), bilingual("PRT-01", "fr")
    ('Médiateurs', 'PRT-01')
    """
    parts = str(value).split(" / ")
    if len(parts) == 2:
        return parts[0] if lang == "fr" else parts[1]
    return str(value)


def format_number(value: Any, digits: int = 1, lang: str = "en") -> str:
    """Write a plain number (thousands separated) in the lesson's language.

    Examples
    --------
    >>> format_number(1234.5, 1), format_number(1234.5, 1, "fr") == "1\u202f234,5"
    ('1,234.5', True)
    """
    return numbers.number(value, lang, digits)


def format_amount(value: Any, currency: str, lang: str = "en") -> str:
    """Write an amount in full, e.g. ``314,523,000 XOF`` / ``314 523 000 XOF``
    (a no-break space before the currency in French, as
    :func:`gcm_analysis.numbers.money` writes it)."""
    space = numbers.NBSP if lang == "fr" else " "
    return f"{format_number(value, 0, lang)}{space}{currency}".strip()


def format_pct(value: float, lang: str = "en", digits: int = 1) -> str:
    """Write a percentage (0-100) with its sign: ``44.3%`` / ``44,3 %`` (narrow
    no-break space in French)."""
    return numbers.percent(float(value) / 100, lang, digits)


def format_share(value: Any, lang: str = "en") -> str:
    """Write a share 0-1: in English with three decimals and its percentage, in
    French as a percentage.

    French public-finance prose gives a share as a percentage (*une part de
    44,3 %*), and ``0,443`` beside English material, in a room that reads both,
    looks like the English thousands group ``443`` (which is also why
    :mod:`gcm_analysis.french_lint` flags it). Answers are read either way
    (:func:`gcm_analysis.teaching.answers.read_number`).

    Examples
    --------
    >>> format_share(0.4426), format_share(0.4426, "fr") == "44,3\u202f%"
    ('0.443 (44.3%)', True)
    """
    percentage = format_pct(100 * float(value), lang)
    if lang == "fr":
        return percentage
    return f"{format_number(value, 3, lang)} ({percentage})"


_FRENCH_UNITS = re.compile(r"(\d+(?:,\d+)?)\s(million|milliard)\(s\)")
_FRENCH_PERCENT = re.compile(r"(\d)[ \u00a0]?%")
_FRENCH_COLON = re.compile(r"(?<=\S) ([:;])(?=\s)|(?<=[^\s\d\u202f])([:;])(?=\s)")


def join_list(items: Any, lang: str = "en") -> str:
    """Join texts with semicolons: ``a; b`` / ``a\u202f; b`` (narrow no-break
    space before the semicolon in French).

    Examples
    --------
    >>> join_list(["a", "b"]), join_list(["a", "b"], "fr") == "a\u202f; b"
    ('a; b', True)
    """
    return (f"{NNBSP}; " if lang == "fr" else "; ").join(str(i) for i in items)


def _french_unit(match: re.Match[str]) -> str:
    number, unit = match.group(1), match.group(2)
    plural = float(number.replace(",", ".")) >= 2
    return f"{number} {unit}{'s' if plural else ''}"


def french_typography(text: str) -> str:
    """Write a text the French way: ``million`` below two, ``millions`` from two
    (the French rule: *1,5 million*, *2 millions*) where a shared formatter wrote
    ``million(s)``; a narrow no-break space before ``%``, ``:`` and ``;``.

    Examples
    --------
    >>> french_typography("63,8 million(s) XOF; 1,5 million(s)") == (
    ...     "63,8 millions XOF\u202f; 1,5 million")
    True
    >>> french_typography("mixte: 67%") == "mixte\u202f: 67\u202f%"
    True
    """
    text = _FRENCH_UNITS.sub(_french_unit, text)
    text = _FRENCH_PERCENT.sub("\\1\u202f%", text)
    return _FRENCH_COLON.sub(lambda m: "\u202f" + (m.group(1) or m.group(2)), text)
