"""Curated reference data: GCM objectives, principles, guidance checklists, codes.

Every table lives in ``data/reference/<name>.csv`` (or ``data/processed/`` for
countries) and is read through :mod:`gcm_analysis.io`; each function returns a
fresh copy, so callers may modify what they get.

Each reference table carries a ``source`` column and verification flags, because
the workbook must never present its own proposal or translation as the text of the
UN or of the GCM Guidance:

* ``status`` / ``*_status``: one of :data:`STATUS_VALUES`. ``verified`` means the
  row was read in the cited source; ``partial`` means seen only in a secondary
  source, in part, or extrapolated; ``unverified`` means recalled or our own
  judgement, to be checked before it goes into a report.
* ``is_our_translation``, ``is_our_proposal``, ``is_our_derivation``,
  ``is_our_assignment``, ``is_our_addition``: True where the text or the row is
  the project's own work, not the source's.

See ``data/reference/README.md`` for one line per table.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable
from typing import Any

import pandas as pd

from . import io
from .codes import OBJECTIVE_IDS, check_objective_ids, reference_codes  # noqa: F401 - their home
from .errors import ParameterError

log = logging.getLogger(__name__)

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
"""Languages of the curated GCM texts (objective titles, short labels)."""

STATUS_VALUES: tuple[str, ...] = ("verified", "partial", "unverified")
"""Allowed values of every ``status`` / ``*_status`` column."""

_MAX_SUGGESTIONS = 3


# --------------------------------------------------------------------- checks
def check_language(lang: str) -> str:
    """Return ``lang`` if it is one of :data:`LANGUAGES`, else raise.

    Parameters
    ----------
    lang : str
        Language code, lower case (``"en"``, ``"fr"`` or ``"es"``).

    Returns
    -------
    str
        ``lang`` unchanged.

    Raises
    ------
    ParameterError
        If ``lang`` is not a supported language.

    Examples
    --------
    >>> check_language("fr")
    'fr'
    """
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise ParameterError(
            f"language {lang!r} is not available for GCM texts; use one of "
            + ", ".join(LANGUAGES)
        )
    return lang


def check_iso3(code: str) -> str:
    """Return ``code`` if it is an upper-case ISO3 code in :func:`countries`.

    Nothing is normalised: ``"prt"`` or ``" PRT"`` are refused (with a suggestion),
    so a parameter means exactly one thing everywhere it is used.

    Parameters
    ----------
    code : str
        ISO 3166-1 alpha-3 code, e.g. ``"PRT"``.

    Returns
    -------
    str
        ``code`` unchanged.

    Raises
    ------
    ParameterError
        If the code is unknown; the message names it and suggests close matches by
        code or by country name (``'POR'`` -> ``did you mean PRT (Portugal)?``).
    FileNotFoundError
        If ``data/processed/countries.csv`` has not been built.
    """
    table = countries()
    names = dict(zip(table["iso3"], table["country_name"].fillna(""), strict=True))
    if isinstance(code, str) and code in names:
        return code
    # English names first, so 'POR' finds Portugal before Porto Rico (French).
    alt_names = {
        iso3: [names[iso3], fr if isinstance(fr, str) else ""]
        for iso3, fr in zip(table["iso3"], table["country_name_fr"], strict=True)
    }
    hint = _suggest(code, names, alt_names)
    raise ParameterError(
        f"unknown ISO3 country code {code!r}: expected three upper-case letters "
        f"listed in data/processed/countries.csv{hint}"
    )


def check_currency(code: str) -> str:
    """Return ``code`` if it is an ISO 4217 alphabetic code in :func:`currencies`.

    Parameters
    ----------
    code : str
        Upper-case ISO 4217 code, e.g. ``"USD"``.

    Returns
    -------
    str
        ``code`` unchanged.

    Raises
    ------
    ParameterError
        If the code is unknown; the message suggests close codes or names.

    Examples
    --------
    >>> check_currency("EUR")
    'EUR'
    """
    table = currencies()
    names = dict(zip(table["currency_code"], table["currency_name"], strict=True))
    if isinstance(code, str) and code in names:
        return code
    hint = _suggest(code, names, {c: [n] for c, n in names.items()})
    raise ParameterError(
        f"unknown currency code {code!r}: expected an upper-case ISO 4217 code "
        f"such as 'USD' or 'EUR'{hint}"
    )


def _suggest(
    value: object, names: dict[str, str], alt_names: dict[str, list[str]]
) -> str:
    """Return ``"; did you mean X (Name)?"`` for the closest codes, or ``""``.

    ``names`` maps each code to its display name; ``alt_names`` maps each code to
    the names to search, in order of preference (``""`` where one is missing).

    The first rule that finds anything wins: the same code in another case or
    with spaces, or a name equal to the value; else names starting with the value
    (``POR`` -> Portugal); else codes and names that look alike (difflib).
    """
    if not isinstance(value, str) or not value.strip():
        return ""
    text = value.strip()
    folded = text.casefold()
    picks: list[str] = []

    def add(codes: Iterable[str]) -> None:
        for c in codes:
            if c not in picks:
                picks.append(c)

    add(c for c in names if c.casefold() == folded)
    add(c for c, ns in alt_names.items() if any(n.casefold() == folded for n in ns))
    if len(folded) >= 3 and not picks:  # an exact match needs no look-alikes
        for position in range(max(map(len, alt_names.values()), default=0)):
            add(
                c
                for c, ns in alt_names.items()
                if position < len(ns) and ns[position].casefold().startswith(folded)
            )
    if not picks:
        add(difflib.get_close_matches(text.upper(), list(names), n=3, cutoff=0.6))
        by_name = {n.casefold(): c for c, ns in alt_names.items() for n in ns if n}
        add(
            by_name[m]
            for m in difflib.get_close_matches(folded, list(by_name), n=3, cutoff=0.75)
        )
    if not picks:
        return ""
    shown = [f"{c} ({names[c]})" if names[c] else c for c in picks[:_MAX_SUGGESTIONS]]
    if len(shown) == 1:
        return f"; did you mean {shown[0]}?"
    return f"; did you mean {', '.join(shown[:-1])} or {shown[-1]}?"


# --------------------------------------------------------------------- tables
def objectives(lang: str | None = None, table: pd.DataFrame | None = None
               ) -> pd.DataFrame:
    """Return the 23 GCM objectives with titles, short labels and flags.

    ``table`` is the reference table ``gcm_objectives`` when the caller has read
    it already (stages get it from the run folder); omitted, it is read here.

    Parameters
    ----------
    lang : {None, "en", "fr", "es"}
        ``None`` returns every column (``title_en``, ``title_fr``, ``title_es``,
        ``short_title_*``, ``title_status_*``, ``short_title_status_*``,
        ``paragraph``, ``paragraph_status``, ``source``, ``short_title_source``).
        A language returns ``objective_id, paragraph, title, short_title,
        title_status, short_title_status, source`` for that language.

    Returns
    -------
    DataFrame
        One row per objective, sorted by ``objective_id``.

    Raises
    ------
    ParameterError
        If ``lang`` is not one of :data:`LANGUAGES`.

    Examples
    --------
    >>> objectives("fr").set_index("objective_id").at[20, "short_title"]
    'Envois de fonds'
    """
    if table is None:
        table = io.read_reference("gcm_objectives")
    if lang is None:
        return table
    check_language(lang)
    picked = {
        "objective_id": "objective_id",
        "paragraph": "paragraph",
        f"title_{lang}": "title",
        f"short_title_{lang}": "short_title",
        f"title_status_{lang}": "title_status",
        f"short_title_status_{lang}": "short_title_status",
        "source": "source",
    }
    return table[list(picked)].rename(columns=picked)


def objective_titles(lang: str = "en", short: bool = False,
                     table: pd.DataFrame | None = None) -> pd.Series:
    """Return objective titles (or Hub short labels) indexed by ``objective_id``.

    Parameters
    ----------
    lang : {"en", "fr", "es"}
        Language of the titles. Check ``objectives(lang)["title_status"]`` before
        quoting a title in a report: Spanish titles are mostly unverified.
    short : bool
        True for the Migration Network Hub short labels (for charts).

    Returns
    -------
    Series
        Named ``title`` or ``short_title``, index ``objective_id`` (1-23).

    Examples
    --------
    >>> objective_titles(short=True)[20]
    'Remittances'
    """
    column = "short_title" if short else "title"
    return objectives(lang, table).set_index("objective_id")[column].copy()


def guiding_principles() -> pd.DataFrame:
    """Return the 10 guiding principles of the GCM (para 15 (a)-(j)).

    Columns ``principle_id, letter, paragraph, name_en, name_fr, name_es,
    summary_en, status, summary_status, is_summary_our_paraphrase, source``.
    The names are verified; ``summary_en`` is our paraphrase, not the GCM text.
    """
    return io.read_reference("guiding_principles")


def sdg_links() -> pd.DataFrame:
    """Return the objective-to-SDG-target links used by the workbook.

    Columns ``objective_id, sdg_target, sdg_goal, sdg_indicators,
    is_our_derivation, status, basis, source``. Only Objective 20 (a) -> 10.c is
    stated in the GCM text itself (``is_our_derivation`` False); every other row is
    the project's working mapping and must be presented as such.
    """
    table = io.read_reference("sdg_links")
    # Targets such as "1.5" must stay text ("17.10" is not "17.1").
    return table.astype({"sdg_target": str})


def sdg_targets() -> pd.DataFrame:
    """Return the 169 SDG targets with their words in English and French.

    Columns ``sdg_target, sdg_goal, title_en, title_fr, title_en_status,
    title_fr_status, source``. The text is the UN's (A/RES/70/1, as listed in the
    global indicator framework A/RES/71/313), built by ``gcm data build`` from
    Open SDG's copy of the UN Statistics Division's English and French lists
    (``data/raw/un_sdg/``), not checked against the UN's own files: the statuses
    are ``partial``. A target without French would have an empty ``title_fr``
    flagged ``unverified`` (none is missing in the copy).
    """
    table = io.read_reference("sdg_targets")
    return table.astype({"sdg_target": str})


def mptf_thematic_areas() -> pd.DataFrame:
    """Return the five Migration MPTF thematic areas (names unverified).

    Columns ``area_id, name_en, status, source``.
    """
    return io.read_reference("mptf_thematic_areas")


def mptf_area_objectives() -> pd.DataFrame:
    """Return our assignment of each GCM objective to one MPTF thematic area.

    Columns ``area_id, objective_id, is_our_assignment, status, source``. The
    Fund's own grouping was not verified; this one-area-per-objective table is ours.
    """
    return io.read_reference("mptf_area_objectives")


def budget_governance_principles() -> pd.DataFrame:
    """Return the OECD (2015) ten principles of budgetary governance.

    Columns ``principle_id, text_en, text_fr, is_our_translation, status,
    source``. ``text_en`` is the OECD wording; ``text_fr`` is our translation.
    """
    return io.read_reference("budget_governance_principles")


def validation_workshop_points() -> pd.DataFrame:
    """Return the 8 points validation workshops must discuss (Guidance, Action 1).

    Columns ``point_id, text_fr, text_en, is_our_translation, status, source``.
    ``text_fr`` is as written in the Guidance; ``text_en`` is our translation.
    """
    return io.read_reference("validation_workshop_points")


def budgeting_steps() -> pd.DataFrame:
    """Return the 8 steps for budgeting GCM implementation (Guidance, Action 2).

    Columns ``step_id, text_fr, text_en, note_fr, note_en, related_table,
    is_our_translation, status, source``. ``related_table`` names the reference
    table a step points to (e.g. step 4 -> ``ideal_budgeting_conditions``).
    """
    return io.read_reference("budgeting_steps")


def ideal_budgeting_conditions() -> pd.DataFrame:
    """Return the 5 ideal conditions for successful GCM budgeting (Action 2, step 4).

    Columns ``condition_id, text_fr, text_en, is_our_translation, status,
    source``. The Guidance adapts them from Downes & Nicol (OECD).
    """
    return io.read_reference("ideal_budgeting_conditions")


def funding_source_types() -> pd.DataFrame:
    """Return the funding source types, keyed by ``source_type_code``.

    Columns ``source_type_code, display_order, text_fr, text_en, name_fr,
    is_our_translation, is_our_addition, status, source``. ``text_fr`` is the
    Guidance's wording (with its article: « Le Fonds… », « des financements de
    fondations »), ``name_fr`` our short name for a label
    (:func:`gcm_analysis.funding.source_type_names`).
    Rows with ``is_our_addition`` True (domestic budget, bilateral development
    partners) are not in the Guidance's list.
    """
    return io.read_reference("funding_source_types")



def guidance_actions() -> pd.DataFrame:
    """Return the three actions of the Guidance's design step (plan, budget, funds).

    Columns ``action_id, title_fr, title_en, is_our_translation, status, source``.
    """
    return io.read_reference("guidance_actions")


def plan_quality_criteria() -> pd.DataFrame:
    """Return OUR 10-criterion plan-quality checklist (not the Guide's Tool 8).

    Columns ``criterion_id, text_en, text_fr, is_our_proposal,
    is_our_translation, status, source``.
    """
    return io.read_reference("plan_quality_criteria")


def currencies() -> pd.DataFrame:
    """Return ISO 4217 currencies, one row per alphabetic code.

    Columns ``currency_code, currency_name, currency_numeric_code, minor_unit,
    is_our_addition, status, source``; ``currency_numeric_code`` is three-digit
    text (``"008"``). ``TRY`` is our addition: the source file's Türkiye row has
    no currency.
    """
    table = io.read_reference("currencies")
    numeric = table["currency_numeric_code"].map(lambda v: f"{int(v):03d}")
    return table.assign(currency_numeric_code=numeric)


def countries() -> pd.DataFrame:
    """Return countries and territories from ``data/processed/countries.csv``.

    Columns as in ``docs/contracts.md``: ``iso3, country_name, country_name_fr,
    m49_code, wb_region, wb_income_group, un_region, un_subregion, is_un_member,
    currency_code``; sorted by ``iso3``.

    Raises
    ------
    FileNotFoundError
        If the processed data has not been built (``gcm data build``).
    """
    return io.read_processed("countries")


def funding_reference() -> Any:
    """The funding domain's reference tables, read from ``data/reference``
    (:class:`gcm_analysis.funding.FundingReference`)."""
    from .funding import REFERENCE_TABLES, FundingReference

    return FundingReference.from_tables(
        {name: io.read_reference(name) for name, _ in REFERENCE_TABLES.values()})


def plan_codes() -> dict[str, frozenset[str]]:
    """The codes a plan's cells are checked against, read from the reference files:
    ISO 4217 currencies, the countries table and the cost categories (see
    :func:`gcm_analysis.codes.reference_codes`). A currencies or countries
    table that is missing leaves those codes checked by form only."""
    try:
        currency_codes: Iterable[str] | None = currencies()["currency_code"]
    except (FileNotFoundError, KeyError):  # pragma: no cover - reference missing
        log.warning("currencies table not found; checking currency codes by form only")
        currency_codes = None
    try:
        iso3: Iterable[str] | None = countries()["iso3"]
    except (FileNotFoundError, KeyError):
        log.info("countries not built; checking country codes by form only")
        iso3 = None
    return reference_codes(currency_codes, iso3,
                           io.read_reference("cost_categories")["category_code"])
