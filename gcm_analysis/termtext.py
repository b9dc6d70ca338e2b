"""What ``gcm`` prints, in the terminal's language.

The language is the command's ``--lang`` where it has one (``run``, ``batch``,
``template``, ``teach``, ``validate``); otherwise ``GCM_LANG``; otherwise
gettext's usual variables, in gettext's order: ``LANGUAGE`` (unless the locale
is ``C``/``POSIX``), ``LC_ALL``, ``LC_MESSAGES``, ``LANG``. A value starting
with ``fr`` gives French, any other English. The texts are the catalogue's
``cli.*`` entries (``locales/gcm.pot``, ``locales/fr/LC_MESSAGES/gcm.po``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from .i18n import t

LOCALE_VARIABLES: tuple[str, ...] = ("LC_ALL", "LC_MESSAGES", "LANG")
"""The locale variables, first set wins (POSIX order)."""


def _language(value: str) -> str:
    return "fr" if value.strip().lower().startswith("fr") else "en"


def terminal_lang(given: str | None = None,
                  environ: Mapping[str, str] | None = None) -> str:
    """The language of the terminal: ``"fr"`` or ``"en"``.

    Examples
    --------
    >>> terminal_lang("fr"), terminal_lang(None, {"LANG": "fr_FR.UTF-8"})
    ('fr', 'fr')
    >>> terminal_lang(None, {"GCM_LANG": "en", "LANG": "fr_FR.UTF-8"})
    'en'
    >>> terminal_lang(None, {"LANGUAGE": "fr:en", "LANG": "C"})
    'en'
    >>> terminal_lang(None, {"LANGUAGE": "fr:en", "LANG": "en_GB.UTF-8"})
    'fr'
    """
    if given:
        return _language(given)
    env: Mapping[str, str] = os.environ if environ is None else environ
    if env.get("GCM_LANG"):
        return _language(env["GCM_LANG"])
    locale = next((env[name] for name in LOCALE_VARIABLES if env.get(name)), "")
    if env.get("LANGUAGE") and locale.split(".")[0] not in ("C", "POSIX"):
        # LANGUAGE is a priority list ("fr:en"); gettext ignores it under C
        return _language(env["LANGUAGE"].split(":")[0])
    return _language(locale) if locale else "en"


def say(key: str, lang: str, **values: Any) -> str:
    """The ``cli.<key>`` text in ``lang``."""
    return t(f"cli.{key}", lang, **values)


def counted(key: str, count: int, lang: str, **values: Any) -> str:
    """``cli.<key>.one`` or ``cli.<key>.many`` (by ``count``), given ``count``
    written the way of ``lang``."""
    from .numbers import number

    form = "one" if count == 1 else "many"
    return say(f"{key}.{form}", lang, count=number(count, lang), **values)


def help_in(key: str, english: str, lang: str) -> str:
    """An option's help in ``lang``: catalogue ``cli.help.<key>``, used while its
    English is ``english`` (the text in ``cli.py``), else ``english``."""
    from .i18n import reference_text

    return reference_text(f"cli.help.{key}", english, lang)


ARGPARSE_WORDS: tuple[str, ...] = (
    "usage: ", "positional arguments", "options", "show this help message and exit",
    "the following arguments are required: %s",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "unrecognized arguments: %s", "%(prog)s: error: %(message)s\n",
    "argument %(argument_name)s: %(message)s", "expected one argument",
    "invalid %(type)s value: %(value)r",
)
"""argparse's own words (it looks them up through gettext when it builds a
parser and when it formats help and errors)."""


@contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """argparse's own words ("usage:", "options"...) in ``lang`` while the block
    runs (catalogue ``cli.argparse.<n>``, n the word's place in
    :data:`ARGPARSE_WORDS`); English needs nothing."""
    import argparse

    if lang == "en":
        yield
        return
    words = {english: say(f"argparse.{i}", lang)
             for i, english in enumerate(ARGPARSE_WORDS)}
    previous = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: words.get(text, text)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = previous  # type: ignore[attr-defined]


def option_lang(argv: Sequence[str]) -> str | None:
    """The value of ``--lang``/``--language`` in ``argv`` (before parsing, so the
    help is in that language), else None.

    Examples
    --------
    >>> option_lang(["run", "KEN", "--lang", "fr"]), option_lang(["--lang=fr"])
    ('fr', 'fr')
    >>> option_lang(["validate", "plan.xlsx"]) is None
    True
    """
    for i, item in enumerate(argv):
        name, sep, value = item.partition("=")
        if name in ("--lang", "--language"):
            if sep:
                return value
            return argv[i + 1] if i + 1 < len(argv) else None
    return None
