"""Numbers, money, percentages and dates written the way each report language
does, through Babel (CLDR data): the one formatter of the project.

French follows CLDR and the house typography: a narrow no-break space (U+202F)
between thousands (``645 542``) and before ``%`` (``40 %``; CLDR has an
ordinary no-break space there, replaced so that one space is used throughout),
a decimal comma, amounts in words with plural agreement (``1,4 million``,
``2,1 millions``, ``3,0 milliards``), and a no-break space (U+00A0) between a
number and its currency code so that ``645 542 USD`` never wraps. English:
``645,542``, ``40%``, ``USD 2.1 million``.

Pure: no file access, no matplotlib; the domain packages import it.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

NNBSP = "\u202f"  # narrow no-break space: thousands, before ; : ! ? %
NBSP = "\u00a0"  # no-break space: between a number and its unit or currency

_LOCALES = {"en": "en", "fr": "fr"}


def _locale(lang: str) -> str:
    if lang not in _LOCALES:
        raise ValueError(f"language {lang!r} is not supported; use one of "
                         f"{tuple(_LOCALES)}")
    return _LOCALES[lang]


def _missing(value: Any) -> bool:
    """None, NaN, NA, infinite or not a number: written as the missing marker."""
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return True


def _typography(text: str, lang: str) -> str:
    return text.replace(NBSP, NNBSP) if lang == "fr" else text


def number(value: Any, lang: str = "en", digits: int | None = 0,
           missing: str = "—") -> str:
    """``value`` with grouped thousands and ``digits`` decimals (None: as many as
    it has, up to three, trailing zeros dropped); ``missing`` for None/NaN.

    Examples
    --------
    >>> number(645542), number(645542, "fr") == "645\u202f542"
    ('645,542', True)
    >>> number(1234.5, "fr", 1) == "1\u202f234,5", number(2.50, "en", None)
    (True, '2.5')
    >>> number(float("nan")), number(float("inf")), number(-0.4)
    ('—', '—', '0')
    """
    from babel.numbers import format_decimal

    if _missing(value):
        return missing
    if digits is None:
        return _typography(format_decimal(float(value), locale=_locale(lang)), lang)
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    shown = round(float(value), digits) + 0.0  # + 0.0: no "-0"
    return _typography(format_decimal(shown, format=pattern, locale=_locale(lang)),
                       lang)


def percent(share: Any, lang: str = "en", digits: int = 0, missing: str = "—") -> str:
    """A 0-1 share as a percentage: ``40%`` / ``40 %`` (U+202F).

    Examples
    --------
    >>> percent(0.4), percent(0.125, "fr") == "12\u202f%", percent(0.1234, "en", 1)
    ('40%', True, '12.3%')
    """
    from babel.numbers import format_percent

    if _missing(share):
        return missing
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    text = format_percent(float(share), format=pattern, locale=_locale(lang))
    if lang == "fr":  # CLDR's French pattern has a space before %; ours is narrow
        text = text.rstrip("%").rstrip(f" {NBSP}{NNBSP}") + NNBSP + "%"
    return text


def money(amount: Any, currency: str, lang: str = "en", missing: str = "—") -> str:
    """An amount for prose and headline tables: from a million up in words with
    one decimal (plural agreement in French: ``1,4 million``, ``2,0 millions``),
    below in full.

    Examples
    --------
    >>> money(2_100_000, "USD"), money(645_542, "USD")
    ('USD 2.1 million', 'USD 645,542')
    >>> money(2_100_000, "USD", "fr") == "2,1\u00a0millions\u00a0USD"
    True
    >>> money(1_400_000, "EUR", "fr") == "1,4\u00a0million\u00a0EUR"
    True
    >>> money(645_542, "USD", "fr") == "645\u202f542\u00a0USD"
    True
    >>> money(3e9, "USD"), money(None, "USD")
    ('USD 3.0 billion', '—')
    """
    if _missing(amount):
        return missing
    value = float(amount)
    shown = (_in_words(value, lang) if abs(value) >= 1e6 else number(value, lang))
    if lang == "fr":
        return shown.replace(" ", NBSP) + NBSP + currency
    return f"{currency} {shown}"


def _in_words(value: float, lang: str) -> str:
    """``2.1 million`` / ``2,1 millions``: one decimal, the word of CLDR's long
    compact format in the plural form of the number as shown."""
    from babel import Locale

    magnitude = 1e9 if abs(value) >= 1e9 else 1e6
    shown = number(value / magnitude, lang, 1)
    locale = Locale.parse(_locale(lang))
    form = locale.plural_form(abs(round(value / magnitude, 1)))
    patterns = locale.compact_decimal_formats["long"]
    pattern = patterns.get(form, patterns["other"])[str(int(magnitude))]
    word = getattr(pattern, "pattern", str(pattern)).replace("0", "").strip()
    return f"{shown} {word}"


def date(value: _dt.date | str, lang: str = "en", style: str = "long") -> str:
    """A date: ``6 December 2026``... as CLDR writes it (``style``: short,
    medium, long); an ISO string is accepted.

    Examples
    --------
    >>> date("2026-12-06", "fr"), date("2026-12-06", "en")
    ('6 décembre 2026', 'December 6, 2026')
    """
    from babel.dates import format_date

    if isinstance(value, str):
        value = _dt.date.fromisoformat(value[:10])
    return format_date(value, format=style, locale=_locale(lang))


def month(value: str, lang: str = "en") -> str:
    """A month given as ``YYYY-MM`` (the funding calendar's ``approach_by``) in
    words, as CLDR writes a month and year standing alone; anything else is
    returned as it is.

    Examples
    --------
    >>> month("2027-01", "fr"), month("2027-01", "en"), month("soon")
    ('janvier 2027', 'January 2027', 'soon')
    """
    from babel.dates import format_skeleton

    try:
        first = _dt.date.fromisoformat(f"{str(value)[:7]}-01")
    except ValueError:
        return str(value)
    if len(str(value)) != 7:
        return str(value)
    return format_skeleton("yMMMM", first, locale=_locale(lang))


def localise_digits(shown: str, lang: str = "en") -> str:
    """A number already written the English way (``1,234.5``, as matplotlib's
    tick labels are) rewritten for ``lang``: only for text this module did not
    write.

    Examples
    --------
    >>> localise_digits("1,234.5", "fr") == "1\u202f234,5", localise_digits("0.25")
    (True, '0.25')
    """
    if lang == "fr":
        return shown.replace(",", NNBSP).replace(".", ",")
    return shown
