"""The menu of costed actions: prices scaled to a country, indicative costs,
starter plans.

Pure: the menu (``costed_actions.csv``) and the scaling parameters
(``cost_scaling.csv``) are handed in as tables; :mod:`gcm_analysis.costing_io`
reads them, and builds the validated starter :class:`~gcm_analysis.plan.Plan`
from :func:`starter_plan_tables`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

from ..codes import OBJECTIVE_IDS, check_objective_ids
from ..i18n import t
from ..indicators_panel import as_latest_values
from ..numbers import number

DEFAULT_STARTER_OBJECTIVES: tuple[int, ...] = (1, 3, 6, 15, 23)
"""Objectives of a starter plan when no selection is available.

See docs/assumptions.md#d01-default-starter-objectives.
"""
DEFAULT_USD_INFLATION_PCT = 2.5
"""Inflation of a starter plan (USD, % a year).

See docs/assumptions.md#d02-starter-plan-inflation.
"""


# ------------------------------------------------------- menu, starter plans
def country_scale_factor(country_indicators: pd.DataFrame, iso3: str,
                         scaling: Mapping[str, float], lang: str = "en"
                         ) -> tuple[float, str]:
    """Return the factor that scales country-sensitive prices, and how it was made.

    ``factor = clip((gdp_per_capita / reference_gdp_per_capita) ** elasticity,
    min, max)`` (docs/assumptions.md#s01-scaling-prices-to-the-country). Without
    a GDP per capita the factor is 1 (unscaled) and the note says so.

    Parameters
    ----------
    country_indicators : DataFrame
        Long panel ``iso3, indicator, year, value, unit, source``.
    iso3 : str
    scaling : mapping of str to float
        Price-scaling parameters by name (``cost_scaling.csv``, read by
        :func:`gcm_analysis.costing_io.read_cost_scaling`).
    lang : str
        Language of the note (catalogue ``costing.note.*``).

    Returns
    -------
    factor : float
    note : str
    """
    params = scaling
    is_gdp = country_indicators["indicator"] == "gdp_per_capita_usd"
    # the latest value that passes the data checks (flagged years are skipped)
    rows = as_latest_values(country_indicators[(country_indicators["iso3"] == iso3)
                                               & is_gdp])
    rows = rows.dropna(subset=["value"])
    if rows.empty:
        return 1.0, t("costing.note.unscaled", lang, iso3=iso3)
    row = rows.sort_values("year").iloc[-1]
    gdp = float(row["value"])
    raw = (gdp / params["reference_gdp_per_capita_usd"]) ** params[
        "gdp_per_capita_elasticity"]
    factor = float(np.clip(raw, params["min_scale_factor"], params["max_scale_factor"]))
    return factor, t("costing.note.scaled", lang, gdp=number(gdp, lang),
                     year=int(row["year"]), factor=number(factor, lang, 2))


#: Quantity drivers of the menu (``costed_actions.quantity_driver``) and the
#: indicators of ``country_indicators.csv`` each adds up (``fixed``: none).
#: See docs/assumptions.md#q02-quantity-drivers.
QUANTITY_DRIVERS: dict[str, tuple[str, ...]] = {
    "fixed": (),
    "population": ("population",),
    "migrant_stock": ("migrant_stock",),
    "refugees_asylum_seekers_hosted": ("refugees_asylum_seekers_hosted",),
    "emigrants": ("emigrants",),
    "migrants_and_emigrants": ("migrant_stock", "emigrants"),
}


def _driver_name(name: str, lang: str) -> str:
    """A quantity driver or the indicator it adds up, in words
    (``costing.quantity_driver.*``)."""
    return t(f"costing.quantity_driver.{name}", lang)


def country_drivers(country_indicators: pd.DataFrame, iso3: str, lang: str = "en"
                    ) -> dict[str, tuple[float, str]]:
    """Return each quantity driver's value for a country, and where it comes from.

    Parameters
    ----------
    country_indicators : DataFrame
        Long panel ``iso3, indicator, year, value, unit, source``.
    iso3 : str

    Returns
    -------
    dict of str to (float, str)
        Driver name (:data:`QUANTITY_DRIVERS`, ``fixed`` left out) to its value
        (NaN when an indicator it adds up has no figure) and a note naming the
        indicators and years used. A country hosting no refugees has the value 0.
    """
    wanted = sorted({i for parts in QUANTITY_DRIVERS.values() for i in parts})
    rows = country_indicators[(country_indicators["iso3"] == iso3)
                              & country_indicators["indicator"].isin(wanted)]
    latest = as_latest_values(rows).dropna(subset=["value"]).set_index("indicator")
    out: dict[str, tuple[float, str]] = {}
    for driver, parts in QUANTITY_DRIVERS.items():
        if not parts:
            continue
        names = [_driver_name(i, lang) for i in parts]
        if not set(parts) <= set(latest.index):
            either = names[0] if len(names) == 1 else t(
                "costing.note.either", lang, first=names[0], second=names[1])
            out[driver] = (float("nan"), t("costing.note.no_driver", lang,
                                           indicators=either, iso3=iso3))
            continue
        value = float(sum(float(latest.at[i, "value"]) for i in parts))
        years = t("costing.note.list_separator", lang).join(
            t("costing.note.indicator_year", lang, name=name,
              year=int(latest.at[i, "year"])) for i, name in zip(parts, names,
                                                                strict=True))
        out[driver] = (value, f"{number(value, lang)} ({years})")
    return out


def quantity_factors(menu: pd.DataFrame, drivers: Mapping[str, tuple[float, str]],
                     scaling: Mapping[str, float], lang: str = "en"
                     ) -> tuple[np.ndarray, list[str]]:
    """Return the factor applied to each menu line's quantities, and why (in
    ``lang``).

    ``factor = clip((driver / reference) ** elasticity, min_quantity_factor,
    max_quantity_factor)`` for a line with a driver
    (docs/assumptions.md#q02-quantity-drivers); 1 for a ``fixed`` line;
    ``min_quantity_factor``, with a note saying so, for a line whose driver has
    no figure for the country.

    Raises
    ------
    ValueError
        For a driver not in :data:`QUANTITY_DRIVERS`.
    """
    unknown = set(menu["quantity_driver"]) - set(QUANTITY_DRIVERS)
    if unknown:
        raise ValueError(f"costed_actions.csv, column quantity_driver: unknown "
                         f"driver(s) {sorted(unknown)}; expected one of "
                         f"{sorted(QUANTITY_DRIVERS)}")
    factors, notes = [], []
    for driver, elasticity in zip(menu["quantity_driver"],
                                  menu["quantity_elasticity"].astype(float),
                                  strict=True):
        if driver == "fixed":
            factors.append(1.0)
            notes.append(t("costing.note.fixed_quantity", lang))
            continue
        value, source = drivers[driver]
        if value != value:  # NaN: the source lists no figure for the country
            # (UNHCR lists no refugees for most small states): the smallest
            # quantity, never the reference country's (assumptions.md#q02)
            factors.append(scaling["min_quantity_factor"])
            notes.append(t("costing.note.smallest_quantity", lang, source=source,
                           factor=number(scaling["min_quantity_factor"], lang, 2)))
            continue
        reference = scaling[f"reference_{driver}"]
        raw = (max(value, 0.0) / reference) ** elasticity
        factor = float(np.clip(raw, scaling["min_quantity_factor"],
                               scaling["max_quantity_factor"]))
        factors.append(factor)
        notes.append(t("costing.note.scaled_quantity", lang,
                       driver=_driver_name(driver, lang), source=source,
                       value=number(value, lang), reference=number(reference, lang),
                       elasticity=number(elasticity, lang, None),
                       factor=number(factor, lang, 2)))
    return np.asarray(factors, dtype=float), notes


def _scaled_quantities(menu: pd.DataFrame, factors: np.ndarray) -> dict[str, Any]:
    """Low / likely / high quantities times their factor, in whole units where
    the menu's are whole (never below 1 when the menu's is at least 1), so low
    <= likely <= high still holds."""
    out: dict[str, Any] = {}
    for column in ("quantity_per_year_low", "quantity_per_year",
                   "quantity_per_year_high"):
        base = menu[column].astype(float).to_numpy()
        scaled = base * factors
        whole = np.isclose(base, np.round(base))
        scaled = np.where(whole, np.round(scaled), np.round(scaled, 2))
        scaled = np.where(whole & (base >= 1), np.maximum(scaled, 1.0), scaled)
        out[column] = scaled
    return out


def price_menu(country_indicators: pd.DataFrame, iso3: str, menu: pd.DataFrame,
               scaling: Mapping[str, float], lang: str = "en") -> pd.DataFrame:
    """Return the menu of costed actions priced and sized for one country.

    Prices: lines with ``price_basis`` ``gdp_per_capita`` are multiplied by
    :func:`country_scale_factor`, but the likely unit cost never falls below the
    line's ``unit_cost_floor`` (USD, docs/assumptions.md#f01-price-floors): when
    it would, low / likely / high are multiplied by ``floor / menu likely``
    instead, keeping the range's shape. ``global`` lines keep their USD price.
    Quantities: multiplied by :func:`quantity_factors` (the line's driver).

    Parameters
    ----------
    country_indicators : DataFrame
        Long panel ``iso3, indicator, year, value, unit, source``.
    iso3 : str
    menu : DataFrame
        Menu of costed actions (``costed_actions.csv``).
    scaling : mapping of str to float
        Scaling parameters (``cost_scaling.csv``).
    lang : str
        Language of the notes (``price_note``, ``quantity_note``).

    Returns
    -------
    DataFrame
        The menu's columns with scaled ``unit_cost_low/likely/high`` (rounded to
        the cent) and quantities, plus ``scale_factor`` (the price multiplier
        applied), ``is_floored``, ``price_note``, ``quantity_factor`` and
        ``quantity_note``.
    """
    factor, note = country_scale_factor(country_indicators, iso3, scaling, lang)
    scaled = (menu["price_basis"] == "gdp_per_capita").to_numpy()
    likely = menu["unit_cost_likely"].astype(float).to_numpy()
    floor = pd.to_numeric(menu["unit_cost_floor"], errors="coerce").fillna(0.0) \
        .to_numpy(dtype=float)
    floored = scaled & (likely * factor < floor)
    multiplier = np.where(scaled, factor, 1.0)
    multiplier = np.where(floored, floor / np.where(likely > 0, likely, 1.0),
                          multiplier)
    notes = np.where(scaled, note, t("costing.note.global_price", lang))
    floor_notes = [t("costing.note.floor", lang, note=n, floor=number(f, lang))
                   for n, f in zip(notes, floor, strict=True)]
    notes = np.where(floored, floor_notes, notes)
    q_factors, q_notes = quantity_factors(
        menu, country_drivers(country_indicators, iso3, lang), scaling, lang)
    out = menu.assign(**{
        col: np.round(menu[col].astype(float).to_numpy() * multiplier, 2)
        for col in ("unit_cost_low", "unit_cost_likely", "unit_cost_high")
    }, **_scaled_quantities(menu, q_factors))
    return out.assign(scale_factor=multiplier, is_floored=floored, price_note=notes,
                      quantity_factor=q_factors, quantity_note=q_notes)


def estimate_indicative_costs(country_indicators: pd.DataFrame, iso3: str,
                              menu: pd.DataFrame, scaling: Mapping[str, float],
                              horizon_years: int = 3) -> pd.DataFrame:
    """Return an indicative cost per GCM objective from the menu, for selection.

    The cost of an objective is the sum of its menu actions over
    ``horizon_years`` (start-up costs once, recurrent costs every year), at
    likely prices scaled to the country, in USD at the menu's price year,
    without contingency. It is illustrative: an order of magnitude for comparing
    objectives, not a budget.

    Parameters
    ----------
    country_indicators : DataFrame
        Long panel ``iso3, indicator, year, value, unit, source``.
    iso3 : str
        Country code.
    menu : DataFrame
        Menu of costed actions (``costed_actions.csv``).
    scaling : mapping of str to float
        Price-scaling parameters (``cost_scaling.csv``).
    horizon_years : int
        Years of recurrent costs counted.

    Returns
    -------
    DataFrame
        ``objective_id, indicative_cost_usd, method``: one row per objective
        1-23; ``method`` says how the figure was made.
    """
    priced = price_menu(country_indicators, iso3, menu, scaling)
    if set(priced["currency"]) != {"USD"}:
        raise ValueError("the menu of costed actions must be priced in USD")
    years = np.where(priced["cost_type"] == "start_up", 1, horizon_years)
    cost = priced["quantity_per_year"].astype(float) * priced[
        "unit_cost_likely"].astype(float) * years
    totals = cost.groupby(priced["objective_id"]).sum()
    n_actions = priced.groupby("objective_id")["action_id"].nunique()
    _, note = country_scale_factor(country_indicators, iso3, scaling)
    price_year = int(priced["price_year"].max())
    ids = list(OBJECTIVE_IDS)
    methods = [
        f"menu of costed actions ({int(n_actions.get(i, 0))} actions, {horizon_years} "
        f"years, USD {price_year} prices, {note}; quantities by their driver; "
        "illustrative)"
        if i in totals.index else "not costed: no action in the menu"
        for i in ids
    ]
    return pd.DataFrame({
        "objective_id": ids,
        "indicative_cost_usd": [round(float(totals.get(i, np.nan)), 2) for i in ids],
        "method": methods,
    })


def choose_starter_objectives(selection: pd.DataFrame | None) -> tuple[list[int], str]:
    """Return the objectives of a starter plan and where they come from.

    Parameters
    ----------
    selection : DataFrame or None
        ``selection.csv`` from notebook 02 (``objective_id, is_selected, ...``),
        or ``None`` when it is absent.

    Returns
    -------
    objective_ids : list of int
    origin : str
        ``"selection"`` (the objectives selected in notebook 02),
        ``"default_no_selection"`` (no selection.csv: the documented default set
        :data:`DEFAULT_STARTER_OBJECTIVES`) or ``"default_empty_selection"``
        (selection.csv selects nothing: the same default set).
    """
    default = list(DEFAULT_STARTER_OBJECTIVES)
    if selection is None:
        return default, "default_no_selection"
    flags = selection["is_selected"].map(
        lambda v: str(v).strip().lower() in ("true", "1", "yes"))
    ids = sorted(int(i) for i in selection.loc[flags, "objective_id"])
    if not ids:
        return default, "default_empty_selection"
    return check_objective_ids(ids), "selection"


_ORIGIN_NOTES = {
    "plan_file": "the plan file {plan_file}",
    "selection": "an illustrative starter plan for the objectives selected in "
    "notebook 02 (selection.csv): {ids}",
    "default_no_selection": "an illustrative starter plan; selection.csv was not found "
    "in the run folder, so it covers the default objectives {ids} "
    "(docs/assumptions.md#d01-default-starter-objectives)",
    "default_empty_selection": "an illustrative starter plan; selection.csv selects no "
    "objective, so it covers the default objectives {ids} "
    "(docs/assumptions.md#d01-default-starter-objectives)",
}


def describe_origin(origin: dict[str, Any]) -> str:
    """Return, in English, where a run's plan comes from (for logs and run notes)."""
    ids = ", ".join(str(i) for i in origin.get("objective_ids", []))
    return _ORIGIN_NOTES[origin["kind"]].format(
        plan_file=PurePath(str(origin.get("plan_file") or "")).name, ids=ids)


