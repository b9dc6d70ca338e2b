"""The message catalogue: report labels and prose in English and French.

The texts are gettext catalogues under ``gcm_analysis/locales/`` (``gcm.pot`` the
English, ``fr/LC_MESSAGES/gcm.po`` the French; :mod:`gcm_analysis.catalogue`
reads and maintains them); every key has both languages (a test checks).
Notebooks call ``t("key", lang)`` instead of keeping two copies of their text.
Numbers, money, percentages and dates are written by :mod:`gcm_analysis.numbers`
(Babel); :func:`localise_number` and :func:`format_percent` are kept for callers.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from . import numbers

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
    'GCM Workbook 1.0 · analyse r1 · 2026-01-01'

    Given ``country_name``, a text may also use ``{country_le}``, ``{country_Le}``,
    ``{country_du}``, ``{country_au}``: the name with its French article and
    prepositions (:mod:`gcm_analysis.country_names`).
    """
    messages = catalogue(lang)
    if key not in messages:
        raise KeyError(f"message {key!r} is missing from the catalogue "
                       "(gcm_analysis/locales/gcm.pot)")
    text = messages[key]
    if "country_name" in values:
        # {country_le}, {country_du}... (the name with its article, French)
        from .country_names import forms

        values = {**forms(str(values["country_name"]), lang), **values}
    return text.format(**values) if values else text


def localise_number(shown: str, lang: str = "en") -> str:
    """A number written the English way (matplotlib's tick labels) in ``lang``
    (:func:`gcm_analysis.numbers.localise_digits`); format numbers of our own
    with :func:`gcm_analysis.numbers.number`.

    Examples
    --------
    >>> localise_number("1,234.5", "fr") == "1\u202f234,5", localise_number("0.25")
    (True, '0.25')
    """
    return numbers.localise_digits(shown, lang)


def format_percent(share: float, lang: str = "en") -> str:
    """A 0-1 share as a whole percentage (:func:`gcm_analysis.numbers.percent`).

    Examples
    --------
    >>> format_percent(0.4), format_percent(0.125, "fr") == "12\u202f%"
    ('40%', True)
    """
    return numbers.percent(share, lang)


def group_name(kind: str, value: str, lang: str = "en") -> str:
    """A World Bank region or income group (``kind``: ``wb_region``,
    ``wb_income``) in ``lang``; a value the catalogue lacks is returned as is.

    Examples
    --------
    >>> group_name("wb_region", "Sub-Saharan Africa", "fr")
    'Afrique subsaharienne'
    >>> group_name("wb_income", "Lower middle income", "fr")
    'Revenu intermédiaire, tranche inférieure'
    """
    return catalogue(lang).get(f"{kind}.{_slug(value)}", str(value))


def _slug(value: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "_", str(value).lower()).strip("_")


def reference_text(key: str, english: str, lang: str = "en") -> str:
    """The ``lang`` text of a reference table's English ``english`` under
    catalogue ``key``, or ``english`` itself when the catalogue has no entry
    for exactly that English (a user's own text, or a table edited since: a test
    lists those)."""
    from .catalogue import entries

    entry = entries(check_lang(lang)).get(key)
    if entry is None or entry.english != english or entry.translation is None:
        return english
    return entry.translation


def source_note(text: str, lang: str) -> str | None:
    """A reference table's source note (``OUR item (GCM Workbook checklist...``,
    ``UN Network on Migration, Implementing the GCM... step 3``) in ``lang``:
    catalogue ``source_note.<first 10 hex digits of the English's SHA-1>``, used
    only while the English is the same; None for any other text (a user's own
    source names a plan's row and stays as written)."""
    import hashlib

    key = "source_note." + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    shown = reference_text(key, text, lang)
    return shown if shown != text else None


def unit_name(unit: str, lang: str = "en") -> str:
    """A unit of ``country_indicators.csv`` (``persons``, ``per 1,000
    population``...) in ``lang`` (catalogue ``unit.label.<unit>``).

    Examples
    --------
    >>> unit_name("persons", "fr"), unit_name("USD", "fr")
    ('personnes', 'USD')
    """
    return reference_text(f"unit.label.{_slug(unit)}", str(unit), lang)


def menu_unit(unit: str, lang: str = "en") -> str | None:
    """A unit of the costed-action menu in ``lang`` (catalogue
    ``menu.unit.<unit>``): the translation of the menu's English, the unit itself
    when it already is a menu unit in ``lang`` (a starter plan built in that
    language), None for any other text (a plan's own unit).

    Examples
    --------
    >>> menu_unit("consultant day", "fr"), menu_unit("jour de consultant", "fr")
    ('jour de consultant', 'jour de consultant')
    >>> menu_unit("our own unit", "fr") is None
    True
    """
    shown = reference_text(f"menu.unit.{_slug(unit)}", str(unit), lang)
    if shown != unit:
        return shown
    return unit if unit in _menu_units(check_lang(lang)) else None


