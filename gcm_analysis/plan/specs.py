"""What a plan is made of: column and sheet descriptions, settings, the Plan.

One description per column (:class:`ColumnSpec`) drives the template, the type
conversion and the checks; :class:`SheetSpec` groups them with a sheet's rules;
:class:`Plan` is the validated result. No file access, no pandera.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from ..errors import Number, Text, msg

COST_TYPES: tuple[str, ...] = ("start_up", "recurrent")
COSTING_METHODS: tuple[str, ...] = ("bottom_up", "top_down")
TEMPLATE_SHEETS: frozenset[str] = frozenset({"instructions", "lists"})
"""Sheets the template adds for people; ignored when a plan is read."""

_YES = frozenset({"yes", "y", "true", "1", "oui", "sí", "si"})
_NO = frozenset({"no", "n", "false", "0", "non"})
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$"
_PRINCIPLE_LETTERS = "abcdefghij"

TEXT_MAX_CHARS = 32_767
"""Longest text a cell may hold (Excel's own limit); names have lower limits."""
MAX_QUANTITY = 1e9
"""Largest quantity per year of a cost line (a billion units)."""
MAX_AMOUNT = 1e15
"""Largest unit cost or funding amount, in any currency: a thousand trillion,
above the national budget of any country in its weakest currency. Larger values
are typing mistakes and would overflow the cent-exact totals."""
MAX_PROBLEMS_PER_KIND = 20
"""Problems listed for one sheet, column and kind of mistake; the rest are
counted in one line, so that a 50,000-row mistake stays readable."""
_STRING_KINDS = frozenset({"text", "id", "currency", "iso3", "choice", "principles"})
# C0/C1 control characters (tab, line feed and carriage return allowed) and the
# invisible bidirectional overrides and isolates that can make text display in
# another order than it is stored ("Trojan Source"); right-to-left scripts need
# none of them.
_CONTROL_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")



# ---------------------------------------------------------------- column specs
@dataclass(frozen=True)
class ColumnSpec:
    """One column of a plan sheet: type, rules, and the help shown to users.

    Parameters
    ----------
    name : str
        Column header, snake_case.
    kind : str
        ``text``, ``id`` (short identifier), ``int``, ``number``, ``yesno``,
        ``date``, ``currency``, ``iso3``, ``choice`` or ``principles``.
    description : str
        What to enter (template comment and instructions sheet).
    required : bool
        The column must be present and every row must have a value.
    unit : str
        Unit shown to users (``"%"``, ``"year"``, ``"per unit, in currency"``).
    choices : tuple of str
        Allowed values for ``choice`` columns.
    minimum, maximum : float, optional
        Inclusive bounds for numbers.
    default : object, optional
        Value used for a blank cell (documented in the template), e.g. ``False``
        for a yes/no flag; ``None`` keeps blanks as NA.
    unique : bool
        Values must not repeat within the sheet.
    dropdown : str, optional
        Name of the template's drop-down list for this column.
    max_length : int, optional
        Longest text allowed (text columns; default :data:`TEXT_MAX_CHARS`).
    """

    name: str
    kind: str
    description: str
    required: bool = False
    unit: str = ""
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    unique: bool = False
    dropdown: str | None = None
    max_length: int | None = None

    @property
    def percent_sign(self) -> str:
        """How text ending in ``%`` is read in this column (one rule everywhere):

        ``"share"`` for a share 0-1 (unit starting with ``share``): ``0.5%`` is
        0.005, ``80%`` is 0.8, as Excel reads a percentage typed into a cell;
        ``"percent"`` for a column in percent (unit starting with ``%``, e.g.
        ``contingency_pct``): ``2.5%`` is 2.5; ``"refused"`` for every other
        number (money, quantities, rates, years): a percent sign there is a
        mistake, never silently dropped.
        """
        if self.unit.startswith("share"):
            return "share"
        if self.unit.startswith("%"):
            return "percent"
        return "refused"

    def description_in(self, sheet: str, lang: str = "en") -> str:
        """What to enter, in ``lang`` (catalogue ``template.column.<sheet>.
        <name>``, used while its English is this description: an edited
        description shows in English until the catalogue follows)."""
        from ..i18n import reference_text

        return reference_text(f"template.column.{sheet}.{self.name}",
                              self.description, lang)

    def unit_text(self, lang: str = "en") -> str:
        """The unit in ``lang`` ("" when the column has none)."""
        return msg(f"unit.{_slug(self.unit)}").render(lang) if self.unit else ""

    def expected(self) -> str:
        """Return what a valid value looks like, in words (English)."""
        return self.expected_text().render("en")

    def expected_text(self) -> Text:
        """What a valid value looks like, as a catalogue message (any language)."""
        if self.kind == "int":
            return _range_words(msg("expect.int"), self.minimum, self.maximum,
                                self.unit == "year")
        if self.kind == "number":
            text = _range_words(msg("expect.number"), self.minimum, self.maximum)
            return msg("expect.with_unit", expected=text,
                       unit=msg(f"unit.{_slug(self.unit)}")) if self.unit else text
        if self.kind in ("yesno", "date", "currency", "iso3", "principles", "id"):
            return msg(f"expect.{self.kind}")
        if self.kind == "choice":
            return msg("expect.one_of", choices=", ".join(self.choices))
        if self.max_length is not None:
            return msg("expect.text_at_most", count=Number(self.max_length))
        return msg("expect.text")


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", value.lower().replace("%", "pct")).strip("_")


def _range_words(noun: Text, low: float | None, high: float | None,
                 years: bool = False) -> Text:
    def shown(value: float) -> Any:
        return int(value) if years else Number(value, "g")

    if low is not None and high is not None:
        return msg("expect.range", noun=noun, low=shown(low), high=shown(high))
    if low is not None:
        return msg("expect.at_least", noun=noun, low=shown(low))
    if high is not None:
        return msg("expect.at_most", noun=noun, high=shown(high))
    return noun


@dataclass(frozen=True)
class Rule:
    """A check across columns or sheets; blames one column of the failing rows.

    ``test`` takes the typed sheet and returns a boolean Series, True where the
    row passes. Rows whose inputs are missing should pass (a missing value is
    reported once, by its own column).
    """

    name: str
    column: str
    message: Text
    expected: Text | str  # a str: codes, the same in every language
    test: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class PlanContext:
    """What sheet rules may look at: the settings and the sheets checked so far.

    ``settings`` is ``None`` while any setting has a problem; ``values`` then
    still holds the settings that are valid (e.g. ``reporting_currency``), so a
    mistake in one setting does not hide the problems of other sheets.
    """

    settings: PlanSettings | None
    tables: Mapping[str, pd.DataFrame]
    values: Mapping[str, Any] = field(default_factory=dict)

    def value(self, name: str) -> Any:
        """Return a valid setting by name, or ``None``."""
        if self.settings is not None:
            return getattr(self.settings, name)
        return self.values.get(name)


@dataclass(frozen=True)
class SheetSpec:
    """A plan sheet: its columns, whether it must exist, and its rules.

    ``rules`` receives a :class:`PlanContext` and returns extra :class:`Rule`s
    (cross-column or cross-sheet). ``unique_together`` names columns whose
    combination must not repeat; ``min_rows`` is the fewest data rows allowed.
    """

    name: str
    description: str
    columns: tuple[ColumnSpec, ...]
    required: bool = False
    unique_together: tuple[str, ...] = ()
    rules: Callable[[PlanContext], list[Rule]] | None = None
    in_template: bool = True
    min_rows: int = 0

    def column(self, name: str) -> ColumnSpec:
        """Return the spec of column ``name``."""
        for spec in self.columns:
            if spec.name == name:
                return spec
        raise KeyError(name)


# ------------------------------------------------------------------ settings
@dataclass(frozen=True)
class PlanSettings:
    """The plan's settings sheet, typed."""

    country: str
    reporting_currency: str
    base_year: int
    horizon_years: int
    contingency_pct: float
    inflation_pct: float
    plan_title: str | None = None
    is_illustrative: bool = False

    @property
    def end_year(self) -> int:
        """Last year of the plan."""
        return self.base_year + self.horizon_years - 1

    @property
    def years(self) -> list[int]:
        """Every year of the plan."""
        return list(range(self.base_year, self.end_year + 1))


SETTINGS_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("country", "iso3", "ISO3 code of the country whose plan this is",
               required=True, dropdown="iso3"),
    ColumnSpec("plan_title", "text", "Title of the plan (optional)", max_length=500),
    ColumnSpec("reporting_currency", "currency",
               "Currency of the budget; every other currency needs a dated rate in "
               "exchange_rates", required=True, dropdown="currency"),
    ColumnSpec("base_year", "int", "First year of the plan; constant prices are "
               "expressed in this year's prices", required=True, unit="year",
               minimum=2000, maximum=2100),
    ColumnSpec("horizon_years", "int", "Number of plan years", required=True,
               unit="years", minimum=1, maximum=15),
    ColumnSpec("contingency_pct", "number", "Contingency added to bottom-up costs "
               "(type 10 for 10 %)", required=True, unit="%", minimum=0, maximum=100),
    ColumnSpec("inflation_pct", "number", "Annual inflation of the reporting "
               "currency for years not listed in inflation_rates (type 2.5 for "
               "2.5 %)", required=True, unit="% per year", minimum=-20, maximum=200),
    ColumnSpec("is_illustrative", "yesno", "yes if the figures are illustrative "
               "(e.g. a starter plan from the menu of costed actions); blank = no",
               default=False, dropdown="yesno"),
)

