"""The lessons' short texts: feedback, hints, advice, table headings.

The lesson prose is in the lesson notebooks' Markdown cells (English) and in
the French catalogue ``gcm_analysis/locales/fr/LC_MESSAGES/gcm.po`` (keyed by
cell id, like the stage notebooks). What the package itself says (feedback on
an answer, the hints and advice of each exercise, column headings) is in the
project's message catalogue, ``gcm_analysis/locales/gcm.pot`` and
``fr/LC_MESSAGES/gcm.po``, under keys starting ``teaching.``:
``teaching.ex<id>.hint1``, ``.hint2``, ``.correct``, ``.wrong``,
``.mistake.<code>``; ``teaching.feedback.*``, ``teaching.col.*``...

A text may name ``{placeholders}``: values given by the caller win, the others
are *facts* computed from the lesson data (:mod:`gcm_analysis.teaching.facts`),
so no number of the data is typed into a message.
"""

from __future__ import annotations

import string
from typing import Any

from .. import i18n
from ._format import check_lang

PREFIX = "teaching."


def placeholders(template: str) -> list[str]:
    """Return the ``{names}`` a text needs, in order, without repeats."""
    names: list[str] = []
    for _, name, _, _ in string.Formatter().parse(template):
        if name and name not in names:
            names.append(name)
    return names


def keys() -> list[str]:
    """Every teaching message key (without the ``teaching.`` prefix)."""
    return sorted(k[len(PREFIX):] for k in i18n.catalogue("en") if k.startswith(PREFIX))


def has(key: str) -> bool:
    """Whether the catalogue holds the teaching message ``key``."""
    return PREFIX + key in i18n.catalogue("en")


def template(key: str, lang: str = "en") -> str:
    """The raw text of ``key`` in ``lang``, placeholders unfilled."""
    check_lang(lang)
    messages = i18n.catalogue(lang)
    if PREFIX + key not in messages:
        raise KeyError(f"no teaching text {key!r} in the {lang!r} catalogue")
    return messages[PREFIX + key]


def text(key: str, lang: str = "en", **values: Any) -> str:
    """Return the teaching message ``key`` in ``lang``, placeholders filled.

    Parameters
    ----------
    key : str
        E.g. ``"ex2.1.hint1"``, ``"feedback.correct"``, ``"col.objective"``.
    lang : {"en", "fr"}
    **values
        Values for placeholders; the others come from the lesson facts.

    Raises
    ------
    KeyError
        If the key is missing (a test checks every key exists in both languages).
    """
    raw = template(key, lang)
    needed = [n for n in placeholders(raw) if n not in values]
    if needed:
        from .facts import fact

        values = {**{name: fact(name, lang) for name in needed}, **values}
    return raw.format(**values) if values else raw
