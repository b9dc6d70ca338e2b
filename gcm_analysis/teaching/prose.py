"""Lesson prose in English and French from one source per lesson.

Each lesson's text is one Python mapping (``gcm_analysis/teaching/content/
lesson<N>.py``, ``TEXT``) whose entries hold the English and the French side by
side: ``{"key": {"en": "...", "fr": "..."}}``. Lesson 0 is the shared vocabulary
(feedback, headings). A text may name ``{placeholders}``: values given by the
caller win, the others are *facts* computed from the lesson data by
:mod:`gcm_analysis.teaching.facts`, so no number is typed into the prose.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from ..reporting.costing import money

LANGUAGES: tuple[str, ...] = ("en", "fr")
LESSONS: tuple[int, ...] = (1, 2, 3, 4)


def check_lang(lang: str) -> str:
    """Return ``lang`` if the lessons exist in it, else raise ValueError."""
    if lang not in LANGUAGES:
        raise ValueError(f"lessons exist in {', '.join(LANGUAGES)}; found {lang!r}")
    return lang


def _lesson_number(lesson: int | str) -> int:
    value = str(lesson).lower().removeprefix("lesson").strip()
    number = int(value.split("_")[0]) if value else -1
    if number not in (0, *LESSONS):
        raise ValueError(f"no lesson {lesson!r}: lessons are 1-4 (0 = shared texts)")
    return number


def catalogue(lesson: int | str) -> Mapping[str, Mapping[str, str]]:
    """Return a lesson's texts: key -> {"en": ..., "fr": ...}."""
    from .content import TEXTS

    return TEXTS[_lesson_number(lesson)]


def placeholders(template: str) -> list[str]:
    """Return the ``{names}`` a text needs, in order, without repeats."""
    names: list[str] = []
    for _, name, _, _ in string.Formatter().parse(template):
        if name and name not in names:
            names.append(name)
    return names


def text(lesson: int | str, key: str, lang: str = "en", **values: Any) -> str:
    """Return the text ``key`` of a lesson in ``lang``, placeholders filled.

    Parameters
    ----------
    lesson : int or str
        1-4 (``"2"`` and ``"lesson2"`` work too); 0 for the shared texts.
    key : str
        E.g. ``"intro"``, ``"ex2.1.prompt"``.
    lang : {"en", "fr"}
    **values
        Values for placeholders; the others come from the lesson facts.

    Raises
    ------
    KeyError
        If the key is missing (a test checks every key exists in both languages).
    """
    check_lang(lang)
    texts = catalogue(lesson)
    if key not in texts:
        raise KeyError(f"lesson {lesson}: no text {key!r}")
    template = texts[key][lang]
    needed = [n for n in placeholders(template) if n not in values]
    if needed:
        from .facts import fact

        values = {**{name: fact(name, lang) for name in needed}, **values}
    return template.format(**values) if values else template


class Prose(str):
    """A text that notebooks display as Markdown (and print as plain text)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def show_text(lesson: int | str, key: str, lang: str = "en", **values: Any) -> Prose:
    """Return the text as :class:`Prose`, which a notebook cell shows as Markdown."""
    return Prose(text(lesson, key, lang, **values))


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


def format_amount(value: Any, currency: str, lang: str = "en") -> str:
    """Write an amount in full, e.g. ``314,523,000 XOF`` / ``314 523 000 XOF``."""
    return f"{money(value, 0, lang)} {currency}".strip()


def format_share(value: Any, lang: str = "en") -> str:
    """Write a share 0-1 with three decimals and its percentage."""
    share = f"{float(value):.3f}"
    pct = f"{100 * float(value):.1f}"
    if lang == "fr":
        return f"{share.replace('.', ',')} ({pct.replace('.', ',')} %)"
    return f"{share} ({pct}%)"


def format_number(value: Any, digits: int = 1, lang: str = "en") -> str:
    """Write a plain number (thousands separated) in the lesson's language."""
    return money(value, digits, lang)
