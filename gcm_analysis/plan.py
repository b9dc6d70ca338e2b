"""A country's GCM implementation plan: sheets, validation, template, import.

A plan is one workbook (or a folder of CSV files, one per sheet):

``settings``
    One row per setting: country, reporting currency, base year, horizon,
    contingency %, default inflation %.
``interventions``
    What the plan will do, one row per intervention, under one GCM objective.
``cost_lines``
    The inputs each intervention needs: quantity per year times unit cost
    (low / likely / high), with currency, price year and source.
``exchange_rates``, ``inflation_rates``
    The dated rates the costing uses (they belong to the settings; each is a
    table, so each has its own sheet).
``priorities`` (optional)
    Stakeholder priority and feasibility per objective (0-3), for selection.

Later modules add sheets (``funding``, ``assessment``) by registering a
:class:`SheetSpec` with :func:`register_sheet`; sheets nobody registered are kept
as they are in :attr:`Plan.extra_sheets`.

One description per column (:class:`ColumnSpec`) drives the template (drop-downs,
comments, instructions), the type conversion and the pandera schema, so the three
cannot disagree. Validation collects every problem in every sheet before it
reports, each one located (file, sheet, Excel row, column, value, expected).

File access is delegated to :mod:`gcm_analysis.planio` (read with calamine,
write with XlsxWriter); everything else here works on DataFrames.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import planio
from .errors import InputError, Problem

log = logging.getLogger(__name__)

OBJECTIVE_IDS: tuple[int, ...] = tuple(range(1, 24))
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

    def expected(self) -> str:
        """Return what a valid value looks like, in words."""
        if self.kind == "int":
            return _range_words("a whole number", self.minimum, self.maximum)
        if self.kind == "number":
            text = _range_words("a number", self.minimum, self.maximum)
            return f"{text} ({self.unit})" if self.unit else text
        if self.kind == "yesno":
            return "yes or no"
        if self.kind == "date":
            return "a date (YYYY-MM-DD)"
        if self.kind == "currency":
            return "an ISO 4217 currency code such as USD or EUR"
        if self.kind == "iso3":
            return "an ISO 3166 alpha-3 country code such as PRT"
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "principles":
            return ("guiding-principle numbers 1-10 (or letters a-j) separated by "
                    "commas, e.g. 1,6,9")
        if self.kind == "id":
            return ("an identifier: letters, digits, '-', '_' or '.', at most 40 "
                    "characters")
        if self.max_length is not None:
            return f"text of at most {self.max_length:,} characters"
        return "text"


def _range_words(noun: str, low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{noun} from {low:g} to {high:g}"
    if low is not None:
        return f"{noun} of at least {low:g}"
    if high is not None:
        return f"{noun} of at most {high:g}"
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
    message: str
    expected: str
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


# ----------------------------------------------------------------- the sheets
def _interventions_rules(context: PlanContext) -> list[Rule]:
    rules = [Rule(
        "end_after_start", "end_year", "the intervention ends before it starts",
        "an end year on or after start_year",
        lambda d: d["end_year"].isna() | d["start_year"].isna()
        | (d["end_year"] >= d["start_year"]))]
    base_year, horizon = context.value("base_year"), context.value("horizon_years")
    if base_year is not None and horizon is not None:
        first, last = int(base_year), int(base_year) + int(horizon) - 1
        expected = f"a year from {first} to {last} (the plan horizon)"
        for column in ("start_year", "end_year"):
            rules.append(Rule(
                f"{column}_in_horizon", column, "year outside the plan horizon",
                expected, lambda d, c=column: d[c].isna() | d[c].between(first, last)))
    return rules


def _cost_lines_rules(context: PlanContext) -> list[Rule]:
    rules: list[Rule] = []
    for prefix, unit in (("unit_cost", "unit cost"), ("quantity_per_year", "quantity")):
        likely = prefix if prefix == "quantity_per_year" else f"{prefix}_likely"
        low, high = f"{prefix}_low", f"{prefix}_high"
        rules.append(Rule(
            f"{low}_le_likely", low, f"the low {unit} is above the likely {unit}",
            f"a value at most {likely}",
            lambda d, lo=low, li=likely: d[lo].isna() | d[li].isna()
            | (d[lo] <= d[li])))
        rules.append(Rule(
            f"{high}_ge_likely", high, f"the high {unit} is below the likely {unit}",
            f"a value at least {likely}",
            lambda d, hi=high, li=likely: d[hi].isna() | d[li].isna()
            | (d[hi] >= d[li])))
    rules.append(Rule(
        "last_after_first", "last_year", "last_year is before first_year",
        "a year on or after first_year",
        lambda d: d["last_year"].isna() | d["first_year"].isna()
        | (d["last_year"] >= d["first_year"])))
    rules.append(Rule(
        "start_up_one_year", "last_year",
        "a start-up cost falls in one year (first_year); last_year must be blank",
        "blank for a start-up cost",
        lambda d: d["last_year"].isna() | (d["cost_type"] != "start_up").fillna(True)
        | (d["last_year"] == d["first_year"]).fillna(False)))
    interventions = context.tables.get("interventions")
    if interventions is not None:
        known = set(interventions["intervention_id"].dropna())
        shown = ", ".join(sorted(known)[:8]) + (" ..." if len(known) > 8 else "")
        rules.append(Rule(
            "intervention_exists", "intervention_id",
            "no intervention with this id in the interventions sheet",
            f"an intervention_id from the interventions sheet ({shown or 'none yet'})",
            lambda d: d["intervention_id"].isna() | d["intervention_id"].isin(known)))
        spans = interventions.dropna(subset=["intervention_id"]).drop_duplicates(
            "intervention_id").set_index("intervention_id")[["start_year", "end_year"]]
        for column in ("first_year", "last_year"):
            rules.append(Rule(
                f"{column}_in_intervention", column,
                "year outside the years of the intervention",
                "a year between the intervention's start_year and end_year",
                lambda d, c=column: _within_span(d, c, spans)))
    reporting = context.value("reporting_currency")
    if reporting is not None:
        rates = context.tables.get("exchange_rates")
        convertible = {reporting} | _rate_currencies(rates, reporting)
        shown = ", ".join(sorted(convertible))
        rules.append(Rule(
            "currency_has_rate", "currency",
            f"no exchange rate between this currency and the reporting currency "
            f"{reporting}",
            f"{shown}, or add a dated rate to the exchange_rates sheet",
            lambda d: d["currency"].isna() | d["currency"].isin(convertible)))
    return rules


def _within_span(lines: pd.DataFrame, column: str, spans: pd.DataFrame) -> pd.Series:
    start = lines["intervention_id"].map(spans["start_year"]).astype("Float64")
    end = lines["intervention_id"].map(spans["end_year"]).astype("Float64")
    year = lines[column].astype("Float64")
    ok = year.isna() | start.isna() | end.isna() | ((year >= start) & (year <= end))
    return ok.fillna(True).astype(bool)


def _rate_currencies(rates: pd.DataFrame | None, reporting: str) -> set[str]:
    if rates is None or rates.empty:
        return set()
    to_rep = rates.loc[rates["to_currency"] == reporting, "from_currency"]
    from_rep = rates.loc[rates["from_currency"] == reporting, "to_currency"]
    return set(to_rep.dropna()) | set(from_rep.dropna())


def _exchange_rules(context: PlanContext) -> list[Rule]:
    return [Rule("different_currencies", "to_currency",
                 "a rate converts a currency into itself",
                 "a currency different from from_currency",
                 lambda d: d["from_currency"].isna() | d["to_currency"].isna()
                 | (d["from_currency"] != d["to_currency"]))]


INTERVENTIONS_SPEC = SheetSpec(
    name="interventions",
    description="One row per intervention (what the plan will do), under one GCM "
    "objective.",
    columns=(
        ColumnSpec("intervention_id", "id", "Short unique code, e.g. PRT-01",
                   required=True, unique=True),
        ColumnSpec("objective_id", "int", "GCM objective number (1-23) the "
                   "intervention serves", required=True, minimum=1, maximum=23,
                   dropdown="objective_id"),
        ColumnSpec("title", "text", "What will be done", required=True,
                   max_length=500),
        ColumnSpec("lead_ministry", "text", "Ministry or agency responsible",
                   required=True, max_length=300),
        ColumnSpec("partners", "text", "Other ministries, agencies and partners",
                   max_length=2000),
        ColumnSpec("start_year", "int", "First year of the intervention (within the "
                   "plan horizon)", required=True, unit="year", minimum=2000,
                   maximum=2100),
        ColumnSpec("end_year", "int", "Last year of the intervention (within the "
                   "plan horizon)", required=True, unit="year", minimum=2000,
                   maximum=2100),
        ColumnSpec("is_essential", "yesno", "yes if the intervention must be "
                   "protected when money is cut", dropdown="yesno"),
        ColumnSpec("guiding_principles", "principles", "GCM guiding principles the "
                   "intervention puts into practice (para 15 (a)-(j) = 1-10)"),
        ColumnSpec("indicator", "text", "How progress is measured",
                   max_length=2000),
        ColumnSpec("target", "text", "Target value of the indicator and its year",
                   max_length=2000),
        ColumnSpec("notes", "text", "Anything else"),
    ),
    required=True,
    rules=_interventions_rules,
    min_rows=1,
)

COST_LINES_SPEC = SheetSpec(
    name="cost_lines",
    description="One row per input an intervention needs: quantity per year times "
    "unit cost.",
    columns=(
        ColumnSpec("line_id", "id", "Unique code of the line; blank = "
                   "<intervention_id>-<n>", unique=True),
        ColumnSpec("intervention_id", "id", "intervention_id from the "
                   "interventions sheet", required=True),
        ColumnSpec("item", "text", "What is bought, e.g. 'National project officer'",
                   required=True, max_length=500),
        ColumnSpec("category", "choice", "Cost category (see the lists sheet)",
                   required=True, dropdown="category"),
        ColumnSpec("is_support_activity", "yesno", "yes for support activities "
                   "(capacity building, coordination, monitoring); blank = no",
                   default=False, dropdown="yesno"),
        ColumnSpec("unit", "text", "Unit of the quantity, e.g. 'staff month', "
                   "'workshop', 'consultant day'", required=True, dropdown="unit",
                   max_length=100),
        ColumnSpec("quantity_per_year", "number", "Likely quantity in each year "
                   "(for a start-up cost: the one-off quantity)", required=True,
                   unit="units per year", minimum=0, maximum=MAX_QUANTITY),
        ColumnSpec("quantity_per_year_low", "number", "Lowest plausible quantity; "
                   "blank = same as likely", unit="units per year", minimum=0,
                   maximum=MAX_QUANTITY),
        ColumnSpec("quantity_per_year_high", "number", "Highest plausible quantity; "
                   "blank = same as likely", unit="units per year", minimum=0,
                   maximum=MAX_QUANTITY),
        ColumnSpec("unit_cost_low", "number", "Lowest plausible unit cost; blank = "
                   "same as likely", unit="per unit, in the line's currency",
                   minimum=0, maximum=MAX_AMOUNT),
        ColumnSpec("unit_cost_likely", "number", "Most likely unit cost",
                   required=True, unit="per unit, in the line's currency", minimum=0,
                   maximum=MAX_AMOUNT),
        ColumnSpec("unit_cost_high", "number", "Highest plausible unit cost; blank = "
                   "same as likely", unit="per unit, in the line's currency",
                   minimum=0, maximum=MAX_AMOUNT),
        ColumnSpec("currency", "currency", "Currency of the unit costs (ISO 4217)",
                   required=True, dropdown="currency"),
        ColumnSpec("price_year", "int", "Year whose prices the unit costs are in",
                   required=True, unit="year", minimum=1990, maximum=2100),
        ColumnSpec("cost_type", "choice", "start_up (once, in first_year) or "
                   "recurrent (every year from first_year to last_year)",
                   required=True, choices=COST_TYPES, dropdown="cost_type"),
        ColumnSpec("costing_method", "choice", "bottom_up (inputs x prices) or "
                   "top_down (an envelope for what cannot be costed by inputs); "
                   "blank = bottom_up", choices=COSTING_METHODS, default="bottom_up",
                   dropdown="costing_method"),
        ColumnSpec("first_year", "int", "First year of the cost; blank = the "
                   "intervention's start_year", unit="year", minimum=2000,
                   maximum=2100),
        ColumnSpec("last_year", "int", "Last year of a recurrent cost; blank = the "
                   "intervention's end_year", unit="year", minimum=2000, maximum=2100),
        ColumnSpec("ministry", "text", "Ministry that pays; blank = the "
                   "intervention's lead ministry", max_length=300),
        ColumnSpec("source", "text", "Where the unit cost comes from (quote, price "
                   "list, past contract, assumption)", required=True, max_length=2000),
        ColumnSpec("notes", "text", "Anything else"),
    ),
    required=True,
    rules=_cost_lines_rules,
    min_rows=1,
)

EXCHANGE_RATES_SPEC = SheetSpec(
    name="exchange_rates",
    description="Dated exchange rates: 1 from_currency = rate to_currency. Each "
    "cost line is converted at the rate dated nearest to the middle of its price "
    "year.",
    columns=(
        ColumnSpec("from_currency", "currency", "Currency converted from",
                   required=True, dropdown="currency"),
        ColumnSpec("to_currency", "currency", "Currency converted to",
                   required=True, dropdown="currency"),
        ColumnSpec("rate", "number", "Units of to_currency per 1 from_currency",
                   required=True, unit="to_currency per from_currency",
                   minimum=1e-9, maximum=1e9),
        ColumnSpec("rate_date", "date", "Date of the rate", required=True),
        ColumnSpec("source", "text", "Publisher of the rate (e.g. central bank "
                   "reference rate)", required=True),
    ),
    unique_together=("from_currency", "to_currency", "rate_date"),
    rules=_exchange_rules,
)

INFLATION_RATES_SPEC = SheetSpec(
    name="inflation_rates",
    description="Annual inflation of the reporting currency by year; years not "
    "listed use the inflation_pct setting.",
    columns=(
        ColumnSpec("year", "int", "Year", required=True, unit="year", minimum=1990,
                   maximum=2100, unique=True),
        ColumnSpec("inflation_pct", "number", "Inflation from the previous year to "
                   "this year (type 2.5 for 2.5 %)", required=True, unit="% per year",
                   minimum=-20, maximum=200),
        ColumnSpec("source", "text", "Where the rate comes from (statistics office, "
                   "central bank, IMF WEO...)", required=True),
    ),
    rules=lambda context: [Rule(
        "rates_not_shares", "inflation_pct",
        "every rate on the sheet is below 0.1 %: they look like shares (0.02), not "
        "percentages", "a percentage per year (type 2 for 2 %)",
        lambda d: _not_all_shares(d["inflation_pct"], 0.1))],
)


def _not_all_shares(values: pd.Series, below: float) -> pd.Series:
    """False on every non-zero row when all non-zero values are under ``below``
    in absolute value: a column of percentages typed as shares (2 % as 0.02)."""
    numbers = values.astype("Float64")
    given = numbers.dropna()
    given = given[given != 0]
    if len(given) and bool((given.abs() < below).all()):
        return (numbers.isna() | (numbers == 0)).fillna(True).astype(bool)
    return pd.Series(True, index=values.index)

PRIORITIES_SPEC = SheetSpec(
    name="priorities",
    description="Optional: stakeholder priority and feasibility of each objective "
    "(0 = none, 3 = high), used by objective selection.",
    columns=(
        ColumnSpec("objective_id", "int", "GCM objective number (1-23)",
                   required=True, minimum=1, maximum=23, unique=True,
                   dropdown="objective_id"),
        ColumnSpec("stakeholder_priority", "int", "Priority given by stakeholders "
                   "(0-3)", required=True, minimum=0, maximum=3),
        ColumnSpec("feasibility", "int", "Feasibility of action (0-3)", required=True,
                   minimum=0, maximum=3),
        ColumnSpec("notes", "text", "Where the scores come from"),
    ),
)

CORE_SHEETS: tuple[SheetSpec, ...] = (
    SETTINGS_SPEC, INTERVENTIONS_SPEC, COST_LINES_SPEC, EXCHANGE_RATES_SPEC,
    INFLATION_RATES_SPEC, PRIORITIES_SPEC,
)
_EXTENSIONS: dict[str, SheetSpec] = {}


def register_sheet(spec: SheetSpec, replace_existing: bool = False) -> None:
    """Register the schema of an extra plan sheet (extension point).

    A later module (e.g. ``funding``) calls this once, at import, with its sheet's
    :class:`SheetSpec`. Registered sheets are validated like the core sheets
    (their rules see the core sheets through :class:`PlanContext`), written to
    templates (unless ``in_template`` is False) and returned typed in
    :attr:`Plan.extra_sheets`.

    Parameters
    ----------
    spec : SheetSpec
        The sheet's columns and rules.
    replace_existing : bool
        Allow replacing an earlier registration of the same name.

    Raises
    ------
    ValueError
        If the name is a core sheet, a template sheet, or already registered.
    """
    core = {s.name for s in CORE_SHEETS} | TEMPLATE_SHEETS
    if spec.name in core:
        raise ValueError(f"sheet {spec.name!r} is a core plan sheet")
    if spec.name in _EXTENSIONS and not replace_existing:
        raise ValueError(f"sheet {spec.name!r} is already registered")
    _EXTENSIONS[spec.name] = spec


EXTENSION_MODULES: tuple[str, ...] = ("gcm_analysis.funding_sheets",)
"""Modules that register plan sheets when imported; loaded before any plan is
read or a template written, so ``gcm validate`` checks their sheets too. A module
missing from the installation is skipped."""
_loaded_extensions: set[str] = set()


def load_extensions() -> None:
    """Import the modules of :data:`EXTENSION_MODULES` (once each)."""
    import importlib
    import importlib.util

    for name in EXTENSION_MODULES:
        if name in _loaded_extensions:
            continue
        _loaded_extensions.add(name)
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def sheet_specs() -> dict[str, SheetSpec]:
    """Return every known sheet spec (core, then registered), keyed by name."""
    load_extensions()
    specs = {s.name: s for s in CORE_SHEETS}
    specs.update(_EXTENSIONS)
    return specs


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
    """

    settings: PlanSettings
    interventions: pd.DataFrame
    cost_lines: pd.DataFrame
    exchange_rates: pd.DataFrame
    inflation_rates: pd.DataFrame
    priorities: pd.DataFrame
    extra_sheets: dict[str, pd.DataFrame] = field(default_factory=dict)
    source: str = ""

    def with_settings(self, **changes: Any) -> Plan:
        """Return a copy of the plan with some settings changed."""
        return replace(self, settings=replace(self.settings, **changes))