SETTINGS_SPEC = SheetSpec(
    name="settings",
    description="One row per setting: write each value in the 'value' column.",
    columns=(
        ColumnSpec("setting", "text", "Name of the setting (do not change)",
                   required=True),
        ColumnSpec("value", "text", "The value of the setting"),
        ColumnSpec("unit", "text", "Unit of the value (for information)"),
        ColumnSpec("description", "text", "What the setting means (for information)"),
    ),
    required=True,
)



# ----------------------------------------------------------------------- plan
@dataclass(frozen=True)
class Plan:
    """A validated plan: typed tables, one per sheet.

    Attributes
    ----------
    settings : PlanSettings
    interventions : DataFrame
        Columns of :data:`INTERVENTIONS_SPEC` (``is_essential`` nullable boolean,
        ``guiding_principles`` as ``"1,6,9"``).
    cost_lines : DataFrame
        Columns of :data:`COST_LINES_SPEC`; ``line_id`` always filled;
        ``first_year``/``last_year``/``ministry`` filled from the intervention;
        low/high filled from likely where blank.
    exchange_rates, inflation_rates : DataFrame
        Possibly empty, with their sheet's columns.
    priorities : DataFrame
        ``objective_id, stakeholder_priority, feasibility, notes``; empty when the
        sheet is absent.
    extra_sheets : dict of str to DataFrame
        Registered extension sheets (typed) and unknown sheets (as found).
    source : str
        Where the plan came from (file path or a label).
    warnings : tuple of Problem
        What was found but does not stop the plan from being used (unused
        columns and sheets, hidden rows, far-away dates), located like errors.
    """

    settings: PlanSettings
    interventions: pd.DataFrame
    cost_lines: pd.DataFrame
    exchange_rates: pd.DataFrame
    inflation_rates: pd.DataFrame
    priorities: pd.DataFrame
    extra_sheets: dict[str, pd.DataFrame] = field(default_factory=dict)
    source: str = ""
    warnings: tuple[Any, ...] = ()

    def with_settings(self, **changes: Any) -> Plan:
        """Return a copy of the plan with some settings changed."""
        return replace(self, settings=replace(self.settings, **changes))
