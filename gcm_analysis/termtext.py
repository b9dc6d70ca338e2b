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
from collections.abc import Mapping
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