# ----------------------------------------------------------------- conversion
def _is_blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, str):
        return not value.strip()
    return False


def _as_text(value: Any) -> Any:
    if type(value) is str:
        return value.strip() or pd.NA
    if _is_blank(value):
        return pd.NA
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


_NUMERIC_TYPES = frozenset({"floating", "integer", "mixed-integer-float", "decimal",
                            "empty"})


def _convert(raw: pd.Series, spec: ColumnSpec) -> tuple[pd.Series, pd.Series]:
    """Return the typed column and a mask of cells that could not be converted.

    Vectorised where the column is homogeneous (all numbers, all text), cell by
    cell otherwise: a 50,000-row sheet converts in a fraction of a second.
    """
    values = raw.to_numpy(dtype=object)
    blank = np.asarray(pd.isna(values) | (values == ""), dtype=bool)
    kind = spec.kind
    inferred = pd.api.types.infer_dtype(values[~blank], skipna=True)
    stripped = None
    if inferred in ("string", "mixed", "mixed-integer"):
        # text cells: strip them; whitespace-only counts as blank
        stripped = pd.Series(values, index=raw.index, dtype=object).str.strip()
        blank = blank | stripped.eq("").fillna(False).to_numpy(dtype=bool)
    index = raw.index
    if kind in ("int", "number"):
        if inferred in _NUMERIC_TYPES:
            cleaned = np.where(blank, np.nan, values)
        else:
            cleaned = np.array([np.nan if b else _number_text(v)
                                for v, b in zip(values, blank, strict=True)],
                               dtype=object)
        parsed_numbers = pd.to_numeric(cleaned, errors="coerce").astype(float)
        parsed_numbers[~np.isfinite(parsed_numbers)] = np.nan  # "1e400", "inf"
        number = pd.Series(parsed_numbers, index=index, dtype="Float64")
        bad = ~blank & number.isna().to_numpy(dtype=bool)
        if kind == "int":
            fractional = (number.notna() & ((number % 1) != 0)).fillna(False)
            bad = bad | fractional.to_numpy(dtype=bool)
            number = number.mask(bad).round().astype("Int64")
        typed: pd.Series = number
    elif kind in ("text", "id", "currency", "iso3", "choice"):
        if inferred == "string" and stripped is not None:
            typed = stripped.where(~blank, pd.NA).astype("string")
        else:
            typed = pd.Series([pd.NA if b else _as_text(v)
                               for v, b in zip(values, blank, strict=True)],
                              index=index, dtype="string")
        if kind in ("currency", "iso3"):
            typed = typed.str.upper()
        bad = np.zeros(len(values), dtype=bool)
    else:
        parse = {"yesno": _yes_no, "date": _as_date, "principles": _principles}[kind]
        parsed = [pd.NA if b else parse(v) for v, b in zip(values, blank, strict=True)]
        if kind == "yesno":
            typed = pd.Series(parsed, index=index, dtype="boolean")
        elif kind == "date":
            dates = pd.to_datetime(pd.Series(parsed, dtype=object), errors="coerce")
            typed = pd.Series(dates.to_numpy(), index=index).astype("datetime64[ns]")
        else:
            typed = pd.Series(parsed, index=index, dtype="string")
        bad = ~blank & typed.isna().to_numpy(dtype=bool)
    if spec.default is not None:
        typed = typed.where(~blank, spec.default)
        if kind == "yesno":
            typed = typed.astype("boolean")
    return typed, pd.Series(bad, index=index, dtype=bool)


