"""The fictional country of the lessons and every number the lessons show or check.

The Republic of Lumeria (``XLU``) is invented. Its plan lives in
``data/plans/XLU_lumeria_fictional/`` (a CSV folder like the example plans) and its
indicators in ``data/teaching/`` (labelled FICTIONAL row by row). Nothing of it
enters ``data/processed``: lesson 1 appends Lumeria's rows to a copy of the real
panel held in memory, so it is compared with real peers without touching them.

``XLU`` comes from the ISO 3166 user-assigned range (``XAA``-``XZZ``), which no
country will ever receive. The plan validator checks a plan's country against the
country panel and so refuses it; :func:`read_teaching_plan` therefore validates
every sheet exactly as for a real plan and checks the country code against
:data:`TEACHING_COUNTRIES` instead (see :func:`validate_teaching_plan`). Real
plans are validated as before.

Every function returns a new object (copies of cached tables), so a participant
who edits a table in a notebook cannot change what the checks expect.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .. import (
    costing,
    funding_sheets,  # noqa: F401  (registers the funding/assessment sheets)
    io,
    paths,
    planio,
    reference,
)
from .. import funding as funding_module
from .. import needs as needs_module
from .. import plan as plans
from .. import selection as selection_module
from ..errors import InputError, Problem, counted, msg
from ._format import bilingual

log = logging.getLogger(__name__)

TEACHING_COUNTRIES: dict[str, str] = {"XLU": "Republic of Lumeria (fictional)"}
"""Country codes allowed in teaching plans only (ISO 3166 user-assigned range)."""

TEACHING_DATA_DIR: Path = paths.DATA_DIR / "teaching"
"""Fictional indicator tables (``lumeria_country.csv``, ``lumeria_indicators.csv``)."""

TEACHING_PLAN_DIR: Path = paths.PLANS_DIR / "XLU_lumeria_fictional"
"""The fictional country's complete plan (CSV folder)."""

COUNTRY = "XLU"
PEER_GROUP = "region"
"""Peer group of lesson 1 (Lumeria's World Bank region)."""
SELECTION_WEIGHTS: tuple[float, float, float] = (0.5, 0.3, 0.2)
"""Need, stakeholder priority, feasibility: the defaults of notebook 02."""
SELECTION_TOP_N = 3
FOCUS_INTERVENTION = "LUM-04"
"""The intervention lesson 2 costs step by step."""
MAX_CANDIDATES = 3
"""Candidate sources per objective in lesson 4's mobilisation plan."""
N_DRAWS = 2000
SEED = 2018
SHOCK: dict[str, Any] = {"source_types": ("bilateral_development_partners",),
                         "share": 0.5, "year": 2027}
"""Lesson 4's crisis: the bilateral partner cuts half of its 2027 money."""


# --------------------------------------------------------------------- the plan
def _stand_in_code() -> str:
    """A code the panel knows, put in place of the teaching code while validating."""
    try:
        return str(reference.countries()["iso3"].iloc[0])
    except (FileNotFoundError, KeyError, IndexError):  # panel not built: form check
        return "AAA"


def _load_plan(path: Path | str) -> tuple[plans.Plan | None, list[Problem]]:
    plans.load_extensions()
    sheets, problems = planio.read_sheets(path, skip=plans.TEMPLATE_SHEETS)
    settings = sheets.get("settings")
    if settings is None:
        _, found = plans.validate_tables(sheets, str(path))
        return None, problems + found
    frame = settings.frame
    key = next((c for c in frame.columns if str(c).strip().lower() == "setting"), None)
    value = next((c for c in frame.columns if str(c).strip().lower() == "value"), None)
    code = None
    if key is not None and value is not None:
        rows = frame[frame[key].astype(str).str.strip().str.lower() == "country"]
        if len(rows) == 1:
            code = str(rows[value].iloc[0]).strip()
            row = int(rows.index[0])
            letter = settings.letters.get(value, "B")
            if code in TEACHING_COUNTRIES:
                frame = frame.copy()
                frame.loc[row, value] = _stand_in_code()
                sheets = {**sheets, "settings": replace(settings, frame=frame)}
            else:
                problems.append(Problem.of(
                    msg("in_cell", message=msg("teaching.country"),
                        cell=f"{letter}{row}"),
                    file=str(path), sheet="settings", row=row, column="value",
                    value=code, expected=msg("teaching.country.expected",
                                             codes=", ".join(TEACHING_COUNTRIES))))
    the_plan, found = plans.validate_tables(sheets, str(path))
    problems += found
    if the_plan is not None and not the_plan.settings.is_illustrative:
        problems.append(Problem.of(
            msg("teaching.illustrative"), file=str(path), sheet="settings",
            column="value", value="no", expected=msg("teaching.illustrative.expected")))
    if problems or the_plan is None or code is None:
        return None, problems
    return the_plan.with_settings(country=code), []


