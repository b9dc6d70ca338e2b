"""Coded values shown by their label in a workbook written in French.

The run's CSV files keep codes (``pledged``, ``start_up``, ``bottom-up``,
``Sub-Saharan Africa``): they are the machine contract of ``docs/contracts.md``
and the same in every language. ``tables.xlsx`` is read by people, so in a
language other than English each coded column listed in :data:`COLUMNS` shows the
code's label in that language (``Annoncé``, ``démarrage``, ``ascendante``,
``Afrique subsaharienne``); the column's internal name (header row 2) and the
CSV keep the code. A value without a label (a user's own text, a new code) is
shown as it is, and :func:`unlabelled_codes` lists them (a test keeps it empty
for the session's French run).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pandas as pd

from . import i18n


def _keyed(prefix: str) -> Callable[[str, str], str | None]:
    """Labels under catalogue keys ``<prefix><code>``."""
    def label(code: str, lang: str) -> str | None:
        return i18n.catalogue(lang).get(prefix + i18n._slug(code))
    return label


@cache
def _status_labels(lang: str) -> dict[str, str]:
    from . import io

    table = io.read_reference("funding_status_defaults")
    return dict(zip(table["status_code"], table[f"text_{lang}"], strict=True))


@cache
def _category_labels(lang: str) -> dict[str, str]:
    from . import io
    from .reporting.costing import category_labels

    return category_labels(io.read_reference("cost_categories"), lang)


def _status(code: str, lang: str) -> str | None:
    return _status_labels(lang).get(code) or _keyed("value.status.")(code, lang)


def _category(code: str, lang: str) -> str | None:
    return _category_labels(lang).get(code)


def _method(code: str, lang: str) -> str | None:
    from .reporting.costing_text import method_text

    shown = method_text(str(code).replace("_", "-"), lang)
    return shown if shown != str(code).replace("_", "-") or lang == "en" else None


def _group(code: str, lang: str) -> str | None:
    catalogue = i18n.catalogue(lang)
    slug = i18n._slug(code)
    return (catalogue.get(f"wb_region.{slug}") or catalogue.get(f"wb_income.{slug}")
            or catalogue.get(f"value.peer_name.{slug}"))


def _unit(code: str, lang: str) -> str | None:
    shown = i18n.unit_name(code, lang)
    if shown != code or code in ("%", "USD"):
        return shown
    return i18n.menu_unit(code, lang)  # a cost line's unit from the menu


def _component(code: str, lang: str) -> str | None:
    return i18n.catalogue(lang).get(f"costing.comp_{code}")


#: column name → the label of one of its codes in a language (None: no label)
COLUMNS: dict[str, Callable[[str, str], str | None]] = {
    "status": _status,
    "category": _category,
    "method": _method,
    "costing_method": _method,
    "cost_type": _keyed("value.cost_type."),
    "scope": _keyed("value.scope."),
    "price_basis": _keyed("value.price_basis."),
    "kind": _keyed("value.kind."),
    "peer_group": _keyed("value.peer_group."),
    "peer_name": _group,
    "fact_status": _keyed("value.status."),
    "measure": _keyed("value.measure."),
    "step": _keyed("value.step."),
    "candidate_kind": _keyed("value.candidate_kind."),
    "likelihood_basis": _keyed("value.likelihood_basis."),
    "variable": _keyed("value.variable."),
    "unit": _unit,
}


def _note(text: str, lang: str) -> str | None:
    """A reference table's source note (:func:`gcm_analysis.i18n.source_note`) or a
    processed indicator's method note (:func:`gcm_analysis.i18n.indicator_note`),
    code names without their backticks; None for any other text."""
    shown = i18n.source_note(text, lang)
    if shown is None:
        method = i18n.indicator_note(text, lang)
        shown = None if method == text else str(method).replace("`", "")
    return shown


#: free-text columns some of whose values are known notes with a translation
#: (others stay as written; not listed by :func:`unlabelled_codes`)
NOTES: dict[str, Callable[[str, str], str | None]] = {
    "source": _note,
    "topic_source": _note,
}
#: label columns computed from a code column beside them
DERIVED: dict[str, tuple[str, Callable[[str, str], str | None]]] = {
    "component_name": ("component", _component),
}


def _shown(values: pd.Series, label: Callable[[str, str], str | None],
           lang: str) -> pd.Series:
    def one(value: object) -> object:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return value
        return label(str(value), lang) or value
    return values.map(one).astype(object)


def _eligibility(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``funding_country_eligibility``: the facts' values, basis and notes as the
    report's table gives them (``reporting.mobilisation.format_country_eligibility``:
    catalogue ``funding.eligibility.*``), file and column names without its
    backticks."""
    catalogue = i18n.catalogue(lang)

    def value(attribute: str, text: object) -> object:
        if not isinstance(text, str):
            return text
        if attribute == "income_group":
            return i18n.group_name("wb_income", text, lang)
        if text in ("True", "False"):
            key = "funding.yes" if text == "True" else "funding.no"
            return catalogue.get(key, text)
        return text

    def note(attribute: str, text: object) -> object:
        if not isinstance(text, str):
            return text
        for kind in ("source", "exception_source"):
            text = i18n.reference_text(f"funding.eligibility.{kind}.{attribute}", text,
                                       lang)
        return str(text).replace("`", "")

    out = frame.copy()
    if {"attribute", "value"} <= set(frame.columns):
        out["value"] = [value(a, v) for a, v in zip(frame["attribute"], frame["value"],
                                                     strict=True)]
    if {"attribute", "source"} <= set(frame.columns):
        out["source"] = [note(a, v) for a, v in zip(frame["attribute"], frame["source"],
                                                     strict=True)]
    if "basis" in frame.columns:
        basis = "funding.eligibility.basis.world_bank_fy2023"
        out["basis"] = [i18n.reference_text(basis, b, lang) if isinstance(b, str)
                        else b for b in frame["basis"]]
    if "status" in frame.columns:
        out["status"] = [catalogue.get(f"funding.eligibility.status.{v}", v)
                         for v in frame["status"]]
    return out