def _number_text(value: Any) -> Any:
    if isinstance(value, bool) or isinstance(value, datetime | date):
        return np.nan
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if text.endswith("%"):
            text = text[:-1]
        return text if text else np.nan
    return value


def _yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if _is_blank(value):
        return pd.NA
    if isinstance(value, int | float):
        return {1: True, 0: False}.get(value, pd.NA)  # type: ignore[call-overload]
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return pd.NA


_DATE_YEARS = (1900, 2200)  # Excel's first year; pandas' nanosecond dates end in 2262


def _as_date(value: Any) -> Any:
    if isinstance(value, datetime | date):
        in_range = _DATE_YEARS[0] <= value.year <= _DATE_YEARS[1]
        return pd.Timestamp(value) if in_range else pd.NaT
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}(?:[ T].*)?\s*",
                                               value):
        parsed = pd.to_datetime(value.strip(), errors="coerce")
        return parsed if not pd.isna(parsed) and _DATE_YEARS[0] <= parsed.year <= \
            _DATE_YEARS[1] else pd.NaT
    return pd.NaT


def _principles(value: Any) -> Any:
    if _is_blank(value):
        return pd.NA
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    tokens = [t.strip().lower() for t in re.split(r"[,;/ ]+", str(value)) if t.strip()]
    ids: set[int] = set()
    for token in tokens:
        token = token.strip("()")
        if token.isdigit() and 1 <= int(token) <= 10:
            ids.add(int(token))
        elif len(token) == 1 and token in _PRINCIPLE_LETTERS:
            ids.add(_PRINCIPLE_LETTERS.index(token) + 1)
        else:
            return pd.NA
    return ",".join(str(i) for i in sorted(ids)) if ids else pd.NA