def validate_teaching_plan(path: Path | str = TEACHING_PLAN_DIR) -> list[Problem]:
    """Check a teaching plan: every sheet as for a real plan, the country code
    against :data:`TEACHING_COUNTRIES`; return every problem (empty = valid).

    Parameters
    ----------
    path : Path or str
        A plan folder or workbook (default: Lumeria's plan).

    Returns
    -------
    list of Problem
        As :func:`gcm_analysis.plan.validate_plan_file`, plus a problem when the
        country is not a teaching code or the plan is not marked illustrative.
    """
    return _load_plan(path)[1]


@lru_cache(maxsize=4)
def _cached_plan(path: str) -> plans.Plan:
    the_plan, problems = _load_plan(path)
    if problems or the_plan is None:
        raise InputError(problems, counted("teaching_plan", len(problems),
                                           path=str(path)))
    return the_plan


def read_teaching_plan(path: Path | str = TEACHING_PLAN_DIR) -> plans.Plan:
    """Read and validate a teaching plan (default: the Republic of Lumeria).

    Raises
    ------
    InputError
        Listing every problem (see :func:`validate_teaching_plan`).
    """
    the_plan = _cached_plan(str(path))
    return replace(the_plan, interventions=the_plan.interventions.copy(),
                   cost_lines=the_plan.cost_lines.copy(),
                   exchange_rates=the_plan.exchange_rates.copy(),
                   inflation_rates=the_plan.inflation_rates.copy(),
                   priorities=the_plan.priorities.copy(),
                   extra_sheets={k: v.copy() for k, v in
                                 the_plan.extra_sheets.items()})


# ------------------------------------------------------------ fictional panel
def fictional_country() -> pd.DataFrame:
    """Return Lumeria's row for the countries table (``is_fictional`` True)."""
    return io.read_csv(TEACHING_DATA_DIR / "lumeria_country.csv").copy()


def fictional_indicators() -> pd.DataFrame:
    """Return Lumeria's invented indicators (long: ``iso3, indicator, year, value,
    unit, source``; every source says FICTIONAL)."""
    return io.read_csv(TEACHING_DATA_DIR / "lumeria_indicators.csv").copy()


@lru_cache(maxsize=1)
def _panel() -> tuple[pd.DataFrame, pd.DataFrame]:
    # the panel keeps every year; lessons compare one value per indicator
    from ..indicators_panel import latest_values

    indicators = latest_values(io.read_processed("country_indicators"),
                               with_skipped=False)
    countries = reference.countries()
    own = fictional_indicators()
    if set(own["iso3"]) & set(indicators["iso3"]):  # pragma: no cover - guard
        raise ValueError("a teaching code is in the real panel")
    country = fictional_country()
    return (pd.concat([indicators, own[indicators.columns]], ignore_index=True),
            pd.concat([countries, country[countries.columns]], ignore_index=True))


def teaching_panel() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``(indicators, countries)``: the real panel plus Lumeria, in memory.

    The real tables are read (never written); Lumeria's rows are appended to
    copies, so needs functions can place it among real peers.
    """
    indicators, countries = _panel()
    return indicators.copy(), countries.copy()


# ---------------------------------------------------------------------- needs
@lru_cache(maxsize=8)
def _needs(peer_group: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    indicators, countries = _panel()
    labels = needs_module.indicator_labels(io.read_reference("indicator_labels"), lang)
    return needs_module.assess_needs(
        indicators, countries, io.read_reference("objective_indicators"),
        reference.objective_titles(lang), COUNTRY, peer_group, labels=labels)


def needs_tables(peer_group: str = PEER_GROUP, lang: str = "en"
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return Lumeria's ``(needs, objective_indicators)`` against ``peer_group``."""
    table, detail = _needs(peer_group, lang)
    return table.copy(), detail.copy()


def peer_name(peer_group: str = PEER_GROUP) -> tuple[int, str]:
    """Return the number of countries in Lumeria's peer group and its name."""
    _, countries = _panel()
    members, name = needs_module.peer_countries(countries, COUNTRY, peer_group)
    return len(members), name


