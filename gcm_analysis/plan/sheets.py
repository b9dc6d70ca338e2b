"""The core plan sheets, their cross-column rules, and the registry of extra sheets."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd

from ..errors import msg
from .specs import (
    COST_TYPES,
    COSTING_METHODS,
    MAX_AMOUNT,
    MAX_QUANTITY,
    SETTINGS_SPEC,
    TEMPLATE_SHEETS,
    ColumnSpec,
    PlanContext,
    Rule,
    SheetSpec,
)


# ----------------------------------------------------------------- the sheets
def _not_above(small: str, large: str) -> Callable[[pd.DataFrame], pd.Series]:
    """A rule's test: ``small`` <= ``large``, or either is missing."""
    return lambda d: d[small].isna() | d[large].isna() | (d[small] <= d[large])


def _in_years(column: str, first: int, last: int
              ) -> Callable[[pd.DataFrame], pd.Series]:
    """A rule's test: ``column`` from ``first`` to ``last``, or missing."""
    return lambda d: d[column].isna() | d[column].between(first, last)


def _interventions_rules(context: PlanContext) -> list[Rule]:
    rules = [Rule(
        "end_after_start", "end_year", msg("rule.end_after_start"),
        msg("rule.end_after_start.expected"), _not_above("start_year", "end_year"))]
    base_year, horizon = context.value("base_year"), context.value("horizon_years")
    if base_year is not None and horizon is not None:
        first, last = int(base_year), int(base_year) + int(horizon) - 1
        expected = msg("rule.in_horizon.expected", first=first, last=last)
        for column in ("start_year", "end_year"):
            rules.append(Rule(
                f"{column}_in_horizon", column, msg("rule.in_horizon"),
                expected, _in_years(column, first, last)))
    return rules


def _cost_lines_rules(context: PlanContext) -> list[Rule]:
    rules: list[Rule] = []
    for prefix, unit in (("unit_cost", "unit_cost"), ("quantity_per_year", "quantity")):
        likely = prefix if prefix == "quantity_per_year" else f"{prefix}_likely"
        low, high = f"{prefix}_low", f"{prefix}_high"
        rules.append(Rule(
            f"{low}_le_likely", low, msg(f"rule.low_above_likely.{unit}"),
            msg("rule.at_most_column", column=likely), _not_above(low, likely)))
        rules.append(Rule(
            f"{high}_ge_likely", high, msg(f"rule.high_below_likely.{unit}"),
            msg("rule.at_least_column", column=likely), _not_above(likely, high)))
    rules.append(Rule(
        "last_after_first", "last_year", msg("rule.last_after_first"),
        msg("rule.last_after_first.expected"), _not_above("first_year", "last_year")))
    rules.append(Rule(
        "start_up_one_year", "last_year",
        msg("rule.start_up_one_year"), msg("rule.start_up_one_year.expected"),
        lambda d: d["last_year"].isna() | (d["cost_type"] != "start_up").fillna(True)
        | (d["last_year"] == d["first_year"]).fillna(False)))
    interventions = context.tables.get("interventions")
    if interventions is not None:
        known = set(interventions["intervention_id"].dropna())
        shown = ", ".join(sorted(known)[:8]) + (" ..." if len(known) > 8 else "")
        rules.append(Rule(
            "intervention_exists", "intervention_id",
            msg("rule.intervention_exists"),
            msg("rule.intervention_exists.expected", ids=shown) if shown
            else msg("rule.intervention_exists.expected_none"),
            lambda d: d["intervention_id"].isna() | d["intervention_id"].isin(known)))
        spans = interventions.dropna(subset=["intervention_id"]).drop_duplicates(
            "intervention_id").set_index("intervention_id")[["start_year", "end_year"]]
        for column in ("first_year", "last_year"):
            rules.append(Rule(
                f"{column}_in_intervention", column,
                msg("rule.in_intervention"), msg("rule.in_intervention.expected"),
                partial(_within_span, column=column, spans=spans)))
    reporting = context.value("reporting_currency")
    if reporting is not None:
        rates = context.tables.get("exchange_rates")
        convertible = {reporting} | _rate_currencies(rates, reporting)
        shown = ", ".join(sorted(convertible))
        rules.append(Rule(
            "currency_has_rate", "currency",
            msg("rule.currency_has_rate", reporting=reporting),
            msg("rule.currency_has_rate.expected", currencies=shown),
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
                 msg("rule.different_currencies"),
                 msg("rule.different_currencies.expected"),
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
        msg("rule.rates_not_shares"), msg("rule.rates_not_shares.expected"),
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
