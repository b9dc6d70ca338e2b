"""The plan template: instructions, plan sheets with comments and drop-downs,
and the hidden lists sheet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..rawsheet import column_letter
from .writing import CellValidation, ListValidation, NumberValidation, SheetLayout

# --------------------------------------------------------------------- template
SUGGESTED_UNITS: tuple[str, ...] = (
    "staff month", "consultant day", "workshop", "participant day", "training course",
    "campaign", "system", "licence year", "item", "trip", "case", "person",
    "session", "study", "survey round", "event", "month", "year", "lump sum",
)
"""Units offered in the cost_lines drop-down (other units may be typed); a
French template offers them in French (the menu's ``menu.unit.<unit>``, else
``template.unit.<unit>``)."""

INSTRUCTION_KEYS: tuple[str, ...] = tuple(f"template.instruction_{i}"
                                        for i in range(1, 10))
"""Message keys of the instructions sheet's lines (English and French)."""


def template_layout(
    specs: Sequence[Any],
    settings_columns: Sequence[Any],
    tables: dict[str, pd.DataFrame],
    columns_help: pd.DataFrame,
    lang: str = "en",
) -> list[SheetLayout]:
    """Describe the template workbook: instructions, plan sheets, lists.

    Parameters
    ----------
    specs : sequence of plan.SheetSpec
        The plan's sheets (core and registered), in order.
    settings_columns : sequence of plan.ColumnSpec
        The settings (one row each on the settings sheet).
    tables : dict of str to DataFrame
        Content per sheet (``plan.plan_to_tables`` or ``plan.template_tables``);
        sheets not described by ``specs`` are written after the plan sheets.
    columns_help : DataFrame
        ``plan.describe_columns()``: one row per column for the instructions.
    lang : str
        Language of the instructions, header notes, settings descriptions and
        drop-down texts (``fr`` or ``en``; ``es``: objective titles in Spanish,
        the rest in English). Sheet and column names and coded values (the
        validator reads them) are the same in every language.

    Returns
    -------
    list of SheetLayout
    """
    choices = {
        f"{spec.name}.{column.name}": list(column.choices)
        for spec in specs for column in spec.columns
        if column.kind == "choice" and column.choices and not column.dropdown
    }
    lists, ranges = _lists_sheet(lang, choices)
    words = lang if lang in ("en", "fr") else "en"
    layouts = [_instructions_sheet(columns_help, lang)]
    known = set()
    for spec in specs:
        known.add(spec.name)
        if spec.name == "settings":
            layouts.append(_settings_sheet(settings_columns, tables["settings"],
                                           ranges, words))
        elif spec.in_template or spec.name in tables:
            table = tables.get(spec.name, pd.DataFrame(columns=[c.name for c in
                                                                spec.columns]))
            layouts.append(_data_sheet(spec, table, ranges, words))
    layouts.append(lists)
    for name, table in tables.items():
        if name not in known:
            cells = table.astype(object).where(table.notna(), None)
            header = [str(c) for c in table.columns]
            layouts.append(SheetLayout(name=name, header=header,
                                       rows=cells.to_numpy().tolist()))
    return layouts


def _lists_sheet(lang: str, choices: dict[str, list[Any]]
                 ) -> tuple[SheetLayout, dict[str, str]]:
    from .. import io, reference
    from ..i18n import _slug, menu_unit, reference_text

    words = lang if lang in ("en", "fr") else "en"  # es: objective titles only

    titles = reference.objective_titles(lang if lang in reference.LANGUAGES else "en",
                                        short=True)
    categories = io.read_reference("cost_categories")
    currencies = reference.currencies()["currency_code"].tolist()
    try:
        countries = reference.countries()["iso3"].tolist()
    except FileNotFoundError:
        countries = []
    columns: dict[str, list[Any]] = {
        "objective_id": [int(i) for i in titles.index],
        "objective_short_title": titles.tolist(),
        "category": categories["category_code"].tolist(),
        "category_name": categories["name_fr" if lang == "fr" else "name_en"].tolist(),
        "cost_type": ["start_up", "recurrent"],
        "costing_method": ["bottom_up", "top_down"],
        "yesno": ["oui", "non"] if lang == "fr" else ["yes", "no"],  # both are read
        "currency": currencies,
        "iso3": countries,
        "unit": [menu_unit(unit, words) or reference_text(
                     f"template.unit.{_slug(unit)}", unit, words)
                 for unit in SUGGESTED_UNITS],
        **choices,
    }
    header = list(columns)
    depth = max(len(v) for v in columns.values())
    rows = [[columns[h][i] if i < len(columns[h]) else None for h in header]
            for i in range(depth)]
    ranges = {}
    for j, name in enumerate(header):
        if columns[name]:
            letter = column_letter(j)
            ranges[name] = f"=lists!${letter}$2:${letter}${len(columns[name]) + 1}"
    layout = SheetLayout(name="lists", header=header, rows=rows, hidden=True,
                         widths={"objective_short_title": 36, "category_name": 36})
    return layout, ranges


