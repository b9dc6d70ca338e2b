"""Build ``data/reference/sdg_targets.csv``: the 169 SDG targets in English and French.

The words are the UN's: the targets of A/RES/70/1 as listed in the global indicator
framework (A/RES/71/313 and its refinements), in the UN Statistics Division's
English and French spreadsheets of that framework. We hold them through a copy:
Open SDG's ``sdg-translations`` (``data/raw/un_sdg/``, see ``PROVENANCE.md``), whose
script read those spreadsheets in 2018. Nobody here read the UN's own files, so
every title is ``partial`` (secondary source); a target the copy lacks keeps an
empty title flagged ``unverified`` and is never filled in by us.

Typographic repairs are made, and nothing else: the copy's script stored the text
in Unicode normal form NFKD (accents as combining marks), which also turned the
UN's non-breaking hyphens into U+2010 and its no-break spaces inside guillemets
into ordinary ones; the build writes NFC, a plain hyphen, and a no-break space
(U+00A0) after « and before » so that a line never starts with ».
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

#: Columns of ``sdg_targets.csv``, in order.
SDG_TARGET_COLUMNS: tuple[str, ...] = (
    "sdg_target", "sdg_goal", "title_en", "title_fr",
    "title_en_status", "title_fr_status", "source",
)

#: How many targets the 2030 Agenda has (A/RES/70/1: 17 goals, 169 targets).
SDG_TARGET_COUNT = 169

_COPY = ("Open SDG sdg-translations, translations/{lang}/global_targets.yml "
         "(commit 0cda585, file unchanged since a35bfcd, 2019-09-07), written in "
         "2018 by its script import_global_metadata.py from the UN Statistics "
         "Division's 'Global Indicator Framework after refinement.{language}.xlsx'")

#: The ``source`` of every row: what the words are and which copy they come from.
SDG_TARGETS_SOURCE = (
    "SDG targets as adopted in A/RES/70/1 (FR: « Transformer notre monde ») and "
    "listed in the global indicator framework (A/RES/71/313 and its refinements). "
    "EN: " + _COPY.format(lang="en", language="English") + "; same words as the "
    "UNDP copy used before (UNDP-Data/Access-All-Data-Viz, commit f343f8f) for "
    "167 of 169 targets (9.1 'transborder' there 'trans-border'; 14.6 without "
    "the footnote marker [c]). FR: " + _COPY.format(lang="fr", language="French")
    + ". Not checked against the UN's own files (unstats.un.org)."
)

#: What an SDG target key looks like in the copy: ``10-7-title`` for target 10.7.
_KEY = re.compile(r"(?P<goal>\d{1,2})-(?P<target>\d{1,2}|[a-z])-title")


def _sort_key(target: str) -> tuple[int, int, int | str]:
    """1.1 < 1.5 < 1.a < 2.1 < 10.1 < 17.10: numbered targets first, then lettered."""
    goal, rest = target.split(".")
    return (int(goal), 0, int(rest)) if rest.isdigit() else (int(goal), 1, rest)


def _titles(raw: pd.DataFrame, lang: str) -> pd.Series:
    """The copy's titles keyed by target (``10.7``), typography repaired (NFC,
    plain hyphens, no-break spaces inside guillemets)."""
    targets = []
    for key in raw["key"]:
        match = _KEY.fullmatch(key)
        if match is None:
            raise ValueError(f"sdg_targets_{lang}: key {key!r} is not an SDG target")
        targets.append(f"{int(match['goal'])}.{match['target']}")
    text = [unicodedata.normalize("NFC", value).replace("\u2010", "-")
            .replace("« ", "«\u00a0").replace(" »", "\u00a0»").strip()
            for value in raw["text"]]
    return pd.Series(text, index=targets, dtype=object)


def build_sdg_targets(en_raw: pd.DataFrame, fr_raw: pd.DataFrame) -> pd.DataFrame:
    """The SDG targets table from the English and French copies (pure).

    Parameters
    ----------
    en_raw, fr_raw : DataFrame
        ``key, text`` as read by :func:`gcm_analysis.rawdata.load_raw_sdg_targets`.

    Returns
    -------
    DataFrame
        :data:`SDG_TARGET_COLUMNS`, one row per target of the English copy, sorted
        1.1, 1.2 ... 1.a ... 17.19. A target without French text has an empty
        ``title_fr`` and ``title_fr_status`` ``unverified``.

    Raises
    ------
    ValueError
        If the English copy does not hold exactly the 169 targets, or the French
        one holds a target the English does not.
    """
    english, french = _titles(en_raw, "en"), _titles(fr_raw, "fr")
    if len(english) != SDG_TARGET_COUNT or english.index.has_duplicates:
        raise ValueError(f"sdg_targets_en: {len(english)} titles, expected "
                         f"{SDG_TARGET_COUNT} distinct targets")
    extra = sorted(set(french.index) - set(english.index), key=_sort_key)
    if extra:
        raise ValueError(f"sdg_targets_fr: targets not in the English copy: {extra}")
    order = sorted(english.index, key=_sort_key)
    title_fr = french.reindex(order).fillna("").astype(object)
    table = pd.DataFrame({
        "sdg_target": order,
        "sdg_goal": [int(target.split(".")[0]) for target in order],
        "title_en": english.reindex(order).to_numpy(),
        "title_fr": title_fr.to_numpy(),
        "title_en_status": "partial",
        "title_fr_status": ["partial" if text else "unverified" for text in title_fr],
        "source": SDG_TARGETS_SOURCE,
    })
    return table.loc[:, list(SDG_TARGET_COLUMNS)]