# ------------------------------------------------------------------ validation
def _column_checks(spec: ColumnSpec, codes: Mapping[str, frozenset[str]]) -> list[Any]:
    import pandera.pandas as pa

    token = f"col:{spec.name}"
    checks = []
    if spec.kind in ("int", "number") and (spec.minimum is not None
                                           or spec.maximum is not None):
        low = -np.inf if spec.minimum is None else spec.minimum
        high = np.inf if spec.maximum is None else spec.maximum
        checks.append(pa.Check(lambda s, lo=low, hi=high: s.isna() | s.between(lo, hi),
                               error=f"{token}:range"))
    elif spec.kind == "choice":
        allowed = codes.get(spec.name, frozenset(spec.choices))
        checks.append(pa.Check(lambda s, a=allowed: s.isna() | s.isin(a),
                               error=f"{token}:choice"))
    elif spec.kind == "id":
        checks.append(pa.Check(
            lambda s: s.isna() | s.str.fullmatch(_ID_PATTERN).fillna(False),
            error=f"{token}:pattern"))
    elif spec.kind in ("currency", "iso3"):
        known = codes.get(spec.kind)
        checks.append(pa.Check(
            lambda s, k=known: s.isna() | (s.str.fullmatch(r"[A-Z]{3}").fillna(False)
                                           & (s.isin(k) if k else True)),
            error=f"{token}:code"))
    return checks


_MESSAGES = {
    "range": "value out of range",
    "choice": "value not allowed",
    "pattern": "not a valid identifier",
    "code": "unknown code",
}
_CONVERSION_MESSAGES = {
    "int": "not a whole number",
    "number": "not a number",
    "yesno": "not yes or no",
    "date": "not a date",
    "principles": "not a list of guiding-principle numbers",
}


def _schema(sheet: SheetSpec, present: list[str], rules: list[Rule],
            codes: Mapping[str, frozenset[str]]) -> Any:
    import pandera.pandas as pa

    columns = {}
    for spec in sheet.columns:
        if spec.name not in present:
            continue
        columns[spec.name] = pa.Column(
            checks=_column_checks(spec, codes),
            nullable=not spec.required,
            unique=spec.unique,
            required=True,
        )
    frame_checks = [pa.Check(_passing(rule.test), error=f"rule:{rule.name}")
                    for rule in rules]
    unique = [c for c in sheet.unique_together if c in present] or None
    return pa.DataFrameSchema(columns, checks=frame_checks, unique=unique,
                              report_duplicates="all")


def _passing(test: Callable[[pd.DataFrame], pd.Series]
             ) -> Callable[[pd.DataFrame], pd.Series]:
    """Wrap a rule so that an undecidable row (NA) passes."""
    def check(frame: pd.DataFrame) -> pd.Series:
        return test(frame).astype("boolean").fillna(True).astype(bool)
    return check


@dataclass
class _SheetResult:
    typed: pd.DataFrame
    problems: list[Problem]


def _validate_sheet(
    sheet: SheetSpec,
    raw: planio.RawSheet,
    file: str,
    context: PlanContext,
    codes: Mapping[str, frozenset[str]],
) -> _SheetResult:
    """Convert and check one sheet; return the typed table and its problems."""
    import pandera.pandas as pa

    frame = raw.frame
    names, problems = _header_names(frame, file, sheet.name)
    if len(frame) < sheet.min_rows:
        problems.append(Problem(
            file=file, sheet=sheet.name, message="the sheet has no data rows",
            expected=f"at least {sheet.min_rows} row(s) below the header"))
    for spec in sheet.columns:
        if spec.required and spec.name not in names:
            problems.append(Problem(
                file=file, sheet=sheet.name, row=1, column=spec.name,
                message="required column missing",
                expected=f"a column named '{spec.name}' in row 1"))
    typed_cols: dict[str, pd.Series] = {}
    bad_cells: set[tuple[int, str]] = set()
    found, noted = _note_problems(raw, file, sheet.name, sheet.columns)
    problems.extend(found)
    bad_cells |= noted
    for spec in sheet.columns:
        original = names.get(spec.name)
        if original is None:  # absent optional column: blanks of the right type
            blank = pd.Series("", index=frame.index, dtype=object)
            typed_cols[spec.name] = _convert(blank, spec)[0]
            continue
        column = frame[original]
        flagged = _cell_flags(column, spec)
        if flagged:  # reported here; converted as blanks
            column = column.where(~column.index.isin(list(flagged)), "")
            for row, (message, expected) in flagged.items():
                bad_cells.add((row, spec.name))
                problems.append(_problem(file, sheet, raw, spec, row, original,
                                         message, expected))
        typed, bad = _convert(column, spec)
        typed_cols[spec.name] = typed
        for row in frame.index[bad.to_numpy()]:
            bad_cells.add((row, spec.name))
            message = _conversion_message(spec, frame.at[row, original])
            problems.append(_problem(file, sheet, raw, spec, row, original, message))
    typed_frame = pd.DataFrame(typed_cols, index=frame.index)
    present = [s.name for s in sheet.columns if s.name in names]
    rules = list(sheet.rules(context)) if sheet.rules else []
    schema = _schema(sheet, present, rules, codes)
    # Cells that failed conversion are already reported: blank them for the checks.
    checked = typed_frame.copy()
    for name in {column for _, column in bad_cells}:
        rows = [row for row, column in bad_cells if column == name]
        checked[name] = checked[name].mask(checked.index.isin(rows))
    try:
        schema.validate(checked, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems.extend(_schema_problems(errors.failure_cases, file, sheet, raw, names,
                                         rules, bad_cells))
    order = {c.name: i for i, c in enumerate(sheet.columns)}
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column or "", -1)))
    return _SheetResult(typed=typed_frame, problems=problems)


def _normalise_header(text: Any) -> str:
    return re.sub(r"\s+", "_", str(text).strip().lower())


def _header_names(frame: pd.DataFrame, file: str, sheet: str
                  ) -> tuple[dict[str, Any], list[Problem]]:
    """Map normalised column names to the frame's columns; a name that repeats
    once normalised (``Title`` and ``title``) is a problem and the first wins."""
    names: dict[str, Any] = {}
    problems: list[Problem] = []
    for column in frame.columns:
        key = _normalise_header(column)
        if key in names:
            problems.append(Problem(
                file=file, sheet=sheet, row=1, column=key, value=str(column),
                message=f"column name repeated ('{names[key]}' and '{column}')",
                expected="each column name once"))
            continue
        names[key] = column
    return names, problems