def candidates(peer_group: str = PEER_GROUP, lang: str = "en",
               weights: tuple[float, float, float] = SELECTION_WEIGHTS) -> pd.DataFrame:
    """Return the selection criteria per objective (need, priority, feasibility)."""
    table, _ = _needs(peer_group, lang)
    return selection_module.combine_criteria(
        table, read_teaching_plan().priorities, None, *weights)


def selected_objectives(peer_group: str = PEER_GROUP, lang: str = "en",
                        weights: tuple[float, float, float] = SELECTION_WEIGHTS,
                        top_n: int = SELECTION_TOP_N) -> pd.DataFrame:
    """Return the ``top_n`` selection (coverage rule off) with reasons."""
    return selection_module.select_objectives(
        candidates(peer_group, lang, weights), method="top_n", top_n=top_n,
        min_per_area=0)


# -------------------------------------------------------------------- costing
@lru_cache(maxsize=1)
def _budget() -> dict[str, pd.DataFrame]:
    return costing.compute_budget_tables(read_teaching_plan(), n_draws=N_DRAWS,
                                         seed=SEED)


def budget_tables() -> dict[str, pd.DataFrame]:
    """Return every costing table of Lumeria's plan (``compute_budget_tables``)."""
    return {name: table.copy() for name, table in _budget().items()}


def budget_lines() -> pd.DataFrame:
    """Return Lumeria's budget lines (one row per cost line and year, contingency)."""
    return _budget()["budget_lines"].copy()


# -------------------------------------------------------------------- funding
def funding_inputs(lang: str = "en") -> dict[str, pd.DataFrame]:
    """Return ``costs``, ``funding`` (prepared, in base-year prices) and
    ``assessment`` of Lumeria's plan, as notebook 04 prepares them."""
    tables = _budget()
    the_plan = read_teaching_plan()
    # The fictional plan names things "FR / EN"; each lesson shows its language.
    interventions = tables["budget_by_intervention"].assign(
        title=lambda d: d["title"].map(lambda v: bilingual(v, lang)))
    costs = funding_module.costs_from_budget(tables["budget_lines"], interventions)
    plan_funding = funding_sheets.funding_from_plan(the_plan)
    if plan_funding is not None:
        plan_funding = plan_funding.assign(source_name=plan_funding["source_name"].map(
            lambda v: bilingual(v, lang)))
    lines, _ = funding_module.choose_run_funding(
        costs, plan_funding, tables["budget_price_index"], lang=lang,
        currency=the_plan.settings.reporting_currency,
        refs=reference.funding_reference())
    return {"costs": costs, "funding": lines,
            "assessment": funding_sheets.assessment_from_plan(the_plan)}


@lru_cache(maxsize=32)
def _funding(lang: str, source_types: tuple[str, ...], share: float, year: int
             ) -> dict[str, pd.DataFrame]:
    inputs = funding_inputs(lang)
    return funding_module.compute_funding_tables(
        inputs["costs"], inputs["funding"], inputs["assessment"],
        shock_source_types=source_types, shock_share=share, shock_year=year,
        max_candidates=MAX_CANDIDATES, lang=lang, refs=reference.funding_reference())


def funding_tables(lang: str = "en", source_types: tuple[str, ...] | None = None,
                   share: float | None = None, year: int | None = None
                   ) -> dict[str, pd.DataFrame]:
    """Return every resource-mobilisation table of Lumeria's plan.

    Parameters
    ----------
    lang : {"en", "fr"}
    source_types, share, year : optional
        The crisis test; default :data:`SHOCK` (the bilateral partner cuts half
        of its 2027 money).
    """
    tables = _funding(lang, tuple(source_types or SHOCK["source_types"]),
                      float(SHOCK["share"] if share is None else share),
                      int(year or SHOCK["year"]))
    return {name: table.copy() for name, table in tables.items()}


TEACHING_WORKBOOK: Path = TEACHING_PLAN_DIR.with_suffix(".xlsx")
"""The fictional plan as a filled workbook, generated from the CSV folder."""


def convert_teaching_plan(source: Path | str = TEACHING_PLAN_DIR,
                          target: Path | str = TEACHING_WORKBOOK) -> Path:
    """Write a teaching plan as a filled workbook (or CSV folder), like
    :func:`gcm_analysis.plan.convert_plan` does for real plans.

    ``convert_teaching_plan()`` regenerates ``data/plans/XLU_lumeria_fictional.xlsx``
    from its CSV source (deterministic output).
    """
    the_plan = read_teaching_plan(source)
    if str(target).lower().endswith(".xlsx"):
        return plans.write_template(target, plan=the_plan)
    return plans.write_plan_csv(the_plan, target)