def _instructions_sheet(columns_help: pd.DataFrame, lang: str) -> SheetLayout:
    from .. import io, reference
    from ..i18n import reference_text, t

    words = lang if lang in ("en", "fr") else "en"
    rows: list[list[Any]] = [[t(key, words)] for key in INSTRUCTION_KEYS]
    rows += [[], [t("template.columns_heading", words)],
             [t(f"template.help.{c}", words) for c in columns_help.columns]]
    rows += columns_help.astype(object).to_numpy().tolist()
    titles = reference.objective_titles(lang if lang in reference.LANGUAGES else "en")
    rows += [[], [t("template.objectives_heading", words)],
             ["objective_id", t("template.help.title", words)]]
    rows += [[int(i), title] for i, title in titles.items()]
    categories = io.read_reference("cost_categories")
    rows += [[], [t("template.categories_heading", words)],
             [t(f"template.help.{c}", words) for c in ("category", "name", "covers")]]
    rows += [[code, name_fr if words == "fr" else name_en,
              reference_text(f"template.category.{code}", description, words)]
             for code, name_en, name_fr, description in categories[
                 ["category_code", "name_en", "name_fr", "description_en"]
             ].itertuples(index=False)]
    return SheetLayout(
        name="instructions",
        header=[t("template.title", words)],
        rows=rows, is_table=False,
        widths={"A": 16, "B": 26, "C": 10, "D": 70, "E": 22, "F": 50},
        wrap_letters=("D", "F"),
    )


def _settings_sheet(settings_columns: Sequence[Any], table: pd.DataFrame,
                    ranges: dict[str, str], lang: str = "en") -> SheetLayout:
    from ..i18n import t

    values = dict(zip(table["setting"], table["value"], strict=True))
    rows, rules = [], []
    for i, spec in enumerate(settings_columns, start=2):
        value = values.get(spec.name, "")
        expected = spec.expected_text().render(lang)
        rows.append([spec.name, None if value == "" else value, spec.unit_text(lang),
                     t("template.setting_note", lang,
                       description=spec.description_in("settings", lang),
                       need=t("template.required" if spec.required
                              else "template.optional", lang),
                       expected=expected)])
        cell = f"B{i}"
        if spec.dropdown and spec.dropdown in ranges:
            rules.append(CellValidation(cell=cell, source=ranges[spec.dropdown]))
        elif spec.kind in ("int", "number"):
            rules.append(CellValidation(
                cell=cell, kind="whole" if spec.kind == "int" else "decimal",
                minimum=spec.minimum, maximum=spec.maximum, prompt=expected))
    return SheetLayout(
        name="settings", header=["setting", "value", "unit", "description"],
        rows=rows, cell_validations=rules,
        widths={"setting": 22, "value": 18, "unit": 14, "description": 90},
        comments={"value": t("template.value_comment", lang)},
    )


def _data_sheet(spec: Any, table: pd.DataFrame, ranges: dict[str, str],
                lang: str = "en") -> SheetLayout:
    from ..i18n import t

    header = [c.name for c in spec.columns]
    header += [str(c) for c in table.columns if c not in header]
    body = table.reindex(columns=header).astype(object)
    for column in spec.columns:
        if column.kind == "date":  # real dates in the workbook, ISO text in CSV
            parsed = pd.to_datetime(body[column.name], errors="coerce")
            body[column.name] = [None if pd.isna(v) else v.date() for v in parsed]
    rows = body.where(body.notna(), None).to_numpy().tolist()
    comments, widths, formats = {}, {}, {}
    rules: list[ListValidation | NumberValidation] = []
    for column in spec.columns:
        comment = "column_comment_unit" if column.unit else "column_comment"
        comments[column.name] = t(
            f"template.{comment}", lang,
            description=column.description_in(spec.name, lang),
            need=t("template.required_sentence" if column.required
                   else "template.optional_sentence", lang),
            unit=column.unit_text(lang), expected=column.expected_text().render(lang))
        widths[column.name] = max(12.0, min(40.0, len(column.name) * 1.2 + 2))
        if column.kind == "text":
            widths[column.name] = 30.0
        if column.dropdown and column.dropdown in ranges:
            rules.append(ListValidation(column.name, ranges[column.dropdown],
                                        strict=column.dropdown != "unit"))
        elif column.kind == "choice" and f"{spec.name}.{column.name}" in ranges:
            rules.append(ListValidation(column.name,
                                        ranges[f"{spec.name}.{column.name}"]))
        elif column.kind in ("int", "number") and (
            column.minimum is not None or column.maximum is not None
        ):
            rules.append(NumberValidation(
                column.name, "whole" if column.kind == "int" else "decimal",
                column.minimum, column.maximum))
        if column.kind == "int":
            formats[column.name] = "0"
        elif column.kind == "number":
            formats[column.name] = "#,##0.00##"
        elif column.kind == "date":
            formats[column.name] = "yyyy-mm-dd"
    return SheetLayout(name=spec.name, header=header, rows=rows, comments=comments,
                       widths=widths, number_formats=formats, validations=rules)