@cache
def _menu_units(lang: str) -> frozenset[str]:
    from .catalogue import entries

    return frozenset(str(entry.translation) for key, entry in entries(lang).items()
                     if key.startswith("menu.unit.") and entry.translation)


def menu_text_keys(menu: Any) -> dict[str, list[str]]:
    """The catalogue key of each text of the costed-action menu
    (``costed_actions.csv``) that a user reads, by column, one per row:
    ``menu.action.<action_id>``, ``menu.ministry.<ministry>``,
    ``menu.indicator.<action_id>``, ``menu.target.<action_id>``,
    ``menu.item.<action_id>.<line_no>``, ``menu.unit.<unit>`` and
    ``menu.source.<price_key>``. Columns the menu lacks are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> menu = pd.DataFrame({"action_id": ["O01-A1"], "line_no": [2],
    ...                      "unit": ["consultant day"]})
    >>> menu_text_keys(menu)
    {'unit': ['menu.unit.consultant_day']}
    >>> menu_text_keys(menu.assign(item=["International consultant"]))["item"]
    ['menu.item.O01-A1.2']
    """
    def line(number: Any) -> str:
        try:
            return str(int(float(number)))
        except (TypeError, ValueError):
            return str(number)

    ids = [str(a) for a in menu["action_id"]] if "action_id" in menu else []
    keys: dict[str, list[str]] = {}
    if ids:
        for column, kind in (("action_title", "action"), ("indicator", "indicator"),
                             ("target", "target")):
            if column in menu:
                keys[column] = [f"menu.{kind}.{a}" for a in ids]
        if "item" in menu and "line_no" in menu:
            keys["item"] = [f"menu.item.{a}.{line(n)}"
                            for a, n in zip(ids, menu["line_no"], strict=True)]
    for column, kind, by in (("lead_ministry", "ministry", "lead_ministry"),
                             ("unit", "unit", "unit"),
                             ("source", "source", "price_key")):
        if column in menu and by in menu:
            keys[column] = [f"menu.{kind}.{_slug(str(v))}" for v in menu[by]]
    return keys


def menu_in_language(menu: Any, lang: str = "en") -> Any:
    """The costed-action menu (``costed_actions.csv``) with every text a user
    reads in ``lang``: action titles, lead ministries, indicators, targets,
    cost-line items, units and price sources (keys of :func:`menu_text_keys`),
    so a starter plan, its budget tables and workbooks read in the run's
    language. A text whose English is not the catalogue's (a menu edited since,
    or a user's own) stays as it is (:func:`reference_text`).
    """
    if lang == "en" or lang not in LANGUAGES or len(menu) == 0:
        return menu
    return menu.assign(**{
        column: [reference_text(key, str(english), lang) if isinstance(english, str)
                 else english
                 for key, english in zip(keys, menu[column], strict=True)]
        for column, keys in menu_text_keys(menu).items()})


def funding_label(key: str, lang: str = "en", **values: Any) -> str:
    """Return a stage-04 report text (catalogue key ``funding.<key>``).

    Raises
    ------
    KeyError
        If the key is not in the catalogue.
    """
    return t(f"funding.{key}", lang, **values)


#: Catalogue prefix of the method and source notes of the processed data
#: (``country_indicators.csv``'s ``source`` column): English templates whose
#: ``{fields}`` stand for the years, dates and codes that vary by country.
INDICATOR_NOTE_PREFIX = "indicator.method."


def indicator_note(note: Any, lang: str = "en") -> Any:
    """A processed indicator's source or method note in ``lang``.

    The catalogue entries ``indicator.method.*`` are English templates: a note
    that matches one whole (its ``{fields}`` standing for any text, a field
    named twice for the same text) is given that entry's translation with the
    same fields; any other note, or a missing one, is returned as it is (a
    table edited since: a test lists the notes without a translation). In the
    translations, column and file names stand between backticks, shown as
    ``<code>`` by :func:`gcm_analysis.reporting.cell_html`.

    Examples
    --------
    >>> indicator_note("computed: gdp_usd / population, same year (WDI)", "fr")
    'calculé\u202f: `gdp_usd` / `population`, même année (WDI)'
    >>> indicator_note("a note of my own", "fr")
    'a note of my own'
    """
    if lang == "en" or not isinstance(note, str):
        return note
    for pattern, key in _note_patterns(check_lang(lang)):
        match = pattern.fullmatch(note)
        if match:
            return t(key, lang, **match.groupdict())
    return note


@cache
def _note_patterns(lang: str) -> list[tuple[Any, str]]:
    import re
    import string

    from .catalogue import entries

    patterns = []
    for key, entry in entries(lang).items():
        if not key.startswith(INDICATOR_NOTE_PREFIX) or entry.translation is None:
            continue
        regex, seen = "", set()
        for literal, name, _spec, _conv in string.Formatter().parse(entry.english):
            regex += re.escape(literal)
            if name:
                regex += f"(?P={name})" if name in seen else f"(?P<{name}>.+?)"
                seen.add(name)
        patterns.append((re.compile(regex, re.DOTALL), key))
    return patterns