def _note_problems(raw: planio.RawSheet, file: str, sheet: str,
                   columns: Sequence[ColumnSpec]) -> tuple[list[Problem],
                                                          set[tuple[int, str]]]:
    """Problems for formula cells without a result and merged cells (from
    :attr:`planio.RawSheet.notes`); returns them and the cells they make bad."""
    known = {c.name for c in columns}
    problems: list[Problem] = []
    bad: set[tuple[int, str]] = set()
    for note in raw.notes:
        column = _normalise_header(note.column)
        if note.kind == "formula" and column in known:
            bad.add((note.row, column))
            problems.append(Problem(
                file=file, sheet=sheet, row=note.row, column=column, value=note.text,
                message=f"formula without a stored result (cell {note.letter}"
                f"{note.row})", expected="a value: open and save the file in Excel "
                "or LibreOffice (a formula is read as the result Excel stored), or "
                "type the value"))
        elif note.kind == "merged" and (note.row == 1 or column in known):
            header = note.row == 1
            problems.append(Problem(
                file=file, sheet=sheet, row=note.row,
                column=column if column in known else note.letter, value=note.text,
                message=f"{'header ' if header else ''}cells {note.text} are merged",
                expected="one column name in each cell of row 1: unmerge the cells"
                if header else "a value in each cell: unmerge the cells and fill "
                "every row"))
    return problems, bad


_ERROR_VALUE = ("Excel error value (a formula failed or refers to a deleted cell)",
                "the value itself: correct the formula or type the value")


def _cell_flags(column: pd.Series, spec: ColumnSpec
                ) -> dict[int, tuple[str, str | None]]:
    """Cells refused before conversion, each with its message and expectation:
    Excel error values in any column; control characters and over-long text in
    text columns."""
    is_text = column.map(type).eq(str).to_numpy(dtype=bool)
    if not is_text.any():
        return {}
    text = column[is_text].astype(str)
    flags: dict[int, tuple[str, str | None]] = {}
    for row in text.index[text.str.strip().isin(planio.EXCEL_ERRORS).to_numpy()]:
        flags[row] = _ERROR_VALUE
    if spec.kind not in _STRING_KINDS:
        return flags
    for row in text.index[text.str.contains(_CONTROL_CHARS).to_numpy(dtype=bool)]:
        if row not in flags:
            char = _CONTROL_CHARS.search(text[row]).group()  # type: ignore[union-attr]
            flags[row] = (f"contains an invisible control character "
                          f"(U+{ord(char):04X})", "text without control or "
                          "direction-override characters (right-to-left text "
                          "needs none): retype the cell")
    limit = spec.max_length or TEXT_MAX_CHARS
    lengths = text.str.strip().str.len()
    for row in text.index[(lengths > limit).to_numpy(dtype=bool)]:
        flags.setdefault(row, (f"text too long ({lengths[row]:,} characters)",
                               f"at most {limit:,} characters"))
    return flags


def _conversion_message(spec: ColumnSpec, value: Any) -> str:
    """The message for a cell that could not be converted, with a hint when the
    likely cause is known (a date in a year column, a decimal comma...)."""
    message = _CONVERSION_MESSAGES.get(spec.kind, "invalid value")
    if spec.kind in ("int", "number"):
        if isinstance(value, datetime | date):
            return message + (": the cell holds a date; type the year only, e.g. "
                              "2025" if spec.unit == "year" else
                              ": the cell holds a date")
        if isinstance(value, bool):
            return message + ": the cell holds TRUE or FALSE"
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if "," in text and re.fullmatch(r"[-+]?[\d.,]*\d%?", text):
            return message + (": write decimals with a point and no thousands "
                              "separator, e.g. 1234.5")
        try:
            if not np.isfinite(float(text.rstrip("%"))):
                return message + ": not a finite number"
        except ValueError:
            pass
    if spec.kind == "date" and isinstance(value, int | float) \
            and not isinstance(value, bool):
        return message + (": the cell holds a number (an Excel date serial?); "
                          "format the cell as a date, YYYY-MM-DD")
    return message


def _problem(file: str, sheet: SheetSpec, raw: planio.RawSheet, spec: ColumnSpec,
             row: int | None, original: str | None, message: str,
             expected: str | None = None) -> Problem:
    value = None
    if row is not None and original is not None and row in raw.frame.index:
        value = raw.frame.at[row, original]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        if _is_blank(value):
            value = None
        elif isinstance(value, str) and len(value) > 80:  # keep messages readable
            value = f"{value[:60]}... ({len(value):,} characters)"
    cell = ""
    if row is not None and original in raw.letters:
        cell = f" (cell {raw.letters[original]}{row})"
    return Problem(file=file, sheet=sheet.name, row=row, column=spec.name,
                   message=message + cell, value=value,
                   expected=expected or spec.expected())


def _schema_problems(failures: pd.DataFrame, file: str, sheet: SheetSpec,
                     raw: planio.RawSheet, names: Mapping[str, str], rules: list[Rule],
                     bad_cells: set[tuple[int, str]]) -> list[Problem]:
    problems: list[Problem] = []
    by_rule = {f"rule:{r.name}": r for r in rules}
    seen: set[tuple[Any, str, str]] = set()
    # Column checks first: a cell with a bad value is not also blamed by a rule.
    is_rule = failures["check"].astype(str).isin(list(by_rule))
    failures = pd.concat([failures[~is_rule], failures[is_rule]])
    blamed: set[tuple[int | None, str]] = set(bad_cells)
    for context, check, column, index in zip(
        failures["schema_context"].astype(str), failures["check"].astype(str),
        failures["column"], failures["index"], strict=True,
    ):
        row = None if index is None or pd.isna(index) else int(index)
        if context == "DataFrameSchema" and "uniqueness" in check:
            continue  # reported once per row by _duplicate_key_problems
        if check in by_rule:
            rule = by_rule[check]
            if row is None:  # the rule itself failed: a bug, not a user's mistake
                raise RuntimeError(f"plan rule {rule.name!r} on sheet {sheet.name!r} "
                                   f"could not run: {_failure_case(failures, check)}")
            column, message, expected = rule.column, rule.message, rule.expected
        else:
            column = str(column)
            if column not in names and column not in {s.name for s in sheet.columns}:
                continue  # frame-level duplicates are reported per column below
            message, expected = _check_message(check)
        if check in by_rule and (row, column) in blamed:
            continue
        if row is not None and (row, column) in bad_cells:
            continue
        key = (row, column, message)
        if key in seen:
            continue
        seen.add(key)
        blamed.add((row, column))
        spec = sheet.column(column)
        problems.append(_problem(file, sheet, raw, spec, row, names.get(column),
                                 message, expected))
    if sheet.unique_together:
        problems.extend(_duplicate_key_problems(failures, file, sheet, raw, names,
                                                seen))
    return problems


def _check_message(check: str) -> tuple[str, str | None]:
    """The message and expectation for a failed column check (``check``)."""
    if check.startswith("col:"):
        return _MESSAGES.get(check.rsplit(":", 1)[-1], "invalid value"), None
    if check == "not_nullable":
        return "value missing", None
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        return "value repeated", "a value used only once"
    return f"failed check {check}", None


def _failure_case(failures: pd.DataFrame, check: str) -> str:
    """Return the first failure case of ``check`` (for error messages)."""
    cases = failures.loc[failures["check"].astype(str) == check, "failure_case"]
    return str(cases.iloc[0]) if len(cases) else ""


def _duplicate_key_problems(failures: pd.DataFrame, file: str, sheet: SheetSpec,
                            raw: planio.RawSheet, names: Mapping[str, str],
                            seen: set[tuple[Any, str, str]]) -> list[Problem]:
    mask = failures["check"].astype(str).str.contains("uniqueness") & (
        failures["schema_context"].astype(str) == "DataFrameSchema")
    rows = sorted({int(i) for i in failures.loc[mask, "index"].dropna()})
    column = sheet.unique_together[-1]
    out = []
    for row in rows:
        key = (row, column, "combination repeated")
        if key in seen:
            continue
        seen.add(key)
        out.append(_problem(
            file, sheet, raw, sheet.column(column), row, names.get(column),
            "combination repeated", "each combination of "
            + ", ".join(sheet.unique_together) + " only once"))
    return out


