"""Starter costing: quantity drivers, price floors, shared uncertainty
(docs/assumptions.md Q02, F01, M03)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from gcm_analysis import costing, costing_io, io
from gcm_analysis.costing.menu import QUANTITY_DRIVERS, quantity_factors
from gcm_analysis.indicators_panel import latest_values

RATINGS = {"Green", "Amber", "Red"}
MENU = costing_io.read_cost_menu()
SCALING = costing_io.read_cost_scaling()


def panel(rows: dict[str, dict[str, float]]) -> pd.DataFrame:
    """A one-year long panel from ``{iso3: {indicator: value}}``."""
    return pd.DataFrame([
        {"iso3": iso3, "indicator": name, "year": 2023, "value": value,
         "unit": "persons", "source": "test"}
        for iso3, values in rows.items() for name, value in values.items()])


BASE = {"gdp_per_capita_usd": 10_000.0, "population": 20e6, "migrant_stock": 5e5,
        "emigrants": 1e6}


def test_every_menu_line_has_a_documented_driver_rating_and_floor() -> None:
    menu = costing_io.read_cost_menu()
    scaling = costing_io.read_cost_scaling()
    assert set(menu["quantity_driver"]) <= set(QUANTITY_DRIVERS)
    elasticity = menu["quantity_elasticity"].astype(float)
    fixed = menu["quantity_driver"] == "fixed"
    assert (elasticity[fixed] == 0).all()
    assert ((elasticity[~fixed] > 0) & (elasticity[~fixed] <= 1)).all()
    assert set(menu["quantity_rating"]) <= RATINGS
    for driver in set(menu["quantity_driver"]) - {"fixed"}:
        assert scaling[f"reference_{driver}"] > 0, driver
    # every country-scaled price has a positive floor below its reference price;
    # global prices have none
    scaled = menu["price_basis"] == "gdp_per_capita"
    floor = pd.to_numeric(menu["unit_cost_floor"], errors="coerce")
    assert (floor[scaled] > 0).all()
    assert (floor[scaled] <= menu.loc[scaled, "unit_cost_likely"]).all()
    assert floor[~scaled].isna().all()
    # the drivers of Kenya's caseload are used somewhere
    assert {"refugees_asylum_seekers_hosted", "emigrants", "migrant_stock",
            "population"} <= set(menu["quantity_driver"])


def test_quantities_follow_their_driver_and_fixed_lines_do_not_move() -> None:
    menu = costing_io.read_cost_menu()
    scaling = costing_io.read_cost_scaling()
    host = BASE | {"refugees_asylum_seekers_hosted": 800_000.0}
    none = BASE | {"refugees_asylum_seekers_hosted": 0.0}
    indicators = panel({"AAA": host, "BBB": none, "CCC": BASE})
    big = costing.price_menu(indicators, "AAA", menu, scaling)
    small = costing.price_menu(indicators, "BBB", menu, scaling)
    missing = costing.price_menu(indicators, "CCC", menu, scaling)
    driven = (menu["quantity_driver"] == "refugees_asylum_seekers_hosted").to_numpy()
    fixed = (menu["quantity_driver"] == "fixed").to_numpy()
    # the factor is the documented formula
    e = menu.loc[driven, "quantity_elasticity"].astype(float).to_numpy()
    expected = np.clip((800_000 / scaling["reference_refugees_asylum_seekers_hosted"])
                       ** e, scaling["min_quantity_factor"],
                       scaling["max_quantity_factor"])
    assert big.loc[driven, "quantity_factor"].to_numpy() == pytest.approx(expected)
    assert (small.loc[driven, "quantity_factor"]
            == scaling["min_quantity_factor"]).all()
    # no figure at all: the smallest quantity too, and the note says why
    assert (missing.loc[driven, "quantity_factor"]
            == scaling["min_quantity_factor"]).all()
    assert missing.loc[driven, "quantity_note"].str.contains(
        "no refugees and asylum seekers hosted").all()
    assert (big.loc[driven, "quantity_per_year"].to_numpy()
            > small.loc[driven, "quantity_per_year"].to_numpy()).all()
    for column in ("quantity_per_year_low", "quantity_per_year",
                   "quantity_per_year_high"):
        assert (big.loc[fixed, column].to_numpy()
                == menu.loc[fixed, column].to_numpy()).all()
    for frame in (big, small, missing):
        assert (frame["quantity_per_year_low"] <= frame["quantity_per_year"]).all()
        assert (frame["quantity_per_year"] <= frame["quantity_per_year_high"]).all()


def test_unknown_driver_is_refused_naming_the_file_and_column() -> None:
    menu = costing_io.read_cost_menu().head(2).assign(quantity_driver="tourists")
    with pytest.raises(ValueError, match="costed_actions.csv, column "
                       "quantity_driver: unknown driver"):
        quantity_factors(menu, {}, costing_io.read_cost_scaling())


def test_prices_never_fall_below_their_floor() -> None:
    menu = costing_io.read_cost_menu()
    scaling = costing_io.read_cost_scaling()
    indicators = panel({"POOR": BASE | {"gdp_per_capita_usd": 500.0},
                        "RICH": BASE | {"gdp_per_capita_usd": 60_000.0}})
    poor = costing.price_menu(indicators, "POOR", menu, scaling)
    rich = costing.price_menu(indicators, "RICH", menu, scaling)
    scaled = (menu["price_basis"] == "gdp_per_capita").to_numpy()
    floor = menu["unit_cost_floor"].astype(float).to_numpy()
    assert (poor.loc[scaled, "unit_cost_likely"].to_numpy()
            >= floor[scaled] - 0.01).all()
    assert poor.loc[scaled, "is_floored"].any()
    assert poor.loc[poor["is_floored"], "price_note"].str.contains("floor").all()
    # the range keeps its shape: low / likely as in the menu
    ratio = (poor["unit_cost_low"] / poor["unit_cost_likely"]).to_numpy()
    assert ratio == pytest.approx(
        (menu["unit_cost_low"] / menu["unit_cost_likely"]).to_numpy(), abs=1e-3)
    # a workshop participant-day and a field-mission day at their documented floor
    for key in ("P04", "P15"):
        row = poor[poor["price_key"] == key].iloc[0]
        assert row["unit_cost_likely"] == pytest.approx(float(row["unit_cost_floor"]))
    assert not rich["is_floored"].any()
    assert (rich.loc[~scaled, "unit_cost_likely"].to_numpy()
            == menu.loc[~scaled, "unit_cost_likely"].to_numpy()).all()


def _full_menu_cost(indicators: pd.DataFrame, iso3: str) -> float:
    costs = costing.estimate_indicative_costs(
        indicators[indicators["iso3"] == iso3], iso3, MENU, SCALING)
    return float(costs["indicative_cost_usd"].sum())


def test_a_large_caseload_costs_more_than_a_small_country_without_one() -> None:
    """Issue 17: Kenya (~836,000 refugees and asylum seekers) no longer costs
    less than small countries with no caseload; the Philippines (6 million
    emigrants) not less than half of Portugal. Same menu (all 23 objectives).

    Small, no caseload: under 3 million people, under 2,000 refugees and
    asylum seekers, under 200,000 migrants. In volume (every country at the
    reference price level) Kenya costs more than each; at their own prices it
    costs more than each of them in its income group or poorer (a rich
    micro-state's prices are up to five times Kenya's: S01).
    """
    indicators = io.read_processed("country_indicators")
    indicators = indicators[indicators["indicator"].isin(
        ["gdp_per_capita_usd", *{i for v in QUANTITY_DRIVERS.values() for i in v}])]
    latest = latest_values(indicators, with_skipped=False).pivot(
        index="iso3", columns="indicator", values="value")
    small = latest[(latest["population"] < 3e6)
                   & (latest["refugees_asylum_seekers_hosted"].fillna(0) < 2_000)
                   & (latest["migrant_stock"] < 2e5)
                   & latest["gdp_per_capita_usd"].notna()].index
    assert len(small) >= 20
    same_prices = indicators.assign(value=indicators["value"].where(
        indicators["indicator"] != "gdp_per_capita_usd", 10_000.0))
    kenya = _full_menu_cost(same_prices, "KEN")
    assert kenya > max(_full_menu_cost(same_prices, i) for i in small)
    groups = io.read_processed("countries").set_index("iso3")["wb_income_group"]
    peers = [i for i in small
             if groups.get(i) in ("Low income", "Lower middle income")]
    assert len(peers) >= 8
    kenya = _full_menu_cost(indicators, "KEN")
    dearest = max(_full_menu_cost(indicators, i) for i in peers)
    assert kenya > dearest, (kenya, dearest)
    assert _full_menu_cost(indicators, "PHL") >= 0.5 * _full_menu_cost(
        indicators, "PRT")


def _range(plan, **shared):
    draws = costing.simulate_budget(plan, n_draws=4000, seed=7, **shared)
    totals = draws.groupby("draw")["amount_constant"].sum()
    return draws, np.percentile(totals, [10, 50, 90])


def test_shared_factors_widen_the_band_and_stay_reproducible() -> None:
    indicators = panel({"SEN": BASE | {"refugees_asylum_seekers_hosted": 1e5}})
    starter = costing_io.build_starter_plan("SEN", [1, 7, 13, 15], indicators,
                                            2027, 3)
    scaling = costing_io.read_cost_scaling()
    shared = {"price_level_sd": scaling["shared_price_level_sd"],
              "quantity_scale_sd": scaling["shared_quantity_scale_sd"]}
    _, independent = _range(starter)
    draws, correlated = _range(starter, **shared)
    width = lambda p: (p[2] - p[0]) / p[1]  # noqa: E731
    assert width(correlated) > 2 * width(independent)
    again, _ = _range(starter, **shared)
    pd.testing.assert_frame_equal(draws, again)  # seeded
    with pytest.raises(ValueError, match=">= 0"):
        costing.simulate_budget(starter, n_draws=10, price_level_sd=-0.1)


def test_the_deterministic_total_says_where_it_sits_among_the_draws() -> None:
    indicators = panel({"SEN": BASE})
    starter = costing_io.build_starter_plan("SEN", [1, 3], indicators, 2027, 2)
    tables = costing.compute_budget_tables(starter, n_draws=1000, seed=3,
                                           price_level_sd=0.15,
                                           quantity_scale_sd=0.2)
    row = tables["budget_uncertainty"].query(
        "scope == 'total' and price_basis == 'constant'").iloc[0]
    totals = tables["total_draws"]["amount"].to_numpy()
    assert row["deterministic"] == pytest.approx(
        tables["budget_summary"].set_index("component").at["total",
                                                            "amount_constant"])
    assert row["deterministic_percentile"] == pytest.approx(
        100 * (totals <= row["deterministic"]).mean(), abs=0.05)
    assert 0 < row["deterministic_percentile"] < 100
    facts = costing.describe_budget(tables, starter)
    assert facts["total_percentile"] == row["deterministic_percentile"]
    assert facts["p10"] < facts["p50"] < facts["p90"]


def test_the_assumptions_table_and_the_log_agree() -> None:
    """``assumptions.csv`` (the report's appendix) and the summary tables of
    docs/assumptions.md list the same assumptions with the same ratings."""
    from gcm_analysis import paths

    text = (paths.ROOT_DIR / "docs" / "assumptions.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[([A-Z]\d\d)\]\(#([a-z0-9-]+)\) \| (.+?) \| (.+?) \| "
                      r"(.+?) \|", text, flags=re.M)
    logged = {r[0]: (f"docs/assumptions.md#{r[1]}", r[3], r[4]) for r in rows}
    table = io.read_reference("assumptions")
    method = table[table["group"] == "method"]
    for row in method.itertuples():
        assert logged.get(row.assumption_id) == (row.doc_anchor, row.evidence,
                                                 row.impact), row.assumption_id
    assert {"Q02", "F01", "M03"} <= set(method["assumption_id"])