#: tables whose columns need more than a code's label (the table's own rules)
TABLES: dict[str, Callable[[pd.DataFrame, str], pd.DataFrame]] = {
    "funding_country_eligibility": _eligibility,
}


def for_people(frame: pd.DataFrame, lang: str, table: str | None = None
               ) -> pd.DataFrame:
    """``frame`` (the run table ``table``) with its coded columns
    (:data:`COLUMNS`, :data:`DERIVED`) shown by their labels in ``lang`` and its
    known notes (:data:`NOTES`, :data:`TABLES`) translated; English, unknown codes
    and other text unchanged."""
    if lang == "en":
        return frame
    if table in TABLES:
        return TABLES[table](frame, lang)
    out = frame
    for column, label in COLUMNS.items():
        if column in frame.columns and not pd.api.types.is_numeric_dtype(frame[column]):
            out = out.assign(**{column: _shown(frame[column], label, lang)})
    for column, label in NOTES.items():
        if column in frame.columns and not pd.api.types.is_numeric_dtype(frame[column]):
            out = out.assign(**{column: _shown(frame[column], label, lang)})
    for column, (code_column, label) in DERIVED.items():
        if column in frame.columns and code_column in frame.columns:
            labels = [label(str(c), lang) for c in frame[code_column]]
            out = out.assign(**{column: [shown if shown is not None else old
                                         for shown, old in zip(labels, frame[column],
                                                               strict=True)]})
    return out


def unlabelled_codes(frame: pd.DataFrame, lang: str) -> dict[str, list[str]]:
    """The values of ``frame``'s coded columns that have no label in ``lang``."""
    out: dict[str, list[str]] = {}
    for column, label in COLUMNS.items():
        if column not in frame.columns or pd.api.types.is_numeric_dtype(frame[column]):
            continue
        missing = sorted({str(v) for v in frame[column].dropna()
                          if label(str(v), lang) is None})
        if missing:
            out[column] = missing
    return out