def _reference_codes() -> dict[str, frozenset[str]]:
    """Known currency and country codes, and the cost categories."""
    from . import io, reference

    codes: dict[str, frozenset[str]] = {}
    try:
        codes["currency"] = frozenset(reference.currencies()["currency_code"])
    except (FileNotFoundError, KeyError):  # pragma: no cover - reference missing
        log.warning("currencies table not found; checking currency codes by form only")
    try:
        codes["iso3"] = frozenset(reference.countries()["iso3"])
    except (FileNotFoundError, KeyError):
        log.info("countries not built; checking country codes by form only")
    codes["category"] = frozenset(io.read_reference("cost_categories")["category_code"])
    return codes


def validate_sheet(
    spec: SheetSpec,
    table: planio.RawSheet | pd.DataFrame,
    file: str = "<table>",
    settings: PlanSettings | None = None,
    tables: Mapping[str, pd.DataFrame] | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Convert and check one sheet on its own (for extension modules and tests).

    Parameters
    ----------
    spec : SheetSpec
        The sheet's description.
    table : RawSheet or DataFrame
        The sheet as read; a DataFrame's first row is Excel row 2.
    file : str
        Label of the file, used in each problem.
    settings : PlanSettings, optional
        The plan's settings, for rules that need them.
    tables : mapping of str to DataFrame, optional
        Typed sheets already checked (e.g. ``interventions``), for cross-sheet rules.

    Returns
    -------
    typed : DataFrame
        One row per sheet row, typed, indexed by Excel row number.
    problems : list of Problem
    """
    raw, repeated = _as_raw(spec.name, table, file)
    result = _validate_sheet(spec, raw, file, PlanContext(settings, dict(tables or {})),
                             _reference_codes())
    return result.typed, repeated + result.problems


def _settings_from_sheet(raw: planio.RawSheet, file: str,
                         codes: Mapping[str, frozenset[str]]
                         ) -> tuple[PlanSettings | None, list[Problem], dict[str, Any]]:
    """Read the key/value settings sheet into :class:`PlanSettings`.

    Also returns the settings that are valid on their own (for the rules of
    other sheets when some setting has a problem).
    """
    frame = raw.frame
    names, repeated = _header_names(frame, file, "settings")
    if "setting" not in names or "value" not in names:
        missing = [c for c in ("setting", "value") if c not in names]
        return None, [Problem(file=file, sheet="settings", row=1, column=c,
                              message="required column missing",
                              expected=f"a column named '{c}' in row 1")
                      for c in missing], {}
    specs = {s.name: s for s in SETTINGS_COLUMNS}
    where: dict[str, int] = {}
    values: dict[str, Any] = {}
    problems, noted = _note_problems(raw, file, "settings", SETTINGS_SPEC.columns)
    problems = repeated + problems
    noted_rows = {row for row, _ in noted}
    for row, key, value in zip(frame.index, frame[names["setting"]],
                               frame[names["value"]], strict=True):
        name = _normalise_header(key) if not _is_blank(key) else ""
        if name not in specs:
            problems.append(Problem(
                file=file, sheet="settings", row=int(row), column="setting",
                value=None if _is_blank(key) else key, message="unknown setting",
                expected="one of " + ", ".join(specs)))
            continue
        if name in where:
            problems.append(Problem(
                file=file, sheet="settings", row=int(row), column="setting", value=key,
                message=f"setting repeated (first in row {where[name]})",
                expected="each setting once"))
            continue
        where[name] = int(row)
        values[name] = value
    # One wide row, validated with the same machinery as the tables; problems are
    # then moved back to the row where each setting was found.
    wide = pd.DataFrame({k: [values.get(k, "")] for k in specs}, dtype=object)
    sheet = SheetSpec("settings", "", SETTINGS_COLUMNS)
    letters = {k: raw.letters.get(names["value"], "B") for k in specs}
    shifted = planio.RawSheet("settings", wide.set_axis([0]), letters)
    result = _validate_sheet(sheet, shifted, file, PlanContext(None, {}), codes)
    wrong = {p.column for p in result.problems}
    valid = {name: _plain(result.typed.iloc[0][name]) for name in specs
             if name not in wrong and not pd.isna(result.typed.iloc[0][name])}
    for p in result.problems + _share_like_settings(valid, file):
        row = where.get(p.column or "")
        if row in noted_rows:
            continue  # a formula without a result, reported above
        valid.pop(p.column or "", None)
        if row is None:
            problems.append(Problem(
                file=file, sheet="settings", column="setting", value=None,
                message=f"setting '{p.column}' missing",
                expected=f"a row with setting '{p.column}' and its value "
                f"({specs[p.column or ''].expected()})"))
            continue
        letter = raw.letters.get(names["value"], "B")
        message = re.sub(r" \(cell [A-Z]+\d+\)$", "", p.message)
        problems.append(replace(p, row=row, column="value",
                                message=f"{message} for setting '{p.column}' "
                                f"(cell {letter}{row})"))
    if problems:
        return None, problems, valid
    row0 = result.typed.iloc[0]
    settings = PlanSettings(
        country=str(row0["country"]),
        reporting_currency=str(row0["reporting_currency"]),
        base_year=int(row0["base_year"]),
        horizon_years=int(row0["horizon_years"]),
        contingency_pct=float(row0["contingency_pct"]),
        inflation_pct=float(row0["inflation_pct"]),
        plan_title=None if pd.isna(row0["plan_title"]) else str(row0["plan_title"]),
        is_illustrative=bool(row0["is_illustrative"]),
    )
    return settings, [], valid


def _share_like_settings(values: Mapping[str, Any], file: str) -> list[Problem]:
    """Percentages typed as shares (10 % as 0.1): refused, since 0.1 % of
    contingency or inflation is never meant (type 0 for none)."""
    problems = []
    for name, below, example in (("contingency_pct", 1.0, "10 for 10 %"),
                                 ("inflation_pct", 0.1, "2.5 for 2.5 %")):
        value = values.get(name)
        if value is not None and 0 < abs(float(value)) < below:
            problems.append(Problem(
                file=file, sheet="settings", column=name, value=value,
                message=f"looks like a share, not a percentage ({value:g} would "
                f"mean {value:g} %)", expected=f"a percentage: type {example} "
                "(0 for none)"))
    return problems


def _plain(value: Any) -> Any:
    """A numpy/pandas scalar as a plain Python value."""
    return value.item() if hasattr(value, "item") else value


def _empty_raw(name: str, spec: SheetSpec) -> planio.RawSheet:
    frame = pd.DataFrame({c.name: pd.Series(dtype=object) for c in spec.columns})
    frame.index.name = "row"
    return planio.RawSheet(name, frame, {})


def validate_tables(
    sheets: Mapping[str, planio.RawSheet | pd.DataFrame], source: str = "<tables>"
) -> tuple[Plan | None, list[Problem]]:
    """Validate plan sheets given as tables; return the plan and every problem.

    Parameters
    ----------
    sheets : mapping of str to RawSheet or DataFrame
        Sheet name -> raw table. A DataFrame's rows are numbered as in a file
        (first data row = row 2).
    source : str
        Label used as the ``file`` of each problem.

    Returns
    -------
    plan : Plan or None
        The typed plan, or ``None`` if there is any problem.
    problems : list of Problem
        Every problem in every sheet, in sheet order.
    """
    raw: dict[str, planio.RawSheet] = {}
    problems: list[Problem] = []
    for name, table in sheets.items():
        if name not in TEMPLATE_SHEETS:
            raw[name], repeated = _as_raw(name, table, source)
            problems.extend(repeated)
    specs = sheet_specs()
    for spec in specs.values():
        if spec.required and spec.name not in raw:
            near = [n for n in raw if n not in specs
                    and _normalise_header(n) == spec.name]
            hint = f" (found '{near[0]}': rename it)" if near else ""
            problems.append(Problem(file=source, sheet=spec.name,
                                    message="required sheet missing",
                                    expected=f"a sheet named '{spec.name}'{hint}"))
    codes = _reference_codes()
    settings = None
    values: dict[str, Any] = {}
    if "settings" in raw:
        settings, found, values = _settings_from_sheet(raw["settings"], source, codes)
        problems.extend(found)
    typed: dict[str, pd.DataFrame] = {}
    order = ["exchange_rates", "inflation_rates", "interventions", "cost_lines",
             "priorities"] + list(_EXTENSIONS)
    for name in order:
        spec = specs[name]
        sheet_raw = raw.get(name)
        if sheet_raw is None:  # absent: reported above if required
            spec = replace(spec, min_rows=0)
            sheet_raw = _empty_raw(name, spec)
        result = _validate_sheet(spec, sheet_raw, source,
                                 PlanContext(settings, typed, values), codes)
        typed[name] = result.typed
        problems.extend(result.problems)
    if problems or settings is None:
        return None, _cap_problems(problems)
    extra = {name: typed[name].reset_index(drop=True) for name in _EXTENSIONS}
    for name, sheet in raw.items():
        if name not in specs:
            extra[name] = sheet.frame.reset_index(drop=True)
    plan = Plan(
        settings=settings,
        interventions=typed["interventions"].reset_index(drop=True),
        cost_lines=_complete_cost_lines(typed["cost_lines"], typed["interventions"]),
        exchange_rates=typed["exchange_rates"].reset_index(drop=True),
        inflation_rates=typed["inflation_rates"].reset_index(drop=True),
        priorities=typed["priorities"].reset_index(drop=True),
        extra_sheets=extra,
        source=source,
    )
    return plan, []


def _cap_problems(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_KIND
                  ) -> list[Problem]:
    """Keep the first ``limit`` problems of each kind (sheet, column, message) and
    count the rest in one line: 50,000 identical mistakes stay readable."""
    seen: dict[tuple[Any, ...], list[Problem]] = {}
    kept: list[Problem] = []
    for problem in problems:
        kind = (problem.file, problem.sheet, problem.column,
                re.sub(r" \(cell [A-Z]+\d+\)$", "", problem.message))
        group = seen.setdefault(kind, [])
        group.append(problem)
        if len(group) <= limit:
            kept.append(problem)
    for (file, sheet, column, message), group in seen.items():
        if len(group) > limit:
            rest = group[limit:]
            rows = [p.row for p in rest if p.row is not None]
            where = f" (rows {min(rows)}-{max(rows)})" if rows else ""
            kept.append(Problem(
                file=file, sheet=sheet, column=column,
                message=f"{len(rest):,} more cells with the same problem: "
                f"{message}{where}", expected=group[0].expected))
    return kept


def _as_raw(name: str, table: planio.RawSheet | pd.DataFrame, file: str = "<table>"
            ) -> tuple[planio.RawSheet, list[Problem]]:
    """A table as a :class:`planio.RawSheet` (a DataFrame's first row is row 2);
    a column name given twice is a problem (the first column is kept)."""
    if isinstance(table, planio.RawSheet):
        return table, []
    problems = [Problem(file=file, sheet=name, row=1, column=str(column),
                        value=str(column), message="column name repeated",
                        expected="each column name once")
                for column in table.columns[table.columns.duplicated()].unique()]
    table = table.loc[:, ~table.columns.duplicated()]
    frame = table.astype(object).set_axis(range(2, len(table) + 2))
    frame = frame.where(frame.notna(), "")
    frame.index.name = "row"
    letters = {c: planio.column_letter(j) for j, c in enumerate(frame.columns)}
    return planio.RawSheet(name, frame, letters), problems


def _complete_cost_lines(lines: pd.DataFrame, interventions: pd.DataFrame
                         ) -> pd.DataFrame:
    """Fill the blanks that have documented defaults (ids, years, ministry, ranges)."""
    spans = interventions.drop_duplicates("intervention_id").set_index(
        "intervention_id")
    out = lines.reset_index(drop=True)
    start = out["intervention_id"].map(spans["start_year"]).astype("Int64")
    end = out["intervention_id"].map(spans["end_year"]).astype("Int64")
    first = out["first_year"].astype("Int64").fillna(start)
    last = out["last_year"].astype("Int64").fillna(end)
    last = last.where(out["cost_type"] != "start_up", first)
    ministry = out["ministry"].astype("string").fillna(
        out["intervention_id"].map(spans["lead_ministry"]).astype("string"))
    counter = out.groupby("intervention_id", sort=False).cumcount() + 1
    generated = out["intervention_id"] + "-" + counter.map(lambda k: f"{k:02d}")
    line_id = out["line_id"].astype("string").fillna(generated.astype("string"))
    duplicated = line_id.duplicated(keep="first")
    line_id = line_id.where(~duplicated, line_id + "-" + (out.index + 1).astype(str))
    return out.assign(
        line_id=line_id,
        first_year=first,
        last_year=last,
        ministry=ministry,
        quantity_per_year_low=out["quantity_per_year_low"].astype("Float64").fillna(
            out["quantity_per_year"]),
        quantity_per_year_high=out["quantity_per_year_high"].astype("Float64").fillna(
            out["quantity_per_year"]),
        unit_cost_low=out["unit_cost_low"].astype("Float64").fillna(
            out["unit_cost_likely"]),
        unit_cost_high=out["unit_cost_high"].astype("Float64").fillna(
            out["unit_cost_likely"]),
    )


# ----------------------------------------------------------------- file API
def validate_plan_file(path: Path | str) -> list[Problem]:
    """Check a plan file and return every problem found (empty list = valid).

    Never raises for bad content, nor for an unreadable file: a missing,
    corrupt, password-protected or non-Excel file is returned as a located
    :class:`~gcm_analysis.errors.Problem` too. Nothing is written to the file.

    Parameters
    ----------
    path : Path or str
        An ``.xlsx`` workbook or a folder of CSV files (one per sheet).

    Returns
    -------
    list of Problem
        Each names the file, sheet, Excel row, column, value found and what was
        expected.
    """
    _, problems = _load(path)
    return problems


def read_plan(path: Path | str) -> Plan:
    """Read and validate a plan file.

    Parameters
    ----------
    path : Path or str
        An ``.xlsx`` workbook or a folder of CSV files (one per sheet).

    Returns
    -------
    Plan
        The validated, typed plan.

    Raises
    ------
    InputError
        Listing every problem in every sheet (or the file problem if the file
        cannot be read).
    """
    plan, problems = _load(path)
    if problems or plan is None:
        raise InputError(problems, f"the plan {path} has {len(problems)} problem(s)")
    return plan


def _load(path: Path | str) -> tuple[Plan | None, list[Problem]]:
    sheets, problems = planio.read_sheets(path, skip=TEMPLATE_SHEETS)
    if any(sheet.is_refused for sheet in sheets.values()):
        return None, problems  # a sheet could not be read: that comes first
    if not sheets:
        return None, problems or [Problem(
            file=str(path), message="no sheet could be read from the file",
            expected="a workbook with the sheets settings, interventions and "
            "cost_lines")]
    plan, found = validate_tables(sheets, str(path))
    return (plan if not problems else None), problems + found


def plan_from_tables(tables: Mapping[str, pd.DataFrame], source: str = "<tables>"
                     ) -> Plan:
    """Validate sheet tables held in memory and return the plan.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        As returned by :func:`plan_to_tables` (settings as ``setting, value``).
    source : str
        Label used in problems.

    Raises
    ------
    InputError
        Listing every problem.
    """
    plan, problems = validate_tables(tables, source)
    if problems or plan is None:
        raise InputError(problems, f"{source}: {len(problems)} problem(s)")
    return plan


def plan_to_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """Return the plan as the sheets a file holds (text yes/no, ISO dates).

    Derived columns are written back as they are, so reading the tables again
    gives the same plan.
    """
    settings = plan.settings
    values = {
        "country": settings.country,
        "plan_title": settings.plan_title or "",
        "reporting_currency": settings.reporting_currency,
        "base_year": settings.base_year,
        "horizon_years": settings.horizon_years,
        "contingency_pct": settings.contingency_pct,
        "inflation_pct": settings.inflation_pct,
        "is_illustrative": "yes" if settings.is_illustrative else "no",
    }
    tables = {"settings": _settings_table(values)}
    for spec in (INTERVENTIONS_SPEC, COST_LINES_SPEC, EXCHANGE_RATES_SPEC,
                 INFLATION_RATES_SPEC, PRIORITIES_SPEC):
        tables[spec.name] = _file_table(getattr(plan, spec.name), spec)
    for name, table in plan.extra_sheets.items():
        spec = _EXTENSIONS.get(name)
        tables[name] = _file_table(table, spec) if spec else table.copy()
    return tables


def _settings_table(values: Mapping[str, Any]) -> pd.DataFrame:
    rows = [(s.name, values.get(s.name, ""), s.unit, s.description)
            for s in SETTINGS_COLUMNS]
    return pd.DataFrame(rows, columns=["setting", "value", "unit", "description"])


def _file_table(table: pd.DataFrame, spec: SheetSpec) -> pd.DataFrame:
    out = {}
    for column in spec.columns:
        series = table[column.name] if column.name in table else pd.Series(
            pd.NA, index=table.index, dtype=object)
        if column.kind == "yesno":
            series = series.map(lambda v: "" if pd.isna(v) else ("yes" if v else "no"))
        elif column.kind == "date":
            series = pd.to_datetime(series).dt.strftime("%Y-%m-%d")
        elif column.kind in ("int", "number"):
            series = series.astype(object).where(series.notna(), None)
            if column.kind == "int":
                series = series.map(lambda v: None if v is None else int(v))
        out[column.name] = series.astype(object).where(series.notna(), None)
    return pd.DataFrame(out).reset_index(drop=True)


def write_plan_csv(plan: Plan, folder: Path | str) -> Path:
    """Write a plan as a folder of CSV files, one per sheet.

    Parameters
    ----------
    plan : Plan
    folder : Path or str
        Target folder (created if needed); existing files of the same names are
        replaced atomically.

    Returns
    -------
    Path
        ``folder``.
    """
    return planio.write_csv_folder(folder, plan_to_tables(plan))


def write_template(path: Path | str, country: str | None = None,
                   plan: Plan | None = None, lang: str = "en") -> Path:
    """Write a plan template workbook (blank, or pre-filled with a plan).

    The workbook has an ``instructions`` sheet, one sheet per plan sheet with a
    header comment and drop-downs per column, and a hidden ``lists`` sheet
    holding the drop-down values. Writing is atomic and deterministic (same
    input, same bytes).

    Parameters
    ----------
    path : Path or str
        Target ``.xlsx`` file.
    country : str, optional
        ISO3 code written into the settings of a blank template.
    plan : Plan, optional
        A plan to pre-fill (e.g. a starter plan from
        :func:`gcm_analysis.costing.build_starter_plan`); wins over ``country``.
    lang : str
        Language of objective titles on the lists sheet (``en``, ``fr``, ``es``).

    Returns
    -------
    Path
        ``path``.
    """
    tables = plan_to_tables(plan) if plan is not None else template_tables(country)
    layouts = planio.template_layout(list(sheet_specs().values()), SETTINGS_COLUMNS,
                                     tables, describe_columns(), lang)
    return planio.write_workbook(path, layouts)


def convert_plan(source: Path | str, target: Path | str) -> Path:
    """Read a plan and write it in the other form (``.xlsx`` <-> CSV folder).

    The example plans are kept as CSV folders (reviewable in diffs) and their
    workbooks generated with this function, e.g.
    ``convert_plan("data/plans/PRT_example", "data/plans/PRT_example.xlsx")``;
    the output is deterministic.

    Parameters
    ----------
    source : Path or str
        A valid plan (``.xlsx`` or CSV folder).
    target : Path or str
        ``*.xlsx`` for a workbook (a filled template), anything else for a folder.

    Returns
    -------
    Path
        ``target``.

    Raises
    ------
    InputError
        If the source plan has problems.
    """
    the_plan = read_plan(source)
    if str(target).lower().endswith(".xlsx"):
        return write_template(target, plan=the_plan)
    return write_plan_csv(the_plan, target)


def write_run_plan(plan: Plan, run_dir: Path | str, name: str = "plan") -> Path:
    """Write the plan a run costed into its run folder as ``<name>.xlsx``.

    The workbook is a filled template: a starter plan written this way can be
    edited in Excel and passed back as the run's ``plan_file``.
    """
    return write_template(Path(run_dir) / f"{name}.xlsx", plan=plan)


def template_tables(country: str | None = None) -> dict[str, pd.DataFrame]:
    """Return the sheets of a blank template as tables (settings with defaults)."""
    values = {"country": country or "", "contingency_pct": 10.0,
              "is_illustrative": "no"}
    tables = {"settings": _settings_table(values)}
    for spec in sheet_specs().values():
        if spec.name != "settings" and spec.in_template:
            tables[spec.name] = pd.DataFrame(columns=[c.name for c in spec.columns])
    return tables


def objective_ids_in(plan: Plan) -> list[int]:
    """Return the objectives the plan's interventions serve, sorted."""
    return sorted(int(v) for v in plan.interventions["objective_id"].dropna().unique())


def describe_columns(specs: Sequence[SheetSpec] | None = None) -> pd.DataFrame:
    """Return one row per sheet column: what to enter, unit, allowed values.

    Used for the template's instructions sheet and for documentation.
    """
    rows = []
    for spec in specs or list(sheet_specs().values()):
        columns = SETTINGS_COLUMNS if spec.name == "settings" else spec.columns
        for column in columns:
            rows.append({
                "sheet": spec.name,
                "column": column.name,
                "required": "yes" if column.required else "no",
                "what_to_enter": column.description,
                "unit": column.unit,
                "allowed": column.expected(),
            })
    return pd.DataFrame(rows)


def check_run_plan(path: Path | str, country: str, currency: str = "") -> list[Problem]:
    """Return every reason a run with this plan file would fail (empty = none).

    The file's own problems (:func:`validate_plan_file`), then whether it is the
    run's country's plan and whether its costs convert into the run's reporting
    currency. Never raises for content; the runner calls it before any kernel
    starts, so a broken plan is refused with located problems and nothing is
    written.

    Parameters
    ----------
    path : Path or str
        The run's ``plan_file``.
    country : str
        ISO3 code of the run.
    currency : str
        The run's reporting currency (``""`` keeps the plan's own).

    Returns
    -------
    list of Problem
    """
    the_plan, problems = _load(path)
    if problems or the_plan is None:
        return problems
    if the_plan.settings.country != country:
        return [Problem(file=str(path), sheet="settings", column="value",
                        value=the_plan.settings.country,
                        message="setting 'country': the plan is for another country "
                        "than the run", expected=country)]
    reporting = the_plan.settings.reporting_currency
    if currency and currency != reporting:
        from .costing import with_reporting_currency

        try:
            with_reporting_currency(the_plan, currency)
        except InputError as exc:
            return list(exc.problems)
        funding = the_plan.extra_sheets.get("funding")
        if funding is not None and len(funding):  # funding is never converted
            return [Problem(
                file=str(path), sheet="funding", column="currency", value=reporting,
                message=f"the funding is in the plan's reporting currency {reporting}, "
                f"the run's budget would be in {currency}",
                expected=f"a run in {reporting} (currency parameter, gcm run "
                f"--currency {reporting})")]
    return []