def starter_plan_tables(country: str, objective_ids: Sequence[int],
                        country_indicators: pd.DataFrame, base_year: int,
                        horizon: int, *, menu: pd.DataFrame,
                        scaling: Mapping[str, float], contingency_pct: float = 10.0,
                        inflation_pct: float = DEFAULT_USD_INFLATION_PCT,
                        lang: str = "en") -> dict[str, pd.DataFrame]:
    """Return the sheets of an illustrative plan built from the menu of costed actions.

    One intervention per menu action of each selected objective, running the
    whole horizon; start-up costs fall in the base year, recurrent costs every
    year. Prices are the menu's, scaled to the country (:func:`price_menu`), in
    USD at the menu's price year. The plan is marked illustrative (setting,
    titles' notes and every line's source); validated like a user's plan
    (:func:`gcm_analysis.plan.plan_from_tables`, which
    :func:`gcm_analysis.costing_io.build_starter_plan` calls) it can be written to
    a template and edited.

    Parameters
    ----------
    country : str
        ISO3 code.
    objective_ids : sequence of int
        GCM objectives (1-23).
    country_indicators : DataFrame
        Long panel (for GDP per capita).
    base_year : int
        First plan year.
    horizon : int
        Number of plan years.
    contingency_pct : float
        Contingency on bottom-up costs, in %.
    inflation_pct : float
        Annual USD inflation assumed (docs/assumptions.md#d02-starter-plan-inflation).
    menu : DataFrame
        Menu of costed actions (``costed_actions.csv``).
    scaling : mapping of str to float
        Price-scaling parameters (``cost_scaling.csv``).
    lang : str
        Language of the notes the plan gets (title, sources, quantities); the
        menu's own texts are translated before
        (:func:`gcm_analysis.i18n.menu_in_language`).

    Returns
    -------
    dict of str to DataFrame
        ``settings`` (``setting, value``), ``interventions`` and ``cost_lines``,
        as a plan file holds them.

    Raises
    ------
    ParameterError
        If an objective id is not 1-23.
    """
    ids = check_objective_ids(list(objective_ids))
    priced = price_menu(country_indicators, country, menu, scaling, lang)
    chosen = priced[priced["objective_id"].isin(ids)].sort_values(
        ["objective_id", "action_id", "line_no"])
    actions = chosen.drop_duplicates("action_id")
    end_year = base_year + horizon - 1
    intervention_id = country + "-" + actions["action_id"].astype(str)
    interventions = pd.DataFrame({
        "intervention_id": intervention_id.to_numpy(),
        "objective_id": actions["objective_id"].to_numpy(),
        "title": actions["action_title"].to_numpy(),
        "lead_ministry": actions["lead_ministry"].to_numpy(),
        "partners": "",
        "start_year": base_year,
        "end_year": end_year,
        "is_essential": "",
        "guiding_principles": actions["guiding_principles"].astype(str).to_numpy(),
        "indicator": actions["indicator"].to_numpy(),
        "target": actions["target"].to_numpy(),
        "notes": [t("costing.note.starter_action", lang, action_id=a)
                  for a in actions["action_id"].astype(str)],
    })
    line_ids = (country + "-" + chosen["action_id"].astype(str) + "-"
                + chosen["line_no"].map(lambda k: f"{int(k):02d}"))
    cost_lines = pd.DataFrame({
        "line_id": line_ids.to_numpy(),
        "intervention_id": (country + "-" + chosen["action_id"].astype(str)).to_numpy(),
        "item": chosen["item"].to_numpy(),
        "category": chosen["category"].to_numpy(),
        "is_support_activity": chosen["is_support_activity"].map(
            lambda v: "yes" if str(v).lower() in ("true", "yes", "1") else "no"
        ).to_numpy(),
        "unit": chosen["unit"].to_numpy(),
        "quantity_per_year": chosen["quantity_per_year"].to_numpy(),
        "quantity_per_year_low": chosen["quantity_per_year_low"].to_numpy(),
        "quantity_per_year_high": chosen["quantity_per_year_high"].to_numpy(),
        "unit_cost_low": chosen["unit_cost_low"].to_numpy(),
        "unit_cost_likely": chosen["unit_cost_likely"].to_numpy(),
        "unit_cost_high": chosen["unit_cost_high"].to_numpy(),
        "currency": chosen["currency"].to_numpy(),
        "price_year": chosen["price_year"].to_numpy(),
        "cost_type": chosen["cost_type"].to_numpy(),
        "costing_method": "bottom_up",
        "first_year": "",
        "last_year": "",
        "ministry": "",
        "source": [t("costing.note.starter_price", lang, price_note=n, source=s)
                   for n, s in zip(chosen["price_note"].astype(str),
                                   chosen["source"].astype(str), strict=True)],
        "notes": [t("costing.note.starter_quantity", lang, quantity_note=n)
                  for n in chosen["quantity_note"].astype(str)],
    })
    settings = pd.DataFrame({
        "setting": ["country", "plan_title", "reporting_currency", "base_year",
                    "horizon_years", "contingency_pct", "inflation_pct",
                    "is_illustrative"],
        "value": [country, t("costing.note.starter_title", lang, country=country),
                  "USD", base_year, horizon,
                  contingency_pct, inflation_pct, "yes"],
    })
    return {"settings": settings, "interventions": interventions,
            "cost_lines": cost_lines}


def scaling_parameters(table: pd.DataFrame) -> dict[str, float]:
    """The price-scaling parameters by name, from the reference table
    ``cost_scaling`` (``parameter, value``)."""
    return dict(zip(table["parameter"], table["value"].astype(float), strict=True))

