"""Reading participants' answers the way they write numbers in their language.

A French participant writes ``0,44`` or ``1 234 567,5`` (spaces, no-break or
narrow no-break spaces between thousands), an English one ``0.44`` or
``1,234,567.5``; both may write ``44 %`` where a share or a percentage is asked.
:func:`read_number` accepts all of these, as a Python number or as text (the
answer box of the exercise widget gives text). A Python cell that reads
``answer = 0,44`` holds the tuple ``(0, 44)``: it is read as the decimal comma it
was meant to be.

When a text can be read two ways (``1.234`` in French: one thousand two hundred
and thirty-four with a dot between thousands, or one point two three four),
:func:`read_number` refuses it with :class:`Unreadable` naming both readings,
rather than guessing.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ._format import format_number

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009_']+")
_PERCENT = re.compile(r"%$")
_CURRENCY = re.compile(r"^(?:[A-Z]{3})|(?:[A-Z]{3})$")
_DIGITS = re.compile(r"^[+-]?\d+$")
_GROUPS = re.compile(r"^[+-]?[1-9]\d{0,2}$")


@dataclass(frozen=True)
class Unreadable(ValueError):
    """An answer that cannot be read as a number: ``reason`` names the advice
    (``number``, ``ambiguous``, ``percent_not_here``), ``details`` its values."""

    reason: str = "number"
    details: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.reason}: {self.details}"


def _grouped(parts: Sequence[str]) -> bool:
    """Whether ``parts`` are thousands groups: 1-3 digits (not 0), then 3s."""
    return bool(_GROUPS.match(parts[0])) and all(
        len(p) == 3 and p.isdigit() for p in parts[1:])


def _split(text: str, lang: str) -> float:
    """Read digits with at most one decimal separator and thousands groups."""
    has_comma, has_dot = "," in text, "." in text
    if has_comma and has_dot:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _, frac = text.rpartition(decimal)
        if not (_grouped(whole.split(thousands)) and frac.isdigit()):
            raise Unreadable()
        return float(whole.replace(thousands, "") + "." + frac)
    separator = "," if has_comma else "." if has_dot else ""
    if not separator:
        if not _DIGITS.match(text):
            raise Unreadable()
        return float(text)
    parts = text.split(separator)
    if len(parts) > 2:  # several separators of one kind: thousands
        if not _grouped(parts):
            raise Unreadable()
        return float("".join(parts))
    whole, frac = parts
    if not (_DIGITS.match(whole or "0") and frac.isdigit()):
        raise Unreadable()
    decimal_value = float(f"{whole or '0'}.{frac}")
    could_be_thousands = len(frac) == 3 and bool(_GROUPS.match(whole))
    if not could_be_thousands:
        return decimal_value
    thousands_value = float(whole + frac)
    native_decimal = "," if lang == "fr" else "."
    if separator == native_decimal:
        return decimal_value
    if lang == "en" and separator == ",":
        return thousands_value  # 1,234 is one thousand two hundred and thirty-four
    raise Unreadable("ambiguous", {
        "readings": (thousands_value, decimal_value)})


def read_number(answer: Any, lang: str = "en", percent: str = "no") -> float:
    """Read a number written the way people write them in ``lang``.

    Parameters
    ----------
    answer : number, str or tuple of ints
        ``0.44``, ``"0,44"``, ``"1 234 567,5"``, ``"1,234,567.5"``, ``"44 %"``,
        ``(0, 44)`` (what ``answer = 0,44`` gives in Python).
    lang : {"en", "fr"}
        Decides a text that only the language can decide: ``"1,234"`` is
        1234 in English and 1.234 in French.
    percent : {"no", "share", "same"}
        What a trailing ``%`` means: refused (an amount), divided by 100 (a
        share 0-1 is asked) or ignored (a score 0-100 is asked).

    Raises
    ------
    Unreadable
        With ``reason`` ``number``, ``ambiguous`` (both readings in
        ``details["readings"]``) or ``percent_not_here``.

    Examples
    --------
    >>> read_number("0,44", "fr"), read_number("44 %", "fr", percent="share")
    (0.44, 0.44)
    >>> read_number("1\u202f234\u202f567,5", "fr"), read_number("1,234,567.5")
    (1234567.5, 1234567.5)
    >>> read_number((0, 44), "fr")
    0.44
    """
    if isinstance(answer, bool) or answer is None:
        raise Unreadable()
    if isinstance(answer, numbers.Real):
        value = float(answer)
    elif isinstance(answer, tuple) and answer and all(
            isinstance(p, int) and not isinstance(p, bool) and p >= 0
            for p in answer):
        value = _split(",".join(str(p) for p in answer), lang)
    elif isinstance(answer, str):
        value = _read_text(answer, lang, percent)
    else:
        raise Unreadable()
    if math.isnan(value) or math.isinf(value):
        raise Unreadable()
    return value


def _read_text(answer: str, lang: str, percent: str) -> float:
    text = _SPACES.sub("", answer.strip())
    text = _CURRENCY.sub("", text).replace("\u2212", "-")
    is_percent = bool(_PERCENT.search(text))
    if is_percent:
        if percent == "no":
            raise Unreadable("percent_not_here")
        text = _PERCENT.sub("", text)
    if not text:
        raise Unreadable()
    value = _split(text, lang)
    return value / 100.0 if is_percent and percent == "share" else value


def describe_readings(readings: Sequence[float], lang: str) -> str:
    """Write the two readings of an ambiguous answer, e.g. ``1 234 or 1,234``."""
    word = " ou " if lang == "fr" else " or "
    shown = [format_number(r, 0 if float(r).is_integer() else 3, lang)
             for r in readings]
    return word.join(shown)
